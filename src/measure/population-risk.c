/* population-risk.c - journalist and marketer risk and population uniques from the population
 * tables and the sampling fraction, and the sample-only models beside them (measure stage).
 * Work per class is a cached product (population/codes.c) and a few exponentials; the model and
 * its sources are in population-risk.h and doc/methods.md. */
#include "config.h"
#include "measure/population-risk.h"
#include "population/codes.h"
#include "population/tables.h"
#include "util/error.h"
#include <math.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_hyperg.h>

const double rr_risk_band_edges[RR_RISK_N_BANDS + 1] = { 0, 0.001, 0.01, 0.05, 0.1, 0.2, 0.5, 1 };
/* F is a product of published counts and shares under stated assumptions; halving or doubling
 * it spans the fallbacks' documented effects (e.g. a unit's F "several times" off, births
 * -25%/+9%, regions -4.5%/+1.7%) for all but the extreme cases (doc/population-model.md). */
const double rr_population_sensitivity[RR_POPULATION_N_SENSITIVITY] = { 0.5, 2.0 }; /* add_class */

/* Below this mu, (1 - exp(-mu))/mu = 1 - mu/2 + mu^2/6 - ... is 1 - mu/2 to within mu^2/6 <
 * 2e-17: expm1 would be exact too, but the division by a tiny mu is then avoided. */
#define TINY_MU 1e-8
/* Classes ahead whose postcode entry is prefetched: enough to cover a memory access (~100 ns)
 * at the loop's ~20 ns per class. */
#define PREFETCH_AHEAD 16

RrPopulationResult *
rr_population_result_new (void)
{
  RrPopulationResult *p = g_new0 (RrPopulationResult, 1);
  p->roles = g_array_new (FALSE, FALSE, sizeof (RrPopulationRole));
  p->notes = g_ptr_array_new_with_free_func (g_free);
  return p;
}

void
rr_population_result_free (RrPopulationResult *p)
{
  if (p == NULL)
    return;
  g_free (p->source);
  g_free (p->dir);
  g_free (p->size_from);
  g_array_unref (p->roles);
  g_ptr_array_unref (p->notes);
  for (guint m = 0; m < RR_UNIQ_N_MODELS; m++)
    rr_uniqueness_estimate_clear (&p->models[m]);
  g_free (p);
}

/* ---- one class ---- */

/* E[1/(1 + M)] = (1 - exp(-mu)) / mu, the f = 1 case of 1F1(1; f+1; -mu)/f in closed form. */
static inline double
inverse_of_unique (double mu)
{
  return mu < TINY_MU ? 1.0 - mu / 2.0 : -expm1 (-mu) / mu;
}

gboolean
rr_population_risk_expected_inverse (guint64 f, double mu, double *risk, GError **error)
{
  if (f == 0 || !(mu >= 0.0) || !gsl_finite (mu))
    return rr_throw (error, RR_ERROR_INVALID, "E[1/F]: need f >= 1 and finite mu >= 0 (f = %"
                     G_GUINT64_FORMAT ", mu = %g)", f, mu);
  if (f == 1)
    {
      *risk = inverse_of_unique (mu);
      return TRUE;
    }
  if (f > G_MAXINT - 1)
    {
      /* 1F1's int form takes ints; for such f the class alone makes the risk 1/f to 1e-9. */
      *risk = 1.0 / ((double) f + mu);
      return TRUE;
    }
  gsl_sf_result r;
  int status = gsl_sf_hyperg_1F1_int_e (1, (int) f + 1, -mu, &r);
  if (status != GSL_SUCCESS)
    {
      g_autofree char *what = g_strdup_printf ("E[1/F] for f = %" G_GUINT64_FORMAT ", mu = %g",
                                               f, mu);
      return rr_throw_gsl (error, status, what);
    }
  *risk = r.val / (double) f;
  return TRUE;
}

/* ---- the query and its codes ---- */

