/* html-tree.c - HTML element builders shared by the report's pages and sections (report stage). */
#include "config.h"
#include "report/html-tree.h"
#include "report/format.h"
#include "util/output.h"
#include <libxml/HTMLtree.h>

void
rr_html_attr (xmlNode *node, const char *name, const char *value)
{
  g_autofree char *clean = rr_format_text (value);
  xmlNewProp (node, BAD_CAST name, BAD_CAST clean);
}

xmlNode *
rr_html_el (xmlNode *parent, const char *name, const char *text)
{
  if (text == NULL)
    return xmlNewChild (parent, NULL, BAD_CAST name, NULL);
  g_autofree char *clean = rr_format_text (text);
  return xmlNewTextChild (parent, NULL, BAD_CAST name, BAD_CAST clean);
}

xmlNode *
rr_html_el_class (xmlNode *parent, const char *name, const char *klass, const char *text)
{
  xmlNode *node = rr_html_el (parent, name, text);
  rr_html_attr (node, "class", klass);
  return node;
}

void
rr_html_text (xmlNode *parent, const char *text)
{
  g_autofree char *clean = rr_format_text (text);
  xmlAddChild (parent, xmlNewDocText (parent->doc, BAD_CAST clean));
}

xmlNode *
rr_html_section (xmlNode *page, const char *id, const char *heading)
{
  xmlNode *section = rr_html_el (page, "section", NULL);
  rr_html_attr (section, "aria-labelledby", id);
  rr_html_attr (rr_html_el (section, "h2", heading), "id", id);
  return section;
}

xmlNode *
rr_html_table (xmlNode *parent, const char *caption, const char *const *heads, guint n)
{
  xmlNode *table = rr_html_el (parent, "table", NULL);
  if (caption != NULL)
    rr_html_el (table, "caption", caption);
  xmlNode *tr = rr_html_el (rr_html_el (table, "thead", NULL), "tr", NULL);
  for (guint i = 0; i < n; i++)
    {
      gboolean numeric = heads[i][0] == '#';
      xmlNode *th = rr_html_el (tr, "th", heads[i] + (numeric ? 1 : 0));
      rr_html_attr (th, "scope", "col");
      if (numeric)
        rr_html_attr (th, "class", "num");
    }
  return rr_html_el (table, "tbody", NULL);
}

xmlNode *
rr_html_row (xmlNode *tbody, const char *head)
{
  xmlNode *tr = rr_html_el (tbody, "tr", NULL);
  rr_html_attr (rr_html_el (tr, "th", head), "scope", "row");
  return tr;
}

void
rr_html_num (xmlNode *tr, const char *text)
{
  rr_html_el_class (tr, "td", "num", text);
}

void
rr_html_count (xmlNode *tr, guint64 n)
{
  g_autofree char *text = rr_format_count (n);
  rr_html_num (tr, text);
}

void
rr_html_tile (xmlNode *dl, const char *term, const char *value, const char *note)
{
  xmlNode *div = rr_html_el_class (dl, "div", "tile", NULL);
  rr_html_el (div, "dt", term);
  rr_html_el_class (div, "dd", "value", value);
  rr_html_el_class (div, "dd", "note", note);
}

static void
add_head (xmlNode *html, const char *title, const char *const *css, guint n_css)
{
  xmlNode *head = rr_html_el (html, "head", NULL);
  rr_html_attr (rr_html_el (head, "meta", NULL), "charset", "utf-8");
  xmlNode *viewport = rr_html_el (head, "meta", NULL);
  rr_html_attr (viewport, "name", "viewport");
  rr_html_attr (viewport, "content", "width=device-width, initial-scale=1");
  rr_html_el (head, "title", title);
  xmlNode *style = rr_html_el (head, "style", NULL);
  for (guint i = 0; i < n_css; i++)
    xmlAddChild (style, xmlNewDocText (head->doc, BAD_CAST css[i]));
}

xmlDoc *
rr_html_page_new (const char *title, const char *const *css, guint n_css, xmlNode **content)
{
  xmlDoc *doc = htmlNewDocNoDtD (NULL, NULL);
  xmlCreateIntSubset (doc, BAD_CAST "html", NULL, NULL);
  xmlNode *html = xmlNewDocNode (doc, NULL, BAD_CAST "html", NULL);
  xmlDocSetRootElement (doc, html);
  rr_html_attr (html, "lang", "en");
  add_head (html, title, css, n_css);
  *content = rr_html_el (rr_html_el (html, "body", NULL), "main", NULL);
  return doc;
}

/* htmlDocDumpMemoryFormat would pick its encoder from a <meta http-equiv> only (not from
 * <meta charset>) and fall back to ASCII with entities; an output buffer without an encoder
 * keeps the UTF-8 that the <meta charset> declares. */
gboolean
rr_html_write (xmlDoc *doc, const char *path, GError **error)
{
  xmlOutputBuffer *out = xmlAllocOutputBuffer (NULL);
  htmlDocContentDumpFormatOutput (out, doc, NULL, 1);
  xmlOutputBufferFlush (out);
  gboolean ok = rr_output_write_bytes (path, (const char *)xmlOutputBufferGetContent (out),
                                       xmlOutputBufferGetSize (out), error);
  xmlOutputBufferClose (out);
  return ok;
}
