/* test-detect.c - recognising columns by header name and by content on small samples: each
 * kind, a negative case per kind, the reasons given, and NHS number check digits (qi stage). */
#include "config.h"
#include <criterion/criterion.h>
#include <string.h>
#include "qi/detect.h"

/* Detections for a header "h1,h2,..." and rows "v1,v2,..." (no quoted fields needed here). */
static GPtrArray *
detect (const char *header, const char *const *rows, guint n_rows)
{
  g_auto (GStrv) names = g_strsplit (header, ",", -1);
  g_autoptr (GPtrArray) sample = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < n_rows; i++)
    g_ptr_array_add (sample, g_strsplit (rows[i], ",", -1));
  return rr_qi_detect ((const char *const *) names, g_strv_length (names), sample);
}

static const RrQiDetection *
only (GPtrArray *dets)
{
  cr_assert_eq (dets->len, 1, "expected one detection, got %u", dets->len);
  return g_ptr_array_index (dets, 0);
}

static void
assert_nothing (GPtrArray *dets, const char *what)
{
  cr_assert_eq (dets->len, 0, "%s recognised as %s (%s)", what,
                dets->len ? ((RrQiDetection *) g_ptr_array_index (dets, 0))->kind : "",
                dets->len ? ((RrQiDetection *) g_ptr_array_index (dets, 0))->reason : "");
}

static const char *const postcodes[] = { "LS6 2AB", "ls62ad", "M1 1AE", "EC1A 1BB", "W1A 1HQ",
                                         "DN55 1PT", "CR2 6XH", "M60 1NW", "LS7 1AA", "B33 8TH" };

Test (detect, header_names_ignore_case_and_separators)
{
  const char *header = "Post_Code,PCODE,DOB,Date-Of-Birth,birth date,BirthDate,Gender,SEX,"
                       "Ethnic Group,ethnic_origin,ethnic-category,ETHNICITY,AGE,NHS_Number,"
                       "nhsno,NHS no,diagnosis";
  const char *row = ",,,,,,,,,,,,,,,,";
  g_autoptr (GPtrArray) dets = detect (header, &row, 1);
  const char *kinds[] = { "postcode",  "postcode",  "date-of-birth", "date-of-birth",
                          "date-of-birth", "date-of-birth", "sex", "sex",
                          "ethnicity", "ethnicity", "ethnicity", "ethnicity",
                          "age",       "nhs-number", "nhs-number", "nhs-number" };
  cr_assert_eq (dets->len, G_N_ELEMENTS (kinds));
  for (guint i = 0; i < dets->len; i++)
    {
      const RrQiDetection *d = g_ptr_array_index (dets, i);
      cr_assert_eq (d->index, i);
      cr_assert_str_eq (d->kind, kinds[i], "column %s", d->column);
      cr_assert_eq (d->source, RR_QI_SOURCE_HEADER);
      cr_assert_eq (d->direct_identifier, strcmp (kinds[i], "nhs-number") == 0);
    }
  const RrQiDetection *dob = g_ptr_array_index (dets, 2);
  cr_assert_str_eq (dob->reason, "header 'DOB'");
  cr_assert_eq (dob->type, RR_QI_DATE);
  cr_assert_eq (((RrQiDetection *) g_ptr_array_index (dets, 12))->type, RR_QI_AGE);
  cr_assert_eq (((RrQiDetection *) g_ptr_array_index (dets, 6))->type, RR_QI_SEX);
  cr_assert_eq (((RrQiDetection *) g_ptr_array_index (dets, 8))->type, RR_QI_CATEGORY);
}

Test (detect, header_wins_but_failing_content_is_audited_as_a_category)
{
  /* Districts are postcodes already generalised: the header's type stands (qi/generalised.h). */
  const char *rows[] = { "LS6,1980-03-07", "LS7,1975-06-15", "M1,1981-12-31", "EC1A,1976-05-14",
                         "DN55,2001-01-09" };
  g_autoptr (GPtrArray) dets = detect ("postcode_district,sex", rows, G_N_ELEMENTS (rows));
  cr_assert_eq (dets->len, 2);
  const RrQiDetection *pc = g_ptr_array_index (dets, 0), *sex = g_ptr_array_index (dets, 1);
  cr_assert_str_eq (pc->kind, "postcode");
  cr_assert_eq (pc->type, RR_QI_POSTCODE);
  cr_assert_str_eq (pc->reason, "header 'postcode_district'");
  cr_assert_str_eq (sex->kind, "sex"); /* the header decides, not the dates inside */
  cr_assert_eq (sex->type, RR_QI_CATEGORY);
}

