/* ipf.h - iterative proportional fitting of a two-way table to its row and column totals
 * (population stage).  Used to fit a joint table (e.g. region x ethnic group) when a seed table and
 * the margins of another table constrain the same cells.  GSL has no IPF, hence this small one. */
#pragma once
#include <glib.h>

/* Convergence defaults used by the population loader.  A cell of a population table is at most
 * about 1e8 persons; a relative change below 1e-10 is then below 0.01 of a person, far finer than
 * any published count, and still 5 orders of magnitude above double rounding (2.2e-16). */
#define RR_IPF_EPSREL 1e-10
#define RR_IPF_MAX_ITER 1000

/* Fits x (n_rows x n_cols, row-major, non-negative; the seed on entry, the fit on return) so that
 * its row sums equal row_target and its column sums equal col_target (Deming & Stephan 1940).
 * One iteration scales every row to its target, then every column.  The fit has converged when
 * one iteration changes no cell by more than epsrel relative to its previous value and every row
 * sum is within epsrel (relative) of its target (a cell that is 0 stays 0).  Both targets must be non-negative and have the same sum to within epsrel.
 * *n_iter (may be NULL) receives the number of iterations used.
 * Errors: RR_ERROR_INVALID (targets negative or with different sums, a negative seed cell, a row
 * or column with a positive target but no positive seed cell); RR_ERROR_NO_CONVERGENCE (no
 * convergence within max_iter iterations: the margins cannot be met with the seed's zeros). */
gboolean rr_ipf_fit (double *x, guint n_rows, guint n_cols, const double *row_target,
                     const double *col_target, double epsrel, guint max_iter, guint *n_iter,
                     GError **error);
