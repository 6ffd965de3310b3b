/* pseudonym.c - decodes a pseudonym column into a sorted set of bit strings, and runs the
 * dictionary attack over the NHS number space in worker threads (scan stage).
 * Hashing uses libcrypto's EVP interface: on this project's reference machine it hashes a
 * 10-byte SHA-256 input 3.7 times faster than GChecksum (doc/performance-scan.md).  The lookup
 * structure (a bitmap filter in front of a sorted key array) is hand-written because it sits in
 * the innermost loop, which runs about 0.9e9 times per transform. */
#include "config.h"
#include "scan/pseudonym.h"
#include "scan/nhs.h"
#include "util/error.h"
#include <math.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

/* ---- transforms ---- */

static const char *const transform_names[RR_N_DIGESTS][RR_N_NHS_TEXTS] = {
  [RR_DIGEST_MD5] = { "md5", "md5-spaced" },
  [RR_DIGEST_SHA1] = { "sha1", "sha1-spaced" },
  [RR_DIGEST_SHA256] = { "sha256", "sha256-spaced" },
};

static const char *const digest_evp_names[RR_N_DIGESTS] = { "MD5", "SHA1", "SHA256" };

RrTransform
rr_transform_nth (guint i)
{
  static const RrDigest order[RR_N_DIGESTS] = { RR_DIGEST_SHA256, RR_DIGEST_MD5, RR_DIGEST_SHA1 };
  g_return_val_if_fail (i < RR_N_TRANSFORMS, (RrTransform){ 0 });
  return (RrTransform){ order[i / RR_N_NHS_TEXTS], (RrNhsText) (i % RR_N_NHS_TEXTS) };
}

const char *
rr_transform_name (RrTransform t)
{
  return transform_names[t.digest][t.text];
}

gboolean
rr_transform_parse (const char *name, RrTransform *t, GError **error)
{
  for (guint i = 0; i < RR_N_TRANSFORMS; i++)
    if (g_ascii_strcasecmp (name, rr_transform_name (rr_transform_nth (i))) == 0)
      {
        *t = rr_transform_nth (i);
        return TRUE;
      }
  return rr_throw (error, RR_ERROR_INVALID,
                   "unknown transform '%s' (md5, sha1, sha256, each optionally -spaced)", name);
}

/* Writes the number as the transform's text; returns its length. */
static gsize
nhs_text (RrNhsText text, const char *digits10, char *out12)
{
  if (text == RR_NHS_TEXT_DIGITS)
    {
      memcpy (out12, digits10, 10);
      return 10;
    }
  memcpy (out12, digits10, 3);
  out12[3] = ' ';
  memcpy (out12 + 4, digits10 + 3, 3);
  out12[7] = ' ';
  memcpy (out12 + 8, digits10 + 6, 4);
  return 12;
}

guint
rr_transform_apply (RrTransform t, const char *digits10, guint8 *out)
{
  char text[12];
  gsize len = nhs_text (t.text, digits10, text);
  EVP_MD *md = EVP_MD_fetch (NULL, digest_evp_names[t.digest], NULL);
  unsigned int out_len = 0;
  gboolean ok = md != NULL && EVP_Digest (text, len, out, &out_len, md, NULL) == 1;
  EVP_MD_free (md);
  g_assert (ok); /* the three digests are in every libcrypto build */
  return out_len;
}

/* ---- the set ---- */

typedef struct
{
  guint64 key; /* the first 64 bits, big-endian, masked to the set's bit length */
  guint32 index;
} RrKeyEntry;

struct _RrPseudonymSet
{
  char *column;
  RrPseudonymEncoding encoding;
  gsize n_chars;  /* length of every accepted value */
  guint bits;
  guint n_bytes;  /* ceil (bits / 8) */
  guint64 n_values, n_other, n_undecided;
  GPtrArray *pending; /* values seen before the encoding was decided, replayed once it is */
  GByteArray *data;  /* n_bytes per pseudonym */
  GArray *keys;      /* RrKeyEntry, sorted by key after sealing */
  guint64 mask;
  guint8 *bitmap;
  guint bitmap_shift;
  gint *hits;        /* by index: preimages found in the current attack */
  gboolean sealed, usable, abandoned;
};

