/* tables.c - loads a population directory: the manifest, then each table it names, then
 * reconciles them to one total and precomputes what frequency.c needs (population stage).
 * Geography is in geography.c; IPF in ipf.c. */
#include "config.h"
#include "population/tables-private.h"
#include "population/ipf.h"
#include "population/poptable.h"
#include "util/error.h"
#include "util/keyfile-line.h"
#include <float.h>
#include <math.h>
#include <string.h>

#define MANIFEST "population.ini"

static const char *const table_groups[4] = { "geography", "age-sex", "births", "ethnicity" };

int
rr_population_ethnic_index (const char *code)
{
  if (code == NULL || code[0] == '\0' || code[1] != '\0')
    return -1;
  const char *p = strchr (RR_POP_ETHNIC_CODES, code[0]);
  return p != NULL ? (int) (p - RR_POP_ETHNIC_CODES) : -1;
}

gboolean
rr_population_sums_agree (double a, double b, guint64 n)
{
  /* Summing n terms in double precision errs by at most about n * DBL_EPSILON relative. */
  return fabs (a - b) <= (double) MAX (n, 1) * DBL_EPSILON * MAX (fabs (a), fabs (b));
}

guint
rr_population_region (RrPopulation *pop, const char *code, gboolean add)
{
  gpointer v = g_hash_table_lookup (pop->region_index, code);
  if (v != NULL)
    return GPOINTER_TO_UINT (v) - 1;
  if (!add)
    return RR_POP_NO_REGION;
  g_ptr_array_add (pop->region_codes, g_strdup (code));
  g_hash_table_insert (pop->region_index, g_strdup (code),
                       GUINT_TO_POINTER (pop->region_codes->len));
  return pop->region_codes->len - 1;
}

static RrPopulation *
population_new (const char *dir)
{
  RrPopulation *pop = g_new0 (RrPopulation, 1);
  pop->dir = g_strdup (dir);
  pop->manifest_path = g_build_filename (dir, MANIFEST, NULL);
  pop->notes = g_ptr_array_new_with_free_func (g_free);
  pop->region_codes = g_ptr_array_new_with_free_func (g_free);
  pop->region_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pop->region_pop = g_array_new (FALSE, TRUE, sizeof (double));
  for (int l = 0; l < RR_POP_N_LEVELS; l++)
    pop->geo[l] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) rr_geography_entry_free);
  pop->finest = RR_POP_N_LEVELS;
  pop->geo_scale = 1;
  pop->whole.region = RR_POP_NO_REGION;
  return pop;
}

void
rr_population_free (RrPopulation *pop)
{
  if (pop == NULL)
    return;
  g_free (pop->dir);
  g_free (pop->manifest_path);
  g_free (pop->manifest_text);
  g_free (pop->name);
  g_ptr_array_unref (pop->notes);
  g_ptr_array_unref (pop->region_codes);
  g_hash_table_unref (pop->region_index);
  g_array_unref (pop->region_pop);
  for (int l = 0; l < RR_POP_N_LEVELS; l++)
    g_hash_table_unref (pop->geo[l]);
  if (pop->whole.mix != NULL)
    g_array_unref (pop->whole.mix);
  g_free (pop->age_cum);
  g_free (pop->slot_pop);
  g_free (pop->dob_cum);
  g_free (pop->eth_share);
  g_free (pop);
}

static void G_GNUC_PRINTF (2, 3)
note (RrPopulation *pop, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_ptr_array_add (pop->notes, g_strdup_vprintf (fmt, ap));
  va_end (ap);
}

/* Raises RR_ERROR_PARSE at the manifest's key ("population.ini:LINE:1: ..."). */
static gboolean G_GNUC_PRINTF (5, 6)
manifest_fail (const RrPopulation *pop, const char *group, const char *key, GError **error,
               const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  guint64 line = rr_key_file_line (pop->manifest_text, group, key);
  return rr_throw_at (error, RR_ERROR_PARSE, pop->manifest_path, line, line ? 1 : 0, "[%s] %s: %s",
                      group, key, msg);
}

