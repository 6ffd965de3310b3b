/* nhs.c - NHS number check digits and the enumeration of valid numbers (scan stage). */
#include "config.h"
#include "scan/nhs.h"
#include <string.h>

static int
check_from_sum (guint sum)
{
  int check = 11 - (int) (sum % 11);
  if (check == 11)
    return 0;
  return check == 10 ? -1 : check;
}

int
rr_nhs_check_digit (const char *prefix9)
{
  guint sum = 0;
  for (int i = 0; i < 9; i++)
    {
      if (!g_ascii_isdigit (prefix9[i]))
        return -1;
      sum += (guint) (prefix9[i] - '0') * (guint) (10 - i);
    }
  return check_from_sum (sum);
}

gboolean
rr_nhs_is_valid (const char *digits10)
{
  int check = rr_nhs_check_digit (digits10);
  return check >= 0 && g_ascii_isdigit (digits10[9]) && digits10[9] - '0' == check;
}

/* Accepts 10 digits, or 3-3-4 digit groups separated by one space or one hyphen (same twice). */
gboolean
rr_nhs_parse (const char *s, gsize len, char *digits10)
{
  if (len != 10 && len != 12)
    return FALSE;
  gsize k = 0;
  for (gsize i = 0; i < len; i++)
    {
      gboolean sep_place = len == 12 && (i == 3 || i == 7);
      if (sep_place && (s[i] == ' ' || s[i] == '-') && s[i] == s[3])
        continue;
      if (sep_place || !g_ascii_isdigit (s[i]))
        return FALSE;
      digits10[k++] = s[i];
    }
  return k == 10;
}

void
rr_nhs_format_prefix (guint64 prefix, char *out9)
{
  for (int i = 8; i >= 0; i--)
    {
      out9[i] = (char) ('0' + prefix % 10);
      prefix /= 10;
    }
}

/* ways[i][r]: the number of ways digits i..8 add r (mod 11) to the weighted sum. */
static void
suffix_ways (guint64 ways[10][11])
{
  memset (ways, 0, sizeof (guint64) * 10 * 11);
  ways[9][0] = 1;
  for (int i = 8; i >= 0; i--)
    for (int d = 0; d < 10; d++)
      for (int r = 0; r < 11; r++)
        ways[i][(r + d * (10 - i)) % 11] += ways[i + 1][r];
}

/* Valid numbers with prefix in [0, x): walk x's digits, counting the smaller branches. */
static guint64
count_below (guint64 x, guint64 ways[10][11])
{
  char digits[9];
  rr_nhs_format_prefix (x, digits);
  guint64 total = 0;
  guint sum = 0;
  for (int i = 0; i < 9; i++)
    {
      for (int d = 0; d < digits[i] - '0'; d++)
        for (int r = 0; r < 11; r++)
          if ((sum + (guint) d * (guint) (10 - i) + (guint) r) % 11 != 1)
            total += ways[i + 1][r];
      sum += (guint) (digits[i] - '0') * (guint) (10 - i);
    }
  return total;
}

guint64
rr_nhs_count_valid (guint64 begin, guint64 end)
{
  g_return_val_if_fail (begin <= end && end <= RR_NHS_N_PREFIXES, 0);
  guint64 ways[10][11];
  suffix_ways (ways);
  guint64 all = 0;
  for (int r = 0; r < 11; r++)
    if (r != 1) /* a weighted sum = 1 (mod 11) gives check digit 10: not issued */
      all += ways[0][r];
  guint64 hi = end == RR_NHS_N_PREFIXES ? all : count_below (end, ways);
  guint64 lo = begin == RR_NHS_N_PREFIXES ? all : count_below (begin, ways);
  return hi - lo;
}

void
rr_nhs_iter_init (RrNhsIter *it, guint64 begin, guint64 end)
{
  g_return_if_fail (begin <= end && end <= RR_NHS_N_PREFIXES);
  it->prefix = begin;
  it->end = end;
  rr_nhs_format_prefix (MIN (begin, RR_NHS_N_PREFIXES - 1), it->next);
}

/* Odometer increment of the nine prefix digits. */
static void
prefix_increment (char *digits)
{
  for (int i = 8; i >= 0; i--)
    {
      if (digits[i] != '9')
        {
          digits[i]++;
          return;
        }
      digits[i] = '0';
    }
}

gboolean
rr_nhs_iter_next (RrNhsIter *it)
{
  while (it->prefix < it->end)
    {
      int check = rr_nhs_check_digit (it->next);
      if (check >= 0)
        {
          memcpy (it->digits, it->next, 9);
          it->digits[9] = (char) ('0' + check);
        }
      it->prefix++;
      prefix_increment (it->next);
      if (check >= 0)
        return TRUE;
    }
  return FALSE;
}
