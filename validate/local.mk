## validate: `make validate` runs the population model against the known truth of a synthetic
## population (doc/validation.md); the population is drawn once into $(builddir)/validate-data/.
EXTRA_PROGRAMS = validate/validate
EXTRA_DIST += validate/validate.c
validate_validate_SOURCES = validate/validate.c
validate_validate_LDADD = $(LDADD)
CLEANFILES += validate/validate$(EXEEXT)
VALIDATE_PERSONS = 2000000

validate: validate/validate$(EXEEXT)
	validate/validate$(EXEEXT) $(abs_top_srcdir)/data/england/population \
	  $(abs_top_srcdir)/data/england $(abs_builddir)/validate-data $(VALIDATE_PERSONS) \
	  > validate-results.md
	@echo "validate: results in validate-results.md (doc/validation.md quotes them)"

validate-clean:
	-rm -rf $(builddir)/validate-data validate-results.md

.PHONY: validate validate-clean
