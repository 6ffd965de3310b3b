/* ipf.c - iterative proportional fitting of a two-way table to its margins (population stage).
 * Split as GSL splits iterative numerics: check (init), iterate, test. */
#include "config.h"
#include "population/ipf.h"
#include "util/error.h"
#include <math.h>
#include <string.h>

static double
sum (const double *v, guint n)
{
  double s = 0;
  for (guint i = 0; i < n; i++)
    s += v[i];
  return s;
}

static gboolean
check_targets (const double *t, guint n, const char *what, GError **error)
{
  for (guint i = 0; i < n; i++)
    if (!(t[i] >= 0) || !isfinite (t[i]))
      return rr_throw (error, RR_ERROR_INVALID, "IPF: %s target %u is negative or not finite",
                       what, i + 1);
  return TRUE;
}

/* A positive target needs at least one positive seed cell in its row (or column). */
static gboolean
check_support (const double *x, guint n_rows, guint n_cols, const double *row_target,
               const double *col_target, GError **error)
{
  for (guint i = 0; i < n_rows; i++)
    {
      double s = 0;
      for (guint j = 0; j < n_cols; j++)
        s += x[i * n_cols + j];
      if (row_target[i] > 0 && !(s > 0))
        return rr_throw (error, RR_ERROR_INVALID, "IPF: row %u has a positive target but no "
                         "positive seed cell", i + 1);
    }
  for (guint j = 0; j < n_cols; j++)
    {
      double s = 0;
      for (guint i = 0; i < n_rows; i++)
        s += x[i * n_cols + j];
      if (col_target[j] > 0 && !(s > 0))
        return rr_throw (error, RR_ERROR_INVALID, "IPF: column %u has a positive target but no "
                         "positive seed cell", j + 1);
    }
  return TRUE;
}

static gboolean
ipf_init (const double *x, guint n_rows, guint n_cols, const double *row_target,
          const double *col_target, double epsrel, GError **error)
{
  if (!check_targets (row_target, n_rows, "row", error)
      || !check_targets (col_target, n_cols, "column", error))
    return FALSE;
  for (guint k = 0; k < n_rows * n_cols; k++)
    if (!(x[k] >= 0) || !isfinite (x[k]))
      return rr_throw (error, RR_ERROR_INVALID, "IPF: seed cell %u is negative or not finite",
                       k + 1);
  double rs = sum (row_target, n_rows), cs = sum (col_target, n_cols);
  if (fabs (rs - cs) > epsrel * MAX (rs, cs))
    return rr_throw (error, RR_ERROR_INVALID, "IPF: row targets sum to %.17g but column targets "
                     "to %.17g", rs, cs);
  return check_support (x, n_rows, n_cols, row_target, col_target, error);
}

/* Scales the n cells at x[0], x[stride], ... so that they sum to target (0 stays 0). */
static void
scale_line (double *x, guint n, guint stride, double target)
{
  double s = 0;
  for (guint k = 0; k < n; k++)
    s += x[k * stride];
  if (!(s > 0))
    return;
  double f = target / s;
  for (guint k = 0; k < n; k++)
    x[k * stride] *= f;
}

static void
ipf_iterate (double *x, guint n_rows, guint n_cols, const double *row_target,
             const double *col_target)
{
  for (guint i = 0; i < n_rows; i++)
    scale_line (x + i * n_cols, n_cols, 1, row_target[i]);
  for (guint j = 0; j < n_cols; j++)
    scale_line (x + j, n_rows, n_cols, col_target[j]);
}

/* TRUE when no cell moved by more than epsrel relative to its previous value and the rows
 * (left off their targets by the column step) are within epsrel of them; the columns are exact
 * after every iteration.  Both are needed: an infeasible table can repeat itself exactly. */
static gboolean
ipf_test (const double *x, const double *prev, guint n_rows, guint n_cols,
          const double *row_target, double epsrel)
{
  for (guint k = 0; k < n_rows * n_cols; k++)
    if (fabs (x[k] - prev[k]) > epsrel * fabs (prev[k]))
      return FALSE;
  for (guint i = 0; i < n_rows; i++)
    if (fabs (sum (x + i * n_cols, n_cols) - row_target[i]) > epsrel * row_target[i])
      return FALSE;
  return TRUE;
}

gboolean
rr_ipf_fit (double *x, guint n_rows, guint n_cols, const double *row_target,
            const double *col_target, double epsrel, guint max_iter, guint *n_iter,
            GError **error)
{
  g_return_val_if_fail (x != NULL && n_rows > 0 && n_cols > 0 && epsrel > 0, FALSE);
  if (!ipf_init (x, n_rows, n_cols, row_target, col_target, epsrel, error))
    return FALSE;
  g_autofree double *prev = g_new (double, (gsize) n_rows * n_cols);
  for (guint it = 1; it <= max_iter; it++)
    {
      memcpy (prev, x, sizeof (double) * n_rows * n_cols);
      ipf_iterate (x, n_rows, n_cols, row_target, col_target);
      if (ipf_test (x, prev, n_rows, n_cols, row_target, epsrel))
        {
          if (n_iter)
            *n_iter = it;
          return TRUE;
        }
    }
  return rr_throw (error, RR_ERROR_NO_CONVERGENCE, "IPF: no convergence in %u iterations (the "
                   "margins cannot be met by a table with the seed's zero cells)", max_iter);
}
