/* test-population-split.c - the split of a table code's persons among the release's finer
 * postcodes: the share against hand values, the log-likelihood against the beta-binomial and
 * binomial computed independently (GSL's ln B and binomial pdf), the fit against the closed
 * form of releases whose parents hold two persons each, against a fine grid, and against a known
 * alpha by simulation; and the whole split on a hand-worked release of the tiny tables.
 *
 * Closed form used below.  If every parent has g = 2 released persons, a code's f is 1 or 2
 * and the zero-truncated beta-binomial gives P(f = 2 | f >= 1) = (alpha + 1) / (c alpha + 1),
 * c = 2K - 1.  With a codes of f = 2 and b codes of f = 1 (two per parent that split),
 *   l(alpha) = a ln (alpha + 1) + b ln (2 (K - 1) alpha) - (a + b) ln (c alpha + 1) + const,
 * and l'(alpha) = 0 is linear in alpha: (a + b - a c) alpha + b = 0, so
 *   alpha = b / (a (2K - 2) - b)   when a (2K - 2) > b, else the maximum is at alpha -> inf. */
#include "config.h"
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include "population/codes.h"
#include "population/split.h"
#include "population/tables.h"
#include "util/autocleanups.h"

#define TINY TEST_DATA_DIR "/population/tiny"

static void
gsl_off (void)
{
  gsl_set_error_handler_off ();
}

TestSuite (split, .init = gsl_off);

Test (split, names)
{
  RrPopulationSplit s = RR_POPULATION_SPLIT_UNIFORM;
  cr_assert (rr_population_split_from_string ("release", &s));
  cr_assert_eq (s, RR_POPULATION_SPLIT_RELEASE);
  cr_assert (rr_population_split_from_string ("uniform", &s));
  cr_assert_eq (s, RR_POPULATION_SPLIT_UNIFORM);
  cr_assert_not (rr_population_split_from_string ("even", &s));
  cr_assert_str_eq (rr_population_split_to_string (RR_POPULATION_SPLIT_RELEASE), "release");
  cr_assert_str_eq (rr_population_split_to_string (RR_POPULATION_SPLIT_UNIFORM), "uniform");
}

/* (3 + 2.385) / (7 + 2.385 x 3.785) = 5.385 / 16.027225 = 0.33599079067025...; alpha = inf
 * gives the uniform 1/K. */
Test (split, share_is_the_smoothed_ratio)
{
  cr_assert (ieee_ulp_eq (dbl, rr_population_split_share (3, 7, 2.385, 3.785),
                          5.385 / 16.027225, 4));
  cr_assert (ieee_ulp_eq (dbl, rr_population_split_share (3, 7, (double) INFINITY, 3.785),
                          1.0 / 3.785, 0));
  /* alpha -> 0: the raw ratio f/g */
  cr_assert (fabs (rr_population_split_share (3, 7, 1e-12, 3.785) - 3.0 / 7.0) < 1e-12);
}

/* ---- the log-likelihood ---- */

/* Mixed counts: small and large f (the library sums logs below 24, uses ln Gamma above). */
static const RrPopulationSplitCount mixed[] = {
  { 1, 2, 3 }, { 2, 2, 1 }, { 1, 7, 4 }, { 3, 7, 2 }, { 5, 12, 1 },
  { 2, 40, 1 }, { 30, 41, 1 }, { 41, 41, 1 }, { 1, 1, 5 },
};

/* The zero-truncated beta-binomial with GSL's ln B, without ln C(g, f) (as the library). */
static double
indep_loglik (const RrPopulationSplitCount *c, gsize n, double K, double alpha)
{
  double beta = (K - 1) * alpha, l = 0;
  for (gsize i = 0; i < n; i++)
    {
      if (c[i].g < 2)
        continue;
      double f = (double) c[i].f, g = (double) c[i].g;
      double lp = gsl_sf_lnbeta (f + alpha, g - f + beta) - gsl_sf_lnbeta (alpha, beta);
      double p0 = exp (gsl_sf_lnbeta (alpha, g + beta) - gsl_sf_lnbeta (alpha, beta));
      l += (double) c[i].n * (lp - log1p (-p0));
    }
  return l;
}

