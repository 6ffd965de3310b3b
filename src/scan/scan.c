/* scan.c - streams a release through the identifier matchers and pseudonym collectors column by
 * column, then decides the verdicts, runs the dictionary attack and checks objections and
 * linkage (scan stage). */
#include "config.h"
#include "scan/scan.h"
#include "scan/names.h"
#include "scan/nhs.h"
#include "scan/objections.h"
#include "util/error.h"
#include <stdlib.h>
#include <string.h>

static const char *const verdict_names[] = { "clean", "quasi-identifier",
                                             "free-text-with-identifiers", "identifier" };

const char *
rr_verdict_name (RrVerdict v)
{
  g_return_val_if_fail (v <= RR_VERDICT_IDENTIFIER, NULL);
  return verdict_names[v];
}

void
rr_scan_options_init (RrScanOptions *o)
{
  *o = (RrScanOptions){ 0 };
  rr_attack_options_init (&o->attack);
}

/* ---- results ---- */

static void
column_scan_free (RrColumnScan *c)
{
  g_free (c->name);
  for (guint k = 0; k < RR_ID_N_KINDS; k++)
    g_free (c->example[k]);
  g_free (c->reason);
  g_free (c);
}

static void
pseudonym_scan_free (RrPseudonymScan *p)
{
  g_free (p->column);
  g_free (p->encoding);
  g_free (p->transform);
  g_array_unref (p->tries);
  g_free (p);
}

static void
link_scan_free (RrLinkScan *l)
{
  g_free (l->against);
  g_free (l->column);
  g_free (l->previous_column);
  g_free (l);
}

void
rr_scan_result_free (RrScanResult *self)
{
  if (self == NULL)
    return;
  g_free (self->file);
  g_ptr_array_unref (self->columns);
  g_ptr_array_unref (self->pseudonyms);
  g_ptr_array_unref (self->links);
  if (self->objections != NULL)
    {
      g_free (self->objections->path);
      g_free (self->objections->matched_by);
      g_free (self->objections);
    }
  g_free (self);
}

/* ---- the scanner ---- */

typedef struct
{
  RrColumnScan *out;   /* owned until handed to the result */
  gboolean dob;        /* the header names a date of birth */
  gboolean hinted;     /* the header names a pseudonym, or --pseudonym did */
  GHashTable *cache;   /* value -> packed hits (see pack_hits) */
  RrPseudonymSet *set; /* every column is a candidate digest column */
  gboolean set_usable;
  GArray *numbers;     /* guint64 values of a hinted column of (prefixed) decimal numbers;
                          NULL once a value is not one */
  char *number_prefix; /* the letters before the digits ("P" in "P000123"), the same in all */
  guint64 n_ten, n_ten_valid; /* ten-digit numbers, and those with a valid NHS check digit */
  GHashTable *raw;     /* distinct raw values of a hinted column (objections, linkage) */
  GString *last;       /* the last value added, and its packed hits (0 before any) */
  guint last_packed;
} ColumnState;

struct _RrScanner
{
  const RrNames *names;
  const RrScanOptions *opts;
  RrIdMatcher *matcher;
  GPtrArray *cols; /* ColumnState* */
  guint64 rows;
  GHashTable *nhs_seen; /* ten-digit strings of valid NHS numbers met in any column */
  gboolean sealed;
};

static void
column_state_free (ColumnState *c)
{
  if (c->out != NULL)
    column_scan_free (c->out);
  g_hash_table_unref (c->cache);
  rr_pseudonym_set_free (c->set);
  if (c->numbers != NULL)
    g_array_unref (c->numbers);
  g_free (c->number_prefix);
  g_string_free (c->last, TRUE);
  if (c->raw != NULL)
    g_hash_table_unref (c->raw);
  g_free (c);
}

void
rr_scanner_free (RrScanner *self)
{
  if (self == NULL)
    return;
  rr_id_matcher_free (self->matcher);
  g_ptr_array_unref (self->cols);
  g_hash_table_unref (self->nhs_seen);
  g_free (self);
}

