#!/bin/sh
# Tests of scripts/bench-plot: every plot renders as PNG and SVG, is not
# blank, shows the data it is given (known injected values appear in the
# axes, data files and labels; different inputs give different plots), and
# bad input or usage exits 2.  Synthetic results files from a seeded
# generator (report.d/synth-results), so the known answer is known.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
plot=$top/scripts/bench-plot
synth=$top/scripts/report.d/synth-results
pngstat=$top/scripts/report.d/pngstat
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fails=0
ok() { echo "[OK] $*"; }
bad() { echo "[FAIL] $*"; fails=$((fails + 1)); }
check() { # check DESCRIPTION COMMAND...
	d=$1; shift
	echo "[RUN] $d"
	if "$@" >/dev/null 2>&1; then ok "$d"; else bad "$d"; fi
}

# Side A near 100 cycles, side B near 400 (a known, injected shift), two
# runs each, two CPUs, two syscalls.
mkdir -p "$tmp/a" "$tmp/b" "$tmp/c"
for i in 1 2; do
	"$synth" --seed $i --label alpha --release 6.1.0-a --samples 150 >"$tmp/a/r$i.txt"
	"$synth" --seed 1$i --label beta --release 6.1.0-b --base 400 --samples 150 >"$tmp/b/r$i.txt"
	"$synth" --seed 2$i --label gamma --release 6.1.0-c --base 1000 --samples 150 >"$tmp/c/r$i.txt"
done

# A bench-stat --json document (stats/JSON.md) with a known difference.
cat >"$tmp/stat.json" <<'EOF'
{ "version": 1, "confidence": 95.0, "alpha": 0.05, "clock": "tsc", "unit": "cycles",
  "metric": "cycles",
  "sides": [ { "index": 0, "label": "alpha", "files": [], "runs": 2 },
             { "index": 1, "label": "beta", "files": [], "runs": 2 } ],
  "cells": [
   { "cpu": 0, "syscall": "getpid", "entry": "syscall", "metric": "cycles",
     "sides": [ { "n": 300, "median": 103.9 }, { "n": 300, "median": 404.1 } ],
     "comparisons": [ { "a": 0, "b": 1, "level": "run", "test": "welch",
       "diff": 300.2, "diff_ci": [291.5, 308.9], "diff_pct": 288.93, "diff_pct_ci": [280, 297],
       "p": 0.0001, "p_holm": 0.0004, "significant": true, "direction": "slower" } ] },
   { "cpu": 1, "syscall": "getpid", "entry": "syscall", "metric": "cycles",
     "sides": [ { "n": 300, "median": 103.8 }, { "n": 300, "median": 103.9 } ],
     "comparisons": [ { "a": 0, "b": 1, "level": "run", "test": "welch",
       "diff": 0.1, "diff_ci": [-0.7, 0.9], "diff_pct": 0.07, "diff_pct_ci": [-0.6, 0.8],
       "p": 0.8, "p_holm": 0.8, "significant": false, "direction": "none" } ] } ] }
EOF

out=$tmp/out1
if "$plot" -o "$out" --json "$tmp/stat.json" "$tmp/a" "$tmp/b/*.txt" >"$tmp/list" 2>"$tmp/err"; then
	ok "bench-plot renders (exit 0)"
else
	bad "bench-plot exit $?: $(cat "$tmp/err")"
fi

# Every plot, both formats, listed on stdout and present.
for name in dist-getpid dist-getppid ecdf-getpid ecdf-getppid series-getpid \
	    series-getppid medians diff; do
	for f in png svg; do
		p=$out/$name.$f
		if [ -s "$p" ] && grep -qx "$p" "$tmp/list"; then ok "$name.$f written and listed"
		else bad "$name.$f missing or not listed"; fi
	done
	# Not blank: the PNG decodes, has many colours, real variance and a
	# fair share of drawn pixels.
	set -- $("$pngstat" "$out/$name.png" 2>/dev/null) x x x x x
	if [ "$1" != x ] && [ "$3" -ge 8 ] && awk -v v="$4" -v f="$5" 'BEGIN { exit !(v > 100 && f > 0.01) }'; then
		ok "$name.png not blank ($3 colours, variance $4, $5 drawn)"
	else
		bad "$name.png blank or undecodable: $*"
	fi
	# The SVG draws paths with coordinates (data), not just a frame.
	n=$(grep -c '<path' "$out/$name.svg")
	[ "$n" -ge 5 ] && ok "$name.svg has $n paths" || bad "$name.svg has $n paths"
done

