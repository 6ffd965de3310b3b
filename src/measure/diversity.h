/* diversity.h - attribute disclosure: what an attacker learns about a sensitive attribute from
 * a person's class, even without picking out the record (measure stage).  Per class k with the
 * distribution p of the attribute's values among its persons and q over the whole release:
 *   distinct l   = number of distinct values in k             (Machanavajjhala et al. 2007)
 *   entropy l    = exp (-sum_v p_v ln p_v)                    (ibid.: entropy l-diversity holds
 *                                                               for l when H(k) >= ln l)
 *   t            = EMD (p, q), the earth mover's distance      (Li, Li & Venkatasubramanian 2007)
 *                  equal ground distance (categories):  (1/2) sum_v |p_v - q_v|
 *                  ordered distance (numbers, dates), m values in order:
 *                                     (1/(m-1)) sum_{i=1}^{m-1} | sum_{j<=i} (p_j - q_j) |
 *   homogeneous  = the class has one value: it is learned with certainty.
 * Over the release: the smallest distinct and entropy l, the largest t, and the share of persons
 * in homogeneous classes.  A missing value is a value of its own (last in the order). */
#pragma once
#include <glib.h>

typedef struct _RrSensitive RrSensitive;

/* One sensitive attribute: codes (n_persons values, G_MAXUINT32 for missing) of n_values
 * distinct values; order (NULL for equal ground distance) gives each code's place in the
 * ordered distance (sort key, e.g. the number); person_class is each person's audited class
 * (n_base classes).  The arrays are copied. */
RrSensitive *rr_sensitive_new (const guint32 *codes, guint32 n_values, const double *order,
                               const guint32 *person_class, guint64 n_base, guint64 n_persons);
void rr_sensitive_free (RrSensitive *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrSensitive, rr_sensitive_free)

/* Distinct values over the release, missing counted as one. */
guint32 rr_sensitive_n_values (const RrSensitive *self);

typedef struct
{
  guint64 n_classes;
  guint32 *distinct; /* per class */
  double *entropy_l; /* per class */
  double *t;         /* per class: EMD to the whole release */
} RrClassDiversity;

void rr_class_diversity_free (RrClassDiversity *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrClassDiversity, rr_class_diversity_free)

/* Per class of a regrouping: of_base maps each audited class to one of n_classes classes (NULL:
 * the audited classes themselves).  The whole-release distribution q is that of all persons. */
RrClassDiversity *rr_sensitive_classes (const RrSensitive *self, const guint32 *of_base,
                                        guint64 n_classes);

typedef struct
{
  guint64 distinct_l;        /* smallest over kept classes (0 when none is kept) */
  double entropy_l;          /* smallest */
  double t;                  /* largest */
  double homogeneous;        /* share of kept persons in classes with one value */
  guint64 homogeneous_persons;
} RrDiversityFigures;

/* Summarises cd over the classes not marked in suppressed (NULL: none); sizes per class. */
void rr_diversity_summarise (const RrClassDiversity *cd, const guint64 *sizes,
                             const guint8 *suppressed, RrDiversityFigures *out);