/* The library takes differences of ln Gamma near 200 (ulp 1e-13) over nine terms: differences
 * of l agree to 1e-10 absolute, far below the fit's resolution. */
Test (split, loglik_is_the_truncated_beta_binomial)
{
  const double K = 3.785, alphas[] = { 0.0372, 2.385, 41.3 };
  gsize n = G_N_ELEMENTS (mixed);
  for (gsize i = 0; i < G_N_ELEMENTS (alphas); i++)
    for (gsize j = 0; j < G_N_ELEMENTS (alphas); j++)
      {
        double got = rr_population_split_loglik (mixed, n, K, alphas[i])
                     - rr_population_split_loglik (mixed, n, K, alphas[j]);
        double want = indep_loglik (mixed, n, K, alphas[i]) - indep_loglik (mixed, n, K, alphas[j]);
        cr_assert (fabs (got - want) < 1e-10, "alpha %g vs %g: %.17g vs %.17g", alphas[i],
                   alphas[j], got, want);
      }
}

/* alpha = inf: the zero-truncated binomial(g, 1/K) by gsl_ran_binomial_pdf, less ln C(g, f). */
Test (split, loglik_at_infinity_is_the_truncated_binomial)
{
  const double K = 3.785;
  double want = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (mixed); i++)
    {
      const RrPopulationSplitCount *c = &mixed[i];
      if (c->g < 2)
        continue;
      double p = gsl_ran_binomial_pdf ((unsigned) c->f, 1 / K, (unsigned) c->g);
      double p0 = gsl_ran_binomial_pdf (0, 1 / K, (unsigned) c->g);
      want += (double) c->n * (log (p) - log1p (-p0)
                               - gsl_sf_lnchoose ((unsigned) c->g, (unsigned) c->f));
    }
  double got = rr_population_split_loglik (mixed, G_N_ELEMENTS (mixed), K, (double) INFINITY);
  cr_assert (fabs (got - want) < 1e-10 * fabs (want), "%.17g vs %.17g", got, want);
  /* and the finite-alpha form tends to it */
  double far = rr_population_split_loglik (mixed, G_N_ELEMENTS (mixed), K, 1e7);
  double near = rr_population_split_loglik (mixed, G_N_ELEMENTS (mixed), K, 1e4);
  cr_assert_lt (fabs (far - got), fabs (near - got));
  cr_assert_lt (fabs (far - got), 1e-3);
}

/* ---- the fit ---- */

static RrPopulationSplitFit
fit_of (const RrPopulationSplitCount *c, gsize n, double K)
{
  RrPopulationSplitFit fit = { 0 };
  rr_population_split_fit (c, n, K, &fit);
  return fit;
}

Test (split, fit_of_two_person_parents_has_the_closed_form)
{
  /* K = 3.785, a = 7, b = 12: alpha = 12 / (7 x 5.57 - 12) = 12 / 26.99 */
  RrPopulationSplitCount c1[] = { { 2, 2, 7 }, { 1, 2, 12 } };
  RrPopulationSplitFit f1 = fit_of (c1, 2, 3.785);
  cr_assert (f1.converged);
  cr_assert_not (f1.at_lower);
  cr_assert (fabs (log (f1.alpha) - log (12.0 / 26.99)) <= RR_SPLIT_LN_ALPHA_EPSABS,
             "alpha %.17g", f1.alpha);
  /* K = 4, a = 2, b = 2 (the tiny tables' release below): alpha = 2 / 10 */
  RrPopulationSplitCount c2[] = { { 1, 2, 2 }, { 2, 2, 2 } };
  RrPopulationSplitFit f2 = fit_of (c2, 2, 4);
  cr_assert (fabs (log (f2.alpha) - log (0.2)) <= RR_SPLIT_LN_ALPHA_EPSABS, "%.17g", f2.alpha);
  /* a (2K - 2) <= b: no more concentration than binomial sampling, the uniform split */
  RrPopulationSplitCount c3[] = { { 2, 2, 1 }, { 1, 2, 12 } };
  cr_assert (isinf (fit_of (c3, 2, 3.785).alpha));
}

/* The fit's alpha against 400 points of ln alpha over the whole search range: none is higher
 * (to the rounding of l, 1e-12 relative). */
