/* decision.c - allocation and release of the decision records (measure stage). */
#include "config.h"
#include "measure/decision.h"

RrDecision *
rr_decision_new (void)
{
  RrDecision *d = g_new0 (RrDecision, 1);
  d->given = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_qi_given_free);
  d->diversity = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_diversity_result_free);
  return d;
}

void
rr_decision_free (RrDecision *d)
{
  if (d == NULL)
    return;
  g_ptr_array_unref (d->given);
  rr_drivers_free (d->drivers);
  g_ptr_array_unref (d->diversity);
  rr_verdict_result_free (d->verdict);
  rr_search_result_free (d->search);
  g_free (d);
}

void
rr_qi_given_free (RrQiGiven *g)
{
  if (g == NULL)
    return;
  g_free (g->qi);
  g_free (g);
}

void
rr_qi_driver_free (RrQiDriver *q)
{
  if (q == NULL)
    return;
  g_free (q->qi);
  g_free (q);
}

void
rr_drivers_free (RrDrivers *d)
{
  if (d == NULL)
    return;
  g_clear_pointer (&d->qis, g_ptr_array_unref);
  g_clear_pointer (&d->names, g_ptr_array_unref);
  rr_suda_result_free (d->suda);
  g_free (d->suda_note);
  g_free (d);
}

void
rr_diversity_result_free (RrDiversityResult *d)
{
  if (d == NULL)
    return;
  g_free (d->attribute);
  g_free (d);
}

void
rr_rule_result_free (RrRuleResult *r)
{
  if (r == NULL)
    return;
  g_free (r->name);
  g_free (r->figure);
  g_free (r->source);
  g_free (r->description);
  g_free (r);
}

void
rr_verdict_result_free (RrVerdictResult *v)
{
  if (v == NULL)
    return;
  g_free (v->policy);
  g_free (v->title);
  g_free (v->file);
  g_free (v->source);
  g_clear_pointer (&v->rules, g_ptr_array_unref);
  g_free (v);
}

void
rr_figure_change_free (RrFigureChange *c)
{
  if (c == NULL)
    return;
  g_free (c->figure);
  g_free (c);
}

void
rr_recommendation_free (RrRecommendation *r)
{
  if (r == NULL)
    return;
  g_free (r->levels);
  g_free (r->from);
  g_clear_pointer (&r->changes, g_ptr_array_unref);
  g_free (r);
}

void
rr_search_result_free (RrSearchResult *s)
{
  if (s == NULL)
    return;
  g_clear_pointer (&s->qi_names, g_ptr_array_unref);
  g_clear_pointer (&s->unsearchable, g_ptr_array_unref);
  g_clear_pointer (&s->recommendations, g_ptr_array_unref);
  g_free (s->applied);
  g_free (s);
}
