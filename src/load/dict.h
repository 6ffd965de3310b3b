/* dict.h - a string dictionary assigning dense 32-bit codes in order of first appearance
 * (load stage).  It sits on the per-row path (tens of millions of lookups), so it is a small
 * hand-written open-addressing table rather than GHashTable: no allocation per lookup and the
 * hash is computed straight from the field bytes, which are not NUL-terminated. */
#pragma once
#include <glib.h>

typedef struct _RrDict RrDict;

RrDict *rr_dict_new (void);
void rr_dict_free (RrDict *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrDict, rr_dict_free)

/* Returns the code of the len bytes at s, adding them if new (then *is_new is TRUE when
 * is_new is not NULL).  Codes are 0, 1, 2, ... in order of first appearance. */
guint32 rr_dict_intern (RrDict *self, const char *s, guint32 len, gboolean *is_new);
/* Returns the code of s, or FALSE if absent. */
gboolean rr_dict_find (const RrDict *self, const char *s, guint32 len, guint32 *code);
/* The NUL-terminated string of code; borrowed for the dictionary's lifetime. */
const char *rr_dict_string (const RrDict *self, guint32 code);
guint32 rr_dict_string_len (const RrDict *self, guint32 code);
guint32 rr_dict_count (const RrDict *self);
/* Approximate bytes held, for memory reports. */
gsize rr_dict_bytes (const RrDict *self);
