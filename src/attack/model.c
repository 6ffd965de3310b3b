/* model.c - builds the part of an attack simulation that every replicate shares: the released
 * persons grouped on each set of compared facts, the score levels, the population counts and
 * the expected outsiders per group, and the samplers of wrong values (attack stage). */
#include "config.h"
#include "attack/model-private.h"
#include "population/frequency.h"
#include "util/error.h"
#include <math.h>
#include <string.h>

/* Derived m and u stay inside (WEIGHT_FLOOR, 1 - WEIGHT_FLOOR) so every weight is finite. */
#define WEIGHT_FLOOR 1e-9

/* ---- projections ---- */

guint32
rr_attack_item_id (const RrAttackModel *m, const RrProjection *pr, const RrAuxItem *it)
{
  if (it->codes == NULL)
    return pr->id[it->person];
  guint32 key[RR_ATTACK_MAX_COLUMNS];
  for (guint f = 0; f < pr->n_fields; f++)
    {
      key[f] = it->codes[pr->fields[f]];
      if (key[f] >= m->n_codes[pr->fields[f]])
        return RR_NO_ID; /* a value no released person has */
    }
  return rr_projection_lookup (pr, key);
}

static guint
projection_of (RrAttackModel *m, guint mask)
{
  if (m->proj_of_mask[mask] < 0)
    {
      m->proj_of_mask[mask] = (int) m->projections->len;
      g_ptr_array_add (m->projections, rr_projection_new (m->codes, m->n_codes, m->n_fields, mask,
                                                          m->n_persons));
    }
  return (guint) m->proj_of_mask[mask];
}

static RrProjection *
proj (const RrAttackModel *m, guint index)
{
  return g_ptr_array_index (m->projections, index);
}

/* ---- patterns and score levels ---- */

static double
weight_agree (const RrAttackModel *m, guint j)
{
  return log2 (m->m[j] / m->u[j]);
}

static double
weight_disagree (const RrAttackModel *m, guint j)
{
  return log2 ((1 - m->m[j]) / (1 - m->u[j]));
}

static const RrAttackField *
field_of (const RrAttackModel *m, guint j)
{
  return rr_attack_frame_column (m->frame, j)->field;
}

/* The score of agreeing on mask agree and disagreeing on the rest of pattern mask S. */
static double
level_score (const RrAttackModel *m, guint S, guint agree)
{
  if (m->scenario->method == RR_MATCH_EXACT)
    return (double) rr_attack_popcount (agree);
  double w = 0;
  for (guint j = 0; j < m->n_fields; j++)
    if (S & (1u << j))
      w += (agree & (1u << j)) ? weight_agree (m, j) : weight_disagree (m, j);
  return w;
}

static double
pattern_probability (const RrAttackModel *m, guint S)
{
  double p = 1;
  for (guint j = 0; j < m->n_fields; j++)
    {
      double miss = field_of (m, j)->missing;
      p *= (S & (1u << j)) ? 1 - miss : miss;
    }
  return p;
}

/* The simulation scores only pairs that disagree on at most one fact; refuse a threshold that
 * would let a pair disagreeing on two of S's facts through. */
static gboolean
check_two_disagreements (const RrAttackModel *m, guint S, GError **error)
{
  for (guint a = 0; a < m->n_fields; a++)
    for (guint b = a + 1; b < m->n_fields; b++)
      {
        guint two = (1u << a) | (1u << b);
        if ((S & two) != two)
          continue;
        double w = level_score (m, S, S & ~two);
        if (w >= m->scenario->threshold)
          return rr_throw (error, RR_ERROR_INVALID, "attack scenario '%s': a pair that "
                           "disagrees on both %s and %s scores %.3g, not below the threshold "
                           "%.3g; the simulation scores pairs that disagree on at most one fact, "
                           "so raise the threshold above %.3g", m->scenario->name,
                           rr_attack_frame_column (m->frame, a)->column,
                           rr_attack_frame_column (m->frame, b)->column, w,
                           m->scenario->threshold, w);
      }
  return TRUE;
}

static guint
min_fields (const RrAttackModel *m)
{
  return m->scenario->min_fields > 0 ? m->scenario->min_fields : m->n_fields;
}

