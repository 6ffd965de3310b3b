## search: the lattice of generalisation levels searched for the releases that meet a policy,
## and the generalised release written for the data owner (--apply)
src_libreidrisk_a_SOURCES += \
	src/search/lattice.c src/search/lattice.h \
	src/search/apply.c src/search/apply.h \
	$(NULL)
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test-lattice
TESTS += tests/unit/test-lattice
endif
tests_unit_test_lattice_LDADD = $(RR_TEST_LIBS)
