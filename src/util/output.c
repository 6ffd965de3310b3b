/* output.c - atomic output files: write to a temporary sibling, rename on commit (util stage). */
#include "config.h"
#include "util/output.h"
#include "util/error.h"
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>

struct _RrOutput
{
  char *path;
  char *tmp_path;
  FILE *stream;
  gboolean committed;
};

RrOutput *
rr_output_open (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  int fd = g_mkstemp_full (tmpl, O_WRONLY, 0644);
  if (fd < 0)
    {
      rr_throw (error, RR_ERROR_IO, "%s: cannot create output: %s", path, g_strerror (errno));
      return NULL;
    }
  RrOutput *self = g_new0 (RrOutput, 1);
  self->path = g_strdup (path);
  self->tmp_path = g_steal_pointer (&tmpl);
  self->stream = fdopen (fd, "w");
  return self;
}

FILE *
rr_output_stream (RrOutput *self)
{
  return self->stream;
}

gboolean
rr_output_commit (RrOutput *self, GError **error)
{
  g_return_val_if_fail (!self->committed, FALSE);
  gboolean write_failed = ferror (self->stream) != 0;
  int close_status = fclose (self->stream);
  self->stream = NULL;
  if (write_failed || close_status != 0)
    return rr_throw (error, RR_ERROR_IO, "%s: write failed: %s", self->path, g_strerror (errno));
  if (g_rename (self->tmp_path, self->path) != 0)
    return rr_throw (error, RR_ERROR_IO, "%s: cannot rename into place: %s", self->path,
                     g_strerror (errno));
  self->committed = TRUE;
  return TRUE;
}

void
rr_output_free (RrOutput *self)
{
  if (self == NULL)
    return;
  if (self->stream != NULL)
    fclose (self->stream);
  if (!self->committed)
    g_unlink (self->tmp_path);
  g_free (self->path);
  g_free (self->tmp_path);
  g_free (self);
}

gboolean
rr_output_write_bytes (const char *path, const char *data, gsize len, GError **error)
{
  g_autoptr (RrOutput) out = rr_output_open (path, error);
  if (out == NULL)
    return FALSE;
  if (fwrite (data, 1, len, out->stream) != len)
    return rr_throw (error, RR_ERROR_IO, "%s: write failed: %s", path, g_strerror (errno));
  return rr_output_commit (out, error);
}
