/* html-attack.c - one section per simulated attack in the HTML report: what the attacker holds
 * and how it matches, what it achieved in words and figures, a chart of its success across the
 * replicates, the facts that carried the correct matches, and the sources of the scenario's
 * figures (report stage). */
#include "config.h"
#include "report/html-attack.h"
#include "measure/attack-result.h"
#include "report/format.h"
#include "report/html-tree.h"
#include "report/svg.h"
#include <math.h>

/* The chart's bars: at most this many equal ranges between the lowest and highest replicate. */
#define N_HISTOGRAM_BINS 10

/* ---- words ---- */

/* A mean count for prose: whole numbers as such, else one decimal. */
static char *
count_words (double x)
{
  if (isnan (x))
    return g_strdup ("n/a");
  double tenths = round (x * 10);
  if (!(tenths >= 0 && tenths < 1e16))
    return g_strdup_printf ("%.3g", x);
  g_autofree char *whole = rr_format_count ((guint64) tenths / 10);
  guint digit = (guint) ((guint64) tenths % 10);
  return digit == 0 ? g_steal_pointer (&whole) : g_strdup_printf ("%s.%u", whole, digit);
}

static char *
percent_words (double share)
{
  return isnan (share) ? g_strdup ("n/a") : rr_format_percent (share);
}

static const char *
rule_words (const RrAttackResult *a)
{
  if (g_strcmp0 (a->accept, "unique") == 0)
    return "It claims a match only when the record and the person are each other's only "
           "candidate at their best score.";
  if (g_strcmp0 (a->accept, "threshold") == 0)
    return "It pairs people and records one to one, best score first, down to its threshold, "
           "choosing at random among equally good candidates.";
  return "It pairs people and records one to one, best first, and picks at random among "
         "equally good candidates.";
}

static char *
target_words (const RrAttackResult *a)
{
  g_autofree char *cov = rr_format_percent (a->coverage);
  if (g_strcmp0 (a->target, "prosecutor") == 0)
    return g_strdup_printf ("The attacker goes after people it knows are in the release: it "
                            "holds facts about %s of them.", cov);
  return g_strdup_printf ("The attacker does not know who is in the release: its file covers %s "
                          "of the population, people in the release or not, so it can name "
                          "the wrong person.", cov);
}

static char *
method_words (const RrAttackResult *a)
{
  if (g_strcmp0 (a->method, "exact") == 0)
    return g_strdup_printf ("It matches exactly: a record is a candidate when at least %u of "
                            "the facts compared agree and none disagrees. %s", a->min_fields,
                            rule_words (a));
  g_autofree char *t = g_strdup_printf ("%.3g", a->threshold);
  return g_strdup_printf ("It matches probabilistically: each pair of a person and a record is "
                          "scored with Fellegi-Sunter weights (log2 of m/u for a fact that "
                          "agrees, of (1-m)/(1-u) for one that does not); a claim needs a score "
                          "of at least %s. %s", t, rule_words (a));
}

static char *
headline (const RrAttackResult *a)
{
  g_autofree char *correct = count_words (a->correct.mean);
  g_autofree char *persons = rr_format_count (a->persons);
  g_autofree char *pct = percent_words (a->reidentified.mean);
  g_autofree char *low = count_words (a->correct.low);
  g_autofree char *high = count_words (a->correct.high);
  g_autofree char *plow = percent_words (a->reidentified.low);
  g_autofree char *phigh = percent_words (a->reidentified.high);
  return g_strdup_printf ("In %u simulated attacks this attacker correctly named on average %s "
                          "of the %s people in the release (%s); in 95%% of the attacks, "
                          "between %s and %s people (%s to %s).", a->replicates, correct,
                          persons, pct, low, high, plow, phigh);
}

static char *
claims_words (const RrAttackResult *a)
{
  if (a->precision_replicates == 0)
    return g_strdup ("It made no claim in any of the simulated attacks.");
  g_autofree char *claims = count_words (a->claims.mean);
  g_autofree char *precision = percent_words (a->precision.mean);
  g_autofree char *wrong = count_words (a->false_matches.mean);
  g_autofree char *wlow = count_words (a->false_matches.low);
  g_autofree char *whigh = count_words (a->false_matches.high);
  return g_strdup_printf ("It claimed %s matches on average, and %s of its claims were right. "
                          "On average %s people were wrongly named (between %s and %s in 95%% "
                          "of the attacks): a wrong match is a harm too, since someone is then "
                          "taken to have a record that is not theirs.", claims, precision, wrong, wlow,
                          whigh);
}

