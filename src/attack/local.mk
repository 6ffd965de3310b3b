## attack: scenarios, the Monte Carlo linkage attack, and record linkage (`reidrisk link`)
src_libreidrisk_a_SOURCES += \
	src/attack/scenario.c src/attack/scenario.h \
	src/attack/frame.c src/attack/frame.h \
	src/attack/projection.c src/attack/projection.h \
	src/attack/model.c src/attack/model.h src/attack/model-private.h \
	src/attack/draw.c \
	src/attack/match.c \
	src/attack/simulate.c src/attack/simulate.h \
	src/measure/attack-result.c src/measure/attack-result.h \
	$(NULL)

if HAVE_CRITERION
check_PROGRAMS += \
	tests/unit/test-attack-scenario \
	tests/unit/test-attack-frame \
	tests/unit/test-attack-simulate \
	tests/unit/test-attack-fs \
	tests/unit/test-attack-link \
	$(NULL)
TESTS += \
	tests/unit/test-attack-scenario \
	tests/unit/test-attack-frame \
	tests/unit/test-attack-simulate \
	tests/unit/test-attack-fs \
	tests/unit/test-attack-link \
	$(NULL)
endif
tests_unit_test_attack_scenario_LDADD = $(RR_TEST_LIBS)
tests_unit_test_attack_frame_LDADD = $(RR_TEST_LIBS)
tests_unit_test_attack_simulate_LDADD = $(RR_TEST_LIBS)
tests_unit_test_attack_fs_LDADD = $(RR_TEST_LIBS)
tests_unit_test_attack_link_LDADD = $(RR_TEST_LIBS)
EXTRA_DIST += \
	tests/data/attack/README.md \
	tests/data/attack/three.csv \
	tests/data/attack/tiny.csv \
	tests/data/attack/link-release.csv \
	tests/data/attack/link-aux.csv \
	$(NULL)
src_libreidrisk_a_SOURCES += \
	src/attack/fs.c src/attack/fs.h \
	src/attack/link.c src/attack/link.h \
	$(NULL)

TESTS += tests/cli/attack.sh tests/cli/link.sh
EXTRA_DIST += tests/cli/attack.sh tests/cli/link.sh
