/* xml-decision.h - the decision results in the XML (report stage): /reidrisk/qi/given,
 * /reidrisk/drivers, /reidrisk/diversity, /reidrisk/verdict (with rule), /reidrisk/search and
 * /reidrisk/recommendation; doc/results.md says what each means. */
#pragma once
#include <libxml/tree.h>
#include "measure/result.h"

/* Appends r->decision's elements to root (nothing when it is NULL). */
void rr_report_xml_decision_add (xmlNode *root, const RrAuditResult *r);
