/* link.c - links an auxiliary file to a release (attack stage): both recoded to the release's
 * labels, exact matching through one grouping of the release, or Fellegi-Sunter over blocked
 * candidate pairs (passes that each leave one field out, so any pair disagreeing on at most one
 * field is compared) with m and u by EM, then each aux record's best candidates. */
#include "config.h"
#include "attack/link.h"
#include "attack/projection.h"
#include "util/error.h"
#include <math.h>
#include <string.h>

/* An aux value no release record has. */
#define OTHER (G_MAXUINT32 - 1)

/* TRUE when x has an odd number of bits set. */
static gboolean
rr_popcount_parity (guint x)
{
  gboolean odd = FALSE;
  for (; x != 0; x &= x - 1)
    odd = !odd;
  return odd;
}

static void
field_free (RrLinkField *f)
{
  if (f == NULL)
    return;
  g_free (f->release_column);
  g_free (f->aux_column);
  g_free (f);
}

static void
blocking_free (RrLinkBlocking *b)
{
  if (b == NULL)
    return;
  g_free (b->fields);
  g_free (b);
}

static void
pair_free (RrLinkPair *p)
{
  if (p == NULL)
    return;
  g_free (p->person);
  if (p->values != NULL)
    g_ptr_array_unref (p->values);
  g_free (p);
}

RrLinkResult *
rr_link_result_new (void)
{
  RrLinkResult *r = g_new0 (RrLinkResult, 1);
  r->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  r->blocking = g_ptr_array_new_with_free_func ((GDestroyNotify) blocking_free);
  r->bins = g_array_new (FALSE, FALSE, sizeof (RrLinkBin));
  r->links = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
  r->sensitive = g_ptr_array_new_with_free_func (g_free);
  r->threshold = (double) NAN;
  return r;
}

void
rr_link_result_free (RrLinkResult *r)
{
  if (r == NULL)
    return;
  g_ptr_array_unref (r->fields);
  g_ptr_array_unref (r->blocking);
  g_array_unref (r->bins);
  g_ptr_array_unref (r->links);
  g_ptr_array_unref (r->sensitive);
  g_free (r->version), g_free (r->command_line), g_free (r->as_of);
  g_free (r->release_file), g_free (r->release_sha256), g_free (r->person_column);
  g_free (r->aux_file), g_free (r->aux_sha256);
  g_free (r);
}

/* ---- the two files in the release's codes ---- */

typedef struct
{
  const RrDataset *release, *aux;
  const RrLinkOptions *o;
  guint n_fields;
  guint64 n_rel, n_aux;
  const guint32 *rel[RR_FS_MAX_FIELDS];
  guint32 n_codes[RR_FS_MAX_FIELDS];
  guint32 *aux_codes[RR_FS_MAX_FIELDS]; /* in release codes, RR_CODE_MISSING or OTHER */
  GPtrArray *passes;       /* RrProjection* of the release, one per used pass */
  double weight[729];      /* 3^6 patterns */
  /* per aux record: the best score, how many release records share it, one of them */
  double *best;
  guint32 *n_best, *best_person;
  RrLinkResult *res;
} Linker;

static void
linker_clear (Linker *lk)
{
  for (guint j = 0; j < RR_FS_MAX_FIELDS; j++)
    g_free (lk->aux_codes[j]);
  if (lk->passes != NULL)
    g_ptr_array_unref (lk->passes);
  g_free (lk->best);
  g_free (lk->n_best);
  g_free (lk->best_person);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Linker, linker_clear)

/* Each aux label's release code, through the release's labels. */
static void
recode_field (Linker *lk, guint j, RrLinkField *f)
{
  g_autoptr (GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint32 c = 0; c < lk->n_codes[j]; c++)
    g_hash_table_insert (index, (gpointer) rr_dataset_qi_label (lk->release, j, c),
                         GUINT_TO_POINTER (c + 1));
  guint32 n_aux_codes = rr_dataset_qi_n_distinct (lk->aux, j);
  g_autofree guint32 *map = g_new (guint32, MAX (n_aux_codes, 1));
  for (guint32 c = 0; c < n_aux_codes; c++)
    {
      gpointer v = g_hash_table_lookup (index, rr_dataset_qi_label (lk->aux, j, c));
      map[c] = v != NULL ? GPOINTER_TO_UINT (v) - 1 : OTHER;
    }
  const guint32 *codes = rr_dataset_qi_codes (lk->aux, j);
  lk->aux_codes[j] = g_new (guint32, MAX (lk->n_aux, 1));
  for (guint64 a = 0; a < lk->n_aux; a++)
    {
      guint32 c = codes[a] == RR_CODE_MISSING ? RR_CODE_MISSING : map[codes[a]];
      lk->aux_codes[j][a] = c;
      f->aux_missing += c == RR_CODE_MISSING;
      f->aux_unmatched += c == OTHER;
    }
}