static void
add_level (RrAttackModel *m, guint pattern, guint S, int q)
{
  guint agree = q < 0 ? S : S & ~(1u << q);
  RrLevel l = { .pattern = pattern, .q = q, .score = level_score (m, S, agree), .agree = agree };
  gboolean exact = m->scenario->method == RR_MATCH_EXACT;
  if (exact ? (guint) rr_attack_popcount (S) < min_fields (m)
            : l.score < m->scenario->threshold)
    return;
  l.proj = projection_of (m, agree);
  g_array_append_val (m->levels, l);
}

static gboolean
add_pattern (RrAttackModel *m, guint S, GError **error)
{
  double p = pattern_probability (m, S);
  if (!(p > 0) || S == 0)
    return TRUE;
  gboolean exact = m->scenario->method == RR_MATCH_EXACT;
  if (!exact && !check_two_disagreements (m, S, error))
    return FALSE;
  guint before = m->levels->len;
  RrPattern pt = { .mask = S, .p = p };
  add_level (m, m->patterns->len, S, -1);
  for (guint q = 0; !exact && q < m->n_fields; q++)
    if (S & (1u << q))
      add_level (m, m->patterns->len, S, (int) q);
  if (m->levels->len == before)
    return TRUE;
  pt.proj = projection_of (m, S);
  g_array_append_val (m->patterns, pt);
  return TRUE;
}

static gint
level_compare (gconstpointer pa, gconstpointer pb)
{
  const RrLevel *a = pa, *b = pb;
  if (a->score > b->score)
    return -1;
  if (a->score < b->score)
    return 1;
  int na = rr_attack_popcount (a->agree), nb = rr_attack_popcount (b->agree);
  if (na != nb)
    return na > nb ? -1 : 1;
  if (a->pattern != b->pattern)
    return a->pattern < b->pattern ? -1 : 1;
  return (a->q > b->q) - (a->q < b->q);
}

/* Each pattern's levels, in the global order. */
static void
index_levels (RrAttackModel *m)
{
  g_array_sort (m->levels, level_compare);
  for (guint i = 0; i < m->levels->len; i++)
    {
      RrLevel *l = &g_array_index (m->levels, RrLevel, i);
      RrPattern *pt = &g_array_index (m->patterns, RrPattern, l->pattern);
      pt->levels[pt->n_levels++] = i;
    }
  for (guint s = 0; s < m->patterns->len; s++)
    {
      RrPattern *pt = &g_array_index (m->patterns, RrPattern, s);
      pt->first_level = pt->levels[0];
      m->pattern_of_mask[pt->mask] = (int) s;
    }
}

static gboolean
build_levels (RrAttackModel *m, GError **error)
{
  for (guint S = RR_MASK_ALL (m->n_fields); S > 0; S--)
    if (!add_pattern (m, S, error))
      return FALSE;
  index_levels (m);
  return TRUE;
}

/* The classes on S (the pattern's projection) grouped under their projection on S minus q. */
static void
build_children (RrAttackModel *m, RrLevel *l)
{
  const RrProjection *cls = proj (m, g_array_index (m->patterns, RrPattern, l->pattern).proj);
  const RrProjection *par = proj (m, l->proj);
  l->class_parent = g_new (guint32, MAX (cls->n_ids, 1));
  l->child_pos = g_new (guint32, MAX (cls->n_ids, 1));
  l->child_start = g_new0 (guint32, (gsize) par->n_ids + 1);
  l->child_list = g_new (guint32, MAX (cls->n_ids, 1));
  for (guint32 j = 0; j < cls->n_ids; j++)
    {
      l->class_parent[j] = par->id[cls->order[cls->start[j]]];
      l->child_start[l->class_parent[j] + 1]++;
    }
  for (guint32 p = 0; p < par->n_ids; p++)
    l->child_start[p + 1] += l->child_start[p];
  g_autofree guint32 *fill = g_memdup2 (l->child_start, ((gsize) par->n_ids + 1) * sizeof (guint32));
  for (guint32 j = 0; j < cls->n_ids; j++)
    {
      guint32 p = l->class_parent[j];
      l->child_pos[j] = fill[p] - l->child_start[p];
      l->child_list[fill[p]++] = j;
    }
}

/* ---- population counts and expected outsiders ---- */

