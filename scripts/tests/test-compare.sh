#!/bin/sh
# Tests of scripts/compare-kernels on results measured elsewhere
# (--results-a/--results-b: no build, no boot): the report directory and
# its contents, the verdict line for a known shift and for no shift, the
# emulation statement (TCG / KVM guest / bare metal, from the results
# headers), usage errors (exit 2), the default plan (--dry-run), and a tiny
# real bench-syscall run when bench/bench-syscall is built.  It needs the
# real stats/bench-stat (make -C stats).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ck=$top/scripts/compare-kernels
synth=$top/scripts/report.d/synth-results
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fails=0
ok() { echo "[OK] $*"; }
bad() { echo "[FAIL] $*"; fails=$((fails + 1)); }
. "$top/scripts/tests/lib-fakeqemu.sh"
check() { d=$1; shift; echo "[RUN] $d"; if "$@" >/dev/null 2>&1; then ok "$d"; else bad "$d"; fi; }

if [ ! -x "$top/stats/bench-stat" ] && ! command -v bench-stat >/dev/null; then
	make -s -C "$top/stats" all >/dev/null 2>&1
fi
if [ ! -x "$top/stats/bench-stat" ] && ! command -v bench-stat >/dev/null; then
	bad "no bench-stat (make -C stats): cannot test compare-kernels"
	exit 1
fi

# side DIR LABEL BASE VIRT SEED0: three runs (files) of one side.
side() {
	mkdir -p "$1"
	for i in 1 2 3; do
		"$synth" --seed $(($5 + i)) --label "$2" --base "$3" --virt "$4" \
			--samples 150 --release "6.1.0-$2" >"$1/run$i.txt"
	done
}

# 1. A known shift: B is 25 cycles slower, on bare metal.
side "$tmp/full" full 100 none 0
side "$tmp/fast" fast 125 none 10
out=$tmp/r1
"$ck" --no-deps -q --results-a "$tmp/full" --results-b "$tmp/fast" -o "$out" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
[ $rc = 0 ] && ok "results mode exits 0" || bad "results mode exit $rc: $(tail -3 "$tmp/stderr")"
for f in report.md report.html summary.txt stat.txt stat.json compare.info commands.sh \
	 plots/diff.png plots/diff.svg plots/medians.png plots/medians.svg \
	 plots/dist-getpid.png plots/ecdf-getppid.svg plots/series-getpid.png; do
	[ -s "$out/$f" ] && ok "report has $f" || bad "report lacks $f"
done
# The raw results are there, byte for byte.
for i in 1 2 3; do
	cmp -s "$tmp/full/run$i.txt" "$out/raw/a/run$i.txt" && cmp -s "$tmp/fast/run$i.txt" "$out/raw/b/run$i.txt" \
		&& ok "raw run$i kept byte-exact" || bad "raw run$i differs or is missing"
done
check "stat.json is bench-stat's JSON v1" python3 -c "import json,sys; d=json.load(open('$out/stat.json')); sys.exit(d['version'] != 1 or len(d['cells']) != 4)"
check "verdict: B slower in all cells" grep -q '^Verdict: fast is SLOWER than full in all 4 cells' "$out/summary.txt"
# The verdict comes first in the report, and the summary is printed.
check "report starts with the verdict" sh -c "sed -n 3p '$out/report.md' | grep -q 'Verdict: fast is SLOWER'"
check "summary printed at the end" sh -c "tail -n +2 '$tmp/stdout' | cmp -s - '$out/summary.txt'"
# The +25 shift shows in the table (synthetic: B - A = +25 cycles).
d=$(awk '$1 == "getpid" && $2 == "0" { print $5 }' "$out/summary.txt")
awk -v d="$d" 'BEGIN { exit !(d > 23 && d < 27) }' && ok "table: getpid cpu 0 B-A = $d (+25 injected)" \
	|| bad "table: getpid cpu 0 B-A = '$d', want about +25"
check "bare metal stated" grep -q 'Measured on bare metal' "$out/report.md"
if grep -q 'EMULATED' "$out/report.md" "$out/summary.txt"; then bad "bare metal called emulated"; else ok "bare metal not called emulated"; fi
check "environment: kernel release of both sides" sh -c "grep -q '6.1.0-full' '$out/report.md' && grep -q '6.1.0-fast' '$out/report.md'"
check "environment: mitigations" grep -q 'mitigations.*spectre_v2' "$out/report.md"
check "environment: cmdline" grep -q 'kernel.cmdline.*console=ttyS0' "$out/report.md"
check "reproduce command" grep -q 'scripts/compare-kernels .*--results-a' "$out/report.md"
check "bench-stat command recorded" grep -q 'bench-stat.*--json' "$out/commands.sh"
# report.html: self-contained (PNGs inlined, no image fetched from disk).
check "html inlines the PNGs" grep -q 'src="data:image/png;base64,' "$out/report.html"
if grep -q 'src="plots/' "$out/report.html"; then bad "html refers to image files"; else ok "html refers to no image file"; fi
check "html has the table" grep -q '<table>' "$out/report.html"
check "compare.info lets bench-plot redo the plots" "$top/scripts/bench-plot" --only medians "$out"

# Which files are results files is bench-stat --check's answer: a log, a
# list of numbers and an empty file beside the runs are not copied.
mkdir -p "$tmp/mixed"; cp "$tmp/full/run1.txt" "$tmp/full/run2.txt" "$tmp/mixed/"
printf 'boot log\n' >"$tmp/mixed/console.log"; printf '1\n2\n3\n' >"$tmp/mixed/numbers.txt"; : >"$tmp/mixed/empty.txt"
"$ck" --no-deps -q --plots medians --results-a "$tmp/mixed" --results-b "$tmp/fast" -o "$tmp/r26" >/dev/null 2>"$tmp/e26"
rc=$?
if [ $rc = 0 ] && [ "$(ls "$tmp/r26/raw/a" | tr '\n' ' ')" = "run1.txt run2.txt " ]; then ok "only the results files are taken (bench-stat --check)"
else bad "results files among others: exit $rc, raw/a: $(ls "$tmp/r26/raw/a" 2>&1 | tr '\n' ' ')"; fi

