/* hierarchy.c - code maps from each quasi-identifier's loaded labels to every coarser level of
 * its chain, and the non-uniform entropy of each level (measure stage). */
#include "config.h"
#include "measure/hierarchy.h"
#include <math.h>

#define MISSING_LABEL "(missing)"

/* The labels of level l of q from those of level 0 and the code map; the missing code maps to
 * the missing code, except at withheld, where every value and missing become "*". */
static void
level_build (RrQiHierarchy *h, const RrDataset *ds, guint q, guint l)
{
  g_autoptr (GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GString) out = g_string_new (NULL);
  h->labels[l] = g_ptr_array_new_with_free_func (g_free);
  h->remap[l] = g_new (guint32, h->n_base + 1);
  gboolean withheld = h->levels[l] == RR_LEVEL_WITHHELD;
  for (guint32 b = 0; b < h->n_base; b++)
    {
      g_string_truncate (out, 0);
      rr_qi_label_generalise (h->spec, rr_dataset_qi_label (ds, q, b), h->levels[l], out);
      gpointer code;
      if (!g_hash_table_lookup_extended (codes, out->str, NULL, &code))
        {
          code = GUINT_TO_POINTER (h->labels[l]->len);
          g_ptr_array_add (h->labels[l], g_strdup (out->str));
          g_hash_table_insert (codes, g_ptr_array_index (h->labels[l], h->labels[l]->len - 1), code);
        }
      h->remap[l][b] = GPOINTER_TO_UINT (code);
    }
  if (withheld && h->labels[l]->len == 0)
    g_ptr_array_add (h->labels[l], g_strdup (RR_WITHHELD_LABEL));
  h->remap[l][h->n_base] = withheld ? 0 : h->labels[l]->len;
  if (!withheld)
    g_ptr_array_add (h->labels[l], g_strdup (MISSING_LABEL));
  h->card[l] = h->labels[l]->len;
}

static void
level_loss (RrQiHierarchy *h, const guint64 *base_freq, guint64 n)
{
  for (guint l = 0; l < h->n_levels; l++)
    {
      guint64 *f = h->freq[l] = g_new0 (guint64, h->card[l]);
      for (guint32 b = 0; b <= h->n_base; b++)
        f[h->remap[l][b]] += base_freq[b];
      double bits = 0.0;
      for (guint32 b = 0; b <= h->n_base; b++)
        if (base_freq[b] > 0)
          bits -= (double) base_freq[b]
                  * log2 ((double) base_freq[b] / (double) f[h->remap[l][b]]);
      h->loss[l] = l == 0 ? 0.0 : bits;
    }
  (void) n;
  h->max_loss = h->loss[h->n_levels - 1];
}

static void
qi_build (RrHierarchy *self, const RrDataset *ds, const RrQiSpec *spec, guint q)
{
  RrQiHierarchy *h = &self->qi[q];
  h->spec = spec;
  h->n_levels = rr_qi_spec_chain (spec, h->levels);
  h->n_base = rr_dataset_qi_n_distinct (ds, q);
  const guint32 *codes = rr_dataset_qi_codes (ds, q);
  self->dense[q] = g_new (guint32, MAX (self->n_persons, 1));
  g_autofree guint64 *freq = g_new0 (guint64, h->n_base + 1);
  for (guint64 p = 0; p < self->n_persons; p++)
    {
      guint32 b = codes[p] == RR_CODE_MISSING ? h->n_base : codes[p];
      self->dense[q][p] = b;
      freq[b]++;
    }
  h->missing = freq[h->n_base];
  for (guint l = 0; l < h->n_levels; l++)
    level_build (h, ds, q, l);
  level_loss (h, freq, self->n_persons);
}

RrHierarchy *
rr_hierarchy_new (const RrDataset *ds, const GPtrArray *specs)
{
  g_return_val_if_fail (specs->len == rr_dataset_n_qi (ds), NULL);
  RrHierarchy *self = g_new0 (RrHierarchy, 1);
  self->n_qi = specs->len;
  self->n_persons = rr_dataset_n_persons (ds);
  self->qi = g_new0 (RrQiHierarchy, self->n_qi);
  self->dense = g_new0 (guint32 *, self->n_qi);
  for (guint q = 0; q < self->n_qi; q++)
    qi_build (self, ds, g_ptr_array_index (specs, q), q);
  return self;
}

void
rr_hierarchy_free (RrHierarchy *self)
{
  if (self == NULL)
    return;
  for (guint q = 0; q < self->n_qi; q++)
    {
      for (guint l = 0; l < self->qi[q].n_levels; l++)
        {
          g_free (self->qi[q].remap[l]);
          g_free (self->qi[q].freq[l]);
          g_clear_pointer (&self->qi[q].labels[l], g_ptr_array_unref);
        }
      g_free (self->dense[q]);
    }
  g_free (self->qi);
  g_free (self->dense);
  g_free (self);
}

guint32
rr_hierarchy_code (const RrHierarchy *self, guint q, guint l, guint32 b)
{
  const RrQiHierarchy *h = &self->qi[q];
  return h->remap[l][b == RR_CODE_MISSING || b >= h->n_base ? h->n_base : b];
}

void
rr_hierarchy_level_counts (const RrHierarchy *self, const RrDataset *ds, guint q,
                           guint64 counts[RR_QI_MAX_CHAIN])
{
  const RrQiHierarchy *h = &self->qi[q];
  g_autofree guint *level_of = g_new (guint, h->n_base + 1);
  for (guint32 b = 0; b < h->n_base; b++)
    {
      RrQiLevel own = rr_qi_label_level (h->spec, rr_dataset_qi_label (ds, q, b));
      level_of[b] = 0;
      for (guint l = 0; l < h->n_levels; l++)
        if (h->levels[l] == own)
          level_of[b] = l;
    }
  level_of[h->n_base] = 0;
  for (guint l = 0; l < RR_QI_MAX_CHAIN; l++)
    counts[l] = 0;
  for (guint64 p = 0; p < self->n_persons; p++)
    if (self->dense[q][p] != h->n_base)
      counts[level_of[self->dense[q][p]]]++;
}
