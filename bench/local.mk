## bench: `make bench` times `reidrisk audit` against `wc -l` on a 10-million-row synthetic
## release, generated once into $(builddir)/bench-data/ (`make bench-clean` removes it), then
## the linkage attacks (bench/attack.sh: audit --attack insurer and reidrisk link, 1M persons).
EXTRA_DIST += bench/bench.sh bench/attack.sh

bench: reidrisk$(EXEEXT)
	$(SHELL) $(srcdir)/bench/bench.sh $(abs_builddir)/reidrisk$(EXEEXT) \
	  $(abs_builddir)/bench-data $(abs_top_srcdir)/data/england
	$(SHELL) $(srcdir)/bench/attack.sh $(abs_builddir)/reidrisk$(EXEEXT) \
	  $(abs_builddir)/bench-data $(abs_top_srcdir)/data/england

bench-clean:
	-rm -rf $(builddir)/bench-data

.PHONY: bench bench-clean
