/* test-attack-scenario.c - scenario files: defaults, every error (domain, code and place), the
 * library by name, and the shipped library itself (every scenario loads, and every figure it
 * states has its source beside it). */
#include "config.h"
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include "attack/scenario.h"
#include "util/error.h"

#define LIBRARY RR_SRCDATADIR "/scenarios"

static char *
write_tmp (const char *text)
{
  g_autoptr (GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("scenario-XXXXXX.ini", &path, &error);
  cr_assert (fd >= 0);
  close (fd);
  cr_assert (g_file_set_contents (path, text, -1, &error));
  return path;
}

static RrAttackScenario *
load_text (const char *text, GError **error)
{
  g_autofree char *path = write_tmp (text);
  RrAttackScenario *s = rr_attack_scenario_load_file (path, error);
  unlink (path);
  return s;
}

/* The message without the temporary file's name: "LINE:COL: ..." or ": ...". */
static const char *
after_path (const GError *error)
{
  const char *p = strstr (error->message, ".ini");
  return p != NULL ? p + 4 : error->message;
}

static void
expect_parse_error (const char *text, const char *where_and_what)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrAttackScenario) s = load_text (text, &error);
  cr_assert_null (s, "accepted: %s", text);
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_PARSE), "%s", error->message);
  cr_assert (strstr (after_path (error), where_and_what) != NULL, "'%s' lacks '%s'",
             error->message, where_and_what);
}

Test (attack_scenario, defaults)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrAttackScenario) s = load_text ("[scenario]\n[match]\n[postcode]\n[sex]\n", &error);
  cr_assert_not_null (s, "%s", error ? error->message : "");
  cr_assert_eq (s->target, RR_ATTACK_JOURNALIST);
  cr_assert_eq (s->method, RR_MATCH_EXACT);
  cr_assert_eq (s->accept, RR_ACCEPT_UNIQUE);
  cr_assert (ieee_ulp_eq (dbl, s->coverage, 1.0, 0));
  cr_assert_eq (s->min_fields, 0);
  cr_assert_eq (s->fields->len, 2);
  const RrAttackField *pc = rr_attack_scenario_field (s, RR_ATTACK_ROLE_POSTCODE);
  cr_assert_eq (pc->precision, RR_LEVEL_UNIT);
  cr_assert (all (ieee_ulp_eq (dbl, pc->missing, 0.0, 0), ieee_ulp_eq (dbl, pc->wrong, 0.0, 0)));
  cr_assert (isnan (pc->m) && isnan (pc->u));
  cr_assert_null (rr_attack_scenario_field (s, RR_ATTACK_ROLE_ETHNICITY));
  cr_assert_str_eq (s->title, s->name, "the title defaults to the file's name");
}

Test (attack_scenario, full_probabilistic_scenario)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrAttackScenario) s = load_text (
    "[scenario]\ntitle = T\ndescription = D\ntarget = prosecutor\ncoverage = 0.385\n"
    "coverage-source = C\n[match]\nmethod = probabilistic\naccept = threshold\n"
    "threshold = 12.5\n[date-of-birth]\nprecision = year\nmissing = 0.25\nwrong = 0.0625\n"
    "m = 0.9375\nu = 0.0125\nmu-source = M\n[event-date]\nprecision = month\n", &error);
  cr_assert_not_null (s, "%s", error ? error->message : "");
  cr_assert_eq (s->target, RR_ATTACK_PROSECUTOR);
  cr_assert_eq (s->accept, RR_ACCEPT_THRESHOLD);
  cr_assert (ieee_ulp_eq (dbl, s->threshold, 12.5, 0));
  cr_assert (ieee_ulp_eq (dbl, s->coverage, 0.385, 0));
  cr_assert_str_eq (s->coverage_source, "C");
  const RrAttackField *d = rr_attack_scenario_field (s, RR_ATTACK_ROLE_BIRTH_DATE);
  cr_assert_eq (d->precision, RR_LEVEL_YEAR);
  cr_assert (all (ieee_ulp_eq (dbl, d->m, 0.9375, 0), ieee_ulp_eq (dbl, d->u, 0.0125, 0)));
  cr_assert_str_eq (d->mu_source, "M");
  cr_assert_eq (rr_attack_scenario_field (s, RR_ATTACK_ROLE_EVENT_DATE)->precision,
                RR_LEVEL_MONTH);
}

