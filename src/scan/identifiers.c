/* identifiers.c - the per-kind matchers: GRegex patterns for the shapes, then the checks no
 * pattern can express (NHS check digit, calendar dates, NI prefixes, name lists) (scan stage). */
#include "config.h"
#include "scan/identifiers.h"
#include "scan/nhs.h"
#include <stdlib.h>
#include <string.h>

/* How far before a date a "born"/"DOB" cue may stand, in bytes ("DOB: ", "born on the "). */
#define RR_DOB_CUE_WINDOW 24

struct _RrIdMatcher
{
  const RrNames *names;
  GRegex *nhs, *email, *phone, *ni, *postcode, *date;
};

static const char *const kind_names[RR_ID_N_KINDS] = {
  "nhs-number", "nhs-number-invalid-check", "email", "phone", "ni-number", "name",
  "postcode",   "date-of-birth",            "date",
};

const char *
rr_id_kind_name (RrIdKind k)
{
  g_return_val_if_fail (k < RR_ID_N_KINDS, NULL);
  return kind_names[k];
}

gboolean
rr_id_kind_is_direct (RrIdKind k)
{
  return k == RR_ID_NHS || k == RR_ID_EMAIL || k == RR_ID_PHONE || k == RR_ID_NI
         || k == RR_ID_NAME;
}

static GRegex *
compile (const char *pattern)
{
  g_autoptr (GError) error = NULL;
  GRegex *re = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &error);
  if (re == NULL)
    g_error ("built-in pattern %s: %s", pattern, error->message); /* a programming error */
  return re;
}

