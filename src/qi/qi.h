/* qi.h - quasi-identifier specifications: types, generalisation levels, and the normalisation
 * and generalisation of one raw value to its label at a level (qi stage).
 * Each distinct raw value of a column is generalised once, so this is not on the per-row path. */
#pragma once
#include <glib.h>

typedef enum
{
  RR_QI_POSTCODE,
  RR_QI_DATE,
  RR_QI_AGE,
  RR_QI_SEX,
  RR_QI_CATEGORY,
  RR_QI_NUMBER,
} RrQiType;

typedef enum
{
  RR_LEVEL_ASIS,     /* sex, number, category without a map */
  RR_LEVEL_UNIT,     /* postcode "LS6 2AB" (default) */
  RR_LEVEL_SECTOR,   /* postcode "LS6 2" */
  RR_LEVEL_DISTRICT, /* postcode "LS6" */
  RR_LEVEL_AREA,     /* postcode "LS" */
  RR_LEVEL_DAY,      /* date "1980-03-07" (default) */
  RR_LEVEL_MONTH,    /* date "1980-03" */
  RR_LEVEL_YEAR,     /* date "1980" */
  RR_LEVEL_AGE1,     /* date or age: completed years at as-of, "41" (default for age) */
  RR_LEVEL_AGE5,     /* 5-year band labelled by its lower bound, "40" */
  RR_LEVEL_AGE10,    /* 10-year band labelled by its lower bound, "40" */
  RR_LEVEL_MAP,      /* category through a mapping file (value,group) */
  RR_LEVEL_WITHHELD, /* any type: the value withheld for everyone, "*" (the top of every
                      * hierarchy; never a --qi level, see generalised.h) */
} RrQiLevel;

/* How a QI came to be chosen: named by --qi, recognised by its header, or by its content. */
typedef enum
{
  RR_QI_SOURCE_OPTION,
  RR_QI_SOURCE_HEADER,
  RR_QI_SOURCE_CONTENT,
} RrQiSource;

typedef struct
{
  char *name; /* column name in the release's header */
  RrQiType type;
  RrQiLevel level;
  RrQiSource source;
  gboolean type_given; /* FALSE when --qi named only the column: type to be recognised */
  char *map_path;      /* RR_LEVEL_MAP only */
  GHashTable *map;     /* RR_LEVEL_MAP only: raw value (char *) -> group (char *), owned */
  GHashTable *map_groups; /* RR_LEVEL_MAP only: the set of groups (char *, borrowed from map) */
  char *map_why;       /* RR_LEVEL_MAP only: "value not in map FILE", the *why of such values */
  GDate as_of;         /* reference date for age levels of a date */
} RrQiSpec;

/* Parses one "NAME[:TYPE[:LEVEL]]" item of --qi; LEVEL may be "map=FILE" for a category
 * (the file is loaded here, see category.h for its format).  NAME, TYPE and LEVEL are trimmed
 * of surrounding blanks; TYPE and LEVEL are case-insensitive.  A missing TYPE leaves type_given
 * FALSE (type category, level as-is, until the caller recognises the column); a missing LEVEL
 * gives rr_qi_type_default_level.  as_of is copied (NULL or an invalid date leave it cleared).
 * Errors: RR_ERROR_INVALID (empty name, type or level; unknown type; unknown level; level not
 * valid for the type; an age level of a date without a valid as_of), each naming the item, and
 * RR_ERROR_PARSE / G_FILE_ERROR from the map file ("FILE:LINE:COL: ..."). */
RrQiSpec *rr_qi_spec_parse (const char *text, const GDate *as_of, GError **error);
/* Parses the whole comma-separated --qi value into an array of RrQiSpec (owned), in order.
 * A map file's name therefore cannot contain a comma.
 * Errors: those of rr_qi_spec_parse, and RR_ERROR_INVALID for an empty item ("a,,b") or a
 * column named twice. */
GPtrArray *rr_qi_spec_parse_list (const char *text, const GDate *as_of, GError **error);
/* A spec with type_given TRUE, source RR_QI_SOURCE_OPTION and no map.  as_of may be NULL. */
RrQiSpec *rr_qi_spec_new (const char *name, RrQiType type, RrQiLevel level, const GDate *as_of);
void rr_qi_spec_free (RrQiSpec *spec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrQiSpec, rr_qi_spec_free)

const char *rr_qi_type_to_string (RrQiType type);   /* "postcode", "date", ... */
const char *rr_qi_level_to_string (RrQiLevel level); /* "unit", "day", "age5", "map", "as-is" ... */
const char *rr_qi_source_to_string (RrQiSource source); /* "option", "header", "content" */
gboolean rr_qi_type_from_string (const char *s, RrQiType *type);
gboolean rr_qi_level_from_string (const char *s, RrQiLevel *level);
/* The level used when none is given: unit, day, age1 for age, as-is otherwise. */
RrQiLevel rr_qi_type_default_level (RrQiType type);
gboolean rr_qi_level_valid_for_type (RrQiType type, RrQiLevel level);

typedef enum
{
  RR_QI_VALUE_OK,
  RR_QI_VALUE_MISSING, /* empty or whitespace only, or NA, N/A, NULL (any case) */
  RR_QI_VALUE_INVALID, /* fails the type's check; *why says how, e.g. "invalid postcode" */
} RrQiValueStatus;

/* TRUE when s (len bytes) is a missing value: empty or blanks only, or NA, N/A or NULL in any
 * case, with blanks around.  Blanks are ASCII spaces, tabs, CR and LF. */
gboolean rr_qi_is_missing (const char *s, gsize len);
/* Moves *s and shortens *len past the blanks (as above) at both ends of the *len bytes at *s. */
void rr_qi_trim (const char **s, gsize *len);

/* Normalises raw (len bytes, not NUL-terminated, valid UTF-8) for spec's type and appends its
 * label at spec's level to out (only when RR_QI_VALUE_OK; out is untouched otherwise).  Blanks
 * around raw are ignored for every type.  Values that are already generalised are read at their
 * own level when it is coarser than spec's (generalised.h lists the forms: postcode sectors
 * "LS6 2", districts "LS6", areas "LS"; dates "1980-03", "1980"; age bands "40-44"; a map's
 * groups; "*" for a withheld value), so a release written by `audit --apply` reads back.  *why (why may be NULL) is set to NULL, or for
 * RR_QI_VALUE_INVALID to a static message, or to spec->map_why (borrowed from spec).
 * Never prints and never fails otherwise; the labels are listed in doc/quasi-identifiers.md. */
RrQiValueStatus rr_qi_generalise (const RrQiSpec *spec, const char *raw, gsize len, GString *out,
                                  const char **why);
