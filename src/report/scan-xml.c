/* scan-xml.c - writes the scan results as an XML tree (report stage); computes nothing.
 * Times are left out so that the same inputs and options give byte-identical XML; they are in
 * the stdout summary and the HTML report. */
#include "config.h"
#include "report/scan-xml.h"
#include "report/xml-tree.h"
#include "util/autocleanups.h"

static void
add_column (xmlNode *scan, const RrColumnScan *c)
{
  xmlNode *n = rr_xml_add (scan, "column");
  rr_xml_set_str (n, "name", c->name);
  rr_xml_set_str (n, "verdict", rr_verdict_name (c->verdict));
  rr_xml_set_u64 (n, "values", c->n_values);
  rr_xml_set_u64 (n, "distinct", c->n_distinct);
  if (c->distinct_capped)
    rr_xml_set_bool (n, "distinct-capped", TRUE);
  rr_xml_set_str (n, "reason", c->reason);
  for (guint k = 0; k < RR_ID_N_KINDS; k++)
    {
      if (c->count[k] == 0)
        continue;
      xmlNode *kind = rr_xml_add (n, rr_id_kind_name (k));
      rr_xml_set_u64 (kind, "count", c->count[k]);
      rr_xml_set_u64 (kind, "whole", c->whole[k]);
      rr_xml_set_str (kind, "example", c->example[k]);
    }
}

static void
add_try (xmlNode *p, const RrAttackTry *t)
{
  xmlNode *n = rr_xml_add (p, "try");
  rr_xml_set_str (n, "transform", rr_transform_name (t->transform));
  rr_xml_set_u64 (n, "candidates", t->candidates);
  rr_xml_set_u64 (n, "reversed", t->reversed);
  rr_xml_set_u64 (n, "unique", t->unique);
  rr_xml_set_double (n, "chance", t->chance);
  rr_xml_set_bool (n, "stopped-early", t->stopped_early);
  rr_xml_set_bool (n, "reversible", t->reversible);
}

static void
add_pseudonym (xmlNode *scan, const RrPseudonymScan *p)
{
  xmlNode *n = rr_xml_add (scan, "pseudonym");
  rr_xml_set_str (n, "column", p->column);
  rr_xml_set_str (n, "encoding", p->encoding);
  rr_xml_set_u64 (n, "bits", p->bits);
  rr_xml_set_u64 (n, "pseudonyms", p->n_pseudonyms);
  rr_xml_set_bool (n, "reversible", p->reversible);
  rr_xml_set_bool (n, "weak", p->weak);
  rr_xml_set_str (n, "transform", p->transform);
  rr_xml_set_u64 (n, "reversed", p->reversed);
  rr_xml_set_u64 (n, "candidates-tried", p->candidates);
  rr_xml_set_bool (n, "stopped-early", p->stopped_early);
  for (guint i = 0; i < p->tries->len; i++)
    add_try (n, &g_array_index (p->tries, RrAttackTry, i));
}

static void
add_objections (xmlNode *scan, const RrObjectionScan *o)
{
  xmlNode *n = rr_xml_add (scan, "objections");
  rr_xml_set_str (n, "file", o->path);
  rr_xml_set_u64 (n, "listed", o->listed);
  rr_xml_set_u64 (n, "listed-nhs", o->listed_nhs);
  rr_xml_set_u64 (n, "found", o->found);
  rr_xml_set_u64 (n, "unmatchable", o->unmatchable);
  rr_xml_set_str (n, "matched-by", o->matched_by);
}

static void
add_link (xmlNode *scan, const RrLinkScan *l)
{
  xmlNode *n = rr_xml_add (scan, "linkage");
  rr_xml_set_str (n, "against", l->against);
  rr_xml_set_str (n, "column", l->column);
  rr_xml_set_str (n, "previous-column", l->previous_column);
  rr_xml_set_u64 (n, "pseudonyms", l->pseudonyms);
  rr_xml_set_u64 (n, "recurring", l->recurring);
}

xmlNode *
rr_report_scan_xml_add (xmlNode *parent, const RrScanResult *r)
{
  xmlNode *scan = rr_xml_add (parent, "scan");
  rr_xml_set_str (scan, "file", r->file);
  rr_xml_set_u64 (scan, "rows", r->rows);
  rr_xml_set_bool (scan, "fails", r->fails);
  rr_xml_set_u64 (scan, "forenames", r->n_forenames);
  rr_xml_set_u64 (scan, "surnames", r->n_surnames);
  for (guint i = 0; i < r->columns->len; i++)
    add_column (scan, g_ptr_array_index (r->columns, i));
  for (guint i = 0; i < r->pseudonyms->len; i++)
    add_pseudonym (scan, g_ptr_array_index (r->pseudonyms, i));
  if (r->objections != NULL)
    add_objections (scan, r->objections);
  for (guint i = 0; i < r->links->len; i++)
    add_link (scan, g_ptr_array_index (r->links, i));
  return scan;
}

gboolean
rr_report_scan_xml_write (const RrScanResult *r, const char *path, GError **error)
{
  g_autoptr (xmlDoc) doc = rr_xml_doc_new (PACKAGE_VERSION);
  rr_report_scan_xml_add (xmlDocGetRootElement (doc), r);
  return rr_xml_write (doc, path, error);
}
