/* policy.h - release policies: GKeyFile files of rules, each bounding one named figure, with the
 * published source of its limit (policy stage).  doc/policies.md documents the format; the
 * shipped policies are data/policies/NAME.ini.
 *
 *   [policy]                    name, title, source; threshold = per-person risk threshold;
 *   name = public-release       max-suppression = share of persons the search may suppress
 *   [max-risk]                  one group per rule, named by the group:
 *   figure = prosecutor-max     figure (policy/figures.h), max = or min = (the figure's sense),
 *   max = 0.05                  source = where the limit comes from, description = words
 *   source = El Emam (2013) ... */
#pragma once
#include <glib.h>
#include "measure/decision.h"
#include "policy/figures.h"

typedef struct
{
  char *name;
  RrFigureId figure;
  RrBound bound;
  double limit;
  char *source;
  char *description;
} RrRule;

typedef struct
{
  char *name, *title, *source, *path;
  double threshold;        /* NAN when the policy sets none */
  double max_suppression;  /* 0 when the policy sets none */
  GPtrArray *rules;        /* RrRule*, in file order */
} RrPolicy;

/* NAME is a shipped policy (data/policies/NAME.ini, installed or in the source tree); anything
 * with a '/' or ending in ".ini" is a file.  Errors: G_FILE_ERROR (cannot read),
 * RR_ERROR_INVALID (unknown policy name, listing the shipped ones), RR_ERROR_PARSE
 * "FILE:LINE: ..." (not a key file, no [policy] group, no rules, a rule without figure or with an
 * unknown one, both or neither of max and min, the wrong bound for its figure, a limit that is
 * not a number, a share or risk outside [0, 1], an unknown key). */
RrPolicy *rr_policy_load (const char *name_or_file, GError **error);
void rr_policy_free (RrPolicy *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrPolicy, rr_policy_free)

/* The directory of the shipped policies (installed, else the source tree's); owned. */
char *rr_policy_default_dir (void);

/* The verdict: every rule's figure against its limit.  A rule whose figure is not measured
 * fails (it never passes silently); the verdict passes only when every rule passes.  threshold
 * is the per-person threshold the run used. */
RrVerdictResult *rr_policy_evaluate (const RrPolicy *policy, const RrFigures *figures,
                                     double threshold);

/* Whether figures meet every rule (not-measured figures fail). */
gboolean rr_policy_passes (const RrPolicy *policy, const RrFigures *figures);
