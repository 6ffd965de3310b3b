/* qi.c - quasi-identifier specifications (--qi items), the names of types and levels, missing
 * values, and the dispatch of one raw value to its type's normaliser (qi stage). */
#include "config.h"
#include "qi/qi.h"
#include "qi/category.h"
#include "qi/date.h"
#include "qi/generalised.h"
#include "qi/number.h"
#include "qi/postcode.h"
#include "util/error.h"
#include <string.h>

static const char *const type_names[] = {
  [RR_QI_POSTCODE] = "postcode", [RR_QI_DATE] = "date",         [RR_QI_AGE] = "age",
  [RR_QI_SEX] = "sex",           [RR_QI_CATEGORY] = "category", [RR_QI_NUMBER] = "number",
};

static const char *const level_names[] = {
  [RR_LEVEL_ASIS] = "as-is",   [RR_LEVEL_UNIT] = "unit",         [RR_LEVEL_SECTOR] = "sector",
  [RR_LEVEL_DISTRICT] = "district", [RR_LEVEL_AREA] = "area",    [RR_LEVEL_DAY] = "day",
  [RR_LEVEL_MONTH] = "month",  [RR_LEVEL_YEAR] = "year",         [RR_LEVEL_AGE1] = "age1",
  [RR_LEVEL_AGE5] = "age5",    [RR_LEVEL_AGE10] = "age10",       [RR_LEVEL_MAP] = "map",
  [RR_LEVEL_WITHHELD] = "withheld",
};

static const char *const source_names[] = {
  [RR_QI_SOURCE_OPTION] = "option",
  [RR_QI_SOURCE_HEADER] = "header",
  [RR_QI_SOURCE_CONTENT] = "content",
};

/* The levels of each type, as a bit set over RrQiLevel. */
#define LEVEL_BIT(l) (1u << (l))
static const guint type_levels[] = {
  [RR_QI_POSTCODE] = LEVEL_BIT (RR_LEVEL_UNIT) | LEVEL_BIT (RR_LEVEL_SECTOR)
                     | LEVEL_BIT (RR_LEVEL_DISTRICT) | LEVEL_BIT (RR_LEVEL_AREA),
  [RR_QI_DATE] = LEVEL_BIT (RR_LEVEL_DAY) | LEVEL_BIT (RR_LEVEL_MONTH) | LEVEL_BIT (RR_LEVEL_YEAR)
                 | LEVEL_BIT (RR_LEVEL_AGE1) | LEVEL_BIT (RR_LEVEL_AGE5)
                 | LEVEL_BIT (RR_LEVEL_AGE10),
  [RR_QI_AGE] = LEVEL_BIT (RR_LEVEL_AGE1) | LEVEL_BIT (RR_LEVEL_AGE5) | LEVEL_BIT (RR_LEVEL_AGE10),
  [RR_QI_SEX] = LEVEL_BIT (RR_LEVEL_ASIS),
  [RR_QI_CATEGORY] = LEVEL_BIT (RR_LEVEL_ASIS) | LEVEL_BIT (RR_LEVEL_MAP),
  [RR_QI_NUMBER] = LEVEL_BIT (RR_LEVEL_ASIS),
};

const char *
rr_qi_type_to_string (RrQiType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (type_names), "?");
  return type_names[type];
}

const char *
rr_qi_level_to_string (RrQiLevel level)
{
  g_return_val_if_fail ((guint) level < G_N_ELEMENTS (level_names), "?");
  return level_names[level];
}

const char *
rr_qi_source_to_string (RrQiSource source)
{
  g_return_val_if_fail ((guint) source < G_N_ELEMENTS (source_names), "?");
  return source_names[source];
}

/* Index of s in names (case-insensitive), or -1. */
static int
name_index (const char *const *names, guint n, const char *s)
{
  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp (names[i], s) == 0)
      return (int) i;
  return -1;
}

gboolean
rr_qi_type_from_string (const char *s, RrQiType *type)
{
  int i = name_index (type_names, G_N_ELEMENTS (type_names), s);
  if (i >= 0)
    *type = (RrQiType) i;
  return i >= 0;
}

gboolean
rr_qi_level_from_string (const char *s, RrQiLevel *level)
{
  int i = name_index (level_names, G_N_ELEMENTS (level_names), s);
  if (i >= 0)
    *level = (RrQiLevel) i;
  return i >= 0;
}

