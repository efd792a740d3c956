#!/bin/sh
# --variants, --blocks, --shuffle through a plain file standing in for
# /sys/kernel/entry_variant (BENCH_SYSCALL_VARIANT_FILE), and the error
# paths that must stop a run while keeping its samples (exit 1).
. "$(dirname "$0")/lib.sh"
export BENCH_SYSCALL_VARIANT_FILE=$T/variant
echo full >variant

order() { awk '!/^#/ && $6 == 0 && $2 == "null" {printf "%s ", $5}' "$1"; }

run_bench v -q -n 10 -w 2 -s getpid,null --variants fast,full --blocks 4 --order abab -o v.txt
check "--variants fast,full --blocks 4 runs (rc=$rc)" valid_file v.txt
check "... exit 0" test $rc = 0
check "ABAB order: $(order v.txt)" test "$(order v.txt)" = "fast full fast full "
check "block column follows" test "$(awk '!/^#/ && $6 == 0 && $2 == "null" {printf "%s ", $4}' v.txt)" = "0 1 2 3 "
check "the file holds the last variant" test "$(cat variant)" = full
check "summary: one line per variant" test "$(grep -c '^[0-9]* *syscall *null *f' v.out)" = 2
check "variants key" test "$(key v.txt variants)" = fast,full

run_bench d -q -n 5 -w 1 -s null --variants a,b,c --order abab -o d.txt
check "with -n, default blocks: 2 per variant" test "$(order d.txt)" = "a b c a b c "

run_bench s1 -q -n 3 -w 1 -s null --variants fast,full --blocks 8 --shuffle --seed 11 -o s1.txt
run_bench s2 -q -n 3 -w 1 -s null --variants fast,full --blocks 8 --shuffle --seed 11 -o s2.txt
check "--shuffle --seed: recorded" test "$(key s1.txt shuffle.seed)" = 11
check "--shuffle --seed: reproducible ($(order s1.txt))" test "$(order s1.txt)" = "$(order s2.txt)"
pairs_ok=1; shuffled=0
for seed in 1 2 3 4 5 6 7 8 9 10; do
	"$B" -q -n 2 -w 1 -s null --variants fast,full --blocks 8 --shuffle --seed $seed -o sh.txt >/dev/null 2>&1
	o=$(order sh.txt)
	echo "$o" | awk '{for (i = 1; i < NF; i += 2) if ($i == $(i+1)) exit 1}' || pairs_ok=0
	[ "$o" = "fast full fast full fast full fast full " ] || shuffled=1
done
check "--shuffle: every pair of blocks has both variants" test $pairs_ok = 1
check "--shuffle: the order changes with the seed" test $shuffled = 1

# a variant that does not take (the file reads back empty) is an error
BENCH_SYSCALL_VARIANT_FILE=/dev/null run_bench e -q -n 5 -s null --variants fast,full --order abab -o e.txt
check "a variant switch that does not take: exit 1" test $rc = 1
check "... says so" grep -q "reads '-' after writing 'fast'" e.err
check "... file kept, marked incomplete reason=error samples=0" \
	grep -qx "#% end: incomplete reason=error samples=0" e.txt

# a syscall that returns something else (seccomp makes getuid fail with
# EPERM) must stop the run: exit 1, earlier samples kept
"$top/build/seccomp-wrap" 102 "$B" -q -n 20 -w 2 -s getpid,getuid -o sc.txt >sc.out 2>sc.err; rc=$?
check "a wrong return value stops the run: exit 1" test $rc = 1
check "... names the op" grep -q "getuid via syscall returned a value other than" sc.err
check "... keeps the samples measured before" valid_file sc.txt error
check "... which are getpid's only" test "$(awk '!/^#/{print $2}' sc.txt | sort -u)" = getpid

# pad=N variants: the block's pad, no variant file needed at all
export BENCH_SYSCALL_VARIANT_FILE=$T/no-such-file
run_bench p -q --clock ns -n 200 -w 10 -s getppid,null --variants pad=0,pad=300 --blocks 4 --order abab -o p.txt
check "--variants pad=0,pad=300 runs without a variant file (rc=$rc)" valid_file p.txt
check "... variant column holds pad=N ($(order p.txt))" test "$(order p.txt)" = "pad=0 pad=300 pad=0 pad=300 "
check "... variants key" test "$(key p.txt variants)" = pad=0,pad=300
check "... pad key says per variant" test "$(key p.txt pad)" = -
m0=$(median_v p.txt null pad=0 ns); m3=$(median_v p.txt null pad=300 ns)
check "... the pad=300 blocks carry the pad ($m0 -> $m3 ns, >= 30 more)" \
	awk -v a="$m0" -v b="$m3" 'BEGIN{exit !(b - a >= 30)}'
s0=$(median_v p.txt getppid pad=0 ns); s3=$(median_v p.txt getppid pad=300 ns)
check "... on the syscall too ($s0 -> $s3 ns)" \
	awk -v a="$s0" -v b="$s3" 'BEGIN{exit !(b - a >= 30)}'
check "... summary: one line per pad variant" test "$(grep -c '^[0-9]* *syscall *null *pad=' p.out)" = 2
if need_stat; then
	"$S" --by variant --paired p.txt >ps.txt 2>&1
	check "bench-stat --by variant --paired reads it" grep -Eq '(paired t on |run level: )2 pairs' ps.txt
else
	fail "bench-stat reads pad variants" "no stats/bench-stat"
fi
run_bench aa -q --clock ns -n 20 -w 2 -s null --variants pad=0,pad=0 --blocks 4 --order abab -o aa.txt
check "A/A: a repeated item is recorded as NAME~2 ($(order aa.txt))" \
	test "$(order aa.txt)" = "pad=0 pad=0~2 pad=0 pad=0~2 "
check "... in the variants key too" test "$(key aa.txt variants)" = pad=0,pad=0~2
bad_usage "pad and entry variants mixed" "mixes pad=N items and entry variants" --variants pad=0,fast
bad_usage "pad=N not a number" "'pad=1x': pad=N needs a whole number" --variants pad=0,pad=1x
bad_usage "--pad with pad variants" "give every block's pad in --variants" --pad 5 --variants pad=0,pad=5
bad_usage "a variant named with ~" "neither an entry variant name nor pad=N" --variants a~2,b
