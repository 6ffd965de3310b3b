/* match.c - the attacker's matching rule on one replicate (attack stage).  Pairs are claimed
 * level by level, best score first.  unique: a pair is claimed when each side is the other's
 * only candidate at its best level.  threshold and random: people and records are paired one
 * to one, level by level, choosing at random among equal candidates (a random maximal matching
 * within each group of equal scores), as record linkage does (Jaro 1989). */
#include "config.h"
#include "attack/model-private.h"
#include <string.h>

static const RrProjection *
proj (const RrAttackModel *m, guint index)
{
  return g_ptr_array_index (m->projections, index);
}

static guint32
size_of (const RrProjection *pr, guint32 id)
{
  return rr_projection_size (pr, id);
}

static const RrLevel *
level (const RrAttackModel *m, guint i)
{
  return &g_array_index (m->levels, RrLevel, i);
}

static const RrPattern *
pattern (const RrAttackModel *m, guint s)
{
  return &g_array_index (m->patterns, RrPattern, s);
}

/* item is an index into w->items, or RR_NO_ID for someone outside the release. */
static void
claim (RrAttackWorkspace *w, guint32 person, guint32 item, guint agree, RrAttackReplicate *out)
{
  out->claims++;
  if (item != RR_NO_ID && g_array_index (w->items, RrAuxItem, item).person == person)
    {
      out->correct++;
      out->by_mask[agree]++;
    }
}

/* ---- one to one, at random among equals ---- */

/* Removes a claimed item from its class group (swap with the group's last live item). */
static void
take_item (RrAttackWorkspace *w, guint32 a)
{
  const RrAttackModel *m = w->model;
  w->item_matched[a] = 1;
  guint s = g_array_index (w->items, RrAuxItem, a).pattern;
  guint32 k = w->item_id[pattern (m, s)->proj][a];
  if (k == RR_NO_ID)
    return;
  guint32 *items = w->class_items[s];
  guint32 last = w->class_start[s][k] + --w->class_alive[s][k];
  guint32 b = items[last];
  items[w->item_pos[a]] = b;
  w->item_pos[b] = w->item_pos[a];
  items[last] = a;
  w->item_pos[a] = last;
}

/* The unclaimed released records of projection id, into w->scratch; returns how many. */
static guint32
unclaimed (RrAttackWorkspace *w, const RrProjection *pr, guint32 id)
{
  guint32 n = 0;
  for (guint32 i = pr->start[id]; i < pr->start[id + 1]; i++)
    if (!w->matched[pr->order[i]])
      w->scratch[n++] = pr->order[i];
  return n;
}

/* Level (S, all agree): in each class, records and the class's live items and decoys are
 * paired at random until one side runs out. */
static void
greedy_exact (RrAttackWorkspace *w, const RrLevel *l, gsl_rng *r, RrAttackReplicate *out)
{
  const RrAttackModel *m = w->model;
  const RrProjection *pr = proj (m, l->proj);
  guint s = l->pattern;
  for (guint32 k = 0; k < pr->n_ids; k++)
    {
      if (w->class_alive[s][k] == 0 && w->full[s][k] == 0)
        continue;
      guint32 nr = unclaimed (w, pr, k);
      while (nr > 0 && w->class_alive[s][k] + w->full[s][k] > 0)
        {
          guint32 i = (guint32) gsl_rng_uniform_int (r, nr);
          guint32 person = w->scratch[i];
          w->scratch[i] = w->scratch[--nr];
          guint32 u = (guint32) gsl_rng_uniform_int (r, w->class_alive[s][k] + w->full[s][k]);
          guint32 item = RR_NO_ID;
          if (u < w->class_alive[s][k])
            take_item (w, item = w->class_items[s][w->class_start[s][k] + u]);
          else
            w->full[s][k]--;
          w->matched[person] = 1;
          claim (w, person, item, l->agree, out);
        }
    }
}

/* Fenwick tree over pool sizes (1-based internally): sampling by cumulative size with removals,
 * O(log pools) each.  Hand-written: GLib and GSL have none. */