RrIdMatcher *
rr_id_matcher_new (const RrNames *names)
{
  RrIdMatcher *self = g_new0 (RrIdMatcher, 1);
  self->names = names;
  self->nhs = compile ("(?<![\\w])\\d{3}([ -]?)\\d{3}\\1\\d{4}(?![\\w])");
  self->email = compile ("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  self->phone = compile ("(?<![\\w+])(?:\\+44\\s?(?:\\(0\\)\\s?)?|\\(?0)[1235789][\\d\\s()-]{8,13}"
                         "(?<=\\d)(?![\\w])");
  /* Prefix letters exclude D F I Q U V (and O second); suffix A-D (HMRC NIM39110). */
  self->ni = compile ("(?<![A-Za-z0-9])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2}"
                      " ?[A-D](?![A-Za-z0-9])");
  /* Inward letters never use C I K M O V (Royal Mail PAF). */
  self->postcode = compile ("(?<![A-Za-z0-9])[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}"
                            "(?![A-Za-z0-9])");
  self->date = compile ("(?<![\\d/.-])(?:(\\d{4})-(\\d{2})-(\\d{2})|(\\d{1,2})([/.-])(\\d{1,2})\\5"
                        "(\\d{4})|(\\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
                        "[a-z]* (\\d{4}))(?![\\d/.-])");
  return self;
}

void
rr_id_matcher_free (RrIdMatcher *self)
{
  if (self == NULL)
    return;
  g_regex_unref (self->nhs);
  g_regex_unref (self->email);
  g_regex_unref (self->phone);
  g_regex_unref (self->ni);
  g_regex_unref (self->postcode);
  g_regex_unref (self->date);
  g_free (self);
}

typedef struct
{
  const char *value;
  gsize len, first, last; /* [first, last) is the trimmed value */
  RrIdHits *hits;
} ScanCtx;

static void
record (ScanCtx *c, RrIdKind k, gsize start, gsize end)
{
  guint32 bit = 1u << k;
  if (!(c->hits->found & bit))
    {
      c->hits->start[k] = (guint32) start;
      c->hits->len[k] = (guint32) (end - start);
    }
  c->hits->found |= bit;
  if (start == c->first && end == c->last)
    c->hits->whole |= bit;
}

/* Calls check for every match of re; check returns the kind to record or RR_ID_N_KINDS. */
typedef RrIdKind (*MatchCheck) (const RrIdMatcher *m, ScanCtx *c, GMatchInfo *mi);

static void
each_match (const RrIdMatcher *m, ScanCtx *c, const GRegex *re, MatchCheck check)
{
  g_autoptr (GMatchInfo) mi = NULL;
  g_regex_match_full (re, c->value, (gssize) c->len, 0, 0, &mi, NULL);
  for (; g_match_info_matches (mi); g_match_info_next (mi, NULL))
    {
      int s = 0, e = 0;
      g_match_info_fetch_pos (mi, 0, &s, &e);
      RrIdKind k = check (m, c, mi);
      if (k != RR_ID_N_KINDS)
        record (c, k, (gsize) s, (gsize) e);
    }
}

static RrIdKind
check_nhs (const RrIdMatcher *m, ScanCtx *c, GMatchInfo *mi)
{
  (void) m;
  int s = 0, e = 0;
  g_match_info_fetch_pos (mi, 0, &s, &e);
  char digits[10];
  if (!rr_nhs_parse (c->value + s, (gsize) (e - s), digits))
    return RR_ID_N_KINDS;
  return rr_nhs_is_valid (digits) ? RR_ID_NHS : RR_ID_NHS_INVALID;
}

static RrIdKind
accept (const RrIdMatcher *m, ScanCtx *c, GMatchInfo *mi)
{
  (void) m, (void) c, (void) mi;
  return RR_ID_EMAIL;
}

/* 9 or 10 national digits after +44 (and an optional "(0)") or 0; a valid NHS number is not
 * also a phone number. */
static RrIdKind
check_phone (const RrIdMatcher *m, ScanCtx *c, GMatchInfo *mi)
{
  (void) m;
  int s = 0, e = 0;
  g_match_info_fetch_pos (mi, 0, &s, &e);
  char digits[16];
  guint n = 0;
  for (int i = s; i < e && n < sizeof digits; i++)
    if (g_ascii_isdigit (c->value[i]))
      digits[n++] = c->value[i];
  gboolean intl = c->value[s] == '+';
  gboolean bracket_zero = g_strstr_len (c->value + s, e - s, "(0)") != NULL;
  guint prefix = intl ? 2 + (bracket_zero ? 1 : 0) : 1;
  guint national = n > prefix ? n - prefix : 0;
  if (national != 9 && national != 10)
    return RR_ID_N_KINDS;
  if (!intl && n == 10 && rr_nhs_is_valid (digits))
    return RR_ID_N_KINDS;
  return RR_ID_PHONE;
}

static const char *const ni_bad_prefixes[] = { "BG", "GB", "NK", "KN", "TN", "NT", "ZZ" };

static RrIdKind
check_ni (const RrIdMatcher *m, ScanCtx *c, GMatchInfo *mi)
{
  (void) m;
  int s = 0, e = 0;
  g_match_info_fetch_pos (mi, 0, &s, &e);
  for (gsize i = 0; i < G_N_ELEMENTS (ni_bad_prefixes); i++)
    if (strncmp (c->value + s, ni_bad_prefixes[i], 2) == 0)
      return RR_ID_N_KINDS;
  return RR_ID_NI;
}

static RrIdKind
accept_postcode (const RrIdMatcher *m, ScanCtx *c, GMatchInfo *mi)
{
  (void) m, (void) c, (void) mi;
  return RR_ID_POSTCODE;
}

static int
group_int (GMatchInfo *mi, int g)
{
  g_autofree char *s = g_match_info_fetch (mi, g);
  return s != NULL && s[0] != '\0' ? atoi (s) : -1;
}

static int
month_of (GMatchInfo *mi, int g)
{
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  g_autofree char *s = g_match_info_fetch (mi, g);
  const char *p = s != NULL && s[0] != '\0' ? strstr (months, s) : NULL;
  return p == NULL ? -1 : (int) (p - months) / 3 + 1;
}

/* Whether a "born"/"DOB"/"birth" cue stands shortly before byte offset start. */
static gboolean
dob_cue_before (const ScanCtx *c, gsize start)
{
  static const char *const cues[] = { "born", "dob", "d.o.b", "birth" };
  gsize from = start > RR_DOB_CUE_WINDOW ? start - RR_DOB_CUE_WINDOW : 0;
  g_autofree char *window = g_ascii_strdown (c->value + from, (gssize) (start - from));
  for (gsize i = 0; i < G_N_ELEMENTS (cues); i++)
    if (strstr (window, cues[i]) != NULL)
      return TRUE;
  return FALSE;
}

static RrIdKind
check_date_common (ScanCtx *c, GMatchInfo *mi, gboolean dob_column)
{
  int y = group_int (mi, 1), mo = group_int (mi, 2), d = group_int (mi, 3);
  if (y < 0)
    y = group_int (mi, 7), mo = group_int (mi, 6), d = group_int (mi, 4);
  if (y < 0)
    y = group_int (mi, 10), mo = month_of (mi, 9), d = group_int (mi, 8);
  if (y < 1900 || y > 2099 || mo < 1 || mo > 12 || d < 1 || !g_date_valid_dmy (d, mo, y))
    return RR_ID_N_KINDS;
  int s = 0, e = 0;
  g_match_info_fetch_pos (mi, 0, &s, &e);
  return dob_column || dob_cue_before (c, (gsize) s) ? RR_ID_DOB : RR_ID_DATE;
}

static RrIdKind
check_date (const RrIdMatcher *m, ScanCtx *c, GMatchInfo *mi)
{
  (void) m;
  return check_date_common (c, mi, FALSE);
}

static RrIdKind
check_dob_column_date (const RrIdMatcher *m, ScanCtx *c, GMatchInfo *mi)
{
  (void) m;
  return check_date_common (c, mi, TRUE);
}

/* ---- names ---- */

typedef struct
{
  gsize start, end;
  gboolean capital;
} Token;

/* ASCII letter runs; at most max tokens. */
static guint
tokenise (const char *v, gsize first, gsize last, Token *tokens, guint max)
{
  guint n = 0;
  for (gsize i = first; i < last && n < max;)
    {
      if (!g_ascii_isalpha (v[i]))
        {
          i++;
          continue;
        }
      gsize j = i;
      while (j < last && g_ascii_isalpha (v[j]))
        j++;
      tokens[n++] = (Token){ i, j, g_ascii_isupper (v[i]) };
      i = j;
    }
  return n;
}

static gboolean
is_fore (const RrIdMatcher *m, const char *v, const Token *t)
{
  return rr_names_is_forename (m->names, v + t->start, t->end - t->start);
}

static gboolean
is_sur (const RrIdMatcher *m, const char *v, const Token *t)
{
  return rr_names_is_surname (m->names, v + t->start, t->end - t->start);
}

/* "Forename Surname" (one space) or "Surname, Forename", both capitalised. */
static gboolean
name_pair (const RrIdMatcher *m, const char *v, const Token *a, const Token *b)
{
  if (!a->capital || !b->capital)
    return FALSE;
  gsize gap = b->start - a->end;
  const char *sep = v + a->end;
  if (gap == 1 && sep[0] == ' ')
    return is_fore (m, v, a) && is_sur (m, v, b);
  if (gap == 2 && sep[0] == ',' && sep[1] == ' ')
    return is_sur (m, v, a) && is_fore (m, v, b);
  return FALSE;
}

/* Free text is long; names are looked for in its first tokens only. */
#define RR_MAX_TOKENS 256

static void
scan_names (const RrIdMatcher *m, ScanCtx *c)
{
  Token tokens[RR_MAX_TOKENS];
  guint n = tokenise (c->value, c->first, c->last, tokens, RR_MAX_TOKENS);
  if (n == 1 && tokens[0].start == c->first && tokens[0].end == c->last)
    c->hits->single_name = is_fore (m, c->value, &tokens[0]) || is_sur (m, c->value, &tokens[0]);
  for (guint i = 0; i + 1 < n; i++)
    if (name_pair (m, c->value, &tokens[i], &tokens[i + 1]))
      record (c, RR_ID_NAME, tokens[i].start, tokens[i + 1].end);
}

static void
count_chars (const char *v, gsize len, guint *digits, gboolean *at, gboolean *alpha)
{
  *digits = 0, *at = FALSE, *alpha = FALSE;
  for (gsize i = 0; i < len; i++)
    {
      *digits += g_ascii_isdigit (v[i]);
      *at |= v[i] == '@';
      *alpha |= g_ascii_isalpha (v[i]);
    }
}

/* Whether [first, last) is one token of letters and digits mixed, longer than any identifier
 * written without separators (NHS number 10, NI number 9, postcode 7, phone 12): every pattern
 * is bounded by non-word characters and names are letter runs apart by a space or ", ", so none
 * can match inside it.  Hashed pseudonyms are such tokens; skipping them keeps the scan fast. */
static gboolean
is_long_mixed_token (const char *v, gsize first, gsize last)
{
  if (last - first <= 12)
    return FALSE;
  gboolean digit = FALSE, alpha = FALSE;
  for (gsize i = first; i < last; i++)
    {
      if (!g_ascii_isalnum (v[i]))
        return FALSE;
      digit |= g_ascii_isdigit (v[i]);
      alpha |= g_ascii_isalpha (v[i]);
    }
  return digit && alpha;
}

void
rr_id_matcher_scan (const RrIdMatcher *self, const char *value, gsize len, gboolean dob_column,
                    RrIdHits *hits)
{
  memset (hits, 0, sizeof *hits);
  ScanCtx c = { value, len, 0, len, hits };
  while (c.first < c.last && g_ascii_isspace (value[c.first]))
    c.first++;
  while (c.last > c.first && g_ascii_isspace (value[c.last - 1]))
    c.last--;
  if (is_long_mixed_token (value, c.first, c.last))
    return;
  guint digits;
  gboolean at, alpha;
  count_chars (value, len, &digits, &at, &alpha);
  /* Cheap filters first: each pattern needs at least this many digits or an '@'. */
  if (digits >= 10)
    each_match (self, &c, self->nhs, check_nhs);
  if (digits >= 9)
    each_match (self, &c, self->phone, check_phone);
  if (digits >= 6)
    each_match (self, &c, self->ni, check_ni);
  if (digits >= 5) /* "3 May 1961" */
    each_match (self, &c, self->date, dob_column ? check_dob_column_date : check_date);
  if (digits >= 2)
    each_match (self, &c, self->postcode, accept_postcode);
  if (at)
    each_match (self, &c, self->email, accept);
  if (alpha && self->names != NULL)
    scan_names (self, &c);
}

/* ---- masking ---- */

static char *
mask_nhs (const char *match, gsize len, gboolean valid)
{
  char digits[10];
  if (!rr_nhs_parse (match, len, digits))
    return g_strdup ("*** *** ****");
  return g_strdup_printf ("%.3s *** **** (%s check digit)", digits, valid ? "valid" : "invalid");
}

static char *
mask_email (const char *match, gsize len)
{
  const char *dot = g_strrstr_len (match, (gssize) len, ".");
  gsize tld = dot != NULL ? len - (gsize) (dot + 1 - match) : 0;
  return g_strdup_printf ("%c***@***.%.*s", match[0], (int) tld, dot != NULL ? dot + 1 : "");
}

/* The leading letters of the first word (postcode area, NI prefix). */
static char *
mask_letters (const char *match, gsize len, const char *rest)
{
  gsize n = 0;
  while (n < len && n < 2 && g_ascii_isalpha (match[n]))
    n++;
  return g_strdup_printf ("%.*s%s", (int) n, match, rest);
}

static char *
mask_name (const char *match, gsize len)
{
  GString *s = g_string_new (NULL);
  gboolean start = TRUE;
  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_isalpha (match[i]) && start)
        g_string_append_printf (s, "%s%c***", s->len > 0 ? " " : "", match[i]);
      start = !g_ascii_isalpha (match[i]);
    }
  return g_string_free (s, FALSE);
}

