/* frequency.c - the population frequency F of an equivalence class from the loaded tables
 * (population stage).  Everything is precomputed on loading and in rr_population_query_new; a
 * call parses its labels, does one hash lookup per postcode level tried and O(1) sums. */
#include "config.h"
#include "population/frequency.h"
#include "qi/generalised.h"
#include "population/frequency-private.h"
#include "population/tables-private.h"
#include "util/error.h"
#include <string.h>

#define N_EXAMPLES 10
#define ALL_SEXES RR_POP_ALL_SEXES
#define ALL_ETHNIC RR_POP_ALL_ETHNIC

static const char *const role_names[] = { "none", "postcode", "date-of-birth", "age", "sex",
                                          "ethnicity" };

RrPopulationRole
rr_population_role_from_kind (const char *kind)
{
  for (guint r = 1; kind != NULL && r < G_N_ELEMENTS (role_names); r++)
    if (g_strcmp0 (kind, role_names[r]) == 0)
      return (RrPopulationRole) r;
  return RR_POPULATION_ROLE_NONE;
}

const char *
rr_population_role_to_string (RrPopulationRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), NULL);
  return role_names[role];
}

const char *
rr_population_fallback_name (RrPopulationFallback fallback)
{
  static const char *const names[RR_POPULATION_N_FALLBACKS] = {
    "below-geography", "postcode-not-found", "births-uniform", "open-age",
    "outside-table", "age-at-reference", "sex-unknown", "ethnicity-not-stated", "shares",
    "below-geography-release",
  };
  for (guint b = 0; b < RR_POPULATION_N_FALLBACKS; b++)
    if (fallback == 1u << b)
      return names[b];
  g_return_val_if_reached (NULL);
}

const char *
rr_population_fallback_describe (RrPopulationFallback fallback)
{
  switch (fallback)
    {
    case RR_POPULATION_FALLBACK_BELOW_GEOGRAPHY:
      return "Postcodes finer than the geography table: a code's persons are its parent's divided "
             "by the manifest's average number of codes per parent (e.g. units per sector). Real "
             "codes vary widely around that average, so F for one code may be several times too "
             "high or too low.";
    case RR_POPULATION_FALLBACK_BELOW_GEOGRAPHY_RELEASE:
      return "Postcodes finer than the geography table: a code's persons are its parent's times "
             "its share, (f + alpha) / (g + alpha K), where f and g are the released persons of "
             "the code and of its parent and K the manifest's average codes per parent; alpha, "
             "fitted to the release by maximum likelihood, weighs the average against the "
             "release's own split. It assumes the release samples every code of a parent alike; "
             "with few released persons per parent the share stays near 1/K, whose error is "
             "then that of the uniform split.";
    case RR_POPULATION_FALLBACK_POSTCODE_NOT_FOUND:
      return "Postcodes not in the geography table at their level were handled at the next "
             "coarser level, as that code's average share; they are counted in the report. If "
             "the code is new or has no residents, F is overstated.";
    case RR_POPULATION_FALLBACK_BIRTHS_UNIFORM:
      return "No births table: births are taken as uniform over the days of the year. In England "
             "and Wales 1995-2014 a date's births ranged from 0.75 to 1.09 of the daily mean, so "
             "F for a day of birth may be off by up to about 25%.";
    case RR_POPULATION_FALLBACK_OPEN_AGE:
      return "The table's open age band (e.g. 90+) is spread evenly over the manifest's "
             "open-age-span years and nobody is older. F for a very old person scales as "
             "1/open-age-span and is overstated for the oldest ages, where numbers fall fast.";
    case RR_POPULATION_FALLBACK_OUTSIDE_TABLE:
      return "Some dates of birth or ages lie outside the table (born after its reference date, "
             "or older than the spread open band): those days count 0 persons, so F is a lower "
             "bound there.";
    case RR_POPULATION_FALLBACK_AGE_AT_REFERENCE:
      return "Ages in years are taken as ages at the population's reference date. If the "
             "release's ages were measured a year or more away from it, F mixes neighbouring "
             "ages' counts (which differ by a few per cent between adjacent ages).";
    case RR_POPULATION_FALLBACK_SEX_UNKNOWN:
      return "Sex 'U' (not known) is counted as either sex, so F is the sum over both; this can "
             "only overstate F for persons whose sex is in fact known to an attacker.";
    case RR_POPULATION_FALLBACK_ETHNICITY_NOT_STATED:
      return "Ethnic category Z (not stated) is counted as any ethnic group: the census has no "
             "such category. F is overstated if the attacker knows the person's group.";
    case RR_POPULATION_FALLBACK_SHARES:
      return "A quasi-identifier with no population table uses the shares the caller gave "
             "(e.g. its share in the release), taken as independent of the other "
             "quasi-identifiers: F moves in proportion to any error in a share.";
    default:
      g_return_val_if_reached (NULL);
    }
}

