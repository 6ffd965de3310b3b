/* html-decision.c - the first screen, the table of contents and the decision sections of the
 * HTML report (report stage).  Words and tables only: every figure comes computed. */
#include "config.h"
#include "report/html-decision.h"
#include "measure/decision.h"
#include "report/decision-words.h"
#include "report/format.h"
#include "report/html-tree.h"
#include "report/svg.h"
#include <string.h>

const char rr_report_html_decision_css[] =
  ".first-screen{border:1px solid var(--line);border-left:8px solid var(--accent);"
  "border-radius:6px;padding:1rem 1.5rem;margin:0 0 1.5rem;background:#f8fafc}\n"
  ".first-screen.fail{border-left-color:var(--alert);background:var(--alert-bg)}\n"
  ".first-screen.pass{border-left-color:var(--calm);background:var(--calm-bg)}\n"
  ".first-screen h2{margin:0 0 .4rem;border:0;padding:0;font-size:.8rem;text-transform:uppercase;"
  "letter-spacing:.08em;color:var(--muted)}\n"
  ".verdict-badge{display:inline-block;font-size:1.6rem;font-weight:800;letter-spacing:.06em;"
  "padding:.1rem .9rem;border-radius:6px;color:#fff;background:var(--accent);margin:0 .6rem 0 0}\n"
  ".fail .verdict-badge{background:var(--alert)}.pass .verdict-badge{background:var(--calm)}\n"
  ".verdict-policy{display:inline;font-weight:600}\n"
  ".plain{font-size:1.08rem;margin:.8rem 0 0;padding-left:1.2rem}.plain li{margin:.45rem 0}\n"
  "nav.toc{border:1px solid var(--line);border-radius:6px;padding:.5rem 1.25rem;margin:0 0 1rem}\n"
  "nav.toc h2{font-size:1rem;margin:.3rem 0;border:0;padding:0}\n"
  "nav.toc ol{margin:.2rem 0 .5rem;padding-left:1.4rem;columns:2}\n"
  "nav.toc a{color:var(--accent)}\n"
  ".ok{color:var(--calm);font-weight:600}.bad{color:var(--alert);font-weight:600}\n"
  "@media print{nav.toc ol{columns:2}.first-screen{break-after:avoid}"
  "section{break-before:auto}a{color:inherit;text-decoration:none}}\n";

/* ---- the first screen ---- */

static char *
sentence_verdict (const RrVerdictResult *v)
{
  if (v == NULL)
    return g_strdup ("No policy was given, so there is no verdict: the figures below measure the "
                     "risk for a board to judge.");
  guint n = v->rules->len;
  if (v->pass)
    return g_strdup_printf ("This release meets the %s policy: all %u of its %s met.", v->policy,
                            n, rr_words_plural (n, "rule is", "rules are"));
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "This release does not meet the %s policy", v->policy);
  if (v->n_failed > 0)
    g_string_append_printf (s, ": %u of its %u %s not met", v->n_failed, n,
                            rr_words_plural (v->n_failed, "rules is", "rules are"));
  if (v->n_not_measured > 0)
    g_string_append_printf (s, "%s %u %s not be measured in this run and %s as not met",
                            v->n_failed > 0 ? ", and" : ":", v->n_not_measured,
                            rr_words_plural (v->n_not_measured, "rule could", "rules could"),
                            rr_words_plural (v->n_not_measured, "counts", "count"));
  g_string_append_c (s, '.');
  return g_string_free (s, FALSE);
}

static char *
sentence_who (const RrAuditResult *r)
{
  g_autofree char *names = rr_words_qi_names (r);
  g_autofree char *people = rr_format_count (r->persons);
  if (r->sample_uniques == 0)
    {
      g_autofree char *k = rr_format_count (r->min_class_size);
      return g_strdup_printf ("No one among the %s people is unique on %s: everyone shares those "
                              "values with at least %s %s.", people, names,
                              r->min_class_size > 1 ? "" : "no", k);
    }
  g_autofree char *u = rr_format_count (r->sample_uniques);
  g_autofree char *pct = rr_format_percent ((double) r->sample_uniques / (double) r->persons);
  return g_strdup_printf ("%s of the %s people (%s) %s unique on %s: anyone who knows those facts "
                          "about them can pick out their record.", u, people, pct,
                          rr_words_plural (r->sample_uniques, "is", "are"), names);
}

