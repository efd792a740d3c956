#!/bin/sh
# Test of compare-kernels --sweep with a fake boot (no kernel boots): a fake
# qemu-system-x86_64 that frames synthetic dual-kernel results whose
# kernel.cmdline is the -append it was given, and whose six-register cost
# (fastpush - fast) is 6 cycles under mitigations=auto and 2 under
# mitigations=off (full - fastpush 4 under both).  The sweep must run one
# dual comparison per command line, see each command line reach the guest,
# report both costs side by side and the interaction (-4 for the six
# registers, 0 for full - fastpush) from bench-stat; and refuse a setting
# whose command line did not reach the guest.
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

[ -x "$top/stats/bench-stat" ] || make -s -C "$top/stats" all >/dev/null 2>&1
if [ ! -x "$top/stats/bench-stat" ] || [ ! -x "$top/kernels/boot" ]; then
	echo "[SKIP] no stats/bench-stat or kernels/boot"; exit 4
fi
if ! "$top/stats/bench-stat" --help 2>&1 | grep -q -- "--dump"; then
	echo "[SKIP] this bench-stat has no --dump (the sweep's interaction needs it)"; exit 4
fi

# The fake qemu: the command line it was given goes into the results'
# kernel.cmdline (FAKE_LOSE_APPEND: it is lost on the way, as a broken
# boot loader would), and the variants' shifts depend on it.
mkdir -p "$tmp/bin"
fake_qemu "$tmp/bin/qemu-system-x86_64" <<EOF
echo "\$append" >>"$tmp/appends"
[ -z "\${FAKE_LOSE_APPEND:-}" ] || append="console=ttyS0"
n=\$(wc -l <"$tmp/appends")
case " \$append " in
*" mitigations=off "*) fp=2 ;;
*) fp=6 ;;
esac
"$synth" --seed \$((100 + n)) --blocks 60 --variants full,fastpush,fast --variant-delta fast=0 \\
	--variant-delta fastpush=\$fp --variant-delta full=\$((fp + 4)) --samples 30 --virt TCG \\
	--set "kernel.cmdline=\$append" --label dual >"\$data.r"
EOF
fake_image "$tmp/img" dual

run_sweep() { # OUT ARGS...: the sweep with the fake boot
	o=$1; shift
	PATH="$tmp/bin:$PATH" "$ck" --no-deps -q --accel tcg --boots 2 --boot-run bench --no-codegen \
		--plots medians --kernel "$tmp/img" -o "$o" "$@"
}

out=$tmp/s1
echo "[RUN] a sweep of two command lines"
run_sweep "$out" --sweep 'mitigations=auto;mitigations=off' >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
[ $rc = 0 ] && ok "sweep exits 0" || { bad "sweep exit $rc"; tail -n 20 "$tmp/stderr"; }
n=$(grep -c . "$tmp/appends" 2>/dev/null || echo 0)
[ "$n" = 4 ] && ok "4 boots (2 settings x 2 boots)" || bad "$n boots, want 4"
check "each command line reached qemu's -append, in order" sh -c "
	sed -n 1,2p '$tmp/appends' | grep -c ' mitigations=auto\$' | grep -qx 2 &&
	sed -n 3,4p '$tmp/appends' | grep -c ' mitigations=off\$' | grep -qx 2"
for sd in 1-mitigations_auto 2-mitigations_off; do
	for f in report.md report.html summary.txt stat.json pairs.json; do
		check "setting $sd has $f" test -s "$out/$sd/$f"
	done
done
# the interaction's inputs are bench-stat's own pairs (--dump pairs), not a
# subtraction of block medians here
check "the interaction's differences are bench-stat --dump pairs' diffs" python3 -c "
import json, sys
rows = json.load(open('$out/1-mitigations_auto/pairs.json'))
want = [x['diff'] for x in rows if (x['label_a'], x['label_b'], x['cpu'], x['syscall'], x['entry']) ==
	('fast', 'fastpush', 0, 'getpid', 'syscall')]
got = [float(l) for l in open('$out/interaction/fastpush-fast-getpid-syscall-cpu0-2-vs-1.1-mitigations_auto.txt')]
sys.exit(0 if len(want) >= 20 and got == want else 1)"
for f in report.md report.html summary.txt compare.info; do
	check "sweep report has $f" test -s "$out/$f"