static gboolean
parse_date (const char *s, GDate *date)
{
  guint64 y, m, d;
  g_auto (GStrv) p = g_strsplit (s, "-", -1);
  if (g_strv_length (p) != 3 || strlen (p[0]) != 4 || strlen (p[1]) != 2 || strlen (p[2]) != 2
      || !g_ascii_string_to_unsigned (p[0], 10, 1, 9999, &y, NULL)
      || !g_ascii_string_to_unsigned (p[1], 10, 1, 12, &m, NULL)
      || !g_ascii_string_to_unsigned (p[2], 10, 1, 31, &d, NULL)
      || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

/* A number key of the manifest that must be > 0 (or >= 0 if zero_ok). */
static gboolean
manifest_number (const RrPopulation *pop, GKeyFile *kf, const char *group, const char *key,
                 gboolean zero_ok, double *value, GError **error)
{
  g_autofree char *s = g_key_file_get_string (kf, group, key, error);
  if (s == NULL)
    return FALSE;
  char *end = NULL;
  double v = g_ascii_strtod (g_strstrip (s), &end);
  if (end == s || *end != '\0' || !isfinite (v) || v < 0 || (!zero_ok && !(v > 0)))
    return manifest_fail (pop, group, key, error, "'%s' is not a %s number", s,
                          zero_ok ? "non-negative" : "positive");
  *value = v;
  return TRUE;
}

/* The declared total of a table must be the sum of its rows. */
static gboolean
check_total (RrPopulation *pop, GKeyFile *kf, const char *group, double sum, guint64 n_rows,
             GError **error)
{
  double declared;
  if (!manifest_number (pop, kf, group, "total", TRUE, &declared, error))
    return FALSE;
  if (!rr_population_sums_agree (declared, sum, n_rows))
    return manifest_fail (pop, group, "total", error, "the table's rows sum to %.17g, not %.17g",
                          sum, declared);
  return TRUE;
}

static char *
table_path (const RrPopulation *pop, GKeyFile *kf, const char *group, const char *key,
            GError **error)
{
  g_autofree char *file = g_key_file_get_string (kf, group, key, error);
  if (file == NULL)
    return NULL;
  return g_build_filename (pop->dir, g_strstrip (file), NULL);
}

/* ---- age x sex ---- */

typedef struct
{
  guint slot, sex, age;
  gboolean open;
  double pop;
  guint64 line;
} AgeRow;

typedef struct
{
  RrPopulation *pop;
  GArray *rows; /* AgeRow */
  gboolean by_region;
} AgeLoad;

enum { AS_AGE, AS_SEX, AS_POPULATION, AS_REGION };

/* Sex as published ("male"/"female", "M"/"F") -> 0/1, or -1. */
static int
parse_sex (const char *s)
{
  if (g_ascii_strcasecmp (s, "male") == 0 || g_ascii_strcasecmp (s, "m") == 0)
    return 0;
  if (g_ascii_strcasecmp (s, "female") == 0 || g_ascii_strcasecmp (s, "f") == 0)
    return 1;
  return -1;
}

/* The slot of a row's region: its region's index when the table is by region and there is a
 * geography, else 0 (national). */
static gboolean
row_slot (RrPopulation *pop, const RrPoptableRow *row, guint k, guint *slot, GError **error)
{
  *slot = 0;
  if (!rr_poptable_has (row, k))
    return TRUE;
  if (pop->region_codes->len == 0)
    return rr_poptable_fail (row, k, error, "mismatched geography: this table is by region but "
                             "there is no geography table with a region column");
  *slot = rr_population_region (pop, row->field[k], FALSE);
  if (*slot == RR_POP_NO_REGION)
    return rr_poptable_fail (row, k, error, "unknown region '%s' (not in the geography table)",
                             row->field[k]);
  return TRUE;
}

static gboolean
age_row (const RrPoptableRow *row, gpointer data, GError **error)
{
  AgeLoad *a = data;
  AgeRow r = { .line = row->line };
  const char *s = row->field[AS_AGE];
  gsize n = strlen (s);
  r.open = n > 1 && s[n - 1] == '+';
  g_autofree char *digits = g_strndup (s, r.open ? n - 1 : n);
  guint64 age;
  if (!g_ascii_string_to_unsigned (digits, 10, 0, 150, &age, NULL))
    return rr_poptable_fail (row, AS_AGE, error, "unknown age '%s' (0..150, or N+ for the open "
                             "band)", s);
  r.age = (guint) age;
  int sex = parse_sex (row->field[AS_SEX]);
  if (sex < 0)
    return rr_poptable_fail (row, AS_SEX, error, "unknown sex '%s' (male or female)",
                             row->field[AS_SEX]);
  r.sex = (guint) sex;
  a->by_region = rr_poptable_has (row, AS_REGION);
  if (!rr_poptable_count (row, AS_POPULATION, &r.pop, error)
      || !row_slot (a->pop, row, AS_REGION, &r.slot, error))
    return FALSE;
  g_array_append_val (a->rows, r);
  return TRUE;
}

/* The open band "N+": one N in the whole table, above every other age. */
static gboolean
find_open_age (RrPopulation *pop, const char *path, GArray *rows, GError **error)
{
  guint open = 0, max_closed = 0;
  gboolean seen = FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      const AgeRow *r = &g_array_index (rows, AgeRow, i);
      if (r->open && seen && r->age != open)
        return rr_throw_at (error, RR_ERROR_PARSE, path, r->line, 1,
                            "a second open age band '%u+' (the first is '%u+')", r->age, open);
      if (r->open)
        open = r->age, seen = TRUE;
      else
        max_closed = MAX (max_closed, r->age + 1);
    }
  if (!seen)
    return rr_throw_at (error, RR_ERROR_PARSE, path, 0, 0, "no open age band such as '90+'");
  if (max_closed > open)
    return rr_throw_at (error, RR_ERROR_PARSE, path, 0, 0, "age %u is inside the open band "
                        "'%u+'", max_closed - 1, open);
  pop->open_age = open;
  return TRUE;
}

/* Fills counts[slot][sex][0..open] (open = the open band), one row per cell. */
static gboolean
fill_age_counts (RrPopulation *pop, const char *path, GArray *rows, double *counts,
                 GError **error)
{
  guint n_cells = pop->n_as * RR_POP_N_SEX * (pop->open_age + 1);
  g_autofree guint64 *line = g_new0 (guint64, n_cells);
  for (guint i = 0; i < rows->len; i++)
    {
      const AgeRow *r = &g_array_index (rows, AgeRow, i);
      guint k = (r->slot * RR_POP_N_SEX + r->sex) * (pop->open_age + 1) + r->age;
      if (line[k] != 0)
        return rr_throw_at (error, RR_ERROR_PARSE, path, r->line, 1, "duplicate row (first on "
                            "line %" G_GUINT64_FORMAT ")", line[k]);
      line[k] = r->line;
      counts[k] = r->pop;
    }
  for (guint k = 0; k < n_cells; k++)
    if (line[k] == 0)
      {
        guint age = k % (pop->open_age + 1), sex = (k / (pop->open_age + 1)) % RR_POP_N_SEX;
        guint slot = k / (pop->open_age + 1) / RR_POP_N_SEX;
        return rr_throw_at (error, RR_ERROR_PARSE, path, 0, 0, "no row for age %u%s, %s%s%s", age,
                            age == pop->open_age ? "+" : "", sex ? "female" : "male",
                            pop->as_by_region ? ", region " : "",
                            pop->as_by_region ? (char *) pop->region_codes->pdata[slot] : "");
      }
  return TRUE;
}

static const char *
fmt (char buf[G_ASCII_DTOSTR_BUF_SIZE], const char *format, double v)
{
  return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, v);
}

