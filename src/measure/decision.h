/* decision.h - the results a board decides on (issue 7), held beside RrAuditResult: values read
 * already generalised, what drives the risk, attribute disclosure, the verdict against a policy
 * and the recommended generalisation.  measure/, policy/ and search/ fill these records; report/
 * only reads them.  Every pointer is owned; NULL or empty when not computed. */
#pragma once
#include <glib.h>
#include "measure/diversity.h"
#include "measure/rollup.h"
#include "measure/suda.h"
#include "qi/generalised.h"

/* Persons whose values were read at each level of a quasi-identifier's chain. */
typedef struct
{
  char *qi;
  guint n_levels;
  RrQiLevel levels[RR_QI_MAX_CHAIN];
  guint64 persons[RR_QI_MAX_CHAIN]; /* [0]: at the audited level; [l > 0]: already coarser */
} RrQiGiven;

/* One quasi-identifier generalised one level, and withheld (dropped), the others unchanged. */
typedef struct
{
  char *qi;
  RrQiLevel level, next; /* next is RR_LEVEL_WITHHELD when level is the last before it */
  RrNodeRisk generalised;
  RrNodeRisk dropped;
} RrQiDriver;

typedef struct
{
  RrNodeRisk audited;
  GPtrArray *qis;      /* RrQiDriver* in --qi order */
  GPtrArray *names;    /* char*: the quasi-identifiers, for subset masks */
  RrSudaResult *suda;  /* NULL when not computed, see suda_note */
  char *suda_note;
} RrDrivers;

typedef struct
{
  char *attribute;
  gboolean ordered;          /* ordered ground distance (number, date); else equal */
  guint32 n_values;          /* distinct values, missing counted as one */
  guint64 varying_persons;   /* persons whose value differs between their rows */
  RrDiversityFigures f;
} RrDiversityResult;

typedef enum
{
  RR_BOUND_MAX, /* passes when value <= limit */
  RR_BOUND_MIN, /* passes when value >= limit */
} RrBound;

typedef struct
{
  char *name;        /* the rule's group name in the policy */
  char *figure;      /* the figure it bounds (policy/figures.h) */
  RrBound bound;
  double limit;
  gboolean measured; /* FALSE: the figure was not measured in this run: the rule fails */
  double value;      /* when measured */
  gboolean pass;
  char *source;      /* the published source of the limit, or NULL */
  char *description; /* or NULL */
} RrRuleResult;

typedef struct
{
  char *policy;      /* its name */
  char *title;
  char *file;        /* where it was read from */
  char *source;      /* or NULL */
  double threshold;  /* the per-person threshold the policy sets, or the run's */
  double max_suppression;
  gboolean pass;
  guint n_failed, n_not_measured;
  GPtrArray *rules;  /* RrRuleResult* in file order */
} RrVerdictResult;

/* A figure before (as audited) and after a recommendation. */
typedef struct
{
  char *figure;
  gboolean measured;
  double before, after;
} RrFigureChange;

typedef struct
{
  guint rank;                   /* 1 is the least loss */
  RrQiLevel *levels;            /* per quasi-identifier */
  RrQiLevel *from;              /* the audited levels */
  double loss;                  /* non-uniform entropy, 0 (none) .. 1 (everything withheld) */
  double precision_loss;        /* mean share of each chain climbed (ARX's precision) */
  RrNodeRisk risk;
  GPtrArray *changes;           /* RrFigureChange*: every figure the policy bounds */
} RrRecommendation;

typedef struct
{
  guint n_qi;
  GPtrArray *qi_names;          /* char* */
  guint64 nodes;                /* combinations of levels in the lattice */
  guint64 evaluated;            /* regrouped and measured */
  guint64 inferred_pass, inferred_fail; /* decided by monotonicity without regrouping */
  double max_suppression;       /* share of persons that may be suppressed */
  double audited_max;           /* the highest prosecutor risk as audited */
  gboolean exhaustive;          /* every node was evaluated (no pruning) */
  GPtrArray *unsearchable;      /* char*: rules whose figure the search cannot measure */
  GPtrArray *recommendations;   /* RrRecommendation*, best first; empty when none passes */
  char *applied;                /* the file --apply wrote, or NULL */
} RrSearchResult;

typedef struct _RrDecision
{
  GPtrArray *given;       /* RrQiGiven* */
  RrDrivers *drivers;
  GPtrArray *diversity;   /* RrDiversityResult* */
  RrVerdictResult *verdict;
  RrSearchResult *search;
} RrDecision;

RrDecision *rr_decision_new (void);
void rr_decision_free (RrDecision *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrDecision, rr_decision_free)

void rr_drivers_free (RrDrivers *self);
void rr_verdict_result_free (RrVerdictResult *self);
void rr_rule_result_free (RrRuleResult *self);
void rr_search_result_free (RrSearchResult *self);
void rr_recommendation_free (RrRecommendation *self);
void rr_diversity_result_free (RrDiversityResult *self);
void rr_qi_given_free (RrQiGiven *self);
void rr_qi_driver_free (RrQiDriver *self);
void rr_figure_change_free (RrFigureChange *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrDrivers, rr_drivers_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrVerdictResult, rr_verdict_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrSearchResult, rr_search_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrRecommendation, rr_recommendation_free)
