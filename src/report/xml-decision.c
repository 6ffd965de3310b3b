/* xml-decision.c - writes the decision records as XML elements (report stage).  Names are fixed
 * by doc/results.xsd. */
#include "config.h"
#include "report/xml-decision.h"
#include "measure/decision.h"
#include "report/decision-words.h"
#include "report/xml-tree.h"
#include <math.h>
#include <string.h>

/* ---- values read already generalised: children of each <qi> ---- */

static void
add_given (xmlNode *root, const RrDecision *d)
{
  guint i = 0;
  for (xmlNode *n = root->children; n != NULL && i < d->given->len; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE || strcmp ((const char *) n->name, "qi") != 0)
        continue;
      const RrQiGiven *g = g_ptr_array_index (d->given, i++);
      for (guint l = 1; l < g->n_levels; l++)
        if (g->persons[l] > 0)
          {
            xmlNode *e = rr_xml_add (n, "given");
            rr_xml_set_str (e, "level", rr_qi_level_to_string (g->levels[l]));
            rr_xml_set_u64 (e, "persons", g->persons[l]);
          }
    }
}

/* ---- drivers ---- */

static void
set_node_risk (xmlNode *e, const RrNodeRisk *r)
{
  rr_xml_set_double (e, "prosecutor-max", r->prosecutor_max);
  rr_xml_set_double (e, "prosecutor-mean", r->prosecutor_mean);
  rr_xml_set_double (e, "marketer", r->marketer_sample);
  rr_xml_set_u64 (e, "sample-uniques", r->sample_uniques);
  rr_xml_set_u64 (e, "classes", r->classes);
  rr_xml_set_u64 (e, "k", r->k);
}

static char *
subset_names (const GPtrArray *names, guint mask)
{
  GString *s = g_string_new (NULL);
  for (guint q = 0; q < names->len; q++)
    if (mask & (1u << q))
      g_string_append_printf (s, "%s%s", s->len > 0 ? " " : "", (const char *) g_ptr_array_index (names, q));
  return g_string_free (s, FALSE);
}

static void
add_subsets (xmlNode *drivers, const RrDrivers *d)
{
  xmlNode *subsets = rr_xml_add (drivers, "subsets");
  for (guint size = 1; size <= d->suda->n_qi; size++)
    for (guint m = 1; m < d->suda->n_subsets; m++)
      {
        if ((guint) __builtin_popcount (m) != size)
          continue;
        xmlNode *e = rr_xml_add (subsets, "subset");
        g_autofree char *qis = subset_names (d->names, m);
        rr_xml_set_str (e, "qis", qis);
        rr_xml_set_u64 (e, "size", size);
        rr_xml_set_u64 (e, "uniques", d->suda->uniques[m]);
        rr_xml_set_double (e, "share",
                           d->suda->n_persons > 0
                               ? (double) d->suda->uniques[m] / (double) d->suda->n_persons
                               : 0.0);
        rr_xml_set_u64 (e, "msus", d->suda->msus[m]);
      }
}

static void
add_dis_bins (xmlNode *suda, const RrSudaResult *s)
{
  /* The intervals sdcMicro's print.suda2 tabulates. */
  static const char *const labels[] = { "== 0", "(0.0, 0.1]", "(0.1, 0.2]", "(0.2, 0.3]",
                                        "(0.3, 0.4]", "(0.4, 0.5]", "(0.5, 0.6]", "(0.6, 0.7]",
                                        "> 0.7" };
  guint64 counts[G_N_ELEMENTS (labels)] = { 0 };
  for (guint64 p = 0; p < s->n_persons; p++)
    {
      double x = s->dis[p];
      guint b = x <= 0.0 ? 0 : x > 0.7 ? 8 : 1 + (guint) MIN (6.0, ceil (x * 10.0 - 1e-9) - 1.0);
      counts[b]++;
    }
  xmlNode *dist = rr_xml_add (suda, "dis-distribution");
  for (guint b = 0; b < G_N_ELEMENTS (labels); b++)
    {
      xmlNode *e = rr_xml_add (dist, "bin");
      rr_xml_set_str (e, "interval", labels[b]);
      rr_xml_set_u64 (e, "persons", counts[b]);
    }
}

