/* bigmem.h - memory for the big tables of the loader and the classes (util stage): zeroed,
 * committed only where written, and, from 2 MiB up, aligned to and marked for transparent huge
 * pages, so that random probes into a table of hundreds of megabytes miss the TLB far less. */
#pragma once
#include <glib.h>

/* Zeroed memory for n elements of size bytes; aborts when memory is exhausted, like g_new0. */
gpointer rr_big_new0 (gsize n, gsize size);
/* Grows (or shrinks) p, which holds old_n elements, to new_n elements of size bytes; the new
 * elements are zeroed. */
gpointer rr_big_renew (gpointer p, gsize old_n, gsize new_n, gsize size);
/* Frees p, which holds n elements of size bytes (the same n and size as allocated); NULL is a
 * no-op. */
void rr_big_free (gpointer p, gsize n, gsize size);

/* Elements filled in order are prefaulted this many bytes ahead (rr_big_fill_ahead). */
#define RR_BIG_AHEAD ((gsize) 2 << 20)

/* Asks a background thread to commit elements [from, from + count) of p (n elements of size
 * bytes, from rr_big_new0 or rr_big_renew), so that the caller's first writes there find their
 * pages ready.  Only a hint: the contents do not change, a range freed or moved meanwhile is
 * passed over, and nothing happens for small arrays or where the kernel cannot do it. */
void rr_big_prefault (gpointer p, gsize n, gsize size, gsize from, gsize count);

/* For an array written in index order, called as element i is about to be written: at each
 * RR_BIG_AHEAD-byte boundary, prefaults the window after this one (and, at 0, this one too). */
static inline void
rr_big_fill_ahead (gpointer p, gsize n, gsize size, gsize i)
{
  gsize per_window = RR_BIG_AHEAD / size;
  if (G_UNLIKELY (i % per_window == 0))
    rr_big_prefault (p, n, size, i == 0 ? 0 : i + per_window, i == 0 ? 2 * per_window : per_window);
}
