/* test-synth.c - the synthetic release generator: its tables (published totals, every error),
 * postcode units, determinism by seed, the shape of every row, and its distributions against
 * the tables (means within 4 standard errors; chi-square tests at p > 0.001; fixed seeds). */
#include "config.h"
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <glib/gstdio.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>
#include <zlib.h>
#include "synth/diagnoses.h"
#include "synth/synth.h"
#include "synth/tables.h"
#include "synth/units.h"
#include "util/error.h"

#define TABLES_DIR RR_SRCDATADIR "/england"
/* Significance level of the distribution tests: a false alarm once in a thousand seeds. */
#define CHISQ_LEVEL 0.001
/* Standard errors allowed between a sample mean and its expectation. */
#define N_SE 4.0

static const char *const table_files[] = {
  "england_census2021_ethnic_group_by_region.csv",
  "england_postcode_district_census2011_population.csv",
  "england_mye2020_age_sex.csv",
  "ew_births_by_day_of_year_1995_2014.csv",
};

static void
gsl_off (void)
{
  gsl_set_error_handler_off ();
}

TestSuite (synth, .init = gsl_off);

static RrSynthTables *
load_tables (void)
{
  g_autoptr (GError) error = NULL;
  RrSynthTables *t = rr_synth_tables_load (TABLES_DIR, &error);
  cr_assert_not_null (t, "%s", error != NULL ? error->message : "");
  return t;
}

static char *
tmp_path (const char *name)
{
  g_autofree char *dir = g_dir_make_tmp ("test-synth-XXXXXX", NULL);
  cr_assert_not_null (dir);
  return g_build_filename (dir, name, NULL);
}

/* Writes a release and returns its bytes. */
static char *
generate (const RrSynthTables *t, const RrSynthOptions *o, const char *name, gsize *len,
          RrSynthStats *stats)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr (GError) error = NULL;
  cr_assert (rr_synth_write (t, o, path, stats, &error), "%s", error ? error->message : "");
  char *text = NULL;
  cr_assert (g_file_get_contents (path, &text, len, NULL));
  return text;
}

/* ---- tables ---- */

static double
sum (const double *x, guint n)
{
  double s = 0.0;
  for (guint i = 0; i < n; i++)
    s += x[i];
  return s;
}

static guint
region_of (const RrSynthTables *t, const char *name)
{
  guint r = 0;
  while (r < t->n_regions && strcmp (t->region[r], name) != 0)
    r++;
  cr_assert_lt (r, t->n_regions, "no region %s", name);
  return r;
}

static double
ethnic (const RrSynthTables *t, const char *region, char code)
{
  guint c = (guint) (strchr (rr_synth_ethnic_codes, code) - rr_synth_ethnic_codes);
  return t->ethnicity[region_of (t, region) * RR_SYNTH_N_ETHNIC + c];
}

/* Totals published in data/england/SOURCES.md; integer counts are exact in a double. */
Test (synth, tables_match_published_totals)
{
  g_autoptr (RrSynthTables) t = load_tables ();
  cr_assert_eq (t->n_districts, 2098);
  cr_assert_eq (t->n_regions, 9);
  cr_assert (ieee_ulp_eq (dbl, sum (t->district_pop, t->n_districts), 53030034.0, 0));
  cr_assert (ieee_ulp_eq (dbl, sum (t->age_sex[0], RR_SYNTH_N_AGES), 27982818.0, 0));
  cr_assert (ieee_ulp_eq (dbl, sum (t->age_sex[1], RR_SYNTH_N_AGES), 28567320.0, 0));
  cr_assert (ieee_ulp_eq (dbl, t->age_sex[1][90], 351519.0, 0));
  cr_assert (ieee_ulp_eq (dbl, t->births[RR_SYNTH_FEB29], 1788.2, 0));
  cr_assert (ieee_ulp_eq (dbl, t->births[359], 1422.4, 0));  /* 25 December: 335 + 25 - 1 */
  cr_assert (ieee_ulp_eq (dbl, t->births[360], 1358.95, 0)); /* 26 December, the least popular */
  cr_assert_str_eq (t->district[0], "AL1");
  cr_assert_str_eq (t->region[t->district_region[0]], "East"); /* "East of England" */
}

