/* dict.c - a string dictionary with dense codes (load stage): a field map from the string to
 * its code, and the strings one after the other, each with a NUL, in one arena, found by their
 * offsets (8 bytes a string: a pointer and a length would be 16).  The map can be dropped once
 * no string will be added, keeping only what the reports read. */
#include "config.h"
#include "load/dict.h"
#include "load/fieldmap.h"
#include <string.h>

struct _RrDict
{
  RrFieldMap *map;  /* NULL once frozen */
  GByteArray *arena;
  GArray *offsets;  /* guint64 by code, and one more: the end of the arena */
};

RrDict *
rr_dict_new (void)
{
  RrDict *self = g_new0 (RrDict, 1);
  self->map = rr_field_map_new (0);
  self->arena = g_byte_array_new ();
  self->offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint64 zero = 0;
  g_array_append_val (self->offsets, zero);
  return self;
}

RrDict *
rr_dict_new_unindexed (void)
{
  RrDict *self = rr_dict_new ();
  rr_dict_freeze (self);
  return self;
}

void
rr_dict_free (RrDict *self)
{
  if (self == NULL)
    return;
  rr_field_map_free (self->map);
  g_byte_array_unref (self->arena);
  g_array_unref (self->offsets);
  g_free (self);
}

void
rr_dict_freeze (RrDict *self)
{
  g_clear_pointer (&self->map, rr_field_map_free);
}

static guint32
dict_add (RrDict *self, const char *s, guint32 len)
{
  guint32 code = rr_dict_count (self);
  g_byte_array_append (self->arena, (const guint8 *) s, len);
  g_byte_array_append (self->arena, (const guint8 *) "", 1);
  guint64 end = self->arena->len;
  g_array_append_val (self->offsets, end);
  return code;
}

guint32
rr_dict_append (RrDict *self, const char *s, guint32 len)
{
  g_return_val_if_fail (self->map == NULL, 0);
  return dict_add (self, s, len);
}

guint32
rr_dict_intern (RrDict *self, const char *s, guint32 len, gboolean *is_new)
{
  g_return_val_if_fail (self->map != NULL, 0);
  RrFieldKey key;
  rr_field_key_init (&key, s, len);
  guint32 code;
  gsize slot;
  gboolean found = rr_field_map_lookup (self->map, &key, s, len, &code, &slot);
  if (is_new)
    *is_new = !found;
  if (found)
    return code;
  code = dict_add (self, s, len);
  rr_field_map_insert (self->map, slot, &key, s, len, code);
  return code;
}

gboolean
rr_dict_find (const RrDict *self, const char *s, guint32 len, guint32 *code)
{
  g_return_val_if_fail (self->map != NULL, FALSE);
  RrFieldKey key;
  rr_field_key_init (&key, s, len);
  gsize slot;
  return rr_field_map_lookup (self->map, &key, s, len, code, &slot);
}

static inline guint64
offset_of (const RrDict *self, guint32 code)
{
  return g_array_index (self->offsets, guint64, code);
}

const char *
rr_dict_string (const RrDict *self, guint32 code)
{
  g_return_val_if_fail (code < rr_dict_count (self), NULL);
  return (const char *) self->arena->data + offset_of (self, code);
}

guint32
rr_dict_string_len (const RrDict *self, guint32 code)
{
  g_return_val_if_fail (code < rr_dict_count (self), 0);
  return (guint32) (offset_of (self, code + 1) - offset_of (self, code) - 1);
}

guint32
rr_dict_count (const RrDict *self)
{
  return self->offsets->len - 1;
}

gsize
rr_dict_bytes (const RrDict *self)
{
  return self->arena->len + self->offsets->len * sizeof (guint64)
         + (self->map ? rr_field_map_bytes (self->map) : 0);
}
