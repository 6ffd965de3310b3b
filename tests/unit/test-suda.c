/* test-suda.c - subsets that single people out, minimal sample uniques and the SUDA and DIS-SUDA
 * scores: a hand-worked example (below), a missing value, and an exhaustive enumeration of every
 * record's subsets on random data. */
#include "config.h"
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include "load/dataset.h"
#include "measure/classes.h"
#include "measure/suda.h"
#include "util/autocleanups.h"

/* Six records on A, B, C, D (M = 4, so an MSU of size s scores (4 - s)!: 6, 2, 1, 1):
 *   r0 1 1 1 1   MSU {A,B,D}             score 1
 *   r1 1 1 1 2   MSU {D}                 score 6
 *   r2 1 2 1 1   MSUs {A,B}, {B,C}       score 4
 *   r3 2 1 1 1   (same as r4)            score 0
 *   r4 2 1 1 1                           score 0
 *   r5 3 2 2 1   MSUs {A}, {C}           score 12
 * Worked by hand: A = 3 and C = 2 occur only in r5, D = 2 only in r1; r2's (A,B) = (1,2) and
 * (B,C) = (2,1) occur once, (A,C,D) = (1,1,1) twice; r0 is unique on (A,B,D) only.
 * U = 4 (r0, r1, r2, r5 unique on all four), P = 2 (r3, r4).
 * Contributions (weights of the MSUs holding each): A 6+2+1 = 9, B 2+2+1 = 5, C 6+2 = 8,
 * D 6+1 = 7, of a total score 23. */
static const guint32 A[] = { 1, 1, 1, 2, 2, 3 };
static const guint32 B[] = { 1, 1, 2, 1, 1, 2 };
static const guint32 C[] = { 1, 1, 1, 1, 1, 2 };
static const guint32 D[] = { 1, 2, 1, 1, 1, 1 };

static RrSudaResult *
suda_of (const guint32 *const *cols, guint n_qi, guint64 n)
{
  g_autoptr (RrClassTable) t = rr_class_table_build (cols, n_qi, n);
  guint32 n_distinct[RR_SUDA_MAX_QI];
  for (guint q = 0; q < n_qi; q++)
    {
      n_distinct[q] = 0;
      for (guint64 p = 0; p < n; p++)
        if (cols[q][p] != RR_CODE_MISSING)
          n_distinct[q] = MAX (n_distinct[q], cols[q][p] + 1);
    }
  g_autoptr (GError) error = NULL;
  RrSudaResult *r = rr_suda_compute (t, n_distinct, 0.01, &error);
  cr_assert_not_null (r, "%s", error ? error->message : "");
  return r;
}

/* sdcMicro's DIS-SUDA as its C++ states it (float Dis and Q), for scores s of n persons. */
static double
dis_of (double s, const double *scores, guint n, guint M, guint64 U, guint64 P)
{
  float d = 0.01f, Uf = (float) U, Pf = (float) P;
  float dis = Uf * d / (Uf * d + Pf * (1.0f - d));
  double Q = (double) (1.0f + (8.0f - (float) M) / 20.0f);
  double adj = 0.0;
  for (guint i = 0; i < n; i++)
    if (scores[i] > 0.0)
      adj += 1.0 / pow (scores[i], Q);
  return s > 0.0 ? 1.0 / (1.0 + (double) (Uf / dis - Uf) / (pow (s, Q) * adj)) : 0.0;
}

Test (suda, hand_worked_scores)
{
  const guint32 *cols[] = { A, B, C, D };
  g_autoptr (RrSudaResult) r = suda_of (cols, 4, 6);
  static const double want[] = { 1, 6, 4, 0, 0, 12 };
  for (guint p = 0; p < 6; p++)
    cr_assert (ieee_ulp_eq (dbl, r->score[p], want[p], 0), "r%u: %g", p, r->score[p]);
  cr_assert_eq (r->full_uniques, 4);
  cr_assert_eq (r->full_pairs, 2);
  cr_assert_eq (r->msus_by_size[1], 3);
  cr_assert_eq (r->msus_by_size[2], 2);
  cr_assert_eq (r->msus_by_size[3], 1);
  cr_assert_eq (r->msus_by_size[4], 0);
  cr_assert_eq (r->msus[0x1], 1);      /* {A}: r5 */
  cr_assert_eq (r->msus[0x3], 1);      /* {A,B}: r2 */
  cr_assert_eq (r->msus[0xB], 1);      /* {A,B,D}: r0 */
  cr_assert_eq (r->uniques[0x3], 2);   /* unique on {A,B}: r2, r5 */
  cr_assert_eq (r->uniques[0xF], 4);
  cr_assert_eq (r->uniques[0x2], 0);   /* nobody on B alone */
  cr_assert_eq (r->persons_with_msu, 4);
  static const double contrib[] = { 9, 5, 8, 7 };
  for (guint q = 0; q < 4; q++)
    cr_assert (ieee_ulp_eq (dbl, r->contribution[q], 100.0 * contrib[q] / 23.0, 4));
  for (guint p = 0; p < 6; p++)
    {
      double d = dis_of (want[p], want, 6, 4, 4, 2);
      cr_assert (ieee_ulp_eq (dbl, r->dis[p], d, 4), "dis r%u %.17g %.17g", p, r->dis[p], d);
    }
  /* r5 (score 12) is the most at risk; r3 and r4 score nothing. */
  cr_assert (r->dis[5] > r->dis[1] && r->dis[1] > r->dis[2] && r->dis[2] > r->dis[0]);
  cr_assert (ieee_ulp_eq (dbl, r->dis[3], 0.0, 0));
}

