/* test-attack-simulate.c - the Monte Carlo linkage attack against independent computations:
 * attacks whose success is worked by hand or enumerated exactly (prosecutor attacks with and
 * without errors, a probabilistic attack that accepts one disagreement), the marketer risk of
 * the synthesised population for an exact, full-coverage, error-free attack (computed here from
 * the population tables with the Poisson law of the outsiders, (1/n) sum_k f_k E[1/(f_k + M_k)],
 * and, where the classes are large, the plain formula (1/n) sum f_k / F_k), the unique rule's
 * exp(-lambda), the
 * independence of the results from the number of threads, and the model's errors.
 *
 * Stochastic results are checked for their mean within 4 standard errors (the replicates' own
 * sample standard deviation over sqrt(R)); deterministic ones exactly. */
#include "config.h"
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include "attack/frame.h"
#include "attack/model.h"
#include "attack/simulate.h"
#include "load/dataset.h"
#include "measure/classes.h"
#include "population/frequency.h"
#include "util/error.h"

#define ATTACK TEST_DATA_DIR "/attack/"
#define TINY_POP TEST_DATA_DIR "/population/tiny"

static void
gsl_off (void)
{
  gsl_set_error_handler_off ();
}

TestSuite (attack_simulate, .init = gsl_off);

typedef struct
{
  GPtrArray *specs;
  RrDataset *ds;
  RrAttackScenario *s;
  RrAttackFrame *frame;
  RrPopulation *pop;
  RrAttackModel *m;
} Case;

static void
case_clear (Case *c)
{
  rr_attack_model_free (c->m);
  rr_attack_frame_free (c->frame);
  rr_attack_scenario_free (c->s);
  rr_dataset_free (c->ds);
  rr_population_free (c->pop);
  if (c->specs != NULL)
    g_ptr_array_unref (c->specs);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Case, case_clear)