Test (split, fit_is_the_maximum_on_a_fine_grid)
{
  const double K = 3.785;
  gsize n = G_N_ELEMENTS (mixed);
  RrPopulationSplitFit fit = fit_of (mixed, n, K);
  cr_assert (isfinite (fit.alpha) && fit.converged, "alpha %g", fit.alpha);
  double best = rr_population_split_loglik (mixed, n, K, fit.alpha);
  double lo = log (RR_SPLIT_ALPHA_MIN), hi = log (RR_SPLIT_ALPHA_MAX);
  for (int k = 0; k <= 400; k++)
    {
      double a = exp (lo + (hi - lo) * k / 400);
      double l = rr_population_split_loglik (mixed, n, K, a);
      cr_assert_leq (l, best + 1e-12 * fabs (best), "alpha %g: %.17g > %.17g", a, l, best);
    }
}

Test (split, no_information_gives_the_uniform_split)
{
  RrPopulationSplitCount ones[] = { { 1, 1, 40 } };
  cr_assert (isinf (fit_of (ones, 1, 3.785).alpha));
  cr_assert (isinf (fit_of (NULL, 0, 3.785).alpha));
  cr_assert (isinf (fit_of (mixed, G_N_ELEMENTS (mixed), 1.0).alpha));
  /* four codes of 2 in every parent of 8: less spread than binomial sampling */
  RrPopulationSplitCount even[] = { { 2, 8, 80 } };
  RrPopulationSplitFit fit = fit_of (even, 1, 4);
  cr_assert (isinf (fit.alpha));
  cr_assert_not (fit.at_lower);
}

/* D parents of K codes with Dirichlet(alpha0, ..., alpha0) shares (the model) and g ~
 * Poisson(g0) released persons each, multinomial among the codes; codes with f = 0 are not
 * seen.  Over R draws the mean of ln alpha-hat lies within 4 standard errors of ln alpha0. */
static void
check_recovers (double alpha0, double g0, unsigned long seed)
{
  enum { D = 1500, K = 4, R = 8 };
  g_autoptr (gsl_rng) r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed);
  double est[R];
  for (int k = 0; k < R; k++)
    {
      g_autoptr (GArray) c = g_array_new (FALSE, FALSE, sizeof (RrPopulationSplitCount));
      for (int d = 0; d < D; d++)
        {
          double a[K], p[K];
          unsigned n[K];
          for (int s = 0; s < K; s++)
            a[s] = alpha0;
          gsl_ran_dirichlet (r, K, a, p);
          unsigned g = gsl_ran_poisson (r, g0);
          gsl_ran_multinomial (r, K, g, p, n);
          for (int s = 0; s < K; s++)
            if (n[s] > 0)
              g_array_append_val (c, ((RrPopulationSplitCount){ n[s], g, 1 }));
        }
      est[k] = log (fit_of ((const RrPopulationSplitCount *) (gpointer) c->data, c->len, K).alpha);
    }
  double mean = gsl_stats_mean (est, 1, R), se = gsl_stats_sd (est, 1, R) / sqrt (R);
  cr_assert (isfinite (mean) && fabs (mean - log (alpha0)) < 4 * se,
             "alpha0 %g, g0 %g: mean ln alpha %g (alpha %g), se %g", alpha0, g0, mean,
             exp (mean), se);
}

Test (split, fit_recovers_a_known_alpha)
{
  check_recovers (2.385, 12.7, 4711);
  check_recovers (0.413, 87.3, 4712);
}

/* ---- the split of the tiny tables (tests/unit/test-population-frequency.c has the figures:
 * AB1 3750, AB2 1250, CD1 7500 persons after scaling, P(male) = P(female) = 1/2; the manifest
 * gives 4 sectors per district and 10 units per sector) ---- */

