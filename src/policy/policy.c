/* policy.c - reading policy files and judging the figures against them (policy stage).
 * GKeyFile parses the file; the line of a group or key, for messages, is found in the text. */
#include "config.h"
#include "policy/policy.h"
#include "util/keyfile-line.h"
#include "util/data-dir.h"
#include "util/error.h"
#include <math.h>
#include <string.h>

static void
rule_free (RrRule *r)
{
  if (r == NULL)
    return;
  g_free (r->name);
  g_free (r->source);
  g_free (r->description);
  g_free (r);
}

void
rr_policy_free (RrPolicy *p)
{
  if (p == NULL)
    return;
  g_free (p->name);
  g_free (p->title);
  g_free (p->source);
  g_free (p->path);
  g_clear_pointer (&p->rules, g_ptr_array_unref);
  g_free (p);
}

char *
rr_policy_default_dir (void)
{
  return rr_data_dir_find ("policies", NULL);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* "controlled-access, public-release, small-numbers": the shipped names. */
static char *
shipped_names (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;
  while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (entry, ".ini"))
      g_ptr_array_add (names, g_strndup (entry, strlen (entry) - 4));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

static char *
resolve (const char *name_or_file, GError **error)
{
  if (strchr (name_or_file, '/') != NULL || g_str_has_suffix (name_or_file, ".ini"))
    return g_strdup (name_or_file);
  g_autofree char *dir = rr_policy_default_dir ();
  g_autofree char *file = g_strconcat (name_or_file, ".ini", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);
  g_autofree char *names = shipped_names (dir);
  rr_throw (error, RR_ERROR_INVALID, "unknown policy '%s' (the shipped policies are: %s; or give "
            "a policy file)", name_or_file, names);
  return NULL;
}

typedef struct
{
  const char *path;
  const char *text;
  GKeyFile *kf;
} Reader;

static gboolean
fail_at (const Reader *rd, const char *group, const char *key, GError **error, const char *fmt,
         ...) G_GNUC_PRINTF (5, 6);

static gboolean
fail_at (const Reader *rd, const char *group, const char *key, GError **error, const char *fmt,
         ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  guint64 line = rr_key_file_line (rd->text, group, key);
  if (line == 0)
    line = rr_key_file_line (rd->text, group, NULL);
  return rr_throw_at (error, RR_ERROR_PARSE, rd->path, line, 0, "%s", msg);
}

static char *
get_string (const Reader *rd, const char *group, const char *key)
{
  g_autofree char *s = g_key_file_get_string (rd->kf, group, key, NULL);
  return s != NULL && *g_strstrip (s) != '\0' ? g_steal_pointer (&s) : NULL;
}

static gboolean
get_number (const Reader *rd, const char *group, const char *key, double *value, GError **error)
{
  g_autofree char *s = get_string (rd, group, key);
  char *end = NULL;
  *value = s != NULL ? g_ascii_strtod (s, &end) : (double) NAN;
  if (s == NULL || end == s || *end != '\0' || !isfinite (*value))
    return fail_at (rd, group, key, error, "%s in [%s] must be a number, not '%s'", key, group,
                    s != NULL ? s : "");
  return TRUE;
}

static gboolean
keys_known (const Reader *rd, const char *group, const char *const *known, GError **error)
{
  g_auto (GStrv) keys = g_key_file_get_keys (rd->kf, group, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (known, keys[i]))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) known);
        return fail_at (rd, group, keys[i], error, "unknown key '%s' in [%s] (the keys are: %s)",
                        keys[i], group, list);
      }
  return TRUE;
}

static gboolean
rule_limit (const Reader *rd, RrRule *rule, GError **error)
{
  gboolean has_max = g_key_file_has_key (rd->kf, rule->name, "max", NULL);
  gboolean has_min = g_key_file_has_key (rd->kf, rule->name, "min", NULL);
  if (has_max == has_min)
    return fail_at (rd, rule->name, NULL, error, "rule [%s] needs exactly one of max = and min =",
                    rule->name);
  rule->bound = has_max ? RR_BOUND_MAX : RR_BOUND_MIN;
  const RrFigureInfo *info = rr_figure_info (rule->figure);
  if (rule->bound != info->sense)
    return fail_at (rd, rule->name, has_max ? "max" : "min", error,
                    "figure %s is bounded by %s =, not %s =", info->name,
                    info->sense == RR_BOUND_MAX ? "max" : "min", has_max ? "max" : "min");
  if (!get_number (rd, rule->name, has_max ? "max" : "min", &rule->limit, error))
    return FALSE;
  gboolean share = rule->figure != RR_FIG_K && rule->figure != RR_FIG_L_DISTINCT
                   && rule->figure != RR_FIG_L_ENTROPY && rule->figure != RR_FIG_DIRECT_IDENTIFIERS;
  g_autofree char *text = g_key_file_get_value (rd->kf, rule->name, has_max ? "max" : "min", NULL);
  if (rule->limit < 0.0 || (share && rule->limit > 1.0))
    return fail_at (rd, rule->name, has_max ? "max" : "min", error,
                    "the limit of [%s] must be %s, not %s", rule->name,
                    share ? "a share or risk in [0, 1]" : "at least 0", g_strstrip (text));
  return TRUE;
}

