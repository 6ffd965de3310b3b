/* audit-decision.c - the decision steps of `reidrisk audit`: one call per stage (cmd stage). */
#include "config.h"
#include "cmd/audit-decision.h"
#include "qi/generalised.h"
#include "measure/decision.h"
#include "measure/drivers.h"
#include "measure/hierarchy.h"
#include "measure/rollup.h"
#include "report/decision-words.h"
#include "scan/scan.h"
#include "search/apply.h"
#include "search/lattice.h"
#include "util/error.h"
#include <math.h>
#include <string.h>

/* Rows of the release the direct-identifier check reads, as the recognition sample does. */
#define RR_IDENTIFIER_SAMPLE 1000

static gboolean
sensitive_item (char *item, char **name, RrQiType *type, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (item, ":", 2);
  *name = g_strdup (g_strstrip (parts[0]));
  *type = RR_QI_CATEGORY;
  if (**name == '\0')
    return rr_throw (error, RR_ERROR_INVALID, "--sensitive has an empty column name");
  if (parts[1] == NULL)
    return TRUE;
  const char *t = g_strstrip (parts[1]);
  if (!rr_qi_type_from_string (t, type)
      || !(*type == RR_QI_CATEGORY || *type == RR_QI_NUMBER || *type == RR_QI_DATE))
    return rr_throw (error, RR_ERROR_INVALID, "--sensitive item '%s': the type must be category, "
                     "number or date, not '%s'", item, t);
  return TRUE;
}

GStrv
rr_audit_sensitive_names (const char *sensitive, GError **error)
{
  if (sensitive == NULL)
    return NULL;
  g_auto (GStrv) items = g_strsplit (sensitive, ",", -1);
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      RrQiType type;
      if (!sensitive_item (items[i], &name, &type, error))
        return NULL;
      g_strv_builder_add (names, name);
    }
  return g_strv_builder_end (names);
}

gboolean
rr_audit_policy_prepare (const char *name, gboolean threshold_given, double *threshold,
                         RrPolicy **policy, GError **error)
{
  *policy = NULL;
  if (name == NULL)
    return TRUE;
  g_autoptr (RrPolicy) p = rr_policy_load (name, error);
  if (p == NULL)
    return FALSE;
  if (!isnan (p->threshold))
    {
      /* The same decimal gives the same double, so exact comparison is what is meant. */
      if (threshold_given && (*threshold < p->threshold || *threshold > p->threshold))
        return rr_throw (error, RR_ERROR_INVALID, "--threshold %g differs from the threshold %g "
                         "that policy '%s' sets", *threshold, p->threshold, p->name);
      *threshold = p->threshold;
    }
  *policy = g_steal_pointer (&p);
  return TRUE;
}

/* ---- values read already generalised ---- */

/* Persons whose value of QI q stands at each level of its chain (values read already
 * generalised), straight from the labels: no hierarchy is built for it. */
static void
given_counts (const RrDataset *ds, guint q, const RrQiSpec *spec, const RrQiLevel *levels,
              guint n_levels, guint64 counts[RR_QI_MAX_CHAIN])
{
  memset (counts, 0, sizeof (guint64) * RR_QI_MAX_CHAIN);
  /* Usually every label is at the audited level: then the persons need not be read (a pass
   * over millions of codes a column, in the audit's serial tail). */
  counts[0] = rr_dataset_n_persons (ds) - rr_dataset_qi_n_missing (ds, q)
              - rr_dataset_qi_n_invalid (ds, q);
  if (n_levels == 1)
    return;
  guint32 n = rr_dataset_qi_n_distinct (ds, q);
  g_autofree guint8 *level_of = g_new0 (guint8, MAX (n, 1));
  gboolean any_coarser = FALSE;
  for (guint32 b = 0; b < n; b++)
    {
      RrQiLevel own = rr_qi_label_level (spec, rr_dataset_qi_label (ds, q, b));
      for (guint l = 0; l < n_levels; l++)
        if (levels[l] == own)
          level_of[b] = (guint8) l;
      any_coarser |= level_of[b] > 0;
    }
  if (!any_coarser)
    return;
  counts[0] = 0;
  const guint32 *codes = rr_dataset_qi_codes (ds, q);
  for (guint64 p = 0; p < rr_dataset_n_persons (ds); p++)
    if (codes[p] != RR_CODE_MISSING)
      counts[level_of[codes[p]]]++;
}

