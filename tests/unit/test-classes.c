/* test-classes.c - equivalence classes and prosecutor risk, against a hand-worked example and a
 * brute-force grouping of random tuples. */
#include "config.h"
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <gsl/gsl_rng.h>
#include "measure/classes.h"
#include "measure/risk.h"
#include "load/dataset.h"
#include "util/autocleanups.h"

/* Six persons in classes of sizes 1, 2 and 3:
 *   (7,1) once, (7,2) twice, (9,2) three times. */
static const guint32 col_a[] = { 9, 7, 9, 7, 7, 9 };
static const guint32 col_b[] = { 2, 2, 2, 1, 2, 2 };

Test (classes, hand_worked_sizes_and_summary)
{
  const guint32 *cols[] = { col_a, col_b };
  g_autoptr (RrClassTable) t = rr_class_table_build (cols, 2, 6);
  cr_assert_eq (rr_class_table_count (t), 3);
  cr_assert_eq (rr_class_table_min_size (t), 1);
  cr_assert_eq (rr_class_table_sample_uniques (t), 1);
  const guint32 *pc = rr_class_table_person_classes (t);
  /* Classes are numbered by first person: (9,2)=0, (7,2)=1, (7,1)=2. */
  cr_assert_eq (pc[0], 0);
  cr_assert_eq (pc[1], 1);
  cr_assert_eq (pc[3], 2);
  cr_assert_eq (rr_class_table_size (t, 0), 3);
  cr_assert_eq (rr_class_table_size (t, 1), 2);
  cr_assert_eq (rr_class_table_code (t, 2, 1), 1);
  cr_assert_eq (rr_class_table_code (t, 2, 0), 7);
  cr_assert_eq (rr_class_table_first_person (t, 2), 3);
  guint32 key[2];
  rr_class_table_key (t, 0, key);
  cr_assert (key[0] == 9 && key[1] == 2);
  g_autoptr (GArray) dist = rr_class_table_size_distribution (t);
  cr_assert_eq (dist->len, 3);
  for (guint i = 0; i < 3; i++)
    {
      cr_assert_eq (g_array_index (dist, RrClassSizeCount, i).size, i + 1);
      cr_assert_eq (g_array_index (dist, RrClassSizeCount, i).n_classes, 1);
    }
}

Test (classes, prosecutor_risk_hand_worked)
{
  const guint32 *cols[] = { col_a, col_b };
  g_autoptr (RrClassTable) t = rr_class_table_build (cols, 2, 6);
  RrRiskFigures r;
  /* Risks per person: 1, 1/2, 1/2, 1/3 x3.  Mean = (1 + 1 + 1) / 6 = 0.5.  Above 0.4: the
   * unique and the pair, 3 of 6.  Above 0.5 (strictly): the unique only, 1 of 6. */
  rr_risk_prosecutor (t, 0.4, &r);
  cr_assert (ieee_ulp_eq (dbl, r.max, 1.0, 0));
  cr_assert (ieee_ulp_eq (dbl, r.mean, 0.5, 0));
  cr_assert (ieee_ulp_eq (dbl, r.records_at_risk, 0.5, 0));
  rr_risk_prosecutor (t, 0.5, &r);
  cr_assert (ieee_ulp_eq (dbl, r.records_at_risk, 1.0 / 6.0, 0));
}

Test (classes, missing_code_is_a_value_of_its_own)
{
  static const guint32 a[] = { RR_CODE_MISSING, RR_CODE_MISSING, 4 };
  const guint32 *cols[] = { a };
  g_autoptr (RrClassTable) t = rr_class_table_build (cols, 1, 3);
  cr_assert_eq (rr_class_table_count (t), 2);
  cr_assert_eq (rr_class_table_size (t, 0), 2);
}

/* Brute force: two persons share a class iff all their codes agree; check that the class sizes
 * from the table equal the O(n^2) count for every person, on random tuples with many ties. */
Test (classes, agrees_with_brute_force_grouping)
{
  enum { N = 1500, Q = 3 };
  g_autoptr (gsl_rng) r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, 2385);
  static guint32 cols[Q][N];
  for (int q = 0; q < Q; q++)
    for (int p = 0; p < N; p++)
      cols[q][p] = (guint32) gsl_rng_uniform_int (r, q == 0 ? 3 : 11);
  const guint32 *colp[] = { cols[0], cols[1], cols[2] };
  g_autoptr (RrClassTable) t = rr_class_table_build (colp, Q, N);
  const guint32 *pc = rr_class_table_person_classes (t);
  guint64 uniques = 0;
  for (int p = 0; p < N; p++)
    {
      guint64 f = 0;
      for (int o = 0; o < N; o++)
        f += cols[0][o] == cols[0][p] && cols[1][o] == cols[1][p] && cols[2][o] == cols[2][p];
      cr_assert_eq (rr_class_table_size (t, pc[p]), f);
      uniques += f == 1;
    }
  cr_assert_eq (rr_class_table_sample_uniques (t), uniques);
  cr_assert_leq (rr_class_table_count (t), 3 * 11 * 11);
  /* Every class's codes, one class at a time and in bulk from any start: those of a person in
   * it (each person's class has that person's codes). */
  guint64 n_classes = rr_class_table_count (t);
  g_autofree guint32 *bulk = g_new (guint32, n_classes * Q);
  for (guint64 from = 0; from < n_classes; from += 37)
    {
      rr_class_table_keys (t, from, n_classes - from, bulk);
      for (int p = 0; p < N; p++)
        for (int q = 0; q < Q && pc[p] >= from; q++)
          cr_assert_eq (bulk[(pc[p] - from) * Q + q], cols[q][p], "person %d from %lu", p,
                        (unsigned long) from);
    }
  guint32 one[Q];
  for (int p = 0; p < N; p++)
    {
      rr_class_table_key (t, pc[p], one);
      for (int q = 0; q < Q; q++)
        cr_assert_eq (one[q], cols[q][p]);
    }
}

