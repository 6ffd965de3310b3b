/* names.c - loads the forename and surname lists into hash sets (scan stage). */
#include "config.h"
#include "scan/names.h"
#include "util/data-dir.h"
#include "util/error.h"
#include <string.h>

/* Longest name kept; longer words cannot be names in the lists. */
#define RR_NAME_MAX 48

struct _RrNames
{
  GHashTable *forenames, *surnames; /* lower-case ASCII strings */
};

static GHashTable *
name_set_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static RrNames *
names_new (void)
{
  RrNames *self = g_new0 (RrNames, 1);
  self->forenames = name_set_new ();
  self->surnames = name_set_new ();
  return self;
}

void
rr_names_free (RrNames *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->forenames);
  g_hash_table_unref (self->surnames);
  g_free (self);
}

static void
set_add (GHashTable *set, const char *name)
{
  g_autofree char *s = g_ascii_strdown (name, -1);
  g_strstrip (s);
  if (s[0] != '\0' && s[0] != '#' && strlen (s) <= RR_NAME_MAX)
    g_hash_table_add (set, g_steal_pointer (&s));
}

static gboolean
load_list (GHashTable *set, const char *dir, const char *file, GError **error)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    set_add (set, *l);
  if (g_hash_table_size (set) == 0)
    return rr_throw_at (error, RR_ERROR_PARSE, path, 0, 0, "no names in the list");
  return TRUE;
}

RrNames *
rr_names_load (const char *dir, GError **error)
{
  g_autoptr (RrNames) self = names_new ();
  if (!load_list (self->forenames, dir, "forenames.txt", error)
      || !load_list (self->surnames, dir, "surnames.txt", error))
    return NULL;
  return g_steal_pointer (&self);
}

char *
rr_names_default_dir (void)
{
  return rr_data_dir_find ("names", NULL);
}

RrNames *
rr_names_new_from_lists (const char *const *forenames, const char *const *surnames)
{
  RrNames *self = names_new ();
  for (; forenames != NULL && *forenames != NULL; forenames++)
    set_add (self->forenames, *forenames);
  for (; surnames != NULL && *surnames != NULL; surnames++)
    set_add (self->surnames, *surnames);
  return self;
}

static gboolean
set_contains (GHashTable *set, const char *word, gsize len)
{
  if (len == 0 || len > RR_NAME_MAX)
    return FALSE;
  char buf[RR_NAME_MAX + 1];
  for (gsize i = 0; i < len; i++)
    buf[i] = g_ascii_tolower (word[i]);
  buf[len] = '\0';
  return g_hash_table_contains (set, buf);
}

gboolean
rr_names_is_forename (const RrNames *self, const char *word, gsize len)
{
  return set_contains (self->forenames, word, len);
}

gboolean
rr_names_is_surname (const RrNames *self, const char *word, gsize len)
{
  return set_contains (self->surnames, word, len);
}

guint
rr_names_n_forenames (const RrNames *self)
{
  return g_hash_table_size (self->forenames);
}

guint
rr_names_n_surnames (const RrNames *self)
{
  return g_hash_table_size (self->surnames);
}
