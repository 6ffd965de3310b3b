/* test-lattice.c - the lattice search: with pruning it finds the same recommendations as the
 * exhaustive search; without suppression its best node is the least-loss node among those whose
 * classes, built afresh from the persons, meet the policy (loss recomputed from the persons);
 * with suppression the suppressed persons and the figures agree with a recount. */
#include "config.h"
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <glib/gstdio.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include "load/dataset.h"
#include "measure/classes.h"
#include "search/lattice.h"
#include "util/autocleanups.h"

typedef struct
{
  char *dir, *csv;
  GPtrArray *specs;
  RrDataset *ds;
  RrClassTable *classes;
  RrHierarchy *h;
  RrRollup *w;
  GPtrArray *names;
  GPtrArray *sensitive;
  RrAuditResult *r;
} Fixture;

static const char *const units[] = { "LS6 2AB", "LS6 2AD", "LS6 3XY", "LS7 1AA", "LS7 1AB",
                                     "M1 1AE", "M1 2AB", "M2 3DE", "M21 4EF", "S1 2GH" };

static void
write_release (const char *path, guint n, guint seed)
{
  g_autoptr (gsl_rng) r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed);
  GString *s = g_string_new ("pid,postcode,dob,sex,diagnosis\n");
  for (guint p = 0; p < n; p++)
    {
      guint day = (guint) gsl_rng_uniform_int (r, 28) + 1, month = (guint) gsl_rng_uniform_int (r, 12) + 1;
      guint year = 1975 + (guint) gsl_rng_uniform_int (r, 6);
      g_string_append_printf (s, "p%u,%s,%04u-%02u-%02u,%s,D%u\n", p,
                              units[gsl_rng_uniform_int (r, G_N_ELEMENTS (units))], year, month, day,
                              gsl_rng_uniform_int (r, 2) ? "M" : "F",
                              (guint) gsl_rng_uniform_int (r, 4));
    }
  cr_assert (g_file_set_contents (path, s->str, -1, NULL));
  g_string_free (s, TRUE);
}

static void
fixture_init (Fixture *f, guint n, guint seed)
{
  f->dir = g_dir_make_tmp ("lattice-XXXXXX", NULL);
  f->csv = g_build_filename (f->dir, "release.csv", NULL);
  write_release (f->csv, n, seed);
  f->specs = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_qi_spec_free);
  g_ptr_array_add (f->specs, rr_qi_spec_new ("postcode", RR_QI_POSTCODE, RR_LEVEL_UNIT, NULL));
  g_ptr_array_add (f->specs, rr_qi_spec_new ("dob", RR_QI_DATE, RR_LEVEL_DAY, NULL));
  g_ptr_array_add (f->specs, rr_qi_spec_new ("sex", RR_QI_SEX, RR_LEVEL_ASIS, NULL));
  g_autoptr (GError) error = NULL;
  RrLoadOptions lo = { f->csv, 0, f->specs, "pid", NULL, FALSE, FALSE, 0 };
  f->ds = rr_dataset_load (&lo, &error);
  cr_assert_not_null (f->ds, "%s", error ? error->message : "");
  const guint32 *cols[] = { rr_dataset_qi_codes (f->ds, 0), rr_dataset_qi_codes (f->ds, 1),
                            rr_dataset_qi_codes (f->ds, 2) };
  f->classes = rr_class_table_build (cols, 3, rr_dataset_n_persons (f->ds));
  f->h = rr_hierarchy_new (f->ds, f->specs);
  f->w = rr_rollup_new (f->h, f->classes);
  f->names = g_ptr_array_new ();
  g_ptr_array_add (f->names, (gpointer) "postcode");
  g_ptr_array_add (f->names, (gpointer) "dob");
  g_ptr_array_add (f->names, (gpointer) "sex");
  f->sensitive = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_sensitive_free);
  f->r = rr_audit_result_new ();
}

static void
fixture_add_diagnosis (Fixture *f)
{
  g_autoptr (GPtrArray) specs = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_qi_spec_free);
  g_ptr_array_add (specs, rr_qi_spec_new ("diagnosis", RR_QI_CATEGORY, RR_LEVEL_ASIS, NULL));
  RrLoadOptions lo = { f->csv, 0, specs, "pid", NULL, FALSE, FALSE, 0 };
  g_autoptr (RrDataset) d = rr_dataset_load (&lo, NULL);
  cr_assert_not_null (d);
  g_ptr_array_add (f->sensitive,
                   rr_sensitive_new (rr_dataset_qi_codes (d, 0), rr_dataset_qi_n_distinct (d, 0),
                                     NULL, rr_class_table_person_classes (f->classes),
                                     rr_class_table_count (f->classes), rr_dataset_n_persons (d)));
}

