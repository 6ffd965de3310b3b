/* xml-attack.h - the simulated attacks of an audit as <attack> elements of the XML results,
 * described by doc/results.xsd and doc/results.md (report stage: writes, computes nothing). */
#pragma once
#include <glib.h>
#include <libxml/tree.h>

/* Appends one <attack> per RrAttackResult of attacks (in order) to root. */
void rr_report_xml_add_attacks (xmlNode *root, const GPtrArray *attacks);

/* Shared with the link writer: attributes in the results' number and text forms. */
void rr_xml_set_str (xmlNode *node, const char *name, const char *value);
void rr_xml_set_u64 (xmlNode *node, const char *name, guint64 value);
/* Writes nothing for NaN (a figure not defined, such as the precision of no claims). */
void rr_xml_set_double (xmlNode *node, const char *name, double value);