/* Six released persons, two per district:
 *   AB1 2AA twice                 sector AB1 2 f = 2 of g = 2; unit AB1 2AA 2 of 2
 *   AB2 1AA and AB2 1AB           sector AB2 1 f = 2 of 2; units 1 and 1 of 2
 *   CD1 1AA and CD1 5AA           sectors CD1 1 and CD1 5, 1 and 1 of 2; units 1 of 1
 * Sectors: a = 2, b = 2, K = 4, so alpha = 2 / (2 x 6 - 2) = 0.2.  Units (parents with g = 1
 * say nothing): a = 1, b = 2, K = 10, alpha = 2 / (1 x 18 - 2) = 0.125.  Then
 *   AB1 2AA: 3750 x (2.2 / 2.8) x (2.125 / 3.25) = 1926.51..., F for sex F = 963.2554945...
 *   CD1 1AA: 7500 x (1.2 / 2.8) x (1.125 / 2.25) = 1607.14..., F for sex M = 803.5714285...
 *   AB2 1AB: 1250 x (2.2 / 2.8) x (1.125 / 3.25) = 339.97..., F for sex F = 169.9862637...
 * and the uniform split gives every unit 1/40 of its district: AB1 2AA 93.75, F = 46.875. */
static const char *const tiny_units[] = { "AB1 2AA", "AB2 1AA", "AB2 1AB", "CD1 1AA",
                                          "CD1 5AA" };
static const guint64 tiny_persons[] = { 2, 1, 1, 1, 1 };

static RrPopulationCodes *
tiny_codes (RrPopulation **pop, RrPopulationQuery **q, const guint64 *persons)
{
  static RrQiSpec spec[2];
  static const RrQiSpec *specs[2] = { &spec[0], &spec[1] };
  static const RrPopulationRole roles[2] = { RR_POPULATION_ROLE_POSTCODE,
                                             RR_POPULATION_ROLE_SEX };
  spec[0] = (RrQiSpec) { .name = (char *) "pc", .type = RR_QI_POSTCODE, .level = RR_LEVEL_UNIT };
  spec[1] = (RrQiSpec) { .name = (char *) "sex", .type = RR_QI_SEX, .level = RR_LEVEL_ASIS };
  g_autoptr (GError) error = NULL;
  *pop = rr_population_load (TINY, &error);
  cr_assert_not_null (*pop, "%s", error ? error->message : "");
  *q = rr_population_query_new (*pop, specs, roles, 2, &error);
  cr_assert_not_null (*q, "%s", error ? error->message : "");
  static const char *const sexes[] = { "M", "F" };
  const char *const *labels[2] = { tiny_units, sexes };
  const guint32 n_codes[2] = { G_N_ELEMENTS (tiny_units), 2 };
  RrPopulationCodes *c = rr_population_codes_new (*q, labels, n_codes, persons, &error);
  cr_assert_not_null (c, "%s", error ? error->message : "");
  return c;
}

static double
F_of (const RrPopulationCodes *c, guint32 unit, guint32 sex)
{
  const guint32 key[2] = { unit, sex };
  return rr_population_codes_frequency (c, key);
}

/* alpha is the fit's to RR_SPLIT_LN_ALPHA_EPSABS in ln alpha, and |d ln F / d ln alpha| is at
 * most 0.195 + 0.326 here (AB1 2AA's sector and unit), so F matches the hand values to 1e-4
 * relative. */
Test (split, hand_worked_units_of_the_tiny_tables)
{
  RrPopulation *pop;
  RrPopulationQuery *q;
  RrPopulationCodes *c = tiny_codes (&pop, &q, tiny_persons);
  guint n_fits;
  const RrPopulationSplitFit *fits = rr_population_codes_split_fits (c, &n_fits);
  cr_assert_eq (n_fits, 2);
  cr_assert_eq (fits[0].level, 0);
  cr_assert_eq (fits[1].level, 1);
  cr_assert (fabs (log (fits[0].alpha / 0.125)) <= RR_SPLIT_LN_ALPHA_EPSABS, "%g", fits[0].alpha);
  cr_assert (fabs (log (fits[1].alpha / 0.2)) <= RR_SPLIT_LN_ALPHA_EPSABS, "%g", fits[1].alpha);
  cr_assert_eq (fits[0].codes, 5);
  cr_assert_eq (fits[0].parents, 4);
  cr_assert_eq (fits[1].codes, 4);
  cr_assert_eq (fits[1].parents, 3);
  const double want[][3] = { { 0, 1, 963.2554945054945 }, { 3, 0, 803.5714285714287 },
                             { 2, 1, 169.98626373626374 } };
  for (gsize i = 0; i < G_N_ELEMENTS (want); i++)
    {
      double F = F_of (c, (guint32) want[i][0], (guint32) want[i][1]);
      cr_assert (fabs (F / want[i][2] - 1) < 1e-4, "%s: %.17g vs %.17g",
                 tiny_units[(int) want[i][0]], F, want[i][2]);
    }
  /* the formula at the fitted alphas exactly */
  double a0 = fits[0].alpha, a1 = fits[1].alpha;
  double exact = 3750 * (2 + a1) / (2 + 4 * a1) * (2 + a0) / (2 + 10 * a0) / 2;
  cr_assert (fabs (F_of (c, 0, 1) / exact - 1) < 1e-13, "%.17g vs %.17g", F_of (c, 0, 1), exact);
  guint fb = rr_population_query_fallbacks (q);
  /* (criterion/new/assert.h's cr_assert takes 0 or 1, not a mask) */
  gboolean release = (fb & RR_POPULATION_FALLBACK_BELOW_GEOGRAPHY_RELEASE) != 0;
  gboolean uniform = (fb & RR_POPULATION_FALLBACK_BELOW_GEOGRAPHY) != 0;
  cr_assert (release);
  cr_assert_not (uniform);
  rr_population_codes_free (c);
  rr_population_query_free (q);
  rr_population_free (pop);
}

