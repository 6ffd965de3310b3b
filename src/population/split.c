/* split.c - the split of a geography-table code's persons among the release's finer postcodes
 * (population stage): the release's counts per code and per parent, one maximum-likelihood fit
 * of the smoothing weight alpha per level, and each code's divisor.  doc/population-model.md
 * gives the estimator and its derivation. */
#include "config.h"
#include "population/split.h"
#include "population/tables-private.h"
#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_sf_gamma.h>

/* Grid points per decade of alpha: the log-likelihood is smooth and unimodal in ln alpha in
 * every case tried, and a factor of 10 between points is enough to bracket its maximum for
 * Brent, which then needs about ten steps. */
#define GRID_PER_DECADE 1
/* Brent on a bracket two decades wide reaches RR_SPLIT_LN_ALPHA_EPSABS in about 15 steps; the
 * cap only guards against a likelihood that is not smooth (then converged is FALSE). */
#define MAX_ITER 100
/* Below this count, ln Gamma(n + a) - ln Gamma(a) is summed as logs (exact, and cheaper than
 * one ln Gamma for the small f most codes have); above it one GSL ln Gamma. */
#define SUM_LOGS_BELOW 24

const char *
rr_population_split_to_string (RrPopulationSplit split)
{
  return split == RR_POPULATION_SPLIT_UNIFORM ? "uniform" : "release";
}

gboolean
rr_population_split_from_string (const char *s, RrPopulationSplit *split)
{
  if (g_strcmp0 (s, "release") == 0)
    *split = RR_POPULATION_SPLIT_RELEASE;
  else if (g_strcmp0 (s, "uniform") == 0)
    *split = RR_POPULATION_SPLIT_UNIFORM;
  else
    return FALSE;
  return TRUE;
}

double
rr_population_split_share (guint64 f, guint64 g, double alpha, double per_parent)
{
  g_return_val_if_fail (per_parent > 0 && alpha > 0, 0);
  if (isinf (alpha))
    return 1.0 / per_parent;
  return ((double) f + alpha) / ((double) g + alpha * per_parent);
}

/* ---- the fit ---- */

/* ln Gamma(n + a) - ln Gamma(a), given ln_gamma_a = ln Gamma(a): a sum of logs for small n
 * (exact, and no cancellation when a is large), else one ln Gamma.  The difference of two
 * ln Gamma loses about ulp(ln Gamma(n + a)), 3e-9 at a = 1e6: far below the log-likelihood
 * differences the fit compares (its curvature is that of thousands of codes). */
static double
ln_rising (guint64 n, double a, double ln_gamma_a)
{
  if (n < SUM_LOGS_BELOW)
    {
      double s = 0;
      for (guint64 j = 0; j < n; j++)
        s += log (a + (double) j);
      return s;
    }
  gsl_sf_result r;
  if (gsl_sf_lngamma_e ((double) n + a, &r) != GSL_SUCCESS)
    return (double) NAN;
  return r.val - ln_gamma_a;
}

/* The beta-binomial's pieces that depend on alpha (and K) only. */
typedef struct
{
  double alpha, beta, sum; /* beta = (K - 1) alpha, sum = K alpha */
  double lg_alpha, lg_beta, lg_sum;
} Prior;

static double
ln_gamma (double x)
{
  gsl_sf_result r;
  return gsl_sf_lngamma_e (x, &r) == GSL_SUCCESS ? r.val : (double) NAN;
}

static Prior
prior_of (double K, double alpha)
{
  Prior p = { alpha, (K - 1.0) * alpha, K * alpha, 0, 0, 0 };
  p.lg_alpha = ln_gamma (p.alpha);
  p.lg_beta = ln_gamma (p.beta);
  p.lg_sum = ln_gamma (p.sum);
  return p;
}

/* The terms of one parent count g: -ln (alpha + beta)_g - ln (1 - P(0 | g)), where
 * P(0 | g) = (beta)_g / (alpha + beta)_g. */
