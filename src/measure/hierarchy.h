/* hierarchy.h - each quasi-identifier's chain of generalisation levels, as code maps built from
 * the loaded labels alone (measure stage).  Level 0 is the audited level; each higher level maps
 * every loaded code to the code of its label at that level (qi/generalised.h), so classes at any
 * combination of levels are a regrouping of the audited classes.  Also each level's information
 * loss, the non-uniform entropy of ARX (Prasser et al. 2014, after Gionis & Tassa 2009):
 *   loss_q(l) = sum over persons p of -log2 ( f_q(value of p) / f_q(generalised value of p) ),
 * with f_q counting the persons holding a value of q; it is 0 at level 0. */
#pragma once
#include <glib.h>
#include "load/dataset.h"
#include "qi/generalised.h"

typedef struct
{
  const RrQiSpec *spec;          /* borrowed */
  guint n_levels;                /* 2 .. RR_QI_MAX_CHAIN, the last is withheld */
  RrQiLevel levels[RR_QI_MAX_CHAIN];
  guint32 n_base;                /* loaded distinct values; code n_base stands for missing */
  guint32 *remap[RR_QI_MAX_CHAIN]; /* n_base + 1 entries: base code (missing = n_base) -> code */
  guint32 card[RR_QI_MAX_CHAIN];   /* codes at the level, missing included as its own code */
  GPtrArray *labels[RR_QI_MAX_CHAIN]; /* char *: the label of each code ("(missing)" last) */
  guint64 *freq[RR_QI_MAX_CHAIN];  /* card[l] entries: persons holding each code */
  double loss[RR_QI_MAX_CHAIN];    /* non-uniform entropy in bits over all persons */
  double max_loss;                 /* loss at withheld: n times the entropy of the base values */
  guint64 missing;                 /* persons with a missing value */
} RrQiHierarchy;

typedef struct
{
  guint n_qi;
  guint64 n_persons;
  RrQiHierarchy *qi;   /* n_qi */
  guint32 **dense;     /* n_qi columns of n_persons base codes, missing as n_base */
} RrHierarchy;

/* Builds the chains of the dataset's quasi-identifiers (specs: the RrQiSpec of each, in order;
 * borrowed and must outlive the result). */
RrHierarchy *rr_hierarchy_new (const RrDataset *ds, const GPtrArray *specs);
void rr_hierarchy_free (RrHierarchy *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrHierarchy, rr_hierarchy_free)

/* The code of base code b (RR_CODE_MISSING allowed) of quasi-identifier q at level index l. */
guint32 rr_hierarchy_code (const RrHierarchy *self, guint q, guint l, guint32 b);

/* Persons per coarser level in the loaded labels of q: counts[l] persons whose label stands at
 * chain level l or, for l = 0, at the audited level; say what was already generalised. */
void rr_hierarchy_level_counts (const RrHierarchy *self, const RrDataset *ds, guint q,
                                guint64 counts[RR_QI_MAX_CHAIN]);