static void
linker_init (Linker *lk, guint n_fields)
{
  g_autoptr (GPtrArray) names = rr_dataset_qi_names (lk->release);
  g_autoptr (GPtrArray) aux_names = rr_dataset_qi_names (lk->aux);
  lk->n_fields = n_fields;
  lk->n_rel = rr_dataset_n_persons (lk->release);
  lk->n_aux = rr_dataset_n_persons (lk->aux);
  for (guint j = 0; j < n_fields; j++)
    {
      lk->rel[j] = rr_dataset_qi_codes (lk->release, j);
      lk->n_codes[j] = rr_dataset_qi_n_distinct (lk->release, j);
      RrLinkField *f = g_new0 (RrLinkField, 1);
      f->release_column = g_strdup (g_ptr_array_index (names, j));
      f->aux_column = g_strdup (g_ptr_array_index (aux_names, j));
      f->m = f->u = (double) NAN;
      f->type = lk->o->specs[j]->type;
      f->level = lk->o->specs[j]->level;
      recode_field (lk, j, f);
      g_ptr_array_add (lk->res->fields, f);
    }
  lk->best = g_new (double, MAX (lk->n_aux, 1));
  lk->n_best = g_new0 (guint32, MAX (lk->n_aux, 1));
  lk->best_person = g_new (guint32, MAX (lk->n_aux, 1));
  for (guint64 a = 0; a < lk->n_aux; a++)
    lk->best[a] = -G_MAXDOUBLE;
}

static RrProjection *
release_projection (const Linker *lk, guint mask)
{
  return rr_projection_new (lk->rel, lk->n_codes, lk->n_fields, mask, lk->n_rel);
}

/* The release group of aux record a on pr's fields, or RR_NO_ID (a missing or unknown value). */
static guint32
aux_group (const Linker *lk, const RrProjection *pr, guint64 a)
{
  guint32 key[RR_FS_MAX_FIELDS];
  for (guint f = 0; f < pr->n_fields; f++)
    {
      key[f] = lk->aux_codes[pr->fields[f]][a];
      if (key[f] >= lk->n_codes[pr->fields[f]])
        return RR_NO_ID;
    }
  return rr_projection_lookup (pr, key);
}

static guint
pattern_of (const Linker *lk, guint64 a, guint32 r)
{
  guint g = 0;
  for (guint j = lk->n_fields; j-- > 0;)
    {
      guint32 x = lk->aux_codes[j][a], y = lk->rel[j][r];
      RrFsState s = x == RR_CODE_MISSING || y == RR_CODE_MISSING ? RR_FS_MISSING
                    : x == y                                   ? RR_FS_AGREE
                                                               : RR_FS_DISAGREE;
      g = g * 3 + (guint) s;
    }
  return g;
}

/* A pair agrees on every field of mask. */
static gboolean
agrees_on (const Linker *lk, guint64 a, guint32 r, guint mask)
{
  for (guint j = 0; j < lk->n_fields; j++)
    if ((mask & (1u << j))
        && (lk->aux_codes[j][a] != lk->rel[j][r] || lk->rel[j][r] == RR_CODE_MISSING))
      return FALSE;
  return TRUE;
}

/* ---- exact ---- */

static void
link_exact (Linker *lk)
{
  g_autoptr (RrProjection) all = release_projection (lk, (1u << lk->n_fields) - 1);
  for (guint64 a = 0; a < lk->n_aux; a++)
    {
      guint32 g = aux_group (lk, all, a);
      guint32 n = rr_projection_size (all, g);
      lk->n_best[a] = n;
      lk->best[a] = (double) n;
      if (n > 0)
        lk->best_person[a] = all->order[all->start[g]];
      lk->res->pairs += n;
    }
}

/* ---- probabilistic ---- */

static char *
mask_names (const Linker *lk, guint mask)
{
  GString *s = g_string_new (NULL);
  for (guint j = 0; j < lk->n_fields; j++)
    if (mask & (1u << j))
      {
        const RrLinkField *f = g_ptr_array_index (lk->res->fields, j);
        g_string_append_printf (s, "%s%s", s->len > 0 ? ", " : "", f->release_column);
      }
  return g_string_free (s, FALSE);
}

