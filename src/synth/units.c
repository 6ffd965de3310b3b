/* units.c - synthetic postcode units: their number per district and their inward codes,
 * a fixed function of (district, unit index) (synth stage). */
#include "config.h"
#include "synth/units.h"
#include <math.h>

/* Coprime with 400 = 2^4 x 5^2, so j -> (j * 173 + c) mod 400 is a permutation of 0..399. */
#define LETTER_STRIDE 173u

void
rr_synth_units_init (RrSynthUnits *u, const char *district, double population)
{
  double n = round (population / RR_SYNTH_RESIDENTS_PER_UNIT);
  double cap = RR_SYNTH_MAX_SECTORS * RR_SYNTH_UNITS_PER_SECTOR;
  u->n_units = (guint) CLAMP (n, 1.0, cap);
  u->n_sectors = CLAMP ((u->n_units + RR_SYNTH_TARGET_UNITS_PER_SECTOR - 1)
                          / RR_SYNTH_TARGET_UNITS_PER_SECTOR,
                        1, RR_SYNTH_MAX_SECTORS);
  guint8 digest[32];
  gsize len = sizeof digest;
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, (const guchar *) district, -1);
  g_checksum_get_digest (sum, digest, &len);
  guint32 h = (guint32) digest[0] << 24 | (guint32) digest[1] << 16 | (guint32) digest[2] << 8
              | digest[3];
  u->sector_offset = h % 10;
  u->letter_offset = (h / 10) % RR_SYNTH_UNITS_PER_SECTOR;
}

/* Unit i is unit j = i / n_sectors of sector s = i mod n_sectors; within a sector the
 * letter pairs are a permutation of the 400 pairs, so codes never repeat. */
void
rr_synth_units_inward (const RrSynthUnits *u, guint index, char inward[4])
{
  g_return_if_fail (index < u->n_units);
  guint s = index % u->n_sectors, j = index / u->n_sectors;
  guint pair = (j * LETTER_STRIDE + u->letter_offset + 37u * s) % RR_SYNTH_UNITS_PER_SECTOR;
  inward[0] = (char) ('0' + (u->sector_offset + s) % 10);
  inward[1] = RR_SYNTH_UNIT_LETTERS[pair / 20];
  inward[2] = RR_SYNTH_UNIT_LETTERS[pair % 20];
  inward[3] = '\0';
}