RrQiLevel
rr_qi_type_default_level (RrQiType type)
{
  switch (type)
    {
    case RR_QI_POSTCODE: return RR_LEVEL_UNIT;
    case RR_QI_DATE: return RR_LEVEL_DAY;
    case RR_QI_AGE: return RR_LEVEL_AGE1;
    default: return RR_LEVEL_ASIS;
    }
}

gboolean
rr_qi_level_valid_for_type (RrQiType type, RrQiLevel level)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (type_levels), FALSE);
  return (guint) level < G_N_ELEMENTS (level_names) && (type_levels[type] & LEVEL_BIT (level));
}

/* "unit, sector, district, area": the levels of type, for messages. */
static char *
levels_of (RrQiType type)
{
  g_autoptr (GString) s = g_string_new (NULL);
  for (guint l = 0; l < G_N_ELEMENTS (level_names); l++)
    if (type_levels[type] & LEVEL_BIT (l))
      g_string_append_printf (s, "%s%s", s->len > 0 ? ", " : "",
                              l == RR_LEVEL_MAP ? "map=FILE" : level_names[l]);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* ---- specifications ---- */

RrQiSpec *
rr_qi_spec_new (const char *name, RrQiType type, RrQiLevel level, const GDate *as_of)
{
  RrQiSpec *spec = g_new0 (RrQiSpec, 1);
  spec->name = g_strdup (name);
  spec->type = type;
  spec->level = level;
  spec->source = RR_QI_SOURCE_OPTION;
  spec->type_given = TRUE;
  g_date_clear (&spec->as_of, 1);
  if (as_of != NULL && g_date_valid (as_of))
    spec->as_of = *as_of;
  return spec;
}

void
rr_qi_spec_free (RrQiSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->name);
  g_free (spec->map_path);
  g_clear_pointer (&spec->map_groups, g_hash_table_unref);
  g_clear_pointer (&spec->map, g_hash_table_unref);
  g_free (spec->map_why);
  g_free (spec);
}

static gboolean
spec_load_map (RrQiSpec *spec, const char *item, const char *path, GError **error)
{
  if (*path == '\0')
    return rr_throw (error, RR_ERROR_INVALID, "--qi item '%s': level map= needs a file name",
                     item);
  if ((spec->map = rr_category_map_load (path, error)) == NULL)
    return FALSE;
  spec->level = RR_LEVEL_MAP;
  spec->map_groups = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter it;
  gpointer group;
  g_hash_table_iter_init (&it, spec->map);
  while (g_hash_table_iter_next (&it, NULL, &group))
    g_hash_table_add (spec->map_groups, group);
  spec->map_path = g_strdup (path);
  spec->map_why = g_strdup_printf ("value not in map %s", path);
  return TRUE;
}

/* Sets spec's level from text ("age5", "map=FILE"), loading a map file. */
static gboolean
spec_set_level (RrQiSpec *spec, const char *item, const char *text, GError **error)
{
  gboolean is_map = g_ascii_strncasecmp (text, "map=", 4) == 0;
  if (is_map && spec->type == RR_QI_CATEGORY)
    return spec_load_map (spec, item, text + 4, error);
  g_autofree char *levels = levels_of (spec->type);
  if (!is_map && !rr_qi_level_from_string (text, &spec->level))
    return rr_throw (error, RR_ERROR_INVALID, "--qi item '%s': unknown level '%s' (the levels of "
                     "%s are: %s)", item, text, type_names[spec->type], levels);
  if (spec->type == RR_QI_CATEGORY && spec->level == RR_LEVEL_MAP)
    return rr_throw (error, RR_ERROR_INVALID, "--qi item '%s': level map needs its file, as "
                     "map=FILE", item);
  if (is_map || !rr_qi_level_valid_for_type (spec->type, spec->level))
    return rr_throw (error, RR_ERROR_INVALID, "--qi item '%s': level '%s' is not valid for type "
                     "%s (its levels are: %s)", item, text, type_names[spec->type], levels);
  return TRUE;
}

static gboolean
is_age_level (RrQiLevel level)
{
  return level == RR_LEVEL_AGE1 || level == RR_LEVEL_AGE5 || level == RR_LEVEL_AGE10;
}

/* Trims one part of an item in place; FALSE if it is absent or empty. */
static gboolean
part_check (char *part, const char *what, const char *item, GError **error)
{
  if (part == NULL || *g_strstrip (part) == '\0')
    return rr_throw (error, RR_ERROR_INVALID, "--qi item '%s': empty %s", item, what);
  return TRUE;
}