static void
report_given (RrDecision *d, const RrDataset *ds, const GPtrArray *specs, gboolean quiet)
{
  for (guint q = 0; q < specs->len; q++)
    {
      const RrQiSpec *spec = g_ptr_array_index (specs, q);
      RrQiGiven *g = g_new0 (RrQiGiven, 1);
      g->qi = g_strdup (spec->name);
      g->n_levels = rr_qi_spec_chain (spec, g->levels);
      given_counts (ds, q, spec, g->levels, g->n_levels, g->persons);
      for (guint l = 1; l < g->n_levels && !quiet; l++)
        if (g->persons[l] > 0)
          g_printerr ("reidrisk: column '%s': %" G_GUINT64_FORMAT " %s already generalised to "
                      "%s, read at that level\n", g->qi, g->persons[l],
                      g->persons[l] == 1 ? "person's value is" : "persons' values are",
                      rr_qi_level_to_string (g->levels[l]));
      g_ptr_array_add (d->given, g);
    }
}

/* ---- attribute disclosure ---- */

/* Sort keys giving the ordered distance's order of the labels of a number or date column. */
static double *
order_keys (const RrDataset *sd, RrQiType type)
{
  guint32 n = rr_dataset_qi_n_distinct (sd, 0);
  double *keys = g_new (double, MAX (n, 1));
  if (type == RR_QI_NUMBER)
    {
      for (guint32 v = 0; v < n; v++)
        keys[v] = g_ascii_strtod (rr_dataset_qi_label (sd, 0, v), NULL);
      return keys;
    }
  /* ISO dates sort as text: rank the labels. */
  g_autofree guint32 *idx = g_new (guint32, MAX (n, 1));
  for (guint32 v = 0; v < n; v++)
    idx[v] = v;
  for (guint32 i = 1; i < n; i++) /* insertion sort: a date column has few distinct values */
    for (guint32 j = i; j > 0 && strcmp (rr_dataset_qi_label (sd, 0, idx[j - 1]),
                                         rr_dataset_qi_label (sd, 0, idx[j])) > 0; j--)
      {
        guint32 t = idx[j];
        idx[j] = idx[j - 1];
        idx[j - 1] = t;
      }
  for (guint32 i = 0; i < n; i++)
    keys[idx[i]] = i;
  return keys;
}

static gboolean
diversity_one (const RrDecisionOptions *o, char *item, const RrClassTable *classes,
               RrDecision *d, GPtrArray *sensitive, GError **error)
{
  g_autofree char *name = NULL;
  RrQiType type;
  if (!sensitive_item (item, &name, &type, error))
    return FALSE;
  g_autoptr (GPtrArray) specs = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_qi_spec_free);
  g_ptr_array_add (specs, rr_qi_spec_new (name, type, rr_qi_type_default_level (type), o->as_of));
  RrLoadOptions lo = { o->path, 0, specs, o->person, NULL, o->invalid_as_missing, FALSE, 0 };
  g_autoptr (RrDataset) sd = rr_dataset_load (&lo, error);
  if (sd == NULL)
    return g_prefix_error (error, "--sensitive %s: ", name), FALSE;
  g_autofree double *keys = type == RR_QI_CATEGORY ? NULL : order_keys (sd, type);
  RrSensitive *s = rr_sensitive_new (rr_dataset_qi_codes (sd, 0), rr_dataset_qi_n_distinct (sd, 0),
                                     keys, rr_class_table_person_classes (classes),
                                     rr_class_table_count (classes), rr_dataset_n_persons (sd));
  g_ptr_array_add (sensitive, s);
  g_autoptr (RrClassDiversity) cd = rr_sensitive_classes (s, NULL, rr_class_table_count (classes));
  g_autofree guint64 *sizes = g_new (guint64, MAX (rr_class_table_count (classes), 1));
  for (guint64 k = 0; k < rr_class_table_count (classes); k++)
    sizes[k] = rr_class_table_size (classes, k);
  RrDiversityResult *dr = g_new0 (RrDiversityResult, 1);
  dr->attribute = g_steal_pointer (&name);
  dr->ordered = keys != NULL;
  dr->n_values = rr_sensitive_n_values (s);
  dr->varying_persons = rr_dataset_n_inconsistent (sd);
  rr_diversity_summarise (cd, sizes, NULL, &dr->f);
  g_ptr_array_add (d->diversity, dr);
  return TRUE;
}

