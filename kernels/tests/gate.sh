#!/bin/bash
# The kernel gate (make -C kernels test): the stock kernel builds, boots and
# passes the 64-bit entry selftests (mov_ss_trap recorded as KNOWN), a short
# bench-syscall run comes back whole; a boot with an absurdly low timeout
# exits 3 with a console tail; then every entry variant whose patch exists in
# entry/<series>/ gets the same plus entry/build/guest/* (dual booted three
# times: entry_variant=full, =fast and =fastpush).  Absent patches are
# skipped with a note.  The gate proves which path the syscalls took:
# entrypath (kernel callchains against the body symbols) must find getppid
# in the body the variant names and in no other; perfregs must see the six
# reported unknown on fast frames and real on all others (fastpush too);
# variant-switch must have switched the dual kernel between all three and
# found every CPU's MSR_LSTAR where the file says.  A guest test that exits
# 4 (KSFT_SKIP) is recorded SKIP by the guest, never PASS, and fails here
# (the gate needs every answer) except variant-switch on stock, which has
# no entry_variant file to test.
# Times of every build and boot are printed (never asserted).
# Each boot also runs bench-syscall --entry int80 (bench-2.txt), a path the
# development host cannot run.
# Environment: GATE_SERIES (default: kernels/lib/series --default; a list
# such as "$(kernels/lib/series)" gates each),
# GATE_VARIANTS ("full fast fastpush dual"), GATE_OUT.
set -u
kdir=$(cd "$(dirname "$0")/.." && pwd)
top=$(cd "$kdir/.." && pwd)
series_list=${GATE_SERIES:-$("$kdir/lib/series" --default)}
for s in $series_list; do
	"$kdir/lib/series" --check "$s" || exit 2
done
series=
out=${GATE_OUT:-$kdir/out/gate-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
fails=0 notes=""
say() { echo "gate: $*" >&2; }
fail() { say "FAIL: $*"; fails=$((fails + 1)); }
required="sigreturn_64 ptrace_syscall_64 syscall_nt_64 syscall_numbering_64
sysret_rip_64 single_step_syscall_64 check_initial_reg_state_64
syscall_arg_fault_64 test_vsyscall_64 fsgsbase_64 sysret_ss_attrs_64"
bench_args="--syscalls getpid,enosys --samples 300 --quiet"
# The host kernel here refuses int $0x80; the guests have IA32 emulation.
bench_int80="--entry int80 --syscalls getpid --samples 200 --quiet"

# check_results FILE: a FORMAT v1 file that came back whole.
check_results() {
	local f=$1 n end
	[ -s "$f" ] || { fail "$f missing"; return; }
	[ "$(head -1 "$f")" = "#bench-syscall-results 1" ] || fail "$f: bad version line"
	end=$(tail -1 "$f")
	case "$end" in
	"#% end: complete samples="*) ;;
	*) fail "$f: last line is not a complete end line: $end"; return ;;
	esac
	n=$(grep -vc '^#' "$f")
	[ "$n" = "${end##*samples=}" ] || fail "$f: $n sample lines, end line says ${end##*samples=}"
	[ "$n" -gt 0 ] || fail "$f: no samples"
	say "  bench: $f: $n samples, end line complete"
}

