/* fs.h - Fellegi-Sunter record linkage (attack stage): agreement patterns of a pair of records,
 * match weights, and the m and u probabilities estimated by EM from the patterns' counts.
 *
 * For fields j, m_j = P(agree on j | the pair is a match) and u_j = P(agree on j | not); a
 * pair's weight is sum_j log2(m_j / u_j) where it agrees, log2((1 - m_j) / (1 - u_j)) where it
 * disagrees, and 0 where a value is missing (I. P. Fellegi and A. B. Sunter, "A theory for
 * record linkage", JASA 64, 1969).  EM treats the candidate pairs as a two-class mixture with
 * conditional independence of the fields (W. E. Winkler, "Using the EM algorithm for weight
 * computation in the Fellegi-Sunter model of record linkage", 1988; M. A. Jaro, "Advances in
 * record-linkage methodology as applied to matching the 1985 census of Tampa, Florida", JASA 84,
 * 1989), missing values at random. */
#pragma once
#include <glib.h>

#define RR_FS_MAX_FIELDS 6

typedef enum
{
  RR_FS_DISAGREE = 0,
  RR_FS_AGREE = 1,
  RR_FS_MISSING = 2,
} RrFsState;

/* Patterns are numbered sum_j state_j 3^j: 3^n_fields of them. */
guint rr_fs_n_patterns (guint n_fields);
RrFsState rr_fs_pattern_state (guint pattern, guint j);

typedef struct
{
  guint n_fields;
  double m[RR_FS_MAX_FIELDS], u[RR_FS_MAX_FIELDS];
  double p;          /* share of the candidate pairs that are matches */
  guint iterations;
  gboolean converged;
} RrFsParams;

/* Starting values from the counts (counts[pattern], pairs of each pattern): m_j = 0.9, u_j the
 * share of pairs agreeing on j, p the share agreeing on every field they both hold. */
void rr_fs_em_init (RrFsParams *par, guint n_fields, const double *counts);
/* One E and M step; returns the largest change of any parameter. */
double rr_fs_em_iterate (RrFsParams *par, const double *counts);
/* Iterates until no parameter changes by more than epsabs, or max_iter steps (converged FALSE
 * then).  The class that agrees more is the match class.  Errors: RR_ERROR_NUMERIC when there
 * are no pairs. */
gboolean rr_fs_em_estimate (RrFsParams *par, guint n_fields, const double *counts, double epsabs,
                            guint max_iter, GError **error);

double rr_fs_weight_agree (const RrFsParams *par, guint j);
double rr_fs_weight_disagree (const RrFsParams *par, guint j);
/* The weight of a pattern. */
double rr_fs_pattern_weight (const RrFsParams *par, guint pattern);
