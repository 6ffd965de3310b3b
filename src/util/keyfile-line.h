/* keyfile-line.h - where a group or key stands in a GKeyFile's text (util stage), so that an
 * error in a scenario, policy or population manifest can name its line: GKeyFile keeps none. */
#pragma once
#include <glib.h>

/* The 1-based line of "[group]" (key NULL) or of "key =" inside [group] in text; 0 if not
 * found.  Blanks may lead the line and stand before the '='. */
guint64 rr_key_file_line (const char *text, const char *group, const char *key);
