/* error.c - the RR_ERROR domain and its raising helpers (util stage). */
#include "config.h"
#include "util/error.h"
#include <gsl/gsl_errno.h>

G_DEFINE_QUARK (reidrisk-error-quark, rr_error)

gboolean
rr_throw (GError **error, RrError code, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error_literal (error, RR_ERROR, code, msg);
  return FALSE;
}

gboolean
rr_throw_at (GError **error, RrError code, const char *file, guint64 line, guint64 col,
             const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  if (line == 0)
    g_set_error (error, RR_ERROR, code, "%s: %s", file, msg);
  else if (col == 0)
    g_set_error (error, RR_ERROR, code, "%s:%" G_GUINT64_FORMAT ": %s", file, line, msg);
  else
    g_set_error (error, RR_ERROR, code, "%s:%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ": %s",
                 file, line, col, msg);
  return FALSE;
}

gboolean
rr_throw_gsl (GError **error, int status, const char *what)
{
  RrError code = status == GSL_EMAXITER ? RR_ERROR_NO_CONVERGENCE : RR_ERROR_NUMERIC;
  return rr_throw (error, code, "%s: %s", what, gsl_strerror (status));
}
