/* synth.c - the synthetic release generator: alias tables built once from the public tables,
 * then one person at a time (postcode, sex, age, date of birth, ethnicity, episodes) written
 * as CSV rows through a large reusable buffer (synth stage).  The model is in doc/synth.md. */
#include "config.h"
#include "synth/synth.h"
#include "synth/diagnoses.h"
#include "synth/units.h"
#include "util/autocleanups.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/output.h"
#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* Bytes buffered before each write: large blocks keep the writes off the profile. */
#define SINK_BUFFER (1u << 20)
/* Room kept for one more row; the longest row is 16 + 8 + 10 + 1 + 1 + 3 + 10 + 7 = 56 bytes. */
#define SINK_MAX_ROW 256u
/* The open age band 90+ is spread uniformly over 90..99 (an assumption: the table stops at 90+). */
#define OPEN_AGE_FIRST 90
#define OPEN_AGE_SPAN 10
#define DATE_LEN 10 /* YYYY-MM-DD */
/* zlib level 1: on 10M rows, 9 s and 174 MB against 40 s and 148 MB at the default level 6. */
#define GZIP_MODE "wb1"

static const char *const column_names[RR_SYNTH_N_COLUMNS] = {
  "pseudonym", "postcode", "date_of_birth", "sex", "ethnicity", "diagnosis", "episode_date",
};

void
rr_synth_options_init (RrSynthOptions *o)
{
  memset (o, 0, sizeof *o);
  o->seed = 1;
  o->persons = 1000;
  g_date_clear (&o->as_of, 1);
  g_date_set_dmy (&o->as_of, 1, G_DATE_JANUARY, 2021);
  o->mean_rows = 2.5;
  o->inconsistent = 0.01;
  o->episode_years = 5;
  for (guint c = 0; c < RR_SYNTH_N_COLUMNS; c++)
    o->columns[c] = (RrSynthColumn) c;
  o->n_columns = RR_SYNTH_N_COLUMNS;
}

const char *
rr_synth_column_name (RrSynthColumn column)
{
  g_return_val_if_fail (column < RR_SYNTH_N_COLUMNS, NULL);
  return column_names[column];
}

static int
column_from_name (const char *name)
{
  for (guint c = 0; c < RR_SYNTH_N_COLUMNS; c++)
    if (strcmp (column_names[c], name) == 0)
      return (int) c;
  return -1;
}

gboolean
rr_synth_columns_parse (RrSynthOptions *o, const char *text, GError **error)
{
  g_auto (GStrv) names = g_strsplit (text, ",", -1);
  guint n = g_strv_length (names);
  if (n == 0 || n > RR_SYNTH_N_COLUMNS)
    return rr_throw (error, RR_ERROR_INVALID, "--columns must name 1 to %u columns, not '%s'",
                     RR_SYNTH_N_COLUMNS, text);
  gboolean used[RR_SYNTH_N_COLUMNS] = { FALSE };
  for (guint i = 0; i < n; i++)
    {
      int c = column_from_name (g_strstrip (names[i]));
      if (c < 0 || used[c])
        return rr_throw (error, RR_ERROR_INVALID,
                         "--columns: '%s' is %s (columns: pseudonym, postcode, date_of_birth, "
                         "sex, ethnicity, diagnosis, episode_date)",
                         names[i], c < 0 ? "not a column" : "named twice");
      used[c] = TRUE;
      o->columns[i] = (RrSynthColumn) c;
    }
  o->n_columns = n;
  return TRUE;
}

