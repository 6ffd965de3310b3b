/* test-rollup.c - classes at every lattice node regrouped from the audited classes agree with
 * classes built afresh from the release loaded at that node's levels; the non-uniform entropy of
 * each level against a hand count; the node risk figures against rr_risk_prosecutor. */
#include "config.h"
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <math.h>
#include "load/dataset.h"
#include "measure/classes.h"
#include "measure/hierarchy.h"
#include "measure/risk.h"
#include "measure/rollup.h"

#define SMALL TEST_DATA_DIR "/audit/small.csv"

static GPtrArray *
specs_at (const RrQiLevel *levels, const gboolean *keep)
{
  GDate as_of;
  g_date_clear (&as_of, 1);
  g_date_set_dmy (&as_of, 1, 1, 2021);
  static const char *const names[] = { "postcode", "date_of_birth", "sex" };
  static const RrQiType types[] = { RR_QI_POSTCODE, RR_QI_DATE, RR_QI_SEX };
  GPtrArray *specs = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_qi_spec_free);
  for (guint q = 0; q < 3; q++)
    if (keep == NULL || keep[q])
      g_ptr_array_add (specs, rr_qi_spec_new (names[q], types[q], levels[q], &as_of));
  return specs;
}

static RrDataset *
load (GPtrArray *specs)
{
  g_autoptr (GError) error = NULL;
  RrLoadOptions lo = { SMALL, 0, specs, "pid", NULL, FALSE, FALSE, 0 };
  RrDataset *ds = rr_dataset_load (&lo, &error);
  cr_assert_not_null (ds, "%s", error ? error->message : "");
  return ds;
}

static RrClassTable *
classes_of (const RrDataset *ds)
{
  guint n = rr_dataset_n_qi (ds);
  g_autofree const guint32 **cols = g_new (const guint32 *, n);
  for (guint q = 0; q < n; q++)
    cols[q] = rr_dataset_qi_codes (ds, q);
  return rr_class_table_build (cols, n, rr_dataset_n_persons (ds));
}

/* The sorted class sizes, as a string such as "1 1 2 2 2". */
static char *
sizes_string (const guint64 *sizes, guint64 n)
{
  g_autofree guint64 *s = g_memdup2 (sizes, sizeof (guint64) * MAX (n, 1));
  for (guint64 i = 0; i < n; i++)
    for (guint64 j = i + 1; j < n; j++)
      if (s[j] < s[i])
        {
          guint64 t = s[i];
          s[i] = s[j];
          s[j] = t;
        }
  GString *out = g_string_new (NULL);
  for (guint64 i = 0; i < n; i++)
    g_string_append_printf (out, "%s%" G_GUINT64_FORMAT, i ? " " : "", s[i]);
  return g_string_free (out, FALSE);
}

Test (rollup, every_node_matches_a_fresh_load)
{
  const RrQiLevel base_levels[] = { RR_LEVEL_UNIT, RR_LEVEL_DAY, RR_LEVEL_ASIS };
  g_autoptr (GPtrArray) specs = specs_at (base_levels, NULL);
  g_autoptr (RrDataset) ds = load (specs);
  g_autoptr (RrClassTable) base = classes_of (ds);
  g_autoptr (RrHierarchy) h = rr_hierarchy_new (ds, specs);
  g_autoptr (RrRollup) w = rr_rollup_new (h, base);
  guint nodes = 0;
  guint lv[3];
  for (lv[0] = 0; lv[0] < h->qi[0].n_levels; lv[0]++)
    for (lv[1] = 0; lv[1] < h->qi[1].n_levels; lv[1]++)
      for (lv[2] = 0; lv[2] < h->qi[2].n_levels; lv[2]++)
        {
          g_autoptr (RrNodeClasses) node = rr_rollup_node (w, lv);
          RrQiLevel at[3];
          gboolean keep[3];
          for (guint q = 0; q < 3; q++)
            {
              at[q] = h->qi[q].levels[lv[q]];
              keep[q] = at[q] != RR_LEVEL_WITHHELD;
            }
          g_autofree char *got = sizes_string (node->sizes, node->n_classes);
          g_autofree char *want = NULL;
          if (!keep[0] && !keep[1] && !keep[2])
            want = g_strdup ("8");
          else
            {
              g_autoptr (GPtrArray) s2 = specs_at (at, keep);
              g_autoptr (RrDataset) d2 = load (s2);
              g_autoptr (RrClassTable) fresh = classes_of (d2);
              guint64 n = rr_class_table_count (fresh);
              g_autofree guint64 *sz = g_new (guint64, n);
              for (guint64 k = 0; k < n; k++)
                sz[k] = rr_class_table_size (fresh, k);
              want = sizes_string (sz, n);
            }
          cr_assert_str_eq (got, want, "node %u %u %u", lv[0], lv[1], lv[2]);
          nodes++;
        }
  cr_assert_eq (nodes, 5 * 4 * 2);
}

