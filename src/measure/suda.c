/* suda.c - uniqueness on every subset of the quasi-identifiers, minimal sample uniques and the
 * SUDA and DIS-SUDA scores (measure stage); definitions in suda.h.
 *
 * Hand-written, subset by subset in order of size, on the audited classes rather than persons.
 * Only persons unique on all quasi-identifiers can be unique on a subset, and a person unique on
 * S is unique on every superset, so a subset S is grouped only over the classes not already
 * known unique on one of its immediate subsets (no such class shares S's values with another),
 * and S is an MSU of exactly the persons it makes unique for the first time.  Uniqueness is kept
 * as one bit set per subset of the two sizes in hand. */
#include "config.h"
#include "measure/suda.h"
#include "load/dataset.h"
#include "util/error.h"
#include "util/hash.h"
#include <math.h>
#include <string.h>

#define NONE G_MAXUINT32
/* Direct counting tables up to 4 Mi slots. */
#define SUDA_DENSE_MAX (1u << 18) /* 1 MiB of counts: stays in cache */

typedef struct
{
  guint n_qi;
  guint64 C;
  guint32 **codes;   /* n_qi columns of C dense codes (missing = n_distinct) */
  const guint32 *n_distinct;
  guint64 *size;
  guint32 *cand;     /* class -> candidate index (classes of one person) or NONE */
  guint32 *cand_class;
  GArray *multi;     /* guint32: the classes of two persons or more, never unique */
  guint64 U;
  gsize words;
  guint64 **bits;    /* by mask: the candidates unique on it, while needed */
  guint32 *slot_of;  /* scratch: each class's slot in this subset's table */
  guint32 *slots;    /* hash: representative class per slot */
  guint64 *gslots;   /* packed keys: 32 bits of the key's hash, then group + 1, per slot */
  guint64 gmask;
  guint64 gslots_n; /* gslots allocated */
  guint32 *order;    /* scratch: the classes a packed pass counts, in order */
  guint64 *gkey;     /* per group: its packed key */
  guint32 *gcount;   /* per group: persons */
  guint32 n_groups;
  gboolean packed;   /* this subset counts by group (packed keys) */
  guint32 *counts;   /* per slot (hash or direct) */
  guint64 hash_mask;
  GArray *touched;
  double weight[RR_SUDA_MAX_QI + 1];
} Suda;

static void
suda_clear (Suda *w)
{
  for (guint q = 0; q < w->n_qi; q++)
    g_free (w->codes[q]);
  g_free (w->codes);
  g_free (w->size);
  g_free (w->cand);
  g_free (w->cand_class);
  if (w->multi != NULL)
    g_array_unref (w->multi);
  if (w->bits != NULL)
    for (guint m = 0; m < (1u << w->n_qi); m++)
      g_free (w->bits[m]);
  g_free (w->bits);
  g_free (w->slot_of);
  g_free (w->slots);
  g_free (w->gslots);
  g_free (w->order);
  g_free (w->gkey);
  g_free (w->gcount);
  g_free (w->counts);
  if (w->touched != NULL)
    g_array_unref (w->touched);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Suda, suda_clear)

void
rr_suda_result_free (RrSudaResult *self)
{
  if (self == NULL)
    return;
  g_free (self->uniques);
  g_free (self->msus);
  g_free (self->msus_by_size);
  g_free (self->score);
  g_free (self->dis);
  g_free (self->contribution);
  g_free (self);
}

/* (M - s)! with M padded to at least 3 (sdcMicro's original_scores). */
static void
suda_weights (Suda *w)
{
  guint M = MAX (w->n_qi, 3);
  for (guint s = 1; s <= w->n_qi; s++)
    {
      double f = 1.0;
      for (guint j = 2; j <= M - s; j++)
        f *= j;
      w->weight[s] = f;
    }
}

