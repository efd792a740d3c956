#!/bin/sh
# scripts/bench (make bench) and bench/run-bench with tiny settings: both
# steps run, run-bench.json holds one row per round and medians that lie
# within the rounds' values, and the summary shows the harness ratios and
# calibrate's rates, coverage and MDD lines read from the two JSON files.
set -u
name=test-calibrate-bench
. "$(dirname "$0")/lib-calibrate.sh"

out=$tmp/b
"$top/scripts/bench" -o "$out" --rounds 2 --calibrate-args "-q --trials 2 \
	--delta-trials 2 --deltas 50% --seconds 0.2 --budgets 0.2,0.4 \
	--budget-trials 1 --resolve-trials 0 --pad-seconds 0.2 --ref-seconds 0.2" \
	>"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
if [ $rc != 0 ]; then
	bad "scripts/bench exit $rc"
	cat "$tmp/stderr" "$tmp/stdout"
	exit 1
fi
ok "scripts/bench runs"
j=$out/run-bench/run-bench.json
check "run-bench.json: 2 rounds, each with its results file" jq -e '
	(.rounds | length) == 2 and all(.rounds[]; .getppid_ns > 0 and .null_ns > 0)' "$j"
check "run-bench.json: medians within the rounds' values" jq -e '
	. as $d | all(["getppid_ns", "null_ns", "null/call"][];
		. as $c | ($d.rounds | map(.[$c])) as $v |
		$d.median[$c] >= ($v | min) and $d.median[$c] <= ($v | max))' "$j"
check "results files kept" test -s "$out/run-bench/round1.txt" -a -s "$out/run-bench/round2.txt"
s=$out/summary.txt
check "summary: harness cost" grep -q '^  harness cost per call / getppid: *[0-9.]* (null ' "$s"
check "summary: A/A false-positive rate with interval" grep -q '^  A/A false-positive rate (alpha 0.05): *[0-9]*/2 = ' "$s"
check "summary: power at +50%" grep -q '^  power at +50% (.*): *2/2 = ' "$s"
check "summary: coverage" grep -q '^  CI coverage of the known delta, +50%: *[0-9]/2 = ' "$s"
check "summary: MDD at both budgets" sh -c "grep -q '^  MDD (80% power) at 0.2 s per side: ' '$s' && grep -q '^  MDD (80% power) at 0.4 s per side: ' '$s'"
check "summary: numbers are calibrate.json's" jq -e --arg s "$(cat "$s")" '
	. as $d | $s | contains("\($d.false_positive.detected)/\($d.false_positive.trials) = ")' \
	"$out/calibrate/calibrate.json"
check "no FAILED line" sh -c "! grep -q FAILED '$s'"

[ $fails = 0 ] && echo "test-calibrate-bench: all passed" ||
	echo "test-calibrate-bench: $fails failed"
[ $fails = 0 ]
