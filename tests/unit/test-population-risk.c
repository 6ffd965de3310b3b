/* test-population-risk.c - the population model's risk figures: E[1/F] against the Poisson
 * series summed term by term and its closed forms; F from the per-code cache against
 * rr_population_frequency label by label; the whole model on releases drawn from a known
 * population (the tiny tables, Poisson class sizes, Bernoulli sampling), whose true population
 * uniques and marketer risk are counted; and the errors. */
#include "config.h"
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <glib/gstdio.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include <string.h>
#include <unistd.h>
#include <math.h>
#include "load/dataset.h"
#include "measure/classes.h"
#include "measure/population-risk.h"
#include "population/codes.h"
#include "population/tables.h"
#include "util/autocleanups.h"
#include "util/error.h"

#define TINY TEST_DATA_DIR "/population/tiny"
#define ENGLAND RR_SRCDATADIR "/england/population"

static void
gsl_off (void)
{
  gsl_set_error_handler_off ();
}

TestSuite (population_risk, .init = gsl_off);

/* sum_m Poisson(m; mu) / (f + m), added until the terms past the mode fall below 1e-18 of the
 * sum: an independent form of E[1/(f + M)]. */
static double
poisson_series (guint64 f, double mu)
{
  double sum = 0.0;
  for (unsigned m = 0;; m++)
    {
      double term = gsl_ran_poisson_pdf (m, mu) / ((double) f + m);
      sum += term;
      if (m > mu && term < 1e-18 * sum)
        return sum;
    }
}

/* The series adds up to a few hundred positive terms, each within a few ulps: 1e-13 relative
 * is above that rounding and far below any modelling difference. */
Test (population_risk, expected_inverse_matches_the_poisson_series)
{
  const guint64 fs[] = { 1, 2, 3, 7, 41 };
  const double mus[] = { 1e-9, 0.0372, 0.713, 2.385, 41.3, 187.6 };
  for (gsize i = 0; i < G_N_ELEMENTS (fs); i++)
    for (gsize j = 0; j < G_N_ELEMENTS (mus); j++)
      {
        double r = -1;
        cr_assert (rr_population_risk_expected_inverse (fs[i], mus[j], &r, NULL));
        double want = poisson_series (fs[i], mus[j]);
        cr_assert (fabs (r / want - 1.0) <= 1e-13, "f %" G_GUINT64_FORMAT " mu %g: %.17g "
                   "vs %.17g", fs[i], mus[j], r, want);
      }
}

/* Closed forms: E[1/(1+M)] = (1 - e^-mu)/mu; E[1/(2+M)] = (mu - 1 + e^-mu)/mu^2; mu = 0: 1/f. */
Test (population_risk, expected_inverse_closed_forms)
{
  double mu = 2.385, r;
  cr_assert (rr_population_risk_expected_inverse (1, mu, &r, NULL));
  cr_assert (ieee_ulp_eq (dbl, r, -expm1 (-mu) / mu, 4));
  cr_assert (rr_population_risk_expected_inverse (2, mu, &r, NULL));
  cr_assert (fabs (r / ((mu - 1 + exp (-mu)) / (mu * mu)) - 1.0) <= 1e-14);
  cr_assert (rr_population_risk_expected_inverse (3, 0.0, &r, NULL));
  cr_assert (ieee_ulp_eq (dbl, r, 1.0 / 3.0, 4));
  cr_assert (rr_population_risk_expected_inverse (1, 0.0, &r, NULL));
  cr_assert (ieee_ulp_eq (dbl, r, 1.0, 0));
}

Test (population_risk, expected_inverse_rejects_bad_arguments)
{
  double r;
  g_autoptr (GError) e1 = NULL, e2 = NULL, e3 = NULL;
  cr_assert_not (rr_population_risk_expected_inverse (0, 1.0, &r, &e1));
  cr_assert (g_error_matches (e1, RR_ERROR, RR_ERROR_INVALID));
  cr_assert_not (rr_population_risk_expected_inverse (2, -0.5, &r, &e2));
  cr_assert (g_error_matches (e2, RR_ERROR, RR_ERROR_INVALID));
  cr_assert_not (rr_population_risk_expected_inverse (2, (double) INFINITY, &r, &e3));
  cr_assert (g_error_matches (e3, RR_ERROR, RR_ERROR_INVALID));
}

