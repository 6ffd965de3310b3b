/* number.c - strict parsing of ages and decimal numbers and their canonical labels (qi stage). */
#include "config.h"
#include "qi/number.h"
#include <math.h>
#include <string.h>

/* Digits enough for any double to read back exactly (DBL_DECIMAL_DIG). */
#define NUMBER_MAX_PRECISION 17
/* Numbers up to this many bytes are copied to the stack to be NUL-terminated. */
#define NUMBER_STACK_BYTES 64

static gboolean
fail (const char **why, const char *message)
{
  *why = message;
  return FALSE;
}

gboolean
rr_number_parse_age (const char *s, gsize len, guint *age, const char **why)
{
  if (len == 0)
    return fail (why, "an age must be a whole number of years");
  *age = 0;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return fail (why, "an age must be a whole number of years");
      *age = *age * 10 + (guint) (s[i] - '0');
      if (*age > RR_AGE_MAX)
        return fail (why, "an age must be from 0 to " G_STRINGIFY (RR_AGE_MAX) " years");
    }
  return TRUE;
}

/* Only a plain decimal: g_ascii_strtod alone would also take "0x1p3", "inf" and "nan". */
static gboolean
decimal_chars_only (const char *s, gsize len)
{
  gboolean digit = FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_isdigit (s[i]))
        digit = TRUE;
      else if (strchr ("+-.eE", s[i]) == NULL || s[i] == '\0')
        return FALSE;
    }
  return digit;
}

static void
append_shortest (double x, GString *out)
{
  static const char *const formats[NUMBER_MAX_PRECISION] = {
    "%.1g", "%.2g", "%.3g", "%.4g", "%.5g", "%.6g", "%.7g", "%.8g", "%.9g",
    "%.10g", "%.11g", "%.12g", "%.13g", "%.14g", "%.15g", "%.16g", "%.17g",
  };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (guint p = 0; p < NUMBER_MAX_PRECISION; p++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[p], x);
      double back = g_ascii_strtod (buf, NULL);
      if (memcmp (&back, &x, sizeof x) == 0)
        break;
    }
  g_string_append (out, buf);
}

gboolean
rr_number_append_label (const char *s, gsize len, GString *out, const char **why)
{
  if (!decimal_chars_only (s, len))
    return fail (why, "not a decimal number");
  char stack[NUMBER_STACK_BYTES];
  g_autofree char *heap = len < sizeof stack ? NULL : g_strndup (s, len);
  char *text = heap != NULL ? heap : stack;
  if (heap == NULL)
    {
      memcpy (stack, s, len);
      stack[len] = '\0';
    }
  char *end;
  double x = g_ascii_strtod (text, &end);
  if (end != text + len)
    return fail (why, "not a decimal number");
  if (!isfinite (x))
    return fail (why, "number too large for a double");
  append_shortest (x + 0.0, out); /* -0 + 0 is +0 in round-to-nearest */
  return TRUE;
}
