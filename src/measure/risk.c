/* risk.c - prosecutor risk from equivalence class sizes (measure stage); formulas in risk.h
 * and doc/methods.md. */
#include "config.h"
#include "measure/risk.h"

void
rr_risk_prosecutor (const RrClassTable *classes, double threshold, RrRiskFigures *out)
{
  guint64 n = rr_class_table_n_persons (classes);
  guint64 n_classes = rr_class_table_count (classes);
  guint64 at_risk = 0;
  for (guint64 k = 0; k < n_classes; k++)
    {
      guint64 f = rr_class_table_size (classes, k);
      if (1.0 / (double) f > threshold)
        at_risk += f;
    }
  guint64 k_min = rr_class_table_min_size (classes);
  out->max = k_min > 0 ? 1.0 / (double) k_min : 0.0;
  out->mean = n > 0 ? (double) n_classes / (double) n : 0.0;
  out->records_at_risk = n > 0 ? (double) at_risk / (double) n : 0.0;
}
