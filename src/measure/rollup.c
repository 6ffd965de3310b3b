/* rollup.c - regroups the audited classes at a lattice node (measure stage), from the kept node
 * of fewest classes that the node generalises.  Three counting schemes: when the node's codes
 * combine into fewer than RR_ROLLUP_DENSE_MAX tuples a tuple is an index into a direct table (no
 * hashing, the table stays in cache); when they pack into 64 bits, an open-addressing table of
 * packed keys; otherwise one keyed by the tuple.  Hand-written for the reason classes.c gives. */
#include "config.h"
#include "measure/rollup.h"
#include "util/hash.h"
#include <string.h>

/* Direct tables up to 256 Ki slots (1 MiB of guint32): small enough to stay in cache, which is
 * the point of them; beyond, a hash table the size of the classes found does better. */
#define RR_ROLLUP_DENSE_MAX (1u << 18)
#define RR_SLOT_EMPTY G_MAXUINT32
/* Nodes kept to regroup from: a node of fewer classes is a cheaper source for the nodes above
 * it.  Only nodes of at most a quarter of the audited classes are worth keeping. */
#define RR_ROLLUP_CACHE 8

/* A regrouping source: the audited classes (levels all 0) or a node kept from before. */
typedef struct
{
  guint *levels;
  guint64 n;            /* classes */
  guint32 **codes;      /* n_qi columns of n codes at levels */
  guint64 *sizes;
  guint32 *of_base;     /* NULL for the audited classes themselves */
  guint64 last_used;
} Source;