/* The oracle numbering: classes in order of their first person, from a GHashTable keyed by the
 * codes as text. */
static guint32 *
oracle_classes (const guint32 *const *cols, guint q_n, guint n, guint *n_classes)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint32 *pc = g_new (guint32, MAX (n, 1));
  *n_classes = 0;
  for (guint p = 0; p < n; p++)
    {
      GString *k = g_string_new (NULL);
      for (guint q = 0; q < q_n; q++)
        g_string_append_printf (k, "%u,", cols[q][p]);
      gpointer v;
      if (g_hash_table_lookup_extended (seen, k->str, NULL, &v))
        pc[p] = GPOINTER_TO_UINT (v), g_string_free (k, TRUE);
      else
        pc[p] = *n_classes, g_hash_table_insert (seen, g_string_free (k, FALSE),
                                                 GUINT_TO_POINTER ((*n_classes)++));
    }
  return pc;
}

/* The table numbers persons and classes exactly as the oracle's pass over the persons does:
 * with many ties (few codes), with mostly uniques, with missing codes, and with fewer persons
 * than its lookahead. */
Test (classes, numbering_matches_the_oracle_whatever_the_first_room)
{
  g_autoptr (gsl_rng) r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, 77);
  static const guint ns[] = { 3, 200000, 150000 };
  static const guint ranges[] = { 2, 7, 5000 };
  for (guint c = 0; c < G_N_ELEMENTS (ns); c++)
    {
      guint n = ns[c];
      g_autofree guint32 *a = g_new (guint32, n), *b = g_new (guint32, n), *d = g_new (guint32, n);
      for (guint p = 0; p < n; p++)
        {
          a[p] = (guint32) gsl_rng_uniform_int (r, ranges[c]);
          b[p] = gsl_rng_uniform (r) < 0.1 ? RR_CODE_MISSING : (guint32) gsl_rng_uniform_int (r, 9);
          d[p] = (guint32) gsl_rng_uniform_int (r, ranges[c]);
        }
      const guint32 *cols[] = { a, b, d };
      guint n_oracle;
      g_autofree guint32 *want = oracle_classes (cols, 3, n, &n_oracle);
      for (guint run = 0; run < 2; run++)
        {
          /* Sized from the bound, then from room for 5 classes, so that the table grows
           * (build_grow) many times. */
          g_autoptr (RrClassTable) t = rr_class_table_build_sized (cols, 3, n, run == 1 ? 5 : 0);
          cr_assert_eq (rr_class_table_count (t), n_oracle, "case %u, run %u", c, run);
          const guint32 *pc = rr_class_table_person_classes (t);
          g_autofree guint64 *size = g_new0 (guint64, MAX (n_oracle, 1));
          for (guint p = 0; p < n; p++)
            {
              cr_assert_eq (pc[p], want[p], "case %u, run %u: person %u", c, run, p);
              size[want[p]]++;
            }
          guint32 next = 0;
          for (guint p = 0; p < n; p++)
            if (want[p] == next)
              {
                cr_assert_eq (rr_class_table_first_person (t, next), p);
                cr_assert_eq (rr_class_table_size (t, next), size[next]);
                next++;
              }
          /* The size distribution (small sizes counted in an array, the large ones hashed:
           * the first case's classes hold thousands) against the oracle's sizes. */
          g_autoptr (GHashTable) of_size = g_hash_table_new (g_direct_hash, g_direct_equal);
          for (guint k = 0; k < n_oracle; k++)
            {
              gpointer key = GSIZE_TO_POINTER (size[k]);
              gsize count = GPOINTER_TO_SIZE (g_hash_table_lookup (of_size, key));
              g_hash_table_insert (of_size, key, GSIZE_TO_POINTER (count + 1));
            }
          g_autoptr (GArray) dist = rr_class_table_size_distribution (t);
          cr_assert_eq (dist->len, g_hash_table_size (of_size), "case %u", c);
          for (guint i = 0; i < dist->len; i++)
            {
              const RrClassSizeCount *e = &g_array_index (dist, RrClassSizeCount, i);
              cr_assert (i == 0 || e->size > g_array_index (dist, RrClassSizeCount, i - 1).size);
              gsize want_classes
                  = GPOINTER_TO_SIZE (g_hash_table_lookup (of_size, GSIZE_TO_POINTER (e->size)));
              cr_assert_eq (e->n_classes, want_classes,
                            "case %u: classes of size %" G_GUINT64_FORMAT, c, e->size);
            }
        }
    }
}