/* The quasi-identifier whose dropping removes the most sample uniques (then: lowers the mean). */
static const RrQiDriver *
top_driver (const RrDrivers *d)
{
  const RrQiDriver *best = NULL;
  for (guint i = 0; i < d->qis->len; i++)
    {
      const RrQiDriver *q = g_ptr_array_index (d->qis, i);
      if (best == NULL || q->dropped.sample_uniques < best->dropped.sample_uniques
          || (q->dropped.sample_uniques == best->dropped.sample_uniques
              && q->dropped.prosecutor_mean < best->dropped.prosecutor_mean))
        best = q;
    }
  return best;
}

static char *
sentence_driver (const RrDrivers *d)
{
  const RrQiDriver *q = d != NULL ? top_driver (d) : NULL;
  if (q == NULL)
    return NULL;
  g_autofree char *now = rr_format_count (d->audited.sample_uniques);
  g_autofree char *then = rr_format_count (q->dropped.sample_uniques);
  g_autofree char *gen = rr_format_count (q->generalised.sample_uniques);
  g_autofree char *max = rr_words_number (q->dropped.prosecutor_max);
  return g_strdup_printf ("Column %s drives the risk most: without it %s %s would be unique instead of "
                          "%s, and the highest risk would be %s; generalised one level (to %s) it "
                          "would leave %s.", q->qi, then, rr_words_plural (q->dropped.sample_uniques,
                                                                  "person", "people"), now, max,
                          rr_qi_level_to_string (q->next), gen);
}

static char *
sentence_safe (const RrAuditResult *r)
{
  const RrDecision *d = r->decision;
  if (d->search != NULL && d->search->recommendations->len > 0)
    {
      g_autofree char *words = rr_words_recommendation (
        d->search, g_ptr_array_index (d->search->recommendations, 0));
      return g_strdup_printf ("To meet the policy: %s.", words);
    }
  if (d->search != NULL)
    return g_strdup_printf ("No combination of generalisation levels meets the policy with at most "
                            "%g%% of records suppressed: it needs fewer quasi-identifiers, other "
                            "data, or a different kind of release.",
                            100.0 * d->search->max_suppression);
  if (d->diversity->len > 0)
    {
      const RrDiversityResult *dv = g_ptr_array_index (d->diversity, 0);
      g_autofree char *pct = rr_format_percent (dv->f.homogeneous);
      return g_strdup_printf ("For %s, %s of people are in groups where everyone has the same "
                              "value, which an attacker learns without picking out the record.",
                              dv->attribute, pct);
    }
  return NULL;
}

xmlNode *
rr_report_html_first_screen_add (xmlNode *page, const RrAuditResult *r)
{
  const RrDecision *d = r->decision;
  const RrVerdictResult *v = d != NULL ? d->verdict : NULL;
  xmlNode *s = rr_html_section (page, "verdict", "Verdict");
  rr_html_attr (s, "class", v == NULL ? "first-screen" : v->pass ? "first-screen pass"
                                                                  : "first-screen fail");
  xmlNode *head = rr_html_el (s, "p", NULL);
  rr_html_el_class (head, "span", "verdict-badge", v == NULL ? "NO POLICY" : v->pass ? "PASS" : "FAIL");
  g_autofree char *against = v == NULL ? g_strdup ("risk measured, not judged")
                             : g_strdup_printf ("against policy %s%s%s", v->policy,
                                                v->title != NULL ? ": " : "",
                                                v->title != NULL ? v->title : "");
  rr_html_el_class (head, "span", "verdict-policy", against);
  xmlNode *ul = rr_html_el_class (s, "ul", "plain", NULL);
  g_autofree char *s1 = sentence_verdict (v);
  g_autofree char *s2 = sentence_who (r);
  g_autofree char *s3 = d != NULL ? sentence_driver (d->drivers) : NULL;
  g_autofree char *s4 = d != NULL ? sentence_safe (r) : NULL;
  const char *sentences[] = { s1, s2, s3, s4 };
  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    if (sentences[i] != NULL)
      rr_html_el (ul, "li", sentences[i]);
  return s;
}

