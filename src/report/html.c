/* html.c - writes an RrAuditResult as one self-contained HTML page for a board or a data
 * release panel (report stage).  Built as a libxml2 HTML tree: every string from the data is a
 * text node or an attribute value, escaped when the tree is saved. */
#include "config.h"
#include "report/html.h"
#include "qi/detect.h"
#include "report/format.h"
#include "report/html-population.h"
#include "report/scan-html.h"
#include "report/html-attack.h"
#include "report/html-decision.h"
#include "report/decision-words.h"
#include "report/html-tree.h"
#include "report/svg.h"
#include "util/autocleanups.h"
#include "util/error.h"
#include <math.h>

/* Inline, so the page loads nothing; system fonts only.  The @page and @media print rules lay
 * it out on A4 with colours kept. */
static const char report_css[] =
  ":root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--zebra:#f5f7fa;--head:#e9eef4;"
  "--accent:#2b5078;--alert:#b3261e;--alert-bg:#fdf2f1;--calm:#2f7d4f;--calm-bg:#eef7f1}\n"
  "*{box-sizing:border-box}\n"
  "html{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,"
  "sans-serif;color:var(--ink);background:#fff;line-height:1.5;font-size:16px}\n"
  "body{margin:0}\n"
  "main{max-width:60rem;margin:0 auto;padding:2rem 1.5rem 3rem}\n"
  ".masthead{border-bottom:1px solid var(--line);margin-bottom:1.5rem;padding-bottom:.5rem}\n"
  ".eyebrow{text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;color:var(--muted);"
  "margin:0}\n"
  "h1{font-size:1.9rem;line-height:1.2;margin:.3rem 0 .4rem;overflow-wrap:anywhere}\n"
  ".subtitle{color:var(--muted);margin:0 0 .5rem}\n"
  "h2{font-size:1.35rem;margin:2.5rem 0 .75rem;padding-bottom:.3rem;"
  "border-bottom:2px solid var(--line)}\n"
  "h3{font-size:1.05rem;margin:1.5rem 0 .5rem}\n"
  ".summary{border:1px solid var(--line);border-left:6px solid var(--accent);border-radius:6px;"
  "padding:1.1rem 1.5rem 1.25rem;background:#f8fafc}\n"
  ".summary.alert{border-left-color:var(--alert);background:var(--alert-bg)}\n"
  ".summary.calm{border-left-color:var(--calm);background:var(--calm-bg)}\n"
  ".summary h2{margin:0 0 .5rem;border:0;padding:0;font-size:.8rem;text-transform:uppercase;"
  "letter-spacing:.08em;color:var(--muted)}\n"
  ".badge{display:inline-block;font-weight:600;font-size:.85rem;padding:.15rem .7rem;"
  "border-radius:999px;color:#fff;background:var(--alert);margin:0}\n"
  ".calm .badge{background:var(--calm)}\n"
  ".headline{font-size:1.3rem;line-height:1.45;font-weight:600;margin:.75rem 0 1.25rem}\n"
  ".figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(7.5rem,1fr));gap:.75rem;"
  "margin:0 0 1.1rem}\n"
  ".tile{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.65rem .75rem}\n"
  ".tile dt{font-size:.75rem;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}\n"
  ".tile dd{margin:0}\n"
  ".tile .value{font-size:1.5rem;font-weight:700;line-height:1.25;"
  "font-variant-numeric:tabular-nums}\n"
  ".tile .note{font-size:.8rem;color:var(--muted)}\n"
  ".points{margin:0;padding-left:1.2rem}\n"
  ".points li{margin:.35rem 0}\n"
  ".warning{border:1px solid #e3b341;background:#fff8e6;border-radius:6px;padding:.6rem .9rem;"
  "margin:.9rem 0 0}\n"
  "table{border-collapse:collapse;width:100%;font-size:.92rem;margin:.5rem 0 1rem}\n"
  "caption{text-align:left;font-weight:600;padding:.3rem 0;color:var(--muted)}\n"
  "th,td{text-align:left;padding:.45rem .7rem;border-bottom:1px solid var(--line);"
  "vertical-align:top}\n"
  "thead th{background:var(--head);font-weight:600;border-bottom:2px solid #bcccdc}\n"
  "tbody tr:nth-child(even){background:var(--zebra)}\n"
  "tbody th{font-weight:600}\n"
  ".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
  "code,.mono{font-family:ui-monospace,\"SFMono-Regular\",Menlo,Consolas,\"Liberation Mono\","
  "monospace;font-size:.85em;overflow-wrap:anywhere}\n"
  "figure{margin:1rem 0 .5rem}\n"
  ".chart{width:100%;height:auto;display:block}\n"
  "figcaption{color:var(--muted);font-size:.85rem}\n"
  ".formula{font-family:Georgia,\"Times New Roman\",serif;font-size:1.05rem;"
  "background:var(--zebra);border-left:3px solid var(--line);padding:.45rem .9rem;"
  "margin:.5rem 0}\n"
  ".muted{color:var(--muted)}\n"
  "footer{margin-top:3rem;padding-top:.75rem;border-top:1px solid var(--line);"
  "color:var(--muted);font-size:.8rem}\n"
  "@page{size:A4;margin:16mm 14mm}\n"
  "@media print{html{font-size:10pt}main{max-width:none;padding:0}"
  "h2{break-after:avoid}table,figure,.summary,.tile,.formula{break-inside:avoid}"
  "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

