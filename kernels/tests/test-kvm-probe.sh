#!/bin/sh
# lib/kvm-probe and kernels/boot's choice of accelerator, against the fake
# qemu: a KVM that hangs with no console output (the nested backend of the
# development VMs) is found by a real tiny boot within --wait seconds, the
# answer is cached per host/qemu/kernel/CPU model, kernels/boot falls back to
# TCG with the reason in boot.info and on stderr, --accel kvm fails clearly,
# and a KVM boot that stays silent after a stale "yes" falls back and records
# "no".  /dev/kvm is a stand-in file (BENCH_KVM_DEV).
. "$(dirname "$0")/lib.sh"
export BENCH_CACHE="$tmp/cache" TMPDIR="$tmp/tmpd" BENCH_KVM_DEV="$tmp/kvm"
mkdir -p "$TMPDIR" "$tmp/bin"
: > "$BENCH_KVM_DEV"
ln -s "$here/fake-qemu" "$tmp/bin/qemu-system-x86_64"
P=$kdir/lib/kvm-probe
k=$kdir/boot
img=$tmp/img
mkdir -p "$img"
echo fake > "$img/bzImage"; echo fake > "$img/initramfs.cpio.gz"
printf 'series: 6.1\nvariant: stock\n' > "$img/info"
# alive PID: running (not gone, not a zombie)
alive() { [ -e /proc/$1 ] && [ "$(sed 's/.*) //' /proc/$1/stat | cut -c1)" != Z ]; }
# probe MODE ARGS...: kvm-probe with the fake qemu's KVM behaving as MODE
probe() { m=$1; shift; env PATH="$tmp/bin:$PATH" FAKE_QEMU_KVM=$m FAKE_QEMU_PIDFILE="$tmp/qpid" "$P" "$@"; }
has() { grep -Eq -- "$1" "$tmp/out" && ok || bad "$2: stdout lacks /$1/: $(cat "$tmp/out")"; }

expect 2 "--wait: 'x'"			probe ok --wait x
expect 2 "unknown argument '--bogus'"	probe ok --bogus
expect 2 "--image: no .*/nope/bzImage"	probe ok --image "$tmp/nope"
expect 2 "--record: 'maybe'"		probe ok --record maybe why
expect 1 ""				env BENCH_KVM_DEV="$tmp/none" "$P" --image "$img"
has "^why: $tmp/none missing" "no /dev/kvm"
check "no /dev/kvm: nothing cached" test ! -e "$BENCH_CACHE/kvm-probe"
expect 2 ""				probe ok --cached
has "^kvm: unknown" "--cached before any probe"
expect 2 ""				probe ok
has "no kernel to boot" "no image anywhere"

expect 0 ""				probe ok --image "$img"
has "^kvm: yes" "KVM ok"
has "^source: probed now" "KVM ok: probed"
has "^why: a kernel booted under KVM \(-cpu host\) to its end" "KVM ok: why"
check "the answer is cached" test -n "$(ls "$BENCH_CACHE/kvm-probe/")"
# Cached: qemu would hang now, yet the answer comes back without a boot.
rm -f "$tmp/qpid"
expect 0 ""				probe hang --image "$img"
has "^source: cached .*kvm-probe/" "cached answer used"
check "cached: no qemu started" test ! -e "$tmp/qpid"
expect 0 ""				probe hang --cached
# --refresh: a KVM that hangs is found by the boot, within --wait.
expect 1 ""				probe hang --image "$img" --refresh --wait 1
has "^why: no console output within 1s under KVM \(-cpu host\): KVM guests hang" "KVM hang"
check "hang: the probe's qemu is gone" sh -c "! { [ -e /proc/$(cat "$tmp/qpid") ] && ! grep -q ') Z' /proc/$(cat "$tmp/qpid")/stat; }"
expect 1 ""				probe hang --cached
has "^kvm: no" "the hang is cached"
expect 1 ""				probe fail --image "$img" --refresh
has "^why: qemu failed under KVM \(-cpu host, exit 134\): .*failed to set MSR" "KVM qemu error"
# The CPU model is part of the key: another model is probed afresh.
expect 0 ""				env BENCH_KVM_CPU=host,-pmu PATH="$tmp/bin:$PATH" "$P" --image "$img"
has "^source: probed now" "another CPU model: probed"
has "^key: .*_cpu-host,-pmu$" "the key names the CPU model"
# With no --image the probe finds a kernel in the cache.
mkdir -p "$BENCH_CACHE/images/6.1-x/stock"
cp "$img/bzImage" "$BENCH_CACHE/images/6.1-x/stock/"
expect 1 ""				probe hang --refresh --wait 1
has "no console output within 1s" "image from the cache"

# kernels/boot, --accel auto, KVM hanging: the probe decides in 1 s, TCG boots
# (before: the probe only opened /dev/kvm, the boot hung until its timeout).
rm -rf "$BENCH_CACHE/kvm-probe"
bk() { m=$1; o=$2; shift 2; env PATH="$tmp/bin:$PATH" FAKE_QEMU=pass FAKE_QEMU_KVM=$m BENCH_KVM_PROBE_WAIT=1 \
	"$k" "$img" -o "$tmp/$o" --timeout 30 "$@"; }
expect 0 "KVM unusable: no console output within 1s.*booting under TCG" bk hang b1
check "fallback: boot.info accel tcg" grep -q "^accel: tcg" "$tmp/b1/boot.info"
check "fallback: boot.info says why" grep -q "^accel.why: KVM unusable: no console output within 1s.*fell back to TCG" "$tmp/b1/boot.info"
check "fallback: boot.info says the probe booted" grep -q "^accel.probe: probed now" "$tmp/b1/boot.info"
expect 0 "KVM unusable" bk hang b2
check "second boot: the cached answer" grep -q "^accel.probe: cached " "$tmp/b2/boot.info"
expect 3 "--accel kvm: KVM unusable here: no console output within 1s" bk hang b3 --accel kvm
check "--accel kvm refused: nothing booted" test ! -s "$tmp/b3/console.log"
# KVM works: the boot uses it (the guest was told kvm).
rm -rf "$BENCH_CACHE/kvm-probe"
expect 0 "ok in" bk ok b4
check "kvm: boot.info accel kvm" grep -q "^accel: kvm" "$tmp/b4/boot.info"
check "kvm: -cpu host" grep -q -- "accel=kvm -cpu host " "$tmp/b4/boot.info"
# A stale "yes": the KVM boot stays silent, is stopped after BENCH_KVM_SILENT
# seconds, TCG boots, and "no" is recorded for the next boot.
expect 0 "KVM boot failed \(no console output within 1s\); fell back to TCG" env BENCH_KVM_SILENT=1 \
	PATH="$tmp/bin:$PATH" FAKE_QEMU=pass FAKE_QEMU_KVM=hang "$k" "$img" -o "$tmp/b5" --timeout 30
check "silent KVM: booted under TCG" grep -q "^accel: tcg" "$tmp/b5/boot.info"
expect 1 "" probe ok --cached
has "^why: a KVM boot failed: no console output within 1s" "silent KVM recorded"
expect 2 "BENCH_KVM_SILENT: 'x'" env BENCH_KVM_SILENT=x PATH="$tmp/bin:$PATH" "$k" "$img" -o "$tmp/b6"
finish
