#!/bin/sh
# The judgement's night-level check.  Baseline nights at -2 -1 0 +1 +2 %
# (night sd 1.58%), blocks tight (0.3%).  Tonight +3%: bench-stat, whose
# runs on tonight's side are blocks of one boot, calls it significant; a
# night 3% off is ordinary here (one-sided 95% prediction bound: mean +
# t(.95,4) * 1.58% * sqrt(1 + 1/5) = +3.7%), so it must not be a
# regression.  Tonight +8% is beyond any night: a regression.
. "$(dirname "$0")/../nightly.d/tests-lib.sh"

write_conf "$T/n.conf" CONFIDENCE=95 CORRECTION=none THRESHOLD_PCT=2 BASELINE_MIN=5
day=0
for s in -2 1 0 -1 2; do
	day=$((day + 1))
	night "$T/n.conf" $day --run-sd 0 --block-sd 0.3 --shift $s ||
		fail "baseline night $day: exit $?: $(cat "$T/night.err")"
done
j=$T/results/labhost/nightly/summary.json

night "$T/n.conf" 6 --run-sd 0 --block-sd 0.3 --shift 3
rc=$?
[ $rc = 0 ] && ok "+3% night within night-to-night noise: exit 0" ||
	fail "+3% night: exit $rc: $(cat "$T/night.out")"
n=$(jq '[.runs[0].cells[] | select(.judgement == "within-nightly-noise")] | length' "$j")
[ "$n" -ge 1 ] && ok "$n cell(s) significant at block level but within the prediction bound" ||
	fail "no cell judged within-nightly-noise: $(jq -c '[.runs[0].cells[] | .judgement]' "$j")"
b=$(jq '.runs[0].cells[0].night_bound_pct' "$j")
awk -v b="$b" 'BEGIN { exit !(b > 3.2 && b < 4.3) }' &&
	ok "prediction bound +$b% (3.7% from the shifts alone, plus sampling noise)" || fail "prediction bound $b"

# the +3% night was judged good and joins the baseline; +8% is far beyond
night "$T/n.conf" 7 --run-sd 0 --block-sd 0.3 --shift 8
rc=$?
[ $rc = 1 ] && ok "+8% night: regression (exit 1)" || fail "+8% night: exit $rc: $(cat "$T/night.out")"

# another CPU model, much slower: reported as a changed environment (the
# comparison is still shown), not a regression and not a failure
night "$T/n.conf" 8 --run-sd 0 --block-sd 0.3 --shift 20 --cpu-model Other-CPU
rc=$?
[ $rc = 0 ] && grep -q 'changed environment (cpu)' "$T/night.out" &&
	ok "new CPU model: changed environment, exit 0" || fail "new CPU: exit $rc: $(head -n 8 "$T/night.out")"
finish
