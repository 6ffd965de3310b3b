/* test-generalised.c - values already generalised (months, years, age bands, map groups, "*"),
 * the level of a label, labels taken to coarser levels, and the values an applied release holds
 * (qi stage).  Each label generalised from the label must equal the label generalised from the
 * original value, checked over every level of every chain. */
#include "config.h"
#include <criterion/criterion.h>
#include <string.h>
#include "qi/generalised.h"
#include "qi/qi.h"
#include "util/error.h"

static GDate
as_of_2021 (void)
{
  GDate d;
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 1, 1, 2021);
  return d;
}

static char *
gen (const RrQiSpec *spec, const char *raw, RrQiValueStatus *status)
{
  g_autoptr (GString) out = g_string_new (NULL);
  RrQiValueStatus st = rr_qi_generalise (spec, raw, strlen (raw), out, NULL);
  if (status != NULL)
    *status = st;
  return st == RR_QI_VALUE_OK ? g_strdup (out->str) : NULL;
}

static void
assert_gen (RrQiType type, RrQiLevel level, const char *raw, const char *want)
{
  GDate as_of = as_of_2021 ();
  g_autoptr (RrQiSpec) spec = rr_qi_spec_new ("c", type, level, &as_of);
  g_autofree char *got = gen (spec, raw, NULL);
  cr_assert_not_null (got, "'%s' rejected at %s", raw, rr_qi_level_to_string (level));
  cr_assert_str_eq (got, want, "'%s' at %s", raw, rr_qi_level_to_string (level));
}

static void
assert_rejected (RrQiType type, RrQiLevel level, const char *raw)
{
  GDate as_of = as_of_2021 ();
  g_autoptr (RrQiSpec) spec = rr_qi_spec_new ("c", type, level, &as_of);
  RrQiValueStatus st;
  g_autofree char *got = gen (spec, raw, &st);
  cr_assert_eq (st, RR_QI_VALUE_INVALID, "'%s' accepted at %s as '%s'", raw,
                rr_qi_level_to_string (level), got);
}

Test (generalised, dates_read_months_and_years)
{
  assert_gen (RR_QI_DATE, RR_LEVEL_DAY, "1980-03", "1980-03");
  assert_gen (RR_QI_DATE, RR_LEVEL_DAY, "1980", "1980");
  assert_gen (RR_QI_DATE, RR_LEVEL_MONTH, "1980", "1980");
  assert_gen (RR_QI_DATE, RR_LEVEL_YEAR, "1980-03", "1980");
  assert_gen (RR_QI_DATE, RR_LEVEL_DAY, "*", "*");
  assert_rejected (RR_QI_DATE, RR_LEVEL_DAY, "1980-13");
  assert_rejected (RR_QI_DATE, RR_LEVEL_DAY, "1980-3");
  assert_rejected (RR_QI_DATE, RR_LEVEL_DAY, "0000");
  assert_rejected (RR_QI_DATE, RR_LEVEL_DAY, "41");
  /* A year gives no age at the reference date. */
  assert_rejected (RR_QI_DATE, RR_LEVEL_AGE5, "1980");
}

Test (generalised, ages_and_bands_read_at_their_level)
{
  assert_gen (RR_QI_AGE, RR_LEVEL_AGE1, "40-44", "40-44");
  assert_gen (RR_QI_AGE, RR_LEVEL_AGE5, "40-44", "40");
  assert_gen (RR_QI_AGE, RR_LEVEL_AGE10, "45-49", "40");
  assert_gen (RR_QI_AGE, RR_LEVEL_AGE5, "40-49", "40-49");
  assert_gen (RR_QI_AGE, RR_LEVEL_AGE5, "43", "40");
  /* A date column at an age level reads ages and bands as well as dates. */
  assert_gen (RR_QI_DATE, RR_LEVEL_AGE1, "41", "41");
  assert_gen (RR_QI_DATE, RR_LEVEL_AGE5, "41", "40");
  assert_gen (RR_QI_DATE, RR_LEVEL_AGE1, "40-44", "40-44");
  assert_gen (RR_QI_DATE, RR_LEVEL_AGE10, "1980-03-07", "40");
  assert_rejected (RR_QI_AGE, RR_LEVEL_AGE1, "41-44");  /* not aligned */
  assert_rejected (RR_QI_AGE, RR_LEVEL_AGE1, "40-46");  /* width 7 */
  assert_rejected (RR_QI_AGE, RR_LEVEL_AGE1, "140-144");
  assert_rejected (RR_QI_AGE, RR_LEVEL_AGE1, "40-");
}

Test (generalised, map_groups_are_already_grouped)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrQiSpec) spec = rr_qi_spec_parse ("eth:category:map=" TEST_DATA_DIR
                                                "/qi/ethnic-groups.csv", NULL, &error);
  cr_assert_not_null (spec, "%s", error ? error->message : "");
  g_autofree char *white = gen (spec, "A", NULL);
  cr_assert_not_null (white);
  g_autofree char *again = gen (spec, white, NULL);
  cr_assert_str_eq (again, white);
  RrQiValueStatus st;
  g_autofree char *none = gen (spec, "not a group", &st);
  cr_assert_null (none);
  cr_assert_eq (st, RR_QI_VALUE_INVALID);
}