/* Each role-none QI's share of persons with each label: the fallback for a QI with no table. */
static gboolean
set_release_shares (RrPopulationQuery *q, const RrDataset *ds, const RrPopulationRole *roles,
                    GError **error)
{
  guint64 n = rr_dataset_n_persons (ds);
  for (guint i = 0; i < rr_dataset_n_qi (ds); i++)
    {
      if (roles[i] != RR_POPULATION_ROLE_NONE)
        continue;
      guint32 n_codes = rr_dataset_qi_n_distinct (ds, i);
      g_autofree guint64 *count = g_new0 (guint64, n_codes);
      const guint32 *codes = rr_dataset_qi_codes (ds, i);
      for (guint64 p = 0; p < n; p++)
        if (codes[p] < n_codes)
          count[codes[p]]++;
      for (guint32 c = 0; c < n_codes; c++)
        if (!rr_population_query_set_share (q, i, rr_dataset_qi_label (ds, i, c),
                                            (double) count[c] / (double) MAX (n, 1), error))
          return FALSE;
    }
  return TRUE;
}

/* The released persons per code of the postcode QI (roles[qi] postcode), for the split below
 * the table; NULL without such a QI. */
static guint64 *
postcode_persons (const RrDataset *ds, const RrPopulationRole *roles)
{
  for (guint i = 0; i < rr_dataset_n_qi (ds); i++)
    if (roles[i] == RR_POPULATION_ROLE_POSTCODE)
      {
        guint32 n_codes = rr_dataset_qi_n_distinct (ds, i);
        guint64 *count = g_new0 (guint64, MAX (n_codes, 1));
        const guint32 *codes = rr_dataset_qi_codes (ds, i);
        for (guint64 p = 0; p < rr_dataset_n_persons (ds); p++)
          if (codes[p] < n_codes)
            count[codes[p]]++;
        return count;
      }
  return NULL;
}

static RrPopulationCodes *
codes_for (RrPopulationQuery *q, const RrDataset *ds, const RrPopulationRiskOptions *o,
           GError **error)
{
  guint n_qi = rr_dataset_n_qi (ds);
  g_autofree guint64 *persons = o->split == RR_POPULATION_SPLIT_RELEASE
                                  ? postcode_persons (ds, o->roles) : NULL;
  g_autofree guint32 *n_codes = g_new0 (guint32, MAX (n_qi, 1));
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_qi; i++)
    {
      n_codes[i] = rr_dataset_qi_n_distinct (ds, i);
      const char **l = g_new (const char *, MAX (n_codes[i], 1));
      for (guint32 c = 0; c < n_codes[i]; c++)
        l[c] = rr_dataset_qi_label (ds, i, c);
      g_ptr_array_add (labels, l);
    }
  return rr_population_codes_new (q, (const char *const *const *) labels->pdata, n_codes, persons,
                                  error);
}

/* Marks the postcodes in use and counts the persons whose postcode the tables lack. */
static void
scan_postcodes (RrPopulationResult *p, const RrPopulationCodes *codes, const RrClassTable *classes,
                guint32 n_pc, gboolean *used)
{
  int qi = rr_population_codes_postcode_qi (codes);
  for (guint64 k = 0; qi >= 0 && k < rr_class_table_count (classes); k++)
    {
      guint32 code = rr_class_table_code (classes, k, (guint) qi);
      if (code >= n_pc)
        continue;
      used[code] = TRUE;
      RrPostcodeStatus st = rr_population_codes_postcode_status (codes, code);
      if (st == RR_POSTCODE_COARSER)
        p->persons_coarser += rr_class_table_size (classes, k);
      else if (st == RR_POSTCODE_UNMATCHED)
        p->persons_unmatched += rr_class_table_size (classes, k);
    }
  for (guint32 c = 0; c < n_pc; c++)
    {
      RrPostcodeStatus st = rr_population_codes_postcode_status (codes, c);
      p->postcodes_coarser += used[c] && st == RR_POSTCODE_COARSER;
      p->postcodes_unmatched += used[c] && st == RR_POSTCODE_UNMATCHED;
    }
}

/* ---- the population size ---- */

