#!/bin/sh
# scripts/calibrate --pad-only: the pad cost is bench-stat's paired estimate
# of pad=P0 vs pad=P0+--pad-big in one run, divided by the pad; with 20000
# dependent imuls per call no noise can hide it, so it is positive and its
# interval excludes 0; no trial is run.
set -u
name=test-calibrate-padcost
. "$(dirname "$0")/lib-calibrate.sh"

out=$tmp/pad
if ! "$cal" --pad-only -q --pad-big 20000 --pad-seconds 0.3 \
	-o "$out" >"$tmp/stdout" 2>"$tmp/stderr"; then
	bad "calibrate --pad-only"
	cat "$tmp/stderr"
	exit 1
fi
ok "calibrate --pad-only runs"
j=$out/calibrate.json
check "per-unit cost positive, interval above 0" jq -e '
	.pad_cost.per_unit > 0 and .pad_cost.per_unit_ci[0] > 0 and
	.pad_cost.per_unit_ci[0] <= .pad_cost.per_unit and
	.pad_cost.per_unit <= .pad_cost.per_unit_ci[1] and .pad_cost.pad == 20000' "$j"
# bench-stat's own verdict on the same file says B (pad=20000) is slower
# by the diff calibrate recorded.
"${BENCH_STAT:-$top/stats/bench-stat}" --json --by variant --paired --baseline pad=100 \
	"$out/raw/padcost.txt" >"$tmp/own.json" 2>/dev/null
check "pad cost is bench-stat's diff of pad=100 vs pad=20100" jq -e --slurpfile own "$tmp/own.json" '
	($own[0].sides | map(.label)) as $l |
	[$own[0].cells[0].comparisons[] | select($l[.b] == "pad=20100")][0].diff as $d |
	.pad_cost.diff == $d and .pad_cost.pad_base == 100' "$j"
check "pad cost run: pad 0 (the base), 100 and 20100 in one run" \
	grep -q '^#% variants: pad=0,pad=100,pad=20100$' "$out/raw/padcost.txt"
check "no trials in --pad-only" jq -e '.false_positive == null and
	.plan.pad_only and (.deltas | length) == 0 and (.budgets | length) == 0' "$j"
check "summary states the pad cost" grep -q '^pad cost: [0-9.e+-]* [a-z-]* per pad unit' "$tmp/stdout"
check "no plot (nothing to plot)" test ! -e "$out/calibrate.png"
check "only the pad-cost run measured" test "$(find "$out/raw" -name '*.txt' | wc -l)" = 1

[ $fails = 0 ] && echo "test-calibrate-padcost: all passed" ||
	echo "test-calibrate-padcost: $fails failed"
[ $fails = 0 ]