const char *
rr_report_html_css (void)
{
  return report_css;
}

/* Class-size bins of the chart: every size falls in exactly one.  Warm colours for the groups
 * of fewer than 5 (the small-numbers convention, see doc/methods.md), blues above. */
typedef struct
{
  guint64 lo, hi;
  const char *label;
  const char *fill;
} SizeBin;

static const SizeBin size_bins[] = {
  { 1, 1, "1", "#b3261e" },          { 2, 2, "2", "#d4622a" },
  { 3, 3, "3", "#e08e2b" },          { 4, 4, "4", "#e8ad4a" },
  { 5, 9, "5\u20139", "#7fa7cc" },   { 10, 19, "10\u201319", "#5b8cbb" },
  { 20, 49, "20\u201349", "#3f6f9e" }, { 50, G_MAXUINT64, "50+", "#2b5078" },
};
#define N_BINS G_N_ELEMENTS (size_bins)

/* ---- words ---- */

/* "that fact", "those three facts", "those 14 facts" */
static char *
facts_phrase (guint n)
{
  static const char *const words[] = { "no",    "one",  "two",   "three", "four",
                                       "five",  "six",  "seven", "eight", "nine",
                                       "ten",   "eleven", "twelve" };
  if (n == 1)
    return g_strdup ("that fact");
  if (n < G_N_ELEMENTS (words))
    return g_strdup_printf ("those %s facts", words[n]);
  return g_strdup_printf ("those %u facts", n);
}

/* "postcode (district), date_of_birth (year) and sex": the facts at their audited level. */
static char *
qi_list (const RrAuditResult *r)
{
  if (r->qis->len == 0)
    return g_strdup ("no quasi-identifier");
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < r->qis->len; i++)
    {
      const RrQiSummary *s = g_ptr_array_index (r->qis, i);
      if (i > 0)
        g_string_append (out, i + 1 == r->qis->len ? " and " : ", ");
      g_string_append (out, s->name);
      if (s->level == RR_LEVEL_MAP)
        g_string_append (out, " (grouped)");
      else if (s->level != RR_LEVEL_ASIS)
        g_string_append_printf (out, " (%s)", rr_qi_level_to_string (s->level));
    }
  return g_string_free (out, FALSE);
}

/* count / persons as a percentage; "n/a" for an empty release. */
static char *
share_of_persons (const RrAuditResult *r, guint64 count)
{
  if (r->persons == 0)
    return g_strdup ("n/a");
  return rr_format_percent ((double) count / (double) r->persons);
}

