/* cmd-audit.c - `reidrisk audit RELEASE`: options, then one call per pipeline step:
 * choose the quasi-identifiers, load, group into classes, measure, write the reports. */
#include "config.h"
#include "cmd/cmd.h"
#include "cmd/audit-attacks.h"
#include "cmd/audit-qis.h"
#include "cmd/audit-population.h"
#include "cmd/scan-options.h"
#include "cmd/audit-decision.h"
#include "load/dataset.h"
#include "measure/classes.h"
#include "measure/risk.h"
#include "report/classes-csv.h"
#include "report/html.h"
#include "report/xml.h"
#include "util/error.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* El Emam's 0.09 per-record threshold (El Emam 2013, for releases with moderate controls). */
#define RR_DEFAULT_THRESHOLD 0.09
/* Classes smaller than this are left out of --classes-csv unless --show-small-classes. */
#define RR_SMALL_CLASS 5

typedef struct
{
  char *qi, *person, *sensitive, *html, *xml, *as_of, *invalid, *classes_csv;
  char *policy, *apply;
  double threshold, max_suppression;
  gboolean show_small_classes, quiet, no_scan, no_drivers, threshold_given;
  char *population, *sampling_fraction, *population_size, *population_role, *uniqueness_form;
  RrScanCli scan; /* the checks of `reidrisk scan`, run first (cmd/scan-options.h) */
  RrAuditAttackOptions attack; /* --attack and its options (cmd/audit-attacks.h) */
  char *postcode_split;
} AuditOptions;

static void audit_options_clear (AuditOptions *o);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AuditOptions, audit_options_clear)

static void
audit_options_clear (AuditOptions *o)
{
  g_free (o->qi), g_free (o->person), g_free (o->sensitive), g_free (o->html);
  g_free (o->xml), g_free (o->as_of), g_free (o->invalid), g_free (o->classes_csv);
  g_free (o->population), g_free (o->sampling_fraction), g_free (o->population_size);
  g_free (o->population_role), g_free (o->uniqueness_form), g_free (o->postcode_split);
  rr_scan_cli_clear (&o->scan);
  rr_audit_attack_options_clear (&o->attack);
  g_free (o->policy), g_free (o->apply);
}

static gboolean
parse_threshold (const char *name, const char *value, gpointer data, GError **error)
{
  AuditOptions *o = data;
  char *end = NULL;
  double t = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !(t > 0.0 && t <= 1.0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s must be a number in (0, 1], not '%s'", name, value);
      return FALSE;
    }
  o->threshold = t;
  o->threshold_given = TRUE;
  return TRUE;
}

static gboolean
parse_max_suppression (const char *name, const char *value, gpointer data, GError **error)
{
  AuditOptions *o = data;
  char *end = NULL;
  double s = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !(s >= 0.0 && s < 1.0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s must be a share in [0, 1), not '%s'", name, value);
      return FALSE;
    }
  o->max_suppression = s;
  return TRUE;
}

static const char audit_description[] =
  "Quasi-identifier types: postcode (levels unit, sector, district, area), date (day, month,\n"
  "year, age1, age5, age10), age (age1, age5, age10), sex, category (as is, or map=FILE),\n"
  "number.  Without --qi, columns are recognised by header name and content.\n\n"
  "Before any statistics the release gets the checks of `reidrisk scan` (direct identifiers,\n"
  "weak pseudonyms, --objections, --against), sampling NHS numbers first as scan --quick does\n"
  "unless --full-attack; --no-scan skips them.\n\n"
  "Examples:\n"
  "  reidrisk audit release.csv --person pseudonym \\\n"
  "      --qi postcode:postcode:district,date_of_birth:date:year,sex:sex,ethnicity:category \\\n"
  "      --html report.html --xml results.xml\n"
  "  reidrisk audit release.csv.gz --as-of 2021-01-01 --threshold 0.05\n"
  "  reidrisk audit release.csv --sampling-fraction 0.1 --population-role dob=date-of-birth\n"
  "  reidrisk audit release.csv --person pseudonym --qi postcode,date_of_birth:date,sex:sex \\\n"
  "      --sensitive diagnosis --policy public-release --apply safer.csv --html report.html\n\n"
  "Policies: public-release, controlled-access, small-numbers (data/policies), or a policy\n"
  "file (doc/policies.md).  Exit status: 0 the release meets the policy (or no --policy),\n"
  "1 it fails the policy, 2 trouble.\n";

