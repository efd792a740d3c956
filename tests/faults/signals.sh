# Signals at random points (seeded delays, printed in each case line):
# bench-syscall -o F keeps F complete or marked interrupted with every
# sample intact and never leaves a half-renamed file; nightly leaves the
# history consistent and its lock free; kernels/boot leaves no qemu behind
# (checked by pid, the fake qemu's own).

sig_no() { case $1 in HUP) echo 1 ;; INT) echo 2 ;; PIPE) echo 13 ;; TERM) echo 15 ;; esac; }

# the results file after a signal: absent (signalled before it was
# opened) or whole; never a .tmp left
file_survived() {
	no_tmp "$1" || { echo "a .tmp is left: $(ls "$1".*)"; return 1; }
	[ -e "$1" ] || return 0
	valid_results "$1"
}
ended_as() {	# FILE SIG: end line complete, or incomplete reason=SIGx
	[ -e "$1" ] || return 0
	tail -n 1 "$1" | grep -E -q "^#% end: (complete|incomplete reason=SIG$2) samples=[0-9]+$" ||
		{ echo "end line: $(tail -n 1 "$1" | cut -c1-80)"; return 1; }
}

# signal_bench SIG WHOLE ARGS...: bench-syscall ARGS -o $C/F.txt, sent SIG
# after $d seconds; its exit status, F whole (the invariant named WHOLE)
# and its end line
signal_bench() {
	sig=$1 whole=$2
	shift 2
	# (a background job of sh ignores SIGINT: restore its default)
	env --default-signal=INT "$B" "$@" -o "$C/F.txt" >"$C/out" 2>"$C/err" &
	pid=$!
	track $pid
	sleep "$d"
	kill -$sig $pid
	wait $pid
	rc=$?
	inv "exit $((128 + $(sig_no $sig)))" rc_is $((128 + $(sig_no $sig)))
	inv "$whole" file_survived "$C/F.txt"
	inv "end line complete or incomplete reason=SIG$sig" ended_as "$C/F.txt" $sig
}

for sig in INT TERM HUP PIPE INT TERM; do
	delay 1500
	begin signal "SIG$sig to bench-syscall -o F after ${d}s"
	signal_bench $sig "F whole (bench-stat --check: one run, the end line's count agrees)" \
		-q -d 30 -k 256 -s getppid,null
done

for sig in INT TERM; do
	delay 2000
	begin signal "SIG$sig to bench-syscall --variants pad=0,pad=4 -o F after ${d}s"
	signal_bench $sig "F whole" -q -d 30 -s getppid --variants pad=0,pad=4
done

# SIGKILL cannot be handled: the dead run's temporary file stays, its
# whole lines readable as truncated; the next run on the same -o works
delay 1500
begin signal "SIGKILL to bench-syscall -o F after ${d}s, then a new run on F"
"$B" -q -d 30 -k 256 -s getppid -o "$C/F.txt" >"$C/out" 2>"$C/err" &
pid=$!
track $pid
sleep "$d"
kill -KILL $pid
wait $pid 2>/dev/null
tmpf=$(ls "$C"/F.txt.*.tmp 2>/dev/null | head -n 1)
inv "no F pretends to be complete" test ! -e "$C/F.txt"
inv "the dead run's .tmp is readable (truncated, whole lines)" \
	sh -c "[ -z '$tmpf' ] || '$BS' --check --allow-incomplete '$tmpf' | grep -q 'ok, .*truncated'"
runrc "$B" -q -s getppid -n 100 -o "$C/F.txt"
inv "the next run on F works" rc_is 0
inv "and F is whole" valid_results "$C/F.txt"

