/* test-uniqueness.c - population-uniqueness models and the Benedetti-Franconi risk against
 * hand-worked examples, exact enumeration, a brute-force likelihood grid, a simulated Pitman
 * process with known parameters, and the values published in ARX's and sdcMicro's tests. */
#include "config.h"
#include <math.h>
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>
#include "measure/uniqueness.h"
#include "util/autocleanups.h"
#include "util/error.h"

static void
gsl_off (void)
{
  gsl_set_error_handler_off ();
}

TestSuite (uniqueness, .init = gsl_off);

#define N_OF(a) G_N_ELEMENTS (a)

static void
estimate_ok (const RrClassSizeCount *d, gsize nb, guint64 N, RrUniquenessModel m,
             RrUniquenessForm form, RrUniquenessEstimate *e)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = rr_uniqueness_estimate (d, nb, N, m, form, e, &error);
  cr_assert (ok, "%s: %s", rr_uniqueness_model_name (m), error ? error->message : "");
  cr_assert (e->converged);
}

/* |got - want| <= rel |want|: rel is stated at each call with its reason. */
static gboolean
rel_eq (double got, double want, double rel)
{
  return fabs (got - want) <= rel * fabs (want);
}

/* ---- Zayatz ------------------------------------------------------------------------------ */

Test (uniqueness, zayatz_hand_worked)
{
  /* n = 4 of N = 8: two uniques and one pair.  P(f=1|F=1) = 4/8, P(f=1|F=2) = 2 C(6,3)/C(8,4)
   * = 40/70 = 4/7.  P(F=1|f=1) = 2(1/2) / (2(1/2) + 4/7) = 7/11; uniques = 2 (7/11) / (1/2)
   * = 28/11; fraction = 28/88 = 7/22. */
  static const RrClassSizeCount d[] = { { 1, 2 }, { 2, 1 } };
  g_auto (RrUniquenessEstimate) e = { 0 };
  estimate_ok (d, N_OF (d), 8, RR_UNIQ_ZAYATZ, RR_UNIQ_FORM_ARX, &e);
  /* a few ulps: a handful of log/exp round trips */
  cr_assert (rel_eq (e.population_uniques, 28.0 / 11.0, 1e-14));
  cr_assert (rel_eq (e.fraction, 7.0 / 22.0, 1e-14));
  cr_assert (rel_eq (e.params[0], 7.0 / 11.0, 1e-14));
  cr_assert_eq (e.iterations, 0);
}

Test (uniqueness, zayatz_matches_gsl_hypergeometric)
{
  /* High-entropy sample: n = 7 + 2*3 + 3*2 + 5 + 9 = 33 out of N = 211. */
  static const RrClassSizeCount d[] = { { 1, 7 }, { 2, 3 }, { 3, 2 }, { 5, 1 }, { 9, 1 } };
  const unsigned N = 211, n = 33;
  double num = 7.0 * gsl_ran_hypergeometric_pdf (1, 1, N - 1, n), den = 0.0;
  for (gsize b = 0; b < N_OF (d); b++)
    den += (double) d[b].n_classes
           * gsl_ran_hypergeometric_pdf (1, (unsigned) d[b].size, N - (unsigned) d[b].size, n);
  double want = 7.0 * (num / den) * (double) N / (double) n;
  g_auto (RrUniquenessEstimate) e = { 0 };
  estimate_ok (d, N_OF (d), N, RR_UNIQ_ZAYATZ, RR_UNIQ_FORM_PUBLISHED, &e);
  /* two independent products of up to 9 factors each: 1e-13 covers their rounding */
  cr_assert (rel_eq (e.population_uniques, want, 1e-13), "%.17g vs %.17g",
             e.population_uniques, want);
}

Test (uniqueness, zayatz_population_beyond_unsigned_int)
{
  /* N = 6e9 does not fit the unsigned int of GSL's hypergeometric; with classes of size 1 and
   * 2 only, P(f=1|F=2) = 2 (n/N) (1 - (n-1)/(N-1)) exactly. */
  static const RrClassSizeCount d[] = { { 1, 1000 }, { 2, 250 } };
  const double N = 6e9, n = 1500.0, pi = n / N;
  double p2 = 2.0 * pi * (1.0 - (n - 1.0) / (N - 1.0));
  double cond = 1000.0 * pi / (1000.0 * pi + 250.0 * p2);
  g_auto (RrUniquenessEstimate) e = { 0 };
  estimate_ok (d, N_OF (d), 6000000000ULL, RR_UNIQ_ZAYATZ, RR_UNIQ_FORM_ARX, &e);
  cr_assert (rel_eq (e.population_uniques, 1000.0 * cond / pi, 1e-13));
}

