/* fieldmap.h - a map from a field's raw bytes to a 32-bit value, the first lookup of every new
 * value on the loader's per-row path (load stage).  Keys of up to 11 bytes (every postcode,
 * date, sex code and most categories) are held inside a 16-byte slot, so a lookup costs one
 * cache miss; longer keys are copied into the map once. */
#pragma once
#include <glib.h>

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
void rr_field_key_init_padded (RrFieldKey *key, const char *s, guint32 len);

/* Looks up key (made from the len bytes at s).  Returns TRUE and sets *value if the key is
 * present; otherwise returns FALSE and *slot says where rr_field_map_insert puts it.  The slot
 * is valid only until the next insert. */
gboolean rr_field_map_lookup (const RrFieldMap *self, const RrFieldKey *key, const char *s,
                              guint32 len, guint32 *value, gsize *slot);
/* Adds a key known to be absent at the slot rr_field_map_lookup gave for it. */
void rr_field_map_insert (RrFieldMap *self, gsize slot, const RrFieldKey *key, const char *s,
                          guint32 len, guint32 value);
/* Hints the CPU to fetch the slot where the key's lookup starts, so that a lookup a few rows
 * later finds it in cache. */
void rr_field_map_prefetch (const RrFieldMap *self, const RrFieldKey *key);
gsize rr_field_map_count (const RrFieldMap *self);
/* Bytes held, for memory reports. */
gsize rr_field_map_bytes (const RrFieldMap *self);