/* A risk or threshold for prose: four significant digits are plenty for reading. */
static char *
short_number (double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.4g", x));
}

/* Persons above the threshold, back from the share the measure stage stored (an exact count
 * divided by persons, so rounding recovers the count). */
static guint64
persons_at_risk (const RrAuditResult *r)
{
  return (guint64) llround (r->prosecutor.records_at_risk * (double) r->persons);
}

static char *
headline_none_unique (const RrAuditResult *r, const char *people, const char *list)
{
  guint64 others = r->min_class_size > 0 ? r->min_class_size - 1 : 0;
  g_autofree char *n_others = rr_format_count (others);
  return g_strdup_printf ("None of the %s people in this release is unique on %s: everyone "
                          "shares %s with at least %s other %s.",
                          people, list, r->qis->len == 1 ? "that value" : "those values",
                          n_others, rr_words_plural (others, "person", "people"));
}

static char *
headline_text (const RrAuditResult *r)
{
  if (r->persons == 0)
    return g_strdup ("This release holds no people, so no one in it can be picked out.");
  g_autofree char *list = qi_list (r);
  g_autofree char *people = rr_format_count (r->persons);
  if (r->sample_uniques == 0)
    return headline_none_unique (r, people, list);
  g_autofree char *uniques = rr_format_count (r->sample_uniques);
  g_autofree char *pct = share_of_persons (r, r->sample_uniques);
  g_autofree char *facts = facts_phrase (r->qis->len);
  return g_strdup_printf ("%s of the %s %s in this release (%s) %s unique on %s: anyone who "
                          "knows %s about them can pick out their record.",
                          uniques, people, rr_words_plural (r->persons, "person", "people"), pct,
                          rr_words_plural (r->sample_uniques, "is", "are"), list, facts);
}

/* ---- (1) summary ---- */

static void
add_tiles (xmlNode *section, const RrAuditResult *r)
{
  xmlNode *dl = rr_html_el_class (section, "dl", "figures", NULL);
  g_autofree char *uniques_pct = share_of_persons (r, r->sample_uniques);
  g_autofree char *uniques = rr_format_count (r->sample_uniques);
  g_autofree char *persons = rr_format_count (r->persons);
  g_autofree char *uniques_note = g_strdup_printf ("%s of %s people", uniques, persons);
  rr_html_tile (dl, "Unique people", uniques_pct, uniques_note);
  g_autofree char *max = rr_format_percent (r->prosecutor.max);
  rr_html_tile (dl, "Highest risk", max, "to any one person");
  g_autofree char *mean = rr_format_percent (r->prosecutor.mean);
  rr_html_tile (dl, "Average risk", mean, "over all people");
  g_autofree char *above = rr_format_percent (r->prosecutor.records_at_risk);
  g_autofree char *threshold = short_number (r->threshold);
  g_autofree char *above_note = g_strdup_printf ("people with risk above %s", threshold);
  rr_html_tile (dl, "At risk", above, above_note);
  g_autofree char *k = rr_format_count (r->min_class_size);
  g_autofree char *k_value = g_strdup_printf ("k = %s", k);
  rr_html_tile (dl, "Smallest group", k_value, "people sharing the same values");
}

static void
add_point_max (xmlNode *ul, const RrAuditResult *r)
{
  g_autofree char *k = rr_format_count (r->min_class_size);
  g_autofree char *pct = rr_format_percent (r->prosecutor.max);
  g_autofree char *raw = short_number (r->prosecutor.max);
  g_autofree char *text = g_strdup_printf (
    "The smallest group of people who share the same values has %s %s, so the highest risk to "
    "any one person is %s (prosecutor risk %s): someone who knows that a person is in this "
    "release, and knows those facts about them, %s%s%s.",
    k, rr_words_plural (r->min_class_size, "member", "members"), pct, raw,
    r->min_class_size == 1 ? "can pick out their record with certainty" : "has a 1 in ",
    r->min_class_size == 1 ? "" : k,
    r->min_class_size == 1 ? "" : " chance of picking out their record");
  rr_html_el (ul, "li", text);
}