static double
parent_terms (const Prior *p, guint64 g)
{
  double ln_all = ln_rising (g, p->sum, p->lg_sum);
  double ln_p0 = ln_rising (g, p->beta, p->lg_beta) - ln_all;
  return -ln_all - log (-expm1 (ln_p0));
}

/* The uniform limit: a zero-truncated binomial(g, 1/K), without ln C(g, f). */
static double
binomial_loglik (guint64 f, guint64 g, double K)
{
  double ln_q = -log (K), ln_1q = log1p (-1.0 / K);
  return (double) f * ln_q + (double) (g - f) * ln_1q - log (-expm1 ((double) g * ln_1q));
}

double
rr_population_split_loglik (const RrPopulationSplitCount *counts, gsize n, double per_parent,
                            double alpha)
{
  g_return_val_if_fail (per_parent > 1 && alpha > 0, (double) NAN);
  gboolean uniform = isinf (alpha);
  Prior p = uniform ? (Prior){ 0 } : prior_of (per_parent, alpha);
  double l = 0, g_terms = 0;
  guint64 last_g = 0;
  for (gsize i = 0; i < n; i++)
    {
      guint64 f = counts[i].f, g = counts[i].g;
      if (f == 0 || f > g || g < 2)
        continue;
      if (uniform)
        {
          l += (double) counts[i].n * binomial_loglik (f, g, per_parent);
          continue;
        }
      /* counts come sorted by g (split.c's plan), so a parent's terms are worked out once */
      if (g != last_g)
        g_terms = parent_terms (&p, g), last_g = g;
      l += (double) counts[i].n * (ln_rising (f, p.alpha, p.lg_alpha)
                                   + ln_rising (g - f, p.beta, p.lg_beta) + g_terms);
    }
  return l;
}

typedef struct
{
  const RrPopulationSplitCount *counts;
  gsize n;
  double per_parent;
} FitData;

/* The minimiser's objective: -l at alpha = e^t. */
static double
neg_loglik (double t, void *data)
{
  const FitData *d = data;
  return -rr_population_split_loglik (d->counts, d->n, d->per_parent, exp (t));
}

/* Brent inside (lo, hi) around m, where the grid found -l(m) below both ends. */
static void
fit_brent (FitData *d, double lo, double m, double hi, double fm, RrPopulationSplitFit *fit)
{
  gsl_function F = { neg_loglik, d };
  gsl_min_fminimizer *s = gsl_min_fminimizer_alloc (gsl_min_fminimizer_brent);
  fit->alpha = exp (m);
  fit->converged = FALSE;
  if (gsl_min_fminimizer_set_with_values (s, &F, m, fm, lo, neg_loglik (lo, d), hi,
                                          neg_loglik (hi, d)) == GSL_SUCCESS)
    for (fit->iterations = 1; fit->iterations <= MAX_ITER; fit->iterations++)
      {
        if (gsl_min_fminimizer_iterate (s) != GSL_SUCCESS)
          break;
        double a = gsl_min_fminimizer_x_lower (s), b = gsl_min_fminimizer_x_upper (s);
        fit->alpha = exp (gsl_min_fminimizer_x_minimum (s));
        if (gsl_min_test_interval (a, b, RR_SPLIT_LN_ALPHA_EPSABS, 0.0) == GSL_SUCCESS)
          {
            fit->converged = TRUE;
            break;
          }
      }
  gsl_min_fminimizer_free (s);
}

/* The grid point k in 0..n of ln alpha = t0 + k step with the largest likelihood, and its -l
 * in *best; a tie goes to the larger alpha, the one nearer the stated fallback. */
static int
grid_best (FitData *d, double t0, double step, int n, double *best)
{
  int at = 0;
  *best = (double) INFINITY;
  for (int k = 0; k <= n; k++)
    {
      double v = neg_loglik (t0 + k * step, d);
      if (v <= *best)
        *best = v, at = k;
    }
  return at;
}