/* ---- figures ---- */

static void
add_tiles (xmlNode *section, const RrAttackResult *a)
{
  xmlNode *dl = rr_html_el_class (section, "dl", "figures", NULL);
  g_autofree char *pct = percent_words (a->reidentified.mean);
  g_autofree char *correct = count_words (a->correct.mean);
  g_autofree char *note = g_strdup_printf ("%s people on average", correct);
  rr_html_tile (dl, "Correctly named", pct, note);
  g_autofree char *claims = count_words (a->claims.mean);
  rr_html_tile (dl, "Claims", claims, "matches claimed, on average");
  g_autofree char *precision = percent_words (a->precision.mean);
  rr_html_tile (dl, "Precision", precision, "of claims right");
  g_autofree char *wrong = count_words (a->false_matches.mean);
  rr_html_tile (dl, "Wrongly named", wrong, "people, on average");
}

/* ---- the chart: replicates by their share correctly named ---- */

static char *
range_label (double lo, double hi, int decimals)
{
  return g_strdup_printf ("%.*f\u2013%.*f%%", decimals, 100 * lo, decimals, 100 * hi);
}

static void
add_chart (xmlNode *section, const RrAttackResult *a, guint index)
{
  const GArray *x = a->replicate_share;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  for (guint i = 0; i < x->len; i++)
    lo = MIN (lo, g_array_index (x, double, i)), hi = MAX (hi, g_array_index (x, double, i));
  guint n_bins = hi - lo > 1e-12 ? MIN (N_HISTOGRAM_BINS, x->len) : 1;
  double width = n_bins > 1 ? (hi - lo) / n_bins : 0;
  int decimals = width > 0 ? MAX (1, (int) ceil (-log10 (100 * width)) + 1) : 1;
  guint64 counts[N_HISTOGRAM_BINS] = { 0 };
  for (guint i = 0; i < x->len; i++)
    {
      double v = g_array_index (x, double, i);
      guint b = width > 0 ? (guint) MIN ((v - lo) / width, n_bins - 1) : 0;
      counts[b]++;
    }
  RrSvgBar bars[N_HISTOGRAM_BINS];
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) desc = g_string_new ("Bar chart of the simulated attacks by the share of "
                                           "people they named correctly: ");
  for (guint b = 0; b < n_bins; b++)
    {
      char *label = width > 0 ? range_label (lo + b * width, lo + (b + 1) * width, decimals)
                              : g_strdup_printf ("%.*f%%", 2, 100 * lo);
      g_ptr_array_add (labels, label);
      bars[b] = (RrSvgBar){ label, counts[b], "#2b5078", NULL };
      g_string_append_printf (desc, "%s%s: %" G_GUINT64_FORMAT, b > 0 ? "; " : "", label,
                              counts[b]);
    }
  g_string_append_c (desc, '.');
  g_autofree char *id = g_strdup_printf ("attack-%u-chart", index);
  RrSvgChartText text = { id, "Simulated attacks by the share of people correctly named",
                          desc->str, "Share of the release correctly named", "Attacks" };
  xmlNode *figure = rr_html_el (section, "figure", NULL);
  rr_svg_bar_chart_add (figure, &text, bars, n_bins);
  g_autofree char *caption = g_strdup_printf (
    "Each bar counts the simulated attacks (of %u) whose share of people correctly named fell "
    "in its range: the spread is what one attack might achieve.", a->replicates);
  rr_html_el (figure, "figcaption", caption);
}

/* ---- facts, combinations, notes ---- */

static char *
rate_words (double rate, const char *source)
{
  g_autofree char *pct = rr_format_percent (rate);
  if (!(rate > 0))
    return g_strdup ("0%");
  return source != NULL ? g_strdup_printf ("%s (%s)", pct, source)
                        : g_strdup_printf ("%s (assumption)", pct);
}

