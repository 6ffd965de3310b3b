/* dataset.c - streams a release through the CSV reader and encodes it per person, column-wise
 * (load stage).  The per-row work is a dictionary lookup per needed field, short-circuited when
 * a field repeats the previous row's value (episode rows of one person are consecutive), and a
 * comparison with the person's first-row profile.  Each distinct raw value is normalised and
 * generalised once, through a raw-code -> label-code remap per column. */
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
} RrQiColumn;

struct _RrDataset
{
  char *path;
  guint64 n_records;
  guint64 n_persons;   /* persons so far; runs while loading */
  guint64 capacity;    /* of each column's codes and of inconsistent */
  GPtrArray *qi;       /* RrQiColumn* */
  gboolean has_person;
  guint person_field;
  GByteArray *last_pseudonym; /* of the current run, copied: runs cross batches */
  RrPersonRuns *runs;
  guint8 *inconsistent; /* by person: 1 if some row differs from the person's first row */
  guint64 n_inconsistent;
  GArray *inconsistent_lines;
  RrFileHash *hash; /* of the file's bytes: may still be running (load/filehash.h) */
  guint64 file_size;
  gboolean gzip;
  char delimiter;
  guint32 *row_codes; /* scratch: the current row's codes */
};

static void
qi_column_free (RrQiColumn *c, guint64 capacity)
{
  rr_field_map_free (c->raw);
  rr_dict_free (c->labels);
  rr_big_free (c->codes, capacity, sizeof (guint32));
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
  for (guint q = 0; q < self->qi->len; q++)
    qi_column_free (g_ptr_array_index (self->qi, q), self->capacity);
  g_ptr_array_unref (self->qi);
  rr_big_free (self->inconsistent, self->capacity, 1);
  g_array_unref (self->inconsistent_lines);
  rr_file_hash_free (self->hash);
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
dataset_reserve (RrDataset *self, guint64 capacity)
{
  capacity = MAX (capacity, 1024);
  for (guint q = 0; q < self->qi->len; q++)
    {
      RrQiColumn *c = g_ptr_array_index (self->qi, q);
      c->codes = rr_big_renew (c->codes, self->capacity, capacity, sizeof (guint32));
    }
  self->inconsistent = rr_big_renew (self->inconsistent, self->capacity, capacity, 1);
  self->capacity = capacity;
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
  self->qi = g_ptr_array_new (); /* freed with the capacity of their codes */
  self->inconsistent_lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->row_codes = g_new0 (guint32, opts->qis->len);
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
    }
  dataset_reserve (self, rows);
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

typedef struct
{
  RrDataset *self;
  const RrLoadOptions *opts;
  const RrCsvBatch *batch;
  GString *scratch;
  guint n_digest;        /* fields digested per row: the QIs, then the pseudonym */
  guint *digest_fields;
  const guint8 *same;    /* the batch's digest (csv.h), by the reader thread or by fill_digest */
  const RrFieldKey *keys; /* packed: one per field that does not repeat */
  gsize next_key;        /* the next row's first key, for encode_row */
  gsize ahead_key;       /* the same for look_ahead, LOOKAHEAD rows on */
  GArray *own_same;      /* for batches read before the digest was asked for */
  GArray *own_keys;
  gboolean *prefetch;    /* by QI: whether look_ahead prefetches into its map */
} RrEncodeState;

static inline const char *
batch_field (const RrCsvBatch *b, guint row, guint field, guint32 *len)
{
  gsize at = (gsize) row * b->n_fields + field;
  *len = b->len[at];
  return b->base + b->start[at];
}

/* The reader thread digests the batches it reads once it knows the fields; the first ones it
 * read before that are digested here. */
static void
fill_digest (RrEncodeState *st)
{
  const RrCsvBatch *b = st->batch;
  st->next_key = st->ahead_key = 0;
  if (b->keys != NULL)
    {
      st->same = b->same;
      st->keys = b->keys;
      return;
    }
  g_array_set_size (st->own_same, (guint) b->n_rows * st->n_digest);
  g_array_set_size (st->own_keys, (guint) b->n_rows * st->n_digest);
  rr_csv_batch_digest (b, st->digest_fields, st->n_digest, (guint8 *) st->own_same->data,
                       (RrFieldKey *) st->own_keys->data);
  st->same = (const guint8 *) st->own_same->data;
  st->keys = (const RrFieldKey *) st->own_keys->data;
}

/* A map smaller than this stays in the core's cache: prefetching into it only costs the read
 * of the key's hash. */
#define PREFETCH_MIN_BYTES (256u << 10)

/* The columns whose maps are worth prefetching into, for this batch. */
static void
choose_prefetch (RrEncodeState *st)
{
  for (guint q = 0; q < st->self->qi->len; q++)
    {
      const RrQiColumn *c = g_ptr_array_index (st->self->qi, q);
      st->prefetch[q] = rr_field_map_bytes (c->raw) >= PREFETCH_MIN_BYTES;
    }
}

/* Prefetches where row's lookups will go; called for each row in turn, as it walks the packed
 * keys with its own cursor. */
static void
look_ahead (RrEncodeState *st, guint row)
{
  const RrDataset *self = st->self;
  const guint8 *same = st->same + (gsize) row * st->n_digest;
  guint n_qi = self->qi->len;
  for (guint q = 0; q < n_qi; q++)
    {
      if (same[q])
        continue;
      const RrFieldKey *key = &st->keys[st->ahead_key++];
      if (st->prefetch[q])
        rr_field_map_prefetch (((const RrQiColumn *) g_ptr_array_index (self->qi, q))->raw, key);
    }
  if (self->has_person && !same[n_qi])
    rr_person_runs_prefetch (self->runs, rr_field_key_fingerprint (&st->keys[st->ahead_key++]));
}

static gboolean
qi_column_encode (RrEncodeState *st, RrQiColumn *c, guint row, gsize at, guint32 *value,
                  GError **error)
{
  if (st->same[at])
    {
      *value = c->last_value;
      return TRUE;
    }
  const RrFieldKey *key = &st->keys[st->next_key++];
  guint32 len;
  char short_value[16];
  const char *s
      = rr_field_key_is_short (key, &len) ? NULL : batch_field (st->batch, row, c->field, &len);
  gsize slot;
  if (rr_field_map_lookup (c->raw, key, s, len, value, &slot))
    {
      c->last_value = *value;
      return TRUE;
    }
  if (s == NULL)
    s = rr_field_key_short_value (key, short_value);
  if (!qi_column_add_raw (c, st->opts, s, len, key, slot, st->batch->line[row], st->scratch,
                          value, error))
    return FALSE;
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
person_append (RrDataset *self)
{
  if (self->n_persons == self->capacity)
    dataset_reserve (self, 2 * self->capacity);
  for (guint q = 0; q < self->qi->len; q++)
    {
      RrQiColumn *c = g_ptr_array_index (self->qi, q);
      rr_big_fill_ahead (c->codes, self->capacity, sizeof (guint32), self->n_persons);
      c->codes[self->n_persons] = self->row_codes[q];
    }
  rr_big_fill_ahead (self->inconsistent, self->capacity, 1, self->n_persons);
  self->inconsistent[self->n_persons++] = 0;
}

static void
inconsistent_line_add (RrDataset *self, guint64 line)
{
  if (self->inconsistent_lines->len < RR_DATASET_MAX_INCONSISTENT_LINES)
    g_array_append_val (self->inconsistent_lines, line);
}

/* A later row of the current person: compared with the person's first row. */
static void
person_compare (RrDataset *self, guint64 line)
{
  guint64 p = self->n_persons - 1;
  for (guint q = 0; q < self->qi->len; q++)
    {
      const RrQiColumn *c = g_ptr_array_index (self->qi, q);
      if (codes_equal (c->codes[p], self->row_codes[q]))
        continue;
      inconsistent_line_add (self, line);
      self->inconsistent[p] = 1;
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
 * pseudonym recurs later: see persons.h). */
static void
encode_person (RrEncodeState *st, guint row, gsize at)
{
  RrDataset *self = st->self;
  guint64 line = st->batch->line[row];
  const RrFieldKey *key = !self->has_person || st->same[at] ? NULL : &st->keys[st->next_key++];
  if (!self->has_person)
    person_append (self);
  else if (key == NULL || (row == 0 && pseudonym_repeats_last_batch (self, st->batch)))
    person_compare (self, line);
  else
    {
      rr_person_runs_add (self->runs, rr_field_key_fingerprint (key), line);
      person_append (self);
    }
}

static gboolean
encode_row (RrEncodeState *st, guint row, GError **error)
{
  RrDataset *self = st->self;
  gsize at = (gsize) row * st->n_digest;
  for (guint q = 0; q < self->qi->len; q++)
    if (!qi_column_encode (st, g_ptr_array_index (self->qi, q), row, at + q,
                           &self->row_codes[q], error))
      return FALSE;
  encode_person (st, row, at + self->qi->len);
  return TRUE;
}

static void
keep_last_pseudonym (RrDataset *self, const RrCsvBatch *b)
{
  guint32 len;
  const char *s = batch_field (b, b->n_rows - 1, self->person_field, &len);
  g_byte_array_set_size (self->last_pseudonym, 0);
  g_byte_array_append (self->last_pseudonym, (const guint8 *) s, len);
}

static gboolean
encode_batch (RrEncodeState *st, GError **error)
{
  const RrCsvBatch *b = st->batch;
  fill_digest (st);
  choose_prefetch (st);
  for (guint row = 0; row < MIN (b->n_rows, LOOKAHEAD); row++)
    look_ahead (st, row);
  for (guint row = 0; row < b->n_rows; row++)
    {
      if (row + LOOKAHEAD < b->n_rows)
        look_ahead (st, row + LOOKAHEAD);
      if (!encode_row (st, row, error))
        return FALSE;
    }
  if (st->self->has_person && b->n_rows > 0)
    keep_last_pseudonym (st->self, b);
  st->self->n_records += b->n_rows;
  return TRUE;
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
  guint n_digest;
  g_autofree guint *fields = digest_fields_new (self, &n_digest);
  rr_csv_reader_digest_fields (reader, fields, n_digest);
  g_autoptr (GArray) own_same = g_array_new (FALSE, FALSE, sizeof (guint8));
  g_autoptr (GArray) own_keys = g_array_new (FALSE, FALSE, sizeof (RrFieldKey));
  g_autofree gboolean *prefetch = g_new0 (gboolean, self->qi->len);
  RrEncodeState st = { self, opts, NULL, scratch, n_digest, fields, NULL, NULL, 0, 0, own_same,
                       own_keys, prefetch };
  gboolean progress = opts->progress && isatty (STDERR_FILENO);
  while ((st.batch = rr_csv_reader_next_batch (reader, error)) != NULL)
    {
      if (self->runs == NULL)
        dataset_size (self, reader, st.batch);
      if (!encode_batch (&st, error))
        return FALSE;
      if (progress)
        progress_show (reader, self->n_records);
    }
  if (progress)
    g_printerr ("\n");
  return error == NULL || *error == NULL;
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

static gint
compare_lines (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  return x < y ? -1 : x > y;
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
  g_array_sort (self->inconsistent_lines, compare_lines);
  g_array_set_size (self->inconsistent_lines,
                    MIN (self->inconsistent_lines->len, RR_DATASET_MAX_INCONSISTENT_LINES));
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
  rr_big_free (self->inconsistent, self->capacity, 1);
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
  g_autoptr (RrCsvReader) reader
      = rr_csv_reader_open_full (opts->path, opts->delimiter, opts->batch_bytes, error);
  if (reader == NULL)
    return NULL;
  g_autoptr (RrDataset) self = dataset_new (opts, reader, error);
  if (self == NULL || !dataset_read_all (self, opts, reader, error))
    return NULL;
  dataset_finish_persons (self);
  if (!dataset_check (self, opts, error))
    return NULL;
  self->hash = rr_csv_reader_steal_hash (reader);
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

const char *
rr_dataset_sha256 (RrDataset *self, GError **error)
{
  return rr_file_hash_finish (self->hash, error);
}

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