static GOptionContext *
audit_context (AuditOptions *o)
{
  GOptionEntry entries[] = {
    { "qi", 0, 0, G_OPTION_ARG_STRING, &o->qi, "Quasi-identifiers", "NAME[:TYPE[:LEVEL]],..." },
    { "person", 0, 0, G_OPTION_ARG_STRING, &o->person, "Pseudonym column: rows are grouped per person", "COLUMN" },
    { "sensitive", 0, 0, G_OPTION_ARG_STRING, &o->sensitive, "Sensitive attributes (TYPE: category, number or date)", "COLUMN[:TYPE],..." },
    { "policy", 0, 0, G_OPTION_ARG_STRING, &o->policy, "Judge the release against a policy: PASS or FAIL", "NAME|FILE" },
    { "apply", 0, 0, G_OPTION_ARG_FILENAME, &o->apply, "Write the recommended generalised release to FILE", "FILE" },
    { "max-suppression", 0, 0, G_OPTION_ARG_CALLBACK, parse_max_suppression, "Share of persons the search may suppress (default: the policy's)", "SHARE" },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &o->html, "Write the HTML report to FILE", "FILE" },
    { "xml", 0, 0, G_OPTION_ARG_FILENAME, &o->xml, "Write the XML results to FILE", "FILE" },
    { "threshold", 0, 0, G_OPTION_ARG_CALLBACK, parse_threshold, "Per-person risk threshold in (0, 1] (default 0.09)", "P" },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &o->as_of, "Reference date for ages (default today)", "YYYY-MM-DD" },
    { "invalid", 0, 0, G_OPTION_ARG_STRING, &o->invalid, "What an invalid QI value is: error (default) or missing", "error|missing" },
    { "classes-csv", 0, 0, G_OPTION_ARG_FILENAME, &o->classes_csv, "Write one row per equivalence class to FILE", "FILE" },
    { "show-small-classes", 0, 0, G_OPTION_ARG_NONE, &o->show_small_classes, "Include classes of size below 5 in --classes-csv", NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, "No progress on stderr", NULL },
    { "population", 0, 0, G_OPTION_ARG_FILENAME, &o->population, "Population tables (default the installed England tables), or none", "DIR|none" },
    { "sampling-fraction", 0, 0, G_OPTION_ARG_STRING, &o->sampling_fraction, "Share of the population in the release, in (0, 1]", "P" },
    { "population-size", 0, 0, G_OPTION_ARG_STRING, &o->population_size, "People in the population the release is drawn from", "N" },
    { "population-role", 0, 0, G_OPTION_ARG_STRING, &o->population_role, "The table a QI reads: postcode, date-of-birth, age, sex, ethnicity or none", "NAME=ROLE,..." },
    { "uniqueness-form", 0, 0, G_OPTION_ARG_STRING, &o->uniqueness_form, "Sample-only models as ARX computes them (default) or as published", "arx|published" },
    { "no-scan", 0, 0, G_OPTION_ARG_NONE, &o->no_scan, "Skip the checks for direct identifiers, weak pseudonyms and objectors", NULL },
    { "no-drivers", 0, 0, G_OPTION_ARG_NONE, &o->no_drivers, "Skip what drives the risk (each QI generalised or dropped, subsets, SUDA)", NULL },
    { "postcode-split", 0, 0, G_OPTION_ARG_STRING, &o->postcode_split, "Postcodes finer than the tables: split by the release's counts (default) or uniformly", "release|uniform" },
    G_OPTION_ENTRY_NULL,
  };
  GOptionContext *ctx = g_option_context_new ("RELEASE - measure re-identification risk");
  GOptionGroup *group = g_option_group_new ("audit", "Audit options", "Audit options", o, NULL);
  g_option_group_add_entries (group, entries);
  rr_scan_cli_add_entries (group, &o->scan, TRUE);
  rr_audit_attack_add_entries (group, &o->attack);
  g_option_context_set_main_group (ctx, group);
  g_option_context_set_summary (ctx, "Measures the re-identification risk of a release (CSV or TSV, "
                                     "optionally gzipped) and writes HTML and XML reports.");
  g_option_context_set_description (ctx, audit_description);
  return ctx;
}

static RrAuditPopulationOptions
population_options (const AuditOptions *o)
{
  return (RrAuditPopulationOptions) { o->population, o->sampling_fraction, o->population_size,
                                      o->population_role, o->uniqueness_form, o->postcode_split,
                                      o->quiet, o->attack.threads };
}

static gboolean
audit_options_check (AuditOptions *o, int argc, GError **error)
{
  RrAuditPopulationOptions po = population_options (o);
  if (!rr_audit_population_check (&po, error))
    return FALSE;
  if (argc != 2)
    return rr_throw (error, RR_ERROR_INVALID, "audit takes exactly one RELEASE file (see reidrisk help audit)");
  if (o->invalid != NULL && strcmp (o->invalid, "error") != 0 && strcmp (o->invalid, "missing") != 0)
    return rr_throw (error, RR_ERROR_INVALID, "--invalid must be 'error' or 'missing', not '%s'", o->invalid);
  if (o->show_small_classes && o->classes_csv == NULL)
    return rr_throw (error, RR_ERROR_INVALID, "--show-small-classes goes with --classes-csv");
  if (o->no_scan && (o->scan.objections != NULL || o->scan.against != NULL))
    return rr_throw (error, RR_ERROR_INVALID, "--objections and --against need the scan: drop --no-scan");
  o->attack.population = o->population;
  return rr_audit_attack_options_check (&o->attack, error);
}

