/* lattice.c - the search of the generalisation lattice for the releases that meet a policy
 * (search stage): bounds, suppression and pruning as lattice.h states them.  Hand-written: no C
 * library searches generalisation lattices. */
#include "config.h"
#include "search/lattice.h"
#include "util/error.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { UNKNOWN, FAILED, PASSED };

typedef struct
{
  double loss, precision;
  guint64 node;
} Ranked;

/* What the policy's searchable rules ask of each class and of the release. */
typedef struct
{
  guint64 k_min;
  guint32 l_distinct;
  double l_entropy, t_max;
  gboolean mean, above, uniques, homogeneous; /* global rules present */
  double mean_max, above_max, uniques_max, homogeneous_max;
  gboolean diversity;
} Bounds;

typedef struct
{
  const RrSearchOptions *o;
  const RrHierarchy *h;
  guint n_qi;
  guint64 n_nodes;
  double *lb, *precision;
  guint8 *state;
  GArray *failed, *passed0; /* guint64 node indices */
  GPtrArray *rules;         /* RrRule*, borrowed: the searchable ones */
  Bounds b;
  double total_max_loss;
  Ranked *top;
  guint n_top, max_top;
  guint *levels;            /* scratch */
} Search;

typedef struct
{
  RrNodeClasses *node;
  guint8 *supp;
  RrClassDiversity **cd; /* per sensitive attribute */
  guint n_attr;
  RrNodeRisk risk;
  RrFigures fig;
  gboolean pass;
  double loss, precision;
} Eval;

static void
eval_clear (Eval *e)
{
  rr_node_classes_free (e->node);
  g_free (e->supp);
  for (guint a = 0; e->cd != NULL && a < e->n_attr; a++)
    rr_class_diversity_free (e->cd[a]);
  g_free (e->cd);
  memset (e, 0, sizeof *e);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Eval, eval_clear)

void
rr_search_choice_free (RrSearchChoice *c)
{
  if (c == NULL)
    return;
  g_free (c->levels);
  rr_node_classes_free (c->node);
  g_free (c->suppressed);
  g_free (c);
}

static void
decode (const Search *s, guint64 node, guint *levels)
{
  for (guint q = 0; q < s->n_qi; q++)
    {
      levels[q] = (guint) (node % s->h->qi[q].n_levels);
      node /= s->h->qi[q].n_levels;
    }
}

/* ---- bounds from the rules ---- */

static guint64
k_of_max_risk (double limit)
{
  if (limit <= 0.0)
    return G_MAXUINT64;
  guint64 f = (guint64) ceil (1.0 / limit);
  while (1.0 / (double) f > limit)
    f++;
  while (f > 1 && 1.0 / (double) (f - 1) <= limit)
    f--;
  return f;
}

static void
bound_add (Bounds *b, const RrRule *r)
{
  switch (r->figure)
    {
    case RR_FIG_K: b->k_min = MAX (b->k_min, (guint64) ceil (r->limit)); break;
    case RR_FIG_PROSECUTOR_MAX: b->k_min = MAX (b->k_min, k_of_max_risk (r->limit)); break;
    case RR_FIG_L_DISTINCT: b->l_distinct = MAX (b->l_distinct, (guint32) ceil (r->limit)); break;
    case RR_FIG_L_ENTROPY: b->l_entropy = MAX (b->l_entropy, r->limit); break;
    case RR_FIG_T_CLOSENESS: b->t_max = MIN (b->t_max, r->limit); break;
    case RR_FIG_PROSECUTOR_MEAN: b->mean = TRUE, b->mean_max = MIN (b->mean_max, r->limit); break;
    case RR_FIG_PROSECUTOR_ABOVE: b->above = TRUE, b->above_max = MIN (b->above_max, r->limit); break;
    case RR_FIG_SAMPLE_UNIQUES: b->uniques = TRUE, b->uniques_max = MIN (b->uniques_max, r->limit); break;
    case RR_FIG_HOMOGENEOUS:
      b->homogeneous = TRUE, b->homogeneous_max = MIN (b->homogeneous_max, r->limit);
      break;
    default: break;
    }
  b->diversity |= r->figure == RR_FIG_L_DISTINCT || r->figure == RR_FIG_L_ENTROPY
                  || r->figure == RR_FIG_T_CLOSENESS || r->figure == RR_FIG_HOMOGENEOUS;
}

