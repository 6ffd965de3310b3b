/* test-population.c - loading population tables: the hand-worked tiny population, every error
 * a table can raise (domain, code and FILE:LINE:COL), and the shipped England tables. */
#include "config.h"
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "population/tables.h"
#include "util/error.h"

#define DIR TEST_DATA_DIR "/population/"
#define ENGLAND RR_SRCDATADIR "/england/population"

/* For sums of whole numbers below 2^53, which double holds exactly. */
static void
assert_exact (double got, double want)
{
  cr_assert (!(got < want) && !(got > want), "got %.17g, want %.17g", got, want);
}

static RrPopulation *
load_expect_error (const char *name, RrError code, const char *where, const char *what)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_strconcat (DIR, name, NULL);
  RrPopulation *pop = rr_population_load (dir, &error);
  cr_assert_null (pop);
  cr_assert (g_error_matches (error, RR_ERROR, code), "%s: %s", name,
             error ? error->message : "no error");
  g_autofree char *place = g_strconcat (dir, "/", where, NULL);
  cr_assert (g_str_has_prefix (error->message, place), "message '%s' does not start '%s'",
             error->message, place);
  cr_assert (strstr (error->message, what) != NULL, "message '%s' lacks '%s'", error->message,
             what);
  return pop;
}

Test (population, tiny_loads_with_its_totals)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrPopulation) pop = rr_population_load (DIR "tiny", &error);
  cr_assert_not_null (pop, "%s", error ? error->message : "");
  /* all sums of whole numbers: exact in double */
  assert_exact (rr_population_total (pop), 12500);
  assert_exact (rr_population_table_total (pop, RR_POPULATION_GEOGRAPHY), 10000);
  assert_exact (rr_population_table_total (pop, RR_POPULATION_AGE_SEX), 10000);
  assert_exact (rr_population_table_total (pop, RR_POPULATION_BIRTHS), 367);
  assert_exact (rr_population_table_total (pop, RR_POPULATION_ETHNICITY), 8000);
  cr_assert_str_eq (rr_population_name (pop), "tiny");
  const GDate *ref = rr_population_reference_date (pop);
  cr_assert (g_date_get_year (ref) == 2020 && g_date_get_month (ref) == 6
             && g_date_get_day (ref) == 30);
  const char *const *notes = rr_population_notes (pop);
  gboolean scaled = FALSE;
  for (guint i = 0; notes[i] != NULL; i++)
    scaled |= strstr (notes[i], "scaled by one ratio, 1.250000") != NULL;
  cr_assert (scaled, "no note of the geography's scaling");
}

Test (population, negative_count_is_an_error_at_its_field)
{
  load_expect_error ("negative-count", RR_ERROR_PARSE, "geography.csv:3:3: ", "negative count");
}

Test (population, missing_count_is_an_error_at_its_field)
{
  load_expect_error ("missing-count", RR_ERROR_PARSE, "age-sex.csv:6:3: ", "missing count");
}

Test (population, unknown_postcode_code_is_an_error)
{
  load_expect_error ("unknown-code", RR_ERROR_PARSE, "geography.csv:4:2: ",
                     "unknown code 'CD1 4': not a postcode district");
}

Test (population, unknown_ethnic_category_is_an_error)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrPopulation) pop = rr_population_load (DIR "unknown-category", &error);
  cr_assert_null (pop);
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_PARSE));
  cr_assert (strstr (error->message, "unknown-category/ethnicity.csv:3:2: unknown category "
                     "'Pakistani'") != NULL, "%s", error->message);
}

Test (population, unknown_region_is_an_error)
{
  load_expect_error ("unknown-region", RR_ERROR_PARSE, "ethnicity.csv:5:1: ",
                     "unknown region 'R3'");
}

Test (population, finer_rows_above_their_parent_are_mismatched)
{
  /* sectors AB1 1 (2000) and AB1 2 (1500) hold more than district AB1 (3000), line 2 */
  load_expect_error ("mismatched-sum", RR_ERROR_PARSE, "geography.csv:2: ",
                     "mismatched geography");
}

Test (population, sector_in_another_region_is_mismatched)
{
  load_expect_error ("mismatched-region", RR_ERROR_PARSE, "geography.csv:4: ",
                     "mismatched geography");
}

Test (population, region_without_ethnicity_rows_is_mismatched)
{
  load_expect_error ("missing-region-rows", RR_ERROR_PARSE, "ethnicity.csv: ",
                     "no rows for region 'R2'");
}

Test (population, total_not_matching_rows_is_an_error_at_the_manifest_key)
{
  load_expect_error ("wrong-total", RR_ERROR_PARSE, "population.ini:10:1: ",
                     "the table's rows sum to 10000, not 10001");
}

Test (population, births_table_needs_every_date)
{
  load_expect_error ("missing-date", RR_ERROR_PARSE, "births.csv: ", "no row for month 2, day 29");
}

Test (population, missing_manifest_is_a_file_error)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrPopulation) pop = rr_population_load (DIR "no-such-dir", &error);
  cr_assert_null (pop);
  cr_assert (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT));
}

/* The England tables as converted: 2011 districts (53,030,034) scaled to the mid-2020 total
 * 56,550,138, which is also the age x sex table's total (SOURCES.md, section 1). */
Test (population, england_loads_and_totals_mid_2020)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrPopulation) pop = rr_population_load (ENGLAND, &error);
  cr_assert_not_null (pop, "%s", error ? error->message : "");
  assert_exact (rr_population_total (pop), 56550138);
  assert_exact (rr_population_table_total (pop, RR_POPULATION_GEOGRAPHY), 53030034);
  assert_exact (rr_population_table_total (pop, RR_POPULATION_AGE_SEX), 56550138);
  assert_exact (rr_population_table_total (pop, RR_POPULATION_ETHNICITY), 56490039);
  /* 366 weights with two decimals: the sum is within 366 roundings of 663630.3 */
  cr_assert (fabs (rr_population_table_total (pop, RR_POPULATION_BIRTHS) - 663630.3)
             <= 366 * 663630.3 * DBL_EPSILON);
}
