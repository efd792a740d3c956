# Was pending (scripts/bench-plot, being moved onto bench-stat --dump), fixed by the report work: bench-plot
# reads results files with a lenient reader of its own, so it plots what
# bench-stat refuses, and its NaN error names no file.  Reproduce:
#   scripts/bench-plot -o P good.txt count.txt   (end line samples=12, 10
#   samples: exit 0, plots made; the same for a cpu of 2^32, a negative
#   ctxsw, duplicate metric columns)
#   scripts/bench-plot -o P good.txt inf.txt     (a Python traceback in
#   plot_dist)
#   scripts/bench-plot -o P good.txt nan.txt     ("malformed input ...:
#   ValueError: cannot convert float NaN to integer", no file named)
# Cause: bench-plot parses the format itself instead of asking bench-stat.
[ -n "${bf:-}" ] || . "$here/lib-badfiles.sh"

for k in nan inf count cpu ctxsw dupcol; do
	mkbad $k
	begin bad-file "bench-plot A $k.txt"
	runrc "$PLOT" -o "$C/plots" "$bf/good.txt" "$bf/$k.txt"
	inv "non-zero exit" rc_fails
	inv "no traceback" no_traceback
	inv "names $k.txt" names $k ""
	inv "no plot made" no_plots
done
