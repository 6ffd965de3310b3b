/* test-csv.c - the load stage's streaming CSV/TSV/gzip reader: fields, line numbers, batch
 * boundaries, the SHA-256 of the raw bytes, and every error with its place. */
#include "config.h"
#include <criterion/criterion.h>
#include <glib/gstdio.h>
#include <string.h>
#include <zlib.h>
#include "load/csv.h"
#include "util/error.h"

#define DATA TEST_DATA_DIR "/load/"

/* All rows of a file, each a NULL-terminated GStrv, with their line numbers. */
typedef struct
{
  GPtrArray *rows;
  GArray *lines;
  guint n_batches;
} Table;

static void
table_clear (Table *t)
{
  g_clear_pointer (&t->rows, g_ptr_array_unref);
  g_clear_pointer (&t->lines, g_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Table, table_clear)

static void
table_add_batch (Table *t, const RrCsvBatch *b)
{
  t->n_batches++;
  for (guint i = 0; i < b->n_rows; i++)
    {
      char **row = g_new0 (char *, b->n_fields + 1);
      for (guint f = 0; f < b->n_fields; f++)
        {
          gsize at = (gsize) i * b->n_fields + f;
          row[f] = g_strndup (b->base + b->start[at], b->len[at]);
        }
      g_ptr_array_add (t->rows, row);
      g_array_append_val (t->lines, b->line[i]);
    }
}

/* Reads every batch of an open reader; FALSE with error set if reading fails. */
static gboolean
table_read (Table *t, RrCsvReader *r, GError **error)
{
  t->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  t->lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  const RrCsvBatch *b;
  while ((b = rr_csv_reader_next_batch (r, error)) != NULL)
    table_add_batch (t, b);
  return *error == NULL;
}

static const char *
cell (const Table *t, guint row, guint field)
{
  return ((char **) g_ptr_array_index (t->rows, row))[field];
}

static guint64
line_of (const Table *t, guint row)
{
  return g_array_index (t->lines, guint64, row);
}

static RrCsvReader *
open_ok (const char *path, gsize batch_bytes)
{
  GError *error = NULL;
  RrCsvReader *r = rr_csv_reader_open_full (path, 0, batch_bytes, &error);
  cr_assert_null (error, "%s", error ? error->message : "");
  cr_assert_not_null (r);
  return r;
}

static void
read_ok (Table *t, const char *path, gsize batch_bytes)
{
  g_autoptr (RrCsvReader) r = open_ok (path, batch_bytes);
  GError *error = NULL;
  cr_assert (table_read (t, r, &error), "%s", error ? error->message : "");
}

/* Reads path to the end and returns the error that stopped it (from open or from a batch). */
static GError *
read_error (const char *path, gsize batch_bytes)
{
  GError *error = NULL;
  g_autoptr (RrCsvReader) r = rr_csv_reader_open_full (path, 0, batch_bytes, &error);
  if (r == NULL)
    return error;
  g_auto (Table) t = { 0 };
  cr_assert_not (table_read (&t, r, &error), "reading %s should fail", path);
  cr_assert_null (rr_csv_reader_sha256 (r, NULL));
  return error;
}

static void
assert_parse_error (const char *path, gsize batch_bytes, const char *message)
{
  g_autoptr (GError) error = read_error (path, batch_bytes);
  cr_assert_not_null (error);
  cr_assert_eq (error->domain, RR_ERROR, "%s", error->message);
  cr_assert_eq (error->code, RR_ERROR_PARSE, "%s", error->message);
  cr_assert_str_eq (error->message, message);
}

/* The same error with the default batch and with every batch size from 16 to 40 bytes, so that
 * each row, quote and bad byte falls across a batch boundary somewhere. */
static void
assert_parse_error_any_batch (const char *path, const char *message)
{
  assert_parse_error (path, 0, message);
  for (gsize bytes = 16; bytes <= 40; bytes++)
    assert_parse_error (path, bytes, message);
}

/* A file with the given bytes in a fresh temporary directory; the caller unlinks it. */
static char *
write_temp (const char *name, const char *data, gsize len)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-csv-XXXXXX", &error);
  cr_assert_not_null (dir);
  char *path = g_build_filename (dir, name, NULL);
  cr_assert (g_file_set_contents (path, data, (gssize) len, &error));
  return path;
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_unlink (path);
  g_rmdir (dir);
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;
  cr_assert (g_file_get_contents (path, &data, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

/* ---- Fields and line numbers ---- */

Test (csv, quoted_field_keeps_embedded_comma)
{
  g_auto (Table) t = { 0 };
  read_ok (&t, DATA "quoted.csv", 0);
  cr_assert_eq (t.rows->len, 4);
  cr_assert_str_eq (cell (&t, 0, 0), "1");
  cr_assert_str_eq (cell (&t, 0, 1), "Smith, John");
  cr_assert_str_eq (cell (&t, 0, 2), "plain");
}

Test (csv, doubled_quotes_become_one)
{
  g_auto (Table) t = { 0 };
  read_ok (&t, DATA "quoted.csv", 0);
  cr_assert_str_eq (cell (&t, 1, 1), "O\"Brien");
  cr_assert_str_eq (cell (&t, 1, 2), "said \"hi\"");
  cr_assert_str_eq (cell (&t, 3, 2), "last, \"really\"");
}

Test (csv, embedded_newline_keeps_later_line_numbers)
{
  g_auto (Table) t = { 0 };
  read_ok (&t, DATA "quoted.csv", 0);
  cr_assert_str_eq (cell (&t, 2, 1), "two\nlines");
  cr_assert_str_eq (cell (&t, 2, 2), "after");
  cr_assert_eq (line_of (&t, 0), 2);
  cr_assert_eq (line_of (&t, 2), 4);
  cr_assert_eq (line_of (&t, 3), 6);
  cr_assert_str_eq (cell (&t, 3, 1), "Zoë");
}

Test (csv, crlf_line_ends_are_removed_but_kept_inside_quotes)
{
  g_auto (Table) t = { 0 };
  read_ok (&t, DATA "crlf.csv", 0);
  g_autoptr (RrCsvReader) r = open_ok (DATA "crlf.csv", 0);
  cr_assert_str_eq (rr_csv_reader_header (r)[2], "sex");
  cr_assert_eq (t.rows->len, 2);
  cr_assert_str_eq (cell (&t, 0, 2), "F");
  cr_assert_str_eq (cell (&t, 1, 0), "M1\r\n1AE");
  cr_assert_str_eq (cell (&t, 1, 2), "M");
  cr_assert_eq (line_of (&t, 1), 3);
}

Test (csv, quote_inside_unquoted_field_is_kept_as_data)
{
  g_auto (Table) t = { 0 };
  read_ok (&t, DATA "quote-in-field.csv", 0);
  cr_assert_str_eq (cell (&t, 0, 1), "5'10\"");
  cr_assert_str_eq (cell (&t, 1, 1), "say \"hi\"");
}

Test (csv, byte_order_mark_and_blank_lines_are_skipped)
{
  g_auto (Table) t = { 0 };
  read_ok (&t, DATA "bom-blank.csv", 0);
  g_autoptr (RrCsvReader) r = open_ok (DATA "bom-blank.csv", 0);
  cr_assert_str_eq (rr_csv_reader_header (r)[0], "postcode");
  cr_assert_eq (t.rows->len, 2);
  cr_assert_str_eq (cell (&t, 1, 0), "EH1 1YZ");
  cr_assert_eq (line_of (&t, 0), 3);
  cr_assert_eq (line_of (&t, 1), 6);
}

Test (csv, tsv_is_chosen_by_extension)
{
  g_autoptr (RrCsvReader) r = open_ok (DATA "people.tsv", 0);
  cr_assert_eq (rr_csv_reader_delimiter (r), '\t');
  cr_assert_eq (rr_csv_reader_n_fields (r), 3);
  g_auto (Table) t = { 0 };
  read_ok (&t, DATA "people.tsv.gz", 0);
  cr_assert_eq (t.rows->len, 2);
  cr_assert_str_eq (cell (&t, 1, 1), "1990-07-31");
  g_autoptr (RrCsvReader) c = open_ok (DATA "people.csv", 0);
  cr_assert_eq (rr_csv_reader_delimiter (c), ',');
}

Test (csv, explicit_delimiter_overrides_extension)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrCsvReader) r = rr_csv_reader_open (DATA "people.csv", '\t', &error);
  cr_assert_not_null (r);
  cr_assert_eq (rr_csv_reader_n_fields (r), 1);
  cr_assert_str_eq (rr_csv_reader_header (r)[0], "postcode,dob,sex");
}

Test (csv, gzip_is_recognised_by_magic_bytes_not_name)
{
  g_auto (Table) plain = { 0 };
  g_auto (Table) zipped = { 0 };
  read_ok (&plain, DATA "people.csv", 0);
  read_ok (&zipped, DATA "people-gz.csv", 0);
  g_autoptr (RrCsvReader) r = open_ok (DATA "people-gz.csv", 0);
  cr_assert (rr_csv_reader_is_gzip (r));
  cr_assert_eq (zipped.rows->len, 3);
  for (guint i = 0; i < 3; i++)
    for (guint f = 0; f < 3; f++)
      cr_assert_str_eq (cell (&zipped, i, f), cell (&plain, i, f));
  g_autoptr (RrCsvReader) p = open_ok (DATA "people.csv", 0);
  cr_assert_not (rr_csv_reader_is_gzip (p));
}

Test (csv, concatenated_gzip_members_are_one_stream)
{
  g_auto (Table) t = { 0 };
  read_ok (&t, DATA "two-members.csv.gz", 0);
  cr_assert_eq (t.rows->len, 3);
  cr_assert_str_eq (cell (&t, 0, 2), "F");
  cr_assert_str_eq (cell (&t, 1, 0), "EH1 1YZ");
  cr_assert_eq (line_of (&t, 2), 4);
}

/* Gzip of text with long repeats, made with zlib's deflate (gzip framing). */
static GByteArray *
gzip_of (const char *text, gsize len)
{
  z_stream zs = { 0 };
  cr_assert_eq (deflateInit2 (&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  GByteArray *out = g_byte_array_sized_new ((guint) deflateBound (&zs, len));
  g_byte_array_set_size (out, (guint) deflateBound (&zs, len));
  zs.next_in = (Bytef *) text;
  zs.avail_in = (uInt) len;
  zs.next_out = out->data;
  zs.avail_out = out->len;
  cr_assert_eq (deflate (&zs, Z_FINISH), Z_STREAM_END);
  g_byte_array_set_size (out, (guint) zs.total_out);
  deflateEnd (&zs);
  return out;
}

/* Lines in what zlib makes of data in one call with ample room: the oracle for where a
 * truncated stream's text stops. */
static guint64
inflated_lines (const guchar *data, gsize len)
{
  z_stream zs = { 0 };
  cr_assert_eq (inflateInit2 (&zs, 16 + MAX_WBITS), Z_OK);
  g_autofree char *out = g_malloc (1u << 20);
  zs.next_in = (Bytef *) data;
  zs.avail_in = (uInt) len;
  zs.next_out = (Bytef *) out;
  zs.avail_out = 1u << 20;
  cr_assert_eq (inflate (&zs, Z_NO_FLUSH), Z_OK);
  guint64 lines = 1;
  for (gsize i = 0; i < zs.total_out; i++)
    lines += out[i] == '\n';
  inflateEnd (&zs);
  return lines;
}

/* Long matches leave inflate holding output when a small batch fills up; it must be drained
 * before more input is read, or a truncated stream is reported at too early a line. */
Test (csv, gzip_output_held_by_inflate_is_not_lost)
{
  GString *text = g_string_new ("pseudonym,postcode,dob\n");
  for (guint i = 0; i < 400; i++)
    g_string_append_printf (text, "P%04u,LS6 2AB,1975-03-14\n", i % 7);
  g_autoptr (GByteArray) gz = gzip_of (text->str, text->len);
  g_string_free (text, TRUE);
  g_autofree char *path = write_temp ("repeats.csv.gz", (const char *) gz->data, gz->len);
  g_autofree char *cut = write_temp ("cut.csv.gz", (const char *) gz->data, gz->len - 12);
  guint64 line = inflated_lines (gz->data, gz->len - 12);
  g_autofree char *want
      = g_strdup_printf ("%s:%" G_GUINT64_FORMAT ": truncated gzip stream", cut, line);
  cr_assert_gt (line, 300);
  for (gsize bytes = 16; bytes <= 300; bytes += 1)
    {
      g_auto (Table) t = { 0 };
      read_ok (&t, path, bytes);
      cr_assert_eq (t.rows->len, 400, "%zu-byte batches", bytes);
      cr_assert_eq (line_of (&t, 399), 401);
      assert_parse_error (cut, bytes, want);
    }
  remove_temp (path);
  remove_temp (cut);
}

Test (csv, header_only_gives_no_batches_and_no_error)
{
  g_autoptr (RrCsvReader) r = open_ok (DATA "header-only.csv", 0);
  cr_assert_eq (rr_csv_reader_n_fields (r), 3);
  GError *error = NULL;
  cr_assert_null (rr_csv_reader_next_batch (r, &error));
  cr_assert_null (error);
  cr_assert_not_null (rr_csv_reader_sha256 (r, NULL));
}

/* Every batch size from the smallest up puts row, field, quote, CRLF and gzip-member
 * boundaries at every offset; the rows must not depend on it. */
Test (csv, rows_do_not_depend_on_batch_boundaries)
{
  const char *files[] = { "quoted.csv", "crlf.csv", "bom-blank.csv", "two-members.csv.gz" };
  for (guint k = 0; k < G_N_ELEMENTS (files); k++)
    {
      g_autofree char *path = g_strconcat (DATA, files[k], NULL);
      g_auto (Table) whole = { 0 };
      read_ok (&whole, path, 0);
      cr_assert_eq (whole.n_batches, 1);
      for (gsize bytes = 16; bytes <= 40; bytes++)
        {
          g_auto (Table) t = { 0 };
          read_ok (&t, path, bytes);
          cr_assert_eq (t.rows->len, whole.rows->len, "%s with %zu-byte batches", path, bytes);
          for (guint i = 0; i < t.rows->len; i++)
            {
              cr_assert_eq (line_of (&t, i), line_of (&whole, i));
              cr_assert (g_strv_equal (g_ptr_array_index (t.rows, i),
                                       g_ptr_array_index (whole.rows, i)),
                         "%s row %u with %zu-byte batches", path, i, bytes);
            }
        }
    }
}

Test (csv, row_longer_than_a_batch_spans_batches)
{
  g_autofree char *longv = g_strnfill (100, 'x');
  GString *text = g_string_new (NULL);
  g_string_printf (text, "a,b\n1,\"%s\n%s\"\n", longv, longv);
  for (guint i = 0; i < 40; i++)
    g_string_append (text, "2,3\n");
  g_autofree char *path = write_temp ("long.csv", text->str, text->len);
  g_string_free (text, TRUE);
  g_auto (Table) t = { 0 };
  read_ok (&t, path, 16);
  remove_temp (path);
  cr_assert_eq (t.rows->len, 41);
  cr_assert_str_eq (cell (&t, 40, 1), "3");
  cr_assert_eq (strlen (cell (&t, 0, 1)), 201);
  cr_assert_eq (cell (&t, 0, 1)[100], '\n');
  cr_assert_eq (line_of (&t, 1), 4);
  cr_assert_gt (t.n_batches, 1);
}

Test (csv, sha256_equals_gchecksum_of_the_raw_file)
{
  const char *files[] = { "quoted.csv", "people.csv.gz", "two-members.csv.gz" };
  for (guint k = 0; k < G_N_ELEMENTS (files); k++)
    for (gsize bytes = 0; bytes <= 16; bytes += 16)
      {
        g_autofree char *path = g_strconcat (DATA, files[k], NULL);
        g_autofree char *want = file_sha256 (path);
        g_autoptr (RrCsvReader) r = open_ok (path, bytes);
        cr_assert_null (rr_csv_reader_sha256 (r, NULL));
        g_auto (Table) t = { 0 };
        GError *error = NULL;
        cr_assert (table_read (&t, r, &error));
        cr_assert_str_eq (rr_csv_reader_sha256 (r, NULL), want);
        cr_assert_eq (rr_csv_reader_bytes_consumed (r), rr_csv_reader_file_size (r));
      }
}

Test (csv, opening_twice_gives_the_same_rows)
{
  g_auto (Table) a = { 0 };
  g_auto (Table) b = { 0 };
  read_ok (&a, DATA "quoted.csv", 0);
  read_ok (&b, DATA "quoted.csv", 0);
  cr_assert_eq (a.rows->len, b.rows->len);
  cr_assert_str_eq (cell (&a, 2, 1), cell (&b, 2, 1));
}

/* Freeing after the first of many batches must stop the reader thread (and, under ASan,
 * leak nothing). */
Test (csv, free_mid_file_stops_the_reader)
{
  GString *text = g_string_new ("pseudonym,postcode\n");
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "P%07u,\"LS%u %uAB\"\n", i * 7919u % 9999991u, i % 29, i % 9);
  g_autofree char *path = write_temp ("many.csv", text->str, text->len);
  g_string_free (text, TRUE);
  for (guint k = 0; k < 3; k++)
    {
      g_autoptr (RrCsvReader) r = open_ok (path, 256);
      GError *error = NULL;
      const RrCsvBatch *b = rr_csv_reader_next_batch (r, &error);
      cr_assert_not_null (b);
      cr_assert_eq (b->n_fields, 2);
      cr_assert_eq (b->line[0], 2);
      cr_assert_eq (memcmp (b->base + b->start[0], "P0000000", 8), 0);
      cr_assert_eq (memcmp (b->base + b->start[3], "LS1 1AB", 7), 0);
      cr_assert_lt (rr_csv_reader_bytes_consumed (r), rr_csv_reader_file_size (r));
    }
  remove_temp (path);
}

Test (csv, bytes_input_reads_like_a_file)
{
  static const char text[] = "k\tv\nx\t\"y\"\"z\"\n";
  g_autoptr (GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
  GError *error = NULL;
  g_autoptr (RrCsvReader) r = rr_csv_reader_open_bytes (bytes, "mem.tab", 0, 16, &error);
  cr_assert_not_null (r);
  g_auto (Table) t = { 0 };
  cr_assert (table_read (&t, r, &error));
  cr_assert_str_eq (cell (&t, 0, 1), "y\"z");
  g_autofree char *want = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  cr_assert_str_eq (rr_csv_reader_sha256 (r, NULL), want);
}

/* ---- Errors ---- */

Test (csv, missing_file_is_a_file_error)
{
  GError *error = NULL;
  RrCsvReader *r = rr_csv_reader_open (DATA "no-such-file.csv", 0, &error);
  cr_assert_null (r);
  cr_assert_eq (error->domain, G_FILE_ERROR);
  cr_assert_eq (error->code, G_FILE_ERROR_NOENT);
  g_autofree char *want = g_strdup_printf ("%s: cannot open: %s", DATA "no-such-file.csv",
                                           g_strerror (ENOENT));
  cr_assert_str_eq (error->message, want);
  g_error_free (error);
}

Test (csv, directory_is_a_file_error)
{
  g_autoptr (GError) error = NULL;
  cr_assert_null (rr_csv_reader_open (DATA, 0, &error));
  cr_assert_eq (error->domain, G_FILE_ERROR);
  cr_assert_eq (error->code, G_FILE_ERROR_ISDIR);
}

Test (csv, empty_file_has_no_header_row)
{
  assert_parse_error (DATA "empty.csv", 0, DATA "empty.csv:1: empty file: no header row");
}

Test (csv, ragged_row_names_line_and_first_missing_field)
{
  assert_parse_error_any_batch (DATA "ragged.csv",
                                DATA "ragged.csv:4:3: ragged row: expected 3 fields (as in the "
                                     "header), found 2");
}

Test (csv, ragged_row_names_the_first_extra_field)
{
  assert_parse_error_any_batch (DATA "ragged-long.csv",
                      DATA "ragged-long.csv:2:4: ragged row: expected 3 fields (as in the "
                           "header), found 4");
}

Test (csv, unterminated_quote_names_the_line_where_it_opened)
{
  const char *want = DATA "unterminated.csv:3:2: unterminated quoted field: no closing quote "
                          "before the end of the file";
  assert_parse_error_any_batch (DATA "unterminated.csv", want);
}

Test (csv, unterminated_quote_stops_at_the_longest_row)
{
  GString *text = g_string_new ("a,b\n1,2\n3,\"open\n");
  for (guint i = 0; i < 200; i++)
    g_string_append (text, "4,5\n");
  g_autofree char *path = write_temp ("stray.csv", text->str, text->len);
  g_string_free (text, TRUE);
  g_autofree char *want = g_strdup_printf ("%s:3:2: unterminated quoted field: no closing "
                                           "quote within 256 bytes",
                                           path);
  /* 16-byte batches: a row may grow to 16 of them. */
  assert_parse_error (path, 16, want);
  remove_temp (path);
}

Test (csv, unquoted_row_longer_than_the_limit_is_an_error)
{
  g_autofree char *longv = g_strnfill (300, 'y');
  g_autofree char *text = g_strdup_printf ("a\n1\n%s\n", longv);
  g_autofree char *path = write_temp ("longrow.csv", text, strlen (text));
  g_autofree char *want = g_strdup_printf ("%s:3: row longer than 256 bytes", path);
  assert_parse_error (path, 16, want);
  remove_temp (path);
}

/* The NUL is the character right after a closing quote: the bad byte is the better report,
 * also when the NUL is the last byte of a batch (the quoted line break before it lets the
 * scanner judge the row before its end is in the batch). */
Test (csv, nul_right_after_closing_quote_is_binary_data)
{
  static const char text[] = "a,b\n\"p\nq\",\"x\"\"y\"\0z\n";
  g_autofree char *path = write_temp ("quote-nul.csv", text, sizeof text - 1);
  g_autofree char *want = g_strdup_printf ("%s:3:2: binary data (NUL byte)", path);
  assert_parse_error_any_batch (path, want);
  remove_temp (path);
}

Test (csv, bad_utf8_right_after_closing_quote_is_invalid_utf8)
{
  static const char text[] = "a,b\n\"p\nq\",\"x\"\"y\"\xc3(z\n";
  g_autofree char *path = write_temp ("quote-utf8.csv", text, sizeof text - 1);
  g_autofree char *want = g_strdup_printf (
    "%s:3:2: invalid UTF-8 (byte 0xc3): the file must be UTF-8 text", path);
  assert_parse_error_any_batch (path, want);
  remove_temp (path);
}

/* CR after a closing quote but no LF after it: the malformed quote comes before the bad byte,
 * also when a batch ends after the CR. */
Test (csv, cr_without_lf_after_closing_quote_comes_before_bad_byte)
{
  static const char text[] = "a,b\n1,\"x\"\r\x93\x93\x93\x93\x93\x93\x93\x93\x93\n";
  g_autofree char *path = write_temp ("quote-cr.csv", text, sizeof text - 1);
  g_autofree char *want = g_strdup_printf ("%s:2:2: unexpected character after the closing "
                                           "quote of a quoted field",
                                           path);
  assert_parse_error_any_batch (path, want);
  remove_temp (path);
}

Test (csv, text_after_closing_quote_is_an_error)
{
  assert_parse_error_any_batch (DATA "after-quote.csv",
                      DATA "after-quote.csv:2:2: unexpected character after the closing quote "
                           "of a quoted field");
}

Test (csv, duplicate_column_name_is_an_error)
{
  assert_parse_error_any_batch (DATA "duplicate-header.csv",
                      DATA "duplicate-header.csv:1:3: duplicate column name 'postcode' (also "
                           "column 1)");
}

Test (csv, invalid_utf8_names_line_and_field)
{
  static const char text[] = "name,town\nZoë,Leeds\n\"multi\nline\",Bradford\nAl,Caf\xe9 X\n";
  g_autofree char *path = write_temp ("latin1.csv", text, sizeof text - 1);
  g_autofree char *want = g_strdup_printf (
    "%s:5:2: invalid UTF-8 (byte 0xe9): the file must be UTF-8 text", path);
  assert_parse_error_any_batch (path, want);
  remove_temp (path);
}

/* A valid two-byte character followed by stray continuation bytes, at every offset from a batch
 * boundary: the error must name the first stray byte (0x9e), never the valid lead byte. */
Test (csv, invalid_utf8_is_found_at_the_same_byte_whatever_the_batch_size)
{
  static const char text[] = "name,town\nZoe,Leeds\nAl,x\xde\x8c\x9e\x96\x9b\x90y\n";
  g_autofree char *path = write_temp ("stray.csv", text, sizeof text - 1);
  g_autofree char *want = g_strdup_printf (
    "%s:3:2: invalid UTF-8 (byte 0x9e): the file must be UTF-8 text", path);
  assert_parse_error_any_batch (path, want);
  remove_temp (path);
}

Test (csv, invalid_utf8_in_header_is_an_error)
{
  static const char text[] = "na\xffme,town\nZoe,Leeds\n";
  g_autofree char *path = write_temp ("badhead.csv", text, sizeof text - 1);
  g_autofree char *want = g_strdup_printf (
    "%s:1:1: invalid UTF-8 (byte 0xff): the file must be UTF-8 text", path);
  assert_parse_error (path, 0, want);
  remove_temp (path);
}

Test (csv, nul_byte_is_binary_data)
{
  static const char text[] = "name,town\nZoe,Leeds\nAl,\"Ha\nlifax\",x\0y\n";
  g_autofree char *path = write_temp ("nul.csv", text, sizeof text - 1);
  g_autofree char *want = g_strdup_printf ("%s:4:3: binary data (NUL byte)", path);
  /* The row is also ragged (4 fields), but the NUL comes first in the message. */
  assert_parse_error_any_batch (path, want);
  remove_temp (path);
}

Test (csv, binary_garbage_without_newlines_stops_early)
{
  guchar junk[4096];
  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (guchar) ((i * 2654435761u) >> 13);
  junk[0] = 'P', junk[1] = 'K', junk[2] = 3, junk[3] = 4;
  for (guint i = 0; i < sizeof junk; i++)
    if (junk[i] == '\n' || junk[i] == 0 || junk[i] == '"')
      junk[i] = 'z';
  junk[3000] = 0;
  g_autofree char *path = write_temp ("junk.csv", (const char *) junk, sizeof junk);
  g_autoptr (GError) error = read_error (path, 64);
  cr_assert_eq (error->domain, RR_ERROR);
  cr_assert_eq (error->code, RR_ERROR_PARSE);
  g_autofree char *prefix = g_strdup_printf ("%s:1:", path);
  cr_assert (g_str_has_prefix (error->message, prefix), "%s", error->message);
  cr_assert (strstr (error->message, "invalid UTF-8") != NULL, "%s", error->message);
  remove_temp (path);
}

Test (csv, truncated_gzip_is_an_error)
{
  assert_parse_error_any_batch (DATA "truncated.csv.gz",
                                DATA "truncated.csv.gz:2: truncated gzip stream");
}

Test (csv, corrupt_gzip_is_an_error)
{
  g_autoptr (GError) error = read_error (DATA "corrupt.csv.gz", 0);
  cr_assert_eq (error->domain, RR_ERROR);
  cr_assert_eq (error->code, RR_ERROR_PARSE);
  cr_assert (g_str_has_prefix (error->message, DATA "corrupt.csv.gz:"), "%s", error->message);
  cr_assert (strstr (error->message, ": corrupt gzip data: ") != NULL, "%s", error->message);
}

/* The text decodes to a ragged row, but the CRC shows the stream is corrupt: the corruption is
 * what is wrong, and it must be reported whatever the batch size. */
Test (csv, corrupt_gzip_wins_over_the_garbage_it_decodes_to)
{
  const char *want = DATA "bad-crc.csv.gz:7: corrupt gzip data: incorrect data check";
  assert_parse_error_any_batch (DATA "bad-crc.csv.gz", want);
}

Test (csv, trailing_garbage_after_gzip_is_corrupt)
{
  g_autofree char *gz = NULL;
  gsize len;
  cr_assert (g_file_get_contents (DATA "people.csv.gz", &gz, &len, NULL));
  g_autofree char *text = g_malloc (len + 4);
  memcpy (text, gz, len);
  memcpy (text + len, "junk", 4);
  g_autofree char *path = write_temp ("tail.csv.gz", text, len + 4);
  g_autofree char *want = g_strdup_printf ("%s:5: corrupt gzip data: incorrect header check",
                                           path);
  assert_parse_error (path, 0, want);
  remove_temp (path);
}

/* ---- Digests ---- */

/* Once asked, the reader thread digests every later batch: each chosen field's repeat flag and
 * key must be what the caller would compute from the batch itself, the keys packed in field
 * order, one per field that does not repeat. */
Test (csv, digest_of_chosen_fields_matches_the_fields)
{
  GString *text = g_string_new ("pid,postcode,dob,note\n");
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (text, "P%05u,LS%u 2AB,19%02u-03-07,\"note, %u\"\n", i / 3, i / 7 % 9,
                            i / 5 % 100, i);
  g_autofree char *path = write_temp ("digest.csv", text->str, text->len);
  g_string_free (text, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (RrCsvReader) r = rr_csv_reader_open_full (path, 0, 4096, &error);
  cr_assert_not_null (r);
  static const guint fields[] = { 0, 1, 3 };
  rr_csv_reader_digest_fields (r, fields, G_N_ELEMENTS (fields));
  const RrCsvBatch *b;
  guint digested = 0, rows = 0;
  while ((b = rr_csv_reader_next_batch (r, &error)) != NULL)
    {
      rows += b->n_rows;
      if (b->keys == NULL)
        continue;
      digested++;
      cr_assert_eq (b->n_digest, G_N_ELEMENTS (fields));
      gsize next_key = 0;
      for (guint row = 0; row < b->n_rows; row++)
        for (guint k = 0; k < G_N_ELEMENTS (fields); k++)
          {
            gsize f = (gsize) row * b->n_fields + fields[k], at = (gsize) row * b->n_digest + k;
            gboolean same = row > 0 && b->len[f] == b->len[f - b->n_fields]
                            && memcmp (b->base + b->start[f],
                                       b->base + b->start[f - b->n_fields], b->len[f]) == 0;
            cr_assert_eq (b->same[at], same, "row %u field %u", row, fields[k]);
            if (same)
              continue;
            RrFieldKey want;
            rr_field_key_init (&want, b->base + b->start[f], b->len[f]);
            const RrFieldKey *got = &b->keys[next_key++];
            cr_assert (want.hash == got->hash && want.w0 == got->w0 && want.w1 == got->w1,
                       "row %u field %u", row, fields[k]);
          }
      cr_assert_eq (next_key, b->n_keys);
      cr_assert_lt (b->n_keys, (gsize) b->n_rows * b->n_digest); /* the pid repeats: packed */
    }
  cr_assert_null (error);
  cr_assert_eq (rows, 3000);
  cr_assert_gt (digested, 10);
  remove_temp (path);
}