Test (suda, missing_value_is_never_in_an_msu)
{
  /* r5's A missing: {A} is no longer its MSU (the missing value only matches itself, but an MSU
   * holds no missing value); {C} remains, and r5 is still unique on all four. */
  guint32 a[6];
  memcpy (a, A, sizeof a);
  a[5] = RR_CODE_MISSING;
  const guint32 *cols[] = { a, B, C, D };
  g_autoptr (RrSudaResult) r = suda_of (cols, 4, 6);
  cr_assert (ieee_ulp_eq (dbl, r->score[5], 6.0, 0), "r5: %g", r->score[5]);
  cr_assert_eq (r->uniques[0x1], 1); /* r5 is still alone with its missing A */
  cr_assert_eq (r->msus[0x1], 0);
}

Test (suda, two_columns_score_as_if_padded_to_three)
{
  /* sdcMicro pads fewer than three key variables with constant columns, so M = 3 in the weights:
   * a 1-MSU scores 2!, a 2-MSU 1!. */
  static const guint32 x[] = { 1, 1, 2, 2 };
  static const guint32 y[] = { 1, 2, 1, 3 };
  const guint32 *cols[] = { x, y };
  g_autoptr (RrSudaResult) r = suda_of (cols, 2, 4);
  /* y = 2 and y = 3 are 1-MSUs (r1, r3); r0 (1,1) and r2 (2,1) are unique on {x, y} only. */
  static const double want[] = { 1, 2, 1, 2 };
  for (guint p = 0; p < 4; p++)
    cr_assert (ieee_ulp_eq (dbl, r->score[p], want[p], 0), "r%u: %g", p, r->score[p]);
}

/* Brute force: r unique on mask (missing matches missing) among all n. */
static gboolean
unique_on (const guint32 *const *cols, guint n_qi, guint n, guint r, guint mask)
{
  if (mask == 0)
    return FALSE;
  for (guint p = 0; p < n; p++)
    {
      if (p == r)
        continue;
      gboolean same = TRUE;
      for (guint q = 0; q < n_qi && same; q++)
        if ((mask >> q) & 1)
          same = cols[q][p] == cols[q][r];
      if (same)
        return FALSE;
    }
  return TRUE;
}

Test (suda, random_against_exhaustive_enumeration)
{
  g_autoptr (gsl_rng) rng = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (rng, 1984);
  enum { N = 160, Q = 5 };
  static const guint card[Q] = { 2, 3, 4, 5, 9 };
  guint32 data[Q][N];
  for (guint q = 0; q < Q; q++)
    for (guint p = 0; p < N; p++)
      data[q][p] = gsl_rng_uniform_int (rng, 20) == 0 ? RR_CODE_MISSING
                                                       : (guint32) gsl_rng_uniform_int (rng, card[q]);
  const guint32 *cols[Q];
  for (guint q = 0; q < Q; q++)
    cols[q] = data[q];
  g_autoptr (RrSudaResult) r = suda_of (cols, Q, N);
  static const double w[] = { 0, 24, 6, 2, 1, 1 }; /* (5 - s)! */
  double score[N] = { 0 };
  guint64 uniques[1 << Q] = { 0 }, msus[1 << Q] = { 0 };
  for (guint p = 0; p < N; p++)
    for (guint m = 1; m < (1u << Q); m++)
      {
        if (!unique_on (cols, Q, N, p, m))
          continue;
        uniques[m]++;
        gboolean missing = FALSE, minimal = TRUE;
        for (guint q = 0; q < Q; q++)
          if ((m >> q) & 1)
            {
              missing |= cols[q][p] == RR_CODE_MISSING;
              minimal &= !unique_on (cols, Q, N, p, m & ~(1u << q));
            }
        if (!missing && minimal)
          {
            msus[m]++;
            score[p] += w[__builtin_popcount (m)];
          }
      }
  for (guint m = 1; m < (1u << Q); m++)
    {
      cr_assert_eq (r->uniques[m], uniques[m], "uniques on %#x", m);
      cr_assert_eq (r->msus[m], msus[m], "msus on %#x", m);
    }
  guint64 U = r->full_uniques, P = r->full_pairs;
  for (guint p = 0; p < N; p++)
    {
      cr_assert (ieee_ulp_eq (dbl, r->score[p], score[p], 0), "person %u", p);
      cr_assert (ieee_ulp_eq (dbl, r->dis[p], dis_of (score[p], score, N, Q, U, P), 16));
    }
  cr_assert_eq (U, uniques[(1 << Q) - 1]);
}
