/* test-scan.c - the scanner end to end on synthetic in-memory releases: verdicts per column,
 * pseudonyms reversed by the attack (restricted NHS range), objections in each form, linkage. */
#include "config.h"
#include <criterion/criterion.h>
#include "scan/nhs.h"
#include "scan/scan.h"
#include "util/error.h"
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define BEGIN G_GUINT64_CONSTANT (612000000)
#define END G_GUINT64_CONSTANT (612100000)
#define N_PEOPLE 60
#define N_IN_SPACE 40 /* the others' NHS numbers lie outside [BEGIN, END) */

static const char *const header[] = { "pid", "nhs_no", "notes", "diagnosis", "postcode",
                                      "date_of_birth", "hmac_id" };
#define N_COLS G_N_ELEMENTS (header)

static void
person_nhs (guint i, char *digits10)
{
  RrNhsIter it;
  guint64 from = i < N_IN_SPACE ? BEGIN + (guint64) i * 2477 : END + (guint64) i * 104729;
  rr_nhs_iter_init (&it, from, RR_NHS_N_PREFIXES);
  cr_assert (rr_nhs_iter_next (&it));
  memcpy (digits10, it.digits, 10);
}

static char *
hex_of (const guint8 *d, guint len)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", d[i]);
  return g_string_free (s, FALSE);
}

static char *
sha256_pid (const char *digits10)
{
  guint8 d[RR_DIGEST_MAX_BYTES];
  RrTransform t = { RR_DIGEST_SHA256, RR_NHS_TEXT_DIGITS };
  guint len = rr_transform_apply (t, digits10, d);
  return hex_of (d, len);
}

static const char *const notes[] = { "stable, review in 6 weeks", "no change",
                                     "letter copied to gp.practice@example.nhs.uk" };
static const char *const diagnoses[] = { "Parkinson's disease", "Asthma", "Down syndrome",
                                         "Crohn's disease" };
static const char *const postcodes[] = { "LS1 4AP", "M13 9PL", "B15 2TT", "NE1 7RU" };

/* One row per person (two for even people), with planted identifiers. */
static void
add_person (RrScanner *s, guint i, gboolean with_nhs)
{
  char digits[11] = { 0 };
  person_nhs (i, digits);
  g_autofree char *pid = sha256_pid (digits);
  static const guchar key[] = "controller's secret key 2.385";
  g_autofree char *hmac = g_compute_hmac_for_data (G_CHECKSUM_SHA256, key, sizeof key - 1,
                                                   (const guchar *) digits, 10);
  g_autofree char *dob = g_strdup_printf ("19%02u-%02u-%02u", 40 + i % 50, 1 + i % 12, 1 + i % 28);
  const char *fields[N_COLS] = { pid, with_nhs ? digits : "", notes[i % 20 == 0 ? 2 : i % 2],
                                 diagnoses[i % 4], postcodes[i % 4], dob, hmac };
  gsize lens[N_COLS];
  for (guint j = 0; j < N_COLS; j++)
    lens[j] = strlen (fields[j]);
  for (guint r = 0; r < 1 + (i % 2 == 0); r++)
    rr_scanner_add_row (s, fields, lens);
}

static RrScanOptions opts;

static void
setup (void)
{
  rr_scan_options_init (&opts);
  opts.attack.prefix_begin = BEGIN;
  opts.attack.prefix_end = END;
  static const RrTransform sha256_only[] = { { RR_DIGEST_SHA256, RR_NHS_TEXT_DIGITS } };
  opts.transforms = sha256_only;
  opts.n_transforms = 1;
}

TestSuite (scan, .init = setup);

static RrScanner *
release (gboolean with_nhs, guint first, guint n)
{
  static const char *const fore[] = { "john", NULL };
  static const char *const sur[] = { "parkinson", "smith", NULL };
  static RrNames *names;
  if (names == NULL)
    names = rr_names_new_from_lists (fore, sur); /* lives for the test process */
  RrScanner *s = rr_scanner_new (header, N_COLS, names, &opts);
  for (guint i = first; i < first + n; i++)
    add_person (s, i, with_nhs);
  return s;
}

static const RrColumnScan *
column (const RrScanResult *r, const char *name)
{
  for (guint i = 0; i < r->columns->len; i++)
    if (strcmp (((RrColumnScan *) g_ptr_array_index (r->columns, i))->name, name) == 0)
      return g_ptr_array_index (r->columns, i);
  cr_assert_fail ("no column %s", name);
  return NULL;
}

static const RrPseudonymScan *
pseudonym (const RrScanResult *r, const char *name)
{
  for (guint i = 0; i < r->pseudonyms->len; i++)
    if (strcmp (((RrPseudonymScan *) g_ptr_array_index (r->pseudonyms, i))->column, name) == 0)
      return g_ptr_array_index (r->pseudonyms, i);
  return NULL;
}

