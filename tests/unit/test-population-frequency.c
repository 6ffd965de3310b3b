/* test-population-frequency.c - F for hand-worked classes of the tiny population, sums over
 * generalised levels, the fallbacks and their counts, the query's errors, and England checks.
 *
 * The tiny population (tests/data/population/tiny), total T = 12500 at 2020-06-30:
 *   geography (2011): AB1 3000 and AB2 1000 in region R1, CD1 6000 in R2; 10000 in all, so each
 *     is scaled by 12500 / 10000 = 1.25: AB1 3750, AB2 1250, CD1 7500; R1 5000, R2 7500.
 *   age x sex (10000, scaled by 1.25): male 0: 1250, 1: 1875, 2+: 3125 (spread over ages 2 and 3,
 *     1562.5 each); female 0: 1250, 1: 1250, 2+: 3750 (1875 each).  P(male) = 6250/12500 = 0.5.
 *   births: weight 1 for every date but 1 January, weight 2.
 *   ethnic groups (8000 persons): R1 A 3000, H 1000; R2 A 2000, C 500 + 1500 (Roma and "Other
 *     White" both map to C).  IPF to rows R1 5000, R2 7500 and columns scaled by 12500/8000:
 *     A 7812.5, H 1562.5, C 3125.  H is only in R1 and C only in R2, so the fit is forced:
 *     R1: H 1562.5, A 3437.5 (shares 0.3125, 0.6875); R2: C 3125, A 4375 (5/12, 7/12). */
#include "config.h"
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include "population/frequency.h"
#include "util/error.h"

#define DIR TEST_DATA_DIR "/population/"
#define ENGLAND RR_SRCDATADIR "/england/population"

/* Every F below is a few products and sums of at most ~40,000 terms of doubles: a relative
 * error of 1e-9 is far above their rounding (40000 * 2.2e-16 = 9e-12) and far below any
 * difference in the model. */
#define REL 1e-9

enum { Q_POSTCODE, Q_DOB, Q_SEX, Q_ETHNIC, Q_DIAG, N_Q };

typedef struct
{
  RrPopulation *pop;
  RrQiSpec spec[N_Q];
  const RrQiSpec *specs[N_Q];
  RrPopulationRole roles[N_Q];
  RrPopulationQuery *q;
} Fixture;

static void
fixture_init (Fixture *f, const char *dir, RrQiLevel postcode, RrQiType date_type,
              RrQiLevel date_level)
{
  g_autoptr (GError) error = NULL;
  f->pop = rr_population_load (dir, &error);
  cr_assert_not_null (f->pop, "%s", error ? error->message : "");
  static char names[N_Q][8] = { "pc", "dob", "sex", "eth", "diag" };
  const RrQiType types[N_Q] = { RR_QI_POSTCODE, date_type, RR_QI_SEX, RR_QI_CATEGORY,
                                RR_QI_CATEGORY };
  const RrQiLevel levels[N_Q] = { postcode, date_level, RR_LEVEL_ASIS, RR_LEVEL_ASIS,
                                  RR_LEVEL_ASIS };
  const RrPopulationRole roles[N_Q] = {
    RR_POPULATION_ROLE_POSTCODE,
    date_type == RR_QI_AGE ? RR_POPULATION_ROLE_AGE : RR_POPULATION_ROLE_BIRTH_DATE,
    RR_POPULATION_ROLE_SEX, RR_POPULATION_ROLE_ETHNICITY, RR_POPULATION_ROLE_NONE
  };
  for (int i = 0; i < N_Q; i++)
    {
      f->spec[i] = (RrQiSpec) { .name = names[i], .type = types[i], .level = levels[i] };
      g_date_clear (&f->spec[i].as_of, 1);
      g_date_set_dmy (&f->spec[i].as_of, 30, 6, 2020);
      f->specs[i] = &f->spec[i];
      f->roles[i] = roles[i];
    }
  f->q = rr_population_query_new (f->pop, f->specs, f->roles, N_Q, &error);
  cr_assert_not_null (f->q, "%s", error ? error->message : "");
  cr_assert (rr_population_query_set_share (f->q, Q_DIAG, "I10", 0.2, &error));
}

static void
fixture_clear (Fixture *f)
{
  rr_population_query_free (f->q);
  rr_population_free (f->pop);
}

static double
freq (Fixture *f, const char *pc, const char *dob, const char *sex, const char *eth)
{
  const char *labels[N_Q] = { pc, dob, sex, eth, NULL };
  double F = -1;
  g_autoptr (GError) error = NULL;
  cr_assert (rr_population_frequency (f->q, labels, &F, &error), "%s",
             error ? error->message : "");
  return F;
}

