/* model.h - the Monte Carlo model of one attack on one release (attack stage): everything that
 * does not change between replicates, built once (released persons grouped on every set of facts
 * the matching compares, the population counts of those groups and so the expected number of
 * outsiders in the attacker's file who share them, the score levels, the error samplers); then
 * any number of replicates, each from its own random stream.  doc/attacks.md gives the model,
 * doc/methods.md its formulas. */
#pragma once
#include <glib.h>
#include <gsl/gsl_rng.h>
#include "attack/frame.h"
#include "population/tables.h"

typedef struct _RrAttackModel RrAttackModel;

/* What one replicate's attack achieved. */
typedef struct
{
  guint64 targets; /* released persons in the attacker's file */
  guint64 decoys;  /* people outside the release in the attacker's file who share a released
                      record's values on at least the agreeing facts of some level */
  guint64 claims;  /* (attacker record, released record) pairs the attacker claims */
  guint64 correct; /* claims that name the right person */
  guint64 by_mask[1u << RR_ATTACK_MAX_COLUMNS]; /* correct claims by the mask of facts that
                                                   agreed (bit j: frame column j) */
} RrAttackReplicate;

/* Builds the model.  pop may be NULL for a prosecutor scenario (no outsiders; wrong postcodes
 * and ethnic groups are then redrawn from the release's own shares).  Errors: RR_ERROR_INVALID
 * when a journalist scenario has no population, when the population cannot give a compared
 * fact's frequencies (rr_population_query_new's errors), or when a probabilistic scenario's
 * threshold admits pairs that disagree on two facts (the simulation scores pairs disagreeing on
 * at most one). */
RrAttackModel *rr_attack_model_new (const RrAttackFrame *frame, const RrPopulation *pop,
                                    GError **error);
void rr_attack_model_free (RrAttackModel *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrAttackModel, rr_attack_model_free)

/* Runs one replicate with the stream r (seeded by the caller) into *out.  The model is only
 * read, so replicates may run in parallel, each with its own r.  Allocates its own workspace:
 * rr_attack_simulate reuses one per thread instead. */
void rr_attack_model_replicate (const RrAttackModel *m, gsl_rng *r, RrAttackReplicate *out);

/* The expected number of people outside the release in the attacker's file who share a released
 * record's values on the agreeing facts of some level (0 for a prosecutor scenario). */
double rr_attack_model_expected_decoys (const RrAttackModel *m);
/* The release's sampling fraction pi: released persons over the population of the postcode
 * districts they live in (0 for a prosecutor scenario). */
double rr_attack_model_sampling_fraction (const RrAttackModel *m);
/* The number of score levels the rule considers; 0 when no pair can be claimed (a threshold
 * no pair reaches), which is no error: the attack then claims nothing. */
guint rr_attack_model_n_levels (const RrAttackModel *m);
/* A sentence for the report when there are no levels, else NULL; owned. */
char *rr_attack_model_describe_levels (const RrAttackModel *m);
