/* suda.h - which combinations of quasi-identifiers single people out (measure stage): the share
 * of persons unique on every subset of the quasi-identifiers, and the minimal sample uniques
 * (MSUs) of SUDA with each person's SUDA and DIS-SUDA scores as sdcMicro's suda2 defines them
 * (Elliot et al. 2002; Manning, Haglin & Keane 2008; sdcMicro 5.x, original_scores = TRUE).
 *
 * A set S of quasi-identifiers is an MSU of person r when r has no missing value in S, r's values
 * on S occur in no other person, and no proper subset of S has both properties (missing values
 * match only themselves, as in sdcMicro, which never puts a missing value in an MSU).  With M
 * quasi-identifiers (at least 3: sdcMicro pads fewer with constant columns), an MSU of size s
 * scores (M - s)!, and a person's SUDA score is the sum over their MSUs.  With U persons unique
 * on all M, P persons in classes of exactly 2, and the sampling fraction d (DisFraction, default
 * 0.01):
 *   Dis = U d / (U d + P (1 - d)),   Q = 1 + (8 - M) / 20,   A = sum over scores s_i > 0 of s_i^-Q
 *   DIS_i = 1 / (1 + (U / Dis - U) / (s_i^Q A))  for s_i > 0, else 0.
 * Dis and Q are computed in single precision as sdcMicro's C++ does.  One departure: sdcMicro's
 * U counts only the uniques that are alone in their 16-bit hash bucket; here U is every person
 * unique on all M, which is what its documentation says (doc/methods.md). */
#pragma once
#include <glib.h>
#include "measure/classes.h"

/* Subsets are bit masks (bit q is quasi-identifier q); at most this many quasi-identifiers. */
#define RR_SUDA_MAX_QI 12
#define RR_SUDA_DIS_FRACTION 0.01

typedef struct
{
  guint n_qi;
  guint64 n_persons;
  guint n_subsets;          /* 2^n_qi; entry 0 (the empty set) unused */
  guint64 *uniques;         /* by mask: persons unique on the subset (missing as a value) */
  guint64 *msus;            /* by mask: persons for whom the subset is an MSU */
  guint64 *msus_by_size;    /* [s], s = 1 .. n_qi */
  double *score;            /* per person: SUDA score */
  double *dis;              /* per person: DIS-SUDA score */
  double *contribution;     /* per quasi-identifier: percent of the total score from MSUs that
                             * contain it (sdcMicro's attribute_contributions) */
  guint64 full_uniques;     /* U */
  guint64 full_pairs;       /* P */
  double dis_fraction;
  double dis_probability;   /* Dis */
  guint64 persons_with_msu;
  double max_score, max_dis, mean_dis;
} RrSudaResult;

void rr_suda_result_free (RrSudaResult *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrSudaResult, rr_suda_result_free)

/* From the audited classes (their keys are the persons' codes, RR_CODE_MISSING for missing;
 * n_distinct[q] codes per quasi-identifier).  dis_fraction in (0, 1).  Returns NULL with error
 * RR_ERROR_INVALID when there are more than RR_SUDA_MAX_QI quasi-identifiers. */
RrSudaResult *rr_suda_compute (const RrClassTable *classes, const guint32 *n_distinct,
                               double dis_fraction, GError **error);
