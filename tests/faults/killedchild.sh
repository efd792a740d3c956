# A killed child: qemu (the fake) SIGKILLed under kernels/boot; bench-stat
# and bench-syscall SIGKILLed under nightly; bench-syscall under calibrate;
# bench-stat under compare-kernels.  The parent says which child died,
# exits non-zero, keeps what was measured, leaves no orphan and no lock.

kc=$T/killedchild
mkdir -p "$kc/bin" "$kc/img" "$kc/a" "$kc/b"
ln -s "$FAKEQ" "$kc/bin/qemu-system-x86_64"
: >"$kc/kvm"
echo fake >"$kc/img/bzImage"; echo fake >"$kc/img/initramfs.cpio.gz"
printf 'series: 6.1\nvariant: stock\n' >"$kc/img/info"
"$B" -q -c 0 -s getppid -n 200 -k 8 --label a -o "$kc/a/a.txt" >/dev/null &&
	"$B" -q -c 0 -s getppid -n 200 -k 8 --label b -o "$kc/b/b.txt" >/dev/null || exit 1

for n in 1 2; do
	delay 1500
	begin killed-child "qemu SIGKILLed under kernels/boot after ${d}s"
	mkdir -p "$C/tmpd"
	PATH="$kc/bin:$PATH" BENCH_CACHE="$C/cache" TMPDIR="$C/tmpd" BENCH_KVM_DEV="$kc/kvm" FAKE_QEMU=hang \
		FAKE_QEMU_PIDFILE="$C/qpid" "$KBOOT" "$kc/img" --accel tcg -o "$C/o" --timeout 300 >"$C/out" 2>"$C/err" &
	pid=$!
	track $pid
	wait_for 150 test -s "$C/qpid"
	qpid=$(cat "$C/qpid" 2>/dev/null)
	sleep "$d"
	[ -n "$qpid" ] && kill -KILL "$qpid"
	wait_for 300 alive_not $pid
	wait $pid
	rc=$?
	inv "qemu started" test -n "$qpid"
	inv "exit 3 (boot failed)" rc_is 3
	inv "boot.info says qemu died (exit 137)" grep -q '^result: boot failed: qemu exited with 137' "$C/o/boot.info"
	inv "not recorded as a timeout" sh -c "! grep -q 'timed out' '$C/err' '$C/o/boot.info'"
	inv "the console is kept" grep -q 'fake: hanging' "$C/o/console.log"
	inv "its temporary directory removed" test -z "$(ls -A "$C/tmpd")"
done

# nightly, with a child that SIGKILLs itself: bench-stat on --json, or
# the bench-syscall stand-in half-way through its file
cat >"$kc/bench-stat-killed" <<EOS
#!/bin/sh
# killed on the judging --json; --check and --dump answer truly
case " \$* " in *" --check "*|*" --dump "*) exec "$BS" "\$@" ;; esac
for a; do [ "\$a" = --json ] && kill -KILL \$\$; done
exec "$BS" "\$@"
EOS
cat >"$kc/fake-bench" <<EOS
#!/bin/sh
out=
while [ \$# -gt 0 ]; do case "\$1" in -o) out=\$2; shift 2 ;; *) shift ;; esac; done
"$GEN" -o "\$out" --blocks 6 --samples 150 --host labhost --seed \$\$ || exit
[ -z "\${KILL_BENCH:-}" ] || { head -n 150 "\$out" >"\$out.cut"; mv "\$out.cut" "\$out"; kill -KILL \$\$; }
EOS
chmod +x "$kc/bench-stat-killed" "$kc/fake-bench"
night_conf() {	# night_conf BENCH_STAT: a config in $C (judged from the second night)
	printf 'RESULTS_DIR=%s\nDB=sqlite:%s\nLOCK_FILE=%s\nBENCH=%s\nBENCH_STAT=%s\nHOST=labhost\nPLOTS=no\nBASELINE_MIN=1\n' \
		"$C/results" "$C/h.db" "$C/lock" "$kc/fake-bench" "$1" >"$C/conf"
}
next_night_ok() {
	night_conf "$BS"
	"$NIGHTLY" --config "$C/conf" >"$C/next.out" 2>"$C/next.err"
	nrc=$?
	[ $nrc = 0 ] || [ $nrc = 1 ] || { echo "next night exit $nrc: $(tail -n 2 "$C/next.err")"; return 1; }
}

begin killed-child "bench-stat SIGKILLed under nightly"
night_conf "$BS"
"$NIGHTLY" --config "$C/conf" >/dev/null 2>&1	# a first night: a baseline to judge against
# results files are named by the second: two nights in one second share one
sleep 1
night_conf "$kc/bench-stat-killed"
runrc "$NIGHTLY" --config "$C/conf"
inv "exit 2" rc_is 2
inv "says bench-stat failed" says "bench-stat"
inv "tonight's results file kept" test "$(find "$C/results" -name '2*Z*.txt' | wc -l)" = 2
inv "the history is consistent" "$BH" --db "sqlite:$C/h.db" check
inv "tonight is not judged good" sh -c "[ \"\$(sqlite3 '$C/h.db' \"SELECT count(*) FROM runs WHERE status IN ('good', 'first')\")\" = 1 ]"
inv "the lock is free: the next night runs" next_night_ok

begin killed-child "the bench-syscall of nightly SIGKILLed half-way through its file"
night_conf "$BS"
KILL_BENCH=1 runrc "$NIGHTLY" --config "$C/conf"
inv "exit 2" rc_is 2
inv "says the benchmark failed" says "bench"
inv "the history is consistent" "$BH" --db "sqlite:$C/h.db" check
inv "the cut file is not recorded as a good night" sh -c "[ ! -e '$C/h.db' ] || [ \"\$(sqlite3 '$C/h.db' \"SELECT count(*) FROM runs WHERE status IN ('good', 'first')\")\" = 0 ]"
inv "the lock is free: the next night runs" next_night_ok

begin killed-child "bench-stat SIGKILLed under compare-kernels"
BENCH_STAT=$kc/bench-stat-killed runrc "$CK" -q --no-codegen --results-a "$kc/a" --results-b "$kc/b" -o "$C/rep"
inv "non-zero exit" rc_fails
inv "no traceback" no_traceback
inv "says bench-stat died" says "bench-stat"
inv "the results kept in the report directory" test -n "$(find "$C/rep" -name b.txt)"

# calibrate: its third bench-syscall run SIGKILLed while measuring
cat >"$kc/bench-killed" <<EOS
#!/bin/sh
n=\$((\$(cat "\$COUNT" 2>/dev/null || echo 0) + 1))
echo \$n >"\$COUNT"
[ \$n = 3 ] || exec "$B" "\$@"
"$B" "\$@" & p=\$!
sleep 0.1
kill -KILL \$p
wait \$p
EOS
chmod +x "$kc/bench-killed"
begin killed-child "bench-syscall SIGKILLed under calibrate (its third run)"
COUNT=$C/count BENCH_SYSCALL=$kc/bench-killed runrc "$CAL" -q --trials 3 --delta-trials 1 --deltas 50% \
	--seconds 0.3 --resolve-trials 0 --budgets 0.3 --pad-seconds 0.2 --ref-seconds 0.2 -o "$C/cal"
inv "exit 1" rc_is 1
inv "no traceback" no_traceback
inv "says bench-syscall failed (exit 137)" says "bench-syscall failed (exit 137)"
inv "the two finished runs kept" test "$(find "$C/cal/raw" -name '*.txt' | wc -l)" = 2
inv "no calibrate.json pretends to be complete" test ! -e "$C/cal/calibrate.json"
