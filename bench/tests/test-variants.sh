#!/bin/sh
# --variants, --blocks, --shuffle through a plain file standing in for
# /sys/kernel/entry_variant (BENCH_SYSCALL_VARIANT_FILE), and the error
# paths that must stop a run while keeping its samples (exit 1).
. "$(dirname "$0")/lib.sh"
export BENCH_SYSCALL_VARIANT_FILE=$T/variant
echo full >variant

order() { awk '!/^#/ && $6 == 0 && $2 == "null" {printf "%s ", $5}' "$1"; }

run_bench v -q -n 10 -w 2 -s getpid,null --variants fast,full --blocks 4 -o v.txt
check "--variants fast,full --blocks 4 runs (rc=$rc)" valid_file v.txt
check "... exit 0" test $rc = 0
check "ABAB order: $(order v.txt)" test "$(order v.txt)" = "fast full fast full "
check "block column follows" test "$(awk '!/^#/ && $6 == 0 && $2 == "null" {printf "%s ", $4}' v.txt)" = "0 1 2 3 "
check "the file holds the last variant" test "$(cat variant)" = full
check "summary: one line per variant" test "$(grep -c '^[0-9]* *syscall *null *f' v.out)" = 2
check "variants key" test "$(key v.txt variants)" = fast,full

run_bench d -q -n 5 -w 1 -s null --variants a,b,c -o d.txt
check "default blocks: 2 per variant" test "$(order d.txt)" = "a b c a b c "

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
BENCH_SYSCALL_VARIANT_FILE=/dev/null run_bench e -q -n 5 -s null --variants fast,full -o e.txt
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