static void
add_point_mean (xmlNode *ul, const RrAuditResult *r)
{
  g_autofree char *pct = rr_format_percent (r->prosecutor.mean);
  g_autofree char *raw = short_number (r->prosecutor.mean);
  g_autofree char *text = g_strdup_printf (
    "The average risk is %s (mean prosecutor risk %s): an attacker who tried to pick out "
    "everyone in the release would expect to be right for %s of them.", pct, raw, pct);
  rr_html_el (ul, "li", text);
}

static void
add_point_threshold (xmlNode *ul, const RrAuditResult *r)
{
  g_autofree char *count = rr_format_count (persons_at_risk (r));
  g_autofree char *persons = rr_format_count (r->persons);
  g_autofree char *pct = rr_format_percent (r->prosecutor.records_at_risk);
  g_autofree char *threshold = short_number (r->threshold);
  g_autofree char *text = g_strdup_printf (
    "%s of the %s people (%s) have a risk above the threshold of %s and so count as at risk.",
    count, persons, pct, threshold);
  rr_html_el (ul, "li", text);
}

static void
add_point_classes (xmlNode *ul, const RrAuditResult *r)
{
  g_autofree char *persons = rr_format_count (r->persons);
  g_autofree char *classes = rr_format_count (r->n_classes);
  g_autofree char *k = rr_format_count (r->min_class_size);
  g_autofree char *text = g_strdup_printf (
    "The %s people fall into %s %s that share the same values (equivalence classes); the "
    "release is k-anonymous with k = %s.",
    persons, classes, rr_words_plural (r->n_classes, "group", "groups"), k);
  rr_html_el (ul, "li", text);
}

static void
add_identifier_warnings (xmlNode *section, const RrAuditResult *r)
{
  for (guint i = 0; i < r->detections->len; i++)
    {
      const RrQiDetection *d = g_ptr_array_index (r->detections, i);
      if (!d->direct_identifier)
        continue;
      g_autofree char *text = g_strdup_printf (
        "Column \u201c%s\u201d holds direct identifiers (%s: %s). It was not used as a "
        "quasi-identifier, but it names people outright and should not be released.",
        d->column, d->kind, d->reason);
      rr_html_el_class (section, "p", "warning", text);
    }
}

static void
add_summary (xmlNode *page, const RrAuditResult *r)
{
  xmlNode *section = rr_html_section (page, "summary", "Summary");
  gboolean alert = r->prosecutor.records_at_risk > 0.0;
  rr_html_attr (section, "class", alert ? "summary alert" : "summary calm");
  g_autofree char *pct = rr_format_percent (r->prosecutor.records_at_risk);
  g_autofree char *threshold = short_number (r->threshold);
  g_autofree char *badge = alert
    ? g_strdup_printf ("%s of people above the risk threshold of %s", pct, threshold)
    : g_strdup_printf ("No one above the risk threshold of %s", threshold);
  rr_html_el_class (section, "p", "badge", badge);
  g_autofree char *headline = headline_text (r);
  rr_html_el_class (section, "p", "headline", headline);
  add_tiles (section, r);
  if (r->persons > 0)
    {
      xmlNode *ul = rr_html_el_class (section, "ul", "points", NULL);
      add_point_max (ul, r);
      add_point_mean (ul, r);
      add_point_threshold (ul, r);
      add_point_classes (ul, r);
    }
  add_identifier_warnings (section, r);
}

/* ---- (2) class-size distribution ---- */

static guint
bin_of (guint64 size)
{
  guint b = 0;
  while (b + 1 < N_BINS && size > size_bins[b].hi)
    b++;
  return b;
}

