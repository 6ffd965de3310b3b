## load: the streaming CSV/TSV/gzip reader (csv)
src_libreidrisk_a_SOURCES += \
	src/load/csv.c src/load/csv.h \
	src/load/filehash.c src/load/filehash.h \
	$(NULL)
if HAVE_CRITERION
check_PROGRAMS += tests/unit/test-csv tests/unit/test-filehash
TESTS += tests/unit/test-csv tests/unit/test-filehash
endif
tests_unit_test_csv_LDADD = $(RR_TEST_LIBS)
tests_unit_test_filehash_LDADD = $(RR_TEST_LIBS)
EXTRA_DIST += \
	doc/csv.md \
	tests/data/load/README.md \
	tests/data/load/after-quote.csv \
	tests/data/load/bad-crc.csv.gz \
	tests/data/load/bom-blank.csv \
	tests/data/load/corrupt.csv.gz \
	tests/data/load/crlf.csv \
	tests/data/load/duplicate-header.csv \
	tests/data/load/empty.csv \
	tests/data/load/header-only.csv \
	tests/data/load/people-gz.csv \
	tests/data/load/people.csv \
	tests/data/load/people.csv.gz \
	tests/data/load/people.tsv \
	tests/data/load/people.tsv.gz \
	tests/data/load/quote-in-field.csv \
	tests/data/load/quoted.csv \
	tests/data/load/ragged-long.csv \
	tests/data/load/ragged.csv \
	tests/data/load/truncated.csv.gz \
	tests/data/load/two-members.csv.gz \
	tests/data/load/unterminated.csv \
	$(NULL)
