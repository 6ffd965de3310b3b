/* uniqueness.h - sample-only population-uniqueness models (measure stage): Pitman, Zayatz and
 * SNB estimates of the number of population-unique records, Dankar et al.'s rule for choosing
 * between them, and the Benedetti-Franconi individual risk.  They need only the sample's
 * class-size distribution and the population size, so they serve where no population table
 * matches the release.  Formulas, sources and every departure from ARX and sdcMicro:
 * doc/uniqueness.md.
 *
 * Notation (doc/uniqueness.md): the sample has n records in u classes; c_j classes have exactly
 * j records (an RrClassSizeCount { size = j, n_classes = c_j }); N is the population size and
 * pi = n / N the sampling fraction. */
#pragma once
#include <glib.h>
#include "measure/result.h"

typedef enum
{
  RR_UNIQ_PITMAN, /* Hoshino (2001): Pitman's sampling formula, maximum likelihood */
  RR_UNIQ_ZAYATZ, /* Zayatz (1991): P(F=1 | f=1) by Bayes' rule with hypergeometric sampling */
  RR_UNIQ_SNB,    /* Chen & Keller-McNulty (1998): slide negative binomial, moment equations */
  RR_UNIQ_DANKAR, /* Dankar et al. (2012): chooses one of the three from pi and their estimates */
} RrUniquenessModel;
#define RR_UNIQ_N_MODELS 4

/* Which equations to use where ARX departs from the published formula (doc/uniqueness.md lists
 * each departure).  RR_UNIQ_FORM_ARX reproduces ARX's numbers; RR_UNIQ_FORM_PUBLISHED follows
 * the papers. */
typedef enum
{
  RR_UNIQ_FORM_ARX,
  RR_UNIQ_FORM_PUBLISHED,
} RrUniquenessForm;

#define RR_UNIQ_MAX_PARAMS 3

/* One model's estimate.  Filled by rr_uniqueness_estimate even when the model fails: then
 * converged is FALSE, population_uniques and fraction are NAN and note says why. */
typedef struct
{
  RrUniquenessModel model;   /* the model asked for */
  RrUniquenessModel chosen;  /* for RR_UNIQ_DANKAR the model the rule chose (RR_UNIQ_DANKAR
                              * itself when the sample has no uniques); otherwise == model */
  gboolean converged;
  double population_uniques; /* estimated population-unique records in the whole population */
  double fraction;           /* population_uniques / N: ARX's "fraction of unique records" */
  guint n_params;
  double params[RR_UNIQ_MAX_PARAMS];
  const char *param_names[RR_UNIQ_MAX_PARAMS]; /* static strings */
  guint iterations;          /* solver iterations (0 for closed forms) */
  char *note;                /* owned, may be NULL: the reason for a failure, or a convention
                              * that applied (e.g. no sample uniques) */
} RrUniquenessEstimate;

/* Frees the note and resets the record; safe on a zeroed record. */
void rr_uniqueness_estimate_clear (RrUniquenessEstimate *est);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RrUniquenessEstimate, rr_uniqueness_estimate_clear)

/* Estimates the number of population-unique records with one model.  *out need not be
 * initialised and is overwritten (clear a previous result first, or its note leaks).
 * dist: n_bins bars with sizes >= 1 in strictly ascending order (bars with n_classes 0 are
 * ignored), at least one record.  N >= n.
 * Returns TRUE when the model converged.  Otherwise returns FALSE with *out still filled
 * (converged FALSE, note set) and error RR_ERROR_NO_CONVERGENCE.  For RR_UNIQ_DANKAR the rule
 * falls back to Zayatz, so it fails only if Zayatz does.  A sample without uniques gives 0
 * population uniques for every model (ARX's convention), converged, with a note.
 * Errors: RR_ERROR_INVALID (bad distribution or N < n; *out is then zeroed),
 * RR_ERROR_NO_CONVERGENCE. */
