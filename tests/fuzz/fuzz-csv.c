/* fuzz-csv.c - libFuzzer target for the streaming CSV reader (load stage).
 * The first input byte picks a tiny batch size, the delimiter and an early stop; the rest is
 * the file.  Each input is read twice, with that batch size and with one larger than any input
 * (FUZZ_WHOLE_BYTES; run with -max_len=4096): the rows, the SHA-256 and any error must not
 * depend on where batch boundaries fall. */
#include "config.h"
#include "load/csv.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Larger than -max_len, so the whole input is one batch; smaller than the default so that
 * ASan's cost of allocating 4 MiB buffers does not dominate each run. */
#define FUZZ_WHOLE_BYTES (64u << 10)

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef struct
{
  GChecksum *rows; /* every field, length-prefixed, with its row's line number */
  GError *error;
  char *sha256;
  guint64 n_rows;
} FuzzRead;

static void
check_batch (const RrCsvBatch *b, GChecksum *sum)
{
  for (guint i = 0; i < b->n_rows; i++)
    {
      g_checksum_update (sum, (const guchar *) &b->line[i], sizeof b->line[i]);
      for (guint f = 0; f < b->n_fields; f++)
        {
          gsize at = (gsize) i * b->n_fields + f;
          const char *s = b->base + b->start[at];
          /* Fields are valid UTF-8 without NUL: the reader promises it. */
          if (!g_utf8_validate_len (s, b->len[at], NULL) || memchr (s, 0, b->len[at]) != NULL)
            abort ();
          g_checksum_update (sum, (const guchar *) &b->len[at], sizeof b->len[at]);
          g_checksum_update (sum, (const guchar *) s, b->len[at]);
        }
      if (i > 0 && b->line[i] <= b->line[i - 1])
        abort ();
    }
}

static void
fuzz_read (GBytes *bytes, char delim, gsize batch_bytes, gboolean stop_early, FuzzRead *out)
{
  out->rows = g_checksum_new (G_CHECKSUM_SHA256);
  RrCsvReader *r = rr_csv_reader_open_bytes (bytes, "fuzz.csv", delim, batch_bytes, &out->error);
  if (r == NULL)
    return;
  const char *const *header = rr_csv_reader_header (r);
  if (g_strv_length ((char **) header) != rr_csv_reader_n_fields (r))
    abort ();
  const RrCsvBatch *b;
  while ((b = rr_csv_reader_next_batch (r, &out->error)) != NULL)
    {
      check_batch (b, out->rows);
      out->n_rows += b->n_rows;
      if (stop_early)
        break; /* rr_csv_reader_free must stop the reader thread mid-file */
    }
  out->sha256 = g_strdup (rr_csv_reader_sha256 (r, NULL));
  rr_csv_reader_free (r);
}

static void
fuzz_read_clear (FuzzRead *f)
{
  g_checksum_free (f->rows);
  g_clear_error (&f->error);
  g_free (f->sha256);
}

/* A row may grow to 16 batch sizes, so tiny batches alone may meet this error. */
static gboolean
is_length_error (const GError *e)
{
  return e != NULL && (strstr (e->message, "row longer than") != NULL
                       || strstr (e->message, "no closing quote within") != NULL);
}

static void
compare (const FuzzRead *tiny, const FuzzRead *whole)
{
  if (is_length_error (tiny->error) && !is_length_error (whole->error))
    return;
  if ((tiny->error == NULL) != (whole->error == NULL))
    abort ();
  if (tiny->error != NULL && strcmp (tiny->error->message, whole->error->message) != 0)
    abort ();
  if (tiny->error == NULL && (g_strcmp0 (tiny->sha256, whole->sha256) != 0
                              || strcmp (g_checksum_get_string (tiny->rows),
                                         g_checksum_get_string (whole->rows)) != 0))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 1)
    return 0;
  gsize batch_bytes = 16 + (data[0] & 0x3f);
  char delim = (data[0] & 0x40) ? '\t' : ',';
  gboolean stop_early = (data[0] & 0x80) != 0;
  GBytes *bytes = g_bytes_new (data + 1, size - 1);
  FuzzRead tiny = { 0 }, whole = { 0 };
  fuzz_read (bytes, delim, batch_bytes, stop_early, &tiny);
  if (!stop_early)
    {
      fuzz_read (bytes, delim, FUZZ_WHOLE_BYTES, FALSE, &whole);
      compare (&tiny, &whole);
      fuzz_read_clear (&whole);
    }
  fuzz_read_clear (&tiny);
  g_bytes_unref (bytes);
  return 0;
}
