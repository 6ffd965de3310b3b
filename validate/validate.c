/* validate.c - `make validate`: the population model against known truth.  Draws a synthetic
 * population from England's public tables (`reidrisk synth`'s model, one row per person), then
 * for several QI sets and sampling fractions releases a Bernoulli sample, measures it as
 * `reidrisk audit` does, and compares the estimated population uniques and marketer risk with
 * the ones counted on the population; scores each person's P(population unique) by decile
 * calibration and ROC AUC; and sets the sample-only models beside the table-based one.
 * Prints doc/validation.md's tables (Markdown).  Usage: validate POPULATION_DIR SYNTH_DIR WORKDIR
 * [PERSONS] [SEED]. */
#include "config.h"
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "load/dataset.h"
#include "measure/classes.h"
#include "measure/population-risk.h"
#include "population/tables.h"
#include "synth/synth.h"
#include "util/autocleanups.h"
#include "util/error.h"

typedef struct
{
  const char *name;
  const char *qi;
  RrPopulationSplit split; /* below the table (sector and unit sets); else no effect */
  guint draw;              /* the releases' seed offset: the same for both splits of a set */
} QiSet;

#define SECTOR_QI "postcode:postcode:sector,date_of_birth:date:age5,sex:sex"
#define UNIT_QI "postcode:postcode:unit,sex:sex"
static const QiSet qi_sets[] = {
  { "district, year of birth, sex", "postcode:postcode:district,date_of_birth:date:year,sex:sex",
    RR_POPULATION_SPLIT_RELEASE, 0 },
  { "district, date of birth, sex", "postcode:postcode:district,date_of_birth:date:day,sex:sex",
    RR_POPULATION_SPLIT_RELEASE, 1 },
  { "area, year of birth, sex, ethnicity",
    "postcode:postcode:area,date_of_birth:date:year,sex:sex,ethnicity:category",
    RR_POPULATION_SPLIT_RELEASE, 2 },
  { "sector, 5-year age band, sex (uniform split)", SECTOR_QI, RR_POPULATION_SPLIT_UNIFORM, 3 },
  { "sector, 5-year age band, sex (release split)", SECTOR_QI, RR_POPULATION_SPLIT_RELEASE, 3 },
  { "unit, sex (uniform split)", UNIT_QI, RR_POPULATION_SPLIT_UNIFORM, 4 },
  { "unit, sex (release split)", UNIT_QI, RR_POPULATION_SPLIT_RELEASE, 4 },
};
static const double fractions[] = { 0.01, 0.1, 0.5 };
#define N_DECILES 10

typedef struct
{
  double p;
  gboolean unique;
} Scored;

typedef struct
{
  const char *set;
  double pi;
  guint64 n, true_uniques, sample_uniques, pop_uniques;
  double est_uniques, true_marketer, est_marketer, auc_all, auc_su;
  double dec_p[N_DECILES], dec_y[N_DECILES];
  RrUniquenessEstimate models[RR_UNIQ_N_MODELS];
  RrPopulationSplit split;
  RrPopulationSplitFit fits[RR_POPULATION_SPLIT_MAX_LEVELS];
  guint n_fits;
} Row;

static GPtrArray *rows_out;

static RrDataset *
load (const char *path, GPtrArray *specs, GError **error)
{
  RrLoadOptions lo = { .path = path, .qis = specs };
  return rr_dataset_load (&lo, error);
}

static RrClassTable *
classes_of (const RrDataset *ds)
{
  guint n_qi = rr_dataset_n_qi (ds);
  g_autofree const guint32 **cols = g_new (const guint32 *, n_qi);
  for (guint q = 0; q < n_qi; q++)
    cols[q] = rr_dataset_qi_codes (ds, q);
  return rr_class_table_build (cols, n_qi, rr_dataset_n_persons (ds));
}

