/* classes.h - equivalence classes: persons grouped exactly by their tuple of quasi-identifier
 * codes (measure stage).  A class's size f_k is the number of released persons sharing it. */
#pragma once
#include <glib.h>
#include "measure/result.h"

typedef struct _RrClassTable RrClassTable;

/* Groups n_persons persons (< 2^32) by the n_qi code columns (columns[q][person]).  Missing
 * values are a value of their own (RR_CODE_MISSING matches only itself).  Classes are numbered
 * in order of their first person, so the numbering is deterministic.  The columns (not the
 * array of them) are borrowed: they must outlive the table, whose codes are read from them. */
RrClassTable *rr_class_table_build (const guint32 *const *columns, guint n_qi, guint64 n_persons);
/* The same, with room for first_cap classes at first (0: room for the bound on them, from the
 * codes): tests make it small so that the table grows.  The table is the same either way. */
RrClassTable *rr_class_table_build_sized (const guint32 *const *columns, guint n_qi,
                                          guint64 n_persons, guint64 first_cap);
void rr_class_table_free (RrClassTable *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrClassTable, rr_class_table_free)

guint64 rr_class_table_count (const RrClassTable *self);
guint64 rr_class_table_n_persons (const RrClassTable *self);
guint rr_class_table_n_qi (const RrClassTable *self);
/* Size of class k. */
guint64 rr_class_table_size (const RrClassTable *self, guint64 k);
/* The sizes of all classes, by class (rr_class_table_count entries); borrowed. */
const guint32 *rr_class_table_sizes (const RrClassTable *self);
/* The class of each person (n_persons entries); borrowed. */
const guint32 *rr_class_table_person_classes (const RrClassTable *self);
/* The first person of class k; first persons increase with k, so reading classes in order
 * reads the columns in order. */
guint64 rr_class_table_first_person (const RrClassTable *self, guint64 k);
/* The code of quasi-identifier q in class k. */
guint32 rr_class_table_code (const RrClassTable *self, guint64 k, guint q);
/* Copies the n_qi codes of class k into codes (the table keeps no copy of them). */
void rr_class_table_key (const RrClassTable *self, guint64 k, guint32 *codes);
/* The same for classes [k, k + n), class after class (n * n_qi codes): a loop over millions of
 * classes spent a sixth of its time in the calls alone. */
void rr_class_table_keys (const RrClassTable *self, guint64 k, guint64 n, guint32 *codes);
/* Smallest class size (k of k-anonymity); 0 when there are no persons. */
guint64 rr_class_table_min_size (const RrClassTable *self);
/* Persons in classes of size 1. */
guint64 rr_class_table_sample_uniques (const RrClassTable *self);
/* The class-size distribution, ascending by size: an owned GArray of RrClassSizeCount. */
GArray *rr_class_table_size_distribution (const RrClassTable *self);
