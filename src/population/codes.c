/* codes.c - F of many classes from factors cached per distinct code (population stage).
 * F = shares x sum over the regions r of the postcode of N_r x P(sex, date of birth | r) x
 * P(ethnic group | r): each factor depends on one QI's label (and the region), so it is worked
 * out once per label here, and a class only multiplies and adds. */
#include "config.h"
#include "population/codes.h"
#include "qi/generalised.h"
#include "population/frequency-private.h"
#include "population/split.h"
#include "util/error.h"
#include <string.h>

/* A postcode code's persons as F reads them: one region inline (n = 1), the usual case, so that
 * a class costs one memory access for its postcode; else n parts at parts[first]. */
typedef struct
{
  double pop;     /* n = 1: the persons */
  guint32 region; /* n = 1: the region; otherwise the index of the first part */
  guint32 n;
} PcEntry;

struct _RrPopulationCodes
{
  RrPopulationQuery *q;
  const RrPopulation *pop;
  guint n_qi;
  int qi_postcode, qi_age, qi_sex, qi_ethnic; /* QI index of each role, or -1 */
  guint n_as, n_eth;                          /* age x sex and ethnic slots */
  /* Each array below has one entry per code plus a last one for "missing" (or no such QI). */
  guint32 n_pc, n_age, n_sex, n_ethc;
  guint32 *pc_first;  /* code -> its parts are parts[pc_first[c] .. pc_first[c + 1]) */
  GArray *parts;      /* RrPopPart: region and persons (scaled) */
  guint8 *pc_status;  /* RrPostcodeStatus */
  PcEntry *pc;        /* [code], built from pc_first and parts */
  const RrGeoEntry **pc_area; /* the code's postcode area in the table (borrowed), or NULL */
  RrPopulationSplitPlan *plan; /* below the table: the codes' ancestors and divisors */
  guint split_fallback;         /* the RrPopulationFallback of the plan's split */
  RrPopulationSplitFit fits[RR_POPULATION_SPLIT_MAX_LEVELS];
  guint n_fits;
  guint32 *anc_of;            /* plan ancestor -> index in anc_info, G_MAXUINT32 unresolved */
  GArray *anc_info;           /* Ancestor */
  GArray *anc_parts;          /* RrPopPart of the ancestors */
  double *age;        /* [code][slot][sex]: P(sex, date of birth or age | slot) */
  guint8 *sex;        /* [code]: sexes matched, bit 0 male, bit 1 female */
  double *eth;        /* [code][slot]: P(ethnic group | slot) */
  double **share;     /* [qi][code] for QIs with role none, else NULL */
  guint32 *n_codes;
};

void
rr_population_codes_free (RrPopulationCodes *c)
{
  if (c == NULL)
    return;
  g_free (c->pc_first);
  if (c->parts != NULL)
    g_array_unref (c->parts);
  g_free (c->pc_status);
  g_free (c->pc);
  g_free (c->pc_area);
  rr_population_split_plan_free (c->plan);
  g_free (c->anc_of);
  if (c->anc_info != NULL)
    g_array_unref (c->anc_info);
  if (c->anc_parts != NULL)
    g_array_unref (c->anc_parts);
  g_free (c->age);
  g_free (c->sex);
  g_free (c->eth);
  for (guint i = 0; c->share != NULL && i < c->n_qi; i++)
    g_free (c->share[i]);
  g_free (c->share);
  g_free (c->n_codes);
  g_free (c);
}

/* The label of code c of QI qi, or NULL for the extra "missing" entry (or no such QI).  A value
 * withheld for everyone ("*", written by audit --apply) matches anyone, as a missing one does. */
static const char *
label_at (const char *const *const *labels, const guint32 *n_codes, int qi, guint32 c)
{
  const char *label = qi >= 0 && c < n_codes[qi] ? labels[qi][c] : NULL;
  return label != NULL && strcmp (label, RR_WITHHELD_LABEL) == 0 ? NULL : label;
}

static guint32
n_of (const guint32 *n_codes, int qi)
{
  return qi >= 0 ? n_codes[qi] : 0;
}

static guint64
not_found_total (const RrPopulationQuery *q)
{
  guint64 n = 0;
  for (guint l = 0; l < RR_POP_N_LEVELS; l++)
    n += q->not_found[l];
  return n;
}

static int
level_index (RrQiLevel level)
{
  switch (level)
    {
    case RR_LEVEL_UNIT: return 0;
    case RR_LEVEL_SECTOR: return 1;
    case RR_LEVEL_DISTRICT: return 2;
    default: return 3;
    }
}

