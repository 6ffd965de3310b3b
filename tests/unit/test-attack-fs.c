/* test-attack-fs.c - Fellegi-Sunter weights worked by hand, and EM against known truth: counts
 * that are exactly the expectation of a known two-class model (with and without missing
 * values, whose maximum-likelihood estimate is that model), and counts drawn at random from it
 * (estimates within a tolerance set by the sample size); the orientation of the classes; the
 * error for no pairs. */
#include "config.h"
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include "attack/fs.h"
#include "util/autocleanups.h"
#include "util/error.h"

static void
gsl_off (void)
{
  gsl_set_error_handler_off ();
}

TestSuite (attack_fs, .init = gsl_off);

/* P(pattern | class) for agreement probabilities a and presence probabilities h. */
static double
likelihood (const double *a, const double *h, guint n, guint g)
{
  double l = 1;
  for (guint j = 0; j < n; j++, g /= 3)
    {
      guint s = g % 3;
      l *= s == RR_FS_MISSING ? 1 - h[j] : h[j] * (s == RR_FS_AGREE ? a[j] : 1 - a[j]);
    }
  return l;
}

static void
expected_counts (double *counts, guint n, double N, double p, const double *m, const double *u,
                 const double *h)
{
  for (guint g = 0; g < rr_fs_n_patterns (n); g++)
    counts[g] = N * (p * likelihood (m, h, n, g) + (1 - p) * likelihood (u, h, n, g));
}

/* With exactly the expected counts of a model with three fields (identified: 7 cells, 7
 * parameters), EM's fixed point is the model; 1e-6 is far above EM's stopping step 1e-13 times
 * the iterations, far below any real difference. */
Test (attack_fs, em_recovers_a_known_model)
{
  static const double m[3] = { 0.9625, 0.885, 0.7375 }, u[3] = { 0.0125, 0.0575, 0.4975 };
  static const double h[3] = { 1, 1, 1 };
  double counts[27];
  expected_counts (counts, 3, 2385000, 0.0385, m, u, h);
  RrFsParams par;
  g_autoptr (GError) error = NULL;
  cr_assert (rr_fs_em_estimate (&par, 3, counts, 1e-13, 100000, &error));
  cr_assert (par.converged);
  cr_assert (fabs (par.p - 0.0385) < 1e-6, "p %.9g", par.p);
  for (guint j = 0; j < 3; j++)
    {
      cr_assert (fabs (par.m[j] - m[j]) < 1e-6, "m[%u] %.9g, want %.9g", j, par.m[j], m[j]);
      cr_assert (fabs (par.u[j] - u[j]) < 1e-6, "u[%u] %.9g, want %.9g", j, par.u[j], u[j]);
    }
}

/* Missing at random (each field present with its own probability, in both classes): missing
 * values carry no information and the estimate is the same model. */
Test (attack_fs, em_with_missing_values)
{
  static const double m[3] = { 0.9625, 0.885, 0.7375 }, u[3] = { 0.0125, 0.0575, 0.4975 };
  static const double h[3] = { 0.9, 0.65, 1 };
  double counts[27];
  expected_counts (counts, 3, 2385000, 0.0385, m, u, h);
  RrFsParams par;
  g_autoptr (GError) error = NULL;
  cr_assert (rr_fs_em_estimate (&par, 3, counts, 1e-13, 100000, &error));
  cr_assert (fabs (par.p - 0.0385) < 1e-6, "p %.9g", par.p);
  for (guint j = 0; j < 3; j++)
    cr_assert (fabs (par.m[j] - m[j]) < 1e-6 && fabs (par.u[j] - u[j]) < 1e-6, "field %u", j);
}

/* Pairs drawn at random from the model (seeded): with 200,000 pairs and 7,700 matches each
 * estimate's standard error is below 0.004 (binomial, sqrt(0.25 / 7700) = 0.0057 for m at
 * worst, 0.0011 for u); 0.03 is above 5 such errors. */
