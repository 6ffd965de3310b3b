/* bigmem.c - huge-page-friendly allocation of large zeroed tables (util stage).  Hand-written
 * over mmap and madvise because neither malloc nor GLib aligns to huge pages or asks for them. */
#include "config.h"
#include "util/bigmem.h"
#include <string.h>
#include <sys/mman.h>

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

gpointer
rr_big_new0 (gsize n, gsize size)
{
  if (checked_bytes (n, size) < HUGE_PAGE)
    return g_malloc0 (MAX (n * size, 1));
  gsize len = big_bytes (n, size);
  /* Map one huge page more than asked, then unmap the ends so that what is left is aligned. */
  char *p = mmap (NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    g_error ("bigmem: cannot allocate %" G_GSIZE_FORMAT " bytes", len);
  char *a = (char *) (((guintptr) p + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1));
  if (a > p)
    munmap (p, (gsize) (a - p));
  if (a + len < p + len + HUGE_PAGE)
    munmap (a + len, (gsize) (p + len + HUGE_PAGE - (a + len)));
#ifdef MADV_HUGEPAGE
  madvise (a, len, MADV_HUGEPAGE); /* only a hint: without huge pages all still works */
#endif
  return a;
}

gpointer
rr_big_renew (gpointer p, gsize old_n, gsize new_n, gsize size)
{
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
