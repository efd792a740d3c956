# Was pending (scripts/compare-kernels), fixed by the report work: two runs started at once with one -o
# both pass the "exists and is not empty" check and write one report
# directory together: both exit 0, and one's bench-plot fails on the
# other's gnuplot files ("gnuplot failed on DIR/plots/gp/diff.png.gp").
# Reproduce: compare-kernels -q --no-codegen --results-a A --results-b B
# -o R & the same at once; wait.
# Cause: the emptiness check and the directory's creation are not one
# atomic step (os.mkdir without exist_ok, or an O_EXCL file, would be).

cc=$T/concurrent-compare
mkdir -p "$cc/a" "$cc/b"
"$B" -q -c 0 -s getppid -n 200 -k 8 --label a -o "$cc/a/a.txt" >/dev/null &&
	"$B" -q -c 0 -s getppid -n 200 -k 8 --label b -o "$cc/b/b.txt" >/dev/null || exit 1
begin concurrent "two compare-kernels started at once on one -o"
for n in 1 2; do
	"$CK" -q --no-codegen --results-a "$cc/a" --results-b "$cc/b" -o "$C/rep" >"$C/k$n.out" 2>"$C/k$n.err" &
	eval "kp$n=\$!"
done
wait $kp1; ra=$?
wait $kp2; rb=$?
cat "$C/k1.err" "$C/k2.err" >"$C/err"
inv "one ran, one was refused (exits $ra, $rb)" sh -c "[ '$ra $rb' = '0 2' ] || [ '$ra $rb' = '2 0' ]"
inv "no plot failed" sh -c "! grep -q 'gnuplot failed' '$C/err'"