static gboolean
header_has (const char *name, const char *const *words)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  for (; *words != NULL; words++)
    if (strstr (lower, *words) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
header_is_pseudonym (const char *name, const RrScanOptions *opts)
{
  static const char *const words[] = { "pseudo", "patient", "person", "subject", "token",
                                       "hash", NULL };
  if (opts->pseudonym_columns != NULL && g_strv_contains (opts->pseudonym_columns, name))
    return TRUE;
  gsize n = strlen (name);
  gboolean id_suffix = n >= 2 && g_ascii_strcasecmp (name + n - 2, "id") == 0
                       && (n == 2 || !g_ascii_isalpha (name[n - 3]));
  return id_suffix || header_has (name, words);
}

static ColumnState *
column_state_new (const char *name, const RrScanOptions *opts)
{
  static const char *const dob_words[] = { "birth", "dob", NULL };
  ColumnState *c = g_new0 (ColumnState, 1);
  c->out = g_new0 (RrColumnScan, 1);
  c->out->name = g_strdup (name);
  c->dob = header_has (name, dob_words);
  c->hinted = header_is_pseudonym (name, opts);
  c->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c->last = g_string_new (NULL);
  c->set = rr_pseudonym_set_new (name);
  if (c->hinted)
    c->numbers = g_array_new (FALSE, FALSE, sizeof (guint64));
  if (c->hinted && opts->keep_values)
    c->raw = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return c;
}

RrScanner *
rr_scanner_new (const char *const *header, guint n_fields, const RrNames *names,
                const RrScanOptions *opts)
{
  RrScanner *self = g_new0 (RrScanner, 1);
  self->names = names;
  self->opts = opts;
  self->matcher = rr_id_matcher_new (names);
  self->cols = g_ptr_array_new_with_free_func ((GDestroyNotify) column_state_free);
  for (guint j = 0; j < n_fields; j++)
    g_ptr_array_add (self->cols, column_state_new (header[j], opts));
  self->nhs_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

/* found, whole and single_name in one word, never 0 (so a cached value is never NULL). */
static guint
pack_hits (const RrIdHits *h)
{
  return h->found | (h->whole << RR_ID_N_KINDS) | ((guint) h->single_name << (2 * RR_ID_N_KINDS))
         | (1u << 31);
}

static void
count_packed (RrColumnScan *out, guint packed)
{
  for (guint k = 0; k < RR_ID_N_KINDS; k++)
    {
      out->count[k] += (packed >> k) & 1;
      out->whole[k] += (packed >> (k + RR_ID_N_KINDS)) & 1;
    }
  out->single_names += (packed >> (2 * RR_ID_N_KINDS)) & 1;
}

static void
remember_examples (RrScanner *self, ColumnState *c, const char *v, const RrIdHits *h)
{
  for (guint k = 0; k < RR_ID_N_KINDS; k++)
    if ((h->found & (1u << k)) && c->out->example[k] == NULL)
      c->out->example[k] = rr_id_mask (k, v + h->start[k], h->len[k]);
  char digits[10];
  if ((h->found & (1u << RR_ID_NHS))
      && rr_nhs_parse (v + h->start[RR_ID_NHS], h->len[RR_ID_NHS], digits))
    g_hash_table_add (self->nhs_seen, g_strndup (digits, 10));
}

/* Whether v is a constant prefix of up to 8 non-digits followed by 1 to 18 digits (the first
 * value fixes the prefix); *digits points at the digits. */
static gboolean
prefixed_number (ColumnState *c, const char *v, gsize len, const char **digits, gsize *n)
{
  gsize k = 0;
  while (k < len && !g_ascii_isdigit (v[k]))
    k++;
  *digits = v + k;
  *n = len - k;
  if (k > 8 || *n == 0 || *n > 18)
    return FALSE;
  for (gsize i = 0; i < *n; i++)
    if (!g_ascii_isdigit ((*digits)[i]))
      return FALSE;
  if (c->number_prefix == NULL)
    c->number_prefix = g_strndup (v, k);
  return strlen (c->number_prefix) == k && strncmp (c->number_prefix, v, k) == 0;
}

/* A hinted column's decimal values, for the sequential and check-digit tests. */
static void
add_number (ColumnState *c, const char *v, gsize len)
{
  const char *digits = NULL;
  gsize n = 0;
  if (c->numbers == NULL)
    return;
  if (!prefixed_number (c, v, len, &digits, &n))
    {
      g_clear_pointer (&c->numbers, g_array_unref);
      return;
    }
  guint64 x = 0;
  for (gsize i = 0; i < n; i++)
    x = x * 10 + (guint64) (digits[i] - '0');
  g_array_append_val (c->numbers, x);
  c->n_ten += n == 10;
  c->n_ten_valid += n == 10 && rr_nhs_is_valid (digits);
}

/* The hits of a value not met in this column before (or not remembered). */
static guint
classify_new (RrScanner *self, ColumnState *c, const char *v, gsize len)
{
  RrIdHits h;
  rr_id_matcher_scan (self->matcher, v, len, c->dob, &h);
  remember_examples (self, c, v, &h);
  guint packed = pack_hits (&h);
  if (g_hash_table_size (c->cache) < RR_SCAN_CACHE_MAX)
    g_hash_table_insert (c->cache, g_strdup (c->last->str), GUINT_TO_POINTER (packed));
  else
    c->out->distinct_capped = TRUE;
  return packed;
}

static void
column_add (RrScanner *self, ColumnState *c, const char *v, gsize len)
{
  while (len > 0 && g_ascii_isspace (v[len - 1]))
    len--;
  while (len > 0 && g_ascii_isspace (v[0]))
    v++, len--;
  if (len == 0)
    return;
  c->out->n_values++;
  rr_pseudonym_set_add (c->set, v, len);
  add_number (c, v, len);
  /* A person's rows usually follow one another: a value equal to the last one has its hits. */
  if (c->last_packed != 0 && len == c->last->len && memcmp (v, c->last->str, len) == 0)
    {
      count_packed (c->out, c->last_packed);
      return;
    }
  g_string_truncate (c->last, 0);
  const char *key = g_string_append_len (c->last, v, (gssize) len)->str;
  if (c->raw != NULL && !g_hash_table_contains (c->raw, key))
    g_hash_table_add (c->raw, g_strdup (key));
  guint packed = GPOINTER_TO_UINT (g_hash_table_lookup (c->cache, key));
  if (packed == 0)
    packed = classify_new (self, c, v, len);
  c->last_packed = packed;
  count_packed (c->out, packed);
}

void
rr_scanner_add_row (RrScanner *self, const char *const *fields, const gsize *lens)
{
  g_return_if_fail (!self->sealed);
  self->rows++;
  for (guint j = 0; j < self->cols->len; j++)
    column_add (self, g_ptr_array_index (self->cols, j), fields[j], lens[j]);
}

void
rr_scanner_add_batch (RrScanner *self, const RrCsvBatch *batch)
{
  g_return_if_fail (batch->n_fields == self->cols->len);
  g_autofree const char **fields = g_new (const char *, batch->n_fields);
  g_autofree gsize *lens = g_new (gsize, batch->n_fields);
  for (guint i = 0; i < batch->n_rows; i++)
    {
      for (guint j = 0; j < batch->n_fields; j++)
        {
          gsize at = (gsize) i * batch->n_fields + j;
          fields[j] = batch->base + batch->start[at];
          lens[j] = batch->len[at];
        }
      rr_scanner_add_row (self, fields, lens);
    }
}

/* ---- verdicts ---- */

static gboolean
share_at_least (guint64 part, guint64 whole, double share)
{
  return whole > 0 && (double) part >= share * (double) whole;
}

static RrVerdict
identifier_rule (const RrColumnScan *c, GString *why)
{
  static const RrIdKind direct[] = { RR_ID_NHS, RR_ID_EMAIL, RR_ID_PHONE, RR_ID_NI, RR_ID_NAME };
  for (gsize i = 0; i < G_N_ELEMENTS (direct); i++)
    {
      RrIdKind k = direct[i];
      guint64 whole = c->whole[k];
      if (k == RR_ID_NAME && (c->n_distinct >= RR_SCAN_SINGLE_NAME_MIN_DISTINCT))
        whole += c->single_names;
      if (share_at_least (whole, c->n_values, RR_SCAN_WHOLE_SHARE))
        {
          g_string_printf (why, "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                           " values are wholly %s", whole, c->n_values, rr_id_kind_name (k));
          return RR_VERDICT_IDENTIFIER;
        }
    }
  return RR_VERDICT_CLEAN;
}

static const char *
values_hold (guint64 n)
{
  return n == 1 ? "value holds" : "values hold";
}

static RrVerdict
free_text_rule (const RrColumnScan *c, GString *why)
{
  static const RrIdKind strong[] = { RR_ID_EMAIL, RR_ID_PHONE, RR_ID_NI, RR_ID_POSTCODE,
                                     RR_ID_DOB };
  /* Whole-value NHS-shaped numbers are NHS numbers only when most pass the check digit; an
   * embedded valid one always counts. */
  guint64 nhs_embedded = c->count[RR_ID_NHS] - c->whole[RR_ID_NHS];
  gboolean nhs_whole = c->whole[RR_ID_NHS] > 0 && c->whole[RR_ID_NHS] > c->whole[RR_ID_NHS_INVALID];
  if (nhs_embedded > 0 || nhs_whole)
    {
      g_string_printf (why, "%" G_GUINT64_FORMAT " %s an NHS number", c->count[RR_ID_NHS],
                       values_hold (c->count[RR_ID_NHS]));
      return RR_VERDICT_FREE_TEXT;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (strong); i++)
    {
      RrIdKind k = strong[i];
      /* whole postcodes/dates are a quasi-identifier column's ordinary values */
      guint64 n = (k == RR_ID_POSTCODE || k == RR_ID_DOB) ? c->count[k] - c->whole[k] : c->count[k];
      if (n > 0)
        {
          g_string_printf (why, "%" G_GUINT64_FORMAT " %s %s", n, values_hold (n),
                           rr_id_kind_name (k));
          return RR_VERDICT_FREE_TEXT;
        }
    }
  guint64 names = c->count[RR_ID_NAME];
  if (names >= RR_SCAN_NAME_TEXT_MIN && share_at_least (names, c->n_values, RR_SCAN_NAME_TEXT_SHARE))
    {
      g_string_printf (why, "%" G_GUINT64_FORMAT " %s a full name", names, values_hold (names));
      return RR_VERDICT_FREE_TEXT;
    }
  return RR_VERDICT_CLEAN;
}

static RrVerdict
quasi_rule (const RrColumnScan *c, GString *why)
{
  static const RrIdKind quasi[] = { RR_ID_POSTCODE, RR_ID_DOB, RR_ID_DATE };
  for (gsize i = 0; i < G_N_ELEMENTS (quasi); i++)
    if (share_at_least (c->whole[quasi[i]], c->n_values, RR_SCAN_WHOLE_SHARE))
      {
        g_string_printf (why, "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " values are %s",
                         c->whole[quasi[i]], c->n_values, rr_id_kind_name (quasi[i]));
        return RR_VERDICT_QUASI_IDENTIFIER;
      }
  return RR_VERDICT_CLEAN;
}

static void
decide_verdict (RrColumnScan *c)
{
  g_autoptr (GString) why = g_string_new ("no identifiers found");
  c->verdict = identifier_rule (c, why);
  if (c->verdict == RR_VERDICT_CLEAN)
    c->verdict = free_text_rule (c, why);
  if (c->verdict == RR_VERDICT_CLEAN)
    c->verdict = quasi_rule (c, why);
  c->reason = g_strdup (why->str);
}

/* ---- pseudonyms ---- */

static void
scanner_seal (RrScanner *self)
{
  if (self->sealed)
    return;
  self->sealed = TRUE;
  for (guint j = 0; j < self->cols->len; j++)
    {
      ColumnState *c = g_ptr_array_index (self->cols, j);
      c->out->n_distinct = g_hash_table_size (c->cache);
      c->set_usable = rr_pseudonym_set_seal (c->set);
    }
}

static RrPseudonymScan *
pseudonym_scan_new (const ColumnState *c)
{
  RrPseudonymScan *p = g_new0 (RrPseudonymScan, 1);
  p->column = g_strdup (c->out->name);
  p->encoding = g_strdup (rr_pseudonym_set_encoding (c->set) == RR_PSEUDONYM_HEX ? "hex" : "base64");
  p->bits = rr_pseudonym_set_bits (c->set);
  p->n_values = rr_pseudonym_set_n_values (c->set);
  p->n_other = rr_pseudonym_set_n_other (c->set);
  p->n_pseudonyms = rr_pseudonym_set_n_distinct (c->set);
  p->transform = g_strdup ("none");
  p->tries = g_array_new (FALSE, TRUE, sizeof (RrAttackTry));
  return p;
}

/* Keeps the try that reversed most among the reversible ones as the column's finding. */
static void
pseudonym_scan_add_try (RrPseudonymScan *p, const RrAttackTry *t)
{
  g_array_append_val (p->tries, *t);
  p->candidates += t->candidates;
  p->seconds += t->seconds;
  p->stopped_early |= t->stopped_early;
  if (t->reversible && (!p->reversible || t->reversed > p->reversed))
    {
      p->reversible = p->weak = TRUE;
      p->reversed = t->reversed;
      p->unique = t->unique;
      g_free (p->transform);
      p->transform = g_strdup (rr_transform_name (t->transform));
    }
}

static guint
n_transforms (const RrScanOptions *o)
{
  return o->transforms != NULL ? o->n_transforms : RR_N_TRANSFORMS;
}

static RrTransform
transform_at (const RrScanOptions *o, guint i)
{
  return o->transforms != NULL ? o->transforms[i] : rr_transform_nth (i);
}

static void
run_attack (RrScanner *self, RrScanResult *r)
{
  g_autoptr (GPtrArray) sets = g_ptr_array_new ();
  g_autoptr (GPtrArray) scans = g_ptr_array_new ();
  for (guint j = 0; j < self->cols->len; j++)
    {
      ColumnState *c = g_ptr_array_index (self->cols, j);
      if (!c->set_usable)
        continue;
      g_ptr_array_add (sets, c->set);
      RrPseudonymScan *p = pseudonym_scan_new (c);
      g_ptr_array_add (scans, p);
      g_ptr_array_add (r->pseudonyms, p);
    }
  if (sets->len == 0 || self->opts->no_attack)
    return;
  g_autofree RrAttackTry *tries = g_new0 (RrAttackTry, sets->len);
  for (guint i = 0; i < n_transforms (self->opts); i++)
    {
      rr_attack_run ((RrPseudonymSet *const *) sets->pdata, sets->len,
                     transform_at (self->opts, i), &self->opts->attack, tries);
      for (guint s = 0; s < sets->len; s++)
        pseudonym_scan_add_try (g_ptr_array_index (scans, s), &tries[s]);
    }
}

static int
guint64_compare (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  return x < y ? -1 : x > y;
}

/* Sorted distinct values; returns the share of neighbours exactly one apart. */
static double
sequential_share (GArray *numbers)
{
  g_array_sort (numbers, guint64_compare);
  guint64 steps = 0, ones = 0;
  for (guint i = 1; i < numbers->len; i++)
    {
      guint64 d = g_array_index (numbers, guint64, i) - g_array_index (numbers, guint64, i - 1);
      steps += d > 0;
      ones += d == 1;
    }
  return steps > 0 ? (double) ones / (double) steps : 0.0;
}

/* A hinted column of decimal numbers: sequential, or keeping the NHS check digit (all of them
 * ten digits long, leading zeros included). */
static void
weak_numeric (const ColumnState *c, RrScanResult *r)
{
  if (c->numbers == NULL || c->out->n_distinct < RR_SCAN_WEAK_MIN_DISTINCT || c->set_usable)
    return;
  gboolean all_ten = c->n_ten > 0 && c->n_ten == c->numbers->len;
  double valid = all_ten ? (double) c->n_ten_valid / (double) c->n_ten : 0.0;
  double seq = sequential_share (c->numbers);
  const char *kind = valid >= RR_SCAN_WEAK_SHARE ? "keeps-nhs-check-digit"
                     : seq >= RR_SCAN_WEAK_SHARE ? "sequential" : NULL;
  if (kind == NULL)
    return;
  RrPseudonymScan *p = g_new0 (RrPseudonymScan, 1);
  p->column = g_strdup (c->out->name);
  p->encoding = g_strdup ("decimal");
  p->n_values = c->out->n_values;
  p->n_pseudonyms = c->out->n_distinct;
  p->weak = TRUE;
  p->transform = g_strdup (kind);
  p->tries = g_array_new (FALSE, TRUE, sizeof (RrAttackTry));
  g_ptr_array_add (r->pseudonyms, p);
}

/* ---- objections ---- */

/* Whether an objector's NHS number is in the release: in clear, or as any transform's digest
 * in a digest column.  *how receives a description of the first way found. */
static gboolean
nhs_objector_found (RrScanner *self, const char *digits, char **how)
{
  g_autofree char *key = g_strndup (digits, 10);
  if (g_hash_table_contains (self->nhs_seen, key))
    {
      *how = g_strdup ("NHS number in clear");
      return TRUE;
    }
  for (guint i = 0; i < RR_N_TRANSFORMS; i++)
    {
      guint8 digest[RR_DIGEST_MAX_BYTES];
      RrTransform t = rr_transform_nth (i);
      guint len = rr_transform_apply (t, digits, digest);
      for (guint j = 0; j < self->cols->len; j++)
        {
          ColumnState *c = g_ptr_array_index (self->cols, j);
          if (c->set_usable && rr_pseudonym_set_contains_digest (c->set, digest, len))
            {
              *how = g_strdup_printf ("%s of the NHS number in column %s", rr_transform_name (t),
                                      c->out->name);
              return TRUE;
            }
        }
    }
  return FALSE;
}

static gboolean
pseudonym_objector_found (RrScanner *self, const char *entry, char **how)
{
  for (guint j = 0; j < self->cols->len; j++)
    {
      ColumnState *c = g_ptr_array_index (self->cols, j);
      gboolean in_set = c->set_usable
                        && rr_pseudonym_set_contains_value (c->set, entry, strlen (entry));
      gboolean in_raw = c->raw != NULL && g_hash_table_contains (c->raw, entry);
      if (in_set || in_raw)
        {
          *how = g_strdup_printf ("pseudonym in column %s", c->out->name);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
release_has_digest_column (RrScanner *self)
{
  for (guint j = 0; j < self->cols->len; j++)
    if (((ColumnState *) g_ptr_array_index (self->cols, j))->set_usable)
      return TRUE;
  return FALSE;
}

static RrObjectionScan *
match_objections (RrScanner *self, const RrObjectionList *list, const char *path)
{
  RrObjectionScan *o = g_new0 (RrObjectionScan, 1);
  o->path = g_strdup (path);
  o->listed = rr_objection_list_n_entries (list);
  o->listed_nhs = rr_objection_list_n_nhs (list);
  gboolean checkable = g_hash_table_size (self->nhs_seen) > 0 || release_has_digest_column (self);
  for (guint i = 0; i < o->listed; i++)
    {
      gboolean is_nhs = FALSE;
      const char *entry = rr_objection_list_entry (list, i, &is_nhs);
      g_autofree char *how = NULL;
      gboolean found = is_nhs ? nhs_objector_found (self, entry, &how)
                              : pseudonym_objector_found (self, entry, &how);
      o->found += found;
      o->unmatchable += is_nhs && !found && !checkable;
      if (found && o->matched_by == NULL)
        o->matched_by = g_steal_pointer (&how);
    }
  return o;
}

/* ---- linkage ---- */

static ColumnState *
previous_column (RrScanner *previous, const ColumnState *c, gboolean want_set)
{
  ColumnState *fallback = NULL;
  for (guint j = 0; j < previous->cols->len; j++)
    {
      ColumnState *p = g_ptr_array_index (previous->cols, j);
      gboolean usable = want_set ? p->set_usable : p->raw != NULL;
      if (!usable)
        continue;
      if (strcmp (p->out->name, c->out->name) == 0)
        return p;
      if (fallback == NULL && want_set && rr_pseudonym_set_bits (p->set) == rr_pseudonym_set_bits (c->set))
        fallback = p;
    }
  return fallback;
}

static guint64
raw_common (GHashTable *a, GHashTable *b)
{
  guint64 n = 0;
  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init (&it, a);
  while (g_hash_table_iter_next (&it, &key, NULL))
    n += g_hash_table_contains (b, key);
  return n;
}

static void
link_releases (RrScanner *self, RrScanner *previous, const char *previous_path, RrScanResult *r)
{
  for (guint j = 0; j < self->cols->len; j++)
    {
      ColumnState *c = g_ptr_array_index (self->cols, j);
      gboolean by_set = c->set_usable;
      if (!by_set && c->raw == NULL)
        continue;
      ColumnState *p = previous_column (previous, c, by_set);
      if (p == NULL)
        continue;
      RrLinkScan *l = g_new0 (RrLinkScan, 1);
      l->against = g_strdup (previous_path);
      l->column = g_strdup (c->out->name);
      l->previous_column = g_strdup (p->out->name);
      l->pseudonyms = by_set ? rr_pseudonym_set_n_distinct (c->set) : g_hash_table_size (c->raw);
      l->recurring = by_set ? rr_pseudonym_set_count_common (c->set, p->set)
                            : raw_common (c->raw, p->raw);
      g_ptr_array_add (r->links, l);
    }
}

/* ---- finishing ---- */

static RrColumnScan *
result_column (RrScanResult *r, const char *name)
{
  for (guint i = 0; i < r->columns->len; i++)
    {
      RrColumnScan *c = g_ptr_array_index (r->columns, i);
      if (strcmp (c->name, name) == 0)
        return c;
    }
  return NULL;
}

/* A column of pseudonyms that the attack reversed holds NHS numbers in all but name: it is an
 * identifier column, whatever its values looked like. */
static void
mark_reversed_columns (RrScanResult *r)
{
  for (guint i = 0; i < r->pseudonyms->len; i++)
    {
      const RrPseudonymScan *p = g_ptr_array_index (r->pseudonyms, i);
      RrColumnScan *c = p->reversible ? result_column (r, p->column) : NULL;
      if (c == NULL || c->verdict == RR_VERDICT_IDENTIFIER)
        continue;
      r->n_free_text_columns -= c->verdict == RR_VERDICT_FREE_TEXT;
      r->n_quasi_columns -= c->verdict == RR_VERDICT_QUASI_IDENTIFIER;
      r->n_identifier_columns++;
      c->verdict = RR_VERDICT_IDENTIFIER;
      g_free (c->reason);
      c->reason = g_strdup_printf ("%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                                   " pseudonyms reversed to NHS numbers by %s",
                                   p->reversed, p->n_pseudonyms, p->transform);
    }
}

static void
collect_columns (RrScanner *self, RrScanResult *r)
{
  for (guint j = 0; j < self->cols->len; j++)
    {
      ColumnState *c = g_ptr_array_index (self->cols, j);
      decide_verdict (c->out);
      r->n_identifier_columns += c->out->verdict == RR_VERDICT_IDENTIFIER;
      r->n_free_text_columns += c->out->verdict == RR_VERDICT_FREE_TEXT;
      r->n_quasi_columns += c->out->verdict == RR_VERDICT_QUASI_IDENTIFIER;
      RrColumnScan *copy = g_new0 (RrColumnScan, 1);
      *copy = *c->out;
      c->out->name = g_strdup (c->out->name); /* the state keeps its own name for linkage */
      for (guint k = 0; k < RR_ID_N_KINDS; k++)
        c->out->example[k] = NULL;
      c->out->reason = NULL;
      g_ptr_array_add (r->columns, copy);
    }
}

RrScanResult *
rr_scanner_finish (RrScanner *self, const char *file, const RrObjectionList *objections,
                   const char *objections_path, RrScanner *previous, const char *previous_path)
{
  scanner_seal (self);
  RrScanResult *r = g_new0 (RrScanResult, 1);
  r->file = g_strdup (file);
  r->rows = self->rows;
  r->n_forenames = self->names != NULL ? rr_names_n_forenames (self->names) : 0;
  r->n_surnames = self->names != NULL ? rr_names_n_surnames (self->names) : 0;
  r->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_scan_free);
  r->pseudonyms = g_ptr_array_new_with_free_func ((GDestroyNotify) pseudonym_scan_free);
  r->links = g_ptr_array_new_with_free_func ((GDestroyNotify) link_scan_free);
  collect_columns (self, r);
  run_attack (self, r);
  mark_reversed_columns (r);
  for (guint j = 0; j < self->cols->len; j++)
    weak_numeric (g_ptr_array_index (self->cols, j), r);
  for (guint i = 0; i < r->pseudonyms->len; i++)
    r->n_weak_pseudonyms += ((RrPseudonymScan *) g_ptr_array_index (r->pseudonyms, i))->weak;
  if (objections != NULL)
    r->objections = match_objections (self, objections, objections_path);
  if (previous != NULL)
    {
      scanner_seal (previous);
      link_releases (self, previous, previous_path, r);
    }
  r->fails = r->n_identifier_columns > 0 || r->n_free_text_columns > 0 || r->n_weak_pseudonyms > 0
             || (r->objections != NULL && r->objections->found > 0);
  return r;
}

/* ---- whole files ---- */

static RrScanner *
scan_file (const char *path, const RrNames *names, const RrScanOptions *opts, GError **error)
{
  g_autoptr (RrCsvReader) reader = rr_csv_reader_open (path, 0, error);
  if (reader == NULL)
    return NULL;
  g_autoptr (RrScanner) scanner = rr_scanner_new (rr_csv_reader_header (reader),
                                                  rr_csv_reader_n_fields (reader), names, opts);
  const RrCsvBatch *batch;
  g_autoptr (GError) local = NULL;
  while ((batch = rr_csv_reader_next_batch (reader, &local)) != NULL)
    rr_scanner_add_batch (scanner, batch);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&scanner);
}

RrScanResult *
rr_scan_release (const char *path, const RrScanOptions *opts, GError **error)
{
  g_autofree char *default_dir = opts->names_dir == NULL ? rr_names_default_dir () : NULL;
  g_autoptr (RrNames) names = rr_names_load (opts->names_dir != NULL ? opts->names_dir
                                                                      : default_dir, error);
  if (names == NULL)
    return NULL;
  g_autoptr (RrObjectionList) objections = NULL;
  if (opts->objections != NULL
      && (objections = rr_objection_list_load (opts->objections, error)) == NULL)
    return NULL;
  RrScanOptions o = *opts;
  o.keep_values |= opts->objections != NULL || opts->against != NULL;
  g_autoptr (RrScanner) scanner = scan_file (path, names, &o, error);
  if (scanner == NULL)
    return NULL;
  g_autoptr (RrScanner) previous = NULL;
  if (opts->against != NULL && (previous = scan_file (opts->against, names, &o, error)) == NULL)
    return NULL;
  return rr_scanner_finish (scanner, path, objections, opts->objections, previous, opts->against);
}