struct _RrRollup
{
  const RrHierarchy *h;
  guint n_qi;
  guint64 n_base;        /* audited classes */
  Source base;
  Source cache[RR_ROLLUP_CACHE];
  guint n_cache;
  guint64 clock;
  guint32 *dense;        /* RR_ROLLUP_DENSE_MAX direct slots, allocated on first use */
  GArray *touched;       /* guint32 slot indices to clear after a node */
  guint32 *tuple;
  guint32 **remap;       /* per quasi-identifier: source code -> node code (scratch) */
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

static void
source_clear (Source *src, guint n_qi)
{
  g_free (src->levels);
  for (guint q = 0; src->codes != NULL && q < n_qi; q++)
    g_free (src->codes[q]);
  g_free (src->codes);
  g_free (src->sizes);
  g_free (src->of_base);
  memset (src, 0, sizeof *src);
}

RrRollup *
rr_rollup_new (const RrHierarchy *h, const RrClassTable *base)
{
  RrRollup *self = g_new0 (RrRollup, 1);
  self->h = h;
  self->n_qi = h->n_qi;
  self->n_base = rr_class_table_count (base);
  Source *b = &self->base;
  b->levels = g_new0 (guint, self->n_qi);
  b->n = self->n_base;
  b->sizes = g_new (guint64, MAX (b->n, 1));
  b->codes = g_new (guint32 *, self->n_qi);
  for (guint64 k = 0; k < b->n; k++)
    b->sizes[k] = rr_class_table_size (base, k);
  for (guint q = 0; q < self->n_qi; q++)
    {
      b->codes[q] = g_new (guint32, MAX (b->n, 1));
      for (guint64 k = 0; k < b->n; k++)
        {
          guint32 code = rr_class_table_code (base, k, q);
          b->codes[q][k] = code == RR_CODE_MISSING ? h->qi[q].n_base : code;
        }
    }
  self->touched = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->tuple = g_new (guint32, self->n_qi);
  self->remap = g_new0 (guint32 *, self->n_qi);
  return self;
}

void
rr_rollup_free (RrRollup *self)
{
  if (self == NULL)
    return;
  source_clear (&self->base, self->n_qi);
  for (guint i = 0; i < self->n_cache; i++)
    source_clear (&self->cache[i], self->n_qi);
  for (guint q = 0; q < self->n_qi; q++)
    g_free (self->remap[q]);
  g_free (self->remap);
  g_free (self->dense);
  g_array_unref (self->touched);
  g_free (self->tuple);
  g_free (self);
}

/* ---- choosing the source and mapping its codes ---- */

static gboolean
generalises (const RrRollup *self, const guint *node, const guint *src)
{
  for (guint q = 0; q < self->n_qi; q++)
    if (node[q] < src[q])
      return FALSE;
  return TRUE;
}

/* The source with the fewest classes that node generalises (the audited classes at worst). */
static Source *
source_for (RrRollup *self, const guint *levels)
{
  Source *best = &self->base;
  for (guint i = 0; i < self->n_cache; i++)
    if (self->cache[i].n < best->n && generalises (self, levels, self->cache[i].levels))
      best = &self->cache[i];
  best->last_used = ++self->clock;
  return best;
}

/* remap[q][source code] = node code; both levels of one chain, so a function (the labels of a
 * coarser level are generalisations of those of a finer one, qi/generalised.h). */
static void
build_remap (RrRollup *self, const Source *src, const guint *levels)
{
  for (guint q = 0; q < self->n_qi; q++)
    {
      const RrQiHierarchy *qh = &self->h->qi[q];
      g_free (self->remap[q]);
      self->remap[q] = g_new (guint32, qh->card[src->levels[q]]);
      for (guint32 b = 0; b <= qh->n_base; b++)
        self->remap[q][qh->remap[src->levels[q]][b]] = qh->remap[levels[q]][b];
    }
}

/* ---- grouping ---- */

static guint64
tuple_hash (const guint32 *codes, guint n)
{
  guint64 h = RR_HASH_SEED;
  for (guint i = 0; i < n; i++)
    h = rr_hash_fold (h, codes[i]);
  return h;
}

static RrNodeClasses *
node_new (const RrRollup *self)
{
  RrNodeClasses *node = g_new0 (RrNodeClasses, 1);
  node->n_qi = self->n_qi;
  node->of_base = g_new (guint32, MAX (self->n_base, 1));
  return node;
}

/* Appends a new class with the tuple; returns its number. */
static guint32
node_add (guint n_qi, GArray *sizes, GArray *keys, const guint32 *tuple)
{
  guint64 zero = 0;
  g_array_append_val (sizes, zero);
  g_array_append_vals (keys, tuple, n_qi);
  return sizes->len - 1;
}

static void
fill_tuple (const RrRollup *self, const Source *src, guint64 k, guint32 *tuple)
{
  for (guint q = 0; q < self->n_qi; q++)
    tuple[q] = self->remap[q][src->codes[q][k]];
}

typedef enum { DENSE, PACKED, HASHED } Scheme;

/* Strides of the direct table, or bit shifts of a packed 64-bit key. */
static Scheme
scheme_of (const RrRollup *self, const guint *levels, guint64 *strides)
{
  guint64 total = 1;
  guint bits = 0;
  gboolean dense = TRUE;
  for (guint q = 0; q < self->n_qi; q++)
    {
      guint32 card = self->h->qi[q].card[levels[q]];
      strides[q] = total;
      dense = dense && (total *= card) <= RR_ROLLUP_DENSE_MAX;
      bits += g_bit_storage (card);
    }
  if (dense)
    return DENSE;
  if (bits > 64)
    return HASHED;
  bits = 0;
  for (guint q = 0; q < self->n_qi; q++)
    {
      strides[q] = bits;
      bits += g_bit_storage (self->h->qi[q].card[levels[q]]);
    }
  return PACKED;
}

/* A hash table of the classes found so far that grows with them, so that a node of few classes
 * works in a table that stays in cache.  Slots hold class + 1 (0: empty); for packed keys the
 * key is kept beside it. */
typedef struct
{
  guint64 *slots;   /* PACKED: (key, class + 1) pairs; HASHED: class + 1 */
  guint64 mask;
  GArray *packed;   /* guint64 per class: its packed key (PACKED) */
} Table;

#define TABLE_FIRST_SLOTS 4096

/* expected: the most classes the node can have (it grows past a smaller guess). */
static void
table_init (Table *t, Scheme scheme, guint64 expected)
{
  guint64 n = TABLE_FIRST_SLOTS;
  while (n < 2 * expected)
    n *= 2;
  t->mask = n - 1;
  t->slots = g_new0 (guint64, (scheme == PACKED ? 2 : 1) * n);
  t->packed = g_array_new (FALSE, FALSE, sizeof (guint64));
}

static void
table_clear (Table *t)
{
  g_free (t->slots);
  if (t->packed != NULL)
    g_array_unref (t->packed);
}

static guint64
table_hash (const RrRollup *self, Scheme scheme, const Table *t, const GArray *keys, guint32 c)
{
  if (scheme == PACKED)
    return rr_hash_mix64 (g_array_index (t->packed, guint64, c));
  return tuple_hash (&g_array_index (keys, guint32, (gsize) c * self->n_qi), self->n_qi);
}

/* Doubles the table at load 1/2, putting every class back. */
static void
table_grow (const RrRollup *self, Scheme scheme, Table *t, const GArray *keys)
{
  guint width = scheme == PACKED ? 2 : 1;
  guint64 n_slots = 2 * (t->mask + 1);
  g_free (t->slots);
  t->slots = g_new0 (guint64, width * n_slots);
  t->mask = n_slots - 1;
  guint n = keys->len / self->n_qi;
  for (guint32 c = 0; c < n; c++)
    {
      guint64 i = table_hash (self, scheme, t, keys, c) & t->mask;
      while (t->slots[width * i + width - 1] != 0)
        i = (i + 1) & t->mask;
      if (scheme == PACKED)
        t->slots[2 * i] = g_array_index (t->packed, guint64, c);
      t->slots[width * i + width - 1] = (guint64) c + 1;
    }
}

static guint32
table_add (const RrRollup *self, Scheme scheme, Table *t, GArray *sizes, GArray *keys,
           guint64 key)
{
  guint32 c = node_add (self->n_qi, sizes, keys, self->tuple);
  if (scheme == PACKED)
    g_array_append_val (t->packed, key);
  if (2 * (guint64) sizes->len > t->mask + 1)
    table_grow (self, scheme, t, keys);
  return c;
}

static inline guint64
packed_key (const RrRollup *self, const guint32 *tuple, const guint64 *shifts)
{
  guint64 key = 0;
  for (guint q = 0; q < self->n_qi; q++)
    key |= (guint64) tuple[q] << shifts[q];
  return key;
}

static guint32
class_packed (RrRollup *self, Table *t, guint64 key, GArray *sizes, GArray *keys)
{
  for (guint64 i = rr_hash_mix64 (key) & t->mask;; i = (i + 1) & t->mask)
    {
      guint64 *slot = &t->slots[2 * i];
      if (slot[1] == 0)
        {
          slot[0] = key;
          slot[1] = (guint64) sizes->len + 1;
          return table_add (self, PACKED, t, sizes, keys, key);
        }
      if (slot[0] == key)
        return (guint32) (slot[1] - 1);
    }
}

static guint32
class_hashed (RrRollup *self, Table *t, GArray *sizes, GArray *keys)
{
  const guint32 *tuple = self->tuple;
  for (guint64 i = tuple_hash (tuple, self->n_qi) & t->mask;; i = (i + 1) & t->mask)
    {
      guint64 c = t->slots[i];
      if (c == 0)
        {
          t->slots[i] = (guint64) sizes->len + 1;
          return table_add (self, HASHED, t, sizes, keys, 0);
        }
      if (memcmp (&g_array_index (keys, guint32, (gsize) (c - 1) * self->n_qi), tuple,
                  sizeof (guint32) * self->n_qi) == 0)
        return (guint32) (c - 1);
    }
}

static guint32
class_dense (RrRollup *self, const guint64 *strides, GArray *sizes, GArray *keys)
{
  guint64 at = 0;
  for (guint q = 0; q < self->n_qi; q++)
    at += self->tuple[q] * strides[q];
  if (self->dense[at] == RR_SLOT_EMPTY)
    {
      self->dense[at] = node_add (self->n_qi, sizes, keys, self->tuple);
      guint32 at32 = (guint32) at;
      g_array_append_val (self->touched, at32);
    }
  return self->dense[at];
}

static void
clear_dense (RrRollup *self)
{
  for (guint i = 0; i < self->touched->len; i++)
    self->dense[g_array_index (self->touched, guint32, i)] = RR_SLOT_EMPTY;
  g_array_set_size (self->touched, 0);
}

/* The most classes a node at these levels can have: its source's, and the product of the
 * levels' cardinalities. */
static guint64
classes_bound (const RrRollup *self, const Source *src, const guint *levels)
{
  guint64 bound = 1;
  for (guint q = 0; q < self->n_qi && bound < src->n; q++)
    {
      guint64 card = self->h->qi[q].card[levels[q]];
      bound = card > src->n / MAX (bound, 1) ? src->n : bound * card;
    }
  return MIN (bound, src->n);
}

/* Classes whose slot is fetched ahead of its probe (as in measure/classes.c). */
#define LOOKAHEAD 16

/* The packed keys' pass: the table sized once for the most classes there can be, and each
 * key's slot prefetched a few classes ahead (a probe per class, most of them cache misses). */
static void
group_packed (RrRollup *self, const Source *src, const guint *levels, const guint64 *shifts,
              guint32 *of_src, GArray *sizes, GArray *keys)
{
  Table t = { 0 };
  table_init (&t, PACKED, classes_bound (self, src, levels));
  guint64 ahead[LOOKAHEAD];
  g_autofree guint32 *tuple = g_new (guint32, self->n_qi);
  for (guint64 k = 0; k < MIN (src->n, LOOKAHEAD); k++)
    {
      fill_tuple (self, src, k, tuple);
      ahead[k] = packed_key (self, tuple, shifts);
    }
  for (guint64 k = 0; k < src->n; k++)
    {
      guint64 key = ahead[k % LOOKAHEAD];
      if (k + LOOKAHEAD < src->n)
        {
          fill_tuple (self, src, k + LOOKAHEAD, tuple);
          guint64 next = packed_key (self, tuple, shifts);
          ahead[k % LOOKAHEAD] = next;
          __builtin_prefetch (&t.slots[2 * (rr_hash_mix64 (next) & t.mask)]);
        }
      fill_tuple (self, src, k, self->tuple);
      guint32 c = class_packed (self, &t, key, sizes, keys);
      g_array_index (sizes, guint64, c) += src->sizes[k];
      of_src[k] = c;
    }
  table_clear (&t);
}

static void
group (RrRollup *self, const Source *src, const guint *levels, RrNodeClasses *node,
       GArray *sizes, GArray *keys)
{
  guint64 strides[64];
  g_return_if_fail (self->n_qi <= G_N_ELEMENTS (strides));
  Scheme scheme = scheme_of (self, levels, strides);
  if (scheme == DENSE && self->dense == NULL)
    {
      self->dense = g_new (guint32, RR_ROLLUP_DENSE_MAX);
      memset (self->dense, 0xff, sizeof (guint32) * RR_ROLLUP_DENSE_MAX);
    }
  g_autofree guint32 *of_src = g_new (guint32, MAX (src->n, 1));
  if (scheme == PACKED)
    group_packed (self, src, levels, strides, of_src, sizes, keys);
  else
    {
      Table t = { 0 };
      if (scheme == HASHED)
        table_init (&t, scheme, classes_bound (self, src, levels));
      for (guint64 k = 0; k < src->n; k++)
        {
          fill_tuple (self, src, k, self->tuple);
          guint32 c = scheme == DENSE ? class_dense (self, strides, sizes, keys)
                                      : class_hashed (self, &t, sizes, keys);
          g_array_index (sizes, guint64, c) += src->sizes[k];
          of_src[k] = c;
        }
      if (scheme == DENSE)
        clear_dense (self);
      else
        table_clear (&t);
    }
  for (guint64 b = 0; b < self->n_base; b++)
    node->of_base[b] = of_src[src->of_base != NULL ? src->of_base[b] : b];
}

/* Keeps node as a source if it is small enough, replacing the least recently used. */
static void
cache_keep (RrRollup *self, const RrNodeClasses *node, const guint *levels)
{
  if (node->n_classes > self->n_base / 4)
    return;
  guint slot = self->n_cache;
  if (slot == RR_ROLLUP_CACHE)
    {
      slot = 0;
      for (guint i = 1; i < RR_ROLLUP_CACHE; i++)
        if (self->cache[i].last_used < self->cache[slot].last_used)
          slot = i;
      source_clear (&self->cache[slot], self->n_qi);
    }
  else
    self->n_cache++;
  Source *s = &self->cache[slot];
  s->levels = g_memdup2 (levels, sizeof (guint) * self->n_qi);
  s->n = node->n_classes;
  s->sizes = g_memdup2 (node->sizes, sizeof (guint64) * MAX (s->n, 1));
  s->of_base = g_memdup2 (node->of_base, sizeof (guint32) * MAX (self->n_base, 1));
  s->codes = g_new (guint32 *, self->n_qi);
  for (guint q = 0; q < self->n_qi; q++)
    {
      s->codes[q] = g_new (guint32, MAX (s->n, 1));
      for (guint64 c = 0; c < s->n; c++)
        s->codes[q][c] = node->keys[c * self->n_qi + q];
    }
  s->last_used = ++self->clock;
}

/* Renumbers the classes in order of their first audited class, so that the numbering (which
 * breaks ties in suppression) does not depend on the source regrouped from. */
static void
renumber (RrRollup *self, RrNodeClasses *node)
{
  guint64 n = node->n_classes;
  g_autofree guint32 *number = g_new (guint32, MAX (n, 1));
  memset (number, 0xff, sizeof (guint32) * MAX (n, 1));
  guint32 next = 0;
  for (guint64 b = 0; b < self->n_base; b++)
    {
      guint32 c = node->of_base[b];
      if (number[c] == RR_SLOT_EMPTY)
        number[c] = next++;
      node->of_base[b] = number[c];
    }
  g_autofree guint64 *sizes = g_new (guint64, MAX (n, 1));
  g_autofree guint32 *keys = g_new (guint32, MAX (n, 1) * self->n_qi);
  for (guint64 c = 0; c < n; c++)
    {
      sizes[number[c]] = node->sizes[c];
      memcpy (keys + (gsize) number[c] * self->n_qi, node->keys + (gsize) c * self->n_qi,
              sizeof (guint32) * self->n_qi);
    }
  memcpy (node->sizes, sizes, sizeof (guint64) * n);
  memcpy (node->keys, keys, sizeof (guint32) * n * self->n_qi);
}

RrNodeClasses *
rr_rollup_node (RrRollup *self, const guint *levels)
{
  Source *src = source_for (self, levels);
  build_remap (self, src, levels);
  RrNodeClasses *node = node_new (self);
  g_autoptr (GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint32));
  group (self, src, levels, node, sizes, keys);
  node->n_classes = sizes->len;
  node->sizes = (guint64 *) g_array_free (g_steal_pointer (&sizes), FALSE);
  node->keys = (guint32 *) g_array_free (g_steal_pointer (&keys), FALSE);
  for (guint64 c = 0; c < node->n_classes; c++)
    node->n_persons += node->sizes[c];
  renumber (self, node);
  cache_keep (self, node, levels);
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