void
rr_population_split_fit (const RrPopulationSplitCount *counts, gsize n, double per_parent,
                         RrPopulationSplitFit *fit)
{
  g_return_if_fail (per_parent > 0);
  FitData d = { counts, n, per_parent };
  fit->per_parent = per_parent;
  fit->alpha = (double) INFINITY;
  fit->at_lower = FALSE;
  fit->converged = TRUE;
  fit->iterations = 0;
  /* At most one code per parent on average leaves nothing to split: beta would be <= 0. */
  gboolean any = FALSE;
  if (!(per_parent > 1))
    return;
  for (gsize i = 0; i < n && !any; i++)
    any = counts[i].f > 0 && counts[i].g >= 2;
  if (!any)
    return;
  double t0 = log (RR_SPLIT_ALPHA_MIN), t1 = log (RR_SPLIT_ALPHA_MAX), best;
  int n_grid = (int) lround ((log10 (RR_SPLIT_ALPHA_MAX) - log10 (RR_SPLIT_ALPHA_MIN))
                             * GRID_PER_DECADE);
  double step = (t1 - t0) / n_grid;
  int at = grid_best (&d, t0, step, n_grid, &best);
  if (at == n_grid || !isfinite (best))
    return; /* the maximum is at the top: the release shows no variation beyond sampling */
  if (at == 0)
    {
      fit->alpha = RR_SPLIT_ALPHA_MIN;
      fit->at_lower = TRUE;
      return;
    }
  fit_brent (&d, t0 + (at - 1) * step, t0 + at * step, t0 + (at + 1) * step, best, fit);
}

/* ---- the plan ---- */

/* One level of the release's postcodes and their ancestors: each code's released persons and
 * the index of its parent one level up (G_MAXUINT32: none).  Level 0, the release's own codes,
 * borrows the caller's persons; the levels above own theirs and their labels. */
typedef struct
{
  guint32 n;
  const guint64 *persons; /* [n]; NULL: none given (all 0) */
  guint32 *parent;        /* [n] (level 0) or in parents (the levels above) */
  GArray *own_persons;    /* guint64, the levels above */
  GArray *parents;        /* guint32, the levels above */
  GPtrArray *labels;      /* char*, the levels above */
  GHashTable *index;      /* label -> index + 1, the levels above; keys are in labels */
} Level;

struct _RrPopulationSplitPlan
{
  int level, n_levels;   /* the release's level; levels from it to the table's, inclusive */
  Level lv[RR_POP_N_LEVELS]; /* [0] the release's own level, [n_levels - 1] the table's */
  RrPopulationSplitFit fits[RR_POPULATION_SPLIT_MAX_LEVELS];
};

void
rr_population_split_plan_free (RrPopulationSplitPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->lv[0].parent);
  for (int i = 1; i < plan->n_levels; i++)
    {
      Level *l = &plan->lv[i];
      g_hash_table_unref (l->index);
      g_ptr_array_unref (l->labels);
      g_array_unref (l->own_persons);
      g_array_unref (l->parents);
    }
  g_free (plan);
}

static inline guint64
persons_of (const Level *l, guint32 idx)
{
  return l->persons != NULL ? l->persons[idx] : 0;
}

/* The index of label at plan level i (> 0), adding it (and, recursively, its ancestors) if
 * new. */
static guint32
ancestor_index (RrPopulationSplitPlan *plan, int i, const char *label)
{
  Level *l = &plan->lv[i];
  gpointer v = g_hash_table_lookup (l->index, label);
  if (v != NULL)
    return GPOINTER_TO_UINT (v) - 1;
  guint32 idx = l->labels->len, up = G_MAXUINT32;
  guint64 zero = 0;
  char parent[16];
  if (i + 1 < plan->n_levels
      && rr_geography_parent (label, plan->level + i, parent, sizeof parent))
    up = ancestor_index (plan, i + 1, parent);
  char *copy = g_strdup (label);
  g_ptr_array_add (l->labels, copy);
  g_array_append_val (l->own_persons, zero);
  g_array_append_val (l->parents, up);
  l->n = l->labels->len;
  l->persons = (const guint64 *) (gpointer) l->own_persons->data;
  l->parent = (guint32 *) (gpointer) l->parents->data;
  g_hash_table_insert (l->index, copy, GUINT_TO_POINTER (idx + 1));
  return idx;
}

