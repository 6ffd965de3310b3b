/* html-population.c - the population model in the HTML report (report stage): words, one
 * chart, and tables built as libxml2 nodes; every string from the data is escaped text. */
#include "config.h"
#include "report/html-population.h"
#include "measure/population-result.h"
#include "population/frequency.h"
#include "report/format.h"
#include "report/decision-words.h"
#include "report/html-tree.h"
#include "report/svg.h"
#include <math.h>

/* A row headed by head, then one plain cell per string. */
static void
add_row (xmlNode *tbody, const char *head, const char *const *cells, guint n)
{
  xmlNode *tr = rr_html_row (tbody, head);
  for (guint i = 0; i < n; i++)
    rr_html_el (tr, "td", cells[i]);
}

/* ---- words ---- */

static char *
num (double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.4g", x));
}

/* A count from an expected value, for prose: "about 1,234", "fewer than 1". */
static char *
about (double x)
{
  if (x < 0.5)
    return g_strdup (x > 0 ? "fewer than 1" : "none");
  g_autofree char *n = rr_format_count ((guint64) llround (x));
  return g_strdup_printf ("about %s", n);
}

/* The same at the start of a sentence. */
static char *
About (double x)
{
  char *text = about (x);
  text[0] = g_ascii_toupper (text[0]);
  return text;
}

/* ---- (a) three attackers ---- */

static void
attacker_prosecutor (xmlNode *tbody, const RrAuditResult *r)
{
  g_autofree char *n = rr_format_count (r->sample_uniques);
  g_autofree char *m = rr_format_count (r->persons);
  g_autofree char *words = g_strdup_printf (
    "Knows that the person is in this release. %s of the %s people are alone in their group "
    "and can be picked out with certainty.", n, m);
  g_autofree char *max = rr_format_percent (r->prosecutor.max);
  g_autofree char *mean = rr_format_percent (r->prosecutor.mean);
  g_autofree char *at = rr_format_percent (r->prosecutor.records_at_risk);
  const char *cells[] = { words, max, mean, at };
  add_row (tbody, "Prosecutor", cells, G_N_ELEMENTS (cells));
}

static void
attacker_journalist (xmlNode *tbody, const RrAuditResult *r, const RrPopulationResult *p,
                     const char *facts)
{
  g_autofree char *u = about (p->estimated_uniques);
  g_autofree char *words = g_strdup_printf (
    "Holds %s for everyone (for example the electoral roll and dates of birth) but does not "
    "know who is in the release. An estimated %s of the released people are unique in the "
    "whole population on those facts, so a match on them names the right person.", facts, u);
  g_autofree char *max = rr_format_percent (p->journalist_max);
  g_autofree char *mean = rr_format_percent (p->journalist_mean);
  g_autofree char *at = rr_format_percent (p->journalist_at_risk);
  const char *cells[] = { words, max, mean, at };
  add_row (tbody, "Journalist", cells, G_N_ELEMENTS (cells));
  (void) r;
}

static void
attacker_marketer (xmlNode *tbody, const RrAuditResult *r, const RrPopulationResult *p,
                   const char *facts)
{
  g_autofree char *n = About (p->expected_reidentifications);
  g_autofree char *m = rr_format_count (r->persons);
  g_autofree char *words = g_strdup_printf (
    "Links the whole release to a list of the population holding %s, and takes every match. "
    "%s of the %s people in this release would be correctly named.", facts, n, m);
  g_autofree char *mean = rr_format_percent (p->marketer_mean);
  const char *cells[] = { words, "", mean, "" };
  add_row (tbody, "Marketer", cells, G_N_ELEMENTS (cells));
}

