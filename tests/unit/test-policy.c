/* test-policy.c - policy files (the shipped ones and every error), figures, and the verdict:
 * a rule at its limit passes, a rule whose figure was not measured fails. */
#include "config.h"
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <math.h>
#include "policy/policy.h"
#include "util/error.h"

#define P(f) TEST_DATA_DIR "/policy/" f
#define SHIPPED(f) RR_SRCDATADIR "/policies/" f ".ini"

static void
assert_parse_error (const char *file, guint line, const char *needle)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrPolicy) p = rr_policy_load (file, &error);
  cr_assert_null (p, "%s loaded", file);
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_PARSE), "%s: %s", file, error->message);
  cr_assert (strstr (error->message, needle) != NULL, "%s: '%s' lacks '%s'", file, error->message,
             needle);
  if (line > 0)
    {
      g_autofree char *at = g_strdup_printf ("%s:%u: ", file, line);
      cr_assert (g_str_has_prefix (error->message, at), "'%s' not at '%s'", error->message, at);
    }
}

Test (policy, every_parse_error)
{
  assert_parse_error (P ("unknown-figure.ini"), 5, "unknown figure 'prosecutor-maximum'");
  assert_parse_error (P ("wrong-bound.ini"), 6, "figure k is bounded by min =");
  assert_parse_error (P ("both-bounds.ini"), 4, "exactly one of max = and min =");
  assert_parse_error (P ("out-of-range.ini"), 6, "a share or risk in [0, 1], not 1.5");
  assert_parse_error (P ("not-a-number.ini"), 6, "must be a number, not 'low'");
  assert_parse_error (P ("unknown-key.ini"), 6, "unknown key 'maximum'");
  assert_parse_error (P ("no-rules.ini"), 0, "no rules");
  assert_parse_error (P ("no-header.ini"), 1, "starts with a [policy] group");
  assert_parse_error (P ("garbage.ini"), 0, "not a policy file");
}

Test (policy, unknown_name_lists_the_shipped_ones)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RrPolicy) p = rr_policy_load ("no-such-policy", &error);
  cr_assert_null (p);
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
  cr_assert (strstr (error->message, "controlled-access, public-release, small-numbers") != NULL,
             "%s", error->message);
  g_autoptr (GError) e2 = NULL;
  g_autoptr (RrPolicy) p2 = rr_policy_load ("/no/such/file.ini", &e2);
  cr_assert_null (p2);
  cr_assert (g_error_matches (e2, G_FILE_ERROR, G_FILE_ERROR_NOENT));
}

Test (policy, shipped_policies_have_sources)
{
  static const char *const names[] = { "public-release", "controlled-access", "small-numbers" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = g_strdup_printf ("%s/policies/%s.ini", RR_SRCDATADIR, names[i]);
      g_autoptr (RrPolicy) p = rr_policy_load (path, &error);
      cr_assert_not_null (p, "%s: %s", names[i], error ? error->message : "");
      cr_assert_str_eq (p->name, names[i]);
      cr_assert_not_null (p->source);
      cr_assert (p->threshold > 0.0);
      for (guint r = 0; r < p->rules->len; r++)
        cr_assert_not_null (((RrRule *) g_ptr_array_index (p->rules, r))->source, "%s", names[i]);
    }
  g_autoptr (RrPolicy) pub = rr_policy_load (SHIPPED ("public-release"), NULL);
  RrRule *max = g_ptr_array_index (pub->rules, 0);
  cr_assert_eq (max->figure, RR_FIG_PROSECUTOR_MAX);
  cr_assert (ieee_ulp_eq (dbl, max->limit, 0.09, 0));
  g_autoptr (RrPolicy) small = rr_policy_load (SHIPPED ("small-numbers"), NULL);
  RrRule *k = g_ptr_array_index (small->rules, 0);
  cr_assert_eq (k->figure, RR_FIG_K);
  cr_assert_eq (k->bound, RR_BOUND_MIN);
  cr_assert (ieee_ulp_eq (dbl, k->limit, 8.0, 0));
}

static void
figures_k_mean (RrFigures *f, double k, double mean)
{
  memset (f, 0, sizeof *f);
  f->measured[RR_FIG_K] = f->measured[RR_FIG_PROSECUTOR_MEAN] = TRUE;
  f->value[RR_FIG_K] = k;
  f->value[RR_FIG_PROSECUTOR_MEAN] = mean;
}

Test (policy, verdict_limits_are_inclusive)
{
  g_autoptr (RrPolicy) p = rr_policy_load (P ("k2.ini"), NULL);
  cr_assert_not_null (p);
  RrFigures f;
  figures_k_mean (&f, 2, 0.625);
  g_autoptr (RrVerdictResult) v = rr_policy_evaluate (p, &f, 0.09);
  cr_assert (v->pass);
  cr_assert_eq (v->n_failed, 0);
  figures_k_mean (&f, 1, 0.625);
  g_autoptr (RrVerdictResult) v2 = rr_policy_evaluate (p, &f, 0.09);
  cr_assert_not (v2->pass);
  cr_assert_eq (v2->n_failed, 1);
  RrRuleResult *k = g_ptr_array_index (v2->rules, 0);
  cr_assert_not (k->pass);
  cr_assert (k->measured);
  cr_assert (ieee_ulp_eq (dbl, k->value, 1.0, 0));
  figures_k_mean (&f, 3, 0.62500000000000011);
  cr_assert_not (rr_policy_passes (p, &f));
}

Test (policy, unmeasured_rule_fails_and_is_shown)
{
  g_autoptr (RrPolicy) p = rr_policy_load (P ("unmeasured.ini"), NULL);
  cr_assert_not_null (p);
  cr_assert (ieee_ulp_eq (dbl, p->threshold, 0.25, 0));
  cr_assert (ieee_ulp_eq (dbl, p->max_suppression, 0.2, 0));
  RrFigures f;
  figures_k_mean (&f, 5, 0.1);
  g_autoptr (RrVerdictResult) v = rr_policy_evaluate (p, &f, 0.25);
  cr_assert_not (v->pass);
  cr_assert_eq (v->n_failed, 0);
  cr_assert_eq (v->n_not_measured, 1);
  RrRuleResult *j = g_ptr_array_index (v->rules, 2);
  cr_assert_str_eq (j->figure, "journalist-max");
  cr_assert_not (j->measured);
  cr_assert_not (j->pass);
  cr_assert (isnan (j->value));
}

Test (policy, figure_names_round_trip)
{
  for (guint i = 0; i < RR_N_FIGURES; i++)
    {
      RrFigureId id;
      cr_assert (rr_figure_lookup (rr_figure_info ((RrFigureId) i)->name, &id));
      cr_assert_eq (id, i);
    }
  RrFigureId id;
  cr_assert_not (rr_figure_lookup ("risk", &id));
}
