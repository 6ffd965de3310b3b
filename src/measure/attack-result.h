/* attack-result.h - the results of one simulated linkage attack, as the audit result holds
 * them (filled by attack/simulate.c, read by report/xml-attack.c and report/html-attack.c). */
#pragma once
#include <glib.h>
#include "qi/qi.h"

/* A figure over the replicates: the mean, the 2.5% and 97.5% quantiles of the replicates'
 * values (the 95% interval of what one attack achieves), and the Monte Carlo standard error of
 * the mean (sd / sqrt(replicates)). */
typedef struct
{
  double mean, low, high, se;
} RrAttackFigure;

/* One fact the attacker holds, as compared with the release. */
typedef struct
{
  char *role;            /* "postcode", "date-of-birth", ... */
  char *column;          /* the release column it was compared with */
  RrQiLevel precision;   /* the attacker's */
  RrQiLevel release_level;
  RrQiLevel level;       /* compared */
  double missing, wrong; /* the scenario's rates */
  double m, u;           /* NaN for an exact match */
  char *missing_source, *wrong_source, *mu_source; /* NULL when the scenario gives none */
} RrAttackFactSummary;

/* The facts that agreed in correct matches. */
typedef struct
{
  char *roles;    /* space-separated roles, "postcode date-of-birth sex" */
  char *columns;  /* the release columns, ", "-separated */
  double correct; /* mean correct matches per replicate carried by exactly these facts */
  double share;   /* of all correct matches */
} RrAttackCombination;

typedef struct
{
  char *name, *title, *description, *path;
  char *target, *method, *accept; /* "journalist", "exact", "unique" ... */
  double coverage;
  char *coverage_source;
  double threshold;  /* NaN unless probabilistic */
  guint min_fields;  /* exact: facts that must agree */
  guint64 seed;
  guint replicates;
  guint64 persons;   /* released persons */
  GPtrArray *facts;  /* RrAttackFactSummary*, compared facts in order; owned */
  GPtrArray *notes;  /* char*: facts not compared and why; owned */
  double sampling_fraction; /* released persons / population of their areas (journalist) */
  double expected_decoys; /* people outside the release who could be confused, per replicate */
  RrAttackFigure reidentified;  /* share of released persons correctly re-identified */
  RrAttackFigure correct;       /* count of those persons */
  RrAttackFigure claims;        /* pairs claimed */
  RrAttackFigure false_matches; /* claims naming the wrong person */
  RrAttackFigure precision;     /* correct / claims, over replicates with a claim */
  guint precision_replicates;   /* replicates with at least one claim */
  RrAttackFigure targets;       /* released persons in the attacker's file */
  GArray *replicate_share;      /* double: each replicate's share re-identified, in order */
  GPtrArray *combinations;      /* RrAttackCombination*, most correct matches first; owned */
} RrAttackResult;

RrAttackResult *rr_attack_result_new (void);
void rr_attack_result_free (RrAttackResult *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrAttackResult, rr_attack_result_free)