/* ---- the per-code cache against rr_population_frequency ---- */

enum { C_PC, C_DOB, C_SEX, C_ETH, C_DIAG, N_C };

static void
spec_init (RrQiSpec *s, const char *name, RrQiType type, RrQiLevel level)
{
  *s = (RrQiSpec) { .name = (char *) name, .type = type, .level = level };
  g_date_clear (&s->as_of, 1);
  g_date_set_dmy (&s->as_of, 30, 6, 2020);
}

/* Every combination of the labels below (NULL = missing), F by the cache and by the
 * per-class function: the same sums in a different order, so 1e-12 relative. */
static void
check_codes (const char *dir, RrQiLevel pc_level, RrQiLevel dob_level,
             const char *const *pcs, const char *const *dobs, const char *const *eths,
             guint n_pc, guint n_dob, guint n_eth)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrPopulation) pop = rr_population_load (dir, &error);
  cr_assert_not_null (pop, "%s", error ? error->message : "");
  RrQiSpec spec[N_C];
  spec_init (&spec[C_PC], "pc", RR_QI_POSTCODE, pc_level);
  spec_init (&spec[C_DOB], "dob", RR_QI_DATE, dob_level);
  spec_init (&spec[C_SEX], "sex", RR_QI_SEX, RR_LEVEL_ASIS);
  spec_init (&spec[C_ETH], "eth", RR_QI_CATEGORY, RR_LEVEL_ASIS);
  spec_init (&spec[C_DIAG], "diag", RR_QI_CATEGORY, RR_LEVEL_ASIS);
  const RrQiSpec *specs[N_C] = { &spec[0], &spec[1], &spec[2], &spec[3], &spec[4] };
  const RrPopulationRole roles[N_C] = { RR_POPULATION_ROLE_POSTCODE,
                                        RR_POPULATION_ROLE_BIRTH_DATE, RR_POPULATION_ROLE_SEX,
                                        RR_POPULATION_ROLE_ETHNICITY, RR_POPULATION_ROLE_NONE };
  g_autoptr (RrPopulationQuery) q1 = rr_population_query_new (pop, specs, roles, N_C, &error);
  g_autoptr (RrPopulationQuery) q2 = rr_population_query_new (pop, specs, roles, N_C, &error);
  cr_assert_not_null (q1, "%s", error ? error->message : "");
  static const char *const sexes[] = { "M", "F", "U" };
  static const char *const diags[] = { "I10", "J45" };
  for (int k = 0; k < 2; k++)
    {
      cr_assert (rr_population_query_set_share (q1, C_DIAG, diags[k], 0.2 + 0.5 * k, NULL));
      cr_assert (rr_population_query_set_share (q2, C_DIAG, diags[k], 0.2 + 0.5 * k, NULL));
    }
  const char *const *labels[N_C] = { pcs, dobs, sexes, eths, diags };
  const guint32 n_codes[N_C] = { n_pc, n_dob, 3, n_eth, 2 };
  g_autoptr (RrPopulationCodes) codes = rr_population_codes_new (q2, labels, n_codes, NULL, &error);
  cr_assert_not_null (codes, "%s", error ? error->message : "");
  guint32 key[N_C];
  guint n_checked = 0;
  for (key[0] = 0; key[0] <= n_pc; key[0]++)
    for (key[1] = 0; key[1] <= n_dob; key[1]++)
      for (key[2] = 0; key[2] <= 3; key[2]++)
        for (key[3] = 0; key[3] <= n_eth; key[3]++)
          for (key[4] = 0; key[4] <= 2; key[4]++)
            {
              const char *l[N_C];
              guint32 k2[N_C];
              for (int i = 0; i < N_C; i++)
                {
                  l[i] = key[i] < n_codes[i] ? labels[i][key[i]] : NULL;
                  k2[i] = key[i] < n_codes[i] ? key[i] : RR_POPULATION_CODE_MISSING;
                }
              double want = -1;
              cr_assert (rr_population_frequency (q1, l, &want, &error), "%s",
                         error ? error->message : "");
              double got = rr_population_codes_frequency (codes, k2);
              cr_assert (fabs (got - want) <= 1e-12 * fabs (want), "%s %s %s %s %s: %.17g vs "
                         "%.17g", l[0], l[1], l[2], l[3], l[4], got, want);
              n_checked++;
            }
  cr_assert_gt (n_checked, 100);
  cr_assert_eq (rr_population_query_fallbacks (q1), rr_population_query_fallbacks (q2));
}