# 2. No shift: same generator, other seeds: no significant difference.
side "$tmp/same" same 100 none 20
out=$tmp/r2
"$ck" --no-deps -q --plots medians --results-a "$tmp/full" --results-b "$tmp/same" -o "$out" >/dev/null 2>&1
rc=$?
[ $rc = 0 ] && ok "no-difference run exits 0" || bad "no-difference run exit $rc"
# an older bench-stat: "no significant difference"; one with outcomes:
# the same (within its margin) or unresolved, never a difference
check "verdict: no difference (same, unresolved, or not significant)" \
	grep -Eq '^Verdict: (no significant difference between full and same|same and full are the SAME within|UNRESOLVED in all 4 cells)' "$out/summary.txt"

# 3. Emulated CPU: B from QEMU TCG.
side "$tmp/tcg" tcg 125 TCG 30
out=$tmp/r3
"$ck" --no-deps -q --plots medians --results-a "$tmp/full" --results-b "$tmp/tcg" -o "$out" >/dev/null 2>&1
check "TCG stated in the report" grep -q 'EMULATED CPU: .*QEMU TCG' "$out/report.md"
check "TCG stated in the summary" grep -q 'EMULATED CPU' "$out/summary.txt"
check "no hardware cycle counts said" grep -q 'no hardware cycle counts' "$out/report.md"
check "TCG marked on the plots" grep -q 'EMULATED CPU' "$out/plots/medians.svg"
# ... and a KVM guest is hardware, virtualised.
side "$tmp/kvm1" k1 100 KVM 40; side "$tmp/kvm2" k2 100 KVM 50
out=$tmp/r4
"$ck" --no-deps -q --plots medians --results-a "$tmp/kvm1" --results-b "$tmp/kvm2" -o "$out" >/dev/null 2>&1
check "KVM guest stated" grep -q 'Measured in a KVM guest' "$out/report.md"
if grep -q 'EMULATED' "$out/report.md"; then bad "KVM called emulated"; else ok "KVM not called emulated"; fi

# 3b. A dual kernel's results (full/fast blocks in each file, fast 8
# cycles faster): split by variant, blocks as runs.
mkdir -p "$tmp/dual"
for i in 1 2; do
	"$synth" --seed $((60 + i)) --blocks 16 --variants full,fast --delta -8 \
		--samples 100 --virt TCG >"$tmp/dual/bench-$i.txt"
done
out=$tmp/r9
"$ck" --no-deps -q --plots medians --results "$tmp/dual" -o "$out" >/dev/null 2>"$tmp/err9"
rc=$?; [ $rc = 0 ] || cat "$tmp/err9"
[ $rc = 0 ] && ok "dual results: exit 0" || bad "dual results: exit $rc"
check "dual results: fast faster than full" grep -q '^Verdict: fast is FASTER than full in all 4 cells' "$out/summary.txt"
check "dual results: judged by variant" grep -q 'bench-stat .*--by variant' "$out/commands.sh"
check "dual results: blocks are the runs (16+16), paired by round" grep -q '^getpid  *0 .*paired  *16/16 ' "$out/summary.txt"
check "dual results: judged with --paired" grep -q 'bench-stat .*--by variant --paired' "$out/commands.sh"
check "dual results: the summary says the rounds are pairs" grep -q '^judged on pairs: the blocks of each round' "$out/summary.txt"
check "dual results: the variants come from the headers (full,fast)" grep -q '^variants: full,fast$' "$out/compare.info"
check "dual results: made from results only, the report says it has no images" \
	grep -q 'has no kernel images, so it has no evidence of the generated code' "$out/report.md"
if grep -q '^WARNING' "$out/summary.txt"; then bad "dual results: a WARNING without syscall work"; else ok "dual results: no fast-path WARNING without syscall work"; fi

# 3c. The three modes of one dual kernel, with known shifts: fastpush is
# fast + 6 cycles (the six registers), full is fast + 10 (so full -
# fastpush = +4).  The headline is fastpush - fast, then full - fastpush,
# then full - fast, each with its table.
mkdir -p "$tmp/three"
for i in 1 2; do
	"$synth" --seed $((70 + i)) --blocks 24 --variants full,fastpush,fast --variant-delta fast=0 \
		--variant-delta fastpush=6 --variant-delta full=10 --samples 60 --virt KVM >"$tmp/three/bench-$i.txt"
done
out=$tmp/r12
"$ck" --no-deps -q --plots medians,diff --results "$tmp/three" -o "$out" >/dev/null 2>"$tmp/err12"
rc=$?; [ $rc = 0 ] || cat "$tmp/err12"
[ $rc = 0 ] && ok "three modes: exit 0" || bad "three modes: exit $rc"
check "three modes: the variants from the headers" grep -q '^variants: full,fastpush,fast$' "$out/compare.info"
check "three modes: line 2 is the headline, the six registers" \
	sh -c "sed -n 2p '$out/summary.txt' | grep -q '^Headline: the six registers (fastpush - fast): fastpush is SLOWER than fast in all 4 cells'"
check "three modes: the report starts with the headline" \
	sh -c "sed -n 3p '$out/report.md' | grep -q 'Headline: the six registers (fastpush - fast)'"