Test (scan, verdict_per_column)
{
  g_autoptr (RrScanner) s = release (TRUE, 0, N_PEOPLE);
  g_autoptr (RrScanResult) r = rr_scanner_finish (s, "mem", NULL, NULL, NULL, NULL);
  cr_assert_eq (r->rows, N_PEOPLE + N_PEOPLE / 2);
  const RrColumnScan *nhs = column (r, "nhs_no");
  cr_assert_eq (nhs->verdict, RR_VERDICT_IDENTIFIER);
  cr_assert_eq (nhs->count[RR_ID_NHS], r->rows);
  cr_assert_str_eq (nhs->example[RR_ID_NHS] + 3, " *** **** (valid check digit)");
  const RrColumnScan *n = column (r, "notes");
  cr_assert_eq (n->verdict, RR_VERDICT_FREE_TEXT);
  cr_assert_eq (n->count[RR_ID_EMAIL], 3 * 2); /* people 0, 20, 40, two rows each */
  cr_assert_eq (column (r, "diagnosis")->verdict, RR_VERDICT_CLEAN);
  cr_assert_eq (column (r, "postcode")->verdict, RR_VERDICT_QUASI_IDENTIFIER);
  cr_assert_eq (column (r, "date_of_birth")->whole[RR_ID_DOB], r->rows);
  cr_assert_eq (column (r, "date_of_birth")->verdict, RR_VERDICT_QUASI_IDENTIFIER);
  cr_assert_eq (column (r, "hmac_id")->verdict, RR_VERDICT_CLEAN);
  cr_assert (r->fails);
}

Test (scan, sha256_pseudonyms_reversed_hmac_not)
{
  g_autoptr (RrScanner) s = release (FALSE, 0, N_PEOPLE);
  g_autoptr (RrScanResult) r = rr_scanner_finish (s, "mem", NULL, NULL, NULL, NULL);
  const RrPseudonymScan *pid = pseudonym (r, "pid");
  cr_assert_not_null (pid);
  cr_assert_eq (pid->n_pseudonyms, N_PEOPLE);
  cr_assert (pid->reversible);
  cr_assert_eq (pid->reversed, N_IN_SPACE);
  cr_assert_str_eq (pid->transform, "sha256");
  cr_assert_eq (pid->candidates, rr_nhs_count_valid (BEGIN, END));
  const RrPseudonymScan *hmac = pseudonym (r, "hmac_id");
  cr_assert_not_null (hmac);
  cr_assert_not (hmac->reversible);
  cr_assert_str_eq (hmac->transform, "none");
  cr_assert_eq (hmac->reversed, 0);
  /* Reversed pseudonyms are NHS numbers in all but name; keyed ones stay clean. */
  cr_assert_eq (column (r, "pid")->verdict, RR_VERDICT_IDENTIFIER);
  cr_assert_eq (column (r, "hmac_id")->verdict, RR_VERDICT_CLEAN);
  cr_assert_eq (r->n_identifier_columns, 1);
  cr_assert (r->fails);
}

