/* frame.c - binds an attack scenario's facts to a release's quasi-identifiers at a level both
 * sides reach, and recodes every released person there (attack stage). */
#include "config.h"
#include "attack/frame.h"
#include "qi/date.h"
#include "qi/number.h"
#include "util/error.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct _RrAttackFrame
{
  const RrAttackScenario *scenario;
  guint64 n_persons;
  RrAttackColumn columns[RR_ATTACK_MAX_COLUMNS];
  RrQiSpec *owned_specs[RR_ATTACK_MAX_COLUMNS];
  guint n_columns;
  GPtrArray *notes; /* char*, NULL-terminated */
};

gboolean
rr_attack_role_of_qi (const RrQiSpec *spec, const char *kind, RrAttackRole *role)
{
  switch (spec->type)
    {
    case RR_QI_POSTCODE:
      return *role = RR_ATTACK_ROLE_POSTCODE, TRUE;
    case RR_QI_SEX:
      return *role = RR_ATTACK_ROLE_SEX, TRUE;
    case RR_QI_AGE:
      return *role = RR_ATTACK_ROLE_AGE, TRUE;
    case RR_QI_DATE:
      *role = g_strcmp0 (kind, "date-of-birth") == 0 ? RR_ATTACK_ROLE_BIRTH_DATE
                                                      : RR_ATTACK_ROLE_EVENT_DATE;
      return TRUE;
    case RR_QI_CATEGORY:
      *role = RR_ATTACK_ROLE_ETHNICITY;
      return g_strcmp0 (kind, "ethnicity") == 0;
    case RR_QI_NUMBER:
    default:
      return FALSE;
    }
}

/* ---- levels ---- */

static int
postcode_rank (RrQiLevel level)
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

/* Dates coarsen along two chains from the day: month, year; and age1, age5, age10. */
static int
calendar_rank (RrQiLevel level)
{
  return level == RR_LEVEL_MONTH ? 1 : level == RR_LEVEL_YEAR ? 2 : -1;
}

static int
age_rank (RrQiLevel level)
{
  return level == RR_LEVEL_AGE1 ? 1 : level == RR_LEVEL_AGE5 ? 2 : level == RR_LEVEL_AGE10 ? 3 : -1;
}

gboolean
rr_attack_level_join (RrQiType type, RrQiLevel attacker, RrQiLevel release, RrQiLevel *joined)
{
  if (type == RR_QI_POSTCODE)
    {
      int a = postcode_rank (attacker), r = postcode_rank (release);
      *joined = a > r ? attacker : release;
      return a >= 0 && r >= 0;
    }
  if (type != RR_QI_DATE && type != RR_QI_AGE)
    return *joined = release, TRUE;
  if (attacker == RR_LEVEL_DAY || release == RR_LEVEL_DAY)
    return *joined = attacker == RR_LEVEL_DAY ? release : attacker, TRUE;
  int ca = calendar_rank (attacker), cr = calendar_rank (release);
  if (ca > 0 && cr > 0)
    return *joined = ca > cr ? attacker : release, TRUE;
  int aa = age_rank (attacker), ar = age_rank (release);
  if (aa > 0 && ar > 0)
    return *joined = aa > ar ? attacker : release, TRUE;
  return FALSE;
}

/* ---- labels ---- */

static gboolean
coarsen_postcode (const char *label, RrQiLevel from, RrQiLevel to, GString *out)
{
  const char *space = strchr (label, ' ');
  gsize outward = space != NULL ? (gsize) (space - label) : strlen (label);
  if (postcode_rank (from) < 0 || postcode_rank (to) < postcode_rank (from) || outward == 0)
    return FALSE;
  if (to == RR_LEVEL_SECTOR)
    g_string_append_len (out, label, (gssize) MIN (outward + 2, strlen (label)));
  else if (to == RR_LEVEL_DISTRICT)
    g_string_append_len (out, label, (gssize) outward);
  else if (to == RR_LEVEL_AREA)
    {
      gsize n = 0;
      while (n < outward && g_ascii_isalpha (label[n]))
        n++;
      g_string_append_len (out, label, (gssize) n);
    }
  else
    g_string_append (out, label);
  return TRUE;
}

