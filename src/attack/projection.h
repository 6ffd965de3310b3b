/* projection.h - persons grouped by their codes on a set of columns (attack stage): each
 * person's group id, the persons of each group and the groups' keys, built by a linear radix
 * sort; the simulation groups released persons on every set of facts it compares, and the
 * record linkage blocks on them. */
#pragma once
#include <glib.h>

#define RR_PROJECTION_MAX_COLUMNS 8
/* No group: a key that no person has. */
#define RR_NO_ID G_MAXUINT32

typedef struct
{
  guint mask;     /* bit j: column j is part of the key */
  guint n_fields;
  guint fields[RR_PROJECTION_MAX_COLUMNS]; /* the key's columns, ascending */
  guint32 n_ids;
  guint32 *id;    /* [n_persons] group of each person */
  guint32 *order; /* [n_persons] persons sorted by key: group g is order[start[g] .. start[g+1]) */
  guint32 *start; /* [n_ids + 1] */
  guint32 *keys;  /* [n_ids * n_fields] */
  gboolean *has_missing; /* [n_ids] the key holds a missing value (RR_CODE_MISSING) */
  double *F;      /* [n_ids] the population count of each group, or NULL (the simulation's) */
} RrProjection;

/* Groups n_persons (< 2^32 - 1) persons on the columns of mask (bits below n_columns):
 * codes[j][p] is person p's code in column j, below n_codes[j], or RR_CODE_MISSING (a value of
 * its own, sorted last).  Groups are numbered in sorted key order, so deterministically.  mask 0
 * gives one group of everyone.  codes and n_codes are read only while building. */
RrProjection *rr_projection_new (const guint32 *const *codes, const guint32 *n_codes,
                                 guint n_columns, guint mask, guint64 n_persons);
void rr_projection_free (RrProjection *pr);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrProjection, rr_projection_free)

/* The group of key (pr->n_fields codes, in pr->fields order), or RR_NO_ID (binary search). */
guint32 rr_projection_lookup (const RrProjection *pr, const guint32 *key);
/* Persons in group id (0 for RR_NO_ID). */
guint32 rr_projection_size (const RrProjection *pr, guint32 id);
