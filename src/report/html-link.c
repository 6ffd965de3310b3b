/* html-link.c - writes a record linkage's results as a self-contained HTML page (report stage).
 * Built as a libxml2 tree with html-tree's builders; every string from the data is a text node,
 * escaped on output. */
#include "config.h"
#include "report/html-link.h"
#include "report/format.h"
#include "report/html.h"
#include "report/html-tree.h"
#include "report/svg.h"
#include "util/autocleanups.h"
#include <math.h>

static char *
share (guint64 n, guint64 of)
{
  return of > 0 ? rr_format_percent ((double) n / (double) of) : g_strdup ("n/a");
}

static char *
short_number (double x)
{
  if (isnan (x))
    return g_strdup ("\u2014");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.4g", x));
}

/* ---- summary ---- */

static char *
headline (const RrLinkResult *r)
{
  g_autofree char *n = rr_format_count (r->aux_records);
  g_autofree char *u = rr_format_count (r->linked_unique);
  g_autofree char *pct = share (r->linked_unique, r->aux_records);
  g_autofree char *rel = rr_format_count (r->release_linked);
  return g_strdup_printf ("%s of the %s records in the file you hold link to exactly one "
                          "record of the release (%s): for each of them the release's record "
                          "can be put next to a name. They reach %s release records.", u, n, pct,
                          rel);
}

static void
add_summary (xmlNode *page, const RrLinkResult *r)
{
  xmlNode *section = rr_html_el_class (page, "section", "summary", NULL);
  rr_html_attr (section, "aria-labelledby", "summary");
  rr_html_attr (rr_html_el (section, "h2", "Summary"), "id", "summary");
  g_autofree char *head = headline (r);
  rr_html_el_class (section, "p", "headline", head);
  xmlNode *dl = rr_html_el_class (section, "dl", "figures", NULL);
  g_autofree char *u = share (r->linked_unique, r->aux_records);
  g_autofree char *un = rr_format_count (r->linked_unique);
  rr_html_tile (dl, "Linked uniquely", u, un);
  g_autofree char *a = share (r->linked_ambiguous, r->aux_records);
  g_autofree char *an = rr_format_count (r->linked_ambiguous);
  rr_html_tile (dl, "Ambiguous", a, an);
  g_autofree char *l = share (r->unlinked, r->aux_records);
  g_autofree char *ln = rr_format_count (r->unlinked);
  rr_html_tile (dl, "Not linked", l, ln);
  g_autofree char *c = rr_format_count (r->release_conflicts);
  rr_html_tile (dl, "Contested", c, "release records linked by two or more of yours");
  g_autofree char *more = g_strdup_printf (
    "An ambiguous record has several release records with the same best score: an attacker "
    "could not tell them apart from these facts alone. %s",
    r->show_links ? "This report lists the linked records and their released values "
                    "(--show-links): keep it as confidential as the release itself."
                  : "No linked record's released values are shown (--show-links would list them).");
  rr_html_el (section, "p", more);
}

/* ---- method ---- */

static void
add_method (xmlNode *page, const RrLinkResult *r)
{
  xmlNode *section = rr_html_section (page, "method", "How the records were linked");
  if (r->method == RR_MATCH_EXACT)
    rr_html_el (section, "p",
                "Exact linkage: a release record is a candidate for one of your "
                "records when every field below has the same value in both, at the "
                "release's level. A record with a missing value has no candidate.");
  else
    {
      g_autofree char *t = short_number (r->threshold);
      g_autofree char *text = g_strdup_printf (
        "Probabilistic linkage (Fellegi and Sunter, 1969): each candidate pair is scored, for "
        "each field, log2(m/u) when the values agree and log2((1-m)/(1-u)) when they do not (0 "
        "when one is missing), where m is the chance that a true match agrees on the field and "
        "u the chance that a non-match does. m, u and the share of true matches are estimated "
        "by the EM algorithm (Winkler 1988; Jaro 1989) over every pair of a release record and "
        "one of yours that both hold every field. A record links to its best candidate when "
        "that score is at least %s.", t);
      rr_html_el (section, "p", text);
    }
  static const char *const heads[] = { "Release column", "Your column", "Type", "Level", "#m",
                                       "#u", "#Yours missing", "#Yours not in the release" };
  xmlNode *tbody = rr_html_table (section, "Fields compared", heads, G_N_ELEMENTS (heads));
  for (guint j = 0; j < r->fields->len; j++)
    {
      const RrLinkField *f = g_ptr_array_index (r->fields, j);
      xmlNode *tr = rr_html_row (tbody, f->release_column);
      rr_html_el (tr, "td", f->aux_column);
      rr_html_el (tr, "td", rr_qi_type_to_string (f->type));
      rr_html_el (tr, "td", rr_qi_level_to_string (f->level));
      g_autofree char *m = short_number (f->m), *u = short_number (f->u);
      g_autofree char *miss = rr_format_count (f->aux_missing);
      g_autofree char *unk = rr_format_count (f->aux_unmatched);
      rr_html_num (tr, m), rr_html_num (tr, u), rr_html_num (tr, miss), rr_html_num (tr, unk);
    }
}

