/* test-date.c - strict dates: both layouts, leap days, the reasons for rejection, the day, month
 * and year labels, and ages and age bands at the reference date (qi stage). */
#include "config.h"
#include <criterion/criterion.h>
#include <string.h>
#include "qi/date.h"
#include "qi/qi.h"

static GDate
ymd (guint y, guint m, guint d)
{
  GDate date;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return date;
}

/* The label of raw at level with the reference date as_of (may be NULL); NULL if not OK. */
static char *
label_at (const char *raw, RrQiLevel level, const GDate *as_of, RrQiValueStatus *status,
          const char **why)
{
  g_autoptr (RrQiSpec) spec = rr_qi_spec_new ("dob", RR_QI_DATE, level, as_of);
  g_autoptr (GString) out = g_string_new (NULL);
  *status = rr_qi_generalise (spec, raw, strlen (raw), out, why);
  return *status == RR_QI_VALUE_OK ? g_strdup (out->str) : NULL;
}

static void
assert_label (const char *raw, RrQiLevel level, const GDate *as_of, const char *want)
{
  RrQiValueStatus status;
  const char *why = NULL;
  g_autofree char *got = label_at (raw, level, as_of, &status, &why);
  cr_assert_eq (status, RR_QI_VALUE_OK, "%s at %s: %s", raw, rr_qi_level_to_string (level), why);
  cr_assert_str_eq (got, want, "%s at %s", raw, rr_qi_level_to_string (level));
}

static void
assert_invalid (const char *raw, RrQiLevel level, const GDate *as_of, const char *why_want)
{
  RrQiValueStatus status;
  const char *why = NULL;
  g_autofree char *got = label_at (raw, level, as_of, &status, &why);
  cr_assert_eq (status, RR_QI_VALUE_INVALID, "%s accepted as %s", raw, got);
  cr_assert_str_eq (why, why_want, "why for %s", raw);
}

Test (date, day_month_year_labels_from_both_layouts)
{
  assert_label ("1980-03-07", RR_LEVEL_DAY, NULL, "1980-03-07");
  assert_label ("07/03/1980", RR_LEVEL_DAY, NULL, "1980-03-07");
  assert_label ("1980-03-07", RR_LEVEL_MONTH, NULL, "1980-03");
  assert_label ("23/11/1947", RR_LEVEL_MONTH, NULL, "1947-11");
  assert_label ("1980-03-07", RR_LEVEL_YEAR, NULL, "1980");
  assert_label (" 31/12/2003 ", RR_LEVEL_YEAR, NULL, "2003");
  assert_label ("0999-01-05", RR_LEVEL_DAY, NULL, "0999-01-05");
}

Test (date, leap_days_follow_the_gregorian_rules)
{
  assert_label ("2012-02-29", RR_LEVEL_DAY, NULL, "2012-02-29");
  assert_label ("29/02/2000", RR_LEVEL_DAY, NULL, "2000-02-29"); /* divisible by 400 */
  assert_invalid ("2013-02-29", RR_LEVEL_DAY, NULL, "day out of range for month");
  assert_invalid ("29/02/1900", RR_LEVEL_DAY, NULL, "day out of range for month"); /* by 100 */
}

Test (date, impossible_dates_give_specific_reasons)
{
  assert_invalid ("2013-02-30", RR_LEVEL_DAY, NULL, "day out of range for month");
  assert_invalid ("1980-04-31", RR_LEVEL_DAY, NULL, "day out of range for month");
  assert_invalid ("1980-03-00", RR_LEVEL_DAY, NULL, "day out of range for month");
  assert_invalid ("1980-13-01", RR_LEVEL_DAY, NULL, "invalid month");
  assert_invalid ("07/00/1980", RR_LEVEL_YEAR, NULL, "invalid month");
  assert_invalid ("0000-06-15", RR_LEVEL_DAY, NULL, "invalid year");
}

