/* tables.c - reads the four small public tables of data/england/ that the synthetic release
 * generator draws from, checking each row (synth stage).  The ethnic-group labels of the
 * Census 2021 table are mapped to NHS ethnic category codes here. */
#include "config.h"
#include "synth/tables.h"
#include "util/data-dir.h"
#include "util/error.h"
#include <string.h>

#define ETHNICITY_FILE "england_census2021_ethnic_group_by_region.csv"
#define DISTRICT_FILE "england_postcode_district_census2011_population.csv"
#define AGE_SEX_FILE "england_mye2020_age_sex.csv"
#define BIRTHS_FILE "ew_births_by_day_of_year_1995_2014.csv"

const char rr_synth_ethnic_codes[RR_SYNTH_N_ETHNIC + 1] = "ABCDEFGHJKLMNPRS";

/* Census 2021 TS021 labels and their NHS ethnic category codes (NHS Data Dictionary,
 * "Ethnic Category"): Roma and Gypsy or Irish Traveller are "C any other White background",
 * Arab is "S any other ethnic group"; Chinese is "R" although the census files it under Asian. */
static const struct
{
  const char *label;
  char code;
} census_ethnic[RR_SYNTH_N_CENSUS_ETHNIC] = {
  { "White: English, Welsh, Scottish, Northern Irish or British", 'A' },
  { "White: Irish", 'B' },
  { "White: Gypsy or Irish Traveller", 'C' },
  { "White: Roma", 'C' },
  { "White: Other White", 'C' },
  { "Mixed or Multiple ethnic groups: White and Black Caribbean", 'D' },
  { "Mixed or Multiple ethnic groups: White and Black African", 'E' },
  { "Mixed or Multiple ethnic groups: White and Asian", 'F' },
  { "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups", 'G' },
  { "Asian, Asian British or Asian Welsh: Indian", 'H' },
  { "Asian, Asian British or Asian Welsh: Pakistani", 'J' },
  { "Asian, Asian British or Asian Welsh: Bangladeshi", 'K' },
  { "Asian, Asian British or Asian Welsh: Other Asian", 'L' },
  { "Black, Black British, Black Welsh, Caribbean or African: Caribbean", 'M' },
  { "Black, Black British, Black Welsh, Caribbean or African: African", 'N' },
  { "Black, Black British, Black Welsh, Caribbean or African: Other Black", 'P' },
  { "Asian, Asian British or Asian Welsh: Chinese", 'R' },
  { "Other ethnic group: Arab", 'S' },
  { "Other ethnic group: Any other ethnic group", 'S' },
};

/* The district table names one region differently from the census table. */
static const struct
{
  const char *district_name, *census_name;
} region_aliases[] = {
  { "East of England", "East" },
};

/* One table file held in memory (the largest is 40 kB) and a cursor over its lines. */
typedef struct
{
  char *path;
  char *text;
  char *cursor;
  guint64 line;
} TableFile;

static void
table_file_clear (TableFile *t)
{
  g_free (t->path);
  g_free (t->text);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TableFile, table_file_clear)

static gboolean
table_file_open (TableFile *t, const char *dir, const char *name, const char *header,
                 GError **error)
{
  t->path = g_build_filename (dir, name, NULL);
  if (!g_file_get_contents (t->path, &t->text, NULL, error))
    return FALSE;
  t->cursor = t->text;
  char *first = t->cursor;
  t->cursor += strcspn (first, "\n");
  if (*t->cursor == '\n')
    *t->cursor++ = '\0';
  t->line = 1;
  g_strchomp (first);
  if (strcmp (first, header) != 0)
    return rr_throw_at (error, RR_ERROR_PARSE, t->path, 1, 1, "header must be '%s'", header);
  return TRUE;
}

/* Splits line in place into exactly n fields.  These tables quote a field only when it holds a
 * comma and never contain quotes or line breaks inside a field (SOURCES.md), so this small
 * splitter stands in for the streaming reader of load/csv.c; any other quote is an error. */