static void
search_rules (Search *s, RrSearchResult *res)
{
  s->rules = g_ptr_array_new ();
  const double none = (double) INFINITY; /* a float in C11: cast for -Wdouble-promotion */
  s->b = (Bounds){ .t_max = none, .mean_max = none, .above_max = none, .uniques_max = none,
                   .homogeneous_max = none };
  for (guint i = 0; i < s->o->policy->rules->len; i++)
    {
      const RrRule *r = g_ptr_array_index (s->o->policy->rules, i);
      if (rr_figure_info (r->figure)->scope == RR_FIGURE_OTHER)
        {
          g_ptr_array_add (res->unsearchable, g_strdup (r->name));
          continue;
        }
      g_ptr_array_add (s->rules, (gpointer) r);
      bound_add (&s->b, r);
    }
}

/* ---- one node ---- */

static gboolean
class_breaks_bound (const Search *s, const Eval *e, guint64 c)
{
  if (e->node->sizes[c] < s->b.k_min)
    return TRUE;
  for (guint a = 0; s->b.diversity && a < s->o->sensitive->len; a++)
    if (e->cd[a]->distinct[c] < s->b.l_distinct || e->cd[a]->entropy_l[c] < s->b.l_entropy
        || e->cd[a]->t[c] > s->b.t_max)
      return TRUE;
  return FALSE;
}

static gboolean
class_homogeneous (const Search *s, const Eval *e, guint64 c)
{
  for (guint a = 0; s->b.diversity && a < s->o->sensitive->len; a++)
    if (e->cd[a]->distinct[c] == 1)
      return TRUE;
  return FALSE;
}

/* The running state of the global rules while classes are suppressed. */
typedef struct
{
  guint64 persons, classes, at_risk, uniques, homogeneous;
} Counts;

static void
counts_of (const Search *s, const Eval *e, Counts *n)
{
  memset (n, 0, sizeof *n);
  for (guint64 c = 0; c < e->node->n_classes; c++)
    {
      if (e->supp[c])
        continue;
      guint64 f = e->node->sizes[c];
      n->persons += f;
      n->classes++;
      n->at_risk += 1.0 / (double) f > s->o->threshold ? f : 0;
      n->uniques += f == 1;
      n->homogeneous += class_homogeneous (s, e, c) ? f : 0;
    }
}

static double
share (guint64 part, guint64 whole)
{
  return whole > 0 ? (double) part / (double) whole : 0.0;
}

/* Which global rules fail now: bit 0 mean, 1 above, 2 uniques, 3 homogeneous. */
static guint
global_failing (const Search *s, const Counts *n)
{
  guint f = 0;
  if (s->b.mean && share (n->classes, n->persons) > s->b.mean_max)
    f |= 1;
  if (s->b.above && share (n->at_risk, n->persons) > s->b.above_max)
    f |= 2;
  if (s->b.uniques && share (n->uniques, n->persons) > s->b.uniques_max)
    f |= 4;
  if (s->b.homogeneous && (s->o->sensitive->len == 0 || share (n->homogeneous, n->persons) > s->b.homogeneous_max))
    f |= 8;
  return f;
}

static gboolean
class_helps (const Search *s, const Eval *e, const Counts *n, guint failing, guint64 c)
{
  guint64 f = e->node->sizes[c];
  return ((failing & 1) && 1.0 / (double) f > share (n->classes, n->persons))
         || ((failing & 2) && 1.0 / (double) f > s->o->threshold) || ((failing & 4) && f == 1)
         || ((failing & 8) && class_homogeneous (s, e, c));
}

