/* scan-options.c - the scan's option table and its translation into RrScanOptions, shared by
 * cmd-scan.c and cmd-audit.c (cmd stage). */
#include "config.h"
#include "cmd/scan-options.h"
#include "report/format.h"
#include "scan/nhs.h"
#include "util/error.h"

void
rr_scan_cli_clear (RrScanCli *o)
{
  g_free (o->objections), g_free (o->against), g_free (o->names_dir), g_free (o->pseudonyms);
  g_free (o->transforms), g_free (o->nhs_range);
  g_clear_pointer (&o->transform_list, g_array_unref);
  g_clear_pointer (&o->pseudonym_list, g_strfreev);
}

void
rr_scan_cli_add_entries (GOptionGroup *group, RrScanCli *o, gboolean in_audit)
{
  GOptionEntry entries[] = {
    { "objections", 0, 0, G_OPTION_ARG_FILENAME, &o->objections, "People who objected: NHS numbers or pseudonyms, one a line", "FILE" },
    { "against", 0, 0, G_OPTION_ARG_FILENAME, &o->against, "Count pseudonyms recurring in an earlier release", "PREVIOUS_RELEASE" },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &o->quick, in_audit ? "Try a sample of NHS numbers first; stop a transform that matches none (audit's default)" : "Try a sample of NHS numbers first; stop a transform that matches none", NULL },
    { "no-attack", 0, 0, G_OPTION_ARG_NONE, &o->no_attack, "Skip the dictionary attack", NULL },
    { "transforms", 0, 0, G_OPTION_ARG_STRING, &o->transforms, "Transforms to try (default all)", "NAME,..." },
    { "pseudonym", 0, 0, G_OPTION_ARG_STRING, &o->pseudonyms, "Also treat these columns as pseudonyms", "COLUMN,..." },
    { "nhs-range", 0, 0, G_OPTION_ARG_STRING, &o->nhs_range, "Attack only NHS numbers whose first nine digits lie in [FIRST, LAST) (tests, benchmarks)", "FIRST:LAST" },
    { "names", 0, 0, G_OPTION_ARG_FILENAME, &o->names_dir, "Directory holding forenames.txt and surnames.txt", "DIR" },
    G_OPTION_ENTRY_NULL,
  };
  g_option_group_add_entries (group, entries);
  GOptionEntry audit_entries[] = {
    { "full-attack", 0, 0, G_OPTION_ARG_NONE, &o->full_attack, "Hash every valid NHS number with every transform, without sampling first", NULL },
    G_OPTION_ENTRY_NULL,
  };
  /* In audit, --threads is the audit's own (cmd/audit-attacks.c), for the scan too. */
  GOptionEntry scan_entries[] = {
    { "threads", 0, 0, G_OPTION_ARG_INT, &o->threads, "Attack threads (default: one per processor)", "N" },
    G_OPTION_ENTRY_NULL,
  };
  g_option_group_add_entries (group, in_audit ? audit_entries : scan_entries);
}

/* "FIRST:LAST", two nine-digit prefixes with FIRST < LAST <= 10^9. */
static gboolean
parse_nhs_range (const char *text, RrAttackOptions *a, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (text, ":", -1);
  guint64 first = 0, last = 0;
  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 0, RR_NHS_N_PREFIXES - 1, &first, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, RR_NHS_N_PREFIXES, &last, NULL)
      || first >= last)
    return rr_throw (error, RR_ERROR_INVALID,
                     "--nhs-range must be FIRST:LAST with 0 <= FIRST < LAST <= 1000000000, not '%s'",
                     text);
  a->prefix_begin = first;
  a->prefix_end = last;
  return TRUE;
}

static gboolean
parse_transforms (RrScanCli *o, RrScanOptions *opts, GError **error)
{
  o->transform_list = g_array_new (FALSE, FALSE, sizeof (RrTransform));
  g_auto (GStrv) names = g_strsplit (o->transforms, ",", -1);
  for (char **n = names; *n != NULL; n++)
    {
      RrTransform t;
      if (!rr_transform_parse (g_strstrip (*n), &t, error))
        return FALSE;
      g_array_append_val (o->transform_list, t);
    }
  if (o->transform_list->len == 0)
    return rr_throw (error, RR_ERROR_INVALID, "--transforms names no transform");
  opts->transforms = (const RrTransform *) (gpointer) o->transform_list->data;
  opts->n_transforms = o->transform_list->len;
  return TRUE;
}