Test (date, other_layouts_are_rejected)
{
  const char *bad[] = { "07/03/80",   "1980-3-7",         "7/3/1980",   "1980/03/07",
                        "1980-03-07x", "1980-03-07T10:00", "19800307",   "07-03-1980",
                        "1980-O3-07", "+980-03-07",       "Mar 7 1980", "1980-03-07 1" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_invalid (bad[i], RR_LEVEL_DAY, NULL, "invalid date: expected YYYY-MM-DD or DD/MM/YYYY");
}

Test (date, parse_reads_only_len_bytes)
{
  GDate d;
  const char *why = NULL;
  cr_assert (rr_date_parse ("2012-02-29 and more", 10, &d, &why));
  GDate want = ymd (2012, 2, 29);
  cr_assert_eq (g_date_compare (&d, &want), 0);
  cr_assert (!rr_date_parse ("2012-02-29", 9, &d, &why));
}

Test (date, age_on_the_day_before_and_of_the_birthday)
{
  GDate birth = ymd (1980, 3, 7);
  GDate before = ymd (2021, 3, 6), on = ymd (2021, 3, 7);
  cr_assert_eq (rr_date_age (&birth, &before), 40);
  cr_assert_eq (rr_date_age (&birth, &on), 41);
  assert_label ("1980-03-07", RR_LEVEL_AGE1, &before, "40");
  assert_label ("07/03/1980", RR_LEVEL_AGE1, &on, "41");
}

Test (date, age_of_a_leap_day_birth_turns_on_1_march_in_common_years)
{
  GDate birth = ymd (2012, 2, 29);
  GDate a = ymd (2013, 2, 28), b = ymd (2013, 3, 1), c = ymd (2016, 2, 28), d = ymd (2016, 2, 29);
  cr_assert_eq (rr_date_age (&birth, &a), 0);
  cr_assert_eq (rr_date_age (&birth, &b), 1);
  cr_assert_eq (rr_date_age (&birth, &c), 3);
  cr_assert_eq (rr_date_age (&birth, &d), 4);
  GDate same = birth;
  cr_assert_eq (rr_date_age (&birth, &same), 0);
}

Test (date, age_bands_are_labelled_by_their_lower_bound)
{
  GDate as_of = ymd (2021, 1, 1);
  /* 1976-05-14 is 44 at 2021-01-01; 1975-12-31 is 45; 1977-01-01 is 44; 2011-06-30 is 9. */
  assert_label ("1976-05-14", RR_LEVEL_AGE1, &as_of, "44");
  assert_label ("1977-06-15", RR_LEVEL_AGE1, &as_of, "43"); /* doc/quasi-identifiers.md */
  assert_label ("1976-05-14", RR_LEVEL_AGE5, &as_of, "40");
  assert_label ("1975-12-31", RR_LEVEL_AGE5, &as_of, "45");
  assert_label ("1977-01-01", RR_LEVEL_AGE5, &as_of, "40");
  assert_label ("1976-05-14", RR_LEVEL_AGE10, &as_of, "40");
  assert_label ("2011-06-30", RR_LEVEL_AGE10, &as_of, "0");
  assert_label ("2021-01-01", RR_LEVEL_AGE5, &as_of, "0");
  assert_label ("1981-12-31", RR_LEVEL_AGE10, &as_of, "30"); /* 39 */
  cr_assert_eq (rr_date_age_band (44, RR_LEVEL_AGE5), 40);
  cr_assert_eq (rr_date_age_band (45, RR_LEVEL_AGE5), 45);
  cr_assert_eq (rr_date_age_band (9, RR_LEVEL_AGE10), 0);
  cr_assert_eq (rr_date_age_band (107, RR_LEVEL_AGE1), 107);
}

Test (date, a_date_after_the_reference_date_has_no_age)
{
  GDate as_of = ymd (2021, 1, 1);
  assert_invalid ("2021-01-02", RR_LEVEL_AGE1, &as_of, "date after the reference date");
  assert_invalid ("02/01/2021", RR_LEVEL_AGE10, &as_of, "date after the reference date");
  assert_label ("2021-01-02", RR_LEVEL_DAY, &as_of, "2021-01-02"); /* no age asked */
}

Test (date, an_age_level_without_a_reference_date_is_invalid)
{
  assert_invalid ("1980-03-07", RR_LEVEL_AGE5, NULL, "no reference date for ages");
}
