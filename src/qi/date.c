/* date.c - strict date parsing (ISO and UK day-first forms) and the labels of a date at day,
 * month, year and age-band levels (qi stage).  GDate does the calendar; only the two fixed
 * layouts are matched by hand, because g_date_set_parse guesses (and accepts two-digit years). */
#include "config.h"
#include "qi/date.h"

#define DATE_LEN 10 /* both "1980-03-07" and "07/03/1980" */

static gboolean
fail (const char **why, const char *message)
{
  *why = message;
  return FALSE;
}

static RrQiValueStatus
invalid (const char **why, const char *message)
{
  *why = message;
  return RR_QI_VALUE_INVALID;
}

/* The n ASCII digits at s as a number; FALSE if one is not a digit. */
static gboolean
digits (const char *s, guint n, guint *value)
{
  *value = 0;
  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      *value = *value * 10 + (guint) (s[i] - '0');
    }
  return TRUE;
}

/* Splits the two layouts into day, month and year; FALSE if s has neither. */
static gboolean
split_fields (const char *s, gsize len, guint *d, guint *m, guint *y)
{
  if (len != DATE_LEN)
    return FALSE;
  if (s[4] == '-' && s[7] == '-')
    return digits (s, 4, y) && digits (s + 5, 2, m) && digits (s + 8, 2, d);
  if (s[2] == '/' && s[5] == '/')
    return digits (s, 2, d) && digits (s + 3, 2, m) && digits (s + 6, 4, y);
  return FALSE;
}

gboolean
rr_date_parse (const char *s, gsize len, GDate *date, const char **why)
{
  guint d, m, y;
  if (!split_fields (s, len, &d, &m, &y))
    return fail (why, "invalid date: expected YYYY-MM-DD or DD/MM/YYYY");
  if (!g_date_valid_year ((GDateYear) y))
    return fail (why, "invalid year");
  if (!g_date_valid_month ((GDateMonth) m))
    return fail (why, "invalid month");
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return fail (why, "day out of range for month");
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

guint
rr_date_age (const GDate *birth, const GDate *as_of)
{
  g_return_val_if_fail (g_date_compare (birth, as_of) <= 0, 0);
  guint years = g_date_get_year (as_of) - g_date_get_year (birth);
  GDate back = *as_of;
  g_date_subtract_years (&back, years);
  if (g_date_compare (&back, birth) < 0)
    years--;
  return years;
}

guint
rr_date_age_band (guint age, RrQiLevel level)
{
  guint width = level == RR_LEVEL_AGE10 ? 10 : level == RR_LEVEL_AGE5 ? 5 : 1;
  return age / width * width;
}

RrQiValueStatus
rr_date_append_level (const GDate *date, RrQiLevel level, const GDate *as_of, GString *out,
                      const char **why)
{
  guint y = g_date_get_year (date), m = g_date_get_month (date), d = g_date_get_day (date);
  switch (level)
    {
    case RR_LEVEL_DAY: g_string_append_printf (out, "%04u-%02u-%02u", y, m, d); break;
    case RR_LEVEL_MONTH: g_string_append_printf (out, "%04u-%02u", y, m); break;
    case RR_LEVEL_YEAR: g_string_append_printf (out, "%04u", y); break;
    default:
      if (!g_date_valid (as_of))
        return invalid (why, "no reference date for ages");
      if (g_date_compare (date, as_of) > 0)
        return invalid (why, "date after the reference date");
      g_string_append_printf (out, "%u", rr_date_age_band (rr_date_age (date, as_of), level));
    }
  return RR_QI_VALUE_OK;
}