Test (detect, header_keeps_its_type_unless_most_values_fail)
{
  /* Column a: 2 of 4 valid (half: kept, the bad ones will be reported as invalid); column b:
   * 2 of 5 (a minority: taken as categories). */
  const char *rows[] = { "LS6 2AB,LS6 2AB", "LS6 2AK,Leeds", "M1 1AE,M1 1AE", "Leeds,York",
                         "NA,Hull" };
  g_autoptr (GPtrArray) dets = detect ("postcode,post code", rows, G_N_ELEMENTS (rows));
  cr_assert_eq (dets->len, 2);
  const RrQiDetection *a = g_ptr_array_index (dets, 0), *b = g_ptr_array_index (dets, 1);
  cr_assert_eq (a->type, RR_QI_POSTCODE);
  cr_assert_str_eq (a->reason, "header 'postcode'");
  cr_assert_eq (b->type, RR_QI_CATEGORY);
  cr_assert_str_eq (b->reason, "header 'post code', but only 2 of 5 sampled values are valid UK "
                               "postcodes, so its values are taken as categories");
}

Test (detect, header_with_matching_content_keeps_its_type)
{
  const char *rows[] = { "LS6 2AB,44,Male", "LS6 2AD,45,F", "M1 1AE,9,2", "EC1A 1BB,130,U",
                         "W1A 1HQ,NA,X" };
  g_autoptr (GPtrArray) dets = detect ("postcode,age,gender", rows, G_N_ELEMENTS (rows));
  cr_assert_eq (dets->len, 3);
  cr_assert_eq (((RrQiDetection *) g_ptr_array_index (dets, 0))->type, RR_QI_POSTCODE);
  cr_assert_eq (((RrQiDetection *) g_ptr_array_index (dets, 1))->type, RR_QI_AGE);
  cr_assert_eq (((RrQiDetection *) g_ptr_array_index (dets, 2))->type, RR_QI_SEX);
  cr_assert_str_eq (((RrQiDetection *) g_ptr_array_index (dets, 1))->reason, "header 'age'");
}

Test (detect, postcodes_by_content_at_ninety_percent)
{
  const char *rows[10];
  memcpy (rows, postcodes, sizeof rows);
  rows[3] = "LS6 2AK"; /* 9 of 10 */
  g_autoptr (GPtrArray) dets = detect ("home", rows, 10);
  const RrQiDetection *d = only (dets);
  cr_assert_str_eq (d->kind, "postcode");
  cr_assert_eq (d->type, RR_QI_POSTCODE);
  cr_assert_eq (d->source, RR_QI_SOURCE_CONTENT);
  cr_assert_str_eq (d->reason, "9 of 10 sampled values are valid UK postcodes");
}

Test (detect, postcodes_below_ninety_percent_are_not_recognised)
{
  const char *rows[10];
  memcpy (rows, postcodes, sizeof rows);
  rows[3] = "LS6 2AK";
  rows[7] = "Leeds";
  g_autoptr (GPtrArray) dets = detect ("home", rows, 10);
  assert_nothing (dets, "8 of 10 postcodes");
}

Test (detect, missing_values_are_not_counted)
{
  const char *rows[] = { "LS6 2AB", "NA", "M1 1AE", "", "EC1A 1BB", "null", "W1A 1HQ", " ",
                         "DN55 1PT", "N/A" };
  g_autoptr (GPtrArray) dets = detect ("home", rows, G_N_ELEMENTS (rows));
  cr_assert_str_eq (only (dets)->reason, "5 of 5 sampled values are valid UK postcodes");
}

Test (detect, too_few_values_recognise_nothing)
{
  const char *rows[] = { "LS6 2AB", "M1 1AE", "EC1A 1BB", "W1A 1HQ", "" };
  g_autoptr (GPtrArray) dets = detect ("home", rows, G_N_ELEMENTS (rows));
  assert_nothing (dets, "4 postcodes");
}

