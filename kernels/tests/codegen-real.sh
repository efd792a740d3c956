#!/bin/sh
# kernels/codegen on the real 6.1 images (part of the full make -C kernels
# test, after the gate; needs the kernel cache, qemu and gdb): the
# single-variant images full, fast (and fastpush once its patch exists)
# and every mode of the dual image are traced, and check-codegen-json.py
# --real asserts: fast and fastpush (and dual.fast, dual.fastpush) took the
# fast path, full and dual.full did not; fast vs fastpush differ by exactly
# 16 executed instructions (18 added, 2 removed: the six pushes, xors and
# pops against subq/addq), in entry_SYSCALL_64 only; the path reported is
# the one most calls took.  The time of each run is printed, never asserted.
# Environment: CODEGEN_OUT (default kernels/out/codegen-<UTC>), BENCH_CACHE,
# BENCH_TOP (whose entry/ patches kernels/build uses).
. "$(dirname "$0")/lib.sh"
top=${BENCH_TOP:-$(cd "$kdir/.." && pwd)}
out=${CODEGEN_OUT:-$kdir/out/codegen-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"

variants=full,fast,dual
[ -f "$top/entry/6.1/fastpush.patch" ] && variants=full,fast,fastpush,dual
if ! "$kdir/build" --variants "$variants" > "$tmp/images" 2> "$tmp/build.err"; then
	bad "kernels/build --variants $variants failed:"; tail -20 "$tmp/build.err" >&2
	finish; exit
fi
img() { grep "/$1\$" "$tmp/images"; }

# run NAME ARGS...: kernels/codegen ARGS -o $out/NAME, then the checks.
run() {
	name=$1; shift
	t0=$(date +%s)
	if "$kdir/codegen" "$@" -o "$out/$name" -q > /dev/null 2> "$tmp/err-$name"; then
		ok
	else
		bad "codegen $name: $(cat "$tmp/err-$name")"
		return
	fi
	echo "codegen-real: $name: $(( $(date +%s) - t0 ))s" >&2
	if python3 "$here/check-codegen-json.py" --real "$out/$name/codegen.json" \
			> "$tmp/chk-$name" 2>&1; then
		ok
	else
		bad "$name:"; cat "$tmp/chk-$name" >&2
	fi
	sed -n '1,/^$/p' "$out/$name/codegen.txt" | sed 's/^/  /' >&2
}
run full-fast "$(img full)" "$(img fast)"
if [ -n "$(img fastpush)" ]; then
	run fast-fastpush "$(img fast)" "$(img fastpush)"
	check "fast-fastpush: one fast/fastpush diff checked" \
		grep -q ', 1 fast/fastpush diffs' "$tmp/chk-fast-fastpush"
	run dual "$(img dual)" --mode full,fastpush,fast
	check "dual: one fast/fastpush diff checked" \
		grep -q ', 1 fast/fastpush diffs' "$tmp/chk-dual"
else
	echo "codegen-real: note: no entry/6.1/fastpush.patch: fastpush not checked" >&2
	run dual "$(img dual)" --mode full,fast
fi
echo "codegen-real: outputs in $out" >&2
finish
