/* filehash.h - the SHA-256 of a release file as stored, computed in the background at idle
 * priority from the moment it is opened, and finished by whoever needs it first (load stage).
 *
 * The hash is of the whole file, so it need not keep pace with the parsing: on the audit's two
 * cores it takes only the time the loader leaves idle, and the rest while the classes are
 * built.  An idle thread can starve on a busy machine, so nobody waits for it to finish: the
 * caller that needs the digest takes it over where it has got to and hashes the rest itself. */
#pragma once
#include <glib.h>

typedef struct _RrFileHash RrFileHash;

/* Starts hashing the regular file open on fd (read by offset, on a duplicate of fd: fd may be
 * read and closed meanwhile); path names it in errors.  NULL if fd cannot be duplicated (no
 * descriptor left): the caller then hashes the bytes as it reads them (a stream, below). */
RrFileHash *rr_file_hash_new (int fd, const char *path);
/* The same, in chunk_bytes reads, with the background thread stopping after max_chunks of them
 * (G_MAXUINT64: at the end of the file), at idle priority or not: tests hand over at a known
 * point, which an idle thread on a busy machine might take long to reach. */
RrFileHash *rr_file_hash_new_full (int fd, const char *path, gsize chunk_bytes,
                                   guint64 max_chunks, gboolean idle);
/* A hash of bytes handed to it in order (rr_file_hash_update), for input that cannot be read
 * twice (memory, pipes). */
RrFileHash *rr_file_hash_new_stream (void);
/* Adds the next n bytes to a stream's hash. */
void rr_file_hash_update (RrFileHash *self, const guchar *data, gsize n);
/* Stops the background thread after the chunk it is hashing, and waits for that. */
void rr_file_hash_free (RrFileHash *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrFileHash, rr_file_hash_free)

/* Bytes the background thread has hashed so far (0 for a stream). */
guint64 rr_file_hash_progress (const RrFileHash *self);

/* The lowercase hex SHA-256 of the file, borrowed: stops the background thread where it has
 * got to and hashes the rest on the calling thread (for a stream: of the bytes added).
 * Errors: RR_ERROR_IO "PATH: changed while it was read ..." when the file's size or
 * modification time now differ from those at the start (the audit would not describe one
 * version of it), or a read error.  Later calls give the same result. */
const char *rr_file_hash_finish (RrFileHash *self, GError **error);
