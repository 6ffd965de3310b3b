/* fieldmap.c - open-addressing map from raw field bytes to a 32-bit value (load stage).
 * Hand-written because it is the loader's hottest random access: a GHashTable needs a
 * NUL-terminated key and a pointer chase per probe, where here a short key sits in the slot. */
#include "config.h"
#include "load/fieldmap.h"
#include "util/bigmem.h"
#include "util/hash.h"
#include <string.h>

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

void
rr_field_key_init_long (RrFieldKey *key, const char *s, guint32 len)
{
  key->w0 = hash_long (s, len);
  key->w1 = RR_FIELD_W1_LONG << 24 | (guint32) (key->w0 & 0xFFFFFF);
  key->hash = (guint32) key->w0;
}

guint64
rr_field_key_fingerprint (const RrFieldKey *key)
{
  if (key->w1 >> 24 == RR_FIELD_W1_LONG)
    return key->w0;
  return rr_field_key_hash_inline (key->w0, key->w1);
}

void
rr_field_key_init (RrFieldKey *key, const char *s, guint32 len)
{
  if (len > RR_FIELD_INLINE_MAX)
    return rr_field_key_init_long (key, s, len);
  char buf[16] = { 0 };
  memcpy (buf, s, len);
  rr_field_key_init_padded (key, buf, len);
}

static RrFieldSlot *
slots_new (gsize n)
{
  RrFieldSlot *slots = rr_big_new0 (n, sizeof (RrFieldSlot));
  for (gsize i = 0; i < n; i++)
    slots[i].w1 = RR_FIELD_W1_EMPTY;
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

/* The slot's key's hash, as RrFieldKey.hash holds it. */
static guint32
slot_hash (const RrFieldSlot *e)
{
  if (e->w1 >> 24 != RR_FIELD_W1_LONG)
    return (guint32) rr_field_key_hash_inline (e->w0, e->w1);
  guint32 len;
  const char *bytes = rr_field_slot_long_key (e, &len);
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
      if (old[j].w1 == RR_FIELD_W1_EMPTY)
        continue;
      gsize i = slot_hash (&old[j]) & (n - 1);
      while (self->slots[i].w1 != RR_FIELD_W1_EMPTY)
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
  g_return_if_fail (slot <= self->mask && self->slots[slot].w1 == RR_FIELD_W1_EMPTY);
  RrFieldSlot *e = &self->slots[slot];
  e->w0 = len <= RR_FIELD_INLINE_MAX ? key->w0 : long_key_copy (self, s, len);
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
