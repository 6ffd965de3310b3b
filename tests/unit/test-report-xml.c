/* test-report-xml.c - the XML results: the hand-worked figures of tests/data/audit/small.csv at
 * the XPaths the issue names, validity against doc/results.xsd (and the schema's openness and
 * strictness), byte-identical output, escaping, and atomic writes. */
#include "config.h"
#include <criterion/criterion.h>
#include <glib/gstdio.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include "measure/result.h"
#include "qi/detect.h"
#include "report/xml.h"
#include "util/autocleanups.h"
#include "util/error.h"

#define SCHEMA TEST_DATA_DIR "/../../doc/results.xsd"
#define SMALL_SHA256 "359b9373fec7b0fee486bf580ed64e7a465090ee441096f91c6d95d3b823eb7c"

static void
add_qi (RrAuditResult *r, const char *name, RrQiType type, RrQiLevel level, guint64 distinct)
{
  RrQiSummary *s = g_new0 (RrQiSummary, 1);
  s->name = g_strdup (name);
  s->type = type;
  s->level = level;
  s->source = RR_QI_SOURCE_OPTION;
  s->n_distinct = distinct;
  g_ptr_array_add (r->qis, s);
}

static void
add_bin (RrAuditResult *r, guint64 size, guint64 n_classes)
{
  RrClassSizeCount c = { size, n_classes };
  g_array_append_val (r->size_distribution, c);
}

/* tests/data/audit/small.csv with --person pid --threshold 0.5
 * --qi postcode:postcode:district,date_of_birth:date:year,sex:sex, worked by hand in
 * tests/data/audit/README.md: classes {p1,p2} {p3} {p4} {p5,p6} {p7,p8}; 3 districts (LS6, LS7,
 * M1), 3 years (1975, 1980, 1981), 2 sexes. */
static RrAuditResult *
small_result (void)
{
  RrAuditResult *r = rr_audit_result_new ();
  r->version = g_strdup ("0.1.0");
  r->command_line = g_strdup ("reidrisk audit small.csv --person pid --threshold 0.5");
  r->as_of = g_strdup ("2021-01-01");
  r->threshold = 0.5;
  r->file = g_strdup ("tests/data/audit/small.csv");
  r->file_basename = g_strdup ("small.csv");
  r->sha256 = g_strdup (SMALL_SHA256);
  r->file_bytes = 348;
  r->records = 10;
  r->persons = 8;
  r->person_column = g_strdup ("pid");
  r->invalid_policy = g_strdup ("error");
  add_qi (r, "postcode", RR_QI_POSTCODE, RR_LEVEL_DISTRICT, 3);
  add_qi (r, "date_of_birth", RR_QI_DATE, RR_LEVEL_YEAR, 3);
  add_qi (r, "sex", RR_QI_SEX, RR_LEVEL_ASIS, 2);
  g_ptr_array_add (r->sensitive, g_strdup ("diagnosis"));
  r->n_classes = 5;
  r->min_class_size = 1;
  r->sample_uniques = 2;
  add_bin (r, 1, 2);
  add_bin (r, 2, 3);
  r->prosecutor = (RrRiskFigures){ 1.0, 5.0 / 8.0, 2.0 / 8.0 };
  return r;
}

static char *
dump (xmlDoc *doc)
{
  xmlChar *mem = NULL;
  int size = 0;
  xmlDocDumpFormatMemoryEnc (doc, &mem, &size, "UTF-8", 1);
  cr_assert_not_null (mem);
  char *out = g_strndup ((const char *) mem, (gsize) size);
  xmlFree (mem);
  return out;
}

static char *
xpath (xmlDoc *doc, const char *expr)
{
  xmlXPathContext *ctx = xmlXPathNewContext (doc);
  g_autofree char *wrapped = g_strdup_printf ("string(%s)", expr);
  xmlXPathObject *obj = xmlXPathEvalExpression (BAD_CAST wrapped, ctx);
  cr_assert_not_null (obj, "bad XPath %s", expr);
  char *out = g_strdup ((const char *) obj->stringval);
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
  return out;
}

static void
expect_xpath (xmlDoc *doc, const char *expr, const char *want)
{
  g_autofree char *got = xpath (doc, expr);
  cr_assert_str_eq (got, want, "%s: got '%s', want '%s'", expr, got, want);
}

