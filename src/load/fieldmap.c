/* fieldmap.c - open-addressing map from raw field bytes to a 32-bit value (load stage).
 * Hand-written because it is the loader's hottest random access: a GHashTable needs a
 * NUL-terminated key and a pointer chase per probe, where here a short key sits in the slot. */
#include "config.h"
#include "load/fieldmap.h"
#include "util/bigmem.h"
#include "util/hash.h"
#include <string.h>

#define INLINE_MAX 11
#define W1_EMPTY G_MAXUINT32 /* an empty slot; no key's w1 is all ones */
#define W1_LONG 0xFEu        /* top byte of w1 for a key longer than INLINE_MAX */

/* A key of len <= 11 bytes: bytes 0..7 in w0, bytes 8..10 and len in w1 (len in the top byte),
 * zero-padded.  A longer key: w0 points to its copy (a guint32 length, then the bytes) and w1
 * holds W1_LONG and 24 bits of its hash. */
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
hash_inline (guint64 w0, guint32 w1)
{
  return rr_hash_mix64 (w0 * 0x9E3779B97F4A7C15ull
                        ^ ((guint64) w1 << 1 | 1) * 0xBF58476D1CE4E5B9ull);
}

static guint64
hash_long (const char *s, guint32 len)
{
  guint64 h = 0x9E3779B97F4A7C15ull ^ len;
  guint32 i = 0;
  for (; i + 8 <= len; i += 8)
    {
      guint64 w;
      memcpy (&w, s + i, 8);
      h = rr_hash_mix64 (h ^ w) + 0x632BE59BD9B4E019ull;
    }
  guint64 tail = 0;
  memcpy (&tail, s + i, len - i);
  return rr_hash_mix64 (h ^ tail);
}

static void
key_init_long (RrFieldKey *key, const char *s, guint32 len)
{
  key->w0 = hash_long (s, len);
  key->w1 = W1_LONG << 24 | (guint32) (key->w0 & 0xFFFFFF);
  key->hash = (guint32) key->w0;
}

guint64
rr_field_key_fingerprint (const RrFieldKey *key)
{
  return key->w1 >> 24 == W1_LONG ? key->w0 : hash_inline (key->w0, key->w1);
}

void
rr_field_key_init (RrFieldKey *key, const char *s, guint32 len)
{
  if (len > INLINE_MAX)
    return key_init_long (key, s, len);
  char buf[16] = { 0 };
  memcpy (buf, s, len);
  rr_field_key_init_padded (key, buf, len);
}

void
rr_field_key_init_padded (RrFieldKey *key, const char *s, guint32 len)
{
  if (len > INLINE_MAX)
    return key_init_long (key, s, len);
  /* Two loads and masks instead of a variable-length copy: the bytes past len are readable
   * (the caller says so) but not the key's. */
  guint64 lo, hi;
  memcpy (&lo, s, 8);
  memcpy (&hi, s + 8, 8);
  guint64 lo_mask = len >= 8 ? G_MAXUINT64 : (1ull << (8 * len)) - 1;
  guint64 hi_mask = len <= 8 ? 0 : (1ull << (8 * (len - 8))) - 1;
  key->w0 = lo & lo_mask;
  key->w1 = (guint32) (hi & hi_mask) | len << 24;
  key->hash = (guint32) hash_inline (key->w0, key->w1);
}

static RrFieldSlot *
slots_new (gsize n)
{
  RrFieldSlot *slots = rr_big_new0 (n, sizeof (RrFieldSlot));
  for (gsize i = 0; i < n; i++)
    slots[i].w1 = W1_EMPTY;
  return slots;
}

RrFieldMap *
rr_field_map_new (gsize expected)
{
  RrFieldMap *self = g_new0 (RrFieldMap, 1);
  gsize n = 64;
  while (n * 3 < expected * 4)
    n *= 2;
  self->slots = slots_new (n);
  self->mask = n - 1;
  self->long_keys = g_string_chunk_new (64 * 1024);
  return self;
}

