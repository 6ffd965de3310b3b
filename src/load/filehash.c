/* filehash.c - the SHA-256 of a file: an idle-priority thread hashes it by offset and publishes
 * where it has got to after each chunk; the finisher continues from there (load stage).
 * libcrypto rather than GChecksum: with the CPU's SHA extensions it hashes about five times as
 * fast (0.32 s against 1.7 s for a 528 MB release on the reference machine). */
#include "config.h"
#include "load/filehash.h"
#include "util/error.h"
#include "util/idle.h"
#include <errno.h>
#include <openssl/evp.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A quarter of a megabyte: small enough that a thread told to stop stops soon even at idle
 * priority on a busy core, large enough that publishing a point after each is no cost. */
#define CHUNK_BYTES ((gsize) 256 << 10)

/* A point the hash has reached: the digest state after the first offset bytes. */
typedef struct
{
  EVP_MD_CTX *ctx;
  guint64 offset;
} HashPoint;

/* What the background thread and the handle share; the handle joins the thread before it
 * frees this (a thread left running at exit could meet libcrypto's own clean-up).
 *
 * Hand-over without waiting: the thread writes each new point into the slot that is not
 * published, publishes it (current), then checks stop before it writes again.  The finisher
 * sets stop, then copies the published slot: the thread could write that slot only after
 * publishing the other one and passing a check of stop made after stop was set, so the slot is
 * never written while it is copied.  Both steps are sequentially consistent (g_atomic). */
typedef struct
{
  int fd;
  gsize chunk_bytes;
  guint64 max_chunks;
  gboolean idle;
  gint stop;
  gint current; /* the published slot, or -1 before the first chunk */
  HashPoint points[2];
  _Atomic guint64 progress; /* the published offset, for tests */
} HashShared;

struct _RrFileHash
{
  HashShared *shared; /* a file's */
  GThread *thread;    /* its background thread, until joined */
  EVP_MD_CTX *stream; /* a stream's, until finished */
  char *path;
  struct stat at_start;
  char *hex;
  GError *error;
};

static void
shared_free (HashShared *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (s->points); i++)
    EVP_MD_CTX_free (s->points[i].ctx);
  close (s->fd);
  g_free (s);
}

static EVP_MD_CTX *
digest_new (void)
{
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  if (ctx == NULL || EVP_DigestInit_ex (ctx, EVP_sha256 (), NULL) != 1)
    g_error ("filehash: cannot start SHA-256 (libcrypto)");
  return ctx;
}

/* Up to n bytes at offset off; 0 at the end; -1 with errno set on a read error. */
static gssize
read_at (int fd, guchar *buf, gsize n, guint64 off)
{
  for (;;)
    {
      ssize_t k = pread (fd, buf, n, (off_t) off);
      if (k >= 0 || errno != EINTR)
        return k;
    }
}

static void
digest_update (EVP_MD_CTX *ctx, const guchar *buf, gsize n)
{
  if (EVP_DigestUpdate (ctx, buf, n) != 1)
    g_error ("filehash: SHA-256 update failed (libcrypto)");
}

static gpointer
background_hash (gpointer data)
{
  HashShared *s = data;
  if (s->idle)
    rr_thread_become_idle ();
  EVP_MD_CTX *ctx = digest_new ();
  g_autofree guchar *buf = g_malloc (s->chunk_bytes);
  guint64 off = 0;
  gint slot = 0;
  for (guint64 k = 0; k < s->max_chunks && !g_atomic_int_get (&s->stop); k++)
    {
      gssize n = read_at (s->fd, buf, s->chunk_bytes, off);
      if (n <= 0)
        break; /* the end, or a read error the finisher meets again and reports */
      digest_update (ctx, buf, (gsize) n);
      off += (guint64) n;
      if (EVP_MD_CTX_copy_ex (s->points[slot].ctx, ctx) != 1)
        g_error ("filehash: cannot copy a SHA-256 state (libcrypto)");
      s->points[slot].offset = off;
      g_atomic_int_set (&s->current, slot);
      atomic_store (&s->progress, off);
      slot ^= 1;
    }
  EVP_MD_CTX_free (ctx);
  return NULL;
}

