/* dataset.c - streams a release through the CSV reader and encodes it per person, column-wise
 * (load stage).  The per-row work is a dictionary lookup per needed field, short-circuited when
 * a field repeats the previous row's value (episode rows of one person are consecutive), and a
 * comparison with the person's first-row profile.  Each distinct raw value is normalised and
 * generalised once, through a raw-code -> label-code remap per column. */
#include "config.h"
#include "load/dataset.h"
#include "load/csv.h"
#include "load/dict.h"
#include "util/error.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define RR_CODE_UNSEEN (G_MAXUINT32 - 1)

/* One needed column: its raw dictionary, the last value seen, and (for QIs) the remap. */
typedef struct
{
  guint field;
  RrDict *raw;
  const char *last_ptr; /* into the current batch; reset per batch */
  guint32 last_len;
  guint32 last_code;
  gboolean has_last;
} RrColumnCoder;

typedef struct
{
  RrColumnCoder coder;
  const RrQiSpec *spec;
  RrDict *labels;
  GArray *remap;   /* guint32 by raw code: label code, or RR_CODE_MISSING */
  GArray *codes;   /* guint32 by person */
  guint64 n_missing;
  guint64 n_invalid;
  GArray *raw_invalid; /* gboolean by raw code: the value failed its check */
} RrQiColumn;

struct _RrDataset
{
  char *path;
  guint64 n_records;
  guint64 n_persons;
  GPtrArray *qi; /* RrQiColumn* */
  RrColumnCoder person;
  gboolean has_person;
  GByteArray *inconsistent; /* by person: 1 once counted */
  guint64 n_inconsistent;
  GArray *inconsistent_lines;
  char *sha256;
  guint64 file_size;
  gboolean gzip;
  char delimiter;
  guint32 *row_codes; /* scratch: the current row's label codes */
};

/* After loading only the labels and codes are needed: the raw dictionaries (the pseudonyms are
 * most of the memory) go before the classes are built, so they never coexist. */
static void
qi_column_drop_raw (RrQiColumn *c)
{
  g_clear_pointer (&c->coder.raw, rr_dict_free);
  g_clear_pointer (&c->remap, g_array_unref);
  g_clear_pointer (&c->raw_invalid, g_array_unref);
}

static void
qi_column_free (RrQiColumn *c)
{
  qi_column_drop_raw (c);
  rr_dict_free (c->labels);
  g_array_unref (c->codes);
  g_free (c);
}

static void
dataset_drop_raw (RrDataset *self)
{
  for (guint q = 0; q < self->qi->len; q++)
    qi_column_drop_raw (g_ptr_array_index (self->qi, q));
  g_clear_pointer (&self->person.raw, rr_dict_free);
  g_clear_pointer (&self->inconsistent, g_byte_array_unref);
}

void
rr_dataset_free (RrDataset *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_ptr_array_unref (self->qi);
  rr_dict_free (self->person.raw);
  if (self->inconsistent != NULL)
    g_byte_array_unref (self->inconsistent);
  g_array_unref (self->inconsistent_lines);
  g_free (self->sha256);
  g_free (self->row_codes);
  g_free (self);
}

static gboolean
find_field (const char *const *header, const char *name, const char *what, guint *field,
            GError **error)
{
  for (guint i = 0; header[i] != NULL; i++)
    if (strcmp (header[i], name) == 0)
      {
        *field = i;
        return TRUE;
      }
  g_autofree char *cols = g_strjoinv (", ", (char **) header);
  return rr_throw (error, RR_ERROR_INVALID, "unknown column '%s' in %s (the columns are: %s)",
                   name, what, cols);
}

