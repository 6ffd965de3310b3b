/* scenario.h - attack scenarios: what an attacker holds about people (which facts, at what
 * precision, how often wrong or missing, for what share of the population) and how it matches
 * them to a release, read from GKeyFile INI files (attack stage).  The format is doc/attacks.md;
 * a library of scenarios ships in data/scenarios/. */
#pragma once
#include <glib.h>
#include "qi/qi.h"

/* What a fact is; a scenario names its facts by role, a release's columns get roles from their
 * type and recognition (attack/frame.h). */
typedef enum
{
  RR_ATTACK_ROLE_POSTCODE,   /* where the person lives */
  RR_ATTACK_ROLE_BIRTH_DATE, /* date of birth */
  RR_ATTACK_ROLE_AGE,        /* age in years */
  RR_ATTACK_ROLE_SEX,
  RR_ATTACK_ROLE_ETHNICITY,
  RR_ATTACK_ROLE_EVENT_DATE, /* a date of care (admission, appointment) */
  RR_ATTACK_N_ROLES,
} RrAttackRole;

/* prosecutor: the attacker holds only people it knows are in the release; journalist: it holds
 * people of the population, in the release or not. */
typedef enum
{
  RR_ATTACK_PROSECUTOR,
  RR_ATTACK_JOURNALIST,
} RrAttackTarget;

typedef enum
{
  RR_MATCH_EXACT,
  RR_MATCH_PROBABILISTIC,
} RrMatchMethod;

/* unique: claim a pair only when each is the other's one best candidate; threshold: pair people
 * and records one to one by descending score, down to the threshold, ties at random; random: as
 * threshold with no threshold (exact: among all candidates that agree). */
typedef enum
{
  RR_ACCEPT_UNIQUE,
  RR_ACCEPT_THRESHOLD,
  RR_ACCEPT_RANDOM,
} RrAcceptRule;

/* One fact the attacker holds. */
typedef struct
{
  RrAttackRole role;
  RrQiLevel precision; /* the finest level the attacker knows it at */
  double missing;      /* P(the attacker lacks the value) */
  double wrong;        /* P(the attacker's value is wrong), given it is present */
  double m, u;         /* Fellegi-Sunter agreement probabilities (probabilistic only); NaN
                          when not given: the model derives them (attack/model.h) */
  char *missing_source, *wrong_source, *mu_source; /* where the figures come from */
} RrAttackField;

typedef struct
{
  char *name;        /* file name without .ini */
  char *title;       /* one line for people */
  char *description; /* a paragraph for people */
  char *path;        /* the file it came from */
  RrAttackTarget target;
  double coverage;   /* share of the population (journalist) or release (prosecutor) held */
  char *coverage_source;
  RrMatchMethod method;
  RrAcceptRule accept;
  double threshold;  /* log2 score a claim needs (probabilistic) */
  guint min_fields;  /* exact: agreeing facts a claim needs; 0 means all the bound facts */
  GPtrArray *fields; /* RrAttackField*, at most one per role, in file order; owned */
} RrAttackScenario;

/* Reads a scenario file.  Errors: G_FILE_ERROR (unreadable); RR_ERROR_PARSE "FILE:LINE:COL:
 * what" for bad INI syntax, an unknown group or key, a bad or out-of-range number, an unknown
 * target, method, rule, role or precision, a precision the role cannot have, only one of m and
 * u, or not 0 < u < m < 1, for a probabilistic scenario, m or u for an exact one,
 * accept=threshold with method=exact, and no facts at all. */
RrAttackScenario *rr_attack_scenario_load_file (const char *path, GError **error);

/* Reads what --attack names: a path (it contains '/' or ends in ".ini") or the name of a
 * scenario in dir (NULL: rr_attack_scenario_default_dir).  Errors: those of
 * rr_attack_scenario_load_file; RR_ERROR_INVALID for an unknown name, listing the library. */
RrAttackScenario *rr_attack_scenario_load (const char *file_or_name, const char *dir,
                                           GError **error);

void rr_attack_scenario_free (RrAttackScenario *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrAttackScenario, rr_attack_scenario_free)

/* $(pkgdatadir)/scenarios when installed, else the source tree's data/scenarios; owned. */
char *rr_attack_scenario_default_dir (void);
/* The names of the scenarios in dir, sorted, NULL-terminated; owned. */
GStrv rr_attack_scenario_list (const char *dir);

const char *rr_attack_role_to_string (RrAttackRole role);       /* "date-of-birth" */
gboolean rr_attack_role_from_string (const char *s, RrAttackRole *role);
const char *rr_attack_target_to_string (RrAttackTarget target); /* "journalist" */
const char *rr_match_method_to_string (RrMatchMethod method);   /* "exact" */
const char *rr_accept_rule_to_string (RrAcceptRule rule);       /* "unique" */
/* The field for role, or NULL; borrowed. */
const RrAttackField *rr_attack_scenario_field (const RrAttackScenario *s, RrAttackRole role);