Test (population_risk, codes_equal_frequency_on_the_tiny_tables)
{
  /* Units below a district table (the fallback), a district absent from the table (AB3: its
   * area's average), a postcode in no level (ZZ9), at day and at age-band level. */
  static const char *const pcs[] = { "AB1 2CD", "AB1 3EF", "CD1 1AA", "AB3 1XY", "ZZ9 9ZZ" };
  static const char *const days[] = { "2019-01-01", "2019-03-07", "2017-11-30", "2021-02-02" };
  static const char *const eths[] = { "A", "H", "C", "Z", "99" };
  check_codes (TINY, RR_LEVEL_UNIT, RR_LEVEL_DAY, pcs, days, eths, 5, 4, 5);
  static const char *const districts[] = { "AB1", "AB2", "CD1", "AB7" };
  static const char *const years[] = { "2016", "2018", "2020", "2024" };
  check_codes (TINY, RR_LEVEL_DISTRICT, RR_LEVEL_YEAR, districts, years, eths, 4, 4, 5);
}

Test (population_risk, codes_equal_frequency_on_the_england_tables)
{
  static const char *const pcs[] = { "LS6 2AB", "CR0 1XX", "TD15 1AA", "E1W 1AA", "QQ1 1QQ" };
  static const char *const ages[] = { "0", "40", "85", "95", "105" };
  static const char *const eths[] = { "A", "J", "N", "S" };
  check_codes (ENGLAND, RR_LEVEL_SECTOR, RR_LEVEL_AGE5, pcs, ages, eths, 5, 5, 4);
}

/* ---- the whole model on releases drawn from a known population ---- */

/* The release of one draw: persons of a Poisson population, each kept with probability pi. */
typedef struct
{
  GString *csv;
  double true_uniques;  /* released persons alone in their population class */
  double true_marketer; /* sum over released persons of 1 / (their class's population size) */
  guint64 n;
} Draw;

/* One population from the tiny tables at district x day of birth x sex: each cell's size is
 * Poisson with the mean F the tables give (the model's own assumption), each person is
 * released with probability pi, and a released person's postcode is a unit of the district. */
static void
draw_release (RrPopulationQuery *q, gsl_rng *r, double pi, Draw *d)
{
  static const char *const districts[] = { "AB1", "AB2", "CD1" };
  static const char *const sexes[] = { "M", "F" };
  GDate day;
  g_date_clear (&day, 1);
  d->csv = g_string_new ("postcode,dob,sex\n");
  d->true_uniques = d->true_marketer = 0;
  d->n = 0;
  for (g_date_set_dmy (&day, 1, 7, 2016); g_date_get_year (&day) < 2020
       || g_date_get_month (&day) < 7; g_date_add_days (&day, 1))
    for (guint dist = 0; dist < 3; dist++)
      for (guint s = 0; s < 2; s++)
        {
          char dob[11];
          g_date_strftime (dob, sizeof dob, "%Y-%m-%d", &day);
          const char *labels[3] = { districts[dist], dob, sexes[s] };
          double F;
          cr_assert (rr_population_frequency (q, labels, &F, NULL));
          unsigned N = gsl_ran_poisson (r, F), f = gsl_ran_binomial (r, pi, N);
          for (unsigned i = 0; i < f; i++)
            g_string_append_printf (d->csv, "%s 1AB,%s,%s\n", districts[dist], dob, sexes[s]);
          d->n += f;
          d->true_uniques += N == 1 && f == 1;
          d->true_marketer += N > 0 ? (double) f / N : 0;
        }
}

