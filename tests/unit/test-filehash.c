/* test-filehash.c - the background SHA-256 of a file: equal to GChecksum's whatever the chunk
 * size and wherever the finisher takes over, and an error when the file changes meanwhile. */
#include "config.h"
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "load/filehash.h"
#include "util/error.h"

/* n bytes of seeded noise written to a new temporary file; *path is set to its name. */
static GBytes *
noise_file (gsize n, guint32 seed, char **path)
{
  g_autoptr (GRand) r = g_rand_new_with_seed (seed);
  guchar *data = g_malloc (MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    data[i] = (guchar) g_rand_int_range (r, 0, 256);
  GError *error = NULL;
  int fd = g_file_open_tmp ("rr-filehash-XXXXXX", path, &error);
  cr_assert_geq (fd, 0, "%s", error ? error->message : "");
  cr_assert_eq (write (fd, data, n), (ssize_t) n);
  close (fd);
  return g_bytes_new_take (data, n);
}

static int
open_ro (const char *path)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  cr_assert_geq (fd, 0, "open %s: %s", path, g_strerror (errno));
  return fd;
}

/* Waits (up to 30 s) until the background thread has published want bytes. */
static void
wait_for_progress (const RrFileHash *h, guint64 want)
{
  for (guint i = 0; i < 30000 && rr_file_hash_progress (h) < want; i++)
    g_usleep (1000);
  cr_assert_eq (rr_file_hash_progress (h), want);
}

Test (filehash, equals_gchecksum_whatever_the_chunk_size)
{
  g_autofree char *path = NULL;
  g_autoptr (GBytes) data = noise_file (300007, 2385, &path);
  g_autofree char *want = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  const gsize chunks[] = { 1009, 65536, 1u << 20 };
  for (guint k = 0; k < G_N_ELEMENTS (chunks); k++)
    {
      int fd = open_ro (path);
      g_autoptr (RrFileHash) h = rr_file_hash_new_full (fd, path, chunks[k], G_MAXUINT64, FALSE);
      close (fd); /* the hash reads its own duplicate */
      wait_for_progress (h, 300007);
      GError *error = NULL;
      cr_assert_str_eq (rr_file_hash_finish (h, &error), want, "chunk %zu", chunks[k]);
      cr_assert_null (error);
    }
  g_unlink (path);
}

/* The finisher continues from the state the background thread published after 0, 1, 2 and 7
 * chunks (the last past the end), so every hand-over gives the whole file's hash. */
Test (filehash, hand_over_after_any_chunk_gives_the_same_hash)
{
  g_autofree char *path = NULL;
  g_autoptr (GBytes) data = noise_file (4096 * 5 + 611, 7919, &path);
  gsize size = g_bytes_get_size (data);
  g_autofree char *want = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  const guint64 stops[] = { 0, 1, 2, 7 };
  for (guint k = 0; k < G_N_ELEMENTS (stops); k++)
    {
      int fd = open_ro (path);
      g_autoptr (RrFileHash) h = rr_file_hash_new_full (fd, path, 4096, stops[k], FALSE);
      close (fd);
      wait_for_progress (h, MIN (stops[k] * 4096, size));
      GError *error = NULL;
      cr_assert_str_eq (rr_file_hash_finish (h, &error), want, "stopped after %" G_GUINT64_FORMAT,
                        stops[k]);
      cr_assert_str_eq (rr_file_hash_finish (h, &error), want, "asked twice");
    }
  g_unlink (path);
}

Test (filehash, idle_priority_gives_the_same_hash)
{
  g_autofree char *path = NULL;
  g_autoptr (GBytes) data = noise_file (3u << 20, 31, &path);
  g_autofree char *want = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  int fd = open_ro (path);
  g_autoptr (RrFileHash) h = rr_file_hash_new (fd, path);
  close (fd);
  GError *error = NULL;
  cr_assert_str_eq (rr_file_hash_finish (h, &error), want);
  g_unlink (path);
}

static void
expect_changed (RrFileHash *h, const char *path)
{
  GError *error = NULL;
  cr_assert_null (rr_file_hash_finish (h, &error));
  cr_assert_not_null (error);
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_IO));
  g_autofree char *start = g_strdup_printf ("%s: changed while it was read", path);
  cr_assert (g_str_has_prefix (error->message, start), "%s", error->message);
  g_clear_error (&error);
  cr_assert_null (rr_file_hash_finish (h, &error), "the error is kept");
  cr_assert_not_null (error);
  g_error_free (error);
}

/* The hash of a new 10,000-byte file, its thread stopping after max_chunks of 4 KiB. */
static RrFileHash *
hash_of_new_file (guint32 seed, guint64 max_chunks, char **path)
{
  g_bytes_unref (noise_file (10000, seed, path));
  int fd = open_ro (*path);
  RrFileHash *h = rr_file_hash_new_full (fd, *path, 4096, max_chunks, FALSE);
  close (fd);
  return h;
}

Test (filehash, a_file_that_grows_meanwhile_is_an_error)
{
  g_autofree char *path = NULL;
  g_autoptr (RrFileHash) h = hash_of_new_file (3, 1, &path);
  wait_for_progress (h, 4096);
  FILE *f = fopen (path, "ab");
  cr_assert_not_null (f);
  fputs ("one more row\n", f);
  fclose (f);
  expect_changed (h, path);
  g_unlink (path);
}

Test (filehash, a_file_rewritten_in_place_is_an_error)
{
  g_autofree char *path = NULL;
  g_autoptr (RrFileHash) h = hash_of_new_file (4, 0, &path);
  /* Same size, another modification time: what a rewrite of the same length leaves. */
  struct stat st;
  cr_assert_eq (stat (path, &st), 0);
  struct timespec times[2] = { st.st_atim, st.st_mtim };
  times[1].tv_sec -= 3600;
  cr_assert_eq (utimensat (AT_FDCWD, path, times, 0), 0);
  expect_changed (h, path);
  g_unlink (path);
}

Test (filehash, a_stream_equals_gchecksum_of_its_bytes)
{
  static const char text[] = "pseudonym,postcode\nP1,LS6 2AB\nP2,\"M1 1AE\"\n";
  g_autoptr (RrFileHash) h = rr_file_hash_new_stream ();
  for (gsize at = 0; at < sizeof text - 1; at += 7)
    rr_file_hash_update (h, (const guchar *) text + at, MIN (7, sizeof text - 1 - at));
  g_autofree char *want = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  cr_assert_str_eq (rr_file_hash_finish (h, NULL), want);
  cr_assert_eq (rr_file_hash_progress (h), 0);
}

/* Without a descriptor to spare there is no background hash (NULL, for the caller to hash as
 * it reads), not an abort. */
Test (filehash, no_descriptor_left_gives_no_hash)
{
  g_autofree char *path = NULL;
  g_autoptr (GBytes) data = noise_file (100, 5, &path);
  g_autofree char *want = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  struct rlimit lim = { 64, 64 };
  cr_assert_eq (setrlimit (RLIMIT_NOFILE, &lim), 0);
  int fd = open_ro (path), last = fd;
  for (int more; (more = open (path, O_RDONLY)) >= 0;)
    last = more;
  cr_assert_eq (errno, EMFILE);
  cr_assert_null (rr_file_hash_new (fd, path));
  close (last);
  g_autoptr (RrFileHash) h = rr_file_hash_new (fd, path);
  cr_assert_not_null (h);
  cr_assert_str_eq (rr_file_hash_finish (h, NULL), want);
  g_unlink (path);
}