# The known values show: B's data near 400 puts the x axis of the
# distribution and ECDF past 400; A's near 100 puts it below 110.
has_tick() { # svg value: a tick label with that text
	grep -q ">$2</text>" "$1" || grep -q ">[[:space:]]*$2[[:space:]]*<" "$1"
}
check "dist x axis reaches the injected 400" has_tick "$out/dist-getpid.svg" 400
check "ecdf x axis reaches the injected 400" has_tick "$out/ecdf-getpid.svg" 400
# The medians plotted: A's ~104, B's ~404 (synthetic: base + 2*syscall
# index + exponential noise with median 10*ln2/4 = 1.73).
meds=$(cat "$out"/data/medians.*.dat | awk 'NF == 4 { printf "%s ", $2 }')
if echo "$meds" | awk '{ a = b = 0; for (i = 1; i <= NF; i++) { if ($i > 103 && $i < 106) a++; if ($i > 403 && $i < 406) b++ } exit !(a == 4 && b == 4) }'
then ok "medians data hold the injected 104/404 ($meds)"
else bad "medians data wrong: $meds"; fi
# Labels and kernel versions in the legend, the clock named in the axis.
check "legend names label and kernel" grep -q 'beta (6.1.0-b)' "$out/dist-getpid.svg"
check "axis names unit and clock" grep -q 'cycles, clock: tsc' "$out/medians.svg"
# The difference plot shows the JSON's numbers: the +288.93% label and a
# y axis reaching 300.
check "diff plot labels the injected +288.93%" grep -q '+288.93%' "$out/diff.svg"
check "diff plot y axis reaches 300" has_tick "$out/diff.svg" 300
check "diff plot marks significance" grep -q 'significant' "$out/diff.svg"
# Disturbed samples are dropped (the generator writes some ctxsw=1).
check "disturbed samples reported" grep -q 'disturbed samples dropped' "$tmp/err"

# Different data, different plots: C near 1000 instead of B near 400.
out2=$tmp/out2
"$plot" -o "$out2" --only dist,medians "$tmp/a" "$tmp/c" >/dev/null 2>&1 || bad "second plot failed"
if cmp -s "$out/dist-getpid.svg" "$out2/dist-getpid.svg"; then bad "two inputs gave the same plot"
else ok "two inputs give different plots"; fi
check "second plot's axis reaches 1000" has_tick "$out2/dist-getpid.svg" 1000
if has_tick "$out2/dist-getpid.svg" 400 && ! has_tick "$out2/dist-getpid.svg" 1000; then
	bad "second plot shows the first one's range"; fi

# --by variant: one file with alternating full/fast blocks, +50 on fast.
"$synth" --seed 7 --blocks 4 --variants full,fast --delta 50 --samples 100 \
	--cpus 0 --syscalls getpid >"$tmp/dual.txt"
out3=$tmp/out3
if "$plot" -o "$out3" --by variant --only medians,dist "$tmp/dual.txt" >/dev/null 2>&1; then
	ok "--by variant renders"
	check "--by variant legend has both variants" sh -c "grep -q '>full' '$out3/medians.svg' && grep -q '>fast' '$out3/medians.svg'"
	m=$(awk 'NF == 4 { print $2 }' "$out3"/data/medians.0.dat "$out3"/data/medians.2.dat | tr '\n' ' ')
	echo "$m" | awk '{ d = $2 - $1; exit !(d > 45 && d < 55) }' && ok "--by variant: fast - full = +50 ($m)" \
		|| bad "--by variant medians $m"
else
	bad "--by variant failed"
fi

# Usage and bad input: exit 2, a message, nothing half-written.
exit_is() { # want description command...
	want=$1 d=$2; shift 2
	"$@" >/dev/null 2>"$tmp/e"; rc=$?
	if [ $rc = "$want" ] && [ -s "$tmp/e" ]; then ok "$d: exit $rc"; else bad "$d: exit $rc, want $want"; fi
}
exit_is 2 "no arguments" "$plot"
exit_is 2 "missing file" "$plot" -o "$tmp/x" "$tmp/nonexistent.txt"
printf 'hello\n1 2 3\n' >"$tmp/junk.txt"
exit_is 2 "not a results file" "$plot" -o "$tmp/x" "$tmp/junk.txt"
sed '1s/ 1$/ 9/' "$tmp/a/r1.txt" >"$tmp/v9.txt"
exit_is 2 "newer format version" "$plot" -o "$tmp/x" "$tmp/v9.txt"
sed '$d' "$tmp/a/r1.txt" >"$tmp/trunc.txt"
exit_is 2 "truncated file" "$plot" -o "$tmp/x" "$tmp/trunc.txt"
check "truncated file with --allow-incomplete" "$plot" -o "$tmp/x" --only medians --allow-incomplete "$tmp/trunc.txt"
exit_is 2 "unknown metric" "$plot" -o "$tmp/x" --metric bogus "$tmp/a"
exit_is 2 "bad --format" "$plot" -o "$tmp/x" --format gif "$tmp/a"
exit_is 2 "wrong number of --labels" "$plot" -o "$tmp/x" --labels one "$tmp/a" "$tmp/b"