/* The postcode area ("LS") of a label at level, into buf; FALSE if it has no area. */
static gboolean
area_of (const char *label, int level, char *buf, gsize size)
{
  char tmp[2][16];
  const char *code = label;
  if (!rr_geography_valid (code, level))
    return FALSE;
  for (int l = level; l < RR_POP_N_LEVELS - 1; l++)
    {
      if (!rr_geography_parent (code, l, tmp[l % 2], sizeof tmp[0]))
        return FALSE;
      code = tmp[l % 2];
    }
  g_strlcpy (buf, code, size);
  return TRUE;
}

static void
append_entry (RrPopulationCodes *c, const RrGeoEntry *entry, double factor)
{
  if (entry == NULL)
    return;
  if (entry->mix == NULL)
    {
      RrPopPart part = { entry->region, entry->pop * factor };
      g_array_append_val (c->parts, part);
      return;
    }
  for (guint i = 0; i < entry->mix->len; i++)
    {
      RrPopPart part = g_array_index (entry->mix, RrPopPart, i);
      part.pop *= factor;
      g_array_append_val (c->parts, part);
    }
}

/* A postcode finer than the table (e.g. a unit under a table of districts) is its ancestor at
 * the table's finest level divided by the split plan's divisor (split.c); each ancestor is
 * resolved once and its parts copied, which spares the hash lookups of every level for each of
 * a release's million units. */
typedef struct
{
  guint32 first, n;   /* its parts in anc_parts */
  RrPostcodeStatus status;
  const RrGeoEntry *area; /* its postcode area in the table, or NULL */
} Ancestor;

static const Ancestor *
ancestor_resolve (RrPopulationCodes *c, guint32 a)
{
  if (c->anc_of[a] != G_MAXUINT32)
    return &g_array_index (c->anc_info, Ancestor, c->anc_of[a]);
  const RrGeoEntry *entry = NULL;
  double factor = 0;
  guint64 before_nf = not_found_total (c->q), before_un = c->q->n_unmatched;
  const char *label = rr_population_split_plan_ancestor_label (c->plan, a);
  rr_population_resolve_postcode_at (c->q, label, c->pop->finest, &entry, &factor);
  GArray *main_parts = c->parts;
  Ancestor anc = { c->anc_parts->len, 0, RR_POSTCODE_FOUND, NULL };
  char area[16];
  if (area_of (label, c->pop->finest, area, sizeof area))
    anc.area = g_hash_table_lookup (c->pop->geo[RR_POP_N_LEVELS - 1], area);
  c->parts = c->anc_parts;
  append_entry (c, entry, factor);
  c->parts = main_parts;
  anc.n = c->anc_parts->len - anc.first;
  anc.status = c->q->n_unmatched > before_un ? RR_POSTCODE_UNMATCHED
               : not_found_total (c->q) > before_nf ? RR_POSTCODE_COARSER : RR_POSTCODE_FOUND;
  c->anc_of[a] = c->anc_info->len;
  g_array_append_val (c->anc_info, anc);
  return &g_array_index (c->anc_info, Ancestor, c->anc_of[a]);
}

static gboolean
add_below_table (RrPopulationCodes *c, guint32 code)
{
  guint32 a = c->plan != NULL && code < c->n_pc ? rr_population_split_plan_ancestor (c->plan, code)
                                                 : G_MAXUINT32;
  if (a == G_MAXUINT32)
    return FALSE;
  const Ancestor *anc = ancestor_resolve (c, a);
  double divisor = rr_population_split_plan_divisor (c->plan, code);
  c->q->fallbacks |= c->split_fallback;
  c->pc_area[code] = anc->area;
  c->pc_status[code] = (guint8) anc->status;
  c->pc_first[code] = c->parts->len;
  for (guint32 p = anc->first; p < anc->first + anc->n; p++)
    {
      RrPopPart part = g_array_index (c->anc_parts, RrPopPart, p);
      part.pop /= divisor;
      g_array_append_val (c->parts, part);
    }
  return TRUE;
}

