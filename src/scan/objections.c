/* objections.c - reads an objection list and classifies each entry as an NHS number or a
 * pseudonym (scan stage); matching against the release is in scan.c. */
#include "config.h"
#include "scan/objections.h"
#include "scan/nhs.h"
#include "util/error.h"
#include <string.h>

struct _RrObjectionList
{
  GPtrArray *entries; /* char*: ten digits or a pseudonym */
  GArray *is_nhs;     /* gboolean by entry */
  GHashTable *seen;   /* borrowed keys of entries */
  gboolean heading_seen;
};

void
rr_objection_list_free (RrObjectionList *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->seen);
  g_ptr_array_unref (self->entries);
  g_array_unref (self->is_nhs);
  g_free (self);
}

static void
add_entry (RrObjectionList *self, const char *text, gsize len, gboolean is_nhs)
{
  char *s = g_strndup (text, len);
  if (g_hash_table_contains (self->seen, s))
    {
      g_free (s);
      return;
    }
  g_ptr_array_add (self->entries, s);
  g_hash_table_add (self->seen, s);
  g_array_append_val (self->is_nhs, is_nhs);
}

/* The first CSV field of a line, trimmed, without surrounding quotes. */
static char *
first_field (const char *line)
{
  g_autofree char *s = g_strdup (line);
  char *comma = strchr (s, ',');
  if (comma != NULL)
    *comma = '\0';
  g_strstrip (s);
  gsize n = strlen (s);
  if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
    return g_strndup (s + 1, n - 2);
  return g_steal_pointer (&s);
}

/* A column heading ("nhs_number", "pseudonym"): the first entry, with no digit.  Pseudonyms
 * are digests, which hold digits (doc/scan.md), so no real entry is mistaken for one. */
static gboolean
is_heading (const RrObjectionList *self, const char *field)
{
  if (self->entries->len > 0 || self->heading_seen)
    return FALSE;
  for (const char *p = field; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
add_line (RrObjectionList *self, const char *path, guint64 line_no, const char *line,
          GError **error)
{
  g_autofree char *field = first_field (line);
  gsize len = strlen (field);
  if (len == 0 || field[0] == '#')
    return TRUE;
  if (is_heading (self, field))
    {
      self->heading_seen = TRUE;
      return TRUE;
    }
  char digits[10];
  if (rr_nhs_parse (field, len, digits))
    {
      if (!rr_nhs_is_valid (digits))
        return rr_throw_at (error, RR_ERROR_PARSE, path, line_no, 1,
                            "not a valid NHS number (wrong check digit)");
      add_entry (self, digits, 10, TRUE);
      return TRUE;
    }
  add_entry (self, field, len, FALSE);
  return TRUE;
}

RrObjectionList *
rr_objection_list_load (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  g_autoptr (RrObjectionList) self = g_new0 (RrObjectionList, 1);
  self->entries = g_ptr_array_new_with_free_func (g_free);
  self->is_nhs = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (!add_line (self, path, i + 1, lines[i], error))
      return NULL;
  if (self->entries->len == 0)
    {
      rr_throw_at (error, RR_ERROR_PARSE, path, 0, 0, "the objection list has no entries");
      return NULL;
    }
  return g_steal_pointer (&self);
}

guint
rr_objection_list_n_entries (const RrObjectionList *self)
{
  return self->entries->len;
}

const char *
rr_objection_list_entry (const RrObjectionList *self, guint i, gboolean *is_nhs)
{
  g_return_val_if_fail (i < self->entries->len, NULL);
  if (is_nhs != NULL)
    *is_nhs = g_array_index (self->is_nhs, gboolean, i);
  return g_ptr_array_index (self->entries, i);
}

guint
rr_objection_list_n_nhs (const RrObjectionList *self)
{
  guint n = 0;
  for (guint i = 0; i < self->is_nhs->len; i++)
    n += g_array_index (self->is_nhs, gboolean, i);
  return n;
}
