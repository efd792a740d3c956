#!/bin/sh
# scripts/calibrate --design separate (the old design: separate runs per
# side, interleaved, judged on run medians) with tiny settings: the plan's
# runs are all measured and kept, calibrate.json says the design and carries
# the same per-delta fields, and a +50% delta is found at least once.
set -u
name=test-calibrate-separate
. "$(dirname "$0")/lib-calibrate.sh"

out=$tmp/sep
"$cal" -q --design separate --trials 2 --delta-trials 2 --deltas 50% \
	--runs 3 --samples 60 --pad-runs 2 --ref-seconds 0.3 --seed 3 -o "$out" \
	>"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
if [ $rc != 0 ]; then
	bad "calibrate --design separate exit $rc"
	cat "$tmp/stderr"
	exit 1
fi
ok "calibrate --design separate runs"
# pad cost: 2 runs x 3 pads; the reference run; trials: 2 x 3 rounds x
# (A, A', +50%)
n=$(find "$out/raw" -name '*.txt' | wc -l)
[ "$n" = 25 ] && ok "25 results files kept" || bad "results files: $n, want 25"
check "every run but the reference is one block at one pad" sh -c "! grep -L '^#% blocks: 1\$' \$(find '$out/raw' -name '*.txt' ! -path '*/reference/*') | grep -q ."
j=$out/calibrate.json
check "JSON: design separate, plan" jq -e '.design == "separate" and
	.plan.runs_per_side == 3 and .plan.samples_per_run == 60' "$j"
check "JSON: A/A and +50% with the documented fields" jq -e '
	(.deltas | length) == 2 and .deltas[0].pad == 0 and .deltas[0].trials == 2 and
	.deltas[1].trials == 2 and
	all(.deltas[]; has("delta_pct") and has("detected") and has("ci_cover"))' "$j"
check "JSON: +50% found" jq -e '.deltas[1].detected >= 1' "$j"
check "JSON: one MDD point, the trial's seconds" jq -e '
	(.budgets | length) == 1 and .budgets[0].seconds_per_side > 0 and .budgets[0].mdd > 0' "$j"
check "judged on run medians, 3 runs a side" sh -c "jq -e '.cells[0].comparisons[0].level == \"run\" and .cells[0].sides[0].runs == 3' '$out'/json/t001-d1.json"
check "summary names the design" grep -q 'design separate' "$out/summary.txt"

[ $fails = 0 ] && echo "test-calibrate-separate: all passed" ||
	echo "test-calibrate-separate: $fails failed"
[ $fails = 0 ]