# bench-stat's outcomes in the difference plot: the same comparison as
# "different" (filled), "same" (open square) or "unresolved" (open
# circle), with the half-width above the bar.
jq '.cells[0].comparisons[0] += {outcome: "different", half_width_pct: 2.9} |
    .cells[1].comparisons[0] += {outcome: "same", half_width_pct: 0.8}' "$tmp/stat.json" >"$tmp/stat-o.json"
"$plot" -o "$tmp/out-o" --only diff --json "$tmp/stat-o.json" "$tmp/a" "$tmp/b" >/dev/null 2>&1
gp=$tmp/out-o/gp/diff.png.gp
check "diff plot: a different cell, filled" grep -q "pt 7 .*title \"beta - alpha (run level): different\"" "$gp"
check "diff plot: a same cell, open square" grep -q "pt 4 .*title \"beta - alpha (run level): same\"" "$gp"
check "diff plot: the half-width above the bar" grep -q '+/-2.9%' "$gp"
jq '.cells[1].comparisons[0] += {outcome: "unresolved"}' "$tmp/stat.json" >"$tmp/stat-u.json"
"$plot" -o "$tmp/out-u" --only diff --json "$tmp/stat-u.json" "$tmp/a" "$tmp/b" >/dev/null 2>&1
check "diff plot: an unresolved cell, open circle" grep -q "pt 6 .*title \"beta - alpha (run level): unresolved\"" "$tmp/out-u/gp/diff.png.gp"
# Unreadable JSON: exit 2 with a message, no traceback.
sed 's/"diff": 300.2/"diff": NaN/' "$tmp/stat.json" >"$tmp/nan.json"
echo '{"version": 1, "cells": {"x": 1}}' >"$tmp/nocells.json"
jq '.cells[0].comparisons[0].diff_ci = 5' "$tmp/stat.json" >"$tmp/badci.json"
for j in nan nocells badci; do
	"$plot" -o "$tmp/out-$j" --only diff --json "$tmp/$j.json" "$tmp/a" "$tmp/b" >/dev/null 2>"$tmp/e-$j"
	rc=$?
	if [ $rc = 2 ] && [ -s "$tmp/e-$j" ] && ! grep -q Traceback "$tmp/e-$j"; then ok "bad JSON ($j): exit 2, $(head -c 80 "$tmp/e-$j")"
	else bad "bad JSON ($j): exit $rc: $(tail -n 2 "$tmp/e-$j")"; fi
done

# Every number drawn is bench-stat's: the medians plot's bars are its
# --dump cells median and CI of the median, at the -c asked for.
stat=${BENCH_STAT:-$top/stats/bench-stat}
"$plot" -o "$tmp/out-c" --only medians -c 99 "$tmp/a" "$tmp/b" >/dev/null 2>&1 || bad "-c 99 plot failed"
"$stat" --dump cells -c 99 "$tmp/a" "$tmp/b" >"$tmp/cells.tsv" 2>/dev/null
# data/medians.0.dat: side 0's x, median, lo, hi per cell, in panel order
want=$(awk -F'\t' 'NR > 1 && $1 == 0 && $4 == "getpid" { printf "%.6g %.6g %.6g\n", $8, $9, $10 }' "$tmp/cells.tsv")
got=$(awk 'NF == 4 { print $2, $3, $4 }' "$tmp/out-c/data/medians.0.dat" | head -2)
if [ -n "$want" ] && [ "$want" = "$got" ]; then ok "medians and their 99% CIs are bench-stat's --dump cells ($(echo $got))"
else bad "medians plot ($got) is not bench-stat's --dump cells ($want)"; fi

# One file with syscall and int80 samples: two cells per CPU (the entry is
# part of the cell), never pooled: int80 is 50 cycles slower by design.
"$synth" --seed 5 --samples 100 --cpus 0 --syscalls getpid --entries syscall,int80 >"$tmp/entries.txt"
if "$plot" -o "$tmp/out-e" --only medians,dist "$tmp/entries.txt" >/dev/null 2>"$tmp/e-entries"; then
	m=$(awk 'NF == 4 { printf "%s ", $2 }' "$tmp/out-e/data/medians.0.dat")
	echo "$m" | awk '{ exit !(NF == 2 && $1 > 102 && $1 < 106 && $2 > 152 && $2 < 156) }' \
		&& ok "syscall and int80: two cells, medians $m (104 and 154 injected)" \
		|| bad "syscall and int80 pooled or wrong: medians '$m'"
	check "syscall and int80: one panel each" sh -c "grep -q 'cpu 0, syscall (' '$tmp/out-e/gp/dist-getpid.svg.gp' && grep -q 'cpu 0, int80 (' '$tmp/out-e/gp/dist-getpid.svg.gp'"