# nightly with a stand-in bench-syscall (the synthetic generator, slowed a
# little so that signals land in every phase)
nt=$T/nightly-signals
mkdir -p "$nt"
cat >"$nt/fake-bench" <<EOS
#!/bin/sh
out=
while [ \$# -gt 0 ]; do case "\$1" in -o) out=\$2; shift 2 ;; *) shift ;; esac; done
sleep 0.3
exec "$GEN" -o "\$out" --blocks 6 --samples 150 --host labhost --seed \$\$
EOS
chmod +x "$nt/fake-bench"
printf 'RESULTS_DIR=%s\nDB=sqlite:%s\nLOCK_FILE=%s\nBENCH=%s\nBENCH_STAT=%s\nHOST=labhost\nPLOTS=no\n' \
	"$nt/results" "$nt/h.db" "$nt/lock" "$nt/fake-bench" "$BS" >"$nt/conf"
"$NIGHTLY" --config "$nt/conf" >/dev/null 2>"$nt/first.err" ||
	{ echo "faults: nightly does not run: $(tail -n 3 "$nt/first.err")" >&2; exit 1; }
# whole_history: bench-history check passes, every run has its cells
whole_history() {
	"$BH" --db "sqlite:$nt/h.db" check || return 1
	half=$(sqlite3 "$nt/h.db" 'SELECT count(*) FROM runs r WHERE NOT EXISTS (SELECT 1 FROM cells c WHERE c.run_id = r.id)')
	[ "$half" = 0 ] || { echo "$half run(s) without cells"; return 1; }
}
next_night_runs() {
	before=$(sqlite3 "$nt/h.db" 'SELECT count(*) FROM runs')
	"$NIGHTLY" --config "$nt/conf" >"$C/next.out" 2>"$C/next.err"
	nrc=$?
	[ $nrc = 0 ] || [ $nrc = 1 ] || { echo "next night: exit $nrc: $(tail -n 3 "$C/next.err")"; return 1; }
	[ "$(sqlite3 "$nt/h.db" 'SELECT count(*) FROM runs')" = $((before + 1)) ] ||
		{ echo "next night recorded no run"; return 1; }
}
for sig in TERM INT HUP TERM; do
	delay 1200
	begin signal "SIG$sig to nightly after ${d}s"
	env --default-signal=INT "$NIGHTLY" --config "$nt/conf" >"$C/out" 2>"$C/err" &
	pid=$!
	track $pid
	sleep "$d"
	kill -$sig $pid 2>/dev/null || tried="$tried (it had finished)"
	wait $pid
	rc=$?
	inv "stopped (exit $rc)" alive_not $pid
	inv "history consistent, no half run" whole_history
	inv "no temporary results file left" sh -c "! find '$nt/results' -name '*.tmp' | grep -q ."
	inv "the lock is free: the next night runs and records" next_night_runs
done

# kernels/boot, its (fake) qemu hanging in the guest
kb=$T/boot-signals
mkdir -p "$kb/bin" "$kb/tmpd" "$kb/img"
ln -s "$FAKEQ" "$kb/bin/qemu-system-x86_64"
: >"$kb/kvm"
echo fake >"$kb/img/bzImage"; echo fake >"$kb/img/initramfs.cpio.gz"
printf 'series: 6.1\nvariant: stock\n' >"$kb/img/info"
qemu_gone() {	# the fake qemu's pid (if it started) is gone, and none starts later
	sleep 0.5
	[ -s "$C/qpid" ] || return 0
	gone "$(cat "$C/qpid")" || { echo "qemu $(cat "$C/qpid") still running"; return 1; }
}
for sig in TERM INT HUP TERM; do
	delay 3000
	begin signal "SIG$sig to kernels/boot (qemu hanging) after ${d}s"
	setsid env --default-signal=INT PATH="$kb/bin:$PATH" BENCH_CACHE="$kb/cache" TMPDIR="$kb/tmpd" \
		BENCH_KVM_DEV="$kb/kvm" FAKE_QEMU=hang FAKE_QEMU_PIDFILE="$C/qpid" \
		"$KBOOT" "$kb/img" --accel tcg -o "$C/o" --timeout 300 >"$C/out" 2>"$C/err" &
	pid=$!
	track $pid
	sleep "$d"
	kill -$sig $pid
	wait_for 300 alive_not $pid
	wait $pid
	rc=$?
	[ -s "$C/qpid" ] && track "$(cat "$C/qpid")"
	inv "exit $((128 + $(sig_no $sig)))" rc_is $((128 + $(sig_no $sig)))
	inv "no orphaned qemu (by pid)" qemu_gone
	inv "not recorded as a timeout" sh -c "! grep -q 'timed out' '$C/err' '$C/o/boot.info' 2>/dev/null"
done