static RrAttackScenario *
scenario_from_text (const char *text)
{
  g_autoptr (GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("attack-XXXXXX.ini", &path, &error);
  cr_assert (fd >= 0);
  close (fd);
  cr_assert (g_file_set_contents (path, text, -1, &error));
  RrAttackScenario *s = rr_attack_scenario_load_file (path, &error);
  cr_assert_not_null (s, "%s", error ? error->message : "");
  unlink (path);
  g_free (path);
  return s;
}

/* Loads release (one row per person), binds the scenario and builds the model. */
static void
case_init (Case *c, const char *release, const char *qi, const char *scenario, gboolean pop)
{
  g_autoptr (GError) error = NULL;
  c->specs = rr_qi_spec_parse_list (qi, NULL, &error);
  cr_assert_not_null (c->specs);
  RrLoadOptions lo = { release, 0, c->specs, NULL, NULL, FALSE, FALSE, 0 };
  c->ds = rr_dataset_load (&lo, &error);
  cr_assert_not_null (c->ds, "%s", error ? error->message : "");
  c->s = scenario_from_text (scenario);
  /* as the audit's recognition would say */
  const char *kinds[4] = { NULL };
  for (guint q = 0; q < c->specs->len; q++)
    if (strcmp (((RrQiSpec *) g_ptr_array_index (c->specs, q))->name, "date_of_birth") == 0)
      kinds[q] = "date-of-birth";
  c->frame = rr_attack_frame_new (c->ds, c->specs, kinds, c->s, &error);
  cr_assert_not_null (c->frame, "%s", error ? error->message : "");
  if (pop)
    {
      c->pop = rr_population_load (TINY_POP, &error);
      cr_assert_not_null (c->pop, "%s", error ? error->message : "");
    }
  c->m = rr_attack_model_new (c->frame, c->pop, &error);
  cr_assert_not_null (c->m, "%s", error ? error->message : "");
}

static RrAttackReplicate *
run (const Case *c, guint replicates, guint threads)
{
  RrAttackRunOptions o = { 2385, replicates, threads };
  return rr_attack_run_replicates (c->m, c->s->name, &o);
}

typedef struct
{
  double mean, se;
} Estimate;

static Estimate
estimate (const RrAttackReplicate *reps, guint n, gboolean claims)
{
  g_autofree double *x = g_new (double, n);
  for (guint i = 0; i < n; i++)
    x[i] = (double) (claims ? reps[i].claims : reps[i].correct);
  double mean = gsl_stats_mean (x, 1, n);
  return (Estimate) { mean, gsl_stats_sd_m (x, 1, n, mean) / sqrt ((double) n) };
}

static void
assert_within_4se (Estimate e, double want, const char *what)
{
  /* a standard error of 0 means every replicate agreed: then the mean must be exact */
  double tol = MAX (4 * e.se, 1e-12);
  cr_assert (fabs (e.mean - want) <= tol, "%s: simulated %.6g (se %.3g), expected %.6g", what,
             e.mean, e.se, want);
}

#define QI_TINY "postcode:postcode:district,date_of_birth:date:day,sex:sex"
#define QI_THREE "postcode:postcode:district,sex:sex"

/* ---- prosecutor attacks: no outsiders ---- */

/* The tiny release has 3 sample uniques; with every released person targeted and no errors,
 * the unique rule claims exactly those 3, every replicate, all correct. */
Test (attack_simulate, prosecutor_unique_claims_the_sample_uniques)
{
  g_auto (Case) c = { 0 };
  case_init (&c, ATTACK "tiny.csv", QI_TINY,
             "[scenario]\ntarget=prosecutor\n[match]\nmethod=exact\naccept=unique\n"
             "[postcode]\nprecision=district\n[date-of-birth]\n[sex]\n", FALSE);
  g_autofree RrAttackReplicate *reps = run (&c, 20, 1);
  for (guint i = 0; i < 20; i++)
    {
      cr_assert_eq (reps[i].correct, 3);
      cr_assert_eq (reps[i].claims, 3);
      cr_assert_eq (reps[i].targets, 10);
      cr_assert_eq (reps[i].by_mask[7], 3, "all three facts carried the matches");
    }
}

/* Coverage 0.385: a unique person is claimed when the attacker holds them, so E[correct] =
 * 3 * 0.385; persons in larger classes are never unique. */
Test (attack_simulate, prosecutor_unique_scales_with_coverage)
{
  g_auto (Case) c = { 0 };
  case_init (&c, ATTACK "tiny.csv", QI_TINY,
             "[scenario]\ntarget=prosecutor\ncoverage=0.385\n[match]\nmethod=exact\n"
             "accept=unique\n[postcode]\nprecision=district\n[date-of-birth]\n[sex]\n", FALSE);
  g_autofree RrAttackReplicate *reps = run (&c, 4000, 2);
  assert_within_4se (estimate (reps, 4000, FALSE), 3 * 0.385, "correct");
  for (guint i = 0; i < 4000; i++)
    cr_assert_eq (reps[i].claims, reps[i].correct, "a prosecutor's unique claims are all right");
}

/* Random among ties with every person targeted: in a class of f the f targets are paired with
 * the f records at random, a random permutation with 1 fixed point on average, so E[correct]
 * is the number of classes (6), the prosecutor's mean risk C/n times n; the variance of the
 * fixed points of a random permutation of f >= 2 is 1, so each of the 3 larger classes adds 1. */
Test (attack_simulate, prosecutor_random_gives_the_mean_prosecutor_risk)
{
  g_auto (Case) c = { 0 };
  case_init (&c, ATTACK "tiny.csv", QI_TINY,
             "[scenario]\ntarget=prosecutor\n[match]\nmethod=exact\naccept=random\n"
             "[postcode]\nprecision=district\n[date-of-birth]\n[sex]\n", FALSE);
  g_autofree RrAttackReplicate *reps = run (&c, 4000, 2);
  Estimate e = estimate (reps, 4000, FALSE);
  assert_within_4se (e, 6.0, "correct");
  double sd = e.se * sqrt (4000.0);
  cr_assert (fabs (sd * sd - 3.0) < 0.3, "variance %.3g, want 3 (+-0.3, 10%%)", sd * sd);
  for (guint i = 0; i < 4000; i++)
    cr_assert_eq (reps[i].claims, 10);
}

/* Exact matching with sex wrong in 30% of the attacker's records (flipped), worked by hand for
 * three.csv, a (AB1, M), b (AB1, F), c (CD1, M), all targeted, unique rule:
 *   c is found unless flipped (CD1, F matches no one): 0.7.
 *   a and b: neither flipped: both found; one flipped: the flipped record and the other one
 *   share a class with one record: ambiguous, no claim for it, and the other record has no
 *   candidate; both flipped: each record's one candidate is the other's record, and that record
 *   is unique too: two false claims.
 *   E[correct] = 0.7 + 2 * 0.49 = 1.68; E[claims] = 1.68 + 2 * 0.09 = 1.86. */
Test (attack_simulate, prosecutor_exact_with_errors_hand_worked)
{
  g_auto (Case) c = { 0 };
  case_init (&c, ATTACK "three.csv", QI_THREE,
             "[scenario]\ntarget=prosecutor\n[match]\nmethod=exact\naccept=unique\n"
             "[postcode]\nprecision=district\n[sex]\nwrong=0.3\n", FALSE);
  g_autofree RrAttackReplicate *reps = run (&c, 8000, 2);
  assert_within_4se (estimate (reps, 8000, FALSE), 1.68, "correct");
  assert_within_4se (estimate (reps, 8000, TRUE), 1.86, "claims");
}

#define PROBABILISTIC_THREE                                                                  \
  "[match]\nmethod=probabilistic\naccept=%s\nthreshold=3\n"                                  \
  "[postcode]\nprecision=district\nm=0.9\nu=0.01\n[sex]\nwrong=0.3\nm=0.9\nu=0.5\n"

/* The same attack matched probabilistically: agreeing on both scores 7.34, on the postcode only
 * 4.17 (above the threshold 3), on the sex only -2.46.  Worked by hand (threshold rule, one to
 * one, best score first, ties at random):
 *   c is always found: unflipped at the top level, flipped at the postcode-only level.
 *   a and b: neither flipped: both found (2).  One flipped, say a: both attacker records are
 *   (AB1, F); b's record takes one of them at random at the top level, and a's record the other
 *   at the postcode-only level: 2 right or 0, 1 on average.  Both flipped: each record takes
 *   the other's attacker record at the top level: 0.
 *   E[correct] = 1 + 2 * 0.49 + 1 * 0.42 = 2.4, three claims always.
 * The unique rule: c always found; a and b as for the exact match: E[correct] = 1 + 0.98,
 * E[claims] = 1.98 + 0.18 = 2.16. */
Test (attack_simulate, near_level_hand_worked)
{
  g_auto (Case) c = { 0 };
  g_autofree char *text = g_strdup_printf ("[scenario]\ntarget=prosecutor\n" PROBABILISTIC_THREE,
                                           "threshold");
  case_init (&c, ATTACK "three.csv", QI_THREE, text, FALSE);
  cr_assert_eq (rr_attack_model_n_levels (c.m), 2);
  g_autofree RrAttackReplicate *reps = run (&c, 8000, 2);
  assert_within_4se (estimate (reps, 8000, FALSE), 2.4, "correct (threshold)");
  for (guint i = 0; i < 8000; i++)
    cr_assert_eq (reps[i].claims, 3);

  g_auto (Case) u = { 0 };
  g_autofree char *unique = g_strdup_printf ("[scenario]\ntarget=prosecutor\n" PROBABILISTIC_THREE,
                                             "unique");
  case_init (&u, ATTACK "three.csv", QI_THREE, unique, FALSE);
  g_autofree RrAttackReplicate *ureps = run (&u, 8000, 2);
  assert_within_4se (estimate (ureps, 8000, FALSE), 1.98, "correct (unique)");
  assert_within_4se (estimate (ureps, 8000, TRUE), 2.16, "claims (unique)");
}

/* A threshold that lets a pair disagreeing on both facts through is refused. */
Test (attack_simulate, threshold_admitting_two_disagreements_is_refused)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) specs = rr_qi_spec_parse_list (QI_THREE, NULL, &error);
  RrLoadOptions lo = { ATTACK "three.csv", 0, specs, NULL, NULL, FALSE, FALSE, 0 };
  g_autoptr (RrDataset) ds = rr_dataset_load (&lo, &error);
  g_autoptr (RrAttackScenario) s = scenario_from_text (
    "[scenario]\ntarget=prosecutor\n[match]\nmethod=probabilistic\naccept=random\n"
    "threshold=-6\n[postcode]\nprecision=district\nm=0.9\nu=0.01\n[sex]\nm=0.9\nu=0.5\n");
  static const char *const kinds[2] = { NULL, NULL };
  g_autoptr (RrAttackFrame) frame = rr_attack_frame_new (ds, specs, kinds, s, &error);
  g_autoptr (RrAttackModel) m = rr_attack_model_new (frame, NULL, &error);
  cr_assert_null (m);
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
  cr_assert (strstr (error->message, "disagrees on both postcode and sex") != NULL, "%s",
             error->message);
}

