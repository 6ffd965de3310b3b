/* drivers.h - what drives the risk (measure stage): for each quasi-identifier, the risk when it
 * alone is generalised one level up its chain, and when it is dropped (withheld for everyone):
 * prosecutor maximum and mean, marketer risk in its sample-only form (rollup.h: the release as
 * its own population, C / n; the population model's marketer risk replaces it once issue 4 is
 * wired in) and sample uniques; then uniqueness on every subset and SUDA (suda.h). */
#pragma once
#include <glib.h>
#include "measure/decision.h"
#include "measure/hierarchy.h"
#include "measure/rollup.h"

/* Regroups 2 x n_qi nodes through w; SUDA runs when there are at most RR_SUDA_MAX_QI
 * quasi-identifiers (else suda_note says why it did not).  names: the quasi-identifiers. */
RrDrivers *rr_drivers_compute (RrRollup *w, const RrHierarchy *h, const RrClassTable *classes,
                               const GPtrArray *names, double threshold);
