/* rollup.h - the equivalence classes of a combination of generalisation levels (a lattice node),
 * regrouped from the audited classes rather than from the persons (measure stage): each audited
 * class maps to exactly one class at any coarser node, so the work grows with the number of
 * audited classes, and the workspace is reused from node to node. */
#pragma once
#include <glib.h>
#include "measure/classes.h"
#include "measure/hierarchy.h"

typedef struct
{
  guint n_qi;
  guint64 n_classes;
  guint64 n_persons;
  guint64 *sizes;    /* persons per class */
  guint32 *keys;     /* n_qi codes per class, at the node's levels (RrQiHierarchy remap codes) */
  guint32 *of_base;  /* the class of each audited class */
} RrNodeClasses;

void rr_node_classes_free (RrNodeClasses *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrNodeClasses, rr_node_classes_free)

typedef struct _RrRollup RrRollup;

/* Both are borrowed and must outlive the workspace. */
RrRollup *rr_rollup_new (const RrHierarchy *h, const RrClassTable *base);
void rr_rollup_free (RrRollup *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrRollup, rr_rollup_free)

/* The classes at levels (one level index per quasi-identifier, into its chain), regrouped from
 * the kept node of fewest classes that levels generalises (the audited classes at worst).
 * Classes are numbered in order of their first audited class, whatever the source, so the
 * numbering is deterministic. */
RrNodeClasses *rr_rollup_node (RrRollup *self, const guint *levels);

/* The audited classes themselves (every level 0), as RrNodeClasses. */
RrNodeClasses *rr_rollup_base (RrRollup *self);

/* The risk figures of a node's classes, leaving out the classes marked in suppressed (NULL:
 * none), whose persons are removed from the release.  Prosecutor figures as risk.h states them,
 * computed with the same operations, so that auditing the generalised release gives the same
 * bits.  The marketer figure is its sample-only form: with the release taken as its own
 * population (F_k = f_k), the expected share of persons re-identified is
 * (1/n) sum_k f_k / F_k = C / n (El Emam 2013; Dankar & El Emam 2010). */
typedef struct
{
  guint64 persons;         /* kept */
  guint64 classes;         /* kept */
  guint64 suppressed;      /* persons left out */
  guint64 k;               /* smallest kept class; 0 when none is kept */
  guint64 sample_uniques;  /* kept persons alone in their class */
  double prosecutor_max, prosecutor_mean, prosecutor_above;
  double marketer_sample;  /* C / n */
} RrNodeRisk;

void rr_node_risk (const RrNodeClasses *node, const guint8 *suppressed, double threshold,
                   RrNodeRisk *out);
