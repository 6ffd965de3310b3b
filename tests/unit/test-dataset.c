/* test-dataset.c - the load stage's person-level encoding, against a plain oracle: persons
 * grouped by pseudonym wherever their rows are, each person's profile from its first row,
 * inconsistent persons and lines, missing and invalid counts. */
#include "config.h"
#include <criterion/criterion.h>
#include <glib/gstdio.h>
#include <gsl/gsl_rng.h>
#include <string.h>
#include "load/dataset.h"
#include "util/autocleanups.h"
#include "util/error.h"

#define DATA TEST_DATA_DIR "/audit/"

static GPtrArray *
specs_new (const char *text)
{
  GDate as_of;
  g_date_set_dmy (&as_of, 1, 1, 2021);
  g_autoptr (GError) error = NULL;
  GPtrArray *specs = rr_qi_spec_parse_list (text, &as_of, &error);
  cr_assert_not_null (specs, "%s", error ? error->message : "");
  return specs;
}

/* batch_bytes: the reader's batch size (0: its default). */
static RrDataset *
load_batched (const char *path, GPtrArray *specs, const char *person, gboolean invalid_missing,
              gsize batch_bytes, GError **error)
{
  RrLoadOptions lo = { path, 0, specs, person, NULL, invalid_missing, FALSE, batch_bytes };
  return rr_dataset_load (&lo, error);
}

static RrDataset *
load (const char *path, GPtrArray *specs, const char *person, gboolean invalid_missing,
      GError **error)
{
  return load_batched (path, specs, person, invalid_missing, 0, error);
}

static const char *
label_of (const RrDataset *ds, guint q, guint64 person)
{
  return rr_dataset_qi_label (ds, q, rr_dataset_qi_codes (ds, q)[person]);
}

Test (dataset, moved_person_and_spellings_of_one_postcode)
{
  g_autoptr (GPtrArray) specs = specs_new ("postcode:postcode,date_of_birth:date,sex:sex");
  g_autoptr (GError) error = NULL;
  g_autoptr (RrDataset) ds = load (DATA "moved.csv", specs, "pid", FALSE, &error);
  cr_assert_not_null (ds, "%s", error ? error->message : "");
  /* p1 has two rows with different postcodes; p2 writes LS6 2AB as "ls62ab". */
  cr_assert_str_eq (label_of (ds, 0, 0), "LS6 2AB");
  cr_assert_str_eq (label_of (ds, 0, 1), "LS6 2AB");
  cr_assert_eq (rr_dataset_qi_codes (ds, 0)[0], rr_dataset_qi_codes (ds, 0)[1]);
  cr_assert_str_eq (label_of (ds, 1, 1), "1980-03-07");
  cr_assert_geq (rr_dataset_n_inconsistent (ds), 1);
  cr_assert_eq (g_array_index (rr_dataset_inconsistent_lines (ds), guint64, 0), 3);
}

/* ---- Random releases against an oracle ---- */

typedef struct
{
  guint64 persons, inconsistent, missing;
  GArray *lines;         /* guint64: every line where a person differs from its first row */
  GPtrArray *first_rows; /* char *: "postcode|sex" of each person's first row, by person */
} Oracle;

static void
oracle_clear (Oracle *o)
{
  g_clear_pointer (&o->lines, g_array_unref);
  g_clear_pointer (&o->first_rows, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Oracle, oracle_clear)

static const char *const postcodes[] = { "LS6 2AB", "ls62ab", "M1 1AE", "", "NA", "B1 1AA" };
static const char *const postcode_labels[] = { "LS6 2AB", "LS6 2AB", "M1 1AE", NULL, NULL,
                                               "B1 1AA" };

/* Writes rows of persons drawn so that most persons' rows are together and some come back
 * later; fills the oracle's truth as it goes. */
static char *
write_release (gsl_rng *r, guint n_rows, Oracle *o)
{
  GString *csv = g_string_new ("pid,postcode,sex\n");
  g_autoptr (GHashTable) first = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) bad = g_hash_table_new (g_direct_hash, g_direct_equal);
  o->lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  o->first_rows = g_ptr_array_new_with_free_func (g_free);
  guint person = 0;
  for (guint i = 0; i < n_rows; i++)
    {
      double u = gsl_rng_uniform (r);
      if (u < 0.45 || i == 0)
        person = (guint) g_hash_table_size (first) + 1;        /* a new person */
      else if (u < 0.5)
        person = 1 + (guint) gsl_rng_uniform_int (r, person); /* someone seen before */
      guint pc = (guint) gsl_rng_uniform_int (r, G_N_ELEMENTS (postcodes));
      const char *sex = gsl_rng_uniform (r) < 0.5 ? "M" : "F";
      g_autofree char *pid = g_strdup_printf ("P%05u", person);
      g_string_append_printf (csv, "%s,%s,%s\n", pid, postcodes[pc], sex);
      const char *label = postcode_labels[pc] ? postcode_labels[pc] : "(missing)";
      g_autofree char *profile = g_strdup_printf ("%s|%s", label, sex);
      const char *f = g_hash_table_lookup (first, pid);
      if (f == NULL)
        {
          g_hash_table_insert (first, g_strdup (pid), g_strdup (profile));
          g_ptr_array_add (o->first_rows, g_strdup (profile));
          o->missing += postcode_labels[pc] == NULL;
        }
      else if (strcmp (f, profile) != 0)
        {
          guint64 line = i + 2;
          g_array_append_val (o->lines, line);
          g_hash_table_add (bad, (gpointer) g_hash_table_lookup (first, pid));
        }
    }
  o->persons = g_hash_table_size (first);
  o->inconsistent = g_hash_table_size (bad);
  return g_string_free (csv, FALSE);
}

