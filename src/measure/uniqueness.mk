## measure/uniqueness: sample-only population-uniqueness models (Pitman, Zayatz, SNB, Dankar)
## and the Benedetti-Franconi risk; included from Makefile.am.
src_libreidrisk_a_SOURCES += \
	src/measure/uniqueness.c src/measure/uniqueness.h \
	$(NULL)
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test-uniqueness
TESTS += tests/unit/test-uniqueness
endif
tests_unit_test_uniqueness_LDADD = $(RR_TEST_LIBS)
EXTRA_DIST += doc/uniqueness.md