static void
add_blocking (xmlNode *page, const RrLinkResult *r)
{
  if (r->blocking->len == 0)
    return;
  xmlNode *section = rr_html_section (page, "blocking", "Blocking");
  g_autofree char *pairs = rr_format_count (r->pairs);
  g_autofree char *text = g_strdup_printf (
    "Only pairs that agree on all the fields of at least one pass are compared (%s pairs). A "
    "pass that would compare more than %d pairs per record is left out.", pairs,
    RR_LINK_MAX_PAIRS_PER_RECORD);
  rr_html_el (section, "p", text);
  static const char *const heads[] = { "Pass: fields that must agree", "#Pairs", "Used" };
  xmlNode *tbody = rr_html_table (section, NULL, heads, G_N_ELEMENTS (heads));
  for (guint i = 0; i < r->blocking->len; i++)
    {
      const RrLinkBlocking *b = g_ptr_array_index (r->blocking, i);
      xmlNode *tr = rr_html_row (tbody, b->fields);
      g_autofree char *n = rr_format_count (b->pairs);
      rr_html_num (tr, n);
      rr_html_el (tr, "td", b->used ? "yes" : "no: too many pairs");
    }
  if (r->has_em)
    {
      g_autofree char *p = short_number (r->em.p);
      g_autofree char *em = g_strdup_printf ("EM: %u iterations, %s; estimated share of all "
                                             "pairs that are true matches %s.",
                                             r->em.iterations,
                                             r->em.converged ? "converged" : "NOT converged",
                                             p);
      rr_html_el (section, "p", em);
    }
}

/* ---- score distribution ---- */

static char *
bin_label (const RrLinkResult *r, const RrLinkBin *b)
{
  if (r->method == RR_MATCH_EXACT)
    return isinf (b->high) ? g_strdup_printf ("%.0f+", b->low)
           : b->high - b->low > 1 ? g_strdup_printf ("%.0f\u2013%.0f", b->low, b->high - 1)
                                  : g_strdup_printf ("%.0f", b->low);
  return g_strdup_printf ("%.0f to %.0f", b->low, b->high);
}

static void
add_scores (xmlNode *page, const RrLinkResult *r)
{
  xmlNode *section = rr_html_section (
      page, "scores", r->method == RR_MATCH_EXACT ? "Candidates per record" : "Score distribution");
  g_autofree char *none = rr_format_count (r->no_candidates);
  g_autofree char *intro = g_strdup_printf (
    "Your records that have at least one candidate, by %s. %s of your records had no candidate "
    "at all.", r->method == RR_MATCH_EXACT ? "how many release records match them exactly"
                                           : "the score of their best candidate (log2 weight)",
    none);
  rr_html_el (section, "p", intro);
  if (r->bins->len == 0)
    return;
  g_autofree RrSvgBar *bars = g_new0 (RrSvgBar, r->bins->len);
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) desc = g_string_new ("Bar chart of your records by ");
  g_string_append (desc, r->method == RR_MATCH_EXACT ? "number of candidates: " : "best score: ");
  for (guint b = 0; b < r->bins->len; b++)
    {
      const RrLinkBin *bin = &g_array_index (r->bins, RrLinkBin, b);
      char *label = bin_label (r, bin);
      g_ptr_array_add (labels, label);
      gboolean above = r->method == RR_MATCH_EXACT ? bin->low < 2 : bin->low >= r->threshold;
      bars[b] = (RrSvgBar){ label, bin->count, above ? "#b3261e" : "#7fa7cc", NULL };
      g_string_append_printf (desc, "%s%s: %" G_GUINT64_FORMAT, b > 0 ? "; " : "", label,
                              bin->count);
    }
  RrSvgChartText text = { "score-chart", "Your records by their best candidate", desc->str,
                          r->method == RR_MATCH_EXACT ? "Release records matching exactly"
                                                      : "Best score (log2 weight)",
                          "Records" };
  xmlNode *figure = rr_html_el (section, "figure", NULL);
  rr_svg_bar_chart_add (figure, &text, bars, r->bins->len);
  rr_html_el (figure, "figcaption",
              r->method == RR_MATCH_EXACT
                  ? "The red bar: records with exactly one candidate, linked uniquely."
                  : "Red bars: scores at or above the threshold.");
}

/* ---- links (only with --show-links) ---- */