static gboolean
split_fields (const TableFile *t, char *line, char **fields, guint n, GError **error)
{
  char *p = line;
  for (guint i = 0; i < n; i++)
    {
      char *end = *p == '"' ? strchr (p + 1, '"') : p + strcspn (p, ",\"");
      if (end == NULL || (*p == '"' && end[1] != ',' && end[1] != '\0') || (*p != '"' && *end == '"'))
        return rr_throw_at (error, RR_ERROR_PARSE, t->path, t->line, i + 1, "misplaced quote");
      fields[i] = *p == '"' ? p + 1 : p;
      char *next = *p == '"' ? end + 1 : end;
      gboolean more = *next == ',';
      *end = '\0';
      if ((i + 1 < n) != more)
        return rr_throw_at (error, RR_ERROR_PARSE, t->path, t->line, i + 1,
                            "expected %u fields", n);
      p = next + (i + 1 < n);
    }
  return TRUE;
}

/* Reads the next non-empty line into n fields, or sets *done at the end of the file.
 * FALSE on a malformed line. */
static gboolean
table_file_next (TableFile *t, char **fields, guint n, gboolean *done, GError **error)
{
  *done = FALSE;
  while (*t->cursor != '\0')
    {
      char *line = t->cursor;
      t->cursor += strcspn (line, "\n");
      if (*t->cursor == '\n')
        *t->cursor++ = '\0';
      t->line++;
      g_strchomp (line);
      if (*line != '\0')
        return split_fields (t, line, fields, n, error);
    }
  *done = TRUE;
  return TRUE;
}

static gboolean
parse_count (const TableFile *t, const char *text, guint col, guint64 max, guint64 *out,
             GError **error)
{
  g_autoptr (GError) local = NULL;
  if (!g_ascii_string_to_unsigned (text, 10, 0, max, out, &local))
    return rr_throw_at (error, RR_ERROR_PARSE, t->path, t->line, col, "%s", local->message);
  return TRUE;
}

static gboolean
parse_weight (const TableFile *t, const char *text, guint col, double *out, GError **error)
{
  char *end = NULL;
  *out = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(*out >= 0.0 && *out < G_MAXDOUBLE))
    return rr_throw_at (error, RR_ERROR_PARSE, t->path, t->line, col,
                        "'%s' is not a non-negative number", text);
  return TRUE;
}

int
rr_synth_ethnic_code_of_census_label (const char *label)
{
  for (guint i = 0; i < RR_SYNTH_N_CENSUS_ETHNIC; i++)
    if (strcmp (census_ethnic[i].label, label) == 0)
      return (int) (strchr (rr_synth_ethnic_codes, census_ethnic[i].code) - rr_synth_ethnic_codes);
  return -1;
}

static int
census_index (const char *label)
{
  for (guint i = 0; i < RR_SYNTH_N_CENSUS_ETHNIC; i++)
    if (strcmp (census_ethnic[i].label, label) == 0)
      return (int) i;
  return -1;
}

static guint
region_index (GPtrArray *regions, const char *name)
{
  for (guint i = 0; i < regions->len; i++)
    if (strcmp (g_ptr_array_index (regions, i), name) == 0)
      return i;
  return regions->len;
}

/* Adds one ethnicity row; regions are numbered in order of first appearance. */
static gboolean
add_ethnicity_row (const TableFile *t, char **f, GPtrArray *regions, GArray *weights,
                   GArray *seen, GError **error)
{
  int ci = census_index (f[1]);
  if (ci < 0)
    return rr_throw_at (error, RR_ERROR_PARSE, t->path, t->line, 2, "unknown ethnic group '%s'",
                        f[1]);
  guint r = region_index (regions, f[0]);
  if (r == regions->len)
    {
      g_ptr_array_add (regions, g_strdup (f[0]));
      g_array_set_size (weights, weights->len + RR_SYNTH_N_ETHNIC);
      g_array_set_size (seen, seen->len + 1);
    }
  guint32 *bits = &g_array_index (seen, guint32, r);
  if (*bits & (1u << ci))
    return rr_throw_at (error, RR_ERROR_PARSE, t->path, t->line, 2, "duplicate row for %s, %s",
                        f[0], f[1]);
  *bits |= 1u << ci;
  guint64 pop;
  if (!parse_count (t, f[2], 3, G_MAXUINT32, &pop, error))
    return FALSE;
  int code = rr_synth_ethnic_code_of_census_label (f[1]);
  g_array_index (weights, double, r * RR_SYNTH_N_ETHNIC + (guint) code) += (double) pop;
  return TRUE;
}

