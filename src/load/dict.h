/* dict.h - a string dictionary assigning dense 32-bit codes in order of first appearance
 * (load stage).  Built on load/fieldmap.h rather than GHashTable: no allocation per lookup,
 * and the keys are field bytes, which are not NUL-terminated. */
#pragma once
#include <glib.h>

typedef struct _RrDict RrDict;

RrDict *rr_dict_new (void);
/* A dictionary without lookup: strings are added with rr_dict_append by a caller who knows they
 * are new (it is rr_dict_new frozen from the start). */
RrDict *rr_dict_new_unindexed (void);
void rr_dict_free (RrDict *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrDict, rr_dict_free)

/* Returns the code of the len bytes at s, adding them if new (then *is_new is TRUE when
 * is_new is not NULL).  Codes are 0, 1, 2, ... in order of first appearance. */
guint32 rr_dict_intern (RrDict *self, const char *s, guint32 len, gboolean *is_new);
/* Adds s, which the caller knows is not in the dictionary, to a frozen or unindexed one; returns
 * its code. */
guint32 rr_dict_append (RrDict *self, const char *s, guint32 len);
/* Drops the lookup table once no string will be added: codes and strings stay readable, and
 * rr_dict_intern and rr_dict_find may no longer be called. */
void rr_dict_freeze (RrDict *self);
/* Returns the code of s, or FALSE if absent. */
gboolean rr_dict_find (const RrDict *self, const char *s, guint32 len, guint32 *code);
/* The NUL-terminated string of code; borrowed until the next rr_dict_intern (the strings may
 * move when one is added), and for the dictionary's lifetime once it is frozen. */
const char *rr_dict_string (const RrDict *self, guint32 code);
guint32 rr_dict_string_len (const RrDict *self, guint32 code);
guint32 rr_dict_count (const RrDict *self);
/* Approximate bytes held, for memory reports. */
gsize rr_dict_bytes (const RrDict *self);