static RrPopulationRole
population_role (const RrAttackColumn *c)
{
  switch (c->release_role)
    {
    case RR_ATTACK_ROLE_POSTCODE: return RR_POPULATION_ROLE_POSTCODE;
    case RR_ATTACK_ROLE_BIRTH_DATE:
    case RR_ATTACK_ROLE_AGE:
      return c->spec->type == RR_QI_DATE ? RR_POPULATION_ROLE_BIRTH_DATE : RR_POPULATION_ROLE_AGE;
    case RR_ATTACK_ROLE_SEX: return RR_POPULATION_ROLE_SEX;
    case RR_ATTACK_ROLE_ETHNICITY: return RR_POPULATION_ROLE_ETHNICITY;
    case RR_ATTACK_ROLE_EVENT_DATE:
    case RR_ATTACK_N_ROLES:
    default: return RR_POPULATION_ROLE_NONE;
    }
}

/* A fact with no population table counts with its share among the released persons. */
static gboolean
set_release_shares (const RrAttackModel *m, RrPopulationQuery *q, guint j, GError **error)
{
  const RrAttackColumn *c = rr_attack_frame_column (m->frame, j);
  g_autofree guint64 *count = g_new0 (guint64, (gsize) m->n_codes[j] + 1);
  for (guint64 p = 0; p < m->n_persons; p++)
    if (c->codes[p] != RR_CODE_MISSING)
      count[c->codes[p]]++;
  for (guint32 code = 0; code < m->n_codes[j]; code++)
    if (!rr_population_query_set_share (q, j, g_ptr_array_index (c->labels, code),
                                        (double) count[code] / (double) m->n_persons, error))
      return FALSE;
  return TRUE;
}

static RrPopulationQuery *
query_new (const RrAttackModel *m, const RrPopulation *pop, GError **error)
{
  RrPopulationRole roles[RR_ATTACK_MAX_COLUMNS];
  for (guint j = 0; j < m->n_fields; j++)
    roles[j] = population_role (rr_attack_frame_column (m->frame, j));
  g_autoptr (RrPopulationQuery) q = rr_population_query_new (pop, m->specs, roles, m->n_fields,
                                                             error);
  if (q == NULL)
    return g_prefix_error (error, "attack scenario '%s': ", m->scenario->name), NULL;
  for (guint j = 0; j < m->n_fields; j++)
    if (roles[j] == RR_POPULATION_ROLE_NONE && !set_release_shares (m, q, j, error))
      return NULL;
  return g_steal_pointer (&q);
}

static gboolean
projection_frequencies (const RrAttackModel *m, RrProjection *pr, RrPopulationQuery *q,
                        GError **error)
{
  pr->F = g_new0 (double, MAX (pr->n_ids, 1));
  const char *labels[RR_ATTACK_MAX_COLUMNS] = { NULL };
  for (guint32 id = 0; id < pr->n_ids; id++)
    {
      if (pr->has_missing[id])
        continue;
      for (guint f = 0; f < pr->n_fields; f++)
        {
          const RrAttackColumn *c = rr_attack_frame_column (m->frame, pr->fields[f]);
          labels[pr->fields[f]] = g_ptr_array_index (c->labels, pr->keys[(gsize) id * pr->n_fields + f]);
        }
      if (!rr_population_frequency (q, labels, &pr->F[id], error))
        return FALSE;
    }
  return TRUE;
}

static gsl_ran_discrete_t *
alias_new (const double *w, guint32 n, double *total)
{
  *total = 0;
  for (guint32 i = 0; i < n; i++)
    *total += w[i];
  return n > 0 && *total > 0 ? gsl_ran_discrete_preproc (n, w) : NULL;
}

/* Outsiders in the attacker's file agreeing with class k on all of S: the population's F_k
 * people are Poisson, the release a sample of them with fraction pi, so those outside it are
 * Poisson with mean (1 - pi) F_k whatever the number released (Poisson thinning); the attacker
 * holds each with probability coverage * P(S). */
static void
pattern_lambdas (RrAttackModel *m, RrPattern *pt)
{
  const RrProjection *pr = proj (m, pt->proj);
  pt->lambda_full = g_new0 (double, MAX (pr->n_ids, 1));
  for (guint32 k = 0; k < pr->n_ids; k++)
    if (!pr->has_missing[k])
      pt->lambda_full[k] = m->coverage * pt->p * (1 - m->sampling) * pr->F[k];
  pt->alias_full = alias_new (pt->lambda_full, pr->n_ids, &pt->total_full);
  m->expected_decoys += pt->total_full;
}

/* Outsiders agreeing with the group P on S minus q whose q value no released person in P has:
 * F_P less the population of P's classes, thinned as above. */