gboolean
rr_scan_cli_apply (RrScanCli *o, RrScanOptions *opts, GError **error)
{
  rr_scan_options_init (opts);
  if (o->threads < 0)
    return rr_throw (error, RR_ERROR_INVALID,
                     "--threads must be at least 1 (without it, one per processor), not %d",
                     o->threads);
  opts->names_dir = o->names_dir;
  opts->objections = o->objections;
  opts->against = o->against;
  opts->no_attack = o->no_attack;
  opts->attack.quick = o->quick && !o->full_attack;
  opts->attack.n_threads = (guint) o->threads;
  if (o->nhs_range != NULL && !parse_nhs_range (o->nhs_range, &opts->attack, error))
    return FALSE;
  if (o->transforms != NULL && !parse_transforms (o, opts, error))
    return FALSE;
  if (o->pseudonyms != NULL)
    {
      o->pseudonym_list = g_strsplit (o->pseudonyms, ",", -1);
      for (char **p = o->pseudonym_list; *p != NULL; p++)
        g_strstrip (*p);
      opts->pseudonym_columns = (const char *const *) o->pseudonym_list;
    }
  return TRUE;
}

/* ---- summaries ---- */

static void
print_pseudonym (const RrPseudonymScan *p, const char *column)
{
  if (p->reversible)
    g_print ("pseudonym %s: REVERSIBLE, %s of NHS numbers, %" G_GUINT64_FORMAT " of %"
             G_GUINT64_FORMAT " reversed, %" G_GUINT64_FORMAT " candidates in %.1f s\n",
             column, p->transform, p->reversed, p->n_pseudonyms, p->candidates, p->seconds);
  else if (p->weak)
    g_print ("pseudonym %s: WEAK, %s, %" G_GUINT64_FORMAT " distinct values\n", column,
             p->transform, p->n_pseudonyms);
  else
    g_print ("pseudonym %s: not reversible by dictionary, %" G_GUINT64_FORMAT
             " pseudonyms, %" G_GUINT64_FORMAT " candidates in %.1f s%s\n",
             column, p->n_pseudonyms, p->candidates, p->seconds,
             p->stopped_early ? " (sampled, stopped early)" : "");
}

void
rr_scan_cli_print_summary (const RrScanResult *r)
{
  g_autofree char *file = rr_format_text (r->file);
  g_print ("release: %s (%" G_GUINT64_FORMAT " rows, %u columns)\n", file, r->rows,
           r->columns->len);
  for (guint i = 0; i < r->columns->len; i++)
    {
      const RrColumnScan *c = g_ptr_array_index (r->columns, i);
      g_autofree char *name = rr_format_text (c->name);
      if (c->verdict != RR_VERDICT_CLEAN)
        g_print ("column %s: %s (%s)\n", name, rr_verdict_name (c->verdict), c->reason);
    }
  for (guint i = 0; i < r->pseudonyms->len; i++)
    {
      const RrPseudonymScan *p = g_ptr_array_index (r->pseudonyms, i);
      g_autofree char *name = rr_format_text (p->column);
      print_pseudonym (p, name);
    }
  if (r->objections != NULL)
    g_print ("objections: %u of %u listed appear in the release\n", r->objections->found,
             r->objections->listed);
  for (guint i = 0; i < r->links->len; i++)
    {
      const RrLinkScan *l = g_ptr_array_index (r->links, i);
      g_autofree char *name = rr_format_text (l->column);
      g_autofree char *against = rr_format_text (l->against);
      g_print ("linkage: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " %s values recur in %s\n",
               l->recurring, l->pseudonyms, name, against);
    }
  g_print ("result: %s\n", r->fails ? "FAIL" : "pass");
}

static const char *
columns_word (guint n)
{
  return n == 1 ? "column" : "columns";
}

void
rr_scan_cli_print_line (const RrScanResult *r)
{
  g_print ("scan: %s: %u identifier %s, %u free-text %s with identifiers, %u weak pseudonym %s",
           r->fails ? "FAIL" : "pass", r->n_identifier_columns,
           columns_word (r->n_identifier_columns), r->n_free_text_columns,
           columns_word (r->n_free_text_columns), r->n_weak_pseudonyms,
           columns_word (r->n_weak_pseudonyms));
  if (r->objections != NULL)
    g_print (", %u of %u objectors in the release", r->objections->found, r->objections->listed);
  g_print ("\n");
}
