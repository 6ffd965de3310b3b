/* uniqueness.c - sample-only population-uniqueness models (Pitman, Zayatz, SNB, Dankar's rule)
 * and the Benedetti-Franconi individual risk (measure stage).  Formulas: uniqueness.h and
 * doc/uniqueness.md.  GSL supplies the special functions and the root finders. */
#include "config.h"
#include "measure/uniqueness.h"
#include <math.h>
#include <float.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_multiroots.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_log.h>
#include <gsl/gsl_sf_psi.h>
#include "util/autocleanups.h"
#include "util/error.h"

/* NAN is a float in C11; the cast keeps -Wdouble-promotion quiet under clang. */
#define RR_NAN ((double) NAN)



/* ARX's solver gives each try 1000 Newton iterations; hybrids needs far fewer when it works. */
#define SOLVER_MAX_ITER 1000
/* Both systems are scaled so that each residual is relative (dimensionless).  Stop when all are
 * below 1e-12 (about 5000 ulps: above the rounding of sums over up to ~1e7 terms) or the step is
 * below 1e-13 relative; accept the point as a root only if the residuals are below 1e-8, so that
 * a stalled solver is never reported as converged. */
#define ROOT_EPS_STOP 1e-12
#define ROOT_EPS_STEP 1e-13
#define ROOT_EPS_ACCEPT 1e-8
/* Dankar et al.'s threshold on the sampling fraction (as ARX: pi <= 0.1 picks Pitman). */
#define DANKAR_PI_SMALL 0.1
/* Below this q the f = 2 Benedetti-Franconi risk is summed as a series: the closed form
 * p/q - (p/q)^2 log(1/p) cancels terms of size 1/q^2 (doc/uniqueness.md). */
#define BF_SERIES_Q 0.5

typedef struct
{
  const RrClassSizeCount *dist;
  gsize n_bins;
  double n, N, pi, u, c1, c2;
  guint64 n_records, n_classes, N_pop, uniques;
} Sample;

static const char *const model_names[RR_UNIQ_N_MODELS] = { "pitman", "zayatz", "snb", "dankar" };

const char *
rr_uniqueness_model_name (RrUniquenessModel model)
{
  g_return_val_if_fail (model < RR_UNIQ_N_MODELS, NULL);
  return model_names[model];
}

void
rr_uniqueness_estimate_clear (RrUniquenessEstimate *est)
{
  g_free (est->note);
  memset (est, 0, sizeof *est);
}

/* ---- the sample ------------------------------------------------------------------------- */

static gboolean
sample_count (const RrClassSizeCount *dist, gsize n_bins, Sample *s, GError **error)
{
  guint64 prev = 0;
  for (gsize b = 0; b < n_bins; b++)
    {
      guint64 size = dist[b].size, persons = 0;
      if (size == 0 || size <= prev)
        return rr_throw (error, RR_ERROR_INVALID,
                         "class-size distribution: sizes must be >= 1 and strictly ascending "
                         "(bar %" G_GSIZE_FORMAT " has size %" G_GUINT64_FORMAT ")",
                         b, size);
      prev = size;
      if (!g_uint64_checked_mul (&persons, size, dist[b].n_classes)
          || !g_uint64_checked_add (&s->n_records, s->n_records, persons)
          || !g_uint64_checked_add (&s->n_classes, s->n_classes, dist[b].n_classes))
        return rr_throw (error, RR_ERROR_INVALID, "class-size distribution: counts overflow");
      if (size == 1)
        s->uniques = dist[b].n_classes;
      if (size == 2)
        s->c2 = (double) dist[b].n_classes;
    }
  return TRUE;
}

static gboolean
sample_init (const RrClassSizeCount *dist, gsize n_bins, guint64 N, Sample *s, GError **error)
{
  *s = (Sample){ .dist = dist, .n_bins = n_bins, .N_pop = N };
  if (!sample_count (dist, n_bins, s, error))
    return FALSE;
  if (s->n_records == 0)
    return rr_throw (error, RR_ERROR_INVALID, "class-size distribution: no records");
  if (N < s->n_records)
    return rr_throw (error, RR_ERROR_INVALID,
                     "population size %" G_GUINT64_FORMAT " is smaller than the sample (%"
                     G_GUINT64_FORMAT " records)", N, s->n_records);
  s->n = (double) s->n_records;
  s->N = (double) N;
  s->u = (double) s->n_classes;
  s->pi = s->n / s->N;
  s->c1 = (double) s->uniques;
  return TRUE;
}