/* In one batch and in batches of a few rows, so that persons' rows cross batch boundaries. */
Test (dataset, random_releases_agree_with_the_oracle)
{
  g_autoptr (gsl_rng) r = gsl_rng_alloc (gsl_rng_mt19937);
  g_autoptr (GPtrArray) specs = specs_new ("postcode:postcode,sex:sex");
  g_autofree char *dir = g_dir_make_tmp ("test-dataset-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "release.csv", NULL);
  const gsize batches[] = { 0, 333, 64 };
  for (guint seed = 1; seed <= 6; seed++)
    {
      gsl_rng_set (r, 2385 + seed);
      g_auto (Oracle) o = { 0 };
      g_autofree char *csv = write_release (r, 3000 + 2000 * seed, &o);
      cr_assert (g_file_set_contents (path, csv, -1, NULL));
      gsize batch = batches[seed % G_N_ELEMENTS (batches)];
      g_autoptr (GError) error = NULL;
      g_autoptr (RrDataset) ds = load_batched (path, specs, "pid", FALSE, batch, &error);
      cr_assert_not_null (ds, "%s", error ? error->message : "");
      cr_assert_eq (rr_dataset_n_persons (ds), o.persons, "seed %u", seed);
      cr_assert_eq (rr_dataset_n_inconsistent (ds), o.inconsistent, "seed %u: %lu, want %lu", seed, (unsigned long) rr_dataset_n_inconsistent (ds), (unsigned long) o.inconsistent);
      cr_assert_eq (rr_dataset_qi_n_missing (ds, 0), o.missing, "seed %u", seed);
      for (guint64 p = 0; p < o.persons; p++)
        {
          g_autofree char *got = g_strdup_printf ("%s|%s", label_of (ds, 0, p), label_of (ds, 1, p));
          cr_assert_str_eq (got, g_ptr_array_index (o.first_rows, p), "seed %u person %lu",
                            seed, (unsigned long) p);
        }
      /* Every reported line is one where a person differs from its first row, and the first
       * of them is the first such line. */
      const GArray *lines = rr_dataset_inconsistent_lines (ds);
      cr_assert_eq (lines->len, MIN (o.lines->len, RR_DATASET_MAX_INCONSISTENT_LINES));
      cr_assert_eq (g_array_index (lines, guint64, 0), g_array_index (o.lines, guint64, 0));
      for (guint i = 1; i < lines->len; i++)
        cr_assert_gt (g_array_index (lines, guint64, i), g_array_index (lines, guint64, i - 1));
    }
  g_unlink (path);
  g_rmdir (dir);
}


Test (dataset, invalid_values_count_apart_from_missing_ones)
{
  static const char text[] = "pid,postcode\na,LS6 2AB\nb,not a postcode\nc,\nc,\nd,NA\n";
  g_autofree char *dir = g_dir_make_tmp ("test-dataset-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "invalid.csv", NULL);
  cr_assert (g_file_set_contents (path, text, -1, NULL));
  g_autoptr (GPtrArray) specs = specs_new ("postcode:postcode");
  g_autoptr (GError) error = NULL;
  g_autoptr (RrDataset) strict = load (path, specs, "pid", FALSE, &error);
  cr_assert_null (strict);
  cr_assert_eq (error->code, RR_ERROR_PARSE);
  g_autofree char *want = g_strdup_printf ("%s:3:2: invalid postcode", path);
  cr_assert (g_str_has_prefix (error->message, want), "%s", error->message);
  g_clear_error (&error);
  g_autoptr (RrDataset) ds = load (path, specs, "pid", TRUE, &error);
  cr_assert_not_null (ds, "%s", error ? error->message : "");
  cr_assert_eq (rr_dataset_n_persons (ds), 4);
  cr_assert_eq (rr_dataset_qi_n_invalid (ds, 0), 1);
  cr_assert_eq (rr_dataset_qi_n_missing (ds, 0), 2);
  cr_assert_eq (rr_dataset_qi_codes (ds, 0)[1], RR_CODE_MISSING);
  cr_assert_eq (rr_dataset_n_inconsistent (ds), 0);
  g_unlink (path);
  g_rmdir (dir);
}

/* The loader's shortcut for these specs rests on their labels being their own labels: check
 * that on messy spellings of each type, and that the other specs are not claimed. */
Test (dataset, fixed_point_specs_give_labels_back)
{
  static const struct
  {
    const char *spec;
    gboolean fixed;
    const char *raw[6];
  } cases[] = {
    { "p:postcode", TRUE, { "ls62ab", " LS6 2AB ", "m1 1ae", "GIR 0AA", "sw1a1aa", NULL } },
    { "p:postcode:sector", FALSE, { NULL } },
    { "d:date", TRUE, { "07/03/1980", "1980-03-07", " 29/02/2000", "2013-12-31", NULL } },
    { "d:date:year", FALSE, { NULL } },
    { "d:date:age5", FALSE, { NULL } },
    { "s:sex", TRUE, { "m", "Female", "2", "unknown", "X", NULL } },
    { "e:category", TRUE, { " A ", "B", "Mixed: White and Asian", "é", NULL } },
    { "a:age", FALSE, { NULL } },
    { "n:number", FALSE, { NULL } },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) specs = specs_new (cases[i].spec);
      const RrQiSpec *spec = g_ptr_array_index (specs, 0);
      cr_assert_eq (rr_dataset_labels_are_fixed_points (spec), cases[i].fixed, "%s", cases[i].spec);
      for (guint j = 0; cases[i].raw[j] != NULL; j++)
        {
          g_autoptr (GString) label = g_string_new (NULL), again = g_string_new (NULL);
          const char *raw = cases[i].raw[j];
          cr_assert_eq (rr_qi_generalise (spec, raw, strlen (raw), label, NULL), RR_QI_VALUE_OK);
          cr_assert_eq (rr_qi_generalise (spec, label->str, label->len, again, NULL),
                        RR_QI_VALUE_OK);
          cr_assert_str_eq (again->str, label->str, "%s: '%s'", cases[i].spec, raw);
        }
    }
}

/* Spellings of one label, and the label itself, before and after: one code, one label. */
Test (dataset, spellings_and_their_label_share_one_code)
{
  static const char text[] = "pid,postcode,dob,sex\n"
                             "a,ls62ab,07/03/1980,m\n"
                             "b,LS6 2AB,1980-03-07,M\n"
                             "c,ls6 2ab, 07/03/1980,Male\n"
                             "d,M1 1AE,1980-03-08,F\n"
                             "e,m11ae,08/03/1980,f\n";
  g_autofree char *dir = g_dir_make_tmp ("test-dataset-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "spellings.csv", NULL);
  cr_assert (g_file_set_contents (path, text, -1, NULL));
  g_autoptr (GPtrArray) specs = specs_new ("postcode:postcode,dob:date,sex:sex");
  g_autoptr (GError) error = NULL;
  g_autoptr (RrDataset) ds = load (path, specs, "pid", FALSE, &error);
  cr_assert_not_null (ds, "%s", error ? error->message : "");
  for (guint q = 0; q < 3; q++)
    {
      cr_assert_eq (rr_dataset_qi_n_distinct (ds, q), 2, "qi %u", q);
      const guint32 *codes = rr_dataset_qi_codes (ds, q);
      cr_assert (codes[0] == codes[1] && codes[1] == codes[2] && codes[3] == codes[4]);
      cr_assert_neq (codes[0], codes[3]);
    }
  cr_assert_str_eq (label_of (ds, 0, 4), "M1 1AE");
  cr_assert_str_eq (label_of (ds, 1, 0), "1980-03-07");
  cr_assert_str_eq (label_of (ds, 2, 2), "M");
  g_unlink (path);
  g_rmdir (dir);
}

/* Two encoders share the columns (the first on the caller's thread, the others on a worker's):
 * the error reported is still the first a pass in row order meets, whichever column holds it. */
Test (dataset, first_invalid_value_in_row_order_whatever_its_column)
{
  static const struct
  {
    const char *text, *want;
  } cases[] = {
    /* the second column's error comes first */
    { "pid,postcode,dob\na,LS6 2AB,1980-01-02\nb,LS6 2AB,1980-13-02\nc,LS6 2AK,1980-01-02\n",
      ":3:3: invalid date '1980-13-02'" },
    /* the first column's error comes first */
    { "pid,postcode,dob\na,LS6 2AK,1980-01-02\nb,LS6 2AB,1980-13-02\n",
      ":2:2: invalid postcode 'LS6 2AK'" },
    /* both in one row: the earlier column */
    { "pid,postcode,dob\na,LS6 2AB,1980-01-02\nb,LS6 2AK,1980-13-02\n",
      ":3:2: invalid postcode 'LS6 2AK'" },
  };
  g_autofree char *dir = g_dir_make_tmp ("test-dataset-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "errors.csv", NULL);
  g_autoptr (GPtrArray) specs = specs_new ("postcode:postcode,dob:date");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cr_assert (g_file_set_contents (path, cases[i].text, -1, NULL));
      g_autoptr (GError) error = NULL;
      g_autoptr (RrDataset) ds = load (path, specs, "pid", FALSE, &error);
      cr_assert_null (ds);
      g_autofree char *want = g_strconcat (path, cases[i].want, NULL);
      cr_assert (g_str_has_prefix (error->message, want), "case %u: %s", i, error->message);
    }
  g_unlink (path);
  g_rmdir (dir);
}
