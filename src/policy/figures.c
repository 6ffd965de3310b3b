/* figures.c - the table of named figures and how each is read from a run (policy stage). */
#include "config.h"
#include "policy/figures.h"
#include "scan/scan.h"
#include "measure/attack-result.h"
#include "measure/population-result.h"
#include <string.h>

static const RrFigureInfo infos[RR_N_FIGURES] = {
  [RR_FIG_PROSECUTOR_MAX] = { "prosecutor-max", "highest prosecutor risk", RR_BOUND_MAX, RR_FIGURE_NODE },
  [RR_FIG_PROSECUTOR_MEAN] = { "prosecutor-mean", "average prosecutor risk", RR_BOUND_MAX, RR_FIGURE_NODE },
  [RR_FIG_PROSECUTOR_ABOVE] = { "prosecutor-above-threshold", "share of persons above the prosecutor risk threshold", RR_BOUND_MAX, RR_FIGURE_NODE },
  [RR_FIG_JOURNALIST_MAX] = { "journalist-max", "highest journalist risk", RR_BOUND_MAX, RR_FIGURE_OTHER },
  [RR_FIG_JOURNALIST_MEAN] = { "journalist-mean", "average journalist risk", RR_BOUND_MAX, RR_FIGURE_OTHER },
  [RR_FIG_JOURNALIST_ABOVE] = { "journalist-above-threshold", "share of persons above the journalist risk threshold", RR_BOUND_MAX, RR_FIGURE_OTHER },
  [RR_FIG_MARKETER] = { "marketer", "marketer risk (expected share re-identified)", RR_BOUND_MAX, RR_FIGURE_OTHER },
  [RR_FIG_K] = { "k", "smallest class size k", RR_BOUND_MIN, RR_FIGURE_NODE },
  [RR_FIG_SAMPLE_UNIQUES] = { "sample-uniques", "share of persons unique in the release", RR_BOUND_MAX, RR_FIGURE_NODE },
  [RR_FIG_L_DISTINCT] = { "l-distinct", "smallest distinct l-diversity", RR_BOUND_MIN, RR_FIGURE_NODE },
  [RR_FIG_L_ENTROPY] = { "l-entropy", "smallest entropy l-diversity", RR_BOUND_MIN, RR_FIGURE_NODE },
  [RR_FIG_T_CLOSENESS] = { "t-closeness", "largest t-closeness distance", RR_BOUND_MAX, RR_FIGURE_NODE },
  [RR_FIG_HOMOGENEOUS] = { "homogeneous", "share of persons whose sensitive value is learned with certainty", RR_BOUND_MAX, RR_FIGURE_NODE },
  [RR_FIG_ATTACK_SUCCESS] = { "attack-success", "share of persons re-identified by the simulated attacks", RR_BOUND_MAX, RR_FIGURE_OTHER },
  [RR_FIG_DIRECT_IDENTIFIERS] = { "direct-identifiers", "columns holding direct identifiers", RR_BOUND_MAX, RR_FIGURE_RELEASE },
  [RR_FIG_OBJECTORS] = { "objectors", "people on the objection list found in the release", RR_BOUND_MAX, RR_FIGURE_RELEASE },
};

const RrFigureInfo *
rr_figure_info (RrFigureId id)
{
  g_return_val_if_fail ((guint) id < RR_N_FIGURES, NULL);
  return &infos[id];
}

gboolean
rr_figure_lookup (const char *name, RrFigureId *id)
{
  for (guint i = 0; i < RR_N_FIGURES; i++)
    if (strcmp (infos[i].name, name) == 0)
      {
        *id = (RrFigureId) i;
        return TRUE;
      }
  return FALSE;
}

char *
rr_figure_names (void)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < RR_N_FIGURES; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", infos[i].name);
  return g_string_free (s, FALSE);
}

static void
set (RrFigures *f, RrFigureId id, double value)
{
  f->measured[id] = TRUE;
  f->value[id] = value;
}