static void
add_postcode (RrPopulationCodes *c, const char *label, guint32 code)
{
  const RrPopulation *pop = c->pop;
  RrGeoEntry national = { .pop = pop->total, .region = RR_POP_NO_REGION };
  const RrGeoEntry *entry = pop->has[RR_POPULATION_GEOGRAPHY] ? &pop->whole : &national;
  double factor = pop->has[RR_POPULATION_GEOGRAPHY] ? pop->geo_scale : 1;
  /* The label's own level: a release read back after --apply holds coarser values too. */
  int level = c->qi_postcode >= 0 && label != NULL
                  ? level_index (rr_population_label_level (c->q->specs[c->qi_postcode], label))
                  : 0;
  char area[16];
  if (add_below_table (c, code))
    return;
  if (label != NULL && pop->has[RR_POPULATION_GEOGRAPHY] && area_of (label, level, area, sizeof area))
    c->pc_area[code] = g_hash_table_lookup (pop->geo[RR_POP_N_LEVELS - 1], area);
  guint64 before_nf = not_found_total (c->q), before_un = c->q->n_unmatched;
  if (label != NULL)
    rr_population_resolve_postcode (c->q, label, &entry, &factor);
  c->pc_status[code] = c->q->n_unmatched > before_un ? RR_POSTCODE_UNMATCHED
                       : not_found_total (c->q) > before_nf ? RR_POSTCODE_COARSER
                                                            : RR_POSTCODE_FOUND;
  c->pc_first[code] = c->parts->len;
  append_entry (c, entry, factor);
}

/* A vector of n_qi labels, all NULL but one: the per-label steps read only their own QI. */
static gboolean
parse_one (RrPopulationCodes *c, int qi, const char *label, RrAgeSexAsk *ask, GError **error)
{
  const char *one[c->n_qi > 0 ? c->n_qi : 1];
  for (guint i = 0; i < c->n_qi; i++)
    one[i] = (int) i == qi ? label : NULL;
  return rr_population_parse_age_sex (c->q, one, ask, error);
}

static gboolean
add_age (RrPopulationCodes *c, const char *label, guint32 code, GError **error)
{
  RrAgeSexAsk ask;
  if (!parse_one (c, c->qi_age, label, &ask, error))
    return FALSE;
  double *out = c->age + (gsize) code * c->n_as * RR_POP_N_SEX;
  for (guint slot = 0; slot < c->n_as; slot++)
    for (guint sex = 0; sex < RR_POP_N_SEX; sex++)
      {
        ask.sexes = 1u << sex;
        /* Without an age x sex table the share is 1 whatever the sex, and no QI has the sex
         * role (frequency.c refuses it), so one sex carries the whole 1. */
        out[slot * RR_POP_N_SEX + sex] = c->pop->has[RR_POPULATION_AGE_SEX]
                                           ? rr_population_age_sex_share (c->pop, slot, &ask)
                                           : (sex == 0 ? 1 : 0);
      }
  return TRUE;
}

static gboolean
add_sex (RrPopulationCodes *c, const char *label, guint32 code, GError **error)
{
  RrAgeSexAsk ask;
  if (!parse_one (c, c->qi_sex, label, &ask, error))
    return FALSE;
  c->sex[code] = (guint8) ask.sexes;
  return TRUE;
}

static gboolean
add_ethnic (RrPopulationCodes *c, const char *label, guint32 code, GError **error)
{
  guint mask = RR_POP_ALL_ETHNIC;
  if (label != NULL && !rr_population_parse_ethnicity (c->q, label, &mask, error))
    return FALSE;
  for (guint slot = 0; slot < c->n_eth; slot++)
    c->eth[(gsize) code * c->n_eth + slot] = c->pop->has[RR_POPULATION_ETHNICITY]
                                               ? rr_population_ethnic_share (c->pop, slot, mask)
                                               : 1;
  return TRUE;
}

static gboolean
add_shares (RrPopulationCodes *c, guint qi, const char *const *labels, GError **error)
{
  guint32 n = c->n_codes[qi];
  c->share[qi] = g_new (double, n + 1);
  c->share[qi][n] = 1;
  for (guint32 code = 0; code < n; code++)
    {
      const double *s = g_hash_table_lookup (c->q->shares[qi], labels[code]);
      if (s == NULL)
        return rr_throw (error, RR_ERROR_INVALID, "QI '%s': no share given for '%s'",
                         c->q->specs[qi]->name, labels[code]);
      c->share[qi][code] = *s;
    }
  return TRUE;
}

