/* test-attack-frame.c - binding a scenario to a release: the compared level of every pair of
 * levels, the coarsening of labels, which release column each fact meets, the notes for facts
 * left out, each person's compared code, and the errors. */
#include "config.h"
#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>
#include "attack/frame.h"
#include "util/error.h"

#define ATTACK TEST_DATA_DIR "/attack/"

static RrQiLevel
join (RrQiType type, RrQiLevel a, RrQiLevel r)
{
  RrQiLevel out;
  cr_assert (rr_attack_level_join (type, a, r, &out), "%s with %s", rr_qi_level_to_string (a),
             rr_qi_level_to_string (r));
  return out;
}

Test (attack_frame, compared_level_is_the_coarser)
{
  cr_assert_eq (join (RR_QI_POSTCODE, RR_LEVEL_UNIT, RR_LEVEL_SECTOR), RR_LEVEL_SECTOR);
  cr_assert_eq (join (RR_QI_POSTCODE, RR_LEVEL_DISTRICT, RR_LEVEL_UNIT), RR_LEVEL_DISTRICT);
  cr_assert_eq (join (RR_QI_POSTCODE, RR_LEVEL_AREA, RR_LEVEL_AREA), RR_LEVEL_AREA);
  cr_assert_eq (join (RR_QI_DATE, RR_LEVEL_DAY, RR_LEVEL_YEAR), RR_LEVEL_YEAR);
  cr_assert_eq (join (RR_QI_DATE, RR_LEVEL_YEAR, RR_LEVEL_MONTH), RR_LEVEL_YEAR);
  cr_assert_eq (join (RR_QI_DATE, RR_LEVEL_DAY, RR_LEVEL_AGE5), RR_LEVEL_AGE5);
  cr_assert_eq (join (RR_QI_DATE, RR_LEVEL_AGE10, RR_LEVEL_DAY), RR_LEVEL_AGE10);
  cr_assert_eq (join (RR_QI_DATE, RR_LEVEL_AGE1, RR_LEVEL_AGE5), RR_LEVEL_AGE5);
  cr_assert_eq (join (RR_QI_AGE, RR_LEVEL_DAY, RR_LEVEL_AGE1), RR_LEVEL_AGE1);
  cr_assert_eq (join (RR_QI_AGE, RR_LEVEL_AGE5, RR_LEVEL_AGE1), RR_LEVEL_AGE5);
  cr_assert_eq (join (RR_QI_SEX, RR_LEVEL_ASIS, RR_LEVEL_ASIS), RR_LEVEL_ASIS);
  cr_assert_eq (join (RR_QI_CATEGORY, RR_LEVEL_ASIS, RR_LEVEL_MAP), RR_LEVEL_MAP);
  RrQiLevel out;
  cr_assert_not (rr_attack_level_join (RR_QI_DATE, RR_LEVEL_YEAR, RR_LEVEL_AGE5, &out));
  cr_assert_not (rr_attack_level_join (RR_QI_DATE, RR_LEVEL_AGE1, RR_LEVEL_MONTH, &out));
}

