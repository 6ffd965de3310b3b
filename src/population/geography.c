/* geography.c - the postcode hierarchy (unit < sector < district < area) and the geography table
 * of persons per postcode code, with every coarser level summed from the finer rows (population
 * stage).  A code given at two levels is checked: its finer rows may not exceed it. */
#include "config.h"
#include "population/tables-private.h"
#include "population/poptable.h"
#include "util/error.h"
#include <string.h>

static const char *const level_names[RR_POP_N_LEVELS] = { "unit", "sector", "district", "area" };

int
rr_geography_level_from_string (const char *s)
{
  for (int l = 0; l < RR_POP_N_LEVELS; l++)
    if (g_ascii_strcasecmp (s, level_names[l]) == 0)
      return l;
  return -1;
}

const char *
rr_geography_level_to_string (int level)
{
  g_return_val_if_fail (level >= 0 && level < RR_POP_N_LEVELS, NULL);
  return level_names[level];
}

/* Length of the outward code (area + district) at the start of s, or 0. */
static gsize
outward_len (const char *s)
{
  gsize n = 0;
  while (n < 2 && g_ascii_isupper (s[n]))
    n++;
  if (n == 0 || !g_ascii_isdigit (s[n]))
    return 0;
  n++;
  if (g_ascii_isdigit (s[n]) || g_ascii_isupper (s[n]))
    n++;
  return n;
}

gboolean
rr_geography_valid (const char *code, int level)
{
  gsize n = strlen (code), area = 0;
  while (area < 2 && g_ascii_isupper (code[area]))
    area++;
  if (level == 3)
    return area > 0 && area == n;
  gsize out = outward_len (code);
  if (out == 0)
    return FALSE;
  if (level == 2)
    return out == n;
  if (code[out] != ' ' || !g_ascii_isdigit (code[out + 1]))
    return FALSE;
  if (level == 1)
    return n == out + 2;
  return n == out + 4 && g_ascii_isupper (code[out + 2]) && g_ascii_isupper (code[out + 3]);
}

gboolean
rr_geography_parent (const char *code, int level, char *buf, gsize size)
{
  g_return_val_if_fail (level >= 0 && level < 3, FALSE);
  if (!rr_geography_valid (code, level))
    return FALSE;
  gsize n = strlen (code);
  if (level == 0)
    n -= 2;
  else if (level == 1)
    n = outward_len (code);
  else
    for (n = 0; g_ascii_isupper (code[n]); n++)
      ;
  if (n + 1 > size)
    return FALSE;
  memcpy (buf, code, n);
  buf[n] = '\0';
  return TRUE;
}

void
rr_geography_entry_free (RrGeoEntry *e)
{
  if (e == NULL)
    return;
  if (e->mix != NULL)
    g_array_unref (e->mix);
  g_free (e);
}

/* Adds p persons of region r to e, turning e into a mix when a second region appears. */
static void
entry_add_part (RrGeoEntry *e, guint r, double p)
{
  if (e->region == RR_GEOGRAPHY_UNSET_REGION)
    e->region = r;
  if (e->mix == NULL && r != e->region)
    {
      e->mix = g_array_new (FALSE, FALSE, sizeof (RrPopPart));
      RrPopPart first = { e->region, e->pop };
      g_array_append_val (e->mix, first);
      e->region = RR_POP_NO_REGION;
    }
  e->pop += p;
  if (e->mix == NULL)
    return;
  for (guint i = 0; i < e->mix->len; i++)
    if (g_array_index (e->mix, RrPopPart, i).region == r)
      {
        g_array_index (e->mix, RrPopPart, i).pop += p;
        return;
      }
  RrPopPart part = { r, p };
  g_array_append_val (e->mix, part);
}

/* Adds child's persons, region by region, to an entry summed from finer rows. */
static void
entry_absorb (RrGeoEntry *e, const RrGeoEntry *child)
{
  if (child->mix == NULL)
    entry_add_part (e, child->region, child->pop);
  else
    for (guint i = 0; i < child->mix->len; i++)
      {
        const RrPopPart *p = &g_array_index (child->mix, RrPopPart, i);
        entry_add_part (e, p->region, p->pop);
      }
}

typedef struct
{
  RrPopulation *pop;
  gboolean has_region;
} GeoLoad;

enum { GEO_LEVEL, GEO_CODE, GEO_POPULATION, GEO_REGION };

