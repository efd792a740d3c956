# An unwritable directory: a read-only tmpfs (root writes through mode
# 555, so that is no test) as the output of every tool, and one directory
# seen by nobody.  Each refuses with a clear error and a non-zero exit,
# before measuring where it measures, and writes or records nothing.

ro_err() { grep -q -i 'read-only\|permission denied\|not writable\|cannot write\|cannot create' "$C/err" ||
	{ echo "stderr does not say it cannot write"; return 1; }; }
nothing_measured() { ! grep -q 'getppid' "$C/out"; }

uw=$T/unwritable
mkdir -p "$uw/a" "$uw/b"
"$B" -q -c 0 -s getppid -n 200 -k 8 --label a -o "$uw/a/a.txt" >/dev/null &&
	"$B" -q -c 0 -s getppid -n 200 -k 8 --label b -o "$uw/b/b.txt" >/dev/null || exit 1
if mount_tmpfs "$uw/ro" 64k ro; then ro=$uw/ro; else ro=""; fi

begin unwritable "bench-syscall -o F in a read-only directory"
if [ -z "$ro" ]; then skip "cannot mount a tmpfs (needs root)"; else
	runrc "$B" -q -s getppid -d 30 -o "$ro/F.txt"
	inv "non-zero exit" rc_fails
	inv "says it cannot write" ro_err
	inv "refused before measuring (no summary)" nothing_measured
fi

begin unwritable "bench-syscall -o F, run as nobody, in a directory of root's"
if [ "$(id -u)" != 0 ] || ! command -v runuser >/dev/null; then skip "needs root and runuser"; else
	mkdir -p "$C/rootdir" && chmod 755 "$T" "$C" "$C/rootdir"
	runrc runuser -u nobody -- "$B" -q -s getppid -d 30 -o "$C/rootdir/F.txt"
	inv "non-zero exit" rc_fails
	inv "says it cannot write" ro_err
	inv "refused before measuring (no summary)" nothing_measured
	inv "nothing written" test -z "$(ls -A "$C/rootdir")"
fi

begin unwritable "bench-history migrate and record with the SQLite history in a read-only directory"
if [ -z "$ro" ]; then skip "cannot mount a tmpfs (needs root)"; else
	runrc "$BH" --db "sqlite:$ro/h.db" migrate
	inv "migrate: non-zero exit" rc_fails
	inv "migrate: says it cannot write" ro_err
	runrc "$BH" --db "sqlite:$ro/h.db" record "$uw/a/a.txt"
	inv "record: non-zero exit" rc_fails
	inv "no database created" test ! -e "$ro/h.db"
fi

begin unwritable "nightly with RESULTS_DIR read-only"
if [ -z "$ro" ]; then skip "cannot mount a tmpfs (needs root)"; else
	nightly_conf "$ro/results"
	runrc "$NIGHTLY" --config "$C/conf"
	inv "exit 2" rc_is 2
	inv "says it cannot write" ro_err
	inv "nothing recorded" sh -c "[ ! -e '$C/h.db' ] || [ \"\$(sqlite3 '$C/h.db' 'SELECT count(*) FROM runs')\" = 0 ]"
fi

# bench-plot and compare-kernels: cases-pending/unwritable-report.sh

begin unwritable "calibrate -o DIR read-only"
if [ -z "$ro" ]; then skip "cannot mount a tmpfs (needs root)"; else
	runrc "$CAL" -q --trials 2 --delta-trials 1 --deltas 50% --seconds 0.2 --resolve-trials 0 \
		--budgets 0.2 --pad-seconds 0.2 --ref-seconds 0.2 -o "$ro/cal"
	inv "non-zero exit" rc_fails
	inv "no traceback" no_traceback
	inv "says it cannot write" ro_err
fi

begin unwritable "kernels/boot -o DIR read-only (fake qemu)"
if [ -z "$ro" ]; then skip "cannot mount a tmpfs (needs root)"; else
	mkdir -p "$C/bin" "$C/tmpd" "$C/img"
	ln -s "$FAKEQ" "$C/bin/qemu-system-x86_64"
	: >"$C/kvm"
	echo fake >"$C/img/bzImage"; echo fake >"$C/img/initramfs.cpio.gz"
	printf 'series: 6.1\nvariant: stock\n' >"$C/img/info"
	PATH="$C/bin:$PATH" BENCH_CACHE="$C/cache" TMPDIR="$C/tmpd" BENCH_KVM_DEV="$C/kvm" FAKE_QEMU=pass \
		FAKE_QEMU_PIDFILE="$C/qpid" runrc "$KBOOT" "$C/img" --accel tcg -o "$ro/o" --timeout 30
	inv "non-zero exit" rc_fails
	inv "says it cannot write" ro_err
	inv "no qemu started" test ! -e "$C/qpid"
fi
