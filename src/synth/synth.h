/* synth.h - the synthetic release generator (synth stage): persons drawn from public tables
 * (postcode district, age x sex, day of birth, ethnicity by region), each with one or more
 * episode rows (diagnosis, date).  The model is in doc/synth.md.  Deterministic: the same
 * tables, options and seed give a byte-identical file. */
#pragma once
#include <glib.h>
#include "synth/tables.h"

typedef enum
{
  RR_SYNTH_COL_PSEUDONYM,
  RR_SYNTH_COL_POSTCODE,
  RR_SYNTH_COL_DATE_OF_BIRTH,
  RR_SYNTH_COL_SEX,
  RR_SYNTH_COL_ETHNICITY,
  RR_SYNTH_COL_DIAGNOSIS,
  RR_SYNTH_COL_EPISODE_DATE,
  RR_SYNTH_N_COLUMNS,
} RrSynthColumn;

/* The caller fills this after rr_synth_options_init; rr_synth_write checks it. */
typedef struct
{
  guint64 seed;        /* gsl_rng mt19937 seed (default 1) */
  guint64 persons;     /* persons to generate (default 1000); ignored when rows > 0 */
  guint64 rows;        /* if > 0: stop after exactly this many data rows (the last person's
                        * rows may be cut short); default 0 */
  GDate as_of;         /* ages are completed years at this date (default 2021-01-01) */
  double mean_rows;    /* mean episode rows per person, >= 1 (default 2.5) */
  double inconsistent; /* share of persons whose later rows carry another postcode (0.01) */
  guint episode_years; /* episode dates fall in the years before as_of (default 5) */
  RrSynthColumn columns[RR_SYNTH_N_COLUMNS]; /* columns written, in order */
  guint n_columns;                           /* default: all seven, in enum order */
} RrSynthOptions;

/* What a run wrote. */
typedef struct
{
  guint64 persons;
  guint64 rows;
  guint64 movers; /* persons with a second postcode on a later row */
} RrSynthStats;

void rr_synth_options_init (RrSynthOptions *o);

/* The header name of a column ("date_of_birth"); static. */
const char *rr_synth_column_name (RrSynthColumn column);

/* Sets o->columns from a comma-separated list of column names (each at most once).
 * Errors: RR_ERROR_INVALID (unknown or repeated name, empty list). */
gboolean rr_synth_columns_parse (RrSynthOptions *o, const char *text, GError **error);

/* Generates the release and writes it as CSV to path (atomically: temporary file + rename; gzip
 * through zlib when path ends in ".gz"), or to stdout when path is NULL.  stats may be NULL.
 * Errors: RR_ERROR_INVALID (persons or rows out of range, mean_rows < 1, inconsistent outside
 * [0, 1 - 1/mean_rows], episode_years 0 or above 100, as_of year outside 1101..9999, no
 * columns); RR_ERROR_NUMERIC (GSL could not build a sampling table); RR_ERROR_IO. */
gboolean rr_synth_write (const RrSynthTables *t, const RrSynthOptions *o, const char *path,
                         RrSynthStats *stats, GError **error);
