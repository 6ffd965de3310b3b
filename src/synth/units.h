/* units.h - the fixed set of synthetic postcode units of one postcode district (synth stage):
 * how many units a district has, and the format-valid inward code ("2AB") of unit i. */
#pragma once
#include <glib.h>

/* Residents per postcode unit.  An assumption, not a measured figure: England has roughly
 * 1.6 million residential postcode units for about 53-56 million residents, i.e. about 33
 * residents (about 14 households of 2.4 persons) per unit. */
#define RR_SYNTH_RESIDENTS_PER_UNIT 33.0
/* A district has at most 10 sectors (inward digit 0-9) of at most 20 x 20 = 400 units. */
#define RR_SYNTH_MAX_SECTORS 10
#define RR_SYNTH_UNITS_PER_SECTOR 400
/* Units per sector aimed at: England's ~1.6M units over ~9,500 postcode sectors is about 170;
 * this only sets how many sector digits a district uses. */
#define RR_SYNTH_TARGET_UNITS_PER_SECTOR 170

/* The letters of the inward code's unit part: A-Z without C I K M O V (Royal Mail). */
#define RR_SYNTH_UNIT_LETTERS "ABDEFGHJLNPQRSTUWXYZ"

typedef struct
{
  guint n_units;   /* max(1, round(population / 33)), capped at 10 x 400 */
  guint n_sectors; /* ceil(n_units / 170), between 1 and 10 */
  guint sector_offset; /* inward digit of sector 0 */
  guint letter_offset; /* start of the unit letters' permutation */
} RrSynthUnits;

/* Derives the units of a district from its outward code (through SHA-256, so the codes do not
 * depend on the table's row order) and its population. */
void rr_synth_units_init (RrSynthUnits *u, const char *district, double population);

/* Writes the 3-character inward code of unit index (< u->n_units) and a NUL into inward.
 * Distinct indices give distinct codes. */
void rr_synth_units_inward (const RrSynthUnits *u, guint index, char inward[4]);