static gboolean
choose_size (RrPopulationResult *p, const RrPopulationRiskOptions *o, guint64 n, double covered,
             GError **error)
{
  if (o->population_size > 0)
    {
      p->size = o->population_size;
      p->sampling_fraction = (double) n / (double) p->size;
      p->size_from = g_strdup ("given (--population-size)");
    }
  else if (o->sampling_fraction > 0)
    {
      p->sampling_fraction = o->sampling_fraction;
      p->size = (guint64) llround ((double) n / o->sampling_fraction);
      p->size_from = g_strdup ("the persons divided by the sampling fraction "
                               "(--sampling-fraction)");
    }
  else
    {
      p->size = (guint64) llround (covered);
      p->sampling_fraction = p->size > 0 ? (double) n / (double) p->size : 1;
      p->size_from = g_strdup ("the tables' persons in the postcode areas the release covers");
    }
  if (p->size < n)
    return rr_throw (error, RR_ERROR_INVALID, "the population (%" G_GUINT64_FORMAT " persons, %s)"
                     " is smaller than the release (%" G_GUINT64_FORMAT " persons): give "
                     "--population-size or --sampling-fraction", p->size, p->size_from, n);
  return TRUE;
}

/* ---- the table-based model ---- */

typedef struct
{
  double risk_sum, max, uniques;
  guint64 at_risk, persons_zero;
  guint64 bands[RR_RISK_N_BANDS];
  double sens_uniques[RR_POPULATION_N_SENSITIVITY], sens_risk[RR_POPULATION_N_SENSITIVITY];
} Totals;

static guint
band_of (double risk)
{
  guint b = 0;
  while (b + 1 < RR_RISK_N_BANDS && risk > rr_risk_band_edges[b + 1])
    b++;
  return b;
}

/* (1 - exp(-x)) / x from p = exp(-x).  Below SERIES_X the quotient would cancel (1 - p is
 * small), so its Taylor series is used: truncated after x^4/120, it errs by under x^5/720 <
 * 1.4e-16 relative there.  Above, 1 - p >= 0.0099 loses at most two of p's digits. */
#define SERIES_X 0.01
static inline double
inverse_from_exp (double x, double p)
{
  if (x < SERIES_X)
    return 1.0 - x / 2.0 * (1.0 - x / 3.0 * (1.0 - x / 4.0 * (1.0 - x / 5.0)));
  return (1.0 - p) / x;
}

/* One class: its risk, its share of the uniques, and the same under each sensitivity factor.
 * For a sample unique one exp gives all three: exp(-mu/2) = sqrt(exp(-mu)) and exp(-2 mu) =
 * exp(-mu)^2 (the factors are 0.5 and 2), which keeps the loop at one exponential per class. */
static gboolean
add_class (Totals *t, guint64 f, double lambda, double sampling_fraction, double threshold,
           GError **error)
{
  G_STATIC_ASSERT (RR_POPULATION_N_SENSITIVITY == 2);
  double mu = lambda * (1.0 - sampling_fraction), risk, sens[RR_POPULATION_N_SENSITIVITY];
  if (f == 1)
    {
      double e = exp (-mu), es[RR_POPULATION_N_SENSITIVITY] = { sqrt (e), e * e };
      risk = inverse_from_exp (mu, e);
      t->uniques += e;
      for (guint j = 0; j < RR_POPULATION_N_SENSITIVITY; j++)
        {
          sens[j] = inverse_from_exp (mu * rr_population_sensitivity[j], es[j]);
          t->sens_uniques[j] += es[j];
        }
    }
  else if (!rr_population_risk_expected_inverse (f, mu, &risk, error)
           || !rr_population_risk_expected_inverse (f, mu * rr_population_sensitivity[0],
                                                    &sens[0], error)
           || !rr_population_risk_expected_inverse (f, mu * rr_population_sensitivity[1],
                                                    &sens[1], error))
    return FALSE;
  t->risk_sum += (double) f * risk;
  t->max = fmax (t->max, risk);
  t->at_risk += risk > threshold ? f : 0;
  t->bands[band_of (risk)] += f;
  t->persons_zero += lambda > 0 ? 0 : f;
  for (guint j = 0; j < RR_POPULATION_N_SENSITIVITY; j++)
    t->sens_risk[j] += (double) f * sens[j];
  return TRUE;
}