static void
assert_rel (double got, double want)
{
  cr_assert (fabs (got - want) <= REL * fabs (want), "got %.17g, want %.17g", got, want);
}

Test (frequency, no_labels_is_the_whole_population)
{
  Fixture f;
  fixture_init (&f, DIR "tiny", RR_LEVEL_DISTRICT, RR_QI_DATE, RR_LEVEL_DAY);
  assert_rel (freq (&f, NULL, NULL, NULL, NULL), 12500);
  fixture_clear (&f);
}

/* AB1 x female x Indian: 3750 x 0.5 x 0.3125 = 585.9375 */
Test (frequency, district_sex_ethnicity_hand_worked)
{
  Fixture f;
  fixture_init (&f, DIR "tiny", RR_LEVEL_DISTRICT, RR_QI_DATE, RR_LEVEL_DAY);
  assert_rel (freq (&f, "AB1", NULL, "F", "H"), 585.9375);
  /* ethnicity alone, whole population: R1 5000 x 0.3125 + R2 7500 x 0 = 1562.5 */
  assert_rel (freq (&f, NULL, NULL, NULL, "H"), 1562.5);
  assert_rel (freq (&f, "CD1", NULL, NULL, "A"), 4375);
  cr_assert (rr_population_query_fallbacks (f.q) == RR_POPULATION_FALLBACK_SHARES);
  fixture_clear (&f);
}

/* CD1 x male x age 1 x group C: 7500 x (1875 / 12500) x 5/12 = 468.75 */
Test (frequency, age_in_years_hand_worked)
{
  Fixture f;
  fixture_init (&f, DIR "tiny", RR_LEVEL_DISTRICT, RR_QI_AGE, RR_LEVEL_AGE1);
  assert_rel (freq (&f, "CD1", "1", "M", "C"), 468.75);
  /* age 3 lies in the open band 2+, spread over 2 years: 3125 / 2 */
  assert_rel (freq (&f, NULL, "3", "M", NULL), 1562.5);
  guint fb = rr_population_query_fallbacks (f.q);
  cr_assert (fb & RR_POPULATION_FALLBACK_AGE_AT_REFERENCE);
  cr_assert (fb & RR_POPULATION_FALLBACK_OPEN_AGE);
  cr_assert (rr_population_query_n_outside (f.q) == 0);
  /* age 4 is past the spread band: 0 persons, counted */
  cr_assert (freq (&f, NULL, "4", "M", NULL) <= 0);
  cr_assert (rr_population_query_n_outside (f.q) == 1);
  fixture_clear (&f);
}

/* Age 0 at 2020-06-30: born 2019-07-01 .. 2020-06-30, 366 days (2020 is leap) of total weight
 * 367 (1 January counts 2).  Males 1250, so 1 January 2020: 1250 x 2 / 367. */
Test (frequency, day_of_birth_hand_worked)
{
  Fixture f;
  fixture_init (&f, DIR "tiny", RR_LEVEL_DISTRICT, RR_QI_DATE, RR_LEVEL_DAY);
  assert_rel (freq (&f, NULL, "2020-01-01", "M", NULL), 1250.0 * 2 / 367);
  assert_rel (freq (&f, NULL, "2020-02-29", "M", NULL), 1250.0 / 367);
  /* born after the reference date: nobody, and counted */
  cr_assert (freq (&f, NULL, "2020-07-01", "M", NULL) <= 0);
  cr_assert (rr_population_query_n_outside (f.q) == 1);
  fixture_clear (&f);
}

/* 2019: 1 Jan .. 30 Jun 2019 are age 1 (born 2018-07-01 .. 2019-06-30: 365 days, weight 366),
 * 181 days of weight 182 of them; 1 Jul .. 31 Dec 2019 are age 0, 184 days of weight 184 of
 * 367.  Males: 1875 x 182/366 + 1250 x 184/367. */
static const double MALE_2019 = 1875.0 * 182 / 366 + 1250.0 * 184 / 367;

Test (frequency, year_of_birth_hand_worked)
{
  Fixture f;
  fixture_init (&f, DIR "tiny", RR_LEVEL_DISTRICT, RR_QI_DATE, RR_LEVEL_YEAR);
  assert_rel (freq (&f, NULL, "2019", "M", NULL), MALE_2019);
  fixture_clear (&f);
}

