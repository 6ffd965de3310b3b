/* classes.c - exact grouping of persons by their quasi-identifier codes (measure stage).
 * An open-addressing table of first persons, hashed from the codes; a class's codes are read
 * from its first person.  Hand-written for the same reason as load/fieldmap.c: a GHashTable
 * would need a boxed key per person, and the probes are prefetched a few persons ahead. */
#include "config.h"
#include "measure/classes.h"
#include "load/dataset.h"
#include "util/bigmem.h"
#include "util/hash.h"
#include <string.h>

/* Persons whose slots are fetched ahead of their probe (as in load/dataset.c). */
#define LOOKAHEAD 16

/* A slot: the class (its number), and 32 bits of the hash so that a
 * probe reads the codes of another class only when the tags agree. */
typedef struct
{
  guint32 cls; /* + 1; 0 is empty */
  guint32 tag;
} RrClassSlot;

struct _RrClassTable
{
  guint n_qi;
  guint64 n_persons;
  const guint32 **columns; /* owned array of borrowed columns */
  guint64 n_classes;
  guint64 most;          /* the length of sizes and first */
  guint32 *sizes;        /* by class */
  guint32 *first;        /* by class: its first person */
  guint32 *person_class; /* by person */
};

static inline guint64
tuple_hash (const guint32 **columns, guint n_qi, guint64 p)
{
  guint64 h = RR_HASH_SEED;
  for (guint q = 0; q < n_qi; q++)
    h = rr_hash_fold (h, columns[q][p]);
  return h * 0x94D049BB133111EBull;
}

static inline gboolean
same_tuple (const RrClassTable *self, guint64 a, guint64 b)
{
  for (guint q = 0; q < self->n_qi; q++)
    if (self->columns[q][a] != self->columns[q][b])
      return FALSE;
  return TRUE;
}

/* The slot after i in a table of n slots (linear probing, wrapping at the end). */
static inline guint64
slot_next (guint64 i, guint64 n)
{
  return i + 1 == n ? 0 : i + 1;
}

/* The slot where hash h's probe starts, in a table of n slots: the high half of h x n, which
 * spreads h over any n, so the table need not be a power of two (and 1.5 slots a person is
 * a third less memory than the next power of two at the same load). */
static inline guint64
slot_index (guint64 h, guint64 n)
{
  return (guint64) (((unsigned __int128) h * n) >> 64);
}

/* At most n_persons classes, and at most the product over the columns of their distinct codes
 * (plus one for missing): a generalised release of millions has a few thousand classes, and a
 * table sized to its persons would be mostly empty memory. */
static guint64
classes_bound (const guint32 *const *columns, guint n_qi, guint64 n_persons)
{
  guint64 bound = 1;
  for (guint q = 0; q < n_qi && bound < n_persons; q++)
    {
      guint32 max = 0;
      gboolean missing = FALSE;
      for (guint64 p = 0; p < n_persons; p++)
        {
          guint32 c = columns[q][p];
          if (c == RR_CODE_MISSING)
            missing = TRUE;
          else if (c > max)
            max = c;
        }
      guint64 distinct = (guint64) max + 1 + missing;
      bound = distinct > n_persons / bound ? n_persons : bound * distinct;
    }
  return MIN (bound, n_persons);
}

/* ---- Building the table: one pass over the persons ----
 *
 * One thread.  A build partitioned by the hash over two threads (merged by first person) was
 * tried and measured slower on the reference machine (2 vCPUs under a hypervisor: the classes
 * phase of the benchmark's 4M persons, medians of ten alternated runs, 0.28 s against 0.19 s):
 * each thread hashed every person, and the partitions' arrays and the merge were 30% more
 * fresh memory, whose first touch the hypervisor makes dear. */

/* The table while it is built: room for cap classes, grown by doubling. */
typedef struct
{
  RrClassTable *table;
  guint64 cap;       /* elements of first and sizes */
  RrClassSlot *slots;
  guint64 n_slots; /* cap x 1.5 + 64: load factor <= 2/3 */
} ClassBuild;

static void
build_slots_new (ClassBuild *c)
{
  c->n_slots = c->cap + c->cap / 2 + 64;
  c->slots = rr_big_new0 (c->n_slots, sizeof (RrClassSlot));
}

