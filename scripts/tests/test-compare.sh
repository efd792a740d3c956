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
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
check() { d=$1; shift; if "$@" >/dev/null 2>&1; then ok "$d"; else bad "$d"; fi; }

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

# 2. No shift: same generator, other seeds: no significant difference.
side "$tmp/same" same 100 none 20
out=$tmp/r2
"$ck" --no-deps -q --plots medians --results-a "$tmp/full" --results-b "$tmp/same" -o "$out" >/dev/null 2>&1
rc=$?
[ $rc = 0 ] && ok "no-difference run exits 0" || bad "no-difference run exit $rc"
check "verdict: no significant difference" grep -q '^Verdict: no significant difference between full and same' "$out/summary.txt"

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
	"$synth" --seed $((60 + i)) --blocks 4 --variants full,fast --delta -8 \
		--samples 100 --virt TCG >"$tmp/dual/bench-$i.txt"
done
out=$tmp/r9
"$ck" --no-deps -q --plots medians --results "$tmp/dual" -o "$out" >/dev/null 2>"$tmp/err9"
rc=$?; [ $rc = 0 ] || cat "$tmp/err9"
[ $rc = 0 ] && ok "dual results: exit 0" || bad "dual results: exit $rc"
check "dual results: fast faster than full" grep -q '^Verdict: fast is FASTER than full in all 4 cells' "$out/summary.txt"
check "dual results: judged by variant" grep -q 'bench-stat .*--by variant' "$out/commands.sh"
check "dual results: blocks are the runs (4+4), paired by round" grep -q '^getpid  *0 .*paired  *4/4 ' "$out/summary.txt"
check "dual results: judged with --paired" grep -q 'bench-stat .*--by variant --paired' "$out/commands.sh"
check "dual results: the summary says the rounds are pairs" grep -q '^judged on pairs: the A and B blocks of each round' "$out/summary.txt"
check "dual results: kept byte-exact" cmp -s "$tmp/dual/bench-1.txt" "$out/raw/dual/bench-1.txt"

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
exit_is 2 "three variants" "$ck" --no-deps --variants a,b,c
exit_is 2 "no results there" "$ck" --no-deps -o "$tmp/r5" --results-a "$tmp/nonexistent" --results-b "$tmp/fast"
[ ! -e "$tmp/r5" ] && ok "a usage error creates no report directory" || bad "usage error left $tmp/r5"
exit_is 2 "report dir not empty" "$ck" --no-deps -o "$tmp/r1" --results-a "$tmp/full" --results-b "$tmp/fast"
exit_is 2 "kernel dir without bzImage" "$ck" --no-deps -o "$tmp/r6" --kernel-a "$tmp" --kernel-b "$tmp"
# Bad results (a newer format): bench-stat refuses, we say so, exit non-zero.
mkdir -p "$tmp/v9"; sed '1s/ 1$/ 9/' "$tmp/full/run1.txt" >"$tmp/v9/run1.txt"
"$ck" --no-deps -q -o "$tmp/r7" --results-a "$tmp/v9" --results-b "$tmp/fast" >/dev/null 2>&1
rc=$?; [ $rc != 0 ] && ok "unreadable results refused (exit $rc)" || bad "unreadable results accepted"

# 5. The default plan, without booting: the dual kernel when its patch
# exists, else the two single-variant kernels booted ABAB.
"$ck" --no-deps --dry-run >"$tmp/plan" 2>&1 || bad "--dry-run exit $?"
if [ -f "$top/entry/6.1/dual.patch" ]; then
	check "default plan builds the dual kernel" grep -q 'kernels/build --series 6.1 --variants dual' "$tmp/plan"
	n=$(grep -c 'kernels/boot .*--variants full,fast' "$tmp/plan")
	[ "$n" = 3 ] && ok "default plan: 3 boots alternating full/fast" || bad "default plan: $n dual boots"
	check "by variant judging" grep -q 'bench-stat .*--by variant' "$tmp/plan"
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
else
	echo "note: kernels/boot or its fake qemu missing: boot handling not exercised"
fi

echo "test-compare: $fails failed"
[ $fails = 0 ]
