/* postcode.h - UK postcodes: format check, normalisation to "LS6 2AB", and the coarser levels
 * sector, district and area (qi stage). */
#pragma once
#include <glib.h>
#include "qi/qi.h"

/* The longest normalised postcode, "AA9A 9AA", without its NUL. */
#define RR_POSTCODE_MAX 8

/* Normalises s (len bytes, already trimmed) into out: upper case, exactly one space before the
 * three-character inward code.  The outward code must have one of the shapes A9, A99, AA9, AA99,
 * A9A, AA9A and the inward code the shape 9AA with no C, I, K, M, O or V among its letters
 * (Royal Mail, "Postcode Address File programmers' guide"; BS 7666); GIR 0AA is also accepted.
 * Spaces may appear only as one run between the outward and inward codes.  Returns FALSE with
 * *why set to a static message when s is not a full postcode. */
gboolean rr_postcode_normalise (const char *s, gsize len, char out[RR_POSTCODE_MAX + 1],
                                const char **why);

/* Appends the label of a normalised postcode at level (unit "LS6 2AB", sector "LS6 2", district
 * "LS6", area "LS") to out.  level must be one of those four. */
void rr_postcode_append_level (const char *postcode, RrQiLevel level, GString *out);
