/* scan-xml.c - writes the scan results as an XML tree (report stage); computes nothing.
 * Times are left out so that the same inputs and options give byte-identical XML; they are in
 * the stdout summary and the HTML report. */
#include "config.h"
#include "report/scan-xml.h"
#include "report/format.h"
#include "util/autocleanups.h"
#include "util/error.h"
#include "util/output.h"

static void
prop_u64 (xmlNode *n, const char *name, guint64 v)
{
  char buf[32];
  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, v);
  xmlNewProp (n, BAD_CAST name, BAD_CAST buf);
}

static void
prop_bool (xmlNode *n, const char *name, gboolean v)
{
  xmlNewProp (n, BAD_CAST name, BAD_CAST (v ? "true" : "false"));
}

static void
prop_double (xmlNode *n, const char *name, double v)
{
  g_autofree char *text = rr_format_double (v);
  xmlNewProp (n, BAD_CAST name, BAD_CAST text);
}

/* Column names and paths come from the data: made fit for XML (rr_format_text). */
static void
prop_str (xmlNode *n, const char *name, const char *v)
{
  if (v == NULL)
    return;
  g_autofree char *text = rr_format_text (v);
  xmlNewProp (n, BAD_CAST name, BAD_CAST text);
}

static void
add_column (xmlNode *scan, const RrColumnScan *c)
{
  xmlNode *n = xmlNewChild (scan, NULL, BAD_CAST "column", NULL);
  prop_str (n, "name", c->name);
  prop_str (n, "verdict", rr_verdict_name (c->verdict));
  prop_u64 (n, "values", c->n_values);
  prop_u64 (n, "distinct", c->n_distinct);
  if (c->distinct_capped)
    prop_bool (n, "distinct-capped", TRUE);
  prop_str (n, "reason", c->reason);
  for (guint k = 0; k < RR_ID_N_KINDS; k++)
    {
      if (c->count[k] == 0)
        continue;
      xmlNode *kind = xmlNewChild (n, NULL, BAD_CAST rr_id_kind_name (k), NULL);
      prop_u64 (kind, "count", c->count[k]);
      prop_u64 (kind, "whole", c->whole[k]);
      prop_str (kind, "example", c->example[k]);
    }
}

static void
add_try (xmlNode *p, const RrAttackTry *t)
{
  xmlNode *n = xmlNewChild (p, NULL, BAD_CAST "try", NULL);
  prop_str (n, "transform", rr_transform_name (t->transform));
  prop_u64 (n, "candidates", t->candidates);
  prop_u64 (n, "reversed", t->reversed);
  prop_u64 (n, "unique", t->unique);
  prop_double (n, "chance", t->chance);
  prop_bool (n, "stopped-early", t->stopped_early);
  prop_bool (n, "reversible", t->reversible);
}

static void
add_pseudonym (xmlNode *scan, const RrPseudonymScan *p)
{
  xmlNode *n = xmlNewChild (scan, NULL, BAD_CAST "pseudonym", NULL);
  prop_str (n, "column", p->column);
  prop_str (n, "encoding", p->encoding);
  prop_u64 (n, "bits", p->bits);
  prop_u64 (n, "pseudonyms", p->n_pseudonyms);
  prop_bool (n, "reversible", p->reversible);
  prop_bool (n, "weak", p->weak);
  prop_str (n, "transform", p->transform);
  prop_u64 (n, "reversed", p->reversed);
  prop_u64 (n, "candidates-tried", p->candidates);
  prop_bool (n, "stopped-early", p->stopped_early);
  for (guint i = 0; i < p->tries->len; i++)
    add_try (n, &g_array_index (p->tries, RrAttackTry, i));
}

static void
add_objections (xmlNode *scan, const RrObjectionScan *o)
{
  xmlNode *n = xmlNewChild (scan, NULL, BAD_CAST "objections", NULL);
  prop_str (n, "file", o->path);
  prop_u64 (n, "listed", o->listed);
  prop_u64 (n, "listed-nhs", o->listed_nhs);
  prop_u64 (n, "found", o->found);
  prop_u64 (n, "unmatchable", o->unmatchable);
  prop_str (n, "matched-by", o->matched_by);
}

static void
add_link (xmlNode *scan, const RrLinkScan *l)
{
  xmlNode *n = xmlNewChild (scan, NULL, BAD_CAST "linkage", NULL);
  prop_str (n, "against", l->against);
  prop_str (n, "column", l->column);
  prop_str (n, "previous-column", l->previous_column);
  prop_u64 (n, "pseudonyms", l->pseudonyms);
  prop_u64 (n, "recurring", l->recurring);
}

xmlNode *
rr_report_scan_xml_add (xmlNode *parent, const RrScanResult *r)
{
  xmlNode *scan = xmlNewChild (parent, NULL, BAD_CAST "scan", NULL);
  prop_str (scan, "file", r->file);
  prop_u64 (scan, "rows", r->rows);
  prop_bool (scan, "fails", r->fails);
  prop_u64 (scan, "forenames", r->n_forenames);
  prop_u64 (scan, "surnames", r->n_surnames);
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
  g_autoptr (xmlDoc) doc = xmlNewDoc (BAD_CAST "1.0");
  xmlNode *root = xmlNewNode (NULL, BAD_CAST "reidrisk");
  xmlNewProp (root, BAD_CAST "version", BAD_CAST PACKAGE_VERSION);
  xmlDocSetRootElement (doc, root);
  rr_report_scan_xml_add (root, r);
  xmlChar *mem = NULL;
  int len = 0;
  xmlDocDumpFormatMemoryEnc (doc, &mem, &len, "UTF-8", 1);
  if (mem == NULL)
    return rr_throw (error, RR_ERROR_IO, "%s: cannot serialise the XML", path);
  gboolean ok = rr_output_write_bytes (path, (const char *) mem, (gsize) len, error);
  xmlFree (mem);
  return ok;
}
