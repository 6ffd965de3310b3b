/* rollup.c - regroups the audited classes at a lattice node (measure stage).  Two counting
 * schemes: when the node's codes combine into fewer than RR_ROLLUP_DENSE_MAX tuples a tuple is
 * an index into a direct table (no hashing, the table stays in cache); otherwise an
 * open-addressing table keyed by the tuple, hand-written for the reason classes.c gives. */
#include "config.h"
#include "measure/rollup.h"
#include <string.h>

/* Direct tables up to 4 Mi slots (16 MiB of guint32). */
#define RR_ROLLUP_DENSE_MAX (1u << 22)
#define RR_SLOT_EMPTY G_MAXUINT32

struct _RrRollup
{
  const RrHierarchy *h;
  guint n_qi;
  guint64 n_base;        /* audited classes */
  guint32 **base_codes;  /* n_qi columns of n_base dense codes */
  const guint64 *base_sizes;
  guint64 *sizes_copy;
  guint32 *slots;        /* hash slots, 2^k >= 2 n_base */
  guint64 mask;
  guint32 *dense;        /* RR_ROLLUP_DENSE_MAX direct slots, allocated on first use */
  GArray *touched;       /* guint32 slot indices to clear after a node */
  guint32 *tuple;
};

void
rr_node_classes_free (RrNodeClasses *self)
{
  if (self == NULL)
    return;
  g_free (self->sizes);
  g_free (self->keys);
  g_free (self->of_base);
  g_free (self);
}

RrRollup *
rr_rollup_new (const RrHierarchy *h, const RrClassTable *base)
{
  RrRollup *self = g_new0 (RrRollup, 1);
  self->h = h;
  self->n_qi = h->n_qi;
  self->n_base = rr_class_table_count (base);
  self->base_codes = g_new (guint32 *, self->n_qi);
  self->sizes_copy = g_new (guint64, MAX (self->n_base, 1));
  for (guint64 k = 0; k < self->n_base; k++)
    self->sizes_copy[k] = rr_class_table_size (base, k);
  self->base_sizes = self->sizes_copy;
  for (guint q = 0; q < self->n_qi; q++)
    {
      self->base_codes[q] = g_new (guint32, MAX (self->n_base, 1));
      for (guint64 k = 0; k < self->n_base; k++)
        {
          guint32 b = rr_class_table_key (base, k)[q];
          self->base_codes[q][k] = b == RR_CODE_MISSING ? h->qi[q].n_base : b;
        }
    }
  guint64 n_slots = 64;
  while (n_slots < 2 * self->n_base)
    n_slots *= 2;
  self->slots = g_new (guint32, n_slots);
  memset (self->slots, 0xff, sizeof (guint32) * n_slots);
  self->mask = n_slots - 1;
  self->touched = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->tuple = g_new (guint32, self->n_qi);
  return self;
}

void
rr_rollup_free (RrRollup *self)
{
  if (self == NULL)
    return;
  for (guint q = 0; q < self->n_qi; q++)
    g_free (self->base_codes[q]);
  g_free (self->base_codes);
  g_free (self->sizes_copy);
  g_free (self->slots);
  g_free (self->dense);
  g_array_unref (self->touched);
  g_free (self->tuple);
  g_free (self);
}

