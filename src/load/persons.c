/* persons.c - runs of rows per pseudonym, and the runs that repeat an earlier person (load
 * stage).  The Bloom filter is hand-written: GLib has none, and it must cost one cache line per
 * run to keep the per-person work of a 60-million-person release sequential. */
#include "config.h"
#include "load/persons.h"
#include "util/bigmem.h"
#include "util/hash.h"
#include <string.h>

#define BLOCK_WORDS 8        /* 64 bytes: one cache line */
#define BITS_PER_RUN 12      /* with 6 bits set a run, about 1% of new runs are flagged */
#define BITS_SET 6
#define FIRST_CAPACITY 4096
#define CANDIDATE_BITS 22    /* a 512 KiB bit set over the flagged fingerprints */

typedef struct
{
  guint64 run;
  guint64 line;
} RrFlaggedRun;

struct _RrPersonRuns
{
  guint64 *fps;        /* fingerprint by run */
  guint64 count, capacity;
  guint64 *bloom;      /* n_blocks blocks of BLOCK_WORDS words */
  guint64 block_mask;  /* n_blocks - 1 */
  GArray *flagged;     /* RrFlaggedRun, in run order */
};

static void
bloom_alloc (RrPersonRuns *self)
{
  guint64 blocks = 1;
  while (blocks * BLOCK_WORDS * 64 < self->capacity * BITS_PER_RUN)
    blocks *= 2;
  rr_big_free (self->bloom, (self->block_mask + 1) * BLOCK_WORDS, sizeof (guint64));
  self->bloom = rr_big_new0 (blocks * BLOCK_WORDS, sizeof (guint64));
  self->block_mask = blocks - 1;
}

/* Tests the run's bits and sets them; TRUE if all were set already (the pseudonym may have been
 * seen).  The block comes from the fingerprint's high bits, the bits in it from a remix. */
static inline guint64 *
bloom_block (const RrPersonRuns *self, guint64 fp)
{
  return self->bloom + ((fp >> 20) & self->block_mask) * BLOCK_WORDS;
}

static gboolean
bloom_test_and_set (RrPersonRuns *self, guint64 fp)
{
  guint64 *block = bloom_block (self, fp);
  guint64 bits = rr_hash_mix64 (fp ^ 0xD6E8FEB86659FD93ull);
  gboolean all = TRUE;
  for (guint k = 0; k < BITS_SET; k++, bits >>= 9)
    {
      guint64 word = (bits >> 6) & (BLOCK_WORDS - 1), bit = 1ull << (bits & 63);
      all = all && (block[word] & bit) != 0;
      block[word] |= bit;
    }
  return all;
}

RrPersonRuns *
rr_person_runs_new (guint64 expected_runs)
{
  RrPersonRuns *self = g_new0 (RrPersonRuns, 1);
  self->capacity = MAX (expected_runs, FIRST_CAPACITY);
  self->fps = rr_big_new0 (self->capacity, sizeof (guint64));
  bloom_alloc (self);
  self->flagged = g_array_new (FALSE, FALSE, sizeof (RrFlaggedRun));
  return self;
}

void
rr_person_runs_free (RrPersonRuns *self)
{
  if (self == NULL)
    return;
  rr_big_free (self->fps, self->capacity, sizeof (guint64));
  rr_big_free (self->bloom, (self->block_mask + 1) * BLOCK_WORDS, sizeof (guint64));
  g_array_unref (self->flagged);
  g_free (self);
}

/* Past capacity the filter would fill up and flag every run: double it and refill it from the
 * fingerprints kept so far. */
static void
runs_grow (RrPersonRuns *self)
{
  self->fps = rr_big_renew (self->fps, self->capacity, 2 * self->capacity, sizeof (guint64));
  self->capacity *= 2;
  bloom_alloc (self);
  for (guint64 r = 0; r < self->count; r++)
    bloom_test_and_set (self, self->fps[r]);
}

void
rr_person_runs_add (RrPersonRuns *self, guint64 fp, guint64 line)
{
  if (self->count == self->capacity)
    runs_grow (self);
  if (bloom_test_and_set (self, fp))
    {
      RrFlaggedRun f = { self->count, line };
      g_array_append_val (self->flagged, f);
    }
  rr_big_fill_ahead (self->fps, self->capacity, sizeof (guint64), self->count);
  self->fps[self->count++] = fp;
}

void
rr_person_runs_prefetch (const RrPersonRuns *self, guint64 fp)
{
  __builtin_prefetch (bloom_block (self, fp), 1);
}

guint64
rr_person_runs_count (const RrPersonRuns *self)
{
  return self->count;
}

static inline guint64
candidate_bit (guint64 fp)
{
  return rr_hash_mix64 (fp) >> (64 - CANDIDATE_BITS);
}

/* The flagged runs' fingerprints, each mapped to 0 (its first run not yet seen). */
static GHashTable *
candidates_new (const RrPersonRuns *self, guint64 *bits)
{
  GHashTable *c = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  for (guint i = 0; i < self->flagged->len; i++)
    {
      const guint64 *fp = &self->fps[g_array_index (self->flagged, RrFlaggedRun, i).run];
      g_hash_table_insert (c, (gpointer) fp, g_new0 (guint64, 1));
      guint64 b = candidate_bit (*fp);
      bits[b / 64] |= 1ull << (b % 64);
    }
  return c;
}

GArray *
rr_person_runs_repeats (const RrPersonRuns *self)
{
  GArray *repeats = g_array_new (FALSE, FALSE, sizeof (RrRunRepeat));
  if (self->flagged->len == 0)
    return repeats;
  g_autofree guint64 *bits = g_new0 (guint64, (1u << CANDIDATE_BITS) / 64);
  g_autoptr (GHashTable) first = candidates_new (self, bits);
  guint next_flagged = 0;
  for (guint64 r = 0; r < self->count; r++)
    {
      guint64 b = candidate_bit (self->fps[r]);
      if ((bits[b / 64] & (1ull << (b % 64))) == 0)
        continue;
      guint64 *first_run = g_hash_table_lookup (first, &self->fps[r]);
      if (first_run == NULL)
        continue;
      while (next_flagged + 1 < self->flagged->len
             && g_array_index (self->flagged, RrFlaggedRun, next_flagged).run < r)
        next_flagged++;
      if (*first_run == 0)
        *first_run = r + 1;
      else
        {
          /* A repeat always tested positive in the filter, so it is among the flagged runs. */
          const RrFlaggedRun *f = &g_array_index (self->flagged, RrFlaggedRun, next_flagged);
          g_assert (f->run == r);
          RrRunRepeat rep = { r, *first_run - 1, f->line };
          g_array_append_val (repeats, rep);
        }
    }
  return repeats;
}
