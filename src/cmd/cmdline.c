/* cmdline.c - the exact command line, shell-quoted, for the report's "how this was made". */
#include "config.h"
#include "cmd/cmd.h"
#include "util/error.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* The recorded command line leaves out --threads N: the results do not depend on it, and the
 * same inputs and seed must give the same bytes whatever the threads. */
static GPtrArray *
without_threads (int argc, char **argv)
{
  GPtrArray *kept = g_ptr_array_new ();
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--threads") == 0 && i + 1 < argc)
        i++;
      else if (!g_str_has_prefix (argv[i], "--threads="))
        g_ptr_array_add (kept, argv[i]);
    }
  return kept;
}

void
rr_cmd_set_full_argv (int argc, char **argv)
{
  g_free (full_command_line);
  g_autofree char *base = g_path_get_basename (argv[0]);
  g_autoptr (GPtrArray) kept = without_threads (argc, argv);
  g_autofree char *rest = rr_cmd_line_quote ((int) kept->len, (char **) kept->pdata);
  full_command_line = kept->len > 0 ? g_strconcat (base, " ", rest, NULL) : g_strdup (base);
}

const char *
rr_cmd_full_command_line (void)
{
  return full_command_line != NULL ? full_command_line : "reidrisk";
}

gboolean
rr_cmd_parse_as_of (const char *text, GDate *date, GError **error)
{
  g_date_clear (date, 1);
  if (text == NULL)
    {
      g_date_set_time_t (date, time (NULL));
      return TRUE;
    }
  gboolean shape = strlen (text) == 10 && text[4] == '-' && text[7] == '-';
  for (int i = 0; shape && i < 10; i++)
    shape = i == 4 || i == 7 || g_ascii_isdigit (text[i]);
  int y = shape ? atoi (text) : 0, m = shape ? atoi (text + 5) : 0, d = shape ? atoi (text + 8) : 0;
  if (!shape || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return rr_throw (error, RR_ERROR_INVALID, "--as-of must be a valid YYYY-MM-DD date, not '%s'",
                     text);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}
