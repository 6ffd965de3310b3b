/* html-tree.h - small builders of HTML elements as libxml2 nodes, shared by every HTML page and
 * section of the reports (report stage).  Text goes in as text nodes and attribute values, made
 * fit for XML by rr_format_text and escaped on save. */
#pragma once
#include <glib.h>
#include <libxml/tree.h>

/* A child element, with text (escaped) unless text is NULL.  NULL gives an element with no
 * children, "" one with an empty text node; libxml2 prints the two alike (<td></td>) except for
 * a few elements such as <li>, which with no children print no end tag. */
xmlNode *rr_html_el (xmlNode *parent, const char *name, const char *text);
xmlNode *rr_html_el_class (xmlNode *parent, const char *name, const char *klass, const char *text);
void rr_html_attr (xmlNode *node, const char *name, const char *value);
void rr_html_text (xmlNode *parent, const char *text);
/* <section aria-labelledby=ID><h2 id=ID>HEADING</h2>; returns the section. */
xmlNode *rr_html_section (xmlNode *page, const char *id, const char *heading);
/* A table with a caption (NULL: none) and one header row of <th scope="col">; a heading starting
 * with '#' is a numeric column (right-aligned, the '#' not shown).  Returns the <tbody>. */
xmlNode *rr_html_table (xmlNode *parent, const char *caption, const char *const *heads, guint n);
/* A <tr> whose first cell is <th scope="row">head</th>; returns the row. */
xmlNode *rr_html_row (xmlNode *tbody, const char *head);
/* A right-aligned number cell <td class="num">; rr_html_count writes n grouped in thousands
 * (rr_format_count: "1,234"). */
void rr_html_num (xmlNode *tr, const char *text);
void rr_html_count (xmlNode *tr, guint64 n);
/* One tile of a summary's grid of figures (a <dl class="figures">): <div class="tile"> holding
 * <dt>term</dt>, <dd class="value">value</dd> and <dd class="note">note</dd>. */
void rr_html_tile (xmlNode *dl, const char *term, const char *value, const char *note);

/* A new page: <html lang="en"> whose <head> holds <meta charset="utf-8">, the viewport <meta>,
 * <title>title</title> and a <style> of the n_css style sheets in order, then <body><main>.
 * The caller owns the document (xmlFreeDoc or g_autoptr (xmlDoc)); *content is its <main>,
 * where the page's content goes. */
xmlDoc *rr_html_page_new (const char *title, const char *const *css, guint n_css,
                          xmlNode **content);

/* Writes doc to path as indented HTML in UTF-8, atomically (rr_output_write_bytes).  FALSE on
 * failure: RR_ERROR_IO. */
gboolean rr_html_write (xmlDoc *doc, const char *path, GError **error);