static void
suda_init (Suda *w, const RrClassTable *classes, const guint32 *n_distinct)
{
  w->n_qi = rr_class_table_n_qi (classes);
  w->C = rr_class_table_count (classes);
  w->n_distinct = n_distinct;
  w->codes = g_new (guint32 *, w->n_qi);
  for (guint q = 0; q < w->n_qi; q++)
    w->codes[q] = g_new (guint32, MAX (w->C, 1));
  w->size = g_new (guint64, MAX (w->C, 1));
  w->cand = g_new (guint32, MAX (w->C, 1));
  w->cand_class = g_new (guint32, MAX (w->C, 1));
  w->multi = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint64 k = 0; k < w->C; k++)
    {
      for (guint q = 0; q < w->n_qi; q++)
        {
          guint32 code = rr_class_table_code (classes, k, q);
          w->codes[q][k] = code == RR_CODE_MISSING ? n_distinct[q] : code;
        }
      w->size[k] = rr_class_table_size (classes, k);
      w->cand[k] = w->size[k] == 1 ? (guint32) w->U : NONE;
      guint32 k32 = (guint32) k;
      if (w->size[k] == 1)
        w->cand_class[w->U++] = k32;
      else
        g_array_append_val (w->multi, k32);
    }
  w->words = (w->U + 63) / 64;
  w->bits = g_new0 (guint64 *, 1u << w->n_qi);
  w->slot_of = g_new (guint32, MAX (w->C, 1));
  guint64 n_slots = 64;
  while (n_slots < 2 * w->C)
    n_slots *= 2;
  w->slots = g_new (guint32, n_slots);
  memset (w->slots, 0xff, sizeof (guint32) * n_slots);
  w->gslots = g_new0 (guint64, n_slots);
  w->order = g_new (guint32, MAX (w->C, 1));
  w->gkey = g_new (guint64, MAX (w->C, 1));
  w->gcount = g_new0 (guint32, MAX (w->C, 1));
  w->hash_mask = n_slots - 1; /* narrowed per subset to the classes grouped */
  w->gmask = n_slots - 1;     /* groups_reset narrows it */
  w->gslots_n = n_slots;
  w->counts = g_new0 (guint32, MAX (n_slots, SUDA_DENSE_MAX));
  w->touched = g_array_new (FALSE, FALSE, sizeof (guint32));
  suda_weights (w);
}

static void
bit_set (guint64 *b, guint64 i)
{
  b[i / 64] |= G_GUINT64_CONSTANT (1) << (i % 64);
}

/* The direct-table strides of subset mask, or FALSE if its codes combine into too many. */
static gboolean
dense_strides (const Suda *w, guint mask, guint64 *strides)
{
  guint64 total = 1;
  for (guint q = 0; q < w->n_qi; q++)
    if (mask & (1u << q))
      {
        strides[q] = total;
        total *= (guint64) w->n_distinct[q] + 1;
        if (total > SUDA_DENSE_MAX)
          return FALSE;
      }
  return TRUE;
}

static guint64
class_hash (const Suda *w, guint mask, guint64 k)
{
  guint64 h = RR_HASH_SEED;
  for (guint q = 0; q < w->n_qi; q++)
    if (mask & (1u << q))
      h = rr_hash_fold (h, w->codes[q][k]);
  return h;
}

static gboolean
classes_agree (const Suda *w, guint mask, guint64 a, guint64 b)
{
  for (guint q = 0; q < w->n_qi; q++)
    if ((mask & (1u << q)) && w->codes[q][a] != w->codes[q][b])
      return FALSE;
  return TRUE;
}

static guint32
hash_slot (Suda *w, guint mask, guint64 k)
{
  guint64 i = class_hash (w, mask, k) & w->hash_mask;
  for (;; i = (i + 1) & w->hash_mask)
    {
      guint32 rep = w->slots[i];
      if (rep == NONE)
        {
          w->slots[i] = (guint32) k;
          guint32 i32 = (guint32) i;
          g_array_append_val (w->touched, i32);
          return i32;
        }
      if (classes_agree (w, mask, rep, k))
        return (guint32) i;
    }
}

static guint32
dense_slot (Suda *w, guint mask, const guint64 *strides, guint64 k)
{
  guint64 at = 0;
  for (guint q = 0; q < w->n_qi; q++)
    if (mask & (1u << q))
      at += w->codes[q][k] * strides[q];
  guint32 at32 = (guint32) at;
  if (w->counts[at32] == 0)
    g_array_append_val (w->touched, at32);
  return at32;
}

/* The next candidate at or after i not known unique (w->U at the end): skips 64 at a time. */
static guint64
next_open (const Suda *w, const guint64 *known, guint64 i)
{
  if (known == NULL)
    return i;
  while (i < w->U)
    {
      guint64 open = ~known[i / 64] >> (i % 64);
      if (open != 0)
        return MIN (w->U, i + (guint64) __builtin_ctzll (open));
      i = (i / 64 + 1) * 64;
    }
  return w->U;
}

/* The bit shifts packing mask's codes into 64 bits, or FALSE if they need more. */
static gboolean
packed_shifts (const Suda *w, guint mask, guint64 *shifts)
{
  guint bits = 0;
  for (guint q = 0; q < w->n_qi; q++)
    if (mask & (1u << q))
      {
        shifts[q] = bits;
        bits += g_bit_storage (w->n_distinct[q] + 1);
      }
  return bits <= 64;
}