else
	bad "syscall and int80 file: exit $?: $(tail -n 2 "$tmp/e-entries")"
fi

# Blocks of 2 samples: bench-stat gives their runs no median CI ("-"), and
# a cell of 3 samples none either: drawn without a bar, not a crash.
"$synth" --seed 9 --blocks 6 --variants full,fast --samples 2 --cpus 0 --syscalls getpid >"$tmp/tiny.txt"
if "$plot" -o "$tmp/out-t" --by variant --only medians,series "$tmp/tiny.txt" >/dev/null 2>"$tmp/e-tiny"; then
	ok "tiny blocks (no CI of their medians) plot"
	check "tiny cells: drawn without a bar, said so" grep -q 'too few samples for a CI' "$tmp/out-t/gp/medians.png.gp"
else
	bad "tiny blocks: exit $?: $(tail -n 2 "$tmp/e-tiny")"
fi

# Bad input of every kind: a message, exit 2, never a Python traceback.
no_traceback() { # DESCRIPTION COMMAND...: exit 2, a message, no traceback
	d=$1; shift
	echo "[RUN] $d"
	"$@" >/dev/null 2>"$tmp/e"; rc=$?
	if [ $rc = 2 ] && [ -s "$tmp/e" ] && ! grep -q Traceback "$tmp/e"; then ok "$d: exit 2, $(head -n 1 "$tmp/e" | cut -c1-100)"
	else bad "$d: exit $rc: $(tail -n 2 "$tmp/e")"; fi
}
awk '!/^#/ && ++n == 5 { $9 = "nan" } { print }' "$tmp/a/r1.txt" >"$tmp/nan.txt"
no_traceback "a NaN value" "$plot" -o "$tmp/x" "$tmp/nan.txt"
check "a NaN value: bench-stat's file:line" grep -q 'nan.txt:[0-9]*: ' "$tmp/e"
awk '!/^#/ && ++n == 5 { $1 = "x" } { print }' "$tmp/a/r1.txt" >"$tmp/badcpu.txt"
no_traceback "a bad cpu field" "$plot" -o "$tmp/x" "$tmp/badcpu.txt"
sed 's/^#% columns: cpu syscall entry block variant seq ctxsw migr cycles ns$/#% columns: cpu syscall entry block variant seq ctxsw migr cycles/' "$tmp/a/r1.txt" >"$tmp/nocol.txt"
no_traceback "a missing column" "$plot" -o "$tmp/x" "$tmp/nocol.txt"
echo '{"version": 1, "cells": [' >"$tmp/cut.json"
no_traceback "malformed --json (cut short)" "$plot" -o "$tmp/x" --json "$tmp/cut.json" "$tmp/a" "$tmp/b"
echo '{"version": 1, "cells": [{"syscall": "getpid", "cpu": "zero"}]}' >"$tmp/cpu.json"
no_traceback "malformed --json (cpu not a number)" "$plot" -o "$tmp/x" --json "$tmp/cpu.json" "$tmp/a" "$tmp/b"
printf '\377\376{' >"$tmp/bin.json"
no_traceback "malformed --json (not UTF-8)" "$plot" -o "$tmp/x" --json "$tmp/bin.json" "$tmp/a" "$tmp/b"
no_traceback "missing --json" "$plot" -o "$tmp/x" --json "$tmp/nonexistent.json" "$tmp/a" "$tmp/b"
echo file >"$tmp/afile"
no_traceback "unwritable -o (under a file)" "$plot" -o "$tmp/afile/plots" "$tmp/a"
check "unwritable -o (under a file): said so" grep -q 'cannot write there' "$tmp/e"
no_traceback "unwritable -o (a file)" "$plot" -o "$tmp/afile" "$tmp/a"
check "unwritable -o (a file): said so" grep -q "^bench-plot: -o $tmp/afile: cannot write there" "$tmp/e"
mkdir -p "$tmp/nognuplot"
ln -sf "$(command -v python3)" "$tmp/nognuplot/python3"
no_traceback "no gnuplot" env PATH="$tmp/nognuplot" "$plot" -o "$tmp/x" "$tmp/a"
check "no gnuplot: said so" grep -q 'gnuplot not found' "$tmp/e"
no_traceback "no bench-stat" env BENCH_STAT="$tmp/nonexistent" "$plot" -o "$tmp/x" "$tmp/a"
check "no bench-stat: said so" grep -q 'bench-stat' "$tmp/e"
no_traceback "a bad --confidence" "$plot" -o "$tmp/x" -c 42 "$tmp/a"
mkdir -p "$tmp/badcmp"; printf 'by: variant\nraw: nonexistent\n' >"$tmp/badcmp/compare.info"
no_traceback "a compare directory without its raw files" "$plot" "$tmp/badcmp"

echo "test-plot: $fails failed"
[ $fails = 0 ]
