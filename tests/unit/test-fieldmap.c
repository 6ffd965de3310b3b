/* test-fieldmap.c - the load stage's raw-value map: inline and long keys, the padded key
 * initialiser, growth, and the Bloom-filtered runs of persons (persons.c). */
#include "config.h"
#include <criterion/criterion.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "load/fieldmap.h"
#include "load/persons.h"
#include "util/bigmem.h"
#include "util/autocleanups.h"

static gboolean
map_get (RrFieldMap *m, const char *s, guint32 len, guint32 *value)
{
  RrFieldKey key;
  rr_field_key_init (&key, s, len);
  gsize slot;
  return rr_field_map_lookup (m, &key, s, len, value, &slot);
}

static void
map_put (RrFieldMap *m, const char *s, guint32 len, guint32 value)
{
  RrFieldKey key;
  rr_field_key_init (&key, s, len);
  gsize slot;
  guint32 old;
  cr_assert (!rr_field_map_lookup (m, &key, s, len, &old, &slot), "'%.*s' twice", len, s);
  rr_field_map_insert (m, slot, &key, s, len, value);
}

Test (fieldmap, keys_differing_in_length_padding_or_late_bytes_are_distinct)
{
  g_autoptr (RrFieldMap) m = rr_field_map_new (0);
  /* 11 bytes is the longest inline key; 12 and more are long keys. */
  static const char *const keys[] = { "", "a", "a\0", "ab", "LS6 2AB", "1980-03-07",
                                      "12345678901", "12345678902", "123456789012",
                                      "123456789013", "a much longer raw value, 41 bytes long!!" };
  static const guint32 lens[] = { 0, 1, 2, 2, 7, 10, 11, 11, 12, 12, 41 };
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    map_put (m, keys[i], lens[i], 1000 + i);
  cr_assert_eq (rr_field_map_count (m), G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      guint32 v = 0;
      cr_assert (map_get (m, keys[i], lens[i], &v));
      cr_assert_eq (v, 1000 + i);
    }
  guint32 v;
  cr_assert (!map_get (m, "123456789014", 12, &v));
  cr_assert (!map_get (m, "a much longer raw value, 41 bytes long!?", 41, &v));
}

/* The padded initialiser must give the same key as the copying one whatever follows the
 * field's bytes. */
Test (fieldmap, padded_key_equals_copied_key_whatever_follows)
{
  char buf[64];
  for (guint32 len = 0; len <= 20; len++)
    for (int garbage = 0; garbage < 3; garbage++)
      {
        memset (buf, garbage == 0 ? 0 : garbage == 1 ? 0xff : 'x', sizeof buf);
        memcpy (buf, "0123456789abcdefghijk", len);
        RrFieldKey a, b;
        rr_field_key_init (&a, buf, len);
        rr_field_key_init_padded (&b, buf, len);
        cr_assert (a.w0 == b.w0 && a.w1 == b.w1 && a.hash == b.hash, "len %u", len);
      }
}

/* A key of at most 11 bytes holds its value whole: the loader rebuilds a new value's bytes from
 * the key alone, so the round trip must give back exactly the bytes and the length. */
Test (fieldmap, short_key_gives_back_its_value)
{
  char buf[64];
  for (guint32 len = 0; len <= 20; len++)
    for (int garbage = 0; garbage < 2; garbage++)
      {
        memset (buf, garbage == 0 ? 0 : 0xff, sizeof buf);
        memcpy (buf, "LS6 2AB1988-05-19-Z51-x", len); /* 23 bytes: any len <= 20 */
        RrFieldKey key;
        rr_field_key_init_padded (&key, buf, len);
        guint32 got_len = 99;
        gboolean is_short = rr_field_key_is_short (&key, &got_len);
        cr_assert_eq (is_short, len <= RR_FIELD_INLINE_MAX, "len %u", len);
        if (!is_short)
          continue;
        cr_assert_eq (got_len, len);
        char value[16];
        memset (value, 0x55, sizeof value);
        rr_field_key_short_value (&key, value);
        cr_assert (memcmp (value, buf, len) == 0, "len %u: bytes differ", len);
        for (guint i = len; i < sizeof value; i++)
          cr_assert_eq (value[i], 0, "len %u: byte %u after the value is not zero", len, i);
      }
}

