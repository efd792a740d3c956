#!/bin/sh
# make install-nightly into a DESTDIR: units, driver, config; the example
# config documents every key the driver knows, with the driver's defaults.
. "$(dirname "$0")/../nightly.d/tests-lib.sh"

make -s -C "$nd" install-nightly DESTDIR="$T/root" PREFIX=/usr/local >"$T/inst.log" 2>&1 ||
	{ fail "install-nightly: $(tail -n 5 "$T/inst.log")"; finish; }
for f in usr/local/bin/nightly usr/local/bin/bench-history \
	etc/systemd/system/bench-nightly.service etc/systemd/system/bench-nightly.timer \
	etc/bench-syscall/nightly.conf usr/local/share/bench-syscall/SCHEMA.md; do
	[ -e "$T/root/$f" ] && ok "installed $f" || fail "missing $f"
done
grep -q '^ExecStart=/usr/local/bin/nightly --config /etc/bench-syscall/nightly.conf$' \
	"$T/root/etc/systemd/system/bench-nightly.service" && ok "service runs the installed driver" ||
	fail "ExecStart: $(grep Exec "$T/root/etc/systemd/system/bench-nightly.service")"
grep -q '^SuccessExitStatus=1$' "$T/root/etc/systemd/system/bench-nightly.service" ||
	fail "exit 1 (regression) would mark the service failed"
grep -q '^OnCalendar=' "$T/root/etc/systemd/system/bench-nightly.timer" || fail "timer has no OnCalendar"

# every key of the driver is in the example, and no other
ex=$nd/nightly.conf.example
sed -n 's/^#\([A-Z_][A-Z_]*\)=.*/\1/p' "$ex" | sort >"$T/ex.keys"
sed -n '/^KEYS="/,/"$/p' "$top/scripts/nightly" | tr -d '"' | sed 's/^KEYS=//' |
	tr ' ' '\n' | grep . | sort >"$T/drv.keys"
if cmp -s "$T/ex.keys" "$T/drv.keys"; then ok "example documents all $(wc -l <"$T/ex.keys") keys"
else fail "keys differ: $(diff "$T/drv.keys" "$T/ex.keys" | tr '\n' ' ')"; fi

# the example with every line uncommented is valid and means the defaults:
# both runs (defaults vs uncommented example, same overrides) agree
# (the program paths are left to the driver's own lookup: in-tree here)
sed 's/^#\([A-Z_][A-Z_]*=\)/\1/' "$ex" |
	grep -v -e '^BENCH_STAT=' -e '^BENCH_HISTORY=' -e '^KERNELS_BOOT=' >"$T/all.conf"
write_conf "$T/over.conf"
grep -v '^#' "$T/over.conf" >>"$T/all.conf"
# host and programs differ by machine: the example shows the portable ones
sed -i 's/^HOST=$/HOST=labhost/' "$T/all.conf"
NIGHT_ARGS="--seed 1" "$top/scripts/nightly" --config "$T/all.conf" >"$T/a.out" 2>"$T/a.err"
rc=$?
[ $rc = 0 ] && ok "uncommented example config is accepted" || fail "example config: exit $rc: $(cat "$T/a.err")"
grep -q 'last 10 good runs; regression = slower, significant at 99% (correction: holm) and >= 2%' "$T/a.out" &&
	ok "example defaults = driver defaults (10 runs, 99%, holm, 2%)" || fail "summary: $(head -n 2 "$T/a.out")"
finish
