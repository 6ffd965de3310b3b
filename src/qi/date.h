/* date.h - strict parsing of calendar dates, their day, month and year labels, and ages in
 * completed years at a reference date (qi stage). */
#pragma once
#include <glib.h>
#include "qi/qi.h"

/* Parses s (len bytes, already trimmed) as YYYY-MM-DD or DD/MM/YYYY: exactly two-digit days and
 * months and a four-digit year from 0001, nothing before or after.  Validity is GLib's
 * g_date_valid_dmy (proleptic Gregorian calendar, so 2012-02-29 is valid and 2013-02-29 not).
 * Returns FALSE with *why set to a static message: "invalid date: expected YYYY-MM-DD or
 * DD/MM/YYYY", "invalid year", "invalid month" or "day out of range for month". */
gboolean rr_date_parse (const char *s, gsize len, GDate *date, const char **why);

/* Age in completed years at as_of of a person born on birth (birth <= as_of): the largest n with
 * as_of minus n years (g_date_subtract_years, which takes 29 February to 28 February) on or
 * after birth.  So a person born on 29 February comes of age on 1 March in common years, as in
 * English law, and as the population stage assumes when it turns age bands back into dates. */
guint rr_date_age (const GDate *birth, const GDate *as_of);

/* Appends the label of date at level to out: day "1980-03-07", month "1980-03", year "1980",
 * or for age1/age5/age10 the completed age at as_of rounded down to its band, "43"/"40"/"40".
 * Returns RR_QI_VALUE_INVALID with *why "date after the reference date" for an age level when
 * date is after as_of, or "no reference date for ages" when as_of is not a valid date. */
RrQiValueStatus rr_date_append_level (const GDate *date, RrQiLevel level, const GDate *as_of,
                                      GString *out, const char **why);

/* The lower bound of the band of width 1, 5 or 10 years (age1, age5, age10) holding age. */
guint rr_date_age_band (guint age, RrQiLevel level);
