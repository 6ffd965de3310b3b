/* draw.c - one replicate's attacker file (attack stage): which released persons the attacker
 * holds, with which facts missing or wrong, and how many people outside the release share each
 * group's values (Poisson counts, see doc/attacks.md); then the indexes the matching needs. */
#include "config.h"
#include "attack/model-private.h"
#include "qi/date.h"
#include "qi/number.h"
#include <stdio.h>
#include <string.h>

static const RrProjection *
proj (const RrAttackModel *m, guint index)
{
  return g_ptr_array_index (m->projections, index);
}

static guint32 *
alloc_ids (guint32 n)
{
  return g_new0 (guint32, MAX (n, 1));
}

static guint32
max_parents (const RrAttackModel *m)
{
  guint32 n = 1;
  for (guint i = 0; i < m->levels->len; i++)
    n = MAX (n, proj (m, g_array_index (m->levels, RrLevel, i).proj)->n_ids);
  return n;
}

/* The most pools one parent can have: its classes and the pool of the others. */
static guint32
max_pools (const RrAttackModel *m)
{
  guint32 n = 1;
  for (guint i = 0; i < m->levels->len; i++)
    {
      const RrLevel *l = &g_array_index (m->levels, RrLevel, i);
      guint32 n_par = l->q >= 0 ? proj (m, l->proj)->n_ids : 0;
      for (guint32 p = 0; p < n_par; p++)
        n = MAX (n, l->child_start[p + 1] - l->child_start[p] + 1);
    }
  return n;
}

RrAttackWorkspace *
rr_attack_workspace_new (const RrAttackModel *m)
{
  RrAttackWorkspace *w = g_new0 (RrAttackWorkspace, 1);
  gsize n = MAX (m->n_persons, 1);
  guint n_pat = m->patterns->len, n_lev = m->levels->len, n_proj = m->projections->len;
  w->model = m;
  w->items = g_array_sized_new (FALSE, FALSE, sizeof (RrAuxItem), (guint) n);
  w->item_codes = g_new0 (guint32, n * m->n_fields);
  w->full = g_new0 (guint32 *, MAX (n_pat, 1));
  w->class_start = g_new0 (guint32 *, MAX (n_pat, 1));
  w->class_items = g_new0 (guint32 *, MAX (n_pat, 1));
  w->class_alive = g_new0 (guint32 *, MAX (n_pat, 1));
  for (guint s = 0; s < n_pat; s++)
    {
      guint32 k = proj (m, g_array_index (m->patterns, RrPattern, s).proj)->n_ids;
      w->full[s] = alloc_ids (k);
      w->class_start[s] = alloc_ids (k + 1);
      w->class_items[s] = alloc_ids ((guint32) n);
      w->class_alive[s] = alloc_ids (k);
    }
  w->other = g_new0 (guint32 *, MAX (n_lev, 1));
  w->unl_count = g_new0 (guint32 *, MAX (n_lev, 1));
  w->unl_first = g_new0 (guint32 *, MAX (n_lev, 1));
  for (guint i = 0; i < n_lev; i++)
    {
      const RrLevel *l = &g_array_index (m->levels, RrLevel, i);
      if (l->q < 0)
        continue;
      guint32 k = proj (m, l->proj)->n_ids;
      w->other[i] = alloc_ids (k);
      w->unl_count[i] = alloc_ids (k);
      w->unl_first[i] = alloc_ids (k);
    }
  w->item_id = g_new0 (guint32 *, MAX (n_proj, 1));
  for (guint i = 0; i < n_proj; i++)
    w->item_id[i] = alloc_ids ((guint32) n);
  w->matched = g_new0 (guint8, n);
  w->item_matched = g_new0 (guint8, n);
  w->item_pos = alloc_ids ((guint32) n);
  w->scratch = alloc_ids ((guint32) n);
  w->scratch2 = alloc_ids ((guint32) n);
  w->unl_start = alloc_ids (max_parents (m) + 1);
  w->unl_items = alloc_ids ((guint32) n);
  w->tree_size = max_pools (m);
  w->tree = g_new0 (gint64, (gsize) w->tree_size + 1);
  return w;
}

static void
free_rows (guint32 **rows, guint n)
{
  for (guint i = 0; rows != NULL && i < n; i++)
    g_free (rows[i]);
  g_free (rows);
}

