/* pseudonym.h - pseudonym columns decoded to bits, and the dictionary attack that hashes every
 * valid NHS number and looks the digest up among them (scan stage).
 * A hex or base64 pseudonym of b bits is compared with the first b bits of each digest, so one
 * hash per candidate covers upper and lower case hex, base64 and truncated hashes. */
#pragma once
#include <glib.h>

typedef enum
{
  RR_DIGEST_MD5,
  RR_DIGEST_SHA1,
  RR_DIGEST_SHA256,
  RR_N_DIGESTS,
} RrDigest;

/* How the NHS number was written before hashing: "9434765919" or "943 476 5919". */
typedef enum
{
  RR_NHS_TEXT_DIGITS,
  RR_NHS_TEXT_SPACED,
  RR_N_NHS_TEXTS,
} RrNhsText;

typedef struct
{
  RrDigest digest;
  RrNhsText text;
} RrTransform;

#define RR_N_TRANSFORMS (RR_N_DIGESTS * RR_N_NHS_TEXTS)
#define RR_DIGEST_MAX_BYTES 32

/* The i-th of the RR_N_TRANSFORMS transforms: sha256, sha256-spaced, md5, md5-spaced, sha1, ... */
RrTransform rr_transform_nth (guint i);
/* Its name, e.g. "sha256" or "md5-spaced"; static storage. */
const char *rr_transform_name (RrTransform t);
/* Parses a name; RR_ERROR_INVALID for an unknown one. */
gboolean rr_transform_parse (const char *name, RrTransform *t, GError **error);
/* Hashes the ten digits as the transform writes them; out holds RR_DIGEST_MAX_BYTES.  Returns the
 * digest length in bytes.  One-shot (libcrypto EVP); the attack uses its own per-thread contexts. */
guint rr_transform_apply (RrTransform t, const char *digits10, guint8 *out);

typedef enum
{
  RR_PSEUDONYM_UNDECIDED,
  RR_PSEUDONYM_HEX,
  RR_PSEUDONYM_BASE64,
} RrPseudonymEncoding;

typedef struct _RrPseudonymSet RrPseudonymSet;

/* An empty collector for one column's values. */
RrPseudonymSet *rr_pseudonym_set_new (const char *column);
void rr_pseudonym_set_free (RrPseudonymSet *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrPseudonymSet, rr_pseudonym_set_free)

/* Adds one field (len bytes, need not be NUL-terminated; empty fields are ignored).  The column's
 * encoding and length are fixed by the first value that is unambiguously hex (a digit and a
 * letter a-f, 8+ characters) or base64 (a digit, upper and lower case letters and a non-hex
 * character, 11+ characters);
 * values met before it are kept and decoded then; values of another shape are counted as
 * "other". */
void rr_pseudonym_set_add (RrPseudonymSet *self, const char *value, gsize len);
/* Sorts and indexes the pseudonyms.  Returns TRUE when the column looks like encoded digests:
 * an encoding was decided, at least 32 bits, and at most RR_PSEUDONYM_MAX_OTHER_SHARE of its
 * non-empty values were of another shape. */
gboolean rr_pseudonym_set_seal (RrPseudonymSet *self);
#define RR_PSEUDONYM_MIN_BITS 32
/* Above this share of undecodable values a column is not a digest column (a few blanks, "n/a"
 * or test rows are tolerated; free text is not). */
#define RR_PSEUDONYM_MAX_OTHER_SHARE 0.05
/* Values kept while the encoding is undecided.  A base64 SHA-1 lacks a digit 1 time in 100 and
 * a 16-digit hex value lacks a letter 1 time in 2000, so a digest column decides long before
 * this; a column that has not is free text or numbers and is abandoned anyway. */
#define RR_PSEUDONYM_MAX_PENDING 64

const char *rr_pseudonym_set_column (const RrPseudonymSet *self);
RrPseudonymEncoding rr_pseudonym_set_encoding (const RrPseudonymSet *self);
guint rr_pseudonym_set_bits (const RrPseudonymSet *self);
guint64 rr_pseudonym_set_n_values (const RrPseudonymSet *self);
guint64 rr_pseudonym_set_n_other (const RrPseudonymSet *self);
guint64 rr_pseudonym_set_n_distinct (const RrPseudonymSet *self);
/* Whether a digest's first bits equal one of the (sealed) pseudonyms. */
gboolean rr_pseudonym_set_contains_digest (const RrPseudonymSet *self, const guint8 *digest,
                                           guint digest_len);
/* Whether a raw value, decoded with the column's encoding, is one of the pseudonyms. */
gboolean rr_pseudonym_set_contains_value (const RrPseudonymSet *self, const char *value,
                                          gsize len);
/* How many of self's pseudonyms also occur in other (same encoding and length required). */
guint64 rr_pseudonym_set_count_common (const RrPseudonymSet *self, const RrPseudonymSet *other);

/* Options of the attack.  prefix_begin/prefix_end restrict the NHS prefixes enumerated (tests and
 * benchmarks use a small range); the default is the whole space. */
typedef struct
{
  guint64 prefix_begin, prefix_end;
  guint n_threads; /* 0: one per processor */
  gboolean quick;
  /* --quick samples a share of the space in which a right transform would reverse this many
   * pseudonyms on average; finding none, the transform is rejected with P(miss) ~ exp(-20). */
  double quick_expected;
} RrAttackOptions;

void rr_attack_options_init (RrAttackOptions *o);

/* The outcome of one transform against one set. */
typedef struct
{
  RrTransform transform;
  guint64 candidates;  /* valid NHS numbers hashed */
  guint64 reversed;    /* pseudonyms with at least one preimage */
  guint64 unique;      /* pseudonyms with exactly one preimage */
  double chance;       /* reversals expected by chance alone (short truncations) */
  double seconds;
  gboolean stopped_early; /* --quick: the sample found nothing, the rest was skipped */
  gboolean reversible;    /* reversed exceeds chance by RR_ATTACK_Z standard deviations */
} RrAttackTry;

/* Reversals must exceed the chance expectation by this many binomial standard deviations
 * (one-sided normal tail 3e-5) before a transform is called found. */
#define RR_ATTACK_Z 4.0

/* Hashes every valid NHS number in the range once with t, in n_threads threads, and looks each
 * digest up in all n_sets sealed sets; tries[i] receives the outcome for sets[i].  No NHS number
 * found is kept or reported: only counts. */
void rr_attack_run (RrPseudonymSet *const *sets, guint n_sets, RrTransform t,
                    const RrAttackOptions *o, RrAttackTry *tries);