/* ---- table of contents ---- */

void
rr_report_html_toc_insert (xmlNode *page, xmlNode *after)
{
  xmlNode *nav = xmlNewDocNode (page->doc, NULL, BAD_CAST "nav", NULL);
  rr_html_attr (nav, "class", "toc");
  rr_html_attr (nav, "aria-labelledby", "contents");
  rr_html_attr (rr_html_el (nav, "h2", "Contents"), "id", "contents");
  xmlNode *ol = rr_html_el (nav, "ol", NULL);
  for (xmlNode *n = page->children; n != NULL; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE || strcmp ((const char *) n->name, "section") != 0
          || n == after)
        continue;
      for (xmlNode *h = n->children; h != NULL; h = h->next)
        if (h->type == XML_ELEMENT_NODE && strcmp ((const char *) h->name, "h2") == 0)
          {
            xmlChar *id = xmlGetProp (h, BAD_CAST "id");
            xmlChar *text = xmlNodeGetContent (h);
            g_autofree char *href = g_strdup_printf ("#%s", (const char *) id);
            rr_html_attr (rr_html_el (rr_html_el (ol, "li", NULL), "a", (const char *) text),
                          "href", href);
            xmlFree (id);
            xmlFree (text);
            break;
          }
    }
  xmlAddNextSibling (after, nav);
}

/* ---- the rules ---- */

static void
add_rules (xmlNode *page, const RrVerdictResult *v)
{
  static const char *const heads[] = { "Rule", "Figure", "#Limit", "#Measured", "Result",
                                       "Source of the limit" };
  xmlNode *s = rr_html_section (page, "rules", "The policy\u2019s rules");
  g_autofree char *file = g_path_get_basename (v->file);
  g_autofree char *intro = g_strdup_printf (
    "Policy %s%s%s (%s). A rule whose figure this run could not measure counts as not met: "
    "the verdict never passes on a figure nobody measured.", v->policy, v->title ? ", " : "",
    v->title ? v->title : "", file);
  rr_html_el (s, "p", intro);
  g_autofree char *caption = rr_words_verdict (v);
  xmlNode *tbody = rr_html_table (s, caption, heads, G_N_ELEMENTS (heads));
  for (guint i = 0; i < v->rules->len; i++)
    {
      const RrRuleResult *rule = g_ptr_array_index (v->rules, i);
      xmlNode *tr = rr_html_row (tbody, rule->name);
      rr_html_el (tr, "td", rule->figure);
      g_autofree char *limit = rr_words_number (rule->limit);
      g_autofree char *bound = g_strdup_printf ("%s %s", rule->bound == RR_BOUND_MAX ? "\u2264" : "\u2265", limit);
      rr_html_num (tr, bound);
      g_autofree char *value = rr_words_number (rule->value);
      rr_html_num (tr, value);
      rr_html_el_class (tr, "td", rule->pass ? "ok" : "bad",
                        !rule->measured ? "not measured: not met" : rule->pass ? "met" : "not met");
      rr_html_el (tr, "td", rule->source != NULL ? rule->source : "not given");
    }
}

/* ---- what drives the risk ---- */

