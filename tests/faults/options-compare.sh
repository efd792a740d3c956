# Was pending (scripts/compare-kernels), fixed by the report work: NaN and infinity in its time options.
# Reproduce: scripts/compare-kernels --dry-run --duration inf (or
# --block-ms inf): "OverflowError: cannot convert float infinity to
# integer", a traceback, exit 1; --dry-run --block-ms nan, --duration nan
# or --resolve 1% --max-seconds nan: accepted, exit 0, a plan printed.
# Cause: these options are parsed with type=float and range-checked with
# comparisons that NaN passes (nan < x is false) and inf is not checked.

refuses() {
	"$@" >"$C/o.out" 2>"$C/o.err" </dev/null
	orc=$?
	[ $orc = 2 ] || { echo "exit $orc: $(head -c 200 "$C/o.err")"; return 1; }
	! grep -q Traceback "$C/o.err" || { echo "a traceback"; return 1; }
}
begin options "compare-kernels --dry-run: nan and inf in its time options"
for a in "--block-ms nan" "--block-ms inf" "--duration inf" "--duration nan" "--resolve 1% --max-seconds nan"; do
	# shellcheck disable=SC2086
	inv "$a" refuses "$CK" --dry-run $a -o "$C/rep"
done
