/* detect.h - recognising quasi-identifier and identifier columns by header name and by content,
 * for runs without --qi; every guess is reported with its reason (qi stage). */
#pragma once
#include <glib.h>
#include "qi/qi.h"

typedef struct
{
  char *column;               /* header name */
  guint index;                /* 0-based field index */
  char *kind;                 /* "postcode", "date-of-birth", "date", "age", "sex",
                                 "ethnicity", "nhs-number" */
  RrQiType type;              /* type to audit it as (meaningless for identifiers) */
  RrQiSource source;          /* RR_QI_SOURCE_HEADER or RR_QI_SOURCE_CONTENT */
  gboolean direct_identifier; /* TRUE for NHS numbers: reported, never used as a QI */
  char *reason;               /* e.g. "header 'dob'", "97% of 1000 sampled values are UK postcodes" */
} RrQiDetection;

void rr_qi_detection_free (RrQiDetection *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrQiDetection, rr_qi_detection_free)

/* Recognises columns from the header and a sample of rows (GPtrArray of GStrv, each with
 * n_fields strings).  Returns an owned array of RrQiDetection in column order, holding only
 * the columns recognised.  A column is recognised by header name first, and by content when
 * at least 90% of its non-empty sampled values match one kind. */
GPtrArray *rr_qi_detect (const char *const *header, guint n_fields, GPtrArray *sample);

/* TRUE if the 10 digits (spaces allowed as "943 476 5919") form a valid NHS number
 * (modulus 11 check digit, NHS Data Dictionary). */
gboolean rr_qi_is_nhs_number (const char *s, gsize len);
