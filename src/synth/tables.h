/* tables.h - the four public tables the synthetic release generator draws from (synth stage):
 * postcode-district populations with region, England age x sex (mid-2020), births per day of
 * year, and ethnic group by region (Census 2021), from data/england/ (see SOURCES.md there). */
#pragma once
#include <glib.h>

#define RR_SYNTH_N_AGES 91     /* ages 0..89 and the open band 90+ (index 90) */
#define RR_SYNTH_N_DAYS 366    /* calendar dates of a leap year, 1 January = 0 */
#define RR_SYNTH_FEB29 59      /* the index of 29 February */
#define RR_SYNTH_N_ETHNIC 16   /* NHS ethnic category codes, rr_synth_ethnic_codes */
#define RR_SYNTH_N_CENSUS_ETHNIC 19 /* Census 2021 TS021 categories */

/* The tables, read-only once loaded.  Weights are the published counts (or averages), as
 * doubles because they are only ever used as relative weights. */
typedef struct
{
  guint n_districts;
  char **district;        /* outward codes ("LS6"), NULL-terminated */
  double *district_pop;   /* usual residents, Census 2011 */
  guint *district_region; /* index into region[] */
  guint n_regions;
  char **region;          /* the regions of the ethnicity table, in file order, NULL-terminated */
  double *ethnicity;      /* n_regions x RR_SYNTH_N_ETHNIC, row-major: residents per NHS code */
  double age_sex[2][RR_SYNTH_N_AGES]; /* [0] male, [1] female; mid-2020 population */
  double births[RR_SYNTH_N_DAYS];     /* average daily births, England and Wales 1995-2014 */
} RrSynthTables;

/* The NHS ethnic category codes in index order: "ABCDEFGHJKLMNPRS" (16 codes). */
extern const char rr_synth_ethnic_codes[RR_SYNTH_N_ETHNIC + 1];

/* Loads the four tables from dir (data/england or its installed copy).  The caller owns the
 * result.  Every table is checked for its header, its full set of rows (each once) and its
 * numbers.  Errors: G_FILE_ERROR (a file cannot be read); RR_ERROR_PARSE "FILE:LINE:COL: what"
 * (bad header, field count, number or quoting; an unknown age, sex, date, region or ethnic
 * label; a duplicate or missing row; a table with no positive weight, or births on fewer than
 * two dates other than 29 February; these whole-file errors name the file without a line). */
RrSynthTables *rr_synth_tables_load (const char *dir, GError **error);
void rr_synth_tables_free (RrSynthTables *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrSynthTables, rr_synth_tables_free)

/* The directory to load from when none is given: $(pkgdatadir)/england when installed, else
 * the source tree's data/england.  Owned by the caller; never NULL (the source tree's path is
 * returned even if it does not exist, so the load reports the missing file). */
char *rr_synth_tables_default_dir (void);

/* The NHS ethnic category code (index into rr_synth_ethnic_codes) of a Census 2021 TS021
 * label, or -1 if the label is not one of the 19 categories.  The mapping is in doc/synth.md. */
int rr_synth_ethnic_code_of_census_label (const char *label);
