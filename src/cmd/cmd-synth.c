/* cmd-synth.c - `reidrisk synth`: options, then load the public tables and write a synthetic
 * release (for examples, tests and benchmarks; not a population estimate). */
#include "config.h"
#include "cmd/cmd.h"
#include "synth/synth.h"
#include "synth/tables.h"
#include "util/error.h"
#include <math.h>
#include <string.h>

typedef struct
{
  RrSynthOptions synth;
  char *output, *as_of, *columns, *data_dir;
  gboolean quiet, persons_given, rows_given;
} SynthCmdOptions;

static void
synth_cmd_options_clear (SynthCmdOptions *o)
{
  g_free (o->output), g_free (o->as_of), g_free (o->columns), g_free (o->data_dir);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SynthCmdOptions, synth_cmd_options_clear)

static gboolean
parse_count (const char *name, const char *value, guint64 min, guint64 *out, GError **error)
{
  g_autoptr (GError) local = NULL;
  if (g_ascii_string_to_unsigned (value, 10, min, G_MAXUINT64, out, &local))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", name, local->message);
  return FALSE;
}

static gboolean
parse_real (const char *name, const char *value, double min, double max, double *out,
            GError **error)
{
  char *end = NULL;
  double x = g_ascii_strtod (value, &end);
  if (end != value && *end == '\0' && x >= min && x <= max)
    return *out = x, TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "%s must be a number between %g and %g, not '%s'", name, min, max, value);
  return FALSE;
}

static gboolean
on_seed (const char *name, const char *value, gpointer data, GError **error)
{
  SynthCmdOptions *o = data;
  return parse_count (name, value, 0, &o->synth.seed, error);
}

static gboolean
on_persons (const char *name, const char *value, gpointer data, GError **error)
{
  SynthCmdOptions *o = data;
  o->persons_given = TRUE;
  return parse_count (name, value, 1, &o->synth.persons, error);
}

static gboolean
on_rows (const char *name, const char *value, gpointer data, GError **error)
{
  SynthCmdOptions *o = data;
  o->rows_given = TRUE;
  return parse_count (name, value, 1, &o->synth.rows, error);
}

static gboolean
on_mean_rows (const char *name, const char *value, gpointer data, GError **error)
{
  SynthCmdOptions *o = data;
  /* Above 1e6 rows per person the release is no longer a set of episodes. */
  return parse_real (name, value, 1.0, 1e6, &o->synth.mean_rows, error);
}

static gboolean
on_inconsistent (const char *name, const char *value, gpointer data, GError **error)
{
  SynthCmdOptions *o = data;
  return parse_real (name, value, 0.0, 1.0, &o->synth.inconsistent, error);
}

static const char synth_description[] =
  "Columns: pseudonym, postcode, date_of_birth, sex, ethnicity, diagnosis, episode_date.\n"
  "Persons are drawn from public tables (data/england/): postcode district by population, age\n"
  "and sex (mid-2020), day of birth, ethnicity by region (Census 2021); each has 1 + a geometric\n"
  "number of episode rows.  The same seed and options give a byte-identical file.  The model is\n"
  "described in doc/synth.md; the output is synthetic, not a population estimate.\n\n"
  "Examples:\n"
  "  reidrisk synth --persons 20000 --seed 1 --output example.csv\n"
  "  reidrisk synth --rows 10000000 --output big.csv.gz --inconsistent 0.05\n";