/* The population file's lines (header first), for writing samples of it. */
static GPtrArray *
read_lines (const char *path, char **contents, GError **error)
{
  gsize len;
  if (!g_file_get_contents (path, contents, &len, error))
    return NULL;
  GPtrArray *lines = g_ptr_array_new ();
  for (char *p = *contents, *nl; (nl = memchr (p, '\n', len - (gsize) (p - *contents))); p = nl + 1)
    {
      *nl = '\0';
      g_ptr_array_add (lines, p);
    }
  return lines;
}

static gboolean
write_sample (const char *path, const GPtrArray *lines, double pi, gsl_rng *r, GArray *idx,
              GError **error)
{
  GString *out = g_string_new (g_ptr_array_index (lines, 0));
  g_string_append_c (out, '\n');
  for (guint i = 1; i < lines->len; i++)
    if (gsl_rng_uniform (r) < pi)
      {
        guint64 row = i - 1;
        g_array_append_val (idx, row);
        g_string_append (out, g_ptr_array_index (lines, i));
        g_string_append_c (out, '\n');
      }
  gboolean ok = g_file_set_contents (path, out->str, (gssize) out->len, error);
  g_string_free (out, TRUE);
  return ok;
}

static int
by_p (const void *a, const void *b)
{
  double x = ((const Scored *) a)->p, y = ((const Scored *) b)->p;
  return (x > y) - (x < y);
}

/* Mann-Whitney AUC with ties at their average rank; s sorted by p.  NAN without both kinds. */
static double
auc (const Scored *s, gsize n)
{
  double pos = 0, rank_sum = 0;
  for (gsize i = 0; i < n;)
    {
      gsize j = i;
      while (j < n && !(s[j].p > s[i].p))
        j++;
      double rank = (double) (i + 1 + j) / 2.0;
      for (gsize k = i; k < j; k++)
        if (s[k].unique)
          pos++, rank_sum += rank;
      i = j;
    }
  double neg = (double) n - pos;
  return pos > 0 && neg > 0 ? (rank_sum - pos * (pos + 1) / 2) / (pos * neg) : (double) NAN;
}

/* Deciles of the sample uniques by predicted P: mean prediction and observed share in each. */
static void
deciles (const Scored *s, gsize n, Row *row)
{
  for (guint d = 0; d < N_DECILES; d++)
    {
      gsize lo = n * d / N_DECILES, hi = n * (d + 1) / N_DECILES;
      double sp = 0, sy = 0;
      for (gsize i = lo; i < hi; i++)
        sp += s[i].p, sy += s[i].unique;
      row->dec_p[d] = hi > lo ? sp / (double) (hi - lo) : (double) NAN;
      row->dec_y[d] = hi > lo ? sy / (double) (hi - lo) : (double) NAN;
    }
}

static void
score (Row *row, const RrClassTable *rel, const GArray *lambda, const GArray *idx,
       const RrClassTable *popc, double pi)
{
  const guint32 *rc = rr_class_table_person_classes (rel), *pc = rr_class_table_person_classes (popc);
  guint64 n = rr_class_table_n_persons (rel);
  g_autofree Scored *all = g_new (Scored, n);
  gsize n_su = 0;
  for (guint64 i = 0; i < n; i++)
    {
      guint64 k = rc[i], F = rr_class_table_size (popc, pc[g_array_index (idx, guint64, i)]);
      guint64 f = rr_class_table_size (rel, k);
      double mu = g_array_index (lambda, double, k) * (1 - pi);
      all[i] = (Scored){ f == 1 ? exp (-mu) : 0.0, F == 1 };
      row->true_uniques += F == 1;
      row->true_marketer += 1.0 / (double) F;
    }
  row->true_marketer /= (double) n;
  qsort (all, n, sizeof *all, by_p);
  row->auc_all = auc (all, n);
  while (n_su < n && !(all[n - 1 - n_su].p > 0))
    n_su++;
  gsize first = 0;
  while (first < n && !(all[first].p > 0))
    first++;
  row->auc_su = auc (all + first, n - first);
  deciles (all + first, n - first, row);
}