/* The default passes leave out one field each; one field is its own pass. */
static guint
default_passes (const Linker *lk, guint *masks)
{
  guint all = (1u << lk->n_fields) - 1;
  if (lk->n_fields == 1)
    return masks[0] = all, 1;
  for (guint j = 0; j < lk->n_fields; j++)
    masks[j] = all & ~(1u << j);
  return lk->n_fields;
}

static void
plan_pass (Linker *lk, guint mask)
{
  RrLinkBlocking *b = g_new0 (RrLinkBlocking, 1);
  b->mask = mask;
  b->fields = mask_names (lk, mask);
  g_ptr_array_add (lk->res->blocking, b);
  RrProjection *pr = release_projection (lk, mask);
  for (guint64 a = 0; a < lk->n_aux; a++)
    b->pairs += rr_projection_size (pr, aux_group (lk, pr, a));
  guint64 cap = (guint64) RR_LINK_MAX_PAIRS_PER_RECORD * MAX (lk->n_aux, lk->n_rel);
  b->used = b->pairs <= cap;
  if (b->used)
    g_ptr_array_add (lk->passes, pr);
  else
    rr_projection_free (pr);
}

typedef void (*PairFunc) (Linker *lk, guint64 a, guint32 r, guint pattern, gpointer data);

/* Calls fn once for every candidate pair: a pair found by an earlier pass (it agrees on that
 * pass's fields) is skipped in the later ones. */
static void
each_pair (Linker *lk, PairFunc fn, gpointer data)
{
  for (guint t = 0; t < lk->passes->len; t++)
    {
      const RrProjection *pr = g_ptr_array_index (lk->passes, t);
      for (guint64 a = 0; a < lk->n_aux; a++)
        {
          guint32 g = aux_group (lk, pr, a);
          for (guint32 i = g == RR_NO_ID ? 0 : pr->start[g]; g != RR_NO_ID && i < pr->start[g + 1]; i++)
            {
              guint32 r = pr->order[i];
              gboolean seen = FALSE;
              for (guint s = 0; s < t && !seen; s++)
                seen = agrees_on (lk, a, r, ((const RrProjection *) g_ptr_array_index (lk->passes, s))->mask);
              if (!seen)
                fn (lk, a, r, pattern_of (lk, a, r), data);
            }
        }
    }
}

static void
keep_best (Linker *lk, guint64 a, guint32 r, guint pattern, gpointer data)
{
  (void) data;
  double w = lk->weight[pattern];
  lk->res->pairs++;
  if (w > lk->best[a] + RR_LINK_SCORE_TIE)
    {
      lk->best[a] = w;
      lk->n_best[a] = 1;
      lk->best_person[a] = r;
    }
  else if (w >= lk->best[a] - RR_LINK_SCORE_TIE)
    lk->n_best[a]++;
}

/* ---- m and u: EM over every pair of complete records ---- */

/* The aux and release records that hold every field (so their pairs have no missing state). */
static guint32 *
complete_records (const Linker *lk, gboolean aux, guint64 *n)
{
  guint64 total = aux ? lk->n_aux : lk->n_rel;
  guint32 *out = g_new (guint32, MAX (total, 1));
  *n = 0;
  for (guint64 i = 0; i < total; i++)
    {
      gboolean ok = TRUE;
      for (guint j = 0; j < lk->n_fields && ok; j++)
        ok = (aux ? lk->aux_codes[j][i] : lk->rel[j][i]) != RR_CODE_MISSING;
      if (ok)
        out[(*n)++] = (guint32) i;
    }
  return out;
}

/* Pairs (release, aux) of complete records agreeing on every field of mask: the sum over the
 * release's groups on mask of the aux records in each. */
static gint64
pairs_agreeing (const Linker *lk, guint mask, const guint32 *rel, guint64 n_rel,
                const guint32 *aux, guint64 n_aux)
{
  const guint32 *cols[RR_FS_MAX_FIELDS];
  g_autofree guint32 *store = g_new (guint32, (gsize) MAX (n_rel, 1) * lk->n_fields);
  for (guint j = 0; j < lk->n_fields; j++)
    {
      guint32 *c = store + (gsize) j * MAX (n_rel, 1);
      for (guint64 i = 0; i < n_rel; i++)
        c[i] = lk->rel[j][rel[i]];
      cols[j] = c;
    }
  g_autoptr (RrProjection) pr = rr_projection_new (cols, lk->n_codes, lk->n_fields, mask, n_rel);
  gint64 sum = 0;
  for (guint64 i = 0; i < n_aux; i++)
    sum += rr_projection_size (pr, aux_group (lk, pr, aux[i]));
  return sum;
}