static RrDataset *
dataset_new (const RrLoadOptions *opts, RrCsvReader *reader, GError **error)
{
  g_autoptr (RrDataset) self = g_new0 (RrDataset, 1);
  self->path = g_strdup (opts->path);
  self->qi = g_ptr_array_new_with_free_func ((GDestroyNotify) qi_column_free);
  self->inconsistent = g_byte_array_new ();
  self->inconsistent_lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->row_codes = g_new0 (guint32, opts->qis->len);
  const char *const *header = rr_csv_reader_header (reader);
  for (guint q = 0; q < opts->qis->len; q++)
    {
      RrQiColumn *c = g_new0 (RrQiColumn, 1);
      g_ptr_array_add (self->qi, c);
      c->spec = g_ptr_array_index (opts->qis, q);
      c->coder.raw = rr_dict_new ();
      c->labels = rr_dict_new ();
      c->remap = g_array_new (FALSE, FALSE, sizeof (guint32));
      c->codes = g_array_new (FALSE, FALSE, sizeof (guint32));
      c->raw_invalid = g_array_new (FALSE, FALSE, sizeof (gboolean));
      if (!find_field (header, c->spec->name, "--qi", &c->coder.field, error))
        return NULL;
    }
  self->has_person = opts->person_column != NULL;
  self->person.raw = rr_dict_new ();
  if (self->has_person
      && !find_field (header, opts->person_column, "--person", &self->person.field, error))
    return NULL;
  for (guint i = 0; opts->sensitive != NULL && opts->sensitive[i] != NULL; i++)
    {
      guint field;
      if (!find_field (header, opts->sensitive[i], "--sensitive", &field, error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

static guint32
coder_encode (RrColumnCoder *c, const char *s, guint32 len, gboolean *is_new)
{
  *is_new = FALSE;
  if (c->has_last && c->last_len == len && memcmp (c->last_ptr, s, len) == 0)
    return c->last_code;
  c->last_code = rr_dict_intern (c->raw, s, len, is_new);
  c->last_ptr = s;
  c->last_len = len;
  c->has_last = TRUE;
  return c->last_code;
}

/* Generalises a raw value seen for the first time and records its label code. */
static gboolean
qi_column_add_raw (RrQiColumn *c, const RrLoadOptions *opts, guint32 raw_code, guint64 line,
                   GString *scratch, GError **error)
{
  const char *raw = rr_dict_string (c->coder.raw, raw_code);
  guint32 len = rr_dict_string_len (c->coder.raw, raw_code);
  const char *why = NULL;
  g_string_truncate (scratch, 0);
  RrQiValueStatus status = rr_qi_generalise (c->spec, raw, len, scratch, &why);
  guint32 code = RR_CODE_MISSING;
  gboolean invalid = status == RR_QI_VALUE_INVALID;
  if (invalid && !opts->invalid_as_missing)
    return rr_throw_at (error, RR_ERROR_PARSE, opts->path, line, c->coder.field + 1,
                        "invalid %s '%s' in column '%s': %s (use --invalid missing to count such "
                        "values as missing)",
                        rr_qi_type_to_string (c->spec->type), raw, c->spec->name,
                        why ? why : "fails its type's check");
  if (status == RR_QI_VALUE_OK)
    code = rr_dict_intern (c->labels, scratch->str, scratch->len, NULL);
  g_array_append_val (c->remap, code);
  g_array_append_val (c->raw_invalid, invalid);
  return TRUE;
}

typedef struct
{
  RrDataset *self;
  const RrLoadOptions *opts;
  const RrCsvBatch *batch;
  GString *scratch;
} RrEncodeState;

static gboolean
encode_row_qis (RrEncodeState *st, guint row, GError **error)
{
  const RrCsvBatch *b = st->batch;
  for (guint q = 0; q < st->self->qi->len; q++)
    {
      RrQiColumn *c = g_ptr_array_index (st->self->qi, q);
      gsize at = (gsize) row * b->n_fields + c->coder.field;
      gboolean is_new;
      guint32 raw = coder_encode (&c->coder, b->base + b->start[at], b->len[at], &is_new);
      if (is_new && !qi_column_add_raw (c, st->opts, raw, b->line[row], st->scratch, error))
        return FALSE;
      st->self->row_codes[q] = g_array_index (c->remap, guint32, raw);
    }
  return TRUE;
}

static void
person_append (RrDataset *self, const RrCsvBatch *b, guint row)
{
  for (guint q = 0; q < self->qi->len; q++)
    {
      RrQiColumn *c = g_ptr_array_index (self->qi, q);
      guint32 code = self->row_codes[q];
      g_array_append_val (c->codes, code);
      if (code == RR_CODE_MISSING)
        {
          gsize at = (gsize) row * b->n_fields + c->coder.field;
          gboolean is_new;
          guint32 raw = coder_encode (&c->coder, b->base + b->start[at], b->len[at], &is_new);
          if (g_array_index (c->raw_invalid, gboolean, raw))
            c->n_invalid++;
          else
            c->n_missing++;
        }
    }
  guint8 zero = 0;
  g_byte_array_append (self->inconsistent, &zero, 1);
  self->n_persons++;
}

static void
person_compare (RrDataset *self, guint32 person, guint64 line)
{
  for (guint q = 0; q < self->qi->len; q++)
    {
      RrQiColumn *c = g_ptr_array_index (self->qi, q);
      if (g_array_index (c->codes, guint32, person) == self->row_codes[q])
        continue;
      if (self->inconsistent_lines->len < RR_DATASET_MAX_INCONSISTENT_LINES)
        g_array_append_val (self->inconsistent_lines, line);
      if (!self->inconsistent->data[person])
        {
          self->inconsistent->data[person] = 1;
          self->n_inconsistent++;
        }
      return;
    }
}

static gboolean
encode_row (RrEncodeState *st, guint row, GError **error)
{
  RrDataset *self = st->self;
  const RrCsvBatch *b = st->batch;
  if (!encode_row_qis (st, row, error))
    return FALSE;
  self->n_records++;
  if (!self->has_person)
    {
      person_append (self, b, row);
      return TRUE;
    }
  gsize at = (gsize) row * b->n_fields + self->person.field;
  gboolean is_new;
  guint32 person = coder_encode (&self->person, b->base + b->start[at], b->len[at], &is_new);
  if (is_new)
    person_append (self, b, row);
  else
    person_compare (self, person, b->line[row]);
  return TRUE;
}

static void
coders_reset_last (RrDataset *self)
{
  /* The last-value pointers point into the previous batch's buffer, which is now reused. */
  self->person.has_last = FALSE;
  for (guint q = 0; q < self->qi->len; q++)
    ((RrQiColumn *) g_ptr_array_index (self->qi, q))->coder.has_last = FALSE;
}

static void
progress_show (const RrCsvReader *reader, guint64 records)
{
  guint64 done = rr_csv_reader_bytes_consumed (reader);
  guint64 size = MAX (rr_csv_reader_file_size (reader), 1);
  g_printerr ("\rreidrisk: reading %s: %" G_GUINT64_FORMAT " rows, %3.0f%%",
              rr_csv_reader_path (reader), records, 100.0 * (double) done / (double) size);
}

static gboolean
dataset_read_all (RrDataset *self, const RrLoadOptions *opts, RrCsvReader *reader,
                  GError **error)
{
  g_autoptr (GString) scratch = g_string_new (NULL);
  RrEncodeState st = { self, opts, NULL, scratch };
  gboolean progress = opts->progress && isatty (STDERR_FILENO);
  while ((st.batch = rr_csv_reader_next_batch (reader, error)) != NULL)
    {
      coders_reset_last (self);
      for (guint row = 0; row < st.batch->n_rows; row++)
        if (!encode_row (&st, row, error))
          return FALSE;
      if (progress)
        progress_show (reader, self->n_records);
    }
  if (progress)
    g_printerr ("\n");
  return error == NULL || *error == NULL;
}

static gboolean
dataset_check (const RrDataset *self, const RrLoadOptions *opts, GError **error)
{
  if (self->n_records == 0)
    return rr_throw_at (error, RR_ERROR_PARSE, opts->path, 1, 0, "header only: no data rows");
  for (guint q = 0; q < self->qi->len; q++)
    {
      const RrQiColumn *c = g_ptr_array_index (self->qi, q);
      if (c->n_missing + c->n_invalid == self->n_persons)
        return rr_throw_at (error, RR_ERROR_PARSE, opts->path, 1, c->coder.field + 1,
                            "quasi-identifier '%s' is empty or invalid in every row",
                            c->spec->name);
    }
  return TRUE;
}

RrDataset *
rr_dataset_load (const RrLoadOptions *opts, GError **error)
{
  g_return_val_if_fail (opts->qis != NULL && opts->qis->len > 0, NULL);
  g_autoptr (RrCsvReader) reader = rr_csv_reader_open (opts->path, opts->delimiter, error);
  if (reader == NULL)
    return NULL;
  g_autoptr (RrDataset) self = dataset_new (opts, reader, error);
  if (self == NULL || !dataset_read_all (self, opts, reader, error))
    return NULL;
  if (!dataset_check (self, opts, error))
    return NULL;
  self->sha256 = g_strdup (rr_csv_reader_sha256 (reader));
  self->file_size = rr_csv_reader_file_size (reader);
  self->gzip = rr_csv_reader_is_gzip (reader);
  self->delimiter = rr_csv_reader_delimiter (reader);
  dataset_drop_raw (self);
  return g_steal_pointer (&self);
}

GPtrArray *
rr_dataset_sample (const char *path, char delimiter, guint max_rows, GStrv *header,
                   GError **error)
{
  g_autoptr (RrCsvReader) reader = rr_csv_reader_open (path, delimiter, error);
  if (reader == NULL)
    return NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const RrCsvBatch *b;
  while (rows->len < max_rows && (b = rr_csv_reader_next_batch (reader, error)) != NULL)
    for (guint r = 0; r < b->n_rows && rows->len < max_rows; r++)
      {
        char **row = g_new0 (char *, b->n_fields + 1);
        for (guint f = 0; f < b->n_fields; f++)
          {
            gsize at = (gsize) r * b->n_fields + f;
            row[f] = g_strndup (b->base + b->start[at], b->len[at]);
          }
        g_ptr_array_add (rows, row);
      }
  if (error != NULL && *error != NULL)
    return NULL;
  *header = g_strdupv ((char **) rr_csv_reader_header (reader));
  return g_steal_pointer (&rows);
}

guint64 rr_dataset_n_records (const RrDataset *self) { return self->n_records; }
guint64 rr_dataset_n_persons (const RrDataset *self) { return self->n_persons; }
guint rr_dataset_n_qi (const RrDataset *self) { return self->qi->len; }

static const RrQiColumn *
qi_at (const RrDataset *self, guint q)
{
  g_assert (q < self->qi->len);
  return g_ptr_array_index (self->qi, q);
}

const guint32 *
rr_dataset_qi_codes (const RrDataset *self, guint q)
{
  return (const guint32 *) qi_at (self, q)->codes->data;
}

const char *
rr_dataset_qi_label (const RrDataset *self, guint q, guint32 code)
{
  return code == RR_CODE_MISSING ? "(missing)" : rr_dict_string (qi_at (self, q)->labels, code);
}

guint32 rr_dataset_qi_n_distinct (const RrDataset *self, guint q) { return rr_dict_count (qi_at (self, q)->labels); }
guint64 rr_dataset_qi_n_missing (const RrDataset *self, guint q) { return qi_at (self, q)->n_missing; }
guint64 rr_dataset_qi_n_invalid (const RrDataset *self, guint q) { return qi_at (self, q)->n_invalid; }
guint rr_dataset_qi_field (const RrDataset *self, guint q) { return qi_at (self, q)->coder.field; }
guint64 rr_dataset_n_inconsistent (const RrDataset *self) { return self->n_inconsistent; }
const GArray *rr_dataset_inconsistent_lines (const RrDataset *self) { return self->inconsistent_lines; }
const char *rr_dataset_sha256 (const RrDataset *self) { return self->sha256; }
guint64 rr_dataset_file_size (const RrDataset *self) { return self->file_size; }
gboolean rr_dataset_is_gzip (const RrDataset *self) { return self->gzip; }
char rr_dataset_delimiter (const RrDataset *self) { return self->delimiter; }

GPtrArray *
rr_dataset_qi_names (const RrDataset *self)
{
  GPtrArray *names = g_ptr_array_new ();
  for (guint q = 0; q < self->qi->len; q++)
    g_ptr_array_add (names, ((RrQiColumn *) g_ptr_array_index (self->qi, q))->spec->name);
  return names;
}