Test (split, uniform_without_the_release_counts)
{
  RrPopulation *pop;
  RrPopulationQuery *q;
  RrPopulationCodes *c = tiny_codes (&pop, &q, NULL);
  cr_assert (ieee_ulp_eq (dbl, F_of (c, 0, 1), 46.875, 4));
  cr_assert (ieee_ulp_eq (dbl, F_of (c, 3, 0), 7500.0 / 80, 4));
  guint n_fits;
  const RrPopulationSplitFit *fits = rr_population_codes_split_fits (c, &n_fits);
  cr_assert_eq (n_fits, 2);
  cr_assert (isinf (fits[0].alpha) && isinf (fits[1].alpha));
  cr_assert_eq (fits[0].codes, 0);
  guint fb = rr_population_query_fallbacks (q);
  gboolean release = (fb & RR_POPULATION_FALLBACK_BELOW_GEOGRAPHY_RELEASE) != 0;
  gboolean uniform = (fb & RR_POPULATION_FALLBACK_BELOW_GEOGRAPHY) != 0;
  cr_assert (uniform);
  cr_assert_not (release);
  rr_population_codes_free (c);
  rr_population_query_free (q);
  rr_population_free (pop);
}

/* The plan's ancestors: a label that is no unit has none; the district's label is its own. */
Test (split, plan_ancestors_and_divisors)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrPopulation) pop = rr_population_load (TINY, &error);
  cr_assert_not_null (pop);
  const char *labels[] = { "AB1 2AA", "GIR 0AA", "AB1 2AB", NULL, "CD1 1AA" };
  const guint64 persons[] = { 3, 1, 1, 2, 2 };
  g_autoptr (RrPopulationSplitPlan) plan = rr_population_split_plan_new (pop, 0, labels, 5,
                                                                         persons);
  cr_assert_eq (rr_population_split_plan_ancestor (plan, 1), G_MAXUINT32);
  cr_assert_eq (rr_population_split_plan_ancestor (plan, 3), G_MAXUINT32);
  guint32 a = rr_population_split_plan_ancestor (plan, 0);
  cr_assert_eq (rr_population_split_plan_ancestor (plan, 2), a);
  cr_assert_str_eq (rr_population_split_plan_ancestor_label (plan, a), "AB1");
  cr_assert_str_eq (rr_population_split_plan_ancestor_label (
                      plan, rr_population_split_plan_ancestor (plan, 4)), "CD1");
  cr_assert_eq (rr_population_split_plan_n_ancestors (plan), 2);
  /* the divisor is the product of 1/s: AB1 2 holds g = 4 of AB1, AB1 2AA 3 of those 4 */
  guint n;
  const RrPopulationSplitFit *fits = rr_population_split_plan_fits (plan, &n);
  cr_assert_eq (n, 2);
  double want = 1 / (rr_population_split_share (3, 4, fits[0].alpha, 10)
                     * rr_population_split_share (4, 4, fits[1].alpha, 4));
  cr_assert (ieee_ulp_eq (dbl, rr_population_split_plan_divisor (plan, 0), want, 4));
}
