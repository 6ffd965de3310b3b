/* test-scan-pseudonym.c - decoding pseudonym columns and the dictionary attack, on a restricted
 * range of NHS prefixes so that each test hashes about 0.2 million numbers. */
#include "config.h"
#include <criterion/criterion.h>
#include "scan/nhs.h"
#include "scan/pseudonym.h"
#include "util/error.h"
#include <string.h>

/* 200 000 prefixes: 181 818 valid numbers (rr_nhs_count_valid). */
#define BEGIN G_GUINT64_CONSTANT (943300000)
#define END G_GUINT64_CONSTANT (943500000)

typedef enum { HEX_LOWER, HEX_UPPER, BASE64 } Encoding;

static char *
encode (const guint8 *d, guint len, Encoding enc, guint keep_chars)
{
  char *s;
  if (enc == BASE64)
    s = g_base64_encode (d, len);
  else
    {
      s = g_malloc (2 * len + 1);
      for (guint i = 0; i < len; i++)
        g_snprintf (s + 2 * i, 3, enc == HEX_UPPER ? "%02X" : "%02x", d[i]);
    }
  if (keep_chars > 0 && keep_chars < strlen (s))
    s[keep_chars] = '\0';
  return s;
}

/* The n-th valid number at or after prefix p (stepping 7919 prefixes, a prime, to spread). */
static void
planted_number (guint i, guint64 from, char *digits10)
{
  RrNhsIter it;
  rr_nhs_iter_init (&it, from + (guint64) i * 7919, RR_NHS_N_PREFIXES);
  cr_assert (rr_nhs_iter_next (&it));
  memcpy (digits10, it.digits, 10);
}

/* n_in pseudonyms of numbers inside [BEGIN, END), n_out of numbers outside it. */
static RrPseudonymSet *
planted_set (RrTransform t, Encoding enc, guint keep, guint n_in, guint n_out)
{
  RrPseudonymSet *s = rr_pseudonym_set_new ("pid");
  for (guint i = 0; i < n_in + n_out; i++)
    {
      char digits[10];
      planted_number (i < n_in ? i : i - n_in, i < n_in ? BEGIN : END + 10, digits);
      guint8 d[RR_DIGEST_MAX_BYTES];
      guint len = rr_transform_apply (t, digits, d);
      g_autofree char *v = encode (d, len, enc, keep);
      rr_pseudonym_set_add (s, v, strlen (v));
      rr_pseudonym_set_add (s, v, strlen (v)); /* a second row of the same person */
    }
  cr_assert (rr_pseudonym_set_seal (s));
  return s;
}

static RrAttackTry
attack (RrPseudonymSet *s, RrTransform t, gboolean quick)
{
  RrAttackOptions o;
  rr_attack_options_init (&o);
  o.prefix_begin = BEGIN;
  o.prefix_end = END;
  o.n_threads = 2;
  o.quick = quick;
  RrAttackTry tr;
  rr_attack_run (&s, 1, t, &o, &tr);
  return tr;
}

static RrTransform
transform (const char *name)
{
  RrTransform t;
  cr_assert (rr_transform_parse (name, &t, NULL));
  return t;
}

Test (pseudonym, sha256_hex_reversed_except_numbers_outside_space)
{
  RrTransform t = transform ("sha256");
  g_autoptr (RrPseudonymSet) s = planted_set (t, HEX_LOWER, 0, 23, 7);
  cr_assert_eq (rr_pseudonym_set_n_distinct (s), 30);
  cr_assert_eq (rr_pseudonym_set_bits (s), 256);
  RrAttackTry tr = attack (s, t, FALSE);
  cr_assert_eq (tr.candidates, rr_nhs_count_valid (BEGIN, END));
  cr_assert_eq (tr.reversed, 23);
  cr_assert_eq (tr.unique, 23);
  cr_assert (tr.reversible);
  cr_assert_not (tr.stopped_early);
}

