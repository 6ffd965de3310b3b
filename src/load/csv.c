/* csv.c - streaming RFC 4180 reader for CSV and TSV, plain or gzip (load stage).
 * A reader thread reads (and inflates) the file, splits it into rows and fields and checks the
 * UTF-8; the SHA-256 of the raw bytes is computed apart (load/filehash.h): for a regular file by
 * its own idle-priority reads, for other input by a hasher thread fed the chunks as they are
 * read.  The caller receives batches of whole rows through a GAsyncQueue and hands each buffer
 * back on its next call. */
#include "config.h"
#include "load/csv.h"
#include "load/filehash.h"
#include "util/error.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Three batch buffers: one with the caller, one being filled, one queued between them. */
#define CSV_N_BATCHES 3
/* Raw chunks are shared by the reader and, for input that cannot be read twice, the hasher;
 * four let one thread run ahead. */
#define CSV_N_CHUNKS 4
#define CSV_CHUNK_BYTES_MAX (1u << 20)
#define CSV_BATCH_BYTES_MIN 16u
#define CSV_BATCH_BYTES_MAX (64u << 20)
/* A row may grow to this many batch sizes; a longer one is almost surely a stray quote. */
#define CSV_MAX_ROW_BATCHES 16u
/* Fields per batch: bounds the start/len index of a batch of very short rows to 8 MiB. */
#define CSV_MAX_CELLS (1u << 20)
#define CSV_FIRST_ROWS 4096u
#define CSV_NONE G_MAXSIZE
/* Batch buffers have this many bytes after their capacity, so that a 16-byte load at any offset
 * before the end of the text stays inside the allocation (its bytes past the end are masked). */
#define CSV_PAD 16u

typedef struct
{
  guchar *data;
  gsize len;
  gint refs; /* the reader's, and the hasher's if it hashes chunks */
} CsvChunk;

typedef struct
{
  RrCsvBatch pub;
  char *buf;
  gsize len, cap;
  guint32 *start, *flen;
  guint64 *line;
  guint rows_cap;
  guint8 *same;     /* the digest: digest_cap entries each */
  RrFieldKey *keys;
  gsize digest_cap;
} CsvBatch;

/* The fields to digest (rr_csv_reader_digest_fields): set once, then read-only. */
typedef struct
{
  guint n;
  guint fields[];
} CsvDigestSpec;

typedef enum
{
  MSG_HEADER,
  MSG_BATCH,
  MSG_END,
  MSG_ERROR,
} CsvMsgKind;

typedef struct
{
  CsvMsgKind kind;
  CsvBatch *batch;
  guint64 consumed;
  GError *error;
} CsvMsg;

/* The state of one row's scan over a batch's text. */
typedef struct
{
  const char *buf;
  gsize end;
  gboolean eof; /* no text follows end */
  char delim;
  gsize quote;  /* offset of the next '"' at or after quote_from, or CSV_NONE */
  gsize quote_from;
  guint32 *start, *len; /* where this row's fields go; max of them */
  guint max;
  guint n;        /* fields found, even beyond max */
  guint64 nl;     /* newlines inside quoted fields so far */
  gsize next;     /* offset after the row's line end */
  GArray *dq;     /* fields (below max) with doubled quotes to undo */
  guint q_field;  /* the quoted field open at a failure or at the end of the text */
  guint64 q_nl;
  gboolean in_quote;
  const char *what; /* why the row failed, if it did */
  gsize what_at;
} CsvRow;

typedef enum
{
  ROW_DONE,
  ROW_MORE,
  ROW_FAIL,
} CsvRowStatus;

typedef enum
{
  TOK_MORE, /* stopped at an incomplete row, or at the end of the text */
  TOK_FULL, /* the batch holds CSV_MAX_CELLS fields */
  TOK_FAIL,
} CsvTokStatus;

typedef enum
{
  FILL_FULL,
  FILL_EOF,
  FILL_FAIL, /* input failed; the text before the failure is still good */
  FILL_STOP, /* the caller is freeing the reader */
} CsvFillStatus;

struct _RrCsvReader
{
  /* Set before the threads start, then read-only. */
  char *path;
  int fd; /* -1 for input from memory */
  GBytes *bytes;
  gsize bytes_off;
  guint64 file_size;
  char delimiter;
  gsize batch_bytes, chunk_bytes;

  /* Written by the reader thread before it sends MSG_HEADER, then read-only. */
  char **header;
  guint n_fields;
  gboolean gzip;

  GAsyncQueue *out;          /* CsvMsg: reader -> caller */
  GAsyncQueue *free_batches; /* CsvBatch: caller -> reader */
  GAsyncQueue *free_chunks;  /* CsvChunk: reader and hasher -> reader */
  GAsyncQueue *to_hash;      /* CsvChunk: reader -> hasher, when hash_chunks */
  CsvChunk hash_end;         /* sentinel that stops the hasher */
  gint stop;
  GThread *thread;
  RrFileHash *hash;     /* set before the threads start */
  gboolean hash_chunks; /* the hash is a stream fed by the hasher thread */

  /* The caller's side. */
  CsvBatch *held;
  CsvDigestSpec *digest; /* atomic: set once by the caller, read by the reader thread */
  guint64 consumed;
  gboolean done, ended_ok;

  /* The reader thread's side. */
  CsvChunk *chunk;
  gsize chunk_pos;
  gboolean input_eof, first_chunk;
  guint64 read_bytes;
  z_stream zs;
  gboolean zs_live, member_end;
  gboolean zs_full;  /* inflate filled its output: it may hold more before taking input */
  RrError fail_code; /* why the input failed (FILL_FAIL) */
  char *fail_what;
  gsize pos;         /* start of the first row not yet handed over */
  guint64 line;      /* physical line at pos */
  gsize validated;   /* text before this offset is checked for NUL and UTF-8 */
  gsize bad_at;      /* offset of the first NUL or invalid UTF-8, or CSV_NONE */
  gboolean bad_nul;
  guint max_rows;
  GArray *dq;
  CsvRow last; /* the scan that stopped at an incomplete row */
};

/* ---- Input: raw chunks, shared with the hasher ---- */

static void
chunk_unref (RrCsvReader *r, CsvChunk *c)
{
  if (g_atomic_int_dec_and_test (&c->refs))
    g_async_queue_push (r->free_chunks, c);
}