static int
compare_by_size (const void *a, const void *b, void *data)
{
  const guint64 *sizes = data;
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  if (sizes[x] != sizes[y])
    return sizes[x] < sizes[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

static void
suppress_for_global (const Search *s, Eval *e, guint64 limit, guint64 *suppressed)
{
  Counts n;
  counts_of (s, e, &n);
  guint failing = global_failing (s, &n);
  if (failing == 0)
    return;
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint64 c = 0; c < e->node->n_classes; c++)
    if (!e->supp[c])
      g_array_append_val (order, c);
  g_qsort_with_data (order->data, (gint) order->len, sizeof (guint64),
                     (GCompareDataFunc) compare_by_size, e->node->sizes);
  for (guint i = 0; i < order->len && failing != 0; i++)
    {
      guint64 c = g_array_index (order, guint64, i), f = e->node->sizes[c];
      if (!class_helps (s, e, &n, failing, c))
        continue;
      if (*suppressed + f > limit)
        break;
      e->supp[c] = 1;
      *suppressed += f;
      n.persons -= f;
      n.classes--;
      n.at_risk -= 1.0 / (double) f > s->o->threshold ? f : 0;
      n.uniques -= f == 1;
      n.homogeneous -= class_homogeneous (s, e, c) ? f : 0;
      failing = global_failing (s, &n);
    }
}

static double
suppressed_bits (const Search *s, const Eval *e, const guint *levels)
{
  double bits = 0.0, n = (double) s->h->n_persons;
  for (guint64 c = 0; c < e->node->n_classes; c++)
    if (e->supp[c])
      for (guint q = 0; q < s->n_qi; q++)
        {
          guint32 code = e->node->keys[c * s->n_qi + q];
          bits += (double) e->node->sizes[c] * log2 (n / (double) s->h->qi[q].freq[levels[q]][code]);
        }
  return bits;
}

static gboolean
rules_pass (const Search *s, const RrFigures *f)
{
  for (guint i = 0; i < s->rules->len; i++)
    {
      const RrRule *r = g_ptr_array_index (s->rules, i);
      if (!f->measured[r->figure])
        return FALSE;
      double v = f->value[r->figure];
      if (r->bound == RR_BOUND_MAX ? !(v <= r->limit) : !(v >= r->limit))
        return FALSE;
    }
  return TRUE;
}

static void
eval_figures (const Search *s, Eval *e)
{
  guint n_attr = s->o->sensitive->len;
  rr_node_risk (e->node, e->supp, s->o->threshold, &e->risk);
  g_autofree RrDiversityFigures *div = g_new0 (RrDiversityFigures, MAX (n_attr, 1));
  for (guint a = 0; a < n_attr; a++)
    {
      if (e->cd[a] == NULL)
        e->cd[a] = rr_sensitive_classes (g_ptr_array_index (s->o->sensitive, a), e->node->of_base,
                                         e->node->n_classes);
      rr_diversity_summarise (e->cd[a], e->node->sizes, e->supp, &div[a]);
    }
  rr_figures_from_node (&e->risk, div, n_attr, s->o->release, &e->fig);
}

static void
evaluate (const Search *s, const guint *levels, guint64 node_index, Eval *e)
{
  guint n_attr = s->o->sensitive->len;
  e->node = rr_rollup_node (s->o->w, levels);
  e->supp = g_new0 (guint8, MAX (e->node->n_classes, 1));
  e->cd = g_new0 (RrClassDiversity *, MAX (n_attr, 1));
  e->n_attr = n_attr;
  for (guint a = 0; s->b.diversity && a < n_attr; a++)
    e->cd[a] = rr_sensitive_classes (g_ptr_array_index (s->o->sensitive, a), e->node->of_base,
                                     e->node->n_classes);
  guint64 limit = (guint64) floor (s->o->max_suppression * (double) s->h->n_persons);
  guint64 suppressed = 0;
  for (guint64 c = 0; limit > 0 && c < e->node->n_classes; c++)
    if (class_breaks_bound (s, e, c))
      {
        e->supp[c] = 1;
        suppressed += e->node->sizes[c];
      }
  if (limit > 0 && suppressed <= limit)
    suppress_for_global (s, e, limit, &suppressed);
  eval_figures (s, e);
  e->pass = suppressed <= limit && rules_pass (s, &e->fig);
  double n = (double) s->h->n_persons, share_s = (double) suppressed / MAX (n, 1.0);
  double bits = s->lb[node_index] * s->total_max_loss + suppressed_bits (s, e, levels);
  e->loss = s->total_max_loss > 0.0 ? bits / s->total_max_loss : 0.0;
  e->precision = (1.0 - share_s) * s->precision[node_index] + share_s;
}

/* ---- the lattice ---- */

static gboolean
search_init (Search *s, const RrSearchOptions *o, GError **error)
{
  s->o = o;
  s->h = o->h;
  s->n_qi = o->h->n_qi;
  s->n_nodes = 1;
  for (guint q = 0; q < s->n_qi; q++)
    {
      s->n_nodes *= o->h->qi[q].n_levels;
      s->total_max_loss += o->h->qi[q].max_loss;
      if (s->n_nodes > RR_SEARCH_MAX_NODES)
        return rr_throw (error, RR_ERROR_INVALID, "the lattice of generalisation levels has more "
                         "than %u nodes: audit at coarser levels or with fewer quasi-identifiers",
                         RR_SEARCH_MAX_NODES);
    }
  s->lb = g_new (double, s->n_nodes);
  s->precision = g_new (double, s->n_nodes);
  s->state = g_new0 (guint8, s->n_nodes);
  s->failed = g_array_new (FALSE, FALSE, sizeof (guint64));
  s->passed0 = g_array_new (FALSE, FALSE, sizeof (guint64));
  s->levels = g_new0 (guint, s->n_qi);
  s->max_top = o->n_recommend > 0 ? o->n_recommend : RR_SEARCH_RECOMMENDATIONS;
  s->top = g_new0 (Ranked, s->max_top + 1);
  for (guint64 i = 0; i < s->n_nodes; i++)
    {
      decode (s, i, s->levels);
      double bits = 0.0, climbed = 0.0;
      for (guint q = 0; q < s->n_qi; q++)
        {
          bits += o->h->qi[q].loss[s->levels[q]];
          climbed += (double) s->levels[q] / (double) (o->h->qi[q].n_levels - 1);
        }
      s->lb[i] = s->total_max_loss > 0.0 ? bits / s->total_max_loss : 0.0;
      s->precision[i] = climbed / s->n_qi;
    }
  return TRUE;
}

static void
search_clear (Search *s)
{
  g_free (s->lb);
  g_free (s->precision);
  g_free (s->state);
  if (s->failed != NULL)
    g_array_unref (s->failed);
  if (s->passed0 != NULL)
    g_array_unref (s->passed0);
  if (s->rules != NULL)
    g_ptr_array_unref (s->rules);
  g_free (s->top);
  g_free (s->levels);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Search, search_clear)

static int
compare_ranked (const Ranked *a, const Ranked *b)
{
  /* Exact comparisons: the order must not depend on a tolerance. */
  if (a->loss < b->loss || a->loss > b->loss)
    return a->loss < b->loss ? -1 : 1;
  if (a->precision < b->precision || a->precision > b->precision)
    return a->precision < b->precision ? -1 : 1;
  return a->node < b->node ? -1 : a->node > b->node;
}

static gint
compare_bound (gconstpointer a, gconstpointer b, gpointer data)
{
  const Search *s = data;
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  Ranked rx = { s->lb[x], s->precision[x], x }, ry = { s->lb[y], s->precision[y], y };
  return compare_ranked (&rx, &ry);
}

static void
top_insert (Search *s, double loss, double precision, guint64 node)
{
  Ranked r = { loss, precision, node };
  guint i = s->n_top;
  while (i > 0 && compare_ranked (&r, &s->top[i - 1]) < 0)
    {
      s->top[i] = s->top[i - 1];
      i--;
    }
  s->top[i] = r;
  s->n_top = MIN (s->n_top + 1, s->max_top);
}

/* TRUE if each level of a is at least that of b (a generalises b). */
static gboolean
generalises (const Search *s, guint64 a, guint64 b)
{
  for (guint q = 0; q < s->n_qi; q++)
    {
      guint n = s->h->qi[q].n_levels;
      if (a % n < b % n)
        return FALSE;
      a /= n;
      b /= n;
    }
  return TRUE;
}

static gboolean
any_generalises (const Search *s, const GArray *nodes, guint64 node, gboolean node_is_above)
{
  for (guint i = 0; i < nodes->len; i++)
    {
      guint64 other = g_array_index (nodes, guint64, i);
      if (node_is_above ? generalises (s, node, other) : generalises (s, other, node))
        return TRUE;
    }
  return FALSE;
}

/* Whether node passes: known, inferred by monotonicity, or evaluated (and remembered). */
static gboolean
node_passes (Search *s, guint64 node, RrSearchResult *res)
{
  if (s->state[node] != UNKNOWN)
    return s->state[node] == PASSED;
  if (!s->o->exhaustive && any_generalises (s, s->failed, node, FALSE))
    {
      res->inferred_fail++;
      s->state[node] = FAILED;
      return FALSE;
    }
  if (!s->o->exhaustive && any_generalises (s, s->passed0, node, TRUE))
    {
      res->inferred_pass++;
      s->state[node] = PASSED;
      top_insert (s, s->lb[node], s->precision[node], node);
      return TRUE;
    }
  g_auto (Eval) e = { 0 };
  decode (s, node, s->levels);
  evaluate (s, s->levels, node, &e);
  res->evaluated++;
  s->state[node] = e.pass ? PASSED : FAILED;
  if (!e.pass)
    {
      g_array_append_val (s->failed, node);
      return FALSE;
    }
  top_insert (s, e.loss, e.precision, node);
  if (e.risk.suppressed == 0)
    g_array_append_val (s->passed0, node);
  return TRUE;
}

/* The node one level up quasi-identifier q, or G_MAXUINT64 at the top of its chain. */
static guint64
successor (const Search *s, guint64 node, guint q)
{
  guint64 stride = 1;
  for (guint i = 0; i < q; i++)
    stride *= s->h->qi[i].n_levels;
  guint level = (guint) (node / stride % s->h->qi[q].n_levels);
  return level + 1 < s->h->qi[q].n_levels ? node + stride : G_MAXUINT64;
}

/* A path from node to the top, climbing each time the level of least loss (Flash's greedy
 * path, Kohlmayer et al. 2012), and a binary search on it for its lowest passing node: every
 * failure found prunes all the specialisations of the failing node at once. */
static void
path_search (Search *s, guint64 node, RrSearchResult *res)
{
  g_autoptr (GArray) path = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint64 at = node; at != G_MAXUINT64;)
    {
      g_array_append_val (path, at);
      guint64 next = G_MAXUINT64;
      for (guint q = 0; q < s->n_qi; q++)
        {
          guint64 up = successor (s, at, q);
          if (up != G_MAXUINT64 && (next == G_MAXUINT64 || s->lb[up] < s->lb[next]))
            next = up;
        }
      at = next;
    }
  guint lo = 0, hi = path->len - 1;
  if (!node_passes (s, g_array_index (path, guint64, hi), res))
    return;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (node_passes (s, g_array_index (path, guint64, mid), res))
        hi = mid;
      else
        lo = mid + 1;
    }
}

