/* cmd-link.c - `reidrisk link RELEASE AUX`: options, then one call per step: choose the fields
 * (the release's quasi-identifiers, paired with the aux file's columns by name or --on), load
 * both files, link them, write the reports. */
#include "config.h"
#include "cmd/cmd.h"
#include "attack/link.h"
#include "cmd/audit-qis.h"
#include "load/dataset.h"
#include "qi/category.h"
#include "report/html-link.h"
#include "report/xml-link.h"
#include "util/error.h"
#include <math.h>
#include <string.h>

typedef struct
{
  char *qi, *person, *on, *method, *sensitive, *html, *xml, *as_of, *invalid;
  char **blocks;
  double threshold;
  gboolean threshold_given, show_links, quiet;
} LinkOptions;

static void
link_options_clear (LinkOptions *o)
{
  g_free (o->qi), g_free (o->person), g_free (o->on), g_free (o->method);
  g_free (o->sensitive), g_free (o->html), g_free (o->xml), g_free (o->as_of);
  g_free (o->invalid);
  g_strfreev (o->blocks);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LinkOptions, link_options_clear)

static gboolean
on_threshold (const char *name, const char *value, gpointer data, GError **error)
{
  LinkOptions *o = data;
  char *end = NULL;
  double t = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !isfinite (t))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s must be a number (a log2 weight), not '%s'", name, value);
      return FALSE;
    }
  o->threshold = t, o->threshold_given = TRUE;
  return TRUE;
}

static const char link_description[] =
  "Links each record of AUX (a file you hold: names beside postcode, date of birth ...) to the\n"
  "release on the release's quasi-identifiers (--qi, or recognised), paired with AUX's columns\n"
  "of the same names or by --on.  Values are compared at the release's levels.  Probabilistic\n"
  "linkage (the default) scores the pairs that agree on all fields but one (or on each\n"
  "--block) with Fellegi-Sunter weights, m and u estimated by EM over all pairs of complete\n"
  "records.  The report counts AUX's records linked uniquely, ambiguously and not at all;\n"
  "only --show-links lists the links.\n\n"
  "Examples:\n"
  "  reidrisk link release.csv mine.csv --person pseudonym \\\n"
  "      --qi postcode:postcode:sector,date_of_birth:date:year,sex:sex --xml link.xml\n"
  "  reidrisk link release.csv mine.csv --on postcode=pc,date_of_birth=dob,sex=gender \\\n"
  "      --method exact --html link.html\n";

static GOptionContext *
link_context (LinkOptions *o)
{
  GOptionEntry entries[] = {
    { "qi", 0, 0, G_OPTION_ARG_STRING, &o->qi, "The release's quasi-identifiers (as for audit)", "NAME[:TYPE[:LEVEL]],..." },
    { "person", 0, 0, G_OPTION_ARG_STRING, &o->person, "The release's pseudonym column: rows are grouped per person", "COLUMN" },
    { "on", 0, 0, G_OPTION_ARG_STRING, &o->on, "Pairs of release and AUX columns to link on (default: the same names)", "A=B,..." },
    { "method", 0, 0, G_OPTION_ARG_STRING, &o->method, "exact or probabilistic (default, m and u by EM)", "METHOD" },
    { "block", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->blocks, "A blocking pass: pairs must agree on these release columns (repeatable)", "A,B,..." },
    { "threshold", 0, 0, G_OPTION_ARG_CALLBACK, on_threshold, "Score a link needs (log2 weight; default: match probability 1/2)", "W" },
    { "show-links", 0, 0, G_OPTION_ARG_NONE, &o->show_links, "List each unique link with the release's --sensitive values", NULL },
    { "sensitive", 0, 0, G_OPTION_ARG_STRING, &o->sensitive, "Release columns shown with --show-links", "COLUMN,..." },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &o->html, "Write the HTML report to FILE", "FILE" },
    { "xml", 0, 0, G_OPTION_ARG_FILENAME, &o->xml, "Write the XML results to FILE", "FILE" },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &o->as_of, "Reference date for ages (default today)", "YYYY-MM-DD" },
    { "invalid", 0, 0, G_OPTION_ARG_STRING, &o->invalid, "What an invalid value is: error (default) or missing", "error|missing" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, "No progress on stderr", NULL },
    G_OPTION_ENTRY_NULL,
  };
  GOptionContext *ctx = g_option_context_new ("RELEASE AUX - link a file you hold to a release");
  GOptionGroup *group = g_option_group_new ("link", "Link options", "Link options", o, NULL);
  g_option_group_add_entries (group, entries);
  g_option_context_set_main_group (ctx, group);
  g_option_context_set_summary (ctx, "Links the records of AUX to the release and counts how many "
                                     "are found, uniquely or not.");
  g_option_context_set_description (ctx, link_description);
  return ctx;
}

