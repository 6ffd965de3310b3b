/* nhs.h - NHS numbers: the modulus-11 check digit, parsing, and the space of valid numbers that
 * the dictionary attack enumerates (scan stage).
 * An NHS number is nine digits and a check digit.  Digits 1..9 are weighted 10..2, the check
 * digit is 11 - (sum mod 11), with 11 read as 0; a prefix whose result is 10 is never issued
 * (NHS Data Dictionary, "NHS Number"; Connecting for Health, "NHS Number check digit"). */
#pragma once
#include <glib.h>

/* Nine-digit prefixes: 000000000 .. 999999999. */
#define RR_NHS_N_PREFIXES G_GUINT64_CONSTANT (1000000000)

/* The check digit (0..9) of nine ASCII digits, or -1 when no valid number has this prefix. */
int rr_nhs_check_digit (const char *prefix9);
/* TRUE when the ten ASCII digits form a valid NHS number. */
gboolean rr_nhs_is_valid (const char *digits10);
/* Reads "9434765919", "943 476 5919" or "943-476-5919" (exactly that shape, len bytes) into
 * ten ASCII digits (not NUL-terminated).  FALSE when s has another shape; the check digit is not
 * tested. */
gboolean rr_nhs_parse (const char *s, gsize len, char *digits10);
/* Writes the nine digits of prefix (< RR_NHS_N_PREFIXES) to out (not NUL-terminated). */
void rr_nhs_format_prefix (guint64 prefix, char *out9);
/* The exact number of valid NHS numbers whose prefix lies in [begin, end), end <=
 * RR_NHS_N_PREFIXES, by a digit dynamic programme over the weighted sum mod 11. */
guint64 rr_nhs_count_valid (guint64 begin, guint64 end);

/* Enumerates the valid numbers with prefixes in [begin, end), in increasing order. */
typedef struct
{
  guint64 prefix, end; /* the next prefix to examine, and the end of the range */
  char next[9];         /* prefix's digits */
  char digits[10];      /* the current number after rr_nhs_iter_next returned TRUE */
} RrNhsIter;

void rr_nhs_iter_init (RrNhsIter *it, guint64 begin, guint64 end);
/* Advances to the next valid number; FALSE when the range is exhausted. */
gboolean rr_nhs_iter_next (RrNhsIter *it);
