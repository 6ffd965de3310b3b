/* audit-decision.h - the audit's steps after grouping (cmd stage): values read already
 * generalised, what drives the risk, attribute disclosure, the verdict against --policy, the
 * lattice search and --apply.  Each step calls one function of its stage. */
#pragma once
#include <glib.h>
#include "load/dataset.h"
#include "measure/classes.h"
#include "measure/result.h"
#include "policy/policy.h"

typedef struct
{
  const char *path;            /* the release */
  const char *person;          /* --person, or NULL */
  const char *sensitive;       /* --sensitive NAME[:TYPE],..., or NULL */
  const char *apply;           /* --apply FILE, or NULL */
  double max_suppression;      /* --max-suppression, or NAN for the policy's */
  gboolean invalid_as_missing;
  gboolean quiet;
  const GDate *as_of;
  gboolean no_drivers;         /* --no-drivers: skip what drives the risk (and SUDA) */
} RrDecisionOptions;

/* The names of --sensitive NAME[:TYPE],... (TYPE: category, number or date); owned, NULL for
 * NULL.  Errors: RR_ERROR_INVALID (an empty name, an unknown type). */
GStrv rr_audit_sensitive_names (const char *sensitive, GError **error);

/* Loads --policy (NULL: none) and sets *threshold to the policy's when it has one: an explicit
 * --threshold that differs is an error (RR_ERROR_INVALID).  Errors: those of rr_policy_load. */
gboolean rr_audit_policy_prepare (const char *name, gboolean threshold_given, double *threshold,
                                  RrPolicy **policy, GError **error);

/* Fills r->decision; with a policy sets *exit_status to 0 (PASS) or 1 (FAIL) and, when the
 * release fails or --apply is given, searches the lattice and writes --apply.  Errors: those of
 * loading the sensitive columns, of the search and of writing; RR_ERROR_INVALID when --apply is
 * asked without a policy or when no node meets the policy. */
gboolean rr_audit_decide (const RrDecisionOptions *o, const RrPolicy *policy, RrAuditResult *r,
                          const RrDataset *ds, const GPtrArray *specs, const RrClassTable *classes,
                          int *exit_status, GError **error);

/* Prints the verdict, its rules and the recommendation on stdout (nothing without a policy). */
void rr_audit_decision_print (const RrAuditResult *r);