/* ---- filling an estimate ---------------------------------------------------------------- */

/* out may be uninitialised: it is overwritten, not freed. */
static void
est_begin (RrUniquenessEstimate *out, RrUniquenessModel model)
{
  memset (out, 0, sizeof *out);
  out->model = model;
  out->chosen = model;
  out->population_uniques = RR_NAN;
  out->fraction = RR_NAN;
}

static void
est_param (RrUniquenessEstimate *out, const char *name, double value)
{
  g_return_if_fail (out->n_params < RR_UNIQ_MAX_PARAMS);
  out->param_names[out->n_params] = name;
  out->params[out->n_params++] = value;
}

static void
est_succeed (RrUniquenessEstimate *out, double uniques, const Sample *s)
{
  out->converged = TRUE;
  out->population_uniques = uniques;
  out->fraction = uniques / s->N;
}

static void G_GNUC_PRINTF (2, 3)
est_fail (RrUniquenessEstimate *out, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_free (out->note);
  out->note = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  out->converged = FALSE;
  out->population_uniques = RR_NAN;
  out->fraction = RR_NAN;
}

/* ---- the 2-D root finder for SNB ---------------------------------------- */

static double
max_abs_residual (const gsl_vector *f)
{
  return fmax (fabs (gsl_vector_get (f, 0)), fabs (gsl_vector_get (f, 1)));
}

/* Runs hybrids from start; on success x_out holds the root.  *why is set on failure. */
static gboolean
solve_2d (gsl_multiroot_function *F, const double start[2], double x_out[2], guint *iterations,
          char **why)
{
  g_autoptr (gsl_multiroot_fsolver) w
      = gsl_multiroot_fsolver_alloc (gsl_multiroot_fsolver_hybrids, 2);
  g_autoptr (gsl_vector) x = gsl_vector_alloc (2);
  gsl_vector_set (x, 0, start[0]);
  gsl_vector_set (x, 1, start[1]);
  int status = gsl_multiroot_fsolver_set (w, F, x);
  guint iter = 0;
  while (status == GSL_SUCCESS && iter < SOLVER_MAX_ITER)
    {
      iter++;
      status = gsl_multiroot_fsolver_iterate (w);
      if (status != GSL_SUCCESS)
        break;
      if (max_abs_residual (w->f) < ROOT_EPS_STOP
          || gsl_multiroot_test_delta (w->dx, w->x, ROOT_EPS_STEP, ROOT_EPS_STEP) == GSL_SUCCESS)
        break;
    }
  *iterations = iter;
  double resid = max_abs_residual (w->f);
  if (!(resid < ROOT_EPS_ACCEPT))
    {
      *why = g_strdup_printf ("no root after %u iterations (%s; relative residual %.3g)", iter,
                              status == GSL_SUCCESS ? "iteration limit" : gsl_strerror (status),
                              resid);
      return FALSE;
    }
  x_out[0] = gsl_vector_get (w->x, 0);
  x_out[1] = gsl_vector_get (w->x, 1);
  return TRUE;
}

static double
logistic (double a)
{
  return 1.0 / (1.0 + exp (-a));
}

/* ---- Pitman (Hoshino 2001) -------------------------------------------------------------- */

/* The fit profiles the likelihood: for fixed alpha the theta-score falls from +infinity (at
 * the edge of the domain) to below 0, so Brent finds theta(alpha) in a bracket; the alpha-score
 * along that curve is the derivative of the profile likelihood, and a second Brent finds its
 * zero.  Both are bracketed, so unlike a 2-D Newton step (ARX) or hybrids they cannot wander
 * out of the domain, and an MLE on the edge is detected as a missing sign change. */
#define PITMAN_ALPHA_EDGE 1e-9   /* keeps alpha off 0 and 1 where the formula degenerates */
#define PITMAN_ALPHA_ARX_LOW -0.99 /* ARX does not bound alpha below; we search down to here */
#define PITMAN_EPSREL 1e-13      /* Brent's relative bracket width: ~500 ulps */

typedef struct
{
  const Sample *s;
  double alpha, size_sum; /* size_sum: sum_j c_j sum_{k=1}^{j-1} 1/(k - alpha) */
} PitmanProfile;

