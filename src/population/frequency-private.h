/* frequency-private.h - the query's layout and the per-label steps of F, shared by frequency.c
 * (F of one class) and codes.c (F from factors cached per code); only src/population/. */
#pragma once
#include <glib.h>
#include "population/frequency.h"
#include "population/tables-private.h"

#define RR_POP_ALL_SEXES 3u
#define RR_POP_ALL_ETHNIC ((1u << RR_POP_N_ETHNIC) - 1)

struct _RrPopulationQuery
{
  const RrPopulation *pop;
  const RrQiSpec *const *specs;
  guint n_qi;
  int of_role[RR_POPULATION_ROLE_ETHNICITY + 1]; /* QI index per role, or -1 */
  GHashTable **shares;    /* per QI (role NONE): label -> double* */
  GHashTable *eth_groups; /* map level: group label -> GUINT_TO_POINTER (mask) */
  guint fallbacks;
  guint64 not_found[RR_POP_N_LEVELS];
  guint64 n_unmatched, n_outside;
  GPtrArray *examples;
};

/* What one call asks of the age x sex tables. */
typedef struct
{
  guint sexes;          /* bit 0 male, bit 1 female */
  gboolean by_date;     /* a date-of-birth interval [lo, hi] (day indexes) */
  gboolean by_age;      /* an age interval [lo, hi] (years) */
  gboolean empty;       /* the interval missed the table entirely */
  gint64 lo, hi;
} RrAgeSexAsk;

/* The postcode's entry and the factor its persons are multiplied by, or entry NULL (factor 0)
 * when no level knows it; counts not-found and unmatched codes in q. */
void rr_population_resolve_postcode (RrPopulationQuery *q, const char *label,
                                     const RrGeoEntry **entry, double *factor);
/* The same for a label at level (0 unit .. 3 area) rather than the QI's own. */
void rr_population_resolve_postcode_at (RrPopulationQuery *q, const char *label, int level,
                                        const RrGeoEntry **entry, double *factor);
/* Parses the sex, date-of-birth and age labels of labels[0..n_qi) (NULL: any). */
gboolean rr_population_parse_age_sex (RrPopulationQuery *q, const char *const *labels,
                                      RrAgeSexAsk *ask, GError **error);
/* P(sex, date of birth or age | slot); 1 without an age x sex table. */
double rr_population_age_sex_share (const RrPopulation *pop, guint slot, const RrAgeSexAsk *ask);
/* The ethnic codes a label covers, as a mask (NULL: all). */
gboolean rr_population_parse_ethnicity (RrPopulationQuery *q, const char *label, guint *mask,
                                        GError **error);
/* P(ethnic group in mask | slot). */
double rr_population_ethnic_share (const RrPopulation *pop, guint slot, guint mask);

/* The level label (of spec's QI) stands at: the spec's, or a coarser one for a value the release
 * already held generalised (a sector "LS6 2" in a unit column, read back after audit --apply). */
RrQiLevel rr_population_label_level (const RrQiSpec *spec, const char *label);
