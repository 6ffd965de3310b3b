/* risk.h - re-identification risk under the attacker models (measure stage).
 * Prosecutor model (El Emam & Dankar 2008; El Emam 2013, "Guide to the De-Identification of
 * Personal Health Information", ch. on risk metrics): the attacker knows the target is in the
 * release and picks at random among the f_k records of the target's class, so the target's risk
 * is 1/f_k.  Over the n persons: max = 1 / min_k f_k; mean = (1/n) sum_persons 1/f_k = C/n with C
 * classes (each class contributes f_k * 1/f_k = 1); records at risk = share of persons with
 * 1/f_k > threshold (strictly greater). */
#pragma once
#include "measure/classes.h"
#include "measure/result.h"

/* Fills *out from the class table.  threshold in (0, 1]. */
void rr_risk_prosecutor (const RrClassTable *classes, double threshold, RrRiskFigures *out);
