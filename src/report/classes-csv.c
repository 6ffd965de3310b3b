/* classes-csv.c - writes equivalence classes as CSV (report stage).  Small classes (size below
 * the caller's minimum) are left out by default because their rows would single people out. */
#include "config.h"
#include "report/classes-csv.h"
#include "util/error.h"
#include "util/output.h"
#include <string.h>

/* RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes inside. */
static void
csv_put_field (FILE *f, const char *s)
{
  if (strpbrk (s, ",\"\r\n") == NULL)
    {
      fputs (s, f);
      return;
    }
  fputc ('"', f);
  for (; *s; s++)
    {
      if (*s == '"')
        fputc ('"', f);
      fputc (*s, f);
    }
  fputc ('"', f);
}

static void
write_header (FILE *f, const RrDataset *ds, const GPtrArray *names)
{
  for (guint q = 0; q < rr_dataset_n_qi (ds); q++)
    {
      csv_put_field (f, g_ptr_array_index (names, q));
      fputc (',', f);
    }
  fputs ("size\n", f);
}

gboolean
rr_report_classes_csv_write (const RrDataset *ds, const RrClassTable *classes, guint64 min_size,
                             const char *path, GError **error)
{
  g_autoptr (RrOutput) out = rr_output_open (path, error);
  if (out == NULL)
    return FALSE;
  FILE *f = rr_output_stream (out);
  g_autoptr (GPtrArray) names = rr_dataset_qi_names (ds);
  write_header (f, ds, names);
  guint n_qi = rr_dataset_n_qi (ds);
  for (guint64 k = 0; k < rr_class_table_count (classes); k++)
    {
      guint64 size = rr_class_table_size (classes, k);
      if (size < min_size)
        continue;
      for (guint q = 0; q < n_qi; q++)
        {
          csv_put_field (f, rr_dataset_qi_label (ds, q, rr_class_table_code (classes, k, q)));
          fputc (',', f);
        }
      fprintf (f, "%" G_GUINT64_FORMAT "\n", size);
    }
  return rr_output_commit (out, error);
}