RrPseudonymSet *
rr_pseudonym_set_new (const char *column)
{
  RrPseudonymSet *self = g_new0 (RrPseudonymSet, 1);
  self->column = g_strdup (column);
  self->pending = g_ptr_array_new_with_free_func (g_free);
  self->data = g_byte_array_new ();
  self->keys = g_array_new (FALSE, FALSE, sizeof (RrKeyEntry));
  return self;
}

void
rr_pseudonym_set_free (RrPseudonymSet *self)
{
  if (self == NULL)
    return;
  g_free (self->column);
  g_ptr_array_unref (self->pending);
  g_byte_array_unref (self->data);
  g_array_unref (self->keys);
  g_free (self->bitmap);
  g_free (self->hits);
  g_free (self);
}

static int
hex_value (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

/* Standard or URL-safe base64 digit, or -1. */
static int
base64_value (char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+' || c == '-')
    return 62;
  if (c == '/' || c == '_')
    return 63;
  return -1;
}

static gsize
strip_padding (const char *v, gsize len)
{
  while (len > 0 && v[len - 1] == '=')
    len--;
  return len;
}

/* Decodes into out (n_bytes), most significant bit first; the bits beyond the value's bit
 * length are zero. */
static gboolean
decode (RrPseudonymEncoding enc, const char *v, gsize len, guint8 *out, guint n_bytes)
{
  memset (out, 0, n_bytes);
  guint bits_per = enc == RR_PSEUDONYM_HEX ? 4 : 6;
  guint32 acc = 0;
  guint n_acc = 0, at = 0;
  for (gsize i = 0; i < len; i++)
    {
      int x = enc == RR_PSEUDONYM_HEX ? hex_value (v[i]) : base64_value (v[i]);
      if (x < 0)
        return FALSE;
      acc = (acc << bits_per) | (guint32) x;
      n_acc += bits_per;
      if (n_acc >= 8)
        {
          n_acc -= 8;
          if (at < n_bytes)
            out[at++] = (guint8) (acc >> n_acc);
          acc &= (1u << n_acc) - 1;
        }
    }
  if (n_acc > 0 && at < n_bytes)
    out[at] = (guint8) (acc << (8 - n_acc));
  return TRUE;
}

/* Which encoding the value shows unambiguously (see the header), else UNDECIDED.  Base64 needs
 * both letter cases as well as a digit: a digest shows all three (11 characters miss one case
 * with probability 0.3%), a reference number such as "PT000012345" does not. */
static RrPseudonymEncoding
classify (const char *v, gsize len)
{
  gboolean digit = FALSE, hex_letter = FALSE, non_hex = FALSE, upper = FALSE, lower = FALSE;
  gboolean base64 = TRUE;
  gsize sig = strip_padding (v, len);
  for (gsize i = 0; i < sig; i++)
    {
      digit |= g_ascii_isdigit (v[i]);
      hex_letter |= g_ascii_isxdigit (v[i]) && !g_ascii_isdigit (v[i]);
      non_hex |= !g_ascii_isxdigit (v[i]);
      upper |= g_ascii_isupper (v[i]);
      lower |= g_ascii_islower (v[i]);
      base64 &= base64_value (v[i]) >= 0;
    }
  if (!non_hex && sig == len && digit && hex_letter && len >= RR_PSEUDONYM_MIN_BITS / 4)
    return RR_PSEUDONYM_HEX;
  if (base64 && non_hex && digit && upper && lower && sig * 6 >= 64)
    return RR_PSEUDONYM_BASE64;
  return RR_PSEUDONYM_UNDECIDED;
}

static void
decide (RrPseudonymSet *self, RrPseudonymEncoding enc, gsize len, gsize sig)
{
  self->encoding = enc;
  self->n_chars = len;
  /* base64 keeps whole bytes only: a partial last character carries no full byte */
  self->bits = enc == RR_PSEUDONYM_HEX ? (guint) (4 * len) : (guint) (6 * sig / 8 * 8);
  self->n_bytes = (self->bits + 7) / 8;
}

/* Stores a value of the decided encoding, or counts it as another shape. */
static void
add_decided (RrPseudonymSet *self, const char *value, gsize len)
{
  if (len != self->n_chars)
    {
      self->n_other++;
      return;
    }
  guint8 buf[256];
  gsize sig = self->encoding == RR_PSEUDONYM_BASE64 ? strip_padding (value, len) : len;
  if (self->n_bytes > sizeof buf || !decode (self->encoding, value, sig, buf, self->n_bytes))
    {
      self->n_other++;
      return;
    }
  /* A person's rows usually follow one another: a repeat of the last pseudonym is not stored
   * (the others are dropped when sealing). */
  guint w = self->n_bytes;
  if (self->data->len >= w && memcmp (self->data->data + self->data->len - w, buf, w) == 0)
    return;
  g_byte_array_append (self->data, buf, w);
}

/* Values not yet telling hex from base64 (a base64 digest without a digit, a hex one without a
 * letter) wait here, so that they are not lost when a later value decides the encoding. */
static void
add_undecided (RrPseudonymSet *self, const char *value, gsize len)
{
  if (self->pending->len < RR_PSEUDONYM_MAX_PENDING)
    g_ptr_array_add (self->pending, g_strndup (value, len));
  else
    self->n_undecided++;
}

static void
replay_pending (RrPseudonymSet *self)
{
  for (guint i = 0; i < self->pending->len; i++)
    {
      const char *v = g_ptr_array_index (self->pending, i);
      add_decided (self, v, strlen (v));
    }
  g_ptr_array_set_size (self->pending, 0);
}

static guint64
n_unusable (const RrPseudonymSet *self)
{
  return self->n_other + self->n_undecided + self->pending->len;
}

void
rr_pseudonym_set_add (RrPseudonymSet *self, const char *value, gsize len)
{
  g_return_if_fail (!self->sealed);
  if (len == 0)
    return;
  self->n_values++;
  if (self->abandoned)
    return;
  /* Stop storing once the column clearly is not a digest column (free text, categories). */
  double other = (double) n_unusable (self);
  if (self->n_values >= 1000 && other > RR_PSEUDONYM_MAX_OTHER_SHARE * (double) self->n_values)
    {
      self->abandoned = TRUE;
      g_byte_array_set_size (self->data, 0);
      g_ptr_array_set_size (self->pending, 0);
      return;
    }
  if (self->encoding == RR_PSEUDONYM_UNDECIDED)
    {
      RrPseudonymEncoding enc = classify (value, len);
      if (enc == RR_PSEUDONYM_UNDECIDED)
        {
          add_undecided (self, value, len);
          return;
        }
      decide (self, enc, len, strip_padding (value, len));
      replay_pending (self);
    }
  add_decided (self, value, len);
}

static guint64
key_of (const guint8 *bytes, guint n_bytes, guint64 mask)
{
  guint64 key = 0;
  for (guint i = 0; i < 8; i++)
    key = (key << 8) | (i < n_bytes ? bytes[i] : 0);
  return key & mask;
}

static int
entry_compare (gconstpointer a, gconstpointer b)
{
  const RrKeyEntry *x = a, *y = b;
  return x->key < y->key ? -1 : x->key > y->key;
}

static int
record_compare (gconstpointer a, gconstpointer b, gpointer width)
{
  return memcmp (a, b, *(const guint *) width);
}

/* Sorts the pseudonyms by value and drops repeats (a person has several rows). */
static void
dedup (RrPseudonymSet *self)
{
  guint w = MAX (self->n_bytes, 1u);
  gsize n = self->data->len / w;
  g_qsort_with_data (self->data->data, (gint) n, w, record_compare, &w);
  gsize kept = 0;
  for (gsize i = 0; i < n; i++)
    {
      const guint8 *rec = self->data->data + i * w;
      if (kept > 0 && memcmp (rec, self->data->data + (kept - 1) * w, w) == 0)
        continue;
      memmove (self->data->data + kept * w, rec, w);
      kept++;
    }
  g_byte_array_set_size (self->data, (guint) (kept * w));
}

static void
build_index (RrPseudonymSet *self)
{
  guint n = self->data->len / self->n_bytes;
  self->mask = self->bits >= 64 ? G_MAXUINT64 : ~(G_MAXUINT64 >> self->bits);
  for (guint i = 0; i < n; i++)
    {
      RrKeyEntry e = { key_of (self->data->data + (gsize) i * self->n_bytes, self->n_bytes,
                               self->mask), i };
      g_array_append_val (self->keys, e);
    }
  g_array_sort (self->keys, entry_compare);
  /* About 16 filter bits per pseudonym: a random digest passes with probability < 1/16. */
  guint log2 = (guint) g_bit_storage (MAX (n, 1u)) + 4;
  log2 = CLAMP (log2, 16u, 32u);
  self->bitmap_shift = 64 - log2;
  self->bitmap = g_malloc0 ((G_GUINT64_CONSTANT (1) << log2) / 8);
  for (guint i = 0; i < n; i++)
    {
      guint64 slot = g_array_index (self->keys, RrKeyEntry, i).key >> self->bitmap_shift;
      self->bitmap[slot / 8] |= (guint8) (1u << (slot % 8));
    }
  self->hits = g_new0 (gint, MAX (n, 1u));
}

gboolean
rr_pseudonym_set_seal (RrPseudonymSet *self)
{
  g_return_val_if_fail (!self->sealed, FALSE);
  self->sealed = TRUE;
  if (self->abandoned || self->encoding == RR_PSEUDONYM_UNDECIDED || self->bits < RR_PSEUDONYM_MIN_BITS)
    return FALSE;
  double other = (double) n_unusable (self);
  if (other > RR_PSEUDONYM_MAX_OTHER_SHARE * (double) self->n_values)
    return FALSE;
  dedup (self);
  build_index (self);
  self->usable = TRUE;
  return TRUE;
}

const char *
rr_pseudonym_set_column (const RrPseudonymSet *self)
{
  return self->column;
}

RrPseudonymEncoding
rr_pseudonym_set_encoding (const RrPseudonymSet *self)
{
  return self->encoding;
}

guint
rr_pseudonym_set_bits (const RrPseudonymSet *self)
{
  return self->bits;
}

guint64
rr_pseudonym_set_n_values (const RrPseudonymSet *self)
{
  return self->n_values;
}

guint64
rr_pseudonym_set_n_other (const RrPseudonymSet *self)
{
  return n_unusable (self);
}

guint64
rr_pseudonym_set_n_distinct (const RrPseudonymSet *self)
{
  return self->usable ? self->data->len / self->n_bytes : 0;
}

/* Whether candidate (at least n_bytes long) equals pseudonym i on the set's bits. */
static gboolean
equal_bits (const RrPseudonymSet *self, guint i, const guint8 *candidate)
{
  const guint8 *p = self->data->data + (gsize) i * self->n_bytes;
  guint whole = self->bits / 8;
  if (memcmp (p, candidate, whole) != 0)
    return FALSE;
  guint rest = self->bits % 8;
  guint8 mask = (guint8) (0xffu << (8 - rest));
  return rest == 0 || (p[whole] & mask) == (candidate[whole] & mask);
}

/* Index of the first key entry >= key. */
static guint
lower_bound (const RrPseudonymSet *self, guint64 key)
{
  guint lo = 0, hi = self->keys->len;
  const RrKeyEntry *e = (const RrKeyEntry *) (gpointer) self->keys->data;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (e[mid].key < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Calls back for every pseudonym equal to the candidate; returns how many. */
static guint
lookup (const RrPseudonymSet *self, const guint8 *candidate, guint cand_len, gboolean count_hits)
{
  if (!self->usable || cand_len < self->n_bytes)
    return 0;
  guint64 key = key_of (candidate, cand_len, self->mask);
  guint64 slot = key >> self->bitmap_shift;
  if (!(self->bitmap[slot / 8] & (1u << (slot % 8))))
    return 0;
  const RrKeyEntry *e = (const RrKeyEntry *) (gpointer) self->keys->data;
  guint found = 0;
  for (guint k = lower_bound (self, key); k < self->keys->len && e[k].key == key; k++)
    if (equal_bits (self, e[k].index, candidate))
      {
        found++;
        if (count_hits)
          g_atomic_int_inc (&self->hits[e[k].index]);
      }
  return found;
}

gboolean
rr_pseudonym_set_contains_digest (const RrPseudonymSet *self, const guint8 *digest,
                                  guint digest_len)
{
  return lookup (self, digest, digest_len, FALSE) > 0;
}

gboolean
rr_pseudonym_set_contains_value (const RrPseudonymSet *self, const char *value, gsize len)
{
  if (!self->usable || len != self->n_chars)
    return FALSE;
  guint8 buf[256];
  gsize sig = self->encoding == RR_PSEUDONYM_BASE64 ? strip_padding (value, len) : len;
  if (self->n_bytes > sizeof buf || !decode (self->encoding, value, sig, buf, self->n_bytes))
    return FALSE;
  return lookup (self, buf, self->n_bytes, FALSE) > 0;
}

guint64
rr_pseudonym_set_count_common (const RrPseudonymSet *self, const RrPseudonymSet *other)
{
  if (!self->usable || !other->usable || self->bits != other->bits)
    return 0;
  guint64 common = 0;
  guint n = self->data->len / self->n_bytes;
  for (guint i = 0; i < n; i++)
    common += lookup (other, self->data->data + (gsize) i * self->n_bytes, self->n_bytes, FALSE)
              > 0;
  return common;
}

/* ---- the attack ---- */

void
rr_attack_options_init (RrAttackOptions *o)
{
  *o = (RrAttackOptions){ .prefix_begin = 0, .prefix_end = RR_NHS_N_PREFIXES, .n_threads = 0,
                          .quick = FALSE, .quick_expected = 20.0 };
}

typedef struct
{
  RrPseudonymSet *const *sets;
  guint n_sets;
  RrTransform transform;
  EVP_MD *md;
  guint64 begin, end, chunk;
  const guint *chunks; /* chunk numbers to do */
  guint n_chunks;
  gint next;           /* the next position in chunks[], taken atomically */
  GMutex lock;
  guint64 candidates;  /* added under lock */
} RrAttackJob;

/* Hashes every valid number of one chunk with ctx (copied from base per candidate). */
static guint64
attack_chunk (RrAttackJob *job, guint chunk, EVP_MD_CTX *base, EVP_MD_CTX *ctx)
{
  guint64 begin = job->begin + (guint64) chunk * job->chunk;
  guint64 end = MIN (begin + job->chunk, job->end);
  RrNhsIter it;
  rr_nhs_iter_init (&it, begin, end);
  guint64 n = 0;
  char text[12];
  guint8 digest[EVP_MAX_MD_SIZE];
  while (rr_nhs_iter_next (&it))
    {
      gsize len = nhs_text (job->transform.text, it.digits, text);
      unsigned int dlen = 0;
      if (!EVP_MD_CTX_copy_ex (ctx, base) || !EVP_DigestUpdate (ctx, text, len)
          || !EVP_DigestFinal_ex (ctx, digest, &dlen))
        g_error ("libcrypto digest failed"); /* cannot happen for MD5/SHA with valid contexts */
      for (guint s = 0; s < job->n_sets; s++)
        lookup (job->sets[s], digest, dlen, TRUE);
      n++;
    }
  return n;
}

static gpointer
attack_worker (gpointer data)
{
  RrAttackJob *job = data;
  EVP_MD_CTX *base = EVP_MD_CTX_new ();
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  if (base == NULL || ctx == NULL || !EVP_DigestInit_ex2 (base, job->md, NULL))
    g_error ("libcrypto: cannot create a digest context");
  guint64 n = 0;
  for (gint pos; (pos = g_atomic_int_add (&job->next, 1)) < (gint) job->n_chunks;)
    n += attack_chunk (job, job->chunks[pos], base, ctx);
  g_mutex_lock (&job->lock);
  job->candidates += n;
  g_mutex_unlock (&job->lock);
  EVP_MD_CTX_free (ctx);
  EVP_MD_CTX_free (base);
  return NULL;
}

/* Runs the chunks listed (all, or a stride sample, or its complement) over all threads. */
static guint64
attack_pass (RrAttackJob *job, GArray *chunks, guint n_threads)
{
  job->chunks = (const guint *) (gpointer) chunks->data;
  job->n_chunks = chunks->len;
  job->next = 0;
  job->candidates = 0;
  g_autoptr (GPtrArray) threads = g_ptr_array_new ();
  for (guint i = 0; i < n_threads; i++)
    g_ptr_array_add (threads, g_thread_new ("rr-attack", attack_worker, job));
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  return job->candidates;
}

static void
count_reversed (const RrPseudonymSet *s, RrAttackTry *t)
{
  t->reversed = t->unique = 0;
  guint n = (guint) rr_pseudonym_set_n_distinct (s);
  for (guint i = 0; i < n; i++)
    {
      gint h = g_atomic_int_get (&s->hits[i]);
      t->reversed += h > 0;
      t->unique += h == 1;
    }
}

/* Expected chance reversals: each b-bit pseudonym is hit by one of C random digests with
 * probability 1 - exp(-C / 2^b); reversible when reversed exceeds that by RR_ATTACK_Z sd. */
static void
judge (const RrPseudonymSet *s, RrAttackTry *t)
{
  double n = (double) rr_pseudonym_set_n_distinct (s);
  double p = -expm1 (-(double) t->candidates * ldexp (1.0, -(int) MIN (s->bits, 1000u)));
  t->chance = n * p;
  double sd = sqrt (n * p * (1.0 - p));
  t->reversible = t->reversed > 0 && (double) t->reversed > t->chance + RR_ATTACK_Z * sd;
}

static GArray *
chunk_list (guint n_chunks, guint stride, gboolean in_sample)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint c = 0; c < n_chunks; c++)
    if ((c % stride == 0) == in_sample)
      g_array_append_val (a, c);
  return a;
}

/* The sampling stride for --quick: the smallest sample in which the largest set would show
 * quick_expected reversals if the transform were right. */
static guint
quick_stride (RrPseudonymSet *const *sets, guint n_sets, const RrAttackOptions *o, guint n_chunks)
{
  guint64 n = 0;
  for (guint s = 0; s < n_sets; s++)
    n = MAX (n, rr_pseudonym_set_n_distinct (sets[s]));
  double share = MIN (1.0, o->quick_expected / (double) MAX (n, 1u));
  return (guint) CLAMP (floor (1.0 / share), 1.0, (double) n_chunks);
}

static gboolean
any_reversible (RrPseudonymSet *const *sets, guint n_sets, RrAttackTry *tries, guint64 cands)
{
  gboolean any = FALSE;
  for (guint s = 0; s < n_sets; s++)
    {
      tries[s].candidates = cands;
      count_reversed (sets[s], &tries[s]);
      judge (sets[s], &tries[s]);
      any |= tries[s].reversible;
    }
  return any;
}

void
rr_attack_run (RrPseudonymSet *const *sets, guint n_sets, RrTransform t,
               const RrAttackOptions *o, RrAttackTry *tries)
{
  g_return_if_fail (o->prefix_begin <= o->prefix_end && o->prefix_end <= RR_NHS_N_PREFIXES);
  gint64 start = g_get_monotonic_time ();
  for (guint s = 0; s < n_sets; s++)
    {
      g_return_if_fail (sets[s]->usable);
      memset (sets[s]->hits, 0, sizeof (gint) * MAX (rr_pseudonym_set_n_distinct (sets[s]), 1u));
      tries[s] = (RrAttackTry){ .transform = t };
    }
  guint64 range = o->prefix_end - o->prefix_begin;
  /* ~100k prefixes (about 10 ms of hashing) per chunk: small enough to balance the threads and to
   * sample evenly, large enough that taking a chunk costs nothing. */
  guint64 chunk = CLAMP (range / 1024, 1000, 100000);
  guint n_chunks = (guint) ((range + chunk - 1) / chunk);
  RrAttackJob job = { .sets = sets, .n_sets = n_sets, .transform = t,
                      .md = EVP_MD_fetch (NULL, digest_evp_names[t.digest], NULL),
                      .begin = o->prefix_begin, .end = o->prefix_end, .chunk = chunk };
  g_assert (job.md != NULL);
  g_mutex_init (&job.lock);
  guint n_threads = o->n_threads > 0 ? o->n_threads : g_get_num_processors ();
  guint stride = o->quick ? quick_stride (sets, n_sets, o, n_chunks) : 1;
  g_autoptr (GArray) sample = chunk_list (n_chunks, stride, TRUE);
  guint64 cands = attack_pass (&job, sample, n_threads);
  gboolean found = any_reversible (sets, n_sets, tries, cands);
  if (stride > 1 && found)
    {
      g_autoptr (GArray) rest = chunk_list (n_chunks, stride, FALSE);
      cands += attack_pass (&job, rest, n_threads);
      any_reversible (sets, n_sets, tries, cands);
    }
  double seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  for (guint s = 0; s < n_sets; s++)
    {
      tries[s].seconds = seconds;
      tries[s].stopped_early = stride > 1 && !found;
    }
  EVP_MD_free (job.md);
  g_mutex_clear (&job.lock);
}
