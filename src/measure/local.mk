## measure: equivalence classes, risk under the attacker models, the result record
src_libreidrisk_a_SOURCES += \
	src/measure/result.c src/measure/result.h \
	src/measure/classes.c src/measure/classes.h \
	src/measure/risk.c src/measure/risk.h \
	src/measure/population-result.h \
	src/measure/population-risk.c src/measure/population-risk.h \
	$(NULL)
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test-classes tests/unit/test-dict tests/unit/test-fieldmap \
	tests/unit/test-dataset
TESTS += tests/unit/test-classes tests/unit/test-dict tests/unit/test-fieldmap \
	tests/unit/test-dataset
endif
tests_unit_test_classes_LDADD = $(RR_TEST_LIBS)
tests_unit_test_dict_LDADD = $(RR_TEST_LIBS)
tests_unit_test_fieldmap_LDADD = $(RR_TEST_LIBS)
tests_unit_test_dataset_LDADD = $(RR_TEST_LIBS)
