/* diversity.c - distinct and entropy l-diversity, t-closeness and homogeneity per class (measure
 * stage); formulas in diversity.h and doc/methods.md.  The ordered earth mover's distance uses
 * prefix sums of the release's cumulative distribution, so a class costs O(its values x log m)
 * rather than O(m). */
#include "config.h"
#include "measure/diversity.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  guint64 key; /* class << 32 | rank */
  guint64 count;
} Pair;

struct _RrSensitive
{
  guint32 m;          /* values present, missing included */
  gboolean ordered;
  double *q;          /* by rank: share of the release */
  double *qc;         /* by rank: cumulative share */
  double *qc_prefix;  /* qc_prefix[i] = sum_{j<i} qc[j], m + 1 entries */
  guint64 n_persons;
  Pair *pairs;        /* audited class, rank -> persons; sorted */
  gsize n_pairs;
};

static gint
compare_code_order (gconstpointer a, gconstpointer b, gpointer data)
{
  const double *order_keys = data;
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  if (order_keys[x] < order_keys[y])
    return -1;
  if (order_keys[x] > order_keys[y])
    return 1;
  return x < y ? -1 : x > y;
}

static int
compare_pair (const void *a, const void *b)
{
  guint64 x = ((const Pair *) a)->key, y = ((const Pair *) b)->key;
  return x < y ? -1 : x > y;
}

/* Ranks of the codes present (missing = n_values, last), in order or by code. */
static guint32 *
rank_codes (const guint64 *counts, guint32 n_values, const double *order, guint32 *m)
{
  g_autofree guint32 *present = g_new (guint32, n_values + 1);
  guint32 n = 0;
  for (guint32 v = 0; v < n_values; v++)
    if (counts[v] > 0)
      present[n++] = v;
  if (order != NULL)
    g_qsort_with_data (present, (gint) n, sizeof (guint32), compare_code_order, (gpointer) order);
  if (counts[n_values] > 0)
    present[n++] = n_values;
  guint32 *rank = g_new (guint32, n_values + 1);
  for (guint32 i = 0; i < n; i++)
    rank[present[i]] = i;
  *m = n;
  return rank;
}

static void
release_distribution (RrSensitive *self, const guint64 *counts, const guint32 *rank,
                      guint32 n_values)
{
  self->q = g_new0 (double, MAX (self->m, 1));
  self->qc = g_new0 (double, MAX (self->m, 1));
  self->qc_prefix = g_new0 (double, self->m + 1);
  for (guint32 v = 0; v <= n_values; v++)
    if (counts[v] > 0)
      self->q[rank[v]] = (double) counts[v] / (double) self->n_persons;
  double c = 0.0;
  for (guint32 i = 0; i < self->m; i++)
    {
      c += self->q[i];
      self->qc[i] = c;
      self->qc_prefix[i + 1] = self->qc_prefix[i] + c;
    }
}

static void
base_pairs (RrSensitive *self, const guint32 *codes, const guint32 *rank, guint32 n_values,
            const guint32 *person_class)
{
  g_autofree Pair *all = g_new (Pair, MAX (self->n_persons, 1));
  for (guint64 p = 0; p < self->n_persons; p++)
    {
      guint32 v = codes[p] == G_MAXUINT32 ? n_values : codes[p];
      all[p] = (Pair){ (guint64) person_class[p] << 32 | rank[v], 1 };
    }
  qsort (all, self->n_persons, sizeof (Pair), compare_pair);
  self->pairs = g_new (Pair, MAX (self->n_persons, 1));
  for (guint64 p = 0; p < self->n_persons; p++)
    {
      if (self->n_pairs > 0 && self->pairs[self->n_pairs - 1].key == all[p].key)
        self->pairs[self->n_pairs - 1].count++;
      else
        self->pairs[self->n_pairs++] = all[p];
    }
}

RrSensitive *
rr_sensitive_new (const guint32 *codes, guint32 n_values, const double *order,
                  const guint32 *person_class, guint64 n_base, guint64 n_persons)
{
  g_return_val_if_fail (n_base < G_MAXUINT32, NULL);
  RrSensitive *self = g_new0 (RrSensitive, 1);
  self->n_persons = n_persons;
  self->ordered = order != NULL;
  g_autofree guint64 *counts = g_new0 (guint64, n_values + 1);
  for (guint64 p = 0; p < n_persons; p++)
    counts[codes[p] == G_MAXUINT32 ? n_values : codes[p]]++;
  g_autofree guint32 *rank = rank_codes (counts, n_values, order, &self->m);
  release_distribution (self, counts, rank, n_values);
  base_pairs (self, codes, rank, n_values, person_class);
  return self;
}

void
rr_sensitive_free (RrSensitive *self)
{
  if (self == NULL)
    return;
  g_free (self->q);
  g_free (self->qc);
  g_free (self->qc_prefix);
  g_free (self->pairs);
  g_free (self);
}

guint32 rr_sensitive_n_values (const RrSensitive *self) { return self->m; }

void
rr_class_diversity_free (RrClassDiversity *self)
{
  if (self == NULL)
    return;
  g_free (self->distinct);
  g_free (self->entropy_l);
  g_free (self->t);
  g_free (self);
}