static void
level_lambdas (RrAttackModel *m, RrLevel *l)
{
  const RrPattern *pt = &g_array_index (m->patterns, RrPattern, l->pattern);
  const RrProjection *cls = proj (m, pt->proj), *par = proj (m, l->proj);
  l->lambda_other = g_new0 (double, MAX (par->n_ids, 1));
  for (guint32 p = 0; p < par->n_ids; p++)
    {
      if (par->has_missing[p])
        continue;
      double inside = 0;
      for (guint32 i = l->child_start[p]; i < l->child_start[p + 1]; i++)
        inside += cls->F[l->child_list[i]];
      l->lambda_other[p] = m->coverage * pt->p * (1 - m->sampling) * MAX (par->F[p] - inside, 0.0);
    }
  l->alias_other = alias_new (l->lambda_other, par->n_ids, &l->total_other);
  m->expected_decoys += l->total_other;
}

/* The population of the postcode districts (or areas, for a release at area level) the released
 * persons live in; the whole population when no postcode is compared. */
static gboolean
covered_population (const RrAttackModel *m, const RrPopulation *pop, double *N, GError **error)
{
  *N = rr_population_total (pop);
  int j = -1;
  for (guint i = 0; i < m->n_fields; i++)
    if (population_role (rr_attack_frame_column (m->frame, i)) == RR_POPULATION_ROLE_POSTCODE)
      j = (int) i;
  if (j < 0)
    return TRUE;
  const RrAttackColumn *c = rr_attack_frame_column (m->frame, (guint) j);
  RrQiLevel level = c->level == RR_LEVEL_AREA ? RR_LEVEL_AREA : RR_LEVEL_DISTRICT;
  g_autoptr (RrQiSpec) spec = rr_qi_spec_new (c->column, RR_QI_POSTCODE, level, NULL);
  const RrQiSpec *specs[1] = { spec };
  RrPopulationRole role = RR_POPULATION_ROLE_POSTCODE;
  g_autoptr (RrPopulationQuery) q = rr_population_query_new (pop, specs, &role, 1, error);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GString) area = g_string_new (NULL);
  if (q == NULL)
    return FALSE;
  double sum = 0;
  for (guint32 code = 0; code < m->n_codes[j]; code++)
    {
      g_string_truncate (area, 0);
      if (!rr_attack_label_coarsen (RR_QI_POSTCODE, g_ptr_array_index (c->labels, code), c->level,
                                    level, NULL, area)
          || !g_hash_table_add (seen, g_strdup (area->str)))
        continue;
      const char *label = area->str;
      double F;
      if (!rr_population_frequency (q, &label, &F, error))
        return FALSE;
      sum += F;
    }
  if (sum > 0)
    *N = sum;
  return TRUE;
}

static gboolean
build_decoys (RrAttackModel *m, const RrPopulation *pop, GError **error)
{
  g_autoptr (RrPopulationQuery) q = query_new (m, pop, error);
  double N;
  if (q == NULL || !covered_population (m, pop, &N, error))
    return FALSE;
  m->sampling = MIN ((double) m->n_persons / N, 1.0);
  for (guint i = 0; i < m->projections->len; i++)
    if (!projection_frequencies (m, proj (m, i), q, error))
      return g_prefix_error (error, "attack scenario '%s': ", m->scenario->name), FALSE;
  for (guint s = 0; s < m->patterns->len; s++)
    pattern_lambdas (m, &g_array_index (m->patterns, RrPattern, s));
  for (guint i = 0; i < m->levels->len; i++)
    {
      RrLevel *l = &g_array_index (m->levels, RrLevel, i);
      if (l->q >= 0)
        level_lambdas (m, l);
    }
  return TRUE;
}

/* ---- wrong values ---- */

static RrErrorModel
error_model (const RrAttackColumn *c)
{
  switch (c->field->role)
    {
    case RR_ATTACK_ROLE_BIRTH_DATE:
      return c->spec->type == RR_QI_AGE ? RR_ERROR_MODEL_AGE : RR_ERROR_MODEL_TYPO;
    case RR_ATTACK_ROLE_EVENT_DATE: return RR_ERROR_MODEL_TYPO;
    case RR_ATTACK_ROLE_AGE: return RR_ERROR_MODEL_AGE;
    case RR_ATTACK_ROLE_SEX: return RR_ERROR_MODEL_FLIP;
    case RR_ATTACK_ROLE_POSTCODE:
    case RR_ATTACK_ROLE_ETHNICITY:
    case RR_ATTACK_N_ROLES:
    default: return RR_ERROR_MODEL_REDRAW;
    }
}