Test (detect, dates_are_of_birth_only_when_the_header_says_so)
{
  const char *rows[] = { "1980-03-07,07/03/1980", "2012-02-29,29/02/2012",
                         "1975-06-15,NA",         "31/12/1999,1999-12-31",
                         "1947-11-23,23/11/1947", "2001-01-09,09/01/2001" };
  g_autoptr (GPtrArray) dets = detect ("admitted,patient_birth_dt", rows, G_N_ELEMENTS (rows));
  cr_assert_eq (dets->len, 2);
  const RrQiDetection *a = g_ptr_array_index (dets, 0), *b = g_ptr_array_index (dets, 1);
  cr_assert_str_eq (a->kind, "date");
  cr_assert_eq (a->type, RR_QI_DATE);
  cr_assert_str_eq (a->reason,
                    "6 of 6 sampled values are valid dates (YYYY-MM-DD or DD/MM/YYYY)");
  cr_assert_str_eq (b->kind, "date-of-birth");
  cr_assert_str_eq (b->reason, "5 of 5 sampled values are valid dates (YYYY-MM-DD or DD/MM/YYYY) "
                               "and the header 'patient_birth_dt' says birth");
}

Test (detect, impossible_or_other_dates_are_not_dates)
{
  const char *rows[] = { "2013-02-29", "1980-13-01", "07/03/80", "1980-03-07", "2012-02-30",
                         "1980-3-7" };
  g_autoptr (GPtrArray) dets = detect ("when", rows, G_N_ELEMENTS (rows));
  assert_nothing (dets, "mostly invalid dates");
}

Test (detect, sex_codes_by_content)
{
  const char *rows[] = { "M,1", "F,2", "f,2", "Male,1", "U,9", "X,2", "m,1" };
  g_autoptr (GPtrArray) dets = detect ("s,code", rows, G_N_ELEMENTS (rows));
  cr_assert_eq (dets->len, 2);
  const RrQiDetection *a = g_ptr_array_index (dets, 0), *b = g_ptr_array_index (dets, 1);
  cr_assert_str_eq (a->kind, "sex");
  cr_assert_eq (a->type, RR_QI_SEX);
  cr_assert_str_eq (a->reason, "7 of 7 sampled values are sex codes");
  cr_assert_str_eq (b->kind, "sex");
}

Test (detect, small_integers_and_flags_are_not_sex)
{
  /* A 0/1 flag; small counts; digits that are 9 in 10 sex codes but include a 3. */
  const char *rows[] = { "0,1,1", "1,2,2", "1,3,1", "0,4,2", "1,2,1",
                         "0,1,2", "0,5,9", "1,2,1", "1,1,2", "0,2,3" };
  g_autoptr (GPtrArray) dets = detect ("flag,count,code", rows, G_N_ELEMENTS (rows));
  assert_nothing (dets, "small integers");
}

Test (detect, ethnic_category_codes_by_content)
{
  const char *rows[] = { "A", "B", "J", "99", "Z", "H", "A", "N", "S", "A" };
  g_autoptr (GPtrArray) dets = detect ("eth_cd", rows, G_N_ELEMENTS (rows));
  const RrQiDetection *d = only (dets);
  cr_assert_str_eq (d->kind, "ethnicity");
  cr_assert_eq (d->type, RR_QI_CATEGORY);
  cr_assert_str_eq (d->reason, "10 of 10 sampled values are NHS ethnic category codes");
}

Test (detect, letters_outside_the_ethnic_codes_or_constant_are_not_ethnicity)
{
  /* I, O, Q, T are not codes (3 of 10); a constant column splits nothing. */
  const char *rows[] = { "A,A", "I,A", "O,A", "B,A", "Q,A", "C,A", "D,A", "T,A", "E,A", "F,A" };
  g_autoptr (GPtrArray) dets = detect ("grade,constant", rows, G_N_ELEMENTS (rows));
  assert_nothing (dets, "letters");
}

Test (detect, nhs_numbers_are_direct_identifiers)
{
  const char *rows[] = { "943 476 5919", "4010232137", "4505577104", "943 476 5900",
                         "9434765919" };
  g_autoptr (GPtrArray) dets = detect ("patient", rows, G_N_ELEMENTS (rows));
  const RrQiDetection *d = only (dets);
  cr_assert_str_eq (d->kind, "nhs-number");
  cr_assert (d->direct_identifier);
  cr_assert_str_eq (d->reason, "5 of 5 sampled values are NHS numbers with a valid check digit");
}

