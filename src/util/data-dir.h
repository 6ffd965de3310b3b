/* data-dir.h - where the shipped data (England's tables, the policies, the attack scenarios,
 * the name lists) is read from: the installed $(pkgdatadir), else the source tree's data/, so
 * that a build that is not installed runs from its tree (util stage). */
#pragma once
#include <glib.h>

/* The path of sub (a relative path such as "policies" or "england/population") in the
 * installed data directory when that holds it, else in the source tree's data/; owned, never
 * NULL (the source tree's path is returned even if it does not exist, so that the load
 * reports what is missing).  The installed directory holds sub when sub is a directory there
 * or, when marker is not NULL, when sub/marker is a regular file there. */
char *rr_data_dir_find (const char *sub, const char *marker);
