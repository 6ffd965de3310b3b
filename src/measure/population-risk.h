/* population-risk.h - re-identification risk with the population (measure stage): journalist
 * and marketer risk and the population uniques among the released persons, from the
 * population tables' F_k and the sampling fraction, and the sample-only uniqueness models.
 *
 * Model (doc/methods.md): the population's class sizes are Poisson with means lambda_k = F_k x
 * N / (the tables' persons in the areas the release covers), and the release keeps each person
 * with probability pi = n / N.  By Poisson thinning the people of class k outside the release
 * are then M_k ~ Poisson(mu_k), mu_k = lambda_k (1 - pi), independent of the f_k released, so
 *   P(population unique | f_k = 1) = exp(-mu_k),
 *   E[1/F_k | f_k] = E[1/(f_k + M_k)] = 1F1(1; f_k + 1; -mu_k) / f_k. */
#pragma once
#include <glib.h>
#include "load/dataset.h"
#include "measure/classes.h"
#include "measure/population-result.h"
#include "population/frequency.h"

typedef struct
{
  const RrPopulation *pop;       /* NULL: no tables (--population none) */
  const RrPopulationRole *roles; /* one per QI, with pop */
  double sampling_fraction;      /* (0, 1], or 0: not given */
  guint64 population_size;       /* >= persons, or 0: not given (at most one of the two) */
  double threshold;              /* journalist records at risk: risk strictly above it */
  RrUniquenessForm form;         /* of the sample-only models */
  RrPopulationSplit split;       /* below the geography table: by the release (0) or uniform */
  guint threads;                 /* for the classes' loop; 0: one per processor (at most 8);
                                  * the results are the same bits whatever the number */
} RrPopulationRiskOptions;

/* Measures the release ds (grouped into classes over specs) against the population.  Returns
 * NULL with error unset when there is nothing to measure (no tables and no population size).
 * F of each class is kept in lambda (double per class, x scale) when lambda is not NULL.
 * A QI with role none gets its shares in the release (a stated fallback).  A postcode finer
 * than the geography table is split from its ancestor by o->split (population/split.h): with
 * RR_POPULATION_SPLIT_RELEASE by the release's persons per postcode.
 * Errors: RR_ERROR_INVALID (a role that does not fit its QI, a label not of the form the
 * tables read, a population smaller than the release, no persons in the covered areas). */
RrPopulationResult *rr_population_risk_estimate (const RrDataset *ds, const GPtrArray *specs,
                                                 const RrClassTable *classes,
                                                 const RrPopulationRiskOptions *o,
                                                 GArray *lambda, GError **error);

/* E[1/(f + M)] for M ~ Poisson(mu): the expected risk 1/F of a person in a release class of size
 * f >= 1 with mu >= 0 expected people like them outside the release.
 * Errors: RR_ERROR_INVALID (f = 0, mu < 0 or not finite), RR_ERROR_NUMERIC (GSL's 1F1). */
gboolean rr_population_risk_expected_inverse (guint64 f, double mu, double *risk,
                                              GError **error);
