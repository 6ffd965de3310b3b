/* xml.c - writes an RrAuditResult as the <reidrisk> XML results (report stage).  Element and
 * attribute names are fixed by doc/results.xsd; their meaning is in doc/results.md. */
#include "config.h"
#include "report/xml.h"
#include "qi/detect.h"
#include "report/format.h"
#include "report/scan-xml.h"
#include "report/xml-population.h"
#include "report/xml-attack.h"
#include "report/xml-decision.h"
#include "util/autocleanups.h"
#include "util/error.h"
#include "util/output.h"

static void
set_str (xmlNode *node, const char *name, const char *value)
{
  if (value == NULL)
    return;
  g_autofree char *text = rr_format_text (value);
  xmlNewProp (node, BAD_CAST name, BAD_CAST text);
}

static void
set_u64 (xmlNode *node, const char *name, guint64 value)
{
  char text[24];
  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, value);
  xmlNewProp (node, BAD_CAST name, BAD_CAST text);
}

static void
set_double (xmlNode *node, const char *name, double value)
{
  g_autofree char *text = rr_format_double (value);
  xmlNewProp (node, BAD_CAST name, BAD_CAST text);
}

static void
set_bool (xmlNode *node, const char *name, gboolean value)
{
  xmlNewProp (node, BAD_CAST name, BAD_CAST (value ? "true" : "false"));
}

static xmlNode *
add (xmlNode *parent, const char *name)
{
  return xmlNewChild (parent, NULL, BAD_CAST name, NULL);
}

static void
add_run (xmlNode *root, const RrAuditResult *r)
{
  xmlNode *run = add (root, "run");
  set_str (run, "as-of", r->as_of);
  set_str (run, "command-line", r->command_line);
  set_str (run, "invalid-policy", r->invalid_policy);
}

static char *
join_lines (const GArray *lines)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s%" G_GUINT64_FORMAT, i > 0 ? " " : "",
                            g_array_index (lines, guint64, i));
  return g_string_free (out, FALSE);
}

static void
add_input (xmlNode *root, const RrAuditResult *r)
{
  xmlNode *input = add (root, "input");
  set_str (input, "file", r->file);
  set_str (input, "sha256", r->sha256);
  set_u64 (input, "bytes", r->file_bytes);
  set_bool (input, "gzip", r->gzip);
  set_str (input, "delimiter", r->delimiter == '\t' ? "tab" : "comma");
  set_u64 (input, "records", r->records);
  set_u64 (input, "persons", r->persons);
  set_str (input, "person-column", r->person_column);
  set_u64 (input, "inconsistent-persons", r->inconsistent_persons);
  if (r->inconsistent_lines->len > 0)
    {
      g_autofree char *lines = join_lines (r->inconsistent_lines);
      set_str (input, "inconsistent-lines", lines);
    }
}

static void
add_detected (xmlNode *root, const RrAuditResult *r)
{
  if (r->detections->len == 0)
    return;
  xmlNode *detected = add (root, "detected");
  for (guint i = 0; i < r->detections->len; i++)
    {
      const RrQiDetection *d = g_ptr_array_index (r->detections, i);
      xmlNode *column = add (detected, "column");
      set_str (column, "name", d->column);
      set_u64 (column, "index", d->index);
      set_str (column, "kind", d->kind);
      if (!d->direct_identifier)
        set_str (column, "type", rr_qi_type_to_string (d->type));
      set_str (column, "source", rr_qi_source_to_string (d->source));
      set_str (column, "reason", d->reason);
      set_bool (column, "direct-identifier", d->direct_identifier);
    }
}

static void
add_qis (xmlNode *root, const RrAuditResult *r)
{
  for (guint i = 0; i < r->qis->len; i++)
    {
      const RrQiSummary *s = g_ptr_array_index (r->qis, i);
      xmlNode *qi = add (root, "qi");
      set_str (qi, "name", s->name);
      set_str (qi, "type", rr_qi_type_to_string (s->type));
      set_str (qi, "level", rr_qi_level_to_string (s->level));
      set_str (qi, "source", rr_qi_source_to_string (s->source));
      set_str (qi, "map", s->map_path);
      set_u64 (qi, "missing", s->n_missing);
      set_u64 (qi, "invalid", s->n_invalid);
      set_u64 (qi, "distinct", s->n_distinct);
    }
}

static void
add_sensitive (xmlNode *root, const RrAuditResult *r)
{
  for (guint i = 0; i < r->sensitive->len; i++)
    set_str (add (root, "sensitive"), "name", g_ptr_array_index (r->sensitive, i));
}

static void
add_classes (xmlNode *root, const RrAuditResult *r)
{
  xmlNode *classes = add (root, "classes");
  set_u64 (classes, "count", r->n_classes);
  set_u64 (classes, "min-size", r->min_class_size);
  set_u64 (classes, "sample-uniques", r->sample_uniques);
  xmlNode *dist = add (classes, "size-distribution");
  for (guint i = 0; i < r->size_distribution->len; i++)
    {
      const RrClassSizeCount *c = &g_array_index (r->size_distribution, RrClassSizeCount, i);
      xmlNode *bin = add (dist, "bin");
      set_u64 (bin, "size", c->size);
      set_u64 (bin, "classes", c->n_classes);
    }
}

static void
add_risk (xmlNode *root, const char *model, const RrRiskFigures *f, double threshold)
{
  xmlNode *risk = add (root, "risk");
  set_str (risk, "model", model);
  set_double (risk, "max", f->max);
  set_double (risk, "mean", f->mean);
  set_double (risk, "records-at-risk", f->records_at_risk);
  set_double (risk, "threshold", threshold);
}

xmlDoc *
rr_report_xml_build (const RrAuditResult *r)
{
  g_return_val_if_fail (r != NULL, NULL);
  xmlDoc *doc = xmlNewDoc (BAD_CAST "1.0");
  xmlNode *root = xmlNewDocNode (doc, NULL, BAD_CAST "reidrisk", NULL);
  xmlDocSetRootElement (doc, root);
  set_str (root, "version", r->version != NULL ? r->version : "");
  add_run (root, r);
  add_input (root, r);
  add_detected (root, r);
  add_qis (root, r);
  add_sensitive (root, r);
  add_classes (root, r);
  add_risk (root, "prosecutor", &r->prosecutor, r->threshold);
  rr_report_xml_population_add (root, r);
  if (r->scan != NULL)
    rr_report_scan_xml_add (root, r->scan);
  rr_report_xml_add_attacks (root, r->attacks);
  rr_report_xml_decision_add (root, r);
  return doc;
}

gboolean
rr_report_xml_write (const RrAuditResult *r, const char *path, GError **error)
{
  g_autoptr (xmlDoc) doc = rr_report_xml_build (r);
  xmlChar *mem = NULL;
  int size = 0;
  xmlDocDumpFormatMemoryEnc (doc, &mem, &size, "UTF-8", 1);
  if (mem == NULL)
    return rr_throw (error, RR_ERROR_IO, "%s: could not serialise the XML results", path);
  gboolean ok = rr_output_write_bytes (path, (const char *) mem, (gsize) size, error);
  xmlFree (mem);
  return ok;
}
