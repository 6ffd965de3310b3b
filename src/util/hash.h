/* hash.h - the 64-bit integer mixes behind the hand-written hash tables (the loader's field
 * map and person runs, the classes, the rollup, SUDA) and the synthesiser's pseudonyms (util
 * stage).  Hand-written: GLib's hashes are 32-bit, and a table's results and layout depend on
 * these exact bits, so every user must share one definition. */
#pragma once
#include <glib.h>

/* MurmurHash3's 64-bit finaliser (fmix64): every input bit reaches every output bit, so the
 * low bits a table uses depend on the whole key (a bare multiplication leaves them depending
 * on the low key bits only, which cluster).  Each step (an xor-shift by 33, a multiplication
 * by an odd constant) is invertible, so distinct inputs give distinct outputs. */
static inline guint64
rr_hash_mix64 (guint64 h)
{
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 33);
}

/* A hash of a tuple of codes: h = RR_HASH_SEED, then h = rr_hash_fold (h, code) for each code
 * in order (xor the code in, multiply by SplitMix64's odd constant, xor-shift the high bits
 * down).  The seed is 2^64 divided by the golden ratio. */
#define RR_HASH_SEED 0x9E3779B97F4A7C15ull

static inline guint64
rr_hash_fold (guint64 h, guint32 code)
{
  h = (h ^ code) * 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 31);
}