static void
add_attackers (xmlNode *page, const RrAuditResult *r, const RrPopulationResult *p)
{
  xmlNode *section = rr_html_section (page, "attackers", "Who could be named: three attackers");
  g_autofree char *facts = rr_words_qi_names (r);
  g_autofree char *n = About (p->expected_reidentifications);
  g_autofree char *m = rr_format_count (r->persons);
  g_autofree char *lead = g_strdup_printf (
    "%s of the %s people in this release could be correctly named by someone holding %s for "
    "the whole population (for example the electoral roll and dates of birth).", n, m, facts);
  rr_html_el_class (section, "p", "headline", lead);
  static const char *const heads[] = { "Attacker", "What they know, and what follows",
                                       "#Highest risk", "#Average risk", "#Share at risk" };
  xmlNode *tbody = rr_html_table (section, NULL, heads, G_N_ELEMENTS (heads));
  attacker_prosecutor (tbody, r);
  attacker_journalist (tbody, r, p, facts);
  attacker_marketer (tbody, r, p, facts);
  g_autofree char *size = rr_format_count (p->size);
  g_autofree char *pi = rr_format_percent (p->sampling_fraction);
  g_autofree char *t = num (r->threshold);
  g_autofree char *how = g_strdup_printf (
    "Population: %s, %s people, of whom the release holds %s (the sampling fraction). "
    "A person's journalist risk is the expected value of 1/F, where F is the number of people "
    "in the population who share their values; \u201cat risk\u201d means a risk above %s.",
    p->source, size, pi, t);
  rr_html_el_class (section, "p", "muted", how);
}

/* ---- (b) risk by person ---- */

static void
add_risk_chart (xmlNode *page, const RrAuditResult *r, const RrPopulationResult *p)
{
  xmlNode *section = rr_html_section (page, "risk-by-person", "Journalist risk by person");
  /* The labels of rr_risk_band_edges, short enough to sit under their bars. */
  static const char *const labels[RR_RISK_N_BANDS] = { "\u22640.1%", "0.1\u20131%", "1\u20135%",
                                                       "5\u201310%", "10\u201320%",
                                                       "20\u201350%", "50\u2013100%" };
  G_STATIC_ASSERT (RR_RISK_N_BANDS == 7);
  RrSvgBar bars[RR_RISK_N_BANDS];
  GString *desc = g_string_new ("Bar chart of the number of people by their journalist risk. ");
  for (guint b = 0; b < RR_RISK_N_BANDS; b++)
    {
      bars[b] = (RrSvgBar){ labels[b], p->bands[b], b >= 4 ? "#b3261e" : b >= 2 ? "#e08e2b"
                                                                              : "#5b8cbb", NULL };
      g_autofree char *n = rr_format_count (p->bands[b]);
      g_string_append_printf (desc, "%s%s: %s people", b > 0 ? "; " : "", labels[b], n);
    }
  g_string_append_c (desc, '.');
  RrSvgChartText text = { "risk-chart", "People by journalist risk", desc->str,
                          "Journalist risk: expected 1/F", "People" };
  xmlNode *figure = rr_html_el (section, "figure", NULL);
  rr_svg_bar_chart_add (figure, &text, bars, RR_RISK_N_BANDS);
  rr_html_el (figure, "figcaption",
              "People by their risk of being correctly named by an attacker "
              "who holds the quasi-identifiers for the whole population. Red "
              "bars are risks above 10%.");
  g_string_free (desc, TRUE);
  (void) r;
}

/* ---- (c) sample-only models ---- */

static char *
params_text (const RrUniquenessEstimate *e)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < e->n_params; i++)
    {
      g_autofree char *v = num (e->params[i]);
      g_string_append_printf (out, "%s%s = %s", i > 0 ? ", " : "", e->param_names[i], v);
    }
  return g_string_free (out, FALSE);
}

static void
add_model_row (xmlNode *tbody, const RrPopulationResult *p, const RrUniquenessEstimate *e)
{
  g_autofree char *uniques = e->converged ? about (e->population_uniques) : g_strdup ("\u2014");
  g_autofree char *released = e->converged ? about (e->population_uniques * p->sampling_fraction)
                                           : g_strdup ("\u2014");
  g_autofree char *params = params_text (e);
  g_autofree char *status = e->model == RR_UNIQ_DANKAR && e->converged
    ? g_strdup_printf ("converged (chose %s)", rr_uniqueness_model_name (e->chosen))
    : g_strdup (e->converged ? "converged" : "did not converge");
  const char *cells[] = { status, uniques, released, params, e->note != NULL ? e->note : "" };
  add_row (tbody, rr_uniqueness_model_name (e->model), cells, G_N_ELEMENTS (cells));
}

