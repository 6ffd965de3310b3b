/* cmdline.c - the exact command line, shell-quoted, for the report's "how this was made". */
#include "config.h"
#include "cmd/cmd.h"
#include <string.h>

static char *full_command_line;

char *
rr_cmd_line_quote (int argc, char **argv)
{
  GString *s = g_string_new (NULL);
  for (int i = 0; i < argc; i++)
    {
      if (i > 0)
        g_string_append_c (s, ' ');
      gboolean plain = argv[i][0] != '\0';
      for (const char *p = argv[i]; *p && plain; p++)
        plain = g_ascii_isalnum (*p) || strchr ("-_./:=,+@%", *p) != NULL;
      if (plain)
        g_string_append (s, argv[i]);
      else
        {
          g_autofree char *q = g_shell_quote (argv[i]);
          g_string_append (s, q);
        }
    }
  return g_string_free (s, FALSE);
}

void
rr_cmd_set_full_argv (int argc, char **argv)
{
  g_free (full_command_line);
  g_autofree char *base = g_path_get_basename (argv[0]);
  g_autofree char *rest = rr_cmd_line_quote (argc - 1, argv + 1);
  full_command_line = argc > 1 ? g_strconcat (base, " ", rest, NULL) : g_strdup (base);
}

const char *
rr_cmd_full_command_line (void)
{
  return full_command_line != NULL ? full_command_line : "reidrisk";
}