/* sum_j c_j [psi(j - alpha) - psi(1 - alpha)], i.e. sum_j c_j sum_{k=1}^{j-1} 1/(k - alpha). */
static double
pitman_size_sum (const Sample *s, double alpha)
{
  gsl_sf_result r1, rj;
  if (gsl_sf_psi_e (1.0 - alpha, &r1))
    return RR_NAN;
  double sum = 0.0;
  for (gsize b = 0; b < s->n_bins; b++)
    {
      if (s->dist[b].size < 2 || s->dist[b].n_classes == 0)
        continue;
      if (gsl_sf_psi_e ((double) s->dist[b].size - alpha, &rj))
        return RR_NAN;
      sum += (double) s->dist[b].n_classes * (rj.val - r1.val);
    }
  return sum;
}

/* B_2k / (2k), k = 1..6: the asymptotic series psi(t) ~ ln t - 1/(2t) - sum_k B_2k / (2k t^2k)
 * (Abramowitz & Stegun 6.3.18).  From t = 16 on, the first omitted term is below 1e-18 / t. */
static const double psi_series[] = { 1.0 / 12, -1.0 / 120, 1.0 / 252, -1.0 / 240, 1.0 / 132,
                                     -691.0 / 32760 };
#define PSI_ASYMPTOTIC_FROM 16.0

/* The tail sums below for x + 1 >= 16: P = psi(y + d) - psi(y) and Q = d - x P with y = x + 1,
 * both written without cancellation (log1p, expm1 and GSL's log(1+z) - z), so that they stay
 * exact to rounding as x grows far beyond d (alpha -> 0). */
static void
harmonic_tail (double x, double d, double *P, double *Q)
{
  double y = x + 1.0, L = log1p (d / y), half = d / (2.0 * y * (y + d)), corr = 0.0, yk = 1.0;
  for (guint k = 0; k < G_N_ELEMENTS (psi_series); k++)
    {
      yk /= y * y;
      corr += psi_series[k] * yk * expm1 (-2.0 * (k + 1.0) * L);
    }
  gsl_sf_result lmx;
  if (gsl_sf_log_1plusx_mx_e (d / y, &lmx) != GSL_SUCCESS)
    lmx.val = RR_NAN;
  *P = L + half - corr;
  *Q = -y * lmx.val + L - x * half + x * corr;
}

/* P = sum_{i=1}^{d} 1/(x + i) and Q = sum_{i=1}^{d} i/(x + i), for x > -1 and whole d >= 0, in
 * O(1): the terms with x + i < 16 one by one, the rest from the asymptotic series of the
 * digamma difference.  Hand-written: GSL's psi would give P as a difference of two nearly
 * equal values when x >> d, and has no form of Q. */
static void
harmonic_sums (double x, double d, double *P, double *Q)
{
  double p = 0.0, q = 0.0, i = 1.0;
  for (; i <= d && x + i < PSI_ASYMPTOTIC_FROM; i++)
    {
      p += 1.0 / (x + i);
      q += i / (x + i);
    }
  if (i <= d)
    {
      double tp, tq, shift = i - 1.0;
      harmonic_tail (x + shift, d - shift, &tp, &tq);
      p += tp;
      q += tq + shift * tp;
    }
  *P = p;
  *Q = q;
}

/* S0 = sum_{i=1}^{u-1} 1/(theta + i alpha) and S1 = sum_{i=1}^{u-1} i/(theta + i alpha) over the
 * domain (every theta + i alpha > 0).  For alpha < 0 the terms are summed from the other end,
 * i = u - j, so that theta + i alpha = beta (x + j) with beta = -alpha and x = theta/beta - u. */
void
rr_uniqueness_pitman_class_sums (double theta, double alpha, double u, double *S0, double *S1)
{
  double d = u - 1.0, P, Q;
  if (!(fabs (alpha) > 0.0))
    {
      *S0 = d / theta;
      *S1 = d * (d + 1.0) / (2.0 * theta);
    }
  else if (alpha > 0.0)
    {
      harmonic_sums (theta / alpha, d, &P, &Q);
      *S0 = P / alpha;
      *S1 = Q / alpha;
    }
  else
    {
      harmonic_sums (theta / -alpha - u, d, &P, &Q);
      *S0 = P / -alpha;
      *S1 = (u * P - Q) / -alpha;
    }
}

/* The theta-score of Pitman's sampling formula,
 *   sum_{i=1}^{u-1} 1/(theta + i alpha) - [psi(theta + n) - psi(theta + 1)].
 * The i-sum is O(1) (pitman_class_sums), not O(u): a release has millions of classes. */