/* Feeds the chunks of input that cannot be read twice to its stream hash. */
static gpointer
hasher_thread (gpointer data)
{
  RrCsvReader *r = data;
  for (;;)
    {
      CsvChunk *c = g_async_queue_pop (r->to_hash);
      if (c == &r->hash_end)
        break;
      if (!g_atomic_int_get (&r->stop))
        rr_file_hash_update (r->hash, c->data, c->len);
      chunk_unref (r, c);
    }
  return NULL;
}

static gssize
source_read (RrCsvReader *r, guchar *buf, gsize n, int *err)
{
  if (r->bytes != NULL)
    {
      gsize size;
      const guchar *data = g_bytes_get_data (r->bytes, &size);
      gsize k = MIN (n, size - r->bytes_off);
      if (k == 0)
        return 0; /* data may be NULL for empty bytes */
      memcpy (buf, data + r->bytes_off, k);
      r->bytes_off += k;
      return (gssize) k;
    }
  gsize got = 0;
  while (got < n)
    {
      ssize_t k = read (r->fd, buf + got, n - got);
      if (k < 0 && errno == EINTR)
        continue;
      if (k < 0)
        {
          *err = errno;
          return -1;
        }
      if (k == 0)
        break;
      got += (gsize) k;
    }
  return (gssize) got;
}

static gboolean
input_fail (RrCsvReader *r, RrError code, char *what)
{
  r->fail_code = code;
  r->fail_what = what;
  return FALSE;
}

static void
gzip_start (RrCsvReader *r, const CsvChunk *c)
{
  r->first_chunk = FALSE;
  r->gzip = c->len >= 2 && c->data[0] == 0x1f && c->data[1] == 0x8b;
  if (!r->gzip)
    return;
  /* 16 + MAX_WBITS: gzip framing only, since the magic bytes chose this path. */
  if (inflateInit2 (&r->zs, 16 + MAX_WBITS) != Z_OK)
    g_error ("csv: inflateInit2 failed: out of memory");
  r->zs_live = TRUE;
}

/* Makes r->chunk the next raw chunk (NULL at end of input), sending it to the hasher too when
 * it hashes chunks. */
static gboolean
chunk_next (RrCsvReader *r)
{
  if (r->chunk != NULL)
    chunk_unref (r, g_steal_pointer (&r->chunk));
  if (r->input_eof)
    return TRUE;
  CsvChunk *c = g_async_queue_pop (r->free_chunks);
  int err = 0;
  gssize n = source_read (r, c->data, r->chunk_bytes, &err);
  if (n <= 0)
    {
      g_async_queue_push (r->free_chunks, c);
      r->input_eof = TRUE;
      return n == 0 || input_fail (r, RR_ERROR_IO, g_strdup_printf ("read error: %s",
                                                                      g_strerror (err)));
    }
  c->len = (gsize) n;
  c->refs = r->hash_chunks ? 2 : 1;
  r->read_bytes += (guint64) n;
  if (r->hash_chunks)
    g_async_queue_push (r->to_hash, c);
  r->chunk = c;
  r->chunk_pos = 0;
  if (r->first_chunk)
    gzip_start (r, c);
  return TRUE;
}

static gboolean
inflate_into (RrCsvReader *r, CsvBatch *b)
{
  CsvChunk *c = r->chunk;
  if (r->member_end)
    {
      /* Another member follows (RFC 1952 allows concatenated members). */
      inflateReset (&r->zs);
      r->member_end = FALSE;
    }
  r->zs.next_in = c->data + r->chunk_pos;
  r->zs.avail_in = (uInt) (c->len - r->chunk_pos);
  r->zs.next_out = (Bytef *) b->buf + b->len;
  r->zs.avail_out = (uInt) (b->cap - b->len);
  int ret = inflate (&r->zs, Z_NO_FLUSH);
  r->chunk_pos = c->len - r->zs.avail_in;
  b->len = b->cap - r->zs.avail_out;
  r->zs_full = r->zs.avail_out == 0 && ret != Z_STREAM_END;
  if (ret == Z_STREAM_END)
    r->member_end = TRUE;
  else if (ret == Z_MEM_ERROR)
    g_error ("csv: inflate: out of memory");
  else if (ret != Z_OK && ret != Z_BUF_ERROR)
    return input_fail (r, RR_ERROR_PARSE,
                       g_strdup_printf ("corrupt gzip data: %s",
                                        r->zs.msg ? r->zs.msg : "invalid stream"));
  return TRUE;
}

static void
copy_into (RrCsvReader *r, CsvBatch *b)
{
  gsize k = MIN (r->chunk->len - r->chunk_pos, b->cap - b->len);
  memcpy (b->buf + b->len, r->chunk->data + r->chunk_pos, k);
  r->chunk_pos += k;
  b->len += k;
}

/* Appends text to b until it is full or the input ends. */
static CsvFillStatus
batch_fill (RrCsvReader *r, CsvBatch *b)
{
  if (r->fail_what != NULL)
    return FILL_FAIL;
  while (b->len < b->cap)
    {
      if (g_atomic_int_get (&r->stop))
        return FILL_STOP;
      gboolean used_up = r->chunk == NULL || r->chunk_pos == r->chunk->len;
      if (used_up && !r->zs_full && !chunk_next (r))
        return FILL_FAIL;
      if (r->chunk == NULL)
        {
          if (!r->gzip || r->member_end)
            return FILL_EOF;
          input_fail (r, RR_ERROR_PARSE, g_strdup ("truncated gzip stream"));
          return FILL_FAIL;
        }
      if (!r->gzip)
        copy_into (r, b);
      else if (!inflate_into (r, b))
        return FILL_FAIL;
    }
  return FILL_FULL;
}

/* ---- Checks: NUL bytes and UTF-8 ---- */

/* Offset of the first byte >= 0x80 in p[0..n), or n: a word-at-a-time fast path, so that
 * g_utf8_validate only runs where there is non-ASCII text. */