/* ---- Pitman ------------------------------------------------------------------------------ */

/* Log-likelihood of Pitman's sampling formula up to a constant, written independently of the
 * library (which solves the score equations): sum_{i<u} log(theta + i alpha) - log of the
 * rising factorial (theta+1)_{n-1} + sum_j c_j log (1-alpha)_{j-1}. */
static double
pitman_loglik (const RrClassSizeCount *d, gsize nb, double theta, double alpha)
{
  guint64 u = 0, n = 0;
  double ll = 0.0;
  for (gsize b = 0; b < nb; b++)
    {
      u += d[b].n_classes;
      n += d[b].size * d[b].n_classes;
      ll += (double) d[b].n_classes
            * (gsl_sf_lngamma ((double) d[b].size - alpha) - gsl_sf_lngamma (1.0 - alpha));
    }
  for (guint64 i = 1; i < u; i++)
    ll += log (theta + (double) i * alpha);
  return ll - (gsl_sf_lngamma (theta + (double) n) - gsl_sf_lngamma (theta + 1.0));
}

/* Chinese restaurant process with parameters (theta, alpha): the n-th customer opens a new
 * table with probability (theta + K alpha) / (n - 1 + theta), else joins table j with
 * probability (n_j - alpha) / (n - 1 + theta).  Returns the class-size distribution. */
static GArray *
simulate_pitman (guint64 n, double theta, double alpha, unsigned long seed)
{
  g_autoptr (gsl_rng) r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed);
  g_autoptr (GArray) tables = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint64 m = 0; m < n; m++)
    {
      double x = gsl_rng_uniform (r) * ((double) m + theta);
      double k = (double) tables->len;
      if (x < theta + k * alpha)
        {
          guint64 one = 1;
          g_array_append_val (tables, one);
          continue;
        }
      x -= theta + k * alpha;
      guint j = 0;
      for (; j + 1 < tables->len; j++)
        {
          double w = (double) g_array_index (tables, guint64, j) - alpha;
          if (x < w)
            break;
          x -= w;
        }
      g_array_index (tables, guint64, j)++;
    }
  guint64 max = 0;
  for (guint j = 0; j < tables->len; j++)
    max = MAX (max, g_array_index (tables, guint64, j));
  g_autofree guint64 *hist = g_new0 (guint64, max + 1);
  for (guint j = 0; j < tables->len; j++)
    hist[g_array_index (tables, guint64, j)]++;
  GArray *dist = g_array_new (FALSE, FALSE, sizeof (RrClassSizeCount));
  for (guint64 s = 1; s <= max; s++)
    if (hist[s] > 0)
      {
        RrClassSizeCount c = { s, hist[s] };
        g_array_append_val (dist, c);
      }
  return dist;
}

#define SIM_N 8000
#define SIM_THETA 37.5
#define SIM_ALPHA 0.43
#define SIM_SEED 20120066UL

Test (uniqueness, pitman_mle_beats_every_point_of_a_grid)
{
  g_autoptr (GArray) d = simulate_pitman (SIM_N, SIM_THETA, SIM_ALPHA, SIM_SEED);
  const RrClassSizeCount *dd = (const RrClassSizeCount *) d->data;
  g_auto (RrUniquenessEstimate) e = { 0 };
  estimate_ok (dd, d->len, 10 * SIM_N, RR_UNIQ_PITMAN, RR_UNIQ_FORM_ARX, &e);
  double theta = e.params[0], alpha = e.params[1];
  cr_assert_str_eq (e.param_names[0], "theta");
  double best = pitman_loglik (dd, d->len, theta, alpha), grid_best = -(double) INFINITY;
  double gt = (double) NAN, ga = (double) NAN;
  /* 81 x 81 grid over theta +- 50 %, alpha +- 0.1: a brute-force maximisation. */
  for (int i = 0; i <= 80; i++)
    for (int j = 0; j <= 80; j++)
      {
        double t = theta * (0.5 + i / 80.0), a = alpha - 0.1 + 0.2 * j / 80.0;
        double ll = pitman_loglik (dd, d->len, t, a);
        if (ll > grid_best)
          grid_best = ll, gt = t, ga = a;
      }
  /* The MLE is at least as likely as every grid point (1e-9 of |L| allows rounding of sums
   * of ~8000 logs), and the grid's best point is its neighbour (one cell: theta/80, 0.2/80). */
  cr_assert (best >= grid_best - 1e-9 * fabs (best), "%.15g < %.15g", best, grid_best);
  cr_assert (fabs (gt - theta) <= theta / 80.0 && fabs (ga - alpha) <= 0.2 / 80.0,
             "grid best (%g, %g) vs MLE (%g, %g)", gt, ga, theta, alpha);
  /* The estimate is Hoshino's Gamma(theta+1)/Gamma(theta+alpha) N^alpha. */
  double want = exp (gsl_sf_lngamma (theta + 1.0) - gsl_sf_lngamma (theta + alpha)
                     + alpha * log (10.0 * SIM_N));
  cr_assert (rel_eq (e.population_uniques, want, 1e-12));
}

