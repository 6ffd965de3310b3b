/* format.c - C-locale number and text formatting for the reports (report stage).
 * Hand-written: GLib has no digit grouping that ignores the locale, and g_ascii_dtostr always
 * writes 17 significant digits. */
#include "config.h"
#include "report/format.h"
#include <math.h>
#include <string.h>

char *
rr_format_double (double x)
{
  if (isnan (x))
    return g_strdup ("NaN");
  if (isinf (x))
    return g_strdup (x > 0 ? "INF" : "-INF");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  /* Whole numbers as integers ("100", not the shorter "1e+02"), while they are exact. */
  double r = nearbyint (x);
  if (!(x < r) && !(x > r) && fabs (x) < 1e15)
    return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.0f", x));
  for (int precision = 1; precision < 17; precision++)
    {
      char format[8];
      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, x);
      double back = g_ascii_strtod (buf, NULL);
      /* Bitwise identity is the round-trip test (it also keeps -0 apart from 0). */
      if (memcmp (&back, &x, sizeof x) == 0)
        return g_strdup (buf);
    }
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.17g", x));
}

char *
rr_format_count (guint64 n)
{
  char digits[24];
  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, n);
  gsize len = strlen (digits);
  GString *out = g_string_sized_new (len + len / 3);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
rr_format_percent (double share)
{
  if (isnan (share))
    return g_strdup ("n/a");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd (buf, sizeof buf, "%.1f", 100.0 * share);
  if (share > 0.0 && strcmp (buf, "0.0") == 0)
    return g_strdup ("<0.1%");
  if (share < 1.0 && strcmp (buf, "100.0") == 0)
    return g_strdup (">99.9%");
  return g_strconcat (buf, "%", NULL);
}

static gboolean
xml_char_ok (gunichar c)
{
  return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
}

char *
rr_format_text (const char *s)
{
  if (s == NULL)
    return g_strdup ("");
  g_autofree char *valid = g_utf8_make_valid (s, -1);
  GString *out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_string_append_unichar (out, xml_char_ok (c) ? c : 0xFFFD);
    }
  return g_string_free (out, FALSE);
}
