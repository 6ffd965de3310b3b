/* apply.c - the generalised release: streams the audited file again through the CSV reader and
 * writes each row with its quasi-identifiers at the recommended levels (search stage).  Each
 * distinct raw value is generalised once per column (a cache), as the loader does. */
#include "config.h"
#include "search/apply.h"
#include "load/csv.h"
#include "qi/generalised.h"
#include "util/error.h"
#include "util/output.h"
#include <stdio.h>
#include <string.h>

typedef struct
{
  const RrApplyOptions *o;
  guint *qi_field;         /* field of each quasi-identifier */
  gint *field_qi;          /* quasi-identifier of each field, or -1 */
  guint person_field;
  GHashTable **cache;      /* per quasi-identifier: raw value -> written value */
  GHashTable *persons;     /* pseudonym -> person index + 1 */
  guint64 next_person;
  char delimiter;
  FILE *out;
  GString *scratch;
} Writer;

static void
writer_clear (Writer *w)
{
  guint n = w->o != NULL ? w->o->specs->len : 0;
  for (guint q = 0; w->cache != NULL && q < n; q++)
    g_hash_table_unref (w->cache[q]);
  g_free (w->cache);
  g_free (w->qi_field);
  g_free (w->field_qi);
  if (w->persons != NULL)
    g_hash_table_unref (w->persons);
  if (w->scratch != NULL)
    g_string_free (w->scratch, TRUE);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writer, writer_clear)

static void
write_field (Writer *w, const char *s, gsize len)
{
  gboolean quote = FALSE;
  for (gsize i = 0; i < len && !quote; i++)
    quote = s[i] == w->delimiter || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
  if (!quote)
    {
      fwrite (s, 1, len, w->out);
      return;
    }
  fputc ('"', w->out);
  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '"')
        fputc ('"', w->out);
      fputc (s[i], w->out);
    }
  fputc ('"', w->out);
}

/* The value written for raw in quasi-identifier q: its label at the recommended level. */
static const char *
generalised (Writer *w, guint q, const char *raw, gsize len)
{
  g_autofree char *key = g_strndup (raw, len);
  const char *hit = g_hash_table_lookup (w->cache[q], key);
  if (hit != NULL)
    return hit;
  const RrQiSpec *spec = g_ptr_array_index (w->o->specs, q);
  const RrQiHierarchy *qh = &w->o->h->qi[q];
  RrQiLevel to = qh->levels[w->o->choice->levels[q]];
  g_autoptr (GString) label = g_string_new (NULL);
  g_string_truncate (w->scratch, 0);
  if (rr_qi_generalise (spec, raw, len, label, NULL) == RR_QI_VALUE_OK)
    {
      g_autoptr (GString) at = g_string_new (NULL);
      rr_qi_label_generalise (spec, label->str, to, at);
      rr_qi_label_format (spec, at->str, to, w->scratch);
    }
  else if (to == RR_LEVEL_WITHHELD)
    g_string_append (w->scratch, RR_WITHHELD_LABEL);
  char *value = g_strdup (w->scratch->str);
  g_hash_table_insert (w->cache[q], g_steal_pointer (&key), value);
  return value;
}

static guint64
person_of (Writer *w, const RrCsvBatch *b, guint row)
{
  if (w->o->person_column == NULL)
    return w->next_person++;
  gsize at = (gsize) row * b->n_fields + w->person_field;
  g_autofree char *key = g_strndup (b->base + b->start[at], b->len[at]);
  gpointer index = g_hash_table_lookup (w->persons, key);
  if (index != NULL)
    return GPOINTER_TO_SIZE (index) - 1;
  guint64 p = w->next_person++;
  g_hash_table_insert (w->persons, g_steal_pointer (&key), GSIZE_TO_POINTER ((gsize) p + 1));
  return p;
}

static gboolean
person_suppressed (const Writer *w, guint64 p)
{
  const RrSearchChoice *c = w->o->choice;
  return c->suppressed[c->node->of_base[w->o->person_class[p]]] != 0;
}

static void
write_row (Writer *w, const RrCsvBatch *b, guint row)
{
  for (guint f = 0; f < b->n_fields; f++)
    {
      gsize at = (gsize) row * b->n_fields + f;
      const char *s = b->base + b->start[at];
      gsize len = b->len[at];
      if (f > 0)
        fputc (w->delimiter, w->out);
      if (w->field_qi[f] >= 0)
        {
          s = generalised (w, (guint) w->field_qi[f], s, len);
          len = strlen (s);
        }
      write_field (w, s, len);
    }
  fputc ('\n', w->out);
}

static gboolean
find_field (const char *const *header, const char *name, guint *field, GError **error)
{
  for (guint i = 0; header[i] != NULL; i++)
    if (strcmp (header[i], name) == 0)
      {
        *field = i;
        return TRUE;
      }
  return rr_throw (error, RR_ERROR_INVALID, "--apply: no column '%s' in the release", name);
}

static gboolean
writer_init (Writer *w, const RrApplyOptions *o, RrCsvReader *reader, GError **error)
{
  const char *const *header = rr_csv_reader_header (reader);
  guint n_fields = rr_csv_reader_n_fields (reader);
  w->o = o;
  w->delimiter = rr_csv_reader_delimiter (reader);
  w->qi_field = g_new (guint, o->specs->len);
  w->field_qi = g_new (gint, n_fields);
  for (guint f = 0; f < n_fields; f++)
    w->field_qi[f] = -1;
  w->cache = g_new0 (GHashTable *, o->specs->len);
  for (guint q = 0; q < o->specs->len; q++)
    {
      w->cache[q] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      const RrQiSpec *spec = g_ptr_array_index (o->specs, q);
      if (!find_field (header, spec->name, &w->qi_field[q], error))
        return FALSE;
      w->field_qi[w->qi_field[q]] = (gint) q;
    }
  w->persons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w->scratch = g_string_new (NULL);
  return o->person_column == NULL || find_field (header, o->person_column, &w->person_field, error);
}

static void
write_header (Writer *w, const char *const *header)
{
  for (guint i = 0; header[i] != NULL; i++)
    {
      if (i > 0)
        fputc (w->delimiter, w->out);
      write_field (w, header[i], strlen (header[i]));
    }
  fputc ('\n', w->out);
}

gboolean
rr_apply_write (const RrApplyOptions *o, guint64 *rows, GError **error)
{
  g_autoptr (RrCsvReader) reader = rr_csv_reader_open (o->input, 0, error);
  if (reader == NULL)
    return FALSE;
  g_auto (Writer) w = { 0 };
  if (!writer_init (&w, o, reader, error))
    return FALSE;
  g_autoptr (RrOutput) out = rr_output_open (o->output, error);
  if (out == NULL)
    return FALSE;
  w.out = rr_output_stream (out);
  write_header (&w, rr_csv_reader_header (reader));
  *rows = 0;
  const RrCsvBatch *b;
  g_autoptr (GError) local = NULL;
  while ((b = rr_csv_reader_next_batch (reader, &local)) != NULL)
    for (guint row = 0; row < b->n_rows; row++)
      if (!person_suppressed (&w, person_of (&w, b, row)))
        {
          write_row (&w, b, row);
          (*rows)++;
        }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return rr_output_commit (out, error);
}
