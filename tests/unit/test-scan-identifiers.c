/* test-scan-identifiers.c - the per-kind matchers, whole versus embedded matches, and masking. */
#include "config.h"
#include <criterion/criterion.h>
#include "scan/identifiers.h"
#include <string.h>

static RrNames *names;
static RrIdMatcher *matcher;

static void
setup (void)
{
  static const char *const fore[] = { "john", "grace", "mary", NULL };
  static const char *const sur[] = { "smith", "parkinson", "jones", NULL };
  names = rr_names_new_from_lists (fore, sur);
  matcher = rr_id_matcher_new (names);
}

static void
teardown (void)
{
  rr_id_matcher_free (matcher);
  rr_names_free (names);
}

TestSuite (identifiers, .init = setup, .fini = teardown);

static RrIdHits
scan (const char *v)
{
  RrIdHits h;
  rr_id_matcher_scan (matcher, v, strlen (v), FALSE, &h);
  return h;
}

#define FOUND(h, k) (((h).found >> (k)) & 1)
#define WHOLE(h, k) (((h).whole >> (k)) & 1)

Test (identifiers, nhs_number_valid_and_invalid_check_digit)
{
  RrIdHits h = scan ("943 476 5919");
  cr_assert (FOUND (h, RR_ID_NHS) && WHOLE (h, RR_ID_NHS));
  h = scan ("9434765918");
  cr_assert (FOUND (h, RR_ID_NHS_INVALID) && !FOUND (h, RR_ID_NHS));
  h = scan ("referred, NHS no 9434765919, by GP");
  cr_assert (FOUND (h, RR_ID_NHS) && !WHOLE (h, RR_ID_NHS));
  h = scan ("94347659190"); /* eleven digits: not an NHS number */
  cr_assert_not (FOUND (h, RR_ID_NHS) || FOUND (h, RR_ID_NHS_INVALID));
}

Test (identifiers, email_in_free_text)
{
  RrIdHits h = scan ("Contact j.bloggs+gp@example.nhs.uk after discharge");
  cr_assert (FOUND (h, RR_ID_EMAIL) && !WHOLE (h, RR_ID_EMAIL));
  g_autofree char *m = rr_id_mask (RR_ID_EMAIL, "j.bloggs+gp@example.nhs.uk", 26);
  cr_assert_str_eq (m, "j***@***.uk");
}

Test (identifiers, uk_phone_numbers)
{
  cr_assert (FOUND (scan ("07700 900123"), RR_ID_PHONE));
  cr_assert (FOUND (scan ("call +44 (0)20 7946 0958 today"), RR_ID_PHONE));
  cr_assert (FOUND (scan ("0113 496 0000"), RR_ID_PHONE));
  cr_assert_not (FOUND (scan ("07700 9001"), RR_ID_PHONE)); /* too short */
  cr_assert_not (FOUND (scan ("04 Jan 2020"), RR_ID_PHONE));
}

Test (identifiers, national_insurance_prefix_rules)
{
  cr_assert (FOUND (scan ("QQ 12 34 56 C"), RR_ID_NI) == 0); /* Q is never a first letter */
  cr_assert (WHOLE (scan ("AB 12 34 56 C"), RR_ID_NI));
  cr_assert (FOUND (scan ("ni: JG103759A."), RR_ID_NI));
  cr_assert_not (FOUND (scan ("GB123456A"), RR_ID_NI)); /* GB is an excluded prefix */
}

Test (identifiers, full_postcode_but_not_district_or_doses)
{
  cr_assert (WHOLE (scan ("LS1 4AP"), RR_ID_POSTCODE));
  cr_assert (FOUND (scan ("lives at 12 High St, SW1A 1AA now"), RR_ID_POSTCODE));
  cr_assert_not (FOUND (scan ("LS1"), RR_ID_POSTCODE));
  cr_assert_not (FOUND (scan ("AB2 5MG"), RR_ID_POSTCODE)); /* M never in the inward code */
}