/* A journalist attack needs the population. */
Test (attack_simulate, journalist_without_population_is_refused)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) specs = rr_qi_spec_parse_list (QI_THREE, NULL, &error);
  RrLoadOptions lo = { ATTACK "three.csv", 0, specs, NULL, NULL, FALSE, FALSE, 0 };
  g_autoptr (RrDataset) ds = rr_dataset_load (&lo, &error);
  g_autoptr (RrAttackScenario) s = scenario_from_text (
    "[scenario]\n[match]\n[postcode]\nprecision=district\n[sex]\n");
  static const char *const kinds[2] = { NULL, NULL };
  g_autoptr (RrAttackFrame) frame = rr_attack_frame_new (ds, specs, kinds, s, &error);
  g_autoptr (RrAttackModel) m = rr_attack_model_new (frame, NULL, &error);
  cr_assert_null (m);
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
}

/* ---- journalist attacks: the population around the release ---- */

typedef struct
{
  double F;   /* population count of the class */
  guint64 f;  /* released persons in it */
} ClassF;

/* The release's classes and their F from the population tables, computed here: classes from
 * the dataset's codes, F from the labels through rr_population_frequency. */
static GArray *
class_frequencies (const Case *c, double *pi)
{
  g_autoptr (GError) error = NULL;
  guint n_qi = rr_dataset_n_qi (c->ds);
  const guint32 *cols[4];
  const RrQiSpec *specs[4];
  RrPopulationRole roles[4];
  for (guint q = 0; q < n_qi; q++)
    {
      cols[q] = rr_dataset_qi_codes (c->ds, q);
      specs[q] = g_ptr_array_index (c->specs, q);
      roles[q] = specs[q]->type == RR_QI_POSTCODE ? RR_POPULATION_ROLE_POSTCODE
                 : specs[q]->type == RR_QI_SEX    ? RR_POPULATION_ROLE_SEX
                                                  : RR_POPULATION_ROLE_BIRTH_DATE;
    }
  g_autoptr (RrClassTable) t = rr_class_table_build (cols, n_qi, rr_dataset_n_persons (c->ds));
  g_autoptr (RrPopulationQuery) q = rr_population_query_new (c->pop, specs, roles, n_qi, &error);
  cr_assert_not_null (q);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (ClassF));
  for (guint64 k = 0; k < rr_class_table_count (t); k++)
    {
      const char *labels[4];
      for (guint i = 0; i < n_qi; i++)
        labels[i] = rr_dataset_qi_label (c->ds, i, rr_class_table_code (t, k, i));
      ClassF cf = { 0, rr_class_table_size (t, k) };
      cr_assert (rr_population_frequency (q, labels, &cf.F, &error));
      g_array_append_val (out, cf);
    }
  /* every district of the tiny population holds released persons: pi = n / 12500 */
  *pi = (double) rr_dataset_n_persons (c->ds) / 12500.0;
  return out;
}

