/* lattice.h - what would make the release safe (search stage): the lattice of generalisation
 * levels (every quasi-identifier's chain, qi/generalised.h, withheld at the top) searched for the
 * combinations that meet a policy, optionally suppressing whole classes up to a share of persons,
 * ranked by information loss.  As ARX does (Prasser et al., "Putting statistical disclosure
 * control into practice: the ARX data anonymization tool", 2015):
 *   loss = [ sum_q loss_q(l_q) + sum over suppressed classes K of |K| sum_q log2 (n / F_q(K)) ]
 *          / sum_q loss_q(withheld)
 * the non-uniform entropy (hierarchy.h) with a suppressed person counted as withheld on every
 * quasi-identifier (F_q(K): persons sharing K's value of q at the node), 0 for the release as
 * audited and 1 when everything is withheld; and the precision loss, the mean share of each chain
 * climbed, suppressed persons counted at the top (Sweeney 2002).
 *
 * Suppression: classes that break a per-class bound (k, prosecutor maximum, l-diversity,
 * t-closeness) are suppressed; then, while a rule on the share of persons at risk, the mean
 * risk, sample uniques or homogeneous classes fails, the smallest remaining classes.  A node
 * passes when its figures meet every rule the search can measure and at most max_suppression of
 * the persons are suppressed.
 *
 * Pruning: nodes are visited in order of their loss without suppression, a lower bound of their
 * loss, and the search stops when that bound reaches the loss of the last recommendation kept;
 * a node that passes without suppression makes every generalisation of it pass (monotonicity);
 * a node that fails makes every specialisation of it fail.  Both hold exactly for the rules
 * without suppression; with suppression the second is assumed, as in ARX and OLA (El Emam et al.
 * 2009), and tests/unit/test-lattice.c checks it against the exhaustive search. */
#pragma once
#include <glib.h>
#include "measure/decision.h"
#include "measure/hierarchy.h"
#include "measure/rollup.h"
#include "policy/policy.h"

/* More nodes than this is an error: a lattice that large needs coarser starting levels. */
#define RR_SEARCH_MAX_NODES (1u << 22)
#define RR_SEARCH_RECOMMENDATIONS 3

typedef struct
{
  const RrHierarchy *h;
  RrRollup *w;
  const RrPolicy *policy;
  const RrFigures *release;   /* the figures as audited */
  GPtrArray *sensitive;       /* RrSensitive* (borrowed), may be empty */
  double threshold;
  double max_suppression;     /* share of persons, [0, 1) */
  guint n_recommend;          /* 0: RR_SEARCH_RECOMMENDATIONS */
  gboolean exhaustive;        /* evaluate every node, no pruning (tests) */
  GPtrArray *qi_names;        /* char* (borrowed) */
} RrSearchOptions;

/* The best node as regrouped, for --apply. */
typedef struct
{
  guint *levels;              /* level index per quasi-identifier */
  RrNodeClasses *node;
  guint8 *suppressed;         /* per class of node */
} RrSearchChoice;

void rr_search_choice_free (RrSearchChoice *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrSearchChoice, rr_search_choice_free)

/* Searches the lattice.  *best (may be NULL) receives the best node, or NULL when none passes.
 * Errors: RR_ERROR_INVALID when the lattice has more than RR_SEARCH_MAX_NODES nodes. */
RrSearchResult *rr_search_run (const RrSearchOptions *o, RrSearchChoice **best, GError **error);
