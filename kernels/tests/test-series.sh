#!/bin/sh
# kernels/lib/series, the registry of kernel series: the directories of
# entry/ that hold src/entry.diff, in version order (6.9 before 6.12, not
# string order), the oldest the default; --check and --tarball
# refuse what is not a series; kernels/build --series takes its list from it.
. "$(dirname "$0")/lib.sh"
s=$kdir/lib/series
mkdir -p "$tmp/entry/6.12/src" "$tmp/entry/5.10/src" "$tmp/entry/6.1/src" "$tmp/entry/6.9/src" \
	"$tmp/entry/model" "$tmp/entry/7.0"
for v in 6.12 5.10 6.1 6.9; do : > "$tmp/entry/$v/src/entry.diff"; done
export BENCH_ENTRY_DIR="$tmp/entry"
check "list in version order, only dirs with src/entry.diff" \
	test "$($s | tr "\n" " ")" = "5.10 6.1 6.9 6.12 "
check "--list = no argument" test "$($s --list)" = "$($s)"
check "--default is the oldest" test "$($s --default)" = 5.10
check "--check 6.12" $s --check 6.12
expect 1 "'7.0' is not a kernel series \(known: 5.10 6.1 6.9 6.12\)" $s --check 7.0
expect 1 "'6' is not a kernel series" $s --check 6
check "--tarball" test "$($s --tarball 6.1)" = /usr/src/linux-source-6.1.tar.xz
expect 1 "not a kernel series" $s --tarball model
expect 2 "" $s --bogus
mkdir -p "$tmp/empty"
export BENCH_ENTRY_DIR="$tmp/empty"
expect 2 "no entry/\*/src/entry.diff" $s
unset BENCH_ENTRY_DIR
# the real registry: what entry/ ships
check "the shipped series include 6.1 and 6.12" sh -c "$s | grep -qx 6.1 && $s | grep -qx 6.12"
check "the shipped default is 6.1" test "$($s --default)" = 6.1
export BENCH_CACHE="$tmp/cache"
expect 2 "--series: '6.3' unknown \(known: 6.1 6.12; or give --src\)" $kdir/build --series 6.3
finish