static gboolean
options_check (const RrSynthOptions *o, GError **error)
{
  if (o->rows == 0 && o->persons == 0)
    return rr_throw (error, RR_ERROR_INVALID, "--persons must be at least 1");
  if (!(o->mean_rows >= 1.0 && isfinite (o->mean_rows)))
    return rr_throw (error, RR_ERROR_INVALID, "--mean-rows must be a finite number >= 1");
  double movable = 1.0 - 1.0 / o->mean_rows; /* P(two or more rows) */
  if (!(o->inconsistent >= 0.0 && o->inconsistent <= movable))
    return rr_throw (error, RR_ERROR_INVALID,
                     "--inconsistent must be between 0 and 1 - 1/mean-rows = %.6g: only "
                     "persons with two or more rows can change postcode",
                     movable);
  if (o->episode_years < 1 || o->episode_years > 100)
    return rr_throw (error, RR_ERROR_INVALID, "episode years must be between 1 and 100");
  if (!g_date_valid (&o->as_of) || g_date_get_year (&o->as_of) < 1101
      || g_date_get_year (&o->as_of) > 9999)
    return rr_throw (error, RR_ERROR_INVALID,
                     "--as-of must be a date in the years 1101 to 9999 (four-digit dates of birth)");
  if (o->n_columns < 1 || o->n_columns > RR_SYNTH_N_COLUMNS)
    return rr_throw (error, RR_ERROR_INVALID, "no columns to write");
  return TRUE;
}

/* ---- The model: every sampling table, built once ---- */

typedef struct
{
  gsl_ran_discrete_t *table;
  guint *index; /* outcome -> index into the diagnosis list */
} DiagnosisTable;

typedef struct
{
  const RrSynthTables *t;
  const RrSynthOptions *o;
  gsl_rng *r;
  RrSynthUnits *units;                /* one per district */
  gsl_ran_discrete_t *district;       /* weighted by residents */
  gsl_ran_discrete_t *age_sex;        /* outcome sex * RR_SYNTH_N_AGES + age */
  gsl_ran_discrete_t *births;         /* day of a leap year */
  gsl_ran_discrete_t **ethnicity;     /* one per region */
  const RrSynthDiagnosis *diag;
  guint n_bands;                      /* age bands on which the diagnoses' limits agree */
  guint *band_first;                  /* first age of each band, ascending from 0 */
  DiagnosisTable *diagnosis;          /* [sex * n_bands + band]: sex 0 male, 1 female */
  guint8 month[RR_SYNTH_N_DAYS], day[RR_SYNTH_N_DAYS];
  double p_rows, p_move;
  guint64 key;                        /* pseudonym key, from the RNG */
  guint as_of_year, as_of_md;         /* md = month * 100 + day */
  guint32 window_first, window_last;  /* Julian days of episode dates */
  char *window_text;                  /* DATE_LEN bytes per day of the window */
} Model;

static void
model_clear (Model *m)
{
  g_clear_pointer (&m->r, gsl_rng_free);
  g_clear_pointer (&m->units, g_free);
  g_clear_pointer (&m->district, gsl_ran_discrete_free);
  g_clear_pointer (&m->age_sex, gsl_ran_discrete_free);
  g_clear_pointer (&m->births, gsl_ran_discrete_free);
  for (guint i = 0; m->ethnicity != NULL && i < m->t->n_regions; i++)
    g_clear_pointer (&m->ethnicity[i], gsl_ran_discrete_free);
  g_clear_pointer (&m->ethnicity, g_free);
  for (guint i = 0; m->diagnosis != NULL && i < 2 * m->n_bands; i++)
    {
      g_clear_pointer (&m->diagnosis[i].table, gsl_ran_discrete_free);
      g_clear_pointer (&m->diagnosis[i].index, g_free);
    }
  g_clear_pointer (&m->diagnosis, g_free);
  g_clear_pointer (&m->band_first, g_free);
  g_clear_pointer (&m->window_text, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Model, model_clear)

static gboolean
discrete_new (gsl_ran_discrete_t **out, const double *w, gsize n, const char *what,
              GError **error)
{
  *out = gsl_ran_discrete_preproc (n, w);
  if (*out == NULL)
    return rr_throw (error, RR_ERROR_NUMERIC, "cannot build the sampling table of %s", what);
  return TRUE;
}

static void
write_date (char *out, guint y, guint m, guint d)
{
  out[0] = (char) ('0' + y / 1000), out[1] = (char) ('0' + y / 100 % 10);
  out[2] = (char) ('0' + y / 10 % 10), out[3] = (char) ('0' + y % 10);
  out[4] = '-', out[5] = (char) ('0' + m / 10), out[6] = (char) ('0' + m % 10);
  out[7] = '-', out[8] = (char) ('0' + d / 10), out[9] = (char) ('0' + d % 10);
}

/* Dates as Julian days, and the text of every day an episode can fall on. */
static void
model_init_dates (Model *m)
{
  GDate d;
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 1, G_DATE_JANUARY, 2000); /* a leap year: all 366 dates */
  for (guint i = 0; i < RR_SYNTH_N_DAYS; i++, g_date_add_days (&d, 1))
    m->month[i] = (guint8) g_date_get_month (&d), m->day[i] = (guint8) g_date_get_day (&d);
  const GDate *as_of = &m->o->as_of;
  m->as_of_year = g_date_get_year (as_of);
  m->as_of_md = g_date_get_month (as_of) * 100u + g_date_get_day (as_of);
  m->window_last = g_date_get_julian (as_of) - 1;
  d = *as_of;
  g_date_subtract_years (&d, m->o->episode_years);
  m->window_first = g_date_get_julian (&d);
  guint n = m->window_last - m->window_first + 1;
  m->window_text = g_malloc ((gsize) n * DATE_LEN);
  for (guint i = 0; i < n; i++, g_date_add_days (&d, 1))
    write_date (m->window_text + (gsize) i * DATE_LEN, g_date_get_year (&d),
                g_date_get_month (&d), g_date_get_day (&d));
}