static void
fixture_fini (Fixture *f)
{
  g_unlink (f->csv);
  g_rmdir (f->dir);
  g_free (f->csv);
  g_free (f->dir);
  rr_rollup_free (f->w);
  rr_hierarchy_free (f->h);
  rr_class_table_free (f->classes);
  rr_dataset_free (f->ds);
  g_ptr_array_unref (f->specs);
  g_ptr_array_unref (f->names);
  g_ptr_array_unref (f->sensitive);
  rr_audit_result_free (f->r);
}

static RrPolicy *
policy_of (Fixture *f, const char *rules)
{
  g_autofree char *path = g_build_filename (f->dir, "p.ini", NULL);
  g_autofree char *text = g_strdup_printf ("[policy]\nname = t\n\n%s", rules);
  cr_assert (g_file_set_contents (path, text, -1, NULL));
  g_autoptr (GError) error = NULL;
  RrPolicy *p = rr_policy_load (path, &error);
  cr_assert_not_null (p, "%s", error ? error->message : "");
  g_unlink (path);
  return p;
}

static RrSearchResult *
search (Fixture *f, const RrPolicy *p, double max_supp, gboolean exhaustive, guint n_rec,
        RrSearchChoice **best)
{
  RrFigures release = { 0 };
  RrSearchOptions o = { f->h, f->w, p, &release, f->sensitive, 0.2, max_supp, n_rec, exhaustive,
                        f->names };
  g_autoptr (GError) error = NULL;
  RrSearchResult *res = rr_search_run (&o, best, &error);
  cr_assert_not_null (res, "%s", error ? error->message : "");
  return res;
}

static void
assert_same_recommendations (const RrSearchResult *a, const RrSearchResult *b)
{
  cr_assert_eq (a->recommendations->len, b->recommendations->len);
  for (guint i = 0; i < a->recommendations->len; i++)
    {
      const RrRecommendation *x = g_ptr_array_index (a->recommendations, i);
      const RrRecommendation *y = g_ptr_array_index (b->recommendations, i);
      cr_assert (ieee_ulp_eq (dbl, x->loss, y->loss, 0), "rank %u: %.17g vs %.17g", i, x->loss, y->loss);
      for (guint q = 0; q < a->n_qi; q++)
        cr_assert_eq (x->levels[q], y->levels[q], "rank %u qi %u", i, q);
      cr_assert_eq (x->risk.suppressed, y->risk.suppressed);
    }
}

Test (lattice, pruned_equals_exhaustive)
{
  static const char *const policies[] = {
    "[k]\nfigure = k\nmin = 4\n",
    "[m]\nfigure = prosecutor-mean\nmax = 0.1\n\n[x]\nfigure = prosecutor-max\nmax = 0.34\n",
    "[u]\nfigure = sample-uniques\nmax = 0.01\n",
    "[l]\nfigure = l-distinct\nmin = 2\n\n[h]\nfigure = homogeneous\nmax = 0.02\n",
  };
  static const double supp[] = { 0.0, 0.03, 0.1 };
  Fixture f = { 0 };
  fixture_init (&f, 400, 7);
  fixture_add_diagnosis (&f);
  for (guint i = 0; i < G_N_ELEMENTS (policies); i++)
    for (guint j = 0; j < G_N_ELEMENTS (supp); j++)
      {
        g_autoptr (RrPolicy) p = policy_of (&f, policies[i]);
        g_autoptr (RrSearchResult) full = search (&f, p, supp[j], TRUE, 3, NULL);
        g_autoptr (RrSearchResult) pruned = search (&f, p, supp[j], FALSE, 3, NULL);
        cr_assert_eq (full->evaluated, full->nodes);
        cr_assert (pruned->evaluated < full->nodes, "policy %u supp %g: no pruning", i, supp[j]);
        cr_assert_gt (full->recommendations->len, 0, "policy %u", i);
        assert_same_recommendations (full, pruned);
      }
  fixture_fini (&f);
}

/* Non-uniform entropy from the persons: sum over q and persons -log2 (f(value) / f(gen value)). */
static double
loss_from_persons (const Fixture *f, const guint *levels)
{
  double bits = 0.0, top = 0.0;
  guint64 n = rr_dataset_n_persons (f->ds);
  for (guint q = 0; q < 3; q++)
    {
      g_autoptr (GHashTable) fb = g_hash_table_new (NULL, NULL), fg = g_hash_table_new (NULL, NULL);
      const guint32 *codes = rr_dataset_qi_codes (f->ds, q);
      for (guint64 p = 0; p < n; p++)
        {
          gpointer b = GUINT_TO_POINTER (codes[p] + 1);
          gpointer g = GUINT_TO_POINTER (rr_hierarchy_code (f->h, q, levels[q], codes[p]) + 1);
          g_hash_table_insert (fb, b, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (fb, b)) + 1));
          g_hash_table_insert (fg, g, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (fg, g)) + 1));
        }
      for (guint64 p = 0; p < n; p++)
        {
          double nb = GPOINTER_TO_UINT (g_hash_table_lookup (fb, GUINT_TO_POINTER (codes[p] + 1)));
          double ng = GPOINTER_TO_UINT (g_hash_table_lookup (
            fg, GUINT_TO_POINTER (rr_hierarchy_code (f->h, q, levels[q], codes[p]) + 1)));
          bits -= log2 (nb / ng);
          top -= log2 (nb / (double) n);
        }
    }
  return bits / top;
}