/* ---- results ---- */

static RrFigureChange *
change_of (const RrRule *r, const RrFigures *before, const RrFigures *after)
{
  RrFigureChange *c = g_new0 (RrFigureChange, 1);
  c->figure = g_strdup (rr_figure_info (r->figure)->name);
  c->measured = before->measured[r->figure] && after->measured[r->figure];
  c->before = before->value[r->figure];
  c->after = after->value[r->figure];
  return c;
}

static RrRecommendation *
recommendation_of (const Search *s, const Eval *e, const guint *levels, guint rank)
{
  RrRecommendation *r = g_new0 (RrRecommendation, 1);
  r->rank = rank;
  r->levels = g_new (RrQiLevel, s->n_qi);
  r->from = g_new (RrQiLevel, s->n_qi);
  for (guint q = 0; q < s->n_qi; q++)
    {
      r->levels[q] = s->h->qi[q].levels[levels[q]];
      r->from[q] = s->h->qi[q].levels[0];
    }
  r->loss = e->loss;
  r->precision_loss = e->precision;
  r->risk = e->risk;
  r->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_figure_change_free);
  for (guint i = 0; i < s->o->policy->rules->len; i++)
    g_ptr_array_add (r->changes, change_of (g_ptr_array_index (s->o->policy->rules, i),
                                            s->o->release, &e->fig));
  return r;
}