Test (pseudonym, one_hash_covers_case_base64_and_truncation)
{
  RrTransform t = transform ("md5-spaced");
  g_autoptr (RrPseudonymSet) upper = planted_set (t, HEX_UPPER, 0, 11, 3);
  g_autoptr (RrPseudonymSet) b64 = planted_set (t, BASE64, 0, 13, 2);
  g_autoptr (RrPseudonymSet) trunc = planted_set (t, HEX_LOWER, 16, 17, 5);
  cr_assert_eq (rr_pseudonym_set_encoding (b64), RR_PSEUDONYM_BASE64);
  cr_assert_eq (rr_pseudonym_set_bits (trunc), 64);
  RrPseudonymSet *sets[] = { upper, b64, trunc };
  RrAttackOptions o;
  rr_attack_options_init (&o);
  o.prefix_begin = BEGIN, o.prefix_end = END;
  RrAttackTry tries[3];
  rr_attack_run (sets, 3, t, &o, tries);
  cr_assert_eq (tries[0].reversed, 11);
  cr_assert_eq (tries[1].reversed, 13);
  cr_assert_eq (tries[2].reversed, 17);
  cr_assert (tries[0].reversible && tries[1].reversible && tries[2].reversible);
}

Test (pseudonym, wrong_transform_reverses_nothing)
{
  g_autoptr (RrPseudonymSet) s = planted_set (transform ("sha256-spaced"), HEX_LOWER, 0, 19, 0);
  RrAttackTry tr = attack (s, transform ("sha256"), FALSE);
  cr_assert_eq (tr.reversed, 0);
  cr_assert_not (tr.reversible);
}

/* HMAC-SHA256 with a secret key: the dictionary attack must not reverse it. */
static RrPseudonymSet *
hmac_set (guint n)
{
  static const guchar key[] = "a secret only the data controller holds";
  RrPseudonymSet *s = rr_pseudonym_set_new ("pid");
  for (guint i = 0; i < n; i++)
    {
      char digits[11] = { 0 };
      planted_number (i, BEGIN, digits);
      g_autofree char *v = g_compute_hmac_for_data (G_CHECKSUM_SHA256, key, sizeof key - 1,
                                                    (const guchar *) digits, 10);
      rr_pseudonym_set_add (s, v, strlen (v));
    }
  cr_assert (rr_pseudonym_set_seal (s));
  return s;
}

Test (pseudonym, hmac_is_not_reversible_by_dictionary)
{
  g_autoptr (RrPseudonymSet) s = hmac_set (29);
  RrAttackTry tr = attack (s, transform ("sha256"), FALSE);
  cr_assert_eq (tr.reversed, 0);
  cr_assert_not (tr.reversible);
  cr_assert_eq (tr.candidates, rr_nhs_count_valid (BEGIN, END));
}

Test (pseudonym, quick_stops_early_when_sample_finds_nothing)
{
  g_autoptr (RrPseudonymSet) s = hmac_set (400);
  RrAttackTry tr = attack (s, transform ("sha256"), TRUE);
  cr_assert (tr.stopped_early);
  cr_assert_eq (tr.reversed, 0);
  /* 400 pseudonyms and 20 expected matches: a twentieth of the chunks, to within one chunk. */
  cr_assert_lt (tr.candidates, rr_nhs_count_valid (BEGIN, END) / 10);
  cr_assert_gt (tr.candidates, 0);
}

Test (pseudonym, quick_goes_on_over_the_whole_space_when_sample_matches)
{
  RrTransform t = transform ("sha1");
  /* Every 457th number of the range: about 398 pseudonyms, so the sample holds about 20. */
  RrPseudonymSet *s = rr_pseudonym_set_new ("pid");
  RrNhsIter it;
  rr_nhs_iter_init (&it, BEGIN, END);
  for (guint i = 0; rr_nhs_iter_next (&it); i++)
    if (i % 457 == 0)
      {
        guint8 d[RR_DIGEST_MAX_BYTES];
        guint len = rr_transform_apply (t, it.digits, d);
        g_autofree char *v = encode (d, len, HEX_LOWER, 0);
        rr_pseudonym_set_add (s, v, strlen (v));
      }
  cr_assert (rr_pseudonym_set_seal (s));
  guint64 planted = rr_pseudonym_set_n_distinct (s);
  RrAttackTry tr = attack (s, t, TRUE);
  cr_assert_not (tr.stopped_early);
  cr_assert_eq (tr.reversed, planted);
  cr_assert_eq (tr.candidates, rr_nhs_count_valid (BEGIN, END));
  rr_pseudonym_set_free (s);
}