/* The table each QI of the sets reads, by its type. */
static RrPopulationRole
role_of (const RrQiSpec *spec)
{
  switch (spec->type)
    {
    case RR_QI_POSTCODE: return RR_POPULATION_ROLE_POSTCODE;
    case RR_QI_DATE: return RR_POPULATION_ROLE_BIRTH_DATE;
    case RR_QI_SEX: return RR_POPULATION_ROLE_SEX;
    default: return RR_POPULATION_ROLE_ETHNICITY;
    }
}

static gboolean
run_one (const QiSet *set, GPtrArray *specs, const RrPopulation *pop, const GPtrArray *lines,
         const RrClassTable *popc, guint64 pop_uniques, double pi, const char *work,
         guint64 seed, GError **error)
{
  g_autoptr (gsl_rng) r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed);
  g_autoptr (GArray) idx = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autofree char *path = g_build_filename (work, "release.csv", NULL);
  if (!write_sample (path, lines, pi, r, idx, error))
    return FALSE;
  g_autoptr (RrDataset) ds = load (path, specs, error);
  if (ds == NULL)
    return FALSE;
  g_autoptr (RrClassTable) rel = classes_of (ds);
  RrPopulationRole roles[8];
  for (guint q = 0; q < specs->len && q < G_N_ELEMENTS (roles); q++)
    roles[q] = role_of (g_ptr_array_index (specs, q));
  RrPopulationRiskOptions o = { .pop = pop, .roles = roles, .threshold = 0.09,
                                .population_size = lines->len - 1, .form = RR_UNIQ_FORM_ARX,
                                .split = set->split };
  g_autoptr (GArray) lambda = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (RrPopulationResult) p = rr_population_risk_estimate (ds, specs, rel, &o, lambda, error);
  if (p == NULL)
    return FALSE;
  Row *row = g_new0 (Row, 1);
  row->set = set->name;
  row->pi = pi;
  row->n = rr_dataset_n_persons (ds);
  row->sample_uniques = rr_class_table_sample_uniques (rel);
  row->pop_uniques = pop_uniques;
  row->est_uniques = p->estimated_uniques;
  row->est_marketer = p->marketer_mean;
  score (row, rel, lambda, idx, popc, p->sampling_fraction);
  memcpy (row->models, p->models, sizeof row->models);
  row->split = set->split;
  row->n_fits = p->n_split_fits;
  memcpy (row->fits, p->split_fits, sizeof row->fits);
  memset (p->models, 0, sizeof p->models); /* the notes now belong to row */
  g_ptr_array_add (rows_out, row);
  g_printerr ("validate: %s at %g: %" G_GUINT64_FORMAT " persons\n", set->name, pi, row->n);
  return TRUE;
}

static gboolean
run_set (const QiSet *set, const RrPopulation *pop, const char *pop_csv, const GPtrArray *lines,
         const char *work, guint64 seed, GError **error)
{
  GDate as_of;
  g_date_clear (&as_of, 1);
  g_date_set_dmy (&as_of, 30, 6, 2020);
  g_autoptr (GPtrArray) specs = rr_qi_spec_parse_list (set->qi, &as_of, error);
  if (specs == NULL)
    return FALSE;
  g_autoptr (RrDataset) pds = load (pop_csv, specs, error);
  if (pds == NULL)
    return FALSE;
  g_autoptr (RrClassTable) popc = classes_of (pds);
  guint64 pop_uniques = rr_class_table_sample_uniques (popc);
  for (gsize f = 0; f < G_N_ELEMENTS (fractions); f++)
    if (!run_one (set, specs, pop, lines, popc, pop_uniques, fractions[f], work,
                  seed * 1000 + f, error))
      return FALSE;
  return TRUE;
}

/* ---- the tables ---- */

static double
pct (double part, double whole)
{
  return whole > 0 ? 100.0 * part / whole : (double) NAN;
}