/* Groups and persons per bin, from the size distribution (a regrouping, no estimate). */
static void
bin_counts (const RrAuditResult *r, guint64 *classes, guint64 *persons)
{
  for (guint b = 0; b < N_BINS; b++)
    classes[b] = persons[b] = 0;
  for (guint i = 0; i < r->size_distribution->len; i++)
    {
      const RrClassSizeCount *c = &g_array_index (r->size_distribution, RrClassSizeCount, i);
      guint b = bin_of (c->size);
      classes[b] += c->n_classes;
      persons[b] += c->size * c->n_classes;
    }
}

static char *
chart_desc (const RrAuditResult *r, const guint64 *persons)
{
  GString *out = g_string_new ("Bar chart of the number of people in groups of each size. ");
  /* "Groups of 1: ...; groups of 2: ..." */
  for (guint b = 0; b < N_BINS; b++)
    {
      g_autofree char *n = rr_format_count (persons[b]);
      g_autofree char *pct = share_of_persons (r, persons[b]);
      g_string_append_printf (out, "%s of %s: %s %s (%s)", b > 0 ? "; groups" : "Groups",
                              size_bins[b].label, n, rr_words_plural (persons[b], "person", "people"),
                              pct);
    }
  g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}

static void
add_chart (xmlNode *section, const RrAuditResult *r, const guint64 *persons)
{
  RrSvgBar bars[N_BINS];
  g_autoptr (GPtrArray) tips = g_ptr_array_new_with_free_func (g_free);
  for (guint b = 0; b < N_BINS; b++)
    {
      g_autofree char *n = rr_format_count (persons[b]);
      char *tip = g_strdup_printf ("Groups of %s: %s %s", size_bins[b].label, n,
                                   rr_words_plural (persons[b], "person", "people"));
      g_ptr_array_add (tips, tip);
      bars[b] = (RrSvgBar){ size_bins[b].label, persons[b], size_bins[b].fill, tip };
    }
  g_autofree char *desc = chart_desc (r, persons);
  RrSvgChartText text = { "size-chart", "People by the size of the group that shares their values",
                          desc, "Group size: people sharing the same values", "People" };
  xmlNode *figure = rr_html_el (section, "figure", NULL);
  rr_svg_bar_chart_add (figure, &text, bars, N_BINS);
  rr_html_el (figure, "figcaption",
              "People by the size of the group that shares their values. Red and amber bars are "
              "groups of fewer than 5 people; a group of 1 is a person unique in the release.");
}

static void
add_distribution_table (xmlNode *section, const RrAuditResult *r, const guint64 *classes,
                        const guint64 *persons)
{
  static const char *const heads[] = { "Group size", "#Groups", "#People", "#Share of people" };
  xmlNode *tbody = rr_html_table (section, "The chart\u2019s figures", heads, G_N_ELEMENTS (heads));
  for (guint b = 0; b < N_BINS; b++)
    {
      xmlNode *tr = rr_html_row (tbody, size_bins[b].label);
      rr_html_count (tr, classes[b]);
      rr_html_count (tr, persons[b]);
      g_autofree char *pct = share_of_persons (r, persons[b]);
      rr_html_el_class (tr, "td", "num", pct);
    }
}

static void
add_distribution (xmlNode *page, const RrAuditResult *r)
{
  xmlNode *section = rr_html_section (page, "distribution", "How many people share their values");
  g_autofree char *list = qi_list (r);
  g_autofree char *intro = g_strdup_printf (
    "Each bar counts the people whose combination of %s is shared by a group of that size. "
    "A group of 1 is a unique person: the smaller the group, the easier it is to single "
    "someone out.", list);
  rr_html_el (section, "p", intro);
  guint64 classes[N_BINS], persons[N_BINS];
  bin_counts (r, classes, persons);
  add_chart (section, r, persons);
  add_distribution_table (section, r, classes, persons);
}

/* ---- (3) quasi-identifiers and recognised columns ---- */

static const char *
source_words (RrQiSource source)
{
  switch (source)
    {
    case RR_QI_SOURCE_OPTION:
      return "named by --qi";
    case RR_QI_SOURCE_HEADER:
      return "recognised by header";
    case RR_QI_SOURCE_CONTENT:
      return "recognised by content";
    default:
      return rr_qi_source_to_string (source);
    }
}

