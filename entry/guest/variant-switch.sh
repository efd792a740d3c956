#!/bin/sh
# variant-switch: on a dual kernel, switch /sys/kernel/entry_variant between
# fast and full 80 times while regstress (signals, ptrace, fork/exec, raw
# syscalls checking their registers) runs on both CPUs, so that tasks cross
# the switch in the middle of either path.  Every write must read back,
# "bogus" must be refused, and regstress must pass.  The boot variant is
# restored at the end.  A kernel whose attribute is read-only (mode 444:
# full, fast) has nothing to switch: it says so and exits 0.  A writable
# one (mode 644: dual) that refuses a write fails.
# Exit 0 pass, 1 fail.
f=/sys/kernel/entry_variant
if [ ! -r $f ]; then
	echo "variant-switch: no $f: not an entry-variant kernel, nothing to switch"
	exit 0
fi
orig=$(cat $f)
mode=$(stat -c %a $f)
if [ "$mode" = 444 ]; then
	echo "variant-switch: $f is read-only ($orig): nothing to switch"
	exit 0
fi
dir=$(dirname "$0")
log=/tmp/variant-switch-regstress.log
"$dir/regstress" -t 6 > $log 2>&1 &
pid=$!
bad=0 n=0
while [ $n -lt 40 ]; do
	for v in fast full; do
		if ! echo $v > $f; then
			echo "FAIL: writing $v"; bad=1
		fi
		got=$(cat $f)
		[ "$got" = $v ] || { echo "FAIL: wrote $v, reads $got"; bad=1; }
		sleep 0.05
	done
	n=$((n + 1))
done
if (echo bogus > $f) 2>/dev/null; then
	echo "FAIL: bogus accepted"; bad=1
fi
echo "$orig" > $f
wait $pid
rc=$?
cat $log
[ $rc = 0 ] || { echo "FAIL: regstress exited $rc across the switches"; bad=1; }
echo "variant-switch: $((n * 2)) switches, back to $(cat $f); regstress rc=$rc"
[ $bad = 0 ] && echo "variant-switch: PASS" || echo "variant-switch: FAIL"
exit $bad
