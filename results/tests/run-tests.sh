#!/bin/sh
# make -C results test: run each unit test of the library given; each prints
# [RUN]/[OK]/[FAIL] lines.  Exit 1 when one fails.
rc=0
for t in "$@"; do
	"$t" || { echo "[FAIL]	$(basename "$t"): exit status $?"; rc=1; }
done
exit $rc
