/* cmd-scan.c - `reidrisk scan RELEASE`: options, then one call to the scan stage and one per
 * report; prints a short summary.  Exit 1 when the release holds direct identifiers, weak
 * pseudonyms or objectors. */
#include "config.h"
#include "cmd/cmd.h"
#include "cmd/scan-options.h"
#include "report/scan-html.h"
#include "report/scan-xml.h"
#include "scan/scan.h"
#include "util/error.h"

typedef struct
{
  char *html, *xml;
  RrScanCli scan;
} ScanOptions;

static void
scan_options_clear (ScanOptions *o)
{
  g_free (o->html), g_free (o->xml);
  rr_scan_cli_clear (&o->scan);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScanOptions, scan_options_clear)

static const char scan_description[] =
  "Every column is checked for NHS numbers, e-mail addresses, UK phone numbers, National\n"
  "Insurance numbers, names, full postcodes and dates of birth; hashed pseudonym columns are\n"
  "attacked with every valid NHS number.\n"
  RR_SCAN_CLI_TRANSFORMS_HELP "\n"
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
    G_OPTION_ENTRY_NULL,
  };
  GOptionContext *ctx = g_option_context_new ("RELEASE - find direct identifiers, weak pseudonyms and objectors");
  GOptionGroup *group = g_option_group_new ("scan", "Scan options", "Scan options", o, NULL);
  g_option_group_add_entries (group, entries);
  rr_scan_cli_add_entries (group, &o->scan, FALSE);
  g_option_context_set_main_group (ctx, group);
  g_option_context_set_summary (ctx, "Checks every column of a release (CSV or TSV, optionally "
                                     "gzipped) before any statistics.");
  g_option_context_set_description (ctx, scan_description);
  return ctx;
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
  RrScanOptions opts;
  if (!rr_scan_cli_apply (&o.scan, &opts, error))
    return FALSE;
  g_autoptr (RrScanResult) r = rr_scan_release (argv[1], &opts, error);
  if (r == NULL)
    return FALSE;
  if (o.xml != NULL && !rr_report_scan_xml_write (r, o.xml, error))
    return FALSE;
  if (o.html != NULL && !rr_report_scan_html_write (r, o.html, error))
    return FALSE;
  rr_scan_cli_print_summary (r);
  *exit_status = r->fails ? 1 : 0;
  return TRUE;
}