void
rr_population_query_free (RrPopulationQuery *q)
{
  if (q == NULL)
    return;
  for (guint i = 0; i < q->n_qi; i++)
    if (q->shares[i] != NULL)
      g_hash_table_unref (q->shares[i]);
  g_free (q->shares);
  if (q->eth_groups != NULL)
    g_hash_table_unref (q->eth_groups);
  g_ptr_array_unref (q->examples);
  g_free (q);
}

static int
postcode_level_index (RrQiLevel level)
{
  switch (level)
    {
    case RR_LEVEL_UNIT: return 0;
    case RR_LEVEL_SECTOR: return 1;
    case RR_LEVEL_DISTRICT: return 2;
    case RR_LEVEL_AREA: return 3;
    default: return -1;
    }
}

/* Width in years of an age level, or 0 if level is not one. */
static guint
age_width (RrQiLevel level)
{
  switch (level)
    {
    case RR_LEVEL_AGE1: return 1;
    case RR_LEVEL_AGE5: return 5;
    case RR_LEVEL_AGE10: return 10;
    default: return 0;
    }
}

static gboolean
role_fits (RrPopulationRole role, const RrQiSpec *spec)
{
  switch (role)
    {
    case RR_POPULATION_ROLE_NONE: return TRUE;
    case RR_POPULATION_ROLE_POSTCODE:
      return spec->type == RR_QI_POSTCODE && postcode_level_index (spec->level) >= 0;
    case RR_POPULATION_ROLE_BIRTH_DATE:
      return spec->type == RR_QI_DATE
             && (spec->level == RR_LEVEL_DAY || spec->level == RR_LEVEL_MONTH
                 || spec->level == RR_LEVEL_YEAR || age_width (spec->level) > 0);
    case RR_POPULATION_ROLE_AGE:
      return spec->type == RR_QI_AGE
             && (spec->level == RR_LEVEL_ASIS || age_width (spec->level) > 0);
    case RR_POPULATION_ROLE_SEX: return spec->type == RR_QI_SEX;
    case RR_POPULATION_ROLE_ETHNICITY:
      return spec->type == RR_QI_CATEGORY
             && (spec->level == RR_LEVEL_ASIS || spec->level == RR_LEVEL_MAP);
    default: return FALSE;
    }
}

static gboolean
role_has_table (const RrPopulation *pop, RrPopulationRole role)
{
  switch (role)
    {
    case RR_POPULATION_ROLE_POSTCODE: return pop->has[RR_POPULATION_GEOGRAPHY];
    case RR_POPULATION_ROLE_ETHNICITY: return pop->has[RR_POPULATION_ETHNICITY];
    case RR_POPULATION_ROLE_NONE: return TRUE;
    default: return pop->has[RR_POPULATION_AGE_SEX];
    }
}

RrQiLevel
rr_population_label_level (const RrQiSpec *spec, const char *label)
{
  /* Never finer than the spec's: the loader writes no finer label, and one that looks finer
   * ("AB1 2" in a district column) is read strictly at the spec's level, and so is invalid. */
  return MAX (spec->level, rr_qi_label_level (spec, label));
}

/* A postcode level finer than the table needs the manifest's codes-per-parent ratios. */
static gboolean
check_postcode_level (const RrPopulation *pop, const RrQiSpec *spec, GError **error)
{
  for (int l = postcode_level_index (spec->level); l < pop->finest; l++)
    if (!(pop->per_parent[l] > 0))
      return rr_throw (error, RR_ERROR_INVALID, "QI '%s': postcode %ss are finer than the "
                       "geography table, whose manifest gives no %ss per %s", spec->name,
                       rr_geography_level_to_string (l), rr_geography_level_to_string (l),
                       rr_geography_level_to_string (l + 1));
  return TRUE;
}