static void
add_qi_row (xmlNode *tbody, const RrQiSummary *s)
{
  xmlNode *tr = rr_html_row (tbody, s->name);
  rr_html_el (tr, "td", rr_qi_type_to_string (s->type));
  g_autofree char *level = s->map_path != NULL
    ? g_strdup_printf ("%s (%s)", rr_qi_level_to_string (s->level), s->map_path)
    : g_strdup (rr_qi_level_to_string (s->level));
  rr_html_el (tr, "td", level);
  rr_html_el (tr, "td", source_words (s->source));
  rr_html_count (tr, s->n_distinct);
  rr_html_count (tr, s->n_missing);
  rr_html_count (tr, s->n_invalid);
}

static void
add_detection_table (xmlNode *section, const RrAuditResult *r)
{
  static const char *const heads[] = { "Column", "Recognised as", "By", "Reason", "Used as" };
  rr_html_el (section, "h3", "Recognised columns");
  rr_html_el (section, "p",
              "No --qi was given, so columns were recognised by their header name "
              "or by their content. Check that each guess is right.");
  xmlNode *tbody = rr_html_table (section, NULL, heads, G_N_ELEMENTS (heads));
  for (guint i = 0; i < r->detections->len; i++)
    {
      const RrQiDetection *d = g_ptr_array_index (r->detections, i);
      xmlNode *tr = rr_html_row (tbody, d->column);
      rr_html_el (tr, "td", d->kind);
      rr_html_el (tr, "td", d->source == RR_QI_SOURCE_CONTENT ? "content" : "header");
      rr_html_el (tr, "td", d->reason);
      rr_html_el (tr, "td",
                  d->direct_identifier ? "direct identifier: not audited" : "quasi-identifier");
    }
}

static void
add_sensitive (xmlNode *section, const RrAuditResult *r)
{
  rr_html_el (section, "h3", "Sensitive attributes");
  xmlNode *p = rr_html_el (section, "p", "Named as sensitive (not used for grouping): ");
  for (guint i = 0; i < r->sensitive->len; i++)
    {
      if (i > 0)
        rr_html_text (p, ", ");
      rr_html_el (p, "code", g_ptr_array_index (r->sensitive, i));
    }
  rr_html_text (p, ".");
}

static void
add_qis (xmlNode *page, const RrAuditResult *r)
{
  static const char *const heads[] = { "Column", "Type", "Level", "Chosen by",
                                       "#Distinct values", "#Missing", "#Invalid" };
  xmlNode *section = rr_html_section (page, "qis", "Quasi-identifiers");
  rr_html_el (section, "p",
              "The facts an attacker is assumed to know about a person. Each value "
              "is generalised to the level shown before people are grouped; counts "
              "are of people.");
  xmlNode *tbody = rr_html_table (section, NULL, heads, G_N_ELEMENTS (heads));
  for (guint i = 0; i < r->qis->len; i++)
    add_qi_row (tbody, g_ptr_array_index (r->qis, i));
  if (r->detections->len > 0)
    add_detection_table (section, r);
  if (r->sensitive->len > 0)
    add_sensitive (section, r);
}

/* ---- (4) method ---- */

/* A formula line: "NAME = " then parts alternating plain text and subscripts. */
static void
add_formula (xmlNode *parent, const char *const *parts, guint n_parts)
{
  xmlNode *p = rr_html_el_class (parent, "p", "formula", NULL);
  for (guint i = 0; i < n_parts; i++)
    {
      if (i % 2 == 0)
        rr_html_text (p, parts[i]);
      else
        rr_html_el (p, "sub", parts[i]);
    }
}

