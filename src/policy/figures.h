/* figures.h - the named figures a policy can bound, measured in a run (policy stage).  A policy
 * rule names a figure; the verdict reads its value here.  A figure is measured or not: the
 * journalist and marketer figures come with the population model (not with --population none),
 * attack success with --attack, objectors with --objections; a run that does not measure a
 * figure leaves it "not measured" and a rule on it fails (doc/policies.md).
 *
 * Scope: NODE figures are measured again at every node of the lattice search (search/lattice.h);
 * RELEASE figures do not change with generalisation (direct identifiers); OTHER figures are
 * measured only for the release as audited, so the search cannot evaluate rules on them. */
#pragma once
#include <glib.h>
#include "measure/decision.h"
#include "measure/result.h"

typedef enum
{
  RR_FIG_PROSECUTOR_MAX,
  RR_FIG_PROSECUTOR_MEAN,
  RR_FIG_PROSECUTOR_ABOVE,
  RR_FIG_JOURNALIST_MAX,
  RR_FIG_JOURNALIST_MEAN,
  RR_FIG_JOURNALIST_ABOVE,
  RR_FIG_MARKETER,
  RR_FIG_K,
  RR_FIG_SAMPLE_UNIQUES,
  RR_FIG_L_DISTINCT,
  RR_FIG_L_ENTROPY,
  RR_FIG_T_CLOSENESS,
  RR_FIG_HOMOGENEOUS,
  RR_FIG_ATTACK_SUCCESS,
  RR_FIG_DIRECT_IDENTIFIERS,
  RR_FIG_OBJECTORS,
  RR_N_FIGURES,
} RrFigureId;

typedef enum
{
  RR_FIGURE_NODE,
  RR_FIGURE_RELEASE,
  RR_FIGURE_OTHER,
} RrFigureScope;

typedef struct
{
  const char *name;        /* "prosecutor-max", as policies spell it */
  const char *words;       /* "highest prosecutor risk", for reports */
  RrBound sense;           /* the bound that makes sense: max for risks, min for k and l */
  RrFigureScope scope;
} RrFigureInfo;

typedef struct
{
  gboolean measured[RR_N_FIGURES];
  double value[RR_N_FIGURES];
} RrFigures;

const RrFigureInfo *rr_figure_info (RrFigureId id);
/* The id of a figure name; FALSE if unknown. */
gboolean rr_figure_lookup (const char *name, RrFigureId *id);
/* "prosecutor-max, prosecutor-mean, ...": every name, for messages; owned. */
char *rr_figure_names (void);

/* The figures of the release as audited.  direct_identifiers < 0: not measured (the audit's
 * scan, when it ran, measures it instead).  The diversity figures are the worst over the
 * sensitive attributes, attack success the highest share re-identified over the --attack
 * scenarios (none: not measured). */
void rr_figures_from_audit (const RrAuditResult *r, const RrDecision *d, int direct_identifiers,
                            RrFigures *out);

/* The figures of a lattice node: NODE figures from its risk and the diversity of each sensitive
 * attribute (n_attr entries, may be 0), the others copied from release (so RELEASE figures keep
 * their value and OTHER figures are not measured at the node). */
void rr_figures_from_node (const RrNodeRisk *risk, const RrDiversityFigures *div, guint n_attr,
                           const RrFigures *release, RrFigures *out);