Test (uniqueness, pitman_recovers_simulated_parameters)
{
  g_autoptr (GArray) d = simulate_pitman (SIM_N, SIM_THETA, SIM_ALPHA, SIM_SEED);
  const RrClassSizeCount *dd = (const RrClassSizeCount *) d->data;
  g_auto (RrUniquenessEstimate) e = { 0 };
  estimate_ok (dd, d->len, 10 * SIM_N, RR_UNIQ_PITMAN, RR_UNIQ_FORM_PUBLISHED, &e);
  double t = e.params[0], a = e.params[1];
  /* Standard errors from the observed information: central second differences of the
   * log-likelihood (steps 1e-3 theta and 1e-4, where truncation and rounding balance). */
  double ht = 1e-3 * t, ha = 1e-4;
#define LL(x, y) pitman_loglik (dd, d->len, (x), (y))
  double htt = (LL (t + ht, a) - 2 * LL (t, a) + LL (t - ht, a)) / (ht * ht);
  double haa = (LL (t, a + ha) - 2 * LL (t, a) + LL (t, a - ha)) / (ha * ha);
  double hta = (LL (t + ht, a + ha) - LL (t + ht, a - ha) - LL (t - ht, a + ha)
                + LL (t - ht, a - ha)) / (4 * ht * ha);
#undef LL
  double det = htt * haa - hta * hta;
  double se_t = sqrt (-haa / det), se_a = sqrt (-htt / det);
  cr_assert (det > 0.0 && htt < 0.0, "the MLE is a maximum");
  /* Known truth within 4 standard errors (a 1-in-15000 event per parameter). */
  cr_assert (fabs (t - SIM_THETA) < 4 * se_t, "theta %g +- %g", t, se_t);
  cr_assert (fabs (a - SIM_ALPHA) < 4 * se_a, "alpha %g +- %g", a, se_a);
}

Test (uniqueness, pitman_all_unique_fails_with_reason)
{
  static const RrClassSizeCount d[] = { { 1, 29 } };
  g_auto (RrUniquenessEstimate) e = { 0 };
  g_autoptr (GError) error = NULL;
  cr_assert_not (rr_uniqueness_estimate (d, 1, 290, RR_UNIQ_PITMAN, RR_UNIQ_FORM_ARX, &e,
                                         &error));
  cr_assert (error != NULL);
  cr_assert_eq (error->domain, RR_ERROR);
  cr_assert_eq (error->code, RR_ERROR_NO_CONVERGENCE);
  cr_assert_not (e.converged);
  cr_assert (isnan (e.population_uniques), "a failed fit is never a silent 0");
  cr_assert (e.note != NULL && strstr (e.note, "sample unique") != NULL);
}

/* ---- SNB --------------------------------------------------------------------------------- */

/* E[c1] and E[c2] by enumeration: F - 1 ~ NB(alpha, beta) over K classes, f | F ~ Bin(F, pi). */
static void
snb_expected (double K, double alpha, double beta, double pi, double *e1, double *e2)
{
  *e1 = *e2 = 0.0;
  for (unsigned F = 1; F < 20000; F++)
    {
      double pF = gsl_ran_negative_binomial_pdf (F - 1, beta, alpha);
      *e1 += pF * gsl_ran_binomial_pdf (1, pi, F);
      *e2 += F >= 2 ? pF * gsl_ran_binomial_pdf (2, pi, F) : 0.0;
    }
  *e1 *= K;
  *e2 *= K;
}

