## policy: the named figures a policy bounds, policy files, the verdict
src_libreidrisk_a_SOURCES += \
	src/policy/figures.c src/policy/figures.h \
	src/policy/policy.c src/policy/policy.h \
	$(NULL)

policiesdir = $(pkgdatadir)/policies
dist_policies_DATA = \
	data/policies/public-release.ini \
	data/policies/controlled-access.ini \
	data/policies/small-numbers.ini \
	$(NULL)

if HAVE_CRITERION
check_PROGRAMS += tests/unit/test-policy
TESTS += tests/unit/test-policy
endif
tests_unit_test_policy_LDADD = $(RR_TEST_LIBS)
EXTRA_DIST += \
	doc/policies.md \
	tests/data/policy/README.md \
	tests/data/policy/k2.ini \
	tests/data/policy/every-model.ini \
	tests/data/policy/unmeasured.ini \
	tests/data/policy/unknown-figure.ini \
	tests/data/policy/wrong-bound.ini \
	tests/data/policy/both-bounds.ini \
	tests/data/policy/out-of-range.ini \
	tests/data/policy/not-a-number.ini \
	tests/data/policy/unknown-key.ini \
	tests/data/policy/no-rules.ini \
	tests/data/policy/no-header.ini \
	tests/data/policy/garbage.ini \
	scripts/example-reports.sh \
	$(NULL)