static char *
write_list (const char *text)
{
  char *path = NULL;
  int fd = g_file_open_tmp ("rr-objections-XXXXXX.txt", &path, NULL);
  cr_assert_geq (fd, 0);
  close (fd);
  cr_assert (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* An objection list: listed people present (in, spaced or not) and absent (out). */
static char *
nhs_list (guint in_plain, guint in_spaced, guint out)
{
  GString *s = g_string_new ("# type 1 objections\n");
  for (guint i = 0; i < in_plain + in_spaced; i++)
    {
      char d[10];
      person_nhs (i * 3, d);
      if (i < in_plain)
        g_string_append_printf (s, "%.10s\n", d);
      else
        g_string_append_printf (s, "%.3s %.3s %.4s\n", d, d + 3, d + 6);
    }
  for (guint i = 0; i < out; i++)
    {
      char d[10];
      person_nhs (1000 + i, d);
      g_string_append_printf (s, "%.10s\n", d);
    }
  return g_string_free (s, FALSE);
}

static RrScanResult *
scan_with_objections (gboolean with_nhs, const char *list_text)
{
  g_autofree char *path = write_list (list_text);
  g_autoptr (GError) error = NULL;
  g_autoptr (RrObjectionList) list = rr_objection_list_load (path, &error);
  cr_assert_not_null (list, "%s", error != NULL ? error->message : "");
  g_autoptr (RrScanner) s = release (with_nhs, 0, N_PEOPLE);
  RrScanResult *r = rr_scanner_finish (s, "mem", list, path, NULL, NULL);
  g_unlink (path);
  return r;
}

Test (scan, objectors_found_by_clear_nhs_number_both_forms)
{
  g_autofree char *text = nhs_list (4, 3, 5);
  g_autoptr (RrScanResult) r = scan_with_objections (TRUE, text);
  cr_assert_eq (r->objections->listed, 12);
  cr_assert_eq (r->objections->listed_nhs, 12);
  cr_assert_eq (r->objections->found, 7);
  cr_assert_str_eq (r->objections->matched_by, "NHS number in clear");
}

Test (scan, objectors_found_through_hashed_pseudonyms)
{
  g_autofree char *text = nhs_list (2, 4, 3);
  g_autoptr (RrScanResult) r = scan_with_objections (FALSE, text);
  cr_assert_eq (r->objections->found, 6);
  cr_assert_str_eq (r->objections->matched_by, "sha256 of the NHS number in column pid");
}

Test (scan, objectors_listed_as_pseudonyms)
{
  char d[10];
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < 5; i++)
    {
      person_nhs (i * 7, d);
      g_autofree char *pid = sha256_pid (d);
      g_autofree char *upper = g_ascii_strup (pid, -1);
      g_string_append_printf (s, "%s\n", i % 2 ? upper : pid);
    }
  g_string_append (s, "00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff\n");
  g_autofree char *text = g_string_free (g_steal_pointer (&s), FALSE);
  g_autoptr (RrScanResult) r = scan_with_objections (FALSE, text);
  cr_assert_eq (r->objections->listed, 6);
  cr_assert_eq (r->objections->listed_nhs, 0);
  cr_assert_eq (r->objections->found, 5);
}

Test (scan, objection_list_heading_is_not_an_entry)
{
  g_autofree char *path = write_list ("nhs_number,date\n943 476 5919,2021-03-01\n"
                                      "pseudonym\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (RrObjectionList) list = rr_objection_list_load (path, &error);
  cr_assert_not_null (list);
  /* Only the first line can be a heading: a later digit-free line is a (strange) entry. */
  cr_assert_eq (rr_objection_list_n_entries (list), 2);
  cr_assert_eq (rr_objection_list_n_nhs (list), 1);
  gboolean is_nhs = FALSE;
  cr_assert_str_eq (rr_objection_list_entry (list, 0, &is_nhs), "9434765919");
  cr_assert (is_nhs);
  g_unlink (path);
}

Test (scan, objection_with_wrong_check_digit_is_a_parse_error)
{
  g_autofree char *path = write_list ("9434765919\n943 476 5918\n");
  g_autoptr (GError) error = NULL;
  cr_assert_null (rr_objection_list_load (path, &error));
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_PARSE));
  cr_assert (strstr (error->message, ":2:1: ") != NULL, "%s", error->message);
  g_unlink (path);
}

Test (scan, empty_objection_list_is_a_parse_error)
{
  g_autofree char *path = write_list ("# nobody\n\n");
  g_autoptr (GError) error = NULL;
  cr_assert_null (rr_objection_list_load (path, &error));
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_PARSE));
  g_unlink (path);
}

Test (scan, linkage_counts_recurring_pseudonyms)
{
  opts.no_attack = TRUE;
  g_autoptr (RrScanner) previous = release (FALSE, 50, 25); /* people 50..74 */
  g_autoptr (RrScanner) s = release (FALSE, 0, N_PEOPLE);   /* people 0..59 */
  g_autoptr (RrScanResult) r = rr_scanner_finish (s, "mem", NULL, NULL, previous, "old.csv");
  cr_assert_eq (r->links->len, 2); /* pid and hmac_id */
  for (guint i = 0; i < r->links->len; i++)
    {
      const RrLinkScan *l = g_ptr_array_index (r->links, i);
      cr_assert_str_eq (l->column, l->previous_column);
      cr_assert_eq (l->pseudonyms, N_PEOPLE);
      cr_assert_eq (l->recurring, 10); /* people 50..59 */
    }
}

/* A pseudonym-named column that is not hashed ("P000123"): objectors listed by pseudonym and
 * linkage are matched on its values, which the scanner keeps only when asked to. */
static RrScanner *
numbered_release (guint first, guint n)
{
  static const char *const h[] = { "patient_ref", "sex" };
  RrScanner *s = rr_scanner_new (h, 2, NULL, &opts);
  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *ref = g_strdup_printf ("P%06u", 7 * i + 3);
      const char *fields[] = { ref, i % 2 ? "F" : "M" };
      gsize lens[] = { strlen (ref), 1 };
      rr_scanner_add_row (s, fields, lens);
    }
  return s;
}

