/* xml-population.c - writes the population model's results into the <reidrisk> document
 * (report stage).  Names are fixed by doc/results.xsd; meanings are in doc/results.md. */
#include "config.h"
#include "report/xml-population.h"
#include "measure/population-result.h"
#include "population/frequency.h"
#include "report/xml-tree.h"

static void
add_risks (xmlNode *root, const RrAuditResult *r, const RrPopulationResult *p)
{
  xmlNode *j = rr_xml_add (root, "risk");
  rr_xml_set_str (j, "model", "journalist");
  rr_xml_set_double (j, "max", p->journalist_max);
  rr_xml_set_double (j, "mean", p->journalist_mean);
  rr_xml_set_double (j, "records-at-risk", p->journalist_at_risk);
  rr_xml_set_double (j, "threshold", r->threshold);
  xmlNode *m = rr_xml_add (root, "risk");
  rr_xml_set_str (m, "model", "marketer");
  rr_xml_set_double (m, "mean", p->marketer_mean);
  rr_xml_set_double (m, "expected-reidentifications", p->expected_reidentifications);
}

static void
add_roles (xmlNode *pop, const RrAuditResult *r, const RrPopulationResult *p)
{
  for (guint i = 0; i < p->roles->len && i < r->qis->len; i++)
    {
      const RrQiSummary *s = g_ptr_array_index (r->qis, i);
      xmlNode *role = rr_xml_add (pop, "role");
      rr_xml_set_str (role, "qi", s->name);
      rr_xml_set_str (role, "table",
                      rr_population_role_to_string (g_array_index (p->roles, RrPopulationRole, i)));
    }
}

static const char *
level_name (int level)
{
  static const char *const names[] = { "unit", "sector", "district", "area" };
  return level >= 0 && level < (int) G_N_ELEMENTS (names) ? names[level] : NULL;
}

/* One <split> per level below the geography table: how its codes got their parent's persons. */
static void
add_splits (xmlNode *pop, const RrPopulationResult *p)
{
  for (guint i = 0; i < p->n_split_fits; i++)
    {
      const RrPopulationSplitFit *f = &p->split_fits[i];
      xmlNode *s = rr_xml_add (pop, "split");
      rr_xml_set_str (s, "level", level_name (f->level));
      rr_xml_set_str (s, "within", level_name (f->level + 1));
      rr_xml_set_str (s, "method", rr_population_split_to_string (p->split));
      rr_xml_set_double (s, "per-parent", f->per_parent);
      rr_xml_set_double (s, "alpha", f->alpha);
      rr_xml_set_u64 (s, "codes", f->codes);
      rr_xml_set_u64 (s, "parents", f->parents);
      rr_xml_set_bool (s, "at-lower-bound", f->at_lower);
      rr_xml_set_bool (s, "converged", f->converged);
    }
}

static void
add_fallbacks (xmlNode *pop, const RrPopulationResult *p)
{
  for (guint b = 0; b < RR_POPULATION_N_FALLBACKS; b++)
    if (p->fallbacks & (1u << b))
      rr_xml_set_str (rr_xml_add (pop, "fallback"), "name",
                      rr_population_fallback_name ((RrPopulationFallback) (1u << b)));
  add_splits (pop, p);
  for (guint i = 0; i < p->notes->len; i++)
    rr_xml_set_str (rr_xml_add (pop, "note"), "text", g_ptr_array_index (p->notes, i));
}

static void
add_table_figures (xmlNode *pop, const RrAuditResult *r, const RrPopulationResult *p)
{
  rr_xml_set_double (pop, "estimated-uniques", p->estimated_uniques);
  rr_xml_set_double (pop, "covered-persons", p->covered_persons);
  rr_xml_set_u64 (pop, "postcodes-not-found", p->postcodes_coarser);
  rr_xml_set_u64 (pop, "persons-postcode-not-found", p->persons_coarser);
  rr_xml_set_u64 (pop, "postcodes-unmatched", p->postcodes_unmatched);
  rr_xml_set_u64 (pop, "persons-postcode-unmatched", p->persons_unmatched);
  rr_xml_set_u64 (pop, "persons-not-in-tables", p->persons_zero);
  add_roles (pop, r, p);
  add_fallbacks (pop, p);
  for (guint j = 0; j < RR_POPULATION_N_SENSITIVITY; j++)
    {
      xmlNode *s = rr_xml_add (pop, "sensitivity");
      rr_xml_set_double (s, "factor", rr_population_sensitivity[j]);
      rr_xml_set_double (s, "estimated-uniques", p->sensitivity_uniques[j]);
      rr_xml_set_double (s, "marketer", p->sensitivity_marketer[j]);
    }
  for (guint b = 0; b < RR_RISK_N_BANDS; b++)
    {
      xmlNode *band = rr_xml_add (pop, "risk-band");
      rr_xml_set_double (band, "above", rr_risk_band_edges[b]);
      rr_xml_set_double (band, "up-to", rr_risk_band_edges[b + 1]);
      rr_xml_set_u64 (band, "persons", p->bands[b]);
    }
}

static void
add_population (xmlNode *root, const RrAuditResult *r, const RrPopulationResult *p)
{
  xmlNode *pop = rr_xml_add (root, "population");
  rr_xml_set_str (pop, "source", p->source);
  rr_xml_set_u64 (pop, "size", p->size);
  rr_xml_set_double (pop, "sampling-fraction", p->sampling_fraction);
  rr_xml_set_str (pop, "size-from", p->size_from);
  if (p->tables)
    add_table_figures (pop, r, p);
}

static void
add_model (xmlNode *root, const RrPopulationResult *p, const RrUniquenessEstimate *e)
{
  xmlNode *m = rr_xml_add (root, "uniqueness-model");
  rr_xml_set_str (m, "name", rr_uniqueness_model_name (e->model));
  rr_xml_set_bool (m, "converged", e->converged);
  if (e->converged)
    {
      rr_xml_set_double (m, "population-uniques", e->population_uniques);
      rr_xml_set_double (m, "fraction", e->fraction);
    }
  if (e->model == RR_UNIQ_DANKAR)
    rr_xml_set_str (m, "chosen", rr_uniqueness_model_name (e->chosen));
  rr_xml_set_str (m, "form", p->form == RR_UNIQ_FORM_ARX ? "arx" : "published");
  rr_xml_set_u64 (m, "iterations", e->iterations);
  rr_xml_set_str (m, "note", e->note);
  for (guint i = 0; i < e->n_params; i++)
    {
      xmlNode *param = rr_xml_add (m, "parameter");
      rr_xml_set_str (param, "name", e->param_names[i]);
      rr_xml_set_double (param, "value", e->params[i]);
    }
}

static void
add_bf (xmlNode *root, const RrPopulationResult *p)
{
  xmlNode *m = rr_xml_add (root, "uniqueness-model");
  rr_xml_set_str (m, "name", "benedetti-franconi");
  rr_xml_set_str (m, "converged", "true");
  rr_xml_set_double (m, "mean", p->bf.mean_risk);
  rr_xml_set_double (m, "expected-reidentifications", p->bf.expected_reidentifications);
  rr_xml_set_double (m, "max", p->bf.max_risk);
}

void
rr_report_xml_population_add (xmlNode *root, const RrAuditResult *r)
{
  const RrPopulationResult *p = r->population;
  if (p == NULL)
    return;
  if (p->tables)
    add_risks (root, r, p);
  add_population (root, r, p);
  for (guint m = 0; p->sample_only && m < RR_UNIQ_N_MODELS; m++)
    add_model (root, p, &p->models[m]);
  if (p->sample_only)
    add_bf (root, p);
}
