#!/bin/sh
# Tests of scripts/calibrate end to end with tiny settings: it runs the
# real bench-syscall and bench-stat, and produces the table (text, TSV,
# JSON) and the plot (PNG, SVG) with the expected structure: one row per
# configuration and runs-per-side, counts that add up, rates inside [0,1],
# every comparison judged at run level, every measured run kept.  Nothing
# here depends on how fast or noisy the machine is.
set -u
name=test-calibrate
. "$(dirname "$0")/lib-calibrate.sh"

# 2 trials, 3 runs per side (judged with 2 and 3), deltas: 60 pad units
# and 20% of the base cost; one run per pad level.
out=$tmp/cal
"$cal" --quick -q --trials 2 --runs 3 --samples 40 --pad-runs 1 \
	--pad-max 400 --deltas 60,20% --seed 7 -o "$out" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
if [ $rc != 0 ]; then
	bad "calibrate --quick exit $rc"
	cat "$tmp/stderr"
	exit 1
fi
ok "calibrate --quick runs"

for f in summary.txt calibrate.json calibrate.tsv trials.tsv power.tsv \
	mdd.tsv padcost.tsv deltas.tsv runs.tsv plot.gp calibrate.png calibrate.svg; do
	check "writes $f" test -s "$out/$f"
done
check "stdout is the summary" grep -q '^false positives (run level): [0-9]*/2 ' "$tmp/stdout"
check "summary has the naive per-sample line" \
	grep -q '^false positives (naive per-sample test): [0-9]*/2 ' "$out/summary.txt"
check "summary has the MDD table" grep -q '^minimum detectable difference' "$out/summary.txt"
check "PNG signature" sh -c "head -c 8 '$out/calibrate.png' | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a'"
check "SVG document" grep -q '<svg' "$out/calibrate.svg"
check "SVG shows the three panels" sh -c "grep -c 'detection rate\|minimum detectable\|pad cost' '$out/calibrate.svg' | grep -qv '^[012]\$'"

# Every run was kept, complete: 6 pad-cost runs (base + 5 levels) and
# 2 trials x 3 rounds x 4 configurations (A, A', two deltas).
n=$(find "$out/raw" -name '*.txt' | wc -l)
[ "$n" = 30 ] && ok "30 results files kept" || bad "results files: $n, want 30"
inc=0
for f in $(find "$out/raw" -name '*.txt'); do
	tail -n 1 "$f" | grep -q '^#% end: complete' || inc=$((inc + 1))
done
[ $inc = 0 ] && ok "every run complete" || bad "$inc runs not complete"
check "runs.tsv: one row per run" test "$(($(wc -l <"$out/runs.tsv") - 1))" = 30

# trials.tsv: 2 trials x 2 runs-per-side values x 3 comparisons, all run level
# with the runs per side asked for.
check "trials.tsv: 12 comparisons" test "$(($(wc -l <"$out/trials.tsv") - 1))" = 12
check "trials.tsv: all judged at run level with r runs per side" awk -F '\t' '
	NR > 1 && ($6 != "run" || $17 != $2 || $18 != $2) { bad = 1 }
	END { exit bad }' "$out/trials.tsv"
check "trials.tsv: diff CI brackets the diff" awk -F '\t' '
	NR > 1 && !($11 <= $10 && $10 <= $12) { bad = 1 } END { exit bad }' "$out/trials.tsv"

# calibrate.tsv: rows for (A', D1, D2) x r in {2,3}; counts add up.
check "calibrate.tsv header" sh -c "head -n 1 '$out/calibrate.tsv' | grep -q '^config	runs	pad	expected	trials	detected	rate	rate_lo	rate_hi'"
check "calibrate.tsv: 6 rows" test "$(($(wc -l <"$out/calibrate.tsv") - 1))" = 6
check "calibrate.tsv: rates consistent and in [0,1]" awk -F '\t' '
	NR == 1 { next }
	$5 != 2 || $6 > $5 || $6 + $10 > $5 || $7 != sprintf("%.4f", $6 / $5) { bad = 1 }
	!(0 <= $8 && $8 <= $7 && $7 <= $9 && $9 <= 1) { bad = 1 }
	END { exit bad || NR != 7 }' "$out/calibrate.tsv"

# JSON: the documented keys, deltas as asked (pad 60; 20% of base).
j=$out/calibrate.json
check "JSON parses, version 1" jq -e '.version == 1' "$j"
check "JSON plan" jq -e '.plan.trials == 2 and .plan.runs_per_side == 3 and
	.plan.samples_per_run == 40 and .syscall == "getppid" and .alpha == 0.05' "$j"
check "JSON false_positive" jq -e '.false_positive.trials == 2 and
	(.false_positive.rate >= 0 and .false_positive.rate <= 1) and
	(.false_positive.sample_level.rate >= 0) and (.false_positive.ci | length) == 2' "$j"
check "JSON deltas: pad 60 and 20% of base" jq -e '
	(.deltas | length) == 2 and .deltas[0].pad == 60 and
	.deltas[0].spec == "60" and .deltas[1].spec == "20%" and
	((.deltas[1].expected_pct - 20) | fabs) < 1 + 100 * .pad_cost.slope / .pad_cost.base_median and
	all(.deltas[]; .trials == 2 and .power >= 0 and .power <= 1 and
	    ((.expected - .pad * $slope) | fabs) <= 1e-4 * .expected)' --argjson slope "$(jq .pad_cost.slope "$j")" "$j"
check "JSON mdd per runs-per-side" jq -e '(.mdd | length) == 2 and
	(.mdd | map(.runs)) == [2, 3] and all(.mdd[]; .seconds > 0)' "$j"
check "JSON pad cost" jq -e '(.pad_cost.points | length) == 5 and
	.pad_cost.base_median > 0' "$j"

# The A/A row of the plot data is delta 0; power.tsv has one block per r.
check "power.tsv: 2 blocks" test "$(grep -c '^# runs per side' "$out/power.tsv")" = 2
check "power.tsv: A/A at delta 0" awk -F '\t' '$1 == "A2" && $4 != 0 { bad = 1 }
	END { exit bad }' "$out/power.tsv"

[ $fails = 0 ] && echo "test-calibrate: all passed" ||
	echo "test-calibrate: $fails failed"
[ $fails = 0 ]
