#!/bin/sh
# Many short rounds: --block-ms (blocks sized in time), --rounds, --duration
# with --block-ms, --order abab|abba|shuffle, -w as a time, and the switch
# lines (#% switch:) with their summary.  Pad variants: no kernel needed.
. "$(dirname "$0")/lib.sh"
export BENCH_SYSCALL_VARIANT_FILE=$T/no-such-file

order() { awk '!/^#/ && $6 == 0 && $2 == "null" {printf "%s ", $5}' "$1"; }

run_bench r -q --clock ns -s null --variants pad=0,pad=0 --block-ms 2 --rounds 6 --seed 5 -o r.txt
check "--block-ms 2 --rounds 6 runs (rc=$rc)" valid_file r.txt
check "... blocks key: 6 rounds of 2" test "$(key r.txt blocks)" = 12
check "... block.ms key" test "$(key r.txt block.ms)" = 2
check "... samples key is - (sized in time)" test "$(key r.txt samples)" = -
check "... default order is shuffle, recorded with its seed" \
	test "$(key r.txt order)" = shuffle -a "$(key r.txt shuffle.seed)" = 5
check "... every round has both variants ($(order r.txt))" \
	sh -c "echo '$(order r.txt)' | awk '{for (i = 1; i < NF; i += 2) if (\$i == \$(i+1)) exit 1}'"
# a switch line before the first sample of every block, for that block
check "... one #% switch: line per block" test "$(grep -c '^#% switch: ' r.txt)" = 12
check "... each names its block and variant, with ns" awk '
	/^#% switch: / { if ($3 !~ /^block=[0-9]+$/ || $4 !~ /^variant=pad=0(~2)?$/ ||
			     $5 !~ /^ns=[0-9]+$/ || NF != 5) exit 1
			 sub("block=", "", $3); sub("variant=", "", $4); b = $3; v = $4; want = 1; next }
	/^#/ { next }
	want { if ($4 != b || $5 != v) exit 1; want = 0; n++ }
	END { exit !(n == 12) }' r.txt
check "... summary: switch counts per variant" \
	test "$(awk '/^switch to pad=0 /{print $4}' r.out)/$(awk '/^switch to pad=0~2 /{print $4}' r.out)" = 6/6
if need_stat; then
	"$S" --by variant --paired r.txt >rs.txt 2>&1
	# (a block whose every sample was disturbed has no median: fewer pairs)
	check "bench-stat reads switch lines: paired by round" grep -Eq "(paired t on |run level: )[1-6] pairs" rs.txt
else
	fail "bench-stat reads switch lines" "no stats/bench-stat"
fi

for o in abab abba; do
	"$B" -q --clock ns -n 2 -w 0 -s null --variants pad=0,pad=1,pad=2 --rounds 4 --order $o -o $o.txt >/dev/null 2>&1
done
check "--order abab: $(order abab.txt)" test "$(order abab.txt)" = \
	"pad=0 pad=1 pad=2 pad=0 pad=1 pad=2 pad=0 pad=1 pad=2 pad=0 pad=1 pad=2 "
check "--order abba: $(order abba.txt)" test "$(order abba.txt)" = \
	"pad=0 pad=1 pad=2 pad=2 pad=1 pad=0 pad=0 pad=1 pad=2 pad=2 pad=1 pad=0 "
check "... recorded" test "$(key abba.txt order)" = abba
check "... no seed without a shuffle" test -z "$(key abba.txt shuffle.seed)"
"$B" -q --clock ns -n 2 -w 0 -s null --variants pad=0,pad=1 --rounds 8 --order shuffle --seed 3 -o s1.txt >/dev/null 2>&1
"$B" -q --clock ns -n 2 -w 0 -s null --variants pad=0,pad=1 --rounds 8 --shuffle --seed 3 -o s2.txt >/dev/null 2>&1
check "--shuffle is --order shuffle ($(order s1.txt))" test "$(order s1.txt)" = "$(order s2.txt)"

# --duration with --block-ms gives the rounds: 1 s / (10 ms x 1 cell x 2)
run_bench du -q --clock ns -s null --variants pad=0,pad=0 --block-ms 10 --duration 1 -o du.txt
check "--duration 1 --block-ms 10: 50 rounds (blocks $(key du.txt blocks))" test "$(key du.txt blocks)" = 100
check "... duration recorded" test "$(key du.txt duration)" = 1
# the default with --variants: time-sized blocks, 100 rounds
run_bench df -q --clock ns -s null --variants pad=0,pad=0 --block-ms 0.05 -o df.txt
check "--variants without -n: 100 rounds by default" test "$(key df.txt blocks)" = 200

# blocks sized in time: a 20 ms block holds many more samples than a 1 ms one
# (a ratio of sample counts, not a wall-clock assertion)
"$B" -q --clock ns -s getppid --variants pad=0,pad=0 --block-ms 1 --rounds 3 -w 0 -o b1.txt >/dev/null 2>&1
"$B" -q --clock ns -s getppid --variants pad=0,pad=0 --block-ms 20 --rounds 3 -w 0 -o b20.txt >/dev/null 2>&1
n1=$(grep -vc '^#' b1.txt); n20=$(grep -vc '^#' b20.txt)
check "--block-ms 20 blocks hold > 4x the samples of --block-ms 1 ($n1, $n20)" test "$n20" -gt $((4 * n1))

# -w as a time
run_bench wt -q --clock ns -s null --variants pad=0,pad=0 --block-ms 1 --rounds 2 -w 500us -o wt.txt
check "-w 500us runs and is recorded (rc=$rc)" test $rc = 0 -a "$(key wt.txt warmup)" = 500us
check "--block-ms 2: the default warm-up is a tenth of the block" test "$(key r.txt warmup)" = 200us
run_bench wn -q --clock ns -s null -n 5 -w 7 -o wn.txt
check "-w 7: batches, recorded as a number" test "$(key wn.txt warmup)" = 7

bad_usage "--order bad" "'zigzag' is not abab, abba or shuffle" --variants pad=0,pad=1 --order zigzag
bad_usage "--order without variants" "--order needs --variants" --order abba
bad_usage "--shuffle with --order abab" "give one" --variants pad=0,pad=1 --shuffle --order abab
bad_usage "--block-ms with --samples" "time or in samples, not both" --block-ms 5 -n 100
bad_usage "--blocks with --rounds" "--blocks and --rounds: give one" --variants pad=0,pad=1 --blocks 4 --rounds 2
bad_usage "--duration, --block-ms and --rounds" "sets the number of rounds" --variants pad=0,pad=1 --block-ms 5 --duration 2 --rounds 3
bad_usage "--block-ms 0" "block-ms: '0'" --block-ms 0
bad_usage "--rounds 0" "rounds: '0'" --rounds 0
bad_usage "-w 2xs" "warmup: '2xs'" -w 2xs
bad_usage "-w ms" "warmup: 'ms'" -w ms