Test (frequency, year_is_the_sum_of_its_days_and_months)
{
  Fixture day, month, year;
  fixture_init (&day, DIR "tiny", RR_LEVEL_SECTOR, RR_QI_DATE, RR_LEVEL_DAY);
  fixture_init (&month, DIR "tiny", RR_LEVEL_SECTOR, RR_QI_DATE, RR_LEVEL_MONTH);
  fixture_init (&year, DIR "tiny", RR_LEVEL_SECTOR, RR_QI_DATE, RR_LEVEL_YEAR);
  double by_day = 0, by_month = 0;
  GDate d;
  g_date_clear (&d, 1);
  for (g_date_set_dmy (&d, 1, 1, 2019); g_date_get_year (&d) == 2019; g_date_add_days (&d, 1))
    {
      char label[16];
      g_snprintf (label, sizeof label, "2019-%02u-%02u", g_date_get_month (&d),
                  g_date_get_day (&d));
      by_day += freq (&day, "AB2 7", label, "F", "A");
    }
  for (guint m = 1; m <= 12; m++)
    {
      char label[16];
      g_snprintf (label, sizeof label, "2019-%02u", m);
      by_month += freq (&month, "AB2 7", label, "F", "A");
    }
  double want = freq (&year, "AB2 7", "2019", "F", "A");
  assert_rel (by_day, want);
  assert_rel (by_month, want);
  fixture_clear (&day);
  fixture_clear (&month);
  fixture_clear (&year);
}

/* Completed age 1 on 2020-12-31 means born 2019-01-01 .. 2019-12-31: the same as year 2019. */
Test (frequency, age_band_of_a_date_uses_its_as_of)
{
  Fixture f;
  fixture_init (&f, DIR "tiny", RR_LEVEL_DISTRICT, RR_QI_DATE, RR_LEVEL_AGE1);
  g_date_set_dmy (&f.spec[Q_DOB].as_of, 31, 12, 2020);
  assert_rel (freq (&f, NULL, "1", "M", NULL), MALE_2019);
  /* band 0-4 at the reference date: all ages 0..3 of the table (4 is outside, counted) */
  fixture_clear (&f);
  fixture_init (&f, DIR "tiny", RR_LEVEL_DISTRICT, RR_QI_DATE, RR_LEVEL_AGE5);
  assert_rel (freq (&f, NULL, "0", "M", NULL), 6250);
  cr_assert (rr_population_query_n_outside (f.q) == 1);
  fixture_clear (&f);
}

/* Below the district table: a unit is 1 / (4 sectors x 10 units) of its district's 3750. */
Test (frequency, unit_below_the_table_is_its_share_of_the_district)
{
  Fixture f;
  fixture_init (&f, DIR "tiny", RR_LEVEL_UNIT, RR_QI_DATE, RR_LEVEL_DAY);
  assert_rel (freq (&f, "AB1 2CD", NULL, NULL, NULL), 3750.0 / 40);
  cr_assert (rr_population_query_fallbacks (f.q) & RR_POPULATION_FALLBACK_BELOW_GEOGRAPHY);
  cr_assert (rr_population_query_n_not_found (f.q, RR_LEVEL_UNIT) == 0);
  fixture_clear (&f);
}

Test (frequency, district_is_the_sum_of_its_sectors_under_the_fallback)
{
  Fixture f;
  fixture_init (&f, DIR "tiny", RR_LEVEL_SECTOR, RR_QI_DATE, RR_LEVEL_DAY);
  const char *sectors[] = { "CD1 0", "CD1 3", "CD1 5", "CD1 9" }; /* 4 = sectors-per-district */
  double sum = 0;
  for (guint i = 0; i < G_N_ELEMENTS (sectors); i++)
    sum += freq (&f, sectors[i], "1990-05-17", "F", "C");
  fixture_clear (&f);
  fixture_init (&f, DIR "tiny", RR_LEVEL_DISTRICT, RR_QI_DATE, RR_LEVEL_DAY);
  assert_rel (sum, freq (&f, "CD1", "1990-05-17", "F", "C"));
  fixture_clear (&f);
}

/* AB9 is not in the table: area AB has 2 districts in it (AB1 + AB2 = 5000 scaled), so AB9 is
 * counted and given 5000 / 2.  ZZ1's area is unknown too: counted, F = 0. */
