## measure: equivalence classes, risk under the attacker models, the result record
src_libreidrisk_a_SOURCES += \
	src/measure/result.c src/measure/result.h \
	src/measure/classes.c src/measure/classes.h \
	src/measure/risk.c src/measure/risk.h \
	src/measure/population-result.h \
	src/measure/population-risk.c src/measure/population-risk.h \
	src/measure/hierarchy.c src/measure/hierarchy.h \
	src/measure/rollup.c src/measure/rollup.h \
	src/measure/diversity.c src/measure/diversity.h \
	src/measure/suda.c src/measure/suda.h \
	src/measure/decision.c src/measure/decision.h \
	src/measure/drivers.c src/measure/drivers.h \
	$(NULL)
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test-classes tests/unit/test-dict tests/unit/test-fieldmap \
	tests/unit/test-dataset tests/unit/test-rollup tests/unit/test-diversity tests/unit/test-suda
TESTS += tests/unit/test-classes tests/unit/test-dict tests/unit/test-fieldmap \
	tests/unit/test-dataset tests/unit/test-rollup tests/unit/test-diversity tests/unit/test-suda
endif
tests_unit_test_classes_LDADD = $(RR_TEST_LIBS)
tests_unit_test_dict_LDADD = $(RR_TEST_LIBS)
tests_unit_test_fieldmap_LDADD = $(RR_TEST_LIBS)
tests_unit_test_dataset_LDADD = $(RR_TEST_LIBS)
tests_unit_test_rollup_LDADD = $(RR_TEST_LIBS)
tests_unit_test_diversity_LDADD = $(RR_TEST_LIBS)
tests_unit_test_suda_LDADD = $(RR_TEST_LIBS)
