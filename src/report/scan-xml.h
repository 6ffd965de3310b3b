/* scan-xml.h - the scan results as XML (report stage): <reidrisk version=...><scan>...</scan>.
 * Layout: /reidrisk/scan/column (@name, @verdict, one child per identifier kind found with
 * @count), /reidrisk/scan/pseudonym (@column, @reversible, @transform, @reversed,
 * @candidates-tried), /reidrisk/scan/objections (@listed, @found), /reidrisk/scan/linkage. */
#pragma once
#include <glib.h>
#include <libxml/tree.h>
#include "scan/scan.h"

/* Appends a <scan> element describing r to parent (audit embeds it this way); returns it. */
xmlNode *rr_report_scan_xml_add (xmlNode *parent, const RrScanResult *r);
/* Writes a whole document to path atomically.  Errors: RR_ERROR_IO. */
gboolean rr_report_scan_xml_write (const RrScanResult *r, const char *path, GError **error);