Test (uniqueness, snb_published_equations_match_enumeration)
{
  const double K = 1873.0, alpha = 0.731, beta = 0.287, pi = 0.183;
  double e1, e2, a = (double) NAN, b = (double) NAN;
  snb_expected (K, alpha, beta, pi, &e1, &e2);
  guint iter = 0;
  g_autoptr (GError) error = NULL;
  cr_assert (rr_uniqueness_snb_solve (K, pi, e1, e2, RR_UNIQ_FORM_PUBLISHED, &a, &b, &iter,
                                      &error), "%s", error ? error->message : "");
  /* the solver stops at relative residual 1e-12; the enumeration's tail (beyond F = 20000)
   * is below 1e-300; 1e-8 leaves room for the conditioning of the 2x2 system */
  cr_assert (rel_eq (a, alpha, 1e-8) && rel_eq (b, beta, 1e-8), "(%.12g, %.12g)", a, b);
}

Test (uniqueness, snb_arx_second_equation_departs_from_the_model)
{
  /* ARX multiplies E[c2] by (1-D)^(alpha+2) where the model divides: fed the model's exact
   * moments, its form cannot return the true parameters. */
  const double K = 1873.0, alpha = 0.731, beta = 0.287, pi = 0.183;
  double e1, e2, a = (double) NAN, b = (double) NAN;
  snb_expected (K, alpha, beta, pi, &e1, &e2);
  guint iter = 0;
  g_autoptr (GError) error = NULL;
  gboolean ok = rr_uniqueness_snb_solve (K, pi, e1, e2, RR_UNIQ_FORM_ARX, &a, &b, &iter, &error);
  gboolean departs = !ok || fabs (a - alpha) > 0.01 || fabs (b - beta) > 0.01;
  cr_assert (departs);
}

Test (uniqueness, snb_k_hand_worked_both_forms)
{
  /* q = 1/2, three uniques and one pair: v1 = 9/8, v3 = 7/4, v4 = 2;
   * published v2 = sum c (1-q)^i ((1+q)^i - 1) = 3/4 + 5/16 = 17/16;
   * ARX's v2 = sum (c (1-q^2)^i - 1) = 5/4 - 7/16 = 13/16.
   * K = u + c1 (v1/v2)(v3/v4)^2 = 4 + 3 (9/8)/v2 (49/64). */
  static const RrClassSizeCount d[] = { { 1, 3 }, { 2, 1 } };
  double k_pub = rr_uniqueness_snb_k_estimate (d, 2, 0.5, RR_UNIQ_FORM_PUBLISHED);
  double k_arx = rr_uniqueness_snb_k_estimate (d, 2, 0.5, RR_UNIQ_FORM_ARX);
  cr_assert (rel_eq (k_pub, 4.0 + 3.0 * (18.0 / 17.0) * (49.0 / 64.0), 1e-15));
  cr_assert (rel_eq (k_arx, 4.0 + 3.0 * (18.0 / 13.0) * (49.0 / 64.0), 1e-15));
  /* At pi = 1 every population class is observed. */
  cr_assert (rel_eq (rr_uniqueness_snb_k_estimate (d, 2, 1.0, RR_UNIQ_FORM_PUBLISHED), 4.0, 0));
}

Test (uniqueness, snb_estimate_is_k_beta_to_alpha)
{
  static const RrClassSizeCount d[] = { { 1, 613 }, { 2, 187 }, { 3, 71 }, { 4, 29 },
                                        { 5, 13 },  { 7, 4 },   { 11, 2 }, { 23, 1 } };
  g_auto (RrUniquenessEstimate) e = { 0 };
  estimate_ok (d, N_OF (d), 4000, RR_UNIQ_SNB, RR_UNIQ_FORM_PUBLISHED, &e);
  double alpha = e.params[0], beta = e.params[1], K = e.params[2];
  cr_assert (alpha > 0.0 && beta > 0.0 && beta < 1.0);
  cr_assert (rel_eq (e.population_uniques, K * pow (beta, alpha), 1e-14));
  /* The fitted parameters reproduce the observed c1 and c2 (enumeration). */
  double e1, e2;
  snb_expected (K, alpha, beta, 1454.0 / 4000.0, &e1, &e2);
  cr_assert (rel_eq (e1, 613.0, 1e-8) && rel_eq (e2, 187.0, 1e-8), "%.12g %.12g", e1, e2);
}

Test (uniqueness, snb_without_pairs_fails_with_reason)
{
  static const RrClassSizeCount d[] = { { 1, 11 }, { 3, 2 } };
  g_auto (RrUniquenessEstimate) e = { 0 };
  g_autoptr (GError) error = NULL;
  cr_assert_not (rr_uniqueness_estimate (d, 2, 170, RR_UNIQ_SNB, RR_UNIQ_FORM_PUBLISHED, &e,
                                         &error));
  cr_assert_eq (error->domain, RR_ERROR);
  cr_assert_eq (error->code, RR_ERROR_NO_CONVERGENCE);
  cr_assert_not (e.converged);
  cr_assert (isnan (e.fraction));
  cr_assert (strstr (e.note, "size 2") != NULL);
}