static gboolean
check_ethnicity_complete (const TableFile *t, GPtrArray *regions, GArray *seen, GError **error)
{
  if (regions->len == 0)
    return rr_throw_at (error, RR_ERROR_PARSE, t->path, 0, 0, "no rows");
  for (guint r = 0; r < regions->len; r++)
    for (guint i = 0; i < RR_SYNTH_N_CENSUS_ETHNIC; i++)
      if (!(g_array_index (seen, guint32, r) & (1u << i)))
        return rr_throw_at (error, RR_ERROR_PARSE, t->path, 0, 0, "no row for %s, %s",
                            (const char *) g_ptr_array_index (regions, r), census_ethnic[i].label);
  return TRUE;
}

static gboolean
load_ethnicity (RrSynthTables *self, const char *dir, GError **error)
{
  g_auto (TableFile) t = { 0 };
  if (!table_file_open (&t, dir, ETHNICITY_FILE, "region,ethnic_group,population", error))
    return FALSE;
  g_autoptr (GPtrArray) regions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) weights = g_array_new (FALSE, TRUE, sizeof (double));
  g_autoptr (GArray) seen = g_array_new (FALSE, TRUE, sizeof (guint32));
  char *f[3];
  gboolean done = FALSE;
  while (table_file_next (&t, f, 3, &done, error) && !done)
    if (!g_str_has_prefix (f[1], "Total:")
        && !add_ethnicity_row (&t, f, regions, weights, seen, error))
      return FALSE;
  if (!done || !check_ethnicity_complete (&t, regions, seen, error))
    return FALSE;
  self->n_regions = regions->len;
  g_ptr_array_add (regions, NULL);
  self->region = (char **) g_ptr_array_steal (regions, NULL);
  self->ethnicity = (double *) (void *) g_array_steal (weights, NULL);
  return TRUE;
}

static const char *
census_region_name (const char *district_region)
{
  for (guint i = 0; i < G_N_ELEMENTS (region_aliases); i++)
    if (strcmp (region_aliases[i].district_name, district_region) == 0)
      return region_aliases[i].census_name;
  return district_region;
}

/* An outward code: a letter, then 1 to 3 more letters or digits (format checked fully by the
 * postcode regex of the tests, on the generated postcodes). */
