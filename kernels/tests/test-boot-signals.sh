#!/bin/sh
# kernels/boot under signals, against the fake qemu hanging in the guest:
# SIGTERM (what compare-kernels sends its child), Ctrl-C (SIGINT to the whole
# process group), SIGHUP (a lost ssh session) each stop qemu at once (no
# orphan loading a CPU under later measurements), are recorded as what they
# were (never "timed out"), exit 128+N; SIGKILL to kernels/boot takes qemu
# with it; a signal during the KVM probe stops the probe's qemu too; a killed
# boot's temporary directory is removed by the next boot.  Every wait here is
# bounded (a hang fails the test); no time is asserted.
. "$(dirname "$0")/lib.sh"
export BENCH_CACHE="$tmp/cache" TMPDIR="$tmp/tmpd" BENCH_KVM_DEV="$tmp/kvm"
mkdir -p "$TMPDIR" "$tmp/bin"
: > "$BENCH_KVM_DEV"
ln -s "$here/fake-qemu" "$tmp/bin/qemu-system-x86_64"
k=$kdir/boot
img=$tmp/img
mkdir -p "$img"
echo fake > "$img/bzImage"; echo fake > "$img/initramfs.cpio.gz"
printf 'series: 6.1\nvariant: stock\n' > "$img/info"

# alive PID: running (not gone, not a zombie)
alive() { [ -e /proc/$1 ] && [ "$(sed 's/.*) //' /proc/$1/stat 2> /dev/null | cut -c1)" != Z ]; }
# gone PID: PID stops within 10 s
gone() { i=0; while alive "$1" && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done; ! alive "$1"; }
# launch NAME ARGS...: kernels/boot in the background, in a session of its own
# with SIGINT at its default (a background job of sh ignores it), its guest
# hanging; waits for qemu to start; sets bpid, qpid.
launch() {
	n=$1; shift
	rm -f "$tmp/qpid-$n"
	setsid env --default-signal=INT PATH="$tmp/bin:$PATH" FAKE_QEMU=hang FAKE_QEMU_PIDFILE="$tmp/qpid-$n" \
		"$k" "$img" -o "$tmp/o-$n" --timeout 300 "$@" > "$tmp/$n.out" 2> "$tmp/$n.err" &
	bpid=$!
	i=0; while [ ! -s "$tmp/qpid-$n" ] && [ $i -lt 150 ]; do sleep 0.2; i=$((i + 1)); done
	qpid=$(cat "$tmp/qpid-$n" 2> /dev/null || echo none)
	[ "$qpid" != none ] && ok || bad "$n: qemu did not start: $(cat "$tmp/$n.err")"
	sleep 0.5	# inside the wait loop, past the traps' setup
}
# reap WANT: kernels/boot exits with WANT within 30 s
reap() {
	i=0; while alive $bpid && [ $i -lt 150 ]; do sleep 0.2; i=$((i + 1)); done
	if alive $bpid; then
		bad "$n: kernels/boot still running 30 s after the signal"
		kill -KILL $bpid $qpid 2> /dev/null
		wait $bpid
		return
	fi
	wait $bpid; brc=$?
	[ "$brc" = "$1" ] && ok || bad "$n: exit $brc, want $1: $(cat "$tmp/$n.err")"
}
result() { sed -n 's/^result: //p' "$tmp/o-$n/boot.info" 2> /dev/null; }

launch term --accel tcg
kill -TERM $bpid
reap 143
check "SIGTERM: qemu stopped with kernels/boot" gone "$qpid"
[ "$(result)" = "terminated (SIGTERM)" ] && ok || bad "SIGTERM: boot.info result '$(result)'"
grep -q "terminated (SIGTERM): qemu stopped" "$tmp/term.err" && ok || bad "SIGTERM: stderr: $(cat "$tmp/term.err")"
check "SIGTERM: the console is kept" grep -q "fake: hanging" "$tmp/o-term/console.log"

launch int --accel tcg
kill -INT -$bpid	# Ctrl-C: the terminal signals the whole foreground group
reap 130
check "Ctrl-C: qemu stopped" gone "$qpid"
[ "$(result)" = "interrupted (SIGINT)" ] && ok || bad "Ctrl-C: boot.info result '$(result)', want interrupted"
grep -q "timed out" "$tmp/int.err" "$tmp/o-int/boot.info" && bad "Ctrl-C reported as a timeout" || ok

launch hup --accel tcg
kill -HUP $bpid
reap 129
check "SIGHUP: qemu stopped" gone "$qpid"
[ "$(result)" = "hung up (SIGHUP)" ] && ok || bad "SIGHUP: boot.info result '$(result)'"

# A signal while the KVM probe boots (its guest hanging): the probe's qemu goes
# too, and no answer is cached from a probe cut short.
rm -f "$tmp/qpid-probe"
setsid env PATH="$tmp/bin:$PATH" FAKE_QEMU_KVM=hang FAKE_QEMU_PIDFILE="$tmp/qpid-probe" BENCH_KVM_PROBE_WAIT=120 \
	"$k" "$img" -o "$tmp/o-probe" --timeout 300 > "$tmp/probe.out" 2> "$tmp/probe.err" &
bpid=$! n=probe
i=0; while [ ! -s "$tmp/qpid-probe" ] && [ $i -lt 150 ]; do sleep 0.2; i=$((i + 1)); done
qpid=$(cat "$tmp/qpid-probe" 2> /dev/null || echo none)
sleep 0.5
kill -TERM $bpid
reap 143
check "SIGTERM during the KVM probe: its qemu stopped" gone "$qpid"
check "SIGTERM during the KVM probe: no answer cached" test ! -e "$BENCH_CACHE/kvm-probe"
check "SIGTERM during the KVM probe: TMPDIR empty" test -z "$(ls "$TMPDIR")"

# SIGKILL cannot be trapped: qemu goes by its parent-death signal, and the
# next boot removes the dead boot's temporary directory.
launch kill --accel tcg
kill -KILL $bpid
wait $bpid 2> /dev/null
check "SIGKILL: qemu went with kernels/boot" gone "$qpid"
check "SIGKILL: its temporary directory is left" test -n "$(ls "$TMPDIR" | grep "^kernels-boot\.$bpid\.")"
expect 0 "ok in" env PATH="$tmp/bin:$PATH" FAKE_QEMU=pass "$k" "$img" --accel tcg -o "$tmp/o-next" --timeout 30
check "the next boot removed it, and its own" test -z "$(ls "$TMPDIR")"
# Failures and timeouts leave nothing in TMPDIR either.
expect 3 "timed out after 1s" env PATH="$tmp/bin:$PATH" FAKE_QEMU=hang FAKE_QEMU_PIDFILE="$tmp/qpid-to" \
	"$k" "$img" --accel tcg -o "$tmp/o-to" --timeout 1
check "timeout: qemu stopped" gone "$(cat "$tmp/qpid-to")"
check "timeout: TMPDIR empty" test -z "$(ls "$TMPDIR")"
finish
