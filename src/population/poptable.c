/* poptable.c - reading one population table by column name and checking its counts
 * (population stage). */
#include "config.h"
#include "population/poptable.h"
#include "load/csv.h"
#include "util/error.h"
#include <math.h>
#include <stdarg.h>

/* Maps each wanted column to its field index in the header (-1 if absent). */
static gboolean
find_columns (RrCsvReader *reader, const char *const *columns, guint n_columns,
              guint n_required, int *index, GError **error)
{
  const char *const *header = rr_csv_reader_header (reader);
  for (guint k = 0; k < n_columns; k++)
    {
      index[k] = -1;
      for (guint j = 0; header[j] != NULL; j++)
        if (g_ascii_strcasecmp (header[j], columns[k]) == 0)
          index[k] = (int) j;
      if (index[k] < 0 && k < n_required)
        return rr_throw_at (error, RR_ERROR_PARSE, rr_csv_reader_path (reader), 1, 0,
                            "no column '%s'", columns[k]);
    }
  return TRUE;
}

static gboolean
batch_rows (const RrCsvBatch *b, const char *path, const int *index, guint n_columns,
            GString **scratch, RrPoptableRowFunc fn, gpointer data, GError **error)
{
  for (guint i = 0; i < b->n_rows; i++)
    {
      RrPoptableRow row = { .path = path, .line = b->line[i] };
      for (guint k = 0; k < n_columns; k++)
        {
          if (index[k] < 0)
            continue;
          gsize at = (gsize) i * b->n_fields + (guint) index[k];
          g_string_truncate (scratch[k], 0);
          g_string_append_len (scratch[k], b->base + b->start[at], b->len[at]);
          row.field[k] = scratch[k]->str;
          row.col[k] = (guint) index[k] + 1;
        }
      if (!fn (&row, data, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
rr_poptable_read (const char *path, const char *const *columns, guint n_columns,
                  guint n_required, RrPoptableRowFunc fn, gpointer data, GError **error)
{
  g_return_val_if_fail (n_columns <= RR_POPTABLE_MAX_COLUMNS && n_required <= n_columns, FALSE);
  g_autoptr (RrCsvReader) reader = rr_csv_reader_open (path, ',', error);
  if (reader == NULL)
    return FALSE;
  int index[RR_POPTABLE_MAX_COLUMNS];
  if (!find_columns (reader, columns, n_columns, n_required, index, error))
    return FALSE;
  GString *scratch[RR_POPTABLE_MAX_COLUMNS];
  for (guint k = 0; k < n_columns; k++)
    scratch[k] = g_string_new (NULL);
  g_autoptr (GError) local = NULL;
  const RrCsvBatch *b;
  gboolean ok = TRUE;
  while (ok && (b = rr_csv_reader_next_batch (reader, &local)) != NULL)
    ok = batch_rows (b, path, index, n_columns, scratch, fn, data, error);
  for (guint k = 0; k < n_columns; k++)
    g_string_free (scratch[k], TRUE);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return ok;
}

gboolean
rr_poptable_has (const RrPoptableRow *row, guint k)
{
  return row->field[k] != NULL;
}

gboolean
rr_poptable_fail (const RrPoptableRow *row, guint k, GError **error, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  return rr_throw_at (error, RR_ERROR_PARSE, row->path, row->line, row->col[k], "%s", msg);
}

gboolean
rr_poptable_count (const RrPoptableRow *row, guint k, double *value, GError **error)
{
  const char *s = row->field[k];
  if (*s == '\0')
    return rr_poptable_fail (row, k, error, "missing count");
  char *end = NULL;
  double v = g_ascii_strtod (s, &end);
  if (end == s || *end != '\0' || !isfinite (v))
    return rr_poptable_fail (row, k, error, "count '%s' is not a number", s);
  if (v < 0)
    return rr_poptable_fail (row, k, error, "negative count %s", s);
  *value = v;
  return TRUE;
}
