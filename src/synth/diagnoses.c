/* diagnoses.c - a shipped list of 53 common ICD-10 categories with made-up but plausible
 * weights for the synthetic release's diagnosis column (synth stage).  The weights are
 * synthetic: they are not HES or any other published frequencies.  A few codes are limited
 * to one sex or an age range (deliveries, prostate, dementia, cataract) so rows stay plausible. */
#include "config.h"
#include "synth/diagnoses.h"

static const RrSynthDiagnosis diagnoses[] = {
  { "I10", 40.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* essential hypertension */
  { "E11", 35.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* type 2 diabetes */
  { "R10", 35.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* abdominal and pelvic pain */
  { "R07", 30.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* pain in throat and chest */
  { "H25", 30.0, RR_SYNTH_SEX_ANY, 40, RR_SYNTH_AGE_ANY },    /* age-related cataract */
  { "J18", 25.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* pneumonia, organism unspecified */
  { "J44", 25.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* chronic obstructive pulmonary disease */
  { "N39", 25.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* other disorders of the urinary system */
  { "J45", 20.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* asthma */
  { "I48", 20.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* atrial fibrillation and flutter */
  { "M17", 20.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* gonarthrosis */
  { "Z51", 20.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* other medical care */
  { "O80", 20.0, RR_SYNTH_SEX_FEMALE, 15, 49 }, /* single spontaneous delivery */
  { "I50", 15.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* heart failure */
  { "K80", 15.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* cholelithiasis */
  { "K57", 15.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* diverticular disease */
  { "K21", 15.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* gastro-oesophageal reflux disease */
  { "M16", 15.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* coxarthrosis */
  { "M54", 15.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* dorsalgia */
  { "H35", 15.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* other retinal disorders */
  { "F32", 15.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* depressive episode */
  { "C44", 15.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* other malignant neoplasms of skin */
  { "C50", 15.0, RR_SYNTH_SEX_FEMALE, 0, RR_SYNTH_AGE_ANY }, /* malignant neoplasm of breast */
  { "F41", 12.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* other anxiety disorders */
  { "L03", 12.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* cellulitis */
  { "C61", 12.0, RR_SYNTH_SEX_MALE, 40, RR_SYNTH_AGE_ANY },   /* malignant neoplasm of prostate */
  { "I21", 10.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* acute myocardial infarction */
  { "I63", 10.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* cerebral infarction */
  { "K40", 10.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* inguinal hernia */
  { "S72", 10.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* fracture of femur */
  { "E78", 10.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* disorders of lipoprotein metabolism */
  { "D50", 10.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* iron deficiency anaemia */
  { "N18", 10.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* chronic kidney disease */
  { "A41", 10.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* other sepsis */
  { "U07", 10.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* COVID-19 (emergency use code) */
  { "R55", 10.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },    /* syncope and collapse */
  { "N40", 10.0, RR_SYNTH_SEX_MALE, 40, RR_SYNTH_AGE_ANY },   /* hyperplasia of prostate */
  { "K35", 8.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },     /* acute appendicitis */
  { "S52", 8.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },     /* fracture of forearm */
  { "S06", 8.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },     /* intracranial injury */
  { "F10", 8.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },     /* mental disorders due to alcohol */
  { "F03", 8.0, RR_SYNTH_SEX_ANY, 50, RR_SYNTH_AGE_ANY },     /* unspecified dementia */
  { "C34", 8.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },     /* malignant neoplasm of bronchus and lung */
  { "C18", 8.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },     /* malignant neoplasm of colon */
  { "B34", 8.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },     /* viral infection of unspecified site */
  { "R51", 8.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },     /* headache */
  { "G40", 6.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },     /* epilepsy */
  { "E66", 6.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },     /* obesity */
  { "O70", 6.0, RR_SYNTH_SEX_FEMALE, 15, 49 },  /* perineal laceration during delivery */
  { "F20", 5.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },     /* schizophrenia */
  { "G30", 5.0, RR_SYNTH_SEX_ANY, 50, RR_SYNTH_AGE_ANY },     /* Alzheimer's disease */
  { "N81", 5.0, RR_SYNTH_SEX_FEMALE, 40, RR_SYNTH_AGE_ANY },  /* female genital prolapse */
  { "G35", 3.0, RR_SYNTH_SEX_ANY, 0, RR_SYNTH_AGE_ANY },     /* multiple sclerosis */
};

const RrSynthDiagnosis *
rr_synth_diagnoses (guint *n)
{
  *n = G_N_ELEMENTS (diagnoses);
  return diagnoses;
}
