/* detect.c - recognises quasi-identifier and identifier columns for runs without --qi: by
 * header name first, then by the content of a sample of rows, each with its reason (qi stage).
 * A header-named column whose sample mostly fails its type's check is audited as a category. */
#include "config.h"
#include "qi/detect.h"
#include "qi/generalised.h"
#include "qi/category.h"
#include "qi/date.h"
#include "qi/number.h"
#include "qi/postcode.h"
#include <string.h>

/* A kind is recognised by content when at least 9 in 10 of the non-empty sampled values match
 * (the 90%); compared in integers so that no rounding decides a borderline column. */
#define SHARE_NUM 9u
#define SHARE_DEN 10u
/* A header-named column keeps its type unless most of its non-empty sampled values fail the
 * type's check; then its values are audited as categories (e.g. postcode districts, which the
 * postcode type does not take yet).  A minority of bad values keeps the type, so that they are
 * reported as invalid when the release is read. */
#define HEADER_KEEP_NUM 1u
#define HEADER_KEEP_DEN 2u
/* Fewer non-empty sampled values than this are too little evidence for a content match: a
 * column holding a lone "A" says nothing about ethnicity. */
#define MIN_CONTENT_VALUES 5u
/* The NHS Data Dictionary's ETHNIC CATEGORY codes (2001 census categories), and its "not
 * stated" code 99 beside them. */
#define ETHNIC_CODES "ABCDEFGHJKLMNPRSZ"
#define ETHNIC_NOT_STATED "99"

typedef enum
{
  KIND_POSTCODE,
  KIND_DATE_OF_BIRTH,
  KIND_DATE,
  KIND_AGE,
  KIND_SEX,
  KIND_ETHNICITY,
  KIND_NHS_NUMBER,
  N_KINDS
} Kind;

typedef struct
{
  const char *name;    /* RrQiDetection.kind */
  RrQiType type;
  gboolean direct;     /* a direct identifier */
  const char *matched; /* "valid UK postcodes": completes "N of M sampled values are ..." */
} KindInfo;

static const KindInfo kinds[N_KINDS] = {
  [KIND_POSTCODE] = { "postcode", RR_QI_POSTCODE, FALSE, "valid UK postcodes" },
  [KIND_DATE_OF_BIRTH] = { "date-of-birth", RR_QI_DATE, FALSE,
                           "valid dates (YYYY-MM-DD or DD/MM/YYYY)" },
  [KIND_DATE] = { "date", RR_QI_DATE, FALSE, "valid dates (YYYY-MM-DD or DD/MM/YYYY)" },
  [KIND_AGE] = { "age", RR_QI_AGE, FALSE, "whole ages from 0 to " G_STRINGIFY (RR_AGE_MAX) },
  [KIND_SEX] = { "sex", RR_QI_SEX, FALSE, "sex codes" },
  [KIND_ETHNICITY] = { "ethnicity", RR_QI_CATEGORY, FALSE, "NHS ethnic category codes" },
  [KIND_NHS_NUMBER] = { "nhs-number", RR_QI_CATEGORY, TRUE,
                        "NHS numbers with a valid check digit" },
};

/* Header names, lower case without '_', '-' or spaces. */
static const struct
{
  const char *name;
  Kind kind;
} header_names[] = {
  { "postcode", KIND_POSTCODE },         { "pcode", KIND_POSTCODE },
  { "postcodedistrict", KIND_POSTCODE }, { "dob", KIND_DATE_OF_BIRTH },
  { "dateofbirth", KIND_DATE_OF_BIRTH }, { "birthdate", KIND_DATE_OF_BIRTH },
  { "sex", KIND_SEX },                   { "gender", KIND_SEX },
  { "ethnicity", KIND_ETHNICITY },       { "ethnicgroup", KIND_ETHNICITY },
  { "ethniccategory", KIND_ETHNICITY },  { "ethnicorigin", KIND_ETHNICITY },
  { "age", KIND_AGE },                   { "nhsnumber", KIND_NHS_NUMBER },
  { "nhsno", KIND_NHS_NUMBER },
};

/* The sampled values of one column, counted against each kind. */
typedef struct
{
  guint n;                /* non-missing values */
  guint match[N_KINDS];   /* values passing each kind's check (DATE_OF_BIRTH unused) */
  guint coarse[N_KINDS];  /* also those already generalised (qi/generalised.h), counted for
                           * a column its header names: postcodes, dates, ages */
  guint n_digits;         /* values of ASCII digits only */
  guint n_digit_sex;      /* values among them that are sex codes (0, 1, 2, 9) */
  gboolean saw_1, saw_2;  /* digit codes for male and female */
  guint32 ethnic_seen;    /* bit i: ETHNIC_CODES[i] seen; the last bit: 99 */
} ColumnStats;

void
rr_qi_detection_free (RrQiDetection *d)
{
  if (d == NULL)
    return;
  g_free (d->column);
  g_free (d->kind);
  g_free (d->reason);
  g_free (d);
}