static void
codes_alloc (RrPopulationCodes *c, const guint32 *n_codes)
{
  const RrPopulationQuery *q = c->q;
  c->qi_postcode = q->of_role[RR_POPULATION_ROLE_POSTCODE];
  c->qi_age = q->of_role[RR_POPULATION_ROLE_BIRTH_DATE] >= 0
                ? q->of_role[RR_POPULATION_ROLE_BIRTH_DATE]
                : q->of_role[RR_POPULATION_ROLE_AGE];
  c->qi_sex = q->of_role[RR_POPULATION_ROLE_SEX];
  c->qi_ethnic = q->of_role[RR_POPULATION_ROLE_ETHNICITY];
  c->n_as = MAX (c->pop->n_as, 1);
  c->n_eth = MAX (c->pop->n_eth, 1);
  c->n_pc = n_of (n_codes, c->qi_postcode);
  c->n_age = n_of (n_codes, c->qi_age);
  c->n_sex = n_of (n_codes, c->qi_sex);
  c->n_ethc = n_of (n_codes, c->qi_ethnic);
  c->n_codes = g_memdup2 (n_codes, sizeof *n_codes * MAX (c->n_qi, 1));
  c->pc_first = g_new0 (guint32, c->n_pc + 2);
  c->parts = g_array_new (FALSE, FALSE, sizeof (RrPopPart));
  c->pc_status = g_new0 (guint8, c->n_pc + 1);
  c->pc_area = g_new0 (const RrGeoEntry *, c->n_pc + 1);
  c->anc_info = g_array_new (FALSE, FALSE, sizeof (Ancestor));
  c->anc_parts = g_array_new (FALSE, FALSE, sizeof (RrPopPart));
  c->age = g_new0 (double, (gsize) (c->n_age + 1) * c->n_as * RR_POP_N_SEX);
  c->sex = g_new0 (guint8, c->n_sex + 1);
  c->eth = g_new0 (double, (gsize) (c->n_ethc + 1) * c->n_eth);
  c->share = g_new0 (double *, MAX (c->n_qi, 1));
}

/* Below the table's finest level, the plan of how each code's ancestor is split (split.c):
 * by the release's persons when given, else uniformly.  The fits are kept, the plan's per-code
 * arrays freed once the postcodes are in. */
static void
plan_split (RrPopulationCodes *c, const char *const *labels, const guint64 *persons)
{
  const RrPopulation *pop = c->pop;
  if (c->qi_postcode < 0 || !pop->has[RR_POPULATION_GEOGRAPHY])
    return;
  int level = level_index (c->q->specs[c->qi_postcode]->level);
  if (level >= pop->finest)
    return;
  c->plan = rr_population_split_plan_new (pop, level, labels, c->n_pc, persons);
  c->split_fallback = persons != NULL ? RR_POPULATION_FALLBACK_BELOW_GEOGRAPHY_RELEASE
                                      : RR_POPULATION_FALLBACK_BELOW_GEOGRAPHY;
  const RrPopulationSplitFit *fits = rr_population_split_plan_fits (c->plan, &c->n_fits);
  memcpy (c->fits, fits, c->n_fits * sizeof *fits);
  c->anc_of = g_new (guint32, MAX (rr_population_split_plan_n_ancestors (c->plan), 1));
  memset (c->anc_of, 0xff, MAX (rr_population_split_plan_n_ancestors (c->plan), 1)
                             * sizeof *c->anc_of);
}

static gboolean
codes_fill (RrPopulationCodes *c, const char *const *const *labels, const guint64 *persons,
            GError **error)
{
  plan_split (c, c->qi_postcode >= 0 ? labels[c->qi_postcode] : NULL, persons);
  for (guint32 code = 0; code <= c->n_pc; code++)
    add_postcode (c, label_at (labels, c->n_codes, c->qi_postcode, code), code);
  c->pc_first[c->n_pc + 1] = c->parts->len;
  g_clear_pointer (&c->plan, rr_population_split_plan_free);
  c->pc = g_new (PcEntry, c->n_pc + 1);
  for (guint32 code = 0; code <= c->n_pc; code++)
    {
      guint32 first = c->pc_first[code], n = c->pc_first[code + 1] - first;
      const RrPopPart *part = &g_array_index (c->parts, RrPopPart, first);
      c->pc[code] = n == 1 ? (PcEntry){ part->pop, part->region, 1 } : (PcEntry){ 0, first, n };
    }
  for (guint32 code = 0; code <= c->n_age; code++)
    if (!add_age (c, label_at (labels, c->n_codes, c->qi_age, code), code, error))
      return FALSE;
  for (guint32 code = 0; code <= c->n_sex; code++)
    if (!add_sex (c, label_at (labels, c->n_codes, c->qi_sex, code), code, error))
      return FALSE;
  for (guint32 code = 0; code <= c->n_ethc; code++)
    if (!add_ethnic (c, label_at (labels, c->n_codes, c->qi_ethnic, code), code, error))
      return FALSE;
  for (guint i = 0; i < c->n_qi; i++)
    if (c->q->shares[i] != NULL && !add_shares (c, i, labels[i], error))
      return FALSE;
  return TRUE;
}

