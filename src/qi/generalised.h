/* generalised.h - values a release already holds generalised, and labels taken to coarser levels
 * (qi stage).  It lets the lattice search regroup from the labels alone (a unit label "LS6 2AB"
 * generalises to its sector "LS6 2"), and lets a release written by `audit --apply` be read back
 * with the same --qi: each value is read at its own level when that is coarser than the one asked.
 *
 * The coarser forms read (doc/quasi-identifiers.md): postcode sectors "LS6 2", districts "LS6" and
 * areas "LS"; dates "1980-03" (month) and "1980" (year); for an age, or a date at an age level,
 * the completed age "41" and the bands "40-44" (age5) and "40-49" (age10); a map's own groups; and
 * "*", a value withheld for everyone (RR_LEVEL_WITHHELD), for every type. */
#pragma once
#include <glib.h>
#include "qi/qi.h"

#define RR_WITHHELD_LABEL "*"
/* The longest chain of levels of one quasi-identifier: unit, sector, district, area, withheld. */
#define RR_QI_MAX_CHAIN 5

/* TRUE for an age, or a date at an age level: its labels are ages and age bands. */
gboolean rr_qi_spec_is_age_like (const RrQiSpec *spec);

/* The width in years of an age level (age1 1, age5 5, age10 10); 0 for other levels. */
guint rr_qi_age_level_width (RrQiLevel level);

/* The levels of spec's hierarchy from spec->level up to RR_LEVEL_WITHHELD, in order: postcodes
 * to area, dates to year, ages to age10, then withheld; other types have their level and
 * withheld.  Fills levels and returns how many (2 to RR_QI_MAX_CHAIN). */
guint rr_qi_spec_chain (const RrQiSpec *spec, RrQiLevel levels[RR_QI_MAX_CHAIN]);

/* The level that label (one rr_qi_generalise gave for spec) stands at: spec->level, or the
 * coarser level of a value that was already generalised ("LS6 2" in a unit column is a sector). */
RrQiLevel rr_qi_label_level (const RrQiSpec *spec, const char *label);

/* Appends to out the label of label (one rr_qi_generalise gave for spec) at level to, a level of
 * spec's chain: the label that generalising the original value at to would have given.  A label
 * that is already coarser than to is kept. */
void rr_qi_label_generalise (const RrQiSpec *spec, const char *label, RrQiLevel to, GString *out);

/* Appends the value that a generalised release holds for label at level (a level of spec's
 * chain): the label itself, except that age bands, labelled by their lower bound ("40" at age5),
 * are written as bands ("40-44"), which rr_qi_generalise reads back at their level. */
void rr_qi_label_format (const RrQiSpec *spec, const char *label, RrQiLevel level, GString *out);

/* ---- for qi.c: the coarser forms of one value (s, len bytes, trimmed) ---- */

/* A postcode sector, district or area: appends its normalised label ("LS6 2", "LS6", "LS") at
 * level, or at its own level when that is coarser.  FALSE (out untouched) for any other text. */
gboolean rr_qi_coarse_postcode_append (const char *s, gsize len, RrQiLevel level, GString *out);

/* A month "YYYY-MM" or year "YYYY" of a date: appends it at level (day, month or year), or at
 * its own level when that is coarser.  FALSE for any other text (or an invalid month or year). */
gboolean rr_qi_coarse_date_append (const char *s, gsize len, RrQiLevel level, GString *out);

/* An age band "40-44" or "40-49" (aligned to its width, at most RR_AGE_MAX): appends its label at
 * the age level: the band's lower bound at level when the band is no wider than level's band
 * ("40"), else the band itself ("40-49").  FALSE for any other text. */
gboolean rr_qi_age_band_append (const char *s, gsize len, RrQiLevel level, GString *out);