static void
add_suda (xmlNode *drivers, const RrDrivers *d)
{
  const RrSudaResult *s = d->suda;
  xmlNode *suda = rr_xml_add (drivers, "suda");
  rr_xml_set_double (suda, "dis-fraction", s->dis_fraction);
  rr_xml_set_u64 (suda, "sample-uniques", s->full_uniques);
  rr_xml_set_u64 (suda, "pairs", s->full_pairs);
  rr_xml_set_double (suda, "dis", s->dis_probability);
  rr_xml_set_u64 (suda, "persons-with-msu", s->persons_with_msu);
  rr_xml_set_double (suda, "max-score", s->max_score);
  rr_xml_set_double (suda, "max-dis-score", s->max_dis);
  rr_xml_set_double (suda, "mean-dis-score", s->mean_dis);
  for (guint size = 1; size <= s->n_qi; size++)
    {
      xmlNode *e = rr_xml_add (suda, "msus");
      rr_xml_set_u64 (e, "size", size);
      rr_xml_set_u64 (e, "count", s->msus_by_size[size]);
    }
  for (guint q = 0; q < s->n_qi; q++)
    {
      xmlNode *e = rr_xml_add (suda, "contribution");
      rr_xml_set_str (e, "qi", g_ptr_array_index (d->names, q));
      rr_xml_set_double (e, "percent", s->contribution[q]);
    }
  add_dis_bins (suda, s);
}

static void
add_drivers (xmlNode *root, const RrDrivers *d)
{
  xmlNode *drivers = rr_xml_add (root, "drivers");
  rr_xml_set_str (drivers, "marketer-form", "sample-only");
  set_node_risk (drivers, &d->audited);
  for (guint i = 0; i < d->qis->len; i++)
    {
      const RrQiDriver *q = g_ptr_array_index (d->qis, i);
      xmlNode *e = rr_xml_add (drivers, "qi");
      rr_xml_set_str (e, "name", q->qi);
      rr_xml_set_str (e, "level", rr_qi_level_to_string (q->level));
      xmlNode *g = rr_xml_add (e, "generalised");
      rr_xml_set_str (g, "level", rr_qi_level_to_string (q->next));
      set_node_risk (g, &q->generalised);
      set_node_risk (rr_xml_add (e, "dropped"), &q->dropped);
    }
  if (d->suda != NULL)
    {
      add_subsets (drivers, d);
      add_suda (drivers, d);
    }
  else
    rr_xml_set_str (rr_xml_add (drivers, "suda"), "not-computed", d->suda_note);
}

/* ---- attribute disclosure ---- */

static void
add_diversity (xmlNode *root, const GPtrArray *div)
{
  for (guint i = 0; i < div->len; i++)
    {
      const RrDiversityResult *d = g_ptr_array_index (div, i);
      xmlNode *e = rr_xml_add (root, "diversity");
      rr_xml_set_str (e, "attribute", d->attribute);
      rr_xml_set_str (e, "distance", d->ordered ? "ordered" : "equal");
      rr_xml_set_u64 (e, "values", d->n_values);
      rr_xml_set_u64 (e, "distinct-l", d->f.distinct_l);
      rr_xml_set_double (e, "entropy-l", d->f.entropy_l);
      rr_xml_set_double (e, "t", d->f.t);
      rr_xml_set_double (e, "homogeneous", d->f.homogeneous);
      rr_xml_set_u64 (e, "homogeneous-persons", d->f.homogeneous_persons);
      rr_xml_set_u64 (e, "varying-persons", d->varying_persons);
    }
}

/* ---- verdict ---- */