check "three modes: full - fast shown" grep -q '^Also: full - fast (both together): full is SLOWER than fast in all 4 cells' "$out/summary.txt"
# the table of one comparison: the row of getpid cpu 0 after its heading
row() { awk -v h="$2" 'index($0, h) == 1 { on = 1; next } on && /^$/ { on = 0 } on && $1 == "getpid" && $2 == "0" { print $5; exit }' "$1"; }
near() { awk -v d="$1" -v w="$2" 'BEGIN { exit !(d != "" && d > w - 1 && d < w + 1) }'; }
d=$(row "$out/summary.txt" "the six registers (fastpush - fast): A = fast, B = fastpush")
near "$d" 6 && ok "three modes: fastpush - fast = $d (+6 injected)" || bad "three modes: fastpush - fast = '$d', want about +6"
d=$(row "$out/summary.txt" "full - fast (both together): A = fast, B = full")
near "$d" 10 && ok "three modes: full - fast = $d (+10 injected)" || bad "three modes: full - fast = '$d', want about +10"
if "$top/stats/bench-stat" --help 2>&1 | grep -q -- '--compare'; then
	check "three modes: judged with --compare" grep -q 'bench-stat .*--compare fast:fastpush,fastpush:full,fast:full' "$out/commands.sh"
	check "three modes: full - fastpush beside the headline" \
		grep -q "^Beside: the fast path's own machinery (full - fastpush): full is SLOWER than fastpush in all 4 cells" "$out/summary.txt"
	d=$(row "$out/summary.txt" "the fast path's own machinery (full - fastpush): A = fastpush, B = full")
	near "$d" 4 && ok "three modes: full - fastpush = $d (+4 injected)" || bad "three modes: full - fastpush = '$d', want about +4"
else
	check "three modes: an older bench-stat compares with fast" grep -q 'bench-stat .*--baseline fast' "$out/commands.sh"
	check "three modes: an older bench-stat: full - fastpush said to be not judged" \
		grep -q 'no --compare: .*full - fastpush) was not judged' "$out/summary.txt"
fi
# bench-stat's outcome, half-width and estimator, where it gives them
if jq -e '[.cells[].comparisons[] | select(has("outcome"))] | length > 0' "$out/stat.json" >/dev/null 2>&1; then
	hw=$(jq -r '[.cells[] | select(.syscall == "getpid" and .cpu == 0) | .comparisons[] | .half_width][0]' "$out/stat.json")
	check "three modes: outcome per cell" grep -q '^getpid  *0 .*different (slower)' "$out/summary.txt"
	check "three modes: resolved to +/- bench-stat's half-width ($hw)" \
		grep -q "^getpid  *0 .*+/- $(printf '%.3g' "$hw") ref-cycles" "$out/summary.txt"
	est=$(jq -r '[.cells[].comparisons[].estimator][0]' "$out/stat.json")
	check "three modes: the estimator ($est) shown" grep -q "^getpid  *0 .* $est " "$out/summary.txt"
else
	echo "note: this bench-stat gives no outcome/half_width: those columns are not exercised"
	check "three modes: no outcome, the significance is shown" grep -q '^getpid  *0 .*  slower  ' "$out/summary.txt"
fi
check "three modes: the diff plot" test -s "$out/plots/diff.png"
# bench-stat's variance components, where it gives them, as it gives them
if jq -e '[.cells[].comparisons[].difference_components | select(. != null)] | length > 0' "$out/stat.json" >/dev/null 2>&1; then
	vc=$(jq -r '[.cells[] | select(.syscall == "getpid" and .cpu == 0) | .comparisons[] |
		select(.a == (.a) and .b == (.b)) | .difference_components.between_rounds][0]' "$out/stat.json")
	check "three modes: the differences' variance components in the report ($vc)" \
		grep -q "^| the six registers (fastpush - fast) | getpid | 0 | [0-9.e+-]* | $(printf '%.4g' "$vc") |$" "$out/report.md"
	wb=$(jq -r '[.cells[] | select(.syscall == "getpid" and .cpu == 0) | .sides[0].variance_components.within_blocks][0]' "$out/stat.json")
	check "three modes: the sides' variance components in the report" \
		grep -q "^| [a-z]* | getpid | 0 | 2 | .* | $(printf '%.0f' "$wb") |$" "$out/report.md"
else
	echo "note: this bench-stat gives no variance components: not exercised"
fi
check "three modes: the environment table has the three sides" grep -Eq '^\| \| side: [a-z]+ \| side: [a-z]+ \| side: [a-z]+ \|$' "$out/report.md"

# 3c'. How the report shows bench-stat's three outcomes, whatever this
# bench-stat computes: a wrapper (BENCH_STAT) gives every comparison of
# cpu 0 "unresolved" and of cpu 1 "same", with fixed half-widths,
# estimator and more_rounds/more_seconds, which the report must show as
# given.
cat >"$tmp/stat-outcomes" <<EOF
#!/bin/sh
case " \$* " in *" --check "*|*" --dump "*|*" --help "*) exec "$top/stats/bench-stat" "\$@" ;; *" --json "*) ;; *) exec "$top/stats/bench-stat" "\$@" ;; esac
"$top/stats/bench-stat" "\$@" >"$tmp/stat-real.json"; rc=\$?
jq '.cells |= map(.cpu as \$cpu | .comparisons |= map(. + (if \$cpu == 0
	then {outcome: "unresolved", half_width: 1.25, half_width_pct: 0.5, estimator: "hodges-lehmann",
	      equivalence: 0.5, more_rounds: 120, more_seconds: 36}
	else {outcome: "same", half_width: 0.25, half_width_pct: 0.1, estimator: "hodges-lehmann",
	      equivalence: 0.5} end))) |
    .switch = {n: 4, variants: [{variant: "full", n: 2, median_ns: 1500, mean_ns: 1600, max_ns: 4000},
                                {variant: "fast", n: 2, median_ns: 1400, mean_ns: 1450, max_ns: 3000}]}' "$tmp/stat-real.json"