static gboolean
link_options_check (const LinkOptions *o, int argc, RrMatchMethod *method, GError **error)
{
  if (argc != 3)
    return rr_throw (error, RR_ERROR_INVALID, "link takes a RELEASE and an AUX file (see reidrisk help link)");
  *method = RR_MATCH_PROBABILISTIC;
  if (o->method != NULL && strcmp (o->method, "exact") == 0)
    *method = RR_MATCH_EXACT;
  else if (o->method != NULL && strcmp (o->method, "probabilistic") != 0)
    return rr_throw (error, RR_ERROR_INVALID, "--method must be 'exact' or 'probabilistic', not '%s'", o->method);
  if (*method == RR_MATCH_EXACT && (o->threshold_given || o->blocks != NULL))
    return rr_throw (error, RR_ERROR_INVALID, "--%s goes with --method probabilistic",
                     o->threshold_given ? "threshold" : "block");
  if (o->invalid != NULL && strcmp (o->invalid, "error") != 0 && strcmp (o->invalid, "missing") != 0)
    return rr_throw (error, RR_ERROR_INVALID, "--invalid must be 'error' or 'missing', not '%s'", o->invalid);
  if (o->sensitive != NULL && !o->show_links)
    return rr_throw (error, RR_ERROR_INVALID, "--sensitive goes with --show-links");
  return TRUE;
}

/* ---- the fields ---- */

typedef struct
{
  GPtrArray *release; /* RrQiSpec*: the fields, then (--show-links) person and sensitive values */
  GPtrArray *aux;     /* RrQiSpec*: the fields, named as in AUX */
  GPtrArray *shown;   /* char*: the --sensitive columns */
  guint n_fields;
  int person_qi;
  guint first_value_qi;
} Fields;