static void
plan_alloc (RrPopulationSplitPlan *plan, guint32 n_codes, const guint64 *persons)
{
  plan->lv[0].n = n_codes;
  plan->lv[0].persons = persons;
  plan->lv[0].parent = g_new (guint32, MAX (n_codes, 1));
  for (int i = 1; i < plan->n_levels; i++)
    {
      Level *l = &plan->lv[i];
      l->own_persons = g_array_new (FALSE, FALSE, sizeof (guint64));
      l->parents = g_array_new (FALSE, FALSE, sizeof (guint32));
      l->labels = g_ptr_array_new_with_free_func (g_free);
      l->index = g_hash_table_new (g_str_hash, g_str_equal);
    }
}

/* Each code's parent, and the released persons summed up every level. */
static void
plan_count (RrPopulationSplitPlan *plan, const char *const *labels)
{
  Level *own = &plan->lv[0];
  for (guint32 c = 0; c < own->n; c++)
    {
      char parent[16];
      guint32 up = G_MAXUINT32;
      if (labels[c] != NULL && rr_geography_parent (labels[c], plan->level, parent, sizeof parent))
        up = ancestor_index (plan, 1, parent);
      own->parent[c] = up;
      guint64 p = persons_of (own, c);
      for (int i = 1; up != G_MAXUINT32 && i < plan->n_levels && p > 0; i++)
        {
          g_array_index (plan->lv[i].own_persons, guint64, up) += p;
          up = plan->lv[i].parent[up];
        }
    }
}

static gint
count_cmp (gconstpointer a, gconstpointer b)
{
  const RrPopulationSplitCount *x = a, *y = b;
  if (x->g != y->g)
    return x->g < y->g ? -1 : 1;
  return x->f < y->f ? -1 : x->f > y->f;
}

/* Sorts counts by (g, f) and adds up the n of equal pairs, so the fit's cost is per distinct
 * pair. */
static void
merge_counts (GArray *counts)
{
  g_array_sort (counts, count_cmp);
  guint out = 0;
  for (guint j = 0; j < counts->len; j++)
    {
      RrPopulationSplitCount *k = &g_array_index (counts, RrPopulationSplitCount, j);
      RrPopulationSplitCount *last = out > 0 ? &g_array_index (counts, RrPopulationSplitCount,
                                                               out - 1) : NULL;
      if (last != NULL && last->f == k->f && last->g == k->g)
        last->n += k->n;
      else
        g_array_index (counts, RrPopulationSplitCount, out++) = *k;
    }
  g_array_set_size (counts, out);
}

/* The (f, g) pairs of plan level i, counted.  A release has a million units but a few
 * thousand parents, and f is mostly small: so each parent keeps a histogram of its codes' f
 * below HIST_F (an f above goes straight to the list), and only the histograms' entries are
 * sorted and merged.  This keeps the step linear in the codes, without a sort of them. */
#define HIST_F 32
static GArray *
level_counts (const RrPopulationSplitPlan *plan, int i, RrPopulationSplitFit *fit)
{
  const Level *l = &plan->lv[i], *up = &plan->lv[i + 1];
  g_autofree guint32 *hist = g_new0 (guint32, (gsize) MAX (up->n, 1) * HIST_F);
  GArray *counts = g_array_new (FALSE, FALSE, sizeof (RrPopulationSplitCount));
  for (guint32 c = 0; c < l->n; c++)
    {
      guint32 p = l->parent[c];
      guint64 f = persons_of (l, c);
      if (p == G_MAXUINT32 || f == 0)
        continue;
      fit->codes++;
      if (f < HIST_F)
        hist[(gsize) p * HIST_F + f]++;
      else
        g_array_append_val (counts, ((RrPopulationSplitCount){ f, persons_of (up, p), 1 }));
    }
  for (guint32 p = 0; p < up->n; p++)
    {
      fit->parents += persons_of (up, p) > 0;
      for (guint f = 1; f < HIST_F; f++)
        if (hist[(gsize) p * HIST_F + f] > 0)
          g_array_append_val (counts, ((RrPopulationSplitCount){ f, persons_of (up, p),
                                                                 hist[(gsize) p * HIST_F + f] }));
    }
  merge_counts (counts);
  return counts;
}