static gboolean
outward_shape_ok (const char *s)
{
  gsize n = strlen (s);
  if (n < 2 || n > 4 || !g_ascii_isupper (s[0]))
    return FALSE;
  for (gsize i = 1; i < n; i++)
    if (!g_ascii_isupper (s[i]) && !g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

typedef struct
{
  GPtrArray *names;
  GArray *pop, *region;
  GHashTable *seen;
} DistrictRows;

static gboolean
add_district_row (const TableFile *t, char **f, const RrSynthTables *self, DistrictRows *d,
                  GError **error)
{
  if (!outward_shape_ok (f[0]))
    return rr_throw_at (error, RR_ERROR_PARSE, t->path, t->line, 1,
                        "'%s' is not a postcode district", f[0]);
  if (!g_hash_table_add (d->seen, g_strdup (f[0])))
    return rr_throw_at (error, RR_ERROR_PARSE, t->path, t->line, 1, "duplicate district %s", f[0]);
  guint64 pop, households;
  if (!parse_count (t, f[1], 2, G_MAXUINT32, &pop, error)
      || !parse_count (t, f[2], 3, G_MAXUINT32, &households, error))
    return FALSE;
  const char *name = census_region_name (f[3]);
  guint r = 0;
  while (r < self->n_regions && strcmp (self->region[r], name) != 0)
    r++;
  if (r == self->n_regions)
    return rr_throw_at (error, RR_ERROR_PARSE, t->path, t->line, 4,
                        "region '%s' is not in " ETHNICITY_FILE, f[3]);
  g_ptr_array_add (d->names, g_strdup (f[0]));
  double w = (double) pop;
  g_array_append_val (d->pop, w);
  g_array_append_val (d->region, r);
  return TRUE;
}

static gboolean
load_districts (RrSynthTables *self, const char *dir, GError **error)
{
  g_auto (TableFile) t = { 0 };
  if (!table_file_open (&t, dir, DISTRICT_FILE, "postcode_district,population,households,region",
                        error))
    return FALSE;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) pop = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) region = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  DistrictRows d = { names, pop, region, seen };
  char *f[4];
  gboolean done = FALSE;
  while (table_file_next (&t, f, 4, &done, error) && !done)
    if (!add_district_row (&t, f, self, &d, error))
      return FALSE;
  if (!done)
    return FALSE;
  if (names->len == 0)
    return rr_throw_at (error, RR_ERROR_PARSE, t.path, 0, 0, "no rows");
  self->n_districts = names->len;
  g_ptr_array_add (names, NULL);
  self->district = (char **) g_ptr_array_steal (names, NULL);
  self->district_pop = (double *) (void *) g_array_steal (pop, NULL);
  self->district_region = (guint *) (void *) g_array_steal (region, NULL);
  return TRUE;
}

static gboolean
add_age_sex_row (const TableFile *t, char **f, RrSynthTables *self, gboolean seen[2][RR_SYNTH_N_AGES],
                 GError **error)
{
  guint64 age = RR_SYNTH_N_AGES - 1;
  if (strcmp (f[0], "90+") != 0 && !parse_count (t, f[0], 1, RR_SYNTH_N_AGES - 2, &age, error))
    return FALSE;
  int sex = strcmp (f[1], "male") == 0 ? 0 : strcmp (f[1], "female") == 0 ? 1 : -1;
  if (sex < 0)
    return rr_throw_at (error, RR_ERROR_PARSE, t->path, t->line, 2,
                        "sex must be male or female, not '%s'", f[1]);
  if (seen[sex][age])
    return rr_throw_at (error, RR_ERROR_PARSE, t->path, t->line, 1, "duplicate row for %s, %s",
                        f[0], f[1]);
  seen[sex][age] = TRUE;
  guint64 pop;
  if (!parse_count (t, f[2], 3, G_MAXUINT32, &pop, error))
    return FALSE;
  self->age_sex[sex][age] = (double) pop;
  return TRUE;
}

static gboolean
load_age_sex (RrSynthTables *self, const char *dir, GError **error)
{
  g_auto (TableFile) t = { 0 };
  if (!table_file_open (&t, dir, AGE_SEX_FILE, "age,sex,population", error))
    return FALSE;
  gboolean seen[2][RR_SYNTH_N_AGES] = { { FALSE } };
  char *f[3];
  gboolean done = FALSE;
  while (table_file_next (&t, f, 3, &done, error) && !done)
    if (!add_age_sex_row (&t, f, self, seen, error))
      return FALSE;
  if (!done)
    return FALSE;
  for (guint s = 0; s < 2; s++)
    for (guint a = 0; a < RR_SYNTH_N_AGES; a++)
      if (!seen[s][a])
        return rr_throw_at (error, RR_ERROR_PARSE, t.path, 0, 0, "no row for age %u%s, %s", a,
                            a + 1 == RR_SYNTH_N_AGES ? "+" : "", s == 0 ? "male" : "female");
  return TRUE;
}