/* Cumulative persons by single year of age 0..n_age-1, the open band spread evenly over
 * open_span years (an assumption the report states). */
static void
build_age_cum (RrPopulation *pop, const double *counts)
{
  guint w = pop->n_age + 1, n_open = pop->open_age + 1;
  pop->age_cum = g_new0 (double, (gsize) pop->n_as * RR_POP_N_SEX * w);
  pop->slot_pop = g_new0 (double, pop->n_as);
  for (guint slot = 0; slot < pop->n_as; slot++)
    for (guint sex = 0; sex < RR_POP_N_SEX; sex++)
      {
        const double *c = counts + (slot * RR_POP_N_SEX + sex) * n_open;
        double *cum = pop->age_cum + (slot * RR_POP_N_SEX + sex) * w;
        for (guint a = 0; a < pop->n_age; a++)
          cum[a + 1] = cum[a] + (a < pop->open_age ? c[a] : c[pop->open_age] / pop->open_span);
        pop->slot_pop[slot] += cum[pop->n_age];
      }
}

/* hi[a] = the latest birth date (Julian) of a person aged a at the reference date, a = 0..n_age;
 * age a spans hi[a+1]+1 .. hi[a], so the years partition the days even around 29 February. */
static guint32 *
age_last_days (const RrPopulation *pop)
{
  guint32 *hi = g_new (guint32, pop->n_age + 1);
  for (guint a = 0; a <= pop->n_age; a++)
    {
      GDate d = pop->ref;
      g_date_subtract_years (&d, a);
      hi[a] = g_date_get_julian (&d);
    }
  return hi;
}