Test (uniqueness, snb_solve_rejects_invalid_arguments)
{
  double a, b;
  guint it;
  g_autoptr (GError) error = NULL;
  cr_assert_not (rr_uniqueness_snb_solve (100.0, 1.5, 3.0, 1.0, RR_UNIQ_FORM_ARX, &a, &b, &it,
                                          &error));
  cr_assert_eq (error->domain, RR_ERROR);
  cr_assert_eq (error->code, RR_ERROR_INVALID);
}

/* ---- Dankar's rule and ARX's published values ----------------------------------------------- */

static const RrClassSizeCount mixed[] = { { 1, 613 }, { 2, 187 }, { 3, 71 }, { 4, 29 },
                                          { 5, 13 },  { 7, 4 },   { 11, 2 }, { 23, 1 } };

Test (uniqueness, dankar_small_fraction_picks_pitman)
{
  g_auto (RrUniquenessEstimate) p = { 0 };
  g_auto (RrUniquenessEstimate) dk = { 0 };
  estimate_ok (mixed, N_OF (mixed), 16000, RR_UNIQ_PITMAN, RR_UNIQ_FORM_ARX, &p);
  estimate_ok (mixed, N_OF (mixed), 16000, RR_UNIQ_DANKAR, RR_UNIQ_FORM_ARX, &dk);
  cr_assert_eq (dk.model, RR_UNIQ_DANKAR);
  cr_assert_eq (dk.chosen, RR_UNIQ_PITMAN);
  cr_assert (rel_eq (dk.population_uniques, p.population_uniques, 0));
  cr_assert (rel_eq (dk.params[0], p.params[0], 0));
}

Test (uniqueness, dankar_large_fraction_picks_smaller_of_zayatz_and_snb)
{
  RrUniquenessEstimate e[RR_UNIQ_N_MODELS];
  g_autoptr (GError) error = NULL;
  cr_assert (rr_uniqueness_estimate_all (mixed, N_OF (mixed), 4000, RR_UNIQ_FORM_PUBLISHED, e,
                                         &error));
  cr_assert (e[RR_UNIQ_SNB].converged && e[RR_UNIQ_ZAYATZ].converged);
  RrUniquenessModel smaller = e[RR_UNIQ_SNB].population_uniques
                                      < e[RR_UNIQ_ZAYATZ].population_uniques
                                  ? RR_UNIQ_SNB : RR_UNIQ_ZAYATZ;
  cr_assert_eq (e[RR_UNIQ_DANKAR].chosen, smaller);
  cr_assert (rel_eq (e[RR_UNIQ_DANKAR].population_uniques, e[smaller].population_uniques, 0));
  for (int m = 0; m < RR_UNIQ_N_MODELS; m++)
    rr_uniqueness_estimate_clear (&e[m]);
}

Test (uniqueness, dankar_falls_back_to_zayatz_when_snb_fails)
{
  /* ARX's form of SNB has no root in the model's domain for this sample (reported, not 0). */
  RrUniquenessEstimate e[RR_UNIQ_N_MODELS];
  g_autoptr (GError) error = NULL;
  cr_assert (rr_uniqueness_estimate_all (mixed, N_OF (mixed), 4000, RR_UNIQ_FORM_ARX, e, &error));
  cr_assert_not (e[RR_UNIQ_SNB].converged);
  cr_assert (e[RR_UNIQ_SNB].note != NULL);
  cr_assert_eq (e[RR_UNIQ_DANKAR].chosen, RR_UNIQ_ZAYATZ);
  cr_assert (rel_eq (e[RR_UNIQ_DANKAR].population_uniques,
                     e[RR_UNIQ_ZAYATZ].population_uniques, 0));
  for (int m = 0; m < RR_UNIQ_N_MODELS; m++)
    rr_uniqueness_estimate_clear (&e[m]);
}

/* ARX's truncated comparison (TestRiskMetrics.compareUniqueness): (int)(v * 10000). */
static int
arx_digits (double v)
{
  return (int) (v * 10000.0);
}