/* Doubles a full table's room: its classes are re-slotted from their first persons. */
static void
build_grow (ClassBuild *c)
{
  RrClassTable *t = c->table;
  rr_big_free (c->slots, c->n_slots, sizeof (RrClassSlot));
  t->first = rr_big_renew (t->first, c->cap, 2 * c->cap, sizeof (guint32));
  t->sizes = rr_big_renew (t->sizes, c->cap, 2 * c->cap, sizeof (guint32));
  c->cap *= 2;
  build_slots_new (c);
  for (guint64 k = 0; k < t->n_classes; k++)
    {
      guint64 h = tuple_hash (t->columns, t->n_qi, t->first[k]);
      guint64 i = slot_index (h, c->n_slots);
      while (c->slots[i].cls != 0)
        i = slot_next (i, c->n_slots);
      c->slots[i] = (RrClassSlot) { (guint32) k + 1, (guint32) h };
    }
}

/* Person p's class, a new one if no earlier person shares p's codes. */
static guint32
class_of (ClassBuild *c, guint64 p, guint64 h)
{
  RrClassTable *t = c->table;
  guint32 tag = (guint32) h;
  RrClassSlot *slots = c->slots;
  guint64 i = slot_index (h, c->n_slots);
  for (; slots[i].cls != 0; i = slot_next (i, c->n_slots))
    if (slots[i].tag == tag && same_tuple (t, t->first[slots[i].cls - 1], p))
      {
        guint32 k = slots[i].cls - 1;
        t->sizes[k]++;
        return k;
      }
  if (t->n_classes == c->cap)
    {
      build_grow (c);
      return class_of (c, p, h); /* absent: lands in a free slot of the new table */
    }
  slots[i] = (RrClassSlot) { (guint32) t->n_classes + 1, tag };
  t->first[t->n_classes] = (guint32) p;
  t->sizes[t->n_classes] = 1;
  return (guint32) t->n_classes++;
}

/* Groups the persons, each probe prefetched LOOKAHEAD persons ahead. */
static void
build_classes (ClassBuild *c)
{
  RrClassTable *t = c->table;
  build_slots_new (c);
  guint64 ahead_h[LOOKAHEAD];
  guint64 n = t->n_persons;
  for (guint64 p = 0; p < MIN (n, LOOKAHEAD); p++)
    {
      ahead_h[p] = tuple_hash (t->columns, t->n_qi, p);
      __builtin_prefetch (&c->slots[slot_index (ahead_h[p], c->n_slots)]);
    }
  for (guint64 p = 0; p < n; p++)
    {
      guint64 h = ahead_h[p % LOOKAHEAD];
      if (p + LOOKAHEAD < n)
        {
          guint64 next = tuple_hash (t->columns, t->n_qi, p + LOOKAHEAD);
          ahead_h[p % LOOKAHEAD] = next;
          __builtin_prefetch (&c->slots[slot_index (next, c->n_slots)]);
        }
      t->person_class[p] = class_of (c, p, h);
    }
  rr_big_free (c->slots, c->n_slots, sizeof (RrClassSlot));
}

RrClassTable *
rr_class_table_build_sized (const guint32 *const *columns, guint n_qi, guint64 n_persons,
                            guint64 first_cap)
{
  g_return_val_if_fail (n_qi > 0 && n_persons < G_MAXUINT32, NULL);
  RrClassTable *self = g_new0 (RrClassTable, 1);
  self->n_qi = n_qi;
  self->n_persons = n_persons;
  self->columns = g_memdup2 (columns, n_qi * sizeof *columns);
  self->person_class = rr_big_new0 (MAX (n_persons, 1), sizeof (guint32));
  guint64 bound = MAX (classes_bound (columns, n_qi, n_persons), 1);
  ClassBuild c = { self, first_cap > 0 ? MIN (bound, first_cap) : bound, NULL, 0 };
  self->first = rr_big_new0 (c.cap, sizeof (guint32));
  self->sizes = rr_big_new0 (c.cap, sizeof (guint32));
  build_classes (&c);
  self->most = c.cap;
  return self;
}