/* A redrawn value follows the population's shares of the compared labels (what is left over
 * goes to a value no released person has), or without a population the release's shares. */
static gboolean
redraw_weights (const RrAttackModel *m, guint j, const RrPopulation *pop, double *w,
                GError **error)
{
  const RrAttackColumn *c = rr_attack_frame_column (m->frame, j);
  guint32 n = m->n_codes[j];
  memset (w, 0, ((gsize) n + 1) * sizeof *w);
  if (pop == NULL || population_role (c) == RR_POPULATION_ROLE_NONE)
    {
      for (guint64 p = 0; p < m->n_persons; p++)
        if (c->codes[p] != RR_CODE_MISSING)
          w[c->codes[p]] += 1;
      return TRUE;
    }
  RrPopulationRole role = population_role (c);
  g_autoptr (RrPopulationQuery) q = rr_population_query_new (pop, &c->spec, &role, 1, error);
  if (q == NULL)
    return FALSE;
  double total = rr_population_total (pop), sum = 0;
  for (guint32 code = 0; code < n; code++)
    {
      const char *label = g_ptr_array_index (c->labels, code);
      if (!rr_population_frequency (q, &label, &w[code], error))
        return FALSE;
      sum += w[code];
    }
  w[n] = MAX (total - sum, 0.0);
  return TRUE;
}

static gboolean
build_errors (RrAttackModel *m, const RrPopulation *pop, GError **error)
{
  for (guint j = 0; j < m->n_fields; j++)
    {
      const RrAttackColumn *c = rr_attack_frame_column (m->frame, j);
      m->errors[j].kind = error_model (c);
      if (m->errors[j].kind != RR_ERROR_MODEL_REDRAW || !(c->field->wrong > 0))
        continue;
      g_autofree double *w = g_new (double, (gsize) m->n_codes[j] + 1);
      double total;
      if (!redraw_weights (m, j, pop, w, error))
        return FALSE;
      m->errors[j].redraw = alias_new (w, m->n_codes[j] + 1, &total);
    }
  return TRUE;
}

/* m and u where the scenario leaves them out: m = 1 - wrong (a true match agrees unless the
 * attacker's value is wrong), u = the chance that two people drawn from the population (or the
 * release, without one) agree, sum over the labels of share^2.  Only the labels some released
 * person has are known; the share r left to the others is taken to be spread over labels of the
 * average known share s, which adds r * s (for postcode units of a small release nearly all of
 * u). */
static gboolean
build_weights (RrAttackModel *m, const RrPopulation *pop, GError **error)
{
  for (guint j = 0; j < m->n_fields; j++)
    {
      const RrAttackField *f = field_of (m, j);
      m->m[j] = f->m, m->u[j] = f->u;
      if (m->scenario->method != RR_MATCH_PROBABILISTIC || !isnan (f->m))
        continue;
      g_autofree double *w = g_new (double, (gsize) m->n_codes[j] + 1);
      if (!redraw_weights (m, j, pop, w, error))
        return FALSE;
      double total = 0, u = 0, known = 0;
      for (guint32 c = 0; c <= m->n_codes[j]; c++)
        total += w[c];
      for (guint32 c = 0; c < m->n_codes[j] && total > 0; c++)
        u += (w[c] / total) * (w[c] / total), known += w[c] / total;
      if (m->n_codes[j] > 0)
        u += (1 - known) * known / m->n_codes[j];
      m->m[j] = MIN (1 - f->wrong, 1 - WEIGHT_FLOOR);
      m->u[j] = CLAMP (u, WEIGHT_FLOOR, m->m[j] * (1 - WEIGHT_FLOOR));
    }
  return TRUE;
}

/* ---- the model ---- */