/* Map level: each group covers the NHS codes mapped to it. */
static gboolean
build_eth_groups (RrPopulationQuery *q, const RrQiSpec *spec, GError **error)
{
  q->eth_groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter it;
  gpointer raw, group;
  g_hash_table_iter_init (&it, spec->map);
  while (g_hash_table_iter_next (&it, &raw, &group))
    {
      int c = rr_population_ethnic_index (raw);
      if (c < 0)
        return rr_throw (error, RR_ERROR_INVALID, "QI '%s': map value '%s' is not an NHS ethnic "
                         "category code (%s)", spec->name, (const char *) raw,
                         RR_POP_ETHNIC_CODES);
      guint mask = GPOINTER_TO_UINT (g_hash_table_lookup (q->eth_groups, group));
      g_hash_table_insert (q->eth_groups, g_strdup (group), GUINT_TO_POINTER (mask | 1u << c));
    }
  return TRUE;
}

static gboolean
bind_qi (RrPopulationQuery *q, guint i, RrPopulationRole role, GError **error)
{
  const RrQiSpec *spec = q->specs[i];
  if (!role_fits (role, spec))
    return rr_throw (error, RR_ERROR_INVALID, "QI '%s' cannot have the population role %s at "
                     "its type and level", spec->name, role_names[role]);
  if (!role_has_table (q->pop, role))
    return rr_throw (error, RR_ERROR_INVALID, "QI '%s': the population in %s has no table for "
                     "%s; give it the role none and its shares", spec->name, q->pop->dir,
                     role_names[role]);
  if (role == RR_POPULATION_ROLE_NONE)
    {
      q->shares[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      q->fallbacks |= RR_POPULATION_FALLBACK_SHARES;
      return TRUE;
    }
  if (q->of_role[role] >= 0)
    return rr_throw (error, RR_ERROR_INVALID, "QIs '%s' and '%s' both have the population role "
                     "%s", q->specs[q->of_role[role]]->name, spec->name, role_names[role]);
  q->of_role[role] = (int) i;
  if (role == RR_POPULATION_ROLE_BIRTH_DATE && age_width (spec->level) > 0
      && !g_date_valid (&spec->as_of))
    return rr_throw (error, RR_ERROR_INVALID, "QI '%s': no valid as-of date for its ages",
                     spec->name);
  if (role == RR_POPULATION_ROLE_POSTCODE)
    return check_postcode_level (q->pop, spec, error);
  if (role == RR_POPULATION_ROLE_ETHNICITY && spec->level == RR_LEVEL_MAP)
    return build_eth_groups (q, spec, error);
  return TRUE;
}

RrPopulationQuery *
rr_population_query_new (const RrPopulation *pop, const RrQiSpec *const *specs,
                         const RrPopulationRole *roles, guint n_qi, GError **error)
{
  g_return_val_if_fail (pop != NULL && (specs != NULL || n_qi == 0), NULL);
  g_autoptr (RrPopulationQuery) q = g_new0 (RrPopulationQuery, 1);
  q->pop = pop;
  q->specs = specs;
  q->n_qi = n_qi;
  q->shares = g_new0 (GHashTable *, MAX (n_qi, 1));
  q->examples = g_ptr_array_new_null_terminated (N_EXAMPLES + 1, g_free, TRUE);
  for (guint r = 0; r < G_N_ELEMENTS (q->of_role); r++)
    q->of_role[r] = -1;
  for (guint i = 0; i < n_qi; i++)
    if (!bind_qi (q, i, roles[i], error))
      return NULL;
  if (q->of_role[RR_POPULATION_ROLE_BIRTH_DATE] >= 0 && q->of_role[RR_POPULATION_ROLE_AGE] >= 0)
    return rr_throw (error, RR_ERROR_INVALID, "QIs '%s' and '%s': a date of birth and an age "
                     "together are not modelled; give one of them the role none",
                     specs[q->of_role[RR_POPULATION_ROLE_BIRTH_DATE]]->name,
                     specs[q->of_role[RR_POPULATION_ROLE_AGE]]->name), NULL;
  if (q->of_role[RR_POPULATION_ROLE_AGE] >= 0)
    q->fallbacks |= RR_POPULATION_FALLBACK_AGE_AT_REFERENCE;
  return g_steal_pointer (&q);
}

gboolean
rr_population_query_set_share (RrPopulationQuery *q, guint qi, const char *label, double share,
                               GError **error)
{
  g_return_val_if_fail (qi < q->n_qi && q->shares[qi] != NULL && label != NULL, FALSE);
  if (!(share >= 0 && share <= 1))
    return rr_throw (error, RR_ERROR_INVALID, "QI '%s': share %g of '%s' is not in 0..1",
                     q->specs[qi]->name, share, label);
  g_hash_table_insert (q->shares[qi], g_strdup (label), g_memdup2 (&share, sizeof share));
  return TRUE;
}

guint
rr_population_query_fallbacks (const RrPopulationQuery *q)
{
  return q->fallbacks;
}

guint64
rr_population_query_n_not_found (const RrPopulationQuery *q, RrQiLevel level)
{
  int l = postcode_level_index (level);
  g_return_val_if_fail (l >= 0, 0);
  return q->not_found[l];
}

guint64
rr_population_query_n_unmatched (const RrPopulationQuery *q)
{
  return q->n_unmatched;
}

guint64
rr_population_query_n_outside (const RrPopulationQuery *q)
{
  return q->n_outside;
}

const char *const *
rr_population_query_not_found_examples (const RrPopulationQuery *q)
{
  return (const char *const *) q->examples->pdata;
}

/* ---- one call ---- */

/* Parses exactly n decimal digits at s. */
static gboolean
parse_digits (const char *s, guint n, guint *out)
{
  guint v = 0;
  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (guint) (s[i] - '0');
    }
  *out = v;
  return TRUE;
}

