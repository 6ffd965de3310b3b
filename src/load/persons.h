/* persons.h - who is who in an episode-level release: rows are grouped into runs of consecutive
 * rows with one pseudonym, and runs whose pseudonym recurs are found at the end (load stage).
 *
 * Releases hold each person's rows together, so a dictionary of every pseudonym (a random
 * memory access per person, and most of the loader's memory) is not needed: each run keeps a
 * 64-bit fingerprint of its pseudonym, a blocked Bloom filter flags the runs whose pseudonym may
 * have been seen before, and only those are checked exactly against the fingerprints.  Two
 * different pseudonyms are taken for one person only if their 64-bit fingerprints collide:
 * for n persons the chance that any pair does is about n^2 / 2^65 (4e-7 for 4 million persons,
 * 1e-4 for 60 million; doc/methods.md). */
#pragma once
#include <glib.h>

typedef struct _RrPersonRuns RrPersonRuns;

/* expected_runs: a guess at the number of runs (0 if unknown); only a sizing hint. */
RrPersonRuns *rr_person_runs_new (guint64 expected_runs);
void rr_person_runs_free (RrPersonRuns *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrPersonRuns, rr_person_runs_free)

/* Starts run number rr_person_runs_count() (before the call) for a pseudonym with fingerprint
 * fp, the 64-bit hash of its field key (rr_field_key_fingerprint of the key the CSV reader
 * computes); line is the run's first line in the file, kept only for runs that may repeat a
 * person. */
void rr_person_runs_add (RrPersonRuns *self, guint64 fp, guint64 line);
guint64 rr_person_runs_count (const RrPersonRuns *self);
/* Hints the CPU to fetch the filter's cache line for fp, a few runs before it is added. */
void rr_person_runs_prefetch (const RrPersonRuns *self, guint64 fp);

typedef struct
{
  guint64 run;       /* a run whose pseudonym was seen in an earlier run */
  guint64 first_run; /* the first run with that pseudonym */
  guint64 line;      /* the run's first line */
} RrRunRepeat;

/* After the last run: the runs that repeat an earlier run's person, in file order, as an owned
 * GArray of RrRunRepeat (empty when every person's rows are together). */
GArray *rr_person_runs_repeats (const RrPersonRuns *self);