static void
add_driver_chart (xmlNode *s, const RrDrivers *d)
{
  guint n = d->qis->len;
  g_autofree RrSvgBar *bars = g_new0 (RrSvgBar, MAX (n, 1));
  g_autoptr (GPtrArray) tips = g_ptr_array_new_with_free_func (g_free);
  GString *desc = g_string_new ("Bar chart of the people who would no longer be unique if each "
                                "quasi-identifier were dropped. ");
  for (guint i = 0; i < n; i++)
    {
      const RrQiDriver *q = g_ptr_array_index (d->qis, i);
      guint64 v = d->audited.sample_uniques - MIN (q->dropped.sample_uniques, d->audited.sample_uniques);
      g_autofree char *count = rr_format_count (v);
      char *tip = g_strdup_printf ("%s: %s %s no longer unique", q->qi, count, rr_words_plural (v, "person", "people"));
      g_ptr_array_add (tips, tip);
      g_string_append_printf (desc, "%s%s", i > 0 ? "; " : "", tip);
      bars[i] = (RrSvgBar){ q->qi, v, "#2b5078", tip };
    }
  g_string_append_c (desc, '.');
  g_autofree char *text = g_string_free (desc, FALSE);
  RrSvgChartText t = { "drivers-chart", "What each quasi-identifier contributes to uniqueness",
                       text, "Quasi-identifier dropped", "People no longer unique" };
  xmlNode *figure = rr_html_el (s, "figure", NULL);
  rr_svg_bar_chart_add (figure, &t, bars, MAX (n, 1));
  rr_html_el (figure, "figcaption", "People who would no longer be unique if each "
                                    "quasi-identifier were dropped (withheld for everyone), the "
                                    "others unchanged.");
}

static void
add_risk_cells (xmlNode *tr, const RrNodeRisk *nr)
{
  g_autofree char *u = rr_format_count (nr->sample_uniques);
  g_autofree char *max = rr_words_number (nr->prosecutor_max);
  g_autofree char *mean = rr_words_number (nr->prosecutor_mean);
  rr_html_num (tr, u);
  rr_html_num (tr, max);
  rr_html_num (tr, mean);
}

static void
add_driver_table (xmlNode *s, const RrDrivers *d)
{
  static const char *const heads[] = { "Quasi-identifier", "Change", "#Unique people",
                                       "#Highest risk", "#Average (marketer) risk" };
  xmlNode *tbody = rr_html_table (s, "The risk with one quasi-identifier changed", heads,
                                  G_N_ELEMENTS (heads));
  xmlNode *tr = rr_html_row (tbody, "all");
  rr_html_el (tr, "td", "as audited");
  add_risk_cells (tr, &d->audited);
  for (guint i = 0; i < d->qis->len; i++)
    {
      const RrQiDriver *q = g_ptr_array_index (d->qis, i);
      g_autofree char *gen = g_strdup_printf ("%s to %s", rr_qi_level_to_string (q->level),
                                              rr_qi_level_to_string (q->next));
      tr = rr_html_row (tbody, q->qi);
      rr_html_el (tr, "td", gen);
      add_risk_cells (tr, &q->generalised);
      tr = rr_html_row (tbody, q->qi);
      rr_html_el (tr, "td", "dropped");
      add_risk_cells (tr, &q->dropped);
    }
}

static char *
subset_words (const RrDrivers *d, guint mask)
{
  GString *s = g_string_new (NULL);
  for (guint q = 0; q < d->names->len; q++)
    if (mask & (1u << q))
      g_string_append_printf (s, "%s%s", s->len > 0 ? " + " : "", (const char *) g_ptr_array_index (d->names, q));
  return g_string_free (s, FALSE);
}

