/* test-attack-link.c - record linkage: the exact link of tests/data/attack/link-aux.csv to
 * link-release.csv worked by hand (see the README there), the links shown with their values,
 * and the probabilistic link against a brute-force computation here: every pair of the two
 * files enumerated for the pattern counts (so the inclusion-exclusion over groupings is checked),
 * EM on them, each aux record's best candidate among the pairs disagreeing on at most one
 * field, and the counts that follow. */
#include "config.h"
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>
#include "attack/fs.h"
#include "attack/link.h"
#include "util/error.h"

#define ATTACK TEST_DATA_DIR "/attack/"

static void
gsl_off (void)
{
  gsl_set_error_handler_off ();
}

TestSuite (attack_link, .init = gsl_off);

typedef struct
{
  GPtrArray *rel_specs, *aux_specs;
  RrDataset *rel, *aux;
} Files;

static void
files_clear (Files *f)
{
  rr_dataset_free (f->rel);
  rr_dataset_free (f->aux);
  g_clear_pointer (&f->rel_specs, g_ptr_array_unref);
  g_clear_pointer (&f->aux_specs, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Files, files_clear)

static void
files_init (Files *f, const char *extra)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *rel_qi = g_strconcat ("postcode:postcode,date_of_birth:date,sex:sex", extra, NULL);
  f->rel_specs = rr_qi_spec_parse_list (rel_qi, NULL, &error);
  f->aux_specs = rr_qi_spec_parse_list ("pc:postcode,dob:date,sex:sex", NULL, &error);
  cr_assert (f->rel_specs != NULL && f->aux_specs != NULL);
  RrLoadOptions lr = { ATTACK "link-release.csv", 0, f->rel_specs, "pid", NULL, FALSE, FALSE, 0 };
  RrLoadOptions la = { ATTACK "link-aux.csv", 0, f->aux_specs, NULL, NULL, FALSE, FALSE, 0 };
  f->rel = rr_dataset_load (&lr, &error);
  cr_assert_not_null (f->rel, "%s", error ? error->message : "");
  f->aux = rr_dataset_load (&la, &error);
  cr_assert_not_null (f->aux, "%s", error ? error->message : "");
}

static RrLinkResult *
link (const Files *f, RrMatchMethod method, gboolean show)
{
  g_autoptr (GError) error = NULL;
  RrLinkOptions o = { (const RrQiSpec *const *) f->rel_specs->pdata, method, FALSE, 0, NULL, 0,
                      show, show ? 3 : -1, show ? 4 : 3 };
  RrLinkResult *r = rr_link_run (f->rel, f->aux, 3, &o, &error);
  cr_assert_not_null (r, "%s", error ? error->message : "");
  return r;
}

Test (attack_link, exact_hand_worked)
{
  g_auto (Files) f = { 0 };
  files_init (&f, "");
  g_autoptr (RrLinkResult) r = link (&f, RR_MATCH_EXACT, FALSE);
  cr_assert_eq (r->aux_records, 6);
  cr_assert_eq (r->linked_unique, 3);
  cr_assert_eq (r->linked_ambiguous, 1);
  cr_assert_eq (r->unlinked, 2);
  cr_assert_eq (r->release_linked, 2);
  cr_assert_eq (r->release_conflicts, 1);
  cr_assert_eq (r->no_candidates, 2);
  cr_assert_eq (r->links->len, 0, "no links without show_links");
  const RrLinkField *dob = g_ptr_array_index (r->fields, 1);
  cr_assert_str_eq (dob->release_column, "date_of_birth");
  cr_assert_str_eq (dob->aux_column, "dob");
  cr_assert_eq (dob->aux_missing, 1);
  cr_assert_eq (dob->aux_unmatched, 1, "Dan's 1960-01-01");
  /* candidates: Alice, Carol, Eve 1 each; Bob 2 */
  cr_assert_eq (g_array_index (r->bins, RrLinkBin, 0).count, 3);
  cr_assert_eq (g_array_index (r->bins, RrLinkBin, 1).count, 1);
}

Test (attack_link, show_links_lists_the_values)
{
  g_auto (Files) f = { 0 };
  files_init (&f, ",pid:category,diagnosis:category");
  g_autoptr (RrLinkResult) r = link (&f, RR_MATCH_EXACT, TRUE);
  cr_assert_eq (r->links->len, 3);
  const RrLinkPair *alice = g_ptr_array_index (r->links, 0);
  cr_assert_eq (alice->aux_record, 1);
  cr_assert_eq (alice->release_record, 3, "r3 is the third person");
  cr_assert_str_eq (alice->person, "r3");
  cr_assert_eq (alice->values->len, 1);
  cr_assert_str_eq (g_ptr_array_index (alice->values, 0), "C50", "the person's first row");
  const RrLinkPair *eve = g_ptr_array_index (r->links, 2);
  cr_assert_eq (eve->aux_record, 5);
  cr_assert_str_eq (eve->person, "r4");
}

