/* test-population-ipf.c - iterative proportional fitting against hand-worked and known
 * solutions, and its error paths. */
#include "config.h"
#include <criterion/criterion.h>
#include <math.h>
#include "population/ipf.h"
#include "util/error.h"

/* IPF stops when no cell moves by more than RR_IPF_EPSREL relative in one iteration; its
 * distance to the fixed point is then of the same order (geometric convergence with a ratio
 * well below 1 for these positive tables), so 1e3 * RR_IPF_EPSREL leaves a wide margin. */
#define TOL (1e3 * RR_IPF_EPSREL)

static gboolean
close_rel (double got, double want)
{
  return fabs (got - want) <= TOL * fabs (want);
}

/* A 2x2 seed [[1.7, 2.3], [3.1, 4.9]] fitted to rows (3.5, 6.5) and columns (4.25, 5.75).
 * IPF keeps the seed's odds ratio: x11 x22 / (x12 x21) = 1.7*4.9 / (2.3*3.1) = theta.
 * With x11 = a, x12 = 3.5 - a, x21 = 4.25 - a, x22 = 6.5 - 4.25 + a = 2.25 + a:
 * a (2.25 + a) = theta (3.5 - a)(4.25 - a), i.e.
 * (1 - theta) a^2 + (2.25 + 7.75 theta) a - 14.875 theta = 0, solved below by the formula. */
Test (ipf, two_by_two_keeps_odds_ratio)
{
  double x[4] = { 1.7, 2.3, 3.1, 4.9 };
  const double rows[2] = { 3.5, 6.5 }, cols[2] = { 4.25, 5.75 };
  double theta = 1.7 * 4.9 / (2.3 * 3.1);
  double A = 1 - theta, B = 2.25 + 7.75 * theta, C = -14.875 * theta;
  double a = (-B + sqrt (B * B - 4 * A * C)) / (2 * A);
  guint n_iter = 0;
  g_autoptr (GError) error = NULL;
  cr_assert (rr_ipf_fit (x, 2, 2, rows, cols, RR_IPF_EPSREL, RR_IPF_MAX_ITER, &n_iter, &error));
  cr_assert (close_rel (x[0], a), "x11 %.17g want %.17g", x[0], a);
  cr_assert (close_rel (x[1], 3.5 - a));
  cr_assert (close_rel (x[2], 4.25 - a));
  cr_assert (close_rel (x[3], 2.25 + a));
  cr_assert (n_iter > 1);
}

/* First iteration by hand on the same seed: rows scaled by 3.5/4 and 6.5/8 give
 * [[1.4875, 2.0125], [2.51875, 3.98125]]; columns (sums 4.00625, 5.99375) then scaled to 4.25 and
 * 5.75.  One iteration with max_iter 1 cannot converge: check the error and the cells. */
Test (ipf, first_iteration_hand_worked)
{
  double x[4] = { 1.7, 2.3, 3.1, 4.9 };
  const double rows[2] = { 3.5, 6.5 }, cols[2] = { 4.25, 5.75 };
  g_autoptr (GError) error = NULL;
  cr_assert_not (rr_ipf_fit (x, 2, 2, rows, cols, RR_IPF_EPSREL, 1, NULL, &error));
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_NO_CONVERGENCE));
  cr_assert (close_rel (x[0], 1.4875 * 4.25 / 4.00625));
  cr_assert (close_rel (x[1], 2.0125 * 5.75 / 5.99375));
  cr_assert (close_rel (x[2], 2.51875 * 4.25 / 4.00625));
  cr_assert (close_rel (x[3], 3.98125 * 5.75 / 5.99375));
}

/* A seed of independent rows and columns (rank one) needs a single iteration: the fit is
 * row_target[i] * col_target[j] / total. */
Test (ipf, independent_seed_gives_outer_product)
{
  const double u[3] = { 1.3, 2.9, 0.7 }, v[4] = { 2.2, 0.45, 3.05, 1.6 };
  const double rows[3] = { 120.5, 37.25, 842.25 }, cols[4] = { 310, 95.5, 402.25, 192.25 };
  double x[12];
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 4; j++)
      x[i * 4 + j] = u[i] * v[j];
  guint n_iter = 0;
  g_autoptr (GError) error = NULL;
  cr_assert (rr_ipf_fit (x, 3, 4, rows, cols, RR_IPF_EPSREL, RR_IPF_MAX_ITER, &n_iter, &error));
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 4; j++)
      cr_assert (close_rel (x[i * 4 + j], rows[i] * cols[j] / 1000.0));
  cr_assert (n_iter <= 2, "took %u iterations", n_iter); /* 1 to fit, 1 to see no change */
}

/* Zeros that make the margins unreachable: the diagonal seed with rows (1, 2) and columns (2, 1)
 * alternates between [[1, 0], [0, 2]] and [[2, 0], [0, 1]] for ever. */
Test (ipf, infeasible_margins_do_not_converge)
{
  double x[4] = { 1, 0, 0, 1 };
  const double rows[2] = { 1, 2 }, cols[2] = { 2, 1 };
  g_autoptr (GError) error = NULL;
  cr_assert_not (rr_ipf_fit (x, 2, 2, rows, cols, RR_IPF_EPSREL, 50, NULL, &error));
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_NO_CONVERGENCE));
}

Test (ipf, margins_with_different_totals_are_invalid)
{
  double x[4] = { 1.5, 2.5, 3.5, 4.5 };
  const double rows[2] = { 4, 6 }, cols[2] = { 5, 5.5 };
  g_autoptr (GError) error = NULL;
  cr_assert_not (rr_ipf_fit (x, 2, 2, rows, cols, RR_IPF_EPSREL, 10, NULL, &error));
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
}

Test (ipf, positive_target_on_empty_row_is_invalid)
{
  double x[4] = { 1.5, 2.5, 0, 0 };
  const double rows[2] = { 4, 6 }, cols[2] = { 5, 5 };
  g_autoptr (GError) error = NULL;
  cr_assert_not (rr_ipf_fit (x, 2, 2, rows, cols, RR_IPF_EPSREL, 10, NULL, &error));
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
}

Test (ipf, negative_seed_is_invalid)
{
  double x[4] = { 1.5, -2.5, 1, 1 };
  const double rows[2] = { 4, 6 }, cols[2] = { 5, 5 };
  g_autoptr (GError) error = NULL;
  cr_assert_not (rr_ipf_fit (x, 2, 2, rows, cols, RR_IPF_EPSREL, 10, NULL, &error));
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
}