static gboolean
geo_row (const RrPoptableRow *row, gpointer data, GError **error)
{
  GeoLoad *g = data;
  int level = rr_geography_level_from_string (row->field[GEO_LEVEL]);
  if (level < 0)
    return rr_poptable_fail (row, GEO_LEVEL, error, "unknown level '%s' (unit, sector, "
                             "district or area)", row->field[GEO_LEVEL]);
  const char *code = row->field[GEO_CODE];
  if (!rr_geography_valid (code, level))
    return rr_poptable_fail (row, GEO_CODE, error, "unknown code '%s': not a postcode %s",
                             code, level_names[level]);
  g_autofree RrGeoEntry *e = g_new0 (RrGeoEntry, 1);
  if (!rr_poptable_count (row, GEO_POPULATION, &e->pop, error))
    return FALSE;
  e->line = row->line;
  e->region = RR_POP_NO_REGION;
  g->has_region = rr_poptable_has (row, GEO_REGION);
  if (g->has_region && *row->field[GEO_REGION] == '\0')
    return rr_poptable_fail (row, GEO_REGION, error, "missing region");
  if (g->has_region)
    e->region = rr_population_region (g->pop, row->field[GEO_REGION], TRUE);
  if (g_hash_table_contains (g->pop->geo[level], code))
    return rr_poptable_fail (row, GEO_CODE, error, "duplicate code '%s'", code);
  g_hash_table_insert (g->pop->geo[level], g_strdup (code), g_steal_pointer (&e));
  g->pop->finest = MIN (g->pop->finest, level);
  return TRUE;
}

/* Passes a code's persons to its parent one level up, creating the parent (summed) if the
 * table has no row for it.  A parent with its own row must be in the same region. */
static gboolean
push_up (RrPopulation *pop, const char *path, int level, const char *code, const RrGeoEntry *e,
         GError **error)
{
  char parent_code[16];
  if (!rr_geography_parent (code, level, parent_code, sizeof parent_code))
    g_assert_not_reached (); /* codes were checked on loading */
  RrGeoEntry *parent = g_hash_table_lookup (pop->geo[level + 1], parent_code);
  if (parent == NULL)
    {
      parent = g_new0 (RrGeoEntry, 1);
      parent->region = RR_GEOGRAPHY_UNSET_REGION;
      g_hash_table_insert (pop->geo[level + 1], g_strdup (parent_code), parent);
    }
  if (parent->line == 0)
    entry_absorb (parent, e);
  else if (e->region != parent->region)
    return rr_throw_at (error, RR_ERROR_PARSE, path, e->line ? e->line : parent->line, 0,
                        "mismatched geography: %s '%s' is in another region than %s '%s'",
                        level_names[level], code, level_names[level + 1], parent_code);
  parent->children += e->pop;
  parent->n_children++;
  return TRUE;
}

/* A code given with its own row may not hold fewer persons than its finer rows. */
static gboolean
check_children (RrPopulation *pop, const char *path, int level, GError **error)
{
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, pop->geo[level]);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      const RrGeoEntry *e = value;
      if (e->line > 0 && e->children > e->pop
          && !rr_population_sums_agree (e->children, e->pop, g_hash_table_size (pop->geo[0])))
        return rr_throw_at (error, RR_ERROR_PARSE, path, e->line, 0,
                            "mismatched geography: the %ss of '%s' hold %.17g persons, more "
                            "than its %.17g", level_names[level - 1], (const char *) key,
                            e->children, e->pop);
    }
  return TRUE;
}

static gboolean
sum_upwards (RrPopulation *pop, const char *path, GError **error)
{
  for (int level = 0; level < RR_POP_N_LEVELS - 1; level++)
    {
      GHashTableIter it;
      gpointer key, value;
      g_hash_table_iter_init (&it, pop->geo[level]);
      while (g_hash_table_iter_next (&it, &key, &value))
        if (!push_up (pop, path, level, key, value, error))
          return FALSE;
      if (!check_children (pop, path, level + 1, error))
        return FALSE;
    }
  GHashTableIter it;
  gpointer value;
  g_hash_table_iter_init (&it, pop->geo[RR_POP_N_LEVELS - 1]);
  pop->whole.region = RR_GEOGRAPHY_UNSET_REGION;
  while (g_hash_table_iter_next (&it, NULL, &value))
    entry_absorb (&pop->whole, value);
  return TRUE;
}

gboolean
rr_geography_load (RrPopulation *pop, const char *path, GError **error)
{
  static const char *const columns[] = { "level", "code", "population", "region" };
  GeoLoad g = { pop, FALSE };
  pop->finest = RR_POP_N_LEVELS;
  if (!rr_poptable_read (path, columns, G_N_ELEMENTS (columns), 3, geo_row, &g, error))
    return FALSE;
  if (pop->finest == RR_POP_N_LEVELS)
    return rr_throw_at (error, RR_ERROR_PARSE, path, 0, 0, "no rows");
  return sum_upwards (pop, path, error);
}