static gboolean
bad_label (const RrQiSpec *spec, const char *label, GError **error)
{
  return rr_throw (error, RR_ERROR_INVALID, "QI '%s': label '%s' is not of the form its level "
                   "produces", spec->name, label);
}

static void
not_found (RrPopulationQuery *q, int level, const char *label)
{
  q->not_found[level]++;
  q->fallbacks |= RR_POPULATION_FALLBACK_POSTCODE_NOT_FOUND;
  if (q->examples->len < N_EXAMPLES)
    g_ptr_array_add (q->examples, g_strdup (label));
}

/* How many codes at level share the parent code: the table's own count when the table holds the
 * level, else the manifest's average; 0 if neither is known. */
static double
codes_per_parent (const RrPopulation *pop, int level, const char *parent)
{
  if (level < pop->finest)
    return pop->per_parent[level];
  const RrGeoEntry *p = g_hash_table_lookup (pop->geo[level + 1], parent);
  return p != NULL ? p->n_children : pop->per_parent[level];
}

/* The postcode's entry and the factor its persons are multiplied by (the scaling to the total
 * and any per-parent shares), or entry NULL when no level knows it.  A code the table lacks at
 * its level is counted once, then handled one level up as that code's average share. */
void
rr_population_resolve_postcode (RrPopulationQuery *q, const char *label, const RrGeoEntry **entry,
                                double *factor)
{
  const RrQiSpec *spec = q->specs[q->of_role[RR_POPULATION_ROLE_POSTCODE]];
  rr_population_resolve_postcode_at (q, label, postcode_level_index (rr_population_label_level (spec, label)),
                                     entry, factor);
}