static double
pitman_theta_score (double theta, void *params)
{
  const PitmanProfile *p = params;
  double a1, a2;
  rr_uniqueness_pitman_class_sums (theta, p->alpha, p->s->u, &a1, &a2);
  gsl_sf_result pn, p1;
  if (gsl_sf_psi_e (theta + p->s->n, &pn) || gsl_sf_psi_e (theta + 1.0, &p1))
    return RR_NAN;
  return a1 - (pn.val - p1.val);
}

/* Runs Brent on [lo, hi] (the caller checked the sign change). */
static gboolean
brent (gsl_function *F, double lo, double hi, double epsabs, double *root, guint *iterations)
{
  g_autoptr (gsl_root_fsolver) w = gsl_root_fsolver_alloc (gsl_root_fsolver_brent);
  int status = gsl_root_fsolver_set (w, F, lo, hi);
  guint iter = 0;
  while (status == GSL_SUCCESS && iter++ < SOLVER_MAX_ITER)
    {
      status = gsl_root_fsolver_iterate (w);
      if (status == GSL_SUCCESS)
        status = gsl_root_test_interval (gsl_root_fsolver_x_lower (w),
                                         gsl_root_fsolver_x_upper (w), epsabs, PITMAN_EPSREL);
      if (status == GSL_SUCCESS)
        break;
      if (status == GSL_CONTINUE)
        status = GSL_SUCCESS;
    }
  *root = gsl_root_fsolver_root (w);
  if (iterations)
    *iterations = iter;
  return status == GSL_SUCCESS && iter <= SOLVER_MAX_ITER;
}

/* theta(alpha): the root of the theta-score above the edge of the domain, where every
 * theta + i alpha (i < u) and theta + 1 are positive. */
static gboolean
pitman_profile_theta (PitmanProfile *p, double *theta)
{
  double edge = fmax (-p->alpha, -(p->s->u - 1.0) * p->alpha);
  double lo = edge + 1e-9 * fmax (1.0, fabs (edge)), hi = fmax (1.0, 2.0 * fabs (edge));
  gsl_function F = { pitman_theta_score, p };
  for (int k = 0; k < 200 && pitman_theta_score (hi, p) >= 0.0; k++)
    hi *= 2.0;
  double flo = pitman_theta_score (lo, p), fhi = pitman_theta_score (hi, p);
  if (!(flo > 0.0 && fhi < 0.0))
    return FALSE;
  return brent (&F, lo, hi, 0.0, theta, NULL);
}

/* The alpha-score along theta(alpha): sum_{i<u} i/(theta + i alpha) - size_sum. */
static double
pitman_alpha_score (double alpha, void *params)
{
  PitmanProfile p = { ((PitmanProfile *) params)->s, alpha, 0.0 };
  double theta;
  p.size_sum = pitman_size_sum (p.s, alpha);
  if (!gsl_finite (p.size_sum) || !pitman_profile_theta (&p, &theta))
    return RR_NAN;
  double a1, a2;
  rr_uniqueness_pitman_class_sums (theta, alpha, p.s->u, &a1, &a2);
  return a2 - p.size_sum;
}

static gboolean
pitman_fit (const Sample *s, RrUniquenessForm form, double *theta, double *alpha,
            guint *iterations, char **why)
{
  PitmanProfile p = { s, RR_NAN, 0.0 };
  double lo = form == RR_UNIQ_FORM_ARX ? PITMAN_ALPHA_ARX_LOW : PITMAN_ALPHA_EDGE;
  double hi = 1.0 - PITMAN_ALPHA_EDGE;
  double glo = pitman_alpha_score (lo, &p), ghi = pitman_alpha_score (hi, &p);
  if (!(glo > 0.0 && ghi < 0.0))
    {
      *why = g_strdup_printf ("the likelihood has no interior maximum for alpha in (%g, 1): "
                              "the alpha-score is %g at alpha = %g and %g near 1",
                              lo, glo, lo, ghi);
      return FALSE;
    }
  gsl_function F = { pitman_alpha_score, &p };
  if (!brent (&F, lo, hi, PITMAN_ALPHA_EDGE, alpha, iterations))
    {
      *why = g_strdup_printf ("no root of the alpha-score after %u iterations", *iterations);
      return FALSE;
    }
  p.alpha = *alpha;
  p.size_sum = pitman_size_sum (s, *alpha);
  if (!pitman_profile_theta (&p, theta))
    {
      *why = g_strdup ("no root of the theta-score at the fitted alpha");
      return FALSE;
    }
  return TRUE;
}

