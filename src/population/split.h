/* split.h - how the persons of a geography-table code are split among the finer postcodes of a
 * release (population stage): uniformly, by the manifest's average codes per parent, or by the
 * release's own counts smoothed towards that average (empirical Bayes).  The estimator, its
 * derivation and its sources are in doc/population-model.md ("Below the geography table"). */
#pragma once
#include <glib.h>
#include "population/tables.h"

/* The two splits below the geography table (reidrisk audit --postcode-split). */
typedef enum
{
  RR_POPULATION_SPLIT_RELEASE, /* the release's counts, smoothed towards the average (default) */
  RR_POPULATION_SPLIT_UNIFORM, /* the manifest's average codes per parent (the old fallback) */
} RrPopulationSplit;

/* "release" or "uniform". */
const char *rr_population_split_to_string (RrPopulationSplit split);
/* FALSE if s is neither name. */
gboolean rr_population_split_from_string (const char *s, RrPopulationSplit *split);

/* Codes of one level that have f released persons while their parent (one level up) has g:
 * n such codes. */
typedef struct
{
  guint64 f, g, n;
} RrPopulationSplitCount;

/* The fit at one level: the share of code c in its parent is
 *   s_c = (f_c + alpha) / (g + alpha K)
 * with f_c and g the released persons of c and of its parent and K the manifest's codes per
 * parent: the posterior mean of a Beta(alpha, (K - 1) alpha) prior share, centred on the
 * uniform 1/K, after f_c of the parent's g released persons.  alpha is fitted by maximum
 * likelihood (below); INFINITY gives s_c = 1/K. */
typedef struct
{
  int level;          /* the finer level: 0 unit, 1 sector, 2 district */
  double per_parent;  /* K */
  double alpha;       /* the fitted prior weight per code; INFINITY: the uniform split */
  guint64 codes;      /* codes of this level with released persons (the fit's data) */
  guint64 parents;    /* their parents */
  gboolean at_lower;  /* the fit stopped at the smallest alpha searched (RR_SPLIT_ALPHA_MIN) */
  gboolean converged; /* Brent's interval met its tolerance (always TRUE at a bound) */
  guint iterations;   /* Brent iterations after the grid */
} RrPopulationSplitFit;

/* The search range of alpha: below the minimum the share is the raw ratio f_c / g to within
 * 1e-3 / g; above the maximum it is 1/K to within 1e6 / (g + 1e6 K) relative, so the top end
 * is taken as INFINITY (the uniform split). */
#define RR_SPLIT_ALPHA_MIN 1e-3
#define RR_SPLIT_ALPHA_MAX 1e6
/* The fit stops when Brent's bracket on ln alpha is this narrow: alpha to 0.01%, which moves a
 * share by under 0.01% of its distance from the raw ratio f/g (d ln s / d ln alpha is below 1),
 * far inside alpha's own sampling error; the few extra steps cost nothing. */
#define RR_SPLIT_LN_ALPHA_EPSABS 1e-4

/* s_c above; 1/K when alpha is INFINITY.  Domain: K > 0, alpha > 0, f <= g. */
double rr_population_split_share (guint64 f, guint64 g, double alpha, double per_parent);

/* The composite log-likelihood of alpha (up to a constant in alpha): a code's share of its
 * parent has the prior Beta(alpha, (K - 1) alpha), of mean 1/K, and given its parent's g
 * released persons its own f is binomial(g, share), so f is beta-binomial; a code is seen only
 * when f >= 1, so each term is zero-truncated:
 *   l(alpha) = sum n [ln B(f + alpha, g - f + (K - 1) alpha) - ln B(alpha, (K - 1) alpha)
 *                     - ln (1 - B(alpha, g + (K - 1) alpha) / B(alpha, (K - 1) alpha))].
 * The codes of one parent are not independent (their f add up to g); the product of their
 * margins is a composite likelihood (Lindsay 1988), whose maximum is consistent for alpha
 * (tests/unit/test-population-split.c recovers a known alpha by simulation).
 * The posterior mean of the share is then (f + alpha) / (g + alpha K), the split above.
 * alpha = INFINITY gives the zero-truncated binomial(g, 1/K).  Codes with f = 0 or f > g are
 * skipped, and so are parents with one released person (g = 1: its code has f = 1 whatever
 * the shares, a term of exactly 0).  Fastest with counts sorted by g (a parent's terms are then computed once).
 * Domain: K > 1, alpha > 0 (else NaN). */
double rr_population_split_loglik (const RrPopulationSplitCount *counts, gsize n,
                                   double per_parent, double alpha);

/* Maximises the log-likelihood over alpha in [RR_SPLIT_ALPHA_MIN, RR_SPLIT_ALPHA_MAX]: a grid
 * of decades in ln alpha, then GSL's Brent minimiser between the best point's neighbours.
 * The maximum at the top of the grid gives alpha = INFINITY (a tie goes to the larger alpha),
 * and so do no data (no code with f >= 1 under a parent with g >= 2) and K <= 1.  Fills fit's per_parent, alpha, at_lower, converged and iterations (the
 * level and the counts are the caller's). */
void rr_population_split_fit (const RrPopulationSplitCount *counts, gsize n, double per_parent,
                              RrPopulationSplitFit *fit);

/* At most three splits: unit in sector, sector in district, district in area. */
#define RR_POPULATION_SPLIT_MAX_LEVELS 3

typedef struct _RrPopulationSplitPlan RrPopulationSplitPlan;

/* The split of the release's postcode codes at level (0 unit, 1 sector, 2 district), finer
 * than the table's finest level (pop's): labels[0..n_codes) are the codes' labels (NULL or not
 * a postcode at level: no split, see _ancestor), persons[c] the released persons with code c
 * (borrowed: it must outlive the plan); persons NULL gives the uniform split.  Cost: one hash
 * lookup per code and one fit per level on the distinct (f, g) pairs; no allocation per code
 * but one array of their parents.  pop must hold the manifest's codes per parent of each
 * level from level to the table's (frequency.c checks this). */
RrPopulationSplitPlan *rr_population_split_plan_new (const RrPopulation *pop, int level,
                                                     const char *const *labels,
                                                     guint32 n_codes, const guint64 *persons);
void rr_population_split_plan_free (RrPopulationSplitPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrPopulationSplitPlan, rr_population_split_plan_free)

/* The index (0 .. _n_ancestors) of code's ancestor at the table's finest level, or G_MAXUINT32
 * if its label is not a postcode at the plan's level. */
guint32 rr_population_split_plan_ancestor (const RrPopulationSplitPlan *plan, guint32 code);
guint32 rr_population_split_plan_n_ancestors (const RrPopulationSplitPlan *plan);
/* The label of ancestor a (borrowed). */
const char *rr_population_split_plan_ancestor_label (const RrPopulationSplitPlan *plan,
                                                     guint32 a);
/* The ancestor's persons divided by code's: the product over the levels between of 1/s (K
 * each in the uniform split, the same product frequency.c divides by).  O(levels). */
double rr_population_split_plan_divisor (const RrPopulationSplitPlan *plan, guint32 code);
/* One fit per level, fits[i] for the split of level (the plan's level + i) among its parents,
 * so the release's own level first; borrowed, *n set.  In the uniform split each has alpha
 * INFINITY and no data. */
const RrPopulationSplitFit *rr_population_split_plan_fits (const RrPopulationSplitPlan *plan,
                                                           guint *n);