static gint
compare_uint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return (x > y) - (x < y);
}

/* The age bands: every age where some diagnosis's range starts or ends, so that within a band
 * each diagnosis applies to every age or to none. */
static void
model_init_bands (Model *m, const RrSynthDiagnosis *diag, guint n)
{
  g_autoptr (GArray) first = g_array_new (FALSE, FALSE, sizeof (guint));
  guint zero = 0;
  g_array_append_val (first, zero);
  for (guint i = 0; i < n; i++)
    {
      guint end = diag[i].max_age + 1;
      if (diag[i].min_age > 0)
        g_array_append_val (first, diag[i].min_age);
      if (diag[i].max_age != RR_SYNTH_AGE_ANY)
        g_array_append_val (first, end);
    }
  g_array_sort (first, compare_uint);
  guint k = 1;
  for (guint i = 1; i < first->len; i++)
    if (g_array_index (first, guint, i) != g_array_index (first, guint, k - 1))
      g_array_index (first, guint, k++) = g_array_index (first, guint, i);
  m->n_bands = k;
  m->band_first = (guint *) (void *) g_array_steal (first, NULL);
}

static gboolean
diagnosis_applies (const RrSynthDiagnosis *d, guint sex, guint age)
{
  RrSynthSexLimit other = sex == 0 ? RR_SYNTH_SEX_FEMALE : RR_SYNTH_SEX_MALE;
  return d->sex != other && d->min_age <= age && age <= d->max_age;
}