static void
fill_input (RrAuditResult *r, const char *path, const RrDataset *ds, const AuditOptions *o)
{
  r->file = g_strdup (path);
  r->file_basename = g_path_get_basename (path);
  r->file_bytes = rr_dataset_file_size (ds);
  r->gzip = rr_dataset_is_gzip (ds);
  r->delimiter = rr_dataset_delimiter (ds);
  r->records = rr_dataset_n_records (ds);
  r->persons = rr_dataset_n_persons (ds);
  r->person_column = g_strdup (o->person);
  r->inconsistent_persons = rr_dataset_n_inconsistent (ds);
  const GArray *lines = rr_dataset_inconsistent_lines (ds);
  g_array_append_vals (r->inconsistent_lines, lines->data, lines->len);
  r->invalid_policy = g_strdup (o->invalid != NULL ? o->invalid : "error");
}

static void
fill_qis (RrAuditResult *r, const RrDataset *ds, const GPtrArray *specs)
{
  for (guint q = 0; q < specs->len; q++)
    {
      const RrQiSpec *spec = g_ptr_array_index (specs, q);
      RrQiSummary *s = g_new0 (RrQiSummary, 1);
      s->name = g_strdup (spec->name);
      s->type = spec->type;
      s->level = spec->level;
      s->source = spec->source;
      s->map_path = g_strdup (spec->map_path);
      s->n_missing = rr_dataset_qi_n_missing (ds, q);
      s->n_invalid = rr_dataset_qi_n_invalid (ds, q);
      s->n_distinct = rr_dataset_qi_n_distinct (ds, q);
      g_ptr_array_add (r->qis, s);
    }
}

/* Logs a phase's wall time at debug level (G_MESSAGES_DEBUG=all), as the benchmark reads it. */
static void
phase_done (const char *phase, gint64 *since)
{
  gint64 now = g_get_monotonic_time ();
  g_debug ("%s: %.3f s", phase, (double) (now - *since) / 1e6);
  *since = now;
}

static RrClassTable *
measure_classes (RrAuditResult *r, const RrDataset *ds)
{
  guint n_qi = rr_dataset_n_qi (ds);
  g_autofree const guint32 **cols = g_new (const guint32 *, n_qi);
  for (guint q = 0; q < n_qi; q++)
    cols[q] = rr_dataset_qi_codes (ds, q);
  RrClassTable *classes = rr_class_table_build (cols, n_qi, rr_dataset_n_persons (ds));
  r->n_classes = rr_class_table_count (classes);
  r->min_class_size = rr_class_table_min_size (classes);
  r->sample_uniques = rr_class_table_sample_uniques (classes);
  g_array_unref (r->size_distribution);
  r->size_distribution = rr_class_table_size_distribution (classes);
  rr_risk_prosecutor (classes, r->threshold, &r->prosecutor);
  return classes;
}

static gboolean
write_outputs (const RrAuditResult *r, const RrDataset *ds, const RrClassTable *classes,
               const AuditOptions *o, GError **error)
{
  if (o->xml != NULL && !rr_report_xml_write (r, o->xml, error))
    return FALSE;
  if (o->html != NULL && !rr_report_html_write (r, o->html, error))
    return FALSE;
  guint64 min_size = o->show_small_classes ? 1 : RR_SMALL_CLASS;
  if (o->classes_csv != NULL
      && !rr_report_classes_csv_write (ds, classes, min_size, o->classes_csv, error))
    return FALSE;
  return TRUE;
}

static void
print_summary (const RrAuditResult *r)
{
  g_autofree char *max = g_strdup_printf ("%.4g", r->prosecutor.max);
  g_print ("release: %s (%" G_GUINT64_FORMAT " records, %" G_GUINT64_FORMAT " persons)\n",
           r->file, r->records, r->persons);
  g_print ("classes: %" G_GUINT64_FORMAT ", smallest k = %" G_GUINT64_FORMAT
           ", sample uniques: %" G_GUINT64_FORMAT " (%.1f%%)\n",
           r->n_classes, r->min_class_size, r->sample_uniques,
           100.0 * (double) r->sample_uniques / (double) MAX (r->persons, 1));
  g_print ("prosecutor risk: max %s, mean %.4g, persons above %g: %.1f%%\n", max,
           r->prosecutor.mean, r->threshold, 100.0 * r->prosecutor.records_at_risk);
  rr_audit_population_print (r);
  rr_audit_print_attacks (r);
  rr_audit_decision_print (r);
}