static void
add_facts (xmlNode *section, const RrAttackResult *a)
{
  static const char *const heads[] = { "Fact", "Compared with", "Attacker knows",
                                       "Compared at", "Missing", "Wrong" };
  xmlNode *tbody = rr_html_table (section, "What the attacker holds", heads, G_N_ELEMENTS (heads));
  for (guint i = 0; i < a->facts->len; i++)
    {
      const RrAttackFactSummary *f = g_ptr_array_index (a->facts, i);
      xmlNode *tr = rr_html_row (tbody, f->role);
      rr_html_el (rr_html_el (tr, "td", NULL), "code", f->column);
      rr_html_el (tr, "td", rr_qi_level_to_string (f->precision));
      rr_html_el (tr, "td", rr_qi_level_to_string (f->level));
      g_autofree char *missing = rate_words (f->missing, f->missing_source);
      g_autofree char *wrong = rate_words (f->wrong, f->wrong_source);
      rr_html_el (tr, "td", missing);
      rr_html_el (tr, "td", wrong);
    }
}

static void
add_combinations (xmlNode *section, const RrAttackResult *a)
{
  if (a->combinations->len == 0)
    return;
  static const char *const heads[] = { "Facts that agreed", "#Correct matches (mean)",
                                       "#Share of correct matches" };
  xmlNode *tbody = rr_html_table (section, "Which facts carried the correct matches", heads,
                                  G_N_ELEMENTS (heads));
  for (guint i = 0; i < a->combinations->len; i++)
    {
      const RrAttackCombination *c = g_ptr_array_index (a->combinations, i);
      xmlNode *tr = rr_html_row (tbody, c->columns);
      g_autofree char *n = count_words (c->correct);
      g_autofree char *share = rr_format_percent (c->share);
      rr_html_el_class (tr, "td", "num", n);
      rr_html_el_class (tr, "td", "num", share);
    }
}

static void
add_notes (xmlNode *section, const RrAttackResult *a)
{
  xmlNode *ul = rr_html_el (section, "ul", NULL);
  g_autofree char *cov = rr_format_percent (a->coverage);
  g_autofree char *coverage = g_strdup_printf (
    "Coverage %s: %s.", cov, a->coverage_source != NULL ? a->coverage_source : "an assumption");
  rr_html_el (ul, "li", coverage);
  for (guint i = 0; i < a->notes->len; i++)
    rr_html_el (ul, "li", g_ptr_array_index (a->notes, i));
  g_autofree char *run = g_strdup_printf (
    "Seed %" G_GUINT64_FORMAT ", %u replicates: the same seed gives the same figures "
    "(--seed %" G_GUINT64_FORMAT " --replicates %u). Scenario file: %s.", a->seed,
    a->replicates, a->seed, a->replicates, a->path != NULL ? a->path : a->name);
  rr_html_el_class (ul, "li", "muted", run);
}

static void
add_attack (xmlNode *page, const RrAttackResult *a, guint index)
{
  xmlNode *section = rr_html_el (page, "section", NULL);
  g_autofree char *id = g_strdup_printf ("attack-%u", index);
  rr_html_attr (section, "aria-labelledby", id);
  g_autofree char *heading = g_strdup_printf ("Simulated attack: %s", a->title);
  rr_html_attr (rr_html_el (section, "h2", heading), "id", id);
  if (a->description != NULL)
    rr_html_el (section, "p", a->description);
  g_autofree char *head = headline (a);
  rr_html_el_class (section, "p", "headline", head);
  add_tiles (section, a);
  g_autofree char *claims = claims_words (a);
  rr_html_el (section, "p", claims);
  g_autofree char *target = target_words (a);
  g_autofree char *method = method_words (a);
  g_autofree char *how = g_strdup_printf ("%s %s", target, method);
  rr_html_el (section, "p", how);
  add_chart (section, a, index);
  add_facts (section, a);
  add_combinations (section, a);
  add_notes (section, a);
}

void
rr_report_html_add_attacks (xmlNode *page, const GPtrArray *attacks)
{
  for (guint i = 0; attacks != NULL && i < attacks->len; i++)
    add_attack (page, g_ptr_array_index (attacks, i), i + 1);
}