static void
add_verdict (xmlNode *root, const RrVerdictResult *v)
{
  xmlNode *e = rr_xml_add (root, "verdict");
  rr_xml_set_str (e, "policy", v->policy);
  rr_xml_set_str (e, "result", v->pass ? "PASS" : "FAIL");
  rr_xml_set_str (e, "title", v->title);
  rr_xml_set_str (e, "file", v->file);
  rr_xml_set_str (e, "source", v->source);
  rr_xml_set_double (e, "threshold", v->threshold);
  rr_xml_set_u64 (e, "rules", v->rules->len);
  rr_xml_set_u64 (e, "failed", v->n_failed);
  rr_xml_set_u64 (e, "not-measured", v->n_not_measured);
  for (guint i = 0; i < v->rules->len; i++)
    {
      const RrRuleResult *rule = g_ptr_array_index (v->rules, i);
      xmlNode *r = rr_xml_add (e, "rule");
      rr_xml_set_str (r, "name", rule->name);
      rr_xml_set_str (r, "figure", rule->figure);
      rr_xml_set_str (r, "bound", rule->bound == RR_BOUND_MAX ? "max" : "min");
      rr_xml_set_double (r, "limit", rule->limit);
      if (rule->measured)
        rr_xml_set_double (r, "value", rule->value);
      else
        rr_xml_set_str (r, "value", "not-measured");
      rr_xml_set_bool (r, "measured", rule->measured);
      rr_xml_set_bool (r, "pass", rule->pass);
      rr_xml_set_str (r, "source", rule->source);
    }
}

/* ---- search and recommendations ---- */

static void
add_recommendation (xmlNode *root, const RrSearchResult *s, const RrRecommendation *rec)
{
  xmlNode *e = rr_xml_add (root, "recommendation");
  rr_xml_set_u64 (e, "rank", rec->rank);
  rr_xml_set_str (e, "loss-measure", "non-uniform-entropy");
  rr_xml_set_double (e, "loss", rec->loss);
  rr_xml_set_double (e, "precision-loss", rec->precision_loss);
  rr_xml_set_u64 (e, "suppressed", rec->risk.suppressed);
  guint64 n = rec->risk.persons + rec->risk.suppressed;
  rr_xml_set_double (e, "suppressed-share",
                     n > 0 ? (double) rec->risk.suppressed / (double) n : 0.0);
  rr_xml_set_u64 (e, "persons", rec->risk.persons);
  g_autofree char *words = rr_words_recommendation (s, rec);
  rr_xml_set_str (e, "sentence", words);
  for (guint q = 0; q < s->n_qi; q++)
    {
      xmlNode *l = rr_xml_add (e, "level");
      rr_xml_set_str (l, "qi", g_ptr_array_index (s->qi_names, q));
      rr_xml_set_str (l, "from", rr_qi_level_to_string (rec->from[q]));
      rr_xml_set_str (l, "to", rr_qi_level_to_string (rec->levels[q]));
    }
  for (guint i = 0; i < rec->changes->len; i++)
    {
      const RrFigureChange *c = g_ptr_array_index (rec->changes, i);
      xmlNode *f = rr_xml_add (e, "figure");
      rr_xml_set_str (f, "name", c->figure);
      if (c->measured)
        {
          rr_xml_set_double (f, "before", c->before);
          rr_xml_set_double (f, "after", c->after);
        }
      rr_xml_set_bool (f, "measured", c->measured);
    }
}

static void
add_search (xmlNode *root, const RrSearchResult *s)
{
  xmlNode *e = rr_xml_add (root, "search");
  rr_xml_set_u64 (e, "nodes", s->nodes);
  rr_xml_set_u64 (e, "evaluated", s->evaluated);
  rr_xml_set_u64 (e, "inferred-pass", s->inferred_pass);
  rr_xml_set_u64 (e, "inferred-fail", s->inferred_fail);
  rr_xml_set_double (e, "max-suppression", s->max_suppression);
  rr_xml_set_str (e, "loss-measure", "non-uniform-entropy");
  rr_xml_set_u64 (e, "recommendations", s->recommendations->len);
  rr_xml_set_str (e, "applied", s->applied);
  for (guint i = 0; i < s->unsearchable->len; i++)
    rr_xml_set_str (rr_xml_add (e, "unsearchable"), "rule", g_ptr_array_index (s->unsearchable, i));
  for (guint i = 0; i < s->recommendations->len; i++)
    add_recommendation (root, s, g_ptr_array_index (s->recommendations, i));
}

void
rr_report_xml_decision_add (xmlNode *root, const RrAuditResult *r)
{
  const RrDecision *d = r->decision;
  if (d == NULL)
    return;
  add_given (root, d);
  if (d->drivers != NULL)
    add_drivers (root, d->drivers);
  add_diversity (root, d->diversity);
  if (d->verdict != NULL)
    add_verdict (root, d->verdict);
  if (d->search != NULL)
    add_search (root, d->search);
}