/* The brute force: codes of both files through the labels, every pair's pattern. */
static guint
pattern_of (const Files *f, guint64 a, guint64 r, guint *disagree)
{
  guint g = 0;
  *disagree = 0;
  for (guint j = 3; j-- > 0;)
    {
      guint32 x = rr_dataset_qi_codes (f->aux, j)[a], y = rr_dataset_qi_codes (f->rel, j)[r];
      RrFsState s = RR_FS_MISSING;
      if (x != RR_CODE_MISSING && y != RR_CODE_MISSING)
        s = strcmp (rr_dataset_qi_label (f->aux, j, x), rr_dataset_qi_label (f->rel, j, y)) == 0
              ? RR_FS_AGREE : RR_FS_DISAGREE;
      *disagree += s == RR_FS_DISAGREE;
      g = g * 3 + (guint) s;
    }
  return g;
}

Test (attack_link, probabilistic_against_brute_force)
{
  g_auto (Files) f = { 0 };
  files_init (&f, "");
  g_autoptr (RrLinkResult) r = link (&f, RR_MATCH_PROBABILISTIC, FALSE);
  guint64 n_aux = rr_dataset_n_persons (f.aux), n_rel = rr_dataset_n_persons (f.rel);
  double counts[27] = { 0 };
  for (guint64 a = 0; a < n_aux; a++)
    for (guint64 q = 0; q < n_rel; q++)
      {
        guint d, g = pattern_of (&f, a, q, &d);
        gboolean complete = TRUE;
        for (guint j = 0; j < 3; j++)
          complete = complete && rr_fs_pattern_state (g, j) != RR_FS_MISSING;
        if (complete) /* EM is estimated on the pairs of complete records */
          counts[g] += 1;
      }
  RrFsParams par;
  g_autoptr (GError) error = NULL;
  cr_assert (rr_fs_em_estimate (&par, 3, counts, RR_LINK_EM_EPSABS, RR_LINK_EM_MAX_ITER, &error));
  cr_assert (r->has_em);
  for (guint j = 0; j < 3; j++)
    {
      const RrLinkField *lf = g_ptr_array_index (r->fields, j);
      cr_assert (all (ieee_ulp_eq (dbl, lf->m, par.m[j], 4), ieee_ulp_eq (dbl, lf->u, par.u[j], 4)),
                 "field %u: m %.9g vs %.9g, u %.9g vs %.9g", j, lf->m, par.m[j], lf->u, par.u[j]);
    }
  double threshold = log2 ((1 - par.p) / par.p);
  cr_assert (ieee_ulp_eq (dbl, r->threshold, threshold, 4));
  guint64 unique = 0, ambiguous = 0, pairs = 0;
  for (guint64 a = 0; a < n_aux; a++)
    {
      double best = -G_MAXDOUBLE;
      guint n_best = 0;
      for (guint64 q = 0; q < n_rel; q++)
        {
          guint d, g = pattern_of (&f, a, q, &d);
          guint missing = 0;
          for (guint j = 0; j < 3; j++)
            missing += rr_fs_pattern_state (g, j) == RR_FS_MISSING;
          /* a blocking pass needs all but one field to agree: one missing value and no
           * disagreement, or one disagreement and nothing missing */
          if (d + missing > 1)
            continue;
          pairs++;
          double w = rr_fs_pattern_weight (&par, g);
          if (w > best + RR_LINK_SCORE_TIE)
            best = w, n_best = 1;
          else if (w >= best - RR_LINK_SCORE_TIE)
            n_best++;
        }
      if (n_best > 0 && best >= threshold)
        unique += n_best == 1, ambiguous += n_best > 1;
    }
  cr_assert_eq (r->pairs, pairs);
  cr_assert_eq (r->linked_unique, unique);
  cr_assert_eq (r->linked_ambiguous, ambiguous);
  cr_assert_eq (r->unlinked, n_aux - unique - ambiguous);
}

Test (attack_link, bad_passes)
{
  g_auto (Files) f = { 0 };
  files_init (&f, "");
  static const guint bad[] = { 8 };
  RrLinkOptions o = { (const RrQiSpec *const *) f.rel_specs->pdata, RR_MATCH_PROBABILISTIC,
                      FALSE, 0, bad, 1, FALSE, -1, 3 };
  g_autoptr (GError) error = NULL;
  g_autoptr (RrLinkResult) r = rr_link_run (f.rel, f.aux, 3, &o, &error);
  cr_assert_null (r);
  cr_assert (g_error_matches (error, RR_ERROR, RR_ERROR_INVALID));
}