RrPopulationCodes *
rr_population_codes_new (RrPopulationQuery *q, const char *const *const *labels,
                         const guint32 *n_codes, const guint64 *postcode_persons,
                         GError **error)
{
  g_return_val_if_fail (q != NULL && (q->n_qi == 0 || (labels != NULL && n_codes != NULL)),
                        NULL);
  g_autoptr (RrPopulationCodes) c = g_new0 (RrPopulationCodes, 1);
  c->q = q;
  c->pop = q->pop;
  c->n_qi = q->n_qi;
  codes_alloc (c, n_codes);
  if (!codes_fill (c, labels, postcode_persons, error))
    return NULL;
  return g_steal_pointer (&c);
}

static inline guint32
index_of (guint32 code, guint32 n)
{
  return code < n ? code : n;
}

static inline guint32
key_index (const guint32 *key, int qi, guint32 n)
{
  return qi >= 0 ? index_of (key[qi], n) : n;
}

/* P(sex, date of birth | region r) x P(ethnic group | r) */
static inline double
region_factor (const RrPopulationCodes *c, guint region, guint sexes, const double *age,
               const double *eth)
{
  guint as = c->pop->as_by_region ? region : 0;
  guint es = c->pop->eth_by_region ? region : 0;
  double a = ((sexes & 1u) ? age[as * RR_POP_N_SEX] : 0)
             + ((sexes & 2u) ? age[as * RR_POP_N_SEX + 1] : 0);
  return a * eth[es];
}

double
rr_population_codes_frequency (const RrPopulationCodes *c, const guint32 *key)
{
  double F = 1;
  for (guint i = 0; i < c->n_qi; i++)
    if (c->share[i] != NULL)
      F *= c->share[i][index_of (key[i], c->n_codes[i])];
  const PcEntry *e = &c->pc[key_index (key, c->qi_postcode, c->n_pc)];
  guint sexes = c->sex[key_index (key, c->qi_sex, c->n_sex)];
  const double *age = c->age + (gsize) key_index (key, c->qi_age, c->n_age) * c->n_as
                                 * RR_POP_N_SEX;
  const double *eth = c->eth + (gsize) key_index (key, c->qi_ethnic, c->n_ethc) * c->n_eth;
  if (e->n == 1)
    return F * e->pop * region_factor (c, e->region, sexes, age, eth);
  const RrPopPart *parts = (const RrPopPart *) (gpointer) c->parts->data;
  double sum = 0;
  for (guint32 p = e->region; p < e->region + e->n; p++)
    sum += parts[p].pop * region_factor (c, parts[p].region, sexes, age, eth);
  return F * sum;
}

void
rr_population_codes_prefetch (const RrPopulationCodes *c, const guint32 *key)
{
#if defined(__GNUC__)
  __builtin_prefetch (&c->pc[key_index (key, c->qi_postcode, c->n_pc)]);
#else
  (void) c, (void) key;
#endif
}

RrPostcodeStatus
rr_population_codes_postcode_status (const RrPopulationCodes *c, guint32 code)
{
  return (RrPostcodeStatus) c->pc_status[index_of (code, c->n_pc)];
}

const RrPopulationSplitFit *
rr_population_codes_split_fits (const RrPopulationCodes *c, guint *n)
{
  *n = c->n_fits;
  return c->fits;
}

int
rr_population_codes_postcode_qi (const RrPopulationCodes *c)
{
  return c->qi_postcode;
}

double
rr_population_codes_area_persons (const RrPopulationCodes *c, const gboolean *used)
{
  const RrPopulation *pop = c->pop;
  if (c->qi_postcode < 0 || !pop->has[RR_POPULATION_GEOGRAPHY])
    return pop->total;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  double persons = 0;
  for (guint32 code = 0; code < c->n_pc; code++)
    {
      const RrGeoEntry *e = c->pc_area[code];
      if (!used[code] || e == NULL || g_hash_table_contains (seen, e))
        continue;
      g_hash_table_add (seen, (gpointer) e);
      persons += e->pop * pop->geo_scale;
    }
  return persons;
}