void
rr_population_resolve_postcode_at (RrPopulationQuery *q, const char *label, int level,
                                   const RrGeoEntry **entry, double *factor)
{
  const RrPopulation *pop = q->pop;
  char buf[2][16];
  const char *code = label;
  gboolean counted = FALSE;
  *factor = pop->geo_scale;
  /* A label of another shape (GIR 0AA, Girobank's, has no district) is in no table: counted. */
  if (!rr_geography_valid (code, level))
    {
      not_found (q, level, label);
      level = RR_POP_N_LEVELS;
    }
  for (; level < RR_POP_N_LEVELS; level++)
    {
      if ((*entry = g_hash_table_lookup (pop->geo[level], code)) != NULL)
        return;
      if (level < pop->finest)
        q->fallbacks |= RR_POPULATION_FALLBACK_BELOW_GEOGRAPHY;
      else if (!counted)
        {
          not_found (q, level, label);
          counted = TRUE;
        }
      if (level == RR_POP_N_LEVELS - 1)
        break;
      rr_geography_parent (code, level, buf[level % 2], sizeof buf[0]);
      code = buf[level % 2];
      double n = codes_per_parent (pop, level, code);
      if (!(n > 0))
        break;
      *factor /= n;
    }
  q->n_unmatched++;
  *entry = NULL;
  *factor = 0;
}

static gboolean
parse_sex (RrPopulationQuery *q, const char *label, RrAgeSexAsk *ask, GError **error)
{
  if (label == NULL)
    ask->sexes = ALL_SEXES;
  else if (strcmp (label, "M") == 0)
    ask->sexes = 1;
  else if (strcmp (label, "F") == 0)
    ask->sexes = 2;
  else if (strcmp (label, "U") == 0)
    {
      ask->sexes = ALL_SEXES;
      q->fallbacks |= RR_POPULATION_FALLBACK_SEX_UNKNOWN;
    }
  else
    return bad_label (q->specs[q->of_role[RR_POPULATION_ROLE_SEX]], label, error);
  return TRUE;
}