/* Spreads each age's persons over its birth dates in proportion to the births table. */
static void
spread_ages (const RrPopulation *pop, const double *age_cum, const guint32 *hi, const double *w,
             double *dens)
{
  for (guint a = 0; a < pop->n_age; a++)
    {
      guint lo = hi[a + 1] + 1 - pop->day0, top = hi[a] - pop->day0;
      double W = 0;
      for (guint d = lo; d <= top; d++)
        W += w[d];
      double c = age_cum[a + 1] - age_cum[a];
      for (guint d = lo; d <= top; d++)
        dens[d] = W > 0 ? c * w[d] / W : 0;
    }
}

/* Cumulative persons by date of birth, per slot and sex. */
static void
build_dob_cum (RrPopulation *pop)
{
  g_autofree guint32 *hi = age_last_days (pop);
  pop->day0 = hi[pop->n_age] + 1;
  pop->n_days = hi[0] - pop->day0 + 1;
  pop->open_last = hi[pop->open_age];
  g_autofree double *w = g_new (double, pop->n_days);
  for (guint d = 0; d < pop->n_days; d++)
    {
      GDate date;
      g_date_clear (&date, 1);
      g_date_set_julian (&date, pop->day0 + d);
      w[d] = pop->births[g_date_get_month (&date) - 1][g_date_get_day (&date) - 1];
    }
  g_autofree double *dens = g_new0 (double, pop->n_days);
  guint n = pop->n_days + 1, wa = pop->n_age + 1;
  pop->dob_cum = g_new0 (double, (gsize) pop->n_as * RR_POP_N_SEX * n);
  for (guint k = 0; k < pop->n_as * RR_POP_N_SEX; k++)
    {
      spread_ages (pop, pop->age_cum + k * wa, hi, w, dens);
      double *cum = pop->dob_cum + (gsize) k * n;
      for (guint d = 0; d < pop->n_days; d++)
        cum[d + 1] = cum[d] + dens[d];
    }
}

/* Region totals of the geography, scaled to the population total: the IPF row targets. */
static double *
region_targets (const RrPopulation *pop)
{
  double *t = g_new (double, pop->region_codes->len);
  for (guint r = 0; r < pop->region_codes->len; r++)
    t[r] = g_array_index (pop->region_pop, double, r) * pop->geo_scale;
  return t;
}

/* Fits a region x category seed by IPF to the geography's region totals and the seed's own
 * national margin, both at the population total. */
static gboolean
fit_by_region (RrPopulation *pop, double *seed, guint n_cols, double seed_total,
               const char *what, GError **error)
{
  guint n_rows = pop->region_codes->len;
  g_autofree double *rows = region_targets (pop);
  g_autofree double *cols = g_new0 (double, n_cols);
  for (guint i = 0; i < n_rows; i++)
    for (guint j = 0; j < n_cols; j++)
      cols[j] += seed[i * n_cols + j] * pop->total / seed_total;
  guint n_iter = 0;
  if (!rr_ipf_fit (seed, n_rows, n_cols, rows, cols, RR_IPF_EPSREL, RR_IPF_MAX_ITER, &n_iter,
                   error))
    {
      g_prefix_error (error, "%s: ", what);
      return FALSE;
    }
  char b[G_ASCII_DTOSTR_BUF_SIZE];
  note (pop, "%s by region: fitted by iterative proportional fitting to the geography's %u "
        "region totals and the table's own national margin, both at the population total "
        "(%u iterations, relative change below %s).", what, n_rows, n_iter,
        fmt (b, "%g", RR_IPF_EPSREL));
  return TRUE;
}

static gboolean
reconcile_age_sex (RrPopulation *pop, double *counts, GError **error)
{
  guint n_cols = RR_POP_N_SEX * (pop->open_age + 1);
  double t = pop->table_total[RR_POPULATION_AGE_SEX];
  if (pop->as_by_region && !fit_by_region (pop, counts, n_cols, t, "age x sex", error))
    return FALSE;
  if (!pop->as_by_region)
    for (guint k = 0; k < n_cols; k++)
      counts[k] *= pop->total / t;
  build_age_cum (pop, counts);
  build_dob_cum (pop);
  char b[G_ASCII_DTOSTR_BUF_SIZE], b2[G_ASCII_DTOSTR_BUF_SIZE];
  note (pop, "Age x sex: the open band %u+ is spread evenly over ages %u to %u (assumption: "
        "open-age-span=%u).", pop->open_age, pop->open_age, pop->open_age + pop->open_span - 1,
        pop->open_span);
  if (!pop->as_by_region && !rr_population_sums_agree (t, pop->total, 1))
    note (pop, "Age x sex: %s persons, scaled by %s to the population total.",
          fmt (b, "%.0f", t), fmt (b2, "%.6f", pop->total / t));
  return TRUE;
}

