## scan: direct identifiers, weak pseudonyms and objections (`reidrisk scan`)
## libcrypto (OpenSSL), for the dictionary attack's hashes, is linked by the top Makefile.am.
src_libreidrisk_a_SOURCES += \
	src/scan/nhs.c src/scan/nhs.h \
	src/scan/names.c src/scan/names.h \
	src/scan/identifiers.c src/scan/identifiers.h \
	src/scan/pseudonym.c src/scan/pseudonym.h \
	src/scan/objections.c src/scan/objections.h \
	src/scan/scan.c src/scan/scan.h \
	src/report/scan-xml.c src/report/scan-xml.h \
	src/report/scan-html.c src/report/scan-html.h \
	src/cmd/cmd-scan.c \
	src/cmd/scan-options.c src/cmd/scan-options.h \
	$(NULL)

namesdir = $(pkgdatadir)/names
dist_names_DATA = data/names/forenames.txt data/names/surnames.txt data/names/PROVENANCE.md

if HAVE_CRITERION
check_PROGRAMS += \
	tests/unit/test-scan-nhs \
	tests/unit/test-scan-identifiers \
	tests/unit/test-scan-pseudonym \
	tests/unit/test-scan \
	$(NULL)
TESTS += \
	tests/unit/test-scan-nhs \
	tests/unit/test-scan-identifiers \
	tests/unit/test-scan-pseudonym \
	tests/unit/test-scan \
	$(NULL)
endif
tests_unit_test_scan_nhs_LDADD = $(RR_TEST_LIBS)
tests_unit_test_scan_identifiers_LDADD = $(RR_TEST_LIBS)
tests_unit_test_scan_pseudonym_LDADD = $(RR_TEST_LIBS)
tests_unit_test_scan_LDADD = $(RR_TEST_LIBS)

TESTS += tests/cli/scan.sh tests/cli/scan-transforms.sh tests/cli/audit-scan.sh
EXTRA_DIST += \
	tests/cli/scan.sh \
	tests/cli/scan-transforms.sh \
	tests/cli/audit-scan.sh \
	tests/data/scan/make-fixtures.py \
	tests/data/scan/transforms.csv \
	tests/data/scan/transforms-previous.csv \
	tests/data/scan/quick-hmac.csv \
	tests/data/scan/objections-forms.txt \
	tests/data/scan/objections-pseudonyms-sha256.txt \
	tests/data/scan/audit-release.csv \
	tests/data/scan/README.md \
	tests/data/scan/release.csv \
	tests/data/scan/hmac.csv \
	tests/data/scan/previous.csv \
	tests/data/scan/objections-nhs.txt \
	tests/data/scan/objections-pseudonyms.txt \
	tests/data/scan/objections-bad.txt \
	doc/scan.md \
	doc/scan.xsd \
	doc/scan-results.xsd \
	doc/performance-scan.md \
	$(NULL)