static RrPopulationResult *
measure_release (const RrPopulation *pop, const Draw *d, guint64 size, GError **error)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "rr-population-risk-XXXXXX.csv",
                                            NULL);
  int fd = g_mkstemp (path);
  cr_assert_geq (fd, 0);
  close (fd);
  cr_assert (g_file_set_contents (path, d->csv->str, (gssize) d->csv->len, NULL));
  GDate as_of;
  g_date_clear (&as_of, 1);
  g_date_set_dmy (&as_of, 30, 6, 2020);
  g_autoptr (GPtrArray) specs = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_qi_spec_free);
  g_ptr_array_add (specs, rr_qi_spec_new ("postcode", RR_QI_POSTCODE, RR_LEVEL_DISTRICT, &as_of));
  g_ptr_array_add (specs, rr_qi_spec_new ("dob", RR_QI_DATE, RR_LEVEL_DAY, &as_of));
  g_ptr_array_add (specs, rr_qi_spec_new ("sex", RR_QI_SEX, RR_LEVEL_ASIS, &as_of));
  RrLoadOptions lo = { .path = path, .qis = specs };
  g_autoptr (RrDataset) ds = rr_dataset_load (&lo, error);
  g_unlink (path);
  cr_assert_not_null (ds, "%s", *error ? (*error)->message : "");
  const guint32 *cols[3] = { rr_dataset_qi_codes (ds, 0), rr_dataset_qi_codes (ds, 1),
                             rr_dataset_qi_codes (ds, 2) };
  g_autoptr (RrClassTable) classes = rr_class_table_build (cols, 3, rr_dataset_n_persons (ds));
  const RrPopulationRole roles[3] = { RR_POPULATION_ROLE_POSTCODE,
                                      RR_POPULATION_ROLE_BIRTH_DATE, RR_POPULATION_ROLE_SEX };
  RrPopulationRiskOptions o = { .pop = pop, .roles = roles, .population_size = size,
                                .threshold = 0.09, .form = RR_UNIQ_FORM_ARX };
  return rr_population_risk_estimate (ds, specs, classes, &o, NULL, error);
}

/* Over 40 fixed-seed draws at pi = 0.3 the estimated uniques and expected re-identifications
 * minus the counted truth average to zero: the model is exact in expectation when the
 * population is what the tables say (Poisson thinning), so the mean difference lies within 4
 * standard errors of 0.  Each draw holds about 3,750 persons of a population of 12,500. */
Test (population_risk, estimates_match_the_truth_of_a_known_population)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrPopulation) pop = rr_population_load (TINY, &error);
  cr_assert_not_null (pop);
  RrQiSpec spec[3];
  spec_init (&spec[0], "pc", RR_QI_POSTCODE, RR_LEVEL_DISTRICT);
  spec_init (&spec[1], "dob", RR_QI_DATE, RR_LEVEL_DAY);
  spec_init (&spec[2], "sex", RR_QI_SEX, RR_LEVEL_ASIS);
  const RrQiSpec *specs[3] = { &spec[0], &spec[1], &spec[2] };
  const RrPopulationRole roles[3] = { RR_POPULATION_ROLE_POSTCODE,
                                      RR_POPULATION_ROLE_BIRTH_DATE, RR_POPULATION_ROLE_SEX };
  g_autoptr (RrPopulationQuery) q = rr_population_query_new (pop, specs, roles, 3, &error);
  g_autoptr (gsl_rng) r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, 4711);
  enum { DRAWS = 40 };
  double du[DRAWS], dm[DRAWS], sum_truth = 0;
  for (int k = 0; k < DRAWS; k++)
    {
      Draw d;
      draw_release (q, r, 0.3, &d);
      g_autoptr (RrPopulationResult) p = measure_release (pop, &d, 12500, &error);
      cr_assert_not_null (p, "%s", error ? error->message : "");
      cr_assert (fabs (p->sampling_fraction - (double) d.n / 12500) <= 1e-15);
      cr_assert (fabs (p->covered_persons / 12500 - 1.0) <= 1e-12);
      du[k] = p->estimated_uniques - d.true_uniques;
      dm[k] = p->expected_reidentifications - d.true_marketer;
      sum_truth += d.true_uniques;
      g_string_free (d.csv, TRUE);
    }
  cr_assert_gt (sum_truth / DRAWS, 300, "the test needs many true uniques (%g)", sum_truth);
  for (int which = 0; which < 2; which++)
    {
      const double *x = which == 0 ? du : dm;
      double mean = gsl_stats_mean (x, 1, DRAWS), se = gsl_stats_sd (x, 1, DRAWS) / sqrt (DRAWS);
      cr_assert (fabs (mean) < 4 * se, "%s: mean difference %g, standard error %g",
                 which == 0 ? "uniques" : "marketer", mean, se);
    }
}

