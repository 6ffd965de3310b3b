/* dict.c - open-addressing string dictionary with dense codes (load stage).
 * Hand-written because it is on the per-row path: GHashTable would need a NUL-terminated or
 * boxed key per lookup.  Strings live in a GStringChunk, so their pointers are stable. */
#include "config.h"
#include "load/dict.h"
#include <string.h>

#define RR_DICT_EMPTY G_MAXUINT32

typedef struct
{
  const char *str;
  guint32 len;
  guint32 hash;
} RrDictEntry;

/* A slot holds the entry's hash beside its code, so that a probe touches the entry (and its
 * string, both likely cache misses in a large dictionary) only when the hashes agree. */
typedef struct
{
  guint32 hash;
  guint32 code; /* or RR_DICT_EMPTY */
} RrDictSlot;

struct _RrDict
{
  GStringChunk *chunk;
  GArray *entries; /* RrDictEntry by code */
  RrDictSlot *slots;
  guint32 mask;    /* n_slots - 1; n_slots is a power of two */
};

/* A 64-bit multiply-xorshift hash over 8-byte words; quality is ample for a table that also
 * compares the bytes, and it is several times faster than a byte-at-a-time hash. */
static guint32
dict_hash (const char *s, guint32 len)
{
  guint64 h = 0x9E3779B97F4A7C15ull ^ len;
  guint32 i = 0;
  for (; i + 8 <= len; i += 8)
    {
      guint64 w;
      memcpy (&w, s + i, 8);
      h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
  guint64 tail = 0;
  memcpy (&tail, s + i, len - i);
  h = (h ^ tail) * 0x94D049BB133111EBull;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  return (guint32) (h ^ (h >> 32));
}

RrDict *
rr_dict_new (void)
{
  RrDict *self = g_new0 (RrDict, 1);
  self->chunk = g_string_chunk_new (64 * 1024);
  self->entries = g_array_new (FALSE, FALSE, sizeof (RrDictEntry));
  self->mask = 63;
  self->slots = g_new (RrDictSlot, self->mask + 1);
  memset (self->slots, 0xff, sizeof (RrDictSlot) * (self->mask + 1));
  return self;
}

void
rr_dict_free (RrDict *self)
{
  if (self == NULL)
    return;
  g_string_chunk_free (self->chunk);
  g_array_unref (self->entries);
  g_free (self->slots);
  g_free (self);
}

static guint32
dict_probe (const RrDict *self, const char *s, guint32 len, guint32 hash)
{
  guint32 i = hash & self->mask;
  for (;;)
    {
      const RrDictSlot *slot = &self->slots[i];
      if (slot->code == RR_DICT_EMPTY)
        return i;
      if (slot->hash == hash)
        {
          const RrDictEntry *e = &g_array_index (self->entries, RrDictEntry, slot->code);
          if (e->len == len && memcmp (e->str, s, len) == 0)
            return i;
        }
      i = (i + 1) & self->mask;
    }
}

static void
dict_grow (RrDict *self)
{
  g_free (self->slots);
  self->mask = self->mask * 2 + 1;
  self->slots = g_new (RrDictSlot, self->mask + 1);
  memset (self->slots, 0xff, sizeof (RrDictSlot) * (self->mask + 1));
  for (guint32 code = 0; code < self->entries->len; code++)
    {
      guint32 hash = g_array_index (self->entries, RrDictEntry, code).hash;
      guint32 i = hash & self->mask;
      while (self->slots[i].code != RR_DICT_EMPTY)
        i = (i + 1) & self->mask;
      self->slots[i] = (RrDictSlot) { hash, code };
    }
}

guint32
rr_dict_intern (RrDict *self, const char *s, guint32 len, gboolean *is_new)
{
  guint32 hash = dict_hash (s, len);
  guint32 slot = dict_probe (self, s, len, hash);
  if (self->slots[slot].code != RR_DICT_EMPTY)
    {
      if (is_new)
        *is_new = FALSE;
      return self->slots[slot].code;
    }
  RrDictEntry e = { g_string_chunk_insert_len (self->chunk, s, len), len, hash };
  guint32 code = self->entries->len;
  g_array_append_val (self->entries, e);
  self->slots[slot] = (RrDictSlot) { hash, code };
  /* Keep the load factor at or below one half so probes stay short. */
  if ((guint64) self->entries->len * 2 > self->mask)
    dict_grow (self);
  if (is_new)
    *is_new = TRUE;
  return code;
}

gboolean
rr_dict_find (const RrDict *self, const char *s, guint32 len, guint32 *code)
{
  guint32 slot = dict_probe (self, s, len, dict_hash (s, len));
  if (self->slots[slot].code == RR_DICT_EMPTY)
    return FALSE;
  *code = self->slots[slot].code;
  return TRUE;
}

const char *
rr_dict_string (const RrDict *self, guint32 code)
{
  g_return_val_if_fail (code < self->entries->len, NULL);
  return g_array_index (self->entries, RrDictEntry, code).str;
}

guint32
rr_dict_string_len (const RrDict *self, guint32 code)
{
  g_return_val_if_fail (code < self->entries->len, 0);
  return g_array_index (self->entries, RrDictEntry, code).len;
}

guint32
rr_dict_count (const RrDict *self)
{
  return self->entries->len;
}

gsize
rr_dict_bytes (const RrDict *self)
{
  gsize n = self->entries->len;
  return n * sizeof (RrDictEntry) + (self->mask + 1) * sizeof (RrDictSlot) + n * 16;
}