/* The first and last Julian day of a date label at day, month or year level. */
static gboolean
date_label_days (const char *label, RrQiLevel level, guint32 *first, guint32 *last)
{
  guint y, m = 1, d = 1, n = strlen (label);
  gboolean ok = parse_digits (label, 4, &y) && y > 0;
  if (level == RR_LEVEL_YEAR)
    ok = ok && n == 4;
  else
    ok = ok && n == (level == RR_LEVEL_DAY ? 10 : 7) && label[4] == '-'
         && parse_digits (label + 5, 2, &m) && m >= 1 && m <= 12;
  if (ok && level == RR_LEVEL_DAY)
    ok = label[7] == '-' && parse_digits (label + 8, 2, &d);
  if (!ok || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  GDate date;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  *first = g_date_get_julian (&date);
  if (level == RR_LEVEL_YEAR)
    g_date_add_years (&date, 1);
  else if (level == RR_LEVEL_MONTH)
    g_date_add_months (&date, 1);
  else
    g_date_add_days (&date, 1);
  *last = g_date_get_julian (&date) - 1;
  return TRUE;
}

/* Lower bound of an age band label ("40"), at most 3 digits. */
/* An age "41", an age band's lower bound "40", or a coarser band read back as such, "40-49". */
static gboolean
age_label (const char *label, guint *lo)
{
  const char *dash = strchr (label, '-');
  guint n = dash != NULL ? (guint) (dash - label) : strlen (label), hi;
  if (dash != NULL && !(strlen (dash + 1) >= 1 && strlen (dash + 1) <= 3
                        && parse_digits (dash + 1, strlen (dash + 1), &hi)))
    return FALSE;
  return n >= 1 && n <= 3 && parse_digits (label, n, lo);
}

/* Birth dates of a person whose completed age at as_of lies in [lo, lo + width): born after
 * as_of - (lo + width) years and on or before as_of - lo years. */
static void
age_band_days (const GDate *as_of, guint lo, guint width, guint32 *first, guint32 *last)
{
  GDate d = *as_of;
  g_date_subtract_years (&d, lo);
  *last = g_date_get_julian (&d);
  d = *as_of;
  g_date_subtract_years (&d, lo + width);
  *first = g_date_get_julian (&d) + 1;
}

/* Clips [lo, hi] to [min, max], noting when it reached outside. */
static void
clip (RrPopulationQuery *q, RrAgeSexAsk *ask, gint64 min, gint64 max)
{
  if (ask->lo < min || ask->hi > max)
    {
      q->n_outside++;
      q->fallbacks |= RR_POPULATION_FALLBACK_OUTSIDE_TABLE;
    }
  ask->lo = MAX (ask->lo, min);
  ask->hi = MIN (ask->hi, max);
  ask->empty = ask->lo > ask->hi;
}

static gboolean
parse_birth_date (RrPopulationQuery *q, const char *label, RrAgeSexAsk *ask, GError **error)
{
  const RrPopulation *pop = q->pop;
  const RrQiSpec *spec = q->specs[q->of_role[RR_POPULATION_ROLE_BIRTH_DATE]];
  guint32 first, last;
  /* The label's own level: a release read back after --apply holds coarser values too. */
  RrQiLevel level = rr_population_label_level (spec, label);
  guint lo, width = age_width (level);
  if (width > 0 && age_label (label, &lo))
    age_band_days (&spec->as_of, lo, width, &first, &last);
  else if (width > 0 || !date_label_days (label, level, &first, &last))
    return bad_label (spec, label, error);
  ask->by_date = TRUE;
  ask->lo = (gint64) first - pop->day0;
  ask->hi = (gint64) last - pop->day0;
  clip (q, ask, 0, (gint64) pop->n_days - 1);
  if (!ask->empty && first <= pop->open_last)
    q->fallbacks |= RR_POPULATION_FALLBACK_OPEN_AGE;
  if (!pop->has[RR_POPULATION_BIRTHS])
    q->fallbacks |= RR_POPULATION_FALLBACK_BIRTHS_UNIFORM;
  return TRUE;
}

static gboolean
parse_age (RrPopulationQuery *q, const char *label, RrAgeSexAsk *ask, GError **error)
{
  const RrQiSpec *spec = q->specs[q->of_role[RR_POPULATION_ROLE_AGE]];
  guint lo, width = MAX (age_width (rr_population_label_level (spec, label)), 1);
  if (!age_label (label, &lo))
    return bad_label (spec, label, error);
  ask->by_age = TRUE;
  ask->lo = lo;
  ask->hi = (gint64) lo + width - 1;
  clip (q, ask, 0, (gint64) q->pop->n_age - 1);
  if (!ask->empty && ask->hi >= q->pop->open_age)
    q->fallbacks |= RR_POPULATION_FALLBACK_OPEN_AGE;
  return TRUE;
}

static const char *
label_of (const RrPopulationQuery *q, const char *const *labels, RrPopulationRole role)
{
  return q->of_role[role] >= 0 ? labels[q->of_role[role]] : NULL;
}

gboolean
rr_population_parse_age_sex (RrPopulationQuery *q, const char *const *labels, RrAgeSexAsk *ask, GError **error)
{
  const char *dob = label_of (q, labels, RR_POPULATION_ROLE_BIRTH_DATE);
  const char *age = label_of (q, labels, RR_POPULATION_ROLE_AGE);
  *ask = (RrAgeSexAsk) { 0 };
  return parse_sex (q, label_of (q, labels, RR_POPULATION_ROLE_SEX), ask, error)
         && (dob == NULL || parse_birth_date (q, dob, ask, error))
         && (age == NULL || parse_age (q, age, ask, error));
}

/* P(sex, date of birth or age | slot). */
double
rr_population_age_sex_share (const RrPopulation *pop, guint slot, const RrAgeSexAsk *ask)
{
  if (!pop->has[RR_POPULATION_AGE_SEX])
    return 1;
  if (ask->empty)
    return 0;
  double mass = 0;
  for (guint sex = 0; sex < RR_POP_N_SEX; sex++)
    {
      if (!(ask->sexes & (1u << sex)))
        continue;
      guint k = slot * RR_POP_N_SEX + sex;
      const double *ac = pop->age_cum + (gsize) k * (pop->n_age + 1);
      const double *dc = pop->dob_cum + (gsize) k * (pop->n_days + 1);
      if (ask->by_date)
        mass += dc[ask->hi + 1] - dc[ask->lo];
      else if (ask->by_age)
        mass += ac[ask->hi + 1] - ac[ask->lo];
      else
        mass += ac[pop->n_age];
    }
  return mass / pop->slot_pop[slot];
}

gboolean
rr_population_parse_ethnicity (RrPopulationQuery *q, const char *label, guint *mask, GError **error)
{
  *mask = ALL_ETHNIC;
  if (label == NULL)
    return TRUE;
  const RrQiSpec *spec = q->specs[q->of_role[RR_POPULATION_ROLE_ETHNICITY]];
  if (spec->level == RR_LEVEL_MAP)
    {
      *mask = GPOINTER_TO_UINT (g_hash_table_lookup (q->eth_groups, label));
      return *mask != 0 || bad_label (spec, label, error);
    }
  /* HES writes "not stated" as 99 beside the Data Dictionary's Z (as detect.c accepts). */
  int c = rr_population_ethnic_index (strcmp (label, "99") == 0 ? "Z" : label);
  if (c < 0)
    return bad_label (spec, label, error);
  if (RR_POP_ETHNIC_CODES[c] == 'Z')
    q->fallbacks |= RR_POPULATION_FALLBACK_ETHNICITY_NOT_STATED;
  else
    *mask = 1u << c;
  return TRUE;
}

double
rr_population_ethnic_share (const RrPopulation *pop, guint slot, guint mask)
{
  if (mask == ALL_ETHNIC)
    return 1;
  double p = 0;
  for (guint c = 0; c < RR_POP_N_ETHNIC; c++)
    if (mask & (1u << c))
      p += pop->eth_share[slot * RR_POP_N_ETHNIC + c];
  return p;
}

/* The product of the caller's shares for the QIs with no table. */
static gboolean
shares_product (const RrPopulationQuery *q, const char *const *labels, double *p,
                GError **error)
{
  *p = 1;
  for (guint i = 0; i < q->n_qi; i++)
    {
      if (q->shares[i] == NULL || labels[i] == NULL)
        continue;
      const double *s = g_hash_table_lookup (q->shares[i], labels[i]);
      if (s == NULL)
        return rr_throw (error, RR_ERROR_INVALID, "QI '%s': no share given for '%s'",
                         q->specs[i]->name, labels[i]);
      *p *= *s;
    }
  return TRUE;
}

/* Persons of one region part times the conditional shares of its region. */
static double
part_frequency (const RrPopulation *pop, guint region, double persons, const RrAgeSexAsk *ask,
                guint eth_mask)
{
  guint as_slot = pop->as_by_region ? region : 0;
  guint eth_slot = pop->eth_by_region ? region : 0;
  return persons * rr_population_age_sex_share (pop, as_slot, ask)
         * (pop->has[RR_POPULATION_ETHNICITY] ? rr_population_ethnic_share (pop, eth_slot, eth_mask) : 1);
}

static double
entry_frequency (const RrPopulation *pop, const RrGeoEntry *e, double factor,
                 const RrAgeSexAsk *ask, guint eth_mask)
{
  if (e->mix == NULL)
    return part_frequency (pop, e->region, e->pop * factor, ask, eth_mask);
  double F = 0;
  for (guint i = 0; i < e->mix->len; i++)
    {
      const RrPopPart *p = &g_array_index (e->mix, RrPopPart, i);
      F += part_frequency (pop, p->region, p->pop * factor, ask, eth_mask);
    }
  return F;
}

gboolean
rr_population_frequency (RrPopulationQuery *q, const char *const *labels, double *F,
                         GError **error)
{
  const RrPopulation *pop = q->pop;
  RrGeoEntry national = { .pop = pop->total, .region = RR_POP_NO_REGION };
  const RrGeoEntry *entry = pop->has[RR_POPULATION_GEOGRAPHY] ? &pop->whole : &national;
  double factor = pop->has[RR_POPULATION_GEOGRAPHY] ? pop->geo_scale : 1, shares;
  const char *postcode = label_of (q, labels, RR_POPULATION_ROLE_POSTCODE);
  RrAgeSexAsk ask;
  guint eth_mask;
  if (postcode != NULL)
    rr_population_resolve_postcode (q, postcode, &entry, &factor);
  if (!rr_population_parse_age_sex (q, labels, &ask, error)
      || !rr_population_parse_ethnicity (q, label_of (q, labels, RR_POPULATION_ROLE_ETHNICITY), &eth_mask,
                           error)
      || !shares_product (q, labels, &shares, error))
    return FALSE;
  *F = entry != NULL ? shares * entry_frequency (pop, entry, factor, &ask, eth_mask) : 0;
  return TRUE;
}
