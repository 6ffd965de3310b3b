/* test-report-html.c - the HTML report and its SVG chart: the plain-words summary and the chart's
 * bins against hand-worked figures, escaping of data values, self-containedness, heading order,
 * table header scopes, the text alternative, byte-identical output, and atomic writes. */
#include "config.h"
#include <criterion/criterion.h>
#include <glib/gstdio.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include "measure/result.h"
#include "qi/detect.h"
#include "report/html.h"
#include "report/svg.h"
#include "util/autocleanups.h"
#include "util/error.h"

static void
add_qi (RrAuditResult *r, const char *name, RrQiType type, RrQiLevel level)
{
  RrQiSummary *s = g_new0 (RrQiSummary, 1);
  s->name = g_strdup (name);
  s->type = type;
  s->level = level;
  s->source = RR_QI_SOURCE_OPTION;
  s->n_distinct = 1187;
  s->n_missing = 23;
  g_ptr_array_add (r->qis, s);
}

static void
add_bin (RrAuditResult *r, guint64 size, guint64 n_classes)
{
  RrClassSizeCount c = { size, n_classes };
  g_array_append_val (r->size_distribution, c);
}

/* A release of 50,000 people, worked by hand.  Classes (size x count): 1 x 12345, 2 x 4000,
 * 3 x 2000, 4 x 1000, 7 x 1000, 12 x 500, 30 x 100, 56 x 1, 61 x 59.  People per chart bin:
 * 1: 12,345; 2: 8,000; 3: 6,000; 4: 4,000; 5-9: 7,000; 10-19: 6,000; 20-49: 3,000;
 * 50+: 56 + 3,599 = 3,655 in 60 groups; total 50,000 in C = 21,005 classes.  Mean risk
 * C/n = 0.4201.  Threshold 0.09: 1/f > 0.09 for f <= 11, i.e. sizes 1, 2, 3, 4, 7:
 * 12345 + 8000 + 6000 + 4000 + 7000 = 37,345 people, share 0.7469. */
static RrAuditResult *
board_result (void)
{
  RrAuditResult *r = rr_audit_result_new ();
  r->version = g_strdup ("0.1.0");
  r->command_line = g_strdup ("reidrisk audit release.csv.gz --person pseudonym --qi "
                              "postcode:postcode:sector,date_of_birth:date:year,sex:sex,"
                              "ethnicity:category --html report.html");
  r->as_of = g_strdup ("2021-01-01");
  r->threshold = 0.09;
  r->file = g_strdup ("exports/release.csv.gz");
  r->file_basename = g_strdup ("release.csv.gz");
  r->sha256 = g_strdup ("0f3a9c61d2b4e8f70a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071");
  r->file_bytes = 1048583;
  r->gzip = TRUE;
  r->records = 61234;
  r->persons = 50000;
  r->person_column = g_strdup ("pseudonym");
  r->inconsistent_persons = 2;
  guint64 lines[] = { 3, 17 };
  g_array_append_vals (r->inconsistent_lines, lines, 2);
  r->invalid_policy = g_strdup ("error");
  add_qi (r, "postcode", RR_QI_POSTCODE, RR_LEVEL_SECTOR);
  add_qi (r, "date_of_birth", RR_QI_DATE, RR_LEVEL_YEAR);
  add_qi (r, "sex", RR_QI_SEX, RR_LEVEL_ASIS);
  add_qi (r, "ethnicity", RR_QI_CATEGORY, RR_LEVEL_ASIS);
  r->n_classes = 21005;
  r->min_class_size = 1;
  r->sample_uniques = 12345;
  static const guint64 sizes[][2] = { { 1, 12345 }, { 2, 4000 }, { 3, 2000 }, { 4, 1000 },
                                      { 7, 1000 },  { 12, 500 }, { 30, 100 }, { 56, 1 },
                                      { 61, 59 } };
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    add_bin (r, sizes[i][0], sizes[i][1]);
  r->prosecutor = (RrRiskFigures){ 1.0, 21005.0 / 50000.0, 37345.0 / 50000.0 };
  return r;
}

/* Nine people in three classes of three, on sex alone: no one is unique. */
static RrAuditResult *
no_unique_result (void)
{
  RrAuditResult *r = rr_audit_result_new ();
  r->version = g_strdup ("0.1.0");
  r->threshold = 0.5;
  r->file = g_strdup ("nine.csv");
  r->file_basename = g_strdup ("nine.csv");
  r->records = r->persons = 9;
  add_qi (r, "sex", RR_QI_SEX, RR_LEVEL_ASIS);
  r->n_classes = 3;
  r->min_class_size = 3;
  add_bin (r, 3, 3);
  r->prosecutor = (RrRiskFigures){ 1.0 / 3.0, 3.0 / 9.0, 0.0 };
  return r;
}

