/* frame.h - an attack scenario bound to a release: for each fact the attacker holds and the
 * release has, the level both can be compared at and each released person's code there
 * (attack stage).  The levels and their coarsening are in doc/attacks.md. */
#pragma once
#include <glib.h>
#include "attack/scenario.h"
#include "load/dataset.h"

/* The most facts a scenario can compare (one per role). */
#define RR_ATTACK_MAX_COLUMNS RR_ATTACK_N_ROLES

/* One compared fact. */
typedef struct
{
  const RrAttackField *field; /* the attacker's side; borrowed from the scenario */
  guint qi;                   /* the release's quasi-identifier it is compared with */
  const char *column;         /* that QI's column name; borrowed */
  RrAttackRole release_role;  /* the release column's role (age for an age column ...) */
  RrQiLevel release_level;
  RrQiLevel level;            /* the compared level: the finer level both sides reach */
  const RrQiSpec *spec;       /* the compared type and level (for the population) */
  GPtrArray *labels;          /* char*, the compared label of each code; owned */
  GHashTable *index;          /* label -> GUINT_TO_POINTER (code + 1); owned */
  guint32 *codes;             /* each person's compared code, RR_CODE_MISSING if missing */
} RrAttackColumn;

typedef struct _RrAttackFrame RrAttackFrame;

/* The role a release QI plays, from its type and the recognition of its column (kind as in
 * detect.h, NULL if not recognised): postcode, sex and age by type; a date is a date of birth
 * when recognised as one, else an event date; a category is an ethnicity when recognised as
 * one.  Returns FALSE for a QI no scenario can use (other categories, numbers). */
gboolean rr_attack_role_of_qi (const RrQiSpec *spec, const char *kind, RrAttackRole *role);

/* Binds s to the release: each of s's facts is compared with the first release QI whose role
 * fits (the same role, or a date of birth with an age), at the coarser of the two levels.  A
 * fact the release lacks, or whose levels cannot be compared (a year of birth and age bands),
 * is left out with a note.  kinds[q] is the recognised kind of QI q or NULL.  ds, specs and s
 * are borrowed and must outlive the frame.  Errors: RR_ERROR_INVALID when no fact can be
 * compared, or an exact scenario's min-fields exceeds the facts compared. */
RrAttackFrame *rr_attack_frame_new (const RrDataset *ds, const GPtrArray *specs,
                                    const char *const *kinds, const RrAttackScenario *s,
                                    GError **error);
void rr_attack_frame_free (RrAttackFrame *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RrAttackFrame, rr_attack_frame_free)

guint rr_attack_frame_n_columns (const RrAttackFrame *f);
const RrAttackColumn *rr_attack_frame_column (const RrAttackFrame *f, guint j);
guint64 rr_attack_frame_n_persons (const RrAttackFrame *f);
const RrAttackScenario *rr_attack_frame_scenario (const RrAttackFrame *f);
/* One sentence per fact of the scenario that is not compared; NULL-terminated, borrowed. */
const char *const *rr_attack_frame_notes (const RrAttackFrame *f);

/* The code of label in column j, or the column's number of codes (a value no released person
 * has) when no one has it. */
guint32 rr_attack_column_lookup (const RrAttackColumn *c, const char *label);
guint32 rr_attack_column_n_codes (const RrAttackColumn *c);

/* Writes the label at level to of a label at the finer level from (both of type type, as
 * rr_qi_generalise writes them; as_of for age levels of a date) into out.  FALSE when it cannot
 * be coarsened (a malformed label, a date after as_of for an age). */
gboolean rr_attack_label_coarsen (RrQiType type, const char *label, RrQiLevel from, RrQiLevel to,
                                  const GDate *as_of, GString *out);
/* The compared level of an attacker's precision and a release level of type type, or FALSE when
 * none exists (a month or year of birth against age bands). */
gboolean rr_attack_level_join (RrQiType type, RrQiLevel attacker, RrQiLevel release,
                               RrQiLevel *joined);
