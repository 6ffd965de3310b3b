/* result.c - allocation and release of the audit result record (measure stage). */
#include "config.h"
#include "measure/result.h"
#include "measure/population-result.h"
#include "measure/attack-result.h"
#include "qi/detect.h"
#include "scan/scan.h"
#include "measure/decision.h"

void
rr_qi_summary_free (RrQiSummary *qi)
{
  if (qi == NULL)
    return;
  g_free (qi->name);
  g_free (qi->map_path);
  g_free (qi);
}

RrAuditResult *
rr_audit_result_new (void)
{
  RrAuditResult *r = g_new0 (RrAuditResult, 1);
  r->inconsistent_lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  r->detections = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_qi_detection_free);
  r->qis = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_qi_summary_free);
  r->sensitive = g_ptr_array_new_with_free_func (g_free);
  r->size_distribution = g_array_new (FALSE, FALSE, sizeof (RrClassSizeCount));
  r->delimiter = ',';
  r->attacks = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_attack_result_free);
  return r;
}

void
rr_audit_result_free (RrAuditResult *r)
{
  if (r == NULL)
    return;
  g_free (r->version);
  g_free (r->command_line);
  g_free (r->as_of);
  g_free (r->file);
  g_free (r->file_basename);
  g_free (r->sha256);
  g_free (r->person_column);
  g_free (r->invalid_policy);
  g_array_unref (r->inconsistent_lines);
  g_ptr_array_unref (r->detections);
  g_ptr_array_unref (r->qis);
  g_ptr_array_unref (r->sensitive);
  g_array_unref (r->size_distribution);
  rr_population_result_free (r->population);
  rr_scan_result_free (r->scan);
  g_ptr_array_unref (r->attacks);
  rr_decision_free (r->decision);
  g_free (r);
}
