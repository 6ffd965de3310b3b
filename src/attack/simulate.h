/* simulate.h - runs an attack's replicates in parallel and summarises them (attack stage).
 * Replicate i draws from its own mt19937 stream, seeded from (seed, scenario name, i), so the
 * results are the same whatever the number of threads. */
#pragma once
#include <glib.h>
#include "attack/model.h"
#include "measure/attack-result.h"

/* The default seed when --seed is not given: fixed, so runs are reproducible by default. */
#define RR_ATTACK_DEFAULT_SEED 20140101
#define RR_ATTACK_DEFAULT_REPLICATES 100

typedef struct
{
  guint64 seed;
  guint replicates; /* >= 1 */
  guint threads;    /* >= 1 */
} RrAttackRunOptions;

/* The seed of replicate i's stream: the first 8 bytes of SHA-256("reidrisk attack", seed,
 * name, i), as mt19937 takes it (its low 32 bits). */
guint64 rr_attack_replicate_seed (guint64 seed, const char *name, guint replicate);

/* Runs o->replicates replicates of the model on o->threads threads (a GThreadPool; each thread
 * reuses one workspace) and returns them in replicate order; owned, g_free.  Never fails. */
RrAttackReplicate *rr_attack_run_replicates (const RrAttackModel *m, const char *name,
                                  const RrAttackRunOptions *o);

/* Summarises the replicates into a result describing the frame's scenario and facts. */
RrAttackResult *rr_attack_summarise (const RrAttackFrame *frame, const RrAttackModel *m,
                                     const RrAttackRunOptions *o, const RrAttackReplicate *reps);

/* Both: builds the model (rr_attack_model_new's errors), runs it and summarises it. */
RrAttackResult *rr_attack_simulate (const RrAttackFrame *frame, const RrPopulation *pop,
                                    const RrAttackRunOptions *o, GError **error);
