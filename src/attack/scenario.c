/* scenario.c - reads and checks attack scenario files (GKeyFile INI, doc/attacks.md) and finds
 * them in the shipped library (attack stage). */
#include "config.h"
#include "attack/scenario.h"
#include "util/keyfile-line.h"
#include "util/data-dir.h"
#include "util/error.h"
#include <math.h>
#include <string.h>

static const char *const role_names[RR_ATTACK_N_ROLES] = {
  "postcode", "date-of-birth", "age", "sex", "ethnicity", "event-date",
};

const char *
rr_attack_role_to_string (RrAttackRole role)
{
  g_return_val_if_fail ((guint) role < RR_ATTACK_N_ROLES, NULL);
  return role_names[role];
}

gboolean
rr_attack_role_from_string (const char *s, RrAttackRole *role)
{
  for (guint r = 0; r < RR_ATTACK_N_ROLES; r++)
    if (strcmp (s, role_names[r]) == 0)
      return *role = (RrAttackRole) r, TRUE;
  return FALSE;
}

const char *
rr_attack_target_to_string (RrAttackTarget target)
{
  return target == RR_ATTACK_PROSECUTOR ? "prosecutor" : "journalist";
}

const char *
rr_match_method_to_string (RrMatchMethod method)
{
  return method == RR_MATCH_EXACT ? "exact" : "probabilistic";
}

const char *
rr_accept_rule_to_string (RrAcceptRule rule)
{
  static const char *const names[] = { "unique", "threshold", "random" };
  g_return_val_if_fail ((guint) rule < G_N_ELEMENTS (names), NULL);
  return names[rule];
}

static void
field_free (RrAttackField *f)
{
  if (f == NULL)
    return;
  g_free (f->missing_source);
  g_free (f->wrong_source);
  g_free (f->mu_source);
  g_free (f);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrAttackField, field_free)

void
rr_attack_scenario_free (RrAttackScenario *s)
{
  if (s == NULL)
    return;
  g_free (s->name);
  g_free (s->title);
  g_free (s->description);
  g_free (s->path);
  g_free (s->coverage_source);
  if (s->fields != NULL)
    g_ptr_array_unref (s->fields);
  g_free (s);
}

const RrAttackField *
rr_attack_scenario_field (const RrAttackScenario *s, RrAttackRole role)
{
  for (guint i = 0; i < s->fields->len; i++)
    {
      const RrAttackField *f = g_ptr_array_index (s->fields, i);
      if (f->role == role)
        return f;
    }
  return NULL;
}

/* ---- reading, with the place of every complaint ---- */

typedef struct
{
  const char *path;
  char *text;
  GKeyFile *kf;
} Reader;

static void
reader_clear (Reader *rd)
{
  g_free (rd->text);
  if (rd->kf != NULL)
    g_key_file_free (rd->kf);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reader, reader_clear)

static gboolean G_GNUC_PRINTF (5, 6)
fail_at (const Reader *rd, const char *group, const char *key, GError **error, const char *fmt,
         ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  guint64 line = rr_key_file_line (rd->text, group, key);
  if (key == NULL)
    return rr_throw_at (error, RR_ERROR_PARSE, rd->path, line, line ? 1 : 0, "[%s]: %s", group,
                        msg);
  return rr_throw_at (error, RR_ERROR_PARSE, rd->path, line, line ? 1 : 0, "[%s] %s: %s", group,
                      key, msg);
}

/* A string value, trimmed; NULL (no error) when absent. */
static char *
get_string (const Reader *rd, const char *group, const char *key)
{
  char *v = g_key_file_get_string (rd->kf, group, key, NULL);
  return v != NULL ? g_strstrip (v) : NULL;
}

/* A number in [lo, hi] (open at lo when lo_open), or *out untouched when absent. */
static gboolean
get_number (const Reader *rd, const char *group, const char *key, double lo, gboolean lo_open,
            double hi, double *out, GError **error)
{
  g_autofree char *v = get_string (rd, group, key);
  if (v == NULL)
    return TRUE;
  char *end = NULL;
  double x = g_ascii_strtod (v, &end);
  gboolean in = end != v && *end == '\0' && isfinite (x) && (lo_open ? x > lo : x >= lo) && x <= hi;
  if (!in)
    return fail_at (rd, group, key, error, "'%s' is not a number in %s%g, %g]", v,
                    lo_open ? "(" : "[", lo, hi);
  *out = x;
  return TRUE;
}

