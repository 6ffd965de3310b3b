/* html.h - the self-contained HTML report of an audit, for people who must decide on a release
 * (report stage: writes, computes nothing). */
#pragma once
#include <glib.h>
#include <libxml/HTMLtree.h>
#include "measure/result.h"

/* Builds the report as a libxml2 HTML tree (<!DOCTYPE html>, UTF-8); the caller owns it
 * (xmlFreeDoc or g_autoptr (xmlDoc)).  In order: a summary in plain words with the key figures;
 * the class-size distribution as an inline SVG bar chart with a text alternative and a table;
 * the quasi-identifiers and the recognised columns; the method and its formulas; the inputs and
 * the run.  Self-contained: inline CSS (with an A4 print stylesheet) and SVG, no script, nothing
 * loaded from elsewhere.  Every string from the data is a text node (escaped on output).  No
 * person's quasi-identifier values appear: only counts and shares.  Never fails. */
xmlDoc *rr_report_html_build (const RrAuditResult *r);

/* The report's inline stylesheet, for the other reports built in the same style; static. */
const char *rr_report_html_css (void);

/* Builds the report and writes it to path atomically (temporary file and rename: a failure
 * leaves path untouched).  Errors: RR_ERROR_IO. */
gboolean rr_report_html_write (const RrAuditResult *r, const char *path, GError **error);
