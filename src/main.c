/* main.c - the command table, the one place that prints errors, and the exit statuses:
 * 0 ran (and meets the policy), 1 ran and fails the policy, 2 trouble. */
#include "config.h"
#include <glib.h>
#include <gsl/gsl_errno.h>
#include <libxml/parser.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <string.h>
#include "cmd/cmd.h"

typedef struct
{
  const char *name;
  RrCmdFunc func;
  const char *summary;
} RrCommand;

static const RrCommand commands[] = {
  { "audit", rr_cmd_audit, "Measure the re-identification risk of a release" },
  { "synth", rr_cmd_synth, "Generate a synthetic release (for examples and benchmarks)" },
  { "scan", rr_cmd_scan, "Find direct identifiers, weak pseudonyms and objectors in a release" },
  { "link", rr_cmd_link, "Link a file you hold to a release and count who is found" },
};

static const RrCommand *
command_lookup (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static char *
commands_description (void)
{
  GString *s = g_string_new ("Commands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (s, "  %-8s %s\n", commands[i].name, commands[i].summary);
  g_string_append (s, "  help     Show the help of a command (reidrisk help audit)\n\n"
                      "Exit status: 0 success (the release meets the policy, or no policy),\n"
                      "1 the release fails the policy, 2 trouble (usage, bad input, I/O).\n");
  return g_string_free (s, FALSE);
}

static int
report_error (GError *error)
{
  g_printerr ("reidrisk: %s\n", error->message);
  return 2;
}

static int
run_command (const RrCommand *cmd, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int exit_status = 0;
  if (!cmd->func (argc, argv, &exit_status, &error))
    return report_error (error);
  return exit_status;
}

/* "reidrisk help audit" is "reidrisk audit --help". */
static int
run_help (int argc, char **argv, const char *usage)
{
  if (argc < 2)
    {
      g_print ("%s", usage);
      return 0;
    }
  const RrCommand *cmd = command_lookup (argv[1]);
  if (cmd == NULL)
    {
      g_printerr ("reidrisk: unknown command '%s' (see reidrisk --help)\n", argv[1]);
      return 2;
    }
  char *help_argv[] = { argv[1], (char *) "--help", NULL };
  return run_command (cmd, 2, help_argv);
}

static int
dispatch (int argc, char **argv)
{
  gboolean version = FALSE;
  GOptionEntry entries[] = {
    { "version", 'V', 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("COMMAND [OPTIONS] ARGS");
  g_option_context_set_strict_posix (ctx, TRUE);
  g_option_context_set_summary (ctx, "Re-identification risk auditor for pseudonymised releases.");
  g_autofree char *desc = commands_description ();
  g_option_context_set_description (ctx, desc);
  g_option_context_add_main_entries (ctx, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return report_error (error);
  if (version)
    {
      g_print ("reidrisk %s\n", PACKAGE_VERSION);
      return 0;
    }
  g_autofree char *usage = g_option_context_get_help (ctx, TRUE, NULL);
  if (argc < 2)
    {
      g_printerr ("%s", usage);
      return 2;
    }
  if (strcmp (argv[1], "help") == 0)
    return run_help (argc - 1, argv + 1, usage);
  const RrCommand *cmd = command_lookup (argv[1]);
  if (cmd == NULL)
    {
      g_printerr ("reidrisk: unknown command '%s' (see reidrisk --help)\n", argv[1]);
      return 2;
    }
  return run_command (cmd, argc - 1, argv + 1);
}

int
main (int argc, char **argv)
{
#ifdef M_MMAP_THRESHOLD
  /* A fixed threshold: glibc otherwise raises it to the size of each large block freed, and the
   * loader's freed buffers then come back as heap that is never returned (30 MB of the peak
   * memory of the 10-million-row benchmark). */
  mallopt (M_MMAP_THRESHOLD, 256 * 1024);
#endif
  setlocale (LC_ALL, "");
  /* Numbers in outputs are formatted with g_ascii_*; keep stdio in C too, whatever the locale. */
  setlocale (LC_NUMERIC, "C");
  gsl_set_error_handler_off ();
  /* Diagnostics (g_debug, g_info) go to stderr: stdout holds the results. */
  g_log_writer_default_set_use_stderr (TRUE);
  LIBXML_TEST_VERSION;
  rr_cmd_set_full_argv (argc, argv);

  int status = dispatch (argc, argv);

  xmlCleanupParser ();
  if (fclose (stdout) != 0 && status != 2)
    {
      g_printerr ("reidrisk: error writing standard output\n");
      return 2;
    }
  return status;
}
