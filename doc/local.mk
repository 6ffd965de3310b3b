## doc: the man page (installed), the schema and the method notes (distributed)
dist_man1_MANS = doc/reidrisk.1
EXTRA_DIST += \
	doc/methods.md \
	doc/performance.md \
	doc/performance-decision.md \
	doc/results.xsd \
	doc/validation.md doc/validation-results.md doc/validation-results-10m.md \
	README.md \
	$(NULL)
TESTS += tests/cli/manpage.sh
EXTRA_DIST += doc/attacks.md
