#!/bin/sh
# The installed layout, not the tree: make install + install-nightly into a
# DESTDIR, then the installed nightly finds every program it needs under
# the installed names (bench-kernel-boot, not kernels-boot) and runs a real,
# tiny plan (the installed bench-syscall, bench-stat, bench-history, gnuplot)
# with nothing from the source tree on its PATH.
. "$(dirname "$0")/../nightly.d/tests-lib.sh"

R=$T/root
make -s -C "$top" install DESTDIR="$R" PREFIX=/usr/local >"$T/inst.log" 2>&1 &&
	make -s -C "$top/scripts" install-nightly DESTDIR="$R" PREFIX=/usr/local \
		>>"$T/inst.log" 2>&1 ||
	{ fail "make install: $(tail -n 5 "$T/inst.log")"; finish; }
bin=$R/usr/local/bin
ok "installed into $R"

# the installed driver only: a copy of it elsewhere must not find the tree
inst_path=$bin:/usr/sbin:/usr/bin:/sbin:/bin
mkdir -p "$T/img/6.1-fast" && : >"$T/img/6.1-fast/bzImage"
cat >"$T/inst.conf" <<EOF
RESULTS_DIR=$T/results
DB=sqlite:$T/history.db
LOCK_FILE=$T/nightly.lock
HOST=labhost
CPUS=0
BLOCK_MS=1
ROUNDS=3
KERNELS=$T/img/6.1-fast
EOF

PATH=$inst_path "$bin/nightly" --config "$T/inst.conf" --check-config >"$T/cc.out" 2>"$T/cc.err"
rc=$?
[ $rc = 0 ] && ok "installed nightly accepts its programs (exit 0)" ||
	fail "--check-config: exit $rc: $(cat "$T/cc.err")"
# no SYSCALLS: the installed bench-syscall's op table (--list-defaults)
defaults=$("$bin/bench-syscall" --list-defaults)
case "$defaults" in *getpid*) ;; *) fail "bench-syscall --list-defaults: '$defaults'" ;; esac
for want in "SYSCALLS=$defaults" "KERNELS_BOOT=$bin/bench-kernel-boot" "BENCH=$bin/bench-syscall" \
	"BENCH_STAT=$bin/bench-stat" "BENCH_HISTORY=$bin/bench-history"; do
	grep -qxF "$want" "$T/cc.out" && ok "resolves $want" ||
		fail "want $want, got: $(tr '\n' ' ' <"$T/cc.out")"
done
# and a name that is not installed is a config error before any run
echo "KERNELS_BOOT=kernels-boot" >>"$T/inst.conf"
PATH=$inst_path "$bin/nightly" --config "$T/inst.conf" --check-config >"$T/cc.out" 2>"$T/cc.err"
rc=$?
[ $rc = 2 ] && grep -q 'KERNELS_BOOT=kernels-boot: no such program' "$T/cc.err" &&
	ok "a missing KERNELS_BOOT is refused up front (exit 2)" ||
	fail "KERNELS_BOOT=kernels-boot: exit $rc: $(cat "$T/cc.err")"

# a real (tiny) night with the installed programs, twice
sed -i -e '/^KERNELS/d' "$T/inst.conf"
for n in 1 2; do
	PATH=$inst_path "$bin/nightly" --config "$T/inst.conf" >"$T/n$n.out" 2>"$T/n$n.err"
	rc=$?
	[ $rc = 0 ] && ok "installed night $n (exit 0)" ||
		fail "installed night $n: exit $rc: $(tail -n 5 "$T/n$n.err" "$T/n$n.out")"
done
grep -q 'first run: no baseline yet' "$T/n1.out" && ok "night 1 is the first" ||
	fail "night 1: $(cat "$T/n1.out")"
grep -q 'building the baseline (1 of 3 good runs)' "$T/n2.out" &&
	ok "night 2 builds the baseline" || fail "night 2: $(cat "$T/n2.out")"
ls "$T/results/labhost/nightly/plots/"*getpid*.png >/dev/null 2>&1 &&
	ok "trend plot drawn by the installed driver" || fail "no trend plot"
n=$(ls "$T/results/labhost/nightly/plots/"*.png 2>/dev/null | wc -l)
[ "$n" = "$(echo "$defaults" | tr ',' '\n' | wc -l)" ] &&
	ok "one plot per default operation ($n): the op table was measured" ||
	fail "$n plots for defaults $defaults"
PATH=$inst_path "$bin/bench-stat" --check "$T/results/labhost/nightly/"2*.txt \
	>"$T/chk.out" 2>&1 && ok "the installed bench-syscall's files are valid (bench-stat --check)" ||
	fail "bench-stat --check: $(cat "$T/chk.out")"
finish
