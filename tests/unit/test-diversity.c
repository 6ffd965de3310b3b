/* test-diversity.c - l-diversity, t-closeness and homogeneity: Li et al.'s published salary
 * example (EMD 0.375 and 0.167), a hand-worked categorical example, and the O(m) textbook
 * formulas on random data. */
#include "config.h"
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include "measure/diversity.h"
#include "util/autocleanups.h"

Test (diversity, li_et_al_salary_example)
{
  /* Li, Li & Venkatasubramanian (2007), section 4: salaries 3k..11k, one person each; the class
   * {3k, 4k, 5k} is at EMD 0.375 from the whole table and {6k, 8k, 11k} at 0.167 (= 1/6). */
  static const guint32 codes[] = { 0, 1, 2, 3, 5, 8, 4, 6, 7 };
  static const guint32 cls[] = { 0, 0, 0, 1, 1, 1, 2, 2, 2 };
  double order[9];
  for (guint v = 0; v < 9; v++)
    order[v] = 3000.0 + 1000.0 * v;
  g_autoptr (RrSensitive) s = rr_sensitive_new (codes, 9, order, cls, 3, 9);
  g_autoptr (RrClassDiversity) cd = rr_sensitive_classes (s, NULL, 3);
  cr_assert (ieee_ulp_eq (dbl, cd->t[0], 0.375, 4), "got %.17g", cd->t[0]);
  cr_assert (ieee_ulp_eq (dbl, cd->t[1], 1.0 / 6.0, 8), "got %.17g", cd->t[1]);
  cr_assert_eq (cd->distinct[0], 3);
  cr_assert (ieee_ulp_eq (dbl, cd->entropy_l[0], 3.0, 8));
}

Test (diversity, categorical_hand_worked)
{
  /* Class 0: a, a, b; class 1: b, c, c; class 2: c (one person).  Over the 7 persons q is
   * a 2/7, b 2/7, c 3/7.  EMD(class 0) = (|2/3-2/7| + |1/3-2/7| + 3/7)/2 = (8+1+9)/42 = 3/7;
   * class 1: (2/7 + 1/21 + 5/21)/2 = 2/7; class 2 (only c): (2/7 + 2/7 + 4/7)/2 = 4/7, the
   * largest.  Homogeneous: class 2 only, 1 of 7 persons. */
  static const guint32 codes[] = { 0, 0, 1, 1, 2, 2, 2 };
  static const guint32 cls[] = { 0, 0, 0, 1, 1, 1, 2 };
  g_autoptr (RrSensitive) s = rr_sensitive_new (codes, 3, NULL, cls, 3, 7);
  g_autoptr (RrClassDiversity) cd = rr_sensitive_classes (s, NULL, 3);
  cr_assert (ieee_ulp_eq (dbl, cd->t[0], 3.0 / 7.0, 8), "got %.17g", cd->t[0]);
  cr_assert (ieee_ulp_eq (dbl, cd->t[1], 2.0 / 7.0, 8), "got %.17g", cd->t[1]);
  cr_assert (ieee_ulp_eq (dbl, cd->t[2], 4.0 / 7.0, 8), "got %.17g", cd->t[2]);
  double h0 = -(2.0 / 3.0) * log (2.0 / 3.0) - (1.0 / 3.0) * log (1.0 / 3.0);
  cr_assert (ieee_ulp_eq (dbl, cd->entropy_l[0], exp (h0), 8));
  static const guint64 sizes[] = { 3, 3, 1 };
  RrDiversityFigures f;
  rr_diversity_summarise (cd, sizes, NULL, &f);
  cr_assert_eq (f.distinct_l, 1);
  cr_assert_eq (f.homogeneous_persons, 1);
  cr_assert (ieee_ulp_eq (dbl, f.homogeneous, 1.0 / 7.0, 4));
  cr_assert (ieee_ulp_eq (dbl, f.t, 4.0 / 7.0, 8));
  /* Merging classes 1 and 2 (b, c, c, c): no homogeneous class left. */
  static const guint32 of_base[] = { 0, 1, 1 };
  g_autoptr (RrClassDiversity) merged = rr_sensitive_classes (s, of_base, 2);
  static const guint64 msizes[] = { 3, 4 };
  rr_diversity_summarise (merged, msizes, NULL, &f);
  cr_assert_eq (f.distinct_l, 2);
  cr_assert_eq (f.homogeneous_persons, 0);
  /* Suppressing class 2 instead: 6 persons kept, none homogeneous. */
  static const guint8 supp[] = { 0, 0, 1 };
  rr_diversity_summarise (cd, sizes, supp, &f);
  cr_assert_eq (f.distinct_l, 2);
  cr_assert (ieee_ulp_eq (dbl, f.homogeneous, 0.0, 0));
}

/* The textbook forms, O(m) per class. */
static double
emd_brute (const double *p, const double *q, guint m, gboolean ordered)
{
  double sum = 0.0, cum = 0.0;
  if (!ordered)
    {
      for (guint i = 0; i < m; i++)
        sum += fabs (p[i] - q[i]);
      return sum / 2.0;
    }
  for (guint i = 0; i + 1 < m; i++)
    {
      cum += p[i] - q[i];
      sum += fabs (cum);
    }
  return m > 1 ? sum / (m - 1) : 0.0;
}

Test (diversity, random_against_textbook_formulas)
{
  g_autoptr (gsl_rng) r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, 2385);
  enum { N = 600, V = 11, K = 37 };
  guint32 codes[N], cls[N];
  double order[V];
  for (guint v = 0; v < V; v++)
    order[v] = 100.0 - 7.25 * v; /* order reversed against codes */
  for (guint i = 0; i < N; i++)
    {
      codes[i] = gsl_rng_uniform_int (r, 8) == 0 ? G_MAXUINT32 : (guint32) gsl_rng_uniform_int (r, V - 1);
      cls[i] = (guint32) gsl_rng_uniform_int (r, K);
    }
  for (int ordered = 0; ordered < 2; ordered++)
    {
      g_autoptr (RrSensitive) s = rr_sensitive_new (codes, V, ordered ? order : NULL, cls, K, N);
      g_autoptr (RrClassDiversity) cd = rr_sensitive_classes (s, NULL, K);
      /* rank: codes sorted by order (missing last), only values present. */
      double qc[V + 1] = { 0 };
      for (guint i = 0; i < N; i++)
        qc[codes[i] == G_MAXUINT32 ? V : codes[i]] += 1.0 / N;
      guint idx[V + 1], m = 0;
      for (int v = V - 1; v >= 0; v--) /* descending codes = ascending order keys */
        if (qc[v] > 0)
          idx[m++] = (guint) v;
      if (qc[V] > 0)
        idx[m++] = V;
      for (guint k = 0; k < K; k++)
        {
          double pk[V + 1] = { 0 }, p[V + 1], q[V + 1];
          double f = 0;
          for (guint i = 0; i < N; i++)
            if (cls[i] == k)
              {
                pk[codes[i] == G_MAXUINT32 ? V : codes[i]] += 1;
                f += 1;
              }
          for (guint j = 0; j < m; j++)
            {
              p[j] = pk[idx[j]] / f;
              q[j] = qc[idx[j]];
            }
          /* Summed in another order: a few ulps apart, far below 1e-12 at shares up to 1. */
          double want = emd_brute (p, q, m, ordered);
          cr_assert (fabs ((cd->t[k]) - (want)) <= 1e-12, "class %u ordered %d: %.17g vs %.17g",
                     k, ordered, cd->t[k], want);
        }
    }
}
