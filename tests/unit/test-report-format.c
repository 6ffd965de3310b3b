/* test-report-format.c - C-locale number and text formatting for the reports: shortest exact
 * doubles (checked by reading back 20,000 random doubles), digit grouping, percentages with
 * their edge cases, and cleaning text for XML. */
#include "config.h"
#include <criterion/criterion.h>
#include <gsl/gsl_rng.h>
#include <locale.h>
#include <math.h>
#include "report/format.h"
#include "util/autocleanups.h"

static void
expect_double (double x, const char *want)
{
  g_autofree char *got = rr_format_double (x);
  cr_assert_str_eq (got, want, "%.17g: got '%s', want '%s'", x, got, want);
}

Test (format, double_is_the_shortest_exact_form)
{
  expect_double (1.0, "1");
  expect_double (0.09, "0.09");
  expect_double (0.625, "0.625");
  expect_double (2.385, "2.385");
  expect_double (5.0 / 8.0, "0.625");
  expect_double (1.0 / 3.0, "0.3333333333333333");
  expect_double (0.1 + 0.2, "0.30000000000000004");
  expect_double (1e-05, "1e-05");
  expect_double (100.0, "100");
  expect_double (20.0, "20");
  expect_double (1e15, "1e+15");
  expect_double (123456789.0, "123456789");
  expect_double (4.9406564584124654e-324, "5e-324");
  expect_double (-0.0, "-0");
  expect_double (0.0, "0");
  expect_double ((double) NAN, "NaN");
  expect_double ((double) INFINITY, "INF");
  expect_double (-(double) INFINITY, "-INF");
}

/* Any finite double: the text reads back to the same bits and has at most 17 significant
 * digits (so at most "-d.dddddddddddddddde-ddd", 24 characters). */
Test (format, random_doubles_read_back_exactly)
{
  g_autoptr (gsl_rng) r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, 20240517);
  for (int i = 0; i < 20000; i++)
    {
      guint64 bits = ((guint64) gsl_rng_get (r) << 32) | gsl_rng_get (r);
      double x;
      memcpy (&x, &bits, sizeof x);
      if (!isfinite (x))
        continue;
      g_autofree char *text = rr_format_double (x);
      double back = g_ascii_strtod (text, NULL);
      cr_assert (memcmp (&back, &x, sizeof x) == 0, "%.17g written as %s", x, text);
      cr_assert_leq (strlen (text), 24);
    }
}

Test (format, double_ignores_the_locale)
{
  /* A comma-decimal locale, if the system has one; the C locale otherwise proves nothing
   * new but must not fail. */
  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    setlocale (LC_NUMERIC, "C");
  expect_double (0.625, "0.625");
  g_autofree char *pct = rr_format_percent (0.2469);
  cr_assert_str_eq (pct, "24.7%");
  setlocale (LC_NUMERIC, "C");
}

Test (format, count_groups_digits_in_threes)
{
  static const struct { guint64 n; const char *want; } cases[] = {
    { 0, "0" }, { 7, "7" }, { 999, "999" }, { 1000, "1,000" }, { 12345, "12,345" },
    { 999999, "999,999" }, { 1234567, "1,234,567" },
    { G_MAXUINT64, "18,446,744,073,709,551,615" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = rr_format_count (cases[i].n);
      cr_assert_str_eq (got, cases[i].want);
    }
}

Test (format, percent_has_one_decimal_and_never_rounds_to_none_or_all)
{
  static const struct { double share; const char *want; } cases[] = {
    { 0.2469, "24.7%" }, { 12345.0 / 50000.0, "24.7%" }, { 0.0, "0.0%" }, { 1.0, "100.0%" },
    { 0.25, "25.0%" },   { 0.0004, "<0.1%" },           { 0.0005001, "0.1%" },
    { 0.9996, ">99.9%" }, { 0.9994, "99.9%" },          { 2.385, "238.5%" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = rr_format_percent (cases[i].share);
      cr_assert_str_eq (got, cases[i].want, "%g: got %s", cases[i].share, got);
    }
  g_autofree char *nan = rr_format_percent ((double) NAN);
  cr_assert_str_eq (nan, "n/a");
}

Test (format, text_replaces_what_xml_cannot_hold)
{
  g_autofree char *plain = rr_format_text ("date_of_birth \xc3\xa9\t\n");
  cr_assert_str_eq (plain, "date_of_birth \xc3\xa9\t\n");
  g_autofree char *control = rr_format_text ("a\x01" "b\x1f" "c");
  cr_assert_str_eq (control, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c");
  g_autofree char *bad_utf8 = rr_format_text ("x\xff" "y");
  cr_assert_str_eq (bad_utf8, "x\xef\xbf\xbd" "y");
  g_autofree char *nonchar = rr_format_text ("z\xef\xbf\xbe");
  cr_assert_str_eq (nonchar, "z\xef\xbf\xbd");
  g_autofree char *null = rr_format_text (NULL);
  cr_assert_str_eq (null, "");
}