/* Census 2021 London rows: C = Gypsy or Irish Traveller + Roma + Other White; S = Arab + any
 * other; R = Chinese (filed under Asian by the census). */
Test (synth, ethnicity_maps_census_labels_to_nhs_codes)
{
  g_autoptr (RrSynthTables) t = load_tables ();
  cr_assert (ieee_ulp_eq (dbl, ethnic (t, "London", 'A'), 3239281.0, 0));
  cr_assert (ieee_ulp_eq (dbl, ethnic (t, "London", 'C'), 7031.0 + 37689.0 + 1290838.0, 0));
  cr_assert (ieee_ulp_eq (dbl, ethnic (t, "London", 'S'), 139791.0 + 416977.0, 0));
  cr_assert (ieee_ulp_eq (dbl, ethnic (t, "London", 'R'), 147520.0, 0));
  cr_assert (ieee_ulp_eq (dbl, ethnic (t, "London", 'K'), 322054.0, 0));
  cr_assert_eq (rr_synth_ethnic_code_of_census_label ("White: Roma"), 2);
  cr_assert_eq (rr_synth_ethnic_code_of_census_label ("Other ethnic group: Arab"), 15);
  cr_assert_eq (rr_synth_ethnic_code_of_census_label ("White"), -1);
}

/* A copy of the four tables in a temporary directory, with one file replaced by contents. */
static char *
tables_with (const char *name, const char *contents)
{
  g_autofree char *dir = g_dir_make_tmp ("test-synth-tables-XXXXXX", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (table_files); i++)
    {
      g_autofree char *src = g_build_filename (TABLES_DIR, table_files[i], NULL);
      g_autofree char *dst = g_build_filename (dir, table_files[i], NULL);
      g_autofree char *text = NULL;
      cr_assert (g_file_get_contents (src, &text, NULL, NULL));
      const char *out = strcmp (table_files[i], name) == 0 ? contents : text;
      cr_assert (g_file_set_contents (dst, out, -1, NULL));
    }
  return g_steal_pointer (&dir);
}

/* The real table with the first occurrence of from replaced by to. */
static char *
table_edited (const char *name, const char *from, const char *to)
{
  g_autofree char *src = g_build_filename (TABLES_DIR, name, NULL);
  g_autofree char *text = NULL;
  cr_assert (g_file_get_contents (src, &text, NULL, NULL));
  GString *s = g_string_new (text);
  cr_assert_eq (g_string_replace (s, from, to, 1), 1);
  return g_string_free (s, FALSE);
}

static void
assert_table_error (const char *name, const char *contents, const char *want)
{
  g_autofree char *dir = tables_with (name, contents);
  g_autoptr (GError) error = NULL;
  g_autoptr (RrSynthTables) t = rr_synth_tables_load (dir, &error);
  cr_assert_null (t);
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_PARSE), "%s", error->message);
  cr_assert (strstr (error->message, want) != NULL, "'%s' lacks '%s'", error->message, want);
  cr_assert (strstr (error->message, name) != NULL, "'%s' lacks the file name", error->message);
}

Test (synth, missing_table_is_a_file_error)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrSynthTables) t = rr_synth_tables_load ("/nonexistent/reidrisk", &error);
  cr_assert_null (t);
  cr_assert (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT));
}

Test (synth, bad_header_names_line_1)
{
  assert_table_error (table_files[2], "age,sex,count\n0,male,5\n", ":1:1: header must be");
}

Test (synth, unknown_ethnic_label_is_a_parse_error)
{
  g_autofree char *text = table_edited (table_files[0], "White: Roma", "White: Romany");
  assert_table_error (table_files[0], text, ":2: unknown ethnic group 'White: Romany'");
  cr_assert (strstr (text, "White: Romany") != NULL);
}

Test (synth, misplaced_quote_is_a_parse_error)
{
  g_autofree char *text = table_edited (table_files[0], "\"Asian, Asian", "\"Asian, \"\"Asian");
  assert_table_error (table_files[0], text, ":11:2: misplaced quote");
}