static gboolean
model_init_diagnoses (Model *m, GError **error)
{
  guint n;
  m->diag = rr_synth_diagnoses (&n);
  model_init_bands (m, m->diag, n);
  m->diagnosis = g_new0 (DiagnosisTable, 2 * m->n_bands);
  g_autofree double *w = g_new (double, n);
  for (guint i = 0; i < 2 * m->n_bands; i++)
    {
      DiagnosisTable *d = &m->diagnosis[i];
      guint sex = i / m->n_bands, age = m->band_first[i % m->n_bands];
      d->index = g_new (guint, n);
      guint k = 0;
      for (guint j = 0; j < n; j++)
        if (diagnosis_applies (&m->diag[j], sex, age))
          w[k] = m->diag[j].weight, d->index[k++] = j;
      if (!discrete_new (&d->table, w, k, "the diagnoses", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
model_init_tables (Model *m, GError **error)
{
  const RrSynthTables *t = m->t;
  m->units = g_new (RrSynthUnits, t->n_districts);
  for (guint i = 0; i < t->n_districts; i++)
    rr_synth_units_init (&m->units[i], t->district[i], t->district_pop[i]);
  if (!discrete_new (&m->district, t->district_pop, t->n_districts, "the districts", error)
      || !discrete_new (&m->age_sex, &t->age_sex[0][0], 2 * RR_SYNTH_N_AGES, "age and sex", error)
      || !discrete_new (&m->births, t->births, RR_SYNTH_N_DAYS, "births by day", error))
    return FALSE;
  m->ethnicity = g_new0 (gsl_ran_discrete_t *, t->n_regions);
  for (guint i = 0; i < t->n_regions; i++)
    if (!discrete_new (&m->ethnicity[i], t->ethnicity + i * RR_SYNTH_N_ETHNIC, RR_SYNTH_N_ETHNIC,
                       t->region[i], error))
      return FALSE;
  return model_init_diagnoses (m, error);
}

static gboolean
model_init (Model *m, const RrSynthTables *t, const RrSynthOptions *o, GError **error)
{
  m->t = t;
  m->o = o;
  m->r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (m->r, (unsigned long) o->seed);
  m->p_rows = 1.0 / o->mean_rows;
  m->p_move = o->mean_rows > 1.0 ? o->inconsistent / (1.0 - m->p_rows) : 0.0;
  /* mt19937 gives 32 bits per draw; two statements, as the order of evaluation of two calls
   * in one expression is unspecified. */
  guint64 high = gsl_rng_get (m->r);
  m->key = high << 32 | gsl_rng_get (m->r);
  model_init_dates (m);
  return model_init_tables (m, error);
}

/* ---- One person ---- */

typedef struct
{
  char pseudonym[17];
  char postcode[2][9]; /* home; after the move */
  guint n_rows;
  guint move_row; /* rows from this one on carry postcode[1]; n_rows if none */
  char dob[DATE_LEN + 1];
  guint32 dob_julian;
  char sex, ethnicity;
  GArray *dates; /* guint32 Julian days, ascending; reused across persons */
  GArray *diags; /* guint index into the diagnosis list */
} Person;

static void
write_pseudonym (char out[17], guint64 v)
{
  static const char hex[] = "0123456789abcdef";
  for (int i = 15; i >= 0; i--, v >>= 4)
    out[i] = hex[v & 0xf];
  out[16] = '\0';
}

/* Draws a district by residents and a unit uniformly among its units; returns the district. */
static guint
draw_postcode (const Model *m, char out[9])
{
  guint d = (guint) gsl_ran_discrete (m->r, m->district);
  const RrSynthUnits *u = &m->units[d];
  guint unit = (guint) gsl_rng_uniform_int (m->r, u->n_units);
  gsize n = strlen (m->t->district[d]);
  memcpy (out, m->t->district[d], n);
  out[n] = ' ';
  rr_synth_units_inward (u, unit, out + n + 1);
  return d;
}

/* A day of the year by births per day; the year then follows from the age at as_of.  29
 * February of a common year, and age 0 born on the as_of date itself, are redrawn (the tables
 * are checked to leave other dates, so this ends). */
static void
draw_date_of_birth (const Model *m, guint age, Person *p)
{
  guint i, year;
  for (;;)
    {
      i = (guint) gsl_ran_discrete (m->r, m->births);
      guint md = m->month[i] * 100u + m->day[i];
      year = m->as_of_year - age - (md > m->as_of_md ? 1 : 0);
      gboolean impossible = i == RR_SYNTH_FEB29 && !g_date_is_leap_year ((GDateYear) year);
      if (!impossible && !(year == m->as_of_year && md >= m->as_of_md))
        break;
    }
  write_date (p->dob, year, m->month[i], m->day[i]);
  p->dob[DATE_LEN] = '\0';
  GDate d;
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, m->day[i], m->month[i], (GDateYear) year);
  p->dob_julian = g_date_get_julian (&d);
}

static gint
compare_day (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  return (x > y) - (x < y);
}

static const DiagnosisTable *
diagnosis_table (const Model *m, guint sex, guint age)
{
  guint b = m->n_bands - 1;
  while (age < m->band_first[b])
    b--;
  return &m->diagnosis[sex * m->n_bands + b];
}

/* Episode dates uniform on the window's days from the date of birth on, sorted; a diagnosis
 * for each row by the person's sex and age at as_of. */
static void
draw_episodes (const Model *m, guint age, Person *p)
{
  guint32 lo = MAX (m->window_first, p->dob_julian);
  g_array_set_size (p->dates, p->n_rows);
  g_array_set_size (p->diags, p->n_rows);
  for (guint j = 0; j < p->n_rows; j++)
    g_array_index (p->dates, guint32, j)
      = lo + (guint32) gsl_rng_uniform_int (m->r, m->window_last - lo + 1);
  g_array_sort (p->dates, compare_day);
  const DiagnosisTable *d = diagnosis_table (m, p->sex == 'F', age);
  for (guint j = 0; j < p->n_rows; j++)
    g_array_index (p->diags, guint, j) = d->index[gsl_ran_discrete (m->r, d->table)];
}

/* A person with two or more rows moves with probability p_move, after a row chosen uniformly,
 * to a postcode drawn afresh (redrawn if it is the same unit). */
static void
draw_move (const Model *m, Person *p)
{
  p->move_row = p->n_rows;
  if (p->n_rows < 2 || !(gsl_rng_uniform (m->r) < m->p_move))
    return;
  p->move_row = 1 + (guint) gsl_rng_uniform_int (m->r, p->n_rows - 1);
  do
    draw_postcode (m, p->postcode[1]);
  while (strcmp (p->postcode[0], p->postcode[1]) == 0);
}

static void
draw_person (const Model *m, guint64 index, Person *p)
{
  /* The mix is a bijection, so distinct indices give distinct pseudonyms without a hash set
   * of those drawn (about 40 bytes a person); no library offers a fast 64-bit bijection. */
  write_pseudonym (p->pseudonym, rr_hash_mix64 (m->key + index));
  guint d = draw_postcode (m, p->postcode[0]);
  guint as = (guint) gsl_ran_discrete (m->r, m->age_sex);
  guint age = as % RR_SYNTH_N_AGES;
  if (age == OPEN_AGE_FIRST)
    age += (guint) gsl_rng_uniform_int (m->r, OPEN_AGE_SPAN);
  p->sex = as / RR_SYNTH_N_AGES == 0 ? 'M' : 'F';
  draw_date_of_birth (m, age, p);
  guint region = m->t->district_region[d];
  p->ethnicity = rr_synth_ethnic_codes[gsl_ran_discrete (m->r, m->ethnicity[region])];
  p->n_rows = gsl_ran_geometric (m->r, m->p_rows);
  draw_move (m, p);
  draw_episodes (m, age, p);
}

/* ---- Output ---- */

typedef struct
{
  const char *path; /* for messages; "standard output" for stdout */
  FILE *fp;
  gzFile gz;
  char *buf;
  gsize len;
} Sink;

static void
sink_clear (Sink *s)
{
  if (s->gz != NULL)
    gzclose (s->gz);
  g_free (s->buf);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sink, sink_clear)

static gboolean
sink_flush (Sink *s, GError **error)
{
  if (s->len == 0)
    return TRUE;
  gboolean ok = s->gz != NULL ? gzwrite (s->gz, s->buf, (unsigned) s->len) == (int) s->len
                              : fwrite (s->buf, 1, s->len, s->fp) == s->len;
  s->len = 0;
  if (!ok)
    return rr_throw (error, RR_ERROR_IO, "%s: write failed: %s", s->path,
                     s->gz != NULL ? gzerror (s->gz, NULL) : g_strerror (errno));
  return TRUE;
}

static gboolean
sink_open_gzip (Sink *s, GError **error)
{
  int fd = dup (fileno (s->fp));
  s->gz = fd < 0 ? NULL : gzdopen (fd, GZIP_MODE);
  if (s->gz == NULL)
    {
      if (fd >= 0)
        close (fd);
      return rr_throw (error, RR_ERROR_IO, "%s: cannot start gzip output", s->path);
    }
  gzbuffer (s->gz, 1u << 17);
  return TRUE;
}

static gboolean
sink_finish (Sink *s, GError **error)
{
  if (!sink_flush (s, error))
    return FALSE;
  if (s->gz != NULL)
    {
      int status = gzclose (s->gz);
      s->gz = NULL;
      if (status != Z_OK)
        return rr_throw (error, RR_ERROR_IO, "%s: gzip write failed (zlib status %d)", s->path,
                         status);
    }
  if (fflush (s->fp) != 0)
    return rr_throw (error, RR_ERROR_IO, "%s: write failed: %s", s->path, g_strerror (errno));
  return TRUE;
}

static char *
put (char *out, const char *s, gsize n)
{
  memcpy (out, s, n);
  return out + n;
}

static char *
put_field (char *out, const Model *m, const Person *p, guint row, RrSynthColumn c)
{
  switch (c)
    {
    case RR_SYNTH_COL_PSEUDONYM:
      return put (out, p->pseudonym, 16);
    case RR_SYNTH_COL_POSTCODE:
      {
        const char *pc = p->postcode[row >= p->move_row];
        return put (out, pc, strlen (pc));
      }
    case RR_SYNTH_COL_DATE_OF_BIRTH:
      return put (out, p->dob, DATE_LEN);
    case RR_SYNTH_COL_SEX:
      return *out = p->sex, out + 1;
    case RR_SYNTH_COL_ETHNICITY:
      return *out = p->ethnicity, out + 1;
    case RR_SYNTH_COL_DIAGNOSIS:
      {
        const char *code = m->diag[g_array_index (p->diags, guint, row)].code;
        return put (out, code, strlen (code));
      }
    case RR_SYNTH_COL_EPISODE_DATE:
      {
        guint32 day = g_array_index (p->dates, guint32, row) - m->window_first;
        return put (out, m->window_text + (gsize) day * DATE_LEN, DATE_LEN);
      }
    case RR_SYNTH_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* Writes the person's first n rows. */
static gboolean
emit_person (Sink *s, const Model *m, const Person *p, guint n, GError **error)
{
  for (guint row = 0; row < n; row++)
    {
      if (s->len > SINK_BUFFER - SINK_MAX_ROW && !sink_flush (s, error))
        return FALSE;
      char *out = s->buf + s->len;
      for (guint c = 0; c < m->o->n_columns; c++)
        {
          if (c > 0)
            *out++ = ',';
          out = put_field (out, m, p, row, m->o->columns[c]);
        }
      *out++ = '\n';
      s->len = (gsize) (out - s->buf);
    }
  return TRUE;
}

static void
emit_header (Sink *s, const RrSynthOptions *o)
{
  for (guint c = 0; c < o->n_columns; c++)
    {
      const char *name = column_names[o->columns[c]];
      if (c > 0)
        s->buf[s->len++] = ',';
      memcpy (s->buf + s->len, name, strlen (name));
      s->len += strlen (name);
    }
  s->buf[s->len++] = '\n';
}

static gboolean
generate (Sink *s, const Model *m, RrSynthStats *stats, GError **error)
{
  const RrSynthOptions *o = m->o;
  g_autoptr (GArray) dates = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) diags = g_array_new (FALSE, FALSE, sizeof (guint));
  Person p = { .dates = dates, .diags = diags };
  emit_header (s, o);
  for (guint64 i = 0; o->rows > 0 ? stats->rows < o->rows : i < o->persons; i++)
    {
      draw_person (m, i, &p);
      guint n = o->rows > 0 ? (guint) MIN ((guint64) p.n_rows, o->rows - stats->rows) : p.n_rows;
      if (!emit_person (s, m, &p, n, error))
        return FALSE;
      stats->persons++;
      stats->rows += n;
      stats->movers += p.move_row < n;
    }
  return TRUE;
}

gboolean
rr_synth_write (const RrSynthTables *t, const RrSynthOptions *o, const char *path,
                RrSynthStats *stats, GError **error)
{
  g_return_val_if_fail (t != NULL && o != NULL, FALSE);
  RrSynthStats local = { 0 };
  stats = stats != NULL ? stats : &local;
  *stats = (RrSynthStats) { 0 };
  g_auto (Model) m = { 0 };
  if (!options_check (o, error) || !model_init (&m, t, o, error))
    return FALSE;
  g_autoptr (RrOutput) out = path != NULL ? rr_output_open (path, error) : NULL;
  if (path != NULL && out == NULL)
    return FALSE;
  g_auto (Sink) s = { path != NULL ? path : "standard output",
                      out != NULL ? rr_output_stream (out) : stdout, NULL, g_malloc (SINK_BUFFER),
                      0 };
  if (path != NULL && g_str_has_suffix (path, ".gz") && !sink_open_gzip (&s, error))
    return FALSE;
  if (!generate (&s, &m, stats, error) || !sink_finish (&s, error))
    return FALSE;
  return out == NULL || rr_output_commit (out, error);
}
