/* frequency.h - the population frequency F of an equivalence class: the expected number of
 * people in the population who share the class's quasi-identifier labels (population stage).
 * The model, its independence assumptions and their sources are in doc/population-model.md. */
#pragma once
#include <glib.h>
#include "population/tables.h"
#include "qi/qi.h"

/* What a quasi-identifier is, as far as the population tables go.  The caller says so: two date
 * columns may be a date of birth and an admission date, and only one is in the tables. */
typedef enum
{
  RR_POPULATION_ROLE_NONE,       /* no table: the caller gives shares (a stated fallback) */
  RR_POPULATION_ROLE_POSTCODE,   /* residence postcode: the geography table */
  RR_POPULATION_ROLE_BIRTH_DATE, /* date of birth at any date level: age x sex and births */
  RR_POPULATION_ROLE_AGE,        /* age in years (type age): age x sex */
  RR_POPULATION_ROLE_SEX,        /* sex "M", "F", "U": age x sex */
  RR_POPULATION_ROLE_ETHNICITY,  /* NHS ethnic category code, or a group of them (map level) */
} RrPopulationRole;

/* The role of a column recognised as kind (detect.h: "postcode", "date-of-birth", "age",
 * "sex", "ethnicity"); anything else, including a plain "date", is RR_POPULATION_ROLE_NONE. */
RrPopulationRole rr_population_role_from_kind (const char *kind);
const char *rr_population_role_to_string (RrPopulationRole role);

/* Each fallback the model may use, as a bit of rr_population_query_fallbacks. */
typedef enum
{
  RR_POPULATION_FALLBACK_BELOW_GEOGRAPHY = 1 << 0,    /* postcode finer than the table */
  RR_POPULATION_FALLBACK_POSTCODE_NOT_FOUND = 1 << 1, /* not in the table at its level */
  RR_POPULATION_FALLBACK_BIRTHS_UNIFORM = 1 << 2,     /* no births table */
  RR_POPULATION_FALLBACK_OPEN_AGE = 1 << 3,           /* the open band (e.g. 90+) spread */
  RR_POPULATION_FALLBACK_OUTSIDE_TABLE = 1 << 4,      /* born after the reference date, or older
                                                         than the spread open band: 0 persons */
  RR_POPULATION_FALLBACK_AGE_AT_REFERENCE = 1 << 5,   /* ages taken as at the reference date */
  RR_POPULATION_FALLBACK_SEX_UNKNOWN = 1 << 6,        /* sex "U" counted as either sex */
  RR_POPULATION_FALLBACK_ETHNICITY_NOT_STATED = 1 << 7, /* code Z counted as any group */
  RR_POPULATION_FALLBACK_SHARES = 1 << 8,             /* a QI with no table: caller's shares */
  RR_POPULATION_FALLBACK_BELOW_GEOGRAPHY_RELEASE = 1 << 9, /* postcode finer than the table,
                                                              split by the release (split.h) */
} RrPopulationFallback;
#define RR_POPULATION_N_FALLBACKS 10

/* A static name for the XML results: "below-geography", "postcode-not-found", "births-uniform",
 * "open-age", "outside-table", "age-at-reference", "sex-unknown", "ethnicity-not-stated",
 * "shares", "below-geography-release". */
const char *rr_population_fallback_name (RrPopulationFallback fallback);
/* A static sentence: the fallback's assumption and how far it may move F. */
const char *rr_population_fallback_describe (RrPopulationFallback fallback);

typedef struct _RrPopulationQuery RrPopulationQuery;

/* Prepares F for classes over specs[0..n_qi) with the given roles.  pop and specs are borrowed
 * and must outlive the query.  A date of birth at an age level uses its spec's as_of.
 * Errors: RR_ERROR_INVALID: a role that does not fit the QI's type or level; two QIs with one
 * role (or both a date of birth and an age); a role whose table the population lacks; a postcode
 * level finer than the geography table without the manifest's codes-per-parent ratio; a map of
 * an ethnicity QI whose values are not NHS ethnic category codes. */
RrPopulationQuery *rr_population_query_new (const RrPopulation *pop,
                                            const RrQiSpec *const *specs,
                                            const RrPopulationRole *roles, guint n_qi,
                                            GError **error);
void rr_population_query_free (RrPopulationQuery *q);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrPopulationQuery, rr_population_query_free)

/* Gives the share (0..1) of the population with label for QI qi, whose role must be NONE: the
 * documented fallback for a QI with no table, e.g. its share in the release.  The caller states
 * where the shares come from.  Errors: RR_ERROR_INVALID (share outside 0..1). */
gboolean rr_population_query_set_share (RrPopulationQuery *q, guint qi, const char *label,
                                        double share, GError **error);

/* F for the class with labels[0..n_qi) (as rr_qi_generalise writes them; NULL = missing, which
 * matches anyone on that QI).  F = sum over the regions r of the postcode's persons N_r (scaled
 * to the total) x P(sex, date of birth or age | r) x P(ethnic group | r) x shares.  F may be 0:
 * the tables hold no such person (the caller compares it with the class size).
 * A postcode finer than the table gets the uniform split (one class says nothing about how the
 * release spreads over postcodes; rr_population_codes_new can split by the release).
 * No allocation except when a postcode is not found (its label is kept as an example).
 * Not thread-safe: it counts fallbacks in q.
 * A postcode label the tables cannot hold (e.g. "GIR 0AA") counts as not found, with F = 0.
 * Errors: RR_ERROR_INVALID: a label not of its QI's form ("1980-03", "40", "M"),
 * an ethnic code not in the tables, a NONE QI's label without a share. */
gboolean rr_population_frequency (RrPopulationQuery *q, const char *const *labels, double *F,
                                  GError **error);

/* Bitwise OR of the RrPopulationFallback used so far. */
guint rr_population_query_fallbacks (const RrPopulationQuery *q);
/* Calls whose postcode was not in the table at level (unit .. area) and so was handled at the
 * next coarser level, as a share of it. */
guint64 rr_population_query_n_not_found (const RrPopulationQuery *q, RrQiLevel level);
/* Calls whose postcode was found at no level, so F = 0. */
guint64 rr_population_query_n_unmatched (const RrPopulationQuery *q);
/* Calls whose date of birth or age reached outside the table's years (those days count 0). */
guint64 rr_population_query_n_outside (const RrPopulationQuery *q);
/* The first few postcodes not found, NULL-terminated, borrowed. */
const char *const *rr_population_query_not_found_examples (const RrPopulationQuery *q);
