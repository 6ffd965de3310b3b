/* attack-result.c - allocation and release of a simulated attack's results (measure stage). */
#include "config.h"
#include "measure/attack-result.h"

static void
fact_free (RrAttackFactSummary *f)
{
  if (f == NULL)
    return;
  g_free (f->role);
  g_free (f->column);
  g_free (f->missing_source);
  g_free (f->wrong_source);
  g_free (f->mu_source);
  g_free (f);
}

static void
combination_free (RrAttackCombination *c)
{
  if (c == NULL)
    return;
  g_free (c->roles);
  g_free (c->columns);
  g_free (c);
}

RrAttackResult *
rr_attack_result_new (void)
{
  RrAttackResult *r = g_new0 (RrAttackResult, 1);
  r->facts = g_ptr_array_new_with_free_func ((GDestroyNotify) fact_free);
  r->notes = g_ptr_array_new_with_free_func (g_free);
  r->combinations = g_ptr_array_new_with_free_func ((GDestroyNotify) combination_free);
  r->replicate_share = g_array_new (FALSE, FALSE, sizeof (double));
  return r;
}

void
rr_attack_result_free (RrAttackResult *r)
{
  if (r == NULL)
    return;
  g_free (r->name), g_free (r->title), g_free (r->description), g_free (r->path);
  g_free (r->target), g_free (r->method), g_free (r->accept), g_free (r->coverage_source);
  g_ptr_array_unref (r->facts);
  g_ptr_array_unref (r->notes);
  g_ptr_array_unref (r->combinations);
  g_array_unref (r->replicate_share);
  g_free (r);
}
