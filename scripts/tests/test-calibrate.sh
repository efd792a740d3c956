#!/bin/sh
# scripts/calibrate end to end, in-process design (the default), with tiny
# settings on the real bench-syscall and bench-stat: every file is written;
# calibrate.json carries the design and, per delta, delta_pct, trials,
# detected and ci_cover with their intervals, per budget seconds_per_side
# and mdd_pct; a +50% delta is detected in every trial; the A/A count is
# the number of A/A trials whose verdict was "different"; every run is
# kept and complete.  Nothing here depends on how fast the machine is.
set -u
name=test-calibrate
. "$(dirname "$0")/lib-calibrate.sh"

out=$tmp/cal
"$cal" -q --trials 3 --delta-trials 2 --deltas 50%,3 --seconds 0.3 \
	--budgets 0.3,0.6 --budget-trials 1 --resolve-trials 2 \
	--resolve-seconds 0.3 --pad-seconds 0.3 --ref-seconds 0.5 --seed 7 -o "$out" \
	>"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
if [ $rc != 0 ]; then
	bad "calibrate exit $rc"
	cat "$tmp/stderr"
	exit 1
fi
ok "calibrate runs"

for f in summary.txt calibrate.json trials.tsv power.tsv mdd.tsv plot.gp \
	calibrate.png calibrate.svg; do
	check "writes $f" test -s "$out/$f"
done
check "stdout is the summary" grep -q '^false positives: [0-9]*/3 = ' "$tmp/stdout"
check "summary: false positives under --resolve" \
	grep -q '^false positives under --resolve 1% .*: [0-9]*/2 = ' "$out/summary.txt"
check "summary: MDD table" grep -q '^minimum detectable difference' "$out/summary.txt"
check "summary: targets, one per line" grep -q "^  \(met\|NOT MET\) *interval coverage >= 0.93 (+50%): " "$out/summary.txt"
check "JSON: targets" jq -e "(.targets | length) >= 4 and all(.targets[]; has(\"target\") and has(\"met\"))" "$out/calibrate.json"
check "PNG signature" sh -c "head -c 8 '$out/calibrate.png' | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a'"
check "SVG shows both panels" sh -c "grep -q 'power (bench' '$out/calibrate.svg' && grep -q 'minimum detectable' '$out/calibrate.svg'"

# Runs: pad cost, a reference per delta, 3 A/A, 2 x 2 deltas, 2 under
# --resolve, 1 budget run (the 0.3 s budget reuses the A/A trials): 13
# files, each one run of bench-syscall, complete.
n=$(find "$out/raw" -name '*.txt' | wc -l)
[ "$n" = 13 ] && ok "13 results files kept" || bad "results files: $n, want 13"
inc=0
for f in $(find "$out/raw" -name '*.txt'); do
	tail -n 1 "$f" | grep -q '^#% end: complete' || inc=$((inc + 1))
done
[ $inc = 0 ] && ok "every run complete" || bad "$inc runs not complete"
check "A/A runs alternate pad=100 with pad=100" sh -c "grep -l '^#% variants: pad=100,pad=100~2\$' '$out'/raw/aa/*.txt | wc -l | grep -qx 3"
t=$(jq -r '.resolve.target_unit' "$out/calibrate.json")
check "resolve runs: target 1% of the base, in the unit, in their header" sh -c "grep -l '^#% resolve.target: $t\$' '$out'/raw/resolve/*.txt | wc -l | grep -qx 2"
check "pad cost run: pad=0,pad=100,pad=1100" grep -q "^#% variants: pad=0,pad=100,pad=1100$" "$out/raw/padcost.txt"
check "no temporary files left" sh -c "! find '$out' -name '*.tmp' | grep -q ."

j=$out/calibrate.json
check "JSON: design inprocess, plan" jq -e '.design == "inprocess" and
	.plan.trials == 3 and .plan.delta_trials == 2 and
	.plan.seconds_per_side == 0.3 and .syscall == "getppid" and .alpha == 0.05' "$j"
check "JSON: pad cost from bench-stat, divided by the pad" jq -e '
	.pad_cost.per_unit > 0 and .pad_cost.per_unit_ci[0] > 0 and
	((.pad_cost.per_unit * 1000 - .pad_cost.diff) | fabs) < 1e-9 * .pad_cost.diff and
	.pad_cost.base > 0' "$j"
