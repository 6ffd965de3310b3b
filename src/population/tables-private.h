/* tables-private.h - the loaded population's layout, shared by tables.c (which fills it) and
 * frequency.c (which reads it); nothing outside src/population/ includes this. */
#pragma once
#include <glib.h>
#include "population/tables.h"

#define RR_POP_NO_REGION G_MAXUINT
#define RR_POP_N_LEVELS 4 /* postcode unit, sector, district, area (finest first) */
#define RR_POP_N_SEX 2    /* 0 male, 1 female */
#define RR_POP_N_ETHNIC 17
/* NHS ethnic category codes (NHS Data Dictionary, "Ethnic Category"), in index order. */
#define RR_POP_ETHNIC_CODES "ABCDEFGHJKLMNPRSZ"

typedef struct
{
  guint region;
  double pop;
} RrPopPart;

/* One postcode code at one level, as given in the table or summed from the codes below it. */
typedef struct
{
  double pop;      /* persons as published (not yet scaled) */
  double children; /* persons in the table's rows one level below */
  guint n_children; /* codes one level below in the table */
  guint64 line;    /* line of its row; 0 when summed from finer rows */
  guint region;    /* its region; RR_POP_NO_REGION if none, or several (then mix is set) */
  GArray *mix;     /* RrPopPart by region when the code spans several regions, else NULL */
} RrGeoEntry;

struct _RrPopulation
{
  char *dir;
  char *manifest_path;
  char *manifest_text; /* for the line of a key in error messages */
  char *name;
  GDate ref;
  double total;
  GPtrArray *notes; /* char*, NULL-terminated on demand */
  double table_total[4];
  gboolean has[4];

  /* regions, named by the geography table (or by the first table with a region column) */
  GPtrArray *region_codes;  /* char* */
  GHashTable *region_index; /* char* -> GUINT_TO_POINTER (index + 1) */
  GArray *region_pop;       /* double by region: the geography's persons as published */

  /* geography */
  GHashTable *geo[RR_POP_N_LEVELS]; /* code -> RrGeoEntry* */
  int finest;                       /* finest level with rows in the table */
  double geo_scale;                 /* total / geography total */
  double per_parent[RR_POP_N_LEVELS]; /* codes per code one level up; 0 = not given */
  RrGeoEntry whole;                   /* the whole population, mixed over regions */

  /* age x sex: n_as slots (1 national, or one per region), fitted to the total */
  guint n_as;
  gboolean as_by_region;
  guint open_age, open_span, n_age; /* ages 0..open_age-1, band open_age+ spread over span */
  double *age_cum;  /* [slot][sex][n_age + 1] cumulative persons by age */
  double *slot_pop; /* [slot] persons */

  /* dates of birth: day d (Julian day0 + d) of the years the age table covers */
  guint32 day0;
  guint n_days;
  guint32 open_last; /* Julian day of the latest birth date in the open age band */
  double *dob_cum;   /* [slot][sex][n_days + 1] cumulative persons by date of birth */
  double births[12][31]; /* weight per calendar date (uniform 1 without a births table) */

  /* ethnic groups: P(category | slot), slot national or region */
  gboolean eth_by_region;
  guint n_eth;
  double *eth_share; /* [slot][RR_POP_N_ETHNIC] */
};

/* Index of a code in RR_POP_ETHNIC_CODES, or -1. */
int rr_population_ethnic_index (const char *code);

/* geography.c: the postcode hierarchy and the geography table. */
#define RR_GEOGRAPHY_UNSET_REGION (G_MAXUINT - 1)
/* Level index (0 unit .. 3 area) of a level name, or -1. */
int rr_geography_level_from_string (const char *s);
const char *rr_geography_level_to_string (int level);
/* TRUE if code is a well-formed postcode at level ("LS6 2AB", "LS6 2", "LS6", "LS"). */
gboolean rr_geography_valid (const char *code, int level);
/* Writes the code one level up from code (at level < 3) into buf; FALSE if it does not fit or
 * code is not well-formed. */
gboolean rr_geography_parent (const char *code, int level, char *buf, gsize size);
/* Reads the geography table at path into pop (regions, codes at every level, sums upwards).
 * Errors as rr_population_load. */
gboolean rr_geography_load (RrPopulation *pop, const char *path, GError **error);
void rr_geography_entry_free (RrGeoEntry *e);
/* Region index of code, adding it when add is TRUE; RR_POP_NO_REGION if unknown. */
guint rr_population_region (RrPopulation *pop, const char *code, gboolean add);
/* TRUE if a and b agree to the rounding of summing n terms in double precision. */
gboolean rr_population_sums_agree (double a, double b, guint64 n);
