## cmd: one file per subcommand, plus the audit's choice of quasi-identifiers
src_libreidrisk_a_SOURCES += \
	src/cmd/cmd.h \
	src/cmd/cmdline.c \
	src/cmd/cmd-audit.c \
	src/cmd/cmd-link.c \
	src/cmd/audit-qis.c src/cmd/audit-qis.h \
	src/cmd/audit-population.c src/cmd/audit-population.h \
	src/cmd/audit-attacks.c src/cmd/audit-attacks.h \
	src/cmd/audit-decision.c src/cmd/audit-decision.h \
	src/report/classes-csv.c src/report/classes-csv.h \
	src/load/dict.c src/load/dict.h \
	src/load/fieldmap.c src/load/fieldmap.h \
	src/load/persons.c src/load/persons.h \
	src/load/dataset.c src/load/dataset.h \
	$(NULL)

TESTS += \
	tests/cli/audit-basic.sh \
	tests/cli/audit-errors.sh \
	tests/cli/audit-outputs.sh \
	tests/cli/policy.sh \
	$(NULL)
EXTRA_DIST += \
	tests/cli/audit-basic.sh tests/cli/audit-errors.sh tests/cli/audit-outputs.sh \
	tests/cli/manpage.sh tests/cli/policy.sh \
	tests/data/audit/small.csv tests/data/audit/moved.csv tests/data/audit/README.md \
	$(NULL)