Test (uniqueness, arx_decision_rule_on_its_example_data)
{
  /* ARX's TestRiskMetrics.testDecisionRule: the 7-record example (age, gender, zipcode) is all
   * unique; ARXPopulationModel.create(7, 0.2) gives N = round(7/0.2) = 35, and ARX expects a
   * Dankar fraction of 1.0.  After 2-anonymity there are no uniques and it expects 0. */
  static const RrClassSizeCount all_unique[] = { { 1, 7 } };
  for (int form = RR_UNIQ_FORM_ARX; form <= RR_UNIQ_FORM_PUBLISHED; form++)
    {
      g_auto (RrUniquenessEstimate) e = { 0 };
      estimate_ok (all_unique, 1, 35, RR_UNIQ_DANKAR, form, &e);
      cr_assert_eq (arx_digits (e.fraction), 10000);
    }
  static const RrClassSizeCount two_anon[] = { { 2, 2 }, { 3, 1 } };
  g_auto (RrUniquenessEstimate) z = { 0 };
  estimate_ok (two_anon, 2, 70, RR_UNIQ_DANKAR, RR_UNIQ_FORM_ARX, &z);
  cr_assert_eq (z.chosen, RR_UNIQ_DANKAR);
  cr_assert (rel_eq (z.population_uniques, 0.0, 0));
  cr_assert (z.note != NULL);
}

Test (uniqueness, arx_adult_full_population_depends_only_on_n_and_c1)
{
  /* ARX's TestRiskMetrics.testDecisionRule2 expects 0.5142895033485844 for Adult (9 QIs) at
   * pi = 1: that is c1/n = 15512/30162, whatever the rest of the distribution.  The rest here
   * is made up (the Adult file was not available to derive it): 14650 more records. */
  static const RrClassSizeCount d[] = { { 1, 15512 }, { 2, 3100 }, { 3, 1150 }, { 4, 400 },
                                        { 5, 80 },     { 6, 200 },  { 7, 100 },  { 8, 60 },
                                        { 10, 2 },     { 12, 50 } };
  g_auto (RrUniquenessEstimate) e = { 0 };
  estimate_ok (d, N_OF (d), 30162, RR_UNIQ_DANKAR, RR_UNIQ_FORM_ARX, &e);
  cr_assert_eq (arx_digits (e.fraction), arx_digits (0.5142895033485844));
  /* SNB, when it converges at pi = 1, also returns c1 (to its 1e-8 acceptance), so either
   * choice gives the value to 1e-8. */
  cr_assert (rel_eq (e.fraction, 0.5142895033485844, 1e-8), "%.17g", e.fraction);
}

Test (uniqueness, no_sample_uniques_is_zero_with_a_note_for_every_model)
{
  static const RrClassSizeCount d[] = { { 2, 5 }, { 4, 3 } };
  RrUniquenessEstimate e[RR_UNIQ_N_MODELS];
  cr_assert (rr_uniqueness_estimate_all (d, 2, 500, RR_UNIQ_FORM_ARX, e, NULL));
  for (int m = 0; m < RR_UNIQ_N_MODELS; m++)
    {
      cr_assert (e[m].converged);
      cr_assert (rel_eq (e[m].population_uniques, 0.0, 0));
      cr_assert (e[m].note != NULL);
      rr_uniqueness_estimate_clear (&e[m]);
    }
}

Test (uniqueness, invalid_distributions_are_rejected)
{
  static const RrClassSizeCount unsorted[] = { { 2, 1 }, { 1, 3 } };
  static const RrClassSizeCount zero_size[] = { { 0, 1 }, { 1, 3 } };
  static const RrClassSizeCount empty[] = { { 1, 0 } };
  static const RrClassSizeCount ok[] = { { 1, 3 }, { 2, 1 } };
  struct { const RrClassSizeCount *d; gsize nb; guint64 N; } cases[] = {
    { unsorted, 2, 100 }, { zero_size, 2, 100 }, { empty, 1, 100 }, { ok, 2, 4 }, /* N < n */
  };
  for (gsize k = 0; k < N_OF (cases); k++)
    {
      g_auto (RrUniquenessEstimate) e = { 0 };
      g_autoptr (GError) error = NULL;
      cr_assert_not (rr_uniqueness_estimate (cases[k].d, cases[k].nb, cases[k].N,
                                             RR_UNIQ_DANKAR, RR_UNIQ_FORM_ARX, &e, &error));
      cr_assert_eq (error->domain, RR_ERROR);
      cr_assert_eq (error->code, RR_ERROR_INVALID, "case %zu", k);
      RrBfRisk bf;
      g_clear_error (&error);
      cr_assert_not (rr_uniqueness_bf_estimate (cases[k].d, cases[k].nb, cases[k].N, &bf,
                                                &error));
      cr_assert_eq (error->code, RR_ERROR_INVALID);
    }
}