Test (synth, missing_ethnic_row_is_a_parse_error)
{
  g_autofree char *text = table_edited (table_files[0], "London,White: Irish,156333\n", "");
  assert_table_error (table_files[0], text, "no row for London, White: Irish");
}

Test (synth, unknown_region_is_a_parse_error)
{
  g_autofree char *text = table_edited (table_files[1], "East of England", "Mercia");
  assert_table_error (table_files[1], text, ":2:4: region 'Mercia'");
}

Test (synth, bad_district_and_count_are_parse_errors)
{
  g_autofree char *text = table_edited (table_files[1], "AL1,", "al1,");
  assert_table_error (table_files[1], text, ":2:1: 'al1' is not a postcode district");
  g_autofree char *text2 = table_edited (table_files[1], "AL2,23335", "AL2,2.5e4");
  assert_table_error (table_files[1], text2, ":3:2:");
  g_autofree char *text3 = table_edited (table_files[1], "AL2,", "AL1,");
  assert_table_error (table_files[1], text3, ":3:1: duplicate district AL1");
  g_autofree char *text4 = table_edited (table_files[1], ",East of England\n", ",East of England,x\n");
  assert_table_error (table_files[1], text4, ":2:4: expected 4 fields");
}

Test (synth, duplicate_and_missing_age_rows_are_parse_errors)
{
  g_autofree char *text = table_edited (table_files[2], "1,male,", "0,male,");
  assert_table_error (table_files[2], text, ":3:1: duplicate row for 0, male");
  g_autofree char *text2 = table_edited (table_files[2], "90+,female,351519\n", "");
  assert_table_error (table_files[2], text2, "no row for age 90+, female");
  g_autofree char *text3 = table_edited (table_files[2], "5,female,", "5,woman,");
  assert_table_error (table_files[2], text3, ":2: sex must be male or female");
}

Test (synth, births_errors_are_parse_errors)
{
  g_autofree char *text = table_edited (table_files[3], "2,29,", "2,30,");
  assert_table_error (table_files[3], text, ":61:2: no date 30/2");
  g_autofree char *text2 = table_edited (table_files[3], "1,1,1573.5", "1,1,-3");
  assert_table_error (table_files[3], text2, ":2:3: '-3' is not a non-negative number");
  GString *s = g_string_new ("month,day,average_daily_births\n");
  for (guint i = 0; i < RR_SYNTH_N_DAYS; i++)
    {
      GDate d;
      g_date_clear (&d, 1);
      g_date_set_dmy (&d, 1, G_DATE_JANUARY, 2000);
      g_date_add_days (&d, i);
      g_string_append_printf (s, "%d,%d,%s\n", g_date_get_month (&d), g_date_get_day (&d),
                              i == RR_SYNTH_FEB29 || i == 100 ? "5" : "0");
    }
  g_autofree char *text3 = g_string_free (s, FALSE);
  assert_table_error (table_files[3], text3, "fewer than two dates other than 29 February");
}

/* ---- postcode units ---- */

static GRegex *
postcode_regex (void)
{
  /* The UK postcode format (outward: A9, A99, AA9, AA99, A9A, AA9A; inward: 9 and two letters
   * from ABD-HJLNP-UW-Z). */
  return g_regex_new ("^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}$", 0, 0, NULL);
}

static void
assert_units_distinct (const char *district, double population, guint want_units)
{
  RrSynthUnits u;
  rr_synth_units_init (&u, district, population);
  cr_assert_eq (u.n_units, want_units, "%s: %u units", district, u.n_units);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GRegex) re = postcode_regex ();
  for (guint i = 0; i < u.n_units; i++)
    {
      char inward[4];
      rr_synth_units_inward (&u, i, inward);
      g_autofree char *pc = g_strdup_printf ("%s %s", district, inward);
      cr_assert (g_regex_match (re, pc, 0, NULL), "%s", pc);
      cr_assert (g_hash_table_add (seen, g_steal_pointer (&pc)));
    }
}

