/* scan-options.h - the command-line options of the direct-identifier scan, shared by
 * `reidrisk scan` and `reidrisk audit` so that both spell them the same way (cmd stage). */
#pragma once
#include <glib.h>
#include "scan/scan.h"

typedef struct
{
  char *objections, *against, *names_dir, *pseudonyms, *transforms, *nhs_range;
  gboolean quick, full_attack, no_attack;
  int threads;
  /* filled by rr_scan_cli_apply; RrScanOptions borrows them */
  GArray *transform_list; /* RrTransform */
  char **pseudonym_list;
} RrScanCli;

void rr_scan_cli_clear (RrScanCli *o);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RrScanCli, rr_scan_cli_clear)

/* Adds --objections, --against, --quick, --no-attack, --transforms, --pseudonym, --threads,
 * --nhs-range and --names to group, storing into o; in_audit also adds --full-attack, since
 * audit samples first by default (o->quick preset to TRUE). */
void rr_scan_cli_add_entries (GOptionGroup *group, RrScanCli *o, gboolean in_audit);

/* Checks the values and fills opts, which borrows from o until o is cleared.
 * Errors: RR_ERROR_INVALID for a bad --threads, --nhs-range or --transforms. */
gboolean rr_scan_cli_apply (RrScanCli *o, RrScanOptions *opts, GError **error);

/* Prints the scan's short summary on stdout: one line per column that is not clean, per
 * pseudonym column, for the objections and per linkage, then "result: FAIL" or "result: pass". */
void rr_scan_cli_print_summary (const RrScanResult *r);
/* Prints the one-line summary that audit shows. */
void rr_scan_cli_print_line (const RrScanResult *r);

/* Short text for the --help description: the transforms the attack tries. */
#define RR_SCAN_CLI_TRANSFORMS_HELP \
  "Transforms: md5, sha1, sha256, md5-spaced, sha1-spaced, sha256-spaced (the NHS number's ten\n" \
  "digits, or 3-3-4 with spaces), each compared in hex of either case, base64 or truncated.\n"
