/* decision-words.c - sentences for the verdict and the recommendation (report stage). */
#include "config.h"
#include "report/decision-words.h"
#include "report/format.h"
#include <math.h>
#include <string.h>

char *
rr_words_number (double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (isnan (x))
    return g_strdup ("not measured");
  if (fabs (x - nearbyint (x)) < 1e-12 && fabs (x) >= 1.0)
    return g_strdup_printf ("%.0f", x);
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.4g", x));
}

/* "generalise a to x and b to y, and withhold c and d". */
static void
append_levels (GString *out, const RrSearchResult *s, const RrRecommendation *rec)
{
  g_autoptr (GPtrArray) gen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) drop = g_ptr_array_new_with_free_func (g_free);
  for (guint q = 0; q < s->n_qi; q++)
    {
      const char *name = g_ptr_array_index (s->qi_names, q);
      if (rec->levels[q] == rec->from[q])
        continue;
      if (rec->levels[q] == RR_LEVEL_WITHHELD)
        g_ptr_array_add (drop, g_strdup (name));
      else
        g_ptr_array_add (gen, g_strdup_printf ("%s to %s", name, rr_qi_level_to_string (rec->levels[q])));
    }
  if (gen->len == 0 && drop->len == 0)
    g_string_append (out, "keep every quasi-identifier at its level");
  for (guint i = 0; i < gen->len; i++)
    g_string_append_printf (out, "%s%s", i == 0 ? "generalise " : i + 1 == gen->len ? " and " : ", ",
                            (const char *) g_ptr_array_index (gen, i));
  for (guint i = 0; i < drop->len; i++)
    g_string_append_printf (out, "%s%s",
                            i == 0 ? (gen->len > 0 ? ", and withhold " : "withhold ")
                                   : i + 1 == drop->len ? " and " : ", ",
                            (const char *) g_ptr_array_index (drop, i));
}

/* "(k 1 to 2, prosecutor-mean 0.75 to 0.5)": the policy's other figures. */
static void
append_changes (GString *out, const RrRecommendation *rec)
{
  guint n = 0;
  for (guint i = 0; i < rec->changes->len; i++)
    {
      const RrFigureChange *c = g_ptr_array_index (rec->changes, i);
      if (!c->measured || strcmp (c->figure, "prosecutor-max") == 0
          || !(c->before < c->after || c->before > c->after))
        continue;
      g_autofree char *before = rr_words_number (c->before);
      g_autofree char *after = rr_words_number (c->after);
      g_string_append_printf (out, "%s%s %s to %s", n++ == 0 ? " (" : ", ", c->figure, before,
                              after);
    }
  if (n > 0)
    g_string_append (out, ")");
}

char *
rr_words_recommendation (const RrSearchResult *s, const RrRecommendation *rec)
{
  GString *out = g_string_new (NULL);
  append_levels (out, s, rec);
  g_autofree char *before = rr_words_number (s->audited_max);
  g_autofree char *after = rr_words_number (rec->risk.prosecutor_max);
  g_string_append_printf (out, ": risk falls from %s to %s", before, after);
  append_changes (out, rec);
  guint64 n = rec->risk.persons + rec->risk.suppressed;
  g_autofree char *pct = rr_format_percent (n > 0 ? (double) rec->risk.suppressed / (double) n : 0.0);
  g_string_append_printf (out, ", %s of records suppressed", pct);
  return g_string_free (out, FALSE);
}

char *
rr_words_verdict (const RrVerdictResult *v)
{
  guint n = v->rules->len;
  if (v->pass)
    return g_strdup_printf ("PASS against policy %s: all %u %s met", v->policy, n,
                            n == 1 ? "rule is" : "rules are");
  GString *out = g_string_new (NULL);
  g_string_append_printf (out, "FAIL against policy %s: ", v->policy);
  if (v->n_failed > 0)
    g_string_append_printf (out, "%u of %u %s not met", v->n_failed, n,
                            v->n_failed == 1 ? "rules is" : "rules are");
  if (v->n_failed > 0 && v->n_not_measured > 0)
    g_string_append (out, ", ");
  if (v->n_not_measured > 0)
    g_string_append_printf (out, "%u %s not measured in this run (a rule that is not measured "
                            "fails)", v->n_not_measured, v->n_not_measured == 1 ? "rule's figure is"
                                                                              : "rules' figures are");
  return g_string_free (out, FALSE);
}

char *
rr_words_rule (const RrRuleResult *rule)
{
  g_autofree char *limit = rr_words_number (rule->limit);
  g_autofree char *value = rr_words_number (rule->value);
  return g_strdup_printf ("%s: %s %s, %s %s: %s", rule->name, rule->figure, value,
                          rule->bound == RR_BOUND_MAX ? "at most" : "at least", limit,
                          !rule->measured ? "not measured, so not met"
                          : rule->pass   ? "met"
                                         : "not met");
}

char *
rr_words_qi_names (const RrAuditResult *r)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < r->qis->len; i++)
    {
      const RrQiSummary *s = g_ptr_array_index (r->qis, i);
      if (i > 0)
        g_string_append (out, i + 1 == r->qis->len ? " and " : ", ");
      g_string_append (out, s->name);
    }
  return g_string_free (out, FALSE);
}

const char *
rr_words_plural (guint64 n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}