Test (identifiers, dates_and_dates_of_birth)
{
  RrIdHits h = scan ("1987-02-28");
  cr_assert (WHOLE (h, RR_ID_DATE) && !FOUND (h, RR_ID_DOB));
  cr_assert_not (FOUND (scan ("1987-02-30"), RR_ID_DATE));
  h = scan ("patient born 3 March 1961 in Leeds");
  cr_assert (FOUND (h, RR_ID_DOB));
  RrIdHits col;
  rr_id_matcher_scan (matcher, "28/02/1987", 10, TRUE, &col);
  cr_assert (WHOLE (col, RR_ID_DOB));
}

Test (identifiers, full_names_but_not_diseases_named_after_people)
{
  cr_assert (FOUND (scan ("Seen by John Smith on the ward"), RR_ID_NAME));
  cr_assert (WHOLE (scan ("Jones, Mary"), RR_ID_NAME));
  cr_assert_not (FOUND (scan ("Parkinson's disease"), RR_ID_NAME));
  cr_assert_not (FOUND (scan ("by grace of god, smith said"), RR_ID_NAME)); /* not capitalised */
  cr_assert (scan ("Grace").single_name);
  cr_assert_not (scan ("Grace Hospital").single_name);
}

Test (identifiers, masks_keep_only_what_the_report_may_show)
{
  g_autofree char *nhs = rr_id_mask (RR_ID_NHS, "9434765919", 10);
  cr_assert_str_eq (nhs, "943 *** **** (valid check digit)");
  g_autofree char *bad = rr_id_mask (RR_ID_NHS_INVALID, "943 476 5918", 12);
  cr_assert_str_eq (bad, "943 *** **** (invalid check digit)");
  g_autofree char *pc = rr_id_mask (RR_ID_POSTCODE, "LS1 4AP", 7);
  cr_assert_str_eq (pc, "LS** ***");
  g_autofree char *name = rr_id_mask (RR_ID_NAME, "John Smith", 10);
  cr_assert_str_eq (name, "J*** S***");
  g_autofree char *ni = rr_id_mask (RR_ID_NI, "AB123456C", 9);
  cr_assert_str_eq (ni, "AB ** ** ** *");
  /* A date keeps its written form and none of its digits. */
  g_autofree char *iso = rr_id_mask (RR_ID_DOB, "1961-05-03", 10);
  cr_assert_str_eq (iso, "yyyy-mm-dd");
  g_autofree char *uk = rr_id_mask (RR_ID_DOB, "3/5/1961", 8);
  cr_assert_str_eq (uk, "dd/mm/yyyy");
  g_autofree char *words = rr_id_mask (RR_ID_DATE, "3 May 1961", 10);
  cr_assert_str_eq (words, "d Month yyyy");
}

Test (identifiers, shipped_lists_load)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrNames) shipped = rr_names_load (RR_SRCDATADIR "/names", &error);
  cr_assert_not_null (shipped, "%s", error != NULL ? error->message : "");
  cr_assert (rr_names_is_forename (shipped, "Margaret", 8));
  cr_assert (rr_names_is_surname (shipped, "SMITH", 5));
  cr_assert_gt (rr_names_n_forenames (shipped), 500);
}

Test (identifiers, missing_list_is_a_file_error)
{
  g_autoptr (GError) error = NULL;
  cr_assert_null (rr_names_load ("/nonexistent-reidrisk-dir", &error));
  cr_assert_eq (error->domain, G_FILE_ERROR);
}

/* A hashed pseudonym is one long token of letters and digits: digit runs inside it are not
 * NHS numbers, phone numbers or dates, however they read. */
Test (identifiers, nothing_inside_a_long_mixed_token)
{
  RrIdHits h = scan ("ab9434765919cd07700900123ef");
  cr_assert_eq (h.found, 0);
  h = scan ("AB123456C"); /* nine characters: a whole NI number still counts */
  cr_assert (FOUND (h, RR_ID_NI) && WHOLE (h, RR_ID_NI));
  h = scan ("LS14AP"); /* a postcode written without its space */
  cr_assert (FOUND (h, RR_ID_POSTCODE));
  h = scan ("ref ab9434765919cd 9434765919"); /* free text around it is still read */
  cr_assert (FOUND (h, RR_ID_NHS) && !WHOLE (h, RR_ID_NHS));
}