exit \$rc
EOF
chmod +x "$tmp/stat-outcomes"
out=$tmp/r16
BENCH_STAT=$tmp/stat-outcomes "$ck" --no-deps -q --plots medians --results "$tmp/three" -o "$out" >/dev/null 2>"$tmp/err16"
rc=$?; [ $rc = 0 ] || cat "$tmp/err16"
check "outcomes: the verdict counts same and unresolved" \
	grep -q '^Headline: the six registers (fastpush - fast): fastpush vs fast: same within +/- 0.5 ref-cycles in 2, unresolved in 2 of 4 cells at 95% confidence (B - A: .*); resolved to +/- 0.10% to 0.50%$' "$out/summary.txt"
check "outcomes: unresolved row: resolved to, estimator, what would resolve it" \
	grep -q '^getpid  *0 .* unresolved  *+/- 1.25 ref-cycles (0.5%)  *hodges-lehmann  *~120 more rounds, ~36 s more$' "$out/summary.txt"
check "outcomes: same row" grep -q '^getppid  *1 .* same  *+/- 0.25 ref-cycles (0.1%)  *hodges-lehmann  *-$' "$out/summary.txt"
check "switching cost in the summary, as bench-stat gives it" \
	grep -q '^Switching cost .*to full: 2 switches, median 1.5 us, max 4 us; to fast: 2 switches, median 1.4 us, max 3 us\.$' "$out/summary.txt"
check "switching cost in the report" grep -q '^- to fast: 2 switches, median 1.4 us, max 3 us$' "$out/report.md"
check "outcomes: in the report's table" grep -q '| unresolved | +/- 1.25 ref-cycles (0.5%) | hodges-lehmann | ~120 more rounds, ~36 s more |' "$out/report.md"

# 3d. A fast measurement that cannot have been fast (issue 13.5): the
# header says a seccomp filter (or a tracer, audit, tracepoints) forced
# syscall work: a WARNING in the summary and the report.
mkdir -p "$tmp/sc"
"$synth" --seed 80 --blocks 12 --variants full,fastpush,fast --samples 40 \
	--set 'fast.possible=no (seccomp filter)' --set seccomp=2 >"$tmp/sc/bench-1.txt"
"$synth" --seed 81 --blocks 12 --variants full,fastpush,fast --samples 40 \
	--set 'fast.possible=yes' --set tracer.pid=4242 >"$tmp/sc/bench-2.txt"
out=$tmp/r13
"$ck" --no-deps -q --plots medians --results "$tmp/sc" -o "$out" >/dev/null 2>&1
check "fast.possible no: WARNING in the summary" \
	grep -q '^WARNING: the fastpush/fast measurement cannot have taken the fast path (fast.possible: no (seccomp filter); seccomp: 2' "$out/summary.txt"
check "tracer: WARNING in the summary" grep -q '^WARNING: .*(traced by pid 4242) in 1 file(s): raw/dual/bench-2.txt' "$out/summary.txt"
check "fast.possible no: WARNING in the report" grep -q '^> \*\*WARNING: the fastpush/fast measurement cannot' "$out/report.md"
check "fast.possible no: WARNING in report.html" grep -q 'WARNING: the fastpush/fast measurement cannot' "$out/report.html"
# the same syscall work on a full-only side is no warning: full takes the stock path anyway
mkdir -p "$tmp/scA" "$tmp/scB"
for i in 1 2; do
	"$synth" --seed $((82 + i)) --samples 60 --label full --set 'kernel.entry_variant=full' \
		--set seccomp=2 --set 'fast.possible=no (seccomp filter)' >"$tmp/scA/r$i.txt"
	"$synth" --seed $((84 + i)) --samples 60 --label fast --set 'kernel.entry_variant=fast' \
		--set 'syscall.tracepoints=on' >"$tmp/scB/r$i.txt"
done
out=$tmp/r14
"$ck" --no-deps -q --plots medians --results-a "$tmp/scA" --results-b "$tmp/scB" -o "$out" >/dev/null 2>&1
check "a fast kernel with syscall tracepoints: WARNING" grep -q '^WARNING: the fast measurement .*(syscall tracepoints on) in 2 file(s)' "$out/summary.txt"
n=$(grep -c '^WARNING' "$out/summary.txt")
[ "$n" = 1 ] && ok "the full side's seccomp filter is no warning" || bad "$n WARNING lines, want 1 (fast side only)"
check "dual results: kept byte-exact" cmp -s "$tmp/dual/bench-1.txt" "$tmp/r9/raw/dual/bench-1.txt"