RrFileHash *
rr_file_hash_new_full (int fd, const char *path, gsize chunk_bytes, guint64 max_chunks,
                       gboolean idle)
{
  g_return_val_if_fail (fd >= 0 && path != NULL && chunk_bytes > 0, NULL);
  struct stat at_start;
  int own_fd = dup (fd);
  if (own_fd < 0 || fstat (own_fd, &at_start) != 0)
    {
      if (own_fd >= 0)
        close (own_fd);
      return NULL; /* out of descriptors: the caller hashes as it reads instead */
    }
  RrFileHash *self = g_new0 (RrFileHash, 1);
  self->path = g_strdup (path);
  self->at_start = at_start;
  HashShared *s = g_new0 (HashShared, 1);
  s->fd = own_fd;
  s->chunk_bytes = chunk_bytes;
  s->max_chunks = max_chunks;
  s->idle = idle;
  s->current = -1;
  for (guint i = 0; i < G_N_ELEMENTS (s->points); i++)
    s->points[i].ctx = digest_new ();
  self->shared = s;
  self->thread = g_thread_new ("rr-sha256", background_hash, s);
  return self;
}

RrFileHash *
rr_file_hash_new (int fd, const char *path)
{
  return rr_file_hash_new_full (fd, path, CHUNK_BYTES, G_MAXUINT64, TRUE);
}

RrFileHash *
rr_file_hash_new_stream (void)
{
  RrFileHash *self = g_new0 (RrFileHash, 1);
  self->stream = digest_new ();
  return self;
}

void
rr_file_hash_update (RrFileHash *self, const guchar *data, gsize n)
{
  g_return_if_fail (self->stream != NULL);
  digest_update (self->stream, data, n);
}

void
rr_file_hash_free (RrFileHash *self)
{
  if (self == NULL)
    return;
  if (self->thread != NULL)
    {
      g_atomic_int_set (&self->shared->stop, 1);
      g_thread_join (self->thread);
    }
  if (self->shared != NULL)
    shared_free (self->shared);
  EVP_MD_CTX_free (self->stream);
  g_free (self->path);
  g_free (self->hex);
  g_clear_error (&self->error);
  g_free (self);
}

guint64
rr_file_hash_progress (const RrFileHash *self)
{
  return self->shared != NULL ? atomic_load (&self->shared->progress) : 0;
}

/* Ends ctx (and frees it): its digest in lowercase hex. */
static char *
digest_final_hex (EVP_MD_CTX *ctx)
{
  guchar digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_DigestFinal_ex (ctx, digest, &n) != 1)
    g_error ("filehash: SHA-256 final failed (libcrypto)");
  EVP_MD_CTX_free (ctx);
  GString *hex = g_string_sized_new (2 * n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (hex, "%02x", digest[i]);
  return g_string_free (hex, FALSE);
}

/* The digest state where the background thread got to (*off: its offset), after stopping it. */
static EVP_MD_CTX *
take_over (HashShared *s, guint64 *off)
{
  g_atomic_int_set (&s->stop, 1);
  gint slot = g_atomic_int_get (&s->current);
  EVP_MD_CTX *ctx = digest_new ();
  *off = 0;
  if (slot >= 0)
    {
      if (EVP_MD_CTX_copy_ex (ctx, s->points[slot].ctx) != 1)
        g_error ("filehash: cannot copy a SHA-256 state (libcrypto)");
      *off = s->points[slot].offset;
    }
  return ctx;
}

static gboolean
same_version (const struct stat *a, const struct stat *b)
{
  return a->st_size == b->st_size && a->st_mtim.tv_sec == b->st_mtim.tv_sec
         && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Hashes the rest of the file from where the background thread got to. */
static gboolean
finish_here (RrFileHash *self, GError **error)
{
  HashShared *s = self->shared;
  guint64 off;
  EVP_MD_CTX *ctx = take_over (s, &off);
  g_autofree guchar *buf = g_malloc (s->chunk_bytes);
  gssize n;
  while ((n = read_at (s->fd, buf, s->chunk_bytes, off)) > 0)
    {
      digest_update (ctx, buf, (gsize) n);
      off += (guint64) n;
    }
  int err = errno;
  g_autofree char *hex = digest_final_hex (ctx);
  if (n < 0)
    return rr_throw_at (error, RR_ERROR_IO, self->path, 0, 0, "read error: %s",
                        g_strerror (err));
  struct stat now;
  if (fstat (s->fd, &now) != 0 || !same_version (&self->at_start, &now)
      || off != (guint64) self->at_start.st_size)
    return rr_throw_at (error, RR_ERROR_IO, self->path, 0, 0,
                        "changed while it was read (its size or modification time differ from "
                        "when it was opened): audit a copy that nothing writes to");
  self->hex = g_steal_pointer (&hex);
  return TRUE;
}

const char *
rr_file_hash_finish (RrFileHash *self, GError **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (self->shared != NULL && self->hex == NULL && self->error == NULL)
    finish_here (self, &self->error);
  if (self->stream != NULL)
    self->hex = digest_final_hex (g_steal_pointer (&self->stream));
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return NULL;
    }
  return self->hex;
}