static GOptionContext *
synth_context (SynthCmdOptions *o)
{
  GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_CALLBACK, on_seed, "Random seed (default 1)", "N" },
    { "persons", 0, 0, G_OPTION_ARG_CALLBACK, on_persons, "Number of persons (default 1000)", "N" },
    { "rows", 0, 0, G_OPTION_ARG_CALLBACK, on_rows, "Stop after exactly N rows instead", "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output, "Write to FILE, gzipped if it ends in .gz (default stdout)", "FILE" },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &o->as_of, "Date at which ages hold (default 2021-01-01)", "YYYY-MM-DD" },
    { "mean-rows", 0, 0, G_OPTION_ARG_CALLBACK, on_mean_rows, "Mean rows per person, >= 1 (default 2.5)", "M" },
    { "inconsistent", 0, 0, G_OPTION_ARG_CALLBACK, on_inconsistent, "Share of persons whose later rows carry another postcode (default 0.01)", "P" },
    { "columns", 0, 0, G_OPTION_ARG_STRING, &o->columns, "Columns to write, in order (default all)", "NAME,..." },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->data_dir, "Directory of the public tables (default the installed data/england)", "DIR" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, "Do not print the seed and counts on stderr", NULL },
    G_OPTION_ENTRY_NULL,
  };
  GOptionContext *ctx = g_option_context_new ("- generate a synthetic release");
  GOptionGroup *group = g_option_group_new ("synth", "Synth options", "Synth options", o, NULL);
  g_option_group_add_entries (group, entries);
  g_option_context_set_main_group (ctx, group);
  g_option_context_set_summary (ctx, "Writes a synthetic release (CSV, one or more episode rows "
                                     "per person) for examples, tests and benchmarks.");
  g_option_context_set_description (ctx, synth_description);
  return ctx;
}

/* Parses YYYY-MM-DD strictly (no locale, no other forms). */
static gboolean
parse_date (const char *text, GDate *date, GError **error)
{
  g_auto (GStrv) part = g_strsplit (text, "-", -1);
  guint64 y = 0, m = 0, d = 0;
  gboolean ok = g_strv_length (part) == 3 && strlen (part[0]) == 4 && strlen (part[1]) == 2
                && strlen (part[2]) == 2
                && g_ascii_string_to_unsigned (part[0], 10, 1, 9999, &y, NULL)
                && g_ascii_string_to_unsigned (part[1], 10, 1, 12, &m, NULL)
                && g_ascii_string_to_unsigned (part[2], 10, 1, 31, &d, NULL)
                && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
  if (!ok)
    return rr_throw (error, RR_ERROR_INVALID, "--as-of must be a valid YYYY-MM-DD date, not '%s'",
                     text);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static gboolean
synth_options_finish (SynthCmdOptions *o, int argc, GError **error)
{
  if (argc != 1)
    return rr_throw (error, RR_ERROR_INVALID, "synth takes no arguments (see reidrisk help synth)");
  if (o->persons_given && o->rows_given)
    return rr_throw (error, RR_ERROR_INVALID, "give --persons or --rows, not both");
  if (o->as_of != NULL && !parse_date (o->as_of, &o->synth.as_of, error))
    return FALSE;
  if (o->columns != NULL && !rr_synth_columns_parse (&o->synth, o->columns, error))
    return FALSE;
  if (o->output != NULL && strcmp (o->output, "-") == 0)
    g_clear_pointer (&o->output, g_free);
  return TRUE;
}

gboolean
rr_cmd_synth (int argc, char **argv, int *exit_status, GError **error)
{
  g_auto (SynthCmdOptions) o = { 0 };
  rr_synth_options_init (&o.synth);
  g_autoptr (GOptionContext) ctx = synth_context (&o);
  if (!g_option_context_parse (ctx, &argc, &argv, error) || !synth_options_finish (&o, argc, error))
    return FALSE;
  g_autofree char *dir = o.data_dir != NULL ? g_strdup (o.data_dir) : rr_synth_tables_default_dir ();
  g_autoptr (RrSynthTables) tables = rr_synth_tables_load (dir, error);
  if (tables == NULL)
    return FALSE;
  if (!o.quiet)
    g_printerr ("reidrisk synth: seed %" G_GUINT64_FORMAT "\n", o.synth.seed);
  RrSynthStats stats;
  if (!rr_synth_write (tables, &o.synth, o.output, &stats, error))
    return FALSE;
  if (!o.quiet)
    g_printerr ("reidrisk synth: %" G_GUINT64_FORMAT " rows, %" G_GUINT64_FORMAT " persons, %"
                G_GUINT64_FORMAT " with a second postcode\n", stats.rows, stats.persons, stats.movers);
  *exit_status = 0;
  return TRUE;
}