# 4. Usage errors: exit 2 with a message.
exit_is() { want=$1 d=$2; shift 2
	"$@" >/dev/null 2>"$tmp/e"; rc=$?
	if [ $rc = "$want" ] && [ -s "$tmp/e" ]; then ok "$d: exit $rc"; else bad "$d: exit $rc, want $want"; fi
}
exit_is 2 "unknown option" "$ck" --no-deps --bogus
exit_is 2 "--results-a without -b" "$ck" --no-deps --results-a "$tmp/full"
exit_is 2 "two modes" "$ck" --no-deps --results-a "$tmp/full" --results-b "$tmp/fast" --kernel-a x --kernel-b y
exit_is 2 "--tree without commits" "$ck" --no-deps --tree "$top"
exit_is 2 "bad confidence" "$ck" --no-deps -c 42 --results-a "$tmp/full" --results-b "$tmp/fast"
exit_is 2 "bad --boots" "$ck" --no-deps --boots 0
exit_is 2 "bad --test-timeout" "$ck" --no-deps --test-timeout 0
exit_is 2 "four variants" "$ck" --no-deps --variants a,b,c,d
exit_is 2 "a variant twice" "$ck" --no-deps --variants full,full
exit_is 2 "three variants, one kernel each" "$ck" --no-deps --plan single --variants full,fastpush,fast
exit_is 2 "three variants on two sides" "$ck" --no-deps --variants full,fastpush,fast --results-a "$tmp/full" --results-b "$tmp/fast"
exit_is 2 "--samples with time-sized blocks" "$ck" --no-deps --samples 100 --block-ms 20
exit_is 2 "--rounds and --duration" "$ck" --no-deps --rounds 10 --duration 5
exit_is 2 "--rounds with count-sized blocks" "$ck" --no-deps --rounds 10 --block-ms 0
exit_is 2 "bad --resolve" "$ck" --no-deps --resolve abc
exit_is 2 "--max-seconds without --resolve" "$ck" --no-deps --max-seconds 60
exit_is 2 "bad --equivalence" "$ck" --no-deps --equivalence x1
exit_is 2 "--shuffle against --order abab" "$ck" --no-deps --shuffle --order abab
exit_is 2 "--duration inf" "$ck" --no-deps --dry-run --duration inf
exit_is 2 "--block-ms nan" "$ck" --no-deps --dry-run --block-ms nan
exit_is 2 "--max-seconds nan" "$ck" --no-deps --dry-run --resolve 1% --max-seconds nan
# Two runs at once on one -o: one writes the report, the other stops.
"$ck" --no-deps -q --plots medians --results-a "$tmp/full" --results-b "$tmp/fast" -o "$tmp/r27" >/dev/null 2>"$tmp/e27a" &
"$ck" --no-deps -q --plots medians --results-a "$tmp/full" --results-b "$tmp/fast" -o "$tmp/r27" >/dev/null 2>"$tmp/e27b"
rb=$?; wait $!; ra=$?
if [ "$(echo $ra $rb | tr ' ' '\n' | sort | tr '\n' ' ')" = "0 2 " ] && [ -s "$tmp/r27/report.md" ]; then
	ok "two runs on one -o: one report, the other refused (exit $ra, $rb)"
else
	bad "two runs on one -o: exit $ra and $rb: $(tail -n 1 "$tmp/e27a") $(tail -n 1 "$tmp/e27b")"
fi
exit_is 2 "--results without variants" "$ck" --no-deps -o "$tmp/r15" --results "$tmp/full"
exit_is 2 "no results there" "$ck" --no-deps -o "$tmp/r5" --results-a "$tmp/nonexistent" --results-b "$tmp/fast"
[ ! -e "$tmp/r5" ] && ok "a usage error creates no report directory" || bad "usage error left $tmp/r5"
exit_is 2 "report dir not empty" "$ck" --no-deps -o "$tmp/r1" --results-a "$tmp/full" --results-b "$tmp/fast"
exit_is 2 "kernel dir without bzImage" "$ck" --no-deps -o "$tmp/r6" --kernel-a "$tmp" --kernel-b "$tmp"
# bench-stat's JSON that cannot be read: a message and exit 2, never a
# Python traceback (NaN, not JSON, nothing, a newer version, bad indices).
for kind in nan junk empty v9 index; do
	cat >"$tmp/stat-$kind" <<EOF
#!/bin/sh
case " \$* " in *" --check "*|*" --dump "*|*" --help "*) exec "$top/stats/bench-stat" "\$@" ;; *" --json "*) ;; *) exec "$top/stats/bench-stat" "\$@" ;; esac
case $kind in
nan) "$top/stats/bench-stat" "\$@" | sed 's/"diff": [-0-9.e+]*/"diff": NaN/' ;;
junk) echo '{"version": 1, "sides": [' ;;
empty) : ;;
v9) "$top/stats/bench-stat" "\$@" | sed 's/"version": 1/"version": 9/' ;;
index) "$top/stats/bench-stat" "\$@" | sed 's/"b": 1/"b": 7/' ;;
esac
EOF
	chmod +x "$tmp/stat-$kind"
	BENCH_STAT=$tmp/stat-$kind "$ck" --no-deps -q --plots medians --results-a "$tmp/full" \
		--results-b "$tmp/fast" -o "$tmp/bad-$kind" >/dev/null 2>"$tmp/e-$kind"
	rc=$?
	if [ $rc = 2 ] && grep -q "compare-kernels: bench-stat's JSON" "$tmp/e-$kind" && ! grep -q Traceback "$tmp/e-$kind"; then
		ok "bench-stat JSON ($kind): exit 2, $(grep -o "bench-stat's JSON.*" "$tmp/e-$kind" | cut -c1-70)"
	else
		bad "bench-stat JSON ($kind): exit $rc: $(tail -n 2 "$tmp/e-$kind")"
	fi
	[ -f "$tmp/bad-$kind/raw/a/run1.txt" ] && ok "bench-stat JSON ($kind): the results are kept" || bad "bench-stat JSON ($kind): results lost"
done
# Bad results (a newer format): bench-stat refuses, we say so, exit non-zero.
mkdir -p "$tmp/v9"; sed '1s/ 1$/ 9/' "$tmp/full/run1.txt" >"$tmp/v9/run1.txt"
"$ck" --no-deps -q -o "$tmp/r7" --results-a "$tmp/v9" --results-b "$tmp/fast" >/dev/null 2>&1
rc=$?; [ $rc = 2 ] && ok "unreadable results refused (exit $rc)" || bad "unreadable results: exit $rc, want 2"
# A NaN sample: bench-stat's reason shown, exit 2, no traceback, the file kept.
mkdir -p "$tmp/nan"; awk '!/^#/ && ++n == 5 { $9 = "nan" } { print }' "$tmp/full/run1.txt" >"$tmp/nan/run1.txt"
cp "$tmp/full/run2.txt" "$tmp/nan/"
"$ck" --no-deps -q -o "$tmp/r20" --results-a "$tmp/nan" --results-b "$tmp/fast" >/dev/null 2>"$tmp/e20"
rc=$?
if [ $rc = 2 ] && grep -q 'bench-stat: .*run1.txt:[0-9]' "$tmp/e20" && ! grep -q Traceback "$tmp/e20"; then
	ok "a NaN sample: exit 2 with bench-stat's file:line"