RrClassTable *
rr_class_table_build (const guint32 *const *columns, guint n_qi, guint64 n_persons)
{
  return rr_class_table_build_sized (columns, n_qi, n_persons, 0);
}

void
rr_class_table_free (RrClassTable *self)
{
  if (self == NULL)
    return;
  rr_big_free (self->sizes, self->most, sizeof (guint32));
  rr_big_free (self->first, self->most, sizeof (guint32));
  rr_big_free (self->person_class, MAX (self->n_persons, 1), sizeof (guint32));
  g_free (self->columns);
  g_free (self);
}

guint64 rr_class_table_count (const RrClassTable *self) { return self->n_classes; }
guint64 rr_class_table_n_persons (const RrClassTable *self) { return self->n_persons; }
guint rr_class_table_n_qi (const RrClassTable *self) { return self->n_qi; }
const guint32 *rr_class_table_person_classes (const RrClassTable *self) { return self->person_class; }

guint64
rr_class_table_size (const RrClassTable *self, guint64 k)
{
  g_return_val_if_fail (k < self->n_classes, 0);
  return self->sizes[k];
}

const guint32 *
rr_class_table_sizes (const RrClassTable *self)
{
  return self->sizes;
}

guint64
rr_class_table_first_person (const RrClassTable *self, guint64 k)
{
  g_return_val_if_fail (k < self->n_classes, 0);
  return self->first[k];
}

guint32
rr_class_table_code (const RrClassTable *self, guint64 k, guint q)
{
  g_return_val_if_fail (k < self->n_classes && q < self->n_qi, 0);
  return self->columns[q][self->first[k]];
}

void
rr_class_table_key (const RrClassTable *self, guint64 k, guint32 *codes)
{
  g_return_if_fail (k < self->n_classes);
  rr_class_table_keys (self, k, 1, codes);
}

void
rr_class_table_keys (const RrClassTable *self, guint64 k, guint64 n, guint32 *codes)
{
  g_return_if_fail (k <= self->n_classes && n <= self->n_classes - k);
  for (guint q = 0; q < self->n_qi; q++)
    {
      const guint32 *column = self->columns[q];
      for (guint64 i = 0; i < n; i++)
        codes[i * self->n_qi + q] = column[self->first[k + i]];
    }
}

guint64
rr_class_table_min_size (const RrClassTable *self)
{
  guint64 k_min = 0;
  for (guint64 k = 0; k < self->n_classes; k++)
    if (k_min == 0 || self->sizes[k] < k_min)
      k_min = self->sizes[k];
  return k_min;
}

guint64
rr_class_table_sample_uniques (const RrClassTable *self)
{
  guint64 n = 0;
  for (guint64 k = 0; k < self->n_classes; k++)
    n += self->sizes[k] == 1;
  return n;
}

static gint
compare_size (gconstpointer a, gconstpointer b)
{
  guint64 x = ((const RrClassSizeCount *) a)->size, y = ((const RrClassSizeCount *) b)->size;
  return x < y ? -1 : x > y;
}

/* Sizes below this are counted in an array: nearly every class of a release is small, and a
 * hash lookup a class (4M of them on the benchmark) was a visible part of the serial tail. */
#define SMALL_SIZES 256u

GArray *
rr_class_table_size_distribution (const RrClassTable *self)
{
  guint64 small[SMALL_SIZES] = { 0 };
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint64 k = 0; k < self->n_classes; k++)
    {
      guint64 f = self->sizes[k];
      if (f < SMALL_SIZES)
        {
          small[f]++;
          continue;
        }
      guint64 *n = g_hash_table_lookup (counts, &f);
      if (n == NULL)
        g_hash_table_insert (counts, g_memdup2 (&f, sizeof f), n = g_new0 (guint64, 1));
      (*n)++;
    }
  GArray *dist = g_array_new (FALSE, FALSE, sizeof (RrClassSizeCount));
  for (guint64 f = 0; f < SMALL_SIZES; f++)
    if (small[f] > 0)
      {
        RrClassSizeCount c = { f, small[f] };
        g_array_append_val (dist, c);
      }
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, counts);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      RrClassSizeCount c = { *(guint64 *) key, *(guint64 *) value };
      g_array_append_val (dist, c);
    }
  g_array_sort (dist, compare_size);
  return dist;
}