static void
tree_init (RrAttackWorkspace *w, const gint64 *sizes, guint32 n)
{
  memset (w->tree, 0, ((gsize) n + 1) * sizeof *w->tree);
  for (guint32 i = 1; i <= n; i++)
    {
      w->tree[i] += sizes[i - 1];
      guint32 up = i + (i & -i);
      if (up <= n)
        w->tree[up] += w->tree[i];
    }
}

static void
tree_add (RrAttackWorkspace *w, guint32 n, guint32 pool, gint64 delta)
{
  for (guint32 i = pool + 1; i <= n; i += i & -i)
    w->tree[i] += delta;
}

/* The sum of the sizes of pools before pool. */
static gint64
tree_prefix (const RrAttackWorkspace *w, guint32 pool)
{
  gint64 s = 0;
  for (guint32 i = pool; i > 0; i -= i & -i)
    s += w->tree[i];
  return s;
}

/* The pool holding position u (0-based over all pools); *offset becomes u's place within it. */
static guint32
tree_find (const RrAttackWorkspace *w, guint32 n, gint64 u, gint64 *offset)
{
  guint32 pos = 0, step = 1;
  while (step * 2 <= n)
    step *= 2;
  for (; step > 0; step /= 2)
    if (pos + step <= n && w->tree[pos + step] <= u)
      {
        pos += step;
        u -= w->tree[pos];
      }
  *offset = u;
  return pos;
}

typedef struct
{
  const RrLevel *l;
  guint li;          /* the level's index */
  guint32 parent;
  guint32 n_pools;   /* the parent's classes, then the pool of the others */
  guint32 n_unl;     /* live unlisted items, in w->unl_items from unl_at */
  guint32 unl_at;
  gint64 *sizes;
} NearGroup;

static gint64
pool_size (const RrAttackWorkspace *w, const NearGroup *g, guint32 i)
{
  const RrLevel *l = g->l;
  if (i + 1 == g->n_pools)
    return (gint64) g->n_unl + w->other[g->li][g->parent];
  guint32 k = l->child_list[l->child_start[g->parent] + i];
  return (gint64) w->class_alive[l->pattern][k] + w->full[l->pattern][k];
}

/* Takes the offset-th live member of pool i; returns the item or RR_NO_ID for a decoy. */
static guint32
pool_take (RrAttackWorkspace *w, NearGroup *g, guint32 i, gint64 offset)
{
  const RrLevel *l = g->l;
  guint s = l->pattern;
  if (i + 1 == g->n_pools)
    {
      if (offset >= g->n_unl)
        return w->other[g->li][g->parent]--, RR_NO_ID;
      guint32 *at = w->unl_items + g->unl_at;
      guint32 a = at[offset];
      at[offset] = at[--g->n_unl];
      w->item_matched[a] = 1;
      return a;
    }
  guint32 k = l->child_list[l->child_start[g->parent] + i];
  if (offset >= w->class_alive[s][k])
    return w->full[s][k]--, RR_NO_ID;
  guint32 a = w->class_items[s][w->class_start[s][k] + (guint32) offset];
  take_item (w, a);
  return a;
}

/* Pairs the parent's unclaimed records, in random order, each with a random live candidate
 * that disagrees with it on q: any pool but its own class's. */
