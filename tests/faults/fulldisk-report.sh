# Was pending (scripts/bench-plot, scripts/compare-kernels), fixed by the report work: a full disk under
# -o gives a Python traceback (OSError: [Errno 28] No space left on device)
# instead of one line naming the file.  Reproduce: mount a 256k tmpfs at
# M, fill it (dd if=/dev/zero of=M/fill), then
#   scripts/bench-plot -o M/plots a.txt b.txt
#   scripts/compare-kernels -q --no-codegen --results-a A --results-b B -o M/rep
# Cause: neither catches OSError from its writes (calibrate now does).

fr=$T/fulldisk-report
mkdir -p "$fr/a" "$fr/b"
"$B" -q -c 0 -s getppid -n 200 -k 8 --label a -o "$fr/a/a.txt" >/dev/null &&
	"$B" -q -c 0 -s getppid -n 200 -k 8 --label b -o "$fr/b/b.txt" >/dev/null || exit 1

begin full-disk "bench-plot -o DIR on a full tmpfs"
if ! mount_tmpfs "$C/m" 256k; then skip "cannot mount a tmpfs (needs root)"; else
	dd if=/dev/zero of="$C/m/fill" bs=4k >/dev/null 2>&1
	runrc "$PLOT" -o "$C/m/plots" "$fr/a/a.txt" "$fr/b/b.txt"
	inv "non-zero exit" rc_fails
	inv "no traceback" no_traceback
	inv "says the disk is full" says "No space left"
fi

begin full-disk "compare-kernels -o DIR on a full tmpfs"
if ! mount_tmpfs "$C/m" 256k; then skip "cannot mount a tmpfs (needs root)"; else
	dd if=/dev/zero of="$C/m/fill" bs=4k >/dev/null 2>&1
	runrc "$CK" -q --no-codegen --results-a "$fr/a" --results-b "$fr/b" -o "$C/m/rep"
	inv "non-zero exit" rc_fails
	inv "no traceback" no_traceback
	inv "says the disk is full" says "No space left"
fi
