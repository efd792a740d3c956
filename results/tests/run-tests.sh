#!/bin/sh
# results/ tests: run each test program given (kernel selftest output,
# [RUN]/[OK]/[FAIL]); closes with "results: N passed, N failed" (programs).
# Run from results/ by `make test`.
set -u
pass=0
fail=0
for t in "$@"; do
	"$t"
	rc=$?
	if [ "$rc" = 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $t (exit $rc)"
	fi
done
echo "results: $pass passed, $fail failed"
[ "$fail" = 0 ]
