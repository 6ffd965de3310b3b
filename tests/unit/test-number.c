/* test-number.c - ages in whole years with their bands, and numbers with canonical labels
 * (qi stage). */
#include "config.h"
#include <criterion/criterion.h>
#include <string.h>
#include "qi/number.h"
#include "qi/qi.h"

static RrQiValueStatus
generalise (RrQiType type, RrQiLevel level, const char *raw, GString *out, const char **why)
{
  g_autoptr (RrQiSpec) spec = rr_qi_spec_new ("x", type, level, NULL);
  g_string_truncate (out, 0);
  return rr_qi_generalise (spec, raw, strlen (raw), out, why);
}

static void
assert_label (RrQiType type, RrQiLevel level, const char *raw, const char *want)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const char *why = NULL;
  cr_assert_eq (generalise (type, level, raw, out, &why), RR_QI_VALUE_OK, "%s: %s", raw, why);
  cr_assert_str_eq (out->str, want, "label of '%s'", raw);
}

static void
assert_invalid (RrQiType type, RrQiLevel level, const char *raw, const char *why_want)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const char *why = NULL;
  cr_assert_eq (generalise (type, level, raw, out, &why), RR_QI_VALUE_INVALID, "'%s' accepted",
                raw);
  cr_assert_str_eq (why, why_want, "why for '%s'", raw);
  cr_assert_eq (out->len, 0, "nothing appended for '%s'", raw);
}

Test (number, ages_at_each_level_with_band_edges)
{
  assert_label (RR_QI_AGE, RR_LEVEL_AGE1, "43", "43");
  assert_label (RR_QI_AGE, RR_LEVEL_AGE1, "007", "7");
  assert_label (RR_QI_AGE, RR_LEVEL_AGE5, "44", "40");
  assert_label (RR_QI_AGE, RR_LEVEL_AGE5, "45", "45");
  assert_label (RR_QI_AGE, RR_LEVEL_AGE5, " 4 ", "0");
  assert_label (RR_QI_AGE, RR_LEVEL_AGE10, "9", "0");
  assert_label (RR_QI_AGE, RR_LEVEL_AGE10, "10", "10");
  assert_label (RR_QI_AGE, RR_LEVEL_AGE10, "129", "120");
  assert_label (RR_QI_AGE, RR_LEVEL_AGE10, "130", "130");
  assert_label (RR_QI_AGE, RR_LEVEL_AGE1, "0", "0");
}

Test (number, ages_outside_0_to_130_or_not_whole_are_invalid)
{
  assert_invalid (RR_QI_AGE, RR_LEVEL_AGE1, "131", "an age must be from 0 to 130 years");
  assert_invalid (RR_QI_AGE, RR_LEVEL_AGE1, "99999999999999999999",
                  "an age must be from 0 to 130 years");
  assert_invalid (RR_QI_AGE, RR_LEVEL_AGE1, "-1", "an age must be a whole number of years");
  assert_invalid (RR_QI_AGE, RR_LEVEL_AGE5, "42.0", "an age must be a whole number of years");
  assert_invalid (RR_QI_AGE, RR_LEVEL_AGE5, "4 2", "an age must be a whole number of years");
  assert_invalid (RR_QI_AGE, RR_LEVEL_AGE5, "+42", "an age must be a whole number of years");
}

Test (number, parse_age_reads_only_len_bytes)
{
  guint age = 0;
  const char *why = NULL;
  cr_assert (rr_number_parse_age ("1234", 2, &age, &why));
  cr_assert_eq (age, 12);
}

Test (number, numbers_get_the_shortest_exact_label)
{
  assert_label (RR_QI_NUMBER, RR_LEVEL_ASIS, "42", "42");
  assert_label (RR_QI_NUMBER, RR_LEVEL_ASIS, "42.0", "42");
  assert_label (RR_QI_NUMBER, RR_LEVEL_ASIS, "4.2e1", "42");
  assert_label (RR_QI_NUMBER, RR_LEVEL_ASIS, "+2.385", "2.385");
  assert_label (RR_QI_NUMBER, RR_LEVEL_ASIS, ".5", "0.5");
  assert_label (RR_QI_NUMBER, RR_LEVEL_ASIS, "-0", "0");
  assert_label (RR_QI_NUMBER, RR_LEVEL_ASIS, "-0.000", "0");
  assert_label (RR_QI_NUMBER, RR_LEVEL_ASIS, "-17.25", "-17.25");
  assert_label (RR_QI_NUMBER, RR_LEVEL_ASIS, "0.1", "0.1");
  /* 0.1 + 0.2 in binary: needs all 17 digits to read back. */
  assert_label (RR_QI_NUMBER, RR_LEVEL_ASIS, "0.30000000000000004", "0.30000000000000004");
  assert_label (RR_QI_NUMBER, RR_LEVEL_ASIS, "1e300", "1e+300");
  assert_label (RR_QI_NUMBER, RR_LEVEL_ASIS, "0.000125", "0.000125");
  assert_label (RR_QI_NUMBER, RR_LEVEL_ASIS, "1234567", "1234567");
}

Test (number, long_numbers_are_read_whole)
{
  /* 70 digits: longer than the stack copy; 1 followed by 69 zeros is 1e69. */
  g_autofree char *zeros = g_strnfill (69, '0');
  g_autofree char *raw = g_strconcat ("1", zeros, NULL);
  assert_label (RR_QI_NUMBER, RR_LEVEL_ASIS, raw, "1e+69");
}

Test (number, non_numbers_are_invalid)
{
  const char *bad[] = { "0x10", "inf", "nan", "1,5", "1.2.3", ".", "e5", "5e", "12abc", "--1",
                        "\xc2\xbd" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_invalid (RR_QI_NUMBER, RR_LEVEL_ASIS, bad[i], "not a decimal number");
  assert_invalid (RR_QI_NUMBER, RR_LEVEL_ASIS, "1e999", "number too large for a double");
  assert_invalid (RR_QI_NUMBER, RR_LEVEL_ASIS, "-1e999", "number too large for a double");
}
