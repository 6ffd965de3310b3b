/* bigmem.c - huge-page-friendly allocation of large zeroed tables (util stage).  Hand-written
 * over mmap and madvise because neither malloc nor GLib aligns to huge pages or asks for them. */
#define _GNU_SOURCE /* mremap */
#include "config.h"
#include "util/bigmem.h"
#include "util/idle.h"
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define HUGE_PAGE ((gsize) 2 << 20)

static gsize
checked_bytes (gsize n, gsize size)
{
  if (size != 0 && n > (G_MAXSIZE - HUGE_PAGE) / size)
    g_error ("bigmem: %" G_GSIZE_FORMAT " x %" G_GSIZE_FORMAT " bytes overflows", n, size);
  return n * size;
}

static gsize
big_bytes (gsize n, gsize size)
{
  return (checked_bytes (n, size) + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
}

/* An address range of len bytes (a multiple of HUGE_PAGE) aligned to a huge page, mapped but
 * not yet committed: one huge page more is mapped, then the ends are unmapped. */
static char *
aligned_range (gsize len)
{
  char *p = mmap (NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    g_error ("bigmem: cannot allocate %" G_GSIZE_FORMAT " bytes", len);
  char *a = (char *) (((guintptr) p + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1));
  if (a > p)
    munmap (p, (gsize) (a - p));
  if (a + len < p + len + HUGE_PAGE)
    munmap (a + len, (gsize) (p + len + HUGE_PAGE - (a + len)));
  return a;
}

static void
advise_huge (char *a, gsize len)
{
#ifdef MADV_HUGEPAGE
  madvise (a, len, MADV_HUGEPAGE); /* only a hint: without huge pages all still works */
#else
  (void) a;
  (void) len;
#endif
}

gpointer
rr_big_new0 (gsize n, gsize size)
{
  if (checked_bytes (n, size) < HUGE_PAGE)
    return g_malloc0 (MAX (n * size, 1));
  gsize len = big_bytes (n, size);
  char *a = aligned_range (len);
  advise_huge (a, len);
  return a;
}

/* Moves a big mapping's pages into a new aligned range with mremap: the kernel moves page
 * tables, so growing an array copies nothing and commits (zeroes) only what is later written,
 * where a fresh table plus memcpy would commit both and copy every byte. */
static gpointer
big_move (gpointer p, gsize old_len, gsize new_len)
{
  char *a = aligned_range (new_len);
  void *q = mremap (p, old_len, new_len, MREMAP_MAYMOVE | MREMAP_FIXED, a);
  if (q == MAP_FAILED)
    g_error ("bigmem: cannot grow %" G_GSIZE_FORMAT " to %" G_GSIZE_FORMAT " bytes", old_len,
             new_len);
  advise_huge (q, new_len);
  return q;
}

gpointer
rr_big_renew (gpointer p, gsize old_n, gsize new_n, gsize size)
{
  if (p != NULL && checked_bytes (old_n, size) >= HUGE_PAGE && checked_bytes (new_n, size) >= HUGE_PAGE)
    {
      gsize old_len = big_bytes (old_n, size), new_len = big_bytes (new_n, size);
      if (new_n < old_n)
        {
          /* What a shrink drops: unmapped whole pages, zeroed within the last kept one, so that
           * bytes past the elements are zero whenever a growth hands them out again. */
          memset ((char *) p + new_n * size, 0, MIN (old_len, new_len) - new_n * size);
          if (new_len < old_len)
            munmap ((char *) p + new_len, old_len - new_len);
          return p;
        }
      return new_len > old_len ? big_move (p, old_len, new_len) : p;
    }
  gpointer q = rr_big_new0 (new_n, size);
  if (p != NULL)
    memcpy (q, p, MIN (old_n, new_n) * size);
  rr_big_free (p, old_n, size);
  return q;
}

void
rr_big_free (gpointer p, gsize n, gsize size)
{
  if (p == NULL)
    return;
  if (n * size < HUGE_PAGE)
    g_free (p);
  else
    munmap (p, big_bytes (n, size));
}

/* ---- Prefaulting on a background thread ---- */

/* Under a hypervisor the first write to a page can cost several times its zeroing (the host
 * backs the guest's page then), and the loader's caller thread, the audit's critical path, took
 * a tenth of its samples in those faults.  A worker commits the pages a little ahead instead,
 * at idle priority: when the other core is busy too (the reader thread), the worker yields and
 * the writer takes its own faults, which is what it would do without the worker.
 * MADV_POPULATE_WRITE (Linux 5.14) faults pages in as a write would, without writing: a range
 * being written meanwhile, or freed and mapped again for something else, keeps its contents. */
typedef struct
{
  char *start;
  gsize len;
} PrefaultRange;

static gint prefault_unsupported;

/* Only the pool's one thread runs prefault_range, so this needs no lock. */
static gboolean prefault_thread_idle;

static void
prefault_range (gpointer data, gpointer unused)
{
  (void) unused;
  PrefaultRange *r = data;
  if (!prefault_thread_idle)
    {
      rr_thread_become_idle ();
      prefault_thread_idle = TRUE;
    }
#ifdef MADV_POPULATE_WRITE
  if (!g_atomic_int_get (&prefault_unsupported)
      && madvise (r->start, r->len, MADV_POPULATE_WRITE) != 0 && errno == EINVAL)
    g_atomic_int_set (&prefault_unsupported, 1); /* an older kernel: stop asking */
#endif
  g_free (r);
}

static gpointer
prefault_pool_new (gpointer unused)
{
  (void) unused;
  /* Exclusive: its thread is its own, so the idle priority set on it reaches no other pool. */
  return g_thread_pool_new (prefault_range, NULL, 1, TRUE, NULL);
}

static GThreadPool *
prefault_pool (void)
{
  static GOnce once = G_ONCE_INIT;
  return g_once (&once, prefault_pool_new, NULL);
}

void
rr_big_prefault (gpointer p, gsize n, gsize size, gsize from, gsize count)
{
#ifdef MADV_POPULATE_WRITE
  if (p == NULL || checked_bytes (n, size) < HUGE_PAGE || from >= n
      || g_atomic_int_get (&prefault_unsupported))
    return;
  count = MIN (count, n - from);
  /* Whole pages inside the mapping: the first and last may be partly written already. */
  guintptr page = (guintptr) sysconf (_SC_PAGESIZE);
  guintptr a = ((guintptr) p + from * size + page - 1) & ~(page - 1);
  guintptr b = ((guintptr) p + (from + count) * size) & ~(page - 1);
  if (b <= a)
    return;
  PrefaultRange *r = g_new (PrefaultRange, 1);
  r->start = (char *) a;
  r->len = b - a;
  g_thread_pool_push (prefault_pool (), r, NULL);
#else
  (void) p, (void) n, (void) size, (void) from, (void) count;
#endif
}
