/* fieldmap.h - a map from a field's raw bytes to a 32-bit value, the first lookup of every new
 * value on the loader's per-row path (load stage).  Keys of up to 11 bytes (every postcode,
 * date, sex code and most categories) are held inside a 16-byte slot, so a lookup costs one
 * cache miss; longer keys are copied into the map once. */
#pragma once
#include "util/hash.h"
#include <glib.h>
#include <string.h>

typedef struct _RrFieldMap RrFieldMap;

/* expected: how many keys the caller expects (0 if unknown); the map grows past it. */
RrFieldMap *rr_field_map_new (gsize expected);
void rr_field_map_free (RrFieldMap *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrFieldMap, rr_field_map_free)

/* A key's words and hash, computed once: the loader hashes a row's fields a few rows ahead to
 * prefetch their slots, and looks them up later with the same key. */
typedef struct
{
  guint64 w0;   /* a short key's bytes 0..7; a long key's 64-bit hash */
  guint32 w1;   /* a short key's bytes 8..10 and its length; a long key's mark and hash bits */
  guint32 hash; /* the low 32 bits of the key's 64-bit hash: where its lookup starts */
} RrFieldKey;   /* 16 bytes: the reader thread writes one per needed field of every row */

/* The key's 64-bit hash (a pseudonym's fingerprint, load/persons.h). */
guint64 rr_field_key_fingerprint (const RrFieldKey *key);

/* Fills key for the len bytes at s (any bytes, not NUL-terminated). */
void rr_field_key_init (RrFieldKey *key, const char *s, guint32 len);
/* The same, faster, for s followed by at least 16 readable bytes from its start whatever len
 * is (as the fields of a CSV batch are: see csv.h). */
static inline void rr_field_key_init_padded (RrFieldKey *key, const char *s, guint32 len);

/* Looks up key (made from the len bytes at s).  Returns TRUE and sets *value if the key is
 * present; otherwise returns FALSE and *slot says where rr_field_map_insert puts it.  The slot
 * is valid only until the next insert. */
static inline gboolean rr_field_map_lookup (const RrFieldMap *self, const RrFieldKey *key,
                                            const char *s, guint32 len, guint32 *value,
                                            gsize *slot);
/* Adds a key known to be absent at the slot rr_field_map_lookup gave for it. */
void rr_field_map_insert (RrFieldMap *self, gsize slot, const RrFieldKey *key, const char *s,
                          guint32 len, guint32 value);
/* Hints the CPU to fetch the slot where the key's lookup starts, so that a lookup a few rows
 * later finds it in cache. */
static inline void rr_field_map_prefetch (const RrFieldMap *self, const RrFieldKey *key);
gsize rr_field_map_count (const RrFieldMap *self);
/* Bytes held, for memory reports. */
gsize rr_field_map_bytes (const RrFieldMap *self);

/* ---- The per-row path, inline: the loader calls these for every field of every row, and
 * one call each would cost about as much as the work itself. ---- */

#define RR_FIELD_INLINE_MAX 11
#define RR_FIELD_W1_EMPTY G_MAXUINT32 /* an empty slot; no key's w1 is all ones */
#define RR_FIELD_W1_LONG 0xFEu        /* top byte of w1 for a key longer than RR_FIELD_INLINE_MAX */

/* A key of len <= 11 bytes: bytes 0..7 in w0, bytes 8..10 and len in w1 (len in the top byte),
 * zero-padded.  A longer key: w0 points to its copy (a guint32 length, then the bytes) and w1
 * holds RR_FIELD_W1_LONG and 24 bits of its hash. */
typedef struct
{
  guint64 w0;
  guint32 w1;
  guint32 value;
} RrFieldSlot;

struct _RrFieldMap
{
  RrFieldSlot *slots;
  gsize mask; /* n_slots - 1, a power of two minus one */
  gsize count;
  GStringChunk *long_keys;
};

static inline guint64
rr_field_key_hash_inline (guint64 w0, guint32 w1)
{
  return rr_hash_mix64 (w0 * 0x9E3779B97F4A7C15ull
                        ^ ((guint64) w1 << 1 | 1) * 0xBF58476D1CE4E5B9ull);
}