static gsize
first_high_byte (const char *p, gsize n)
{
  gsize i = 0;
  for (; i + 32 <= n; i += 32)
    {
      guint64 w[4];
      memcpy (w, p + i, sizeof w);
      if (((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ull) != 0)
        break;
    }
  for (; i < n; i++)
    if ((guchar) p[i] >= 0x80)
      return i;
  return n;
}

/* Where to stop checking text that may go on after len: before the last byte that is not a
 * UTF-8 continuation byte, so that no sequence is cut.  Checking up to there finds the same
 * first error as checking the whole text would.  Four continuation bytes in a row are invalid
 * whatever comes next, so then all the text is checked. */
static gsize
utf8_safe_end (const char *buf, gsize from, gsize len)
{
  gsize e = len;
  for (guint i = 0; i < 4; i++)
    {
      if (e == from)
        return from;
      if (((guchar) buf[--e] & 0xC0) != 0x80)
        return e;
    }
  return len;
}

static void
text_check (RrCsvReader *r, const CsvBatch *b, gboolean eof)
{
  gsize from = r->validated;
  if (r->bad_at != CSV_NONE || from >= b->len)
    return;
  const char *nul = memchr (b->buf + from, '\0', b->len - from);
  /* A NUL ends any UTF-8 sequence before it, so the text up to it can be checked now. */
  gsize upto = nul != NULL ? (gsize) (nul - b->buf)
               : eof       ? b->len
                           : utf8_safe_end (b->buf, from, b->len);
  gsize h = from + first_high_byte (b->buf + from, upto - from);
  const char *bad;
  if (h < upto && !g_utf8_validate_len (b->buf + h, upto - h, &bad))
    r->bad_at = (gsize) (bad - b->buf);
  else if (nul != NULL)
    {
      r->bad_at = upto;
      r->bad_nul = TRUE;
    }
  r->validated = upto;
}

/* ---- Tokenizer ----
 * Hand-written: no library in our dependencies splits RFC 4180 text in place, and this is the
 * hot path.  Rows without a quote take a fast path (memchr for the line end, then for each
 * delimiter); rows with one go through a small state machine.  Doubled quotes are undone in
 * place only once a row is complete, so an incomplete row's text is left as it was read. */

/* Records field n (if there is room for it) and returns n + 1. */
static inline guint
field_put (guint32 *start, guint32 *len, guint max, guint n, gsize at, gsize n_bytes)
{
  if (n < max)
    {
      start[n] = (guint32) at;
      len[n] = (guint32) n_bytes;
    }
  return n + 1;
}

static inline void
field_add (CsvRow *s, gsize at, gsize n_bytes)
{
  s->n = field_put (s->start, s->len, s->max, s->n, at, n_bytes);
}

static CsvRowStatus
row_fail (CsvRow *s, gsize at, const char *what)
{
  s->what = what;
  s->what_at = at;
  return ROW_FAIL;
}

/* Bit i set if b[q + i] is c1 or c2, for the 16 bytes from q that lie before end; b has
 * CSV_PAD bytes of slack.  Fields are a few bytes long, too short for a memchr call per field
 * to pay; SSE2 (always there on x86-64) compares 16 bytes at once. */
static inline guint
match2 (const char *b, gsize q, gsize end, char c1, char c2)
{
#ifdef __SSE2__
  __m128i v = _mm_loadu_si128 ((const __m128i *) (const void *) (b + q));
  __m128i eq = _mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 (c1)),
                             _mm_cmpeq_epi8 (v, _mm_set1_epi8 (c2)));
  guint m = (guint) _mm_movemask_epi8 (eq);
  return end - q < 16 ? m & ((1u << (end - q)) - 1) : m;
#else
  guint m = 0;
  for (guint i = 0; i < 16 && q + i < end; i++)
    m |= (guint) (b[q + i] == c1 || b[q + i] == c2) << i;
  return m;
#endif
}

/* The offset of the first delimiter or line feed at or after q, or s->end. */
static gsize
find_field_end (const CsvRow *s, gsize q)
{
  for (; q < s->end; q += 16)
    {
      guint m = match2 (s->buf, q, s->end, s->delim, '\n');
      if (m != 0)
        return q + (gsize) __builtin_ctz (m);
    }
  return s->end;
}

static guint64
count_newlines (const char *p, gsize n)
{
  guint64 k = 0;
  for (const char *e = p + n; (p = memchr (p, '\n', (gsize) (e - p))) != NULL; p++)
    k++;
  return k;
}

/* After a closing quote: a delimiter, a line end or the end of input must follow. */
static CsvRowStatus
after_quote (CsvRow *s, gsize a, gsize *term)
{
  *term = a;
  if (a == s->end)
    return s->eof ? ROW_DONE : ROW_MORE;
  char c = s->buf[a];
  if (c == s->delim || c == '\n')
    return ROW_DONE;
  if (c == '\r' && a + 1 == s->end)
    return s->eof ? (*term = a + 1, ROW_DONE) : ROW_MORE;
  if (c == '\r' && s->buf[a + 1] == '\n')
    return *term = a + 1, ROW_DONE;
  return row_fail (s, a, "unexpected character after the closing quote of a quoted field");
}

static CsvRowStatus
field_quoted (CsvRow *s, gsize p, gsize *term)
{
  gboolean doubled = FALSE;
  s->q_field = s->n;
  s->q_nl = s->nl;
  for (gsize q = p + 1;;)
    {
      const char *c = memchr (s->buf + q, '"', s->end - q);
      gsize at = c != NULL ? (gsize) (c - s->buf) : s->end;
      if (c == NULL || (at + 1 == s->end && !s->eof))
        {
          s->in_quote = TRUE;
          if (c == NULL && s->eof)
            return row_fail (s, s->end, "unterminated quoted field: no closing quote before "
                                        "the end of the file");
          return ROW_MORE;
        }
      if (at + 1 < s->end && s->buf[at + 1] == '"')
        {
          doubled = TRUE;
          q = at + 2;
          continue;
        }
      s->nl += count_newlines (s->buf + p + 1, at - p - 1);
      if (doubled && s->n < s->max)
        g_array_append_val (s->dq, s->n);
      field_add (s, p + 1, at - p - 1);
      return after_quote (s, at + 1, term);
    }
}

/* An unquoted field; a quote inside it is kept as data (lenient, as most readers are). */
static CsvRowStatus
field_scan (CsvRow *s, gsize p, gsize *term)
{
  if (p < s->end && s->buf[p] == '"')
    return field_quoted (s, p, term);
  gsize q = find_field_end (s, p);
  if (q == s->end && !s->eof)
    return ROW_MORE;
  gsize e = q;
  if ((q == s->end || s->buf[q] == '\n') && e > p && s->buf[e - 1] == '\r')
    e--;
  field_add (s, p, e - p);
  *term = q;
  return ROW_DONE;
}