static void
fields_clear (Fields *f)
{
  g_clear_pointer (&f->release, g_ptr_array_unref);
  g_clear_pointer (&f->aux, g_ptr_array_unref);
  g_clear_pointer (&f->shown, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fields, fields_clear)

static int
spec_index (const GPtrArray *specs, const char *name)
{
  for (guint i = 0; i < specs->len; i++)
    {
      const RrQiSpec *s = g_ptr_array_index (specs, i);
      if (s != NULL && strcmp (s->name, name) == 0)
        return (int) i;
    }
  return -1;
}

/* A spec like release's, for AUX's column name (its map loaded again: the spec owns it). */
static RrQiSpec *
aux_spec (const RrQiSpec *rel, const char *name, GError **error)
{
  g_autoptr (RrQiSpec) s = rr_qi_spec_new (name, rel->type, rel->level, &rel->as_of);
  if (rel->level == RR_LEVEL_MAP)
    {
      if ((s->map = rr_category_map_load (rel->map_path, error)) == NULL)
        return NULL;
      s->map_path = g_strdup (rel->map_path);
      s->map_why = g_strdup (rel->map_why);
    }
  return g_steal_pointer (&s);
}

static gboolean
add_pair (Fields *f, GPtrArray *specs, const char *rel, const char *aux,
          const char *const *aux_header, GError **error)
{
  int q = spec_index (specs, rel);
  if (q < 0)
    return rr_throw (error, RR_ERROR_INVALID, "--on %s=%s: '%s' is not one of the release's "
                     "quasi-identifiers (name it in --qi)", rel, aux, rel);
  if (!g_strv_contains (aux_header, aux))
    return rr_throw (error, RR_ERROR_INVALID, "--on %s=%s: AUX has no column '%s'", rel, aux, aux);
  RrQiSpec *spec = g_ptr_array_steal_index (specs, (guint) q);
  g_ptr_array_insert (specs, q, NULL); /* keep the indexes; used at most once */
  RrQiSpec *a = aux_spec (spec, aux, error);
  g_ptr_array_add (f->release, spec);
  if (a == NULL)
    return FALSE;
  g_ptr_array_add (f->aux, a);
  f->n_fields++;
  return TRUE;
}

static gboolean
pair_fields (Fields *f, GPtrArray *specs, const char *on, const char *const *aux_header,
             GError **error)
{
  if (on != NULL)
    {
      g_auto (GStrv) items = g_strsplit (on, ",", -1);
      for (guint i = 0; items[i] != NULL; i++)
        {
          g_auto (GStrv) ab = g_strsplit (items[i], "=", 2);
          if (g_strv_length (ab) != 2 || *g_strstrip (ab[0]) == '\0' || *g_strstrip (ab[1]) == '\0')
            return rr_throw (error, RR_ERROR_INVALID, "--on item '%s' is not A=B", items[i]);
          if (!add_pair (f, specs, ab[0], ab[1], aux_header, error))
            return FALSE;
        }
      return TRUE;
    }
  for (guint q = 0; q < specs->len; q++)
    {
      const RrQiSpec *s = g_ptr_array_index (specs, q);
      if (s != NULL && g_strv_contains (aux_header, s->name)
          && !add_pair (f, specs, s->name, s->name, aux_header, error))
        return FALSE;
    }
  if (f->n_fields == 0)
    return rr_throw (error, RR_ERROR_INVALID, "AUX has none of the release's quasi-identifier "
                     "columns by name; pair them with --on A=B,...");
  return TRUE;
}

/* --show-links reads the pseudonym and the sensitive columns as categories after the fields. */
static void
add_shown_columns (Fields *f, const LinkOptions *o)
{
  f->shown = g_ptr_array_new_with_free_func (g_free);
  f->person_qi = -1;
  f->first_value_qi = f->release->len;
  if (!o->show_links)
    return;
  if (o->person != NULL)
    {
      f->person_qi = (int) f->release->len;
      g_ptr_array_add (f->release, rr_qi_spec_new (o->person, RR_QI_CATEGORY, RR_LEVEL_ASIS, NULL));
    }
  f->first_value_qi = f->release->len;
  g_auto (GStrv) names = o->sensitive != NULL ? g_strsplit (o->sensitive, ",", -1) : NULL;
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_ptr_array_add (f->release, rr_qi_spec_new (g_strstrip (names[i]), RR_QI_CATEGORY,
                                                   RR_LEVEL_ASIS, NULL));
      g_ptr_array_add (f->shown, g_strdup (names[i]));
    }
}

static gboolean
choose_fields (Fields *f, const LinkOptions *o, const char *release, const char *aux,
               const GDate *as_of, GError **error)
{
  g_autoptr (RrAuditResult) tmp = rr_audit_result_new ();
  g_autoptr (GPtrArray) specs = rr_audit_choose_qis (release, o->qi, as_of, o->quiet, tmp, error);
  g_auto (GStrv) header = NULL;
  if (specs == NULL)
    return FALSE;
  g_autoptr (GPtrArray) sample = rr_dataset_sample (aux, 0, 1, &header, error);
  if (sample == NULL)
    return FALSE;
  f->release = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_qi_spec_free);
  f->aux = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_qi_spec_free);
  if (!pair_fields (f, specs, o->on, (const char *const *) header, error))
    return FALSE;
  if (f->n_fields > RR_FS_MAX_FIELDS)
    return rr_throw (error, RR_ERROR_INVALID, "link on at most %d fields, not %u",
                     RR_FS_MAX_FIELDS, f->n_fields);
  add_shown_columns (f, o);
  return TRUE;
}

/* ---- blocking passes ---- */

static gboolean
parse_passes (const LinkOptions *o, const Fields *f, GArray *passes, GError **error)
{
  for (guint i = 0; o->blocks != NULL && o->blocks[i] != NULL; i++)
    {
      g_auto (GStrv) names = g_strsplit (o->blocks[i], ",", -1);
      guint mask = 0;
      for (guint k = 0; names[k] != NULL; k++)
        {
          int j = spec_index (f->release, g_strstrip (names[k]));
          if (j < 0 || (guint) j >= f->n_fields)
            return rr_throw (error, RR_ERROR_INVALID, "--block %s: '%s' is not a linked field",
                             o->blocks[i], names[k]);
          mask |= 1u << j;
        }
      g_array_append_val (passes, mask);
    }
  return TRUE;
}

/* ---- the run ---- */

static RrDataset *
load (const char *path, GPtrArray *specs, const char *person, const LinkOptions *o, GError **error)
{
  RrLoadOptions lo = { path, 0, specs, person, NULL,
                       o->invalid != NULL && strcmp (o->invalid, "missing") == 0, !o->quiet, 0 };
  return rr_dataset_load (&lo, error);
}