static gboolean
spec_set_type (RrQiSpec *spec, const char *item, const char *text, GError **error)
{
  if (rr_qi_type_from_string (text, &spec->type))
    return TRUE;
  return rr_throw (error, RR_ERROR_INVALID, "--qi item '%s': unknown type '%s' (the types are: "
                   "postcode, date, age, sex, category, number)", item, text);
}

RrQiSpec *
rr_qi_spec_parse (const char *text, const GDate *as_of, GError **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_auto (GStrv) parts = g_strsplit (text, ":", 3);
  if (!part_check (parts[0], "column name", text, error))
    return NULL;
  g_autoptr (RrQiSpec) spec = rr_qi_spec_new (parts[0], RR_QI_CATEGORY, RR_LEVEL_ASIS, as_of);
  spec->type_given = parts[1] != NULL;
  if (parts[1] == NULL)
    return g_steal_pointer (&spec);
  if (!part_check (parts[1], "type", text, error) || !spec_set_type (spec, text, parts[1], error))
    return NULL;
  spec->level = rr_qi_type_default_level (spec->type);
  if (parts[2] != NULL
      && (!part_check (parts[2], "level", text, error)
          || !spec_set_level (spec, text, parts[2], error)))
    return NULL;
  if (spec->type == RR_QI_DATE && is_age_level (spec->level) && !g_date_valid (&spec->as_of))
    {
      rr_throw (error, RR_ERROR_INVALID, "--qi item '%s': age levels need a reference date "
                "(--as-of)", text);
      return NULL;
    }
  return g_steal_pointer (&spec);
}

/* Checks that no column is named twice. */
static gboolean
names_unique (const GPtrArray *specs, GError **error)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < specs->len; i++)
    {
      const RrQiSpec *s = g_ptr_array_index (specs, i);
      if (!g_hash_table_add (seen, s->name))
        return rr_throw (error, RR_ERROR_INVALID, "--qi names column '%s' twice", s->name);
    }
  return TRUE;
}

GPtrArray *
rr_qi_spec_parse_list (const char *text, const GDate *as_of, GError **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_auto (GStrv) items = g_strsplit (text, ",", -1);
  g_autoptr (GPtrArray) specs = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_qi_spec_free);
  for (guint i = 0; items[i] != NULL; i++)
    {
      if (*g_strstrip (items[i]) == '\0')
        {
          rr_throw (error, RR_ERROR_INVALID, "--qi '%s': item %u is empty", text, i + 1);
          return NULL;
        }
      RrQiSpec *spec = rr_qi_spec_parse (items[i], as_of, error);
      if (spec == NULL)
        return NULL;
      g_ptr_array_add (specs, spec);
    }
  if (specs->len == 0)
    {
      rr_throw (error, RR_ERROR_INVALID, "--qi is empty");
      return NULL;
    }
  return names_unique (specs, error) ? g_steal_pointer (&specs) : NULL;
}

/* ---- values ---- */

/* Blanks as rr_qi_is_missing defines them. */
static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void
rr_qi_trim (const char **s, gsize *len)
{
  while (*len > 0 && is_blank (**s))
    {
      (*s)++;
      (*len)--;
    }
  while (*len > 0 && is_blank ((*s)[*len - 1]))
    (*len)--;
}

/* s (len bytes) equals the lower-case token in any case. */
static gboolean
token_eq (const char *s, gsize len, const char *token)
{
  return strlen (token) == len && g_ascii_strncasecmp (s, token, len) == 0;
}

gboolean
rr_qi_is_missing (const char *s, gsize len)
{
  rr_qi_trim (&s, &len);
  return len == 0 || token_eq (s, len, "na") || token_eq (s, len, "n/a")
         || token_eq (s, len, "null");
}

static RrQiValueStatus
invalid (const char **why, const char *message)
{
  *why = message;
  return RR_QI_VALUE_INVALID;
}

static RrQiValueStatus
generalise_postcode (const RrQiSpec *spec, const char *s, gsize len, GString *out,
                     const char **why)
{
  char postcode[RR_POSTCODE_MAX + 1];
  if (rr_postcode_normalise (s, len, postcode, why))
    {
      rr_postcode_append_level (postcode, spec->level, out);
      return RR_QI_VALUE_OK;
    }
  if (rr_qi_coarse_postcode_append (s, len, spec->level, out))
    {
      *why = NULL;
      return RR_QI_VALUE_OK;
    }
  return RR_QI_VALUE_INVALID;
}