done
if grep -q FAILURES "$out/summary.txt" "$out"/*/summary.txt; then bad "failures in a sweep that should have none: $(grep -A2 FAILURES "$out"/summary.txt)"
else ok "no failures (every setting plotted and judged)"; fi
check "summary printed" sh -c "tail -n +2 '$tmp/stdout' | cmp -s - '$out/summary.txt'"
check "headline of setting 1" grep -q '^setting 1 (mitigations=auto): Headline: the six registers (fastpush - fast): fastpush is SLOWER than fast in all 4 cells' "$out/summary.txt"
check "headline of setting 2" grep -q '^setting 2 (mitigations=off): Headline: the six registers (fastpush - fast): fastpush is SLOWER than fast in all 4 cells' "$out/summary.txt"

# The six registers' cost per setting, side by side: ~6 and ~2, and the
# interaction (off minus auto) ~ -4, different; full - fastpush: 4 and 4,
# interaction ~0.
cellrow() { # HEADING: the getpid cpu 0 row of that table
	awk -v h="$1" 'index($0, h) == 1 { on = 1; next } on && /^$/ { on = 0 } on && $1 == "getpid" && $2 == "0" { print; exit }' "$out/summary.txt"
}
interaction() { # ROW: its interaction column, "D [LO, HI], OUTCOME (N/N rounds)"
	echo "$1" | grep -o -- '-\{0,1\}[0-9.e+]* \[[^]]*\], [a-z]*\( ([a-z]*)\)\{0,1\} ([0-9]*/[0-9]* rounds)'
}
near() { awk -v d="$1" -v w="$2" -v t="$3" 'BEGIN { exit !(d != "" && d > w - t && d < w + t) }'; }
row=$(cellrow "the six registers (fastpush - fast): A = fast, B = fastpush")
row6=$row
echo "  six registers, getpid cpu 0: $row"
set -- $row
# syscall cpu entry  d1 [lo, hi], outcome  d2 [lo, hi], outcome  i [lo, hi], outcome (n/n rounds)
d1=$(echo "$row" | awk '{ print $4 }')
d2=$(echo "$row" | sed 's/^[^,]*,[^,]*, [^ ]* [^ ]* //' | awk '{ print $1 }')
near "$d1" 6 1 && ok "six registers under mitigations=auto: $d1 (+6 injected)" || bad "six registers under auto: '$d1', want ~6"
near "$d2" 2 1 && ok "six registers under mitigations=off: $d2 (+2 injected)" || bad "six registers under off: '$d2', want ~2"
inter=$(interaction "$row"); i=${inter%% *}
near "$i" -4 1 && ok "interaction of the six registers: $i (-4 injected)" || bad "interaction: '$i', want ~-4"
case "$inter" in *", different (faster) (40/40 rounds)") ok "interaction of the six registers: different, on 40/40 rounds" ;;
*) bad "interaction of the six registers: '$inter'" ;; esac
row=$(cellrow "the fast path's own machinery (full - fastpush): A = fastpush, B = full")
inter=$(interaction "$row"); i=${inter%% *}
near "$i" 0 1 && ok "interaction of full - fastpush: $i (0 injected)" || bad "interaction full - fastpush: '$i', want ~0"
case "$inter" in *different*|"") bad "full - fastpush interaction: '$inter'" ;; *) ok "full - fastpush interaction not different: $inter" ;; esac
check "interaction line of the headline" grep -q '^Interaction, the six registers (fastpush - fast): (B-A under mitigations=off) minus (B-A under mitigations=auto): difference of medians -[0-9.]* ref-cycles to -[0-9.]* ref-cycles, its bootstrap interval excludes 0 in 4 of 4 cells; the means. (Welch): different (faster) in 4 (faster: B-A is smaller under mitigations=off)$' "$out/summary.txt"
# the robust figure: bench-stat's bootstrap difference of medians
med=$(echo "$row6" | grep -o 'median -\{0,1\}[0-9.e+]* \[' | awk '{ print $2 }')
near "$med" -4 1 && ok "interaction of the six registers, difference of medians: $med (-4 injected)" || bad "difference of medians '$med', want ~-4"
# the interaction is bench-stat's: its JSON beside the inputs, the same numbers
j=$(ls "$out"/interaction/fastpush-fast-getpid-syscall-cpu0-2-vs-1.json 2>/dev/null)
if [ -n "$j" ]; then
	jd=$(jq -r '.cells[0].comparisons[0].diff' "$j")
	jm=$(jq -r '.cells[0].comparisons[0].bootstrap_median_diff.estimate' "$j")
	awk -v a="$jm" -v b="$med" 'BEGIN { exit !(sprintf("%.4g", a) == b) }' \
		&& ok "the difference of medians is bench-stat's bootstrap estimate ($jm)" || bad "median $med is not bench-stat's $jm"
	inter=$(interaction "$(cellrow "the six registers (fastpush - fast): A = fast, B = fastpush")")
	awk -v a="$jd" -v b="${inter%% *}" 'BEGIN { exit !(sprintf("%.4g", a) == b) }' \
		&& ok "the interaction is bench-stat's ($jd)" || bad "interaction $jd is not the table's ${inter%% *}"