Test (fieldmap, growth_keeps_every_key)
{
  g_autoptr (RrFieldMap) m = rr_field_map_new (0);
  char buf[32];
  enum { N = 200003 };
  for (guint i = 0; i < N; i++)
    {
      /* Short and long keys mixed, so both kinds are rehashed. */
      int n = snprintf (buf, sizeof buf, i % 3 ? "%u" : "long key number %u", i * 7919u);
      map_put (m, buf, (guint32) n, i);
    }
  cr_assert_eq (rr_field_map_count (m), N);
  cr_assert_geq (rr_field_map_bytes (m) / 16, N * 4 / 3);
  for (guint i = 0; i < N; i += 7)
    {
      int n = snprintf (buf, sizeof buf, i % 3 ? "%u" : "long key number %u", i * 7919u);
      guint32 v = G_MAXUINT32;
      cr_assert (map_get (m, buf, (guint32) n, &v));
      cr_assert_eq (v, i);
    }
}

/* ---- Runs of persons ---- */

static GArray *
repeats_of (const guint *persons, guint n, guint64 expected)
{
  g_autoptr (RrPersonRuns) runs = rr_person_runs_new (expected);
  char buf[16];
  for (guint r = 0; r < n; r++)
    {
      int len = snprintf (buf, sizeof buf, "P%u", persons[r]);
      RrFieldKey key;
      rr_field_key_init (&key, buf, (guint32) len);
      rr_person_runs_add (runs, rr_field_key_fingerprint (&key), 100 + r);
    }
  cr_assert_eq (rr_person_runs_count (runs), n);
  return rr_person_runs_repeats (runs);
}

Test (persons, runs_of_distinct_pseudonyms_repeat_nothing)
{
  static const guint persons[] = { 5, 6, 7, 8, 9 };
  g_autoptr (GArray) rep = repeats_of (persons, G_N_ELEMENTS (persons), 0);
  cr_assert_eq (rep->len, 0);
}

Test (persons, repeats_name_the_first_run_in_file_order)
{
  static const guint persons[] = { 1, 2, 1, 3, 2, 1 };
  g_autoptr (GArray) rep = repeats_of (persons, G_N_ELEMENTS (persons), 0);
  cr_assert_eq (rep->len, 3);
  static const guint64 want[3][3] = { { 2, 0, 102 }, { 4, 1, 104 }, { 5, 0, 105 } };
  for (guint i = 0; i < 3; i++)
    {
      const RrRunRepeat *r = &g_array_index (rep, RrRunRepeat, i);
      cr_assert (r->run == want[i][0] && r->first_run == want[i][1] && r->line == want[i][2],
                 "repeat %u: run %lu of %lu at line %lu", i, (unsigned long) r->run,
                 (unsigned long) r->first_run, (unsigned long) r->line);
    }
}

/* Far more runs than the first guess: the filter grows and refills, and every repeat is still
 * found against a brute-force oracle. */
Test (persons, filter_growth_finds_every_repeat)
{
  enum { N = 60000 };
  g_autoptr (gsl_rng) r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, 2385);
  g_autofree guint *persons = g_new (guint, N);
  for (guint i = 0; i < N; i++)
    persons[i] = i % 10 == 3 ? persons[gsl_rng_uniform_int (r, i)] : i;
  g_autoptr (GArray) rep = repeats_of (persons, N, 16);
  g_autoptr (GHashTable) first = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint k = 0;
  for (guint i = 0; i < N; i++)
    {
      gpointer f;
      if (!g_hash_table_lookup_extended (first, GUINT_TO_POINTER (persons[i]), NULL, &f))
        {
          g_hash_table_insert (first, GUINT_TO_POINTER (persons[i]), GUINT_TO_POINTER (i));
          continue;
        }
      cr_assert_lt (k, rep->len);
      const RrRunRepeat *x = &g_array_index (rep, RrRunRepeat, k++);
      cr_assert_eq (x->run, i);
      cr_assert_eq (x->first_run, GPOINTER_TO_UINT (f));
    }
  cr_assert_eq (k, rep->len);
  cr_assert_gt (k, 1000);
}