static gboolean
load_age_sex (RrPopulation *pop, GKeyFile *kf, GError **error)
{
  const char *group = table_groups[RR_POPULATION_AGE_SEX];
  g_autofree char *path = table_path (pop, kf, group, "file", error);
  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (AgeRow));
  AgeLoad a = { pop, rows, FALSE };
  static const char *const columns[] = { "age", "sex", "population", "region" };
  if (path == NULL
      || !rr_poptable_read (path, columns, G_N_ELEMENTS (columns), 3, age_row, &a, error)
      || !find_open_age (pop, path, rows, error))
    return FALSE;
  g_autofree char *span = g_key_file_get_string (kf, group, "open-age-span", error);
  guint64 years;
  if (span == NULL)
    return FALSE;
  if (!g_ascii_string_to_unsigned (g_strstrip (span), 10, 1, 100, &years, NULL))
    return manifest_fail (pop, group, "open-age-span", error, "'%s' is not a whole number of "
                          "years from 1 to 100", span);
  pop->open_span = (guint) years;
  pop->n_age = pop->open_age + pop->open_span;
  pop->as_by_region = a.by_region;
  pop->n_as = pop->as_by_region ? pop->region_codes->len : 1;
  g_autofree double *counts = g_new0 (double, (gsize) pop->n_as * RR_POP_N_SEX * (pop->open_age + 1));
  if (!fill_age_counts (pop, path, rows, counts, error))
    return FALSE;
  double sum = 0;
  for (guint i = 0; i < rows->len; i++)
    sum += g_array_index (rows, AgeRow, i).pop;
  pop->table_total[RR_POPULATION_AGE_SEX] = sum;
  if (!check_total (pop, kf, group, sum, rows->len, error))
    return FALSE;
  if (!(sum > 0))
    return manifest_fail (pop, group, "total", error, "the table holds no persons");
  return reconcile_age_sex (pop, counts, error);
}

/* ---- births by day of year ---- */

typedef struct
{
  RrPopulation *pop;
  guint64 line[12][31];
  double sum;
  guint64 n;
} BirthLoad;

enum { B_MONTH, B_DAY, B_WEIGHT };

static gboolean
birth_row (const RrPoptableRow *row, gpointer data, GError **error)
{
  BirthLoad *b = data;
  guint64 m, d;
  if (!g_ascii_string_to_unsigned (row->field[B_MONTH], 10, 1, 12, &m, NULL))
    return rr_poptable_fail (row, B_MONTH, error, "unknown month '%s' (1..12)",
                             row->field[B_MONTH]);
  if (!g_ascii_string_to_unsigned (row->field[B_DAY], 10, 1, 31, &d, NULL)
      || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, 2000))
    return rr_poptable_fail (row, B_DAY, error, "unknown date: month %s has no day '%s'",
                             row->field[B_MONTH], row->field[B_DAY]);
  if (b->line[m - 1][d - 1] != 0)
    return rr_poptable_fail (row, B_DAY, error, "duplicate date (first on line %" G_GUINT64_FORMAT
                             ")", b->line[m - 1][d - 1]);
  b->line[m - 1][d - 1] = row->line;
  if (!rr_poptable_count (row, B_WEIGHT, &b->pop->births[m - 1][d - 1], error))
    return FALSE;
  b->sum += b->pop->births[m - 1][d - 1];
  b->n++;
  return TRUE;
}

/* Every one of the 366 calendar dates needs a row, and some date other than 29 February a
 * positive weight (so every year of birth has one). */
static gboolean
check_births (const BirthLoad *b, const char *path, GError **error)
{
  double other = 0;
  for (guint m = 1; m <= 12; m++)
    for (guint d = 1; d <= 31; d++)
      {
        if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, 2000))
          continue;
        if (b->line[m - 1][d - 1] == 0)
          return rr_throw_at (error, RR_ERROR_PARSE, path, 0, 0, "no row for month %u, day %u",
                              m, d);
        other += (m == 2 && d == 29) ? 0 : b->pop->births[m - 1][d - 1];
      }
  if (!(other > 0))
    return rr_throw_at (error, RR_ERROR_PARSE, path, 0, 0, "all weights are zero");
  return TRUE;
}

