/* dataset.c - streams a release through the CSV reader and encodes it per person, column-wise
 * (load stage).  The per-row work is a dictionary lookup per needed field, short-circuited when
 * a field repeats the previous row's value (episode rows of one person are consecutive), and a
 * comparison with the person's first-row profile.  Each distinct raw value is normalised and
 * generalised once.  Two encoders share each batch, one thread each: the first QI column and
 * the runs of persons on the caller's thread, the other columns on a worker's; they meet at the
 * end of every batch, and their results do not depend on the split. */
#include "config.h"
#include "load/dataset.h"
#include "load/csv.h"
#include "load/dict.h"
#include "load/fieldmap.h"
#include "load/persons.h"
#include "util/bigmem.h"
#include "util/error.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A raw value that failed its type's check (--invalid missing); stored as RR_CODE_MISSING once
 * the persons are final, after the invalid ones are counted apart. */
#define RR_CODE_INVALID (G_MAXUINT32 - 1)

typedef struct
{
  guint field;
  const RrQiSpec *spec;
  RrFieldMap *raw;  /* raw bytes -> label code, RR_CODE_MISSING or RR_CODE_INVALID */
  RrDict *labels;
  guint32 *codes;   /* by person (by run while loading) */
  guint64 n_missing;
  guint64 n_invalid;
  gboolean labels_fixed; /* the raw map is the label map too (dataset.h) */
  guint32 last_value;    /* the previous row's */
  guint64 capacity;      /* of codes */
} RrQiColumn;

struct _RrDataset
{
  char *path;
  guint64 n_records;
  guint64 n_persons;   /* persons (runs until the load is finished) */
  GPtrArray *qi;       /* RrQiColumn* */
  gboolean has_person;
  guint person_field;
  GByteArray *last_pseudonym; /* of the current run, copied: runs cross batches */
  RrPersonRuns *runs;
  guint8 *inconsistent; /* by person: 1 if some row differs from the person's first row */
  guint64 inconsistent_capacity;
  guint64 n_inconsistent;
  GArray *inconsistent_lines;
  char *sha256;
  guint64 file_size;
  gboolean gzip;
  char delimiter;
};

static void
qi_column_free (RrQiColumn *c)
{
  rr_field_map_free (c->raw);
  rr_dict_free (c->labels);
  rr_big_free (c->codes, c->capacity, sizeof (guint32));
  g_free (c);
}

/* After loading only the labels and codes are needed: the raw maps go before the classes are
 * built, so the two never coexist. */
static void
dataset_drop_raw (RrDataset *self)
{
  for (guint q = 0; q < self->qi->len; q++)
    {
      RrQiColumn *c = g_ptr_array_index (self->qi, q);
      g_clear_pointer (&c->raw, rr_field_map_free);
      rr_dict_freeze (c->labels);
    }
  g_clear_pointer (&self->runs, rr_person_runs_free);
  g_clear_pointer (&self->last_pseudonym, g_byte_array_unref);
}