/* An age already given as a completed age "41" or a band "40-44", at an age level. */
static RrQiValueStatus
generalise_given_age (const RrQiSpec *spec, const char *s, gsize len, GString *out,
                      const char **why)
{
  guint age;
  const char *age_why;
  if (rr_number_parse_age (s, len, &age, &age_why))
    {
      g_string_append_printf (out, "%u", rr_date_age_band (age, spec->level));
      return RR_QI_VALUE_OK;
    }
  if (rr_qi_age_band_append (s, len, spec->level, out))
    return RR_QI_VALUE_OK;
  if (spec->type == RR_QI_AGE)
    *why = age_why;
  return RR_QI_VALUE_INVALID;
}

static RrQiValueStatus
generalise_date (const RrQiSpec *spec, const char *s, gsize len, GString *out, const char **why)
{
  GDate date;
  if (rr_date_parse (s, len, &date, why))
    return rr_date_append_level (&date, spec->level, &spec->as_of, out, why);
  gboolean age_level = rr_qi_age_level_width (spec->level) > 0;
  if (age_level && generalise_given_age (spec, s, len, out, why) == RR_QI_VALUE_OK)
    {
      *why = NULL;
      return RR_QI_VALUE_OK;
    }
  if (!age_level && rr_qi_coarse_date_append (s, len, spec->level, out))
    {
      *why = NULL;
      return RR_QI_VALUE_OK;
    }
  return RR_QI_VALUE_INVALID;
}

static RrQiValueStatus
generalise_age (const RrQiSpec *spec, const char *s, gsize len, GString *out, const char **why)
{
  return generalise_given_age (spec, s, len, out, why);
}

static RrQiValueStatus
generalise_sex (const char *s, gsize len, GString *out, const char **why)
{
  const char *code = rr_category_sex_code (s, len);
  if (code == NULL)
    return invalid (why, "not a sex code (M, Male, 1; F, Female, 2; or 0, 9, X, U, I, Unknown)");
  g_string_append (out, code);
  return RR_QI_VALUE_OK;
}

/* The map lookup needs a NUL-terminated key: out's tail serves, so nothing is allocated.  A
 * value that is one of the map's groups is already grouped and stays as it is. */
static RrQiValueStatus
generalise_category (const RrQiSpec *spec, const char *s, gsize len, GString *out,
                     const char **why)
{
  gsize at = out->len;
  g_string_append_len (out, s, (gssize) len);
  if (spec->level != RR_LEVEL_MAP)
    return RR_QI_VALUE_OK;
  const char *group = g_hash_table_lookup (spec->map, out->str + at);
  if (group == NULL && g_hash_table_contains (spec->map_groups, out->str + at))
    return RR_QI_VALUE_OK;
  g_string_truncate (out, at);
  if (group == NULL)
    return invalid (why, spec->map_why);
  g_string_append (out, group);
  return RR_QI_VALUE_OK;
}

static RrQiValueStatus
generalise_number (const char *s, gsize len, GString *out, const char **why)
{
  return rr_number_append_label (s, len, out, why) ? RR_QI_VALUE_OK : RR_QI_VALUE_INVALID;
}

RrQiValueStatus
rr_qi_generalise (const RrQiSpec *spec, const char *raw, gsize len, GString *out,
                  const char **why)
{
  g_return_val_if_fail (spec != NULL && (raw != NULL || len == 0) && out != NULL,
                        RR_QI_VALUE_INVALID);
  const char *unused;
  if (why == NULL)
    why = &unused;
  *why = NULL;
  rr_qi_trim (&raw, &len);
  if (rr_qi_is_missing (raw, len))
    return RR_QI_VALUE_MISSING;
  if (len == 1 && raw[0] == RR_WITHHELD_LABEL[0])
    {
      g_string_append (out, RR_WITHHELD_LABEL);
      return RR_QI_VALUE_OK;
    }
  switch (spec->type)
    {
    case RR_QI_POSTCODE: return generalise_postcode (spec, raw, len, out, why);
    case RR_QI_DATE: return generalise_date (spec, raw, len, out, why);
    case RR_QI_AGE: return generalise_age (spec, raw, len, out, why);
    case RR_QI_SEX: return generalise_sex (raw, len, out, why);
    case RR_QI_CATEGORY: return generalise_category (spec, raw, len, out, why);
    case RR_QI_NUMBER: return generalise_number (raw, len, out, why);
    default: g_return_val_if_reached (RR_QI_VALUE_INVALID);
    }
}