/* Hoshino's estimate of population uniques, Gamma(theta+1)/Gamma(theta+alpha) N^alpha. */
static gboolean
pitman_uniques (const Sample *s, double theta, double alpha, double *uniques)
{
  gsl_sf_result g1, ga;
  if (gsl_sf_lngamma_e (theta + 1.0, &g1) || gsl_sf_lngamma_e (theta + alpha, &ga))
    return FALSE;
  *uniques = exp (g1.val - ga.val + alpha * log (s->N));
  return gsl_finite (*uniques) && *uniques >= 0.0 && *uniques <= s->N;
}

static gboolean
pitman_estimate (const Sample *s, RrUniquenessForm form, RrUniquenessEstimate *out)
{
  est_begin (out, RR_UNIQ_PITMAN);
  if (s->c1 >= s->u)
    return est_fail (out, "pitman: every class is a sample unique, so the likelihood grows "
                          "without bound (alpha -> 1, theta -> infinity)"), FALSE;
  g_autofree char *why = NULL;
  double theta = RR_NAN, alpha = RR_NAN, uniques = RR_NAN;
  gboolean fitted = pitman_fit (s, form, &theta, &alpha, &out->iterations, &why);
  est_param (out, "theta", theta);
  est_param (out, "alpha", alpha);
  if (!fitted)
    return est_fail (out, "pitman: %s", why), FALSE;
  if (form == RR_UNIQ_FORM_ARX && theta < 0.0)
    return est_fail (out, "pitman: the maximum-likelihood theta (%g) is negative, which ARX's "
                          "solver rejects (its constraint theta >= 0)", theta), FALSE;
  if (!pitman_uniques (s, theta, alpha, &uniques))
    return est_fail (out, "pitman: the estimate Gamma(theta+1)/Gamma(theta+alpha) N^alpha is "
                          "not in [0, N]"), FALSE;
  est_succeed (out, uniques, s);
  return TRUE;
}

/* ---- Zayatz (1991) ---------------------------------------------------------------------- */

/* P(f = 1 | F = i): exactly one of a population class's i records is in a simple random sample
 * of n out of N (hypergeometric), as i (n/N) prod_{k=1}^{i-1} (1 - (n-1)/(N-k)).  The product
 * form is exact for N beyond what the unsigned int arguments of GSL's hypergeometric take. */
static double
zayatz_p1 (const Sample *s, guint64 i)
{
  if (i - 1 > s->N_pop - s->n_records)
    return 0.0; /* more of the class's records outside the sample than there are non-sampled */
  double log_p = log ((double) i) + log (s->pi);
  for (guint64 k = 1; k < i; k++)
    log_p += gsl_log1p (-(s->n - 1.0) / (s->N - (double) k));
  return exp (log_p);
}

static gboolean
zayatz_estimate (const Sample *s, RrUniquenessEstimate *out)
{
  est_begin (out, RR_UNIQ_ZAYATZ);
  double denom = 0.0;
  for (gsize b = 0; b < s->n_bins; b++)
    if (s->dist[b].n_classes > 0)
      denom += (double) s->dist[b].n_classes * zayatz_p1 (s, s->dist[b].size);
  double cond = s->c1 * s->pi / denom;
  est_param (out, "p_pop_unique_given_sample_unique", cond);
  if (!(denom > 0.0) || !gsl_finite (cond))
    return est_fail (out, "zayatz: P(F=1 | f=1) is undefined (no class can yield a sample "
                          "unique)"), FALSE;
  est_succeed (out, s->c1 * cond / s->pi, s);
  return TRUE;
}

/* ---- SNB (Chen & Keller-McNulty 1998) --------------------------------------------------- */

double
rr_uniqueness_snb_k_estimate (const RrClassSizeCount *dist, gsize n_bins, double pi,
                              RrUniquenessForm form)
{
  double q = pi, u = 0.0, c1 = 0.0, v1 = 0.0, v2 = 0.0, v3 = 0.0, v4 = 0.0;
  for (gsize b = 0; b < n_bins; b++)
    {
      double i = (double) dist[b].size, c = (double) dist[b].n_classes;
      if (dist[b].n_classes == 0)
        continue;
      u += c;
      c1 += dist[b].size == 1 ? c : 0.0;
      /* (1-q)^i (1+q)^i is written (1-q^2)^i so that large i cannot give inf * 0. */
      double both = pow (1.0 - q * q, i), low = pow (1.0 - q, i);
      v1 += i * q * q * pow (1.0 - q * q, i - 1.0) * c;
      v2 += form == RR_UNIQ_FORM_ARX ? both * c - 1.0 : (both - low) * c;
      v3 += low * c;
      v4 += i * q * pow (1.0 - q, i - 1.0) * c;
    }
  if (u <= 0.0)
    return RR_NAN;
  if (q >= 1.0)
    return u; /* every population class is in the sample; the ratio tends to 0 */
  return u + c1 * (v1 / v2) * (v3 / v4) * (v3 / v4);
}