static char *
dump (xmlDoc *doc)
{
  xmlOutputBuffer *out = xmlAllocOutputBuffer (NULL);
  htmlDocContentDumpFormatOutput (out, doc, NULL, 1);
  xmlOutputBufferFlush (out);
  char *text = g_strndup ((const char *) xmlOutputBufferGetContent (out),
                          xmlOutputBufferGetSize (out));
  xmlOutputBufferClose (out);
  return text;
}

/* The page as written by rr_report_html_write. */
static char *
written (const RrAuditResult *r)
{
  g_autofree char *dir = g_dir_make_tmp ("report-html-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "r.html", NULL);
  g_autoptr (GError) error = NULL;
  cr_assert (rr_report_html_write (r, path, &error), "%s", error ? error->message : "");
  char *text = NULL;
  cr_assert (g_file_get_contents (path, &text, NULL, NULL));
  g_unlink (path);
  g_rmdir (dir);
  return text;
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

Test (report_html, headline_states_the_uniques_in_plain_words)
{
  g_autoptr (RrAuditResult) r = board_result ();
  g_autoptr (xmlDoc) doc = rr_report_html_build (r);
  expect_xpath (doc, "//p[@class='headline']",
                "12,345 of the 50,000 people in this release (24.7%) are unique on postcode "
                "(sector), date_of_birth (year), sex and ethnicity: anyone who knows those four "
                "facts about them can pick out their record.");
}

Test (report_html, headline_when_no_one_is_unique)
{
  g_autoptr (RrAuditResult) r = no_unique_result ();
  g_autoptr (xmlDoc) doc = rr_report_html_build (r);
  expect_xpath (doc, "//p[@class='headline']",
                "None of the 9 people in this release is unique on sex: everyone shares that "
                "value with at least 2 other people.");
  expect_xpath (doc, "//section[@id='summary' or @aria-labelledby='summary']/@class",
                "summary calm");
}

Test (report_html, key_figures_match_the_hand_worked_release)
{
  g_autoptr (RrAuditResult) r = board_result ();
  g_autoptr (xmlDoc) doc = rr_report_html_build (r);
  expect_xpath (doc, "//div[dt='Unique people']/dd[@class='value']", "24.7%");
  expect_xpath (doc, "//div[dt='Unique people']/dd[@class='note']", "12,345 of 50,000 people");
  expect_xpath (doc, "//div[dt='Highest risk']/dd[@class='value']", "100.0%");
  expect_xpath (doc, "//div[dt='Average risk']/dd[@class='value']", "42.0%");
  expect_xpath (doc, "//div[dt='At risk']/dd[@class='value']", "74.7%");
  expect_xpath (doc, "//div[dt='Smallest group']/dd[@class='value']", "k = 1");
  expect_xpath (doc, "//ul[@class='points']/li[3]",
                "37,345 of the 50,000 people (74.7%) have a risk above the threshold of 0.09 "
                "and so count as at risk.");
  expect_xpath (doc, "//section[@aria-labelledby='summary']/@class", "summary alert");
}

Test (report_html, chart_bins_count_people_per_group_size)
{
  g_autoptr (RrAuditResult) r = board_result ();
  g_autoptr (xmlDoc) doc = rr_report_html_build (r);
  static const char *const want[][4] = {
    { "1", "12,345", "12,345", "24.7%" }, { "2", "4,000", "8,000", "16.0%" },
    { "3", "2,000", "6,000", "12.0%" },   { "4", "1,000", "4,000", "8.0%" },
    { "5\u20139", "1,000", "7,000", "14.0%" }, { "10\u201319", "500", "6,000", "12.0%" },
    { "20\u201349", "100", "3,000", "6.0%" },  { "50+", "60", "3,655", "7.3%" },
  };
  expect_xpath (doc, "count(//table[caption]/tbody/tr)", "8");
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    for (guint c = 0; c < 4; c++)
      {
        g_autofree char *expr = g_strdup_printf ("//table[caption]/tbody/tr[%u]/*[%u]", i + 1,
                                                 c + 1);
        expect_xpath (doc, expr, want[i][c]);
      }
}

Test (report_html, chart_is_inline_svg_with_a_text_alternative)
{
  g_autoptr (RrAuditResult) r = board_result ();
  g_autoptr (xmlDoc) doc = rr_report_html_build (r);
  expect_xpath (doc, "count(//figure/svg[@role='img'])", "1");
  expect_xpath (doc, "//svg/@aria-labelledby", "size-chart-title size-chart-desc");
  expect_xpath (doc, "//svg/title[@id='size-chart-title']",
                "People by the size of the group that shares their values");
  g_autofree char *desc = xpath (doc, "//svg/desc[@id='size-chart-desc']");
  cr_assert_not_null (strstr (desc, "Groups of 1: 12,345 people (24.7%); groups of 2: 8,000"),
                      "%s", desc);
  cr_assert_not_null (strstr (desc, "groups of 50+: 3,655 people (7.3%)."), "%s", desc);
  expect_xpath (doc, "count(//svg//rect)", "8");
  expect_xpath (doc, "//svg//rect[1]/title", "Groups of 1: 12,345 people");
  expect_xpath (doc, "count(//svg//text[.='People'])", "1");
  expect_xpath (doc, "count(//svg//text[.='Group size: people sharing the same values'])", "1");
}

Test (report_html, markup_in_names_is_escaped_text)
{
  static const char evil[] = "<script>alert(1)</script>";
  g_autoptr (RrAuditResult) r = board_result ();
  RrQiSummary *s = g_ptr_array_index (r->qis, 0);
  g_free (s->name);
  s->name = g_strdup (evil);
  g_free (r->file), g_free (r->file_basename), g_free (r->person_column);
  r->file = g_strdup (evil);
  r->file_basename = g_strdup (evil);
  r->person_column = g_strdup ("a<b&\"c");
  g_autofree char *html = written (r);
  g_autofree char *lower = g_ascii_strdown (html, -1);
  cr_assert_null (strstr (lower, "<script"));
  cr_assert_not_null (strstr (html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_autoptr (xmlDoc) doc = htmlReadMemory (html, (int) strlen (html), "r.html", "UTF-8",
                                           HTML_PARSE_NONET | HTML_PARSE_NOERROR
                                             | HTML_PARSE_NOWARNING);
  cr_assert_not_null (doc);
  expect_xpath (doc, "count(//script)", "0");
  expect_xpath (doc, "//section[@aria-labelledby='qis']//tbody/tr[1]/th", evil);
  expect_xpath (doc, "//h1", "Re-identification risk of <script>alert(1)</script>");
  expect_xpath (doc, "//tr[th='Person column']/td", "a<b&\"c");
}

Test (report_html, nothing_is_loaded_from_outside)
{
  g_autoptr (RrAuditResult) r = board_result ();
  g_autofree char *html = written (r);
  g_autofree char *lower = g_ascii_strdown (html, -1);
  static const char *const banned[] = { "http://", "https://", " src=", "<script", "<link",
                                        "@import", "url(", "@font-face" };
  for (guint i = 0; i < G_N_ELEMENTS (banned); i++)
    cr_assert_null (strstr (lower, banned[i]), "the page holds '%s'", banned[i]);
  /* Links only within the page (the table of contents). */
  for (const char *h = strstr (lower, " href="); h != NULL; h = strstr (h + 1, " href="))
    cr_assert (g_str_has_prefix (h, " href=\"#"), "an outside link: %.40s", h);
}

Test (report_html, headings_are_in_order)
{
  g_autoptr (RrAuditResult) r = board_result ();
  RrQiDetection *d = g_new0 (RrQiDetection, 1);
  d->column = g_strdup ("postcode");
  d->kind = g_strdup ("postcode");
  d->reason = g_strdup ("header 'postcode'");
  g_ptr_array_add (r->detections, d);
  g_ptr_array_add (r->sensitive, g_strdup ("diagnosis"));
  g_autoptr (xmlDoc) doc = rr_report_html_build (r);
  xmlXPathContext *ctx = xmlXPathNewContext (doc);
  xmlXPathObject *obj = xmlXPathEvalExpression (BAD_CAST "//h1|//h2|//h3|//h4|//h5|//h6", ctx);
  xmlNodeSet *set = obj->nodesetval;
  g_autoptr (GString) h2s = g_string_new (NULL);
  int previous = 0;
  for (int i = 0; i < set->nodeNr; i++)
    {
      int level = set->nodeTab[i]->name[1] - '0';
      cr_assert (i == 0 ? level == 1 : level >= 2 && level <= previous + 1,
                 "heading %d is h%d after h%d", i, level, previous);
      previous = level;
      if (level == 2)
        {
          xmlChar *text = xmlNodeGetContent (set->nodeTab[i]);
          g_string_append_printf (h2s, "%s|", (const char *) text);
          xmlFree (text);
        }
    }
  cr_assert_str_eq (h2s->str, "Verdict|Contents|Summary|How many people share their values|"
                              "Quasi-identifiers|"
                              "Method|Inputs and run|");
  expect_xpath (doc, "count(//h3)", "2");
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
}

Test (report_html, every_header_cell_has_a_scope)
{
  g_autoptr (RrAuditResult) r = board_result ();
  g_autoptr (xmlDoc) doc = rr_report_html_build (r);
  expect_xpath (doc, "count(//th[not(@scope)])", "0");
  expect_xpath (doc, "count(//thead/tr/th[@scope='col'])", "13");
  expect_xpath (doc, "count(//tbody/tr/th[@scope='row'])", "24");
}

Test (report_html, declares_and_writes_utf8_with_a_print_stylesheet)
{
  g_autoptr (RrAuditResult) r = board_result ();
  g_autofree char *html = written (r);
  cr_assert (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"en\">"));
  cr_assert_not_null (strstr (html, "<meta charset=\"utf-8\">"));
  cr_assert_not_null (strstr (html, ">5\xe2\x80\x93" "9<"), "the en dash is not UTF-8");
  cr_assert (g_utf8_validate (html, -1, NULL));
  cr_assert_not_null (strstr (html, "@media print"));
  cr_assert_not_null (strstr (html, "@page{size:A4"));
}

Test (report_html, same_result_gives_identical_bytes)
{
  g_autoptr (RrAuditResult) r1 = board_result ();
  g_autoptr (RrAuditResult) r2 = board_result ();
  g_autofree char *t1 = written (r1);
  g_autofree char *t2 = written (r2);
  cr_assert_str_eq (t1, t2);
  g_autoptr (xmlDoc) doc = rr_report_html_build (r1);
  g_autofree char *built = dump (doc);
  cr_assert_str_eq (t1, built);
}

Test (report_html, direct_identifier_is_flagged_in_the_summary)
{
  g_autoptr (RrAuditResult) r = board_result ();
  RrQiDetection *d = g_new0 (RrQiDetection, 1);
  d->column = g_strdup ("nhs_no");
  d->kind = g_strdup ("nhs-number");
  d->source = RR_QI_SOURCE_CONTENT;
  d->direct_identifier = TRUE;
  d->reason = g_strdup ("97% of 1000 sampled values are valid NHS numbers");
  g_ptr_array_add (r->detections, d);
  g_autoptr (xmlDoc) doc = rr_report_html_build (r);
  g_autofree char *warning = xpath (doc, "//section[@aria-labelledby='summary']/p[@class='warning']");
  cr_assert_not_null (strstr (warning, "Column \u201cnhs_no\u201d holds direct identifiers"),
                      "%s", warning);
  expect_xpath (doc, "//tr[th='nhs_no']/td[4]", "direct identifier: not audited");
  expect_xpath (doc, "//tr[th='nhs_no']/td[2]", "content");
}

Test (report_html, inputs_and_run_are_listed)
{
  g_autoptr (RrAuditResult) r = board_result ();
  g_autoptr (xmlDoc) doc = rr_report_html_build (r);
  expect_xpath (doc, "//tr[th='File']/td", "exports/release.csv.gz");
  expect_xpath (doc, "//tr[th='SHA-256']/td", r->sha256);
  expect_xpath (doc, "//tr[th='Size and format']/td", "1,048,583 bytes, CSV, gzip-compressed");
  expect_xpath (doc, "//tr[th='Records (rows)']/td", "61,234");
  expect_xpath (doc, "//tr[th='People']/td", "50,000");
  expect_xpath (doc, "//tr[th='Person column']/td", "pseudonym");
  expect_xpath (doc, "//tr[th='People whose values differ between rows']/td",
                "2 (first at lines 3, 17)");
  expect_xpath (doc, "//tr[th='Ages as of']/td", "2021-01-01");
  expect_xpath (doc, "//tr[th='Risk threshold']/td", "0.09");
  expect_xpath (doc, "//tr[th='reidrisk version']/td", "0.1.0");
  expect_xpath (doc, "//tr[th='Command line']/td/code", r->command_line);
}

Test (report_html, method_gives_the_formulas)
{
  g_autoptr (RrAuditResult) r = board_result ();
  g_autoptr (xmlDoc) doc = rr_report_html_build (r);
  expect_xpath (doc, "count(//p[@class='formula'])", "4");
  expect_xpath (doc, "//p[@class='formula'][1]", "risk" "i" " = 1 / f" "k"
                                                 "   (person i in class k)");
  expect_xpath (doc, "//p[@class='formula'][1]/sub[2]", "k");
  expect_xpath (doc, "//p[@class='formula'][3]", "average risk = (1/n) \u03a3 risk" "i"
                                                 " = C / n");
}

Test (report_html, empty_release_says_so)
{
  g_autoptr (RrAuditResult) r = no_unique_result ();
  r->persons = r->records = r->n_classes = r->min_class_size = 0;
  g_array_set_size (r->size_distribution, 0);
  r->prosecutor = (RrRiskFigures){ 0.0, 0.0, 0.0 };
  g_autoptr (xmlDoc) doc = rr_report_html_build (r);
  expect_xpath (doc, "//p[@class='headline']",
                "This release holds no people, so no one in it can be picked out.");
  expect_xpath (doc, "//div[dt='Unique people']/dd[@class='value']", "n/a");
  expect_xpath (doc, "//table[caption]/tbody/tr[1]/td[3]", "n/a");
}

Test (report_html, write_into_a_missing_directory_is_an_io_error)
{
  g_autoptr (RrAuditResult) r = board_result ();
  g_autoptr (GError) error = NULL;
  cr_assert_not (rr_report_html_write (r, "/nonexistent-reidrisk-dir/r.html", &error));
  cr_assert_not_null (error);
  cr_assert_eq (error->domain, RR_ERROR);
  cr_assert_eq (error->code, RR_ERROR_IO);
}

/* ---- the SVG chart on its own ---- */

Test (svg, axis_steps_are_1_2_5_times_a_power_of_ten)
{
  static const guint64 cases[][3] = {
    /* max, step, top: step is the least of 1, 2, 5, 10, ... with 5 steps reaching max */
    { 0, 1, 1 },         { 1, 1, 1 },         { 5, 1, 5 },          { 6, 2, 6 },
    { 7, 2, 8 },         { 11, 5, 15 },       { 26, 10, 30 },       { 101, 50, 150 },
    { 12345, 5000, 15000 }, { 50001, 20000, 60000 },
    { G_MAXUINT64, G_GUINT64_CONSTANT (5000000000000000000), G_MAXUINT64 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint64 step = 0, top = 0;
      rr_svg_axis_scale (cases[i][0], &step, &top);
      cr_assert_eq (step, cases[i][1], "max %" G_GUINT64_FORMAT ": step %" G_GUINT64_FORMAT,
                    cases[i][0], step);
      cr_assert_eq (top, cases[i][2], "max %" G_GUINT64_FORMAT ": top %" G_GUINT64_FORMAT,
                    cases[i][0], top);
    }
}

static xmlDoc *
chart_doc (const RrSvgBar *bars, guint n_bars)
{
  xmlDoc *doc = htmlNewDocNoDtD (NULL, NULL);
  xmlNode *body = xmlNewDocNode (doc, NULL, BAD_CAST "body", NULL);
  xmlDocSetRootElement (doc, body);
  RrSvgChartText text = { "c", "T", "D", "X", "Y" };
  cr_assert_not_null (rr_svg_bar_chart_add (body, &text, bars, n_bars));
  return doc;
}

/* Values 3, 6, 0 on an axis of 0..6 (step 2): the plot is 246 units high (24 to 270), so the
 * bars are 123, 246 and 0 high. */
Test (svg, bar_heights_are_proportional_to_values)
{
  RrSvgBar bars[] = { { "a", 3, "#000", NULL }, { "b", 6, "#111", NULL }, { "c", 0, "#222", NULL } };
  g_autoptr (xmlDoc) doc = chart_doc (bars, 3);
  expect_xpath (doc, "//rect[1]/@height", "123.0");
  expect_xpath (doc, "//rect[2]/@height", "246.0");
  expect_xpath (doc, "//rect[3]/@height", "0.0");
  expect_xpath (doc, "//rect[2]/@y", "24.0");
  expect_xpath (doc, "//rect[1]/title", "a: 3");
  expect_xpath (doc, "count(/body/svg/g[1]/text)", "4");
  expect_xpath (doc, "/body/svg/g[1]/text[4]", "6");
}

Test (svg, labels_are_escaped_text)
{
  RrSvgBar bars[] = { { "<b>&", 2385, "#000", NULL } };
  g_autoptr (xmlDoc) doc = chart_doc (bars, 1);
  g_autofree char *text = dump (doc);
  cr_assert_not_null (strstr (text, ">&lt;b&gt;&amp;<"), "%s", text);
  cr_assert_not_null (strstr (text, ">2,385<"), "%s", text);
}