static CsvRowStatus
row_scan_slow (CsvRow *s, gsize p)
{
  for (;;)
    {
      gsize term;
      CsvRowStatus st = field_scan (s, p, &term);
      if (st != ROW_DONE)
        return st;
      if (term < s->end && s->buf[term] == s->delim)
        {
          p = term + 1;
          continue;
        }
      s->next = term < s->end ? term + 1 : term;
      return ROW_DONE;
    }
}

/* The last field of a row ending at eol (its line feed, or the end of the text), from f: a
 * carriage return before the line feed is not the field's. */
static void
last_field_put (CsvRow *s, guint n, gsize f, gsize eol)
{
  gsize e = eol > f && s->buf[eol - 1] == '\r' ? eol - 1 : eol;
  s->n = field_put (s->start, s->len, s->max, n, f, e - f);
}

/* Splits the row at p, taken to be free of quotes, at each delimiter up to its line feed, in
 * one pass: the 16-byte compares that find the delimiters find the line feed too (a memchr
 * for it first read every row twice: a tenth of the reader thread).  ROW_MORE if the text
 * ends first and more may follow. */
static CsvRowStatus
row_scan_fast (CsvRow *s, gsize p)
{
  const char *b = s->buf;
  guint32 *start = s->start, *len = s->len; /* locals: the stores could alias s's fields */
  guint n = 0, max = s->max;
  gsize f = p;
  for (gsize q = p; q < s->end; q += 16)
    for (guint m = match2 (b, q, s->end, s->delim, '\n'); m != 0; m &= m - 1)
      {
        gsize at = q + (gsize) __builtin_ctz (m);
        if (b[at] == '\n')
          {
            last_field_put (s, n, f, at);
            s->next = at + 1;
            return ROW_DONE;
          }
        n = field_put (start, len, max, n, f, at - f);
        f = at + 1;
      }
  if (!s->eof)
    return ROW_MORE;
  last_field_put (s, n, f, s->end);
  s->next = s->end;
  return ROW_DONE;
}

/* Splits the row at p into fields; ROW_MORE if the text ends before the row does. */
static CsvRowStatus
row_scan (CsvRow *s, gsize p)
{
  s->n = 0;
  s->nl = 0;
  s->in_quote = FALSE;
  if (s->dq->len > 0)
    g_array_set_size (s->dq, 0);
  if (s->quote_from > p || (s->quote != CSV_NONE && s->quote < p))
    {
      const char *q = memchr (s->buf + p, '"', s->end - p);
      s->quote = q != NULL ? (gsize) (q - s->buf) : CSV_NONE;
      s->quote_from = p;
    }
  CsvRowStatus st = row_scan_fast (s, p);
  /* A quote before the row's line feed: the row is read again by the quote-aware scan.  (A
   * row without its line feed yet waits for more text either way.) */
  if (st == ROW_MORE || s->quote == CSV_NONE || s->quote >= s->next)
    return st;
  s->n = 0;
  return row_scan_slow (s, p);
}

static void
field_unescape (char *buf, guint32 start, guint32 *len)
{
  char *src = buf + start, *end = src + *len, *dst = src;
  while (src < end)
    {
      char c = *src++;
      *dst++ = c;
      if (c == '"')
        src++; /* the second quote of a pair */
    }
  *len = (guint32) (dst - (buf + start));
}

static void
row_unescape (CsvRow *s, char *buf)
{
  for (guint i = 0; i < s->dq->len; i++)
    {
      guint f = g_array_index (s->dq, guint, i);
      field_unescape (buf, s->start[f], &s->len[f]);
    }
}

/* ---- Errors with a place ---- */

/* The field number (0-based) and the newlines before offset off in the row starting at p. */
static void
locate (const RrCsvReader *r, const char *buf, gsize p, gsize off, guint64 *nl, guint *field)
{
  gboolean quoted = FALSE, at_start = TRUE;
  *nl = 0;
  *field = 0;
  for (; p < off; p++)
    {
      char c = buf[p];
      *nl += c == '\n';
      if (quoted && c == '"' && p + 1 < off && buf[p + 1] == '"')
        p++;
      else if (quoted)
        quoted = c != '"';
      else if (c == r->delimiter)
        (*field)++;
      else if (c == '"' && at_start)
        quoted = TRUE;
      at_start = !quoted && c == r->delimiter;
    }
}

static gboolean
fail_bad_byte (RrCsvReader *r, const CsvBatch *b, GError **error)
{
  guint64 nl;
  guint field;
  locate (r, b->buf, r->pos, r->bad_at, &nl, &field);
  if (r->bad_nul)
    return rr_throw_at (error, RR_ERROR_PARSE, r->path, r->line + nl, field + 1,
                        "binary data (NUL byte)");
  return rr_throw_at (error, RR_ERROR_PARSE, r->path, r->line + nl, field + 1,
                      "invalid UTF-8 (byte 0x%02x): the file must be UTF-8 text",
                      (guchar) b->buf[r->bad_at]);
}

static gboolean
fail_row (RrCsvReader *r, const CsvBatch *b, const CsvRow *s, GError **error)
{
  /* A bad byte right where the row goes wrong is the better report. */
  if (r->bad_at <= s->what_at)
    return fail_bad_byte (r, b, error);
  guint64 nl;
  guint field;
  locate (r, b->buf, r->pos, s->what_at, &nl, &field);
  if (s->in_quote)
    nl = s->q_nl, field = s->q_field;
  return rr_throw_at (error, RR_ERROR_PARSE, r->path, r->line + nl, field + 1, "%s", s->what);
}

static CsvRow row_init (RrCsvReader *r, const CsvBatch *b, gboolean eof);

/* The unfinished row at r->pos holds the first bad byte: report it, unless the row goes wrong
 * before it (a complete row would be judged the same way by fail_row). */
static gboolean
fail_unfinished (RrCsvReader *r, const CsvBatch *b, GError **error)
{
  CsvRow s = row_init (r, b, FALSE);
  /* Up to and including the bad byte: it is no line feed, so a CR before it is no line end. */
  s.end = r->bad_at + 1;
  if (row_scan_slow (&s, r->pos) == ROW_FAIL)
    return fail_row (r, b, &s, error);
  return fail_bad_byte (r, b, error);
}

static gboolean
fail_ragged (RrCsvReader *r, const CsvRow *s, GError **error)
{
  return rr_throw_at (error, RR_ERROR_PARSE, r->path, r->line, MIN (s->n, s->max) + 1,
                      "ragged row: expected %u fields (as in the header), found %u", s->max,
                      s->n);
}