typedef struct
{
  double K, pi, c1, c2;
  RrUniquenessForm form;
} SnbParams;

/* E[c1] / c1 - 1 and E[c2] / c2 - 1 at alpha = exp(x0), beta = logistic(x1), where with
 * D = (1-pi)(1-beta):
 *   E[c1] = K pi (beta/(1-D))^alpha (1 + alpha D/(1-D))
 *   E[c2] = K alpha beta^alpha pi^2 (1-beta)/2 (1-D)^-(alpha+2) (2 - (1-alpha) D)
 * (ARX's form multiplies by (1-D)^(alpha+2) instead; doc/uniqueness.md). */
static int
snb_equations (const gsl_vector *x, void *params, gsl_vector *f)
{
  const SnbParams *p = params;
  double alpha = exp (gsl_vector_get (x, 0)), beta = logistic (gsl_vector_get (x, 1));
  double D = (1.0 - p->pi) * (1.0 - beta), one_d = p->pi + beta * (1.0 - p->pi);
  double e1 = p->K * p->pi * exp (alpha * log (beta / one_d)) * (1.0 + alpha * D / one_d);
  double sign = p->form == RR_UNIQ_FORM_ARX ? 1.0 : -1.0;
  double e2 = p->K * alpha * exp (alpha * log (beta)) * p->pi * p->pi * (1.0 - beta) / 2.0
              * exp (sign * (alpha + 2.0) * log (one_d)) * (2.0 - (1.0 - alpha) * D);
  gsl_vector_set (f, 0, e1 / p->c1 - 1.0);
  gsl_vector_set (f, 1, e2 / p->c2 - 1.0);
  return gsl_finite (e1) && gsl_finite (e2) ? GSL_SUCCESS : GSL_EBADFUNC;
}

gboolean
rr_uniqueness_snb_solve (double K, double pi, double c1, double c2, RrUniquenessForm form,
                         double *alpha, double *beta, guint *iterations, GError **error)
{
  if (!(K > 0.0) || !(pi > 0.0 && pi <= 1.0) || !(c1 > 0.0) || !(c2 >= 0.0))
    return rr_throw (error, RR_ERROR_INVALID, "snb: need K > 0, 0 < pi <= 1, c1 > 0, c2 >= 0");
  *iterations = 0;
  if (!(c2 > 0.0))
    return rr_throw (error, RR_ERROR_NO_CONVERGENCE,
                     "snb: no classes of size 2, so the second equation has no root with "
                     "alpha > 0 and 0 < beta < 1");
  SnbParams p = { K, pi, c1, c2, form };
  gsl_multiroot_function F = { snb_equations, 2, &p };
  /* Fixed starts spread over (alpha, beta); ARX starts at (1, 1), the edge of the domain. */
  static const double starts[][2] = { { 1.0, 0.5 }, { 0.1, 0.1 }, { 10.0, 0.9 }, { 0.5, 0.01 } };
  g_autofree char *why = NULL;
  for (gsize k = 0; k < G_N_ELEMENTS (starts); k++)
    {
      double x0[2] = { log (starts[k][0]), log (starts[k][1] / (1.0 - starts[k][1])) }, root[2];
      g_clear_pointer (&why, g_free);
      if (solve_2d (&F, x0, root, iterations, &why))
        {
          *alpha = exp (root[0]);
          *beta = logistic (root[1]);
          return TRUE;
        }
    }
  return rr_throw (error, RR_ERROR_NO_CONVERGENCE, "snb: %s", why);
}

