/* classes-csv.h - one CSV row per equivalence class (generalised QI values, size), for users who
 * go on in R or pandas (report stage: writes, computes nothing). */
#pragma once
#include <glib.h>
#include "load/dataset.h"
#include "measure/classes.h"

/* Writes the classes of size >= min_size (1 writes all) atomically to path, in class order.
 * Errors: RR_ERROR_IO. */
gboolean rr_report_classes_csv_write (const RrDataset *ds, const RrClassTable *classes,
                                      guint64 min_size, const char *path, GError **error);
