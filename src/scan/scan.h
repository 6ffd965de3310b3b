/* scan.h - `reidrisk scan`: every column checked for direct identifiers, weak pseudonyms and
 * objectors before any statistics (scan stage).  rr_scan_release streams the release once, then
 * runs the dictionary attack, the objection check and the linkage check.
 * `audit` embeds the same result through rr_report_scan_xml_add / rr_report_scan_html_add. */
#pragma once
#include <glib.h>
#include "load/csv.h"
#include "scan/identifiers.h"
#include "scan/names.h"
#include "scan/objections.h"
#include "scan/pseudonym.h"

typedef enum
{
  RR_VERDICT_CLEAN,
  RR_VERDICT_QUASI_IDENTIFIER,
  RR_VERDICT_FREE_TEXT, /* free text containing identifiers */
  RR_VERDICT_IDENTIFIER,
} RrVerdict;

/* "clean", "quasi-identifier", "free-text-with-identifiers", "identifier"; static. */
const char *rr_verdict_name (RrVerdict v);

/* The verdict rules (doc/scan.md explains them):
 * a column is an identifier when at least RR_SCAN_WHOLE_SHARE of its non-empty values are wholly
 * one direct identifier; a quasi-identifier when that share of values are wholly postcodes or
 * dates; free text containing identifiers when any value holds an NHS number (with a valid check
 * digit), e-mail, phone, NI number, full postcode or date of birth, or when at least
 * RR_SCAN_NAME_TEXT_SHARE (and RR_SCAN_NAME_TEXT_MIN) of its values hold a full name. */
#define RR_SCAN_WHOLE_SHARE 0.5
#define RR_SCAN_NAME_TEXT_SHARE 0.01
#define RR_SCAN_NAME_TEXT_MIN 3
/* One-word names ("Grace", "Smith") make a name column only among this many distinct values: a
 * category column with a few values that happen to be names (wards, "Victoria") is not one. */
#define RR_SCAN_SINGLE_NAME_MIN_DISTINCT 50
/* Distinct values remembered per column (each is classified once); beyond, values are
 * classified every time they occur. */
#define RR_SCAN_CACHE_MAX 65536
/* Weak numeric pseudonyms: at least this many distinct values, and a share of consecutive
 * sorted values one apart (sequential) or of valid NHS check digits above RR_SCAN_WEAK_SHARE
 * (random ten-digit numbers pass the check 1 time in 11). */
#define RR_SCAN_WEAK_MIN_DISTINCT 20
#define RR_SCAN_WEAK_SHARE 0.5

typedef struct
{
  char *name;
  guint64 n_values; /* non-empty */
  guint64 n_distinct;
  gboolean distinct_capped; /* n_distinct stopped counting at RR_SCAN_CACHE_MAX */
  guint64 count[RR_ID_N_KINDS]; /* values holding a match of each kind */
  guint64 whole[RR_ID_N_KINDS]; /* values that are wholly one match */
  guint64 single_names;
  char *example[RR_ID_N_KINDS]; /* masked first match, or NULL */
  RrVerdict verdict;
  char *reason; /* the rule that decided the verdict, one sentence */
} RrColumnScan;

typedef struct
{
  char *column;
  char *encoding; /* "hex", "base64" or "decimal" (weak numeric pseudonyms) */
  guint bits;
  guint64 n_values, n_other, n_pseudonyms;
  gboolean reversible;
  gboolean weak;     /* reversible, sequential, or keeps the NHS check digit */
  char *transform;   /* the transform found, "sequential", "keeps-nhs-check-digit" or "none" */
  guint64 reversed, unique, candidates;
  double seconds;
  gboolean stopped_early;
  GArray *tries; /* RrAttackTry, one per transform tried */
} RrPseudonymScan;

typedef struct
{
  char *path;
  guint listed, listed_nhs, found;
  char *matched_by; /* how the first objector was found, or NULL */
  guint unmatchable; /* NHS entries that could not be checked: the release holds no NHS numbers
                        and no pseudonym column reversible by a known transform */
} RrObjectionScan;

typedef struct
{
  char *against;
  char *column, *previous_column;
  guint64 pseudonyms, recurring;
} RrLinkScan;

typedef struct _RrScanResult
{
  char *file;
  guint64 rows;
  GPtrArray *columns;    /* RrColumnScan* */
  GPtrArray *pseudonyms; /* RrPseudonymScan* */
  RrObjectionScan *objections; /* NULL without --objections */
  GPtrArray *links;      /* RrLinkScan* */
  guint n_identifier_columns, n_free_text_columns, n_quasi_columns;
  guint n_weak_pseudonyms;
  guint n_forenames, n_surnames; /* the name lists used (0 without lists) */
  gboolean fails; /* identifiers, weak pseudonyms or objectors found: exit status 1 */
} RrScanResult;

void rr_scan_result_free (RrScanResult *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrScanResult, rr_scan_result_free)

typedef struct
{
  const char *names_dir;          /* NULL: rr_names_default_dir () */
  const char *objections;         /* NULL: no objection check */
  const char *against;            /* NULL: no linkage check */
  const char *const *pseudonym_columns; /* extra columns to treat as pseudonyms, or NULL */
  const RrTransform *transforms;  /* NULL: all RR_N_TRANSFORMS */
  guint n_transforms;
  gboolean no_attack;
  /* Remember the distinct values of pseudonym-named columns that are not digest columns, for
   * objections and linkage; rr_scan_release sets it when either is asked for. */
  gboolean keep_values;
  RrAttackOptions attack;
} RrScanOptions;

void rr_scan_options_init (RrScanOptions *o);

/* Scans the release at path.  Errors: those of rr_csv_reader_open/next_batch, rr_names_load and
 * rr_objection_list_load, prefixed by nothing (they carry the file name). */
RrScanResult *rr_scan_release (const char *path, const RrScanOptions *opts, GError **error);

/* The streaming part, for callers that already read the file (and for tests). */
typedef struct _RrScanner RrScanner;

/* header: n_fields column names; names borrowed (may be NULL); opts borrowed. */
RrScanner *rr_scanner_new (const char *const *header, guint n_fields, const RrNames *names,
                           const RrScanOptions *opts);
/* One row: fields[j] of lens[j] bytes. */
void rr_scanner_add_row (RrScanner *self, const char *const *fields, const gsize *lens);
void rr_scanner_add_batch (RrScanner *self, const RrCsvBatch *batch);
/* Decides the verdicts and runs the attack; objections (may be NULL) are matched; previous (may
 * be NULL) is a finished scanner of an earlier release for the linkage check.  The scanner's
 * pseudonym sets stay usable for previous-release checks. */
RrScanResult *rr_scanner_finish (RrScanner *self, const char *file,
                                 const RrObjectionList *objections,
                                 const char *objections_path, RrScanner *previous,
                                 const char *previous_path);
void rr_scanner_free (RrScanner *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrScanner, rr_scanner_free)