else
	bad "no bench-stat JSON for the interaction"
fi
check "the report links each setting's report" grep -q '(1-mitigations_auto/report.html)' "$out/report.md"
check "the html report has the table" grep -q '<table>' "$out/report.html"

# --sweep-file: the same, one command line a line, comments skipped.
printf '# settings\nmitigations=auto\n\nmitigations=off nosmt\n' >"$tmp/sweep.txt"
: >"$tmp/appends"
run_sweep "$tmp/s2" --boots 1 --sweep-file "$tmp/sweep.txt" >/dev/null 2>"$tmp/e2"
rc=$?
[ $rc = 0 ] && ok "--sweep-file exits 0" || { bad "--sweep-file exit $rc"; tail -n 5 "$tmp/e2"; }
check "--sweep-file: the second line's two words reached the guest" grep -q ' mitigations=off nosmt$' "$tmp/appends"
check "--sweep-file: its directory" test -s "$tmp/s2/2-mitigations_off_nosmt/stat.json"

# A command line that does not reach the guest: named, exit 1, the
# measurements kept.
: >"$tmp/appends"
FAKE_LOSE_APPEND=1 run_sweep "$tmp/s3" --boots 1 --sweep 'mitigations=auto;mitigations=off' >/dev/null 2>"$tmp/e3"
rc=$?
[ $rc = 1 ] && ok "a lost command line: exit 1" || bad "a lost command line: exit $rc"
check "a lost command line: named" grep -q "lacks mitigations=auto: it did not reach the guest" "$tmp/e3"
check "a lost command line: in the sweep's FAILURES" grep -q "setting 2 (mitigations=off): .*lacks mitigations=off" "$tmp/s3/summary.txt"
check "a lost command line: the results kept" test -s "$tmp/s3/1-mitigations_auto/raw/dual/boot-1/bench-1.txt"

# Usage errors: exit 2, nothing created.
exit_is() { want=$1 d=$2; shift 2
	echo "[RUN] $d"
	"$@" >/dev/null 2>"$tmp/e"; rc=$?
	if [ $rc = "$want" ] && [ -s "$tmp/e" ] && ! grep -q Traceback "$tmp/e"; then ok "$d: exit $rc"; else bad "$d: exit $rc, want $want: $(tail -n 2 "$tmp/e")"; fi
}
exit_is 2 "--sweep with one setting" "$ck" --no-deps -o "$tmp/u1" --kernel "$tmp/img" --sweep 'mitigations=off'
exit_is 2 "--sweep with an empty setting" "$ck" --no-deps -o "$tmp/u2" --kernel "$tmp/img" --sweep 'a=1;;b=2'
exit_is 2 "--sweep with a setting twice" "$ck" --no-deps -o "$tmp/u3" --kernel "$tmp/img" --sweep 'a=1;a=1'
exit_is 2 "--sweep and --sweep-file" "$ck" --no-deps -o "$tmp/u4" --kernel "$tmp/img" --sweep 'a;b' --sweep-file "$tmp/sweep.txt"
exit_is 2 "--sweep-file missing" "$ck" --no-deps -o "$tmp/u5" --kernel "$tmp/img" --sweep-file "$tmp/nonexistent"
exit_is 2 "--sweep with --results-a/b" "$ck" --no-deps -o "$tmp/u6" --sweep 'a;b' --results-a "$tmp" --results-b "$tmp"
exit_is 2 "--sweep with --plan single" "$ck" --no-deps -o "$tmp/u7" --plan single --sweep 'a;b'
exit_is 2 "--kernel without a bzImage" "$ck" --no-deps -o "$tmp/u8" --kernel "$tmp" --sweep 'a;b'
for u in 1 2 3 4 5 6 7 8; do [ -e "$tmp/u$u" ] && bad "usage error $u created its directory"; done
# --dry-run: one boot line per setting and boot, each with its --append
"$ck" --no-deps --dry-run --boots 1 --kernel "$tmp/img" --sweep 'mitigations=auto;mitigations=off' >"$tmp/plan" 2>&1
n=$(grep -Ec 'kernels/boot .*--append (mitigations=auto|mitigations=off)$' "$tmp/plan")
[ "$n" = 2 ] && ok "--dry-run: a boot per setting with its --append" || bad "--dry-run: $n boots with --append, want 2"

echo "test-sweep: $fails failed"
[ $fails = 0 ]
