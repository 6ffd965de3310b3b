/* output.h - outputs written to a temporary file beside the target and renamed into place on
 * commit, so a failed run never leaves half a report nor replaces a good one (util stage). */
#pragma once
#include <glib.h>
#include <stdio.h>

typedef struct _RrOutput RrOutput;

/* Opens a temporary file in path's directory.  NULL on failure (RR_ERROR_IO). */
RrOutput *rr_output_open (const char *path, GError **error);
/* The stream to write to; borrowed. */
FILE *rr_output_stream (RrOutput *self);
/* Flushes, closes and renames the temporary file onto path.  FALSE on failure (RR_ERROR_IO),
 * in which case the temporary file is removed and path is untouched. */
gboolean rr_output_commit (RrOutput *self, GError **error);
/* Removes the temporary file unless it was committed. */
void rr_output_free (RrOutput *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrOutput, rr_output_free)

/* Writes len bytes to path atomically (temporary file + rename).  RR_ERROR_IO on failure. */
gboolean rr_output_write_bytes (const char *path, const char *data, gsize len, GError **error);
