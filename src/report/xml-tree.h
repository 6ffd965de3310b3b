/* xml-tree.h - small builders of the XML results' elements and attributes as libxml2 nodes,
 * shared by every XML writer (report stage).  Numbers take the results' forms (integers as
 * digits, doubles by rr_format_double); strings are made fit for XML by rr_format_text. */
#pragma once
#include <glib.h>
#include <libxml/tree.h>

/* A new document whose root is <reidrisk version=VERSION>; the caller owns it (xmlFreeDoc or
 * g_autoptr (xmlDoc)).  NULL version gives version="". */
xmlDoc *rr_xml_doc_new (const char *version);
/* Writes doc to path as indented UTF-8, atomically (rr_output_write_bytes).  FALSE on
 * failure: RR_ERROR_IO. */
gboolean rr_xml_write (xmlDoc *doc, const char *path, GError **error);

/* A child element: empty (<name/>), or holding text (NULL as "": <name></name>). */
xmlNode *rr_xml_add (xmlNode *parent, const char *name);
xmlNode *rr_xml_add_text (xmlNode *parent, const char *name, const char *text);

/* Attributes.  rr_xml_set_str writes nothing for a NULL value.  rr_xml_set_double writes NaN
 * and the infinities as xs:double spells them ("NaN", "INF", "-INF"); rr_xml_set_double_defined
 * writes nothing for NaN (a figure not defined, such as the precision of no claims).
 * rr_xml_set_bool writes "true" or "false". */
void rr_xml_set_str (xmlNode *node, const char *name, const char *value);
void rr_xml_set_u64 (xmlNode *node, const char *name, guint64 value);
void rr_xml_set_double (xmlNode *node, const char *name, double value);
void rr_xml_set_double_defined (xmlNode *node, const char *name, double value);
void rr_xml_set_bool (xmlNode *node, const char *name, gboolean value);
