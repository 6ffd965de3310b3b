/* html-decision.h - the decision in the HTML report (report stage): the first screen (the verdict
 * and three or four plain sentences a lay board member can act on), the table of contents, and
 * the sections on the verdict's rules, what drives the risk (a bar chart of each quasi-
 * identifier's contribution and the most identifying combinations), what would make the release
 * safe, and attribute disclosure; with their formulas for the method section. */
#pragma once
#include <libxml/tree.h>
#include "measure/result.h"

/* Inline CSS for these parts, screen and print (A4). */
extern const char rr_report_html_decision_css[];

/* The first screen, appended to page (right after the masthead); returns it. */
xmlNode *rr_report_html_first_screen_add (xmlNode *page, const RrAuditResult *r);
/* The verdict's sections, the policy's rules and what would make the release safe, appended to
 * page (nothing for what was not computed). */
void rr_report_html_decision_sections_add (xmlNode *page, const RrAuditResult *r);
/* What drives the risk and attribute disclosure, appended to page (likewise). */
void rr_report_html_analysis_sections_add (xmlNode *page, const RrAuditResult *r);
/* The formulas of the decision figures, appended to the method section. */
void rr_report_html_decision_method_add (xmlNode *section, const RrAuditResult *r);
/* A <nav> table of contents of page's <section>s with an <h2 id>, inserted after node. */
void rr_report_html_toc_insert (xmlNode *page, xmlNode *after);
