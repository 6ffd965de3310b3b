/* drivers.c - the effect of generalising or dropping each quasi-identifier, and the subsets and
 * minimal sample uniques that single people out (measure stage). */
#include "config.h"
#include "measure/drivers.h"

static void
node_risk_at (RrRollup *w, const guint *levels, double threshold, RrNodeRisk *out)
{
  g_autoptr (RrNodeClasses) node = rr_rollup_node (w, levels);
  rr_node_risk (node, NULL, threshold, out);
}

static RrQiDriver *
qi_driver (RrRollup *w, const RrHierarchy *h, guint q, const char *name, double threshold)
{
  RrQiDriver *d = g_new0 (RrQiDriver, 1);
  const RrQiHierarchy *qh = &h->qi[q];
  d->qi = g_strdup (name);
  d->level = qh->levels[0];
  d->next = qh->levels[1];
  g_autofree guint *levels = g_new0 (guint, h->n_qi);
  levels[q] = 1;
  node_risk_at (w, levels, threshold, &d->generalised);
  levels[q] = qh->n_levels - 1;
  node_risk_at (w, levels, threshold, &d->dropped);
  return d;
}

RrDrivers *
rr_drivers_compute (RrRollup *w, const RrHierarchy *h, const RrClassTable *classes,
                    const GPtrArray *names, double threshold)
{
  RrDrivers *d = g_new0 (RrDrivers, 1);
  d->qis = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_qi_driver_free);
  d->names = g_ptr_array_new_with_free_func (g_free);
  g_autofree guint *base = g_new0 (guint, h->n_qi);
  node_risk_at (w, base, threshold, &d->audited);
  for (guint q = 0; q < h->n_qi; q++)
    {
      const char *name = g_ptr_array_index (names, q);
      g_ptr_array_add (d->names, g_strdup (name));
      g_ptr_array_add (d->qis, qi_driver (w, h, q, name, threshold));
    }
  g_autofree guint32 *n_distinct = g_new (guint32, h->n_qi);
  for (guint q = 0; q < h->n_qi; q++)
    n_distinct[q] = h->qi[q].n_base;
  g_autoptr (GError) error = NULL;
  d->suda = rr_suda_compute (classes, n_distinct, RR_SUDA_DIS_FRACTION, &error);
  if (d->suda == NULL)
    d->suda_note = g_strdup (error->message);
  return d;
}