Test (population_risk, population_smaller_than_the_release_is_an_error)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrPopulation) pop = rr_population_load (TINY, &error);
  Draw d = { .csv = g_string_new ("postcode,dob,sex\nAB1 1AB,2019-03-07,F\nAB2 1AB,2018-02-01,M\n"
                                  "CD1 2AB,2017-05-05,M\n") };
  g_autoptr (RrPopulationResult) p = measure_release (pop, &d, 2, &error);
  cr_assert_null (p);
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
  cr_assert (strstr (error->message, "smaller than the release") != NULL, "%s", error->message);
  g_string_free (d.csv, TRUE);
}

/* Three released persons of the tiny population, each a sample unique: with N = 12500 and
 * pi = 3/12500, mu = F (1 - pi) with F from rr_population_frequency (hand-checked in
 * test-population-frequency.c); risk = (1 - e^-mu)/mu and P(unique) = e^-mu, computed here
 * in closed form and compared with the model's sums. */
Test (population_risk, three_persons_hand_worked)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrPopulation) pop = rr_population_load (TINY, &error);
  RrQiSpec spec[3];
  spec_init (&spec[0], "pc", RR_QI_POSTCODE, RR_LEVEL_DISTRICT);
  spec_init (&spec[1], "dob", RR_QI_DATE, RR_LEVEL_DAY);
  spec_init (&spec[2], "sex", RR_QI_SEX, RR_LEVEL_ASIS);
  const RrQiSpec *specs[3] = { &spec[0], &spec[1], &spec[2] };
  const RrPopulationRole roles[3] = { RR_POPULATION_ROLE_POSTCODE,
                                      RR_POPULATION_ROLE_BIRTH_DATE, RR_POPULATION_ROLE_SEX };
  g_autoptr (RrPopulationQuery) q = rr_population_query_new (pop, specs, roles, 3, &error);
  const char *rows[3][3] = { { "AB1", "2019-03-07", "F" }, { "AB2", "2018-02-01", "M" },
                             { "CD1", "2017-05-05", "M" } };
  double pi = 3.0 / 12500, uniques = 0, risk_sum = 0, max = 0;
  for (int i = 0; i < 3; i++)
    {
      double F;
      cr_assert (rr_population_frequency (q, rows[i], &F, NULL));
      double mu = F * (1 - pi);
      uniques += exp (-mu);
      risk_sum += (1 - exp (-mu)) / mu;
      max = fmax (max, (1 - exp (-mu)) / mu);
    }
  Draw d = { .csv = g_string_new ("postcode,dob,sex\nAB1 1AB,2019-03-07,F\nAB2 1AB,2018-02-01,M\n"
                                  "CD1 2AB,2017-05-05,M\n") };
  g_autoptr (RrPopulationResult) p = measure_release (pop, &d, 12500, &error);
  cr_assert_not_null (p, "%s", error ? error->message : "");
  cr_assert (fabs (p->estimated_uniques / uniques - 1.0) <= 1e-13);
  cr_assert (fabs (p->expected_reidentifications / risk_sum - 1.0) <= 1e-13);
  cr_assert (fabs (p->marketer_mean / (risk_sum / 3) - 1.0) <= 1e-13);
  cr_assert (fabs (p->journalist_max / max - 1.0) <= 1e-13);
  cr_assert_eq (p->size, 12500);
  g_string_free (d.csv, TRUE);
}