gboolean rr_uniqueness_estimate (const RrClassSizeCount *dist, gsize n_bins, guint64 N,
                                 RrUniquenessModel model, RrUniquenessForm form,
                                 RrUniquenessEstimate *out, GError **error);

/* All four models at once, indexed by RrUniquenessModel (out need not be initialised; clear
 * each entry after use).  A model that fails is recorded with
 * converged FALSE, never as an error.  Errors: RR_ERROR_INVALID only. */
gboolean rr_uniqueness_estimate_all (const RrClassSizeCount *dist, gsize n_bins, guint64 N,
                                     RrUniquenessForm form,
                                     RrUniquenessEstimate out[RR_UNIQ_N_MODELS], GError **error);

/* The SNB model's estimate K of the number of non-empty population classes (Shlosser's
 * estimator in Haas et al.'s (1995) D_Sh3 form; ARX's form misplaces a parenthesis, see
 * doc/uniqueness.md).  pi in (0, 1]; at pi = 1 it is u.  Returns NAN for an empty sample. */
double rr_uniqueness_snb_k_estimate (const RrClassSizeCount *dist, gsize n_bins, double pi,
                                     RrUniquenessForm form);

/* Solves SNB's two moment equations E[c1] = c1, E[c2] = c2 for alpha > 0 and 0 < beta < 1,
 * given K and pi.  On success sets *alpha and *beta (and *iterations) and returns TRUE.
 * Errors: RR_ERROR_NO_CONVERGENCE (no root found in the domain), RR_ERROR_INVALID. */
gboolean rr_uniqueness_snb_solve (double K, double pi, double c1, double c2,
                                  RrUniquenessForm form, double *alpha, double *beta,
                                  guint *iterations, GError **error);

/* Benedetti-Franconi individual risk, as sdcMicro's indivRisk (method "approx", the default):
 * the risk of a record in a sample class of size f whose grossed-up population size is F (the
 * sum of its records' weights), with p = f / F and q = 1 - p:
 *   f = 1:  (p/q) log(1/p)                          (exact E[1/F | f] under F|f ~ NB(f, p))
 *   f = 2:  p/q - (p/q)^2 log(1/p)                  (exact)
 *   f >= 3: p / (f - q)                             (Franconi & Polettini 2004 approximation)
 *   F = f:  1/f.
 * Errors: RR_ERROR_INVALID when f = 0, F < f or F is not finite. */
gboolean rr_uniqueness_bf_class_risk (guint64 f, double F, double *risk, GError **error);

typedef struct
{
  double mean_risk;                  /* (1/n) sum over records of r */
  double expected_reidentifications; /* sum over records of r (sdcMicro's global_risk_ER) */
  double max_risk;                   /* the largest record risk */
} RrBfRisk;

/* Benedetti-Franconi risk of the whole sample with every record weighted 1/pi = N/n, so that
 * each class's F = f N / n (sdcMicro's measure_risk with a constant weight).
 * Errors: RR_ERROR_INVALID (as rr_uniqueness_estimate). */
gboolean rr_uniqueness_bf_estimate (const RrClassSizeCount *dist, gsize n_bins, guint64 N,
                                    RrBfRisk *out, GError **error);

/* The two sums of Pitman's score equations over the u classes,
 *   S0 = sum_{i=1}^{u-1} 1/(theta + i alpha),   S1 = sum_{i=1}^{u-1} i/(theta + i alpha),
 * in O(1) whatever u, for (theta, alpha) in the domain (theta + i alpha > 0 for i < u, u >= 1
 * whole), without cancellation as alpha -> 0 (doc/uniqueness.md). */
void rr_uniqueness_pitman_class_sums (double theta, double alpha, double u, double *S0,
                                      double *S1);

/* "pitman", "zayatz", "snb", "dankar". */
const char *rr_uniqueness_model_name (RrUniquenessModel model);
