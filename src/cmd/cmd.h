/* cmd.h - the subcommands; each lives in its own cmd-<verb>.c with its own option context.
 * A command returns FALSE with error set on trouble (main prints it, exit status 2); otherwise it
 * sets *exit_status to 0 (ran, and meets the policy or none was given) or 1 (fails the policy). */
#pragma once
#include <glib.h>

typedef gboolean (*RrCmdFunc) (int argc, char **argv, int *exit_status, GError **error);

gboolean rr_cmd_audit (int argc, char **argv, int *exit_status, GError **error);
gboolean rr_cmd_synth (int argc, char **argv, int *exit_status, GError **error);
gboolean rr_cmd_scan (int argc, char **argv, int *exit_status, GError **error);
gboolean rr_cmd_link (int argc, char **argv, int *exit_status, GError **error);

/* The command line as one shell-quoted string, for reports. */
char *rr_cmd_line_quote (int argc, char **argv);
/* Sets the argv[0] that each command's usage shows ("reidrisk audit"), and the command line the
 * reports record (without --threads N, which changes no result). */
void rr_cmd_set_full_argv (int argc, char **argv);
const char *rr_cmd_full_command_line (void);
/* Parses --as-of: YYYY-MM-DD, or today when text is NULL.  Errors: RR_ERROR_INVALID. */
gboolean rr_cmd_parse_as_of (const char *text, GDate *date, GError **error);