static void
print_main (void)
{
  printf ("| QI set | pi | released | true uniques | estimated | share true / est. (pp) | count error "
          "| marketer true | marketer est. | marketer error | AUC (all) | AUC (sample uniques) |\n");
  printf ("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (guint i = 0; i < rows_out->len; i++)
    {
      const Row *r = g_ptr_array_index (rows_out, i);
      double n = (double) r->n, tu = (double) r->true_uniques;
      printf ("| %s | %g | %" G_GUINT64_FORMAT " | %" G_GUINT64_FORMAT " | %.1f | %.2f%% / %.2f%% "
              "(%+.2f) | %+.1f%% | %.5f | %.5f | %+.1f%% | %.3f | %.3f |\n",
              r->set, r->pi, r->n, r->true_uniques, r->est_uniques, pct (tu, n),
              pct (r->est_uniques, n), pct (r->est_uniques - tu, n), pct (r->est_uniques - tu, tu),
              r->true_marketer, r->est_marketer,
              pct (r->est_marketer - r->true_marketer, r->true_marketer), r->auc_all, r->auc_su);
    }
}

static void
print_model (const RrUniquenessEstimate *e, double truth)
{
  if (e->converged)
    printf (" %.0f (%.3gx) |", e->population_uniques, e->population_uniques / truth);
  else
    printf (" did not converge |");
}

static void
print_sample_only (void)
{
  printf ("| QI set | pi | sample uniques | true population uniques | table-based | Pitman | "
          "Zayatz | SNB | Dankar (chose) |\n");
  printf ("|---|---|---|---|---|---|---|---|---|\n");
  for (guint i = 0; i < rows_out->len; i++)
    {
      const Row *r = g_ptr_array_index (rows_out, i);
      double truth = (double) r->pop_uniques, table = r->est_uniques / r->pi;
      printf ("| %s | %g | %" G_GUINT64_FORMAT " | %" G_GUINT64_FORMAT " | %.0f (%.3gx) |",
              r->set, r->pi, r->sample_uniques, r->pop_uniques, table, table / truth);
      for (int m = 0; m < RR_UNIQ_N_MODELS; m++)
        print_model (&r->models[m], truth);
      printf (" %s |\n", rr_uniqueness_model_name (r->models[RR_UNIQ_DANKAR].chosen));
    }
}

static void
print_calibration (void)
{
  printf ("| QI set | pi |");
  for (int d = 1; d <= N_DECILES; d++)
    printf (" %d |", d);
  printf ("\n|---|---|");
  for (int d = 0; d < N_DECILES; d++)
    printf ("---|");
  printf ("\n");
  for (guint i = 0; i < rows_out->len; i++)
    {
      const Row *r = g_ptr_array_index (rows_out, i);
      printf ("| %s | %g |", r->set, r->pi);
      for (int d = 0; d < N_DECILES; d++)
        printf (" %.3f / %.3f |", r->dec_p[d], r->dec_y[d]);
      printf ("\n");
    }
}

static void
print_fits (void)
{
  printf ("| QI set | pi | level | K | alpha | codes | parents | prior weight alpha K / (g + "
          "alpha K) at the mean g |\n");
  printf ("|---|---|---|---|---|---|---|---|\n");
  for (guint i = 0; i < rows_out->len; i++)
    {
      const Row *r = g_ptr_array_index (rows_out, i);
      for (guint j = 0; r->split == RR_POPULATION_SPLIT_RELEASE && j < r->n_fits; j++)
        {
          const RrPopulationSplitFit *f = &r->fits[j];
          double g = f->parents > 0 ? (double) r->n / (double) f->parents : 0;
          printf ("| %s | %g | %s in %s | %g | %.4g%s | %" G_GUINT64_FORMAT " | %"
                  G_GUINT64_FORMAT " | %.2f (g = %.0f) |\n", r->set, r->pi,
                  f->level == 0 ? "unit" : f->level == 1 ? "sector" : "district",
                  f->level == 0 ? "sector" : f->level == 1 ? "district" : "area", f->per_parent,
                  f->alpha, f->at_lower ? " (lower bound)" : "", f->codes, f->parents,
                  isinf (f->alpha) ? 1.0 : f->alpha * f->per_parent / (g + f->alpha * f->per_parent), g);
        }
    }
}

static gboolean
make_population (const char *synth_dir, const char *path, guint64 persons, guint64 seed,
                 GError **error)
{
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  g_autoptr (RrSynthTables) t = rr_synth_tables_load (synth_dir, error);
  if (t == NULL)
    return FALSE;
  RrSynthOptions o;
  rr_synth_options_init (&o);
  o.seed = seed;
  o.persons = persons;
  o.mean_rows = 1.0;
  o.inconsistent = 0.0;
  g_date_set_dmy (&o.as_of, 30, 6, 2020);
  if (!rr_synth_columns_parse (&o, "postcode,date_of_birth,sex,ethnicity", error))
    return FALSE;
  g_printerr ("validate: drawing %" G_GUINT64_FORMAT " persons into %s\n", persons, path);
  return rr_synth_write (t, &o, path, NULL, error);
}

static gboolean
validate (const char *pop_dir, const char *synth_dir, const char *work, guint64 persons,
          guint64 seed, GError **error)
{
  g_autoptr (RrPopulation) pop = rr_population_load (pop_dir, error);
  if (pop == NULL || g_mkdir_with_parents (work, 0755) != 0)
    return pop != NULL ? rr_throw (error, RR_ERROR_IO, "cannot create %s", work) : FALSE;
  g_autofree char *name = g_strdup_printf ("population-%" G_GUINT64_FORMAT "-seed%" G_GUINT64_FORMAT
                                           ".csv", persons, seed);
  g_autofree char *pop_csv = g_build_filename (work, name, NULL);
  if (!make_population (synth_dir, pop_csv, persons, seed, error))
    return FALSE;
  g_autofree char *contents = NULL;
  g_autoptr (GPtrArray) lines = read_lines (pop_csv, &contents, error);
  if (lines == NULL)
    return FALSE;
  for (gsize s = 0; s < G_N_ELEMENTS (qi_sets); s++)
    if (!run_set (&qi_sets[s], pop, pop_csv, lines, work, seed + qi_sets[s].draw, error))
      return FALSE;
  printf ("Synthetic population: %" G_GUINT64_FORMAT " persons (`reidrisk synth --persons %"
          G_GUINT64_FORMAT " --seed %" G_GUINT64_FORMAT " --mean-rows 1 --inconsistent 0 "
          "--as-of 2020-06-30`); tables: %s scaled to it (`--population-size`).\n\n",
          persons, persons, seed, rr_population_name (pop));
  printf ("### Population uniques among the released persons, and marketer risk\n\n");
  print_main ();
  printf ("\n### Population uniques in the whole population: sample-only models and the "
          "table-based model (estimate, and its ratio to the truth)\n\n");
  print_sample_only ();
  printf ("\n### Calibration of P(population unique): sample uniques in ten equal groups by "
          "predicted P (mean predicted / observed share unique)\n\n");
  print_calibration ();
  printf ("\n### The release split's fitted weights\n\n");
  print_fits ();
  return TRUE;
}

static void
row_free (gpointer data)
{
  Row *r = data;
  for (int m = 0; m < RR_UNIQ_N_MODELS; m++)
    rr_uniqueness_estimate_clear (&r->models[m]);
  g_free (r);
}

int
main (int argc, char **argv)
{
  gsl_set_error_handler_off ();
  if (argc < 4)
    {
      g_printerr ("usage: validate POPULATION_DIR SYNTH_DIR WORKDIR [PERSONS] [SEED]\n");
      return 2;
    }
  guint64 persons = argc > 4 ? g_ascii_strtoull (argv[4], NULL, 10) : 2000000;
  guint64 seed = argc > 5 ? g_ascii_strtoull (argv[5], NULL, 10) : 1;
  rows_out = g_ptr_array_new_with_free_func (row_free);
  g_autoptr (GError) error = NULL;
  if (!validate (argv[1], argv[2], argv[3], persons, seed, &error))
    {
      g_printerr ("validate: %s\n", error->message);
      return 2;
    }
  g_ptr_array_unref (rows_out);
  return fclose (stdout) == 0 ? 0 : 2;
}