/* Classes whose keys are copied together (model_block). */
#define KEY_BLOCK 256u

/* The keys of the part-th KEY_BLOCK classes from from (below to) into their half of ring. */
static void
keys_fill_part (const RrClassTable *classes, guint64 from, guint64 to, guint64 part,
                guint32 *ring)
{
  guint64 k = from + part * KEY_BLOCK;
  if (k < to)
    rr_class_table_keys (classes, k, MIN (KEY_BLOCK, to - k),
                         ring + part % 2 * KEY_BLOCK * rr_class_table_n_qi (classes));
}

/* The classes are summed in blocks of MODEL_BLOCK, each block in class order, then the blocks
 * in block order: the sums are then the same bits whatever the number of threads, which take
 * blocks as they come.  Each class is independent (its F, an exponential or two), and the
 * loop over a release's millions of classes had the audit's second core idle. */
#define MODEL_BLOCK 4096u
#define MODEL_MAX_THREADS 8u

typedef struct
{
  const RrPopulationCodes *codes;
  const RrClassTable *classes;
  const guint32 *sizes;
  guint threads; /* 0: one per processor */
  double scale, sampling_fraction, threshold;
  double *lambda; /* by class, or NULL */
  guint64 n_classes;
  guint n_blocks;
  gint next_block; /* atomic */
  Totals *totals;  /* by block */
  GError **errors; /* by block: the first error of the block's classes */
} ModelWork;

static void
model_block (ModelWork *w, guint block)
{
  guint n_qi = rr_class_table_n_qi (w->classes);
  guint64 from = (guint64) block * MODEL_BLOCK, to = MIN (w->n_classes, from + MODEL_BLOCK);
  /* Summed here and stored once: the blocks' totals lie side by side, and two threads adding
   * to neighbours class by class would share their cache lines. */
  Totals local = { 0 }, *t = &local;
  /* The keys a part at a time, into a ring of two parts: the next part is copied as the
   * current one starts, so the key PREFETCH_AHEAD classes on is always there. */
  G_STATIC_ASSERT (PREFETCH_AHEAD < KEY_BLOCK && MODEL_BLOCK % KEY_BLOCK == 0);
  g_autofree guint32 *ring = g_new (guint32, 2 * KEY_BLOCK * (gsize) n_qi);
  keys_fill_part (w->classes, from, to, 0, ring);
  for (guint64 k = from; k < MIN (to, from + PREFETCH_AHEAD); k++)
    rr_population_codes_prefetch (w->codes, ring + (k - from) * n_qi);
  for (guint64 k = from; k < to; k++)
    {
      guint64 i = k - from;
      if (i % KEY_BLOCK == 0)
        keys_fill_part (w->classes, from, to, i / KEY_BLOCK + 1, ring);
      if (k + PREFETCH_AHEAD < to)
        rr_population_codes_prefetch (w->codes, ring + (i + PREFETCH_AHEAD) % (2 * KEY_BLOCK)
                                                         * n_qi);
      const guint32 *key = ring + i % (2 * KEY_BLOCK) * n_qi;
      double lambda = rr_population_codes_frequency (w->codes, key) * w->scale;
      if (w->lambda != NULL)
        w->lambda[k] = lambda;
      if (!add_class (t, w->sizes[k], lambda, w->sampling_fraction, w->threshold,
                      &w->errors[block]))
        return;
    }
  w->totals[block] = local;
}

static gpointer
model_worker (gpointer data)
{
  ModelWork *w = data;
  for (;;)
    {
      guint block = (guint) g_atomic_int_add (&w->next_block, 1);
      if (block >= w->n_blocks)
        return NULL;
      model_block (w, block);
    }
}

