/* decision-words.h - the verdict and the recommendation in plain words, for the HTML report's
 * first screen and the audit's summary on stdout (report stage: words, no computation). */
#pragma once
#include <glib.h>
#include "measure/decision.h"
#include "measure/result.h"

/* "generalise postcode to sector and date_of_birth to year: risk falls from 0.94 to 0.04
 * (prosecutor-mean 0.5 to 0.02), 2.1% of records suppressed"; owned.  The risk is the highest
 * prosecutor risk; the policy's other figures follow in parentheses.  A suppressed record is
 * a person, all of whose rows are left out. */
char *rr_words_recommendation (const RrSearchResult *s, const RrRecommendation *rec);

/* "FAIL against policy public-release: 1 of 2 rules not met, 1 not measured"; owned. */
char *rr_words_verdict (const RrVerdictResult *v);

/* One rule: "max-risk: prosecutor-max 1, at most 0.09: not met"; owned. */
char *rr_words_rule (const RrRuleResult *rule);

/* A figure's value for prose: counts as integers, others with four significant digits. */
char *rr_words_number (double x);

/* "postcode, date_of_birth and sex": the audited quasi-identifiers, for prose; owned. */
char *rr_words_qi_names (const RrAuditResult *r);

/* one when n is 1, else many. */
const char *rr_words_plural (guint64 n, const char *one, const char *many);