Test (attack_scenario, errors_name_the_line)
{
  expect_parse_error ("[match]\n[sex]\n", ": no [scenario] group");
  expect_parse_error ("[scenario]\ncolour = red\n", ":2:1: [scenario] colour: unknown key");
  expect_parse_error ("[scenario]\ntarget = insurer\n", ":2:1: [scenario] target: 'insurer' is not one of");
  expect_parse_error ("[scenario]\ncoverage = 0\n[sex]\n", ":2:1: [scenario] coverage: '0' is not a number in (0, 1]");
  expect_parse_error ("[scenario]\ncoverage = 1.5\n[sex]\n", ":2:1:");
  expect_parse_error ("[scenario]\ncoverage = lots\n[sex]\n", ":2:1:");
  expect_parse_error ("[scenario]\n[match]\nmethod = fuzzy\n[sex]\n", ":3:1: [match] method:");
  expect_parse_error ("[scenario]\n[match]\naccept = threshold\n[sex]\n", ":3:1: [match] accept: threshold needs method=probabilistic");
  expect_parse_error ("[scenario]\n[match]\nthreshold = 3\n[sex]\n", ":3:1: [match] threshold: only a probabilistic match");
  expect_parse_error ("[scenario]\n[match]\nmethod = probabilistic\n[sex]\n", ":3:1: [match] method: a probabilistic match needs a threshold");
  expect_parse_error ("[scenario]\n[match]\nmin-fields = 1.5\n[sex]\n", ":3:1: [match] min-fields: must be a whole number");
  expect_parse_error ("[scenario]\n[match]\nmin-fields = 2\n[sex]\n", "[match] min-fields: 2 is more than the 1 facts held");
  expect_parse_error ("[scenario]\n[match]\n", ": the attacker holds no facts");
  expect_parse_error ("[scenario]\n[shoe-size]\n", ":2:1: [shoe-size]: unknown group");
  expect_parse_error ("[scenario]\n[sex]\nprecision = day\n", ":3:1: [sex] precision: 'day' is not a precision of sex");
  expect_parse_error ("[scenario]\n[postcode]\nprecision = street\n", ":3:1:");
  expect_parse_error ("[scenario]\n[event-date]\nprecision = age5\n", ":3:1:");
  expect_parse_error ("[scenario]\n[sex]\nmissing = 1\n", ":3:1: [sex] missing:");
  expect_parse_error ("[scenario]\n[sex]\nwrong = -0.1\n", ":3:1: [sex] wrong:");
  expect_parse_error ("[scenario]\n[sex]\nm = 0.9\nu = 0.5\n", ":3:1: [sex] m: m and u are for method=probabilistic");
  expect_parse_error ("[scenario]\n[match]\nmethod = probabilistic\nthreshold = 3\n[sex]\nm = 0.9\n", ":6:1: [sex] m: give both m and u");
  expect_parse_error ("[scenario]\n[match]\nmethod = probabilistic\nthreshold = 3\n[sex]\nm = 0.4\nu = 0.5\n", ":6:1: [sex] m: needs 0 < u < m < 1");
  expect_parse_error ("[scenario]\n[sex]\nshoe = 1\n", ":3:1: [sex] shoe: unknown key");
  expect_parse_error ("not ini\n", ": ");
}

Test (attack_scenario, unreadable_file)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrAttackScenario) s = rr_attack_scenario_load_file ("/no/such/file.ini", &error);
  cr_assert_null (s);
  cr_assert (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT));
}

Test (attack_scenario, library_by_name_and_unknown_names)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrAttackScenario) s = rr_attack_scenario_load ("insurer", LIBRARY, &error);
  cr_assert_not_null (s, "%s", error ? error->message : "");
  cr_assert_str_eq (s->name, "insurer");
  cr_assert (g_str_has_suffix (s->path, "/scenarios/insurer.ini"));
  g_autoptr (RrAttackScenario) none = rr_attack_scenario_load ("burglar", LIBRARY, &error);
  cr_assert_null (none);
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
  cr_assert (strstr (error->message, "data-broker, electoral-register, insurer, nosy-neighbour")
             != NULL, "%s", error->message);
}

Test (attack_scenario, the_library_holds_the_four_and_each_figure_has_a_source)
{
  g_auto (GStrv) names = rr_attack_scenario_list (LIBRARY);
  static const char *const want[] = { "data-broker", "electoral-register", "insurer",
                                      "nosy-neighbour", NULL };
  for (guint i = 0; want[i] != NULL; i++)
    cr_assert (g_strv_contains ((const char *const *) names, want[i]), "no %s", want[i]);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (RrAttackScenario) s = rr_attack_scenario_load (names[i], LIBRARY, &error);
      cr_assert_not_null (s, "%s: %s", names[i], error ? error->message : "");
      cr_assert_not_null (s->description, "%s has no description", names[i]);
      cr_assert_not_null (s->coverage_source, "%s: coverage without a source", names[i]);
      for (guint j = 0; j < s->fields->len; j++)
        {
          const RrAttackField *f = g_ptr_array_index (s->fields, j);
          const char *role = rr_attack_role_to_string (f->role);
          gboolean missing_ok = !(f->missing > 0) || f->missing_source != NULL;
          gboolean wrong_ok = !(f->wrong > 0) || f->wrong_source != NULL;
          gboolean mu_ok = isnan (f->m) || f->mu_source != NULL;
          cr_assert (missing_ok, "%s %s: missing without a source", names[i], role);
          cr_assert (wrong_ok, "%s %s: wrong without a source", names[i], role);
          cr_assert (mu_ok, "%s %s: m and u without a source", names[i], role);
        }
    }
}

Test (attack_scenario, names_of_roles_and_rules)
{
  RrAttackRole role;
  cr_assert (rr_attack_role_from_string ("date-of-birth", &role));
  cr_assert_eq (role, RR_ATTACK_ROLE_BIRTH_DATE);
  cr_assert_not (rr_attack_role_from_string ("dob", &role));
  for (guint r = 0; r < RR_ATTACK_N_ROLES; r++)
    {
      cr_assert (rr_attack_role_from_string (rr_attack_role_to_string (r), &role));
      cr_assert_eq (role, r);
    }
  cr_assert_str_eq (rr_accept_rule_to_string (RR_ACCEPT_RANDOM), "random");
  cr_assert_str_eq (rr_match_method_to_string (RR_MATCH_PROBABILISTIC), "probabilistic");
  cr_assert_str_eq (rr_attack_target_to_string (RR_ATTACK_PROSECUTOR), "prosecutor");
}
