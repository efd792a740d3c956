#!/bin/sh
# Tests of scripts/calibrate's argument checking: every bad option exits 2
# with a message and creates nothing; --help exits 0; a missing
# bench-syscall or bench-stat exits 1 and says how to build it.  Needs no
# measuring tool (arguments are checked before the tools are looked for).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cal=$top/scripts/calibrate
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

# usage_error ARGS...: exit 2, a "calibrate:" message, no output directory.
usage_error() {
	rm -rf "$tmp/out"
	"$cal" -q -o "$tmp/out" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
	if [ $rc = 2 ] && grep -q '^calibrate: ' "$tmp/stderr" &&
		[ ! -e "$tmp/out" ]; then
		ok "exit 2: $*"
	else
		bad "exit 2: $* (got $rc: $(head -n 1 "$tmp/stderr"))"
	fi
}

usage_error --bogus
usage_error extra-word
usage_error --trials
usage_error --trials 0
usage_error --trials abc
usage_error --trials=-3
usage_error --delta-trials 0
usage_error --design bogus
usage_error --runs 1
usage_error --samples 0
usage_error --samples 1e3
usage_error --seconds 0
usage_error --seconds x
usage_error --budgets ''
usage_error --budgets 3,,10
usage_error --budgets 3,-1
usage_error --budget-trials 0
usage_error --resolve-trials x
usage_error --resolve-target 0
usage_error --resolve-target abc%
usage_error --resolve-seconds 0
usage_error --block-ms 0
usage_error --order abc
usage_error --pad-big 5
usage_error --pad-seconds -1
usage_error --pad-runs 1
usage_error -c 42
usage_error --confidence=97
usage_error --alpha 0.3
usage_error --deltas ''
usage_error --deltas x
usage_error --deltas 0
usage_error --deltas 0%
usage_error --deltas 1%,,2%
usage_error --deltas 5,-1
usage_error --deltas 2000%
usage_error --deltas 1,2,3,4,5,6,7,8,9,10,11,12,13
usage_error --syscall 'get pid'
usage_error --cpu -1
usage_error --seed x
usage_error --bench-args "'unbalanced"

# A non-empty output directory is refused (data is never mixed or lost).
mkdir -p "$tmp/full" && echo keep >"$tmp/full/old.txt"
"$cal" -q -o "$tmp/full" --quick >/dev/null 2>"$tmp/stderr"
rc=$?
if [ $rc = 2 ] && grep -q 'not empty' "$tmp/stderr" &&
	[ "$(cat "$tmp/full/old.txt")" = keep ] &&
	[ "$(ls "$tmp/full")" = old.txt ]; then
	ok "non-empty output directory: exit 2, left alone"
else
	bad "non-empty output directory (got $rc)"
fi

# --help: exit 0, the usage text names every option the tests above use.
if "$cal" --help >"$tmp/help" 2>&1; then
	miss=""
	for o in --design --syscall --deltas --trials --delta-trials --seconds \
		--budgets --budget-trials --resolve-trials --resolve-target \
		--resolve-seconds --block-ms --order --pad-big --pad-seconds \
		--pad-runs --pad-only --runs --samples --confidence --alpha --cpu \
		--bench-args --seed --quick --output --quiet; do
		grep -q -- "$o" "$tmp/help" || miss="$miss $o"
	done
	[ -z "$miss" ] && ok "--help lists the options" ||
		bad "--help misses:$miss"
else
	bad "--help exit status"
fi

# Missing tools: exit 1 and a message that says what to build.
BENCH_SYSCALL=$tmp/none/bench-syscall "$cal" -q -o "$tmp/o1" --quick \
	>/dev/null 2>"$tmp/stderr"
rc=$?
if [ $rc = 1 ] && grep -q 'bench-syscall not found' "$tmp/stderr"; then
	ok "missing bench-syscall: exit 1, clear message"
else
	bad "missing bench-syscall (got $rc: $(cat "$tmp/stderr"))"
fi
BENCH_STAT=$tmp/none/bench-stat BENCH_SYSCALL=/bin/true \
	"$cal" -q -o "$tmp/o2" --quick >/dev/null 2>"$tmp/stderr"
rc=$?
if [ $rc = 1 ] && grep -q 'bench-stat not found' "$tmp/stderr"; then
	ok "missing bench-stat: exit 1, clear message"
else
	bad "missing bench-stat (got $rc: $(cat "$tmp/stderr"))"
fi

# scripts/bench (make bench) checks its arguments before measuring.
for a in --bogus "--rounds 0" "--rounds x" "-o"; do
	# shellcheck disable=SC2086 # each case is a list of words
	"$top/scripts/bench" $a >/dev/null 2>"$tmp/stderr"
	rc=$?
	[ $rc = 2 ] && grep -q '^bench: ' "$tmp/stderr" &&
		ok "bench $a: exit 2" || bad "bench $a: exit $rc"
done

# bench/run-bench too.
for a in --bogus "--rounds 0" "--rounds x" "--samples 0" "-o"; do
	# shellcheck disable=SC2086 # each case is a list of words
	"$top/bench/run-bench" $a >/dev/null 2>"$tmp/stderr"
	rc=$?
	[ $rc = 2 ] && grep -q '^run-bench: ' "$tmp/stderr" &&
		ok "run-bench $a: exit 2" || bad "run-bench $a: exit $rc"
done

[ $fails = 0 ] && echo "test-calibrate-args: all passed" ||
	echo "test-calibrate-args: $fails failed"
[ $fails = 0 ]
