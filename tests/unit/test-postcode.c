/* test-postcode.c - UK postcodes: every outward shape, normalisation, the rejected forms with
 * their reasons, and the unit, sector, district and area labels (qi stage). */
#include "config.h"
#include <criterion/criterion.h>
#include <string.h>
#include "qi/postcode.h"
#include "qi/qi.h"

/* The label of raw at level, or NULL when it is not OK (with *why set). */
static char *
label (const char *raw, RrQiLevel level, RrQiValueStatus *status, const char **why)
{
  g_autoptr (RrQiSpec) spec = rr_qi_spec_new ("postcode", RR_QI_POSTCODE, level, NULL);
  g_autoptr (GString) out = g_string_new (NULL);
  *status = rr_qi_generalise (spec, raw, strlen (raw), out, why);
  return *status == RR_QI_VALUE_OK ? g_strdup (out->str) : NULL;
}

static void
assert_labels (const char *raw, const char *unit, const char *sector, const char *district,
               const char *area)
{
  const RrQiLevel levels[] = { RR_LEVEL_UNIT, RR_LEVEL_SECTOR, RR_LEVEL_DISTRICT, RR_LEVEL_AREA };
  const char *want[] = { unit, sector, district, area };
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      RrQiValueStatus status;
      const char *why;
      g_autofree char *got = label (raw, levels[i], &status, &why);
      cr_assert_eq (status, RR_QI_VALUE_OK, "%s at %s: %s", raw,
                    rr_qi_level_to_string (levels[i]), why);
      cr_assert_str_eq (got, want[i], "%s at %s", raw, rr_qi_level_to_string (levels[i]));
    }
}

#define BAD_INWARD "inward code (the last three characters) is not a digit and two letters"
#define BAD_OUTWARD "outward code is not of the form A9, A99, AA9, AA99, A9A or AA9A"

static void
assert_rejected (const char *raw, const char *why_want)
{
  char out[RR_POSTCODE_MAX + 1];
  const char *why = NULL;
  cr_assert (!rr_postcode_normalise (raw, strlen (raw), out, &why), "%s accepted", raw);
  cr_assert_str_eq (why, why_want, "why for %s", raw);
}

Test (postcode, every_outward_shape_at_every_level)
{
  assert_labels ("M1 1AE", "M1 1AE", "M1 1", "M1", "M");           /* A9 */
  assert_labels ("M60 1NW", "M60 1NW", "M60 1", "M60", "M");       /* A99 */
  assert_labels ("CR2 6XH", "CR2 6XH", "CR2 6", "CR2", "CR");      /* AA9 */
  assert_labels ("DN55 1PT", "DN55 1PT", "DN55 1", "DN55", "DN");  /* AA99 */
  assert_labels ("W1A 1HQ", "W1A 1HQ", "W1A 1", "W1A", "W");       /* A9A */
  assert_labels ("EC1A 1BB", "EC1A 1BB", "EC1A 1", "EC1A", "EC");  /* AA9A */
  assert_labels ("LS6 2AB", "LS6 2AB", "LS6 2", "LS6", "LS");
}

Test (postcode, girobank_special_code_is_accepted)
{
  assert_labels ("gir0aa", "GIR 0AA", "GIR 0", "GIR", "GIR");
}

Test (postcode, case_and_spacing_are_normalised)
{
  assert_labels ("ls62ab", "LS6 2AB", "LS6 2", "LS6", "LS");
  assert_labels ("  Ls6   2aB\t", "LS6 2AB", "LS6 2", "LS6", "LS");
  assert_labels ("ec1a1bb", "EC1A 1BB", "EC1A 1", "EC1A", "EC");
}

Test (postcode, normalise_writes_one_space_before_the_inward_code)
{
  char out[RR_POSTCODE_MAX + 1];
  const char *why = NULL;
  cr_assert (rr_postcode_normalise ("dn551pt", 7, out, &why));
  cr_assert_str_eq (out, "DN55 1PT");
  cr_assert (rr_postcode_normalise ("M1 1AEjunk", 6, out, &why)); /* only len bytes are read */
  cr_assert_str_eq (out, "M1 1AE");
}

Test (postcode, inward_letters_c_i_k_m_o_v_are_rejected)
{
  const char *bad[] = { "LS6 2AC", "LS6 2IA", "LS6 2AK", "LS6 2MA", "LS6 2AO", "LS6 2VA" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_rejected (bad[i], "inward code letters cannot be C, I, K, M, O or V");
}

Test (postcode, malformed_codes_are_rejected_with_their_reason)
{
  assert_rejected ("LS6 AAB", BAD_INWARD);
  assert_rejected ("LS62A", BAD_INWARD);
  assert_rejected ("1S6 2AB", BAD_OUTWARD);
  assert_rejected ("LSX6 2AB", BAD_OUTWARD);
  assert_rejected ("LS6-2AB", BAD_OUTWARD);
  assert_rejected ("GIR 0AB", BAD_OUTWARD);
  assert_rejected ("LS 62AB", "space not before the three-character inward code");
  assert_rejected ("L S6 2AB", "more than one space");
  assert_rejected ("LS6 2 AB", "more than one space");
  assert_rejected ("LS612 2AB", "too long for a postcode");
  assert_rejected ("LS6", "too short for a postcode");
  assert_rejected ("Z\xc3\xab" "B 1AB", BAD_OUTWARD);
}

Test (postcode, coarser_forms_are_read_at_their_own_level)
{
  /* A sector, district or area (as `audit --apply` writes them) reads at its own level when it
   * is coarser than the level asked, and at the level asked when that is coarser still. */
  RrQiValueStatus status;
  const char *why = NULL;
  g_autofree char *district = label ("ls6", RR_LEVEL_UNIT, &status, &why);
  cr_assert_str_eq (district, "LS6");
  cr_assert_null (why);
  g_autofree char *sector = label ("Ls6  2", RR_LEVEL_UNIT, &status, &why);
  cr_assert_str_eq (sector, "LS6 2");
  g_autofree char *sector_d = label ("EC1A 1", RR_LEVEL_DISTRICT, &status, &why);
  cr_assert_str_eq (sector_d, "EC1A");
  g_autofree char *area = label ("M", RR_LEVEL_SECTOR, &status, &why);
  cr_assert_str_eq (area, "M");
  g_autofree char *area2 = label ("LS62", RR_LEVEL_AREA, &status, &why);
  cr_assert_str_eq (area2, "LS");
  g_autofree char *star = label ("*", RR_LEVEL_UNIT, &status, &why);
  cr_assert_str_eq (star, "*");
  /* Not a coarser form either: the full postcode's reason is kept. */
  g_autofree char *bad = label ("LS6 22", RR_LEVEL_UNIT, &status, &why);
  cr_assert_null (bad);
  cr_assert_eq (status, RR_QI_VALUE_INVALID);
  cr_assert_str_eq (why, "space not before the three-character inward code");
  g_autofree char *bad2 = label ("LSX", RR_LEVEL_DISTRICT, &status, &why);
  cr_assert_null (bad2);
  g_autofree char *bad3 = label ("LS6 2 2", RR_LEVEL_DISTRICT, &status, &why);
  cr_assert_null (bad3);
}

Test (postcode, missing_tokens_are_missing_not_invalid)
{
  RrQiValueStatus status;
  const char *why = "unset";
  g_autofree char *a = label (" n/a ", RR_LEVEL_UNIT, &status, &why);
  cr_assert_null (a);
  cr_assert_eq (status, RR_QI_VALUE_MISSING);
  cr_assert_null (why);
}
