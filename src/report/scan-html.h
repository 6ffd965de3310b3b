/* scan-html.h - the scan results as a self-contained HTML page (report stage): no scripts,
 * nothing external, every data value escaped by libxml2's tree API, masked examples only. */
#pragma once
#include <glib.h>
#include <libxml/tree.h>
#include "scan/scan.h"

/* Appends a <section id="scan"> describing r to parent (a <body> or <main>); returns it. */
xmlNode *rr_report_scan_html_add (xmlNode *parent, const RrScanResult *r);
/* Writes a whole page to path atomically.  Errors: RR_ERROR_IO. */
gboolean rr_report_scan_html_write (const RrScanResult *r, const char *path, GError **error);
