/* xml-population.h - the population model's elements of the XML results: journalist and
 * marketer <risk>, <population> and one <uniqueness-model> per sample-only model (report
 * stage: writes, computes nothing).  Described by doc/results.xsd and doc/results.md. */
#pragma once
#include <libxml/tree.h>
#include "measure/result.h"

/* Appends the elements to root, after the prosecutor <risk>; nothing when r->population is
 * NULL. */
void rr_report_xml_population_add (xmlNode *root, const RrAuditResult *r);
