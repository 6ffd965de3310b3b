/* html-population.h - the population model's sections of the HTML report: the three attacker
 * models side by side in plain words, a chart of risk by person, the sample-only models, and
 * the assumptions and fallbacks with how far they may move the figures (report stage). */
#pragma once
#include <libxml/tree.h>
#include "measure/result.h"

/* Appends the sections to page (the report's <main>); nothing when r->population is NULL. */
void rr_report_html_population_add (xmlNode *page, const RrAuditResult *r);