/* ---- Benedetti-Franconi ---------------------------------------------------------------------- */

/* E[1/F | f] under F | f ~ f + NB(f, p), i.e. P(F = h) = C(h-1, f-1) p^f q^(h-f), by summing
 * until the terms are negligible. */
static double
bf_exact (unsigned f, double p)
{
  double sum = 0.0;
  for (unsigned h = f; h < f + 200000; h++)
    {
      double term = gsl_ran_negative_binomial_pdf (h - f, p, f) / h;
      sum += term;
      if (h > f + 100 && term < 1e-18 * sum)
        break;
    }
  return sum;
}

Test (uniqueness, bf_matches_sdcmicro_published_values)
{
  /* sdcMicro tests/testthat/test_indivRisk.R, weighted, no missing, method "approx": the eight
   * records form classes (f, F = sum of weights) (3, 108), (1, 45.5), (1, 17), (2, 100),
   * (1, 123.5); sdcMicro expects these risks, printed to 8 decimals. */
  static const struct { guint64 f; double F, want; } c[] = {
    { 3, 108.0, 0.01369863 }, { 1, 45.5, 0.08579129 }, { 1, 17.0, 0.17707583 },
    { 2, 100.0, 0.01877883 }, { 1, 123.5, 0.03931625 },
  };
  for (gsize k = 0; k < N_OF (c); k++)
    {
      double r = (double) NAN;
      cr_assert (rr_uniqueness_bf_class_risk (c[k].f, c[k].F, &r, NULL));
      /* half a unit of the 8th decimal */
      cr_assert (fabs (r - c[k].want) <= 5e-9, "class %zu: %.10f", k, r);
    }
  /* Its "exact" method gives 0.01355297 for (3, 108): the approximation used for f >= 3 is off
   * by 1 %; our enumeration reproduces the exact value. */
  cr_assert (fabs (bf_exact (3, 3.0 / 108.0) - 0.01355297) <= 5e-9);
}

Test (uniqueness, bf_f1_f2_are_exact_expectations)
{
  /* p = 0.37 (closed forms) and p = 0.9931 (the f = 2 series branch, q < 0.5). */
  static const double ps[] = { 0.37, 0.9931, 0.0123 };
  for (gsize k = 0; k < N_OF (ps); k++)
    for (unsigned f = 1; f <= 2; f++)
      {
        double r = (double) NAN, F = f / ps[k];
        cr_assert (rr_uniqueness_bf_class_risk (f, F, &r, NULL));
        /* the enumeration adds up to ~2e5 terms: 1e-12 relative */
        cr_assert (rel_eq (r, bf_exact (f, (double) f / F), 1e-12), "f=%u p=%g: %.15g vs %.15g",
                   f, ps[k], r, bf_exact (f, (double) f / F));
      }
  double r = (double) NAN;
  cr_assert (rr_uniqueness_bf_class_risk (4, 4.0, &r, NULL));
  cr_assert (rel_eq (r, 0.25, 0), "F = f: the class is the population, risk 1/f");
}

Test (uniqueness, bf_estimate_with_constant_weights)
{
  /* n = 2 + 2*3 + 7 = 15 of N = 60: p = 1/4, q = 3/4 for every class.
   *   f=1: (1/3) log 4;  f=2: 1/3 - (1/9) log 4;  f=7: (1/4) / (7 - 3/4) = 1/25. */
  static const RrClassSizeCount d[] = { { 1, 2 }, { 2, 3 }, { 7, 1 } };
  double r1 = log (4.0) / 3.0, r2 = 1.0 / 3.0 - log (4.0) / 9.0, r7 = 1.0 / 25.0;
  double er = 2 * r1 + 6 * r2 + 7 * r7;
  RrBfRisk bf;
  g_autoptr (GError) error = NULL;
  cr_assert (rr_uniqueness_bf_estimate (d, N_OF (d), 60, &bf, &error));
  cr_assert (rel_eq (bf.expected_reidentifications, er, 1e-14));
  cr_assert (rel_eq (bf.mean_risk, er / 15.0, 1e-14));
  cr_assert (rel_eq (bf.max_risk, r1, 1e-14));
}

