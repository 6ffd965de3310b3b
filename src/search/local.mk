## search: the lattice of generalisation levels searched for the releases that meet a policy,
## and the generalised release written for the data owner (--apply)
src_libreidrisk_a_SOURCES += \
	$(NULL)