static gint
compare_msus (gconstpointer a, gconstpointer b, gpointer data)
{
  const RrSudaResult *s = data;
  guint x = *(const guint *) a, y = *(const guint *) b;
  if (s->msus[x] != s->msus[y])
    return s->msus[x] > s->msus[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

#define TOP_COMBINATIONS 10

static void
add_combinations (xmlNode *s, const RrDrivers *d)
{
  const RrSudaResult *su = d->suda;
  static const char *const heads[] = { "Combination", "#People unique on it", "#Share",
                                       "#People it singles out first (MSU)" };
  rr_html_el (s, "h3", "The most identifying combinations");
  rr_html_el (s, "p", "An attacker who knows only some of the facts: the share of people unique "
                      "on each combination, and for how many people it is a minimal sample "
                      "unique (the smallest combination that singles them out, as SUDA counts "
                      "them). The combinations that single out the most people come first.");
  g_autofree guint *order = g_new (guint, su->n_subsets);
  guint n = 0;
  for (guint m = 1; m < su->n_subsets; m++)
    if (su->msus[m] > 0)
      order[n++] = m;
  g_qsort_with_data (order, (gint) n, sizeof (guint), compare_msus, (gpointer) su);
  xmlNode *tbody = rr_html_table (s, NULL, heads, G_N_ELEMENTS (heads));
  for (guint i = 0; i < MIN (n, TOP_COMBINATIONS); i++)
    {
      g_autofree char *words = subset_words (d, order[i]);
      xmlNode *tr = rr_html_row (tbody, words);
      g_autofree char *u = rr_format_count (su->uniques[order[i]]);
      g_autofree char *pct = rr_format_percent ((double) su->uniques[order[i]] / (double) MAX (su->n_persons, 1));
      g_autofree char *msus = rr_format_count (su->msus[order[i]]);
      rr_html_num (tr, u);
      rr_html_num (tr, pct);
      rr_html_num (tr, msus);
    }
  if (n == 0)
    rr_html_row (tbody, "none: no one is unique on any combination");
}

static void
add_suda (xmlNode *s, const RrDrivers *d)
{
  const RrSudaResult *su = d->suda;
  g_autofree char *with = rr_format_count (su->persons_with_msu);
  g_autofree char *max = rr_words_number (su->max_score);
  g_autofree char *dis = rr_words_number (su->max_dis);
  g_autofree char *text = g_strdup_printf (
    "SUDA (special uniques, as sdcMicro\u2019s suda2 scores them): %s %s at least one minimal "
    "sample unique; the highest SUDA score is %s and the highest DIS-SUDA score, an estimate of "
    "the probability that a match on the person\u2019s values is correct for a sampling fraction "
    "of 0.01, is %s.", with, rr_words_plural (su->persons_with_msu, "person has", "people have"), max, dis);
  rr_html_el (s, "p", text);
  static const char *const heads[] = { "Quasi-identifier", "#Share of the SUDA score" };
  xmlNode *tbody = rr_html_table (s, "Each quasi-identifier\u2019s part in the SUDA scores", heads,
                                  G_N_ELEMENTS (heads));
  for (guint q = 0; q < su->n_qi; q++)
    {
      xmlNode *tr = rr_html_row (tbody, g_ptr_array_index (d->names, q));
      g_autofree char *pct = g_strdup_printf ("%.1f%%", su->contribution[q]);
      rr_html_num (tr, pct);
    }
}

static void
add_drivers (xmlNode *page, const RrDrivers *d)
{
  xmlNode *s = rr_html_section (page, "drivers", "What drives the risk");
  rr_html_el (s, "p", "How much the risk falls when one quasi-identifier is generalised one "
                      "level, or dropped, with the others unchanged. The average risk is also the "
                      "marketer risk in its sample-only form (the release taken as its own "
                      "population).");
  add_driver_chart (s, d);
  add_driver_table (s, d);
  if (d->suda != NULL)
    {
      add_combinations (s, d);
      add_suda (s, d);
    }
  else
    rr_html_el (s, "p", d->suda_note);
}

/* ---- what would make it safe ---- */

static char *
levels_words (const RrSearchResult *s, const RrRecommendation *rec)
{
  GString *out = g_string_new (NULL);
  for (guint q = 0; q < s->n_qi; q++)
    g_string_append_printf (out, "%s%s %s", q > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (s->qi_names, q),
                            rr_qi_level_to_string (rec->levels[q]));
  return g_string_free (out, FALSE);
}

static char *
changes_words (const RrRecommendation *rec)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < rec->changes->len; i++)
    {
      const RrFigureChange *c = g_ptr_array_index (rec->changes, i);
      g_autofree char *b = rr_words_number (c->before);
      g_autofree char *a = c->measured ? rr_words_number (c->after) : g_strdup ("not measured");
      g_string_append_printf (out, "%s%s %s \u2192 %s", i > 0 ? "; " : "", c->figure, b, a);
    }
  return g_string_free (out, FALSE);
}