/* The number of pairs of complete records with each agree/disagree pattern, over the whole
 * cross product (not only the blocked candidates, whose non-matches agree on the blocking
 * fields by construction and so would bias u): N(agree at least on T) for every T, then the
 * counts of exactly S by inclusion-exclusion, n(S) = sum over T containing S of
 * (-1)^|T - S| N(T), in exact 64-bit integers. */
static void
cross_product_counts (const Linker *lk, double *counts)
{
  guint64 n_rel, n_aux;
  g_autofree guint32 *rel = complete_records (lk, FALSE, &n_rel);
  g_autofree guint32 *aux = complete_records (lk, TRUE, &n_aux);
  guint n_masks = 1u << lk->n_fields;
  g_autofree gint64 *at_least = g_new (gint64, n_masks);
  at_least[0] = (gint64) n_rel * (gint64) n_aux;
  for (guint T = 1; T < n_masks; T++)
    at_least[T] = pairs_agreeing (lk, T, rel, n_rel, aux, n_aux);
  for (guint S = 0; S < n_masks; S++)
    {
      gint64 exact = 0;
      for (guint T = S; T < n_masks; T = (T + 1) | S)
        exact += (rr_popcount_parity (T & ~S) ? -1 : 1) * at_least[T];
      guint pattern = 0;
      for (guint j = lk->n_fields; j-- > 0;)
        pattern = pattern * 3 + ((S >> j) & 1u ? RR_FS_AGREE : RR_FS_DISAGREE);
      counts[pattern] = (double) exact;
    }
}

static void
estimate (Linker *lk)
{
  RrLinkResult *res = lk->res;
  g_autofree double *counts = g_new0 (double, rr_fs_n_patterns (lk->n_fields));
  cross_product_counts (lk, counts);
  g_autoptr (GError) none = NULL;
  res->has_em = rr_fs_em_estimate (&res->em, lk->n_fields, counts, RR_LINK_EM_EPSABS,
                                   RR_LINK_EM_MAX_ITER, &none);
  if (!res->has_em)
    return;
  for (guint j = 0; j < lk->n_fields; j++)
    {
      RrLinkField *f = g_ptr_array_index (res->fields, j);
      f->m = res->em.m[j], f->u = res->em.u[j];
    }
  for (guint g = 0; g < rr_fs_n_patterns (lk->n_fields); g++)
    lk->weight[g] = rr_fs_pattern_weight (&res->em, g);
  /* by default a link needs P(match | pattern) >= 1/2, i.e. weight >= log2((1 - p) / p) */
  res->threshold = lk->o->threshold_given ? lk->o->threshold
                                          : log2 ((1 - res->em.p) / res->em.p);
}

static void
link_probabilistic (Linker *lk)
{
  guint masks[RR_FS_MAX_FIELDS];
  const guint *passes = lk->o->passes;
  guint n = lk->o->n_passes;
  if (passes == NULL)
    n = default_passes (lk, masks), passes = masks;
  lk->passes = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_projection_free);
  for (guint t = 0; t < n; t++)
    plan_pass (lk, passes[t]);
  estimate (lk);
  if (lk->res->has_em)
    each_pair (lk, keep_best, NULL);
}

/* ---- the outcome ---- */

static gboolean
linked (const Linker *lk, guint64 a)
{
  if (lk->n_best[a] == 0)
    return FALSE;
  return lk->res->method == RR_MATCH_EXACT || lk->best[a] >= lk->res->threshold;
}

static void
classify (Linker *lk)
{
  RrLinkResult *res = lk->res;
  g_autofree guint8 *hits = g_new0 (guint8, MAX (lk->n_rel, 1));
  res->aux_records = lk->n_aux;
  for (guint64 a = 0; a < lk->n_aux; a++)
    {
      res->no_candidates += lk->n_best[a] == 0;
      if (!linked (lk, a))
        res->unlinked++;
      else if (lk->n_best[a] > 1)
        res->linked_ambiguous++;
      else
        {
          res->linked_unique++;
          guint8 *h = &hits[lk->best_person[a]];
          res->release_linked += *h == 0;
          res->release_conflicts += *h == 1;
          *h = (guint8) MIN (*h + 1, 2);
        }
    }
}

