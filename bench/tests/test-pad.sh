#!/bin/sh
# --pad N adds N dependent imuls after every call, the null op's too: the
# null op's median must grow with N, by at least what an imul chain costs
# at any clock a CPU can have (>= 1 cycle per unit at <= 10 GHz: 0.1 ns),
# and about linearly (pad 400 adds about twice what pad 200 adds).
# A structural check on medians, not a wall-clock assertion.
. "$(dirname "$0")/lib.sh"

for p in 0 200 400; do
	"$B" -q --clock ns -n 300 -w 20 -s null --pad $p -o pad$p.txt >/dev/null 2>&1 ||
		fail "pad $p runs"
done
check "pad key recorded" test "$(key pad200.txt pad)" = 200
m0=$(median pad0.txt null ns); m2=$(median pad200.txt null ns)
m4=$(median pad400.txt null ns)
check "pad 200 adds >= 20 ns per call to null ($m0 -> $m2)" \
	awk -v a="$m0" -v b="$m2" 'BEGIN{exit !(b - a >= 20)}'
check "pad 400 adds 1.4x..2.6x what pad 200 adds ($m0, $m2, $m4)" \
	awk -v a="$m0" -v b="$m2" -v c="$m4" 'BEGIN{r = (c - a) / (b - a); exit !(r > 1.4 && r < 2.6)}'
"$B" -q --clock ns -n 100 -w 10 -s getppid --pad 200 -o padsys.txt >/dev/null 2>&1
"$B" -q --clock ns -n 100 -w 10 -s getppid -o padsys0.txt >/dev/null 2>&1
s0=$(median padsys0.txt getppid ns); s2=$(median padsys.txt getppid ns)
check "pad applies to real syscalls too ($s0 -> $s2)" \
	awk -v a="$s0" -v b="$s2" 'BEGIN{exit !(b - a >= 20)}'
