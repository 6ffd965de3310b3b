/* classes.c - exact grouping of persons by their packed quasi-identifier codes (measure stage).
 * An open-addressing table keyed by the tuple, hashed from the codes; the tuples themselves live
 * once, packed, in the keys array.  Hand-written for the same reason as load/dict.c: a GHashTable
 * would need a boxed key per person. */
#include "config.h"
#include "measure/classes.h"
#include <string.h>

#define RR_SLOT_EMPTY G_MAXUINT32

struct _RrClassTable
{
  guint n_qi;
  guint64 n_persons;
  GArray *keys;          /* guint32, n_qi per class */
  GArray *sizes;         /* guint64 per class */
  guint32 *person_class; /* n_persons */
};

static guint64
tuple_hash (const guint32 *codes, guint n)
{
  guint64 h = 0x9E3779B97F4A7C15ull;
  for (guint i = 0; i < n; i++)
    {
      h = (h ^ codes[i]) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
  return h;
}

static guint32
table_find_or_add (RrClassTable *self, guint32 *slots, guint64 mask, const guint32 *tuple)
{
  guint64 i = tuple_hash (tuple, self->n_qi) & mask;
  for (;; i = (i + 1) & mask)
    {
      guint32 k = slots[i];
      if (k == RR_SLOT_EMPTY)
        break;
      const guint32 *key = &g_array_index (self->keys, guint32, (gsize) k * self->n_qi);
      if (memcmp (key, tuple, sizeof (guint32) * self->n_qi) == 0)
        return k;
    }
  guint32 k = self->sizes->len;
  slots[i] = k;
  g_array_append_vals (self->keys, tuple, self->n_qi);
  guint64 zero = 0;
  g_array_append_val (self->sizes, zero);
  return k;
}

RrClassTable *
rr_class_table_build (const guint32 *const *columns, guint n_qi, guint64 n_persons)
{
  g_return_val_if_fail (n_qi > 0 && n_persons < G_MAXUINT32, NULL);
  RrClassTable *self = g_new0 (RrClassTable, 1);
  self->n_qi = n_qi;
  self->n_persons = n_persons;
  self->keys = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->person_class = g_new (guint32, MAX (n_persons, 1));
  /* There are at most n_persons classes: size the table once at load factor <= 1/2. */
  guint64 n_slots = 64;
  while (n_slots < 2 * n_persons)
    n_slots *= 2;
  g_autofree guint32 *slots = g_new (guint32, n_slots);
  memset (slots, 0xff, sizeof (guint32) * n_slots);
  g_autofree guint32 *tuple = g_new (guint32, n_qi);
  for (guint64 p = 0; p < n_persons; p++)
    {
      for (guint q = 0; q < n_qi; q++)
        tuple[q] = columns[q][p];
      guint32 k = table_find_or_add (self, slots, n_slots - 1, tuple);
      g_array_index (self->sizes, guint64, k)++;
      self->person_class[p] = k;
    }
  return self;
}

void
rr_class_table_free (RrClassTable *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->keys);
  g_array_unref (self->sizes);
  g_free (self->person_class);
  g_free (self);
}

guint64 rr_class_table_count (const RrClassTable *self) { return self->sizes->len; }
guint64 rr_class_table_n_persons (const RrClassTable *self) { return self->n_persons; }
guint rr_class_table_n_qi (const RrClassTable *self) { return self->n_qi; }
const guint32 *rr_class_table_person_classes (const RrClassTable *self) { return self->person_class; }

guint64
rr_class_table_size (const RrClassTable *self, guint64 k)
{
  g_return_val_if_fail (k < self->sizes->len, 0);
  return g_array_index (self->sizes, guint64, k);
}

const guint32 *
rr_class_table_key (const RrClassTable *self, guint64 k)
{
  g_return_val_if_fail (k < self->sizes->len, NULL);
  return &g_array_index (self->keys, guint32, (gsize) k * self->n_qi);
}

guint64
rr_class_table_min_size (const RrClassTable *self)
{
  guint64 k_min = 0;
  for (guint k = 0; k < self->sizes->len; k++)
    {
      guint64 f = g_array_index (self->sizes, guint64, k);
      if (k_min == 0 || f < k_min)
        k_min = f;
    }
  return k_min;
}

guint64
rr_class_table_sample_uniques (const RrClassTable *self)
{
  guint64 n = 0;
  for (guint k = 0; k < self->sizes->len; k++)
    n += g_array_index (self->sizes, guint64, k) == 1;
  return n;
}

static gint
compare_size (gconstpointer a, gconstpointer b)
{
  guint64 x = ((const RrClassSizeCount *) a)->size, y = ((const RrClassSizeCount *) b)->size;
  return x < y ? -1 : x > y;
}

GArray *
rr_class_table_size_distribution (const RrClassTable *self)
{
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint k = 0; k < self->sizes->len; k++)
    {
      guint64 f = g_array_index (self->sizes, guint64, k);
      guint64 *n = g_hash_table_lookup (counts, &f);
      if (n == NULL)
        g_hash_table_insert (counts, g_memdup2 (&f, sizeof f), n = g_new0 (guint64, 1));
      (*n)++;
    }
  GArray *dist = g_array_new (FALSE, FALSE, sizeof (RrClassSizeCount));
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
