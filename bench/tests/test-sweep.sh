#!/bin/sh
# bench/block-ms-sweep (the measurement behind the default --block-ms):
# one row per block length and repetition, every number from bench-stat.
. "$(dirname "$0")/lib.sh"
if ! need_stat || ! command -v python3 >/dev/null 2>&1; then
	fail "block-ms-sweep" "needs stats/bench-stat and python3"
	exit 0
fi
"$top/block-ms-sweep" --ms 2,5 --seconds 0.2 --reps 2 --clock ns -o "$T/sw" >sw.txt 2>sw.err; rc=$?
check "block-ms-sweep runs (rc=$rc)" test $rc = 0
check "... one row per block length and rep" \
	test "$(awk '!/^#/ && $1 ~ /^[0-9]/' sw.txt | wc -l)" = 4
# rounds = 0.2 s / (ms x 2 variants): 50 at 2 ms, 20 at 5 ms, as bench-stat
# kept them (--dump cells' n_runs: a block whose every sample was disturbed
# is not a run), so at most that and at least 80% of it; pairs <= rounds
check "... the rounds follow the block length ($(awk '$1 == 2 || $1 == 5 {printf "%s:%s/%s ", $1, $3, $4}' sw.txt))" \
	awk '$1 == 2 && ($3 > 50 || $3 < 40 || $4 > $3) {bad = 1} $1 == 5 && ($3 > 20 || $3 < 16 || $4 > $3) {bad = 1} END {exit bad}' sw.txt
check "... half-widths and MDDs are numbers >= 0" \
	awk '!/^#/ && $1 ~ /^[0-9]/ { if ($6 !~ /^[0-9.]+$/ || $8 !~ /^[0-9.]+$/ || $9 != "ns") exit 1 }' sw.txt
check "... keeps the results files" test "$(ls "$T/sw" | wc -l)" = 4
# the row of ms 5, rep 2 is bench-stat's, read back from its own kept file:
# rounds = --dump cells' n_runs, half_width, half_width_pct and mdd of --json
want=$("$S" --by variant --paired --json "$T/sw/ms5-rep2.txt" | jq -r \
	'.cells[0].comparisons[0] | [.pairs, .half_width, .half_width_pct, .mdd] | @tsv')
runs=$("$S" --by variant --dump cells "$T/sw/ms5-rep2.txt" | awk -F'\t' 'NR == 2 {print $6}')
got=$(awk '$1 == 5 && $2 == 2 {print $3, $4, $6, $7, $8}' sw.txt)
want=$(echo "$runs $want" | awk '{printf "%d %d %.4f %.4f %.4f", $1, $2, $3, $4, $5}')
check "... its numbers are bench-stat's ($got = $want)" test "$got" = "$want"
"$top/block-ms-sweep" --ms 5 --seconds 0.1 --reps 1 -- --no-such-option >bad.txt 2>&1; rc=$?
check "a bench-syscall failure stops it (rc=$rc)" test $rc != 0