/* 153812 / 33 = 4661 units exceeds 10 sectors of 400, so CR0 is capped at 4000. */
Test (synth, units_are_distinct_valid_and_capped)
{
  assert_units_distinct ("CR0", 153812.0, 4000);
  assert_units_distinct ("LE2", 119003.0, 3606); /* 3606.15 */
  assert_units_distinct ("AL1", 36291.0, 1100);  /* 1099.7 */
  assert_units_distinct ("EC2N", 5.0, 1);
  assert_units_distinct ("UB11", 0.0, 1);
}

Test (synth, inward_code_depends_only_on_district_and_index)
{
  RrSynthUnits a, b;
  rr_synth_units_init (&a, "LS6", 29987.0);
  rr_synth_units_init (&b, "LS6", 29987.0);
  char x[4], y[4];
  rr_synth_units_inward (&a, 517, x);
  rr_synth_units_inward (&b, 517, y);
  cr_assert_str_eq (x, y);
  rr_synth_units_init (&b, "LS7", 29987.0);
  guint differ = 0;
  for (guint i = 0; i < a.n_units; i++)
    {
      rr_synth_units_inward (&a, i, x);
      rr_synth_units_inward (&b, i, y);
      differ += strcmp (x, y) != 0;
    }
  cr_assert_gt (differ, a.n_units / 2);
}

/* ---- determinism and output forms ---- */

Test (synth, same_seed_gives_identical_bytes_other_seed_differs)
{
  g_autoptr (RrSynthTables) t = load_tables ();
  RrSynthOptions o;
  rr_synth_options_init (&o);
  o.seed = 20231;
  o.persons = 3001;
  gsize n1, n2, n3;
  g_autofree char *a = generate (t, &o, "a.csv", &n1, NULL);
  g_autofree char *b = generate (t, &o, "b.csv", &n2, NULL);
  o.seed = 20232;
  g_autofree char *c = generate (t, &o, "c.csv", &n3, NULL);
  cr_assert_eq (n1, n2);
  cr_assert (memcmp (a, b, n1) == 0);
  cr_assert (n1 != n3 || memcmp (a, c, n1) != 0);
}

/* The exact first row for seed 1 (the first row of data/examples/example.csv). */
Test (synth, seed_1_first_row_is_fixed)
{
  g_autoptr (RrSynthTables) t = load_tables ();
  RrSynthOptions o;
  rr_synth_options_init (&o);
  o.persons = 1;
  gsize n;
  g_autofree char *text = generate (t, &o, "one.csv", &n, NULL);
  cr_assert (g_str_has_prefix (text, "pseudonym,postcode,date_of_birth,sex,ethnicity,diagnosis,"
                                     "episode_date\n20b01cdfc5f50e13,S41 8UW,2020-02-16,M,A,"),
             "%s", text);
}

static char *
gunzip (const char *path, gsize *len)
{
  gzFile gz = gzopen (path, "rb");
  cr_assert_not_null (gz);
  GString *s = g_string_new (NULL);
  char buf[65536];
  int n;
  while ((n = gzread (gz, buf, sizeof buf)) > 0)
    g_string_append_len (s, buf, n);
  cr_assert_eq (n, 0);
  cr_assert_eq (gzclose (gz), Z_OK);
  *len = s->len;
  return g_string_free (s, FALSE);
}

Test (synth, gzip_output_inflates_to_the_plain_bytes)
{
  g_autoptr (RrSynthTables) t = load_tables ();
  RrSynthOptions o;
  rr_synth_options_init (&o);
  o.seed = 77;
  o.persons = 4099;
  gsize n_plain, n_gz;
  g_autofree char *plain = generate (t, &o, "r.csv", &n_plain, NULL);
  g_autofree char *gz_path = tmp_path ("r.csv.gz");
  cr_assert (rr_synth_write (t, &o, gz_path, NULL, NULL));
  g_autofree char *raw = NULL;
  gsize n_raw;
  cr_assert (g_file_get_contents (gz_path, &raw, &n_raw, NULL));
  cr_assert (n_raw > 2 && (guchar) raw[0] == 0x1f && (guchar) raw[1] == 0x8b);
  g_autofree char *inflated = gunzip (gz_path, &n_gz);
  cr_assert_eq (n_gz, n_plain);
  cr_assert (memcmp (inflated, plain, n_plain) == 0);
}

