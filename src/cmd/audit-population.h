/* audit-population.h - the audit's population step: which tables, which QI reads which table,
 * the population size, then the population model into the results (cmd stage). */
#pragma once
#include <glib.h>
#include "load/dataset.h"
#include "measure/classes.h"
#include "measure/result.h"

/* The options as given on the command line (strings, checked here). */
typedef struct
{
  const char *population;        /* --population DIR|none; NULL: the installed England tables */
  const char *sampling_fraction; /* --sampling-fraction P */
  const char *population_size;   /* --population-size N */
  const char *roles;             /* --population-role NAME=ROLE,... */
  const char *form;              /* --uniqueness-form arx|published */
  const char *split;             /* --postcode-split release|uniform */
  gboolean quiet;
  guint threads;                 /* --threads N, parsed; 0: one per processor */
} RrAuditPopulationOptions;

/* The England tables: $(pkgdatadir)/england/population when installed, else the source tree's
 * data/england/population.  Owned by the caller. */
char *rr_audit_population_default_dir (void);

/* Checks the options before any file is read.  Errors: G_OPTION_ERROR_BAD_VALUE (a fraction not
 * in (0, 1], a size not a whole number >= 1, both given, an unknown role, form or split). */
gboolean rr_audit_population_check (const RrAuditPopulationOptions *o, GError **error);

/* Loads the tables (unless none), chooses each QI's role, and fills r->population (left NULL
 * with --population none and no population size).  Errors: those of rr_population_load and
 * rr_population_risk_estimate, each prefixed with what it concerns. */
gboolean rr_audit_population (RrAuditResult *r, const RrDataset *ds, const GPtrArray *specs,
                              const RrClassTable *classes, const RrAuditPopulationOptions *o,
                              GError **error);

/* Prints the population model's lines of the audit's summary on stdout. */
void rr_audit_population_print (const RrAuditResult *r);