static gboolean
measure_diversity (const RrDecisionOptions *o, const RrClassTable *classes, RrDecision *d,
                   GPtrArray *sensitive, GError **error)
{
  if (o->sensitive == NULL)
    return TRUE;
  g_auto (GStrv) items = g_strsplit (o->sensitive, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    if (!diversity_one (o, items[i], classes, d, sensitive, error))
      return FALSE;
  return TRUE;
}

/* ---- direct identifiers (for a policy that bounds them) ---- */

static int
count_direct_identifiers (const char *path, GError **error)
{
  g_auto (GStrv) header = NULL;
  g_autoptr (GPtrArray) rows = rr_dataset_sample (path, 0, RR_IDENTIFIER_SAMPLE, &header, error);
  if (rows == NULL)
    return -1;
  g_autofree char *dir = rr_names_default_dir ();
  g_autoptr (RrNames) names = rr_names_load (dir, NULL);
  RrScanOptions so;
  rr_scan_options_init (&so);
  so.no_attack = TRUE;
  guint n_fields = g_strv_length (header);
  g_autoptr (RrScanner) sc = rr_scanner_new ((const char *const *) header, n_fields, names, &so);
  g_autofree gsize *lens = g_new (gsize, MAX (n_fields, 1));
  for (guint r = 0; r < rows->len; r++)
    {
      char **fields = g_ptr_array_index (rows, r);
      for (guint f = 0; f < n_fields; f++)
        lens[f] = strlen (fields[f]);
      rr_scanner_add_row (sc, (const char *const *) fields, lens);
    }
  g_autoptr (RrScanResult) res = rr_scanner_finish (sc, path, NULL, NULL, NULL, NULL);
  return (int) (res->n_identifier_columns + res->n_free_text_columns);
}

static gboolean
policy_bounds (const RrPolicy *p, RrFigureId id)
{
  for (guint i = 0; p != NULL && i < p->rules->len; i++)
    if (((const RrRule *) g_ptr_array_index (p->rules, i))->figure == id)
      return TRUE;
  return FALSE;
}

/* ---- search and apply ---- */

static gboolean
search_and_apply (const RrDecisionOptions *o, const RrPolicy *policy, const RrFigures *release,
                  RrAuditResult *r, const RrHierarchy *h, RrRollup *w, GPtrArray *sensitive,
                  const GPtrArray *specs, const RrClassTable *classes, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  for (guint q = 0; q < specs->len; q++)
    g_ptr_array_add (names, ((RrQiSpec *) g_ptr_array_index (specs, q))->name);
  RrSearchOptions so = { h, w, policy, release, sensitive, r->threshold,
                         isnan (o->max_suppression) ? policy->max_suppression : o->max_suppression,
                         0, FALSE, names };
  g_autoptr (RrSearchChoice) best = NULL;
  RrSearchResult *res = rr_search_run (&so, &best, error);
  if (res == NULL)
    return FALSE;
  r->decision->search = res;
  if (o->apply == NULL)
    return TRUE;
  if (best == NULL)
    return rr_throw (error, RR_ERROR_INVALID, "--apply: no combination of generalisation levels "
                     "meets policy '%s' with at most %g%% of persons suppressed; nothing written",
                     policy->name, 100.0 * so.max_suppression);
  RrApplyOptions ao = { o->path, o->apply, specs, o->person, o->invalid_as_missing, h, best,
                        rr_class_table_person_classes (classes) };
  guint64 rows;
  if (!rr_apply_write (&ao, &rows, error))
    return FALSE;
  res->applied = g_strdup (o->apply);
  return TRUE;
}

gboolean
rr_audit_decide (const RrDecisionOptions *o, const RrPolicy *policy, RrAuditResult *r,
                 const RrDataset *ds, const GPtrArray *specs, const RrClassTable *classes,
                 int *exit_status, GError **error)
{
  if (o->apply != NULL && policy == NULL)
    return rr_throw (error, RR_ERROR_INVALID, "--apply needs --policy: the recommendation it "
                     "writes is the one that meets the policy");
  r->decision = rr_decision_new ();
  report_given (r->decision, ds, specs, o->quiet);
  /* The hierarchy and the regrouping serve what drives the risk and the search only: on tens of
   * millions of persons they take a copy of every code and seconds to build, and what drives
   * the risk regroups the classes some 2^m times (SUDA), so a batch check can leave it out. */
  g_autoptr (RrHierarchy) h = NULL;
  g_autoptr (RrRollup) w = NULL;
  if (!o->no_drivers || policy != NULL)
    {
      h = rr_hierarchy_new (ds, specs);
      w = rr_rollup_new (h, classes);
    }
  g_autoptr (GPtrArray) names = rr_dataset_qi_names (ds);
  if (!o->no_drivers)
    r->decision->drivers = rr_drivers_compute (w, h, classes, names, r->threshold);
  g_autoptr (GPtrArray) sensitive = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_sensitive_free);
  if (!measure_diversity (o, classes, r->decision, sensitive, error))
    return FALSE;
  if (policy == NULL)
    return TRUE;
  int direct = -1;
  /* With --no-scan, a policy on direct identifiers gets them from the first rows. */
  if (policy_bounds (policy, RR_FIG_DIRECT_IDENTIFIERS) && r->scan == NULL
      && (direct = count_direct_identifiers (o->path, error)) < 0)
    return FALSE;
  RrFigures figures;
  rr_figures_from_audit (r, r->decision, direct, &figures);
  r->decision->verdict = rr_policy_evaluate (policy, &figures, r->threshold);
  *exit_status = r->decision->verdict->pass ? 0 : 1;
  if (r->decision->verdict->pass && o->apply == NULL)
    return TRUE;
  return search_and_apply (o, policy, &figures, r, h, w, sensitive, specs, classes, error);
}

void
rr_audit_decision_print (const RrAuditResult *r)
{
  const RrDecision *d = r->decision;
  if (d == NULL || d->verdict == NULL)
    return;
  g_autofree char *verdict = rr_words_verdict (d->verdict);
  g_print ("verdict: %s\n", verdict);
  for (guint i = 0; i < d->verdict->rules->len; i++)
    {
      g_autofree char *rule = rr_words_rule (g_ptr_array_index (d->verdict->rules, i));
      g_print ("  rule %s\n", rule);
    }
  if (d->search == NULL)
    return;
  if (d->search->recommendations->len == 0)
    g_print ("recommendation: none of the %" G_GUINT64_FORMAT " combinations of levels meets the "
             "policy with at most %g%% of persons suppressed\n", d->search->nodes,
             100.0 * d->search->max_suppression);
  else
    {
      g_autofree char *words = rr_words_recommendation (
        d->search, g_ptr_array_index (d->search->recommendations, 0));
      g_print ("recommendation: %s\n", words);
    }
  if (d->search->applied != NULL)
    g_print ("applied: %s written\n", d->search->applied);
}
