/* fs.c - Fellegi-Sunter weights and their EM estimate on agreement-pattern counts (attack
 * stage).  Hand-written: no library we use fits this mixture; it is a few sums per step over at
 * most 3^6 patterns.  Formulas and sources in fs.h and doc/methods.md. */
#include "config.h"
#include "attack/fs.h"
#include "util/error.h"
#include <math.h>

/* m and u are kept inside (PROB_FLOOR, 1 - PROB_FLOOR) so every weight is finite: a field that
 * agrees in every match would otherwise have log2(0) for its disagreement. */
#define PROB_FLOOR 1e-9

guint
rr_fs_n_patterns (guint n_fields)
{
  guint n = 1;
  for (guint j = 0; j < n_fields; j++)
    n *= 3;
  return n;
}

RrFsState
rr_fs_pattern_state (guint pattern, guint j)
{
  for (guint i = 0; i < j; i++)
    pattern /= 3;
  return (RrFsState) (pattern % 3);
}

static double
clamp (double p)
{
  return CLAMP (p, PROB_FLOOR, 1 - PROB_FLOOR);
}

/* P(pattern | class) with the class's agreement probabilities a[]. */
static double
pattern_likelihood (const double *a, guint n_fields, guint pattern)
{
  double l = 1;
  for (guint j = 0; j < n_fields; j++, pattern /= 3)
    {
      guint s = pattern % 3;
      if (s != RR_FS_MISSING)
        l *= s == RR_FS_AGREE ? a[j] : 1 - a[j];
    }
  return l;
}

void
rr_fs_em_init (RrFsParams *par, guint n_fields, const double *counts)
{
  g_return_if_fail (n_fields >= 1 && n_fields <= RR_FS_MAX_FIELDS);
  *par = (RrFsParams){ .n_fields = n_fields };
  double total = 0, all_agree = 0, agree[RR_FS_MAX_FIELDS] = { 0 }, held[RR_FS_MAX_FIELDS] = { 0 };
  for (guint g = 0; g < rr_fs_n_patterns (n_fields); g++)
    {
      gboolean all = TRUE;
      for (guint j = 0; j < n_fields; j++)
        {
          RrFsState s = rr_fs_pattern_state (g, j);
          held[j] += s != RR_FS_MISSING ? counts[g] : 0;
          agree[j] += s == RR_FS_AGREE ? counts[g] : 0;
          all = all && s != RR_FS_DISAGREE;
        }
      total += counts[g];
      all_agree += all ? counts[g] : 0;
    }
  for (guint j = 0; j < n_fields; j++)
    {
      par->m[j] = 0.9;
      par->u[j] = clamp (held[j] > 0 ? MIN (agree[j] / held[j], 0.5) : 0.5);
    }
  /* neither class may start empty, nor hold nearly everything */
  par->p = total > 0 ? CLAMP (all_agree / total, 1e-3, 0.5) : 0.5;
}

double
rr_fs_em_iterate (RrFsParams *par, const double *counts)
{
  guint n = par->n_fields;
  double sum_g = 0, total = 0;
  double ma[RR_FS_MAX_FIELDS] = { 0 }, mh[RR_FS_MAX_FIELDS] = { 0 };
  double ua[RR_FS_MAX_FIELDS] = { 0 }, uh[RR_FS_MAX_FIELDS] = { 0 };
  for (guint g = 0; g < rr_fs_n_patterns (n); g++)
    {
      if (!(counts[g] > 0))
        continue;
      double lm = par->p * pattern_likelihood (par->m, n, g);
      double lu = (1 - par->p) * pattern_likelihood (par->u, n, g);
      double w = lm + lu > 0 ? lm / (lm + lu) : 0; /* E step: P(match | pattern) */
      sum_g += counts[g] * w;
      total += counts[g];
      for (guint j = 0; j < n; j++)
        {
          RrFsState s = rr_fs_pattern_state (g, j);
          if (s == RR_FS_MISSING)
            continue;
          mh[j] += counts[g] * w, uh[j] += counts[g] * (1 - w);
          if (s == RR_FS_AGREE)
            ma[j] += counts[g] * w, ua[j] += counts[g] * (1 - w);
        }
    }
  double change = 0, p = clamp (sum_g / total);
  change = fabs (p - par->p);
  par->p = p;
  for (guint j = 0; j < n; j++)
    {
      double m = mh[j] > 0 ? clamp (ma[j] / mh[j]) : par->m[j];
      double u = uh[j] > 0 ? clamp (ua[j] / uh[j]) : par->u[j];
      change = MAX (change, MAX (fabs (m - par->m[j]), fabs (u - par->u[j])));
      par->m[j] = m, par->u[j] = u;
    }
  return change;
}

/* EM may settle with the classes swapped: the match class is the one that agrees more. */
static void
orient (RrFsParams *par)
{
  double lr = 0;
  for (guint j = 0; j < par->n_fields; j++)
    lr += log (par->m[j] / par->u[j]);
  if (lr >= 0)
    return;
  for (guint j = 0; j < par->n_fields; j++)
    {
      double t = par->m[j];
      par->m[j] = par->u[j], par->u[j] = t;
    }
  par->p = 1 - par->p;
}

gboolean
rr_fs_em_estimate (RrFsParams *par, guint n_fields, const double *counts, double epsabs,
                   guint max_iter, GError **error)
{
  double total = 0;
  for (guint g = 0; g < rr_fs_n_patterns (n_fields); g++)
    total += counts[g];
  if (!(total > 0))
    return rr_throw (error, RR_ERROR_NUMERIC, "no candidate pairs to estimate m and u from");
  rr_fs_em_init (par, n_fields, counts);
  while (par->iterations < max_iter && !par->converged)
    {
      par->converged = rr_fs_em_iterate (par, counts) <= epsabs;
      par->iterations++;
    }
  orient (par);
  return TRUE;
}

double
rr_fs_weight_agree (const RrFsParams *par, guint j)
{
  return log2 (par->m[j] / par->u[j]);
}

double
rr_fs_weight_disagree (const RrFsParams *par, guint j)
{
  return log2 ((1 - par->m[j]) / (1 - par->u[j]));
}

double
rr_fs_pattern_weight (const RrFsParams *par, guint pattern)
{
  double w = 0;
  for (guint j = 0; j < par->n_fields; j++, pattern /= 3)
    {
      guint s = pattern % 3;
      if (s == RR_FS_AGREE)
        w += rr_fs_weight_agree (par, j);
      else if (s == RR_FS_DISAGREE)
        w += rr_fs_weight_disagree (par, j);
    }
  return w;
}
