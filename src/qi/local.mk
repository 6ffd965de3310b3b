## qi: quasi-identifier specifications, per-type normalisation and generalisation, recognition
src_libreidrisk_a_SOURCES += \
	src/qi/qi.c src/qi/qi.h \
	src/qi/postcode.c src/qi/postcode.h \
	src/qi/date.c src/qi/date.h \
	src/qi/category.c src/qi/category.h \
	src/qi/number.c src/qi/number.h \
	src/qi/detect.c src/qi/detect.h \
	src/qi/generalised.c src/qi/generalised.h \
	$(NULL)

if HAVE_CRITERION
check_PROGRAMS += \
	tests/unit/test-qi-spec tests/unit/test-postcode tests/unit/test-date \
	tests/unit/test-category tests/unit/test-number tests/unit/test-detect \
	tests/unit/test-generalised \
	$(NULL)
TESTS += \
	tests/unit/test-qi-spec tests/unit/test-postcode tests/unit/test-date \
	tests/unit/test-category tests/unit/test-number tests/unit/test-detect \
	tests/unit/test-generalised \
	$(NULL)
endif
tests_unit_test_qi_spec_LDADD = $(RR_TEST_LIBS)
tests_unit_test_postcode_LDADD = $(RR_TEST_LIBS)
tests_unit_test_date_LDADD = $(RR_TEST_LIBS)
tests_unit_test_category_LDADD = $(RR_TEST_LIBS)
tests_unit_test_number_LDADD = $(RR_TEST_LIBS)
tests_unit_test_detect_LDADD = $(RR_TEST_LIBS)
tests_unit_test_generalised_LDADD = $(RR_TEST_LIBS)

EXTRA_DIST += \
	doc/quasi-identifiers.md \
	tests/data/qi/README.md \
	tests/data/qi/ethnic-groups.csv \
	tests/data/qi/map-ragged.csv \
	tests/data/qi/map-empty-group.csv \
	tests/data/qi/map-duplicate.csv \
	tests/data/qi/map-header-only.csv \
	tests/data/qi/map-three-columns.csv \
	$(NULL)
