/* cmd-scan.c - `reidrisk scan RELEASE`: options, then one call to the scan stage and one per
 * report; prints a short summary.  Exit 1 when the release holds direct identifiers, weak
 * pseudonyms or objectors. */
#include "config.h"
#include "cmd/cmd.h"
#include "report/scan-html.h"
#include "report/scan-xml.h"
#include "scan/nhs.h"
#include "scan/scan.h"
#include "util/error.h"
#include <string.h>

typedef struct
{
  char *html, *xml, *objections, *against, *names_dir, *pseudonyms, *transforms, *nhs_range;
  gboolean quick, no_attack;
  int threads;
} ScanOptions;

static void
scan_options_clear (ScanOptions *o)
{
  g_free (o->html), g_free (o->xml), g_free (o->objections), g_free (o->against);
  g_free (o->names_dir), g_free (o->pseudonyms), g_free (o->transforms), g_free (o->nhs_range);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScanOptions, scan_options_clear)

static const char scan_description[] =
  "Every column is checked for NHS numbers, e-mail addresses, UK phone numbers, National\n"
  "Insurance numbers, names, full postcodes and dates of birth; hashed pseudonym columns are\n"
  "attacked with every valid NHS number under MD5, SHA-1 and SHA-256 (digits, or 3-3-4 with\n"
  "spaces).  Transforms: md5, sha1, sha256, md5-spaced, sha1-spaced, sha256-spaced.\n\n"
  "Exit status: 0 clean, 1 identifiers, weak pseudonyms or objectors found, 2 trouble.\n\n"
  "Examples:\n"
  "  reidrisk scan release.csv --quick --xml scan.xml --html scan.html\n"
  "  reidrisk scan release.csv --objections optouts.txt --against last-year.csv\n";

static GOptionContext *
scan_context (ScanOptions *o)
{
  GOptionEntry entries[] = {
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &o->html, "Write the HTML report to FILE", "FILE" },
    { "xml", 0, 0, G_OPTION_ARG_FILENAME, &o->xml, "Write the XML results to FILE", "FILE" },
    { "objections", 0, 0, G_OPTION_ARG_FILENAME, &o->objections, "People who objected: NHS numbers or pseudonyms, one a line", "FILE" },
    { "against", 0, 0, G_OPTION_ARG_FILENAME, &o->against, "Count pseudonyms recurring in an earlier release", "PREVIOUS_RELEASE" },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &o->quick, "Try a sample of NHS numbers first; stop a transform that matches none", NULL },
    { "no-attack", 0, 0, G_OPTION_ARG_NONE, &o->no_attack, "Skip the dictionary attack", NULL },
    { "transforms", 0, 0, G_OPTION_ARG_STRING, &o->transforms, "Transforms to try (default all)", "NAME,..." },
    { "pseudonym", 0, 0, G_OPTION_ARG_STRING, &o->pseudonyms, "Also treat these columns as pseudonyms", "COLUMN,..." },
    { "threads", 0, 0, G_OPTION_ARG_INT, &o->threads, "Attack threads (default: one per processor)", "N" },
    { "nhs-range", 0, 0, G_OPTION_ARG_STRING, &o->nhs_range, "Attack only NHS numbers whose first nine digits lie in [FIRST, LAST) (tests, benchmarks)", "FIRST:LAST" },
    { "names", 0, 0, G_OPTION_ARG_FILENAME, &o->names_dir, "Directory holding forenames.txt and surnames.txt", "DIR" },
    G_OPTION_ENTRY_NULL,
  };
  GOptionContext *ctx = g_option_context_new ("RELEASE - find direct identifiers, weak pseudonyms and objectors");
  GOptionGroup *group = g_option_group_new ("scan", "Scan options", "Scan options", o, NULL);
  g_option_group_add_entries (group, entries);
  g_option_context_set_main_group (ctx, group);
  g_option_context_set_summary (ctx, "Checks every column of a release (CSV or TSV, optionally "
                                     "gzipped) before any statistics.");
  g_option_context_set_description (ctx, scan_description);
  return ctx;
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

