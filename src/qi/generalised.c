/* generalised.c - coarser forms of values, the level of a label, labels taken to coarser levels
 * and their form in a generalised release (qi stage).  Labels are short normalised strings whose
 * shape tells their level, so this is string work; no library helps with UK postcode shapes. */
#include "config.h"
#include "qi/generalised.h"
#include "qi/number.h"
#include <stdio.h>
#include <string.h>

gboolean
rr_qi_spec_is_age_like (const RrQiSpec *spec)
{
  return spec->type == RR_QI_AGE || rr_qi_age_level_width (spec->level) > 0;
}

guint
rr_qi_age_level_width (RrQiLevel level)
{
  switch (level)
    {
    case RR_LEVEL_AGE1: return 1;
    case RR_LEVEL_AGE5: return 5;
    case RR_LEVEL_AGE10: return 10;
    default: return 0;
    }
}

/* The last level of the chain that spec's level starts, before withheld. */
static RrQiLevel
chain_end (const RrQiSpec *spec)
{
  if (spec->type == RR_QI_POSTCODE)
    return RR_LEVEL_AREA;
  if (rr_qi_spec_is_age_like (spec))
    return RR_LEVEL_AGE10;
  if (spec->type == RR_QI_DATE)
    return RR_LEVEL_YEAR;
  return spec->level;
}

guint
rr_qi_spec_chain (const RrQiSpec *spec, RrQiLevel levels[RR_QI_MAX_CHAIN])
{
  guint n = 0;
  for (RrQiLevel l = spec->level; l <= chain_end (spec) && n + 1 < RR_QI_MAX_CHAIN; l++)
    levels[n++] = l;
  levels[n++] = RR_LEVEL_WITHHELD;
  return n;
}

/* ---- postcodes ---- */

