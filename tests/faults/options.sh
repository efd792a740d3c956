# Lenient parsing of options: NaN, infinity, trailing junk, negative and
# zero counts.  Each tool refuses each one with exit 2 and a message naming
# the option, before measuring or writing anything (no traceback).

# refuses DESCRIPTION CMD...: exit 2, no traceback, nothing printed to stdout
refuses() {
	"$@" >"$C/o.out" 2>"$C/o.err" </dev/null
	orc=$?
	[ $orc = 2 ] || { echo "exit $orc: $(head -c 200 "$C/o.err")"; return 1; }
	! grep -q Traceback "$C/o.err" || { echo "a traceback"; return 1; }
	[ ! -s "$C/o.out" ] || { echo "printed: $(head -c 100 "$C/o.out")"; return 1; }
}

begin options "bench-syscall: nan, inf, junk, 0 and negatives in its numbers"
for a in "-n 10abc" "-n -5" "-k 0" "-k 1e3" "--cpus 9999" "--cpus 0-" "-d nan" "-d inf" "--pad -1" \
	"--block-ms nan" "--rounds 1x" "-w 5xs" "--seed abc" "--max-seconds nan"; do
	# shellcheck disable=SC2086
	inv "$a" refuses "$B" -q -s getppid $a -o "$C/F.txt"
done
inv "no file written" sh -c "! ls '$C'/F.txt* >/dev/null 2>&1"

begin options "bench-stat: nan and out-of-range levels, margins, counts"
printf '1\n2\n3\n' >"$C/p"
for a in "-c nan" "-c 100" "--equivalence nan" "--resamples 1e99" "--fail-on-regression=nan" "--seed x"; do
	# shellcheck disable=SC2086
	inv "$a" refuses "$BS" $a "$C/p" "$C/p"
done

begin options "bench-history: nan and junk in its numbers"
"$BH" --db "sqlite:$C/h.db" migrate 2>/dev/null
"$GEN" -o "$C/g.txt" --seed 1
for a in "record --confidence nan $C/g.txt" "changepoints --level nan" "changepoints --permutations 1x" \
	"prune abc" "baseline --count -1 1"; do
	# shellcheck disable=SC2086
	inv "$a" refuses "$BH" --db "sqlite:$C/h.db" $a
done
inv "nothing recorded" test "$(sqlite3 "$C/h.db" 'SELECT count(*) FROM runs')" = 0

begin options "calibrate: nan, inf and junk"
for a in "--seconds nan" "--seconds inf" "--trials 1x" "--deltas 1%x" "-c 97x" "--alpha nan" \
	"--budgets nan" "--pad-base -1"; do
	# shellcheck disable=SC2086
	inv "$a" refuses "$CAL" -q $a -o "$C/cal"
done
inv "no output directory made" test ! -e "$C/cal"

begin options "kernels/boot: junk timeouts, CPUs, memory, accelerators"
mkdir -p "$C/img"
echo fake >"$C/img/bzImage"; echo fake >"$C/img/initramfs.cpio.gz"
printf 'series: 6.1\nvariant: stock\n' >"$C/img/info"
for a in "--timeout abc" "--timeout nan" "--timeout -1" "--cpus x" "--mem 1x" "--accel foo"; do
	# shellcheck disable=SC2086
	inv "$a" refuses env BENCH_CACHE="$C/cache" "$KBOOT" "$C/img" $a -o "$C/o"
done
