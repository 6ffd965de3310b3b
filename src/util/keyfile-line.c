/* keyfile-line.c - lines of groups and keys in a key file's text (util stage). */
#include "config.h"
#include "util/keyfile-line.h"
#include <string.h>

guint64
rr_key_file_line (const char *text, const char *group, const char *key)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *header = g_strdup_printf ("[%s]", group);
  gboolean in_group = FALSE;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *s = lines[i] + strspn (lines[i], " \t");
      if (s[0] == '[')
        {
          in_group = g_str_has_prefix (s, header);
          if (in_group && key == NULL)
            return i + 1;
        }
      else if (in_group && key != NULL && g_str_has_prefix (s, key)
               && s[strlen (key) + strspn (s + strlen (key), " \t")] == '=')
        return i + 1;
    }
  return 0;
}
