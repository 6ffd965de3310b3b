/* xml-link.h - the results of `reidrisk link` as XML: <reidrisk> with <run> and <link>,
 * described by doc/results.xsd and doc/results.md (report stage: writes, computes nothing). */
#pragma once
#include <glib.h>
#include <libxml/tree.h>
#include "attack/link.h"

/* Builds the document; the caller owns it.  Never fails. */
xmlDoc *rr_report_xml_link_build (const RrLinkResult *r);
/* Builds and writes it to path atomically.  Errors: RR_ERROR_IO. */
gboolean rr_report_xml_link_write (const RrLinkResult *r, const char *path, GError **error);