static gboolean
snb_estimate (const Sample *s, RrUniquenessForm form, RrUniquenessEstimate *out)
{
  est_begin (out, RR_UNIQ_SNB);
  double K = rr_uniqueness_snb_k_estimate (s->dist, s->n_bins, s->pi, form);
  double alpha = RR_NAN, beta = RR_NAN;
  g_autoptr (GError) local = NULL;
  gboolean ok = gsl_finite (K) && K > 0.0
                && rr_uniqueness_snb_solve (K, s->pi, s->c1, s->c2, form, &alpha, &beta,
                                            &out->iterations, &local);
  est_param (out, "alpha", alpha);
  est_param (out, "beta", beta);
  est_param (out, "K", K);
  if (!ok)
    return est_fail (out, "%s", local ? local->message : "snb: the estimate of K is not "
                                                         "positive"), FALSE;
  est_succeed (out, K * exp (alpha * log (beta)), s);
  return TRUE;
}

/* ---- Dankar et al. (2012) ----------------------------------------------------------------- */

/* ARX's isValid: a number other than 0 (the estimates are never negative). */
static gboolean
est_usable (const RrUniquenessEstimate *e)
{
  return e->converged && gsl_finite (e->population_uniques) && e->population_uniques > 0.0;
}

static void
est_copy_as_dankar (const RrUniquenessEstimate *from, RrUniquenessEstimate *out)
{
  char *note = from->note ? g_strdup (from->note) : NULL;
  rr_uniqueness_estimate_clear (out);
  *out = *from;
  out->note = note;
  out->model = RR_UNIQ_DANKAR;
  out->chosen = from->model;
}

/* ests holds Pitman (if pi <= 0.1) or Zayatz and SNB (otherwise), already computed. */
static gboolean
dankar_choose (const Sample *s, const RrUniquenessEstimate ests[RR_UNIQ_N_MODELS],
               RrUniquenessEstimate *out)
{
  const RrUniquenessEstimate *pick = &ests[RR_UNIQ_ZAYATZ];
  if (s->pi <= DANKAR_PI_SMALL && est_usable (&ests[RR_UNIQ_PITMAN]))
    pick = &ests[RR_UNIQ_PITMAN];
  else if (s->pi > DANKAR_PI_SMALL && est_usable (&ests[RR_UNIQ_SNB])
           && !(ests[RR_UNIQ_ZAYATZ].population_uniques < ests[RR_UNIQ_SNB].population_uniques))
    pick = &ests[RR_UNIQ_SNB];
  est_copy_as_dankar (pick, out);
  return out->converged;
}

/* ---- public entry points ---------------------------------------------------------------- */

static void
est_no_uniques (RrUniquenessModel model, const Sample *s, RrUniquenessEstimate *out)
{
  est_begin (out, model);
  est_succeed (out, 0.0, s);
  out->note = g_strdup ("no sample uniques: 0 population uniques by convention (as ARX)");
}

static gboolean
estimate_one (const Sample *s, RrUniquenessModel model, RrUniquenessForm form,
              RrUniquenessEstimate *out)
{
  switch (model)
    {
    case RR_UNIQ_PITMAN:
      return pitman_estimate (s, form, out);
    case RR_UNIQ_ZAYATZ:
      return zayatz_estimate (s, out);
    case RR_UNIQ_SNB:
      return snb_estimate (s, form, out);
    case RR_UNIQ_DANKAR:
    default:
      g_return_val_if_reached (FALSE);
    }
}

static void
estimate_every (const Sample *s, RrUniquenessForm form, gboolean dankar_only,
                RrUniquenessEstimate ests[RR_UNIQ_N_MODELS])
{
  for (int m = 0; m < RR_UNIQ_N_MODELS; m++)
    est_begin (&ests[m], (RrUniquenessModel) m);
  if (s->uniques == 0)
    {
      for (int m = 0; m < RR_UNIQ_N_MODELS; m++)
        est_no_uniques ((RrUniquenessModel) m, s, &ests[m]);
      return;
    }
  gboolean small = s->pi <= DANKAR_PI_SMALL;
  if (!dankar_only || small)
    estimate_one (s, RR_UNIQ_PITMAN, form, &ests[RR_UNIQ_PITMAN]);
  estimate_one (s, RR_UNIQ_ZAYATZ, form, &ests[RR_UNIQ_ZAYATZ]);
  if (!dankar_only || !small)
    estimate_one (s, RR_UNIQ_SNB, form, &ests[RR_UNIQ_SNB]);
  dankar_choose (s, ests, &ests[RR_UNIQ_DANKAR]);
}

