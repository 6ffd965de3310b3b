## synth: the synthetic release generator (`reidrisk synth`), its tables and its tests
src_libreidrisk_a_SOURCES += \
	src/synth/tables.c src/synth/tables.h \
	src/synth/units.c src/synth/units.h \
	src/synth/diagnoses.c src/synth/diagnoses.h \
	src/synth/synth.c src/synth/synth.h \
	src/cmd/cmd-synth.c \
	$(NULL)

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test-synth
TESTS += tests/unit/test-synth
endif
tests_unit_test_synth_LDADD = $(RR_TEST_LIBS)

TESTS += tests/cli/synth.sh
EXTRA_DIST += tests/cli/synth.sh
EXTRA_DIST += doc/synth.md