Test (detect, ten_digit_numbers_with_bad_check_digits_are_not_nhs_numbers)
{
  /* The valid numbers above with their check digits changed; one valid is 1 in 5. */
  const char *rows[] = { "943 476 5918", "4010232130", "4505577105", "9434765901",
                         "9434765919" };
  g_autoptr (GPtrArray) dets = detect ("ref", rows, G_N_ELEMENTS (rows));
  assert_nothing (dets, "bad check digits");
}

Test (detect, hex_pseudonyms_are_nothing)
{
  const char *rows[] = { "3f9a0c1e7b", "a1b2c3d4e5", "0e4c9f2a11", "deadbeef42", "7c0ffee123",
                         "5a5a5a5a5a", "9b1d7e3c0f", "c0a8012a9e" };
  g_autoptr (GPtrArray) dets = detect ("pseudo_id", rows, G_N_ELEMENTS (rows));
  assert_nothing (dets, "hex pseudonyms");
}

Test (detect, odd_whitespace_and_short_rows_are_safe)
{
  /* Form feeds are not blanks: values, not missing.  Rows of the wrong width are skipped. */
  const char *rows[] = { "\f,M", "\v\f,F", "\f,M", "\f \f,F", "\f,M", "x", "a,b,c", "\f,F" };
  g_autoptr (GPtrArray) dets = detect ("odd,s", rows, G_N_ELEMENTS (rows));
  cr_assert_str_eq (only (dets)->reason, "6 of 6 sampled values are sex codes");
}

Test (detect, columns_come_back_in_order_with_indexes)
{
  const char *rows[] = { "p1,LS6 2AB,x,M", "p2,M1 1AE,y,F", "p3,EC1A 1BB,z,F", "p4,W1A 1HQ,w,M",
                         "p5,CR2 6XH,v,M" };
  g_autoptr (GPtrArray) dets = detect ("pid,where,note,s", rows, G_N_ELEMENTS (rows));
  cr_assert_eq (dets->len, 2);
  const RrQiDetection *a = g_ptr_array_index (dets, 0), *b = g_ptr_array_index (dets, 1);
  cr_assert_str_eq (a->column, "where");
  cr_assert_eq (a->index, 1);
  cr_assert_str_eq (b->column, "s");
  cr_assert_eq (b->index, 3);
}

Test (detect, nhs_number_check_digit)
{
  /* 943 476 5919, the NHS's own example: 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2
   * = 299; 299 mod 11 = 2; 11 - 2 = 9. */
  cr_assert (rr_qi_is_nhs_number ("9434765919", 10));
  cr_assert (rr_qi_is_nhs_number ("943 476 5919", 12));
  /* 401 023 2137: 40+0+8+0+12+15+8+3+6 = 92; 92 mod 11 = 4; check 7. */
  cr_assert (rr_qi_is_nhs_number ("4010232137", 10));
  /* 450 557 7104: 40+45+0+35+30+35+28+3+0 = 216; 216 mod 11 = 7; check 4. */
  cr_assert (rr_qi_is_nhs_number ("4505577104", 10));
  /* 943 476 590: 299 - 2 = 297 = 27 * 11, so 11 - 0 = 11 is read as check digit 0. */
  cr_assert (rr_qi_is_nhs_number ("9434765900", 10));
  cr_assert (!rr_qi_is_nhs_number ("9434765901", 10));
  cr_assert (!rr_qi_is_nhs_number ("9434765918", 10));
  /* 000 000 006: 6*2 = 12; 12 mod 11 = 1; 11 - 1 = 10, which no number has. */
  for (char c = '0'; c <= '9'; c++)
    {
      char s[11] = "000000006";
      s[9] = c;
      cr_assert (!rr_qi_is_nhs_number (s, 10), "%s", s);
    }
}

Test (detect, nhs_number_shapes)
{
  const char *bad[] = { "943 4765919", "9434 76 5919", "943-476-5919", "94347659190",
                        "943476591", "943 476 591 9", " 9434765919", "943 476 591A", "" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    cr_assert (!rr_qi_is_nhs_number (bad[i], strlen (bad[i])), "'%s'", bad[i]);
  cr_assert (rr_qi_is_nhs_number ("9434765919999", 10)); /* only len bytes count */
}