void
rr_attack_model_free (RrAttackModel *m)
{
  if (m == NULL)
    return;
  for (guint s = 0; m->patterns != NULL && s < m->patterns->len; s++)
    {
      RrPattern *pt = &g_array_index (m->patterns, RrPattern, s);
      g_free (pt->lambda_full);
      g_clear_pointer (&pt->alias_full, gsl_ran_discrete_free);
    }
  for (guint i = 0; m->levels != NULL && i < m->levels->len; i++)
    {
      RrLevel *l = &g_array_index (m->levels, RrLevel, i);
      g_free (l->class_parent), g_free (l->child_start), g_free (l->child_list);
      g_free (l->child_pos), g_free (l->lambda_other);
      g_clear_pointer (&l->alias_other, gsl_ran_discrete_free);
    }
  for (guint j = 0; j < RR_ATTACK_MAX_COLUMNS; j++)
    g_clear_pointer (&m->errors[j].redraw, gsl_ran_discrete_free);
  g_clear_pointer (&m->projections, g_ptr_array_unref);
  g_clear_pointer (&m->patterns, g_array_unref);
  g_clear_pointer (&m->levels, g_array_unref);
  g_free (m);
}

static RrAttackModel *
model_alloc (const RrAttackFrame *frame)
{
  RrAttackModel *m = g_new0 (RrAttackModel, 1);
  m->frame = frame;
  m->scenario = rr_attack_frame_scenario (frame);
  m->n_fields = rr_attack_frame_n_columns (frame);
  m->n_persons = rr_attack_frame_n_persons (frame);
  for (guint j = 0; j < m->n_fields; j++)
    {
      m->codes[j] = rr_attack_frame_column (frame, j)->codes;
      m->specs[j] = rr_attack_frame_column (frame, j)->spec;
      m->n_codes[j] = rr_attack_column_n_codes (rr_attack_frame_column (frame, j));
    }
  m->coverage = m->scenario->coverage;
  m->decoys = m->scenario->target == RR_ATTACK_JOURNALIST;
  m->projections = g_ptr_array_new_with_free_func ((GDestroyNotify) rr_projection_free);
  m->patterns = g_array_new (FALSE, TRUE, sizeof (RrPattern));
  m->levels = g_array_new (FALSE, TRUE, sizeof (RrLevel));
  for (guint i = 0; i < G_N_ELEMENTS (m->proj_of_mask); i++)
    m->proj_of_mask[i] = m->pattern_of_mask[i] = -1;
  return m;
}

RrAttackModel *
rr_attack_model_new (const RrAttackFrame *frame, const RrPopulation *pop, GError **error)
{
  g_return_val_if_fail (frame != NULL, NULL);
  g_autoptr (RrAttackModel) m = model_alloc (frame);
  if (m->n_persons >= G_MAXUINT32)
    return rr_throw (error, RR_ERROR_INVALID, "the attack simulation handles fewer than %u "
                     "persons", G_MAXUINT32), NULL;
  if (m->decoys && pop == NULL)
    return rr_throw (error, RR_ERROR_INVALID, "attack scenario '%s' is a journalist attack: it "
                     "needs the population tables (--population)", m->scenario->name), NULL;
  if (!build_weights (m, pop, error) || !build_levels (m, error))
    return NULL;
  for (guint i = 0; i < m->levels->len; i++)
    if (g_array_index (m->levels, RrLevel, i).q >= 0)
      build_children (m, &g_array_index (m->levels, RrLevel, i));
  if (m->decoys && !build_decoys (m, pop, error))
    return NULL;
  if (!build_errors (m, pop, error))
    return NULL;
  return g_steal_pointer (&m);
}

double
rr_attack_model_expected_decoys (const RrAttackModel *m)
{
  return m->expected_decoys;
}

double
rr_attack_model_sampling_fraction (const RrAttackModel *m)
{
  return m->sampling;
}

guint
rr_attack_model_n_levels (const RrAttackModel *m)
{
  return m->levels->len;
}

char *
rr_attack_model_describe_levels (const RrAttackModel *m)
{
  if (m->levels->len > 0)
    return NULL;
  if (m->scenario->method == RR_MATCH_EXACT)
    return g_strdup_printf ("No attacker record can hold the %u facts a claim needs "
                            "(min-fields): the attacker claims nothing.",
                            m->scenario->min_fields);
  return g_strdup_printf ("No pair of records can reach the threshold %.3g with the facts this "
                          "release can be compared on: the attacker claims nothing.",
                          m->scenario->threshold);
}

void
rr_attack_model_replicate (const RrAttackModel *m, gsl_rng *r, RrAttackReplicate *out)
{
  g_autoptr (RrAttackWorkspace) w = rr_attack_workspace_new (m);
  memset (out, 0, sizeof *out);
  rr_attack_draw (w, r);
  rr_attack_match (w, r, out);
}