void
rr_attack_workspace_free (RrAttackWorkspace *w)
{
  if (w == NULL)
    return;
  const RrAttackModel *m = w->model;
  guint n_pat = m->patterns->len, n_lev = m->levels->len;
  g_array_unref (w->items);
  g_free (w->item_codes);
  free_rows (w->full, n_pat), free_rows (w->class_start, n_pat);
  free_rows (w->class_items, n_pat), free_rows (w->class_alive, n_pat);
  free_rows (w->other, n_lev), free_rows (w->unl_count, n_lev), free_rows (w->unl_first, n_lev);
  free_rows (w->item_id, m->projections->len);
  g_free (w->matched), g_free (w->item_matched), g_free (w->item_pos);
  g_free (w->scratch), g_free (w->scratch2), g_free (w->unl_start), g_free (w->unl_items);
  g_free (w->tree);
  g_free (w);
}

/* ---- wrong values ---- */

static guint32
lookup (const RrAttackColumn *c, const char *label)
{
  return rr_attack_column_lookup (c, label);
}

static guint32
flip_sex (const RrAttackColumn *c, guint32 code)
{
  const char *label = g_ptr_array_index (c->labels, code);
  return lookup (c, strcmp (label, "M") == 0 ? "F" : strcmp (label, "F") == 0 ? "M" : "");
}

static guint
band_width (RrQiLevel level)
{
  return level == RR_LEVEL_AGE10 ? 10 : level == RR_LEVEL_AGE5 ? 5 : 1;
}

/* An age a year out, either way, from an age drawn uniformly within the band. */
static guint32
shift_age (const RrAttackColumn *c, guint32 code, gsl_rng *r)
{
  guint lo, width = band_width (c->level);
  const char *why;
  const char *label = g_ptr_array_index (c->labels, code);
  if (!rr_number_parse_age (label, strlen (label), &lo, &why))
    return rr_attack_column_n_codes (c);
  guint age = lo + (guint) gsl_rng_uniform_int (r, width);
  age = gsl_rng_uniform (r) < 0.5 ? (age == 0 ? 1 : age - 1) : age + 1;
  char out[16];
  g_snprintf (out, sizeof out, "%u", rr_date_age_band (age, c->level));
  return lookup (c, out);
}

static gboolean
date_of_day_label (const char *label, GDate *d)
{
  int y, mo, da;
  if (sscanf (label, "%4d-%2d-%2d", &y, &mo, &da) != 3
      || !g_date_valid_dmy ((GDateDay) da, (GDateMonth) mo, (GDateYear) y))
    return FALSE;
  g_date_clear (d, 1);
  g_date_set_dmy (d, (GDateDay) da, (GDateMonth) mo, (GDateYear) y);
  return TRUE;
}

/* The first and last day a label covers: a day, a month, a year, or for an age band of a date
 * the birth dates giving that completed age at as_of. */
static gboolean
label_days (const RrAttackColumn *c, const char *label, guint32 *first, guint32 *last)
{
  GDate d;
  int y, mo;
  guint lo;
  const char *why;
  g_date_clear (&d, 1);
  if (c->level == RR_LEVEL_DAY)
    {
      if (!date_of_day_label (label, &d))
        return FALSE;
      *first = *last = g_date_get_julian (&d);
      return TRUE;
    }
  if (c->level == RR_LEVEL_MONTH || c->level == RR_LEVEL_YEAR)
    {
      gboolean month = c->level == RR_LEVEL_MONTH;
      if ((month ? sscanf (label, "%4d-%2d", &y, &mo) != 2 : sscanf (label, "%4d", &y) != 1)
          || y < 1 || (month && (mo < 1 || mo > 12)))
        return FALSE;
      g_date_set_dmy (&d, 1, month ? (GDateMonth) mo : G_DATE_JANUARY, (GDateYear) y);
      *first = g_date_get_julian (&d);
      month ? g_date_add_months (&d, 1) : g_date_add_years (&d, 1);
      *last = g_date_get_julian (&d) - 1;
      return TRUE;
    }
  if (!rr_number_parse_age (label, strlen (label), &lo, &why) || !g_date_valid (&c->spec->as_of))
    return FALSE;
  d = c->spec->as_of;
  g_date_subtract_years (&d, lo);
  *last = g_date_get_julian (&d);
  d = c->spec->as_of;
  g_date_subtract_years (&d, lo + band_width (c->level));
  *first = g_date_get_julian (&d) + 1;
  return TRUE;
}

/* One of day, month and year (equally likely) replaced by another valid value: a day by another
 * day of the month, a month by another month (the day cut to its length), a year by changing
 * its last digit. */