/* rr_big_renew moves a big table's pages with mremap: what was written must survive each move,
 * and what a growth adds must read as zero, including after a shrink to a size inside a page
 * that still holds the dropped elements' bytes. */
Test (bigmem, renew_keeps_contents_and_zeroes_what_it_adds)
{
  gsize n = 300 * 1024; /* 1.2 MB of guint32: under the 2 MiB of a huge page, so g_malloc'd */
  guint32 *a = rr_big_new0 (n, sizeof *a);
  for (gsize i = 0; i < n; i++)
    a[i] = (guint32) (i * 2654435761u) | 1;
  gsize sizes[] = { 3 * n, 12 * n, 5 * n + 7, 40 * n }; /* malloc -> mmap, then mremap */
  gsize cur = n, filled = n;
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      a = rr_big_renew (a, cur, sizes[s], sizeof *a);
      gsize keep = MIN (filled, sizes[s]);
      for (gsize i = 0; i < keep; i++)
        cr_assert_eq (a[i], (guint32) (i * 2654435761u) | 1, "element %zu lost at step %u", i, s);
      for (gsize i = keep; i < sizes[s]; i++)
        cr_assert_eq (a[i], 0, "element %zu not zero after growing to %zu", i, sizes[s]);
      for (gsize i = keep; i < sizes[s]; i++)
        a[i] = (guint32) (i * 2654435761u) | 1;
      cur = filled = sizes[s];
    }
  /* Shrink to an odd size inside a huge page, then grow: the dropped tail must not come back. */
  a = rr_big_renew (a, cur, 5 * n + 3, sizeof *a);
  a = rr_big_renew (a, 5 * n + 3, 6 * n, sizeof *a);
  for (gsize i = 5 * n + 3; i < 6 * n; i++)
    cr_assert_eq (a[i], 0, "element %zu came back after shrink and growth", i);
  cr_assert_eq (a[5 * n + 2], (guint32) ((5 * n + 2) * 2654435761u) | 1);
  rr_big_free (a, 6 * n, sizeof *a);
}

/* Pages of p[0..len) that are resident. */
static gsize
resident_pages (const void *p, gsize len)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE), n = (len + page - 1) / page, count = 0;
  g_autofree unsigned char *vec = g_malloc (n);
  cr_assert_eq (mincore ((void *) p, len, vec), 0);
  for (gsize i = 0; i < n; i++)
    count += vec[i] & 1;
  return count;
}

/* Prefaulting commits the pages on another thread, without touching what they hold: an array
 * filled in order with rr_big_fill_ahead keeps every value and zeroes elsewhere, and a range
 * asked for becomes resident without being written. */
Test (bigmem, prefault_commits_pages_and_keeps_contents)
{
  gsize n = 6u << 20; /* 24 MB of guint32 */
  guint32 *a = rr_big_new0 (n, sizeof *a);
  gsize filled = n / 2 + 12345;
  for (gsize i = 0; i < filled; i++)
    {
      rr_big_fill_ahead (a, n, sizeof *a, i);
      a[i] = (guint32) (i * 2654435761u) | 1;
    }
  rr_big_prefault (a, n, sizeof *a, filled, n - filled);
  /* The whole pages after the last element written. */
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  char *from = (char *) (((guintptr) (a + filled) + page - 1) & ~(guintptr) (page - 1));
  gsize tail = (gsize) ((char *) (a + n) - from), want = tail / page;
  gsize resident = 0;
  for (int tries = 0; tries < 500 && resident < want; tries++)
    {
      g_usleep (10000);
      resident = resident_pages (from, want * page);
    }
  cr_assert_geq (resident, want, "only %zu of %zu pages committed", resident, want);
  for (gsize i = 0; i < filled; i++)
    cr_assert_eq (a[i], (guint32) (i * 2654435761u) | 1, "element %zu changed", i);
  for (gsize i = filled; i < n; i++)
    cr_assert_eq (a[i], 0, "element %zu not zero", i);
  rr_big_free (a, n, sizeof *a);
}