static gboolean
outward_shape_ok (const char *s, gsize n)
{
  static const char *const shapes[] = { "A9", "A99", "AA9", "AA99", "A9A", "AA9A" };
  char shape[5];
  if (n < 2 || n > 4)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      if (!g_ascii_isalpha (s[i]) && !g_ascii_isdigit (s[i]))
        return FALSE;
      shape[i] = g_ascii_isdigit (s[i]) ? '9' : 'A';
    }
  shape[n] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    if (strcmp (shape, shapes[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
all_alpha (const char *s, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalpha (s[i]))
      return FALSE;
  return n > 0;
}

/* A normalised postcode label's own level, from its shape. */
static RrQiLevel
postcode_label_level (const char *label)
{
  const char *space = strchr (label, ' ');
  if (space != NULL)
    return strlen (space + 1) == 1 ? RR_LEVEL_SECTOR : RR_LEVEL_UNIT;
  return all_alpha (label, strlen (label)) ? RR_LEVEL_AREA : RR_LEVEL_DISTRICT;
}

/* Appends a normalised postcode label (any of the four shapes) at level, or its own if coarser. */
static void
postcode_label_append (const char *label, RrQiLevel level, GString *out)
{
  RrQiLevel at = MAX (level, postcode_label_level (label));
  gsize outward = strcspn (label, " "), area = 0;
  while (g_ascii_isalpha (label[area]))
    area++;
  switch (at)
    {
    case RR_LEVEL_UNIT: g_string_append (out, label); break;
    case RR_LEVEL_SECTOR: g_string_append_len (out, label, (gssize) outward + 2); break;
    case RR_LEVEL_DISTRICT: g_string_append_len (out, label, (gssize) outward); break;
    default: g_string_append_len (out, label, (gssize) area); break;
    }
}

gboolean
rr_qi_coarse_postcode_append (const char *s, gsize len, RrQiLevel level, GString *out)
{
  /* At most "AA9A 9": an outward code, then optionally one run of spaces and one digit. */
  char norm[8];
  gsize outward = 0;
  while (outward < len && s[outward] != ' ')
    outward++;
  gsize digit = outward;
  while (digit < len && s[digit] == ' ')
    digit++;
  gboolean sector = digit < len;
  if (outward > 4 || (sector && digit + 1 != len))
    return FALSE;
  for (gsize i = 0; i < outward; i++)
    norm[i] = g_ascii_toupper (s[i]);
  norm[outward] = '\0';
  if (sector)
    {
      if (!g_ascii_isdigit (s[digit]) || !outward_shape_ok (norm, outward))
        return FALSE;
      norm[outward] = ' ';
      norm[outward + 1] = s[digit];
      norm[outward + 2] = '\0';
    }
  else if (!outward_shape_ok (norm, outward) && !(outward <= 2 && all_alpha (norm, outward)))
    return FALSE;
  postcode_label_append (norm, level, out);
  return TRUE;
}

/* ---- dates ---- */

static gboolean
digits_value (const char *s, gsize n, guint *value)
{
  *value = 0;
  for (gsize i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      *value = *value * 10 + (guint) (s[i] - '0');
    }
  return n > 0;
}

static RrQiLevel
date_label_level (const char *label)
{
  gsize n = strlen (label);
  return n == 10 ? RR_LEVEL_DAY : n == 7 ? RR_LEVEL_MONTH : RR_LEVEL_YEAR;
}

/* Appends a date label (YYYY-MM-DD, YYYY-MM or YYYY) at level, or its own if coarser. */
static void
date_label_append (const char *label, RrQiLevel level, GString *out)
{
  RrQiLevel at = MAX (level, date_label_level (label));
  g_string_append_len (out, label, at == RR_LEVEL_DAY ? 10 : at == RR_LEVEL_MONTH ? 7 : 4);
}

gboolean
rr_qi_coarse_date_append (const char *s, gsize len, RrQiLevel level, GString *out)
{
  guint y, m;
  if (len != 4 && !(len == 7 && s[4] == '-'))
    return FALSE;
  if (!digits_value (s, 4, &y) || !g_date_valid_year ((GDateYear) y))
    return FALSE;
  if (len == 7 && (!digits_value (s + 5, 2, &m) || !g_date_valid_month ((GDateMonth) m)))
    return FALSE;
  char label[8];
  memcpy (label, s, len);
  label[len] = '\0';
  date_label_append (label, level, out);
  return TRUE;
}

/* ---- ages ---- */

/* Parses "LO-HI" as a band of width 5 or 10 aligned to its width. */
static gboolean
parse_band (const char *s, gsize len, guint *lo, guint *width)
{
  const char *dash = memchr (s, '-', len);
  guint hi;
  if (dash == NULL || !digits_value (s, (gsize) (dash - s), lo)
      || !digits_value (dash + 1, len - (gsize) (dash - s) - 1, &hi) || hi < *lo)
    return FALSE;
  *width = hi - *lo + 1;
  return (*width == 5 || *width == 10) && *lo % *width == 0 && *lo <= RR_AGE_MAX;
}

static void
age_append (guint lo, guint width, RrQiLevel level, GString *out)
{
  guint w = rr_qi_age_level_width (level);
  if (width <= w)
    g_string_append_printf (out, "%u", lo / w * w);
  else
    g_string_append_printf (out, "%u-%u", lo, lo + width - 1);
}

gboolean
rr_qi_age_band_append (const char *s, gsize len, RrQiLevel level, GString *out)
{
  guint lo, width;
  if (!parse_band (s, len, &lo, &width))
    return FALSE;
  age_append (lo, width, level, out);
  return TRUE;
}

/* An age-like label: "41" at spec's own width, or a band "40-49". */
static void
age_label_parse (const RrQiSpec *spec, const char *label, guint *lo, guint *width)
{
  if (!parse_band (label, strlen (label), lo, width))
    {
      *lo = (guint) g_ascii_strtoull (label, NULL, 10);
      *width = rr_qi_age_level_width (spec->level);
    }
}

static RrQiLevel
age_width_level (guint width)
{
  return width >= 10 ? RR_LEVEL_AGE10 : width >= 5 ? RR_LEVEL_AGE5 : RR_LEVEL_AGE1;
}

/* ---- labels ---- */

RrQiLevel
rr_qi_label_level (const RrQiSpec *spec, const char *label)
{
  if (strcmp (label, RR_WITHHELD_LABEL) == 0)
    return RR_LEVEL_WITHHELD;
  if (spec->type == RR_QI_POSTCODE)
    return postcode_label_level (label);
  if (rr_qi_spec_is_age_like (spec))
    {
      guint lo, width;
      age_label_parse (spec, label, &lo, &width);
      return MAX (spec->level, age_width_level (width));
    }
  if (spec->type == RR_QI_DATE)
    return date_label_level (label);
  return spec->level;
}

void
rr_qi_label_generalise (const RrQiSpec *spec, const char *label, RrQiLevel to, GString *out)
{
  if (to == RR_LEVEL_WITHHELD || strcmp (label, RR_WITHHELD_LABEL) == 0)
    g_string_append (out, RR_WITHHELD_LABEL);
  else if (spec->type == RR_QI_POSTCODE)
    postcode_label_append (label, to, out);
  else if (rr_qi_spec_is_age_like (spec))
    {
      guint lo, width;
      age_label_parse (spec, label, &lo, &width);
      age_append (lo, width, to, out);
    }
  else if (spec->type == RR_QI_DATE)
    date_label_append (label, to, out);
  else
    g_string_append (out, label);
}

void
rr_qi_label_format (const RrQiSpec *spec, const char *label, RrQiLevel level, GString *out)
{
  guint w = rr_qi_age_level_width (level);
  if (rr_qi_spec_is_age_like (spec) && w > 1 && strchr (label, '-') == NULL
      && strcmp (label, RR_WITHHELD_LABEL) != 0)
    {
      guint lo = (guint) g_ascii_strtoull (label, NULL, 10);
      g_string_append_printf (out, "%u-%u", lo, lo + w - 1);
    }
  else
    g_string_append (out, label);
}