/* The files' hashes are finished here, after the linkage: they were computed meanwhile. */
static gboolean
fill_inputs (RrLinkResult *res, const char *release, RrDataset *rel, const char *aux,
             RrDataset *ax, const LinkOptions *o, const GDate *as_of, GError **error)
{
  const char *rel_sha256 = rr_dataset_sha256 (rel, error);
  const char *aux_sha256 = rel_sha256 != NULL ? rr_dataset_sha256 (ax, error) : NULL;
  if (aux_sha256 == NULL)
    return FALSE;
  res->version = g_strdup (PACKAGE_VERSION);
  res->command_line = g_strdup (rr_cmd_full_command_line ());
  res->as_of = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (as_of),
                                g_date_get_month (as_of), g_date_get_day (as_of));
  res->release_file = g_strdup (release);
  res->release_sha256 = g_strdup (rel_sha256);
  res->release_records = rr_dataset_n_records (rel);
  res->release_persons = rr_dataset_n_persons (rel);
  res->person_column = g_strdup (o->person);
  res->aux_file = g_strdup (aux);
  res->aux_sha256 = g_strdup (aux_sha256);
  res->show_links = o->show_links;
  return TRUE;
}

static void
print_summary (const RrLinkResult *r)
{
  double n = (double) MAX (r->aux_records, 1);
  g_print ("link (%s): %" G_GUINT64_FORMAT " aux records: %" G_GUINT64_FORMAT " linked uniquely "
           "(%.1f%%), %" G_GUINT64_FORMAT " ambiguously, %" G_GUINT64_FORMAT " not linked; "
           "%" G_GUINT64_FORMAT " release records reached\n",
           rr_match_method_to_string (r->method), r->aux_records, r->linked_unique,
           100.0 * (double) r->linked_unique / n, r->linked_ambiguous, r->unlinked,
           r->release_linked);
  if (r->has_em && !r->em.converged)
    g_printerr ("reidrisk: warning: EM did not converge in %u iterations\n", r->em.iterations);
}

static gboolean
link_run (const LinkOptions *o, RrMatchMethod method, const char *release, const char *aux,
          GError **error)
{
  GDate as_of;
  g_auto (Fields) f = { 0 };
  g_autoptr (GArray) passes = g_array_new (FALSE, FALSE, sizeof (guint));
  if (!rr_cmd_parse_as_of (o->as_of, &as_of, error)
      || !choose_fields (&f, o, release, aux, &as_of, error)
      || !parse_passes (o, &f, passes, error))
    return FALSE;
  g_autoptr (RrDataset) rel = load (release, f.release, o->person, o, error);
  g_autoptr (RrDataset) ax = rel != NULL ? load (aux, f.aux, NULL, o, error) : NULL;
  if (ax == NULL)
    return FALSE;
  RrLinkOptions lo = { (const RrQiSpec *const *) f.release->pdata, method, o->threshold_given,
                       o->threshold, passes->len > 0 ? (const guint *) (void *) passes->data : NULL,
                       passes->len, o->show_links, f.person_qi, f.first_value_qi };
  g_autoptr (RrLinkResult) res = rr_link_run (rel, ax, f.n_fields, &lo, error);
  if (res == NULL)
    return FALSE;
  for (guint i = 0; i < f.shown->len; i++)
    g_ptr_array_add (res->sensitive, g_strdup (g_ptr_array_index (f.shown, i)));
  if (!fill_inputs (res, release, rel, aux, ax, o, &as_of, error))
    return FALSE;
  if ((o->xml != NULL && !rr_report_xml_link_write (res, o->xml, error))
      || (o->html != NULL && !rr_report_html_link_write (res, o->html, error)))
    return FALSE;
  print_summary (res);
  return TRUE;
}

gboolean
rr_cmd_link (int argc, char **argv, int *exit_status, GError **error)
{
  g_auto (LinkOptions) o = { 0 };
  g_autoptr (GOptionContext) ctx = link_context (&o);
  RrMatchMethod method = RR_MATCH_PROBABILISTIC;
  if (!g_option_context_parse (ctx, &argc, &argv, error)
      || !link_options_check (&o, argc, &method, error))
    return FALSE;
  *exit_status = 0;
  return link_run (&o, method, argv[1], argv[2], error);
}
