#!/bin/sh
# variant-switch: /sys/kernel/entry_variant must say the truth, per CPU,
# and on a dual kernel switch between all three entries.
#
# Every kernel with the file: /sys/kernel/entry_variant_cpus (where the
# kernel has it: MSR_LSTAR read back on each CPU) must list every online
# CPU once, each with the variant the file reads; "mixed" fails.
# A kernel whose attribute is read-only (mode 444: full, fast, fastpush)
# has nothing more to do: it says so and passes.  A writable one (mode
# 644: dual) is switched 90 times, round after round of fast, fastpush,
# full, while regstress (signals, ptrace, fork/exec, raw syscalls checking
# their registers) runs on both CPUs, so that tasks cross the switch in the
# middle of any path.  Every write must read back, in the file and on
# every CPU; "bogus" must be refused; regstress must pass.  The boot
# variant is restored at the end.
# kselftest-style [RUN]/[OK]/[FAIL]/[SKIP] lines.  Exit 0 pass, 1 fail,
# 4 (KSFT_SKIP) no /sys/kernel/entry_variant: nothing to test.
# For the host's tests (make -C entry test): VARIANT_SWITCH_SYSFS (a
# directory standing in for /sys/kernel), VARIANT_SWITCH_ROUNDS,
# VARIANT_SWITCH_STRESS (regstress seconds).
sys=${VARIANT_SWITCH_SYSFS:-/sys/kernel}
f=$sys/entry_variant
cpus_f=$sys/entry_variant_cpus
modes="fast fastpush full"
rounds=${VARIANT_SWITCH_ROUNDS:-30}
stress=${VARIANT_SWITCH_STRESS:-8}
echo "[RUN]	variant-switch: $f per CPU; on a dual kernel, switch all three"
if [ ! -r $f ]; then
	echo "variant-switch: no $f: not an entry-variant kernel, nothing to switch"
	echo "[SKIP]	variant-switch: nothing to test"
	exit 4	# KSFT_SKIP
fi
ncpu=$(grep -c '^processor' /proc/cpuinfo)
bad=0

# check_cpus WANT: every online CPU's MSR_LSTAR points at WANT's entry.
# Shell builtins only: this runs 90 times under regstress, under TCG.
check_cpus() {
	[ -r $cpus_f ] || return 0
	listed=0
	while read -r cpu v; do
		listed=$((listed + 1))
		[ "$v" = "$1" ] || { echo "FAIL: want $1 on every CPU, CPU $cpu is $v"; bad=1; }
	done < $cpus_f
	[ $listed = "$ncpu" ] || { echo "FAIL: $cpus_f lists $listed CPUs, $ncpu online"; bad=1; }
}

orig=$(cat $f)
case $orig in
mixed) echo "FAIL: $f reads mixed at boot: $(cat $cpus_f 2>/dev/null)"; bad=1 ;;
esac
check_cpus "$orig"
[ -r $cpus_f ] && echo "variant-switch: boot variant $orig on all $ncpu CPUs (MSR_LSTAR read back)"
mode=$(stat -c %a $f)
if [ "$mode" = 444 ]; then
	echo "variant-switch: $f is read-only ($orig): nothing to switch"
	[ $bad = 0 ] && echo "variant-switch: PASS" || echo "variant-switch: FAIL"
	[ $bad = 0 ] && echo "[OK]	variant-switch" || echo "[FAIL]	variant-switch"
	exit $bad
fi
dir=$(dirname "$0")
log=/tmp/variant-switch-regstress.log
echo "variant-switch: start at $(cut -d' ' -f1 /proc/uptime) s"
"$dir/regstress" -t "$stress" > $log 2>&1 &
pid=$!
round=0
while [ $round -lt $rounds ]; do
	for v in $modes; do
		if ! echo $v > $f; then
			echo "FAIL: writing $v"; bad=1
		fi
		read -r got < $f
		[ "$got" = $v ] || { echo "FAIL: wrote $v, reads $got"; bad=1; }
		check_cpus $v
		sleep 0.03
	done
	round=$((round + 1))
	[ $((round % 10)) = 0 ] && echo "variant-switch: $((round * 3)) switches at $(cut -d' ' -f1 /proc/uptime) s"
done
if [ -z "${VARIANT_SWITCH_SYSFS:-}" ] && (echo bogus > $f) 2>/dev/null; then
	echo "FAIL: bogus accepted"; bad=1
fi
echo "$orig" > $f
check_cpus "$orig"
wait $pid
rc=$?
cat $log
[ $rc = 0 ] || { echo "FAIL: regstress exited $rc across the switches"; bad=1; }
echo "variant-switch: $((round * 3)) switches ($round each to $modes), back to $(cat $f); regstress rc=$rc"
[ $bad = 0 ] && echo "variant-switch: PASS" || echo "variant-switch: FAIL"
[ $bad = 0 ] && echo "[OK]	variant-switch" || echo "[FAIL]	variant-switch"
exit $bad
