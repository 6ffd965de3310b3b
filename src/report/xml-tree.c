/* xml-tree.c - element and attribute builders shared by the XML results' writers (report
 * stage). */
#include "config.h"
#include "report/xml-tree.h"
#include "report/format.h"
#include "util/error.h"
#include "util/output.h"
#include <math.h>

xmlDoc *
rr_xml_doc_new (const char *version)
{
  xmlDoc *doc = xmlNewDoc (BAD_CAST "1.0");
  xmlNode *root = xmlNewDocNode (doc, NULL, BAD_CAST "reidrisk", NULL);
  xmlDocSetRootElement (doc, root);
  rr_xml_set_str (root, "version", version != NULL ? version : "");
  return doc;
}

gboolean
rr_xml_write (xmlDoc *doc, const char *path, GError **error)
{
  xmlChar *mem = NULL;
  int size = 0;
  xmlDocDumpFormatMemoryEnc (doc, &mem, &size, "UTF-8", 1);
  if (mem == NULL)
    return rr_throw (error, RR_ERROR_IO, "%s: could not serialise the XML results", path);
  gboolean ok = rr_output_write_bytes (path, (const char *) mem, (gsize) size, error);
  xmlFree (mem);
  return ok;
}

xmlNode *
rr_xml_add (xmlNode *parent, const char *name)
{
  return xmlNewChild (parent, NULL, BAD_CAST name, NULL);
}

xmlNode *
rr_xml_add_text (xmlNode *parent, const char *name, const char *text)
{
  g_autofree char *clean = rr_format_text (text);
  return xmlNewTextChild (parent, NULL, BAD_CAST name, BAD_CAST clean);
}

void
rr_xml_set_str (xmlNode *node, const char *name, const char *value)
{
  if (value == NULL)
    return;
  g_autofree char *text = rr_format_text (value);
  xmlNewProp (node, BAD_CAST name, BAD_CAST text);
}

void
rr_xml_set_u64 (xmlNode *node, const char *name, guint64 value)
{
  char text[24];
  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, value);
  xmlNewProp (node, BAD_CAST name, BAD_CAST text);
}

void
rr_xml_set_double (xmlNode *node, const char *name, double value)
{
  g_autofree char *text = rr_format_double (value);
  xmlNewProp (node, BAD_CAST name, BAD_CAST text);
}

void
rr_xml_set_double_defined (xmlNode *node, const char *name, double value)
{
  if (!isnan (value))
    rr_xml_set_double (node, name, value);
}

void
rr_xml_set_bool (xmlNode *node, const char *name, gboolean value)
{
  xmlNewProp (node, BAD_CAST name, BAD_CAST (value ? "true" : "false"));
}
