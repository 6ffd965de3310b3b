/* error.h - the project's one GError domain and the helpers that raise it (util stage).
 * Errors about a file's content carry their place in the message as "FILE:LINE:COL: ",
 * so that main.c prints "reidrisk: " followed by the message and nothing else. */
#pragma once
#include <glib.h>

#define RR_ERROR (rr_error_quark ())
GQuark rr_error_quark (void);

typedef enum
{
  RR_ERROR_PARSE,          /* malformed input file content */
  RR_ERROR_INVALID,        /* invalid option, parameter or value */
  RR_ERROR_NUMERIC,        /* a numerical routine failed */
  RR_ERROR_NO_CONVERGENCE, /* an iterative fit did not converge */
  RR_ERROR_IO,             /* reading or writing a file failed */
} RrError;

/* Sets error (if error is not NULL) and returns FALSE, so raising is one statement. */
gboolean rr_throw (GError **error, RrError code, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

/* As rr_throw, with the message prefixed by "FILE:LINE:COL: ".  line and col are 1-based;
 * col 0 leaves the column out ("FILE:LINE: "), line 0 leaves both out ("FILE: "). */
gboolean rr_throw_at (GError **error, RrError code, const char *file, guint64 line, guint64 col,
                      const char *fmt, ...) G_GNUC_PRINTF (6, 7);

/* Converts a GSL status into RR_ERROR_NUMERIC (or RR_ERROR_NO_CONVERGENCE for GSL_EMAXITER)
 * with gsl_strerror's text after "what: ".  Returns FALSE. */
gboolean rr_throw_gsl (GError **error, int status, const char *what);