Test (synth, rows_option_writes_exactly_that_many_rows)
{
  g_autoptr (RrSynthTables) t = load_tables ();
  RrSynthOptions o;
  rr_synth_options_init (&o);
  o.rows = 12347;
  RrSynthStats stats;
  gsize n;
  g_autofree char *text = generate (t, &o, "rows.csv", &n, &stats);
  guint lines = 0;
  for (gsize i = 0; i < n; i++)
    lines += text[i] == '\n';
  cr_assert_eq (lines, 12347 + 1);
  cr_assert_eq (stats.rows, 12347);
}

Test (synth, columns_choose_and_order_the_fields)
{
  g_autoptr (RrSynthTables) t = load_tables ();
  RrSynthOptions o;
  rr_synth_options_init (&o);
  o.persons = 50;
  cr_assert (rr_synth_columns_parse (&o, "sex,pseudonym,episode_date", NULL));
  gsize n;
  g_autofree char *text = generate (t, &o, "cols.csv", &n, NULL);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  cr_assert_str_eq (lines[0], "sex,pseudonym,episode_date");
  g_autoptr (GRegex) re = g_regex_new ("^[MF],[0-9a-f]{16},[0-9]{4}-[0-9]{2}-[0-9]{2}$", 0, 0, NULL);
  for (guint i = 1; lines[i][0] != '\0'; i++)
    cr_assert (g_regex_match (re, lines[i], 0, NULL), "%s", lines[i]);
}

static void
assert_invalid (const GError *error, const char *want)
{
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
  cr_assert (strstr (error->message, want) != NULL, "'%s' lacks '%s'", error->message, want);
}

Test (synth, bad_columns_are_invalid)
{
  RrSynthOptions o;
  rr_synth_options_init (&o);
  g_autoptr (GError) e1 = NULL, e2 = NULL, e3 = NULL;
  cr_assert_not (rr_synth_columns_parse (&o, "sex,age", &e1));
  assert_invalid (e1, "'age' is not a column");
  cr_assert_not (rr_synth_columns_parse (&o, "sex,postcode,sex", &e2));
  assert_invalid (e2, "'sex' is named twice");
  cr_assert_not (rr_synth_columns_parse (&o, "", &e3));
  assert_invalid (e3, "--columns must name 1 to 7");
}

static void
assert_write_invalid (const RrSynthOptions *o, const char *want)
{
  g_autoptr (RrSynthTables) t = load_tables ();
  g_autofree char *path = tmp_path ("never.csv");
  g_autoptr (GError) error = NULL;
  cr_assert_not (rr_synth_write (t, o, path, NULL, &error));
  assert_invalid (error, want);
  cr_assert_not (g_file_test (path, G_FILE_TEST_EXISTS));
}

Test (synth, out_of_range_options_are_invalid)
{
  RrSynthOptions o;
  rr_synth_options_init (&o);
  o.persons = 0;
  assert_write_invalid (&o, "--persons must be at least 1");
  rr_synth_options_init (&o);
  o.mean_rows = 0.75;
  assert_write_invalid (&o, "--mean-rows");
  rr_synth_options_init (&o);
  o.inconsistent = 0.625; /* above 1 - 1/2.5 = 0.6 */
  assert_write_invalid (&o, "--inconsistent must be between 0 and 1 - 1/mean-rows = 0.6");
  rr_synth_options_init (&o);
  o.mean_rows = 1.0;
  o.inconsistent = 0.01;
  assert_write_invalid (&o, "--inconsistent");
  rr_synth_options_init (&o);
  o.episode_years = 0;
  assert_write_invalid (&o, "episode years");
  rr_synth_options_init (&o);
  g_date_set_dmy (&o.as_of, 1, 1, 1100);
  assert_write_invalid (&o, "--as-of");
}

Test (synth, unwritable_output_is_an_io_error)
{
  g_autoptr (RrSynthTables) t = load_tables ();
  RrSynthOptions o;
  rr_synth_options_init (&o);
  g_autoptr (GError) error = NULL;
  cr_assert_not (rr_synth_write (t, &o, "/nonexistent/dir/x.csv", NULL, &error));
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_IO));
}

