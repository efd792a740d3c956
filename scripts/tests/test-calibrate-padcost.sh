#!/bin/sh
# Test of scripts/calibrate's pad-cost measurement (--pad-only): with a pad
# big enough that no noise can hide it (up to 20000 dependent imuls per
# call on the null op), the fitted cost per pad unit is positive and
# resolved, the run medians rise with the pad, and the report says so.
set -u
name=test-calibrate-padcost
. "$(dirname "$0")/lib-calibrate.sh"

out=$tmp/pad
if ! "$cal" --pad-only -q --pad-max 20000 --pad-runs 1 --samples 30 \
	-o "$out" >"$tmp/stdout" 2>"$tmp/stderr"; then
	bad "calibrate --pad-only"
	cat "$tmp/stderr"
	exit 1
fi
ok "calibrate --pad-only runs"
j=$out/calibrate.json
check "slope positive and resolved" jq -e '.pad_cost.slope > 0 and
	.pad_cost.slope > 3 * .pad_cost.slope_err and .pad_cost.resolved' "$j"
check "5 pad levels, 0 to 20000" jq -e '
	(.pad_cost.points | map(.pad)) == [0, 5000, 10000, 15000, 20000]' "$j"
# Independent of the fit: each level's median is above the one before.
check "run medians rise with the pad" awk -F '\t' '
	NR > 2 && $2 <= prev { bad = 1 } NR > 1 { prev = $2 } END { exit bad }' \
	"$out/padcost.tsv"
check "no trials in --pad-only" jq -e '.false_positive == null and
	.plan.pad_only and (.table | length) == 0' "$j"
check "summary states the pad cost" grep -q '^pad cost: [0-9.e+-]* ± ' "$tmp/stdout"
check "plot written" test -s "$out/calibrate.png" -a -s "$out/calibrate.svg"
check "only pad runs measured" test "$(find "$out/raw" -name '*.txt' | wc -l)" = 6

[ $fails = 0 ] && echo "test-calibrate-padcost: all passed" ||
	echo "test-calibrate-padcost: $fails failed"
[ $fails = 0 ]