Test (scan, plain_pseudonyms_match_objections_and_link)
{
  opts.keep_values = TRUE;
  g_autofree char *path = write_list ("P000010\nP000017\nP000011\nP999999\n");
  g_autoptr (RrObjectionList) list = rr_objection_list_load (path, NULL);
  cr_assert_not_null (list);
  g_autoptr (RrScanner) previous = numbered_release (20, 30);
  g_autoptr (RrScanner) s = numbered_release (0, 40);
  g_autoptr (RrScanResult) r = rr_scanner_finish (s, "mem", list, path, previous, "old.csv");
  g_unlink (path);
  cr_assert_eq (r->objections->found, 2); /* P000010 (i = 1) and P000017 (i = 2) */
  cr_assert_eq (r->links->len, 1);
  const RrLinkScan *l = g_ptr_array_index (r->links, 0);
  cr_assert_eq (l->pseudonyms, 40);
  cr_assert_eq (l->recurring, 20); /* people 20..39 */
}

/* One pseudonym-named column of values made by make (i); two rows per person. */
static RrScanResult *
numeric_release (const char *column, char *(*make) (guint i), guint n)
{
  const char *h[] = { column };
  g_autoptr (RrScanner) s = rr_scanner_new (h, 1, NULL, &opts);
  for (guint i = 0; i < 2 * n; i++)
    {
      g_autofree char *v = make (i / 2);
      const char *fields[] = { v };
      gsize lens[] = { strlen (v) };
      rr_scanner_add_row (s, fields, lens);
    }
  return rr_scanner_finish (s, "mem", NULL, NULL, NULL, NULL);
}

static char *
sequential_ref (guint i)
{
  return g_strdup_printf ("PT%09u", 4000 + i); /* 11 characters, like a short base64 digest */
}

static char *
scattered_ref (guint i)
{
  return g_strdup_printf ("PT%09u", (4000 + i) * 7919u % 1000003u);
}

/* Ten digits keeping the check digit, leading zero included: a format-preserving pseudonym. */
static char *
check_digit_ref (guint i)
{
  RrNhsIter it;
  rr_nhs_iter_init (&it, 12345678 + (guint64) i * 104729, RR_NHS_N_PREFIXES);
  cr_assert (rr_nhs_iter_next (&it));
  return g_strndup (it.digits, 10);
}

/* Ten digits from a multiplicative sequence: about 1 in 11 passes the check, as chance says. */
static char *
random_ten_digits (guint i)
{
  return g_strdup_printf ("%010" G_GUINT64_FORMAT,
                          (G_GUINT64_CONSTANT (1000000007) * (i + 1)) % G_GUINT64_CONSTANT (9999999967));
}

Test (scan, sequential_and_check_digit_pseudonyms_are_weak)
{
  g_autoptr (RrScanResult) seq = numeric_release ("patient_ref", sequential_ref, 40);
  const RrPseudonymScan *p = pseudonym (seq, "patient_ref");
  cr_assert_not_null (p, "PT000004000, ... taken for a digest column");
  cr_assert (p->weak && !p->reversible);
  cr_assert_str_eq (p->transform, "sequential");
  cr_assert_eq (p->n_pseudonyms, 40);
  cr_assert (seq->fails);
  g_autoptr (RrScanResult) fpe = numeric_release ("pseudonym", check_digit_ref, 30);
  p = pseudonym (fpe, "pseudonym");
  cr_assert_not_null (p);
  cr_assert_str_eq (p->transform, "keeps-nhs-check-digit");
  cr_assert (fpe->fails);
}

Test (scan, scattered_numbers_are_not_weak_pseudonyms)
{
  g_autoptr (RrScanResult) refs = numeric_release ("patient_ref", scattered_ref, 40);
  cr_assert_null (pseudonym (refs, "patient_ref"));
  g_autoptr (RrScanResult) ten = numeric_release ("pseudonym", random_ten_digits, 40);
  cr_assert_null (pseudonym (ten, "pseudonym"));
  cr_assert_not (refs->fails || ten->fails);
}

Test (scan, clean_release_passes)
{
  static const char *const h[] = { "ethnicity", "sex", "age_band" };
  RrScanner *s = rr_scanner_new (h, 3, NULL, &opts);
  const char *rows[][3] = { { "White British", "F", "40-44" }, { "Asian", "M", "65-69" },
                            { "Mixed", "F", "20-24" } };
  for (guint i = 0; i < 30; i++)
    {
      gsize lens[3] = { strlen (rows[i % 3][0]), 1, 5 };
      rr_scanner_add_row (s, rows[i % 3], lens);
    }
  g_autoptr (RrScanResult) r = rr_scanner_finish (s, "mem", NULL, NULL, NULL, NULL);
  cr_assert_not (r->fails);
  cr_assert_eq (r->pseudonyms->len, 0);
  for (guint i = 0; i < 3; i++)
    cr_assert_eq (((RrColumnScan *) g_ptr_array_index (r->columns, i))->verdict, RR_VERDICT_CLEAN);
  rr_scanner_free (s);
}