/* 0 if valid, a positive libxml2 error number if not. */
static int
validate (xmlDoc *doc)
{
  xmlSchemaParserCtxt *pctx = xmlSchemaNewParserCtxt (SCHEMA);
  xmlSchema *schema = xmlSchemaParse (pctx);
  cr_assert_not_null (schema, "doc/results.xsd does not parse");
  xmlSchemaValidCtxt *vctx = xmlSchemaNewValidCtxt (schema);
  int status = xmlSchemaValidateDoc (vctx, doc);
  xmlSchemaFreeValidCtxt (vctx);
  xmlSchemaFree (schema);
  xmlSchemaFreeParserCtxt (pctx);
  return status;
}

static xmlDoc *
reparse (xmlDoc *doc)
{
  g_autofree char *text = dump (doc);
  xmlDoc *back = xmlReadMemory (text, (int) strlen (text), "results.xml", NULL, XML_PARSE_NONET);
  cr_assert_not_null (back, "output is not well-formed XML:\n%s", text);
  return back;
}

Test (report_xml, hand_worked_figures_at_the_issue_xpaths)
{
  g_autoptr (RrAuditResult) r = small_result ();
  g_autoptr (xmlDoc) built = rr_report_xml_build (r);
  g_autoptr (xmlDoc) doc = reparse (built);
  expect_xpath (doc, "/reidrisk/@version", "0.1.0");
  expect_xpath (doc, "/reidrisk/input/@file", "tests/data/audit/small.csv");
  expect_xpath (doc, "/reidrisk/input/@sha256", SMALL_SHA256);
  expect_xpath (doc, "/reidrisk/input/@records", "10");
  expect_xpath (doc, "/reidrisk/input/@persons", "8");
  expect_xpath (doc, "/reidrisk/input/@bytes", "348");
  expect_xpath (doc, "/reidrisk/input/@gzip", "false");
  expect_xpath (doc, "/reidrisk/input/@person-column", "pid");
  expect_xpath (doc, "/reidrisk/input/@inconsistent-persons", "0");
  expect_xpath (doc, "count(/reidrisk/qi)", "3");
  expect_xpath (doc, "/reidrisk/qi[1]/@name", "postcode");
  expect_xpath (doc, "/reidrisk/qi[1]/@type", "postcode");
  expect_xpath (doc, "/reidrisk/qi[1]/@level", "district");
  expect_xpath (doc, "/reidrisk/qi[2]/@level", "year");
  expect_xpath (doc, "/reidrisk/qi[3]/@level", "as-is");
  expect_xpath (doc, "/reidrisk/qi[2]/@source", "option");
  expect_xpath (doc, "/reidrisk/qi[3]/@distinct", "2");
  expect_xpath (doc, "/reidrisk/qi[3]/@missing", "0");
  expect_xpath (doc, "/reidrisk/sensitive/@name", "diagnosis");
  expect_xpath (doc, "/reidrisk/classes/@count", "5");
  expect_xpath (doc, "/reidrisk/classes/@min-size", "1");
  expect_xpath (doc, "/reidrisk/classes/@sample-uniques", "2");
  expect_xpath (doc, "count(/reidrisk/classes/size-distribution/bin)", "2");
  expect_xpath (doc, "/reidrisk/classes/size-distribution/bin[@size='2']/@classes", "3");
  expect_xpath (doc, "/reidrisk/risk[@model='prosecutor']/@max", "1");
  expect_xpath (doc, "/reidrisk/risk[@model='prosecutor']/@mean", "0.625");
  expect_xpath (doc, "/reidrisk/risk[@model='prosecutor']/@records-at-risk", "0.25");
  expect_xpath (doc, "/reidrisk/risk[@model='prosecutor']/@threshold", "0.5");
  expect_xpath (doc, "/reidrisk/run/@as-of", "2021-01-01");
  expect_xpath (doc, "/reidrisk/run/@command-line",
                "reidrisk audit small.csv --person pid --threshold 0.5");
}

Test (report_xml, validates_against_the_schema)
{
  g_autoptr (RrAuditResult) r = small_result ();
  g_autoptr (xmlDoc) doc = rr_report_xml_build (r);
  cr_assert_eq (validate (doc), 0);
}