/* ---- rows: shape and distributions ---- */

/* Splits text into lines, in place.  (g_strsplit calls strstr once per line, and ASan's strstr
 * takes the haystack's strlen each time: quadratic on a 3 MB release.) */
static GPtrArray *
split_lines (char *text, gsize len)
{
  GPtrArray *lines = g_ptr_array_new ();
  char *p = text, *end = text + len;
  while (p < end)
    {
      char *nl = memchr (p, '\n', (gsize) (end - p));
      cr_assert_not_null (nl, "last line unterminated");
      *nl = '\0';
      g_ptr_array_add (lines, p);
      p = nl + 1;
    }
  g_ptr_array_add (lines, end); /* an empty string: the terminating NUL of text */
  return lines;
}

typedef struct
{
  guint persons, rows, movers;
  guint age_sex[2][10];        /* 10-year bands 0-9 .. 80-89, 90+ */
  guint ethnic[RR_SYNTH_N_ETHNIC];
} Tally;

static gboolean
parse_iso_date (const char *s, GDate *d)
{
  guint64 y, m, day;
  if (strlen (s) != 10 || s[4] != '-' || s[7] != '-')
    return FALSE;
  char part[5] = { 0 };
  memcpy (part, s, 4);
  if (!g_ascii_string_to_unsigned (part, 10, 1, 9999, &y, NULL))
    return FALSE;
  memset (part, 0, sizeof part), memcpy (part, s + 5, 2);
  if (!g_ascii_string_to_unsigned (part, 10, 1, 12, &m, NULL))
    return FALSE;
  memset (part, 0, sizeof part), memcpy (part, s + 8, 2);
  if (!g_ascii_string_to_unsigned (part, 10, 1, 31, &day, NULL)
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (d, 1);
  g_date_set_dmy (d, (GDateDay) day, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

/* Completed years from dob to as_of, computed independently of the generator. */
static guint
age_at (const GDate *dob, const GDate *as_of)
{
  int age = g_date_get_year (as_of) - g_date_get_year (dob);
  if (g_date_get_month (as_of) * 100 + g_date_get_day (as_of)
      < g_date_get_month (dob) * 100 + g_date_get_day (dob))
    age--;
  return (guint) age;
}

static gboolean
diagnosis_allowed (const char *code, char sex, guint age)
{
  guint n;
  const RrSynthDiagnosis *d = rr_synth_diagnoses (&n);
  for (guint i = 0; i < n; i++)
    if (strcmp (d[i].code, code) == 0)
      return d[i].min_age <= age && age <= d[i].max_age
             && d[i].sex != (sex == 'M' ? RR_SYNTH_SEX_FEMALE : RR_SYNTH_SEX_MALE);
  return FALSE;
}

/* Checks one row of the default columns; returns what is wrong with it, or NULL.  (One
 * Criterion assertion per release rather than per field: each assertion is a message to the
 * runner, which made this test take minutes.) */
static const char *
row_problem (char **f, const GDate *as_of, GRegex *pc, guint *age)
{
  if (g_strv_length (f) != 7)
    return "not 7 fields";
  if (strlen (f[0]) != 16 || strspn (f[0], "0123456789abcdef") != 16)
    return "pseudonym is not 16 lowercase hex digits";
  if (!g_regex_match (pc, f[1], 0, NULL))
    return "postcode fails the UK format";
  GDate dob, ep, first_ep = *as_of;
  if (!parse_iso_date (f[2], &dob) || g_date_compare (&dob, as_of) >= 0)
    return "date of birth invalid or not before as-of";
  if (strcmp (f[3], "M") != 0 && strcmp (f[3], "F") != 0)
    return "sex is not M or F";
  if (strlen (f[4]) != 1 || strchr (rr_synth_ethnic_codes, f[4][0]) == NULL)
    return "ethnicity is not an NHS code";
  *age = age_at (&dob, as_of);
  if (*age > 99 || !diagnosis_allowed (f[5], f[3][0], *age))
    return "age above 99, or diagnosis unknown or not for this sex and age";
  g_date_subtract_years (&first_ep, 5);
  if (!parse_iso_date (f[6], &ep) || g_date_compare (&ep, &dob) < 0
      || g_date_compare (&ep, as_of) >= 0 || g_date_compare (&ep, &first_ep) < 0)
    return "episode date invalid, before birth or outside the 5 years before as-of";
  return NULL;
}

/* For a row after a person's first: the same person fields, at most one change of postcode. */
static const char *
later_row_problem (char **f, char **prev, guint *changes)
{
  for (guint c = 2; c <= 4; c++)
    if (strcmp (f[c], prev[c]) != 0)
      return "date of birth, sex or ethnicity changes within a person";
  *changes += strcmp (f[1], prev[1]) != 0;
  return *changes > 1 ? "postcode changes twice" : NULL;
}

static void
tally_person (char **f, guint age, Tally *t)
{
  t->persons++;
  t->age_sex[f[3][0] == 'F'][MIN (age / 10, 9)]++;
  t->ethnic[strchr (rr_synth_ethnic_codes, f[4][0]) - rr_synth_ethnic_codes]++;
}

/* Parses and checks a whole release: header, every row, rows of one person consecutive (a
 * pseudonym never comes back) with the same date of birth, sex and ethnicity, and at most one
 * change of postcode. */
static Tally
tally_release (char *text, gsize len, const GDate *as_of)
{
  Tally t = { 0 };
  g_autoptr (GPtrArray) array = split_lines (text, len);
  char **lines = (char **) array->pdata;
  cr_assert_str_eq (lines[0], "pseudonym,postcode,date_of_birth,sex,ethnicity,diagnosis,episode_date");
  g_autoptr (GRegex) pc = postcode_regex ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) prev = NULL;
  guint changes = 0, i;
  const char *bad = NULL;
  for (i = 1; lines[i][0] != '\0' && bad == NULL; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], ",", -1);
      gboolean first = prev == NULL || strcmp (prev[0], f[0]) != 0;
      guint age = 0, before = changes;
      bad = row_problem (f, as_of, pc, &age);
      if (bad == NULL && first)
        bad = g_hash_table_add (seen, g_strdup (f[0])) ? NULL : "pseudonym comes back";
      if (bad == NULL && !first)
        bad = later_row_problem (f, prev, &changes);
      if (first)
        changes = 0, tally_person (f, age, &t);
      t.rows++;
      t.movers += changes > before;
      g_strfreev (prev);
      prev = g_steal_pointer (&f);
    }
  cr_assert_null (bad, "line %u: %s: %s", i, bad, lines[i - 1]);
  return t;
}

