# Was pending (scripts/bench-plot, scripts/compare-kernels), fixed by the report work: an unwritable -o
# gives a Python traceback (PermissionError/OSError from os.makedirs)
# instead of one line.  Reproduce: mount -t tmpfs -o size=64k,ro x M, then
#   scripts/bench-plot -o M/plots a.txt b.txt
#   scripts/compare-kernels -q --no-codegen --results-a A --results-b B -o M/rep
# Cause: os.makedirs of the output directory is not guarded (bench-plot
# main() line 737, compare-kernels main() line 1562).

ro_err() { grep -q -i 'read-only\|permission denied\|not writable\|cannot write\|cannot create' "$C/err" ||
	{ echo "stderr does not say it cannot write"; return 1; }; }
ur=$T/unwritable-report
mkdir -p "$ur/a" "$ur/b"
"$B" -q -c 0 -s getppid -n 200 -k 8 --label a -o "$ur/a/a.txt" >/dev/null &&
	"$B" -q -c 0 -s getppid -n 200 -k 8 --label b -o "$ur/b/b.txt" >/dev/null || exit 1
if mount_tmpfs "$ur/ro" 64k ro; then ro=$ur/ro; else ro=""; fi
uw=$ur

begin unwritable "bench-plot -o DIR read-only"
if [ -z "$ro" ]; then skip "cannot mount a tmpfs (needs root)"; else
	runrc "$PLOT" -o "$ro/plots" "$uw/a/a.txt" "$uw/b/b.txt"
	inv "non-zero exit" rc_fails
	inv "no traceback" no_traceback
	inv "says it cannot write" ro_err
fi

begin unwritable "compare-kernels -o DIR read-only"
if [ -z "$ro" ]; then skip "cannot mount a tmpfs (needs root)"; else
	runrc "$CK" -q --no-codegen --results-a "$uw/a" --results-b "$uw/b" -o "$ro/rep"
	inv "non-zero exit" rc_fails
	inv "no traceback" no_traceback
	inv "says it cannot write" ro_err
fi

