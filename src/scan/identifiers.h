/* identifiers.h - finds direct identifiers and near-identifiers in one field: NHS numbers,
 * e-mail addresses, UK phone numbers, National Insurance numbers, personal names, full UK
 * postcodes and dates (of birth) (scan stage).  Values are only classified and masked: no
 * matched text leaves this module unmasked. */
#pragma once
#include <glib.h>
#include "scan/names.h"

typedef enum
{
  RR_ID_NHS,         /* 10 digits (or 3-3-4) with a valid modulus-11 check digit */
  RR_ID_NHS_INVALID, /* NHS-shaped, check digit wrong: reported, never a finding */
  RR_ID_EMAIL,
  RR_ID_PHONE,       /* +44 or 0, then 9-10 digits starting 1,2,3,5,7,8,9 (Ofcom numbering) */
  RR_ID_NI,          /* National Insurance number, HMRC prefix rules (NIM39110) */
  RR_ID_NAME,        /* "Forename Surname" or "Surname, Forename" from the shipped lists */
  RR_ID_POSTCODE,    /* full unit postcode, e.g. LS1 4AP */
  RR_ID_DOB,         /* a date in a date-of-birth column, or after "born"/"DOB" in text */
  RR_ID_DATE,        /* any other valid calendar date */
  RR_ID_N_KINDS,
} RrIdKind;

/* "nhs-number", "nhs-number-invalid-check", "email", "phone", "ni-number", "name", "postcode",
 * "date-of-birth", "date"; static storage. */
const char *rr_id_kind_name (RrIdKind k);
/* Direct identifiers single out a person on their own (NHS number, e-mail, phone, NI, name). */
gboolean rr_id_kind_is_direct (RrIdKind k);

typedef struct
{
  guint32 found; /* bit k: the field holds at least one kind-k match */
  guint32 whole; /* bit k: the trimmed field is exactly one kind-k match */
  gboolean single_name; /* the trimmed field is one listed forename or surname */
  guint32 start[RR_ID_N_KINDS], len[RR_ID_N_KINDS]; /* the first kind-k match */
} RrIdHits;

typedef struct _RrIdMatcher RrIdMatcher;

/* names is borrowed and may be NULL (no name matching).  The patterns are fixed and compile. */
RrIdMatcher *rr_id_matcher_new (const RrNames *names);
void rr_id_matcher_free (RrIdMatcher *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrIdMatcher, rr_id_matcher_free)

/* Classifies the len bytes at value (valid UTF-8, need not be NUL-terminated).  dob_column says
 * the column holds dates of birth (its header names it so), making every date a RR_ID_DOB. */
void rr_id_matcher_scan (const RrIdMatcher *self, const char *value, gsize len,
                         gboolean dob_column, RrIdHits *hits);

/* A masked rendering of a kind-k match (len bytes at match) that keeps no more than the report
 * may show: "943 *** **** (valid check digit)", "j***@***.uk", "LS** ***".  Owned. */
char *rr_id_mask (RrIdKind k, const char *match, gsize len);
