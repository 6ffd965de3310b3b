/* category.h - categorical quasi-identifiers: mapping files that group raw values, and the
 * normalisation of sex codes (qi stage). */
#pragma once
#include <glib.h>

/* Loads a mapping file: CSV (TSV if named .tsv or .tab, gzip allowed; read by load/csv.h) with
 * a header row of two columns (value,group; their names are not checked) and one row per raw
 * value.  Values and groups are trimmed of blanks.  Returns an owned table value -> group
 * (both char *, owned by the table).
 * Errors: G_FILE_ERROR (cannot open), RR_ERROR_PARSE "FILE:LINE:COL: ..." for a malformed file,
 * a header that is not two columns, an empty value or group, a value listed twice, or a file
 * with no rows after its header. */
GHashTable *rr_category_map_load (const char *path, GError **error);

/* The normalised sex code of s (len bytes, already trimmed; case-insensitive), or NULL.
 * "M" for M, Male, 1; "F" for F, Female, 2; "U" for 0, 9, X, U, I, Unknown, Not known,
 * Indeterminate.  The digit codes are the NHS Data Dictionary's PERSON STATED GENDER CODE
 * (1 male, 2 female, 9 indeterminate, X not known) and the older PERSON GENDER CODE's 0 (not
 * known).  Returns a static string. */
const char *rr_category_sex_code (const char *s, gsize len);