/* The golden file was checked by hand against the figures above; any change to the format
 * shows here first. */
Test (report_xml, same_result_gives_the_golden_bytes)
{
  g_autoptr (RrAuditResult) r1 = small_result ();
  g_autoptr (RrAuditResult) r2 = small_result ();
  g_autoptr (xmlDoc) d1 = rr_report_xml_build (r1);
  g_autoptr (xmlDoc) d2 = rr_report_xml_build (r2);
  g_autofree char *t1 = dump (d1);
  g_autofree char *t2 = dump (d2);
  cr_assert_str_eq (t1, t2);
  g_autofree char *golden = NULL;
  cr_assert (g_file_get_contents (TEST_DATA_DIR "/report/small.xml", &golden, NULL, NULL));
  cr_assert_str_eq (t1, golden);
}

Test (report_xml, threshold_is_written_in_its_shortest_exact_form)
{
  g_autoptr (RrAuditResult) r = small_result ();
  r->threshold = 0.09;
  r->prosecutor.mean = 1.0 / 3.0;
  g_autoptr (xmlDoc) doc = rr_report_xml_build (r);
  expect_xpath (doc, "/reidrisk/risk/@threshold", "0.09");
  g_autofree char *mean = xpath (doc, "/reidrisk/risk/@mean");
  double back = g_ascii_strtod (mean, NULL);
  double want = 1.0 / 3.0;
  cr_assert (memcmp (&back, &want, sizeof back) == 0, "mean %s does not read back as 1/3", mean);
}

Test (report_xml, markup_in_values_round_trips_as_text)
{
  static const char nasty[] = "a<b&\"c'>";
  g_autoptr (RrAuditResult) r = small_result ();
  RrQiSummary *s = g_ptr_array_index (r->qis, 0);
  g_free (s->name);
  s->name = g_strdup (nasty);
  g_free (r->file);
  r->file = g_strdup ("<script>alert(1)</script>.csv");
  g_autoptr (xmlDoc) built = rr_report_xml_build (r);
  g_autofree char *text = dump (built);
  cr_assert_not_null (strstr (text, "name=\"a&lt;b&amp;&quot;c'&gt;\""), "%s", text);
  cr_assert_null (strstr (text, "<script"));
  g_autoptr (xmlDoc) doc = reparse (built);
  expect_xpath (doc, "/reidrisk/qi[1]/@name", nasty);
  expect_xpath (doc, "/reidrisk/input/@file", "<script>alert(1)</script>.csv");
  cr_assert_eq (validate (doc), 0);
}

Test (report_xml, characters_xml_cannot_hold_become_replacement_characters)
{
  g_autoptr (RrAuditResult) r = small_result ();
  RrQiSummary *s = g_ptr_array_index (r->qis, 2);
  g_free (s->name);
  s->name = g_strdup ("se\x01x\xff");
  g_autoptr (xmlDoc) built = rr_report_xml_build (r);
  g_autoptr (xmlDoc) doc = reparse (built);
  expect_xpath (doc, "/reidrisk/qi[3]/@name", "se\xef\xbf\xbdx\xef\xbf\xbd");
}

Test (report_xml, unset_optional_parts_are_left_out)
{
  g_autoptr (RrAuditResult) r = small_result ();
  g_clear_pointer (&r->person_column, g_free);
  g_ptr_array_set_size (r->sensitive, 0);
  g_autoptr (xmlDoc) doc = rr_report_xml_build (r);
  expect_xpath (doc, "count(/reidrisk/input/@person-column)", "0");
  expect_xpath (doc, "count(/reidrisk/input/@inconsistent-lines)", "0");
  expect_xpath (doc, "count(/reidrisk/detected)", "0");
  expect_xpath (doc, "count(/reidrisk/sensitive)", "0");
  cr_assert_eq (validate (doc), 0);
}

static void
add_detection (RrAuditResult *r, const char *column, guint index, const char *kind,
               RrQiType type, RrQiSource source, gboolean direct, const char *reason)
{
  RrQiDetection *d = g_new0 (RrQiDetection, 1);
  d->column = g_strdup (column);
  d->index = index;
  d->kind = g_strdup (kind);
  d->type = type;
  d->source = source;
  d->direct_identifier = direct;
  d->reason = g_strdup (reason);
  g_ptr_array_add (r->detections, d);
}

