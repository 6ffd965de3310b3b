/* autocleanups.h - g_autoptr support for the third-party types reidrisk uses (util stage). */
#pragma once
#include <glib.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_histogram.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_multiroots.h>
#include <libxml/tree.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (gsl_rng, gsl_rng_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (gsl_vector, gsl_vector_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (gsl_matrix, gsl_matrix_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (gsl_histogram, gsl_histogram_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (gsl_ran_discrete_t, gsl_ran_discrete_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (gsl_root_fsolver, gsl_root_fsolver_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (gsl_multiroot_fsolver, gsl_multiroot_fsolver_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