/* E[1 / (f + M)] for M Poisson with mean lambda, summed until the terms are negligible. */
static double
expected_inverse (guint64 f, double lambda)
{
  double sum = 0;
  for (unsigned int k = 0; k < 100000; k++)
    {
      double p = gsl_ran_poisson_pdf (k, lambda);
      sum += p / (double) (f + k);
      if (k > lambda && p < 1e-16)
        break;
    }
  return sum;
}

#define JOURNALIST_EXACT(accept)                                                             \
  "[scenario]\ntarget=journalist\ncoverage=1\n[match]\nmethod=exact\naccept=" accept "\n"    \
  "[postcode]\nprecision=district\n[date-of-birth]\n[sex]\n"

/* Exact, full coverage, no errors, random among ties: each released record is paired with one
 * of the f_k + M_k people of its class in the synthesised population, so E[correct] = sum_k f_k
 * E[1 / (f_k + M_k)], M_k ~ Poisson((1 - pi) F_k): the marketer risk of that population. */
Test (attack_simulate, exact_full_coverage_gives_the_marketer_risk)
{
  g_auto (Case) c = { 0 };
  case_init (&c, ATTACK "tiny.csv", QI_TINY, JOURNALIST_EXACT ("random"), TRUE);
  double pi;
  g_autoptr (GArray) classes = class_frequencies (&c, &pi);
  cr_assert (ieee_ulp_eq (dbl, rr_attack_model_sampling_fraction (c.m), pi, 4));
  double want = 0;
  for (guint k = 0; k < classes->len; k++)
    {
      const ClassF *cf = &g_array_index (classes, ClassF, k);
      want += (double) cf->f * expected_inverse (cf->f, (1 - pi) * cf->F);
    }
  g_autofree RrAttackReplicate *reps = run (&c, 6000, 2);
  assert_within_4se (estimate (reps, 6000, FALSE), want, "correct");
}