/* Every key of group must be one of allowed (NULL-terminated). */
static gboolean
check_keys (const Reader *rd, const char *group, const char *const *allowed, GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (rd->kf, group, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (allowed, keys[i]))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) allowed);
        return fail_at (rd, group, keys[i], error, "unknown key (the keys of [%s] are: %s)", group,
                        list);
      }
  return TRUE;
}

static gboolean
read_choice (const Reader *rd, const char *group, const char *key, const char *const *names,
             guint n, guint *out, GError **error)
{
  g_autofree char *v = get_string (rd, group, key);
  if (v == NULL)
    return TRUE;
  for (guint i = 0; i < n; i++)
    if (strcmp (v, names[i]) == 0)
      return *out = i, TRUE;
  g_autofree char *list = g_strjoinv (", ", (char **) names);
  return fail_at (rd, group, key, error, "'%s' is not one of: %s", v, list);
}

static gboolean
read_scenario_group (const Reader *rd, RrAttackScenario *s, GError **error)
{
  static const char *const keys[] = { "title", "description", "target", "coverage",
                                      "coverage-source", NULL };
  static const char *const targets[] = { "prosecutor", "journalist", NULL };
  if (!g_key_file_has_group (rd->kf, "scenario"))
    return rr_throw_at (error, RR_ERROR_PARSE, rd->path, 0, 0, "no [scenario] group");
  guint target = RR_ATTACK_JOURNALIST;
  if (!check_keys (rd, "scenario", keys, error)
      || !read_choice (rd, "scenario", "target", targets, 2, &target, error)
      || !get_number (rd, "scenario", "coverage", 0, TRUE, 1, &s->coverage, error))
    return FALSE;
  s->target = (RrAttackTarget) target;
  s->title = get_string (rd, "scenario", "title");
  s->description = get_string (rd, "scenario", "description");
  s->coverage_source = get_string (rd, "scenario", "coverage-source");
  if (s->title == NULL)
    s->title = g_strdup (s->name);
  return TRUE;
}

static gboolean
read_match_group (const Reader *rd, RrAttackScenario *s, GError **error)
{
  static const char *const keys[] = { "method", "accept", "threshold", "min-fields", NULL };
  static const char *const methods[] = { "exact", "probabilistic", NULL };
  static const char *const rules[] = { "unique", "threshold", "random", NULL };
  guint method = RR_MATCH_EXACT, accept = RR_ACCEPT_UNIQUE;
  double min_fields = 0, threshold = (double) NAN;
  if (!check_keys (rd, "match", keys, error)
      || !read_choice (rd, "match", "method", methods, 2, &method, error)
      || !read_choice (rd, "match", "accept", rules, 3, &accept, error)
      || !get_number (rd, "match", "threshold", -1e6, FALSE, 1e6, &threshold, error)
      || !get_number (rd, "match", "min-fields", 1, FALSE, RR_ATTACK_N_ROLES, &min_fields, error))
    return FALSE;
  s->method = (RrMatchMethod) method;
  s->accept = (RrAcceptRule) accept;
  s->threshold = threshold;
  s->min_fields = (guint) min_fields;
  if (min_fields > floor (min_fields))
    return fail_at (rd, "match", "min-fields", error, "must be a whole number");
  if (s->method == RR_MATCH_EXACT && s->accept == RR_ACCEPT_THRESHOLD)
    return fail_at (rd, "match", "accept", error, "threshold needs method=probabilistic (exact "
                    "candidates all score alike)");
  if (s->method == RR_MATCH_EXACT && !isnan (threshold))
    return fail_at (rd, "match", "threshold", error, "only a probabilistic match has a score");
  if (s->method == RR_MATCH_PROBABILISTIC && isnan (threshold))
    return fail_at (rd, "match", "method", error, "a probabilistic match needs a threshold (the "
                    "log2 score a claim must reach)");
  if (s->method == RR_MATCH_PROBABILISTIC && min_fields > 0)
    return fail_at (rd, "match", "min-fields", error, "only an exact match counts agreeing "
                    "fields; a probabilistic one has its threshold");
  return TRUE;
}

