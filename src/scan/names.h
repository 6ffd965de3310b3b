/* names.h - the shipped lists of common forenames and surnames (data/names, provenance in
 * data/names/PROVENANCE.md), looked up case-insensitively (scan stage). */
#pragma once
#include <glib.h>

typedef struct _RrNames RrNames;

/* Reads forenames.txt and surnames.txt (one name per line, '#' comments) from dir.
 * Errors: G_FILE_ERROR when a list cannot be read; RR_ERROR_PARSE when a list is empty. */
RrNames *rr_names_load (const char *dir, GError **error);
/* The installed data directory's names/ if it exists, else the source tree's; owned. */
char *rr_names_default_dir (void);
/* Builds lists from NULL-terminated arrays (tests). */
RrNames *rr_names_new_from_lists (const char *const *forenames, const char *const *surnames);
/* Whether the len bytes at word are a listed forename / surname (ASCII case-insensitive). */
gboolean rr_names_is_forename (const RrNames *self, const char *word, gsize len);
gboolean rr_names_is_surname (const RrNames *self, const char *word, gsize len);
guint rr_names_n_forenames (const RrNames *self);
guint rr_names_n_surnames (const RrNames *self);
void rr_names_free (RrNames *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrNames, rr_names_free)
