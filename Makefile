# bench-syscall: top-level build.  Each directory has its own Makefile with
# the targets all, test, install and clean; this one only walks them.

SUBDIRS := results bench stats entry scripts kernels tests/faults
PREFIX  ?= /usr/local
DESTDIR ?=
export PREFIX DESTDIR

.PHONY: all test test-quick install install-nightly deps bench clean $(SUBDIRS)

all:
	@for d in $(SUBDIRS); do $(MAKE) -C $$d all || exit 1; done

# Everything: unit tests, fuzzing, the kernel gate (build, boot, selftests).
# It installs what it needs first.
test: deps
	@$(MAKE) all
	@scripts/run-tests $(SUBDIRS)

# Unit tests only (no kernel build, no boots): for quick edit/test loops.
test-quick: all
	@QUICK=1 scripts/run-tests $(filter-out kernels,$(SUBDIRS))

deps:
	@scripts/deps

install: all
	@for d in $(SUBDIRS); do $(MAKE) -C $$d install || exit 1; done

install-nightly: install
	@$(MAKE) -C scripts install-nightly

# scripts/bench, then bench-syscall's memory against samples written;
# both run, the exit says whether both did
bench: all
	@rc=0; scripts/bench || rc=1; bench/memory-bench || rc=1; exit $$rc

clean:
	@for d in $(SUBDIRS); do $(MAKE) -C $$d clean; done