/* sum_{i in [a, b)} |P - qc[i]|, qc nondecreasing. */
static double
segment_distance (const RrSensitive *self, guint32 a, guint32 b, double P)
{
  if (a >= b)
    return 0.0;
  guint32 lo = a, hi = b; /* first i in [a, b) with qc[i] > P */
  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;
      if (self->qc[mid] > P)
        hi = mid;
      else
        lo = mid + 1;
    }
  const double *S = self->qc_prefix;
  return P * (lo - a) - (S[lo] - S[a]) + (S[b] - S[lo]) - P * (b - lo);
}

static double
emd_ordered (const RrSensitive *self, const Pair *run, gsize n, guint64 f)
{
  if (self->m <= 1)
    return 0.0;
  double total = 0.0, P = 0.0;
  guint32 from = 0, last = self->m - 1; /* cumulative differences at i = 0 .. m-2 */
  for (gsize j = 0; j < n; j++)
    {
      guint32 r = (guint32) (run[j].key & G_MAXUINT32);
      total += segment_distance (self, from, MIN (r, last), P);
      P += (double) run[j].count / (double) f;
      from = MIN (r, last);
    }
  total += segment_distance (self, from, last, P);
  return total / (double) (self->m - 1);
}

static double
emd_equal (const RrSensitive *self, const Pair *run, gsize n, guint64 f)
{
  double sum = 1.0;
  for (gsize j = 0; j < n; j++)
    {
      double q = self->q[run[j].key & G_MAXUINT32];
      sum += fabs ((double) run[j].count / (double) f - q) - q;
    }
  return MAX (0.0, sum / 2.0);
}

static void
class_stats (const RrSensitive *self, const Pair *run, gsize n, RrClassDiversity *cd, guint64 c)
{
  guint64 f = 0;
  for (gsize j = 0; j < n; j++)
    f += run[j].count;
  double h = 0.0;
  for (gsize j = 0; j < n; j++)
    {
      double p = (double) run[j].count / (double) f;
      h -= p * log (p);
    }
  cd->distinct[c] = (guint32) n;
  cd->entropy_l[c] = exp (h);
  cd->t[c] = self->ordered ? emd_ordered (self, run, n, f) : emd_equal (self, run, n, f);
}

/* The pairs regrouped by of_base, sorted by class and rank. */
static Pair *
node_pairs (const RrSensitive *self, const guint32 *of_base, gsize *n_out)
{
  Pair *pairs = g_new (Pair, MAX (self->n_pairs, 1));
  for (gsize i = 0; i < self->n_pairs; i++)
    {
      guint64 base = self->pairs[i].key >> 32;
      guint64 c = of_base != NULL ? of_base[base] : base;
      pairs[i] = (Pair){ c << 32 | (self->pairs[i].key & G_MAXUINT32), self->pairs[i].count };
    }
  if (of_base != NULL)
    qsort (pairs, self->n_pairs, sizeof (Pair), compare_pair);
  gsize n = 0;
  for (gsize i = 0; i < self->n_pairs; i++)
    {
      if (n > 0 && pairs[n - 1].key == pairs[i].key)
        pairs[n - 1].count += pairs[i].count;
      else
        pairs[n++] = pairs[i];
    }
  *n_out = n;
  return pairs;
}

RrClassDiversity *
rr_sensitive_classes (const RrSensitive *self, const guint32 *of_base, guint64 n_classes)
{
  RrClassDiversity *cd = g_new0 (RrClassDiversity, 1);
  cd->n_classes = n_classes;
  cd->distinct = g_new0 (guint32, MAX (n_classes, 1));
  cd->entropy_l = g_new0 (double, MAX (n_classes, 1));
  cd->t = g_new0 (double, MAX (n_classes, 1));
  gsize n;
  g_autofree Pair *pairs = node_pairs (self, of_base, &n);
  for (gsize i = 0; i < n;)
    {
      gsize j = i;
      while (j < n && pairs[j].key >> 32 == pairs[i].key >> 32)
        j++;
      class_stats (self, pairs + i, j - i, cd, pairs[i].key >> 32);
      i = j;
    }
  return cd;
}

void
rr_diversity_summarise (const RrClassDiversity *cd, const guint64 *sizes,
                        const guint8 *suppressed, RrDiversityFigures *out)
{
  memset (out, 0, sizeof *out);
  guint64 kept = 0;
  gboolean first = TRUE;
  for (guint64 c = 0; c < cd->n_classes; c++)
    {
      if ((suppressed != NULL && suppressed[c]) || sizes[c] == 0)
        continue;
      kept += sizes[c];
      if (cd->distinct[c] == 1)
        out->homogeneous_persons += sizes[c];
      if (first || cd->distinct[c] < out->distinct_l)
        out->distinct_l = cd->distinct[c];
      if (first || cd->entropy_l[c] < out->entropy_l)
        out->entropy_l = cd->entropy_l[c];
      if (first || cd->t[c] > out->t)
        out->t = cd->t[c];
      first = FALSE;
    }
  out->homogeneous = kept > 0 ? (double) out->homogeneous_persons / (double) kept : 0.0;
}