static RrRule *
rule_read (const Reader *rd, const char *group, GError **error)
{
  static const char *const known[] = { "figure", "max", "min", "source", "description", NULL };
  if (!keys_known (rd, group, known, error))
    return NULL;
  g_autoptr (GPtrArray) hold = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  RrRule *rule = g_new0 (RrRule, 1);
  g_ptr_array_add (hold, rule);
  rule->name = g_strdup (group);
  g_autofree char *figure = get_string (rd, group, "figure");
  g_autofree char *names = rr_figure_names ();
  if (figure == NULL)
    return fail_at (rd, group, NULL, error, "rule [%s] has no figure = (the figures are: %s)",
                    group, names), NULL;
  if (!rr_figure_lookup (figure, &rule->figure))
    return fail_at (rd, group, "figure", error, "unknown figure '%s' in [%s] (the figures are: %s)",
                    figure, group, names), NULL;
  if (!rule_limit (rd, rule, error))
    return NULL;
  rule->source = get_string (rd, group, "source");
  rule->description = get_string (rd, group, "description");
  return g_ptr_array_steal_index (hold, 0);
}

static gboolean
policy_header (const Reader *rd, RrPolicy *p, GError **error)
{
  static const char *const known[] = { "name", "title", "source", "threshold", "max-suppression",
                                       NULL };
  if (!g_key_file_has_group (rd->kf, "policy"))
    return rr_throw_at (error, RR_ERROR_PARSE, rd->path, 1, 0, "a policy file starts with a "
                        "[policy] group (name, title, source)");
  if (!keys_known (rd, "policy", known, error))
    return FALSE;
  g_autofree char *base = g_path_get_basename (rd->path);
  p->name = get_string (rd, "policy", "name");
  if (p->name == NULL)
    p->name = g_str_has_suffix (base, ".ini") ? g_strndup (base, strlen (base) - 4) : g_strdup (base);
  p->title = get_string (rd, "policy", "title");
  p->source = get_string (rd, "policy", "source");
  p->threshold = (double) NAN;
  if (g_key_file_has_key (rd->kf, "policy", "threshold", NULL)
      && (!get_number (rd, "policy", "threshold", &p->threshold, error)))
    return FALSE;
  if (!isnan (p->threshold) && !(p->threshold > 0.0 && p->threshold <= 1.0))
    return fail_at (rd, "policy", "threshold", error, "threshold must be in (0, 1]");
  if (g_key_file_has_key (rd->kf, "policy", "max-suppression", NULL)
      && !get_number (rd, "policy", "max-suppression", &p->max_suppression, error))
    return FALSE;
  if (!(p->max_suppression >= 0.0 && p->max_suppression < 1.0))
    return fail_at (rd, "policy", "max-suppression", error, "max-suppression must be in [0, 1)");
  return TRUE;
}

RrPolicy *
rr_policy_load (const char *name_or_file, GError **error)
{
  g_autofree char *path = resolve (name_or_file, error);
  g_autofree char *text = NULL;
  if (path == NULL || !g_file_get_contents (path, &text, NULL, error))
    return NULL;
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) local = NULL;
  if (!g_key_file_load_from_data (kf, text, (gsize) -1, G_KEY_FILE_NONE, &local))
    {
      rr_throw_at (error, RR_ERROR_PARSE, path, 0, 0, "not a policy file: %s", local->message);
      return NULL;
    }
  Reader rd = { path, text, kf };
  g_autoptr (RrPolicy) p = g_new0 (RrPolicy, 1);
  p->path = g_strdup (path);
  p->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  if (!policy_header (&rd, p, error))
    return NULL;
  g_auto (GStrv) groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (strcmp (groups[i], "policy") == 0)
        continue;
      RrRule *rule = rule_read (&rd, groups[i], error);
      if (rule == NULL)
        return NULL;
      g_ptr_array_add (p->rules, rule);
    }
  if (p->rules->len == 0)
    {
      rr_throw_at (error, RR_ERROR_PARSE, path, 0, 0, "the policy has no rules (one group per "
                   "rule, after [policy])");
      return NULL;
    }
  return g_steal_pointer (&p);
}

static gboolean
rule_passes (const RrRule *rule, const RrFigures *f)
{
  if (!f->measured[rule->figure])
    return FALSE;
  double v = f->value[rule->figure];
  return rule->bound == RR_BOUND_MAX ? v <= rule->limit : v >= rule->limit;
}

gboolean
rr_policy_passes (const RrPolicy *policy, const RrFigures *figures)
{
  for (guint i = 0; i < policy->rules->len; i++)
    if (!rule_passes (g_ptr_array_index (policy->rules, i), figures))
      return FALSE;
  return TRUE;
}

static RrRuleResult *
rule_result (const RrRule *rule, const RrFigures *f)
{
  RrRuleResult *rr = g_new0 (RrRuleResult, 1);
  rr->name = g_strdup (rule->name);
  rr->figure = g_strdup (rr_figure_info (rule->figure)->name);
  rr->bound = rule->bound;
  rr->limit = rule->limit;
  rr->measured = f->measured[rule->figure];
  rr->value = rr->measured ? f->value[rule->figure] : (double) NAN;
  rr->pass = rule_passes (rule, f);
  rr->source = g_strdup (rule->source);
  rr->description = g_strdup (rule->description);
  return rr;
}

RrVerdictResult *
rr_policy_evaluate (const RrPolicy *policy, const RrFigures *figures, double threshold)
{
  RrVerdictResult *v = g_new0 (RrVerdictResult, 1);
  v->policy = g_strdup (policy->name);
  v->title = g_strdup (policy->title);
  v->file = g_strdup (policy->path);
  v->source = g_strdup (policy->source);
  v->threshold = threshold;
  v->max_suppression = policy->max_suppression;
  v->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_rule_result_free);
  v->pass = TRUE;
  for (guint i = 0; i < policy->rules->len; i++)
    {
      RrRuleResult *rr = rule_result (g_ptr_array_index (policy->rules, i), figures);
      v->n_not_measured += !rr->measured;
      v->n_failed += rr->measured && !rr->pass;
      v->pass &= rr->pass;
      g_ptr_array_add (v->rules, rr);
    }
  return v;
}