# gate_boot NAME IMAGE EXPECTED_ENTRY_VARIANT [boot args...]
gate_boot() {
	local name=$1 img=$2 want=$3 d rc t0 t
	d=$out/$name
	shift 3
	t0=$(date +%s)
	"$kdir/boot" "$img" --run selftests,guest,bench --bench-args "$bench_args" \
		--bench-args "$bench_int80" \
		-o "$d" "$@" > /dev/null
	rc=$?
	t=$(( $(date +%s) - t0 ))
	say "boot $name: exit $rc in ${t}s ($(grep '^accel:' "$d/boot.info" 2>/dev/null))"
	echo "boot $name ${t}s exit=$rc" >> "$out/times"
	[ $rc = 0 ] || fail "boot $name exited $rc (see $d)"
	[ -f "$d/selftests.txt" ] || { fail "$name: no selftests.txt"; return; }
	sed 's/^/  /' "$d/selftests.txt" >&2
	for t in $required; do
		grep -qx "PASS $t" "$d/selftests.txt" || fail "$name: $t did not pass"
	done
	grep -Eq '^(KNOWN mov_ss_trap_64 |PASS mov_ss_trap_64$)' "$d/selftests.txt" ||
		fail "$name: mov_ss_trap_64 not recorded (KNOWN, or PASS where it behaves)"
	local ng=0 g
	for g in "$top"/entry/build/guest/*; do
		[ -f "$g" ] && [ -x "$g" ] || continue
		ng=$((ng + 1))
		if grep -qx "PASS ${g##*/}" "$d/guest.txt" 2>/dev/null; then
			:
		elif [ "$want" = - ] && [ "${g##*/}" = variant-switch ] &&
		     grep -q "^SKIP variant-switch" "$d/guest.txt"; then
			# stock has no entry_variant file: nothing to test
			say "  $name: variant-switch SKIP (no /sys/kernel/entry_variant)"
		else
			fail "$name: guest test ${g##*/} did not pass"
		fi
	done
	[ $ng -gt 0 ] && sed 's/^/  /' "$d/guest.txt" >&2
	# on the dual kernel variant-switch must really have switched, to all three
	case $name in
	*dual-*) grep -q '^variant-switch: 90 switches (30 each to fast fastpush full)' "$d/guest.log" ||
		fail "$name: variant-switch did not switch the dual kernel between all three" ;;
	esac
	if [ "$want" != - ] && [ -x "$top/entry/build/guest/entrypath" ]; then
		# the fast path taken: the body of the variant, and only it
		local body=$want
		grep -q "^\[OK\]	entrypath: [0-9]* samples, all in the $body body" "$d/guest.log" ||
			fail "$name: entrypath did not prove the $body body ran getppid"
		grep -h '^	samples:' "$d/guest.log" | sed "s/^/  entrypath: /" >&2
	fi
	if [ "$want" != - ] && [ -x "$top/entry/build/guest/perfregs" ]; then
		# fast frames: the six unknown; every other frame: the real values
		local pr=real
		[ "$want" = fast ] && pr=unknown
		grep -q "^perfregs: expect $pr: " "$d/guest.log" ||
			fail "$name: perfregs did not judge the frames '$pr'"
	fi
	if [ -x "$top/bench/build/bench-syscall-static" ]; then
		check_results "$d/bench-1.txt"
		check_results "$d/bench-2.txt"
		[ "$(grep -v '^#' "$d/bench-2.txt" | awk '{print $3}' | sort -u)" = int80 ] ||
			fail "$name: bench-2.txt (--entry int80) has rows of another entry"
	fi
	local got
	got=$(sed -n 's/^entry_variant: //p' "$d/env.txt" 2>/dev/null)
	[ "$got" = "$want" ] || fail "$name: /sys/kernel/entry_variant is '$got', want '$want'"
}

build() {	# VARIANT: prints the image dir
	local t0 img rc
	t0=$(date +%s)
	img=$("$kdir/build" --series "$series" --variants "$1")
	rc=$?
	say "build $1: exit $rc in $(( $(date +%s) - t0 ))s"
	echo "build $series $1 $(( $(date +%s) - t0 ))s exit=$rc" >> "$out/times"
	[ $rc = 0 ] || { fail "build $1 exited $rc"; return 1; }
	echo "$img"
}

[ -x "$top/bench/build/bench-syscall-static" ] || [ ! -f "$top/bench/Makefile" ] ||
	make -C "$top/bench" static > "$out/bench-static.log" 2>&1 || say "note: make -C bench static failed"