void
rr_field_map_free (RrFieldMap *self)
{
  if (self == NULL)
    return;
  rr_big_free (self->slots, self->mask + 1, sizeof (RrFieldSlot));
  g_string_chunk_free (self->long_keys);
  g_free (self);
}

static inline const char *
long_key (const RrFieldSlot *slot, guint32 *len)
{
  const char *p = (const char *) (guintptr) slot->w0;
  memcpy (len, p, sizeof *len);
  return p + sizeof *len;
}

static inline gboolean
slot_matches (const RrFieldSlot *slot, const RrFieldKey *key, const char *s, guint32 len)
{
  if (slot->w1 != key->w1 || (len <= INLINE_MAX && slot->w0 != key->w0))
    return FALSE; /* (a long key's w0 is its hash in the key, its copy's address in the slot) */
  if (len <= INLINE_MAX)
    return TRUE;
  guint32 slot_len;
  const char *bytes = long_key (slot, &slot_len);
  return slot_len == len && memcmp (bytes, s, len) == 0;
}

gboolean
rr_field_map_lookup (const RrFieldMap *self, const RrFieldKey *key, const char *s, guint32 len,
                     guint32 *value, gsize *slot)
{
  for (gsize i = key->hash & self->mask;; i = (i + 1) & self->mask)
    {
      const RrFieldSlot *e = &self->slots[i];
      if (e->w1 == W1_EMPTY)
        {
          *slot = i;
          return FALSE;
        }
      if (slot_matches (e, key, s, len))
        {
          *value = e->value;
          return TRUE;
        }
    }
}

void
rr_field_map_prefetch (const RrFieldMap *self, const RrFieldKey *key)
{
  __builtin_prefetch (&self->slots[key->hash & self->mask]);
}

/* The slot's key's hash, as RrFieldKey.hash holds it. */
static guint32
slot_hash (const RrFieldSlot *e)
{
  if (e->w1 >> 24 != W1_LONG)
    return (guint32) hash_inline (e->w0, e->w1);
  guint32 len;
  const char *bytes = long_key (e, &len);
  return (guint32) hash_long (bytes, len);
}

static void
map_grow (RrFieldMap *self)
{
  gsize n = 2 * (self->mask + 1);
  RrFieldSlot *old = self->slots;
  self->slots = slots_new (n);
  for (gsize j = 0; j <= self->mask; j++)
    {
      if (old[j].w1 == W1_EMPTY)
        continue;
      gsize i = slot_hash (&old[j]) & (n - 1);
      while (self->slots[i].w1 != W1_EMPTY)
        i = (i + 1) & (n - 1);
      self->slots[i] = old[j];
    }
  rr_big_free (old, self->mask + 1, sizeof (RrFieldSlot));
  self->mask = n - 1;
}

static guint64
long_key_copy (RrFieldMap *self, const char *s, guint32 len)
{
  g_autofree char *record = g_malloc (sizeof len + len);
  memcpy (record, &len, sizeof len);
  memcpy (record + sizeof len, s, len);
  return (guint64) (guintptr) g_string_chunk_insert_len (self->long_keys, record,
                                                         (gssize) (sizeof len + len));
}

void
rr_field_map_insert (RrFieldMap *self, gsize slot, const RrFieldKey *key, const char *s,
                     guint32 len, guint32 value)
{
  g_return_if_fail (slot <= self->mask && self->slots[slot].w1 == W1_EMPTY);
  RrFieldSlot *e = &self->slots[slot];
  e->w0 = len <= INLINE_MAX ? key->w0 : long_key_copy (self, s, len);
  e->w1 = key->w1;
  e->value = value;
  /* Linear probing stays short (under 3 slots for a hit on average) up to a load of 3/4. */
  if (++self->count * 4 > (self->mask + 1) * 3)
    map_grow (self);
}

gsize
rr_field_map_count (const RrFieldMap *self)
{
  return self->count;
}

gsize
rr_field_map_bytes (const RrFieldMap *self)
{
  return (self->mask + 1) * sizeof (RrFieldSlot);
}