/* The same with classes of thousands of people (district and sex only), where E[1/(f+M)] and
 * 1/F differ by about 1/F: the simulation agrees with the plain marketer risk
 * (1/n) sum f_k / F_k within its interval. */
Test (attack_simulate, large_classes_agree_with_the_plain_marketer_formula)
{
  g_auto (Case) c = { 0 };
  case_init (&c, ATTACK "tiny.csv", "postcode:postcode:district,sex:sex",
             "[scenario]\ncoverage=1\n[match]\naccept=random\n[postcode]\nprecision=district\n"
             "[sex]\n", TRUE);
  double pi;
  g_autoptr (GArray) classes = class_frequencies (&c, &pi);
  double plugin = 0;
  for (guint k = 0; k < classes->len; k++)
    {
      const ClassF *cf = &g_array_index (classes, ClassF, k);
      plugin += (double) cf->f / cf->F;
    }
  g_autofree RrAttackReplicate *reps = run (&c, 100000, 2);
  assert_within_4se (estimate (reps, 100000, FALSE), plugin, "correct");
}

/* The unique rule with full coverage and no errors: a sample unique is claimed, rightly, when
 * no outsider shares its class, probability exp(-(1 - pi) F_k); nothing else is claimed. */
Test (attack_simulate, unique_rule_claims_uniques_without_outsiders)
{
  g_auto (Case) c = { 0 };
  case_init (&c, ATTACK "tiny.csv", QI_TINY, JOURNALIST_EXACT ("unique"), TRUE);
  double pi, want = 0;
  g_autoptr (GArray) classes = class_frequencies (&c, &pi);
  for (guint k = 0; k < classes->len; k++)
    {
      const ClassF *cf = &g_array_index (classes, ClassF, k);
      if (cf->f == 1)
        want += exp (-(1 - pi) * cf->F);
    }
  g_autofree RrAttackReplicate *reps = run (&c, 6000, 2);
  assert_within_4se (estimate (reps, 6000, FALSE), want, "correct");
  for (guint i = 0; i < 6000; i++)
    cr_assert_eq (reps[i].claims, reps[i].correct);
}

