# Was pending (scripts/bench-plot, scripts/compare-kernels), fixed by the report work: an -o that is a
# regular file gives a Python traceback.  Reproduce: echo x >F, then
#   scripts/bench-plot -o F a.txt b.txt        (FileExistsError)
#   scripts/compare-kernels -q --no-codegen --results-a A --results-b B -o F
#                                              (NotADirectoryError)
# Cause: os.makedirs(OUT) unguarded, as for an unwritable -o.

tr=$T/targets-report
mkdir -p "$tr/a" "$tr/b"
"$B" -q -c 0 -s getppid -n 200 -k 8 --label a -o "$tr/a/a.txt" >/dev/null &&
	"$B" -q -c 0 -s getppid -n 200 -k 8 --label b -o "$tr/b/b.txt" >/dev/null || exit 1

begin targets "bench-plot -o a regular file"
echo keep >"$C/file"
runrc "$PLOT" -o "$C/file" "$tr/a/a.txt" "$tr/b/b.txt"
inv "non-zero exit" rc_fails
inv "no traceback" no_traceback
inv "the file untouched" test "$(cat "$C/file")" = keep

begin targets "compare-kernels -o a regular file"
echo keep >"$C/file"
runrc "$CK" -q --no-codegen --results-a "$tr/a" --results-b "$tr/b" -o "$C/file"
inv "non-zero exit" rc_fails
inv "no traceback" no_traceback
inv "the file untouched" test "$(cat "$C/file")" = keep
