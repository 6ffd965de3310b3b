/* test-scan-nhs.c - NHS number check digits, parsing and the exact size of the number space. */
#include "config.h"
#include <criterion/criterion.h>
#include "scan/nhs.h"
#include <string.h>

/* Brute force over a range, independent of the digit programme. */
static guint64
brute_count (guint64 begin, guint64 end)
{
  guint64 n = 0;
  for (guint64 p = begin; p < end; p++)
    {
      char d[9];
      rr_nhs_format_prefix (p, d);
      n += rr_nhs_check_digit (d) >= 0;
    }
  return n;
}

Test (nhs, published_example_has_valid_check_digit)
{
  /* 943 476 5919 is the NHS Data Dictionary's worked example: sum 299, 299 mod 11 = 2, 11-2=9. */
  cr_assert (rr_nhs_is_valid ("9434765919"));
  cr_assert_not (rr_nhs_is_valid ("9434765918"));
  cr_assert_eq (rr_nhs_check_digit ("943476591"), 9);
}

Test (nhs, prefix_giving_ten_is_never_valid)
{
  /* 000000006: sum 6*2 = 12, 12 mod 11 = 1, check 10: no number has this prefix. */
  cr_assert_eq (rr_nhs_check_digit ("000000006"), -1);
  /* 000000000: sum 0, check 11 -> 0. */
  cr_assert_eq (rr_nhs_check_digit ("000000000"), 0);
}

Test (nhs, parse_accepts_three_shapes_only)
{
  char d[10];
  cr_assert (rr_nhs_parse ("943 476 5919", 12, d));
  cr_assert_eq (memcmp (d, "9434765919", 10), 0);
  cr_assert (rr_nhs_parse ("943-476-5919", 12, d));
  cr_assert (rr_nhs_parse ("9434765919", 10, d));
  cr_assert_not (rr_nhs_parse ("943 476-5919", 12, d));
  cr_assert_not (rr_nhs_parse ("9434 76 5919", 12, d));
  cr_assert_not (rr_nhs_parse ("94347659190", 11, d));
}

Test (nhs, count_matches_brute_force_on_ranges)
{
  cr_assert_eq (rr_nhs_count_valid (0, 1000000), brute_count (0, 1000000));
  cr_assert_eq (rr_nhs_count_valid (943476000, 943987654), brute_count (943476000, 943987654));
  cr_assert_eq (rr_nhs_count_valid (999000000, RR_NHS_N_PREFIXES),
                brute_count (999000000, RR_NHS_N_PREFIXES));
}

Test (nhs, full_space_size_is_exact)
{
  /* Confirmed by enumerating all 10^9 prefixes once (doc/performance-scan.md): 909 090 910. */
  cr_assert_eq (rr_nhs_count_valid (0, RR_NHS_N_PREFIXES), G_GUINT64_CONSTANT (909090910));
}

Test (nhs, iterator_yields_valid_numbers_in_order)
{
  RrNhsIter it;
  rr_nhs_iter_init (&it, 943476590, 943476600);
  guint n = 0;
  char last[10] = { 0 };
  gboolean saw_example = FALSE;
  while (rr_nhs_iter_next (&it))
    {
      cr_assert (rr_nhs_is_valid (it.digits));
      cr_assert_gt (memcmp (it.digits, last, 10), 0);
      memcpy (last, it.digits, 10);
      saw_example |= memcmp (it.digits, "9434765919", 10) == 0;
      n++;
    }
  cr_assert_eq (n, rr_nhs_count_valid (943476590, 943476600));
  cr_assert (saw_example);
}
