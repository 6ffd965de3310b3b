/* population-result.h - the population model's part of an audit's results: the population
 * size and sampling fraction, journalist and marketer risk, estimated population uniques, the
 * postcodes the tables lack, and the sample-only uniqueness models (measure stage fills it,
 * report/ reads it).  Formulas: doc/methods.md. */
#pragma once
#include <glib.h>
#include "measure/result.h"
#include "measure/uniqueness.h"
#include "population/split.h"

/* Bands of per-person journalist risk for the report's chart: (lo, hi], the first from 0. */
#define RR_RISK_N_BANDS 7
extern const double rr_risk_band_edges[RR_RISK_N_BANDS + 1];

/* The factors the sensitivity check multiplies every F by (the assumptions' plausible range). */
#define RR_POPULATION_N_SENSITIVITY 2
extern const double rr_population_sensitivity[RR_POPULATION_N_SENSITIVITY];

struct _RrPopulationResult
{
  /* the population */
  char *source;             /* the tables' name, or "none" */
  char *dir;                /* the tables' directory; NULL for none */
  gboolean tables;          /* TRUE: the table-based model ran */
  guint64 size;             /* N, the population the release is drawn from */
  double sampling_fraction; /* pi = n / N (or as given) */
  char *size_from;          /* where N came from, in words */
  double covered_persons;   /* the tables' persons in the postcode areas the release covers */
  double scale;             /* lambda_k = F_k x scale = F_k x N / covered_persons */
  GArray *roles;            /* RrPopulationRole per QI, in --qi order (tables only) */

  /* table-based model (tables only) */
  double journalist_max, journalist_mean, journalist_at_risk; /* at_risk: share of persons */
  double marketer_mean;              /* (1/n) sum_i E[1/F_i] */
  double expected_reidentifications; /* sum_i E[1/F_i] */
  double estimated_uniques;          /* sum over sample uniques of P(F = 1) */
  guint64 bands[RR_RISK_N_BANDS];    /* persons by journalist risk band */
  /* the same two figures with every F multiplied by rr_population_sensitivity[j] */
  double sensitivity_uniques[RR_POPULATION_N_SENSITIVITY];
  double sensitivity_marketer[RR_POPULATION_N_SENSITIVITY];
  guint64 persons_zero;              /* persons whose class the tables hold nobody like */
  guint64 postcodes_coarser, persons_coarser;     /* distinct codes, and persons with them */
  guint64 postcodes_unmatched, persons_unmatched;
  guint64 n_outside;                 /* distinct date/age codes reaching outside the table */
  guint fallbacks;                   /* RrPopulationFallback bits used */
  RrPopulationSplit split;           /* below the geography table (--postcode-split) */
  RrPopulationSplitFit split_fits[RR_POPULATION_SPLIT_MAX_LEVELS]; /* the postcode's level first */
  guint n_split_fits;                /* 0: the postcode is not finer than the table */
  GPtrArray *notes;                  /* char*: the tables' reconciliation steps */

  /* sample-only models (whenever N is known) */
  gboolean sample_only;
  RrUniquenessForm form;
  RrUniquenessEstimate models[RR_UNIQ_N_MODELS];
  RrBfRisk bf;
};

RrPopulationResult *rr_population_result_new (void);
void rr_population_result_free (RrPopulationResult *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrPopulationResult, rr_population_result_free)