static gboolean
load_births (RrPopulation *pop, GKeyFile *kf, GError **error)
{
  const char *group = table_groups[RR_POPULATION_BIRTHS];
  g_autofree char *path = table_path (pop, kf, group, "file", error);
  g_autofree BirthLoad *b = g_new0 (BirthLoad, 1);
  b->pop = pop;
  static const char *const columns[] = { "month", "day", "weight" };
  if (path == NULL
      || !rr_poptable_read (path, columns, G_N_ELEMENTS (columns), 3, birth_row, b, error)
      || !check_births (b, path, error))
    return FALSE;
  pop->table_total[RR_POPULATION_BIRTHS] = b->sum;
  if (g_key_file_has_key (kf, group, "total", NULL)
      && !check_total (pop, kf, group, b->sum, b->n, error))
    return FALSE;
  return TRUE;
}

/* ---- ethnic groups ---- */

typedef struct
{
  RrPopulation *pop;
  GHashTable *codes; /* published label -> GINT_TO_POINTER (code index + 1) */
  GHashTable *seen;  /* "slot\x1flabel" */
  double *seed;      /* [slot][RR_POP_N_ETHNIC] */
  gboolean *slot_seen;
  double sum;
  guint64 n;
  gboolean by_region;
} EthLoad;

enum { E_CATEGORY, E_CODE };

static gboolean
code_row (const RrPoptableRow *row, gpointer data, GError **error)
{
  GHashTable *codes = data;
  int code = rr_population_ethnic_index (row->field[E_CODE]);
  if (code < 0)
    return rr_poptable_fail (row, E_CODE, error, "unknown ethnic category code '%s' (one of %s)",
                             row->field[E_CODE], RR_POP_ETHNIC_CODES);
  if (g_hash_table_contains (codes, row->field[E_CATEGORY]))
    return rr_poptable_fail (row, E_CATEGORY, error, "duplicate category '%s'",
                             row->field[E_CATEGORY]);
  g_hash_table_insert (codes, g_strdup (row->field[E_CATEGORY]), GINT_TO_POINTER (code + 1));
  return TRUE;
}

enum { ET_CATEGORY, ET_POPULATION, ET_REGION };

static gboolean
eth_row (const RrPoptableRow *row, gpointer data, GError **error)
{
  EthLoad *e = data;
  const char *label = row->field[ET_CATEGORY];
  int code = e->codes ? GPOINTER_TO_INT (g_hash_table_lookup (e->codes, label)) - 1
                      : rr_population_ethnic_index (label);
  if (code < 0)
    return rr_poptable_fail (row, ET_CATEGORY, error, "unknown category '%s' (%s)", label,
                             e->codes ? "not in the codes table" : "not an NHS ethnic category");
  guint slot;
  double v;
  e->by_region = rr_poptable_has (row, ET_REGION);
  if (!row_slot (e->pop, row, ET_REGION, &slot, error)
      || !rr_poptable_count (row, ET_POPULATION, &v, error))
    return FALSE;
  char *key = g_strdup_printf ("%u\x1f%s", slot, label);
  if (!g_hash_table_add (e->seen, key))
    return rr_poptable_fail (row, ET_CATEGORY, error, "duplicate category '%s'", label);
  e->seed[slot * RR_POP_N_ETHNIC + (guint) code] += v;
  e->slot_seen[slot] = TRUE;
  e->sum += v;
  e->n++;
  return TRUE;
}

static gboolean
load_codes (RrPopulation *pop, GKeyFile *kf, GHashTable **codes, GError **error)
{
  const char *group = table_groups[RR_POPULATION_ETHNICITY];
  if (!g_key_file_has_key (kf, group, "codes", NULL))
    return TRUE;
  g_autofree char *path = table_path (pop, kf, group, "codes", error);
  static const char *const columns[] = { "category", "code" };
  *codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return path != NULL
         && rr_poptable_read (path, columns, G_N_ELEMENTS (columns), 2, code_row, *codes, error);
}