static gboolean
precision_fits (RrAttackRole role, RrQiLevel level)
{
  switch (role)
    {
    case RR_ATTACK_ROLE_POSTCODE:
      return rr_qi_level_valid_for_type (RR_QI_POSTCODE, level);
    case RR_ATTACK_ROLE_BIRTH_DATE:
      return rr_qi_level_valid_for_type (RR_QI_DATE, level);
    case RR_ATTACK_ROLE_AGE:
      return rr_qi_level_valid_for_type (RR_QI_AGE, level);
    case RR_ATTACK_ROLE_EVENT_DATE:
      return level == RR_LEVEL_DAY || level == RR_LEVEL_MONTH || level == RR_LEVEL_YEAR;
    case RR_ATTACK_ROLE_SEX:
    case RR_ATTACK_ROLE_ETHNICITY:
    case RR_ATTACK_N_ROLES:
    default:
      return level == RR_LEVEL_ASIS;
    }
}

static RrQiLevel
default_precision (RrAttackRole role)
{
  switch (role)
    {
    case RR_ATTACK_ROLE_POSTCODE: return RR_LEVEL_UNIT;
    case RR_ATTACK_ROLE_BIRTH_DATE:
    case RR_ATTACK_ROLE_EVENT_DATE: return RR_LEVEL_DAY;
    case RR_ATTACK_ROLE_AGE: return RR_LEVEL_AGE1;
    case RR_ATTACK_ROLE_SEX:
    case RR_ATTACK_ROLE_ETHNICITY:
    case RR_ATTACK_N_ROLES:
    default: return RR_LEVEL_ASIS;
    }
}

static gboolean
read_precision (const Reader *rd, const char *group, RrAttackField *f, GError **error)
{
  f->precision = default_precision (f->role);
  g_autofree char *v = get_string (rd, group, "precision");
  if (v == NULL)
    return TRUE;
  if (!rr_qi_level_from_string (v, &f->precision) || !precision_fits (f->role, f->precision))
    return fail_at (rd, group, "precision", error, "'%s' is not a precision of %s", v, group);
  return TRUE;
}

static gboolean
read_mu (const Reader *rd, const char *group, const RrAttackScenario *s, RrAttackField *f,
         GError **error)
{
  f->m = (double) NAN, f->u = (double) NAN;
  if (!get_number (rd, group, "m", 0, TRUE, 1, &f->m, error)
      || !get_number (rd, group, "u", 0, TRUE, 1, &f->u, error))
    return FALSE;
  if (s->method == RR_MATCH_EXACT)
    return isnan (f->m) && isnan (f->u)
           ? TRUE
           : fail_at (rd, group, isnan (f->m) ? "u" : "m", error,
                      "m and u are for method=probabilistic");
  if (isnan (f->m) && isnan (f->u))
    return TRUE; /* derived: m from the error rates, u from the population */
  if (isnan (f->m) || isnan (f->u))
    return fail_at (rd, group, isnan (f->m) ? "u" : "m", error, "give both m and u, or "
                    "neither (then m = 1 - wrong and u is the chance that two people agree)");
  if (!(f->u < f->m && f->m < 1))
    return fail_at (rd, group, "m", error, "needs 0 < u < m < 1 (m = %g, u = %g)", f->m, f->u);
  return TRUE;
}