Test (attack_fs, em_on_a_simulated_sample)
{
  static const double m[3] = { 0.9625, 0.885, 0.7375 }, u[3] = { 0.0125, 0.0575, 0.4975 };
  double counts[27] = { 0 };
  g_autoptr (gsl_rng) r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, 2385);
  for (guint i = 0; i < 200000; i++)
    {
      const double *a = gsl_rng_uniform (r) < 0.0385 ? m : u;
      guint g = 0;
      for (guint j = 3; j-- > 0;)
        g = g * 3 + (gsl_rng_uniform (r) < a[j] ? RR_FS_AGREE : RR_FS_DISAGREE);
      counts[g]++;
    }
  RrFsParams par;
  g_autoptr (GError) error = NULL;
  cr_assert (rr_fs_em_estimate (&par, 3, counts, 1e-12, 100000, &error));
  cr_assert (fabs (par.p - 0.0385) < 0.005, "p %.6g", par.p);
  for (guint j = 0; j < 3; j++)
    cr_assert (fabs (par.m[j] - m[j]) < 0.03 && fabs (par.u[j] - u[j]) < 0.03,
               "field %u: m %.4g u %.4g", j, par.m[j], par.u[j]);
}

/* The weights of m = 0.9, u = 0.01: agree log2(90) = 6.4919, disagree log2(0.1 / 0.99) =
 * -3.3074; a pattern sums its fields' weights and a missing field adds 0. */
Test (attack_fs, weights_by_hand)
{
  RrFsParams par = { .n_fields = 2, .m = { 0.9, 0.75 }, .u = { 0.01, 0.5 }, .p = 0.1 };
  cr_assert (fabs (rr_fs_weight_agree (&par, 0) - 6.491853096329675) < 1e-12);
  cr_assert (fabs (rr_fs_weight_disagree (&par, 0) - (-3.3074285251922473)) < 1e-12);
  /* pattern: field 0 agrees, field 1 missing: 1 + 2 * 3 */
  guint g = RR_FS_AGREE + 3 * RR_FS_MISSING;
  cr_assert_eq (rr_fs_pattern_state (g, 0), RR_FS_AGREE);
  cr_assert_eq (rr_fs_pattern_state (g, 1), RR_FS_MISSING);
  cr_assert (fabs (rr_fs_pattern_weight (&par, g) - 6.491853096329675) < 1e-12);
  /* field 0 disagrees, field 1 agrees: -3.3074 + log2(1.5) */
  cr_assert (fabs (rr_fs_pattern_weight (&par, RR_FS_DISAGREE + 3 * RR_FS_AGREE)
                   - (-3.3074285251922473 + 0.5849625007211562)) < 1e-12);
  cr_assert_eq (rr_fs_n_patterns (4), 81);
}

/* Started from a point where the non-match class agrees more, EM's result is still reported
 * with m > u. */
Test (attack_fs, classes_are_oriented)
{
  static const double m[3] = { 0.95, 0.9, 0.85 }, u[3] = { 0.05, 0.2, 0.3 }, h[3] = { 1, 1, 1 };
  double counts[27];
  expected_counts (counts, 3, 100000, 0.3, m, u, h);
  RrFsParams par;
  rr_fs_em_init (&par, 3, counts);
  for (guint j = 0; j < 3; j++)
    par.m[j] = u[j], par.u[j] = m[j];
  par.p = 0.7;
  for (guint i = 0; i < 5000; i++)
    rr_fs_em_iterate (&par, counts);
  cr_assert (par.m[0] < par.u[0], "EM kept the swapped labels from this start");
  g_autoptr (GError) error = NULL;
  RrFsParams est;
  cr_assert (rr_fs_em_estimate (&est, 3, counts, 1e-13, 100000, &error));
  for (guint j = 0; j < 3; j++)
    cr_assert (fabs (est.m[j] - m[j]) < 1e-6 && fabs (est.u[j] - u[j]) < 1e-6, "field %u", j);
}

Test (attack_fs, no_pairs_is_an_error)
{
  double counts[9] = { 0 };
  RrFsParams par;
  g_autoptr (GError) error = NULL;
  cr_assert_not (rr_fs_em_estimate (&par, 2, counts, 1e-12, 100, &error));
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_NUMERIC));
}
