/* xml.c - writes an RrAuditResult as the <reidrisk> XML results (report stage).  Element and
 * attribute names are fixed by doc/results.xsd; their meaning is in doc/results.md. */
#include "config.h"
#include "report/xml.h"
#include "qi/detect.h"
#include "report/scan-xml.h"
#include "report/xml-population.h"
#include "report/xml-attack.h"
#include "report/xml-decision.h"
#include "report/xml-tree.h"
#include "util/autocleanups.h"

static void
add_run (xmlNode *root, const RrAuditResult *r)
{
  xmlNode *run = rr_xml_add (root, "run");
  rr_xml_set_str (run, "as-of", r->as_of);
  rr_xml_set_str (run, "command-line", r->command_line);
  rr_xml_set_str (run, "invalid-policy", r->invalid_policy);
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
  xmlNode *input = rr_xml_add (root, "input");
  rr_xml_set_str (input, "file", r->file);
  rr_xml_set_str (input, "sha256", r->sha256);
  rr_xml_set_u64 (input, "bytes", r->file_bytes);
  rr_xml_set_bool (input, "gzip", r->gzip);
  rr_xml_set_str (input, "delimiter", r->delimiter == '\t' ? "tab" : "comma");
  rr_xml_set_u64 (input, "records", r->records);
  rr_xml_set_u64 (input, "persons", r->persons);
  rr_xml_set_str (input, "person-column", r->person_column);
  rr_xml_set_u64 (input, "inconsistent-persons", r->inconsistent_persons);
  if (r->inconsistent_lines->len > 0)
    {
      g_autofree char *lines = join_lines (r->inconsistent_lines);
      rr_xml_set_str (input, "inconsistent-lines", lines);
    }
}

static void
add_detected (xmlNode *root, const RrAuditResult *r)
{
  if (r->detections->len == 0)
    return;
  xmlNode *detected = rr_xml_add (root, "detected");
  for (guint i = 0; i < r->detections->len; i++)
    {
      const RrQiDetection *d = g_ptr_array_index (r->detections, i);
      xmlNode *column = rr_xml_add (detected, "column");
      rr_xml_set_str (column, "name", d->column);
      rr_xml_set_u64 (column, "index", d->index);
      rr_xml_set_str (column, "kind", d->kind);
      if (!d->direct_identifier)
        rr_xml_set_str (column, "type", rr_qi_type_to_string (d->type));
      rr_xml_set_str (column, "source", rr_qi_source_to_string (d->source));
      rr_xml_set_str (column, "reason", d->reason);
      rr_xml_set_bool (column, "direct-identifier", d->direct_identifier);
    }
}

static void
add_qis (xmlNode *root, const RrAuditResult *r)
{
  for (guint i = 0; i < r->qis->len; i++)
    {
      const RrQiSummary *s = g_ptr_array_index (r->qis, i);
      xmlNode *qi = rr_xml_add (root, "qi");
      rr_xml_set_str (qi, "name", s->name);
      rr_xml_set_str (qi, "type", rr_qi_type_to_string (s->type));
      rr_xml_set_str (qi, "level", rr_qi_level_to_string (s->level));
      rr_xml_set_str (qi, "source", rr_qi_source_to_string (s->source));
      rr_xml_set_str (qi, "map", s->map_path);
      rr_xml_set_u64 (qi, "missing", s->n_missing);
      rr_xml_set_u64 (qi, "invalid", s->n_invalid);
      rr_xml_set_u64 (qi, "distinct", s->n_distinct);
    }
}

static void
add_sensitive (xmlNode *root, const RrAuditResult *r)
{
  for (guint i = 0; i < r->sensitive->len; i++)
    rr_xml_set_str (rr_xml_add (root, "sensitive"), "name", g_ptr_array_index (r->sensitive, i));
}

static void
add_classes (xmlNode *root, const RrAuditResult *r)
{
  xmlNode *classes = rr_xml_add (root, "classes");
  rr_xml_set_u64 (classes, "count", r->n_classes);
  rr_xml_set_u64 (classes, "min-size", r->min_class_size);
  rr_xml_set_u64 (classes, "sample-uniques", r->sample_uniques);
  xmlNode *dist = rr_xml_add (classes, "size-distribution");
  for (guint i = 0; i < r->size_distribution->len; i++)
    {
      const RrClassSizeCount *c = &g_array_index (r->size_distribution, RrClassSizeCount, i);
      xmlNode *bin = rr_xml_add (dist, "bin");
      rr_xml_set_u64 (bin, "size", c->size);
      rr_xml_set_u64 (bin, "classes", c->n_classes);
    }
}

static void
add_risk (xmlNode *root, const char *model, const RrRiskFigures *f, double threshold)
{
  xmlNode *risk = rr_xml_add (root, "risk");
  rr_xml_set_str (risk, "model", model);
  rr_xml_set_double (risk, "max", f->max);
  rr_xml_set_double (risk, "mean", f->mean);
  rr_xml_set_double (risk, "records-at-risk", f->records_at_risk);
  rr_xml_set_double (risk, "threshold", threshold);
}

xmlDoc *
rr_report_xml_build (const RrAuditResult *r)
{
  g_return_val_if_fail (r != NULL, NULL);
  xmlDoc *doc = rr_xml_doc_new (r->version);
  xmlNode *root = xmlDocGetRootElement (doc);
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
  return rr_xml_write (doc, path, error);
}