Test (pseudonym, short_truncation_is_judged_against_chance)
{
  /* 8 hex digits = 32 bits: each of 181 818 digests hits a given pseudonym with probability
   * 2^-32, so chance reversals are about n * 4.2e-5, and the 9 planted ones stand out. */
  RrTransform t = transform ("sha256");
  g_autoptr (RrPseudonymSet) s = planted_set (t, HEX_LOWER, 8, 9, 40);
  RrAttackTry tr = attack (s, t, FALSE);
  cr_assert_geq (tr.reversed, 9);
  cr_assert_lt (tr.chance, 0.01);
  cr_assert (tr.reversible);
}

Test (pseudonym, free_text_and_numbers_are_not_digest_columns)
{
  g_autoptr (RrPseudonymSet) words = rr_pseudonym_set_new ("notes");
  const char *notes[] = { "seen in clinic", "Hypertension", "follow up 2 weeks", "none" };
  for (guint i = 0; i < 400; i++)
    rr_pseudonym_set_add (words, notes[i % 4], strlen (notes[i % 4]));
  cr_assert_not (rr_pseudonym_set_seal (words));
  g_autoptr (RrPseudonymSet) numbers = rr_pseudonym_set_new ("nhs");
  for (guint i = 0; i < 50; i++)
    rr_pseudonym_set_add (numbers, "9434765919", 10);
  cr_assert_not (rr_pseudonym_set_seal (numbers));
}

Test (pseudonym, values_and_common_count_decode_both_cases)
{
  RrTransform t = transform ("sha256");
  g_autoptr (RrPseudonymSet) a = planted_set (t, HEX_LOWER, 0, 10, 0);
  g_autoptr (RrPseudonymSet) b = planted_set (t, HEX_UPPER, 0, 6, 0);
  cr_assert_eq (rr_pseudonym_set_count_common (b, a), 6);
  char digits[10];
  planted_number (3, BEGIN, digits);
  guint8 d[RR_DIGEST_MAX_BYTES];
  guint len = rr_transform_apply (t, digits, d);
  g_autofree char *upper = encode (d, len, HEX_UPPER, 0);
  cr_assert (rr_pseudonym_set_contains_value (a, upper, strlen (upper)));
  cr_assert (rr_pseudonym_set_contains_digest (a, d, len));
}

Test (pseudonym, unknown_transform_is_invalid)
{
  g_autoptr (GError) error = NULL;
  RrTransform t;
  cr_assert_not (rr_transform_parse ("sha3", &t, &error));
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
}

/* A base64 SHA-1 has no digit about 1 time in 100 (28 characters of 64, 10 of them digits):
 * such a value cannot tell base64 from other text, yet it is a pseudonym of the column and must
 * be kept until a later value decides the encoding. */
Test (pseudonym, values_before_the_encoding_is_decided_are_kept)
{
  RrTransform t = transform ("sha1");
  RrPseudonymSet *s = rr_pseudonym_set_new ("token");
  guint undecided_first = 0, n = 0;
  RrNhsIter it;
  rr_nhs_iter_init (&it, BEGIN, END);
  /* Values without a digit first, then 30 with: all 30 + the leaders must be reversed. */
  for (guint i = 0; rr_nhs_iter_next (&it) && n < 30; i++)
    {
      guint8 d[RR_DIGEST_MAX_BYTES];
      guint len = rr_transform_apply (t, it.digits, d);
      g_autofree char *v = encode (d, len, BASE64, 0);
      gboolean has_digit = strpbrk (v, "0123456789") != NULL;
      if (undecided_first < 3 && !has_digit)
        {
          rr_pseudonym_set_add (s, v, strlen (v));
          undecided_first++;
        }
      else if (undecided_first == 3 && has_digit)
        {
          rr_pseudonym_set_add (s, v, strlen (v));
          n++;
        }
    }
  cr_assert_eq (undecided_first, 3, "the range holds no three digit-free base64 SHA-1 values");
  cr_assert (rr_pseudonym_set_seal (s));
  cr_assert_eq (rr_pseudonym_set_encoding (s), RR_PSEUDONYM_BASE64);
  cr_assert_eq (rr_pseudonym_set_n_distinct (s), 33);
  cr_assert_eq (rr_pseudonym_set_n_other (s), 0);
  RrAttackTry tr = attack (s, t, FALSE);
  cr_assert_eq (tr.reversed, 33);
  rr_pseudonym_set_free (s);
}