else
	bad "a NaN sample: exit $rc: $(tail -n 3 "$tmp/e20")"
fi
check "a NaN sample: the file is kept" cmp -s "$tmp/nan/run1.txt" "$tmp/r20/raw/a/run1.txt"
# Bad input of every other kind: a message, exit 2, never a traceback.
no_traceback() { # DESCRIPTION COMMAND...
	d=$1; shift
	echo "[RUN] $d"
	"$@" >/dev/null 2>"$tmp/e"; rc=$?
	if [ $rc = 2 ] && [ -s "$tmp/e" ] && ! grep -q Traceback "$tmp/e"; then ok "$d: exit 2, $(grep -v '^    ' "$tmp/e" | tail -n 1 | cut -c1-100)"
	else bad "$d: exit $rc: $(tail -n 2 "$tmp/e")"; fi
}
mkdir -p "$tmp/badcpu"; awk '!/^#/ && ++n == 5 { $1 = "x" } { print }' "$tmp/full/run1.txt" >"$tmp/badcpu/run1.txt"
no_traceback "a bad cpu field" "$ck" --no-deps -q -o "$tmp/r21" --results-a "$tmp/badcpu" --results-b "$tmp/fast"
check "a bad cpu field: bench-stat's file:line" grep -q 'bench-stat: .*run1.txt:[0-9]*: ' "$tmp/e"
mkdir -p "$tmp/nocol"; sed 's/^\(#% columns: .*\) ns$/\1/' "$tmp/full/run1.txt" >"$tmp/nocol/run1.txt"
no_traceback "a missing column" "$ck" --no-deps -q -o "$tmp/r22" --results-a "$tmp/nocol" --results-b "$tmp/fast"
echo file >"$tmp/afile"
no_traceback "unwritable -o (under a file)" "$ck" --no-deps -q -o "$tmp/afile/r" --results-a "$tmp/full" --results-b "$tmp/fast"
check "unwritable -o: said so" grep -q "cannot write there" "$tmp/e"
no_traceback "no bench-stat" env BENCH_STAT="$tmp/nonexistent" "$ck" --no-deps -q -o "$tmp/r23" --results-a "$tmp/full" --results-b "$tmp/fast"
check "no bench-stat: said so" grep -q "bench-stat" "$tmp/e"
mkdir -p "$tmp/nognuplot"; ln -sf "$(command -v python3)" "$tmp/nognuplot/python3"
no_traceback "no gnuplot" env PATH="$tmp/nognuplot" "$ck" --no-deps -q -o "$tmp/r24" --results-a "$tmp/full" --results-b "$tmp/fast"
check "no gnuplot: said so" grep -q "gnuplot not found" "$tmp/e"
printf '\377\376' >"$tmp/sweep-bin.txt"
no_traceback "--sweep-file not UTF-8" "$ck" --no-deps -o "$tmp/r25" --sweep-file "$tmp/sweep-bin.txt"

# 5. The default plan, without booting: the dual kernel when its patch
# exists (rounds of the three modes, shuffled, time-sized blocks), else
# the two single-variant kernels booted ABAB.
"$ck" --no-deps --dry-run >"$tmp/plan" 2>&1 || bad "--dry-run exit $?"
if [ -f "$top/entry/6.1/dual.patch" ]; then
	check "default plan builds the dual kernel" grep -q 'kernels/build --series 6.1 --variants dual' "$tmp/plan"
	n=$(grep -c "kernels/boot .*--block-ms 10 --rounds 300 --variants full,fastpush,fast --order shuffle --seed" "$tmp/plan")
	[ "$n" = 3 ] && ok "default plan: 3 boots of 300 shuffled rounds of full/fastpush/fast, 10 ms blocks" \
		|| bad "default plan: $n such boots"
	seeds=$(grep -o 'order shuffle --seed [0-9]*' "$tmp/plan" | awk '{ print $4 }' | sort -u | wc -l)
	[ "$seeds" = 3 ] && ok "default plan: each boot its own shuffle" || bad "default plan: $seeds shuffle seeds for 3 boots"
	check "by variant judging, paired, the three comparisons" \
		grep -q 'bench-stat .*--by variant --paired --compare fast:fastpush,fastpush:full,fast:full' "$tmp/plan"
	"$ck" --no-deps --dry-run --variants full,fast --boots 1 >"$tmp/plan3" 2>&1
	check "two-way dual plan: --variants full,fast" grep -q -- "--variants full,fast --order shuffle" "$tmp/plan3"
	check "two-way dual plan: fast - full" grep -q 'bench-stat .*--compare full:fast ' "$tmp/plan3"
	"$ck" --no-deps --dry-run --boots 1 --block-ms 0 --samples 500 --pairs 3 --order abab >"$tmp/plan4" 2>&1
	check "count-sized blocks: --samples and --blocks = 3 variants x 3 rounds" \
		grep -q -- "--samples 500 --blocks 9 --variants full,fastpush,fast --order abab'" "$tmp/plan4"
	"$ck" --no-deps --dry-run --boots 1 --resolve 1% --max-seconds 60 --block-ms 10 >"$tmp/plan5" 2>&1
	check "--resolve passed on with its budget" grep -q -- "--block-ms 10 --resolve 1% --max-seconds 60 --variants" "$tmp/plan5"
	"$ck" --no-deps --dry-run --boots 1 --resolve 1% --max-seconds 600 >"$tmp/plan7" 2>&1
	check "a long --resolve budget raises the boot timeout (2 x 600 + 600)" grep -q 'kernels/boot .* --timeout 1800$' "$tmp/plan7"
	if grep -q -- '--timeout' "$tmp/plan"; then bad "the default plan changes the boot timeout"; else ok "the default plan keeps kernels/boot's timeout"; fi
	"$ck" --no-deps --dry-run --boots 1 --test-timeout 900 >"$tmp/plan8" 2>&1
	check "--test-timeout passed to kernels/boot" grep -q 'kernels/boot .* --test-timeout 900' "$tmp/plan8"
	"$ck" --no-deps --dry-run --boots 1 --duration 30 >"$tmp/plan6" 2>&1
	check "--duration instead of --rounds" grep -q -- "--block-ms 10 --duration 30 --variants" "$tmp/plan6"
