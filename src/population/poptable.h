/* poptable.h - reading one population table: a CSV with named columns whose rows are handed to a
 * callback with their place in the file, and the checks every count goes through (population
 * stage).  The CSV itself is read by load/csv.c. */
#pragma once
#include <glib.h>

#define RR_POPTABLE_MAX_COLUMNS 6

typedef struct
{
  const char *path;
  guint64 line;                                /* 1-based line of the row */
  const char *field[RR_POPTABLE_MAX_COLUMNS];  /* NUL-terminated; NULL for an absent column */
  guint col[RR_POPTABLE_MAX_COLUMNS];          /* 1-based column number; 0 if absent */
} RrPoptableRow;

/* Called once per data row; the row is borrowed for the call. */
typedef gboolean (*RrPoptableRowFunc) (const RrPoptableRow *row, gpointer data, GError **error);

/* Reads path, finds columns[0..n_columns) by header name (other columns are ignored; the first
 * n_required must be present) and calls fn for each row.  Returns FALSE with error set from fn,
 * from the reader (G_FILE_ERROR, RR_ERROR_PARSE) or RR_ERROR_PARSE "FILE:1: no column 'x'". */
gboolean rr_poptable_read (const char *path, const char *const *columns, guint n_columns,
                           guint n_required, RrPoptableRowFunc fn, gpointer data, GError **error);

/* TRUE if row has column k. */
gboolean rr_poptable_has (const RrPoptableRow *row, guint k);

/* Parses field k as a count: a finite decimal number >= 0.  Errors: RR_ERROR_PARSE
 * "FILE:LINE:COL: missing count" (empty), "... is not a number", "negative count ...". */
gboolean rr_poptable_count (const RrPoptableRow *row, guint k, double *value, GError **error);

/* Raises RR_ERROR_PARSE at field k of row ("FILE:LINE:COL: message"); returns FALSE. */
gboolean rr_poptable_fail (const RrPoptableRow *row, guint k, GError **error, const char *fmt,
                           ...) G_GNUC_PRINTF (4, 5);
