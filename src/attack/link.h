/* link.h - record linkage of a file a user holds to a release (`reidrisk link`, attack stage):
 * exact, or Fellegi-Sunter with m and u estimated by EM on blocked candidate pairs, and how many
 * of the file's records link uniquely, ambiguously or not at all.  doc/attacks.md ("Linking a
 * real file") describes it; fs.h gives the weights. */
#pragma once
#include <glib.h>
#include "attack/fs.h"
#include "attack/scenario.h"
#include "load/dataset.h"

/* A blocking pass may compare at most this many pairs per record of the larger file before it
 * is left out (a pass on sex alone would compare every man with every man). */
#define RR_LINK_MAX_PAIRS_PER_RECORD 200
/* Scores closer than this count as tied: weights are sums of at most 6 logarithms. */
#define RR_LINK_SCORE_TIE 1e-9
/* EM stops when no parameter moves by more than this, or after this many steps: over every pair
 * the match share is tiny (1e-6 for a million by a million) and EM converges slowly (16,490
 * steps on the benchmark), but a step costs only 3^n_fields sums. */
#define RR_LINK_EM_EPSABS 1e-10
#define RR_LINK_EM_MAX_ITER 100000
/* Width of the score distribution's bins, in log2 units. */
#define RR_LINK_SCORE_BIN 2.0

typedef struct
{
  const RrQiSpec *const *specs; /* the n_fields linked QIs of the release, for the report */
  RrMatchMethod method;
  gboolean threshold_given;
  double threshold;     /* log2 weight a link needs (probabilistic) */
  const guint *passes;  /* blocking passes as masks of fields, or NULL for the default */
  guint n_passes;
  gboolean show_links;
  int person_qi;        /* release QI holding the person's pseudonym (--show-links), or -1 */
  guint first_value_qi; /* release QIs from here on are --sensitive values (--show-links) */
} RrLinkOptions;

typedef struct
{
  char *release_column, *aux_column;
  RrQiType type;
  RrQiLevel level;
  double m, u;                 /* NaN for an exact link */
  guint64 aux_missing;         /* aux records with no value */
  guint64 aux_unmatched;       /* aux records whose value no release record has */
} RrLinkField;

typedef struct
{
  char *fields;   /* release column names, ", "-separated */
  guint mask;
  guint64 pairs;  /* pairs it would compare */
  gboolean used;  /* FALSE when above the cap */
} RrLinkBlocking;

typedef struct
{
  double low, high; /* a bin of scores (probabilistic) or of candidate counts (exact) */
  guint64 count;    /* aux records whose best score (or number of candidates) falls in it */
} RrLinkBin;

typedef struct
{
  guint64 aux_record;     /* 1-based, in file order */
  guint64 release_record; /* 1-based person, in order of first appearance */
  char *person;           /* the release's pseudonym, or NULL */
  double score;           /* NaN for an exact link */
  GPtrArray *values;      /* char*: the person's --sensitive values (first row) */
} RrLinkPair;

typedef struct
{
  /* the run and its inputs, filled by the caller */
  char *version, *command_line, *as_of;
  char *release_file, *release_sha256, *person_column;
  guint64 release_records, release_persons;
  char *aux_file, *aux_sha256;
  gboolean show_links;
  GPtrArray *sensitive;      /* char*: the --sensitive columns shown with the links */

  RrMatchMethod method;
  guint64 aux_records, linked_unique, linked_ambiguous, unlinked;
  guint64 release_linked;    /* release records some aux record links to uniquely */
  guint64 release_conflicts; /* release records linked uniquely by two aux records or more */
  guint64 no_candidates;     /* aux records with no candidate at all */
  guint64 pairs;             /* candidate pairs compared */
  double threshold;          /* NaN for exact */
  GPtrArray *fields;         /* RrLinkField* */
  GPtrArray *blocking;       /* RrLinkBlocking* (probabilistic) */
  RrFsParams em;
  gboolean has_em;
  GArray *bins;              /* RrLinkBin, ascending */
  GPtrArray *links;          /* RrLinkPair*, only with show_links */
} RrLinkResult;

RrLinkResult *rr_link_result_new (void);
void rr_link_result_free (RrLinkResult *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrLinkResult, rr_link_result_free)

/* Links aux to release on their first n_fields QIs (QI j of aux is compared with QI j of release,
 * same type and level; values compare as their generalised labels).  Errors: RR_ERROR_INVALID
 * (n_fields 0 or above RR_FS_MAX_FIELDS, a pass naming no field); RR_ERROR_NUMERIC when EM has no
 * pair to work on is not an error: the result then has no EM and every record is unlinked. */
RrLinkResult *rr_link_run (const RrDataset *release, const RrDataset *aux, guint n_fields,
                           const RrLinkOptions *o, GError **error);