/* The row at r->pos cannot grow any more: its quoted field, or the row, is too long. */
static gboolean
fail_too_long (RrCsvReader *r, gsize limit, GError **error)
{
  const CsvRow *s = &r->last;
  if (s->in_quote)
    return rr_throw_at (error, RR_ERROR_PARSE, r->path, r->line + s->q_nl, s->q_field + 1,
                        "unterminated quoted field: no closing quote within %" G_GSIZE_FORMAT
                        " bytes", limit);
  return rr_throw_at (error, RR_ERROR_PARSE, r->path, r->line, 0,
                      "row longer than %" G_GSIZE_FORMAT " bytes", limit);
}

/* The input failed after the text in b: say so at the line where its text stops. */
static gboolean
fail_input (RrCsvReader *r, const CsvBatch *b, GError **error)
{
  guint64 line = r->line + count_newlines (b->buf + r->pos, b->len - r->pos);
  if (r->fail_code == RR_ERROR_IO)
    line = 0;
  return rr_throw_at (error, r->fail_code, r->path, line, 0, "%s", r->fail_what);
}

/* A parse error in gzip input may come from garbage that a corrupt stream decoded to, which
 * only the member's CRC at its end reveals: inflate the rest (without splitting it) and report
 * a corrupt or truncated stream instead.  This makes the error the same wherever batches end,
 * at the cost of reading to the end of the file before reporting. */
static gboolean
gzip_check_rest (RrCsvReader *r, CsvBatch *b, GError **error)
{
  guint64 line = r->line + count_newlines (b->buf + r->pos, b->len - r->pos);
  while (!g_atomic_int_get (&r->stop))
    {
      b->len = 0;
      CsvFillStatus fs = batch_fill (r, b);
      line += count_newlines (b->buf, b->len);
      if (fs == FILL_EOF || fs == FILL_STOP)
        break;
      if (fs == FILL_FAIL)
        {
          g_clear_error (error);
          return rr_throw_at (error, r->fail_code, r->path,
                              r->fail_code == RR_ERROR_IO ? 0 : line, 0, "%s", r->fail_what);
        }
    }
  return FALSE;
}

/* ---- Batches ---- */

static void
msg_send (RrCsvReader *r, CsvMsgKind kind, CsvBatch *b, GError *error)
{
  CsvMsg *m = g_new0 (CsvMsg, 1);
  m->kind = kind;
  m->batch = b;
  m->consumed = r->read_bytes;
  m->error = error;
  g_async_queue_push (r->out, m);
}

static void
batch_free (CsvBatch *b)
{
  g_free (b->buf);
  g_free (b->start);
  g_free (b->flen);
  g_free (b->line);
  g_free (b->same);
  g_free (b->keys);
  g_free (b);
}

static void
batch_resize (CsvBatch *b, gsize cap)
{
  if (b->cap != cap)
    b->buf = g_realloc (b->buf, cap + CSV_PAD);
  b->cap = cap;
}

/* Room for one more row's fields and line number. */
static void
batch_reserve_row (CsvBatch *b, guint n_fields)
{
  if (b->pub.n_rows < b->rows_cap)
    return;
  b->rows_cap = MAX (CSV_FIRST_ROWS, 2 * b->rows_cap);
  b->start = g_renew (guint32, b->start, (gsize) b->rows_cap * n_fields);
  b->flen = g_renew (guint32, b->flen, (gsize) b->rows_cap * n_fields);
  b->line = g_renew (guint64, b->line, b->rows_cap);
}

/* The text before r->pos has gone: offsets now count from r->pos. */
static void
text_shift (RrCsvReader *r)
{
  r->validated = r->validated > r->pos ? r->validated - r->pos : 0;
  if (r->bad_at != CSV_NONE)
    r->bad_at -= r->pos;
  r->pos = 0;
}

/* Takes a free buffer and moves the text of b from r->pos on into it. */
static CsvBatch *
batch_next (RrCsvReader *r, const CsvBatch *b)
{
  CsvBatch *nb = g_async_queue_pop (r->free_batches);
  gsize tail = b != NULL ? b->len - r->pos : 0;
  batch_resize (nb, tail > r->batch_bytes / 2 ? 2 * tail : r->batch_bytes);
  if (tail > 0)
    memcpy (nb->buf, b->buf + r->pos, tail);
  nb->len = tail;
  nb->pub.n_rows = 0;
  text_shift (r);
  return nb;
}

/* Drops the text before r->pos from an empty batch (a header, blank lines). */
static void
batch_compact (RrCsvReader *r, CsvBatch *b)
{
  memmove (b->buf, b->buf + r->pos, b->len - r->pos);
  b->len -= r->pos;
  text_shift (r);
}

static inline gboolean
field_repeats (const RrCsvBatch *b, guint row, guint field)
{
  gsize at = (gsize) row * b->n_fields + field, prev = at - b->n_fields;
  guint32 len = b->len[at];
  if (len != b->len[prev])
    return FALSE;
  const char *s = b->base + b->start[at], *t = b->base + b->start[prev];
  if (len > 16)
    return memcmp (s, t, len) == 0;
  /* Two masked words, no call: the text has CSV_PAD bytes of slack after it. */
  guint64 s0, s1, t0, t1;
  memcpy (&s0, s, 8), memcpy (&s1, s + 8, 8), memcpy (&t0, t, 8), memcpy (&t1, t + 8, 8);
  guint64 m0 = len >= 8 ? G_MAXUINT64 : (1ull << (8 * len)) - 1;
  guint64 m1 = len <= 8 ? 0 : len == 16 ? G_MAXUINT64 : (1ull << (8 * (len - 8))) - 1;
  return ((s0 ^ t0) & m0) == 0 && ((s1 ^ t1) & m1) == 0;
}

gsize
rr_csv_batch_digest (const RrCsvBatch *b, const guint *fields, guint n, guint8 *same,
                     RrFieldKey *keys)
{
  gsize n_keys = 0;
  for (guint row = 0; row < b->n_rows; row++)
    for (guint k = 0; k < n; k++)
      {
        gsize at = (gsize) row * n + k;
        same[at] = row > 0 && field_repeats (b, row, fields[k]);
        if (same[at])
          continue;
        gsize f = (gsize) row * b->n_fields + fields[k];
        rr_field_key_init_padded (&keys[n_keys++], b->base + b->start[f], b->len[f]);
      }
  return n_keys;
}

