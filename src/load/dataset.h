/* dataset.h - a release loaded for auditing: one record per person, each quasi-identifier held
 * column-wise as a 32-bit code into that column's dictionary of generalised labels (load stage).
 * Memory grows with persons and distinct values, not with the file: rows are streamed, each
 * distinct raw value is normalised and generalised once, and a person's later rows are only
 * compared with the profile kept from the person's first row. */
#pragma once
#include <glib.h>
#include "qi/qi.h"

/* The code of a missing value (empty, a missing token, or invalid under --invalid missing). */
#define RR_CODE_MISSING G_MAXUINT32
/* How many line numbers of inconsistent persons are kept for the report. */
#define RR_DATASET_MAX_INCONSISTENT_LINES 10

typedef struct
{
  const char *path;
  char delimiter;            /* 0: by file name */
  GPtrArray *qis;            /* RrQiSpec*, borrowed; at least one */
  const char *person_column; /* NULL: each row is a person */
  const char *const *sensitive; /* NULL-terminated column names, or NULL */
  gboolean invalid_as_missing;  /* --invalid missing */
  gboolean progress;            /* progress lines on stderr */
  gsize batch_bytes;            /* the reader's batch size; 0: its default (tests make it
                                 * small, so that persons' rows cross batches) */
} RrLoadOptions;

typedef struct _RrDataset RrDataset;

/* Reads and encodes the release.  Errors: those of rr_csv_reader_open/next_batch; RR_ERROR_INVALID
 * for an unknown column ("unknown column 'x' in --qi"); RR_ERROR_PARSE "FILE:LINE:COL: invalid
 * <type> '<value>' in column '<name>': <why>" for a value failing its type's check (unless
 * invalid_as_missing), "FILE:1: header only: no data rows", and "FILE:1:COL: quasi-identifier
 * 'x' is empty in every row". */
RrDataset *rr_dataset_load (const RrLoadOptions *opts, GError **error);
void rr_dataset_free (RrDataset *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrDataset, rr_dataset_free)

guint64 rr_dataset_n_records (const RrDataset *self);
guint64 rr_dataset_n_persons (const RrDataset *self);
guint rr_dataset_n_qi (const RrDataset *self);
/* The n_persons codes of quasi-identifier q (RR_CODE_MISSING for missing); borrowed. */
const guint32 *rr_dataset_qi_codes (const RrDataset *self, guint q);
/* The generalised label of code in quasi-identifier q ("(missing)" for RR_CODE_MISSING). */
const char *rr_dataset_qi_label (const RrDataset *self, guint q, guint32 code);
guint32 rr_dataset_qi_n_distinct (const RrDataset *self, guint q);
guint64 rr_dataset_qi_n_missing (const RrDataset *self, guint q);
guint64 rr_dataset_qi_n_invalid (const RrDataset *self, guint q);
/* The quasi-identifiers' column names, in order: an owned array of borrowed strings. */
GPtrArray *rr_dataset_qi_names (const RrDataset *self);
/* 0-based field index of quasi-identifier q in the file. */
guint rr_dataset_qi_field (const RrDataset *self, guint q);

guint64 rr_dataset_n_inconsistent (const RrDataset *self);
/* The first RR_DATASET_MAX_INCONSISTENT_LINES lines (guint64) where a person's quasi-identifiers
 * differ from the person's first row; borrowed. */
const GArray *rr_dataset_inconsistent_lines (const RrDataset *self);

/* The SHA-256 of the file's bytes (lowercase hex, borrowed).  It is computed in the background
 * during and after the load, so ask for it as late as possible: this finishes it on the calling
 * thread.  Errors: those of rr_file_hash_finish (the file changed while it was read). */
const char *rr_dataset_sha256 (RrDataset *self, GError **error);
guint64 rr_dataset_file_size (const RrDataset *self);
gboolean rr_dataset_is_gzip (const RrDataset *self);
char rr_dataset_delimiter (const RrDataset *self);

/* Whether every label of spec is its own label (rr_qi_generalise of a label gives it back):
 * postcode units, dates at day level, sex, categories as they are.  For such columns the loader
 * enters each label in its map of raw values, so a new raw value already in normal form is a new
 * label, found without a second lookup.  tests/unit/test-dataset.c checks the premise. */
gboolean rr_dataset_labels_are_fixed_points (const RrQiSpec *spec);

/* Reads the header and up to max_rows rows as strings, for column recognition.
 * *header is set to an owned NULL-terminated array; returns an owned GPtrArray of GStrv. */
GPtrArray *rr_dataset_sample (const char *path, char delimiter, guint max_rows, GStrv *header,
                              GError **error);