else
	check "default plan builds full and fast" grep -q 'kernels/build --series 6.1 --variants full,fast' "$tmp/plan"
	n=$(grep -c 'kernels/boot ' "$tmp/plan")
	[ "$n" = 6 ] && ok "default plan: 6 boots (3 each, ABAB)" || bad "default plan: $n boots"
fi
check "boots measure getpid,getppid on all CPUs" grep -q -- "--syscalls getpid,getppid --cpus all" "$tmp/plan"
"$ck" --no-deps --dry-run --plan single --boots 2 >"$tmp/plan2" 2>&1
order=$(grep 'kernels/boot ' "$tmp/plan2" | sed 's/.*\(raw\/[ab]\/boot-[0-9]\).*/\1/' | tr '\n' ' ')
[ "$order" = "raw/a/boot-1 raw/b/boot-1 raw/a/boot-2 raw/b/boot-2 " ] && ok "single plan alternates ABAB" \
	|| bad "single plan order: $order"

# 6. A tiny real run of bench-syscall (when built): two sides, the real
# header, whatever the verdict.
bs=$top/bench/bench-syscall
if [ -x "$bs" ]; then
	for s in x y; do
		mkdir -p "$tmp/real/$s"
		for i in 1 2; do
			"$bs" --clock tsc --syscalls getpid --cpus 0 --samples 100 --warmup 20 \
				--label "real$s" -q -o "$tmp/real/$s/r$i.txt" >/dev/null 2>&1 || bad "bench-syscall exit $?"
		done
	done
	"$ck" --no-deps -q --plots medians --results-a "$tmp/real/x" --results-b "$tmp/real/y" -o "$tmp/r8" >/dev/null 2>"$tmp/e8"
	rc=$?; [ $rc = 0 ] || cat "$tmp/e8"
	[ $rc = 0 ] && ok "real bench-syscall results: exit 0" || bad "real results: exit $rc"
	check "real results: a verdict" grep -q '^Verdict: ' "$tmp/r8/summary.txt"
	check "real results: host kernel named" grep -q "$(uname -r)" "$tmp/r8/report.md"
else
	echo "note: bench/bench-syscall not built: the real-run case is not exercised"
fi

# 7. Booting, against kernels/tests/fake-qemu (no kernel boots): the
# sides alternate A B, a failed boot exits 1 and keeps what it has.
fq=$top/kernels/tests/fake-qemu
if [ -x "$fq" ] && [ -x "$top/kernels/boot" ]; then
	mkdir -p "$tmp/bin" "$tmp/img"
	ln -s "$fq" "$tmp/bin/qemu-system-x86_64"
	echo fake >"$tmp/img/bzImage"; echo fake >"$tmp/img/initramfs.cpio.gz"
	printf 'series: 6.1\nvariant: full\nkernel.version: 6.1.192\n' >"$tmp/img/info"
	PATH="$tmp/bin:$PATH" FAKE_QEMU=panic "$ck" --no-deps -q --accel tcg --boots 2 \
		--kernel-a "$tmp/img" --kernel-b "$tmp/img" -o "$tmp/r10" >/dev/null 2>"$tmp/e10"
	rc=$?
	[ $rc = 1 ] && ok "a failed boot exits 1" || bad "a failed boot: exit $rc"
	check "the failure is named" grep -q 'FAILED: boot 1/4 .*boot failed' "$tmp/e10"
	check "its console is kept" test -s "$tmp/r10/raw/a/boot-1/console.log"
	[ ! -e "$tmp/r10/raw/b" ] && ok "no boot after the failure" || bad "booted on after a failure"
	PATH="$tmp/bin:$PATH" FAKE_QEMU=pass "$ck" --no-deps -q --accel tcg --boots 1 \
		--kernel-a "$tmp/img" --kernel-b "$tmp/img" -o "$tmp/r11" >/dev/null 2>&1
	check "boot A then B, results kept" test -s "$tmp/r11/raw/a/boot-1/bench-1.txt" -a -s "$tmp/r11/raw/b/boot-1/bench-1.txt"
	order=$(grep -o 'raw/[ab]/boot-[0-9]' "$tmp/r11/commands.sh" 2>/dev/null | tr '\n' ' ')
	[ "$order" = "raw/a/boot-1 raw/b/boot-1 " ] && ok "boots in order A, B" || bad "boot order: '$order'"
	check "sides labelled apart in the guest" grep -q -- "--label 6.1.192-full-A" "$tmp/r11/commands.sh"
	# 7b. Images that measure (a fake qemu framing synthetic results: the
	# bzImage says the variant; fast is 8 cycles faster and ran under a
	# seccomp filter) and the codegen evidence (a fake kernels/codegen,
	# BENCH_CODEGEN): its markdown in report.md/html, its text in
	# codegen.txt, called with both images.
	mkdir -p "$tmp/bin2" "$tmp/imgF" "$tmp/imgS"
	fake_qemu "$tmp/bin2/qemu-system-x86_64" <<EOF