static void
add_recommendations (xmlNode *s, const RrSearchResult *sr)
{
  static const char *const heads[] = { "Rank", "Levels", "#Information loss", "#Records suppressed",
                                       "The policy\u2019s figures, before \u2192 after" };
  xmlNode *tbody = rr_html_table (s, "The releases that meet the policy with the least loss",
                                  heads, G_N_ELEMENTS (heads));
  for (guint i = 0; i < sr->recommendations->len; i++)
    {
      const RrRecommendation *rec = g_ptr_array_index (sr->recommendations, i);
      g_autofree char *rank = g_strdup_printf ("%u", rec->rank);
      xmlNode *tr = rr_html_row (tbody, rank);
      g_autofree char *levels = levels_words (sr, rec);
      rr_html_el (tr, "td", levels);
      g_autofree char *loss = rr_words_number (rec->loss);
      rr_html_num (tr, loss);
      guint64 n = rec->risk.persons + rec->risk.suppressed;
      g_autofree char *pct = rr_format_percent (n > 0 ? (double) rec->risk.suppressed / (double) n : 0.0);
      rr_html_num (tr, pct);
      g_autofree char *changes = changes_words (rec);
      rr_html_el (tr, "td", changes);
    }
}

static void
add_safe (xmlNode *page, const RrSearchResult *sr)
{
  xmlNode *s = rr_html_section (page, "safe", "What would make it safe");
  if (sr->recommendations->len > 0)
    {
      g_autofree char *words = rr_words_recommendation (sr, g_ptr_array_index (sr->recommendations, 0));
      g_autofree char *text = g_strdup_printf ("Recommended: %s.", words);
      rr_html_el_class (s, "p", "headline", text);
      add_recommendations (s, sr);
    }
  else
    rr_html_el_class (s, "p", "headline", "No combination of generalisation levels meets the "
                                          "policy within the suppression allowed.");
  g_autofree char *stats = g_strdup_printf (
    "The search considered %" G_GUINT64_FORMAT " combinations of levels (each quasi-identifier "
    "from its audited level up to withheld), regrouped %" G_GUINT64_FORMAT ", and decided %"
    G_GUINT64_FORMAT " more by monotonicity; up to %g%% of records (whole persons) could be "
    "suppressed. Information loss is ARX\u2019s non-uniform entropy: 0 keeps every value, 1 "
    "withholds everything.", sr->nodes, sr->evaluated, sr->inferred_pass + sr->inferred_fail,
    100.0 * sr->max_suppression);
  rr_html_el (s, "p", stats);
  for (guint i = 0; i < sr->unsearchable->len; i++)
    {
      g_autofree char *note = g_strdup_printf (
        "Rule %s bounds a figure the search does not measure for each combination of levels "
        "(journalist and marketer risk, attack success, or one this run does not measure), so "
        "the recommendation does not take it into account: audit the generalised release again "
        "to see whether it meets it.",
        (const char *) g_ptr_array_index (sr->unsearchable, i));
      rr_html_el_class (s, "p", "warning", note);
    }
  if (sr->applied != NULL)
    {
      g_autofree char *note = g_strdup_printf ("The recommended release was written to %s.", sr->applied);
      rr_html_el (s, "p", note);
    }
}

/* ---- attribute disclosure ---- */

