#!/bin/sh
# Option parsing and error paths of kernels/build and kernels/boot; boot's
# verdict logic against a fake qemu (tests/fake-qemu): timeout, panic, guest
# dying early, failed test, damaged frame, clean pass.  No kernel is built.
. "$(dirname "$0")/lib.sh"
export BENCH_CACHE="$tmp/cache"
b=$kdir/build
expect 2 "bad variant name 'Fast!'"	$b --variants 'stock,Fast!'
expect 2 "no patch .*entry/6.1/nosuch.patch" $b --variants nosuch
expect 2 "empty list"			$b --variants ''
expect 2 "--jobs: 'x'"			$b --jobs x
expect 2 "--jobs: '0'"			$b --jobs 0
expect 2 "unknown option '--bogus'"	$b --bogus
expect 2 "needs a value"		$b --variants
expect 2 "--series: '5.10' unknown"	$b --series 5.10
expect 2 "--src: '/nonexistent' does not exist" $b --src /nonexistent
expect 2 "not an x86 kernel source tree" $b --src "$tmp"
expect 2 "exclusive"			$b --src "$tmp" --series 6.1
expect 2 "--config: '/nonexistent'"	$b --config /nonexistent
check "build made no cache on errors" test ! -e "$BENCH_CACHE/trees"
expect 0 "Usage|kernels/build"		$b --help

# A fake tree and a fake suite top with patches: a patch that does not apply
# is refused before any build; one that applies gets to the configuration,
# which fails on the fake tree: the error lines and the log path are shown.
mkdir -p "$tmp/src/arch/x86/entry" "$tmp/top/entry/6.1"
printf 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 99\nEXTRAVERSION =\n' > "$tmp/src/Makefile"
echo 'stock entry' > "$tmp/src/arch/x86/entry/entry_64.S"
mkpatch() {	# NAME OLD NEW
	printf -- '--- a/arch/x86/entry/entry_64.S\n+++ b/arch/x86/entry/entry_64.S\n@@ -1 +1 @@\n-%s\n+%s\n' \
		"$2" "$3" > "$tmp/top/entry/6.1/$1.patch"
}
mkpatch bad 'something else' 'fast entry'
mkpatch good 'stock entry' 'fast entry'
fake() { BENCH_TOP="$tmp/top" $b --src "$tmp/src" "$@"; }
expect 2 "'bad': .*bad.patch does not apply to 6.1.99" fake --variants good,bad
check "refused patch: nothing built" test ! -e "$BENCH_CACHE/trees"
expect 1 "configuration failed \(log: .*config-small.log\)" fake --variants stock,good
check "config log kept" test -s "$(ls "$BENCH_CACHE"/trees/*/logs/config-small.log)"
check "failed build printed no image dir" test ! -s "$tmp/out"

k=$kdir/boot
img=$tmp/img
mkdir -p "$img"
echo fake > "$img/bzImage"; echo fake > "$img/initramfs.cpio.gz"
printf 'series: 6.1\nvariant: stock\n' > "$img/info"
expect 2 "no IMAGE_DIR"			$k
expect 2 "not an image directory"	$k "$tmp"
expect 2 "--cpus: '0'"			$k "$img" --cpus 0
expect 2 "--cpus: 'two'"		$k "$img" --cpus two
expect 2 "--cpus: '65'"			$k "$img" --cpus 65
expect 2 "--mem: '12'"			$k "$img" --mem 12
expect 2 "--timeout: '0'"		$k "$img" --timeout 0
expect 2 "--timeout: '1.5'"		$k "$img" --timeout 1.5
expect 2 "--accel: 'xen'"		$k "$img" --accel xen
expect 2 "unknown step 'tests'"		$k "$img" --run selftests,tests
expect 2 "one IMAGE_DIR only"		$k "$img" "$img"
expect 2 "unknown option '--cpu'"	$k "$img" --cpu 2

# Boot verdicts, against the fake qemu.
mkdir -p "$tmp/bin"
ln -s "$here/fake-qemu" "$tmp/bin/qemu-system-x86_64"
fb() { PATH="$tmp/bin:$PATH" FAKE_QEMU=$1 "$k" "$img" --accel tcg -o "$tmp/o-$1" --timeout "${2:-60}"; }
expect 3 "timed out after 2s.*console tail|console tail" fb hang 2
check "timeout: console tail shows the console" grep -q "fake: hanging" "$tmp/err"
check "timeout: boot.info records it" grep -q "^result: boot failed: timed out" "$tmp/o-hang/boot.info"
expect 3 "kernel panicked"		fb panic
check "panic: tail shows the panic" grep -q "Kernel panic - not syncing: fake" "$tmp/err"
expect 3 "stopped before sending"	fb nodone
expect 1 "FAIL sysret_rip_64"		fb fail
expect 1 "damaged|corrupt|mismatch"	fb corrupt
expect 1 "did not get the plan"	fb noplan
expect 0 "ok in"			fb pass
check "pass: selftests.txt extracted" grep -q "^KNOWN mov_ss_trap_64" "$tmp/o-pass/selftests.txt"
check "pass: bench file extracted" grep -q "^#% end: complete samples=1" "$tmp/o-pass/bench-1.txt"
check "pass: boot.info has accel and why" grep -q "^accel.why: asked (--accel tcg)" "$tmp/o-pass/boot.info"
check "pass: TCG disables SMAP" grep -q -- "-cpu max,-smap" "$tmp/o-pass/boot.info"
check "pass: plan is passed" grep -q "^plan.run: selftests,bench" "$tmp/o-pass/boot.info"
# An -o that holds an earlier boot is refused, and the earlier boot's files stay.
sum=$(cat "$tmp/o-pass/"* | sha256sum)
expect 2 "already holds a boot's results" fb pass
check "refused -o: the earlier files are untouched" test "$(cat "$tmp/o-pass/"* | sha256sum)" = "$sum"
mkdir -p "$tmp/ro"; chmod 555 "$tmp/ro"
if [ "$(id -u)" != 0 ]; then
	expect 2 "cannot create or write" env PATH="$tmp/bin:$PATH" "$k" "$img" --accel tcg -o "$tmp/ro/x"
fi
: > "$tmp/afile"
expect 2 "cannot create or write" env PATH="$tmp/bin:$PATH" "$k" "$img" --accel tcg -o "$tmp/afile"
finish