gboolean
rr_qi_is_nhs_number (const char *s, gsize len)
{
  char d[10];
  guint n = 0;
  for (gsize i = 0; i < len; i++)
    {
      gboolean space_here = len == 12 && (i == 3 || i == 7);
      if (space_here ? s[i] != ' ' : !g_ascii_isdigit (s[i]) || n == 10)
        return FALSE;
      if (!space_here)
        d[n++] = s[i];
    }
  if (n != 10)
    return FALSE;
  guint sum = 0;
  for (guint i = 0; i < 9; i++)
    sum += (guint) (d[i] - '0') * (10 - i);
  guint check = 11 - sum % 11;
  if (check == 10)
    return FALSE;
  return (check == 11 ? 0 : check) == (guint) (d[9] - '0');
}

/* ---- content ---- */

/* Index in ETHNIC_CODES of s, strlen (ETHNIC_CODES) for "99", or -1. */
static int
ethnic_index (const char *s, gsize len)
{
  if (len == 2 && memcmp (s, ETHNIC_NOT_STATED, 2) == 0)
    return (int) strlen (ETHNIC_CODES);
  const char *at = len == 1 && s[0] != '\0' ? strchr (ETHNIC_CODES, s[0]) : NULL;
  return at != NULL ? (int) (at - ETHNIC_CODES) : -1;
}

static void
count_sex (ColumnStats *st, const char *s, gsize len)
{
  if (rr_category_sex_code (s, len) == NULL)
    return;
  st->match[KIND_SEX]++;
  if (g_ascii_isdigit (s[0]))
    {
      st->n_digit_sex++;
      st->saw_1 |= s[0] == '1';
      st->saw_2 |= s[0] == '2';
    }
}