Test (rollup, non_uniform_entropy_hand_count)
{
  /* Postcodes of the 8 persons at unit: LS6 2AB x2, LS6 2AD, LS6 3XY, LS7 1AA, LS7 1AB, M1 1AE x2.
   * At sector: LS6 2 x3, LS6 3, LS7 1 x2, M1 1 x2.  Loss = sum -log2 (f_unit / f_sector):
   * LS6 2AB: 2 x log2(3/2); LS6 2AD: log2(3); LS6 3XY: 0; LS7 1AA, 1AB: 2 x log2(2); M1: 0. */
  const RrQiLevel base_levels[] = { RR_LEVEL_UNIT, RR_LEVEL_DAY, RR_LEVEL_ASIS };
  g_autoptr (GPtrArray) specs = specs_at (base_levels, NULL);
  g_autoptr (RrDataset) ds = load (specs);
  g_autoptr (RrHierarchy) h = rr_hierarchy_new (ds, specs);
  double want = 2 * log2 (1.5) + log2 (3.0) + 2.0;
  cr_assert (ieee_ulp_eq (dbl, h->qi[0].loss[1], want, 8), "got %.17g", h->qi[0].loss[1]);
  cr_assert (ieee_ulp_eq (dbl, h->qi[0].loss[0], 0.0, 0));
  /* Withheld: sum over persons -log2 (f_unit / 8): 2 log2 4 + log2 8 + log2 8 + 2 log2 8 + 2 log2 4. */
  double top = 2 * 2.0 + 3.0 + 3.0 + 2 * 3.0 + 2 * 2.0;
  cr_assert (ieee_ulp_eq (dbl, h->qi[0].max_loss, top, 8), "got %.17g", h->qi[0].max_loss);
  cr_assert_eq (h->qi[2].card[0], 3); /* M, F and the missing code */
}

Test (rollup, node_risk_matches_prosecutor_risk)
{
  const RrQiLevel levels[] = { RR_LEVEL_DISTRICT, RR_LEVEL_YEAR, RR_LEVEL_ASIS };
  g_autoptr (GPtrArray) specs = specs_at (levels, NULL);
  g_autoptr (RrDataset) ds = load (specs);
  g_autoptr (RrClassTable) base = classes_of (ds);
  g_autoptr (RrHierarchy) h = rr_hierarchy_new (ds, specs);
  g_autoptr (RrRollup) w = rr_rollup_new (h, base);
  g_autoptr (RrNodeClasses) node = rr_rollup_base (w);
  RrNodeRisk nr;
  rr_node_risk (node, NULL, 0.5, &nr);
  RrRiskFigures pr;
  rr_risk_prosecutor (base, 0.5, &pr);
  cr_assert (ieee_ulp_eq (dbl, nr.prosecutor_max, pr.max, 0));
  cr_assert (ieee_ulp_eq (dbl, nr.prosecutor_mean, pr.mean, 0));
  cr_assert (ieee_ulp_eq (dbl, nr.prosecutor_above, pr.records_at_risk, 0));
  cr_assert_eq (nr.sample_uniques, 2);
  /* Suppressing the two unique classes leaves 6 persons in 3 classes of 2. */
  g_autofree guint8 *supp = g_new0 (guint8, node->n_classes);
  for (guint64 c = 0; c < node->n_classes; c++)
    supp[c] = node->sizes[c] == 1;
  rr_node_risk (node, supp, 0.5, &nr);
  cr_assert_eq (nr.suppressed, 2);
  cr_assert_eq (nr.k, 2);
  cr_assert (ieee_ulp_eq (dbl, nr.prosecutor_mean, 0.5, 0));
  cr_assert (ieee_ulp_eq (dbl, nr.prosecutor_above, 0.0, 0));
}

Test (rollup, numbering_does_not_depend_on_the_source)
{
  /* The second workspace regroups {area, year, withheld} from the kept {district, year, as-is};
   * the first from the audited classes: the same classes in the same order. */
  const RrQiLevel base_levels[] = { RR_LEVEL_UNIT, RR_LEVEL_DAY, RR_LEVEL_ASIS };
  g_autoptr (GPtrArray) specs = specs_at (base_levels, NULL);
  g_autoptr (RrDataset) ds = load (specs);
  g_autoptr (RrClassTable) base = classes_of (ds);
  g_autoptr (RrHierarchy) h = rr_hierarchy_new (ds, specs);
  g_autoptr (RrRollup) fresh = rr_rollup_new (h, base);
  g_autoptr (RrRollup) warm = rr_rollup_new (h, base);
  const guint mid[] = { 2, 2, 0 }, top[] = { 3, 2, 1 };
  /* The middle node is regrouped first, so that the top one starts from it. */
  g_autoptr (RrNodeClasses) m = rr_rollup_node (warm, mid);
  cr_assert_gt (m->n_classes, 0);
  g_autoptr (RrNodeClasses) a = rr_rollup_node (warm, top);
  g_autoptr (RrNodeClasses) b = rr_rollup_node (fresh, top);
  cr_assert_eq (a->n_classes, b->n_classes);
  for (guint64 c = 0; c < a->n_classes; c++)
    cr_assert_eq (a->sizes[c], b->sizes[c], "class %" G_GUINT64_FORMAT, c);
  for (guint64 k = 0; k < rr_class_table_count (base); k++)
    cr_assert_eq (a->of_base[k], b->of_base[k]);
  cr_assert_eq (a->of_base[0], 0);
}
