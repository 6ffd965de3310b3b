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