static RrAttackField *
read_field (const Reader *rd, const char *group, const RrAttackScenario *s, GError **error)
{
  static const char *const keys[] = { "precision", "missing", "missing-source", "wrong",
                                      "wrong-source", "m", "u", "mu-source", NULL };
  g_autoptr (RrAttackField) f = g_new0 (RrAttackField, 1);
  if (!rr_attack_role_from_string (group, &f->role))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) role_names);
      fail_at (rd, group, NULL, error, "unknown group (groups: scenario, match, and the facts %s)",
               list);
      return NULL;
    }
  /* a fact always missing is no fact: missing < 1 */
  if (!check_keys (rd, group, keys, error) || !read_precision (rd, group, f, error)
      || !get_number (rd, group, "missing", 0, FALSE, 0.999999, &f->missing, error)
      || !get_number (rd, group, "wrong", 0, FALSE, 1, &f->wrong, error)
      || !read_mu (rd, group, s, f, error))
    return NULL;
  f->missing_source = get_string (rd, group, "missing-source");
  f->wrong_source = get_string (rd, group, "wrong-source");
  f->mu_source = get_string (rd, group, "mu-source");
  return g_steal_pointer (&f);
}
static gboolean
read_fields (const Reader *rd, RrAttackScenario *s, GError **error)
{
  g_auto (GStrv) groups = g_key_file_get_groups (rd->kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (strcmp (groups[i], "scenario") == 0 || strcmp (groups[i], "match") == 0)
        continue;
      RrAttackField *f = read_field (rd, groups[i], s, error);
      if (f == NULL)
        return FALSE;
      g_ptr_array_add (s->fields, f);
    }
  if (s->fields->len == 0)
    return rr_throw_at (error, RR_ERROR_PARSE, rd->path, 0, 0,
                        "the attacker holds no facts: add a group such as [postcode]");
  if (s->min_fields > s->fields->len)
    return fail_at (rd, "match", "min-fields", error, "%u is more than the %u facts held",
                    s->min_fields, s->fields->len);
  return TRUE;
}

static char *
name_of (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  if (g_str_has_suffix (base, ".ini"))
    base[strlen (base) - 4] = '\0';
  return g_steal_pointer (&base);
}

RrAttackScenario *
rr_attack_scenario_load_file (const char *path, GError **error)
{
  g_auto (Reader) rd = { path, NULL, g_key_file_new () };
  if (!g_file_get_contents (path, &rd.text, NULL, error))
    return NULL;
  g_autoptr (GError) local = NULL;
  if (!g_key_file_load_from_data (rd.kf, rd.text, -1, G_KEY_FILE_NONE, &local))
    {
      rr_throw_at (error, RR_ERROR_PARSE, path, 0, 0, "%s", local->message);
      return NULL;
    }
  g_autoptr (RrAttackScenario) s = g_new0 (RrAttackScenario, 1);
  s->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  s->name = name_of (path);
  s->path = g_strdup (path);
  s->coverage = 1;
  if (!read_scenario_group (&rd, s, error) || !read_match_group (&rd, s, error)
      || !read_fields (&rd, s, error))
    return NULL;
  return g_steal_pointer (&s);
}

char *
rr_attack_scenario_default_dir (void)
{
  return rr_data_dir_find ("scenarios", NULL);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

GStrv
rr_attack_scenario_list (const char *dir)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  for (const char *e; d != NULL && (e = g_dir_read_name (d)) != NULL;)
    if (g_str_has_suffix (e, ".ini"))
      g_ptr_array_add (names, name_of (e));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

RrAttackScenario *
rr_attack_scenario_load (const char *file_or_name, const char *dir, GError **error)
{
  if (strchr (file_or_name, '/') != NULL || g_str_has_suffix (file_or_name, ".ini"))
    return rr_attack_scenario_load_file (file_or_name, error);
  g_autofree char *default_dir = dir == NULL ? rr_attack_scenario_default_dir () : NULL;
  const char *from = dir != NULL ? dir : default_dir;
  g_autofree char *file = g_strconcat (file_or_name, ".ini", NULL);
  g_autofree char *path = g_build_filename (from, file, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return rr_attack_scenario_load_file (path, error);
  g_auto (GStrv) names = rr_attack_scenario_list (from);
  g_autofree char *list = g_strjoinv (", ", names);
  rr_throw (error, RR_ERROR_INVALID, "--attack %s: no such scenario file, nor a scenario of "
            "that name in %s (there: %s)", file_or_name, from, list[0] ? list : "none");
  return NULL;
}