/* Shares P(category | slot) from the (fitted) counts. */
static void
eth_shares (RrPopulation *pop, const double *x)
{
  pop->eth_share = g_new0 (double, (gsize) pop->n_eth * RR_POP_N_ETHNIC);
  for (guint s = 0; s < pop->n_eth; s++)
    {
      double t = 0;
      for (guint c = 0; c < RR_POP_N_ETHNIC; c++)
        t += x[s * RR_POP_N_ETHNIC + c];
      for (guint c = 0; c < RR_POP_N_ETHNIC; c++)
        pop->eth_share[s * RR_POP_N_ETHNIC + c] = t > 0 ? x[s * RR_POP_N_ETHNIC + c] / t : 0;
    }
}

static gboolean
check_eth_regions (const RrPopulation *pop, const EthLoad *e, const char *path, GError **error)
{
  for (guint r = 0; e->by_region && r < pop->region_codes->len; r++)
    if (!e->slot_seen[r])
      return rr_throw_at (error, RR_ERROR_PARSE, path, 0, 0, "mismatched geography: no rows "
                          "for region '%s' of the geography table",
                          (const char *) pop->region_codes->pdata[r]);
  return TRUE;
}

static gboolean
load_ethnicity (RrPopulation *pop, GKeyFile *kf, GError **error)
{
  const char *group = table_groups[RR_POPULATION_ETHNICITY];
  g_autoptr (GHashTable) codes = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_slots = MAX (pop->region_codes->len, 1);
  g_autofree double *seed = g_new0 (double, (gsize) n_slots * RR_POP_N_ETHNIC);
  g_autofree gboolean *slot_seen = g_new0 (gboolean, n_slots);
  g_autofree char *path = table_path (pop, kf, group, "file", error);
  static const char *const columns[] = { "category", "population", "region" };
  if (path == NULL || !load_codes (pop, kf, &codes, error))
    return FALSE;
  EthLoad e = { pop, codes, seen, seed, slot_seen, 0, 0, FALSE };
  if (!rr_poptable_read (path, columns, G_N_ELEMENTS (columns), 2, eth_row, &e, error)
      || !check_eth_regions (pop, &e, path, error)
      || !check_total (pop, kf, group, e.sum, e.n, error))
    return FALSE;
  if (!(e.sum > 0))
    return manifest_fail (pop, group, "total", error, "the table holds no persons");
  pop->table_total[RR_POPULATION_ETHNICITY] = e.sum;
  pop->eth_by_region = e.by_region;
  pop->n_eth = e.by_region ? pop->region_codes->len : 1;
  if (e.by_region && !fit_by_region (pop, seed, RR_POP_N_ETHNIC, e.sum, "Ethnic group", error))
    return FALSE;
  eth_shares (pop, seed);
  return TRUE;
}

/* ---- the manifest and the whole ---- */

static gboolean
load_header (RrPopulation *pop, GKeyFile *kf, GError **error)
{
  pop->name = g_key_file_get_string (kf, "population", "name", error);
  g_autofree char *date = pop->name ? g_key_file_get_string (kf, "population", "reference-date",
                                                             error) : NULL;
  if (date == NULL)
    return FALSE;
  if (!parse_date (g_strstrip (date), &pop->ref))
    return manifest_fail (pop, "population", "reference-date", error,
                          "'%s' is not a date YYYY-MM-DD", date);
  if (!manifest_number (pop, kf, "population", "total", FALSE, &pop->total, error))
    return FALSE;
  for (guint t = 0; t < G_N_ELEMENTS (table_groups); t++)
    pop->has[t] = g_key_file_has_group (kf, table_groups[t]);
  /* uniform weights unless a births table replaces them */
  for (guint m = 0; m < 12; m++)
    for (guint d = 0; d < 31; d++)
      pop->births[m][d] = 1;
  return TRUE;
}

/* A table's reference date, if the manifest gives one, for the notes. */
static void
note_reference_date (RrPopulation *pop, GKeyFile *kf, RrPopulationTable t)
{
  g_autofree char *date = g_key_file_get_string (kf, table_groups[t], "reference-date", NULL);
  if (date != NULL && g_strcmp0 (g_strstrip (date), "") != 0)
    note (pop, "The %s table's reference date is %s.", table_groups[t], date);
}

