/* category.c - mapping files for categorical quasi-identifiers, read with the load stage's CSV
 * reader, and the normalisation of sex codes (qi stage). */
#include "config.h"
#include "qi/category.h"
#include "qi/qi.h"
#include "load/csv.h"
#include "util/error.h"
#include <string.h>

#define MAP_N_FIELDS 2

/* One field of a batch row, trimmed of blanks, as an owned string. */
static char *
field_dup (const RrCsvBatch *b, guint row, guint col)
{
  gsize at = (gsize) row * b->n_fields + col;
  const char *s = b->base + b->start[at];
  gsize n = b->len[at];
  rr_qi_trim (&s, &n);
  return g_strndup (s, n);
}

/* Adds row of b to map; lines remembers each value's line for the duplicate message. */
static gboolean
map_add_row (GHashTable *map, GHashTable *lines, const char *path, const RrCsvBatch *b,
             guint row, GError **error)
{
  guint64 line = b->line[row];
  g_autofree char *value = field_dup (b, row, 0);
  g_autofree char *group = field_dup (b, row, 1);
  if (*value == '\0')
    return rr_throw_at (error, RR_ERROR_PARSE, path, line, 1, "empty value in the map file");
  if (*group == '\0')
    return rr_throw_at (error, RR_ERROR_PARSE, path, line, 2, "empty group for value '%s' in "
                        "the map file", value);
  guint64 *first = g_hash_table_lookup (lines, value);
  if (first != NULL)
    return rr_throw_at (error, RR_ERROR_PARSE, path, line, 1, "value '%s' is mapped twice (first "
                        "on line %" G_GUINT64_FORMAT ")", value, *first);
  g_hash_table_insert (lines, g_strdup (value), g_memdup2 (&line, sizeof line));
  g_hash_table_insert (map, g_steal_pointer (&value), g_steal_pointer (&group));
  return TRUE;
}

static gboolean
map_read_rows (RrCsvReader *reader, GHashTable *map, GError **error)
{
  const char *path = rr_csv_reader_path (reader);
  g_autoptr (GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GError) local = NULL;
  const RrCsvBatch *b;
  while ((b = rr_csv_reader_next_batch (reader, &local)) != NULL)
    for (guint row = 0; row < b->n_rows; row++)
      if (!map_add_row (map, lines, path, b, row, error))
        return FALSE;
  if (local == NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

GHashTable *
rr_category_map_load (const char *path, GError **error)
{
  g_autoptr (RrCsvReader) reader = rr_csv_reader_open (path, 0, error);
  if (reader == NULL)
    return NULL;
  guint n = rr_csv_reader_n_fields (reader);
  if (n != MAP_N_FIELDS)
    {
      rr_throw_at (error, RR_ERROR_PARSE, path, 1, 0, "a map file has two columns (value,group) "
                   "and a header row, but this header has %u", n);
      return NULL;
    }
  g_autoptr (GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!map_read_rows (reader, map, error))
    return NULL;
  if (g_hash_table_size (map) == 0)
    {
      rr_throw_at (error, RR_ERROR_PARSE, path, 0, 0, "the map file has no rows after its header");
      return NULL;
    }
  return g_steal_pointer (&map);
}

const char *
rr_category_sex_code (const char *s, gsize len)
{
  static const struct
  {
    const char *text, *code;
  } codes[] = {
    { "m", "M" },       { "male", "M" },       { "1", "M" },       { "f", "F" },
    { "female", "F" },  { "2", "F" },          { "0", "U" },       { "9", "U" },
    { "x", "U" },       { "u", "U" },          { "i", "U" },       { "unknown", "U" },
    { "not known", "U" }, { "indeterminate", "U" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (strlen (codes[i].text) == len && g_ascii_strncasecmp (s, codes[i].text, len) == 0)
      return codes[i].code;
  return NULL;
}