static void
add_method (xmlNode *page, const RrAuditResult *r)
{
  xmlNode *section = rr_html_section (page, "method", "Method");
  rr_html_el (
      section, "p",
      "People are grouped by the values of their quasi-identifiers, each generalised to its "
      "level. A group of people with the same values is an equivalence class; f is its "
      "size. A missing value counts as a value of its own, and each person is audited with "
      "the values of their first row.");
  rr_html_el (
      section, "p",
      "The prosecutor attacker knows that the target is in the release and knows the "
      "target\u2019s quasi-identifiers, and picks one record at random from the target\u2019s "
      "class. The risk to person i, in class k, is therefore:");
  static const char *const risk[] = { "risk", "i", " = 1 / f", "k", "   (person i in class k)" };
  add_formula (section, risk, G_N_ELEMENTS (risk));
  rr_html_el (section, "p",
              "Over the n people in the release, with C classes and threshold \u03c4:");
  static const char *const max[] = { "highest risk = 1 / min f", "k",
                                     "   (the release is k-anonymous for k = min f", "k", ")" };
  add_formula (section, max, G_N_ELEMENTS (max));
  static const char *const mean[] = { "average risk = (1/n) \u03a3 risk", "i", " = C / n" };
  add_formula (section, mean, G_N_ELEMENTS (mean));
  static const char *const share[] = { "share at risk = (1/n) \u00d7 #{ i : risk", "i",
                                       " > \u03c4 }" };
  add_formula (section, share, G_N_ELEMENTS (share));
  g_autofree char *threshold = short_number (r->threshold);
  g_autofree char *tau = g_strdup_printf (
    "This report uses \u03c4 = %s. Sources: K. El Emam and F. K. Dankar, \u201cProtecting privacy "
    "using k-anonymity\u201d, JAMIA 15(5), 2008; K. El Emam, Guide to the De-Identification of "
    "Personal Health Information, CRC Press, 2013 (the 0.09 threshold for data shared with "
    "moderate controls); L. Sweeney, \u201ck-anonymity: a model for protecting privacy\u201d, "
    "2002.", threshold);
  rr_html_el_class (section, "p", "muted", tau);
  rr_report_html_decision_method_add (section, r);
}

/* ---- (5) inputs and run ---- */

static void
add_fact (xmlNode *tbody, const char *name, const char *value, gboolean mono)
{
  xmlNode *tr = rr_html_row (tbody, name);
  xmlNode *td = rr_html_el (tr, "td", NULL);
  if (mono)
    rr_html_el (td, "code", value);
  else
    rr_html_text (td, value);
}

static void
add_fact_count (xmlNode *tbody, const char *name, guint64 n)
{
  g_autofree char *text = rr_format_count (n);
  add_fact (tbody, name, text, FALSE);
}

static char *
inconsistent_text (const RrAuditResult *r)
{
  GString *out = g_string_new (NULL);
  g_autofree char *n = rr_format_count (r->inconsistent_persons);
  g_string_append (out, n);
  for (guint i = 0; i < r->inconsistent_lines->len; i++)
    g_string_append_printf (out, "%s%" G_GUINT64_FORMAT,
                            i == 0 ? " (first at lines " : ", ",
                            g_array_index (r->inconsistent_lines, guint64, i));
  if (r->inconsistent_lines->len > 0)
    g_string_append (out, ")");
  return g_string_free (out, FALSE);
}

static void
add_input_facts (xmlNode *tbody, const RrAuditResult *r)
{
  add_fact (tbody, "File", r->file, TRUE);
  add_fact (tbody, "SHA-256", r->sha256, TRUE);
  g_autofree char *bytes = rr_format_count (r->file_bytes);
  g_autofree char *size = g_strdup_printf ("%s bytes, %s%s", bytes,
                                           r->delimiter == '\t' ? "TSV" : "CSV",
                                           r->gzip ? ", gzip-compressed" : "");
  add_fact (tbody, "Size and format", size, FALSE);
  add_fact_count (tbody, "Records (rows)", r->records);
  add_fact_count (tbody, "People", r->persons);
  if (r->person_column != NULL)
    add_fact (tbody, "Person column", r->person_column, TRUE);
  else
    add_fact (tbody, "Person column", "none: each row is a person", FALSE);
  g_autofree char *inconsistent = inconsistent_text (r);
  add_fact (tbody, "People whose values differ between rows", inconsistent, FALSE);
  if (g_strcmp0 (r->invalid_policy, "missing") == 0)
    add_fact (tbody, "Invalid values", "counted, and treated as missing (--invalid missing)",
              FALSE);
  else if (r->invalid_policy != NULL)
    add_fact (tbody, "Invalid values", "an invalid value stops the run (--invalid error)", FALSE);
}