static void
add_models (xmlNode *page, const RrAuditResult *r, const RrPopulationResult *p)
{
  xmlNode *section = rr_html_section (page, "sample-only", "Sample-only estimates");
  rr_html_el (section, "p",
              "These models estimate the population\u2019s uniques from the release "
              "alone (its group sizes and the sampling fraction), as ARX and sdcMicro "
              "do. They know nothing of where people live or how old they are, and "
              "are known to miss badly on clustered data; they are a cross-check.");
  static const char *const heads[] = { "Model", "Fit", "#Population uniques",
                                       "#Of them in the release", "Parameters", "Note" };
  xmlNode *tbody = rr_html_table (section, NULL, heads, G_N_ELEMENTS (heads));
  for (guint m = 0; m < RR_UNIQ_N_MODELS; m++)
    add_model_row (tbody, p, &p->models[m]);
  g_autofree char *bf = about (p->bf.expected_reidentifications);
  g_autofree char *mean = rr_format_percent (p->bf.mean_risk);
  g_autofree char *text = g_strdup_printf (
    "Benedetti\u2013Franconi individual risk (sdcMicro): %s expected re-identifications, mean "
    "risk %s. Models computed in %s form.", bf, mean,
    p->form == RR_UNIQ_FORM_ARX ? "ARX\u2019s" : "the papers\u2019");
  rr_html_el (section, "p", text);
  (void) r;
}

/* ---- (d) assumptions ---- */

static void
add_sensitivity (xmlNode *section, const RrPopulationResult *p)
{
  static const char *const heads[] = { "Every F", "#Estimated population uniques",
                                       "#Marketer risk" };
  xmlNode *tbody = rr_html_table (section, "How far the figures move if the tables are off", heads,
                                  G_N_ELEMENTS (heads));
  g_autofree char *u = num (p->estimated_uniques);
  g_autofree char *m = rr_format_percent (p->marketer_mean);
  const char *as_is[] = { u, m };
  add_row (tbody, "as estimated", as_is, 2);
  for (guint j = 0; j < RR_POPULATION_N_SENSITIVITY; j++)
    {
      g_autofree char *head = g_strdup_printf ("\u00d7 %g", rr_population_sensitivity[j]);
      g_autofree char *su = num (p->sensitivity_uniques[j]);
      g_autofree char *sm = rr_format_percent (p->sensitivity_marketer[j]);
      const char *cells[] = { su, sm };
      add_row (tbody, head, cells, 2);
    }
}

static void
add_postcode_counts (xmlNode *ul, const RrPopulationResult *p)
{
  g_autofree char *a = rr_format_count (p->postcodes_coarser);
  g_autofree char *b = rr_format_count (p->persons_coarser);
  g_autofree char *c = rr_format_count (p->postcodes_unmatched);
  g_autofree char *d = rr_format_count (p->persons_unmatched);
  g_autofree char *z = rr_format_count (p->persons_zero);
  g_autofree char *text = g_strdup_printf (
    "%s postcodes (of %s people) are not in the tables at their level and were handled at the "
    "next coarser level; %s postcodes (of %s people) were found at no level. %s people are in "
    "groups the tables hold nobody like (F = 0).", a, b, c, d, z);
  rr_html_el (ul, "li", text);
}

static const char *
level_word (int level, gboolean plural)
{
  static const char *const one[] = { "unit", "sector", "district", "area" };
  static const char *const many[] = { "units", "sectors", "districts", "areas" };
  if (level < 0 || level >= (int) G_N_ELEMENTS (one))
    return plural ? "codes" : "code";
  return plural ? many[level] : one[level];
}