#define GROUP_FIRST_SLOTS 1024

/* Doubles the group table at load 1/2, putting every group back. */
static void
groups_grow (Suda *w)
{
  guint64 n_slots = 2 * (w->gmask + 1);
  memset (w->gslots, 0, sizeof (guint64) * n_slots);
  w->gmask = n_slots - 1;
  for (guint32 g = 0; g < w->n_groups; g++)
    {
      guint64 h = rr_hash_mix64 (w->gkey[g]), i = h & w->gmask;
      while (w->gslots[i] != 0)
        i = (i + 1) & w->gmask;
      w->gslots[i] = (h >> 32) << 32 | ((guint64) g + 1);
    }
}

static inline guint64
packed_key (const Suda *w, guint mask, const guint64 *shifts, guint64 k)
{
  guint64 key = 0;
  for (guint q = 0; q < w->n_qi; q++)
    if (mask & (1u << q))
      key |= (guint64) w->codes[q][k] << shifts[q];
  return key;
}

/* The group of a packed key: a slot holds 32 bits of the key's hash beside its group, so a
 * probe reads the group's key only when they agree; the table is sized for the groups the
 * subset can have. */
static guint32
packed_group (Suda *w, guint64 key)
{
  guint64 h = rr_hash_mix64 (key), tag = h >> 32;
  for (guint64 i = h & w->gmask;; i = (i + 1) & w->gmask)
    {
      guint64 slot = w->gslots[i];
      if (slot == 0)
        {
          guint32 g = w->n_groups++;
          w->gkey[g] = key;
          w->gcount[g] = 0;
          w->gslots[i] = tag << 32 | ((guint64) g + 1);
          if (2 * (guint64) w->n_groups > w->gmask + 1)
            groups_grow (w);
          return g;
        }
      guint32 g = (guint32) slot - 1;
      if (slot >> 32 == tag && w->gkey[g] == key)
        return g;
    }
}

/* Clears the group table and sizes it for up to expected groups (it grows past a smaller
 * guess): sized once, a subset where nearly every class stays apart is not rehashed again and
 * again as its groups are found. */
static void
groups_reset (Suda *w, guint64 expected)
{
  memset (w->gslots, 0, sizeof (guint64) * (w->gmask + 1));
  guint64 n = GROUP_FIRST_SLOTS;
  while (n < 2 * expected && n < w->gslots_n)
    n *= 2;
  w->gmask = n - 1;
  w->n_groups = 0;
}

/* The most groups a subset can have: the classes counted, and the product over its variables
 * of their values (with missing). */
static guint64
groups_bound (const Suda *w, guint mask, guint64 classes)
{
  guint64 bound = 1;
  for (guint q = 0; q < w->n_qi && bound < classes; q++)
    if (mask & (1u << q))
      {
        guint64 card = (guint64) w->n_distinct[q] + 1;
        bound = card > classes / MAX (bound, 1) ? classes : bound * card;
      }
  return MIN (bound, classes);
}

/* Persons sharing class k's values on the subset just counted. */
static guint32
group_count (const Suda *w, guint64 k)
{
  return w->packed ? w->gcount[w->slot_of[k]] : w->counts[w->slot_of[k]];
}

typedef enum { SUDA_DENSE, SUDA_PACKED, SUDA_HASHED } SudaScheme;

static void
count_class (Suda *w, guint mask, SudaScheme scheme, const guint64 *strides, guint64 k)
{
  if (scheme == SUDA_PACKED)
    {
      guint32 g = packed_group (w, packed_key (w, mask, strides, k));
      w->slot_of[k] = g;
      w->gcount[g] += (guint32) w->size[k];
      return;
    }
  guint32 s = scheme == SUDA_DENSE ? dense_slot (w, mask, strides, k) : hash_slot (w, mask, k);
  w->slot_of[k] = s;
  w->counts[s] += (guint32) w->size[k];
}

/* A hash table just large enough for n classes, in the first slots of the allocated one. */
static void
narrow_table (Suda *w, guint64 n)
{
  guint64 slots = 64;
  while (slots < 2 * n)
    slots *= 2;
  w->hash_mask = slots - 1;
}

/* Classes whose group slot is fetched ahead of its probe (as in measure/classes.c). */
#define LOOKAHEAD 16

/* The packed pass: the classes in order (the ones of several persons, then the candidates not
 * yet known), each key's slot prefetched a few classes ahead. */