/* 20,000 persons (seed 5, 20% movers): every row checked; rows per person is 1 + geometric
 * with mean 2.5, so variance (1 - p) / p^2 with p = 1 / 2.5; movers are Binomial(n, 0.2). */
Test (synth, rows_are_well_formed_and_counts_match_their_expectations)
{
  g_autoptr (RrSynthTables) t = load_tables ();
  RrSynthOptions o;
  rr_synth_options_init (&o);
  o.seed = 5;
  o.persons = 20000;
  o.inconsistent = 0.2;
  RrSynthStats stats;
  gsize n;
  g_autofree char *text = generate (t, &o, "shape.csv", &n, &stats);
  Tally y = tally_release (text, n, &o.as_of);
  cr_assert_eq (y.persons, 20000);
  cr_assert_eq (y.rows, stats.rows);
  cr_assert_eq (y.movers, stats.movers);
  double p = 1.0 / o.mean_rows, mean = (double) y.rows / y.persons;
  double se = sqrt ((1.0 - p) / (p * p) / y.persons);
  cr_assert_leq (fabs (mean - o.mean_rows), N_SE * se, "mean rows %g", mean);
  double se_move = sqrt (o.inconsistent * (1.0 - o.inconsistent) / y.persons);
  cr_assert_leq (fabs ((double) y.movers / y.persons - o.inconsistent), N_SE * se_move);
}

