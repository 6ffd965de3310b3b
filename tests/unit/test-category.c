/* test-category.c - categories as they are and through mapping files (including every malformed
 * map file error), and sex codes (qi stage). */
#include "config.h"
#include <criterion/criterion.h>
#include <string.h>
#include "qi/category.h"
#include "qi/qi.h"
#include "util/error.h"

#define QI_DATA TEST_DATA_DIR "/qi/"

static RrQiValueStatus
generalise (const RrQiSpec *spec, const char *raw, GString *out, const char **why)
{
  g_string_truncate (out, 0);
  return rr_qi_generalise (spec, raw, strlen (raw), out, why);
}

static void
assert_label (const RrQiSpec *spec, const char *raw, const char *want)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const char *why = NULL;
  cr_assert_eq (generalise (spec, raw, out, &why), RR_QI_VALUE_OK, "'%s': %s", raw, why);
  cr_assert_str_eq (out->str, want, "label of '%s'", raw);
}

/* Loads a map file expected to fail; returns the error message (owned). */
static char *
map_error (const char *name, GQuark domain, int code)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "qi", name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) map = rr_category_map_load (path, &error);
  cr_assert_null (map, "%s loaded", name);
  cr_assert_not_null (error);
  cr_assert_eq (error->domain, domain, "%s: %s", name, error->message);
  cr_assert_eq (error->code, code, "%s: %s", name, error->message);
  return g_strdup (error->message);
}

Test (category, as_is_keeps_the_trimmed_value)
{
  g_autoptr (RrQiSpec) spec = rr_qi_spec_new ("eth", RR_QI_CATEGORY, RR_LEVEL_ASIS, NULL);
  assert_label (spec, " Asian or Asian British ", "Asian or Asian British");
  assert_label (spec, "Zo\xc3\xab", "Zo\xc3\xab");
  assert_label (spec, "99", "99");
}

Test (category, map_file_groups_values)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) map = rr_category_map_load (QI_DATA "ethnic-groups.csv", &error);
  cr_assert_null (error, "%s", error ? error->message : "");
  cr_assert_eq (g_hash_table_size (map), 18);
  cr_assert_str_eq (g_hash_table_lookup (map, "H"), "Asian");
  cr_assert_str_eq (g_hash_table_lookup (map, "Z"), "Not stated"); /* both trimmed */
  cr_assert_str_eq (g_hash_table_lookup (map, "Any other, unspecified"), "Other");
  cr_assert_null (g_hash_table_lookup (map, "code")); /* the header is not a row */
}

Test (category, map_level_labels_by_group_and_rejects_unmapped_values)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrQiSpec) spec = rr_qi_spec_parse ("eth:category:map=" QI_DATA "ethnic-groups.csv",
                                                NULL, &error);
  cr_assert_not_null (spec, "%s", error ? error->message : "");
  cr_assert_eq (spec->level, RR_LEVEL_MAP);
  cr_assert_str_eq (spec->map_path, QI_DATA "ethnic-groups.csv");
  assert_label (spec, "M", "Black");
  assert_label (spec, " J ", "Asian");
  assert_label (spec, "Z", "Not stated");
  g_autoptr (GString) out = g_string_new ("kept:");
  const char *why = NULL;
  cr_assert_eq (rr_qi_generalise (spec, "Q", 1, out, &why), RR_QI_VALUE_INVALID);
  cr_assert_str_eq (why, "value not in map " QI_DATA "ethnic-groups.csv");
  cr_assert_str_eq (out->str, "kept:"); /* nothing appended, nothing removed */
  cr_assert_eq (rr_qi_generalise (spec, "NULL", 4, out, &why), RR_QI_VALUE_MISSING);
}

Test (category, map_label_is_appended_after_existing_text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrQiSpec) spec = rr_qi_spec_parse ("eth:category:map=" QI_DATA "ethnic-groups.csv",
                                                NULL, &error);
  cr_assert_not_null (spec);
  g_autoptr (GString) out = g_string_new ("LS6 2AB\x1f");
  cr_assert_eq (rr_qi_generalise (spec, "D", 1, out, NULL), RR_QI_VALUE_OK);
  cr_assert_str_eq (out->str, "LS6 2AB\x1fMixed");
}

Test (category, ragged_map_file_reports_file_line_col)
{
  g_autofree char *msg = map_error ("map-ragged.csv", RR_ERROR, RR_ERROR_PARSE);
  cr_assert (g_str_has_prefix (msg, QI_DATA "map-ragged.csv:3:"), "%s", msg);
}

Test (category, empty_group_reports_its_field)
{
  g_autofree char *msg = map_error ("map-empty-group.csv", RR_ERROR, RR_ERROR_PARSE);
  cr_assert_str_eq (msg, QI_DATA "map-empty-group.csv:3:2: empty group for value 'B' in the map "
                         "file");
}

Test (category, value_mapped_twice_is_an_error)
{
  g_autofree char *msg = map_error ("map-duplicate.csv", RR_ERROR, RR_ERROR_PARSE);
  cr_assert_str_eq (msg, QI_DATA "map-duplicate.csv:4:1: value 'A' is mapped twice (first on "
                         "line 2)");
}

Test (category, map_needs_two_columns_and_a_row)
{
  g_autofree char *three = map_error ("map-three-columns.csv", RR_ERROR, RR_ERROR_PARSE);
  cr_assert (g_str_has_prefix (three, QI_DATA "map-three-columns.csv:1: a map file has two "
                                      "columns"), "%s", three);
  g_autofree char *none = map_error ("map-header-only.csv", RR_ERROR, RR_ERROR_PARSE);
  cr_assert_str_eq (none, QI_DATA "map-header-only.csv: the map file has no rows after its "
                          "header");
}

Test (category, missing_map_file_is_a_file_error)
{
  g_autofree char *msg = map_error ("no-such-map.csv", G_FILE_ERROR, G_FILE_ERROR_NOENT);
  cr_assert (strstr (msg, "no-such-map.csv") != NULL, "%s", msg);
}

Test (category, sex_codes_normalise_to_m_f_u)
{
  const char *m[] = { "M", "m", "Male", "MALE", "1" };
  const char *f[] = { "F", "f", "female", "2" };
  const char *u[] = { "0", "9", "X", "x", "U", "I", "unknown", "Not Known", "Indeterminate" };
  for (guint i = 0; i < G_N_ELEMENTS (m); i++)
    cr_assert_str_eq (rr_category_sex_code (m[i], strlen (m[i])), "M", "%s", m[i]);
  for (guint i = 0; i < G_N_ELEMENTS (f); i++)
    cr_assert_str_eq (rr_category_sex_code (f[i], strlen (f[i])), "F", "%s", f[i]);
  for (guint i = 0; i < G_N_ELEMENTS (u); i++)
    cr_assert_str_eq (rr_category_sex_code (u[i], strlen (u[i])), "U", "%s", u[i]);
}

Test (category, other_sex_values_are_invalid)
{
  g_autoptr (RrQiSpec) spec = rr_qi_spec_new ("sex", RR_QI_SEX, RR_LEVEL_ASIS, NULL);
  assert_label (spec, " female ", "F");
  const char *bad[] = { "3", "Man", "MF", "Mal", "10", "01", "N" };
  g_autoptr (GString) out = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *why = NULL;
      cr_assert_eq (generalise (spec, bad[i], out, &why), RR_QI_VALUE_INVALID, "%s", bad[i]);
      cr_assert (g_str_has_prefix (why, "not a sex code"), "%s", why);
    }
  cr_assert_null (rr_category_sex_code ("Male", 3)); /* "Mal": only len bytes count */
}
