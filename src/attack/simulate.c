/* simulate.c - the Monte Carlo driver: replicates on a GThreadPool, one random stream each, and
 * their summary (means, 95% intervals, the facts that carried the correct matches) (attack
 * stage). */
#include "config.h"
#include "attack/simulate.h"
#include "attack/model-private.h"
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <string.h>

guint64
rr_attack_replicate_seed (guint64 seed, const char *name, guint replicate)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 bytes[8];
  for (guint i = 0; i < 8; i++)
    bytes[i] = (guint8) (seed >> (8 * i));
  g_checksum_update (sum, (const guchar *) "reidrisk attack", 16);
  g_checksum_update (sum, bytes, 8);
  g_checksum_update (sum, (const guchar *) name, (gssize) strlen (name) + 1);
  for (guint i = 0; i < 4; i++)
    bytes[i] = (guint8) (replicate >> (8 * i));
  g_checksum_update (sum, bytes, 4);
  guint8 digest[32];
  gsize len = sizeof digest;
  g_checksum_get_digest (sum, digest, &len);
  guint64 v = 0;
  for (guint i = 0; i < 8; i++)
    v = v << 8 | digest[i];
  return v;
}

typedef struct
{
  const RrAttackModel *m;
  const char *name;
  guint64 seed;
  RrAttackReplicate *out;
  GAsyncQueue *workspaces; /* RrAttackWorkspace*, one per thread */
} Job;

static void
run_replicate (const Job *job, RrAttackWorkspace *w, guint i)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, (unsigned long) rr_attack_replicate_seed (job->seed, job->name, i));
  memset (&job->out[i], 0, sizeof job->out[i]);
  rr_attack_draw (w, r);
  rr_attack_match (w, r, &job->out[i]);
  gsl_rng_free (r);
}

/* A pool task: the replicate index + 1 (a task cannot be NULL). */
static void
pool_task (gpointer data, gpointer user_data)
{
  Job *job = user_data;
  RrAttackWorkspace *w = g_async_queue_pop (job->workspaces);
  run_replicate (job, w, GPOINTER_TO_UINT (data) - 1);
  g_async_queue_push (job->workspaces, w);
}

RrAttackReplicate *
rr_attack_run_replicates (const RrAttackModel *m, const char *name, const RrAttackRunOptions *o)
{
  g_return_val_if_fail (m != NULL && o->replicates >= 1 && o->threads >= 1, NULL);
  Job job = { m, name, o->seed, g_new0 (RrAttackReplicate, o->replicates),
              g_async_queue_new_full ((GDestroyNotify) rr_attack_workspace_free) };
  guint threads = MIN (o->threads, o->replicates);
  for (guint t = 0; t < threads; t++)
    g_async_queue_push (job.workspaces, rr_attack_workspace_new (m));
  if (threads == 1)
    for (guint i = 0; i < o->replicates; i++)
      pool_task (GUINT_TO_POINTER (i + 1), &job);
  else
    {
      /* g_thread_pool_new only fails for exclusive pools */
      GThreadPool *pool = g_thread_pool_new (pool_task, &job, (gint) threads, FALSE, NULL);
      for (guint i = 0; i < o->replicates; i++)
        g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
      g_thread_pool_free (pool, FALSE, TRUE);
    }
  g_async_queue_unref (job.workspaces);
  return job.out;
}

/* ---- summary ---- */

static RrAttackFigure
figure_of (double *x, gsize n)
{
  RrAttackFigure f = { (double) NAN, (double) NAN, (double) NAN, (double) NAN };
  if (n == 0)
    return f;
  f.mean = gsl_stats_mean (x, 1, n);
  f.se = n > 1 ? gsl_stats_sd_m (x, 1, n, f.mean) / sqrt ((double) n) : 0;
  gsl_sort (x, 1, n);
  f.low = gsl_stats_quantile_from_sorted_data (x, 1, n, 0.025);
  f.high = gsl_stats_quantile_from_sorted_data (x, 1, n, 0.975);
  return f;
}

typedef double (*ReplicateValue) (const RrAttackReplicate *rep, double persons);

static double
value_share (const RrAttackReplicate *rep, double persons)
{
  return persons > 0 ? (double) rep->correct / persons : 0;
}

static double
value_correct (const RrAttackReplicate *rep, double persons)
{
  (void) persons;
  return (double) rep->correct;
}

static double
value_claims (const RrAttackReplicate *rep, double persons)
{
  (void) persons;
  return (double) rep->claims;
}

static double
value_false (const RrAttackReplicate *rep, double persons)
{
  (void) persons;
  return (double) (rep->claims - rep->correct);
}

static double
value_targets (const RrAttackReplicate *rep, double persons)
{
  (void) persons;
  return (double) rep->targets;
}

static RrAttackFigure
figure (const RrAttackReplicate *reps, guint n, double persons, ReplicateValue value)
{
  g_autofree double *x = g_new (double, n);
  for (guint i = 0; i < n; i++)
    x[i] = value (&reps[i], persons);
  return figure_of (x, n);
}

/* Precision is defined only for replicates with a claim. */
static RrAttackFigure
precision_figure (const RrAttackReplicate *reps, guint n, guint *n_defined)
{
  g_autofree double *x = g_new (double, n);
  guint k = 0;
  for (guint i = 0; i < n; i++)
    if (reps[i].claims > 0)
      x[k++] = (double) reps[i].correct / (double) reps[i].claims;
  *n_defined = k;
  return figure_of (x, k);
}

