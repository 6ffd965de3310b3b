/* classes.c - exact grouping of persons by their quasi-identifier codes (measure stage).
 * An open-addressing table of first persons, hashed from the codes; a class's codes are read
 * from its first person.  Hand-written for the same reason as load/fieldmap.c: a GHashTable
 * would need a boxed key per person, and the probes are prefetched a few persons ahead. */
#include "config.h"
#include "measure/classes.h"
#include "load/dataset.h"
#include "util/bigmem.h"
#include "util/hash.h"
#include <math.h>
#include <string.h>

/* Persons whose slots are fetched ahead of their probe (as in load/dataset.c). */
#define LOOKAHEAD 16

/* A slot: the class (its number within its partition), and 32 bits of the hash so that a
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
  guint64 most;          /* building: the bound on n_classes; built: the length of sizes, first */
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

/* ---- Building the table: one pass over the persons per partition ----
 *
 * The persons are split by two bits of their codes' hash (bits 32..33: the probe starts from
 * the high bits and the tag is the low 32) into partitions of whole classes, each grouped by
 * its own thread into its own table; a class is numbered within its partition in order of its
 * first person, and the partitions' numberings are then merged by first person, so the
 * numbering is that of one pass over all persons whatever the number of threads.
 *
 * The audit groups with one thread (rr_class_table_build): on the reference machine (2 vCPUs
 * under a hypervisor) two partitions took longer than one on the benchmark's 4M persons (the
 * classes phase, medians of ten alternated runs each: 0.28 s against 0.19 s), since each
 * thread hashes every person, and the partitions' own arrays and the merge are 30% more fresh
 * memory, whose first touch the hypervisor makes dear.  The partitioned build stays for
 * callers with more cores to spare, and its numbering is tested against one thread's. */

#define MAX_PARTS 4u

typedef struct
{
  const RrClassTable *table;
  guint part, n_parts;
  /* The class numbers of the partition's persons, in person order; each partition writes its
   * own array (adjacent persons fall in different partitions: one shared array by person had
   * both threads writing the same cache lines).  With one partition, the table's own. */
  guint32 *local;
  guint64 n_members;
  guint8 *part_of; /* by person: its partition, written by partition 0's thread; or NULL */
  guint64 n_classes;
  guint32 *first; /* by class within the partition: its first person */
  guint32 *sizes; /* by class within the partition */
  guint64 cap;       /* elements of first and sizes */
  guint64 first_cap; /* the caller's first cap, or 0 */
  RrClassSlot *slots;
  guint64 n_slots; /* cap x 1.5 + 64: load factor <= 2/3 */
} ClassPart;

static inline guint
part_of (guint64 h, guint n_parts)
{
  return (guint) (h >> 32) & (n_parts - 1);
}

/* The classes a partition is first sized for (first_cap if the caller gave one): its share of
 * the bound for all, with room for the binomial spread of that share (eight standard
 * deviations); part_grow covers the rest. */
static guint64
part_first_cap (const RrClassTable *t, guint n_parts, guint64 first_cap)
{
  if (first_cap > 0)
    return MIN (t->most, first_cap);
  if (n_parts == 1)
    return t->most;
  double share = (double) t->most / n_parts;
  return MIN (t->most, (guint64) (share + 8.0 * sqrt (share) + 1024.0));
}

static void
part_slots_new (ClassPart *c)
{
  c->n_slots = c->cap + c->cap / 2 + 64;
  c->slots = rr_big_new0 (c->n_slots, sizeof (RrClassSlot));
}

/* Doubles a full partition's room: its classes are re-slotted from their first persons. */
static void
part_grow (ClassPart *c)
{
  const RrClassTable *t = c->table;
  rr_big_free (c->slots, c->n_slots, sizeof (RrClassSlot));
  c->first = rr_big_renew (c->first, c->cap, 2 * c->cap, sizeof (guint32));
  c->sizes = rr_big_renew (c->sizes, c->cap, 2 * c->cap, sizeof (guint32));
  c->cap *= 2;
  part_slots_new (c);
  for (guint64 k = 0; k < c->n_classes; k++)
    {
      guint64 h = tuple_hash (t->columns, t->n_qi, c->first[k]);
      guint64 i = slot_index (h, c->n_slots);
      while (c->slots[i].cls != 0)
        i = slot_next (i, c->n_slots);
      c->slots[i] = (RrClassSlot) { (guint32) k + 1, (guint32) h };
    }
}

/* Person p's class within c's partition, a new one if no earlier person there shares p's
 * codes. */
static guint32
class_of (ClassPart *c, guint64 p, guint64 h)
{
  guint32 tag = (guint32) h;
  RrClassSlot *slots = c->slots;
  guint64 i = slot_index (h, c->n_slots);
  for (; slots[i].cls != 0; i = slot_next (i, c->n_slots))
    if (slots[i].tag == tag && same_tuple (c->table, c->first[slots[i].cls - 1], p))
      {
        guint32 k = slots[i].cls - 1;
        c->sizes[k]++;
        return k;
      }
  if (c->n_classes == c->cap)
    {
      part_grow (c);
      return class_of (c, p, h); /* absent: lands in a free slot of the new table */
    }
  slots[i] = (RrClassSlot) { (guint32) c->n_classes + 1, tag };
  c->first[c->n_classes] = (guint32) p;
  c->sizes[c->n_classes] = 1;
  return (guint32) c->n_classes++;
}