static guint64
k_from_persons (const Fixture *f, const guint *levels)
{
  guint64 n = rr_dataset_n_persons (f->ds);
  g_autofree guint32 *c0 = g_new (guint32, n), *c1 = g_new (guint32, n), *c2 = g_new (guint32, n);
  guint32 *cols[] = { c0, c1, c2 };
  for (guint q = 0; q < 3; q++)
    for (guint64 p = 0; p < n; p++)
      cols[q][p] = rr_hierarchy_code (f->h, q, levels[q], rr_dataset_qi_codes (f->ds, q)[p]);
  g_autoptr (RrClassTable) t = rr_class_table_build ((const guint32 *const *) cols, 3, n);
  return rr_class_table_min_size (t);
}

Test (lattice, best_is_least_loss_among_fresh_passing_nodes)
{
  Fixture f = { 0 };
  fixture_init (&f, 300, 11);
  g_autoptr (RrPolicy) p = policy_of (&f, "[k]\nfigure = k\nmin = 5\n");
  g_autoptr (RrSearchChoice) best = NULL;
  g_autoptr (RrSearchResult) res = search (&f, p, 0.0, FALSE, 1, &best);
  cr_assert_not_null (best);
  double min_loss = (double) INFINITY;
  guint want[3] = { 0 }, lv[3];
  for (lv[0] = 0; lv[0] < f.h->qi[0].n_levels; lv[0]++)
    for (lv[1] = 0; lv[1] < f.h->qi[1].n_levels; lv[1]++)
      for (lv[2] = 0; lv[2] < f.h->qi[2].n_levels; lv[2]++)
        {
          if (k_from_persons (&f, lv) < 5)
            continue;
          double loss = loss_from_persons (&f, lv);
          if (loss < min_loss - 1e-12)
            {
              min_loss = loss;
              memcpy (want, lv, sizeof want);
            }
        }
  const RrRecommendation *r = g_ptr_array_index (res->recommendations, 0);
  cr_assert (fabs ((r->loss) - (min_loss)) <= 1e-12, "%.17g vs %.17g", r->loss, min_loss);
  for (guint q = 0; q < 3; q++)
    cr_assert_eq (best->levels[q], want[q], "qi %u", q);
  cr_assert_eq (r->risk.suppressed, 0);
  cr_assert_geq (r->risk.k, 5);
  fixture_fini (&f);
}

Test (lattice, suppression_recount)
{
  Fixture f = { 0 };
  fixture_init (&f, 300, 5);
  g_autoptr (RrPolicy) p = policy_of (&f, "[k]\nfigure = k\nmin = 3\n");
  g_autoptr (RrSearchChoice) best = NULL;
  g_autoptr (RrSearchResult) res = search (&f, p, 0.05, FALSE, 3, &best);
  cr_assert_not_null (best);
  guint64 supp = 0, kept_min = G_MAXUINT64;
  for (guint64 c = 0; c < best->node->n_classes; c++)
    {
      if (best->suppressed[c])
        {
          supp += best->node->sizes[c];
          cr_assert_lt (best->node->sizes[c], 3);
        }
      else
        kept_min = MIN (kept_min, best->node->sizes[c]);
    }
  const RrRecommendation *r = g_ptr_array_index (res->recommendations, 0);
  cr_assert_eq (r->risk.suppressed, supp);
  cr_assert_leq (supp, 15);
  cr_assert_eq (r->risk.k, kept_min);
  cr_assert_geq (kept_min, 3);
  /* The loss counts suppressed persons as withheld: at least the bound without suppression. */
  cr_assert (r->loss >= 0.0 && r->loss <= 1.0);
  fixture_fini (&f);
}

Test (lattice, unsearchable_rules_are_listed)
{
  Fixture f = { 0 };
  fixture_init (&f, 100, 3);
  g_autoptr (RrPolicy) p = policy_of (&f, "[k]\nfigure = k\nmin = 2\n\n[j]\nfigure = journalist-max\nmax = 0.5\n");
  g_autoptr (RrSearchResult) res = search (&f, p, 0.0, FALSE, 3, NULL);
  cr_assert_eq (res->unsearchable->len, 1);
  cr_assert_str_eq (g_ptr_array_index (res->unsearchable, 0), "j");
  cr_assert_gt (res->recommendations->len, 0);
  cr_assert_eq (res->nodes, 5 * 4 * 2);
  fixture_fini (&f);
}
