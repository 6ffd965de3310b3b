/* objections.h - the list of people who objected (national data opt-out, type 1 objections):
 * NHS numbers, or pseudonyms made the same way as the release's (scan stage). */
#pragma once
#include <glib.h>

typedef struct _RrObjectionList RrObjectionList;

/* Reads one entry per line (blank lines and '#' comments skipped; a CSV's first field).  A first
 * entry without any digit is a column heading and skipped.  An entry shaped like an NHS number
 * (10 digits, or 3-3-4 with spaces or hyphens) must have a valid check digit; any other entry is
 * taken as a pseudonym.  Repeated entries count once.
 * Errors: G_FILE_ERROR; RR_ERROR_PARSE "FILE:LINE:1: ..." for an NHS number with a wrong check
 * digit, RR_ERROR_PARSE "FILE: ..." for a list with no entries. */
RrObjectionList *rr_objection_list_load (const char *path, GError **error);
void rr_objection_list_free (RrObjectionList *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrObjectionList, rr_objection_list_free)

guint rr_objection_list_n_entries (const RrObjectionList *self);
/* Entry i: is_nhs tells its form; the text is ten digits (NHS form) or the pseudonym as given.
 * Borrowed. */
const char *rr_objection_list_entry (const RrObjectionList *self, guint i, gboolean *is_nhs);
guint rr_objection_list_n_nhs (const RrObjectionList *self);