Test (uniqueness, bf_rejects_population_smaller_than_class)
{
  double r;
  g_autoptr (GError) error = NULL;
  cr_assert_not (rr_uniqueness_bf_class_risk (3, 2.5, &r, &error));
  cr_assert_eq (error->domain, RR_ERROR);
  cr_assert_eq (error->code, RR_ERROR_INVALID);
}

Test (uniqueness, pitman_negative_alpha_arx_accepts_published_rejects)
{
  /* An Ewens-like sample whose likelihood peaks at alpha < 0: ARX's unconstrained solver
   * accepts that root; Hoshino's model (0 <= alpha < 1) has no interior maximum, which is
   * reported as a failure with its reason, never as 0. */
  static const RrClassSizeCount d[] = { { 1, 15512 }, { 2, 3100 }, { 3, 1150 }, { 4, 400 },
                                        { 5, 80 },     { 10, 2 } };
  g_auto (RrUniquenessEstimate) arx = { 0 };
  estimate_ok (d, N_OF (d), 301620, RR_UNIQ_PITMAN, RR_UNIQ_FORM_ARX, &arx);
  cr_assert (arx.params[1] < 0.0, "alpha %g", arx.params[1]);
  /* the fitted point is a stationary point of the independent log-likelihood: its central
   * difference in alpha (step 1e-6) is below 1e-2, where 0.01 away in alpha the slope is
   * about 65 (measured), so alpha is within ~2e-6 of the stationary point */
  double t = arx.params[0], a = arx.params[1], h = 1e-6;
  double slope = (pitman_loglik (d, N_OF (d), t, a + h) - pitman_loglik (d, N_OF (d), t, a - h))
                 / (2 * h);
  cr_assert (fabs (slope) < 1e-2, "slope %g", slope);
  g_auto (RrUniquenessEstimate) pub = { 0 };
  g_autoptr (GError) error = NULL;
  cr_assert_not (rr_uniqueness_estimate (d, N_OF (d), 301620, RR_UNIQ_PITMAN,
                                         RR_UNIQ_FORM_PUBLISHED, &pub, &error));
  cr_assert_eq (error->domain, RR_ERROR);
  cr_assert_eq (error->code, RR_ERROR_NO_CONVERGENCE);
  cr_assert (isnan (pub.population_uniques));
  cr_assert (strstr (pub.note, "no interior maximum") != NULL);
}

/* The O(1) sums against the sums added term by term (long double, Kahan-free: u <= 2e5 terms
 * of one sign lose at most u * 1e-19 relative), over alpha from -0.9 to 0.99 including 1e-12
 * (where the digamma difference would cancel), theta from near its edge to large, u from 2 to
 * 2e5.
 * 1e-12 relative is ~5000 ulps: above the series' rounding, far below any effect on the fit. */
Test (uniqueness, pitman_class_sums_match_term_by_term)
{
  const double alphas[] = { -0.9, -0.237, -1e-7, 1e-12, 1e-6, 0.0372, 0.5, 0.987 };
  const double us[] = { 2, 3, 17, 1000, 200001 };
  const double thetas[] = { 1e-3, 0.713, 2.385, 47.1, 1.3e4, 8.8e7 };
  for (gsize a = 0; a < G_N_ELEMENTS (alphas); a++)
    for (gsize k = 0; k < G_N_ELEMENTS (us); k++)
      for (gsize t = 0; t < G_N_ELEMENTS (thetas); t++)
        {
          double alpha = alphas[a], u = us[k];
          double edge = fmax (-alpha, -(u - 1) * alpha);
          /* Near the edge the sums are ill-conditioned in theta itself (the smallest term is
           * 1/(theta - edge)), so the offset is relative to the edge's size. */
          double theta = edge + thetas[t] * fmax (1.0, fabs (edge));
          long double s0 = 0, s1 = 0;
          for (double i = 1; i < u; i++)
            {
              s0 += 1.0L / ((long double) theta + (long double) i * (long double) alpha);
              s1 += (long double) i / ((long double) theta + (long double) i * (long double) alpha);
            }
          double S0, S1;
          rr_uniqueness_pitman_class_sums (theta, alpha, u, &S0, &S1);
          cr_assert (fabs (S0 / (double) s0 - 1.0) <= 1e-12,
                     "S0 alpha %g u %g theta %g: %.17g vs %.17Lg", alpha, u, theta, S0, s0);
          cr_assert (fabs (S1 / (double) s1 - 1.0) <= 1e-12,
                     "S1 alpha %g u %g theta %g: %.17g vs %.17Lg", alpha, u, theta, S1, s1);
        }
}