gboolean
rr_uniqueness_estimate (const RrClassSizeCount *dist, gsize n_bins, guint64 N,
                        RrUniquenessModel model, RrUniquenessForm form,
                        RrUniquenessEstimate *out, GError **error)
{
  g_return_val_if_fail (dist != NULL || n_bins == 0, FALSE);
  g_return_val_if_fail (model < RR_UNIQ_N_MODELS && out != NULL, FALSE);
  Sample s;
  est_begin (out, model);
  if (!sample_init (dist, n_bins, N, &s, error))
    return rr_uniqueness_estimate_clear (out), FALSE;
  if (s.uniques == 0)
    return est_no_uniques (model, &s, out), TRUE;
  if (model != RR_UNIQ_DANKAR)
    estimate_one (&s, model, form, out);
  else
    {
      RrUniquenessEstimate ests[RR_UNIQ_N_MODELS] = { 0 };
      estimate_every (&s, form, TRUE, ests);
      est_copy_as_dankar (&ests[RR_UNIQ_DANKAR], out);
      out->chosen = ests[RR_UNIQ_DANKAR].chosen;
      for (int m = 0; m < RR_UNIQ_N_MODELS; m++)
        rr_uniqueness_estimate_clear (&ests[m]);
    }
  if (!out->converged)
    return rr_throw (error, RR_ERROR_NO_CONVERGENCE, "%s", out->note), FALSE;
  return TRUE;
}

gboolean
rr_uniqueness_estimate_all (const RrClassSizeCount *dist, gsize n_bins, guint64 N,
                            RrUniquenessForm form, RrUniquenessEstimate out[RR_UNIQ_N_MODELS],
                            GError **error)
{
  g_return_val_if_fail (dist != NULL || n_bins == 0, FALSE);
  Sample s;
  for (int m = 0; m < RR_UNIQ_N_MODELS; m++)
    est_begin (&out[m], (RrUniquenessModel) m);
  if (!sample_init (dist, n_bins, N, &s, error))
    {
      for (int m = 0; m < RR_UNIQ_N_MODELS; m++)
        rr_uniqueness_estimate_clear (&out[m]);
      return FALSE;
    }
  estimate_every (&s, form, FALSE, out);
  return TRUE;
}

/* ---- Benedetti-Franconi ------------------------------------------------------------------ */

/* p (1/2 + q/6 + q^2/12 + ...) = p sum_{m>=0} q^m / ((m+1)(m+2)): the f = 2 risk without the
 * cancellation of the closed form when q is small. */
static double
bf_f2_series (double p, double q)
{
  double sum = 0.0, qm = 1.0;
  for (int m = 0; m < 2000; m++, qm *= q)
    {
      double term = qm / ((m + 1.0) * (m + 2.0));
      sum += term;
      if (term < DBL_EPSILON * sum)
        break;
    }
  return p * sum;
}

static double
bf_risk (guint64 f, double p, double q)
{
  if (!(q > 0.0))
    return 1.0 / (double) f;
  double log_inv_p = -gsl_log1p (-q), ratio = p / q;
  if (f == 1)
    return ratio * log_inv_p;
  if (f == 2)
    return q < BF_SERIES_Q ? bf_f2_series (p, q) : ratio - ratio * ratio * log_inv_p;
  return p / ((double) f - q);
}

gboolean
rr_uniqueness_bf_class_risk (guint64 f, double F, double *risk, GError **error)
{
  if (f == 0 || !gsl_finite (F) || F < (double) f)
    return rr_throw (error, RR_ERROR_INVALID,
                     "benedetti-franconi: need f >= 1 and f <= F < infinity (f = %"
                     G_GUINT64_FORMAT ", F = %g)", f, F);
  *risk = bf_risk (f, (double) f / F, (F - (double) f) / F);
  return TRUE;
}

gboolean
rr_uniqueness_bf_estimate (const RrClassSizeCount *dist, gsize n_bins, guint64 N, RrBfRisk *out,
                           GError **error)
{
  Sample s;
  *out = (RrBfRisk){ 0 };
  if (!sample_init (dist, n_bins, N, &s, error))
    return FALSE;
  /* With every weight N/n, p = f / (f N/n) = n/N for every class. */
  double p = s.pi, q = (double) (s.N_pop - s.n_records) / s.N;
  for (gsize b = 0; b < n_bins; b++)
    {
      if (dist[b].n_classes == 0)
        continue;
      double r = bf_risk (dist[b].size, p, q);
      out->expected_reidentifications += (double) dist[b].size * (double) dist[b].n_classes * r;
      out->max_risk = fmax (out->max_risk, r);
    }
  out->mean_risk = out->expected_reidentifications / s.n;
  return TRUE;
}
