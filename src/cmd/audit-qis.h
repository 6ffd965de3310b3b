/* audit-qis.h - choosing the quasi-identifiers of an audit: from --qi, or recognised by header
 * name and content, with every recognition reported (cmd stage). */
#pragma once
#include <glib.h>
#include "measure/result.h"

/* Returns an owned array of RrQiSpec.  Recognitions (also for --qi items without a type) are
 * printed to stderr unless quiet and stored in result->detections.  Errors: those of
 * rr_qi_spec_parse_list and of reading the file; RR_ERROR_INVALID when nothing usable is
 * recognised or a --qi column does not exist. */
GPtrArray *rr_audit_choose_qis (const char *path, const char *qi_text, const GDate *as_of,
                                gboolean quiet, RrAuditResult *result, GError **error);
