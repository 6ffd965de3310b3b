/* postcode.c - checks and normalises UK postcodes and cuts them to sector, district or area
 * (qi stage).  Hand-written: no library we use knows the Royal Mail postcode format, and the
 * check is a handful of character-class tests. */
#include "config.h"
#include "qi/postcode.h"
#include <string.h>

/* Letters never used in the two letters of an inward code (Royal Mail PAF guide): C I K M O V,
 * as bits of a mask indexed by letter. */
#define INWARD_EXCLUDED                                                                          \
  (1u << ('C' - 'A') | 1u << ('I' - 'A') | 1u << ('K' - 'A') | 1u << ('M' - 'A')              \
   | 1u << ('O' - 'A') | 1u << ('V' - 'A'))

/* The shapes an outward code may have, one bit a character from the first, 1 for a letter and
 * 0 for a digit, after a leading 1 that holds the length: A9 is 0b110, AA9A 0b11101. */
#define SHAPE_A9 06u
#define SHAPE_A99 014u
#define SHAPE_AA9 016u
#define SHAPE_A9A 015u
#define SHAPE_AA99 034u
#define SHAPE_AA9A 035u

/* Every distinct postcode of a release passes here once (1.5 million on the benchmark): bit
 * tests rather than a shape string compared with each allowed one. */
static gboolean
outward_ok (const char *s, gsize n)
{
  if (n < 2 || n > 4)
    return FALSE;
  guint shape = 1;
  for (gsize i = 0; i < n; i++)
    {
      if (!g_ascii_isupper (s[i]) && !g_ascii_isdigit (s[i]))
        return FALSE;
      shape = shape << 1 | (guint) g_ascii_isupper (s[i]);
    }
  switch (shape)
    {
    case SHAPE_A9: case SHAPE_A99: case SHAPE_AA9: case SHAPE_A9A: case SHAPE_AA99:
    case SHAPE_AA9A: return TRUE;
    default: return FALSE;
    }
}

static gboolean
fail (const char **why, const char *message)
{
  *why = message;
  return FALSE;
}

static gboolean
inward_ok (const char *s, const char **why)
{
  if (!g_ascii_isdigit (s[0]) || !g_ascii_isupper (s[1]) || !g_ascii_isupper (s[2]))
    return fail (why, "inward code (the last three characters) is not a digit and two letters");
  if ((INWARD_EXCLUDED >> (s[1] - 'A') & 1) || (INWARD_EXCLUDED >> (s[2] - 'A') & 1))
    return fail (why, "inward code letters cannot be C, I, K, M, O or V");
  return TRUE;
}

/* Copies s upper-cased without its spaces into buf (at most RR_POSTCODE_MAX - 1 chars).
 * *space_at is the compact position of the one run of spaces, or -1 if there is none. */
static gboolean
compact (const char *s, gsize len, char *buf, gsize *n, int *space_at, const char **why)
{
  *n = 0;
  *space_at = -1;
  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == ' ' && *space_at >= 0 && s[i - 1] != ' ')
        return fail (why, "more than one space");
      if (s[i] == ' ')
        *space_at = (int) *n;
      else if (*n == RR_POSTCODE_MAX - 1)
        return fail (why, "too long for a postcode");
      else
        buf[(*n)++] = s[i] >= 'a' && s[i] <= 'z' ? (char) (s[i] - 'a' + 'A') : s[i];
    }
  buf[*n] = '\0';
  return TRUE;
}

gboolean
rr_postcode_normalise (const char *s, gsize len, char out[RR_POSTCODE_MAX + 1], const char **why)
{
  char c[RR_POSTCODE_MAX];
  gsize n;
  int space_at;
  if (!compact (s, len, c, &n, &space_at, why))
    return FALSE;
  if (n < 5)
    return fail (why, "too short for a postcode");
  if (space_at >= 0 && (gsize) space_at != n - 3)
    return fail (why, "space not before the three-character inward code");
  if (!inward_ok (c + n - 3, why))
    return FALSE;
  if (!outward_ok (c, n - 3) && strcmp (c, "GIR0AA") != 0)
    return fail (why, "outward code is not of the form A9, A99, AA9, AA99, A9A or AA9A");
  memcpy (out, c, n - 3);
  out[n - 3] = ' ';
  memcpy (out + n - 2, c + n - 3, 4); /* inward code and NUL */
  return TRUE;
}

void
rr_postcode_append_level (const char *postcode, RrQiLevel level, GString *out)
{
  gsize outward = 0, area = 0;
  while (postcode[outward] != ' ' && postcode[outward] != '\0')
    outward++;
  while (g_ascii_isupper (postcode[area]))
    area++;
  switch (level)
    {
    case RR_LEVEL_UNIT: g_string_append (out, postcode); break;
    case RR_LEVEL_SECTOR: g_string_append_len (out, postcode, (gssize) outward + 2); break;
    case RR_LEVEL_DISTRICT: g_string_append_len (out, postcode, (gssize) outward); break;
    case RR_LEVEL_AREA: g_string_append_len (out, postcode, (gssize) area); break;
    default: g_return_if_reached ();
    }
}
