/* number.h - numeric quasi-identifiers: ages in whole years and general numbers with a
 * canonical label (qi stage). */
#pragma once
#include <glib.h>

/* The oldest age accepted, in years: above the oldest verified human lifespan (122). */
#define RR_AGE_MAX 130

/* Parses s (len bytes, already trimmed) as an age: ASCII digits only, 0..RR_AGE_MAX.  Returns
 * FALSE with *why a static message otherwise. */
gboolean rr_number_parse_age (const char *s, gsize len, guint *age, const char **why);

/* Parses s (len bytes, already trimmed) strictly as a decimal number (g_ascii_strtod must use
 * every byte; only digits, one sign, '.', and an exponent; no hex, inf or nan) and appends its
 * canonical label to out: the shortest "%.Ng" form (N <= 17) that reads back as the same
 * double, with -0 written as "0", so "42", "42.0" and "4.2e1" are all "42".  Returns FALSE
 * with *why a static message when s is not such a number or overflows a double. */
gboolean rr_number_append_label (const char *s, gsize len, GString *out, const char **why);