Test (frequency, postcode_not_found_goes_one_level_up_and_is_counted)
{
  Fixture f;
  fixture_init (&f, DIR "tiny", RR_LEVEL_DISTRICT, RR_QI_DATE, RR_LEVEL_DAY);
  assert_rel (freq (&f, "AB9", NULL, NULL, NULL), 2500);
  cr_assert (freq (&f, "ZZ1", NULL, NULL, NULL) <= 0);
  /* not a district's shape (Girobank's GIR 0AA gives "GIR"; here a sector): counted, F = 0 */
  cr_assert (freq (&f, "AB1 2", NULL, NULL, NULL) <= 0);
  cr_assert (rr_population_query_n_not_found (f.q, RR_LEVEL_DISTRICT) == 3);
  cr_assert (rr_population_query_n_unmatched (f.q) == 2);
  const char *const *ex = rr_population_query_not_found_examples (f.q);
  cr_assert_str_eq (ex[0], "AB9");
  cr_assert_str_eq (ex[1], "ZZ1");
  cr_assert_str_eq (ex[2], "AB1 2");
  cr_assert_null (ex[3]);
  cr_assert (rr_population_query_fallbacks (f.q) & RR_POPULATION_FALLBACK_POSTCODE_NOT_FOUND);
  fixture_clear (&f);
}

Test (frequency, unknown_sex_and_not_stated_ethnicity_match_anyone)
{
  Fixture f;
  fixture_init (&f, DIR "tiny", RR_LEVEL_DISTRICT, RR_QI_DATE, RR_LEVEL_DAY);
  assert_rel (freq (&f, "CD1", NULL, "U", "Z"), 7500);
  guint fb = rr_population_query_fallbacks (f.q);
  cr_assert (fb & RR_POPULATION_FALLBACK_SEX_UNKNOWN);
  cr_assert (fb & RR_POPULATION_FALLBACK_ETHNICITY_NOT_STATED);
  fixture_clear (&f);
}

/* A QI without a table: AB1 x diagnosis I10 with the caller's share 0.2: 3750 x 0.2 */
Test (frequency, caller_shares_multiply)
{
  Fixture f;
  fixture_init (&f, DIR "tiny", RR_LEVEL_DISTRICT, RR_QI_DATE, RR_LEVEL_DAY);
  const char *labels[N_Q] = { "AB1", NULL, NULL, NULL, "I10" };
  double F;
  g_autoptr (GError) error = NULL;
  cr_assert (rr_population_frequency (f.q, labels, &F, &error));
  assert_rel (F, 750);
  labels[Q_DIAG] = "J45";
  cr_assert_not (rr_population_frequency (f.q, labels, &F, &error));
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
  g_clear_error (&error);
  cr_assert_not (rr_population_query_set_share (f.q, Q_DIAG, "J45", 1.5, &error));
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
  fixture_clear (&f);
}

/* Ethnic groups through a map: W = {A, C}, AS = {H}.  CD1 x W = 7500 x (7/12 + 5/12);
 * AB1 x AS = 3750 x 0.3125. */
Test (frequency, mapped_ethnic_groups_sum_their_codes)
{
  Fixture f;
  fixture_init (&f, DIR "tiny", RR_LEVEL_DISTRICT, RR_QI_DATE, RR_LEVEL_DAY);
  rr_population_query_free (f.q);
  g_autoptr (GHashTable) map = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (map, (char *) "A", (char *) "W");
  g_hash_table_insert (map, (char *) "C", (char *) "W");
  g_hash_table_insert (map, (char *) "H", (char *) "AS");
  f.spec[Q_ETHNIC].level = RR_LEVEL_MAP;
  f.spec[Q_ETHNIC].map = map;
  g_autoptr (GError) error = NULL;
  f.q = rr_population_query_new (f.pop, f.specs, f.roles, N_Q, &error);
  cr_assert_not_null (f.q);
  cr_assert (rr_population_query_set_share (f.q, Q_DIAG, "I10", 0.2, &error));
  assert_rel (freq (&f, "CD1", NULL, NULL, "W"), 7500);
  assert_rel (freq (&f, "AB1", NULL, NULL, "AS"), 1171.875);
  fixture_clear (&f);
}

Test (frequency, without_births_table_days_are_uniform)
{
  Fixture f;
  fixture_init (&f, DIR "no-births", RR_LEVEL_DISTRICT, RR_QI_DATE, RR_LEVEL_DAY);
  assert_rel (freq (&f, NULL, "2020-01-01", "M", NULL), 1250.0 / 366);
  cr_assert (rr_population_query_fallbacks (f.q) & RR_POPULATION_FALLBACK_BIRTHS_UNIFORM);
  fixture_clear (&f);
}

static void
expect_query_error (const char *dir, RrQiType type, RrQiLevel level, RrPopulationRole role)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrPopulation) pop = rr_population_load (dir, &error);
  cr_assert_not_null (pop);
  RrQiSpec spec = { .name = (char *) "x", .type = type, .level = level };
  const RrQiSpec *specs[1] = { &spec };
  g_autoptr (RrPopulationQuery) q = rr_population_query_new (pop, specs, &role, 1, &error);
  cr_assert_null (q);
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID), "%s",
             error ? error->message : "no error");
}

