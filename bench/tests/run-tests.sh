#!/bin/sh
# make -C bench test: the C unit tests and the shell tests; each prints
# PASS/FAIL/SKIP lines; the closing line counts them.
here=$(cd "$(dirname "$0")" && pwd)
build=$here/../build
out=$(mktemp /tmp/bench-tests.XXXXXX)
for t in "$build"/test-opts "$build"/test-env "$build"/test-clocks \
	 "$build"/test-summary "$build"/test-nogsl; do
	"$t" || echo "FAIL $(basename "$t"): exit status $?"
done | tee -a "$out"

for t in "$here"/test-*.sh; do
	echo "--- $(basename "$t")" >&2
	sh "$t" || echo "FAIL $(basename "$t"): exit status $?"
done | tee -a "$out"
p=$(grep -c '^PASS' "$out"); f=$(grep -c '^FAIL' "$out")
s=$(grep -c '^SKIP' "$out")
rm -f "$out"
echo "bench: $p passed, $f failed, $s skipped"
[ "$f" = 0 ]