static void
batch_digest (RrCsvReader *r, CsvBatch *b)
{
  const CsvDigestSpec *d = g_atomic_pointer_get (&r->digest);
  b->pub.same = NULL;
  b->pub.keys = NULL;
  b->pub.n_digest = 0;
  b->pub.n_keys = 0;
  if (d == NULL)
    return;
  gsize need = (gsize) b->pub.n_rows * d->n;
  if (need > b->digest_cap)
    {
      b->digest_cap = MAX (need, 2 * b->digest_cap);
      b->same = g_renew (guint8, b->same, b->digest_cap);
      b->keys = g_renew (RrFieldKey, b->keys, b->digest_cap);
    }
  b->pub.n_keys = rr_csv_batch_digest (&b->pub, d->fields, d->n, b->same, b->keys);
  b->pub.same = b->same;
  b->pub.keys = b->keys;
  b->pub.n_digest = d->n;
}

static CsvBatch *
batch_send (RrCsvReader *r, CsvBatch *b)
{
  b->pub.base = b->buf;
  b->pub.start = b->start;
  b->pub.len = b->flen;
  b->pub.line = b->line;
  b->pub.n_fields = r->n_fields;
  batch_digest (r, b);
  CsvBatch *nb = batch_next (r, b);
  msg_send (r, MSG_BATCH, b, NULL);
  return nb;
}

static CsvRow
row_init (RrCsvReader *r, const CsvBatch *b, gboolean eof)
{
  CsvRow s = { 0 };
  s.buf = b->buf;
  s.end = b->len;
  s.eof = eof;
  s.delim = r->delimiter;
  s.quote_from = CSV_NONE;
  s.dq = r->dq;
  return s;
}

/* Skips empty lines at r->pos; FALSE if the text ends first. */
static gboolean
skip_blank_lines_slow (RrCsvReader *r, const CsvBatch *b, gboolean eof)
{
  const char *t = b->buf;
  for (;;)
    {
      gsize p = r->pos;
      if (p < b->len && t[p] == '\n')
        r->pos += 1, r->line++;
      else if (p + 1 < b->len && t[p] == '\r' && t[p + 1] == '\n')
        r->pos += 2, r->line++;
      else if (p + 1 == b->len && t[p] == '\r' && eof)
        r->pos += 1;
      else
        return p < b->len;
    }
}

/* The same, with the common case (a row starts at r->pos) inline: it is asked before every
 * row, and the call alone was 4% of the reader thread. */
static inline gboolean
skip_blank_lines (RrCsvReader *r, const CsvBatch *b, gboolean eof)
{
  if (r->pos < b->len && b->buf[r->pos] != '\n' && b->buf[r->pos] != '\r')
    return TRUE;
  return skip_blank_lines_slow (r, b, eof);
}

static gboolean
header_check (RrCsvReader *r, GError **error)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < r->n_fields; i++)
    {
      const char *name = r->header[i];
      gpointer first;
      if (*name != '\0' && g_hash_table_lookup_extended (seen, name, NULL, &first))
        return rr_throw_at (error, RR_ERROR_PARSE, r->path, r->line, i + 1,
                            "duplicate column name '%s' (also column %u)", name,
                            GPOINTER_TO_UINT (first));
      g_hash_table_insert (seen, (gpointer) name, GUINT_TO_POINTER (i + 1));
    }
  return TRUE;
}

/* Keeps the header's names: a second pass over the row, now with room for its fields. */
static void
header_keep (RrCsvReader *r, CsvBatch *b, CsvRow *s)
{
  s->max = s->n;
  s->start = g_new (guint32, s->max);
  s->len = g_new (guint32, s->max);
  row_scan (s, r->pos);
  row_unescape (s, b->buf);
  r->n_fields = s->n;
  r->header = g_new0 (char *, s->n + 1);
  for (guint i = 0; i < s->n; i++)
    r->header[i] = g_strndup (b->buf + s->start[i], s->len[i]);
  g_clear_pointer (&s->start, g_free);
  g_clear_pointer (&s->len, g_free);
}

/* Reads the header row at r->pos: one pass to count its fields, one to keep them. */
static CsvTokStatus
header_parse (RrCsvReader *r, CsvBatch *b, gboolean eof, GError **error)
{
  if (r->line == 1 && r->pos == 0 && b->len >= 3 && memcmp (b->buf, "\xEF\xBB\xBF", 3) == 0)
    r->pos = 3; /* a UTF-8 byte order mark, as spreadsheets write */
  if (!skip_blank_lines (r, b, eof))
    return TOK_MORE;
  CsvRow s = row_init (r, b, eof);
  CsvRowStatus st = row_scan (&s, r->pos);
  if (st == ROW_FAIL && s.what_at >= r->validated && !eof)
    st = ROW_MORE; /* as in batch_tokenize */
  r->last = s;
  if (st == ROW_FAIL)
    {
      fail_row (r, b, &s, error);
      return TOK_FAIL;
    }
  if ((st == ROW_MORE && r->bad_at != CSV_NONE && !fail_unfinished (r, b, error))
      || (st == ROW_DONE && r->bad_at < s.next && !fail_bad_byte (r, b, error)))
    return TOK_FAIL;
  if (st == ROW_MORE)
    return TOK_MORE;
  header_keep (r, b, &s);
  if (!header_check (r, error))
    return TOK_FAIL;
  r->max_rows = MAX (1u, CSV_MAX_CELLS / r->n_fields);
  r->line += 1 + s.nl;
  r->pos = s.next;
  msg_send (r, MSG_HEADER, NULL, NULL);
  return TOK_MORE;
}

static gboolean
row_accept (RrCsvReader *r, CsvBatch *b, CsvRow *s, GError **error)
{
  if (r->bad_at < s->next)
    return fail_bad_byte (r, b, error);
  if (s->n != s->max)
    return fail_ragged (r, s, error);
  row_unescape (s, b->buf);
  b->line[b->pub.n_rows++] = r->line;
  r->line += 1 + s->nl;
  r->pos = s->next;
  return TRUE;
}

