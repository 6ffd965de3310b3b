/* scan-html.c - writes the scan results as an HTML page built with libxml2's HTML tree
 * (report stage); computes nothing. */
#include "config.h"
#include "report/scan-html.h"
#include "report/format.h"
#include "report/html-tree.h"
#include "util/autocleanups.h"
#include "util/error.h"
#include "util/output.h"
#include <libxml/HTMLtree.h>

static const char scan_css[] =
  "body{font-family:sans-serif;margin:2em;max-width:70em}"
  "table{border-collapse:collapse;margin:1em 0}"
  "th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}"
  ".identifier,.free-text-with-identifiers,.fail{background:#fdd}"
  ".quasi-identifier{background:#ffd}.clean,.pass{background:#dfd}";

/* A count as plain digits, not grouped like rr_html_count's: the scan's tables always were. */
static void
cell_u64 (xmlNode *tr, guint64 v)
{
  char buf[32];
  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, v);
  rr_html_el (tr, "td", buf);
}

static char *
kinds_text (const RrColumnScan *c)
{
  GString *s = g_string_new (NULL);
  for (guint k = 0; k < RR_ID_N_KINDS; k++)
    if (c->count[k] > 0)
      g_string_append_printf (s, "%s%s: %" G_GUINT64_FORMAT " (e.g. %s)", s->len ? "; " : "",
                              rr_id_kind_name (k), c->count[k],
                              c->example[k] != NULL ? c->example[k] : "-");
  return g_string_free (s, FALSE);
}

static void
add_columns (xmlNode *sec, const RrScanResult *r)
{
  rr_html_el (sec, "h3", "Columns");
  static const char *const heads[] = { "column", "verdict", "values", "found (masked example)",
                                       "why" };
  xmlNode *table = rr_html_table (sec, NULL, heads, G_N_ELEMENTS (heads));
  for (guint i = 0; i < r->columns->len; i++)
    {
      const RrColumnScan *c = g_ptr_array_index (r->columns, i);
      xmlNode *tr = rr_html_el (table, "tr", NULL);
      rr_html_attr (tr, "class", rr_verdict_name (c->verdict));
      rr_html_el (tr, "td", c->name);
      rr_html_el (tr, "td", rr_verdict_name (c->verdict));
      cell_u64 (tr, c->n_values);
      g_autofree char *kinds = kinds_text (c);
      rr_html_el (tr, "td", kinds);
      rr_html_el (tr, "td", c->reason);
    }
}

static void
add_pseudonyms (xmlNode *sec, const RrScanResult *r)
{
  rr_html_el (sec, "h3", "Pseudonyms");
  if (r->pseudonyms->len == 0)
    {
      rr_html_el (sec, "p", "No column looks like hashed or numeric pseudonyms.");
      return;
    }
  static const char *const heads[] = { "column", "encoding", "pseudonyms", "reversible",
                                       "transform", "reversed", "candidates tried", "seconds" };
  xmlNode *table = rr_html_table (sec, NULL, heads, G_N_ELEMENTS (heads));
  for (guint i = 0; i < r->pseudonyms->len; i++)
    {
      const RrPseudonymScan *p = g_ptr_array_index (r->pseudonyms, i);
      xmlNode *tr = rr_html_el (table, "tr", NULL);
      rr_html_attr (tr, "class", p->weak ? "fail" : "pass");
      rr_html_el (tr, "td", p->column);
      rr_html_el (tr, "td", p->encoding);
      cell_u64 (tr, p->n_pseudonyms);
      rr_html_el (tr, "td", p->reversible ? "yes" : p->weak ? "weak" : "not by dictionary");
      rr_html_el (tr, "td", p->transform);
      cell_u64 (tr, p->reversed);
      cell_u64 (tr, p->candidates);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      rr_html_el (tr, "td", g_ascii_formatd (buf, sizeof buf, "%.1f", p->seconds));
    }
}

static void
add_objections (xmlNode *sec, const RrScanResult *r)
{
  if (r->objections == NULL)
    return;
  rr_html_el (sec, "h3", "Objections");
  g_autoptr (GString) text = g_string_new (NULL);
  g_string_printf (text, "%u of %u people on the objection list appear in the release.",
                   r->objections->found, r->objections->listed);
  if (r->objections->matched_by != NULL)
    g_string_append_printf (text, " The first was found as: %s.", r->objections->matched_by);
  xmlNode *p = rr_html_el (sec, "p", text->str);
  rr_html_attr (p, "class", r->objections->found > 0 ? "fail" : "pass");
}