static gboolean
add_births_row (const TableFile *t, char **f, RrSynthTables *self, gboolean *seen, GError **error)
{
  guint64 month, day;
  if (!parse_count (t, f[0], 1, 12, &month, error) || !parse_count (t, f[1], 2, 31, &day, error))
    return FALSE;
  /* 2000 is a leap year, so every calendar date including 29 February is valid in it. */
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, 2000))
    return rr_throw_at (error, RR_ERROR_PARSE, t->path, t->line, 2, "no date %s/%s", f[1], f[0]);
  g_autoptr (GDate) date = g_date_new_dmy ((GDateDay) day, (GDateMonth) month, 2000);
  guint i = g_date_get_day_of_year (date) - 1;
  if (seen[i])
    return rr_throw_at (error, RR_ERROR_PARSE, t->path, t->line, 1, "duplicate row for %s/%s",
                        f[1], f[0]);
  seen[i] = TRUE;
  return parse_weight (t, f[2], 3, &self->births[i], error);
}

static gboolean
load_births (RrSynthTables *self, const char *dir, GError **error)
{
  g_auto (TableFile) t = { 0 };
  if (!table_file_open (&t, dir, BIRTHS_FILE, "month,day,average_daily_births", error))
    return FALSE;
  gboolean seen[RR_SYNTH_N_DAYS] = { FALSE };
  char *f[3];
  gboolean done = FALSE;
  while (table_file_next (&t, f, 3, &done, error) && !done)
    if (!add_births_row (&t, f, self, seen, error))
      return FALSE;
  if (!done)
    return FALSE;
  for (guint i = 0; i < RR_SYNTH_N_DAYS; i++)
    if (!seen[i])
      return rr_throw_at (error, RR_ERROR_PARSE, t.path, 0, 0, "no row for day %u of the year",
                          i + 1);
  return TRUE;
}

static double
sum (const double *x, guint n)
{
  double s = 0.0;
  for (guint i = 0; i < n; i++)
    s += x[i];
  return s;
}

static gboolean
throw_table (GError **error, const char *dir, const char *name, const char *msg)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  return rr_throw_at (error, RR_ERROR_PARSE, path, 0, 0, "%s", msg);
}

/* The generator needs a positive total in every weight table it draws from, and two dates
 * other than 29 February with births, so that redrawing an impossible date of birth (29
 * February of a common year, or a birth on the --as-of date) always ends. */
static gboolean
check_weights (const RrSynthTables *self, const char *dir, GError **error)
{
  for (guint r = 0; r < self->n_regions; r++)
    if (!(sum (self->ethnicity + r * RR_SYNTH_N_ETHNIC, RR_SYNTH_N_ETHNIC) > 0.0))
      {
        g_autofree char *msg = g_strdup_printf ("region %s has no residents", self->region[r]);
        return throw_table (error, dir, ETHNICITY_FILE, msg);
      }
  if (!(sum (self->district_pop, self->n_districts) > 0.0))
    return throw_table (error, dir, DISTRICT_FILE, "no district has residents");
  if (!(sum (self->age_sex[0], RR_SYNTH_N_AGES) + sum (self->age_sex[1], RR_SYNTH_N_AGES) > 0.0))
    return throw_table (error, dir, AGE_SEX_FILE, "no residents");
  guint days = 0;
  for (guint i = 0; i < RR_SYNTH_N_DAYS; i++)
    days += i != RR_SYNTH_FEB29 && self->births[i] > 0.0;
  if (days < 2)
    return throw_table (error, dir, BIRTHS_FILE,
                        "fewer than two dates other than 29 February have births");
  return TRUE;
}

RrSynthTables *
rr_synth_tables_load (const char *dir, GError **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_autoptr (RrSynthTables) self = g_new0 (RrSynthTables, 1);
  if (!load_ethnicity (self, dir, error) || !load_districts (self, dir, error)
      || !load_age_sex (self, dir, error) || !load_births (self, dir, error)
      || !check_weights (self, dir, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
rr_synth_tables_free (RrSynthTables *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->district);
  g_free (self->district_pop);
  g_free (self->district_region);
  g_strfreev (self->region);
  g_free (self->ethnicity);
  g_free (self);
}

char *
rr_synth_tables_default_dir (void)
{
  return rr_data_dir_find ("england", NULL);
}
