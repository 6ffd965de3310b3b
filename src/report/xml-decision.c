/* xml-decision.c - writes the decision records as XML elements (report stage).  Names are fixed
 * by doc/results.xsd. */
#include "config.h"
#include "report/xml-decision.h"
#include "measure/decision.h"
#include "report/decision-words.h"
#include "report/format.h"
#include <math.h>
#include <string.h>

static void
set_str (xmlNode *n, const char *name, const char *value)
{
  if (value == NULL)
    return;
  g_autofree char *text = rr_format_text (value);
  xmlNewProp (n, BAD_CAST name, BAD_CAST text);
}

static void
set_u64 (xmlNode *n, const char *name, guint64 value)
{
  char text[24];
  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, value);
  xmlNewProp (n, BAD_CAST name, BAD_CAST text);
}

static void
set_double (xmlNode *n, const char *name, double value)
{
  g_autofree char *text = rr_format_double (value);
  xmlNewProp (n, BAD_CAST name, BAD_CAST text);
}

static void
set_bool (xmlNode *n, const char *name, gboolean value)
{
  xmlNewProp (n, BAD_CAST name, BAD_CAST (value ? "true" : "false"));
}

static xmlNode *
add (xmlNode *parent, const char *name)
{
  return xmlNewChild (parent, NULL, BAD_CAST name, NULL);
}

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
            xmlNode *e = add (n, "given");
            set_str (e, "level", rr_qi_level_to_string (g->levels[l]));
            set_u64 (e, "persons", g->persons[l]);
          }
    }
}

/* ---- drivers ---- */

