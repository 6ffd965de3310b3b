/* xml-attack.c - writes each simulated attack as /reidrisk/attack (report stage).  Names are
 * fixed by doc/results.xsd; their meaning is in doc/results.md. */
#include "config.h"
#include "report/xml-attack.h"
#include "measure/attack-result.h"
#include "report/xml-tree.h"

/* name, name-low, name-high (and name-se when se) for one figure. */
static void
set_figure (xmlNode *node, const char *name, const RrAttackFigure *f, gboolean se)
{
  g_autofree char *low = g_strconcat (name, "-low", NULL);
  g_autofree char *high = g_strconcat (name, "-high", NULL);
  rr_xml_set_double_defined (node, name, f->mean);
  rr_xml_set_double_defined (node, low, f->low);
  rr_xml_set_double_defined (node, high, f->high);
  if (se)
    {
      g_autofree char *se_name = g_strconcat (name, "-se", NULL);
      rr_xml_set_double_defined (node, se_name, f->se);
    }
}

static void
add_fact (xmlNode *attack, const RrAttackFactSummary *f)
{
  xmlNode *fact = rr_xml_add (attack, "fact");
  rr_xml_set_str (fact, "role", f->role);
  rr_xml_set_str (fact, "column", f->column);
  rr_xml_set_str (fact, "precision", rr_qi_level_to_string (f->precision));
  rr_xml_set_str (fact, "release-level", rr_qi_level_to_string (f->release_level));
  rr_xml_set_str (fact, "level", rr_qi_level_to_string (f->level));
  rr_xml_set_double_defined (fact, "missing", f->missing);
  rr_xml_set_double_defined (fact, "wrong", f->wrong);
  rr_xml_set_double_defined (fact, "m", f->m);
  rr_xml_set_double_defined (fact, "u", f->u);
}

static void
add_combination (xmlNode *attack, const RrAttackCombination *c)
{
  xmlNode *node = rr_xml_add (attack, "combination");
  rr_xml_set_str (node, "facts", c->roles);
  rr_xml_set_str (node, "columns", c->columns);
  rr_xml_set_double_defined (node, "correct", c->correct);
  rr_xml_set_double_defined (node, "share", c->share);
}

static void
add_children (xmlNode *attack, const RrAttackResult *a)
{
  for (guint i = 0; i < a->facts->len; i++)
    add_fact (attack, g_ptr_array_index (a->facts, i));
  for (guint i = 0; i < a->combinations->len; i++)
    add_combination (attack, g_ptr_array_index (a->combinations, i));
  for (guint i = 0; i < a->notes->len; i++)
    rr_xml_add_text (attack, "note", g_ptr_array_index (a->notes, i));
  xmlNode *reps = rr_xml_add (attack, "replicates");
  for (guint i = 0; i < a->replicate_share->len; i++)
    {
      xmlNode *rep = rr_xml_add (reps, "replicate");
      rr_xml_set_u64 (rep, "index", i + 1);
      rr_xml_set_double_defined (rep, "reidentified",
                                 g_array_index (a->replicate_share, double, i));
    }
}

static void
add_attack (xmlNode *root, const RrAttackResult *a)
{
  xmlNode *attack = rr_xml_add (root, "attack");
  rr_xml_set_str (attack, "name", a->name);
  rr_xml_set_str (attack, "title", a->title);
  rr_xml_set_u64 (attack, "replicates", a->replicates);
  rr_xml_set_u64 (attack, "seed", a->seed);
  set_figure (attack, "reidentified", &a->reidentified, TRUE);
  set_figure (attack, "precision", &a->precision, FALSE);
  set_figure (attack, "false-matches", &a->false_matches, FALSE);
  set_figure (attack, "claims", &a->claims, FALSE);
  set_figure (attack, "correct", &a->correct, FALSE);
  rr_xml_set_u64 (attack, "precision-replicates", a->precision_replicates);
  rr_xml_set_double_defined (attack, "targets", a->targets.mean);
  rr_xml_set_u64 (attack, "persons", a->persons);
  rr_xml_set_str (attack, "target", a->target);
  rr_xml_set_double_defined (attack, "coverage", a->coverage);
  rr_xml_set_str (attack, "method", a->method);
  rr_xml_set_str (attack, "accept", a->accept);
  rr_xml_set_double_defined (attack, "threshold", a->threshold);
  if (g_strcmp0 (a->method, "exact") == 0)
    rr_xml_set_u64 (attack, "min-facts", a->min_fields);
  rr_xml_set_double_defined (attack, "sampling-fraction", a->sampling_fraction);
  rr_xml_set_double_defined (attack, "expected-outsiders", a->expected_decoys);
  add_children (attack, a);
}

void
rr_report_xml_add_attacks (xmlNode *root, const GPtrArray *attacks)
{
  for (guint i = 0; attacks != NULL && i < attacks->len; i++)
    add_attack (root, g_ptr_array_index (attacks, i));
}