/* The date's written form, with no digit of it: "yyyy-mm-dd", "dd/mm/yyyy", "d Month yyyy". */
static char *
mask_date (const char *match, gsize len)
{
  if (len >= 10 && match[4] == '-')
    return g_strdup ("yyyy-mm-dd");
  for (gsize i = 0; i < len; i++)
    if (match[i] == '/' || match[i] == '.' || match[i] == '-')
      return g_strdup_printf ("dd%cmm%cyyyy", match[i], match[i]);
  return g_strdup ("d Month yyyy");
}

char *
rr_id_mask (RrIdKind k, const char *match, gsize len)
{
  g_return_val_if_fail (k < RR_ID_N_KINDS && len > 0, NULL);
  switch (k)
    {
    case RR_ID_NHS:
    case RR_ID_NHS_INVALID:
      return mask_nhs (match, len, k == RR_ID_NHS);
    case RR_ID_EMAIL:
      return mask_email (match, len);
    case RR_ID_PHONE:
      return g_strdup_printf ("%.*s** *** ****", (int) MIN (len, 2), match);
    case RR_ID_NI:
      return mask_letters (match, len, " ** ** ** *");
    case RR_ID_NAME:
      return mask_name (match, len);
    case RR_ID_POSTCODE:
      return mask_letters (match, len, "** ***");
    case RR_ID_DOB:
    case RR_ID_DATE:
    default:
      return mask_date (match, len);
    }
}