static RrSearchChoice *
choice_of (const Search *s, Eval *e, const guint *levels)
{
  RrSearchChoice *c = g_new0 (RrSearchChoice, 1);
  c->levels = g_memdup2 (levels, sizeof (guint) * s->n_qi);
  c->node = g_steal_pointer (&e->node);
  c->suppressed = g_steal_pointer (&e->supp);
  return c;
}

static RrSearchResult *
result_new (const Search *s)
{
  RrSearchResult *res = g_new0 (RrSearchResult, 1);
  res->n_qi = s->n_qi;
  res->qi_names = g_ptr_array_new_with_free_func (g_free);
  for (guint q = 0; q < s->n_qi; q++)
    g_ptr_array_add (res->qi_names, g_strdup (g_ptr_array_index (s->o->qi_names, q)));
  res->nodes = s->n_nodes;
  res->max_suppression = s->o->max_suppression;
  res->audited_max = s->o->release->value[RR_FIG_PROSECUTOR_MAX];
  res->exhaustive = s->o->exhaustive;
  res->unsearchable = g_ptr_array_new_with_free_func (g_free);
  res->recommendations = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_recommendation_free);
  return res;
}

static void
walk (Search *s, RrSearchResult *res)
{
  g_autofree guint64 *order = g_new (guint64, s->n_nodes);
  for (guint64 i = 0; i < s->n_nodes; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) s->n_nodes, sizeof (guint64), compare_bound, s);
  for (guint64 i = 0; i < s->n_nodes; i++)
    {
      guint64 node = order[i];
      if (!s->o->exhaustive && s->n_top == s->max_top && s->lb[node] >= s->top[s->max_top - 1].loss)
        break;
      if (s->state[node] != UNKNOWN)
        continue;
      if (!s->o->exhaustive)
        path_search (s, node, res);
      node_passes (s, node, res);
    }
}

RrSearchResult *
rr_search_run (const RrSearchOptions *o, RrSearchChoice **best, GError **error)
{
  g_auto (Search) s = { 0 };
  if (best != NULL)
    *best = NULL;
  if (!search_init (&s, o, error))
    return NULL;
  RrSearchResult *res = result_new (&s);
  search_rules (&s, res);
  walk (&s, res);
  for (guint i = 0; i < s.n_top; i++)
    {
      g_auto (Eval) e = { 0 };
      decode (&s, s.top[i].node, s.levels);
      evaluate (&s, s.levels, s.top[i].node, &e);
      g_ptr_array_add (res->recommendations, recommendation_of (&s, &e, s.levels, i + 1));
      if (i == 0 && best != NULL)
        *best = choice_of (&s, &e, s.levels);
    }
  return res;
}
