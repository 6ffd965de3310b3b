/* diagnoses.h - the short list of ICD-10 codes the synthetic release draws its diagnosis
 * column from, with synthetic weights (synth stage). */
#pragma once
#include <glib.h>

typedef enum
{
  RR_SYNTH_SEX_ANY,
  RR_SYNTH_SEX_MALE,
  RR_SYNTH_SEX_FEMALE,
} RrSynthSexLimit;

typedef struct
{
  const char *code; /* ICD-10 three-character category, e.g. "I10" */
  double weight;    /* relative frequency: made up, plausible, NOT a published figure */
  RrSynthSexLimit sex; /* codes that only apply to one sex (C61, O80, ...) */
  guint min_age, max_age; /* age range (completed years at --as-of), inclusive */
} RrSynthDiagnosis;

#define RR_SYNTH_AGE_ANY G_MAXUINT

/* The list, borrowed (static); *n is set to its length. */
const RrSynthDiagnosis *rr_synth_diagnoses (guint *n);
