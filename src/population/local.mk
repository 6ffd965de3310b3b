## population: population tables (loading, checking, reconciling) and the population frequency
## F of an equivalence class
src_libreidrisk_a_SOURCES += \
	src/population/tables.c src/population/tables.h src/population/tables-private.h \
	src/population/geography.c \
	src/population/poptable.c src/population/poptable.h \
	src/population/ipf.c src/population/ipf.h \
	src/population/frequency.c src/population/frequency.h src/population/frequency-private.h \
	src/population/codes.c src/population/codes.h \
	src/population/split.c src/population/split.h \
	$(NULL)
if HAVE_CRITERION
check_PROGRAMS += \
	tests/unit/test-population \
	tests/unit/test-population-frequency \
	tests/unit/test-population-ipf \
	$(NULL)
TESTS += \
	tests/unit/test-population \
	tests/unit/test-population-frequency \
	tests/unit/test-population-ipf \
	$(NULL)
endif
tests_unit_test_population_LDADD = $(RR_TEST_LIBS)
tests_unit_test_population_frequency_LDADD = $(RR_TEST_LIBS)
tests_unit_test_population_ipf_LDADD = $(RR_TEST_LIBS)
EXTRA_DIST += \
	doc/population-tables.md \
	doc/population-model.md \
	scripts/convert-england-population.py \
	tests/data/population/geography-only/population.ini \
	tests/data/population/mismatched-region/geography.csv \
	tests/data/population/mismatched-region/population.ini \
	tests/data/population/mismatched-sum/geography.csv \
	tests/data/population/mismatched-sum/population.ini \
	tests/data/population/missing-count/age-sex.csv \
	tests/data/population/missing-count/population.ini \
	tests/data/population/missing-date/births.csv \
	tests/data/population/missing-date/population.ini \
	tests/data/population/missing-region-rows/ethnicity.csv \
	tests/data/population/missing-region-rows/population.ini \
	tests/data/population/negative-count/geography.csv \
	tests/data/population/negative-count/population.ini \
	tests/data/population/no-births/population.ini \
	tests/data/population/tiny/age-sex.csv \
	tests/data/population/tiny/births.csv \
	tests/data/population/tiny/ethnicity-codes.csv \
	tests/data/population/tiny/ethnicity.csv \
	tests/data/population/tiny/geography.csv \
	tests/data/population/tiny/population.ini \
	tests/data/population/unknown-category/ethnicity.csv \
	tests/data/population/unknown-category/population.ini \
	tests/data/population/unknown-code/geography.csv \
	tests/data/population/unknown-code/population.ini \
	tests/data/population/unknown-region/ethnicity.csv \
	tests/data/population/unknown-region/population.ini \
	tests/data/population/wrong-total/population.ini \
	$(NULL)

# The England tables, installed where `reidrisk audit` looks by default (cmd/audit-population.c).
englandpopulationdir = $(pkgdatadir)/england/population
dist_englandpopulation_DATA = \
	data/england/population/README.md \
	data/england/population/population.ini \
	data/england/population/geography.csv \
	data/england/population/age-sex.csv \
	data/england/population/births.csv \
	data/england/population/ethnicity.csv \
	data/england/population/ethnicity-codes.csv \
	$(NULL)
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test-population-risk tests/unit/test-population-split
TESTS += tests/unit/test-population-risk tests/unit/test-population-split
endif
tests_unit_test_population_risk_LDADD = $(RR_TEST_LIBS)
tests_unit_test_population_split_LDADD = $(RR_TEST_LIBS)
TESTS += tests/cli/audit-population.sh
EXTRA_DIST += tests/cli/audit-population.sh tests/data/population/tiny-release.csv
