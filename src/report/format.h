/* format.h - C-locale formatting of numbers and text for the XML results and the HTML report
 * (report stage: formats, computes nothing).  Every function returns an owned string. */
#pragma once
#include <glib.h>

/* The shortest "%.Pg" form (P = 1..17, C locale) that reads back to exactly x with
 * g_ascii_strtod, so 0.09 is "0.09" rather than "0.089999999999999997" and 1.0 is "1".
 * The same x always gives the same bytes.  Non-finite values are written as xs:double spells
 * them: "NaN", "INF", "-INF". */
char *rr_format_double (double x);

/* n with a comma between groups of three digits: 1234567 -> "1,234,567". */
char *rr_format_count (guint64 n);

/* share (0..1) as a percentage with one decimal: 0.2469 -> "24.7%".  A share that is above
 * zero but would round to "0.0%" is "<0.1%", and one below one that would round to "100.0%"
 * is ">99.9%", so that neither "none" nor "all" is claimed when it is not true. */
char *rr_format_percent (double share);

/* A copy of s fit for an XML 1.0 or HTML text node or attribute: invalid UTF-8 sequences and
 * characters XML 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) become
 * U+FFFD.  NULL gives "". */
char *rr_format_text (const char *s);
