#!/bin/sh
# Benchmark of bench-history record against the number of blocks in a run
# (issue 14: the per-block scan made it quadratic).  Prints the seconds for
# 30000 and 90000 blocks (2 cells, 2 samples a block) and their ratio: a
# linear recorder gives about 3, the quadratic one gave about 9.
#   make -C scripts/nightly.d bench      (or: sh bench-record.sh [BENCH-HISTORY])
set -eu
nd=$(cd "$(dirname "$0")" && pwd)
BH=${1:-$nd/bench-history}
T=$(mktemp -d "${TMPDIR:-/tmp}/bench-record.XXXXXX")
trap 'rm -rf "$T"' EXIT
for b in 30000 90000; do
	"$nd/gen-results" -o "$T/b$b.txt" --blocks $b --samples 2 --cpus 1 \
		--syscalls getpid,getppid --seed 1
	"$BH" --db "sqlite:$T/h$b.db" migrate 2>/dev/null
	s=$(date +%s.%N)
	"$BH" --db "sqlite:$T/h$b.db" record "$T/b$b.txt" >/dev/null
	e=$(date +%s.%N)
	echo "$b $s $e"
done | awk '{ t[NR] = $3 - $2; printf "record, %6d blocks: %.2f s\n", $1, t[NR] }
	END { if (t[1] > 0) printf "ratio 90000/30000: %.1f (linear: ~3)\n", t[2] / t[1] }'
