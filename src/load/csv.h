/* csv.h - streaming RFC 4180 reader for CSV and TSV, plain or gzip (load stage).
 * The hot path of the whole tool: a background thread reads (and inflates) the file and splits
 * it into rows and fields, handing over batches of rows, so parsing and encoding use both cores.
 * Fields point into the batch's buffer, quotes already removed; nothing is copied per field. */
#pragma once
#include <glib.h>
#include "load/fieldmap.h"
#include "load/filehash.h"

typedef struct _RrCsvReader RrCsvReader;

/* One batch of whole rows.  Field j of row i is the len[i * n_fields + j] bytes at
 * base + start[i * n_fields + j]; fields are not NUL-terminated.  Every row has exactly
 * n_fields fields (a ragged row is an error, never a short row). */
typedef struct
{
  const char *base;
  const guint32 *start;
  const guint32 *len;
  const guint64 *line; /* 1-based physical line on which row i starts */
  guint n_rows;
  guint n_fields;
  /* The digest of the fields chosen by rr_csv_reader_digest_fields, or NULL if the batch was
   * read before they were chosen: for row i and chosen field k (at i * n_digest + k), same is
   * 1 if the field repeats row i - 1's bytes (never for row 0), else 0; keys holds the keys of
   * the fields that do not repeat, packed in that order (row by row, k by k), n_keys of them.
   * Packed, because most fields of an episode row repeat: the keys the caller's thread reads
   * from the reader's are half as many bytes as one per field would be. */
  const guint8 *same;
  const RrFieldKey *keys;
  guint n_digest;
  gsize n_keys;
} RrCsvBatch;

/* Opens path and reads its header row.  Gzip input is recognised by its magic bytes, not its
 * name.  delimiter 0 chooses by name: ".tsv"/".tab" (before any ".gz") mean TAB, else ','.
 * Errors: G_FILE_ERROR (cannot open), RR_ERROR_PARSE "FILE:LINE:COL: ..." (empty file, bad header,
 * invalid UTF-8, truncated gzip...). */
RrCsvReader *rr_csv_reader_open (const char *path, char delimiter, GError **error);

/* Also: fields are valid UTF-8 without NUL bytes; blank lines and a leading UTF-8 byte order
 * mark are skipped (line numbers still count them); a quote inside an unquoted field is data.
 * doc/csv.md lists the accepted format and every message.  Opening starts two threads (reading
 * and SHA-256) and reads about one batch before returning; freeing stops them, even mid-file.
 * The 16 bytes from a field's start can always be read, even past the field's end (the batch's
 * text has 16 bytes of slack): the loader reads short fields as two 64-bit words. */

/* The default size of a batch's text buffer; a batch holds the whole rows that fit in it. */
#define RR_CSV_BATCH_BYTES_DEFAULT (2u << 20)

/* As rr_csv_reader_open, with the size of a batch's buffer in bytes (0 means
 * RR_CSV_BATCH_BYTES_DEFAULT; values are clamped to [16, 64 MiB]).  A row may grow to 16 batch
 * sizes (32 MiB by default) before it is an error.  Tests use tiny batches to put rows, quoted
 * newlines and gzip members across batch boundaries. */
RrCsvReader *rr_csv_reader_open_full (const char *path, char delimiter, gsize batch_bytes,
                                      GError **error);

/* As rr_csv_reader_open_full, reading bytes from memory instead of a file (the fuzz target uses
 * it).  name stands for the path in error messages and in choosing the delimiter.  The reader
 * takes a reference to bytes. */
RrCsvReader *rr_csv_reader_open_bytes (GBytes *bytes, const char *name, char delimiter,
                                       gsize batch_bytes, GError **error);

/* The header's field names, NULL-terminated; borrowed for the reader's lifetime. */
const char *const *rr_csv_reader_header (const RrCsvReader *self);
guint rr_csv_reader_n_fields (const RrCsvReader *self);

/* Asks the reader thread to digest fields[0..n) of every row of the batches it reads from now
 * on (see RrCsvBatch): it hashes them while their text is in its cache, which takes that work
 * off the caller's thread.  Call at most once; fields are copied. */
void rr_csv_reader_digest_fields (RrCsvReader *self, const guint *fields, guint n);
/* Digests fields[0..n) of batch's rows into same and keys (room for n_rows * n entries each),
 * as the reader thread does: for a batch read before the fields were chosen.  Returns the
 * number of keys written. */
gsize rr_csv_batch_digest (const RrCsvBatch *batch, const guint *fields, guint n, guint8 *same,
                           RrFieldKey *keys);

/* The next batch, borrowed until the next call or rr_csv_reader_free.  Returns NULL at end of
 * input (error unset) or on failure (error set: RR_ERROR_PARSE "FILE:LINE:COL: what", where COL
 * is the 1-based field number; or RR_ERROR_IO). */
const RrCsvBatch *rr_csv_reader_next_batch (RrCsvReader *self, GError **error);

/* Bytes of the file consumed so far (compressed bytes for gzip): for progress reports. */
guint64 rr_csv_reader_bytes_consumed (const RrCsvReader *self);
/* The file's size on disk in bytes. */
guint64 rr_csv_reader_file_size (const RrCsvReader *self);
gboolean rr_csv_reader_is_gzip (const RrCsvReader *self);
/* The delimiter in use (',' or '\t'). */
char rr_csv_reader_delimiter (const RrCsvReader *self);
/* Lowercase hex SHA-256 of the file's bytes as stored on disk, once rr_csv_reader_next_batch
 * has returned NULL without error (else NULL, error unset); borrowed.  A regular file is hashed
 * by an idle-priority thread from the open on, finished here (load/filehash.h, with its error:
 * the file changed while it was read). */
const char *rr_csv_reader_sha256 (RrCsvReader *self, GError **error);
/* The same hash, still running, for an owner that outlives the reader (the dataset); NULL
 * before the end of input or after an error. */
RrFileHash *rr_csv_reader_steal_hash (RrCsvReader *self);
/* The file's path as given (for error messages); borrowed. */
const char *rr_csv_reader_path (const RrCsvReader *self);

void rr_csv_reader_free (RrCsvReader *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrCsvReader, rr_csv_reader_free)