check "JSON: per delta the documented fields" jq -e '
	(.deltas | length) == 3 and
	all(.deltas[]; has("delta_pct") and has("trials") and has("detected") and
	    has("ci_cover") and has("ci_cover_ci") and has("power_ci") and
	    .detected <= .trials and .ci_covered <= .trials)' "$j"
check "JSON: A/A first, delta 0, 3 trials" jq -e '
	.deltas[0].delta_pct == 0 and .deltas[0].pad == 0 and .deltas[0].trials == 3 and
	.false_positive.trials == 3 and .false_positive.detected == .deltas[0].detected' "$j"
check "JSON: +50% is about 50% and a pad of 3 is 3 units" jq -e '
	.deltas[1].spec == "50%" and
	((.deltas[1].pad * .pad_cost.per_unit - 0.5 * .pad_cost.base) | fabs) <= .pad_cost.per_unit / 2 and
	all(.deltas[]; ((.delta_pct - 100 * .expected / $b) | fabs) < 1e-9) and
	.deltas[2].spec == "3" and .deltas[2].pad == 3 and
	((.deltas[2].expected_linear - 3 * .pad_cost.per_unit) | fabs) < 1e-9' \
	--argjson b "$(jq .pad_cost.base "$j")" "$j"
check "JSON: known deltas from the reference run, inside their intervals" jq -e '
	all(.deltas[1:][]; .expected_ci[0] <= .expected and .expected <= .expected_ci[1]) and
	.reference.files == ["raw/reference/pad3.txt", "raw/reference/pad\(.deltas[1].pad).txt"]' "$j"
check "reference runs: pad=100 against the delta's pad" grep -q '^#% variants: pad=100,pad=103$' "$out/raw/reference/pad3.txt"
check "JSON: spread of the estimates and median half-width per delta" jq -e '
	all(.deltas[]; .diff_sd >= 0 and .median_half_width > 0)' "$j"
check "summary: the spread line" grep -q "^spread of the trials' estimates" "$out/summary.txt"
check "JSON: +50% detected in every trial, right sign" jq -e '
	.deltas[1].trials == 2 and .deltas[1].detected == 2 and .deltas[1].wrong_sign == 0' "$j"
check "JSON: budgets 0.3 and 0.6 s per side with bench-stat's mdd" jq -e '
	(.budgets | map(.seconds_per_side)) == [0.3, 0.6] and
	all(.budgets[]; .mdd > 0 and .mdd_pct > 0 and .trials >= 1)' "$j"
check "JSON: resolve series, 2 trials" jq -e '.resolve.trials == 2 and
	.resolve.target == "1%" and .resolve.detected <= 2 and
	((.resolve.target_unit - .pad_cost.base / 100) | fabs) < 1e-3 * .resolve.target_unit' "$j"

# The counts are the trials' verdicts (trials.tsv), counted independently.
aa=$(awk -F '\t' '$1 == "aa" && $8 == "different"' "$out/trials.tsv" | wc -l)
check "A/A detected = A/A trials judged different" jq -e --argjson n "$aa" \
	'.false_positive.detected == $n' "$j"
check "trials.tsv: one row per trial" test "$(($(wc -l <"$out/trials.tsv") - 1))" = 10
check "trials.tsv: every verdict paired, interval brackets the estimate" awk -F '\t' '
	NR > 1 && !($12 <= $11 && $11 <= $13) { bad = 1 } END { exit bad }' "$out/trials.tsv"

# Wilson intervals: from bench-stat --rate where it has it (else null, said).
if "${BENCH_STAT:-$top/stats/bench-stat}" --rate 1/2 --json >/dev/null 2>&1; then
	check "JSON: every rate has its interval around it" jq -e '
		all(.deltas[]; .power_ci[0] <= .power and .power <= .power_ci[1] and
		    .ci_cover_ci[0] <= .ci_cover and .ci_cover <= .ci_cover_ci[1]) and
		(.false_positive.ci | length) == 2 and (.resolve.ci | length) == 2' "$j"
else
	check "JSON: no --rate: intervals null and a warning" jq -e '
		all(.deltas[]; .power_ci == null) and
		any(.warnings[]; test("no --rate"))' "$j"
fi

[ $fails = 0 ] && echo "test-calibrate: all passed" ||
	echo "test-calibrate: $fails failed"
[ $fails = 0 ]