static double
chisq_q (const guint *observed, const double *weight, guint k)
{
  double total_w = sum (weight, k), n = 0.0, x2 = 0.0;
  for (guint i = 0; i < k; i++)
    n += observed[i];
  for (guint i = 0; i < k; i++)
    {
      double e = n * weight[i] / total_w;
      x2 += (observed[i] - e) * (observed[i] - e) / e;
    }
  return gsl_cdf_chisq_Q (x2, k - 1.0);
}

/* Sex x 10-year age band (90+ one band) of 20,000 persons against the mid-2020 table, and
 * ethnicity against the census shares of each region weighted by the districts' residents. */
Test (synth, age_sex_and_ethnicity_follow_the_tables)
{
  g_autoptr (RrSynthTables) t = load_tables ();
  RrSynthOptions o;
  rr_synth_options_init (&o);
  o.seed = 11;
  o.persons = 20000;
  gsize n;
  g_autofree char *text = generate (t, &o, "dist.csv", &n, NULL);
  Tally y = tally_release (text, n, &o.as_of);
  double want[20] = { 0.0 };
  for (guint s = 0; s < 2; s++)
    for (guint a = 0; a < RR_SYNTH_N_AGES; a++)
      want[s * 10 + MIN (a / 10, 9)] += t->age_sex[s][a];
  double q = chisq_q (&y.age_sex[0][0], want, 20);
  cr_assert_gt (q, CHISQ_LEVEL, "age x sex: Q = %g", q);
  double eth[RR_SYNTH_N_ETHNIC] = { 0.0 };
  double total = sum (t->district_pop, t->n_districts);
  for (guint d = 0; d < t->n_districts; d++)
    {
      const double *w = t->ethnicity + t->district_region[d] * RR_SYNTH_N_ETHNIC;
      double region_total = sum (w, RR_SYNTH_N_ETHNIC);
      for (guint c = 0; c < RR_SYNTH_N_ETHNIC; c++)
        eth[c] += t->district_pop[d] / total * w[c] / region_total;
    }
  q = chisq_q (y.ethnic, eth, RR_SYNTH_N_ETHNIC);
  cr_assert_gt (q, CHISQ_LEVEL, "ethnicity: Q = %g", q);
}

/* A made-up table where one district holds 3/4 of the residents: its share of persons is
 * within 4 standard errors of 0.75 (checks the district draw against a known truth). */
Test (synth, districts_are_drawn_by_population)
{
  g_autofree char *districts = g_strdup ("postcode_district,population,households,region\n"
                                         "LS6,3000,1200,Yorkshire and The Humber\n"
                                         "M1,700,300,North West\n"
                                         "EC2N,300,100,London\n");
  g_autofree char *dir = tables_with (table_files[1], districts);
  g_autoptr (RrSynthTables) t = rr_synth_tables_load (dir, NULL);
  cr_assert_not_null (t);
  RrSynthOptions o;
  rr_synth_options_init (&o);
  o.seed = 3;
  o.persons = 5000;
  o.inconsistent = 0.0;
  cr_assert (rr_synth_columns_parse (&o, "pseudonym,postcode", NULL));
  gsize n;
  g_autofree char *text = generate (t, &o, "d.csv", &n, NULL);
  g_autoptr (GPtrArray) array = split_lines (text, n);
  char **lines = (char **) array->pdata;
  guint persons = 0, ls6 = 0, ec2n_units = 0;
  g_autoptr (GHashTable) units = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 1; lines[i][0] != '\0'; i++)
    {
      if (i > 1 && strncmp (lines[i], lines[i - 1], 16) == 0)
        continue;
      persons++;
      ls6 += g_str_has_prefix (lines[i] + 17, "LS6 ");
      if (g_str_has_prefix (lines[i] + 17, "EC2N ") && g_hash_table_add (units, lines[i] + 17))
        ec2n_units++;
    }
  double share = (double) ls6 / persons, se = sqrt (0.75 * 0.25 / persons);
  cr_assert_leq (fabs (share - 0.75), N_SE * se, "LS6 share %g", share);
  cr_assert_eq (ec2n_units, 9); /* round (300 / 33) units, all used by ~375 persons */
}