static void
near_group (RrAttackWorkspace *w, NearGroup *g, gsl_rng *r, RrAttackReplicate *out)
{
  const RrAttackModel *m = w->model;
  const RrLevel *l = g->l;
  const RrProjection *cls = proj (m, pattern (m, l->pattern)->proj);
  gint64 total = 0;
  for (guint32 i = 0; i < g->n_pools; i++)
    total += g->sizes[i] = pool_size (w, g, i);
  if (total == 0)
    return;
  guint32 nr = unclaimed (w, proj (m, l->proj), g->parent);
  if (nr == 0)
    return;
  gsl_ran_shuffle (r, w->scratch, nr, sizeof *w->scratch);
  tree_init (w, g->sizes, g->n_pools);
  for (guint32 i = 0; i < nr && total > 0; i++)
    {
      guint32 person = w->scratch[i];
      guint32 own = l->child_pos[cls->id[person]];
      gint64 own_size = g->sizes[own], eligible = total - own_size;
      if (eligible <= 0)
        continue;
      gint64 u = (gint64) gsl_rng_uniform_int (r, (unsigned long) eligible), offset;
      if (u >= tree_prefix (w, own))
        u += own_size;
      guint32 pool = tree_find (w, g->n_pools, u, &offset);
      guint32 item = pool_take (w, g, pool, offset);
      g->sizes[pool]--, total--;
      tree_add (w, g->n_pools, pool, -1);
      w->matched[person] = 1;
      claim (w, person, item, l->agree, out);
    }
}

/* The live unlisted items of each parent, grouped (counting sort into w->unl_items). */
static void
group_unlisted (RrAttackWorkspace *w, const RrLevel *l, guint li)
{
  const RrAttackModel *m = w->model;
  guint32 n_par = proj (m, l->proj)->n_ids, *start = w->unl_start;
  guint cls_proj = pattern (m, l->pattern)->proj;
  memset (start, 0, ((gsize) n_par + 1) * sizeof *start);
  for (guint32 p = 0; p < n_par; p++)
    start[p + 1] = start[p] + w->unl_count[li][p];
  memcpy (w->scratch2, start, (gsize) n_par * sizeof *start);
  for (guint a = 0; a < w->items->len; a++)
    {
      guint32 par = w->item_id[l->proj][a];
      if (g_array_index (w->items, RrAuxItem, a).pattern == l->pattern && par != RR_NO_ID
          && w->item_id[cls_proj][a] == RR_NO_ID)
        w->unl_items[w->scratch2[par]++] = a;
    }
}

/* Level (S, all but q agree), parent by parent. */
static void
greedy_near (RrAttackWorkspace *w, guint li, gsl_rng *r, RrAttackReplicate *out)
{
  const RrAttackModel *m = w->model;
  const RrLevel *l = level (m, li);
  group_unlisted (w, l, li);
  g_autofree gint64 *sizes = g_new (gint64, w->tree_size);
  for (guint32 p = 0; p < proj (m, l->proj)->n_ids; p++)
    {
      NearGroup g = { l, li, p, l->child_start[p + 1] - l->child_start[p] + 1, 0,
                      w->unl_start[p], sizes };
      /* drop unlisted items claimed at an earlier level */
      for (guint32 i = w->unl_start[p]; i < w->unl_start[p + 1]; i++)
        if (!w->item_matched[w->unl_items[i]])
          w->unl_items[w->unl_start[p] + g.n_unl++] = w->unl_items[i];
      near_group (w, &g, r, out);
    }
}

/* ---- unique best, both ways ---- */

/* Candidates of released record person at level li: its class's items and decoys (all agree),
 * or the parent's items and decoys outside its own class (near). */
static guint64
record_candidates (const RrAttackWorkspace *w, guint li, guint32 person)
{
  const RrAttackModel *m = w->model;
  const RrLevel *l = level (m, li);
  guint s = l->pattern;
  guint32 k = proj (m, pattern (m, s)->proj)->id[person];
  guint64 own = (guint64) (w->class_start[s][k + 1] - w->class_start[s][k]) + w->full[s][k];
  if (l->q < 0)
    return own;
  guint32 p = proj (m, l->proj)->id[person];
  guint64 all = (guint64) w->unl_count[li][p] + w->other[li][p];
  for (guint32 i = l->child_start[p]; i < l->child_start[p + 1]; i++)
    {
      guint32 c = l->child_list[i];
      all += (guint64) (w->class_start[s][c + 1] - w->class_start[s][c]) + w->full[s][c];
    }
  return all - own;
}