static void
count_packed (Suda *w, guint mask, const guint64 *shifts, const guint64 *known)
{
  guint64 n = 0;
  for (guint i = 0; i < w->multi->len; i++)
    w->order[n++] = g_array_index (w->multi, guint32, i);
  for (guint64 i = next_open (w, known, 0); i < w->U; i = next_open (w, known, i + 1))
    w->order[n++] = w->cand_class[i];
  guint64 ahead[LOOKAHEAD];
  for (guint64 j = 0; j < MIN (n, LOOKAHEAD); j++)
    ahead[j] = packed_key (w, mask, shifts, w->order[j]);
  for (guint64 j = 0; j < n; j++)
    {
      guint64 key = ahead[j % LOOKAHEAD];
      if (j + LOOKAHEAD < n)
        {
          guint64 next = packed_key (w, mask, shifts, w->order[j + LOOKAHEAD]);
          ahead[j % LOOKAHEAD] = next;
          __builtin_prefetch (&w->gslots[rr_hash_mix64 (next) & w->gmask]);
        }
      guint32 k = w->order[j], g = packed_group (w, key);
      w->slot_of[k] = g;
      w->gcount[g] += (guint32) w->size[k];
    }
}

/* Counts persons per value combination of mask over the classes not known unique. */
static void
count_pass (Suda *w, guint mask, const guint64 *known)
{
  guint64 strides[RR_SUDA_MAX_QI];
  SudaScheme scheme = dense_strides (w, mask, strides) ? SUDA_DENSE
                      : packed_shifts (w, mask, strides) ? SUDA_PACKED
                                                         : SUDA_HASHED;
  gboolean dense = scheme == SUDA_DENSE;
  w->packed = scheme == SUDA_PACKED;
  guint64 open = w->U;
  for (gsize i = 0; known != NULL && i < w->words; i++)
    open -= (guint64) __builtin_popcountll (known[i]);
  if (w->packed)
    {
      groups_reset (w, groups_bound (w, mask, w->multi->len + open));
      count_packed (w, mask, strides, known);
      return;
    }
  narrow_table (w, w->multi->len + open);
  for (guint i = 0; i < w->multi->len; i++)
    count_class (w, mask, scheme, strides, g_array_index (w->multi, guint32, i));
  for (guint64 i = next_open (w, known, 0); i < w->U; i = next_open (w, known, i + 1))
    count_class (w, mask, scheme, strides, w->cand_class[i]);
  for (guint i = 0; !dense && !w->packed && i < w->touched->len; i++)
    w->slots[g_array_index (w->touched, guint32, i)] = NONE;
}

static void
reset_counts (Suda *w)
{
  for (guint i = 0; i < w->touched->len; i++)
    w->counts[g_array_index (w->touched, guint32, i)] = 0;
  g_array_set_size (w->touched, 0);
}

static gboolean
no_missing (const Suda *w, guint mask, guint64 k)
{
  for (guint q = 0; q < w->n_qi; q++)
    if ((mask & (1u << q)) && w->codes[q][k] == w->n_distinct[q])
      return FALSE;
  return TRUE;
}

static void
msu_add (const Suda *w, RrSudaResult *r, guint mask, guint size, guint64 k)
{
  double wt = w->weight[size];
  r->score[w->cand[k]] += wt;
  for (guint q = 0; q < w->n_qi; q++)
    if (mask & (1u << q))
      r->contribution[q] += wt;
  r->msus[mask]++;
  r->msus_by_size[size]++;
}

/* The union of the immediate subsets' unique sets (NULL for single quasi-identifiers). */
static guint64 *
known_union (const Suda *w, guint mask)
{
  if (__builtin_popcount (mask) < 2)
    return NULL;
  guint64 *u = g_new0 (guint64, MAX (w->words, 1));
  for (guint q = 0; q < w->n_qi; q++)
    if (mask & (1u << q))
      for (gsize i = 0; i < w->words; i++)
        u[i] |= w->bits[mask & ~(1u << q)][i];
  return u;
}

static void
subset_compute (Suda *w, RrSudaResult *r, guint mask, guint size)
{
  guint64 *known = known_union (w, mask);
  count_pass (w, mask, known);
  guint64 *bits = known != NULL ? known : g_new0 (guint64, MAX (w->words, 1));
  for (guint64 i = next_open (w, known, 0); i < w->U; i = next_open (w, known, i + 1))
    {
      guint64 k = w->cand_class[i];
      if (group_count (w, k) != 1)
        continue;
      bit_set (bits, i);
      if (no_missing (w, mask, k))
        msu_add (w, r, mask, size, k);
    }
  reset_counts (w);
  guint64 n = 0;
  for (gsize i = 0; i < w->words; i++)
    n += (guint64) __builtin_popcountll (bits[i]);
  r->uniques[mask] = n;
  w->bits[mask] = bits;
}