static guint64
tuple_hash (const guint32 *codes, guint n)
{
  guint64 h = 0x9E3779B97F4A7C15ull;
  for (guint i = 0; i < n; i++)
    {
      h = (h ^ codes[i]) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
  return h;
}

static RrNodeClasses *
node_new (const RrRollup *self)
{
  RrNodeClasses *node = g_new0 (RrNodeClasses, 1);
  node->n_qi = self->n_qi;
  node->n_persons = 0;
  node->of_base = g_new (guint32, MAX (self->n_base, 1));
  return node;
}

/* Appends a new class with the current tuple; returns its number. */
static guint32
node_add (RrNodeClasses *node, GArray *sizes, GArray *keys, const guint32 *tuple)
{
  guint64 zero = 0;
  g_array_append_val (sizes, zero);
  g_array_append_vals (keys, tuple, node->n_qi);
  return sizes->len - 1;
}

/* The slot for the tuple in the hash table (an empty slot if it is new). */
static guint64
hash_slot (const RrRollup *self, const GArray *keys, const guint32 *tuple)
{
  guint64 i = tuple_hash (tuple, self->n_qi) & self->mask;
  for (;; i = (i + 1) & self->mask)
    {
      guint32 k = self->slots[i];
      if (k == RR_SLOT_EMPTY)
        return i;
      const guint32 *key = &g_array_index (keys, guint32, (gsize) k * self->n_qi);
      if (memcmp (key, tuple, sizeof (guint32) * self->n_qi) == 0)
        return i;
    }
}

/* The direct-table index of the tuple, or G_MAXUINT64 if the node's codes do not fit one. */
static guint64
dense_strides (const RrRollup *self, const guint *levels, guint64 *strides)
{
  guint64 total = 1;
  for (guint q = 0; q < self->n_qi; q++)
    {
      strides[q] = total;
      total *= self->h->qi[q].card[levels[q]];
      if (total > RR_ROLLUP_DENSE_MAX)
        return G_MAXUINT64;
    }
  return total;
}

static void
fill_tuple (const RrRollup *self, const guint *levels, guint64 k, guint32 *tuple)
{
  for (guint q = 0; q < self->n_qi; q++)
    tuple[q] = self->h->qi[q].remap[levels[q]][self->base_codes[q][k]];
}

static void
group_dense (RrRollup *self, const guint *levels, const guint64 *strides, RrNodeClasses *node,
             GArray *sizes, GArray *keys)
{
  if (self->dense == NULL)
    {
      self->dense = g_new (guint32, RR_ROLLUP_DENSE_MAX);
      memset (self->dense, 0xff, sizeof (guint32) * RR_ROLLUP_DENSE_MAX);
    }
  for (guint64 k = 0; k < self->n_base; k++)
    {
      fill_tuple (self, levels, k, self->tuple);
      guint64 at = 0;
      for (guint q = 0; q < self->n_qi; q++)
        at += self->tuple[q] * strides[q];
      guint32 c = self->dense[at];
      if (c == RR_SLOT_EMPTY)
        {
          c = self->dense[at] = node_add (node, sizes, keys, self->tuple);
          guint32 at32 = (guint32) at;
          g_array_append_val (self->touched, at32);
        }
      g_array_index (sizes, guint64, c) += self->base_sizes[k];
      node->of_base[k] = c;
    }
  for (guint i = 0; i < self->touched->len; i++)
    self->dense[g_array_index (self->touched, guint32, i)] = RR_SLOT_EMPTY;
}

static void
group_hashed (RrRollup *self, const guint *levels, RrNodeClasses *node, GArray *sizes,
              GArray *keys)
{
  for (guint64 k = 0; k < self->n_base; k++)
    {
      fill_tuple (self, levels, k, self->tuple);
      guint64 at = hash_slot (self, keys, self->tuple);
      guint32 c = self->slots[at];
      if (c == RR_SLOT_EMPTY)
        {
          c = self->slots[at] = node_add (node, sizes, keys, self->tuple);
          guint32 at32 = (guint32) at;
          g_array_append_val (self->touched, at32);
        }
      g_array_index (sizes, guint64, c) += self->base_sizes[k];
      node->of_base[k] = c;
    }
  for (guint i = 0; i < self->touched->len; i++)
    self->slots[g_array_index (self->touched, guint32, i)] = RR_SLOT_EMPTY;
}

RrNodeClasses *
rr_rollup_node (RrRollup *self, const guint *levels)
{
  RrNodeClasses *node = node_new (self);
  g_autoptr (GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree guint64 *strides = g_new (guint64, self->n_qi);
  g_array_set_size (self->touched, 0);
  if (dense_strides (self, levels, strides) != G_MAXUINT64)
    group_dense (self, levels, strides, node, sizes, keys);
  else
    group_hashed (self, levels, node, sizes, keys);
  node->n_classes = sizes->len;
  node->sizes = (guint64 *) g_array_free (g_steal_pointer (&sizes), FALSE);
  node->keys = (guint32 *) g_array_free (g_steal_pointer (&keys), FALSE);
  for (guint64 c = 0; c < node->n_classes; c++)
    node->n_persons += node->sizes[c];
  return node;
}

RrNodeClasses *
rr_rollup_base (RrRollup *self)
{
  g_autofree guint *levels = g_new0 (guint, self->n_qi);
  return rr_rollup_node (self, levels);
}

void
rr_node_risk (const RrNodeClasses *node, const guint8 *suppressed, double threshold,
              RrNodeRisk *out)
{
  memset (out, 0, sizeof *out);
  guint64 at_risk = 0;
  for (guint64 c = 0; c < node->n_classes; c++)
    {
      guint64 f = node->sizes[c];
      if (suppressed != NULL && suppressed[c])
        {
          out->suppressed += f;
          continue;
        }
      out->persons += f;
      out->classes++;
      out->sample_uniques += f == 1;
      if (out->k == 0 || f < out->k)
        out->k = f;
      if (1.0 / (double) f > threshold)
        at_risk += f;
    }
  guint64 n = out->persons;
  out->prosecutor_max = out->k > 0 ? 1.0 / (double) out->k : 0.0;
  out->prosecutor_mean = n > 0 ? (double) out->classes / (double) n : 0.0;
  out->prosecutor_above = n > 0 ? (double) at_risk / (double) n : 0.0;
  out->marketer_sample = out->prosecutor_mean;
}