static void
add_links (xmlNode *page, const RrLinkResult *r)
{
  if (!r->show_links)
    return;
  xmlNode *section = rr_html_section (page, "links", "Linked records");
  rr_html_el (section, "p",
              "Each of your records that links uniquely, with the release record it "
              "links to and that record's values of the --sensitive columns (from the "
              "person's first row). Record numbers count data rows (yours) and persons "
              "in order of first appearance (the release's).");
  g_autoptr (GPtrArray) heads = g_ptr_array_new ();
  g_ptr_array_add (heads, (gpointer) "#Your record");
  g_ptr_array_add (heads, (gpointer) "#Release record");
  g_ptr_array_add (heads, (gpointer) "Person");
  g_ptr_array_add (heads, (gpointer) "#Score");
  for (guint i = 0; i < r->sensitive->len; i++)
    g_ptr_array_add (heads, g_ptr_array_index (r->sensitive, i));
  xmlNode *tbody = rr_html_table (section, NULL, (const char *const *)heads->pdata, heads->len);
  for (guint i = 0; i < r->links->len; i++)
    {
      const RrLinkPair *p = g_ptr_array_index (r->links, i);
      xmlNode *tr = rr_html_el (tbody, "tr", NULL);
      g_autofree char *a = rr_format_count (p->aux_record);
      g_autofree char *rel = rr_format_count (p->release_record);
      g_autofree char *score = short_number (p->score);
      rr_html_num (tr, a), rr_html_num (tr, rel);
      rr_html_el (tr, "td", p->person != NULL ? p->person : "\u2014");
      rr_html_num (tr, score);
      for (guint v = 0; v < p->values->len; v++)
        rr_html_el (tr, "td", g_ptr_array_index (p->values, v));
    }
}

/* ---- inputs, page ---- */

static void
add_fact (xmlNode *tbody, const char *name, const char *value)
{
  xmlNode *tr = rr_html_row (tbody, name);
  rr_html_el (rr_html_el (tr, "td", NULL), "code", value != NULL ? value : "");
}

static void
add_inputs (xmlNode *page, const RrLinkResult *r)
{
  static const char *const heads[] = { "Item", "Value" };
  xmlNode *section = rr_html_section (page, "inputs", "Inputs and run");
  xmlNode *tbody = rr_html_table (section, NULL, heads, G_N_ELEMENTS (heads));
  g_autofree char *rel = g_strdup_printf ("%s (%" G_GUINT64_FORMAT " rows, %" G_GUINT64_FORMAT
                                          " persons)", r->release_file, r->release_records,
                                          r->release_persons);
  g_autofree char *aux = g_strdup_printf ("%s (%" G_GUINT64_FORMAT " records)", r->aux_file,
                                          r->aux_records);
  add_fact (tbody, "Release", rel);
  add_fact (tbody, "Release SHA-256", r->release_sha256);
  add_fact (tbody, "Your file", aux);
  add_fact (tbody, "Your file's SHA-256", r->aux_sha256);
  add_fact (tbody, "Ages as of", r->as_of);
  add_fact (tbody, "reidrisk version", r->version);
  add_fact (tbody, "Command line", r->command_line);
}

xmlDoc *
rr_report_html_link_build (const RrLinkResult *r)
{
  g_autofree char *base = g_path_get_basename (r->release_file != NULL ? r->release_file : "");
  g_autofree char *title = g_strdup_printf ("Record linkage to %s", base);
  const char *const css[] = { rr_report_html_css () };
  xmlNode *page = NULL;
  xmlDoc *doc = rr_html_page_new (title, css, G_N_ELEMENTS (css), &page);
  xmlNode *header = rr_html_el_class (page, "header", "masthead", NULL);
  g_autofree char *eyebrow = g_strdup_printf ("reidrisk %s \u00b7 record linkage",
                                              r->version != NULL ? r->version : "");
  rr_html_el_class (header, "p", "eyebrow", eyebrow);
  g_autofree char *aux = g_path_get_basename (r->aux_file != NULL ? r->aux_file : "");
  g_autofree char *h1 = g_strdup_printf ("Linking %s to %s", aux, base);
  rr_html_el (header, "h1", h1);
  add_summary (page, r);
  add_scores (page, r);
  add_method (page, r);
  add_blocking (page, r);
  add_links (page, r);
  add_inputs (page, r);
  rr_html_el (page, "footer",
              r->show_links ? "Written by reidrisk. This report holds linked "
                              "records' released values (--show-links)."
                            : "Written by reidrisk. This report holds counts only: "
                              "no person's values.");
  return doc;
}

gboolean
rr_report_html_link_write (const RrLinkResult *r, const char *path, GError **error)
{
  g_autoptr (xmlDoc) doc = rr_report_html_link_build (r);
  return rr_html_write (doc, path, error);
}