/* The same seed gives the same replicates on 1, 2 and 5 threads; another seed does not. */
Test (attack_simulate, results_do_not_depend_on_threads)
{
  g_auto (Case) c = { 0 };
  case_init (&c, ATTACK "tiny.csv", QI_TINY,
             "[scenario]\ncoverage=0.6\n[match]\naccept=random\nmin-fields=2\n[postcode]\n"
             "precision=district\nwrong=0.1\n[date-of-birth]\nwrong=0.05\nmissing=0.2\n[sex]\n",
             TRUE);
  g_autofree RrAttackReplicate *one = run (&c, 50, 1);
  g_autofree RrAttackReplicate *two = run (&c, 50, 2);
  g_autofree RrAttackReplicate *five = run (&c, 50, 5);
  cr_assert (memcmp (one, two, 50 * sizeof *one) == 0);
  cr_assert (memcmp (one, five, 50 * sizeof *one) == 0);
  RrAttackRunOptions o = { 2386, 50, 2 };
  g_autofree RrAttackReplicate *other = rr_attack_run_replicates (c.m, c.s->name, &o);
  cr_assert (memcmp (one, other, 50 * sizeof *one) != 0);
}

/* Replicate streams: distinct per replicate, per seed and per scenario name. */
Test (attack_simulate, replicate_seeds_differ)
{
  guint64 a = rr_attack_replicate_seed (1, "insurer", 0);
  cr_assert_neq (a, rr_attack_replicate_seed (1, "insurer", 1));
  cr_assert_neq (a, rr_attack_replicate_seed (2, "insurer", 0));
  cr_assert_neq (a, rr_attack_replicate_seed (1, "broker", 0));
  cr_assert_eq (a, rr_attack_replicate_seed (1, "insurer", 0));
}

/* The summary: mean, 2.5% and 97.5% quantiles, precision over replicates with claims. */
Test (attack_simulate, summary_figures)
{
  g_auto (Case) c = { 0 };
  case_init (&c, ATTACK "three.csv", QI_THREE,
             "[scenario]\ntarget=prosecutor\n[match]\nmethod=exact\naccept=unique\n"
             "[postcode]\nprecision=district\n[sex]\nwrong=0.3\n", FALSE);
  RrAttackRunOptions o = { 7, 400, 2 };
  g_autofree RrAttackReplicate *reps = rr_attack_run_replicates (c.m, c.s->name, &o);
  g_autoptr (RrAttackResult) res = rr_attack_summarise (c.frame, c.m, &o, reps);
  double sum = 0, psum = 0;
  guint with_claims = 0;
  for (guint i = 0; i < 400; i++)
    {
      sum += (double) reps[i].correct / 3.0;
      if (reps[i].claims > 0)
        psum += (double) reps[i].correct / (double) reps[i].claims, with_claims++;
    }
  /* GSL's running mean and this plain sum round differently: 400 terms, at most 400 * 2^-53
   * relative apart, well under 1e-12 */
  cr_assert (fabs (res->reidentified.mean - sum / 400) <= 1e-12 * sum / 400);
  cr_assert (fabs (res->precision.mean - psum / with_claims) <= 1e-12 * psum / with_claims);
  cr_assert_eq (res->precision_replicates, with_claims);
  /* shares are multiples of 1/3 here, and both ends occur in 400 replicates */
  cr_assert (ieee_ulp_eq (dbl, res->reidentified.high, 1.0, 4));
  cr_assert (res->reidentified.low < 0.34);
  cr_assert_eq (res->replicates, 400);
  cr_assert_eq (res->seed, 7);
  cr_assert_eq (res->replicate_share->len, 400);
  cr_assert_eq (res->facts->len, 2);
  cr_assert_str_eq (((RrAttackCombination *) g_ptr_array_index (res->combinations, 0))->roles,
                    "postcode sex");
}
