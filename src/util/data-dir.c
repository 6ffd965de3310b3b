/* data-dir.c - the installed data directory, else the source tree's (util stage). */
#include "config.h"
#include "util/data-dir.h"

/* Makefile.am defines both; these defaults only serve a compiler run outside the build. */
#ifndef RR_PKGDATADIR
#define RR_PKGDATADIR "/usr/local/share/reidrisk"
#endif
#ifndef RR_SRCDATADIR
#define RR_SRCDATADIR "data"
#endif

static gboolean
installed_holds (const char *dir, const char *marker)
{
  if (marker == NULL)
    return g_file_test (dir, G_FILE_TEST_IS_DIR);
  g_autofree char *file = g_build_filename (dir, marker, NULL);
  return g_file_test (file, G_FILE_TEST_IS_REGULAR);
}

char *
rr_data_dir_find (const char *sub, const char *marker)
{
  g_return_val_if_fail (sub != NULL, NULL);
  g_autofree char *installed = g_build_filename (RR_PKGDATADIR, sub, NULL);
  if (installed_holds (installed, marker))
    return g_steal_pointer (&installed);
  return g_build_filename (RR_SRCDATADIR, sub, NULL);
}