/* tests/data/audit/moved.csv: p1 moves on line 3; recognition without --qi. */
Test (report_xml, detections_and_inconsistent_lines)
{
  g_autoptr (RrAuditResult) r = small_result ();
  r->inconsistent_persons = 2;
  guint64 lines[] = { 3, 17 };
  g_array_append_vals (r->inconsistent_lines, lines, 2);
  r->gzip = TRUE;
  r->delimiter = '\t';
  add_detection (r, "postcode", 1, "postcode", RR_QI_POSTCODE, RR_QI_SOURCE_HEADER, FALSE,
                 "header 'postcode'");
  add_detection (r, "nhs", 6, "nhs-number", RR_QI_NUMBER, RR_QI_SOURCE_CONTENT, TRUE,
                 "97% of 1000 sampled values are valid NHS numbers");
  g_autoptr (xmlDoc) doc = rr_report_xml_build (r);
  cr_assert_eq (validate (doc), 0);
  expect_xpath (doc, "/reidrisk/input/@inconsistent-persons", "2");
  expect_xpath (doc, "/reidrisk/input/@inconsistent-lines", "3 17");
  expect_xpath (doc, "/reidrisk/input/@gzip", "true");
  expect_xpath (doc, "/reidrisk/input/@delimiter", "tab");
  expect_xpath (doc, "count(/reidrisk/detected/column)", "2");
  expect_xpath (doc, "/reidrisk/detected/column[1]/@name", "postcode");
  expect_xpath (doc, "/reidrisk/detected/column[1]/@kind", "postcode");
  expect_xpath (doc, "/reidrisk/detected/column[1]/@type", "postcode");
  expect_xpath (doc, "/reidrisk/detected/column[1]/@source", "header");
  expect_xpath (doc, "/reidrisk/detected/column[1]/@reason", "header 'postcode'");
  expect_xpath (doc, "/reidrisk/detected/column[1]/@direct-identifier", "false");
  expect_xpath (doc, "/reidrisk/detected/column[2]/@index", "6");
  expect_xpath (doc, "/reidrisk/detected/column[2]/@direct-identifier", "true");
  expect_xpath (doc, "count(/reidrisk/detected/column[2]/@type)", "0");
}

static int
validate_file (const char *name)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "report", name, NULL);
  g_autoptr (xmlDoc) doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
  cr_assert_not_null (doc, "%s does not parse", path);
  return validate (doc);
}

/* Later issues add elements after the prosecutor risk and attributes anywhere. */
Test (report_xml, schema_accepts_later_elements_and_attributes)
{
  cr_assert_eq (validate_file ("later.xml"), 0);
}

Test (report_xml, schema_rejects_what_it_should)
{
  cr_assert_gt (validate_file ("no-risk.xml"), 0);
  cr_assert_gt (validate_file ("share-above-one.xml"), 0);
  cr_assert_gt (validate_file ("bad-count.xml"), 0);
}

Test (report_xml, write_puts_the_built_bytes_in_place)
{
  g_autoptr (RrAuditResult) r = small_result ();
  g_autofree char *dir = g_dir_make_tmp ("report-xml-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "r.xml", NULL);
  g_autoptr (GError) error = NULL;
  cr_assert (rr_report_xml_write (r, path, &error));
  g_autofree char *written = NULL;
  cr_assert (g_file_get_contents (path, &written, NULL, NULL));
  g_autoptr (xmlDoc) doc = rr_report_xml_build (r);
  g_autofree char *built = dump (doc);
  cr_assert_str_eq (written, built);
  g_unlink (path);
  g_rmdir (dir);
}

Test (report_xml, write_into_a_missing_directory_is_an_io_error)
{
  g_autoptr (RrAuditResult) r = small_result ();
  g_autoptr (GError) error = NULL;
  cr_assert_not (rr_report_xml_write (r, "/nonexistent-reidrisk-dir/r.xml", &error));
  cr_assert_not_null (error);
  cr_assert_eq (error->domain, RR_ERROR);
  cr_assert_eq (error->code, RR_ERROR_IO);
  cr_assert_not_null (strstr (error->message, "/nonexistent-reidrisk-dir/r.xml"));
}