/* The worst of each diversity figure over the attributes. */
static void
set_diversity (RrFigures *f, const RrDiversityFigures *div, guint n_attr)
{
  for (guint a = 0; a < n_attr; a++)
    {
      const RrDiversityFigures *d = &div[a];
      gboolean first = a == 0;
      set (f, RR_FIG_L_DISTINCT, first ? (double) d->distinct_l
                                       : MIN (f->value[RR_FIG_L_DISTINCT], (double) d->distinct_l));
      set (f, RR_FIG_L_ENTROPY, first ? d->entropy_l : MIN (f->value[RR_FIG_L_ENTROPY], d->entropy_l));
      set (f, RR_FIG_T_CLOSENESS, first ? d->t : MAX (f->value[RR_FIG_T_CLOSENESS], d->t));
      set (f, RR_FIG_HOMOGENEOUS, first ? d->homogeneous
                                        : MAX (f->value[RR_FIG_HOMOGENEOUS], d->homogeneous));
    }
}

/* Journalist and marketer risk, from the population model when the tables were used. */
static void
set_population (RrFigures *out, const RrPopulationResult *p)
{
  if (p == NULL || !p->tables)
    return;
  set (out, RR_FIG_JOURNALIST_MAX, p->journalist_max);
  set (out, RR_FIG_JOURNALIST_MEAN, p->journalist_mean);
  set (out, RR_FIG_JOURNALIST_ABOVE, p->journalist_at_risk);
  set (out, RR_FIG_MARKETER, p->marketer_mean);
}

/* The worst simulated attack: the highest mean share correctly re-identified. */
static void
set_attacks (RrFigures *out, const GPtrArray *attacks)
{
  if (attacks == NULL || attacks->len == 0)
    return;
  double worst = 0.0;
  for (guint i = 0; i < attacks->len; i++)
    worst = MAX (worst, ((const RrAttackResult *) g_ptr_array_index (attacks, i))->reidentified.mean);
  set (out, RR_FIG_ATTACK_SUCCESS, worst);
}

void
rr_figures_from_audit (const RrAuditResult *r, const RrDecision *d, int direct_identifiers,
                       RrFigures *out)
{
  memset (out, 0, sizeof *out);
  set (out, RR_FIG_PROSECUTOR_MAX, r->prosecutor.max);
  set (out, RR_FIG_PROSECUTOR_MEAN, r->prosecutor.mean);
  set (out, RR_FIG_PROSECUTOR_ABOVE, r->prosecutor.records_at_risk);
  set (out, RR_FIG_K, (double) r->min_class_size);
  set (out, RR_FIG_SAMPLE_UNIQUES,
       r->persons > 0 ? (double) r->sample_uniques / (double) r->persons : 0.0);
  if (r->scan != NULL)
    set (out, RR_FIG_DIRECT_IDENTIFIERS,
         (double) (r->scan->n_identifier_columns + r->scan->n_free_text_columns));
  else if (direct_identifiers >= 0)
    set (out, RR_FIG_DIRECT_IDENTIFIERS, direct_identifiers);
  if (r->scan != NULL && r->scan->objections != NULL)
    set (out, RR_FIG_OBJECTORS, (double) r->scan->objections->found);
  set_population (out, r->population);
  set_attacks (out, r->attacks);
  if (d != NULL && d->diversity->len > 0)
    {
      g_autofree RrDiversityFigures *div = g_new (RrDiversityFigures, d->diversity->len);
      for (guint a = 0; a < d->diversity->len; a++)
        div[a] = ((const RrDiversityResult *) g_ptr_array_index (d->diversity, a))->f;
      set_diversity (out, div, d->diversity->len);
    }
}

void
rr_figures_from_node (const RrNodeRisk *risk, const RrDiversityFigures *div, guint n_attr,
                      const RrFigures *release, RrFigures *out)
{
  memset (out, 0, sizeof *out);
  for (guint i = 0; i < RR_N_FIGURES; i++)
    if (infos[i].scope == RR_FIGURE_RELEASE)
      {
        out->measured[i] = release->measured[i];
        out->value[i] = release->value[i];
      }
  set (out, RR_FIG_PROSECUTOR_MAX, risk->prosecutor_max);
  set (out, RR_FIG_PROSECUTOR_MEAN, risk->prosecutor_mean);
  set (out, RR_FIG_PROSECUTOR_ABOVE, risk->prosecutor_above);
  set (out, RR_FIG_K, (double) risk->k);
  set (out, RR_FIG_SAMPLE_UNIQUES,
       risk->persons > 0 ? (double) risk->sample_uniques / (double) risk->persons : 0.0);
  set_diversity (out, div, n_attr);
}