Test (generalised, chains_of_levels)
{
  GDate as_of = as_of_2021 ();
  RrQiLevel l[RR_QI_MAX_CHAIN];
  g_autoptr (RrQiSpec) pc = rr_qi_spec_new ("p", RR_QI_POSTCODE, RR_LEVEL_SECTOR, NULL);
  cr_assert_eq (rr_qi_spec_chain (pc, l), 4);
  cr_assert_eq (l[0], RR_LEVEL_SECTOR);
  cr_assert_eq (l[2], RR_LEVEL_AREA);
  cr_assert_eq (l[3], RR_LEVEL_WITHHELD);
  g_autoptr (RrQiSpec) dob = rr_qi_spec_new ("d", RR_QI_DATE, RR_LEVEL_DAY, NULL);
  cr_assert_eq (rr_qi_spec_chain (dob, l), 4);
  cr_assert_eq (l[2], RR_LEVEL_YEAR);
  g_autoptr (RrQiSpec) age = rr_qi_spec_new ("d", RR_QI_DATE, RR_LEVEL_AGE1, &as_of);
  cr_assert_eq (rr_qi_spec_chain (age, l), 4);
  cr_assert_eq (l[2], RR_LEVEL_AGE10);
  g_autoptr (RrQiSpec) sex = rr_qi_spec_new ("s", RR_QI_SEX, RR_LEVEL_ASIS, NULL);
  cr_assert_eq (rr_qi_spec_chain (sex, l), 2);
  cr_assert_eq (l[1], RR_LEVEL_WITHHELD);
  cr_assert_str_eq (rr_qi_level_to_string (RR_LEVEL_WITHHELD), "withheld");
  cr_assert (!rr_qi_level_valid_for_type (RR_QI_POSTCODE, RR_LEVEL_WITHHELD));
}

/* For every raw value and every pair of levels a <= b of the chain: generalising the label at a
 * to b gives the label of the raw value at b, and the label's level is as stated. */
static void
assert_commutes (RrQiType type, RrQiLevel base, const char *const *raws, guint n)
{
  GDate as_of = as_of_2021 ();
  g_autoptr (RrQiSpec) spec = rr_qi_spec_new ("c", type, base, &as_of);
  RrQiLevel chain[RR_QI_MAX_CHAIN];
  guint n_levels = rr_qi_spec_chain (spec, chain);
  for (guint i = 0; i < n; i++)
    for (guint a = 0; a < n_levels; a++)
      {
        g_autoptr (RrQiSpec) at_a = rr_qi_spec_new ("c", type, chain[a], &as_of);
        g_autofree char *la = chain[a] == RR_LEVEL_WITHHELD ? g_strdup ("*") : gen (at_a, raws[i], NULL);
        cr_assert_not_null (la, "%s at %s", raws[i], rr_qi_level_to_string (chain[a]));
        for (guint b = a; b < n_levels; b++)
          {
            g_autoptr (RrQiSpec) at_b = rr_qi_spec_new ("c", type, chain[b], &as_of);
            g_autofree char *lb = chain[b] == RR_LEVEL_WITHHELD ? g_strdup ("*")
                                                                : gen (at_b, raws[i], NULL);
            g_autoptr (GString) got = g_string_new (NULL);
            rr_qi_label_generalise (at_a, la, chain[b], got);
            cr_assert_str_eq (got->str, lb, "%s: %s at %s to %s", raws[i], la,
                              rr_qi_level_to_string (chain[a]), rr_qi_level_to_string (chain[b]));
            /* The value written for the label reads back to the same label at level a. */
            g_autoptr (GString) written = g_string_new (NULL);
            rr_qi_label_format (at_b, lb, chain[b], written);
            g_autofree char *back = gen (at_a, written->str, NULL);
            g_autofree char *want = NULL;
            if (chain[b] == RR_LEVEL_WITHHELD || b == a)
              want = g_strdup (lb);
            else
              want = g_strdup (written->str);
            cr_assert_str_eq (back, want, "%s written '%s' read at %s", raws[i], written->str,
                              rr_qi_level_to_string (chain[a]));
            cr_assert_eq (rr_qi_label_level (at_a, back), chain[b], "%s level", back);
          }
      }
}

Test (generalised, labels_commute_with_values)
{
  static const char *const postcodes[] = { "LS6 2AB", "ec1a 1bb", "M1 1AE", "DN55 1PT" };
  assert_commutes (RR_QI_POSTCODE, RR_LEVEL_UNIT, postcodes, G_N_ELEMENTS (postcodes));
  static const char *const dates[] = { "1980-03-07", "29/02/2012", "1900-12-31" };
  assert_commutes (RR_QI_DATE, RR_LEVEL_DAY, dates, G_N_ELEMENTS (dates));
  assert_commutes (RR_QI_DATE, RR_LEVEL_AGE1, dates, G_N_ELEMENTS (dates));
  static const char *const ages[] = { "0", "4", "43", "49", "50", "130" };
  assert_commutes (RR_QI_AGE, RR_LEVEL_AGE1, ages, G_N_ELEMENTS (ages));
  static const char *const sexes[] = { "m", "Female", "9" };
  assert_commutes (RR_QI_SEX, RR_LEVEL_ASIS, sexes, G_N_ELEMENTS (sexes));
}

Test (generalised, written_age_bands)
{
  GDate as_of = as_of_2021 ();
  g_autoptr (RrQiSpec) spec = rr_qi_spec_new ("a", RR_QI_AGE, RR_LEVEL_AGE1, &as_of);
  g_autoptr (GString) out = g_string_new (NULL);
  rr_qi_label_format (spec, "40", RR_LEVEL_AGE5, out);
  cr_assert_str_eq (out->str, "40-44");
  g_string_truncate (out, 0);
  rr_qi_label_format (spec, "40", RR_LEVEL_AGE10, out);
  cr_assert_str_eq (out->str, "40-49");
  g_string_truncate (out, 0);
  rr_qi_label_format (spec, "41", RR_LEVEL_AGE1, out);
  cr_assert_str_eq (out->str, "41");
  g_string_truncate (out, 0);
  rr_qi_label_format (spec, "*", RR_LEVEL_WITHHELD, out);
  cr_assert_str_eq (out->str, "*");
}
