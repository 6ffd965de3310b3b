/* html-attack.h - the simulated attacks of an audit as sections of the HTML report, in plain
 * words, each with an inline SVG chart of its success across the replicates (report stage:
 * writes, computes nothing but the chart's bins). */
#pragma once
#include <glib.h>
#include <libxml/tree.h>

/* Appends one <section> per RrAttackResult of attacks to page (the report's <main>). */
void rr_report_html_add_attacks (xmlNode *page, const GPtrArray *attacks);