static void
add_inputs (xmlNode *page, const RrAuditResult *r)
{
  static const char *const heads[] = { "Item", "Value" };
  xmlNode *section = rr_html_section (page, "inputs", "Inputs and run");
  xmlNode *tbody = rr_html_table (section, NULL, heads, G_N_ELEMENTS (heads));
  add_input_facts (tbody, r);
  g_autofree char *threshold = short_number (r->threshold);
  add_fact (tbody, "Risk threshold", threshold, FALSE);
  add_fact (tbody, "Ages as of", r->as_of != NULL ? r->as_of : "not given", FALSE);
  add_fact (tbody, "reidrisk version", r->version != NULL ? r->version : "unknown", FALSE);
  add_fact (tbody, "Command line", r->command_line != NULL ? r->command_line : "", TRUE);
}

/* ---- the page ---- */

static void
add_masthead (xmlNode *page, const RrAuditResult *r)
{
  xmlNode *header = rr_html_el_class (page, "header", "masthead", NULL);
  g_autofree char *eyebrow = g_strdup_printf ("reidrisk %s \u00b7 re-identification risk audit",
                                              r->version != NULL ? r->version : "");
  rr_html_el_class (header, "p", "eyebrow", eyebrow);
  g_autofree char *h1 = g_strdup_printf ("Re-identification risk of %s",
                                         r->file_basename != NULL ? r->file_basename : "");
  rr_html_el (header, "h1", h1);
  g_autofree char *subtitle = g_strdup_printf ("Prosecutor attacker; ages as of %s.",
                                               r->as_of != NULL ? r->as_of : "not given");
  rr_html_el_class (header, "p", "subtitle", subtitle);
}

static void
add_footer (xmlNode *page, const RrAuditResult *r)
{
  g_autofree char *text = g_strdup_printf (
    "Written by reidrisk %s. This report holds counts and shares only: no person\u2019s values.",
    r->version != NULL ? r->version : "");
  rr_html_el (page, "footer", text);
}

xmlDoc *
rr_report_html_build (const RrAuditResult *r)
{
  g_return_val_if_fail (r != NULL, NULL);
  g_autofree char *title = g_strdup_printf ("Re-identification risk: %s",
                                            r->file_basename != NULL ? r->file_basename : "");
  const char *const css[] = { report_css, rr_report_html_decision_css };
  xmlNode *page = NULL;
  xmlDoc *doc = rr_html_page_new (title, css, G_N_ELEMENTS (css), &page);
  add_masthead (page, r);
  xmlNode *first = rr_report_html_first_screen_add (page, r);
  add_summary (page, r);
  /* The answer first (the verdict's rules, what would make it safe), then what was found before
   * any statistics (direct identifiers), then who could be named, then why. */
  rr_report_html_decision_sections_add (page, r);
  if (r->scan != NULL)
    rr_report_scan_html_add (page, r->scan);
  rr_report_html_population_add (page, r);
  rr_report_html_add_attacks (page, r->attacks);
  rr_report_html_analysis_sections_add (page, r);
  add_distribution (page, r);
  add_qis (page, r);
  add_method (page, r);
  add_inputs (page, r);
  add_footer (page, r);
  rr_report_html_toc_insert (page, first);
  return doc;
}

gboolean
rr_report_html_write (const RrAuditResult *r, const char *path, GError **error)
{
  g_autoptr (xmlDoc) doc = rr_report_html_build (r);
  return rr_html_write (doc, path, error);
}
