/* xml-link.c - writes a record linkage's results as /reidrisk/link (report stage).  Names are
 * fixed by doc/results.xsd; their meaning is in doc/results.md. */
#include "config.h"
#include "report/xml-link.h"
#include "report/xml-tree.h"
#include "util/autocleanups.h"

static void
add_inputs (xmlNode *link, const RrLinkResult *r)
{
  xmlNode *rel = rr_xml_add (link, "release");
  rr_xml_set_str (rel, "file", r->release_file);
  rr_xml_set_str (rel, "sha256", r->release_sha256);
  rr_xml_set_u64 (rel, "records", r->release_records);
  rr_xml_set_u64 (rel, "persons", r->release_persons);
  rr_xml_set_str (rel, "person-column", r->person_column);
  xmlNode *aux = rr_xml_add (link, "aux");
  rr_xml_set_str (aux, "file", r->aux_file);
  rr_xml_set_str (aux, "sha256", r->aux_sha256);
  rr_xml_set_u64 (aux, "records", r->aux_records);
}

static void
add_fields (xmlNode *link, const RrLinkResult *r)
{
  for (guint j = 0; j < r->fields->len; j++)
    {
      const RrLinkField *f = g_ptr_array_index (r->fields, j);
      xmlNode *field = rr_xml_add (link, "field");
      rr_xml_set_str (field, "release", f->release_column);
      rr_xml_set_str (field, "aux", f->aux_column);
      rr_xml_set_str (field, "type", rr_qi_type_to_string (f->type));
      rr_xml_set_str (field, "level", rr_qi_level_to_string (f->level));
      rr_xml_set_double_defined (field, "m", f->m);
      rr_xml_set_double_defined (field, "u", f->u);
      if (r->has_em)
        {
          rr_xml_set_double_defined (field, "agree-weight", rr_fs_weight_agree (&r->em, j));
          rr_xml_set_double_defined (field, "disagree-weight", rr_fs_weight_disagree (&r->em, j));
        }
      rr_xml_set_u64 (field, "aux-missing", f->aux_missing);
      rr_xml_set_u64 (field, "aux-unmatched-values", f->aux_unmatched);
    }
}

static void
add_blocking (xmlNode *link, const RrLinkResult *r)
{
  for (guint i = 0; i < r->blocking->len; i++)
    {
      const RrLinkBlocking *b = g_ptr_array_index (r->blocking, i);
      xmlNode *node = rr_xml_add (link, "blocking");
      rr_xml_set_str (node, "fields", b->fields);
      rr_xml_set_u64 (node, "pairs", b->pairs);
      rr_xml_set_bool (node, "used", b->used);
    }
  if (!r->has_em)
    return;
  xmlNode *em = rr_xml_add (link, "em");
  rr_xml_set_u64 (em, "iterations", r->em.iterations);
  rr_xml_set_bool (em, "converged", r->em.converged);
  rr_xml_set_double_defined (em, "match-share", r->em.p);
}

static void
add_links (xmlNode *link, const RrLinkResult *r)
{
  if (!r->show_links)
    return;
  xmlNode *links = rr_xml_add (link, "links");
  for (guint i = 0; i < r->links->len; i++)
    {
      const RrLinkPair *p = g_ptr_array_index (r->links, i);
      xmlNode *pair = rr_xml_add (links, "pair");
      rr_xml_set_u64 (pair, "aux-record", p->aux_record);
      rr_xml_set_u64 (pair, "release-record", p->release_record);
      rr_xml_set_str (pair, "person", p->person);
      rr_xml_set_double_defined (pair, "score", p->score);
      for (guint v = 0; v < p->values->len && v < r->sensitive->len; v++)
        {
          xmlNode *value = rr_xml_add_text (pair, "value", g_ptr_array_index (p->values, v));
          rr_xml_set_str (value, "column", g_ptr_array_index (r->sensitive, v));
        }
    }
}

static void
add_scores (xmlNode *link, const RrLinkResult *r)
{
  xmlNode *dist = rr_xml_add (link, "score-distribution");
  for (guint b = 0; b < r->bins->len; b++)
    {
      const RrLinkBin *bin = &g_array_index (r->bins, RrLinkBin, b);
      xmlNode *node = rr_xml_add (dist, "bin");
      rr_xml_set_double (node, "low", bin->low);
      rr_xml_set_double (node, "high", bin->high);
      rr_xml_set_u64 (node, "aux-records", bin->count);
    }
}

static void
add_link (xmlNode *root, const RrLinkResult *r)
{
  xmlNode *link = rr_xml_add (root, "link");
  rr_xml_set_str (link, "method", rr_match_method_to_string (r->method));
  rr_xml_set_u64 (link, "aux-records", r->aux_records);
  rr_xml_set_u64 (link, "linked-unique", r->linked_unique);
  rr_xml_set_u64 (link, "linked-ambiguous", r->linked_ambiguous);
  rr_xml_set_u64 (link, "unlinked", r->unlinked);
  rr_xml_set_u64 (link, "release-records-linked", r->release_linked);
  rr_xml_set_u64 (link, "release-conflicts", r->release_conflicts);
  rr_xml_set_u64 (link, "no-candidates", r->no_candidates);
  rr_xml_set_u64 (link, "pairs", r->pairs);
  rr_xml_set_double_defined (link, "threshold", r->threshold);
  rr_xml_set_bool (link, "show-links", r->show_links);
  add_inputs (link, r);
  add_fields (link, r);
  add_blocking (link, r);
  add_links (link, r);
  add_scores (link, r);
}

xmlDoc *
rr_report_xml_link_build (const RrLinkResult *r)
{
  xmlDoc *doc = rr_xml_doc_new (r->version);
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *run = rr_xml_add (root, "run");
  rr_xml_set_str (run, "as-of", r->as_of);
  rr_xml_set_str (run, "command-line", r->command_line);
  add_link (root, r);
  return doc;
}

gboolean
rr_report_xml_link_write (const RrLinkResult *r, const char *path, GError **error)
{
  g_autoptr (xmlDoc) doc = rr_report_xml_link_build (r);
  return rr_xml_write (doc, path, error);
}