[ -x "$top/bench/build/bench-syscall-static" ] || notes="$notes; no bench-syscall-static: bench skipped"

gate_series() {
	if img=$(build stock); then
		# A second build of the same variant must reuse the image.
		again=$("$kdir/build" --series "$series" --variants stock 2> "$out/${pfx}rebuild.err")
		if [ "$again" = "$img" ] && grep -q 'stock: cached image' "$out/${pfx}rebuild.err"; then
			say "rebuild of stock: cached image reused"
		else
			fail "rebuild of stock did not reuse the cached image: $(tail -3 "$out/${pfx}rebuild.err")"
		fi
		gate_boot ${pfx}stock "$img" "-"
		# Timeout handling on a real kernel: 3 s is far too short under any accel.
		"$kdir/boot" "$img" --timeout 3 -o "$out/${pfx}timeout" > /dev/null 2> "$out/${pfx}timeout.err"
		rc=$?
		if [ $rc = 3 ] && grep -q 'timed out after 3s' "$out/${pfx}timeout.err" &&
		   grep -q '^  | ' "$out/${pfx}timeout.err"; then
			say "timeout boot: exit 3 with a console tail, as it should"
		else
			fail "timeout boot: exit $rc, stderr: $(head -c 300 "$out/${pfx}timeout.err")"
		fi
	fi

	# GATE_VARIANTS narrows the variant loop (default: full fast fastpush dual).
	for v in ${GATE_VARIANTS:-full fast fastpush dual}; do
		p=$top/entry/$series/$v.patch
		if [ ! -f "$p" ]; then
			say "note: $p absent: variant $v skipped"
			notes="$notes; $series $v skipped (no patch)"
			continue
		fi
		img=$(build $v) || continue
		eval "img_$v=\$img"
		case $v in
		dual)
			gate_boot ${pfx}dual-full "$img" full --append entry_variant=full
			gate_boot ${pfx}dual-fast "$img" fast --append entry_variant=fast
			gate_boot ${pfx}dual-fastpush "$img" fastpush --append entry_variant=fastpush ;;
		*) gate_boot $pfx$v "$img" $v ;;
		esac
	done
}

# body_diff: fast and fastpush differ in the six registers only, on the
# images' own code: entry/body-diff --six on the fast and fastpush images'
# vmlinux.xz (kernels/build keeps it in the image directory) and on the
# dual image's two bodies.
body_diff() {
	local a=${img_fast:-}/vmlinux.xz b=${img_fastpush:-}/vmlinux.xz d=${img_dual:-}/vmlinux.xz
	if [ -f "$a" ] && [ -f "$b" ]; then
		"$top/entry/body-diff" --six "$a" fast "$b" fastpush > "$out/${pfx}body-diff.txt" 2>&1 ||
			fail "fast vs fastpush images differ in more than the six registers (see $out/${pfx}body-diff.txt)"
		tail -2 "$out/${pfx}body-diff.txt" | sed 's/^/  /' >&2
	else
		say "note: no vmlinux.xz in the fast/fastpush image directories: body-diff skipped"
		notes="$notes; $series body-diff skipped (no vmlinux)"
	fi
	if [ -f "$d" ]; then
		"$top/entry/body-diff" --six "$d" fast "$d" fastpush > "$out/${pfx}body-diff-dual.txt" 2>&1 ||
			fail "dual's fast and fastpush bodies differ in more than the six registers"
		tail -1 "$out/${pfx}body-diff-dual.txt" | sed 's/^/  dual: /' >&2
	fi
}

for series in $series_list; do
	pfx=
	[ "$series_list" = "$series" ] || pfx=$series-
	say "series $series"
	img_fast= img_fastpush= img_dual=
	gate_series
	body_diff
done

say "times:"; sed 's/^/  /' "$out/times" >&2
say "results in $out${notes:+ (notes${notes})}"
[ $fails = 0 ] && say "PASS" || say "$fails failure(s)"
[ $fails = 0 ]
