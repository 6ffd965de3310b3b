/* html-link.h - the results of `reidrisk link` as one self-contained HTML page, in the audit
 * report's style (report stage: writes, computes nothing). */
#pragma once
#include <glib.h>
#include <libxml/tree.h>
#include "attack/link.h"

/* Builds the page: the outcome in plain words and figures, a chart of the score distribution,
 * the fields with their m and u, the blocking passes, the linked pairs (only with --show-links:
 * they hold the release's values), the inputs and run.  Never fails. */
xmlDoc *rr_report_html_link_build (const RrLinkResult *r);
/* Builds and writes it to path atomically.  Errors: RR_ERROR_IO. */
gboolean rr_report_html_link_write (const RrLinkResult *r, const char *path, GError **error);