static char *
coarsen (RrQiType type, const char *label, RrQiLevel from, RrQiLevel to)
{
  GDate as_of;
  g_date_clear (&as_of, 1);
  g_date_set_dmy (&as_of, 1, G_DATE_JANUARY, 2021);
  GString *out = g_string_new (NULL);
  if (!rr_attack_label_coarsen (type, label, from, to, &as_of, out))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

#define EXPECT_COARSEN(type, label, from, to, want)                                          \
  do                                                                                         \
    {                                                                                        \
      g_autofree char *got = coarsen (type, label, from, to);                               \
      cr_assert_not_null (got, "%s", label);                                                 \
      cr_assert_str_eq (got, want);                                                          \
    }                                                                                        \
  while (0)

Test (attack_frame, labels_coarsen)
{
  EXPECT_COARSEN (RR_QI_POSTCODE, "LS6 2AB", RR_LEVEL_UNIT, RR_LEVEL_SECTOR, "LS6 2");
  EXPECT_COARSEN (RR_QI_POSTCODE, "LS6 2AB", RR_LEVEL_UNIT, RR_LEVEL_DISTRICT, "LS6");
  EXPECT_COARSEN (RR_QI_POSTCODE, "EC1A 1BB", RR_LEVEL_UNIT, RR_LEVEL_AREA, "EC");
  EXPECT_COARSEN (RR_QI_POSTCODE, "W1A 2", RR_LEVEL_SECTOR, RR_LEVEL_DISTRICT, "W1A");
  EXPECT_COARSEN (RR_QI_POSTCODE, "M1", RR_LEVEL_DISTRICT, RR_LEVEL_AREA, "M");
  EXPECT_COARSEN (RR_QI_DATE, "1980-03-07", RR_LEVEL_DAY, RR_LEVEL_MONTH, "1980-03");
  EXPECT_COARSEN (RR_QI_DATE, "1980-03-07", RR_LEVEL_DAY, RR_LEVEL_YEAR, "1980");
  EXPECT_COARSEN (RR_QI_DATE, "1980-03", RR_LEVEL_MONTH, RR_LEVEL_YEAR, "1980");
  /* born 1980-03-07: 40 on 2021-01-01 */
  EXPECT_COARSEN (RR_QI_DATE, "1980-03-07", RR_LEVEL_DAY, RR_LEVEL_AGE1, "40");
  EXPECT_COARSEN (RR_QI_DATE, "1981-01-02", RR_LEVEL_DAY, RR_LEVEL_AGE5, "35");
  EXPECT_COARSEN (RR_QI_DATE, "43", RR_LEVEL_AGE1, RR_LEVEL_AGE10, "40");
  EXPECT_COARSEN (RR_QI_AGE, "47", RR_LEVEL_AGE1, RR_LEVEL_AGE5, "45");
  EXPECT_COARSEN (RR_QI_SEX, "F", RR_LEVEL_ASIS, RR_LEVEL_ASIS, "F");
  cr_assert_null (coarsen (RR_QI_POSTCODE, "LS6", RR_LEVEL_DISTRICT, RR_LEVEL_UNIT));
  cr_assert_null (coarsen (RR_QI_DATE, "1980", RR_LEVEL_YEAR, RR_LEVEL_AGE5));
  cr_assert_null (coarsen (RR_QI_DATE, "2022-05-01", RR_LEVEL_DAY, RR_LEVEL_AGE1),
                  "born after as-of: no age");
  cr_assert_null (coarsen (RR_QI_DATE, "1980-02-30", RR_LEVEL_DAY, RR_LEVEL_AGE1));
}

typedef struct
{
  GPtrArray *specs;
  RrDataset *ds;
  RrAttackScenario *s;
} Release;

static void
release_clear (Release *r)
{
  rr_attack_scenario_free (r->s);
  rr_dataset_free (r->ds);
  g_clear_pointer (&r->specs, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Release, release_clear)

static void
release_init (Release *r, const char *qi, const char *scenario)
{
  g_autoptr (GError) error = NULL;
  GDate as_of;
  g_date_clear (&as_of, 1);
  g_date_set_dmy (&as_of, 30, G_DATE_JUNE, 2020);
  r->specs = rr_qi_spec_parse_list (qi, &as_of, &error);
  cr_assert_not_null (r->specs, "%s", error ? error->message : "");
  RrLoadOptions lo = { ATTACK "tiny.csv", 0, r->specs, NULL, NULL, FALSE, FALSE, 0 };
  r->ds = rr_dataset_load (&lo, &error);
  cr_assert_not_null (r->ds, "%s", error ? error->message : "");
  char *path = NULL;
  int fd = g_file_open_tmp ("frame-XXXXXX.ini", &path, &error);
  close (fd);
  cr_assert (g_file_set_contents (path, scenario, -1, &error));
  r->s = rr_attack_scenario_load_file (path, &error);
  unlink (path);
  g_free (path);
  cr_assert_not_null (r->s, "%s", error ? error->message : "");
}

/* tiny.csv, at district, year of birth and sex; an attacker who knows the sector, the day of
 * birth and sex compares at district and year. */
Test (attack_frame, binds_each_fact_at_the_coarser_level)
{
  g_auto (Release) r = { 0 };
  release_init (&r, "postcode:postcode:district,date_of_birth:date:year,sex:sex",
                "[scenario]\n[sex]\n[postcode]\nprecision = sector\n[date-of-birth]\n"
                "[ethnicity]\n");
  static const char *const kinds[] = { NULL, "date-of-birth", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (RrAttackFrame) f = rr_attack_frame_new (r.ds, r.specs, kinds, r.s, &error);
  cr_assert_not_null (f, "%s", error ? error->message : "");
  cr_assert_eq (rr_attack_frame_n_columns (f), 3);
  const RrAttackColumn *sex = rr_attack_frame_column (f, 0);
  const RrAttackColumn *pc = rr_attack_frame_column (f, 1);
  const RrAttackColumn *dob = rr_attack_frame_column (f, 2);
  cr_assert_str_eq (sex->column, "sex");
  cr_assert_eq (pc->qi, 0);
  cr_assert_eq (pc->level, RR_LEVEL_DISTRICT);
  cr_assert_eq (dob->level, RR_LEVEL_YEAR);
  cr_assert_eq (dob->release_role, RR_ATTACK_ROLE_BIRTH_DATE);
  cr_assert_eq (rr_attack_column_n_codes (pc), 3, "AB1, AB2, CD1");
  cr_assert_eq (rr_attack_column_n_codes (dob), 5, "2016 to 2020");
  /* p01 and p02 share AB1 and 2018; p06 is in CD1 */
  cr_assert_eq (pc->codes[0], pc->codes[1]);
  cr_assert_str_eq (g_ptr_array_index (pc->labels, pc->codes[5]), "CD1");
  cr_assert_eq (rr_attack_column_lookup (dob, "2018"), dob->codes[0]);
  cr_assert_eq (rr_attack_column_lookup (dob, "1901"), 5, "unknown: the number of codes");
  const char *const *notes = rr_attack_frame_notes (f);
  cr_assert_not_null (notes[0]);
  cr_assert (strstr (notes[0], "ethnicity is not compared") != NULL, "%s", notes[0]);
  cr_assert_null (notes[1]);
}

/* An attacker's age band meets a release's date of birth at the band; a year of birth cannot
 * meet an age band; a date not recognised as a birth date is an event date. */
Test (attack_frame, ages_and_dates)
{
  g_auto (Release) r = { 0 };
  release_init (&r, "date_of_birth:date:day", "[scenario]\n[age]\nprecision = age5\n");
  static const char *const dob[] = { "date-of-birth" };
  g_autoptr (GError) error = NULL;
  g_autoptr (RrAttackFrame) f = rr_attack_frame_new (r.ds, r.specs, dob, r.s, &error);
  cr_assert_not_null (f, "%s", error ? error->message : "");
  const RrAttackColumn *c = rr_attack_frame_column (f, 0);
  cr_assert_eq (c->level, RR_LEVEL_AGE5);
  /* on 2020-06-30 p06 (born 2016-08-08) is 3, in band 0; everyone in tiny.csv is under 5 */
  cr_assert_str_eq (g_ptr_array_index (c->labels, c->codes[5]), "0");
  cr_assert_eq (rr_attack_column_n_codes (c), 1);

  g_auto (Release) y = { 0 };
  release_init (&y, "date_of_birth:date:age5", "[scenario]\n[date-of-birth]\nprecision = year\n");
  g_autoptr (RrAttackFrame) none = rr_attack_frame_new (y.ds, y.specs, dob, y.s, &error);
  cr_assert_null (none);
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
  g_clear_error (&error);

  g_auto (Release) e = { 0 };
  release_init (&e, "date_of_birth:date:day", "[scenario]\n[event-date]\n[date-of-birth]\n");
  static const char *const unknown[] = { NULL };
  g_autoptr (RrAttackFrame) ev = rr_attack_frame_new (e.ds, e.specs, unknown, e.s, &error);
  cr_assert_not_null (ev, "%s", error ? error->message : "");
  cr_assert_eq (rr_attack_frame_n_columns (ev), 1);
  cr_assert_eq (rr_attack_frame_column (ev, 0)->field->role, RR_ATTACK_ROLE_EVENT_DATE);
}

Test (attack_frame, min_fields_above_the_facts_compared)
{
  g_auto (Release) r = { 0 };
  release_init (&r, "sex:sex", "[scenario]\n[match]\nmin-fields = 2\n[sex]\n[postcode]\n");
  static const char *const kinds[] = { NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (RrAttackFrame) f = rr_attack_frame_new (r.ds, r.specs, kinds, r.s, &error);
  cr_assert_null (f);
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
  cr_assert (strstr (error->message, "min-fields is 2 but only 1") != NULL, "%s", error->message);
}

Test (attack_frame, roles_of_release_columns)
{
  RrAttackRole role;
  g_autoptr (RrQiSpec) date = rr_qi_spec_new ("d", RR_QI_DATE, RR_LEVEL_DAY, NULL);
  cr_assert (rr_attack_role_of_qi (date, "date-of-birth", &role));
  cr_assert_eq (role, RR_ATTACK_ROLE_BIRTH_DATE);
  cr_assert (rr_attack_role_of_qi (date, "date", &role));
  cr_assert_eq (role, RR_ATTACK_ROLE_EVENT_DATE);
  g_autoptr (RrQiSpec) cat = rr_qi_spec_new ("c", RR_QI_CATEGORY, RR_LEVEL_ASIS, NULL);
  cr_assert (rr_attack_role_of_qi (cat, "ethnicity", &role));
  cr_assert_not (rr_attack_role_of_qi (cat, NULL, &role));
  g_autoptr (RrQiSpec) num = rr_qi_spec_new ("n", RR_QI_NUMBER, RR_LEVEL_ASIS, NULL);
  cr_assert_not (rr_attack_role_of_qi (num, NULL, &role));
}
