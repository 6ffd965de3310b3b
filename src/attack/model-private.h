/* model-private.h - the precomputed attack model shared by model.c (builds it), draw.c (draws
 * one replicate's attacker file) and match.c (runs the matching rule on it); nothing outside
 * src/attack/ includes this.  The model is described in doc/attacks.md ("How an attack is
 * simulated"). */
#pragma once
#include <glib.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "attack/frame.h"
#include "attack/model.h"
#include "attack/projection.h"

#define RR_MASK_ALL(n) ((1u << (n)) - 1u)

/* The number of bits set in x (fields in a mask). */
static inline guint
rr_attack_popcount (guint x)
{
  guint n = 0;
  for (; x != 0; x &= x - 1)
    n++;
  return n;
}

/* How a wrong value is made. */
typedef enum
{
  RR_ERROR_MODEL_REDRAW, /* another value drawn from the population (postcode, ethnicity) */
  RR_ERROR_MODEL_TYPO,   /* one of day, month and year mistyped (dates) */
  RR_ERROR_MODEL_FLIP,   /* the other sex */
  RR_ERROR_MODEL_AGE,    /* an age a year out, either way */
} RrErrorModel;


/* One score level: pairs of an attacker record with pattern S (the facts it holds) and a
 * released record that agree on S minus q and disagree on q (q = -1: agree on all of S). */
typedef struct
{
  guint pattern;    /* index into model->patterns */
  int q;            /* the disagreeing field, or -1 */
  double score;     /* log2 weight (probabilistic) or facts agreeing (exact) */
  guint agree;      /* mask of agreeing fields: S, or S without q */
  guint proj;       /* projection index of the agree mask */
  /* q >= 0 only: the classes on S within each projection on S minus q */
  guint32 *class_parent; /* [n classes on S] parent id */
  guint32 *child_start;  /* [n parents + 1] into child_list */
  guint32 *child_list;   /* classes on S, grouped by parent */
  guint32 *child_pos;    /* [n classes on S] position within its parent's children */
  double *lambda_other;  /* [n parents] expected decoys disagreeing with every class on q */
  gsl_ran_discrete_t *alias_other;
  double total_other;
} RrLevel;

/* One pattern: the facts an attacker record holds. */
typedef struct
{
  guint mask;
  double p;             /* P(an attacker record holds exactly these facts) */
  guint proj;           /* projection index of mask: the classes on S */
  double *lambda_full;  /* [n classes] expected decoys agreeing with the class on all of S */
  gsl_ran_discrete_t *alias_full;
  double total_full;
  guint first_level;    /* this pattern's levels, in score order, as indexes into levels */
  guint n_levels;
  guint levels[RR_ATTACK_MAX_COLUMNS + 1];
} RrPattern;

/* How a wrong value of field j is drawn. */
typedef struct
{
  RrErrorModel kind;
  gsl_ran_discrete_t *redraw; /* over codes 0..n_codes (n_codes = a value no one released has) */
} RrErrorSampler;

struct _RrAttackModel
{
  const RrAttackFrame *frame;
  const RrAttackScenario *scenario;
  guint n_fields;
  guint64 n_persons;
  const guint32 *codes[RR_ATTACK_MAX_COLUMNS]; /* borrowed from the frame's columns */
  const RrQiSpec *specs[RR_ATTACK_MAX_COLUMNS]; /* the compared specs (a population query
                                                   borrows this array) */
  guint32 n_codes[RR_ATTACK_MAX_COLUMNS];
  double coverage;
  double sampling; /* released persons / population of the areas they live in */
  gboolean decoys; /* journalist: people outside the release are in the attacker's file */
  GPtrArray *projections; /* RrProjection* */
  int proj_of_mask[1u << RR_ATTACK_MAX_COLUMNS]; /* or -1 */
  GArray *patterns;       /* RrPattern */
  int pattern_of_mask[1u << RR_ATTACK_MAX_COLUMNS]; /* or -1: such records match nothing */
  GArray *levels;         /* RrLevel, in descending score */
  RrErrorSampler errors[RR_ATTACK_MAX_COLUMNS];
  double m[RR_ATTACK_MAX_COLUMNS], u[RR_ATTACK_MAX_COLUMNS]; /* probabilistic: as used */
  double expected_decoys;
};

/* ---- draw.c: one replicate's attacker file ---- */

/* An attacker record of a released person.  codes is NULL when it holds the person's own codes
 * on every field (no fact missing or wrong), else n_fields codes (unused fields hold 0). */
typedef struct
{
  guint32 person;
  guint32 pattern; /* index into model->patterns, or RR_NO_ID: it can match nothing */
  guint32 *codes;
} RrAuxItem;

/* A replicate's workspace: sized once for the model, reused by one thread at a time. */
typedef struct
{
  const RrAttackModel *model;
  GArray *items;           /* RrAuxItem */
  guint32 *item_codes;     /* [n_persons * n_fields] storage for modified codes */
  guint32 **full;          /* [pattern][class] decoys agreeing on all of S */
  guint32 **other;         /* [level][parent] decoys (q >= 0 levels) */
  /* matching state */
  guint8 *matched;         /* [n_persons] released records already claimed */
  guint8 *item_matched;    /* [n_persons] attacker records already claimed */
  guint32 **item_id;       /* [projection][item]: the item's id there, or RR_NO_ID */
  guint32 **class_start;   /* [pattern][class + 1]: the pattern's items grouped by class */
  guint32 **class_items;   /* [pattern][...] */
  guint32 **class_alive;   /* [pattern][class] items of the class not yet claimed */
  guint32 *item_pos;       /* [item] position within its class group */
  guint32 **unl_count;     /* [level][parent] (q >= 0 levels): items of the level's pattern in
                              the parent whose value on q no released person there has */
  guint32 **unl_first;     /* [level][parent] one such item (the only one when the count is 1) */
  guint32 *unl_start;      /* [max parents + 1] scratch: those items grouped by parent */
  guint32 *unl_items;      /* [n_persons] */
  guint64 n_decoys;        /* decoys drawn this replicate */
  guint32 *scratch;        /* [n_persons] */
  guint32 *scratch2;       /* [n_persons] */
  gint64 *tree;            /* Fenwick tree over pools */
  guint32 tree_size;
} RrAttackWorkspace;

RrAttackWorkspace *rr_attack_workspace_new (const RrAttackModel *m);
void rr_attack_workspace_free (RrAttackWorkspace *w);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrAttackWorkspace, rr_attack_workspace_free)

/* Draws the attacker records of released persons and the decoy counts into w. */
void rr_attack_draw (RrAttackWorkspace *w, gsl_rng *r);

/* The projection id of an attacker item on projection pr (binary search when its codes were
 * changed), or RR_NO_ID. */
guint32 rr_attack_item_id (const RrAttackModel *m, const RrProjection *pr, const RrAuxItem *it);

/* ---- match.c: the matching rule ---- */

/* Runs the scenario's rule on w's replicate and adds its claims to out. */
void rr_attack_match (RrAttackWorkspace *w, gsl_rng *r, RrAttackReplicate *out);
