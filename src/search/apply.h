/* apply.h - writes the recommended release for the data owner (search stage): the same columns
 * and rows, each quasi-identifier generalised to the recommended level (qi/generalised.h gives the
 * form, which the audit reads back at that level), and every row of a suppressed person left
 * out.  Written to a temporary file and renamed, so a failure never leaves half a release. */
#pragma once
#include <glib.h>
#include "search/lattice.h"

typedef struct
{
  const char *input;          /* the audited release */
  const char *output;         /* the file to write (plain CSV or TSV, the input's delimiter) */
  const GPtrArray *specs;     /* RrQiSpec*, as audited */
  const char *person_column;  /* NULL: each row is a person */
  gboolean invalid_as_missing;
  const RrHierarchy *h;
  const RrSearchChoice *choice;
  const guint32 *person_class; /* each person's audited class */
} RrApplyOptions;

/* Returns the number of rows written in *rows.  Errors: those of rr_csv_reader_open and
 * next_batch, RR_ERROR_IO. */
gboolean rr_apply_write (const RrApplyOptions *o, guint64 *rows, GError **error);