static void
mistype (GDate *d, gsl_rng *r)
{
  guint day = g_date_get_day (d), month = g_date_get_month (d), year = g_date_get_year (d);
  switch (gsl_rng_uniform_int (r, 3))
    {
    case 0:
      {
        guint n = g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);
        day = 1 + (day - 1 + 1 + (guint) gsl_rng_uniform_int (r, n - 1)) % n;
        break;
      }
    case 1:
      month = 1 + (month - 1 + 1 + (guint) gsl_rng_uniform_int (r, 11)) % 12;
      break;
    default:
      year = year - year % 10 + (year % 10 + 1 + (guint) gsl_rng_uniform_int (r, 9)) % 10;
      break;
    }
  if (year < 1)
    year = 1;
  day = MIN (day, g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year));
  g_date_set_dmy (d, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static guint32
mistype_date (const RrAttackColumn *c, guint32 code, gsl_rng *r)
{
  guint32 first, last;
  if (!label_days (c, g_ptr_array_index (c->labels, code), &first, &last) || last < first)
    return rr_attack_column_n_codes (c);
  GDate d;
  g_date_clear (&d, 1);
  g_date_set_julian (&d, first + (guint32) gsl_rng_uniform_int (r, last - first + 1));
  mistype (&d, r);
  g_autoptr (GString) out = g_string_new (NULL);
  const char *why;
  if (rr_date_append_level (&d, c->level, &c->spec->as_of, out, &why) != RR_QI_VALUE_OK)
    return rr_attack_column_n_codes (c);
  return lookup (c, out->str);
}

static guint32
wrong_value (const RrAttackModel *m, guint j, guint32 code, gsl_rng *r)
{
  const RrAttackColumn *c = rr_attack_frame_column (m->frame, j);
  const RrErrorSampler *e = &m->errors[j];
  if (e->kind == RR_ERROR_MODEL_REDRAW)
    return e->redraw != NULL ? (guint32) gsl_ran_discrete (r, e->redraw) : code;
  if (code >= m->n_codes[j]) /* a value no released person has stays one */
    return code;
  switch (e->kind)
    {
    case RR_ERROR_MODEL_FLIP: return flip_sex (c, code);
    case RR_ERROR_MODEL_AGE: return shift_age (c, code, r);
    case RR_ERROR_MODEL_TYPO:
    case RR_ERROR_MODEL_REDRAW:
    default: return mistype_date (c, code, r);
    }
}

/* ---- the attacker's records of released persons ---- */

/* A released value that is missing is one the attacker's (known) value cannot agree with. */
static void
draw_item (RrAttackWorkspace *w, guint32 p, gsl_rng *r)
{
  const RrAttackModel *m = w->model;
  guint32 *codes = w->item_codes + (gsize) w->items->len * m->n_fields;
  guint mask = 0;
  gboolean changed = FALSE;
  for (guint j = 0; j < m->n_fields; j++)
    {
      const RrAttackField *f = rr_attack_frame_column (m->frame, j)->field;
      if (f->missing > 0 && gsl_rng_uniform (r) < f->missing)
        continue;
      mask |= 1u << j;
      guint32 own = m->codes[j][p], code = own == RR_CODE_MISSING ? m->n_codes[j] : own;
      if (f->wrong > 0 && gsl_rng_uniform (r) < f->wrong)
        code = wrong_value (m, j, code, r);
      codes[j] = code;
      changed |= code != own;
    }
  int pattern = m->pattern_of_mask[mask];
  RrAuxItem it = { p, pattern >= 0 ? (guint32) pattern : RR_NO_ID, changed ? codes : NULL };
  g_array_append_val (w->items, it);
}

static void
draw_items (RrAttackWorkspace *w, gsl_rng *r)
{
  const RrAttackModel *m = w->model;
  g_array_set_size (w->items, 0);
  for (guint64 p = 0; p < m->n_persons; p++)
    if (m->coverage >= 1 || gsl_rng_uniform (r) < m->coverage)
      draw_item (w, (guint32) p, r);
}

/* ---- outsiders ---- */

/* Independent Poisson counts with means lambda: either each count drawn (when the total is
 * large), or a Poisson total spread over the ids by the alias table (when it is small); both
 * give the same distribution, and the choice depends only on the model, so replicates stay
 * reproducible. */
static guint64
draw_counts (guint32 *count, const double *lambda, guint32 n, gsl_ran_discrete_t *alias,
             double total, gsl_rng *r)
{
  memset (count, 0, MAX (n, 1) * sizeof *count);
  if (alias == NULL)
    return 0;
  guint64 sum = 0;
  if (total >= n)
    {
      for (guint32 i = 0; i < n; i++)
        if (lambda[i] > 0)
          sum += count[i] = gsl_ran_poisson (r, lambda[i]);
      return sum;
    }
  sum = gsl_ran_poisson (r, total);
  for (guint64 i = 0; i < sum; i++)
    count[gsl_ran_discrete (r, alias)]++;
  return sum;
}

static void
draw_decoys (RrAttackWorkspace *w, gsl_rng *r)
{
  const RrAttackModel *m = w->model;
  w->n_decoys = 0;
  if (!m->decoys)
    return;
  for (guint s = 0; s < m->patterns->len; s++)
    {
      const RrPattern *pt = &g_array_index (m->patterns, RrPattern, s);
      w->n_decoys += draw_counts (w->full[s], pt->lambda_full, proj (m, pt->proj)->n_ids,
                                  pt->alias_full, pt->total_full, r);
    }
  for (guint i = 0; i < m->levels->len; i++)
    {
      const RrLevel *l = &g_array_index (m->levels, RrLevel, i);
      if (l->q >= 0)
        w->n_decoys += draw_counts (w->other[i], l->lambda_other, proj (m, l->proj)->n_ids,
                                    l->alias_other, l->total_other, r);
    }
}

/* ---- indexes for the matching ---- */

static void
index_item_ids (RrAttackWorkspace *w)
{
  const RrAttackModel *m = w->model;
  for (guint i = 0; i < m->projections->len; i++)
    {
      const RrProjection *pr = proj (m, i);
      for (guint a = 0; a < w->items->len; a++)
        {
          const RrAuxItem *it = &g_array_index (w->items, RrAuxItem, a);
          gboolean held = it->pattern != RR_NO_ID
                          && (pr->mask & ~g_array_index (m->patterns, RrPattern, it->pattern).mask) == 0;
          w->item_id[i][a] = held ? rr_attack_item_id (m, pr, it) : RR_NO_ID;
        }
    }
}

/* Each pattern's items grouped by their class on the pattern's facts (counting sort). */
static void
index_classes (RrAttackWorkspace *w, guint s)
{
  const RrAttackModel *m = w->model;
  const RrPattern *pt = &g_array_index (m->patterns, RrPattern, s);
  guint32 n_cls = proj (m, pt->proj)->n_ids;
  guint32 *start = w->class_start[s], *ids = w->item_id[pt->proj];
  memset (start, 0, ((gsize) n_cls + 1) * sizeof *start);
  for (guint a = 0; a < w->items->len; a++)
    if (g_array_index (w->items, RrAuxItem, a).pattern == s && ids[a] != RR_NO_ID)
      start[ids[a] + 1]++;
  for (guint32 k = 0; k < n_cls; k++)
    {
      w->class_alive[s][k] = start[k + 1];
      start[k + 1] += start[k];
    }
  memcpy (w->scratch, start, (gsize) n_cls * sizeof *start);
  for (guint a = 0; a < w->items->len; a++)
    if (g_array_index (w->items, RrAuxItem, a).pattern == s && ids[a] != RR_NO_ID)
      {
        w->item_pos[a] = w->scratch[ids[a]]++;
        w->class_items[s][w->item_pos[a]] = a;
      }
}

/* Per near level: the items in each parent whose value on q no released person there has. */
static void
index_unlisted (RrAttackWorkspace *w, guint i)
{
  const RrAttackModel *m = w->model;
  const RrLevel *l = &g_array_index (m->levels, RrLevel, i);
  const RrPattern *pt = &g_array_index (m->patterns, RrPattern, l->pattern);
  guint32 n_par = proj (m, l->proj)->n_ids;
  memset (w->unl_count[i], 0, MAX (n_par, 1) * sizeof (guint32));
  for (guint a = 0; a < w->items->len; a++)
    {
      guint32 par = w->item_id[l->proj][a];
      if (g_array_index (w->items, RrAuxItem, a).pattern != l->pattern || par == RR_NO_ID
          || w->item_id[pt->proj][a] != RR_NO_ID)
        continue;
      w->unl_count[i][par]++;
      w->unl_first[i][par] = a;
    }
}

void
rr_attack_draw (RrAttackWorkspace *w, gsl_rng *r)
{
  const RrAttackModel *m = w->model;
  draw_items (w, r);
  draw_decoys (w, r);
  index_item_ids (w);
  for (guint s = 0; s < m->patterns->len; s++)
    index_classes (w, s);
  for (guint i = 0; i < m->levels->len; i++)
    if (g_array_index (m->levels, RrLevel, i).q >= 0)
      index_unlisted (w, i);
  memset (w->matched, 0, MAX (m->n_persons, 1));
  memset (w->item_matched, 0, MAX (w->items->len, 1));
}