v=\$(cat "\$kern")
n=\$(ls "$tmp/bin2" | grep -c '^boot-' ); touch "$tmp/bin2/boot-\$n"
if [ "\$v" = fast ]; then
	"$synth" --seed \$((90 + n)) --base 92 --label fast --samples 80 --set kernel.entry_variant=fast \\
		--set seccomp=2 --set 'fast.possible=no (seccomp filter)' >"\$data.r"
else
	"$synth" --seed \$((90 + n)) --base 100 --label full --samples 80 --set kernel.entry_variant=full >"\$data.r"
fi
EOF
	fake_image "$tmp/imgF" full
	fake_image "$tmp/imgS" fast
	# like kernels/codegen: -o DIR writes codegen.txt/.md/.json at once
	cat >"$tmp/fake-codegen" <<EOF
#!/bin/sh
case " \$* " in *" --help "*) echo "usage: codegen IMAGE [IMAGE2] [--mode M] [--diff A:B] [--timeout SEC] [-o DIR | --format text|markdown|json]"; exit 0 ;; esac
echo "\$*" >>"$tmp/codegen.args"
o=
while [ \$# -gt 0 ]; do case "\$1" in -o) o=\$2; shift 2 ;; *) shift ;; esac; done
[ -n "\$o" ] || exit 3
mkdir -p "\$o"
printf '## Generated code: one getppid()\n\n| variant | instructions |\n|---|---|\n| full | 75 |\n| fast | 59 |\n' >"\$o/codegen.md"
printf 'getppid path: full 75 instructions, fast 59 (-16)\n' >"\$o/codegen.txt"
echo '{"format": "bench-syscall-codegen", "version": 1}' >"\$o/codegen.json"
EOF
	chmod +x "$tmp/fake-codegen"
	PATH="$tmp/bin2:$PATH" BENCH_CODEGEN=$tmp/fake-codegen "$ck" --no-deps -q --accel tcg --boots 2 \
		--plots medians --kernel-a "$tmp/imgF" --kernel-b "$tmp/imgS" -o "$tmp/r17" >/dev/null 2>"$tmp/e17"
	rc=$?; [ $rc = 0 ] || tail -n 5 "$tmp/e17"
	[ $rc = 0 ] && ok "images measured and judged: exit 0" || bad "images: exit $rc"
	check "images: a verdict on fast (B) against full (A)" grep -Eq '^Verdict: fast (is FASTER than|is faster than|vs) full' "$tmp/r17/summary.txt"
	d=$(awk '$1 == "getpid" && $2 == "0" { print $5 }' "$tmp/r17/summary.txt")
	awk -v d="$d" 'BEGIN { exit !(d > -9 && d < -7) }' && ok "images: getpid cpu 0 B-A = $d (-8 injected)" \
		|| bad "images: getpid cpu 0 B-A = '$d', want about -8"
	check "images: the plots of results in boot directories (raw/a/boot-N/)" test -s "$tmp/r17/plots/medians.png"
	check "images: fast measured under seccomp: WARNING" grep -q '^WARNING: the fast measurement cannot have taken the fast path (fast.possible: no (seccomp filter); seccomp: 2 (a filter)) in 2 file(s)' "$tmp/r17/summary.txt"
	check "codegen: called once with image A and B, its per-trace timeout a third of 1800 s" grep -qx "$tmp/imgF $tmp/imgS --timeout 600 -o $tmp/r17/codegen" "$tmp/codegen.args"
	n=$(grep -c '^## Generated code' "$tmp/r17/report.md")
	[ "$n" = 1 ] && ok "codegen: its own heading, not a second one" || bad "codegen: $n 'Generated code' headings"
	check "codegen: codegen.json kept" test -s "$tmp/r17/codegen.json"
	check "codegen: plain text in codegen.txt" grep -qx 'getppid path: full 75 instructions, fast 59 (-16)' "$tmp/r17/codegen.txt"
	check "codegen: its markdown in report.md" sh -c "grep -A8 '^## Generated code' '$tmp/r17/report.md' | grep -q '^| fast | 59 |'"
	check "codegen: in report.html" grep -q '<td>59</td>' "$tmp/r17/report.html"
	check "codegen: the summary points to codegen.txt" grep -q '^Generated code .*: codegen.txt' "$tmp/r17/summary.txt"
	# a failing codegen is named in FAILURES; the comparison still stands
	printf '#!/bin/sh\ncase " $* " in *" --help "*) echo "--format"; exit 0 ;; esac\necho broken >&2; exit 4\n' >"$tmp/bad-codegen"
	chmod +x "$tmp/bad-codegen"
	PATH="$tmp/bin2:$PATH" BENCH_CODEGEN=$tmp/bad-codegen "$ck" --no-deps -q --accel tcg --boots 1 \
		--plots medians --kernel-a "$tmp/imgF" --kernel-b "$tmp/imgS" -o "$tmp/r18" >/dev/null 2>&1
	rc=$?
	[ $rc = 0 ] && ok "failing codegen: the comparison still exits 0" || bad "failing codegen: exit $rc"
	check "failing codegen: named in FAILURES" grep -q 'kernels/codegen (text) failed (exit 4)' "$tmp/r18/summary.txt"
	check "failing codegen: the report says it has no evidence" grep -q 'kernels/codegen failed (exit 4): no evidence' "$tmp/r18/report.md"
	PATH="$tmp/bin2:$PATH" BENCH_CODEGEN=$tmp/nonexistent "$ck" --no-deps -q --accel tcg --boots 1 \
		--plots medians --kernel-a "$tmp/imgF" --kernel-b "$tmp/imgS" -o "$tmp/r19" >/dev/null 2>&1
	check "no codegen tool: the report says so" grep -q 'kernels/codegen is not in this tree' "$tmp/r19/report.md"
else
	echo "note: kernels/boot or its fake qemu missing: boot handling not exercised"
fi

echo "test-compare: $fails failed"
[ $fails = 0 ]
