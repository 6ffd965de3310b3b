/* codes.h - the population frequency F of many classes from factors cached per code: each
 * distinct label of each quasi-identifier is parsed and looked up once, so that F of a class
 * costs a few multiplications per region of its postcode and allocates nothing (population
 * stage).  F is the same as rr_population_frequency's (doc/population-model.md). */
#pragma once
#include <glib.h>
#include "population/frequency.h"
#include "population/split.h"

/* The code of a missing value in a class key (the same as load/dataset.h's RR_CODE_MISSING). */
#define RR_POPULATION_CODE_MISSING G_MAXUINT32

typedef struct _RrPopulationCodes RrPopulationCodes;

/* Caches the factors of every code of every QI of q: labels[i][c] is the label of code c of
 * QI i (as rr_qi_generalise writes it; c < n_codes[i]), and a missing value matches anyone on
 * that QI.  q must outlive the cache; its fallback counters count each distinct code once.
 * A postcode finer than the geography table is split from its ancestor (split.h): by the
 * release's persons per postcode code, postcode_persons[c] (the fallback below-geography-release)
 * or, when postcode_persons is NULL, uniformly (below-geography, as rr_population_frequency).
 * Errors: those of rr_population_frequency (a label not of its QI's form, an ethnic code not in
 * the tables, a QI with role none whose label has no share). */
RrPopulationCodes *rr_population_codes_new (RrPopulationQuery *q, const char *const *const *labels,
                                            const guint32 *n_codes,
                                            const guint64 *postcode_persons, GError **error);
void rr_population_codes_free (RrPopulationCodes *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrPopulationCodes, rr_population_codes_free)

/* F of the class whose codes are key[0..n_qi) (RR_POPULATION_CODE_MISSING for a missing value).
 * The same value as rr_population_frequency on the codes' labels, to rounding. */
double rr_population_codes_frequency (const RrPopulationCodes *c, const guint32 *key);

/* Asks the CPU to fetch what rr_population_codes_frequency will read for key: the caller
 * calls it a few classes ahead, since a release's postcodes are read in no useful order.
 * Hand-written with the compiler's builtin (no library does this); a no-op elsewhere. */
void rr_population_codes_prefetch (const RrPopulationCodes *c, const guint32 *key);

/* How the postcode of a code was found in the geography table. */
typedef enum
{
  RR_POSTCODE_FOUND,     /* at its level, or below the table's finest level by the ratios */
  RR_POSTCODE_COARSER,   /* not in the table at its level: handled one level up or more */
  RR_POSTCODE_UNMATCHED, /* at no level: F = 0 */
} RrPostcodeStatus;

/* The status of code (RR_POSTCODE_FOUND without a postcode QI or for a missing value). */
RrPostcodeStatus rr_population_codes_postcode_status (const RrPopulationCodes *c, guint32 code);
/* The split's fit at each level below the geography table, the postcode's own level first
 * (none when the postcode is at or above the table's finest level); borrowed, *n set. */
const RrPopulationSplitFit *rr_population_codes_split_fits (const RrPopulationCodes *c, guint *n);
/* The QI index with the postcode role, or -1. */
int rr_population_codes_postcode_qi (const RrPopulationCodes *c);
/* The persons of the postcode areas (e.g. "LS") that used[code] marks, scaled to the total:
 * the population of the areas a release covers.  Without a postcode QI or a geography table,
 * the population total.  used has the postcode QI's n_codes entries. */
double rr_population_codes_area_persons (const RrPopulationCodes *c, const gboolean *used);