static void
set_node_risk (xmlNode *e, const RrNodeRisk *r)
{
  set_double (e, "prosecutor-max", r->prosecutor_max);
  set_double (e, "prosecutor-mean", r->prosecutor_mean);
  set_double (e, "marketer", r->marketer_sample);
  set_u64 (e, "sample-uniques", r->sample_uniques);
  set_u64 (e, "classes", r->classes);
  set_u64 (e, "k", r->k);
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
  xmlNode *subsets = add (drivers, "subsets");
  for (guint size = 1; size <= d->suda->n_qi; size++)
    for (guint m = 1; m < d->suda->n_subsets; m++)
      {
        if ((guint) __builtin_popcount (m) != size)
          continue;
        xmlNode *e = add (subsets, "subset");
        g_autofree char *qis = subset_names (d->names, m);
        set_str (e, "qis", qis);
        set_u64 (e, "size", size);
        set_u64 (e, "uniques", d->suda->uniques[m]);
        set_double (e, "share", d->suda->n_persons > 0
                                  ? (double) d->suda->uniques[m] / (double) d->suda->n_persons : 0.0);
        set_u64 (e, "msus", d->suda->msus[m]);
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
  xmlNode *dist = add (suda, "dis-distribution");
  for (guint b = 0; b < G_N_ELEMENTS (labels); b++)
    {
      xmlNode *e = add (dist, "bin");
      set_str (e, "interval", labels[b]);
      set_u64 (e, "persons", counts[b]);
    }
}

static void
add_suda (xmlNode *drivers, const RrDrivers *d)
{
  const RrSudaResult *s = d->suda;
  xmlNode *suda = add (drivers, "suda");
  set_double (suda, "dis-fraction", s->dis_fraction);
  set_u64 (suda, "sample-uniques", s->full_uniques);
  set_u64 (suda, "pairs", s->full_pairs);
  set_double (suda, "dis", s->dis_probability);
  set_u64 (suda, "persons-with-msu", s->persons_with_msu);
  set_double (suda, "max-score", s->max_score);
  set_double (suda, "max-dis-score", s->max_dis);
  set_double (suda, "mean-dis-score", s->mean_dis);
  for (guint size = 1; size <= s->n_qi; size++)
    {
      xmlNode *e = add (suda, "msus");
      set_u64 (e, "size", size);
      set_u64 (e, "count", s->msus_by_size[size]);
    }
  for (guint q = 0; q < s->n_qi; q++)
    {
      xmlNode *e = add (suda, "contribution");
      set_str (e, "qi", g_ptr_array_index (d->names, q));
      set_double (e, "percent", s->contribution[q]);
    }
  add_dis_bins (suda, s);
}

static void
add_drivers (xmlNode *root, const RrDrivers *d)
{
  xmlNode *drivers = add (root, "drivers");
  set_str (drivers, "marketer-form", "sample-only");
  set_node_risk (drivers, &d->audited);
  for (guint i = 0; i < d->qis->len; i++)
    {
      const RrQiDriver *q = g_ptr_array_index (d->qis, i);
      xmlNode *e = add (drivers, "qi");
      set_str (e, "name", q->qi);
      set_str (e, "level", rr_qi_level_to_string (q->level));
      xmlNode *g = add (e, "generalised");
      set_str (g, "level", rr_qi_level_to_string (q->next));
      set_node_risk (g, &q->generalised);
      set_node_risk (add (e, "dropped"), &q->dropped);
    }
  if (d->suda != NULL)
    {
      add_subsets (drivers, d);
      add_suda (drivers, d);
    }
  else
    set_str (add (drivers, "suda"), "not-computed", d->suda_note);
}

/* ---- attribute disclosure ---- */

static void
add_diversity (xmlNode *root, const GPtrArray *div)
{
  for (guint i = 0; i < div->len; i++)
    {
      const RrDiversityResult *d = g_ptr_array_index (div, i);
      xmlNode *e = add (root, "diversity");
      set_str (e, "attribute", d->attribute);
      set_str (e, "distance", d->ordered ? "ordered" : "equal");
      set_u64 (e, "values", d->n_values);
      set_u64 (e, "distinct-l", d->f.distinct_l);
      set_double (e, "entropy-l", d->f.entropy_l);
      set_double (e, "t", d->f.t);
      set_double (e, "homogeneous", d->f.homogeneous);
      set_u64 (e, "homogeneous-persons", d->f.homogeneous_persons);
      set_u64 (e, "varying-persons", d->varying_persons);
    }
}

/* ---- verdict ---- */

static void
add_verdict (xmlNode *root, const RrVerdictResult *v)
{
  xmlNode *e = add (root, "verdict");
  set_str (e, "policy", v->policy);
  set_str (e, "result", v->pass ? "PASS" : "FAIL");
  set_str (e, "title", v->title);
  set_str (e, "file", v->file);
  set_str (e, "source", v->source);
  set_double (e, "threshold", v->threshold);
  set_u64 (e, "rules", v->rules->len);
  set_u64 (e, "failed", v->n_failed);
  set_u64 (e, "not-measured", v->n_not_measured);
  for (guint i = 0; i < v->rules->len; i++)
    {
      const RrRuleResult *rule = g_ptr_array_index (v->rules, i);
      xmlNode *r = add (e, "rule");
      set_str (r, "name", rule->name);
      set_str (r, "figure", rule->figure);
      set_str (r, "bound", rule->bound == RR_BOUND_MAX ? "max" : "min");
      set_double (r, "limit", rule->limit);
      if (rule->measured)
        set_double (r, "value", rule->value);
      else
        set_str (r, "value", "not-measured");
      set_bool (r, "measured", rule->measured);
      set_bool (r, "pass", rule->pass);
      set_str (r, "source", rule->source);
    }
}

/* ---- search and recommendations ---- */

static void
add_recommendation (xmlNode *root, const RrSearchResult *s, const RrRecommendation *rec)
{
  xmlNode *e = add (root, "recommendation");
  set_u64 (e, "rank", rec->rank);
  set_str (e, "loss-measure", "non-uniform-entropy");
  set_double (e, "loss", rec->loss);
  set_double (e, "precision-loss", rec->precision_loss);
  set_u64 (e, "suppressed", rec->risk.suppressed);
  guint64 n = rec->risk.persons + rec->risk.suppressed;
  set_double (e, "suppressed-share", n > 0 ? (double) rec->risk.suppressed / (double) n : 0.0);
  set_u64 (e, "persons", rec->risk.persons);
  g_autofree char *words = rr_words_recommendation (s, rec);
  set_str (e, "sentence", words);
  for (guint q = 0; q < s->n_qi; q++)
    {
      xmlNode *l = add (e, "level");
      set_str (l, "qi", g_ptr_array_index (s->qi_names, q));
      set_str (l, "from", rr_qi_level_to_string (rec->from[q]));
      set_str (l, "to", rr_qi_level_to_string (rec->levels[q]));
    }
  for (guint i = 0; i < rec->changes->len; i++)
    {
      const RrFigureChange *c = g_ptr_array_index (rec->changes, i);
      xmlNode *f = add (e, "figure");
      set_str (f, "name", c->figure);
      if (c->measured)
        {
          set_double (f, "before", c->before);
          set_double (f, "after", c->after);
        }
      set_bool (f, "measured", c->measured);
    }
}

static void
add_search (xmlNode *root, const RrSearchResult *s)
{
  xmlNode *e = add (root, "search");
  set_u64 (e, "nodes", s->nodes);
  set_u64 (e, "evaluated", s->evaluated);
  set_u64 (e, "inferred-pass", s->inferred_pass);
  set_u64 (e, "inferred-fail", s->inferred_fail);
  set_double (e, "max-suppression", s->max_suppression);
  set_str (e, "loss-measure", "non-uniform-entropy");
  set_u64 (e, "recommendations", s->recommendations->len);
  set_str (e, "applied", s->applied);
  for (guint i = 0; i < s->unsearchable->len; i++)
    set_str (add (e, "unsearchable"), "rule", g_ptr_array_index (s->unsearchable, i));
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