static void
add_links (xmlNode *sec, const RrScanResult *r)
{
  if (r->links->len == 0)
    return;
  rr_html_el (sec, "h3", "Linkage with an earlier release");
  static const char *const heads[] = { "column", "earlier release", "earlier column",
                                       "pseudonyms", "recurring" };
  xmlNode *table = rr_html_table (sec, NULL, heads, G_N_ELEMENTS (heads));
  for (guint i = 0; i < r->links->len; i++)
    {
      const RrLinkScan *l = g_ptr_array_index (r->links, i);
      xmlNode *tr = rr_html_el (table, "tr", NULL);
      rr_html_el (tr, "td", l->column);
      rr_html_el (tr, "td", l->against);
      rr_html_el (tr, "td", l->previous_column);
      cell_u64 (tr, l->pseudonyms);
      cell_u64 (tr, l->recurring);
    }
}

static const char *
columns_word (guint n)
{
  return n == 1 ? "column" : "columns";
}

static void
add_names_note (xmlNode *sec, const RrScanResult *r)
{
  g_autofree char *text = g_strdup_printf (
    "Names are recognised from %u forenames and %u surnames (data/names; sources and licences in "
    "its PROVENANCE.md): a forename followed by a surname, or \u201cSurname, Forename\u201d. "
    "Examples are masked; no value from the release is shown.",
    r->n_forenames, r->n_surnames);
  rr_html_el (sec, "p", text);
}

xmlNode *
rr_report_scan_html_add (xmlNode *parent, const RrScanResult *r)
{
  /* Not rr_html_section: this section also has an id, and it comes first. */
  xmlNode *sec = rr_html_el (parent, "section", NULL);
  rr_html_attr (sec, "id", "scan");
  rr_html_attr (sec, "aria-labelledby", "identifiers");
  xmlNode *h2 = rr_html_el (sec, "h2", "Direct identifiers, pseudonyms and objections");
  rr_html_attr (h2, "id", "identifiers");
  g_autofree char *summary = g_strdup_printf (
    "%s: %" G_GUINT64_FORMAT " rows; %u identifier %s, %u free-text %s with identifiers, %u "
    "weak pseudonym %s. Result: %s.",
    r->file, r->rows, r->n_identifier_columns, columns_word (r->n_identifier_columns),
    r->n_free_text_columns, columns_word (r->n_free_text_columns), r->n_weak_pseudonyms,
    columns_word (r->n_weak_pseudonyms), r->fails ? "FAIL" : "pass");
  xmlNode *p = rr_html_el (sec, "p", summary);
  rr_html_attr (p, "class", r->fails ? "fail" : "pass");
  add_columns (sec, r);
  add_pseudonyms (sec, r);
  add_objections (sec, r);
  add_links (sec, r);
  add_names_note (sec, r);
  return sec;
}

gboolean
rr_report_scan_html_write (const RrScanResult *r, const char *path, GError **error)
{
  g_autoptr (xmlDoc) doc = htmlNewDocNoDtD (NULL, NULL);
  xmlCreateIntSubset (doc, BAD_CAST "html", NULL, NULL);
  xmlNode *html = xmlNewNode (NULL, BAD_CAST "html");
  rr_html_attr (html, "lang", "en");
  xmlDocSetRootElement (doc, html);
  xmlNode *head = rr_html_el (html, "head", NULL);
  rr_html_attr (rr_html_el (head, "meta", NULL), "charset", "utf-8");
  rr_html_el (head, "title", "reidrisk scan");
  rr_html_el (head, "style", scan_css);
  xmlNode *body = rr_html_el (html, "body", NULL);
  rr_html_el (body, "h1", "reidrisk scan " PACKAGE_VERSION);
  rr_report_scan_html_add (body, r);
  xmlChar *mem = NULL;
  int len = 0;
  htmlDocDumpMemoryFormat (doc, &mem, &len, 1);
  if (mem == NULL)
    return rr_throw (error, RR_ERROR_IO, "%s: cannot serialise the HTML", path);
  gboolean ok = rr_output_write_bytes (path, (const char *) mem, (gsize) len, error);
  xmlFree (mem);
  return ok;
}