/* Groups the persons of c's partition, prefetching each probe LOOKAHEAD of its persons ahead. */
static gpointer
part_build (gpointer data)
{
  ClassPart *c = data;
  const RrClassTable *t = c->table;
  c->cap = part_first_cap (t, c->n_parts, c->first_cap);
  c->first = rr_big_new0 (c->cap, sizeof (guint32));
  c->sizes = rr_big_new0 (c->cap, sizeof (guint32));
  part_slots_new (c);
  guint64 ahead_h[LOOKAHEAD], ahead_p[LOOKAHEAD];
  guint n_ahead = 0, next = 0;
  guint64 p = 0;
  for (;;)
    {
      /* Keep LOOKAHEAD of the partition's persons hashed and their slots on their way. */
      for (; n_ahead < LOOKAHEAD && p < t->n_persons; p++)
        {
          guint64 h = tuple_hash (t->columns, t->n_qi, p);
          guint part = part_of (h, c->n_parts);
          if (c->part_of != NULL)
            c->part_of[p] = (guint8) part;
          if (part != c->part)
            continue;
          guint at = (next + n_ahead++) % LOOKAHEAD;
          ahead_h[at] = h, ahead_p[at] = p;
          __builtin_prefetch (&c->slots[slot_index (h, c->n_slots)]);
        }
      if (n_ahead == 0)
        break;
      c->local[c->n_members++] = class_of (c, ahead_p[next], ahead_h[next]);
      next = (next + 1) % LOOKAHEAD, n_ahead--;
    }
  rr_big_free (c->slots, c->n_slots, sizeof (RrClassSlot));
  return NULL;
}

/* Numbers the classes of all partitions in order of their first person, and the persons by
 * those numbers, in one pass over the persons: a person opens a class when it is the next of
 * its partition's classes not yet numbered (each partition numbered its classes in order of
 * first person too).  Each partition's first persons, no longer needed once the class is
 * numbered, are overwritten by the classes' global numbers. */
static void
parts_merge (RrClassTable *self, ClassPart *parts, guint n_parts)
{
  if (n_parts == 1) /* one partition's numbering is the table's: nothing to merge */
    {
      self->n_classes = parts[0].n_classes;
      self->most = parts[0].cap;
      self->first = parts[0].first;
      self->sizes = parts[0].sizes;
      return;
    }
  self->n_classes = 0;
  for (guint k = 0; k < n_parts; k++)
    self->n_classes += parts[k].n_classes;
  self->most = MAX (self->n_classes, 1);
  self->first = rr_big_new0 (self->most, sizeof (guint32));
  self->sizes = rr_big_new0 (self->most, sizeof (guint32));
  guint64 member[MAX_PARTS] = { 0 }, opened[MAX_PARTS] = { 0 }, g = 0;
  const guint8 *part_of = parts[0].part_of;
  for (guint64 p = 0; p < self->n_persons; p++)
    {
      ClassPart *c = &parts[part_of[p]];
      guint32 local = c->local[member[c->part]++];
      if (local == opened[c->part])
        {
          opened[c->part]++;
          self->first[g] = (guint32) p;
          self->sizes[g] = c->sizes[local];
          c->first[local] = (guint32) g++;
        }
      self->person_class[p] = c->first[local];
    }
  g_assert (g == self->n_classes);
  rr_big_free (parts[0].part_of, MAX (self->n_persons, 1), 1);
  for (guint k = 0; k < n_parts; k++)
    {
      rr_big_free (parts[k].local, MAX (self->n_persons, 1), sizeof (guint32));
      rr_big_free (parts[k].first, parts[k].cap, sizeof (guint32));
      rr_big_free (parts[k].sizes, parts[k].cap, sizeof (guint32));
    }
}

RrClassTable *
rr_class_table_build_threads (const guint32 *const *columns, guint n_qi, guint64 n_persons,
                              guint threads, guint64 first_cap)
{
  g_return_val_if_fail (n_qi > 0 && n_persons < G_MAXUINT32, NULL);
  RrClassTable *self = g_new0 (RrClassTable, 1);
  self->n_qi = n_qi;
  self->n_persons = n_persons;
  self->columns = g_memdup2 (columns, n_qi * sizeof *columns);
  self->person_class = rr_big_new0 (MAX (n_persons, 1), sizeof (guint32));
  self->most = MAX (classes_bound (columns, n_qi, n_persons), 1);
  guint n_parts = 1;
  while (2 * n_parts <= MIN (threads, MAX_PARTS))
    n_parts *= 2;
  ClassPart parts[MAX_PARTS];
  GThread *worker[MAX_PARTS] = { NULL };
  for (guint k = 0; k < n_parts; k++)
    {
      parts[k] = (ClassPart) { .table = self, .part = k, .n_parts = n_parts,
                               .local = self->person_class, .first_cap = first_cap };
      if (n_parts > 1)
        parts[k].local = rr_big_new0 (MAX (n_persons, 1), sizeof (guint32));
      if (n_parts > 1 && k == 0)
        parts[k].part_of = rr_big_new0 (MAX (n_persons, 1), 1);
      if (k > 0)
        worker[k] = g_thread_new ("rr-classes", part_build, &parts[k]);
    }
  part_build (&parts[0]);
  for (guint k = 1; k < n_parts; k++)
    g_thread_join (worker[k]);
  parts_merge (self, parts, n_parts);
  return self;
}

RrClassTable *
rr_class_table_build (const guint32 *const *columns, guint n_qi, guint64 n_persons)
{
  return rr_class_table_build_threads (columns, n_qi, n_persons, 1, 0);
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
  for (guint q = 0; q < self->n_qi; q++)
    codes[q] = self->columns[q][self->first[k]];
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