/* Splits the text of b from r->pos into rows until it ends, the batch is full, or an error. */
static CsvTokStatus
batch_tokenize (RrCsvReader *r, CsvBatch *b, gboolean eof, GError **error)
{
  if (r->header == NULL)
    {
      CsvTokStatus st = header_parse (r, b, eof, error);
      if (r->header == NULL || st == TOK_FAIL)
        return st;
    }
  CsvRow s = row_init (r, b, eof);
  s.max = r->n_fields;
  while (b->pub.n_rows < r->max_rows)
    {
      if (!skip_blank_lines (r, b, eof))
        return TOK_MORE;
      batch_reserve_row (b, r->n_fields);
      s.start = b->start + (gsize) b->pub.n_rows * r->n_fields;
      s.len = b->flen + (gsize) b->pub.n_rows * r->n_fields;
      CsvRowStatus st = row_scan (&s, r->pos);
      /* An error at a byte not yet checked may be a bad byte, which is the better report. */
      if (st == ROW_FAIL && s.what_at >= r->validated && !eof)
        st = ROW_MORE;
      /* Only what fail_too_long reads: a copy of the whole scan state after every row cost
       * about 7% of the reader thread (its fields, just stored by row_scan, reloaded as
       * vectors, which store forwarding cannot serve). */
      r->last.in_quote = s.in_quote;
      r->last.q_nl = s.q_nl;
      r->last.q_field = s.q_field;
      /* A NUL or bad byte found while the row is unfinished lies in it: no need to read on. */
      if ((st == ROW_FAIL && !fail_row (r, b, &s, error))
          || (st == ROW_MORE && r->bad_at != CSV_NONE && !fail_unfinished (r, b, error))
          || (st == ROW_DONE && !row_accept (r, b, &s, error)))
        return TOK_FAIL;
      if (st == ROW_MORE)
        return TOK_MORE;
    }
  return TOK_FULL;
}

/* One round: fill b, split it, and hand it over, carry its tail over, or let it grow.
 * Returns FALSE on error; *b becomes NULL at the end of input. */
static gboolean
reader_round (RrCsvReader *r, CsvBatch **bp, GError **error)
{
  CsvBatch *b = *bp;
  CsvFillStatus fs = batch_fill (r, b);
  if (fs == FILL_STOP)
    return TRUE; /* reader_thread sees the stop request too */
  /* Text decoded from a corrupt stream is garbage: report the stream, not the garbage. */
  if (fs == FILL_FAIL)
    return fail_input (r, b, error);
  gboolean eof = fs == FILL_EOF;
  text_check (r, b, eof);
  CsvTokStatus ts = batch_tokenize (r, b, eof, error);
  if (ts == TOK_FAIL)
    return r->gzip && !eof ? gzip_check_rest (r, b, error) : FALSE;
  if (ts == TOK_MORE && eof && r->header == NULL)
    return rr_throw_at (error, RR_ERROR_PARSE, r->path, 1, 0, "empty file: no header row");
  if (ts == TOK_MORE && eof)
    {
      if (b->pub.n_rows > 0)
        b = batch_send (r, b);
      g_async_queue_push (r->free_batches, b);
      *bp = NULL;
      return TRUE;
    }
  if (ts == TOK_FULL || b->pub.n_rows > 0)
    *bp = batch_send (r, b);
  else if (r->pos > 0)
    batch_compact (r, b);
  else if (b->cap >= r->batch_bytes * CSV_MAX_ROW_BATCHES)
    return fail_too_long (r, b->cap, error);
  else
    batch_resize (b, MIN (2 * b->cap, r->batch_bytes * CSV_MAX_ROW_BATCHES));
  return TRUE;
}

static void
reader_setup (RrCsvReader *r)
{
  r->first_chunk = TRUE;
  r->line = 1;
  r->bad_at = CSV_NONE;
  r->dq = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < CSV_N_CHUNKS; i++)
    {
      CsvChunk *c = g_new0 (CsvChunk, 1);
      c->data = g_malloc (r->chunk_bytes);
      g_async_queue_push (r->free_chunks, c);
    }
}

static gpointer
reader_thread (gpointer data)
{
  RrCsvReader *r = data;
  GError *error = NULL;
  reader_setup (r);
  GThread *hasher = r->hash_chunks ? g_thread_new ("rr-csv-sha256", hasher_thread, r) : NULL;
  CsvBatch *b = batch_next (r, NULL);
  gboolean ok = TRUE;
  while (ok && b != NULL && !g_atomic_int_get (&r->stop))
    ok = reader_round (r, &b, &error);
  if (b != NULL)
    g_async_queue_push (r->free_batches, b);
  if (r->chunk != NULL)
    chunk_unref (r, g_steal_pointer (&r->chunk));
  if (hasher != NULL)
    {
      g_async_queue_push (r->to_hash, &r->hash_end);
      g_thread_join (hasher);
    }
  if (r->zs_live)
    inflateEnd (&r->zs);
  msg_send (r, ok ? MSG_END : MSG_ERROR, NULL, error);
  return NULL;
}

/* ---- The caller's side ---- */

static void
msg_free (CsvMsg *m)
{
  g_clear_error (&m->error);
  g_free (m);
}

/* Takes in one message; returns the batch it carries, or NULL at the end or on error. */
static CsvBatch *
msg_take (RrCsvReader *self, CsvMsg *m, GError **error)
{
  CsvBatch *b = m->batch;
  self->consumed = m->consumed;
  if (m->kind == MSG_END)
    self->ended_ok = TRUE;
  if (m->kind == MSG_ERROR)
    g_propagate_error (error, g_steal_pointer (&m->error));
  if (m->kind == MSG_END || m->kind == MSG_ERROR)
    {
      self->done = TRUE;
      g_thread_join (g_steal_pointer (&self->thread));
    }
  msg_free (m);
  return b;
}

static char
delimiter_for_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  if (g_str_has_suffix (lower, ".gz"))
    lower[strlen (lower) - 3] = '\0';
  return g_str_has_suffix (lower, ".tsv") || g_str_has_suffix (lower, ".tab") ? '\t' : ',';
}

static RrCsvReader *
reader_new (const char *path, char delimiter, gsize batch_bytes)
{
  RrCsvReader *self = g_new0 (RrCsvReader, 1);
  self->path = g_strdup (path);
  self->fd = -1;
  self->delimiter = delimiter != 0 ? delimiter : delimiter_for_name (path);
  self->batch_bytes = batch_bytes == 0 ? RR_CSV_BATCH_BYTES_DEFAULT
                                       : CLAMP (batch_bytes, CSV_BATCH_BYTES_MIN,
                                                CSV_BATCH_BYTES_MAX);
  self->chunk_bytes = CLAMP (self->batch_bytes / 4, 4, CSV_CHUNK_BYTES_MAX);
  self->out = g_async_queue_new ();
  self->free_batches = g_async_queue_new ();
  self->free_chunks = g_async_queue_new ();
  self->to_hash = g_async_queue_new ();
  for (guint i = 0; i < CSV_N_BATCHES; i++)
    g_async_queue_push (self->free_batches, g_new0 (CsvBatch, 1));
  return self;
}