/* One sentence per level below the geography table: how its codes got their parent's persons. */
static char *
split_sentence (const RrPopulationResult *p, const RrPopulationSplitFit *f)
{
  const char *lv = level_word (f->level, TRUE), *one = level_word (f->level, FALSE);
  const char *up = level_word (f->level + 1, FALSE), *ups = level_word (f->level + 1, TRUE);
  g_autofree char *codes = rr_format_count (f->codes);
  g_autofree char *parents = rr_format_count (f->parents);
  if (p->split == RR_POPULATION_SPLIT_UNIFORM)
    return g_strdup_printf ("Postcode %s: each gets 1/%g of its %s's persons, the manifest's "
                            "average number of %s per %s (--postcode-split uniform).", lv,
                            f->per_parent, up, lv, up);
  if (isinf (f->alpha))
    return g_strdup_printf ("Postcode %s: split by the release, but its %s %s in %s %s vary no "
                            "more than sampling would, so each gets 1/%g of its %s's persons.",
                            lv, codes, lv, parents, ups, f->per_parent, up);
  return g_strdup_printf ("Postcode %s: each gets (f + %.3g) / (g + %.3g \u00d7 %g) of its %s's "
                          "persons, where f and g are the released persons of the %s and of "
                          "its %s; the average share 1/%g counts as much as %.3g released "
                          "persons (alpha fitted to %s %s in %s %s%s).", lv, f->alpha, f->alpha,
                          f->per_parent, up, one, up, f->per_parent, f->alpha * f->per_parent,
                          codes, lv, parents, ups,
                          f->at_lower ? ", at the smallest value searched" : "");
}

static void
add_splits (xmlNode *ul, const RrPopulationResult *p)
{
  for (guint i = 0; i < p->n_split_fits; i++)
    {
      g_autofree char *text = split_sentence (p, &p->split_fits[i]);
      rr_html_el (ul, "li", text);
    }
}

static void
add_assumptions (xmlNode *page, const RrAuditResult *r, const RrPopulationResult *p)
{
  xmlNode *section = rr_html_section (page, "assumptions", "Population model: assumptions");
  xmlNode *ul = rr_html_el (section, "ul", NULL);
  g_autofree char *size = rr_format_count (p->size);
  g_autofree char *size_text = g_strdup_printf ("Population size %s: %s.", size, p->size_from);
  rr_html_el (ul, "li", size_text);
  for (guint i = 0; i < p->roles->len && i < r->qis->len; i++)
    {
      const RrQiSummary *s = g_ptr_array_index (r->qis, i);
      RrPopulationRole role = g_array_index (p->roles, RrPopulationRole, i);
      g_autofree char *text = role == RR_POPULATION_ROLE_NONE
        ? g_strdup_printf ("%s: no table; its shares in the release, taken as independent of "
                           "the other values.", s->name)
        : g_strdup_printf ("%s: read from the tables as %s.", s->name,
                           rr_population_role_to_string (role));
      rr_html_el (ul, "li", text);
    }
  rr_html_el (ul, "li",
              "Age and sex are taken as independent of the area within a region, and the "
              "ethnic group as independent of age and sex within a region "
              "(doc/population-model.md).");
  add_postcode_counts (ul, p);
  for (guint b = 0; b < RR_POPULATION_N_FALLBACKS; b++)
    if (p->fallbacks & (1u << b))
      rr_html_el (ul, "li", rr_population_fallback_describe ((RrPopulationFallback)(1u << b)));
  add_splits (ul, p);
  for (guint i = 0; i < p->notes->len; i++)
    rr_html_el (ul, "li", g_ptr_array_index (p->notes, i));
  add_sensitivity (section, p);
}

void
rr_report_html_population_add (xmlNode *page, const RrAuditResult *r)
{
  const RrPopulationResult *p = r->population;
  if (p == NULL)
    return;
  if (p->tables)
    {
      add_attackers (page, r, p);
      add_risk_chart (page, r, p);
    }
  if (p->sample_only)
    add_models (page, r, p);
  if (p->tables)
    add_assumptions (page, r, p);
}
