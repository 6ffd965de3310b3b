/* audit-attacks.c - runs the audit's --attack scenarios: the population tables once, then per
 * scenario its binding to the release, the Monte Carlo replicates and their summary (cmd
 * stage). */
#include "config.h"
#include "cmd/audit-attacks.h"
#include "cmd/audit-population.h"
#include "attack/frame.h"
#include "attack/model.h"
#include "attack/scenario.h"
#include "attack/simulate.h"
#include "measure/attack-result.h"
#include "population/tables.h"
#include "qi/detect.h"
#include "util/error.h"
#include <string.h>

/* Beyond this many replicates a run takes hours; beyond this many threads is a typo. */
#define RR_MAX_REPLICATES 100000
#define RR_MAX_THREADS 1024

void
rr_audit_attack_add_entries (GOptionGroup *group, RrAuditAttackOptions *o)
{
  GOptionEntry entries[] = {
    { "attack", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->attacks, "Simulate the linkage attack of a scenario file or library name (repeatable)", "FILE|NAME" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &o->seed_text, "Seed of the attack simulation (default 20140101)", "N" },
    { "replicates", 0, 0, G_OPTION_ARG_STRING, &o->replicates_text, "Replicates per attack (default 100)", "N" },
    { "threads", 0, 0, G_OPTION_ARG_STRING, &o->threads_text, "Threads for the replicates, the scan's dictionary attack and the population model (default all cores)", "N" },
    G_OPTION_ENTRY_NULL,
  };
  g_option_group_add_entries (group, entries);
}

void
rr_audit_attack_options_clear (RrAuditAttackOptions *o)
{
  g_strfreev (o->attacks);
  g_free (o->seed_text), g_free (o->replicates_text);
  g_free (o->threads_text);
}

static gboolean
parse_count (const char *name, const char *text, guint64 min, guint64 max, guint64 *out,
             GError **error)
{
  g_autoptr (GError) local = NULL;
  if (text == NULL || g_ascii_string_to_unsigned (text, 10, min, max, out, &local))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", name, local->message);
  return FALSE;
}

/* The scenarios are read now, so that a bad file, or a journalist attack without tables, fails
 * before the release is read. */
static gboolean
scenarios_check (const RrAuditAttackOptions *o, GError **error)
{
  for (guint i = 0; o->attacks != NULL && o->attacks[i] != NULL; i++)
    {
      g_autoptr (RrAttackScenario) s = rr_attack_scenario_load (o->attacks[i], NULL, error);
      if (s == NULL)
        return FALSE;
      if (s->target == RR_ATTACK_JOURNALIST && g_strcmp0 (o->population, "none") == 0)
        return rr_throw (error, RR_ERROR_INVALID, "attack scenario '%s' is a journalist attack: "
                         "it needs the population tables (not --population none)", s->name);
    }
  return TRUE;
}

gboolean
rr_audit_attack_options_check (RrAuditAttackOptions *o, GError **error)
{
  guint64 seed = RR_ATTACK_DEFAULT_SEED, replicates = RR_ATTACK_DEFAULT_REPLICATES, threads = 0;
  if (!parse_count ("--seed", o->seed_text, 0, G_MAXUINT64, &seed, error)
      || !parse_count ("--replicates", o->replicates_text, 1, RR_MAX_REPLICATES, &replicates,
                       error)
      || !parse_count ("--threads", o->threads_text, 1, RR_MAX_THREADS, &threads, error))
    return FALSE;
  o->seed = seed, o->replicates = (guint) replicates, o->threads = (guint) threads;
  gboolean attacks = o->attacks != NULL && o->attacks[0] != NULL;
  /* --threads also sets the scan's dictionary-attack threads, so it may come alone. */
  const char *stray = o->seed_text != NULL         ? "--seed"
                      : o->replicates_text != NULL ? "--replicates"
                                                   : NULL;
  if (!attacks && stray != NULL)
    return rr_throw (error, RR_ERROR_INVALID, "%s goes with --attack", stray);
  return scenarios_check (o, error);
}

/* The recognised kind of each audited QI, or NULL; borrowed from r->detections. */
static const char **
qi_kinds (const GPtrArray *specs, const RrAuditResult *r)
{
  const char **kinds = g_new0 (const char *, specs->len + 1);
  for (guint q = 0; q < specs->len; q++)
    {
      const RrQiSpec *spec = g_ptr_array_index (specs, q);
      for (guint i = 0; i < r->detections->len; i++)
        {
          const RrQiDetection *d = g_ptr_array_index (r->detections, i);
          if (strcmp (d->column, spec->name) == 0 && !d->direct_identifier)
            kinds[q] = d->kind;
        }
    }
  return kinds;
}

typedef struct
{
  const RrDataset *ds;
  const GPtrArray *specs;
  const char **kinds;
  RrPopulation *pop;  /* NULL: --population none, or the default tables failed to load */
  GError *pop_error;  /* why the default tables failed to load */
} RunContext;

/* One attack, read and bound to the release; its model is built when it runs, so that only one
 * model (hundreds of MB for millions of persons) is held at a time. */
