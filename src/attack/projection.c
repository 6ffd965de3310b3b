/* projection.c - persons grouped on a set of columns by a least-significant-digit radix sort
 * (stable counting sorts, one per column): linear in the persons, where a comparison sort of a
 * million tuples is several times slower (attack stage). */
#include "config.h"
#include "attack/projection.h"
#include "load/dataset.h"
#include <string.h>

typedef struct
{
  const guint32 *const *codes;
  const guint32 *n_codes;
  guint64 n;
} Columns;

void
rr_projection_free (RrProjection *pr)
{
  if (pr == NULL)
    return;
  g_free (pr->id);
  g_free (pr->order);
  g_free (pr->start);
  g_free (pr->keys);
  g_free (pr->has_missing);
  g_free (pr->F);
  g_free (pr);
}

/* A missing value sorts after every code. */
static guint32
sort_code (const Columns *c, guint j, guint32 person)
{
  guint32 v = c->codes[j][person];
  return v == RR_CODE_MISSING ? c->n_codes[j] : v;
}

static void
sort_pass (const Columns *c, guint j, guint32 *order, guint32 *tmp)
{
  guint32 k = c->n_codes[j] + 1;
  g_autofree guint32 *count = g_new0 (guint32, (gsize) k + 1);
  for (guint64 i = 0; i < c->n; i++)
    count[sort_code (c, j, order[i]) + 1]++;
  for (guint32 v = 0; v < k; v++)
    count[v + 1] += count[v];
  for (guint64 i = 0; i < c->n; i++)
    tmp[count[sort_code (c, j, order[i])]++] = order[i];
  memcpy (order, tmp, c->n * sizeof *order);
}

static gboolean
same_key (const Columns *c, const RrProjection *pr, guint32 a, guint32 b)
{
  for (guint f = 0; f < pr->n_fields; f++)
    if (c->codes[pr->fields[f]][a] != c->codes[pr->fields[f]][b])
      return FALSE;
  return TRUE;
}

static void
add_group (const Columns *c, RrProjection *pr, guint32 first, guint64 at)
{
  guint32 id = pr->n_ids++;
  pr->start[id] = (guint32) at;
  pr->has_missing[id] = FALSE;
  for (guint f = 0; f < pr->n_fields; f++)
    {
      guint32 v = c->codes[pr->fields[f]][first];
      pr->keys[(gsize) id * pr->n_fields + f] = v;
      pr->has_missing[id] |= v == RR_CODE_MISSING;
    }
}

RrProjection *
rr_projection_new (const guint32 *const *codes, const guint32 *n_codes, guint n_columns,
                   guint mask, guint64 n_persons)
{
  g_return_val_if_fail (n_columns <= RR_PROJECTION_MAX_COLUMNS && n_persons < G_MAXUINT32, NULL);
  Columns c = { codes, n_codes, n_persons };
  RrProjection *pr = g_new0 (RrProjection, 1);
  pr->mask = mask;
  for (guint j = 0; j < n_columns; j++)
    if (mask & (1u << j))
      pr->fields[pr->n_fields++] = j;
  gsize n = MAX (n_persons, 1);
  pr->order = g_new (guint32, n);
  pr->id = g_new (guint32, n);
  for (guint64 i = 0; i < n_persons; i++)
    pr->order[i] = (guint32) i;
  g_autofree guint32 *tmp = g_new (guint32, n);
  for (guint f = pr->n_fields; f-- > 0;)
    sort_pass (&c, pr->fields[f], pr->order, tmp);
  pr->start = g_new (guint32, n + 1);
  pr->keys = g_new (guint32, n * MAX (pr->n_fields, 1));
  pr->has_missing = g_new (gboolean, n);
  for (guint64 i = 0; i < n_persons; i++)
    {
      guint32 p = pr->order[i];
      if (i == 0 || !same_key (&c, pr, pr->order[i - 1], p))
        add_group (&c, pr, p, i);
      pr->id[p] = pr->n_ids - 1;
    }
  pr->start[pr->n_ids] = (guint32) n_persons;
  /* groups are often far fewer than persons: give back what was reserved for the worst case */
  pr->start = g_renew (guint32, pr->start, (gsize) pr->n_ids + 1);
  pr->keys = g_renew (guint32, pr->keys, (gsize) MAX (pr->n_ids, 1) * MAX (pr->n_fields, 1));
  pr->has_missing = g_renew (gboolean, pr->has_missing, MAX (pr->n_ids, 1));
  return pr;
}

static int
key_compare (const RrProjection *pr, const guint32 *a, guint32 id)
{
  const guint32 *b = pr->keys + (gsize) id * pr->n_fields;
  for (guint f = 0; f < pr->n_fields; f++)
    if (a[f] != b[f])
      return a[f] < b[f] ? -1 : 1;
  return 0;
}

guint32
rr_projection_lookup (const RrProjection *pr, const guint32 *key)
{
  guint32 lo = 0, hi = pr->n_ids;
  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;
      int c = key_compare (pr, key, mid);
      if (c == 0)
        return mid;
      if (c < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  return RR_NO_ID;
}

guint32
rr_projection_size (const RrProjection *pr, guint32 id)
{
  return id == RR_NO_ID ? 0 : pr->start[id + 1] - pr->start[id];
}
