/* audit-population.c - the population step of `reidrisk audit`: the tables to use (England by
 * default), the role of each quasi-identifier in them, the population size or sampling
 * fraction, then the measure stage's population model (cmd stage). */
#include "config.h"
#include "cmd/audit-population.h"
#include "measure/population-result.h"
#include "measure/population-risk.h"
#include "population/split.h"
#include "population/tables.h"
#include "qi/detect.h"
#include "util/data-dir.h"
#include "util/error.h"
#include <string.h>

char *
rr_audit_population_default_dir (void)
{
  return rr_data_dir_find ("england/population", "population.ini");
}

static gboolean
bad_value (GError **error, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static gboolean
bad_value (GError **error, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, msg);
  return FALSE;
}

static gboolean
parse_fraction (const char *text, double *pi, GError **error)
{
  char *end = NULL;
  *pi = text != NULL ? g_ascii_strtod (text, &end) : 0;
  if (text != NULL && (end == text || *end != '\0' || !(*pi > 0.0 && *pi <= 1.0)))
    return bad_value (error, "--sampling-fraction must be a number in (0, 1], not '%s'", text);
  return TRUE;
}

static gboolean
parse_size (const char *text, guint64 *n, GError **error)
{
  *n = 0;
  if (text != NULL && (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT64, n, NULL)))
    return bad_value (error, "--population-size must be a whole number >= 1, not '%s'", text);
  return TRUE;
}

static gboolean
parse_form (const char *text, RrUniquenessForm *form, GError **error)
{
  *form = RR_UNIQ_FORM_ARX;
  if (text == NULL || strcmp (text, "arx") == 0)
    return TRUE;
  if (strcmp (text, "published") == 0)
    return *form = RR_UNIQ_FORM_PUBLISHED, TRUE;
  return bad_value (error, "--uniqueness-form must be 'arx' or 'published', not '%s'", text);
}

static gboolean
parse_split (const char *text, RrPopulationSplit *split, GError **error)
{
  *split = RR_POPULATION_SPLIT_RELEASE;
  if (text == NULL || rr_population_split_from_string (text, split))
    return TRUE;
  return bad_value (error, "--postcode-split must be 'release' or 'uniform', not '%s'", text);
}

static gboolean
role_from_name (const char *name, RrPopulationRole *role)
{
  for (guint r = RR_POPULATION_ROLE_NONE; r <= RR_POPULATION_ROLE_ETHNICITY; r++)
    if (strcmp (name, rr_population_role_to_string ((RrPopulationRole) r)) == 0)
      return *role = (RrPopulationRole) r, TRUE;
  return FALSE;
}

/* "NAME=ROLE,..." into a table column -> role; NULL text gives an empty table. */
static GHashTable *
parse_roles (const char *text, GError **error)
{
  g_autoptr (GHashTable) roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) items = text != NULL ? g_strsplit (text, ",", -1) : NULL;
  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      const char *eq = strrchr (items[i], '=');
      RrPopulationRole role;
      if (eq == NULL || eq == items[i] || !role_from_name (eq + 1, &role))
        return bad_value (error, "--population-role: '%s' is not NAME=ROLE with ROLE one of "
                          "postcode, date-of-birth, age, sex, ethnicity, none", items[i]), NULL;
      g_hash_table_insert (roles, g_strndup (items[i], eq - items[i]), GUINT_TO_POINTER (role));
    }
  return g_steal_pointer (&roles);
}

gboolean
rr_audit_population_check (const RrAuditPopulationOptions *o, GError **error)
{
  double pi;
  guint64 n;
  RrUniquenessForm form;
  RrPopulationSplit split;
  g_autoptr (GHashTable) roles = NULL;
  if (!parse_fraction (o->sampling_fraction, &pi, error) || !parse_size (o->population_size, &n, error)
      || !parse_form (o->form, &form, error) || !parse_split (o->split, &split, error)
      || (roles = parse_roles (o->roles, error)) == NULL)
    return FALSE;
  if (o->sampling_fraction != NULL && o->population_size != NULL)
    return bad_value (error, "give --sampling-fraction or --population-size, not both");
  if (o->population != NULL && o->population[0] == '\0')
    return bad_value (error, "--population needs a directory or 'none'");
  return TRUE;
}

/* ---- roles ---- */

static const RrQiDetection *
detection_of (const RrAuditResult *r, const char *column)
{
  for (guint i = 0; i < r->detections->len; i++)
    {
      const RrQiDetection *d = g_ptr_array_index (r->detections, i);
      if (strcmp (d->column, column) == 0)
        return d;
    }
  return NULL;
}

/* The table a QI reads when --population-role does not say: a postcode, sex or age by its
 * type; a date only if recognised as a date of birth, a category only if recognised as an
 * ethnic group (by header or content); anything else none (its shares in the release). */