/* Exact: the number of candidates, in the bins below; probabilistic: the best score in bins of
 * RR_LINK_SCORE_BIN from the lowest. */
static const RrLinkBin candidate_bins[] = {
  { 1, 2, 0 }, { 2, 3, 0 }, { 3, 5, 0 }, { 5, 10, 0 }, { 10, (double) INFINITY, 0 },
};

static void
distribution_exact (Linker *lk)
{
  GArray *bins = lk->res->bins;
  g_array_append_vals (bins, candidate_bins, G_N_ELEMENTS (candidate_bins));
  for (guint64 a = 0; a < lk->n_aux; a++)
    for (guint b = 0; lk->n_best[a] > 0 && b < bins->len; b++)
      {
        RrLinkBin *bin = &g_array_index (bins, RrLinkBin, b);
        if (lk->best[a] >= bin->low && lk->best[a] < bin->high)
          bin->count++;
      }
}

static void
distribution_scores (Linker *lk)
{
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  for (guint64 a = 0; a < lk->n_aux; a++)
    if (lk->n_best[a] > 0)
      lo = MIN (lo, lk->best[a]), hi = MAX (hi, lk->best[a]);
  if (lo > hi)
    return;
  double w = RR_LINK_SCORE_BIN, first = floor (lo / w) * w;
  guint n_bins = (guint) ((hi - first) / w) + 1;
  for (guint b = 0; b < n_bins; b++)
    {
      RrLinkBin bin = { first + b * w, first + (b + 1) * w, 0 };
      g_array_append_val (lk->res->bins, bin);
    }
  for (guint64 a = 0; a < lk->n_aux; a++)
    if (lk->n_best[a] > 0)
      g_array_index (lk->res->bins, RrLinkBin,
                     MIN ((guint) ((lk->best[a] - first) / w), n_bins - 1)).count++;
}

static void
collect_links (Linker *lk)
{
  const RrLinkOptions *o = lk->o;
  guint n_qi = rr_dataset_n_qi (lk->release);
  for (guint64 a = 0; a < lk->n_aux; a++)
    {
      if (!linked (lk, a) || lk->n_best[a] != 1)
        continue;
      guint32 r = lk->best_person[a];
      RrLinkPair *p = g_new0 (RrLinkPair, 1);
      p->aux_record = a + 1;
      p->release_record = (guint64) r + 1;
      p->score = lk->res->method == RR_MATCH_EXACT ? (double) NAN : lk->best[a];
      if (o->person_qi >= 0)
        p->person = g_strdup (rr_dataset_qi_label (lk->release, (guint) o->person_qi,
                                                   rr_dataset_qi_codes (lk->release, (guint) o->person_qi)[r]));
      p->values = g_ptr_array_new_with_free_func (g_free);
      for (guint q = o->first_value_qi; q < n_qi; q++)
        g_ptr_array_add (p->values,
                         g_strdup (rr_dataset_qi_label (lk->release, q,
                                                        rr_dataset_qi_codes (lk->release, q)[r])));
      g_ptr_array_add (lk->res->links, p);
    }
}

RrLinkResult *
rr_link_run (const RrDataset *release, const RrDataset *aux, guint n_fields,
             const RrLinkOptions *o, GError **error)
{
  g_return_val_if_fail (release != NULL && aux != NULL && o != NULL, NULL);
  if (n_fields == 0 || n_fields > RR_FS_MAX_FIELDS || n_fields > rr_dataset_n_qi (aux))
    return rr_throw (error, RR_ERROR_INVALID, "link on 1 to %d fields, not %u", RR_FS_MAX_FIELDS,
                     n_fields), NULL;
  for (guint t = 0; t < o->n_passes; t++)
    if (o->passes[t] == 0 || o->passes[t] >> n_fields != 0)
      return rr_throw (error, RR_ERROR_INVALID, "blocking pass %u names no linked field", t + 1),
             NULL;
  g_autoptr (RrLinkResult) res = rr_link_result_new ();
  res->method = o->method;
  g_auto (Linker) lk = { .release = release, .aux = aux, .o = o, .res = res };
  linker_init (&lk, n_fields);
  if (o->method == RR_MATCH_EXACT)
    link_exact (&lk);
  else
    link_probabilistic (&lk);
  classify (&lk);
  if (o->method == RR_MATCH_EXACT)
    distribution_exact (&lk);
  else
    distribution_scores (&lk);
  if (o->show_links)
    collect_links (&lk);
  return g_steal_pointer (&res);
}