static gboolean
all_digits (const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static void
count_value (ColumnStats *st, const char *s, gsize len)
{
  const char *why;
  char postcode[RR_POSTCODE_MAX + 1];
  GDate date;
  guint age;
  st->n++;
  g_autoptr (GString) coarse = g_string_new (NULL);
  gboolean pc = rr_postcode_normalise (s, len, postcode, &why);
  gboolean dt = rr_date_parse (s, len, &date, &why);
  gboolean ag = rr_number_parse_age (s, len, &age, &why);
  st->match[KIND_POSTCODE] += pc;
  st->match[KIND_DATE] += dt;
  st->match[KIND_AGE] += ag;
  gboolean star = len == 1 && s[0] == '*';
  st->coarse[KIND_POSTCODE] += pc || star || rr_qi_coarse_postcode_append (s, len, RR_LEVEL_UNIT, coarse);
  st->coarse[KIND_DATE] += dt || star || rr_qi_coarse_date_append (s, len, RR_LEVEL_DAY, coarse)
                           || ag || rr_qi_age_band_append (s, len, RR_LEVEL_AGE1, coarse);
  st->coarse[KIND_AGE] += ag || star || rr_qi_age_band_append (s, len, RR_LEVEL_AGE1, coarse);
  st->match[KIND_NHS_NUMBER] += rr_qi_is_nhs_number (s, len);
  int e = ethnic_index (s, len);
  st->match[KIND_ETHNICITY] += e >= 0;
  if (e >= 0)
    st->ethnic_seen |= 1u << e;
  st->n_digits += all_digits (s, len);
  count_sex (st, s, len);
}

/* Strips blanks; FALSE for a missing value. */
static gboolean
value_of (const char *raw, const char **s, gsize *len)
{
  *s = raw;
  *len = strlen (raw);
  if (rr_qi_is_missing (*s, *len))
    return FALSE;
  rr_qi_trim (s, len);
  return TRUE;
}

/* rows holds only rows of exactly the header's width (see rr_qi_detect). */
static ColumnStats
column_stats (const GPtrArray *rows, guint col)
{
  ColumnStats st = { 0 };
  for (guint r = 0; r < rows->len; r++)
    {
      const char *const *row = g_ptr_array_index (rows, r);
      const char *s;
      gsize len;
      if (value_of (row[col], &s, &len))
        count_value (&st, s, len);
    }
  return st;
}

static gboolean
share_ok (const ColumnStats *st, guint matched)
{
  return (guint64) matched * SHARE_DEN >= (guint64) st->n * SHARE_NUM;
}

/* A column of small integers is sex only when its digits are 0, 1, 2 and 9 alone and hold both
 * 1 (male) and 2 (female): a 0/1 flag is not a sex column. */
static gboolean
content_is_sex (const ColumnStats *st)
{
  if (st->n_digits > st->n_digit_sex)
    return FALSE;
  if (st->n_digits > 0 && !(st->saw_1 && st->saw_2))
    return FALSE;
  return share_ok (st, st->match[KIND_SEX]);
}

/* Ethnicity needs two codes or more: single letters are common, and a constant column splits
 * no class anyway. */
static gboolean
content_is_ethnicity (const ColumnStats *st)
{
  guint32 seen = st->ethnic_seen;
  return share_ok (st, st->match[KIND_ETHNICITY]) && (seen & (seen - 1)) != 0;
}

/* The kind the content shows, or N_KINDS; the most specific check wins. */
static Kind
content_kind (const ColumnStats *st)
{
  if (st->n < MIN_CONTENT_VALUES)
    return N_KINDS;
  if (share_ok (st, st->match[KIND_NHS_NUMBER]))
    return KIND_NHS_NUMBER;
  if (share_ok (st, st->match[KIND_POSTCODE]))
    return KIND_POSTCODE;
  if (share_ok (st, st->match[KIND_DATE]))
    return KIND_DATE;
  if (content_is_sex (st))
    return KIND_SEX;
  if (content_is_ethnicity (st))
    return KIND_ETHNICITY;
  return N_KINDS;
}

/* ---- header ---- */

/* The kind a header names, or N_KINDS. */
static Kind
header_kind (const char *header)
{
  g_autoptr (GString) key = g_string_new (NULL);
  for (const char *p = header; *p != '\0'; p++)
    if (*p != '_' && *p != '-' && *p != ' ')
      g_string_append_c (key, g_ascii_tolower (*p));
  for (guint i = 0; i < G_N_ELEMENTS (header_names); i++)
    if (strcmp (key->str, header_names[i].name) == 0)
      return header_names[i].kind;
  return N_KINDS;
}

/* A header that says the dates are of birth ("patient_birth_dt", "DOB_verified"). */
static gboolean
header_says_birth (const char *header)
{
  g_autofree char *lower = g_ascii_strdown (header, -1);
  return strstr (lower, "birth") != NULL || strstr (lower, "dob") != NULL;
}

static RrQiDetection *
detection_new (const char *column, guint index, Kind kind, RrQiSource source)
{
  RrQiDetection *d = g_new0 (RrQiDetection, 1);
  d->column = g_strdup (column);
  d->index = index;
  d->kind = g_strdup (kinds[kind].name);
  d->type = kinds[kind].type;
  d->source = source;
  d->direct_identifier = kinds[kind].direct;
  return d;
}

/* Values that pass the check of kind's type, for a header-named column. */
static guint
header_matches (const ColumnStats *st, Kind kind)
{
  return st->coarse[kind == KIND_DATE_OF_BIRTH ? KIND_DATE : kind]
         + (kinds[kind].type == RR_QI_POSTCODE || kinds[kind].type == RR_QI_DATE
                || kinds[kind].type == RR_QI_AGE
              ? 0
              : st->match[kind]);
}

/* A column named by its header; audited as a category when most sampled values fail its type's
 * check (HEADER_KEEP_NUM / HEADER_KEEP_DEN). */
static RrQiDetection *
detect_by_header (const char *column, guint index, Kind kind, const ColumnStats *st)
{
  RrQiDetection *d = detection_new (column, index, kind, RR_QI_SOURCE_HEADER);
  guint matched = header_matches (st, kind);
  gboolean typed = kinds[kind].type != RR_QI_CATEGORY;
  if (!typed || (guint64) matched * HEADER_KEEP_DEN >= (guint64) st->n * HEADER_KEEP_NUM)
    {
      d->reason = g_strdup_printf ("header '%s'", column);
      return d;
    }
  d->type = RR_QI_CATEGORY;
  d->reason = g_strdup_printf ("header '%s', but only %u of %u sampled values are %s, so its "
                               "values are taken as categories", column, matched, st->n,
                               kinds[kind].matched);
  return d;
}

static RrQiDetection *
detect_by_content (const char *column, guint index, Kind kind, const ColumnStats *st)
{
  gboolean birth = kind == KIND_DATE && header_says_birth (column);
  RrQiDetection *d = detection_new (column, index, birth ? KIND_DATE_OF_BIRTH : kind,
                                    RR_QI_SOURCE_CONTENT);
  d->reason = g_strdup_printf ("%u of %u sampled values are %s%s%s%s", st->match[kind], st->n,
                               kinds[kind].matched, birth ? " and the header '" : "",
                               birth ? column : "", birth ? "' says birth" : "");
  return d;
}

GPtrArray *
rr_qi_detect (const char *const *header, guint n_fields, GPtrArray *sample)
{
  g_return_val_if_fail (header != NULL && sample != NULL, NULL);
  g_autoptr (GPtrArray) rows = g_ptr_array_sized_new (sample->len);
  for (guint r = 0; r < sample->len; r++)
    if (g_strv_length (g_ptr_array_index (sample, r)) == n_fields)
      g_ptr_array_add (rows, g_ptr_array_index (sample, r));
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_qi_detection_free);
  for (guint col = 0; col < n_fields; col++)
    {
      ColumnStats st = column_stats (rows, col);
      Kind kind = header_kind (header[col]);
      if (kind != N_KINDS)
        g_ptr_array_add (found, detect_by_header (header[col], col, kind, &st));
      else if ((kind = content_kind (&st)) != N_KINDS)
        g_ptr_array_add (found, detect_by_content (header[col], col, kind, &st));
    }
  return found;
}
