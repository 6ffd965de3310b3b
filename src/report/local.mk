## report: writers only (XML results, HTML report with its SVG chart); they compute nothing
src_libreidrisk_a_SOURCES += \
	src/report/format.c src/report/format.h \
	src/report/svg.c src/report/svg.h \
	src/report/xml.c src/report/xml.h \
	src/report/xml-population.c src/report/xml-population.h \
	src/report/xml-attack.c src/report/xml-attack.h \
	src/report/xml-link.c src/report/xml-link.h \
	src/report/html.c src/report/html.h \
	src/report/html-population.c src/report/html-population.h \
	src/report/html-attack.c src/report/html-attack.h \
	src/report/html-link.c src/report/html-link.h \
	src/report/decision-words.c src/report/decision-words.h \
	src/report/xml-decision.c src/report/xml-decision.h \
	src/report/html-decision.c src/report/html-decision.h \
	src/report/html-tree.c src/report/html-tree.h \
	src/report/xml-tree.c src/report/xml-tree.h \
	$(NULL)

if HAVE_CRITERION
check_PROGRAMS += \
	tests/unit/test-report-format \
	tests/unit/test-report-xml \
	tests/unit/test-report-html \
	$(NULL)
TESTS += \
	tests/unit/test-report-format \
	tests/unit/test-report-xml \
	tests/unit/test-report-html \
	$(NULL)
endif
tests_unit_test_report_format_LDADD = $(RR_TEST_LIBS)
tests_unit_test_report_xml_LDADD = $(RR_TEST_LIBS)
tests_unit_test_report_html_LDADD = $(RR_TEST_LIBS)

EXTRA_DIST += \
	doc/results.md \
	tests/data/report/small.xml \
	tests/data/report/later.xml \
	tests/data/report/no-risk.xml \
	tests/data/report/share-above-one.xml \
	tests/data/report/bad-count.xml \
	$(NULL)

TESTS += tests/cli/render.sh
EXTRA_DIST += tests/cli/render.sh