/* The checks of `reidrisk scan`, in their own section of the reports. */
static gboolean
scan_release (AuditOptions *o, const char *path, RrAuditResult *r, GError **error)
{
  RrScanOptions opts;
  if (o->no_scan)
    return TRUE;
  if (o->person != NULL) /* --person names the pseudonym column: the scan tests it as one */
    {
      g_autofree char *more = g_steal_pointer (&o->scan.pseudonyms);
      o->scan.pseudonyms = more != NULL ? g_strconcat (o->person, ",", more, NULL)
                                        : g_strdup (o->person);
    }
  o->scan.threads = (int) o->attack.threads;
  if (!rr_scan_cli_apply (&o->scan, &opts, error))
    return FALSE;
  r->scan = rr_scan_release (path, &opts, error);
  return r->scan != NULL;
}

static gboolean
audit_run (AuditOptions *o, const char *path, int *exit_status, GError **error)
{
  g_autoptr (RrAuditResult) r = rr_audit_result_new ();
  GDate as_of;
  if (!rr_cmd_parse_as_of (o->as_of, &as_of, error))
    return FALSE;
  r->threshold = o->threshold;
  r->version = g_strdup (PACKAGE_VERSION);
  r->command_line = g_strdup (rr_cmd_full_command_line ());
  r->as_of = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&as_of),
                              g_date_get_month (&as_of), g_date_get_day (&as_of));
  g_autoptr (RrPolicy) policy = NULL;
  if (!rr_audit_policy_prepare (o->policy, o->threshold_given, &r->threshold, &policy, error))
    return FALSE;
  g_autoptr (GPtrArray) specs = rr_audit_choose_qis (path, o->qi, &as_of, o->quiet, r, error);
  if (specs == NULL || !scan_release (o, path, r, error))
    return FALSE;
  g_auto (GStrv) sensitive = rr_audit_sensitive_names (o->sensitive, error);
  if (o->sensitive != NULL && sensitive == NULL)
    return FALSE;
  for (guint i = 0; sensitive != NULL && sensitive[i] != NULL; i++)
    g_ptr_array_add (r->sensitive, g_strdup (sensitive[i]));
  RrLoadOptions lo = { path, 0, specs, o->person, (const char *const *) sensitive,
                       o->invalid != NULL && strcmp (o->invalid, "missing") == 0, !o->quiet, 0 };
  gint64 since = g_get_monotonic_time ();
  g_autoptr (RrDataset) ds = rr_dataset_load (&lo, error);
  if (ds == NULL)
    return FALSE;
  phase_done ("load", &since);
  fill_input (r, path, ds, o);
  fill_qis (r, ds, specs);
  g_autoptr (RrClassTable) classes = measure_classes (r, ds);
  phase_done ("classes", &since);
  RrAuditPopulationOptions po = population_options (o);
  if (!rr_audit_population (r, ds, specs, classes, &po, error))
    return FALSE;
  RrAuditAttackOptions attack = o->attack;
  attack.quiet = o->quiet;
  attack.population = o->population;
  if (!rr_audit_run_attacks (&attack, ds, specs, r, error))
    return FALSE;
  phase_done ("model, attacks", &since);
  /* The file's hash has run in the background meanwhile (dataset.h).  Asked for before anything
   * is written (--apply writes in the decision): a file that changed while it was read fails
   * the audit with no output. */
  const char *sha256 = rr_dataset_sha256 (ds, error);
  if (sha256 == NULL)
    return FALSE;
  r->sha256 = g_strdup (sha256);
  phase_done ("hash", &since);
  RrDecisionOptions dopts = { path, o->person, o->sensitive, o->apply, o->max_suppression,
                              lo.invalid_as_missing, o->quiet, &as_of, o->no_drivers };
  if (!rr_audit_decide (&dopts, policy, r, ds, specs, classes, exit_status, error))
    return FALSE;
  phase_done ("decision", &since);
  if (!write_outputs (r, ds, classes, o, error))
    return FALSE;
  phase_done ("outputs", &since);
  print_summary (r);
  if (r->scan != NULL)
    rr_scan_cli_print_line (r->scan);
  return TRUE;
}

gboolean
rr_cmd_audit (int argc, char **argv, int *exit_status, GError **error)
{
  g_auto (AuditOptions) o = { .threshold = RR_DEFAULT_THRESHOLD, .scan.quick = TRUE,
                              .max_suppression = (double) NAN };
  g_autoptr (GOptionContext) ctx = audit_context (&o);
  if (!g_option_context_parse (ctx, &argc, &argv, error) || !audit_options_check (&o, argc, error))
    return FALSE;
  *exit_status = 0;
  return audit_run (&o, argv[1], exit_status, error);
}