static gboolean
parse_day (const char *label, GDate *date)
{
  int y, m, d;
  if (strlen (label) != 10 || sscanf (label, "%4d-%2d-%2d", &y, &m, &d) != 3
      || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static gboolean
coarsen_date (const char *label, RrQiLevel from, RrQiLevel to, const GDate *as_of, GString *out)
{
  if (from == to)
    return g_string_append (out, label), TRUE;
  if (from == RR_LEVEL_DAY)
    {
      GDate date;
      const char *why;
      return parse_day (label, &date)
             && rr_date_append_level (&date, to, as_of, out, &why) == RR_QI_VALUE_OK;
    }
  if (from == RR_LEVEL_MONTH && to == RR_LEVEL_YEAR && strlen (label) == 7)
    return g_string_append_len (out, label, 4), TRUE;
  if (age_rank (from) > 0 && age_rank (to) > age_rank (from))
    {
      guint age;
      const char *why;
      if (!rr_number_parse_age (label, strlen (label), &age, &why))
        return FALSE;
      g_string_append_printf (out, "%u", rr_date_age_band (age, to));
      return TRUE;
    }
  return FALSE;
}

gboolean
rr_attack_label_coarsen (RrQiType type, const char *label, RrQiLevel from, RrQiLevel to,
                         const GDate *as_of, GString *out)
{
  switch (type)
    {
    case RR_QI_POSTCODE:
      return coarsen_postcode (label, from, to, out);
    case RR_QI_DATE:
    case RR_QI_AGE:
      return coarsen_date (label, from, to, as_of, out);
    case RR_QI_SEX:
    case RR_QI_CATEGORY:
    case RR_QI_NUMBER:
    default:
      if (from != to)
        return FALSE;
      g_string_append (out, label);
      return TRUE;
    }
}

/* ---- binding ---- */

static void
column_clear (RrAttackColumn *c)
{
  g_clear_pointer (&c->labels, g_ptr_array_unref);
  g_clear_pointer (&c->index, g_hash_table_unref);
  g_clear_pointer (&c->codes, g_free);
}

void
rr_attack_frame_free (RrAttackFrame *f)
{
  if (f == NULL)
    return;
  for (guint j = 0; j < f->n_columns; j++)
    column_clear (&f->columns[j]);
  for (guint j = 0; j < RR_ATTACK_MAX_COLUMNS; j++)
    rr_qi_spec_free (f->owned_specs[j]);
  g_ptr_array_unref (f->notes);
  g_free (f);
}

static gboolean
roles_fit (RrAttackRole attacker, RrAttackRole release)
{
  gboolean ages = (attacker == RR_ATTACK_ROLE_AGE || attacker == RR_ATTACK_ROLE_BIRTH_DATE)
                  && (release == RR_ATTACK_ROLE_AGE || release == RR_ATTACK_ROLE_BIRTH_DATE);
  return attacker == release || ages;
}

/* An attacker's age at a level of whole years is finer than any date level except the day
 * only in the age chain; an age column's levels are ages. */
static gboolean
join_for (const RrAttackField *fd, const RrQiSpec *spec, RrQiLevel *level)
{
  return rr_attack_level_join (spec->type, fd->precision, spec->level, level);
}

static guint32
intern (RrAttackColumn *c, const char *label)
{
  gpointer v = g_hash_table_lookup (c->index, label);
  if (v != NULL)
    return GPOINTER_TO_UINT (v) - 1;
  guint32 code = c->labels->len;
  g_ptr_array_add (c->labels, g_strdup (label));
  g_hash_table_insert (c->index, g_ptr_array_index (c->labels, code), GUINT_TO_POINTER (code + 1));
  return code;
}

/* Coarsens every release label of QI q once, then recodes the persons. */
static void
column_fill (RrAttackColumn *c, const RrDataset *ds, const RrQiSpec *release_spec)
{
  guint32 n_distinct = rr_dataset_qi_n_distinct (ds, c->qi);
  g_autofree guint32 *remap = g_new (guint32, MAX (n_distinct, 1));
  g_autoptr (GString) label = g_string_new (NULL);
  c->labels = g_ptr_array_new_with_free_func (g_free);
  c->index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint32 code = 0; code < n_distinct; code++)
    {
      g_string_truncate (label, 0);
      remap[code] = rr_attack_label_coarsen (release_spec->type,
                                             rr_dataset_qi_label (ds, c->qi, code),
                                             release_spec->level, c->level,
                                             &release_spec->as_of, label)
                      ? intern (c, label->str)
                      : RR_CODE_MISSING;
    }
  guint64 n = rr_dataset_n_persons (ds);
  const guint32 *codes = rr_dataset_qi_codes (ds, c->qi);
  c->codes = g_new (guint32, MAX (n, 1));
  for (guint64 p = 0; p < n; p++)
    c->codes[p] = codes[p] == RR_CODE_MISSING ? RR_CODE_MISSING : remap[codes[p]];
}

static void
note (RrAttackFrame *f, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
note (RrAttackFrame *f, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_ptr_array_add (f->notes, g_strdup_vprintf (fmt, ap));
  va_end (ap);
}

/* The first release QI not yet used whose role fits fd's, or -1. */
static int
find_qi (const RrAttackFrame *f, const GPtrArray *specs, const char *const *kinds,
         const RrAttackField *fd, RrAttackRole *release_role)
{
  for (guint q = 0; q < specs->len; q++)
    {
      gboolean used = FALSE;
      for (guint j = 0; j < f->n_columns; j++)
        used = used || f->columns[j].qi == q;
      if (!used && rr_attack_role_of_qi (g_ptr_array_index (specs, q), kinds[q], release_role)
          && roles_fit (fd->role, *release_role))
        return (int) q;
    }
  return -1;
}

static void
bind_field (RrAttackFrame *f, const RrDataset *ds, const GPtrArray *specs,
            const char *const *kinds, const RrAttackField *fd)
{
  const char *role = rr_attack_role_to_string (fd->role);
  RrAttackRole release_role;
  int q = find_qi (f, specs, kinds, fd, &release_role);
  if (q < 0)
    {
      note (f, "The attacker's %s is not compared: the release has no such quasi-identifier "
               "among those audited.", role);
      return;
    }
  const RrQiSpec *spec = g_ptr_array_index (specs, (guint) q);
  RrQiLevel level;
  if (!join_for (fd, spec, &level))
    {
      note (f, "The attacker's %s (%s) is not compared: it cannot be set against the release's "
               "%s at level %s.", role, rr_qi_level_to_string (fd->precision), spec->name,
            rr_qi_level_to_string (spec->level));
      return;
    }
  guint j = f->n_columns++;
  RrAttackColumn *c = &f->columns[j];
  *c = (RrAttackColumn){ .field = fd, .qi = (guint) q, .column = spec->name,
                         .release_role = release_role, .release_level = spec->level,
                         .level = level, .spec = spec };
  if (level != spec->level)
    c->spec = f->owned_specs[j] = rr_qi_spec_new (spec->name, spec->type, level, &spec->as_of);
  column_fill (c, ds, spec);
}

RrAttackFrame *
rr_attack_frame_new (const RrDataset *ds, const GPtrArray *specs, const char *const *kinds,
                     const RrAttackScenario *s, GError **error)
{
  g_return_val_if_fail (ds != NULL && specs != NULL && kinds != NULL && s != NULL, NULL);
  g_autoptr (RrAttackFrame) f = g_new0 (RrAttackFrame, 1);
  f->scenario = s;
  f->n_persons = rr_dataset_n_persons (ds);
  f->notes = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  for (guint i = 0; i < s->fields->len; i++)
    bind_field (f, ds, specs, kinds, g_ptr_array_index (s->fields, i));
  if (f->n_columns == 0)
    return rr_throw (error, RR_ERROR_INVALID, "attack scenario '%s': none of its facts can be "
                     "compared with the release's quasi-identifiers", s->name), NULL;
  if (s->method == RR_MATCH_EXACT && s->min_fields > f->n_columns)
    return rr_throw (error, RR_ERROR_INVALID, "attack scenario '%s': min-fields is %u but only "
                     "%u of its facts can be compared with this release", s->name,
                     s->min_fields, f->n_columns), NULL;
  return g_steal_pointer (&f);
}

guint
rr_attack_frame_n_columns (const RrAttackFrame *f)
{
  return f->n_columns;
}

const RrAttackColumn *
rr_attack_frame_column (const RrAttackFrame *f, guint j)
{
  g_return_val_if_fail (j < f->n_columns, NULL);
  return &f->columns[j];
}

guint64
rr_attack_frame_n_persons (const RrAttackFrame *f)
{
  return f->n_persons;
}

const RrAttackScenario *
rr_attack_frame_scenario (const RrAttackFrame *f)
{
  return f->scenario;
}

const char *const *
rr_attack_frame_notes (const RrAttackFrame *f)
{
  return (const char *const *) f->notes->pdata;
}

guint32
rr_attack_column_lookup (const RrAttackColumn *c, const char *label)
{
  gpointer v = g_hash_table_lookup (c->index, label);
  return v != NULL ? GPOINTER_TO_UINT (v) - 1 : c->labels->len;
}

guint32
rr_attack_column_n_codes (const RrAttackColumn *c)
{
  return c->labels->len;
}