typedef struct
{
  RrAttackScenario *s;
  RrAttackFrame *frame;
} Prepared;

static void
prepared_free (Prepared *p)
{
  rr_attack_frame_free (p->frame);
  rr_attack_scenario_free (p->s);
  g_free (p);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Prepared, prepared_free)

static Prepared *
prepare (const char *which, const RunContext *ctx, GError **error)
{
  g_autoptr (Prepared) p = g_new0 (Prepared, 1);
  if ((p->s = rr_attack_scenario_load (which, NULL, error)) == NULL)
    return NULL;
  if (p->s->target == RR_ATTACK_JOURNALIST && ctx->pop_error != NULL)
    {
      g_propagate_prefixed_error (error, g_error_copy (ctx->pop_error),
                                  "attack scenario '%s' needs the population tables: ",
                                  p->s->name);
      return NULL;
    }
  if (p->s->target == RR_ATTACK_JOURNALIST && ctx->pop == NULL)
    return rr_throw (error, RR_ERROR_INVALID, "attack scenario '%s' is a journalist attack: it "
                     "needs the population tables (not --population none)", p->s->name), NULL;
  if ((p->frame = rr_attack_frame_new (ctx->ds, ctx->specs, ctx->kinds, p->s, error)) == NULL)
    return NULL;
  return g_steal_pointer (&p);
}

static RrAttackResult *
run_one (const Prepared *p, const RrPopulation *pop, const RrAuditAttackOptions *o,
         GError **error)
{
  RrAttackRunOptions run = { o->seed, o->replicates, o->threads };
  g_autoptr (RrAttackModel) model = rr_attack_model_new (p->frame, pop, error);
  if (model == NULL)
    return NULL;
  g_autofree RrAttackReplicate *reps = rr_attack_run_replicates (model, p->s->name, &run);
  return rr_attack_summarise (p->frame, model, &run, reps);
}

/* Tables named by --population must load; the default ones are needed only by journalist
 * attacks, so their failure is kept for those. */
static gboolean
context_init (RunContext *ctx, const RrAuditAttackOptions *o, GError **error)
{
  if (g_strcmp0 (o->population, "none") == 0)
    return TRUE;
  if (o->population != NULL)
    return (ctx->pop = rr_population_load (o->population, error)) != NULL;
  g_autofree char *dir = rr_audit_population_default_dir ();
  ctx->pop = rr_population_load (dir, &ctx->pop_error);
  return TRUE;
}

gboolean
rr_audit_run_attacks (const RrAuditAttackOptions *o, const RrDataset *ds, const GPtrArray *specs,
                      RrAuditResult *r, GError **error)
{
  if (o->attacks == NULL || o->attacks[0] == NULL)
    return TRUE;
  RrAuditAttackOptions run = *o;
  if (run.threads == 0)
    run.threads = MAX (g_get_num_processors (), 1);
  g_autofree const char **kinds = qi_kinds (specs, r);
  RunContext ctx = { ds, specs, kinds, NULL, NULL };
  g_autoptr (GPtrArray) ready = g_ptr_array_new_with_free_func ((GDestroyNotify) prepared_free);
  gboolean ok = context_init (&ctx, o, error);
  for (guint i = 0; ok && o->attacks[i] != NULL; i++)
    {
      Prepared *p = prepare (o->attacks[i], &ctx, error);
      if ((ok = p != NULL))
        g_ptr_array_add (ready, p);
    }
  if (ok && !o->quiet)
    g_printerr ("reidrisk: attacks: seed %" G_GUINT64_FORMAT "%s, %u replicates, %u threads\n",
                run.seed, o->seed_text != NULL ? "" : " (the default; --seed to change)",
                run.replicates, run.threads);
  for (guint i = 0; ok && i < ready->len; i++)
    {
      RrAttackResult *res = run_one (g_ptr_array_index (ready, i), ctx.pop, &run, error);
      if ((ok = res != NULL))
        g_ptr_array_add (r->attacks, res);
    }
  g_clear_pointer (&ready, g_ptr_array_unref);
  g_clear_error (&ctx.pop_error);
  rr_population_free (ctx.pop);
  return ok;
}

static char *
percent (double share)
{
  return g_strdup_printf ("%.2f%%", 100.0 * share);
}

void
rr_audit_print_attacks (const RrAuditResult *r)
{
  for (guint i = 0; i < r->attacks->len; i++)
    {
      const RrAttackResult *a = g_ptr_array_index (r->attacks, i);
      g_autofree char *mean = percent (a->reidentified.mean);
      g_autofree char *low = percent (a->reidentified.low);
      g_autofree char *high = percent (a->reidentified.high);
      g_autofree char *precision = a->precision_replicates > 0 ? percent (a->precision.mean)
                                                               : g_strdup ("n/a (no claims)");
      g_print ("attack %s: %s re-identified (95%% interval %s to %s; %.1f persons), %.1f claims, "
               "precision %s, %.1f false matches; %u replicates, seed %" G_GUINT64_FORMAT "\n",
               a->name, mean, low, high, a->correct.mean, a->claims.mean, precision,
               a->false_matches.mean, a->replicates, a->seed);
    }
}