static char *
mask_words (const RrAttackFrame *frame, guint mask, gboolean columns)
{
  GString *s = g_string_new (NULL);
  for (guint j = 0; j < rr_attack_frame_n_columns (frame); j++)
    {
      if (!(mask & (1u << j)))
        continue;
      const RrAttackColumn *c = rr_attack_frame_column (frame, j);
      if (s->len > 0)
        g_string_append (s, columns ? ", " : " ");
      g_string_append (s, columns ? c->column : rr_attack_role_to_string (c->field->role));
    }
  return g_string_free (s, FALSE);
}

static gint
combination_compare (gconstpointer pa, gconstpointer pb)
{
  const RrAttackCombination *a = *(RrAttackCombination *const *) pa;
  const RrAttackCombination *b = *(RrAttackCombination *const *) pb;
  if (a->correct > b->correct)
    return -1;
  if (a->correct < b->correct)
    return 1;
  return strcmp (a->roles, b->roles);
}

static void
summarise_combinations (RrAttackResult *res, const RrAttackFrame *frame,
                        const RrAttackReplicate *reps, guint n)
{
  guint64 total = 0;
  for (guint i = 0; i < n; i++)
    total += reps[i].correct;
  for (guint mask = 0; mask < (1u << RR_ATTACK_MAX_COLUMNS); mask++)
    {
      guint64 sum = 0;
      for (guint i = 0; i < n; i++)
        sum += reps[i].by_mask[mask];
      if (sum == 0)
        continue;
      RrAttackCombination *c = g_new0 (RrAttackCombination, 1);
      c->roles = mask_words (frame, mask, FALSE);
      c->columns = mask_words (frame, mask, TRUE);
      c->correct = (double) sum / n;
      c->share = (double) sum / (double) total;
      g_ptr_array_add (res->combinations, c);
    }
  g_ptr_array_sort (res->combinations, combination_compare);
}

static void
summarise_facts (RrAttackResult *res, const RrAttackFrame *frame, const RrAttackModel *m)
{
  for (guint j = 0; j < rr_attack_frame_n_columns (frame); j++)
    {
      const RrAttackColumn *c = rr_attack_frame_column (frame, j);
      RrAttackFactSummary *f = g_new0 (RrAttackFactSummary, 1);
      f->role = g_strdup (rr_attack_role_to_string (c->field->role));
      f->column = g_strdup (c->column);
      f->precision = c->field->precision;
      f->release_level = c->release_level;
      f->level = c->level;
      f->missing = c->field->missing, f->wrong = c->field->wrong;
      f->m = m->m[j], f->u = m->u[j];
      f->missing_source = g_strdup (c->field->missing_source);
      f->wrong_source = g_strdup (c->field->wrong_source);
      f->mu_source = g_strdup (c->field->mu_source);
      g_ptr_array_add (res->facts, f);
    }
  for (const char *const *n = rr_attack_frame_notes (frame); *n != NULL; n++)
    g_ptr_array_add (res->notes, g_strdup (*n));
}

static void
summarise_scenario (RrAttackResult *res, const RrAttackScenario *s)
{
  res->name = g_strdup (s->name);
  res->title = g_strdup (s->title);
  res->description = g_strdup (s->description);
  res->path = g_strdup (s->path);
  res->target = g_strdup (rr_attack_target_to_string (s->target));
  res->method = g_strdup (rr_match_method_to_string (s->method));
  res->accept = g_strdup (rr_accept_rule_to_string (s->accept));
  res->coverage = s->coverage;
  res->coverage_source = g_strdup (s->coverage_source);
  res->threshold = s->method == RR_MATCH_PROBABILISTIC ? s->threshold : (double) NAN;
}

RrAttackResult *
rr_attack_summarise (const RrAttackFrame *frame, const RrAttackModel *m,
                     const RrAttackRunOptions *o, const RrAttackReplicate *reps)
{
  RrAttackResult *res = rr_attack_result_new ();
  guint n = o->replicates;
  double persons = (double) rr_attack_frame_n_persons (frame);
  summarise_scenario (res, rr_attack_frame_scenario (frame));
  res->min_fields = m->scenario->min_fields > 0 ? m->scenario->min_fields : m->n_fields;
  res->seed = o->seed;
  res->replicates = n;
  res->persons = rr_attack_frame_n_persons (frame);
  res->expected_decoys = rr_attack_model_expected_decoys (m);
  res->sampling_fraction = m->decoys ? rr_attack_model_sampling_fraction (m) : (double) NAN;
  summarise_facts (res, frame, m);
  char *none = rr_attack_model_describe_levels (m);
  if (none != NULL)
    g_ptr_array_add (res->notes, none);
  for (guint i = 0; i < n; i++)
    {
      double share = value_share (&reps[i], persons);
      g_array_append_val (res->replicate_share, share);
    }
  res->reidentified = figure (reps, n, persons, value_share);
  res->correct = figure (reps, n, persons, value_correct);
  res->claims = figure (reps, n, persons, value_claims);
  res->false_matches = figure (reps, n, persons, value_false);
  res->targets = figure (reps, n, persons, value_targets);
  res->precision = precision_figure (reps, n, &res->precision_replicates);
  summarise_combinations (res, frame, reps, n);
  return res;
}

RrAttackResult *
rr_attack_simulate (const RrAttackFrame *frame, const RrPopulation *pop,
                    const RrAttackRunOptions *o, GError **error)
{
  g_autoptr (RrAttackModel) m = rr_attack_model_new (frame, pop, error);
  if (m == NULL)
    return NULL;
  g_autofree RrAttackReplicate *reps = rr_attack_run_replicates (m, rr_attack_frame_scenario (frame)->name, o);
  return rr_attack_summarise (frame, m, o, reps);
}
