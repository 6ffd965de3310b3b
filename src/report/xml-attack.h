/* xml-attack.h - the simulated attacks of an audit as <attack> elements of the XML results,
 * described by doc/results.xsd and doc/results.md (report stage: writes, computes nothing). */
#pragma once
#include <glib.h>
#include <libxml/tree.h>

/* Appends one <attack> per RrAttackResult of attacks (in order) to root.  A figure that is not
 * defined (NaN, such as the precision of no claims) is left out. */
void rr_report_xml_add_attacks (xmlNode *root, const GPtrArray *attacks);