/* For rr_field_key_init_padded: a key longer than RR_FIELD_INLINE_MAX bytes. */
void rr_field_key_init_long (RrFieldKey *key, const char *s, guint32 len);

static inline void
rr_field_key_init_padded (RrFieldKey *key, const char *s, guint32 len)
{
  if (len > RR_FIELD_INLINE_MAX)
    return rr_field_key_init_long (key, s, len);
  /* Two loads and masks instead of a variable-length copy: the bytes past len are readable
   * (the caller says so) but not the key's. */
  guint64 lo, hi;
  memcpy (&lo, s, 8);
  memcpy (&hi, s + 8, 8);
  guint64 lo_mask = len >= 8 ? G_MAXUINT64 : (1ull << (8 * len)) - 1;
  guint64 hi_mask = len <= 8 ? 0 : (1ull << (8 * (len - 8))) - 1;
  key->w0 = lo & lo_mask;
  key->w1 = (guint32) (hi & hi_mask) | len << 24;
  key->hash = (guint32) rr_field_key_hash_inline (key->w0, key->w1);
}

/* Whether key is of a value of at most RR_FIELD_INLINE_MAX bytes, which the key holds whole;
 * *len is the value's length if so.  The loader then reads neither the value's text nor its
 * place in the batch: both were written by the reader thread, on the other core. */
static inline gboolean
rr_field_key_is_short (const RrFieldKey *key, guint32 *len)
{
  *len = key->w1 >> 24;
  return *len <= RR_FIELD_INLINE_MAX;
}

/* A short key's value: its bytes, into out (16 bytes, zero after the value). */
static inline const char *
rr_field_key_short_value (const RrFieldKey *key, char out[16])
{
  guint32 rest = key->w1 & 0xFFFFFF, zero = 0;
  memcpy (out, &key->w0, 8); /* the inverse of rr_field_key_init_padded's loads (little-endian) */
  memcpy (out + 8, &rest, 4);
  memcpy (out + 12, &zero, 4);
  return out;
}

static inline const char *
rr_field_slot_long_key (const RrFieldSlot *slot, guint32 *len)
{
  const char *p = (const char *) (guintptr) slot->w0;
  memcpy (len, p, sizeof *len);
  return p + sizeof *len;
}

static inline gboolean
rr_field_slot_matches (const RrFieldSlot *slot, const RrFieldKey *key, const char *s, guint32 len)
{
  if (slot->w1 != key->w1 || (len <= RR_FIELD_INLINE_MAX && slot->w0 != key->w0))
    return FALSE; /* (a long key's w0 is its hash in the key, its copy's address in the slot) */
  if (len <= RR_FIELD_INLINE_MAX)
    return TRUE;
  guint32 slot_len;
  const char *bytes = rr_field_slot_long_key (slot, &slot_len);
  return slot_len == len && memcmp (bytes, s, len) == 0;
}

static inline gboolean
rr_field_map_lookup (const RrFieldMap *self, const RrFieldKey *key, const char *s, guint32 len,
                     guint32 *value, gsize *slot)
{
  for (gsize i = key->hash & self->mask;; i = (i + 1) & self->mask)
    {
      const RrFieldSlot *e = &self->slots[i];
      if (e->w1 == RR_FIELD_W1_EMPTY)
        {
          *slot = i;
          return FALSE;
        }
      if (rr_field_slot_matches (e, key, s, len))
        {
          *slot = i; /* set on both paths: callers' compilers then see it always set */
          *value = e->value;
          return TRUE;
        }
    }
}

static inline void
rr_field_map_prefetch (const RrFieldMap *self, const RrFieldKey *key)
{
  /* Two lines: near the map's limit of 3/4 full an absent key's probe runs on for about
   * eight slots (Knuth, TAOCP 3, 6.4), two lines of them, and every new value's first
   * lookup is such a probe. */
  const char *slot = (const char *) &self->slots[key->hash & self->mask];
  __builtin_prefetch (slot);
  __builtin_prefetch (slot + 64);
}