/* Runs model_worker on this thread and on up to MODEL_MAX_THREADS - 1 more. */
static void
model_run (ModelWork *w)
{
  guint n_threads = w->threads > 0 ? w->threads : (guint) g_get_num_processors ();
  n_threads = MAX (MIN (MIN (n_threads, MODEL_MAX_THREADS), w->n_blocks), 1);
  GThread *threads[MODEL_MAX_THREADS];
  for (guint i = 1; i < n_threads; i++)
    threads[i] = g_thread_new ("rr-population", model_worker, w);
  model_worker (w);
  for (guint i = 1; i < n_threads; i++)
    g_thread_join (threads[i]);
}

/* The blocks' totals, in block order; FALSE with the first block's error if one failed. */
static gboolean
totals_merge (const ModelWork *w, Totals *all, GError **error)
{
  *all = (Totals) { 0 };
  for (guint b = 0; b < w->n_blocks; b++)
    {
      if (w->errors[b] != NULL)
        {
          g_propagate_error (error, g_error_copy (w->errors[b]));
          return FALSE;
        }
      const Totals *t = &w->totals[b];
      all->risk_sum += t->risk_sum;
      all->max = fmax (all->max, t->max);
      all->uniques += t->uniques;
      all->at_risk += t->at_risk;
      all->persons_zero += t->persons_zero;
      for (guint j = 0; j < RR_RISK_N_BANDS; j++)
        all->bands[j] += t->bands[j];
      for (guint j = 0; j < RR_POPULATION_N_SENSITIVITY; j++)
        {
          all->sens_uniques[j] += t->sens_uniques[j];
          all->sens_risk[j] += t->sens_risk[j];
        }
    }
  return TRUE;
}

static gboolean
table_model (RrPopulationResult *p, const RrPopulationCodes *codes, const RrClassTable *classes,
             const RrPopulationRiskOptions *o, guint64 n, GArray *lambda_out, GError **error)
{
  guint64 n_classes = rr_class_table_count (classes);
  ModelWork w = { codes, classes, rr_class_table_sizes (classes), o->threads, p->scale,
                  p->sampling_fraction, o->threshold, NULL, n_classes,
                  (guint) ((n_classes + MODEL_BLOCK - 1) / MODEL_BLOCK), 0, NULL, NULL };
  if (lambda_out != NULL)
    {
      guint before = lambda_out->len;
      g_array_set_size (lambda_out, before + (guint) n_classes);
      w.lambda = &g_array_index (lambda_out, double, before);
    }
  g_autofree Totals *totals = g_new0 (Totals, MAX (w.n_blocks, 1));
  g_autofree GError **errors = g_new0 (GError *, MAX (w.n_blocks, 1));
  w.totals = totals;
  w.errors = errors;
  model_run (&w);
  Totals t;
  gboolean ok = totals_merge (&w, &t, error);
  for (guint b = 0; b < w.n_blocks; b++)
    g_clear_error (&errors[b]);
  if (!ok)
    return FALSE;
  memcpy (p->bands, t.bands, sizeof t.bands);
  p->persons_zero = t.persons_zero;
  double persons = (double) MAX (n, 1);
  p->journalist_max = t.max;
  p->journalist_mean = t.risk_sum / persons;
  p->journalist_at_risk = (double) t.at_risk / persons;
  p->marketer_mean = t.risk_sum / persons;
  p->expected_reidentifications = t.risk_sum;
  p->estimated_uniques = t.uniques;
  for (guint j = 0; j < RR_POPULATION_N_SENSITIVITY; j++)
    {
      p->sensitivity_uniques[j] = t.sens_uniques[j];
      p->sensitivity_marketer[j] = t.sens_risk[j] / persons;
    }
  return TRUE;
}

static void
copy_notes (RrPopulationResult *p, const RrPopulation *pop)
{
  for (const char *const *n = rr_population_notes (pop); n != NULL && *n != NULL; n++)
    g_ptr_array_add (p->notes, g_strdup (*n));
}

