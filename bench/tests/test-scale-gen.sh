#!/bin/sh
# bench/build/scale-gen (the large files of bench/scale-bench): what it
# writes is a valid results file of the asked shape, read back by bench-stat.
. "$(dirname "$0")/lib.sh"
G=$top/build/scale-gen
if ! need_stat || [ ! -x "$G" ]; then
	fail "scale-gen" "needs stats/bench-stat and build/scale-gen (make -C bench)"
	exit 0
fi
# 3 cpus x 2 ops x 2 variants x 2 rounds = 24 blocks-cells: ceil(100 / 24) = 5
# samples each, 120 in all, 6 cells
"$G" --cpus 3 --ops getppid,null --variants a,b --rounds 2 --samples 100 \
	--seed 7 -o "$T/g.txt" 2>g.err; rc=$?
check "scale-gen writes a file (rc=$rc)" test $rc = 0
got=$("$S" --check "$T/g.txt" 2>&1)
check "... bench-stat --check: $got" test "$got" = "$T/g.txt: ok, 120 samples, 6 cells"
# every cpu x op x variant row: 2 runs (blocks) of 5 samples
"$S" --by variant --dump cells "$T/g.txt" >cells.tsv 2>cells.err
check "... 12 cell-variant rows, each 2 runs of 5 samples" awk -F'\t' '
	NR > 1 { rows++; if ($6 != 2 || $7 != 10) bad = 1 }
	END { exit bad || rows != 12 }' cells.tsv
"$G" --cpus 3 --ops getppid,null --variants a,b --rounds 2 --samples 100 \
	--seed 7 -o "$T/g2.txt" 2>/dev/null
check "... the same seed writes the same file" cmp -s "$T/g.txt" "$T/g2.txt"
"$G" --cpus 0 -o "$T/bad.txt" 2>bad.err; rc=$?
check "--cpus 0 is a usage error (rc=$rc)" test $rc = 2 -a ! -e "$T/bad.txt"
"$G" --variants 'a b' -o "$T/bad.txt" 2>bad.err; rc=$?
check "a variant with a space is refused by the writer's check (rc=$rc)" \
	test $rc = 2 -a ! -e "$T/bad.txt"
"$G" --samples 10 -o "$T" 2>bad.err; rc=$?
check "a directory as -o is refused (rc=$rc): $(cat bad.err)" test $rc = 1