/* The released records an item can be paired with at level li. */
static guint64
item_candidates (const RrAttackWorkspace *w, guint li, guint32 a)
{
  const RrAttackModel *m = w->model;
  const RrLevel *l = level (m, li);
  const RrProjection *cls = proj (m, pattern (m, l->pattern)->proj);
  guint64 own = size_of (cls, w->item_id[pattern (m, l->pattern)->proj][a]);
  if (l->q < 0)
    return own;
  return size_of (proj (m, l->proj), w->item_id[l->proj][a]) - own;
}

/* The item's best level is li with exactly one candidate (then that candidate is the record
 * that found the item there). */
static gboolean
item_unique_at (const RrAttackWorkspace *w, guint32 a, guint li)
{
  const RrPattern *pt = pattern (w->model, g_array_index (w->items, RrAuxItem, a).pattern);
  for (guint i = 0; i < pt->n_levels; i++)
    {
      guint64 n = item_candidates (w, pt->levels[i], a);
      if (n > 0)
        return pt->levels[i] == li && n == 1;
    }
  return FALSE;
}

/* The one candidate of person at near level li: an item, or a decoy (RR_NO_ID) with *alone set
 * when the decoy has no other candidate. */
static guint32
near_single (const RrAttackWorkspace *w, guint li, guint32 person, gboolean *alone)
{
  const RrAttackModel *m = w->model;
  const RrLevel *l = level (m, li);
  guint s = l->pattern;
  const RrProjection *cls = proj (m, pattern (m, s)->proj), *par = proj (m, l->proj);
  guint32 p = par->id[person], own = cls->id[person];
  *alone = FALSE;
  for (guint32 i = l->child_start[p]; i < l->child_start[p + 1]; i++)
    {
      guint32 c = l->child_list[i];
      if (c == own)
        continue;
      if (w->class_start[s][c + 1] > w->class_start[s][c])
        return w->class_items[s][w->class_start[s][c]];
      if (w->full[s][c] > 0)
        return RR_NO_ID; /* its best level is its own class, which has records: not alone */
    }
  if (w->unl_count[li][p] > 0)
    return w->unl_first[li][p];
  *alone = size_of (par, p) == 1;
  return RR_NO_ID;
}

static void
unique_claim (RrAttackWorkspace *w, guint li, guint32 person, RrAttackReplicate *out)
{
  const RrAttackModel *m = w->model;
  const RrLevel *l = level (m, li);
  guint s = l->pattern;
  guint32 item = RR_NO_ID;
  gboolean alone = FALSE;
  if (l->q < 0)
    {
      const RrProjection *cls = proj (m, pattern (m, s)->proj);
      guint32 k = cls->id[person];
      if (w->class_start[s][k + 1] > w->class_start[s][k])
        item = w->class_items[s][w->class_start[s][k]];
      else
        alone = size_of (cls, k) == 1;
    }
  else
    item = near_single (w, li, person, &alone);
  if (item != RR_NO_ID ? item_unique_at (w, item, li) : alone)
    claim (w, person, item, l->agree, out);
}

static void
unique_best (RrAttackWorkspace *w, RrAttackReplicate *out)
{
  const RrAttackModel *m = w->model;
  for (guint64 person = 0; person < m->n_persons; person++)
    for (guint li = 0; li < m->levels->len; li++)
      {
        guint64 n = record_candidates (w, li, (guint32) person);
        if (n == 0)
          continue;
        if (n == 1)
          unique_claim (w, li, (guint32) person, out);
        break;
      }
}

void
rr_attack_match (RrAttackWorkspace *w, gsl_rng *r, RrAttackReplicate *out)
{
  const RrAttackModel *m = w->model;
  out->targets += w->items->len;
  out->decoys += w->n_decoys;
  if (m->scenario->accept == RR_ACCEPT_UNIQUE)
    {
      unique_best (w, out);
      return;
    }
  for (guint li = 0; li < m->levels->len; li++)
    {
      if (level (m, li)->q < 0)
        greedy_exact (w, level (m, li), r, out);
      else
        greedy_near (w, li, r, out);
    }
}
