/* result.h - the results of an audit: what was read, the quasi-identifiers, the equivalence
 * classes and the risk figures.  measure/ and load/ fill it; report/ only reads it. */
#pragma once
#include <glib.h>
#include "qi/qi.h"

/* One quasi-identifier as audited. */
typedef struct
{
  char *name;
  RrQiType type;
  RrQiLevel level;
  RrQiSource source;
  char *map_path;       /* NULL unless level is RR_LEVEL_MAP */
  guint64 n_missing;    /* persons whose value is empty or a missing token */
  guint64 n_invalid;    /* persons whose value failed the type's check (--invalid missing) */
  guint64 n_distinct;   /* distinct generalised values, missing not counted */
} RrQiSummary;

/* One bar of the class-size distribution: n_classes classes of exactly size persons. */
typedef struct
{
  guint64 size;
  guint64 n_classes;
} RrClassSizeCount;

typedef struct
{
  double max;             /* largest per-person risk */
  double mean;            /* mean per-person risk */
  double records_at_risk; /* share of persons whose risk exceeds the threshold, 0..1 */
} RrRiskFigures;

/* The population model's results (measure/population-result.h); NULL when it did not run. */
typedef struct _RrPopulationResult RrPopulationResult;

typedef struct
{
  /* the run */
  char *version;
  char *command_line;     /* the exact command line, shell-quoted */
  char *as_of;            /* YYYY-MM-DD reference date for ages */
  double threshold;       /* per-person risk threshold, (0, 1] */

  /* the input */
  char *file;             /* path as given */
  char *file_basename;
  char *sha256;           /* of the file's bytes as stored */
  guint64 file_bytes;
  gboolean gzip;
  char delimiter;         /* ',' or '\t' */
  guint64 records;        /* data rows */
  guint64 persons;
  char *person_column;    /* NULL: each row is a person */
  guint64 inconsistent_persons;      /* persons whose QIs differ between their rows */
  GArray *inconsistent_lines;        /* guint64: the first few lines where a person's QIs differ */
  char *invalid_policy;   /* "error" or "missing" */

  /* recognition (runs without --qi) and columns */
  GPtrArray *detections;  /* RrQiDetection*, may be empty; owned */
  GPtrArray *qis;         /* RrQiSummary*, in --qi order; owned */
  GPtrArray *sensitive;   /* char* column names; owned */

  /* equivalence classes */
  guint64 n_classes;
  guint64 min_class_size; /* k */
  guint64 sample_uniques; /* persons in classes of size 1 */
  GArray *size_distribution; /* RrClassSizeCount, ascending size */

  /* risk */
  RrRiskFigures prosecutor;

  /* the population model (issue 4); NULL with --population none and no population size */
  RrPopulationResult *population;

  /* direct identifiers, weak pseudonyms and objectors (scan/scan.h); NULL with --no-scan */
  struct _RrScanResult *scan;
  /* simulated linkage attacks (--attack) */
  GPtrArray *attacks;     /* RrAttackResult* (measure/attack-result.h), in --attack order; owned */
  /* what drives the risk, attribute disclosure, verdict and recommendation (measure/decision.h);
   * NULL until computed */
  struct _RrDecision *decision;
} RrAuditResult;

RrAuditResult *rr_audit_result_new (void);
void rr_audit_result_free (RrAuditResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrAuditResult, rr_audit_result_free)
void rr_qi_summary_free (RrQiSummary *qi);
