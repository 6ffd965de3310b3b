/* tables.h - a directory of population tables (geography, age x sex, births by day of year,
 * ethnic group), loaded, checked and reconciled into one model population (population stage).
 * The format is doc/population-tables.md; the model and its assumptions doc/population-model.md. */
#pragma once
#include <glib.h>

typedef struct _RrPopulation RrPopulation;

/* The tables a population directory may hold; each is optional. */
typedef enum
{
  RR_POPULATION_GEOGRAPHY,
  RR_POPULATION_AGE_SEX,
  RR_POPULATION_BIRTHS,
  RR_POPULATION_ETHNICITY,
} RrPopulationTable;

/* Loads dir/population.ini and the tables it names, checks them and reconciles them to the
 * manifest's total: the geography is scaled to it by one ratio (an IPF step with one margin), an
 * age x sex table by region and the ethnic groups by region are fitted by IPF to the geography's
 * region totals and the table's own national margin.  Nothing is smoothed or imputed.
 * Errors: G_KEY_FILE_ERROR / G_FILE_ERROR (manifest unreadable or a key missing), and
 * RR_ERROR_PARSE "FILE:LINE:COL: ..." for a table: negative, missing or non-numeric count,
 * unknown code (level, postcode, sex, age, date, ethnic label, region), duplicate row, a row
 * missing from a complete table, mismatched geography (a code's rows below it sum to more than
 * its own population, or lie in another region; regions of two tables that differ), and a
 * declared total that is not the sum of the table's rows ("population.ini:LINE:1: ...").
 * RR_ERROR_NO_CONVERGENCE if an IPF fit does not converge. */
RrPopulation *rr_population_load (const char *dir, GError **error);
void rr_population_free (RrPopulation *pop);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrPopulation, rr_population_free)

/* Borrowed accessors. */
const char *rr_population_name (const RrPopulation *pop);
const char *rr_population_dir (const RrPopulation *pop);
const GDate *rr_population_reference_date (const RrPopulation *pop);
/* The population all figures are reconciled to (the manifest's [population] total). */
double rr_population_total (const RrPopulation *pop);
gboolean rr_population_has_table (const RrPopulation *pop, RrPopulationTable table);
/* The sum of a table's rows as published, before reconciliation (0 if the table is absent). */
double rr_population_table_total (const RrPopulation *pop, RrPopulationTable table);
/* One sentence per reconciliation step taken while loading (scaling ratio, IPF iterations,
 * reference dates that differ), for the report; NULL-terminated, borrowed. */
const char *const *rr_population_notes (const RrPopulation *pop);
