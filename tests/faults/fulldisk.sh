# A full disk: a small private tmpfs (unmounted at exit) as bench-syscall's
# -o target, nightly's RESULTS_DIR, the SQLite history's directory and the
# -o of bench-plot, compare-kernels and calibrate.  Each gives a clear error
# and a non-zero exit; what was measured or recorded before stays.

# fill DIR: fill the tmpfs at DIR to the last block
fill() { dd if=/dev/zero of="$1/fill" bs=4k >/dev/null 2>&1; dd if=/dev/zero of="$1/fill2" bs=512 >/dev/null 2>&1; :; }
enospc() { grep -q -i 'no space left\|disk is full\|ENOSPC' "$C/err" || { echo "stderr does not say the disk is full"; return 1; }; }

fd=$T/fulldisk
mkdir -p "$fd"
"$B" -q -c 0 -s getppid -n 200 -k 8 --label a -o "$fd/a.txt" >/dev/null &&
	"$B" -q -c 0 -s getppid -n 200 -k 8 --label b -o "$fd/b.txt" >/dev/null || exit 1

begin full-disk "bench-syscall -o F on a 64 KB tmpfs"
if ! mount_tmpfs "$C/m" 64k; then skip "cannot mount a tmpfs (needs root)"; else
	runrc "$B" -q -c 0 -s getppid -n 100000 -k 16 -o "$C/m/F.txt"
	inv "exit 1" rc_is 1
	inv "says the disk is full" enospc
	inv "F kept, cut to whole lines, marked incomplete reason=write-error" \
		sh -c "tail -n 1 '$C/m/F.txt' | grep -q '^#% end: incomplete reason=write-error samples=[1-9]'"
	inv "bench-stat --check takes it (the end line's count agrees)" valid_results "$C/m/F.txt"
	inv "no .tmp left" no_tmp "$C/m/F.txt"
fi

begin full-disk "bench-syscall -o F over an earlier complete F, the disk filling"
if ! mount_tmpfs "$C/m" 64k; then skip "cannot mount a tmpfs (needs root)"; else
	"$B" -q -c 0 -s getppid -n 200 -k 8 -o "$C/m/F.txt" >/dev/null || exit 1
	s0=$(md5sum <"$C/m/F.txt")
	runrc "$B" -q -c 0 -s getppid -n 100000 -k 16 -o "$C/m/F.txt"
	inv "exit 1" rc_is 1
	inv "says the disk is full" enospc
	inv "the earlier complete F intact" test "$(md5sum <"$C/m/F.txt")" = "$s0"
	kept=$(ls "$C/m/F.txt".*.incomplete 2>/dev/null)
	inv "the cut run kept beside F (F.XXXXXX.incomplete)" test -n "$kept"
	inv "... named in the error" sh -c 'test -n "$1" && grep -q -F "$1" "$2"' - "$kept" "$C/err"
	inv "... bench-stat --check takes it (--allow-incomplete)" \
		sh -c 'test -n "$1" && "$2" --check --allow-incomplete "$1" >/dev/null' - "$kept" "$BS"
	inv "no .tmp left" no_tmp "$C/m/F.txt"
fi

# the SQLite history on a full disk: one run in it, then the disk fills
begin full-disk "bench-history record into a SQLite history on a full tmpfs"
if ! mount_tmpfs "$C/m" 512k; then skip "cannot mount a tmpfs (needs root)"; else
	"$GEN" -o "$C/g1.txt" --blocks 6 --samples 150 --seed 1 &&
		"$GEN" -o "$C/g2.txt" --blocks 60 --samples 150 --seed 2 --cpus 8 || exit 1
	"$BH" --db "sqlite:$C/m/h.db" migrate 2>/dev/null && "$BH" --db "sqlite:$C/m/h.db" record "$C/g1.txt" >/dev/null
	fill "$C/m"
	runrc "$BH" --db "sqlite:$C/m/h.db" record "$C/g2.txt"
	inv "non-zero exit" rc_fails
	inv "says the disk is full" enospc
	rm -f "$C/m/fill" "$C/m/fill2"
	inv "the history is consistent" "$BH" --db "sqlite:$C/m/h.db" check
	inv "the old run intact, the new one absent" test "$(sqlite3 "$C/m/h.db" 'SELECT count(*) FROM runs')" = 1
	inv "the old run's cells intact" test "$(sqlite3 "$C/m/h.db" 'SELECT count(*) FROM cells')" = \
		"$(sqlite3 "$C/m/h.db" 'SELECT count(*) FROM cells WHERE run_id = (SELECT min(id) FROM runs)')"
fi

# nightly: RESULTS_DIR on a full tmpfs, the history elsewhere
begin full-disk "nightly with RESULTS_DIR on a full tmpfs"
if ! mount_tmpfs "$C/m" 1m; then skip "cannot mount a tmpfs (needs root)"; else
	cat >"$C/fake-bench" <<EOS
#!/bin/sh
out=
while [ \$# -gt 0 ]; do case "\$1" in -o) out=\$2; shift 2 ;; *) shift ;; esac; done
exec "$GEN" -o "\$out" --blocks 6 --samples 150 --host labhost --seed \$\$
EOS
	chmod +x "$C/fake-bench"
	printf 'RESULTS_DIR=%s\nDB=sqlite:%s\nLOCK_FILE=%s\nBENCH=%s\nBENCH_STAT=%s\nHOST=labhost\nPLOTS=no\n' \
		"$C/m/results" "$C/h.db" "$C/lock" "$C/fake-bench" "$BS" >"$C/conf"
	"$NIGHTLY" --config "$C/conf" >/dev/null 2>&1
	first=$(find "$C/m/results" -name '2*Z.txt' | head -n 1)
	sum0=$(md5sum <"$first")
	fill "$C/m"
	runrc "$NIGHTLY" --config "$C/conf"
	inv "exit 2" rc_is 2
	inv "says the disk is full" enospc
	inv "the history is consistent" "$BH" --db "sqlite:$C/h.db" check
	inv "no run recorded without its file" test "$(sqlite3 "$C/h.db" 'SELECT count(*) FROM runs')" = 1
	inv "the first night's results file intact" test "$(md5sum <"$first")" = "$sum0"
fi

# bench-plot and compare-kernels on a full disk: cases-pending/fulldisk-report.sh

begin full-disk "calibrate -o DIR on a full tmpfs"
if ! mount_tmpfs "$C/m" 256k; then skip "cannot mount a tmpfs (needs root)"; else
	fill "$C/m"
	runrc "$CAL" -q --trials 2 --delta-trials 1 --deltas 50% --seconds 0.2 --resolve-trials 0 \
		--budgets 0.2 --pad-seconds 0.2 --ref-seconds 0.2 -o "$C/m/cal"
	inv "non-zero exit" rc_fails
	inv "no traceback" no_traceback
	inv "says the disk is full" enospc
fi