static gboolean
with_tables (RrPopulationResult *p, const RrDataset *ds, const GPtrArray *specs,
             const RrClassTable *classes, const RrPopulationRiskOptions *o, GArray *lambda,
             GError **error)
{
  guint n_qi = rr_dataset_n_qi (ds);
  g_autoptr (RrPopulationQuery) q
      = rr_population_query_new (o->pop, (const RrQiSpec *const *) specs->pdata, o->roles, n_qi,
                                 error);
  if (q == NULL || !set_release_shares (q, ds, o->roles, error))
    return FALSE;
  g_autoptr (RrPopulationCodes) codes = codes_for (q, ds, o, error);
  if (codes == NULL)
    return FALSE;
  int pqi = rr_population_codes_postcode_qi (codes);
  guint32 n_pc = pqi >= 0 ? rr_dataset_qi_n_distinct (ds, (guint) pqi) : 0;
  g_autofree gboolean *used = g_new0 (gboolean, MAX (n_pc, 1));
  scan_postcodes (p, codes, classes, n_pc, used);
  p->covered_persons = rr_population_codes_area_persons (codes, used);
  guint64 n = rr_dataset_n_persons (ds);
  if (!choose_size (p, o, n, p->covered_persons, error))
    return FALSE;
  if (!(p->covered_persons > 0))
    return rr_throw (error, RR_ERROR_INVALID, "the population tables in %s hold nobody in the "
                     "postcode areas of this release", rr_population_dir (o->pop));
  p->scale = (double) p->size / p->covered_persons;
  if (!table_model (p, codes, classes, o, n, lambda, error))
    return FALSE;
  p->fallbacks = rr_population_query_fallbacks (q);
  p->split = o->split;
  const RrPopulationSplitFit *fits = rr_population_codes_split_fits (codes, &p->n_split_fits);
  memcpy (p->split_fits, fits, p->n_split_fits * sizeof *fits);
  p->n_outside = rr_population_query_n_outside (q);
  copy_notes (p, o->pop);
  g_array_append_vals (p->roles, o->roles, n_qi);
  return TRUE;
}

/* ---- the sample-only models ---- */

static gboolean
sample_only (RrPopulationResult *p, const RrClassTable *classes, RrUniquenessForm form,
             GError **error)
{
  g_autoptr (GArray) dist = rr_class_table_size_distribution (classes);
  const RrClassSizeCount *d = (const RrClassSizeCount *) (gpointer) dist->data;
  p->form = form;
  if (!rr_uniqueness_estimate_all (d, dist->len, p->size, form, p->models, error)
      || !rr_uniqueness_bf_estimate (d, dist->len, p->size, &p->bf, error))
    return FALSE;
  p->sample_only = TRUE;
  return TRUE;
}

RrPopulationResult *
rr_population_risk_estimate (const RrDataset *ds, const GPtrArray *specs,
                             const RrClassTable *classes, const RrPopulationRiskOptions *o,
                             GArray *lambda, GError **error)
{
  g_return_val_if_fail (ds != NULL && specs != NULL && classes != NULL && o != NULL, NULL);
  g_return_val_if_fail (!(o->sampling_fraction > 0 && o->population_size > 0), NULL);
  if (o->pop == NULL && o->population_size == 0 && !(o->sampling_fraction > 0))
    return NULL;
  g_autoptr (RrPopulationResult) p = rr_population_result_new ();
  p->tables = o->pop != NULL;
  p->source = g_strdup (o->pop != NULL ? rr_population_name (o->pop) : "none");
  p->dir = o->pop != NULL ? g_strdup (rr_population_dir (o->pop)) : NULL;
  if (o->pop != NULL && !with_tables (p, ds, specs, classes, o, lambda, error))
    return NULL;
  if (o->pop == NULL && !choose_size (p, o, rr_dataset_n_persons (ds), 0, error))
    return NULL;
  if (rr_dataset_n_persons (ds) > 0 && !sample_only (p, classes, o->form, error))
    return NULL;
  return g_steal_pointer (&p);
}
