## fuzz: libFuzzer target for the CSV reader, built with clang only on request (not in check).
##   make fuzz FUZZ_SECONDS=60   runs it on tests/fuzz/corpus/, saving new inputs under
##                               tests/fuzz/found/ in the build tree (crashes as crash-*);
##   make fuzz-merge             adds the found inputs that reach new code to the corpus.
FUZZ_SECONDS = 60
FUZZ_CC = clang-14
FUZZ_CFLAGS = -std=gnu11 -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_SRC = \
	$(srcdir)/tests/fuzz/fuzz-csv.c \
	$(srcdir)/src/load/csv.c \
	$(srcdir)/src/load/filehash.c \
	$(srcdir)/src/load/fieldmap.c \
	$(srcdir)/src/util/bigmem.c \
	$(srcdir)/src/util/idle.c \
	$(srcdir)/src/util/error.c \
	$(NULL)

tests/fuzz/fuzz-csv: $(FUZZ_SRC) $(srcdir)/src/load/csv.h
	$(AM_V_CC)$(MKDIR_P) tests/fuzz && $(FUZZ_CC) $(FUZZ_CFLAGS) \
	  -I$(top_srcdir)/src -I$(top_builddir) $(GLIB_CFLAGS) $(ZLIB_CFLAGS) $(GSL_CFLAGS) \
	  -o $@ $(FUZZ_SRC) $(GLIB_LIBS) $(ZLIB_LIBS) $(CRYPTO_LIBS) $(GSL_LIBS) -lm

fuzz: tests/fuzz/fuzz-csv
	$(MKDIR_P) tests/fuzz/found
	cd tests/fuzz && ./fuzz-csv -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 \
	  found $(abs_top_srcdir)/tests/fuzz/corpus

fuzz-merge: tests/fuzz/fuzz-csv
	tests/fuzz/fuzz-csv -merge=1 -max_len=4096 $(top_srcdir)/tests/fuzz/corpus tests/fuzz/found

clean-local: clean-fuzz
clean-fuzz:
	rm -rf tests/fuzz/fuzz-csv tests/fuzz/found

.PHONY: fuzz fuzz-merge clean-fuzz
EXTRA_DIST += \
	tests/fuzz/fuzz-csv.c \
	tests/fuzz/corpus \
	$(NULL)