static void
add_disclosure (xmlNode *page, const GPtrArray *div)
{
  static const char *const heads[] = { "Attribute", "#Distinct l", "#Entropy l", "#t-closeness",
                                       "#People in groups of one value", "Distance" };
  xmlNode *s = rr_html_section (page, "disclosure", "Attribute disclosure");
  rr_html_el (s, "p", "What an attacker learns about a sensitive attribute from a person\u2019s "
                      "group even without picking out the record: the fewest distinct values in a "
                      "group (distinct l), the same in entropy (entropy l), how far a group\u2019s "
                      "values stray from the whole release (t, the earth mover\u2019s distance), "
                      "and the people whose value is learned with certainty.");
  xmlNode *tbody = rr_html_table (s, NULL, heads, G_N_ELEMENTS (heads));
  for (guint i = 0; i < div->len; i++)
    {
      const RrDiversityResult *d = g_ptr_array_index (div, i);
      xmlNode *tr = rr_html_row (tbody, d->attribute);
      g_autofree char *l = rr_format_count (d->f.distinct_l);
      g_autofree char *le = rr_words_number (d->f.entropy_l);
      g_autofree char *t = rr_words_number (d->f.t);
      g_autofree char *h = rr_format_count (d->f.homogeneous_persons);
      g_autofree char *hp = rr_format_percent (d->f.homogeneous);
      g_autofree char *hh = g_strdup_printf ("%s (%s)", h, hp);
      rr_html_num (tr, l);
      rr_html_num (tr, le);
      rr_html_num (tr, t);
      rr_html_num (tr, hh);
      rr_html_el (tr, "td", d->ordered ? "ordered" : "equal");
    }
}

void
rr_report_html_decision_sections_add (xmlNode *page, const RrAuditResult *r)
{
  const RrDecision *d = r->decision;
  if (d == NULL)
    return;
  if (d->verdict != NULL)
    add_rules (page, d->verdict);
  if (d->search != NULL)
    add_safe (page, d->search);
}

void
rr_report_html_analysis_sections_add (xmlNode *page, const RrAuditResult *r)
{
  const RrDecision *d = r->decision;
  if (d == NULL)
    return;
  if (d->drivers != NULL)
    add_drivers (page, d->drivers);
  if (d->diversity->len > 0)
    add_disclosure (page, d->diversity);
}

void
rr_report_html_decision_method_add (xmlNode *section, const RrAuditResult *r)
{
  if (r->decision == NULL)
    return;
  rr_html_el (section, "h3", "What drives the risk, disclosure and the search");
  static const char *const paras[] = {
    "Marketer risk (sample-only form): (1/n) \u03a3 f_k / F_k with F_k = f_k, that is C / n "
    "(El Emam 2013); the population model\u2019s form replaces it when population tables are used.",
    "SUDA: an MSU of a person is a smallest set of quasi-identifiers on which no one else shares "
    "their values; with M quasi-identifiers an MSU of size s scores (M \u2212 s)!, and DIS-SUDA "
    "rescales the scores as sdcMicro\u2019s suda2 does (Elliot et al. 2002; Manning et al. 2008).",
    "Distinct l: values in a group; entropy l: exp (\u2212\u03a3 p ln p) (Machanavajjhala et al. "
    "2007); t: the earth mover\u2019s distance from the release\u2019s distribution, (1/2) \u03a3 "
    "|p \u2212 q| for categories, (1/(m\u22121)) \u03a3 |\u03a3 (p \u2212 q)| for ordered values "
    "(Li, Li & Venkatasubramanian 2007).",
    "Information loss: non-uniform entropy, \u03a3 over persons and quasi-identifiers of "
    "\u2212log2 (f(value) / f(generalised value)), suppressed records counted as withheld, "
    "divided by its value when everything is withheld (ARX; Gionis & Tassa 2009).",
  };
  for (guint i = 0; i < G_N_ELEMENTS (paras); i++)
    rr_html_el (section, "p", paras[i]);
}