static RrPopulationRole
infer_role (const RrAuditResult *r, const RrQiSpec *spec)
{
  const RrQiDetection *d = detection_of (r, spec->name);
  RrPopulationRole kind = d != NULL ? rr_population_role_from_kind (d->kind)
                                    : RR_POPULATION_ROLE_NONE;
  switch (spec->type)
    {
    case RR_QI_POSTCODE: return RR_POPULATION_ROLE_POSTCODE;
    case RR_QI_SEX: return RR_POPULATION_ROLE_SEX;
    case RR_QI_AGE: return RR_POPULATION_ROLE_AGE;
    case RR_QI_DATE:
      return kind == RR_POPULATION_ROLE_BIRTH_DATE ? kind : RR_POPULATION_ROLE_NONE;
    case RR_QI_CATEGORY:
      return kind == RR_POPULATION_ROLE_ETHNICITY ? kind : RR_POPULATION_ROLE_NONE;
    default: return RR_POPULATION_ROLE_NONE;
    }
}

static gboolean
choose_roles (const RrAuditResult *r, const GPtrArray *specs, const char *text, GArray *roles,
              GError **error)
{
  g_autoptr (GHashTable) given = parse_roles (text, error);
  if (given == NULL)
    return FALSE;
  for (guint i = 0; i < specs->len; i++)
    {
      const RrQiSpec *spec = g_ptr_array_index (specs, i);
      gpointer value;
      RrPopulationRole role = g_hash_table_lookup_extended (given, spec->name, NULL, &value)
                                ? (RrPopulationRole) GPOINTER_TO_UINT (value)
                                : infer_role (r, spec);
      g_hash_table_remove (given, spec->name);
      g_array_append_val (roles, role);
    }
  GHashTableIter it;
  gpointer name;
  g_hash_table_iter_init (&it, given);
  if (g_hash_table_iter_next (&it, &name, NULL))
    return rr_throw (error, RR_ERROR_INVALID, "--population-role names '%s', which is not a "
                     "quasi-identifier of this audit", (const char *) name);
  return TRUE;
}

/* ---- the step ---- */

static gboolean
load_tables (const RrAuditPopulationOptions *o, RrPopulation **pop, GError **error)
{
  *pop = NULL;
  if (g_strcmp0 (o->population, "none") == 0)
    return TRUE;
  g_autofree char *dir = o->population != NULL ? g_strdup (o->population)
                                               : rr_audit_population_default_dir ();
  *pop = rr_population_load (dir, error);
  if (*pop == NULL)
    {
      g_prefix_error (error, "--population %s: ", dir);
      return FALSE;
    }
  return TRUE;
}

gboolean
rr_audit_population (RrAuditResult *r, const RrDataset *ds, const GPtrArray *specs,
                     const RrClassTable *classes, const RrAuditPopulationOptions *o,
                     GError **error)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr (RrPopulation) pop = NULL;
  g_autoptr (GArray) roles = g_array_new (FALSE, FALSE, sizeof (RrPopulationRole));
  RrPopulationRiskOptions ro = { .threshold = r->threshold, .threads = o->threads };
  if (!rr_audit_population_check (o, error)
      || !parse_fraction (o->sampling_fraction, &ro.sampling_fraction, error)
      || !parse_size (o->population_size, &ro.population_size, error)
      || !parse_form (o->form, &ro.form, error) || !parse_split (o->split, &ro.split, error)
      || !load_tables (o, &pop, error)
      || (pop != NULL && !choose_roles (r, specs, o->roles, roles, error)))
    return FALSE;
  ro.pop = pop;
  ro.roles = (const RrPopulationRole *) (gpointer) roles->data;
  g_autoptr (GError) local = NULL;
  r->population = rr_population_risk_estimate (ds, specs, classes, &ro, NULL, &local);
  /* For `make bench` (G_MESSAGES_DEBUG=all): the model's own time, apart from the loader's. */
  g_debug ("population model: %.3f s", (double) (g_get_monotonic_time () - start) / 1e6);
  if (local != NULL)
    {
      gboolean hint = pop != NULL && g_error_matches (local, RR_ERROR, RR_ERROR_INVALID);
      return rr_throw (error, (RrError) local->code, "population model: %s%s", local->message,
                       hint ? " (--population-role NAME=none makes a QI use its shares in the "
                              "release; --population none turns the model off)" : "");
    }
  if (r->population == NULL && !o->quiet)
    g_printerr ("reidrisk: --population none without --sampling-fraction or --population-size:"
                " no population model\n");
  return TRUE;
}

void
rr_audit_population_print (const RrAuditResult *r)
{
  const RrPopulationResult *p = r->population;
  if (p == NULL)
    return;
  g_print ("population: %s, %" G_GUINT64_FORMAT " persons, sampling fraction %.4g\n", p->source,
           p->size, p->sampling_fraction);
  if (p->tables)
    {
      g_print ("journalist risk: max %.4g, mean %.4g, persons above %g: %.1f%%\n",
               p->journalist_max, p->journalist_mean, r->threshold,
               100.0 * p->journalist_at_risk);
      g_print ("marketer risk: %.4g, expected re-identifications %.1f; estimated population "
               "uniques among the released: %.1f\n", p->marketer_mean,
               p->expected_reidentifications, p->estimated_uniques);
    }
  for (guint m = 0; p->sample_only && m < RR_UNIQ_N_MODELS; m++)
    {
      const RrUniquenessEstimate *e = &p->models[m];
      if (e->converged)
        g_print ("%s: %.1f population uniques in the whole population\n",
                 rr_uniqueness_model_name (e->model), e->population_uniques);
      else
        g_print ("%s: did not converge\n", rr_uniqueness_model_name (e->model));
    }
}
