## data: the public tables (read by `reidrisk synth`) and the example release, installed under
## $(pkgdatadir)/england and $(pkgdatadir)/examples and shipped in the tarball.
englanddir = $(pkgdatadir)/england
dist_england_DATA = \
	data/england/LICENCE \
	data/england/SOURCES.md \
	data/england/england_census2011_ethnic_group_by_region.csv \
	data/england/england_census2021_ethnic_group_by_region.csv \
	data/england/england_gp_practice_list_size_2021_01.csv \
	data/england/england_la_mye2020_age_sex.csv.gz \
	data/england/england_mye2020_age_sex.csv \
	data/england/england_postcode_district_census2011_population.csv \
	data/england/ew_births_by_day_of_year_1995_2014.csv \
	data/england/ew_msoa_mye2020_age.csv.gz \
	$(NULL)
EXTRA_DIST += data/england/extract_england_tables.py

examplesdir = $(pkgdatadir)/examples
dist_examples_DATA = \
	data/examples/README.md \
	data/examples/example.csv \
	$(NULL)

## the library of attack scenarios (reidrisk audit --attack NAME), installed under
## $(pkgdatadir)/scenarios
scenariosdir = $(pkgdatadir)/scenarios
dist_scenarios_DATA = \
	data/scenarios/data-broker.ini \
	data/scenarios/electoral-register.ini \
	data/scenarios/insurer.ini \
	data/scenarios/nosy-neighbour.ini \
	$(NULL)
