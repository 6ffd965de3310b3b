/* xml-link.c - writes a record linkage's results as /reidrisk/link (report stage).  Names are
 * fixed by doc/results.xsd; their meaning is in doc/results.md. */
#include "config.h"
#include "report/xml-link.h"
#include "report/format.h"
#include "report/xml-attack.h"
#include "util/autocleanups.h"
#include "util/error.h"
#include "util/output.h"
#include <math.h>

static xmlNode *
add (xmlNode *parent, const char *name)
{
  return xmlNewChild (parent, NULL, BAD_CAST name, NULL);
}

static void
add_inputs (xmlNode *link, const RrLinkResult *r)
{
  xmlNode *rel = add (link, "release");
  rr_xml_set_str (rel, "file", r->release_file);
  rr_xml_set_str (rel, "sha256", r->release_sha256);
  rr_xml_set_u64 (rel, "records", r->release_records);
  rr_xml_set_u64 (rel, "persons", r->release_persons);
  rr_xml_set_str (rel, "person-column", r->person_column);
  xmlNode *aux = add (link, "aux");
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
      xmlNode *field = add (link, "field");
      rr_xml_set_str (field, "release", f->release_column);
      rr_xml_set_str (field, "aux", f->aux_column);
      rr_xml_set_str (field, "type", rr_qi_type_to_string (f->type));
      rr_xml_set_str (field, "level", rr_qi_level_to_string (f->level));
      rr_xml_set_double (field, "m", f->m);
      rr_xml_set_double (field, "u", f->u);
      if (r->has_em)
        {
          rr_xml_set_double (field, "agree-weight", rr_fs_weight_agree (&r->em, j));
          rr_xml_set_double (field, "disagree-weight", rr_fs_weight_disagree (&r->em, j));
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
      xmlNode *node = add (link, "blocking");
      rr_xml_set_str (node, "fields", b->fields);
      rr_xml_set_u64 (node, "pairs", b->pairs);
      xmlNewProp (node, BAD_CAST "used", BAD_CAST (b->used ? "true" : "false"));
    }
  if (!r->has_em)
    return;
  xmlNode *em = add (link, "em");
  rr_xml_set_u64 (em, "iterations", r->em.iterations);
  xmlNewProp (em, BAD_CAST "converged", BAD_CAST (r->em.converged ? "true" : "false"));
  rr_xml_set_double (em, "match-share", r->em.p);
}

static void
add_links (xmlNode *link, const RrLinkResult *r)
{
  if (!r->show_links)
    return;
  xmlNode *links = add (link, "links");
  for (guint i = 0; i < r->links->len; i++)
    {
      const RrLinkPair *p = g_ptr_array_index (r->links, i);
      xmlNode *pair = add (links, "pair");
      rr_xml_set_u64 (pair, "aux-record", p->aux_record);
      rr_xml_set_u64 (pair, "release-record", p->release_record);
      rr_xml_set_str (pair, "person", p->person);
      rr_xml_set_double (pair, "score", p->score);
      for (guint v = 0; v < p->values->len && v < r->sensitive->len; v++)
        {
          g_autofree char *text = rr_format_text (g_ptr_array_index (p->values, v));
          xmlNode *value = xmlNewTextChild (pair, NULL, BAD_CAST "value", BAD_CAST text);
          rr_xml_set_str (value, "column", g_ptr_array_index (r->sensitive, v));
        }
    }
}

static void
add_scores (xmlNode *link, const RrLinkResult *r)
{
  xmlNode *dist = add (link, "score-distribution");
  for (guint b = 0; b < r->bins->len; b++)
    {
      const RrLinkBin *bin = &g_array_index (r->bins, RrLinkBin, b);
      xmlNode *node = add (dist, "bin");
      g_autofree char *low = rr_format_double (bin->low);
      g_autofree char *high = rr_format_double (bin->high);
      xmlNewProp (node, BAD_CAST "low", BAD_CAST low);
      xmlNewProp (node, BAD_CAST "high", BAD_CAST high);
      rr_xml_set_u64 (node, "aux-records", bin->count);
    }
}

static void
add_link (xmlNode *root, const RrLinkResult *r)
{
  xmlNode *link = add (root, "link");
  rr_xml_set_str (link, "method", rr_match_method_to_string (r->method));
  rr_xml_set_u64 (link, "aux-records", r->aux_records);
  rr_xml_set_u64 (link, "linked-unique", r->linked_unique);
  rr_xml_set_u64 (link, "linked-ambiguous", r->linked_ambiguous);
  rr_xml_set_u64 (link, "unlinked", r->unlinked);
  rr_xml_set_u64 (link, "release-records-linked", r->release_linked);
  rr_xml_set_u64 (link, "release-conflicts", r->release_conflicts);
  rr_xml_set_u64 (link, "no-candidates", r->no_candidates);
  rr_xml_set_u64 (link, "pairs", r->pairs);
  rr_xml_set_double (link, "threshold", r->threshold);
  xmlNewProp (link, BAD_CAST "show-links", BAD_CAST (r->show_links ? "true" : "false"));
  add_inputs (link, r);
  add_fields (link, r);
  add_blocking (link, r);
  add_links (link, r);
  add_scores (link, r);
}

xmlDoc *
rr_report_xml_link_build (const RrLinkResult *r)
{
  xmlDoc *doc = xmlNewDoc (BAD_CAST "1.0");
  xmlNode *root = xmlNewDocNode (doc, NULL, BAD_CAST "reidrisk", NULL);
  xmlDocSetRootElement (doc, root);
  rr_xml_set_str (root, "version", r->version != NULL ? r->version : "");
  xmlNode *run = add (root, "run");
  rr_xml_set_str (run, "as-of", r->as_of);
  rr_xml_set_str (run, "command-line", r->command_line);
  add_link (root, r);
  return doc;
}

gboolean
rr_report_xml_link_write (const RrLinkResult *r, const char *path, GError **error)
{
  g_autoptr (xmlDoc) doc = rr_report_xml_link_build (r);
  xmlChar *mem = NULL;
  int size = 0;
  xmlDocDumpFormatMemoryEnc (doc, &mem, &size, "UTF-8", 1);
  if (mem == NULL)
    return rr_throw (error, RR_ERROR_IO, "%s: could not serialise the XML results", path);
  gboolean ok = rr_output_write_bytes (path, (const char *) mem, (gsize) size, error);
  xmlFree (mem);
  return ok;
}
