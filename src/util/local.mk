## util: errors, atomic outputs, the shipped data's directory, hash mixes, autocleanups
src_libreidrisk_a_SOURCES += \
	src/util/error.c src/util/error.h \
	src/util/data-dir.c src/util/data-dir.h \
	src/util/output.c src/util/output.h \
	src/util/bigmem.c src/util/bigmem.h \
	src/util/idle.c src/util/idle.h \
	src/util/keyfile-line.c src/util/keyfile-line.h \
	src/util/hash.h \
	src/util/autocleanups.h \
	$(NULL)