static void
free_level (Suda *w, guint size)
{
  for (guint m = 1; m < (1u << w->n_qi); m++)
    if ((guint) __builtin_popcount (m) == size)
      g_clear_pointer (&w->bits[m], g_free);
}

/* sdcMicro's DIS-SUDA, in its precisions (suda.h). */
static void
dis_scores (const Suda *w, RrSudaResult *r)
{
  float d = (float) r->dis_fraction;
  float U = (float) r->full_uniques, P = (float) r->full_pairs;
  float dis = U * d / (U * d + P * (1.0f - d));
  double Q = (double) (1.0f + (8.0f - (float) MAX (w->n_qi, 3)) / 20.0f);
  double adj = 0.0;
  for (guint64 i = 0; i < w->U; i++)
    if (r->score[i] > 0.0)
      adj += 1.0 / pow (r->score[i], Q);
  float odds = U / dis - U;
  r->dis_probability = (double) dis;
  for (guint64 i = 0; i < w->U; i++)
    r->dis[i] = r->score[i] > 0.0 ? 1.0 / (1.0 + (double) odds / (pow (r->score[i], Q) * adj))
                                  : 0.0;
}

static RrSudaResult *
result_new (const Suda *w, guint64 n_persons, double dis_fraction)
{
  RrSudaResult *r = g_new0 (RrSudaResult, 1);
  r->n_qi = w->n_qi;
  r->n_persons = n_persons;
  r->n_subsets = 1u << w->n_qi;
  r->uniques = g_new0 (guint64, r->n_subsets);
  r->msus = g_new0 (guint64, r->n_subsets);
  r->msus_by_size = g_new0 (guint64, w->n_qi + 1);
  r->score = g_new0 (double, MAX (w->U, 1));
  r->dis = g_new0 (double, MAX (w->U, 1));
  r->contribution = g_new0 (double, w->n_qi);
  r->dis_fraction = dis_fraction;
  r->full_uniques = w->U;
  for (guint64 k = 0; k < w->C; k++)
    r->full_pairs += w->size[k] == 2 ? 2 : 0;
  return r;
}

/* Scores are per candidate until here; spread them to persons (0 for everyone else). */
static void
scores_to_persons (const Suda *w, const RrClassTable *classes, RrSudaResult *r)
{
  g_autofree double *score = g_new0 (double, MAX (r->n_persons, 1));
  g_autofree double *dis = g_new0 (double, MAX (r->n_persons, 1));
  const guint32 *pc = rr_class_table_person_classes (classes);
  double total = 0.0, dis_sum = 0.0;
  for (guint64 p = 0; p < r->n_persons; p++)
    {
      guint32 i = w->cand[pc[p]];
      if (i == NONE)
        continue;
      score[p] = r->score[i];
      dis[p] = r->dis[i];
      total += score[p];
      dis_sum += dis[p];
      r->persons_with_msu += score[p] > 0.0;
      r->max_score = MAX (r->max_score, score[p]);
      r->max_dis = MAX (r->max_dis, dis[p]);
    }
  r->mean_dis = r->n_persons > 0 ? dis_sum / (double) r->n_persons : 0.0;
  for (guint q = 0; q < r->n_qi; q++)
    r->contribution[q] = total > 0.0 ? 100.0 * r->contribution[q] / total : 0.0;
  g_free (r->score);
  g_free (r->dis);
  r->score = g_steal_pointer (&score);
  r->dis = g_steal_pointer (&dis);
}

RrSudaResult *
rr_suda_compute (const RrClassTable *classes, const guint32 *n_distinct, double dis_fraction,
                 GError **error)
{
  guint n_qi = rr_class_table_n_qi (classes);
  if (n_qi > RR_SUDA_MAX_QI)
    {
      rr_throw (error, RR_ERROR_INVALID, "the subsets of %u quasi-identifiers are too many to "
                "search (at most %d)", n_qi, RR_SUDA_MAX_QI);
      return NULL;
    }
  g_auto (Suda) w = { 0 };
  suda_init (&w, classes, n_distinct);
  g_autoptr (RrSudaResult) r = result_new (&w, rr_class_table_n_persons (classes), dis_fraction);
  for (guint size = 1; size <= n_qi && w.U > 0; size++)
    {
      for (guint m = 1; m < r->n_subsets; m++)
        if ((guint) __builtin_popcount (m) == size)
          subset_compute (&w, r, m, size);
      if (size >= 2)
        free_level (&w, size - 1);
    }
  dis_scores (&w, r);
  scores_to_persons (&w, classes, r);
  return g_steal_pointer (&r);
}
