/* test-dict.c - the load stage's string dictionary: dense codes, stable strings, growth. */
#include "config.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "load/dict.h"

Test (dict, codes_are_dense_in_order_of_first_appearance)
{
  g_autoptr (RrDict) d = rr_dict_new ();
  gboolean is_new;
  cr_assert_eq (rr_dict_intern (d, "LS6 2AB", 7, &is_new), 0);
  cr_assert (is_new);
  cr_assert_eq (rr_dict_intern (d, "M1 1AE", 6, &is_new), 1);
  cr_assert_eq (rr_dict_intern (d, "LS6 2AB", 7, &is_new), 0);
  cr_assert (!is_new);
  cr_assert_eq (rr_dict_count (d), 2);
  cr_assert_str_eq (rr_dict_string (d, 1), "M1 1AE");
}

Test (dict, prefix_and_embedded_nul_are_distinct_keys)
{
  g_autoptr (RrDict) d = rr_dict_new ();
  guint32 a = rr_dict_intern (d, "abc", 3, NULL);
  guint32 b = rr_dict_intern (d, "ab", 2, NULL);
  guint32 c = rr_dict_intern (d, "ab\0c", 4, NULL);
  guint32 e = rr_dict_intern (d, "", 0, NULL);
  cr_assert (a != b && b != c && a != c && e != a && e != b && e != c);
  cr_assert_eq (rr_dict_string_len (d, c), 4);
  guint32 found;
  cr_assert (rr_dict_find (d, "ab", 2, &found));
  cr_assert_eq (found, b);
  cr_assert (!rr_dict_find (d, "abcd", 4, &found));
}

Test (dict, growth_keeps_every_code_and_string)
{
  g_autoptr (RrDict) d = rr_dict_new ();
  char buf[32];
  for (guint i = 0; i < 100003; i++)
    {
      int n = snprintf (buf, sizeof buf, "p%07u-%u", i * 7919u % 1000003u, i % 13);
      cr_assert_eq (rr_dict_intern (d, buf, n, NULL), i);
    }
  cr_assert_eq (rr_dict_count (d), 100003);
  for (guint i = 0; i < 100003; i += 997)
    {
      int n = snprintf (buf, sizeof buf, "p%07u-%u", i * 7919u % 1000003u, i % 13);
      guint32 code;
      cr_assert (rr_dict_find (d, buf, n, &code));
      cr_assert_eq (code, i);
      cr_assert_str_eq (rr_dict_string (d, code), buf);
    }
}