Test (frequency, role_must_fit_the_type)
{
  expect_query_error (DIR "tiny", RR_QI_DATE, RR_LEVEL_DAY, RR_POPULATION_ROLE_POSTCODE);
  expect_query_error (DIR "tiny", RR_QI_NUMBER, RR_LEVEL_ASIS, RR_POPULATION_ROLE_SEX);
}

Test (frequency, role_without_its_table_is_an_error)
{
  expect_query_error (DIR "geography-only", RR_QI_SEX, RR_LEVEL_ASIS, RR_POPULATION_ROLE_SEX);
  expect_query_error (DIR "geography-only", RR_QI_CATEGORY, RR_LEVEL_ASIS,
                      RR_POPULATION_ROLE_ETHNICITY);
}

Test (frequency, unit_below_the_table_needs_the_manifest_ratios)
{
  expect_query_error (DIR "geography-only", RR_QI_POSTCODE, RR_LEVEL_UNIT,
                      RR_POPULATION_ROLE_POSTCODE);
}

Test (frequency, two_qis_with_one_role_are_an_error)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrPopulation) pop = rr_population_load (DIR "tiny", &error);
  RrQiSpec a = { .name = (char *) "home", .type = RR_QI_POSTCODE, .level = RR_LEVEL_DISTRICT };
  RrQiSpec b = { .name = (char *) "gp", .type = RR_QI_POSTCODE, .level = RR_LEVEL_DISTRICT };
  const RrQiSpec *specs[2] = { &a, &b };
  const RrPopulationRole roles[2] = { RR_POPULATION_ROLE_POSTCODE, RR_POPULATION_ROLE_POSTCODE };
  g_autoptr (RrPopulationQuery) q = rr_population_query_new (pop, specs, roles, 2, &error);
  cr_assert_null (q);
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
}

Test (frequency, malformed_labels_are_invalid)
{
  Fixture f;
  fixture_init (&f, DIR "tiny", RR_LEVEL_DISTRICT, RR_QI_DATE, RR_LEVEL_MONTH);
  const char *bad[][N_Q] = {
    { NULL, "2019-13", NULL, NULL, NULL },
    { NULL, "2019-03-07", NULL, NULL, NULL },
    { NULL, NULL, "X", NULL, NULL },
    { NULL, NULL, NULL, "Q", NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      double F;
      cr_assert_not (rr_population_frequency (f.q, bad[i], &F, &error), "case %u", i);
      cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
    }
  fixture_clear (&f);
}

Test (frequency, role_names_round_trip_the_detector_kinds)
{
  cr_assert (rr_population_role_from_kind ("date-of-birth") == RR_POPULATION_ROLE_BIRTH_DATE);
  cr_assert (rr_population_role_from_kind ("date") == RR_POPULATION_ROLE_NONE);
  cr_assert_str_eq (rr_population_role_to_string (RR_POPULATION_ROLE_ETHNICITY), "ethnicity");
  for (guint b = 0; b < RR_POPULATION_N_FALLBACKS; b++)
    cr_assert_not_null (rr_population_fallback_describe (1u << b));
}

/* England: every district's F sums to the population total, and so do the sexes and the
 * ethnic codes: the model's cells partition the population. */
Test (frequency, england_districts_sexes_and_groups_partition_the_total)
{
  Fixture f;
  fixture_init (&f, ENGLAND, RR_LEVEL_DISTRICT, RR_QI_DATE, RR_LEVEL_YEAR);
  g_autofree char *text = NULL;
  cr_assert (g_file_get_contents (ENGLAND "/geography.csv", &text, NULL, NULL));
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  double sum = 0;
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto (GStrv) field = g_strsplit (lines[i], ",", -1);
      sum += freq (&f, field[1], NULL, NULL, NULL);
    }
  assert_rel (sum, 56550138);
  assert_rel (freq (&f, NULL, NULL, "M", NULL) + freq (&f, NULL, NULL, "F", NULL), 56550138);
  double eth = 0;
  for (const char *c = "ABCDEFGHJKLMNPRS"; *c; c++)
    eth += freq (&f, NULL, NULL, NULL, (char[2]) { *c, 0 });
  assert_rel (eth, 56550138);
  cr_assert (rr_population_query_n_not_found (f.q, RR_LEVEL_DISTRICT) == 0);
  /* born 1980: the ages 39 and 40 at mid-2020 share it; a plausible cohort, within the table */
  double y1980 = freq (&f, NULL, "1980", NULL, NULL);
  cr_assert (y1980 > 500000 && y1980 < 1000000, "1980: %g", y1980);
  fixture_clear (&f);
}