/* Fills the library options; transforms is the parsed --transforms list (owned by caller). */
static gboolean
scan_options_apply (const ScanOptions *o, GArray *transforms, RrScanOptions *opts,
                    GError **error)
{
  rr_scan_options_init (opts);
  if (o->threads < 0)
    return rr_throw (error, RR_ERROR_INVALID, "--threads must be at least 1");
  opts->names_dir = o->names_dir;
  opts->objections = o->objections;
  opts->against = o->against;
  opts->no_attack = o->no_attack;
  opts->attack.quick = o->quick;
  opts->attack.n_threads = (guint) o->threads;
  if (o->nhs_range != NULL && !parse_nhs_range (o->nhs_range, &opts->attack, error))
    return FALSE;
  if (o->transforms != NULL)
    {
      g_auto (GStrv) names = g_strsplit (o->transforms, ",", -1);
      for (char **n = names; *n != NULL; n++)
        {
          RrTransform t;
          if (!rr_transform_parse (g_strstrip (*n), &t, error))
            return FALSE;
          g_array_append_val (transforms, t);
        }
      opts->transforms = (const RrTransform *) (gpointer) transforms->data;
      opts->n_transforms = transforms->len;
    }
  return TRUE;
}

static void
print_summary (const RrScanResult *r)
{
  g_print ("release: %s (%" G_GUINT64_FORMAT " rows, %u columns)\n", r->file, r->rows,
           r->columns->len);
  for (guint i = 0; i < r->columns->len; i++)
    {
      const RrColumnScan *c = g_ptr_array_index (r->columns, i);
      if (c->verdict != RR_VERDICT_CLEAN)
        g_print ("column %s: %s (%s)\n", c->name, rr_verdict_name (c->verdict), c->reason);
    }
  for (guint i = 0; i < r->pseudonyms->len; i++)
    {
      const RrPseudonymScan *p = g_ptr_array_index (r->pseudonyms, i);
      g_print ("pseudonym %s: %s, transform %s, %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
               " reversed, %" G_GUINT64_FORMAT " candidates in %.1f s%s\n",
               p->column, p->reversible ? "REVERSIBLE" : p->weak ? "WEAK" : "not reversible by dictionary",
               p->transform, p->reversed, p->n_pseudonyms, p->candidates, p->seconds,
               p->stopped_early ? " (stopped early)" : "");
    }
  if (r->objections != NULL)
    g_print ("objections: %u of %u listed appear in the release\n", r->objections->found,
             r->objections->listed);
  for (guint i = 0; i < r->links->len; i++)
    {
      const RrLinkScan *l = g_ptr_array_index (r->links, i);
      g_print ("linkage: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " %s values recur in %s\n",
               l->recurring, l->pseudonyms, l->column, l->against);
    }
  g_print ("result: %s\n", r->fails ? "FAIL" : "pass");
}

gboolean
rr_cmd_scan (int argc, char **argv, int *exit_status, GError **error)
{
  g_auto (ScanOptions) o = { 0 };
  g_autoptr (GOptionContext) ctx = scan_context (&o);
  if (!g_option_context_parse (ctx, &argc, &argv, error))
    return FALSE;
  if (argc != 2)
    return rr_throw (error, RR_ERROR_INVALID, "scan takes exactly one RELEASE file (see reidrisk help scan)");
  g_autoptr (GArray) transforms = g_array_new (FALSE, FALSE, sizeof (RrTransform));
  RrScanOptions opts;
  if (!scan_options_apply (&o, transforms, &opts, error))
    return FALSE;
  g_auto (GStrv) pseudonyms = o.pseudonyms != NULL ? g_strsplit (o.pseudonyms, ",", -1) : NULL;
  opts.pseudonym_columns = (const char *const *) pseudonyms;
  g_autoptr (RrScanResult) r = rr_scan_release (argv[1], &opts, error);
  if (r == NULL)
    return FALSE;
  if (o.xml != NULL && !rr_report_scan_xml_write (r, o.xml, error))
    return FALSE;
  if (o.html != NULL && !rr_report_scan_html_write (r, o.html, error))
    return FALSE;
  print_summary (r);
  *exit_status = r->fails ? 1 : 0;
  return TRUE;
}