static void
plan_fit (RrPopulationSplitPlan *plan, const RrPopulation *pop)
{
  for (int i = 0; i + 1 < plan->n_levels; i++)
    {
      RrPopulationSplitFit *fit = &plan->fits[i];
      double K = pop->per_parent[plan->level + i];
      g_autoptr (GArray) counts = plan->lv[0].persons != NULL ? level_counts (plan, i, fit) : NULL;
      rr_population_split_fit (counts != NULL ? (gpointer) counts->data : NULL,
                               counts != NULL ? counts->len : 0, K, fit);
      fit->level = plan->level + i;
    }
}

RrPopulationSplitPlan *
rr_population_split_plan_new (const RrPopulation *pop, int level, const char *const *labels,
                              guint32 n_codes, const guint64 *persons)
{
  g_return_val_if_fail (pop != NULL && level >= 0 && level < pop->finest, NULL);
  g_return_val_if_fail (labels != NULL || n_codes == 0, NULL);
  g_autoptr (RrPopulationSplitPlan) plan = g_new0 (RrPopulationSplitPlan, 1);
  plan->level = level;
  plan->n_levels = pop->finest - level + 1;
  plan_alloc (plan, n_codes, persons);
  plan_count (plan, labels);
  plan_fit (plan, pop);
  return g_steal_pointer (&plan);
}

guint32
rr_population_split_plan_ancestor (const RrPopulationSplitPlan *plan, guint32 code)
{
  g_return_val_if_fail (code < plan->lv[0].n, G_MAXUINT32);
  guint32 idx = code;
  for (int i = 0; i + 1 < plan->n_levels && idx != G_MAXUINT32; i++)
    idx = plan->lv[i].parent[idx];
  return idx;
}

guint32
rr_population_split_plan_n_ancestors (const RrPopulationSplitPlan *plan)
{
  return plan->lv[plan->n_levels - 1].n;
}

const char *
rr_population_split_plan_ancestor_label (const RrPopulationSplitPlan *plan, guint32 a)
{
  const Level *top = &plan->lv[plan->n_levels - 1];
  g_return_val_if_fail (a < top->n, NULL);
  return g_ptr_array_index (top->labels, a);
}

/* The product of 1/s down the levels.  The uniform split multiplies the K in the order
 * frequency.c divides by them, so its F is the same to the last bit. */
double
rr_population_split_plan_divisor (const RrPopulationSplitPlan *plan, guint32 code)
{
  g_return_val_if_fail (code < plan->lv[0].n, 0);
  double d = 1;
  guint32 idx = code;
  for (int i = 0; i + 1 < plan->n_levels && idx != G_MAXUINT32; i++)
    {
      const Level *l = &plan->lv[i];
      const RrPopulationSplitFit *fit = &plan->fits[i];
      guint32 up = l->parent[idx];
      if (isinf (fit->alpha))
        d *= fit->per_parent;
      else
        d /= rr_population_split_share (persons_of (l, idx),
                                        up != G_MAXUINT32 ? persons_of (&plan->lv[i + 1], up) : 0,
                                        fit->alpha, fit->per_parent);
      idx = up;
    }
  return d;
}

const RrPopulationSplitFit *
rr_population_split_plan_fits (const RrPopulationSplitPlan *plan, guint *n)
{
  *n = (guint) (plan->n_levels - 1);
  return plan->fits;
}
