/* audit-attacks.h - the audit's simulated linkage attacks (--attack): load each scenario, bind
 * it to the release, run its replicates and keep the results for the reports (cmd stage). */
#pragma once
#include <glib.h>
#include "load/dataset.h"
#include "measure/result.h"

typedef struct
{
  char **attacks;   /* --attack FILE|NAME, NULL-terminated, or NULL */
  const char *population; /* the audit's --population DIR, "none", or NULL for the default
                           * tables; borrowed, set by the caller */
  char *seed_text, *replicates_text, *threads_text; /* as given, or NULL */
  /* set by rr_audit_attack_options_check */
  guint64 seed;
  guint replicates;
  guint threads;    /* 0: all cores */
  gboolean quiet;
} RrAuditAttackOptions;

/* Adds --attack, --seed, --replicates and --threads to group, storing into o. */
void rr_audit_attack_add_entries (GOptionGroup *group, RrAuditAttackOptions *o);
/* Parses --seed (0 .. 2^64-1), --replicates (1 .. 100000) and --threads (1 .. 1024), and checks
 * that the first two come with --attack (--threads also serves the scan).  Errors: G_OPTION_ERROR_BAD_VALUE for a bad number,
 * RR_ERROR_INVALID for one without --attack. */
gboolean rr_audit_attack_options_check (RrAuditAttackOptions *o, GError **error);
void rr_audit_attack_options_clear (RrAuditAttackOptions *o);

/* Runs every --attack on the loaded release and appends one RrAttackResult to r->attacks per
 * scenario, in the order given.  specs are the audited QIs; r->detections says what each column
 * was recognised as.  Prints the seed, replicates and threads on stderr unless quiet.  Errors:
 * those of loading a scenario, the population tables, binding and modelling an attack. */
gboolean rr_audit_run_attacks (const RrAuditAttackOptions *o, const RrDataset *ds,
                               const GPtrArray *specs, RrAuditResult *r, GError **error);

/* Prints one line per attack of r on stdout: share re-identified with its interval, claims,
 * precision and false matches. */
void rr_audit_print_attacks (const RrAuditResult *r);
