/* audit-qis.c - the quasi-identifiers an audit uses: named by --qi or recognised from a sample
 * of the release; every guess is shown to the user (cmd stage). */
#include "config.h"
#include "cmd/audit-qis.h"
#include "load/dataset.h"
#include "qi/detect.h"
#include "util/error.h"
#include <string.h>

/* Rows sampled for recognition: enough for a 90% share to be stable, cheap to read. */
#define RR_RECOGNITION_SAMPLE 1000

static const RrQiDetection *
detection_for (const GPtrArray *dets, const char *column)
{
  for (guint i = 0; i < dets->len; i++)
    {
      const RrQiDetection *d = g_ptr_array_index (dets, i);
      if (strcmp (d->column, column) == 0)
        return d;
    }
  return NULL;
}

static void
say (gboolean quiet, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
say (gboolean quiet, const char *fmt, ...)
{
  if (quiet)
    return;
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_printerr ("reidrisk: %s\n", msg);
}

/* A --qi item without a type takes the recognised type of its column, else category. */
static void
type_untyped (GPtrArray *specs, const GPtrArray *dets, gboolean quiet)
{
  for (guint i = 0; i < specs->len; i++)
    {
      RrQiSpec *s = g_ptr_array_index (specs, i);
      if (s->type_given)
        continue;
      const RrQiDetection *d = detection_for (dets, s->name);
      s->type = d != NULL && !d->direct_identifier ? d->type : RR_QI_CATEGORY;
      s->level = rr_qi_type_default_level (s->type);
      say (quiet, "column '%s' has no type in --qi: audited as %s:%s (%s)", s->name,
           rr_qi_type_to_string (s->type), rr_qi_level_to_string (s->level),
           d != NULL ? d->reason : "not recognised, so taken as a category");
    }
}

static GPtrArray *
specs_from_detections (const GPtrArray *dets, const GDate *as_of, gboolean quiet, GError **error)
{
  g_autoptr (GPtrArray) specs = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_qi_spec_free);
  for (guint i = 0; i < dets->len; i++)
    {
      const RrQiDetection *d = g_ptr_array_index (dets, i);
      if (d->direct_identifier)
        {
          say (quiet, "warning: column '%s' holds direct identifiers (%s: %s)", d->column, d->kind,
               d->reason);
          continue;
        }
      if (strcmp (d->kind, "date") == 0)
        {
          say (quiet, "column '%s' holds dates (%s) but not of birth: not used as a "
                      "quasi-identifier (name it in --qi to use it)", d->column, d->reason);
          continue;
        }
      RrQiSpec *s = rr_qi_spec_new (d->column, d->type, rr_qi_type_default_level (d->type), as_of);
      s->source = d->source;
      g_ptr_array_add (specs, s);
      say (quiet, "recognised column '%s' as %s (%s): audited as %s:%s", d->column, d->kind,
           d->reason, rr_qi_type_to_string (s->type), rr_qi_level_to_string (s->level));
    }
  if (specs->len == 0)
    {
      rr_throw (error, RR_ERROR_INVALID,
                "no quasi-identifier columns were recognised; name them with --qi");
      return NULL;
    }
  return g_steal_pointer (&specs);
}

GPtrArray *
rr_audit_choose_qis (const char *path, const char *qi_text, const GDate *as_of, gboolean quiet,
                     RrAuditResult *result, GError **error)
{
  g_autoptr (GPtrArray) specs = NULL;
  if (qi_text != NULL && (specs = rr_qi_spec_parse_list (qi_text, as_of, error)) == NULL)
    return NULL;
  g_auto (GStrv) header = NULL;
  g_autoptr (GPtrArray) sample = rr_dataset_sample (path, 0, RR_RECOGNITION_SAMPLE, &header, error);
  if (sample == NULL)
    return NULL;
  g_autoptr (GPtrArray) dets = rr_qi_detect ((const char *const *) header,
                                             g_strv_length (header), sample);
  if (specs != NULL)
    type_untyped (specs, dets, quiet);
  else if ((specs = specs_from_detections (dets, as_of, quiet, error)) == NULL)
    return NULL;
  g_ptr_array_extend_and_steal (result->detections, g_steal_pointer (&dets));
  return g_steal_pointer (&specs);
}