void
rr_dataset_free (RrDataset *self)
{
  if (self == NULL)
    return;
  dataset_drop_raw (self);
  g_free (self->path);
  g_ptr_array_unref (self->qi);
  rr_big_free (self->inconsistent, self->inconsistent_capacity, 1);
  g_array_unref (self->inconsistent_lines);
  g_free (self->sha256);
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

/* A first guess at the number of rows, from the file's size and the first batch's bytes per
 * row (gzip text is taken as 4 times its size).  Only a sizing hint: arrays grow past it, and
 * memory reserved but never written is never resident. */
static guint64
rows_estimate (const RrCsvReader *reader, const RrCsvBatch *first)
{
  if (first == NULL || first->n_rows == 0)
    return 0;
  guint64 row_bytes = MAX (rr_csv_reader_bytes_consumed (reader), 1) / first->n_rows;
  guint64 size = rr_csv_reader_file_size (reader) * (rr_csv_reader_is_gzip (reader) ? 4 : 1);
  return MIN (size / MAX (row_bytes, 1) + first->n_rows, (guint64) G_MAXUINT32);
}

static void
column_reserve (RrQiColumn *c, guint64 capacity)
{
  capacity = MAX (capacity, 1024);
  c->codes = rr_big_renew (c->codes, c->capacity, capacity, sizeof (guint32));
  c->capacity = capacity;
}

/* See dataset.h.  Saves a random probe per distinct postcode, the commonest new value. */
gboolean
rr_dataset_labels_are_fixed_points (const RrQiSpec *spec)
{
  switch (spec->type)
    {
    case RR_QI_POSTCODE: return spec->level == RR_LEVEL_UNIT;
    case RR_QI_DATE: return spec->level == RR_LEVEL_DAY;
    case RR_QI_SEX: return TRUE;
    case RR_QI_CATEGORY: return spec->level == RR_LEVEL_ASIS;
    default: return FALSE;
    }
}

static RrDataset *
dataset_new (const RrLoadOptions *opts, RrCsvReader *reader, GError **error)
{
  g_autoptr (RrDataset) self = g_new0 (RrDataset, 1);
  self->path = g_strdup (opts->path);
  self->qi = g_ptr_array_new_with_free_func ((GDestroyNotify) qi_column_free);
  self->inconsistent_lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  const char *const *header = rr_csv_reader_header (reader);
  for (guint q = 0; q < opts->qis->len; q++)
    {
      RrQiColumn *c = g_new0 (RrQiColumn, 1);
      g_ptr_array_add (self->qi, c);
      c->spec = g_ptr_array_index (opts->qis, q);
      c->labels_fixed = rr_dataset_labels_are_fixed_points (c->spec);
      c->labels = c->labels_fixed ? rr_dict_new_unindexed () : rr_dict_new ();
      if (!find_field (header, c->spec->name, "--qi", &c->field, error))
        return NULL;
    }
  self->has_person = opts->person_column != NULL;
  self->last_pseudonym = g_byte_array_new ();
  if (self->has_person
      && !find_field (header, opts->person_column, "--person", &self->person_field, error))
    return NULL;
  for (guint i = 0; opts->sensitive != NULL && opts->sensitive[i] != NULL; i++)
    {
      guint field;
      if (!find_field (header, opts->sensitive[i], "--sensitive", &field, error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

/* Sizes the maps and arrays once the first batch shows how long a row is. */
static void
dataset_size (RrDataset *self, const RrCsvReader *reader, const RrCsvBatch *first)
{
  guint64 rows = rows_estimate (reader, first);
  for (guint q = 0; q < self->qi->len; q++)
    {
      RrQiColumn *c = g_ptr_array_index (self->qi, q);
      c->raw = rr_field_map_new (0);
      column_reserve (c, rows);
    }
  /* Episode releases hold a few rows per person: half the rows is a fair first guess. */
  self->runs = rr_person_runs_new (rows / 2);
}

/* Whether a label is in a fixed-point column's raw map, and its code if so. */
static gboolean
fixed_label_find (const RrQiColumn *c, const GString *label, guint32 *code)
{
  RrFieldKey key;
  rr_field_key_init (&key, label->str, (guint32) label->len);
  gsize slot;
  return rr_field_map_lookup (c->raw, &key, label->str, (guint32) label->len, code, &slot);
}

/* Adds a new label to a fixed-point column: to the labels, and to the raw map as a raw value. */
static guint32
fixed_label_add (RrQiColumn *c, const GString *label)
{
  guint32 len = (guint32) label->len, code = rr_dict_append (c->labels, label->str, len);
  RrFieldKey key;
  rr_field_key_init (&key, label->str, len);
  guint32 old;
  gsize slot;
  if (!rr_field_map_lookup (c->raw, &key, label->str, len, &old, &slot))
    rr_field_map_insert (c->raw, slot, &key, label->str, len, code);
  return code;
}

static gboolean
invalid_value_error (const RrQiColumn *c, const RrLoadOptions *opts, const char *raw,
                     guint32 len, guint64 line, const char *why, GError **error)
{
  g_autofree char *text = g_strndup (raw, len);
  return rr_throw_at (error, RR_ERROR_PARSE, opts->path, line, c->field + 1,
                      "invalid %s '%s' in column '%s': %s (use --invalid missing to count such "
                      "values as missing)",
                      rr_qi_type_to_string (c->spec->type), text, c->spec->name,
                      why ? why : "fails its type's check");
}

/* Generalises a raw value seen for the first time and enters it in the raw map at slot (from
 * its lookup); *value is its label code, RR_CODE_MISSING or RR_CODE_INVALID. */
static gboolean
qi_column_add_raw (RrQiColumn *c, const RrLoadOptions *opts, const char *raw, guint32 len,
                   const RrFieldKey *key, gsize slot, guint64 line, GString *label,
                   guint32 *value, GError **error)
{
  const char *why = NULL;
  g_string_truncate (label, 0);
  RrQiValueStatus status = rr_qi_generalise (c->spec, raw, len, label, &why);
  if (status == RR_QI_VALUE_INVALID && !opts->invalid_as_missing)
    return invalid_value_error (c, opts, raw, len, line, why, error);
  gboolean label_is_new = FALSE;
  if (status != RR_QI_VALUE_OK)
    *value = status == RR_QI_VALUE_MISSING ? RR_CODE_MISSING : RR_CODE_INVALID;
  else if (!c->labels_fixed)
    *value = rr_dict_intern (c->labels, label->str, (guint32) label->len, NULL);
  else if (label->len == len && memcmp (label->str, raw, len) == 0)
    *value = rr_dict_append (c->labels, raw, len); /* the raw value is its own, new, label */
  else
    label_is_new = !fixed_label_find (c, label, value);
  if (!label_is_new)
    {
      rr_field_map_insert (c->raw, slot, key, raw, len, *value);
      return TRUE;
    }
  /* The label goes in first; the raw value's slot is looked up again, as the map may grow. */
  *value = fixed_label_add (c, label);
  guint32 unused;
  gsize again;
  rr_field_map_lookup (c->raw, key, raw, len, &unused, &again);
  rr_field_map_insert (c->raw, again, key, raw, len, *value);
  return TRUE;
}

/* Rows whose map slots are fetched ahead of their lookup: enough cache misses in flight to hide
 * most of the memory latency of a large map, few enough that the lines are still in cache. */
#define LOOKAHEAD 16

/* One encoder: the QI columns [q0, q1) of every row, and on the main encoder the runs of
 * persons too.  Each encoder counts the same runs (a row starts one when its pseudonym differs
 * from the previous row's) and keeps its own notes of rows that differ from their run's first
 * row; the notes are merged when the load ends. */
typedef struct
{
  RrDataset *self;
  const RrLoadOptions *opts;
  guint q0, q1;
  gboolean keeps_runs;
  guint64 n_persons;
  guint8 *inconsistent;    /* by run: a row differed from the run's first row on q0..q1 */
  guint64 capacity;        /* of inconsistent */
  GArray *lines;           /* guint64: the first such rows' lines */
  guint32 *row_codes;      /* scratch, by QI */
  GString *scratch;
  GError *error;           /* the first invalid value it met, at error_line, error_column */
  guint64 error_line;
  guint error_column;
  /* the batch being encoded, and its digest (csv.h) */
  const RrCsvBatch *batch;
  const guint8 *same;
  const RrFieldKey *keys;
  guint n_digest;
} RrEncoder;

static void
encoder_init (RrEncoder *e, RrDataset *self, const RrLoadOptions *opts, guint q0, guint q1,
              gboolean keeps_runs)
{
  *e = (RrEncoder) { .self = self, .opts = opts, .q0 = q0, .q1 = q1, .keeps_runs = keeps_runs };
  e->lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  e->row_codes = g_new0 (guint32, self->qi->len);
  e->scratch = g_string_new (NULL);
}

static void
encoder_clear (RrEncoder *e)
{
  rr_big_free (e->inconsistent, e->capacity, 1);
  g_clear_pointer (&e->lines, g_array_unref);
  g_clear_pointer (&e->row_codes, g_free);
  if (e->scratch != NULL)
    g_string_free (g_steal_pointer (&e->scratch), TRUE);
  g_clear_error (&e->error);
}

static inline const char *
batch_field (const RrCsvBatch *b, guint row, guint field, guint32 *len)
{
  gsize at = (gsize) row * b->n_fields + field;
  *len = b->len[at];
  return b->base + b->start[at];
}

static inline RrQiColumn *
column_at (const RrEncoder *e, guint q)
{
  return g_ptr_array_index (e->self->qi, q);
}

/* Prefetches where row's lookups will go. */
static void
look_ahead (const RrEncoder *e, guint row)
{
  gsize at = (gsize) row * e->n_digest;
  for (guint q = e->q0; q < e->q1; q++)
    if (!e->same[at + q])
      rr_field_map_prefetch (column_at (e, q)->raw, &e->keys[at + q]);
  guint p = e->self->qi->len;
  if (e->keeps_runs && e->self->has_person && !e->same[at + p])
    rr_person_runs_prefetch (e->self->runs, e->keys[at + p].hash);
}

static gboolean
qi_column_encode (RrEncoder *e, RrQiColumn *c, guint row, gsize at, guint32 *value)
{
  if (e->same[at])
    {
      *value = c->last_value;
      return TRUE;
    }
  guint32 len;
  const char *s = batch_field (e->batch, row, c->field, &len);
  gsize slot;
  if (!rr_field_map_lookup (c->raw, &e->keys[at], s, len, value, &slot)
      && !qi_column_add_raw (c, e->opts, s, len, &e->keys[at], slot, e->batch->line[row],
                             e->scratch, value, &e->error))
    {
      e->error_line = e->batch->line[row];
      e->error_column = c->field;
      return FALSE;
    }
  c->last_value = *value;
  return TRUE;
}

static inline gboolean
codes_equal (guint32 a, guint32 b)
{
  /* An invalid value counts as missing, here as in the classes. */
  return a == b || (a >= RR_CODE_INVALID && b >= RR_CODE_INVALID);
}

static void
person_append (RrEncoder *e)
{
  guint64 n = e->n_persons;
  for (guint q = e->q0; q < e->q1; q++)
    {
      RrQiColumn *c = column_at (e, q);
      if (n == c->capacity)
        column_reserve (c, 2 * c->capacity);
      c->codes[n] = e->row_codes[q];
    }
  if (n == e->capacity)
    {
      guint64 capacity = MAX (2 * e->capacity, 1024);
      e->inconsistent = rr_big_renew (e->inconsistent, e->capacity, capacity, 1);
      e->capacity = capacity;
    }
  e->inconsistent[e->n_persons++] = 0;
}

/* A later row of the current person: compared with the person's first row. */
static void
person_compare (RrEncoder *e, guint64 line)
{
  guint64 p = e->n_persons - 1;
  for (guint q = e->q0; q < e->q1; q++)
    {
      if (codes_equal (column_at (e, q)->codes[p], e->row_codes[q]))
        continue;
      if (e->lines->len < RR_DATASET_MAX_INCONSISTENT_LINES)
        g_array_append_val (e->lines, line);
      e->inconsistent[p] = 1;
      return;
    }
}

static gboolean
pseudonym_repeats_last_batch (const RrDataset *self, const RrCsvBatch *b)
{
  guint32 len;
  const char *s = batch_field (b, 0, self->person_field, &len);
  GByteArray *last = self->last_pseudonym;
  return self->n_persons > 0 && last->len == len && memcmp (s, last->data, len) == 0;
}

/* A row whose pseudonym differs from the previous row's starts a run (a person, unless the
 * pseudonym recurs later: see persons.h); without --person every row is a person. */
static void
encode_person (RrEncoder *e, guint row, gsize at)
{
  const RrDataset *self = e->self;
  guint64 line = e->batch->line[row];
  if (self->has_person
      && (e->same[at] || (row == 0 && pseudonym_repeats_last_batch (self, e->batch))))
    {
      person_compare (e, line);
      return;
    }
  if (e->keeps_runs && self->has_person)
    rr_person_runs_add (self->runs, e->keys[at].hash, line);
  person_append (e);
}

static gboolean
encode_row (RrEncoder *e, guint row)
{
  gsize at = (gsize) row * e->n_digest;
  for (guint q = e->q0; q < e->q1; q++)
    if (!qi_column_encode (e, column_at (e, q), row, at + q, &e->row_codes[q]))
      return FALSE;
  encode_person (e, row, at + e->self->qi->len);
  return TRUE;
}

/* Encodes the batch set in e; stops at the first invalid value (e->error). */
static void
encode_batch (RrEncoder *e)
{
  guint n = e->batch->n_rows;
  for (guint row = 0; row < MIN (n, LOOKAHEAD); row++)
    look_ahead (e, row);
  for (guint row = 0; row < n; row++)
    {
      if (row + LOOKAHEAD < n)
        look_ahead (e, row + LOOKAHEAD);
      if (!encode_row (e, row))
        return;
    }
}

/* The worker: encodes the batches the caller hands it, one at a time. */
typedef struct
{
  GThread *thread;
  GAsyncQueue *todo; /* RrEncoder*, or &worker_stop */
  GAsyncQueue *done;
} RrWorker;

static char worker_stop;

static gpointer
worker_main (gpointer data)
{
  RrWorker *w = data;
  for (;;)
    {
      gpointer e = g_async_queue_pop (w->todo);
      if (e == &worker_stop)
        return NULL;
      encode_batch (e);
      g_async_queue_push (w->done, e);
    }
}

static RrWorker *
worker_new (void)
{
  RrWorker *w = g_new0 (RrWorker, 1);
  w->todo = g_async_queue_new ();
  w->done = g_async_queue_new ();
  w->thread = g_thread_new ("rr-encode", worker_main, w);
  return w;
}

static void
worker_free (RrWorker *w)
{
  if (w == NULL)
    return;
  g_async_queue_push (w->todo, &worker_stop);
  g_thread_join (w->thread);
  g_async_queue_unref (w->todo);
  g_async_queue_unref (w->done);
  g_free (w);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrWorker, worker_free)

static void
keep_last_pseudonym (RrDataset *self, const RrCsvBatch *b)
{
  guint32 len;
  const char *s = batch_field (b, b->n_rows - 1, self->person_field, &len);
  g_byte_array_set_size (self->last_pseudonym, 0);
  g_byte_array_append (self->last_pseudonym, (const guint8 *) s, len);
}

/* The fields the reader thread digests: the QIs', then the pseudonym's. */
static guint *
digest_fields_new (const RrDataset *self, guint *n)
{
  *n = self->qi->len + self->has_person;
  guint *fields = g_new (guint, *n);
  for (guint q = 0; q < self->qi->len; q++)
    fields[q] = ((const RrQiColumn *) g_ptr_array_index (self->qi, q))->field;
  if (self->has_person)
    fields[self->qi->len] = self->person_field;
  return fields;
}

/* The batch's digest: the reader thread's, or for a batch it read before the fields were named
 * (the first one or two), computed here into own_same and own_keys. */
static void
batch_digest (const RrCsvBatch *b, const guint *fields, guint n, GArray *own_same,
              GArray *own_keys, const guint8 **same, const RrFieldKey **keys)
{
  if (b->keys != NULL)
    {
      *same = b->same;
      *keys = b->keys;
      return;
    }
  g_array_set_size (own_same, (guint) b->n_rows * n);
  g_array_set_size (own_keys, (guint) b->n_rows * n);
  rr_csv_batch_digest (b, fields, n, (guint8 *) own_same->data, (RrFieldKey *) own_keys->data);
  *same = (const guint8 *) own_same->data;
  *keys = (const RrFieldKey *) own_keys->data;
}

/* The earlier of the encoders' errors, by line then column: the one a single pass in row order
 * would have met first. */
static gboolean
encoders_fail (RrEncoder *e, guint n, GError **error)
{
  RrEncoder *first = NULL;
  for (guint i = 0; i < n; i++)
    if (e[i].error != NULL
        && (first == NULL || e[i].error_line < first->error_line
            || (e[i].error_line == first->error_line && e[i].error_column < first->error_column)))
      first = &e[i];
  if (first == NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&first->error));
  return FALSE;
}

static void
progress_show (const RrCsvReader *reader, guint64 records)
{
  guint64 done = rr_csv_reader_bytes_consumed (reader);
  guint64 size = MAX (rr_csv_reader_file_size (reader), 1);
  g_printerr ("\rreidrisk: reading %s: %" G_GUINT64_FORMAT " rows, %3.0f%%",
              rr_csv_reader_path (reader), records, 100.0 * (double) done / (double) size);
}

/* Encodes one batch with both encoders (the second on the worker, if any). */
static gboolean
encoders_batch (RrEncoder *e, guint n_encoders, RrWorker *worker, GError **error)
{
  if (worker != NULL)
    g_async_queue_push (worker->todo, &e[1]);
  encode_batch (&e[0]);
  if (worker != NULL)
    g_async_queue_pop (worker->done);
  return encoders_fail (e, n_encoders, error);
}

static gboolean
dataset_read_all (RrDataset *self, RrEncoder *e, guint n_encoders, RrCsvReader *reader,
                  GError **error)
{
  guint n_digest;
  g_autofree guint *fields = digest_fields_new (self, &n_digest);
  rr_csv_reader_digest_fields (reader, fields, n_digest);
  g_autoptr (GArray) own_same = g_array_new (FALSE, FALSE, sizeof (guint8));
  g_autoptr (GArray) own_keys = g_array_new (FALSE, FALSE, sizeof (RrFieldKey));
  g_autoptr (RrWorker) worker = n_encoders > 1 ? worker_new () : NULL;
  gboolean progress = e[0].opts->progress && isatty (STDERR_FILENO);
  const RrCsvBatch *b;
  while ((b = rr_csv_reader_next_batch (reader, error)) != NULL)
    {
      if (self->runs == NULL)
        dataset_size (self, reader, b);
      const guint8 *same;
      const RrFieldKey *keys;
      batch_digest (b, fields, n_digest, own_same, own_keys, &same, &keys);
      for (guint i = 0; i < n_encoders; i++)
        e[i].batch = b, e[i].same = same, e[i].keys = keys, e[i].n_digest = n_digest;
      if (!encoders_batch (e, n_encoders, worker, error))
        return FALSE;
      self->n_persons = e[0].n_persons;
      if (self->has_person && b->n_rows > 0)
        keep_last_pseudonym (self, b);
      self->n_records += b->n_rows;
      if (progress)
        progress_show (reader, self->n_records);
    }
  if (progress)
    g_printerr ("\n");
  return error == NULL || *error == NULL;
}

static gint
compare_lines (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  return x < y ? -1 : x > y;
}

/* Keeps the first few distinct lines, in order. */
static void
lines_first (GArray *lines)
{
  g_array_sort (lines, compare_lines);
  guint n = 0;
  for (guint i = 0; i < lines->len; i++)
    if (n == 0 || g_array_index (lines, guint64, i) != g_array_index (lines, guint64, n - 1))
      g_array_index (lines, guint64, n++) = g_array_index (lines, guint64, i);
  g_array_set_size (lines, MIN (n, RR_DATASET_MAX_INCONSISTENT_LINES));
}

/* The encoders' notes, as one: a run is inconsistent if it is on any encoder's columns. */
static void
encoders_merge (RrDataset *self, RrEncoder *e, guint n_encoders)
{
  self->inconsistent = g_steal_pointer (&e[0].inconsistent);
  self->inconsistent_capacity = e[0].capacity;
  e[0].capacity = 0;
  for (guint i = 0; i < n_encoders; i++)
    {
      g_assert (e[i].n_persons == self->n_persons);
      for (guint64 p = 0; i > 0 && p < self->n_persons; p++)
        self->inconsistent[p] |= e[i].inconsistent[p];
      g_array_append_vals (self->inconsistent_lines, e[i].lines->data, e[i].lines->len);
    }
  lines_first (self->inconsistent_lines);
}

static gboolean
profiles_differ (const RrDataset *self, guint64 a, guint64 b)
{
  for (guint q = 0; q < self->qi->len; q++)
    {
      const RrQiColumn *c = g_ptr_array_index (self->qi, q);
      if (!codes_equal (c->codes[a], c->codes[b]))
        return TRUE;
    }
  return FALSE;
}

/* Folds each repeated run into the person's first run: its rows count as the person's later
 * rows, compared with the person's first row. */
static void
runs_fold_repeats (RrDataset *self, const GArray *repeats, guint8 *drop)
{
  for (guint i = 0; i < repeats->len; i++)
    {
      const RrRunRepeat *r = &g_array_index (repeats, RrRunRepeat, i);
      drop[r->run] = 1;
      if (profiles_differ (self, r->run, r->first_run))
        {
          self->inconsistent[r->first_run] = 1;
          g_array_append_val (self->inconsistent_lines, r->line);
        }
      self->inconsistent[r->first_run] |= self->inconsistent[r->run];
    }
  lines_first (self->inconsistent_lines);
}

static void
runs_compact (RrDataset *self, const guint8 *drop)
{
  guint64 n = 0;
  for (guint64 r = 0; r < self->n_persons; r++)
    {
      if (drop[r])
        continue;
      for (guint q = 0; q < self->qi->len; q++)
        {
          RrQiColumn *c = g_ptr_array_index (self->qi, q);
          c->codes[n] = c->codes[r];
        }
      self->inconsistent[n++] = self->inconsistent[r];
    }
  self->n_persons = n;
}

/* Turns the runs into persons, then counts what each person is missing. */
static void
dataset_finish_persons (RrDataset *self)
{
  g_autoptr (GArray) repeats
      = self->has_person && self->runs != NULL ? rr_person_runs_repeats (self->runs) : NULL;
  if (repeats != NULL && repeats->len > 0)
    {
      g_autofree guint8 *drop = g_new0 (guint8, self->n_persons);
      runs_fold_repeats (self, repeats, drop);
      runs_compact (self, drop);
    }
  for (guint64 p = 0; p < self->n_persons; p++)
    self->n_inconsistent += self->inconsistent[p];
  rr_big_free (self->inconsistent, self->inconsistent_capacity, 1);
  self->inconsistent = NULL;
  for (guint q = 0; q < self->qi->len; q++)
    {
      RrQiColumn *c = g_ptr_array_index (self->qi, q);
      for (guint64 p = 0; p < self->n_persons; p++)
        if (c->codes[p] >= RR_CODE_INVALID)
          {
            c->n_invalid += c->codes[p] == RR_CODE_INVALID;
            c->n_missing += c->codes[p] == RR_CODE_MISSING;
            c->codes[p] = RR_CODE_MISSING;
          }
    }
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
        return rr_throw_at (error, RR_ERROR_PARSE, opts->path, 1, c->field + 1,
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
  if (self == NULL)
    return NULL;
  /* The first column and the runs here; the others on a worker (the split only shares work). */
  guint n_qi = self->qi->len, n_encoders = n_qi > 1 ? 2 : 1;
  RrEncoder e[2];
  encoder_init (&e[0], self, opts, 0, MIN (n_qi, 1), TRUE);
  encoder_init (&e[1], self, opts, MIN (n_qi, 1), n_qi, FALSE);
  gboolean ok = dataset_read_all (self, e, n_encoders, reader, error);
  if (ok)
    encoders_merge (self, e, n_encoders);
  encoder_clear (&e[0]);
  encoder_clear (&e[1]);
  if (!ok)
    return NULL;
  dataset_finish_persons (self);
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
  return qi_at (self, q)->codes;
}

const char *
rr_dataset_qi_label (const RrDataset *self, guint q, guint32 code)
{
  return code == RR_CODE_MISSING ? "(missing)" : rr_dict_string (qi_at (self, q)->labels, code);
}

guint32 rr_dataset_qi_n_distinct (const RrDataset *self, guint q) { return rr_dict_count (qi_at (self, q)->labels); }
guint64 rr_dataset_qi_n_missing (const RrDataset *self, guint q) { return qi_at (self, q)->n_missing; }
guint64 rr_dataset_qi_n_invalid (const RrDataset *self, guint q) { return qi_at (self, q)->n_invalid; }
guint rr_dataset_qi_field (const RrDataset *self, guint q) { return qi_at (self, q)->field; }
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