static gboolean
load_geography (RrPopulation *pop, GKeyFile *kf, GError **error)
{
  const char *group = table_groups[RR_POPULATION_GEOGRAPHY];
  static const char *const per_parent[3] = { "units-per-sector", "sectors-per-district",
                                             "districts-per-area" };
  g_autofree char *path = table_path (pop, kf, group, "file", error);
  if (path == NULL || !rr_geography_load (pop, path, error))
    return FALSE;
  guint64 n = 0;
  for (int l = 0; l < RR_POP_N_LEVELS; l++)
    n += g_hash_table_size (pop->geo[l]);
  pop->table_total[RR_POPULATION_GEOGRAPHY] = pop->whole.pop;
  if (!check_total (pop, kf, group, pop->whole.pop, n, error))
    return FALSE;
  if (!(pop->whole.pop > 0))
    return manifest_fail (pop, group, "total", error, "the table holds no persons");
  for (int l = 0; l < 3; l++)
    if (g_key_file_has_key (kf, group, per_parent[l], NULL)
        && !manifest_number (pop, kf, group, per_parent[l], FALSE, &pop->per_parent[l], error))
      return FALSE;
  g_array_set_size (pop->region_pop, pop->region_codes->len);
  for (guint i = 0; pop->whole.mix != NULL && i < pop->whole.mix->len; i++)
    {
      const RrPopPart *p = &g_array_index (pop->whole.mix, RrPopPart, i);
      g_array_index (pop->region_pop, double, p->region) = p->pop;
    }
  if (pop->whole.mix == NULL && pop->region_codes->len == 1)
    g_array_index (pop->region_pop, double, 0) = pop->whole.pop;
  pop->geo_scale = pop->total / pop->whole.pop;
  char b1[G_ASCII_DTOSTR_BUF_SIZE], b2[G_ASCII_DTOSTR_BUF_SIZE], b3[G_ASCII_DTOSTR_BUF_SIZE];
  note (pop, "Geography: %s persons, scaled by one ratio, %s, to the population total %s "
        "(iterative proportional fitting to one margin: one step).",
        fmt (b1, "%.0f", pop->whole.pop), fmt (b2, "%.6f", pop->geo_scale),
        fmt (b3, "%.0f", pop->total));
  return TRUE;
}

typedef gboolean (*TableLoader) (RrPopulation *pop, GKeyFile *kf, GError **error);

RrPopulation *
rr_population_load (const char *dir, GError **error)
{
  static const TableLoader loaders[4] = { load_geography, load_age_sex, load_births,
                                          load_ethnicity };
  g_return_val_if_fail (dir != NULL, NULL);
  g_autoptr (RrPopulation) pop = population_new (dir);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  if (!g_file_get_contents (pop->manifest_path, &pop->manifest_text, NULL, error))
    return NULL;
  g_autoptr (GError) local = NULL;
  gboolean ok = g_key_file_load_from_data (kf, pop->manifest_text, -1, G_KEY_FILE_NONE, &local)
                && load_header (pop, kf, &local);
  /* births first: the age table spreads ages over dates of birth with them */
  static const RrPopulationTable order[4] = { RR_POPULATION_GEOGRAPHY, RR_POPULATION_BIRTHS,
                                              RR_POPULATION_AGE_SEX, RR_POPULATION_ETHNICITY };
  for (guint i = 0; ok && i < 4; i++)
    if (pop->has[order[i]])
      {
        note_reference_date (pop, kf, order[i]);
        ok = loaders[order[i]] (pop, kf, &local);
      }
  if (ok)
    {
      g_ptr_array_add (pop->notes, NULL);
      return g_steal_pointer (&pop);
    }
  if (local->domain == G_KEY_FILE_ERROR)
    g_prefix_error (&local, "%s: ", pop->manifest_path);
  g_propagate_error (error, g_steal_pointer (&local));
  return NULL;
}

/* ---- accessors ---- */

const char *
rr_population_name (const RrPopulation *pop)
{
  return pop->name;
}

const char *
rr_population_dir (const RrPopulation *pop)
{
  return pop->dir;
}

const GDate *
rr_population_reference_date (const RrPopulation *pop)
{
  return &pop->ref;
}

double
rr_population_total (const RrPopulation *pop)
{
  return pop->total;
}

gboolean
rr_population_has_table (const RrPopulation *pop, RrPopulationTable table)
{
  g_return_val_if_fail ((guint) table < 4, FALSE);
  return pop->has[table];
}

double
rr_population_table_total (const RrPopulation *pop, RrPopulationTable table)
{
  g_return_val_if_fail ((guint) table < 4, 0);
  return pop->table_total[table];
}

const char *const *
rr_population_notes (const RrPopulation *pop)
{
  return (const char *const *) pop->notes->pdata; /* NULL-terminated at the end of loading */
}