/* Starts the reader thread and waits for the header (or the error that replaces it). */
static RrCsvReader *
reader_start (RrCsvReader *self, GError **error)
{
  g_autoptr (RrCsvReader) r = self;
  r->thread = g_thread_new ("rr-csv-read", reader_thread, r);
  CsvMsg *m = g_async_queue_pop (r->out);
  if (m->kind == MSG_HEADER)
    return msg_free (m), g_steal_pointer (&r);
  msg_take (r, m, error);
  return NULL;
}

RrCsvReader *
rr_csv_reader_open_full (const char *path, char delimiter, gsize batch_bytes, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  struct stat st = { 0 };
  int err = fd < 0 ? errno : fstat (fd, &st) < 0 ? errno : S_ISDIR (st.st_mode) ? EISDIR : 0;
  if (err != 0)
    {
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "%s: cannot open: %s",
                   path, g_strerror (err));
      return NULL;
    }
#ifdef POSIX_FADV_SEQUENTIAL
  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  RrCsvReader *self = reader_new (path, delimiter, batch_bytes);
  self->fd = fd;
  self->file_size = (guint64) st.st_size;
  /* A regular file is hashed by its own reads, apart from the parsing; a pipe is read once. */
  if (S_ISREG (st.st_mode))
    self->hash = rr_file_hash_new (fd, path);
  if (self->hash == NULL)
    {
      self->hash = rr_file_hash_new_stream ();
      self->hash_chunks = TRUE;
    }
  return reader_start (self, error);
}

RrCsvReader *
rr_csv_reader_open (const char *path, char delimiter, GError **error)
{
  return rr_csv_reader_open_full (path, delimiter, 0, error);
}

RrCsvReader *
rr_csv_reader_open_bytes (GBytes *bytes, const char *name, char delimiter, gsize batch_bytes,
                          GError **error)
{
  g_return_val_if_fail (bytes != NULL && name != NULL, NULL);
  RrCsvReader *self = reader_new (name, delimiter, batch_bytes);
  self->bytes = g_bytes_ref (bytes);
  self->file_size = g_bytes_get_size (bytes);
  self->hash = rr_file_hash_new_stream ();
  self->hash_chunks = TRUE;
  return reader_start (self, error);
}

const RrCsvBatch *
rr_csv_reader_next_batch (RrCsvReader *self, GError **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (self->held != NULL)
    g_async_queue_push (self->free_batches, g_steal_pointer (&self->held));
  if (self->done)
    return NULL;
  self->held = msg_take (self, g_async_queue_pop (self->out), error);
  return self->held != NULL ? &self->held->pub : NULL;
}

const char *const *
rr_csv_reader_header (const RrCsvReader *self)
{
  return (const char *const *) self->header;
}

guint
rr_csv_reader_n_fields (const RrCsvReader *self)
{
  return self->n_fields;
}

guint64
rr_csv_reader_bytes_consumed (const RrCsvReader *self)
{
  return self->consumed;
}

guint64
rr_csv_reader_file_size (const RrCsvReader *self)
{
  return self->file_size;
}

gboolean
rr_csv_reader_is_gzip (const RrCsvReader *self)
{
  return self->gzip;
}

char
rr_csv_reader_delimiter (const RrCsvReader *self)
{
  return self->delimiter;
}

const char *
rr_csv_reader_sha256 (RrCsvReader *self, GError **error)
{
  return self->ended_ok && self->hash != NULL ? rr_file_hash_finish (self->hash, error) : NULL;
}

RrFileHash *
rr_csv_reader_steal_hash (RrCsvReader *self)
{
  return self->ended_ok ? g_steal_pointer (&self->hash) : NULL;
}

const char *
rr_csv_reader_path (const RrCsvReader *self)
{
  return self->path;
}

/* Asks the reader thread to stop, hands back every batch it sends until its last message,
 * and waits for it. */
static void
reader_stop (RrCsvReader *self)
{
  g_atomic_int_set (&self->stop, 1);
  if (self->held != NULL)
    g_async_queue_push (self->free_batches, g_steal_pointer (&self->held));
  while (!self->done)
    {
      CsvBatch *b = msg_take (self, g_async_queue_pop (self->out), NULL);
      if (b != NULL)
        g_async_queue_push (self->free_batches, b);
    }
}

static void
queue_free (GAsyncQueue *q, GDestroyNotify free_func)
{
  gpointer item;
  while ((item = g_async_queue_try_pop (q)) != NULL)
    free_func (item);
  g_async_queue_unref (q);
}

static void
chunk_free (CsvChunk *c)
{
  g_free (c->data);
  g_free (c);
}

void
rr_csv_reader_digest_fields (RrCsvReader *self, const guint *fields, guint n)
{
  g_return_if_fail (g_atomic_pointer_get (&self->digest) == NULL);
  for (guint k = 0; k < n; k++)
    g_return_if_fail (fields[k] < self->n_fields);
  CsvDigestSpec *d = g_malloc (sizeof *d + n * sizeof d->fields[0]);
  d->n = n;
  memcpy (d->fields, fields, n * sizeof d->fields[0]);
  g_atomic_pointer_set (&self->digest, d);
}

void
rr_csv_reader_free (RrCsvReader *self)
{
  if (self == NULL)
    return;
  if (self->thread != NULL)
    reader_stop (self);
  g_free (g_atomic_pointer_get (&self->digest));
  if (self->held != NULL)
    batch_free (self->held);
  queue_free (self->out, (GDestroyNotify) msg_free);
  queue_free (self->free_batches, (GDestroyNotify) batch_free);
  queue_free (self->free_chunks, (GDestroyNotify) chunk_free);
  g_async_queue_unref (self->to_hash);
  if (self->dq != NULL)
    g_array_unref (self->dq);
  if (self->fd >= 0)
    close (self->fd);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_strfreev (self->header);
  g_free (self->fail_what);
  rr_file_hash_free (self->hash);
  g_free (self->path);
  g_free (self);
}
