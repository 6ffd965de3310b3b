/* xml.h - the machine-readable results of an audit as XML, described by doc/results.xsd and
 * doc/results.md (report stage: writes, computes nothing). */
#pragma once
#include <glib.h>
#include <libxml/tree.h>
#include "measure/result.h"

/* Builds the <reidrisk> results document from r.  The caller owns the tree (xmlFreeDoc or
 * g_autoptr (xmlDoc)).  Numbers are C-locale: integers as integers, doubles in the shortest
 * form that reads back exactly (rr_format_double); nothing depends on the clock, so the same
 * r always gives the same bytes.  Strings from the data are stored as text (escaped on
 * output), with characters XML 1.0 cannot hold replaced by U+FFFD.  Never fails. */
xmlDoc *rr_report_xml_build (const RrAuditResult *r);

/* Builds the document and writes it, UTF-8 and indented, to path atomically (temporary file
 * and rename: a failure leaves path untouched).  Errors: RR_ERROR_IO. */
gboolean rr_report_xml_write (const RrAuditResult *r, const char *path, GError **error);
