#!/bin/sh
# make -C entry test: the model's sequences, regstress on this (stock)
# kernel including its self-test, and the patches against pristine trees.
# Prints "N passed, N failed"; exits non-zero on any failure.
cd "$(dirname "$0")/.." || exit 2
pass=0 fail=0
ok()  { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

# 1. The model: sequences do what they claim; the benchmark runs and
#    prints a row per variant (no timing is asserted).
if build/test-model; then ok test-model; else bad test-model; fi
out=$(build/entry-model -n 20000 -r 3 2>&1)
if [ $? -eq 0 ] && [ "$(echo "$out" | grep -cE '^(full|fast|fastpush|zeros) ')" = 4 ] \
   && echo "$out" | grep -q '^delta fastpush-fast ' \
   && echo "$out" | grep -q '^delta full-fastpush '; then
	ok entry-model-runs
else
	echo "$out"; bad entry-model-runs
fi
out=$(build/entry-model -n 1000 -r 1 -c ns 2>&1)
if [ $? -eq 0 ] && echo "$out" | grep -q 'clock ns'; then ok entry-model-ns
else echo "$out"; bad entry-model-ns; fi
if build/entry-model -r 0 >/dev/null 2>&1; then bad entry-model-bad-input
else ok entry-model-bad-input; fi

# The model's whitelist is the patches' (same FAST_BIT list, same order).
names() { grep -o 'FAST_BIT(w, __NR_[a-z0-9_]*)' "$1" | sed 's/.*__NR_//; s/)//'; }
wl_ok=1
for d in $(../kernels/lib/series); do	# kernels/lib/series: every series
	[ -f $d/src/entry.diff ] || continue
	if [ "$(names $d/src/entry.diff)" != "$(names model/whitelist.c)" ] ||
	   [ -z "$(names model/whitelist.c)" ]; then
		echo "model/whitelist.c and $d/src/entry.diff list different syscalls"; wl_ok=0
	fi
done
if [ $wl_ok = 1 ]; then ok model-whitelist-is-the-patches; else bad model-whitelist-is-the-patches; fi

# 2. regstress on the host kernel (stock): must pass ...
if build/guest/regstress -t 2; then ok regstress-host; else bad regstress-host; fi
# ... and must catch a clobbered register (exit 1, a FAIL line for r13).
out=$(REGSTRESS_CORRUPT=1 build/guest/regstress -t 1 2>&1); rc=$?
if [ $rc -eq 1 ] && echo "$out" | grep -q 'FAIL.*r13'; then
	ok regstress-detects-clobber
else
	echo "$out"; bad "regstress-detects-clobber (rc=$rc)"
fi
if build/guest/regstress -t 0 >/dev/null 2>&1; then bad regstress-bad-input
else ok regstress-bad-input; fi

# 3. perfregs on the host kernel (stock: full frames) must see the real
#    registers and walk the fake frame; told to expect the fast entry's
#    "unknown" instead, it must fail: the check can tell the two apart.
out=$(build/guest/perfregs -t 2 2>&1); rc=$?
if [ $rc -eq 0 ]; then
	ok perfregs-host
elif [ $rc -eq 4 ] && echo "$out" | grep -q "^\[SKIP\].*perf_event_open"; then
	echo "SKIP perfregs-host: no perf sampling here: $out"
else
	echo "$out"; bad "perfregs-host (rc=$rc)"
fi
out=$(build/guest/perfregs -t 1 --expect unknown 2>&1); rc=$?
if [ $rc -eq 1 ] && echo "$out" | grep -q 'FAIL: the fast entry'; then
	ok perfregs-detects-full-frame
elif [ $rc -eq 4 ] && echo "$out" | grep -q "^\[SKIP\].*perf_event_open"; then
	echo "SKIP perfregs-detects-full-frame: no perf sampling here"
else
	echo "$out"; bad "perfregs-detects-full-frame (rc=$rc)"
fi
if build/guest/perfregs --expect maybe >/dev/null 2>&1; then bad perfregs-bad-input
else ok perfregs-bad-input; fi

# 4. entrypath on the host kernel (stock): getppid's samples must lie in
#    the stock body; told to expect the fast body (absent here), it must
#    fail.  Exit 4 (KSFT_SKIP): no perf sampling or kallsyms here.
out=$(build/guest/entrypath -t 1 2>&1); rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -q '^\[OK\].*all in the full body'; then
	ok entrypath-host
elif [ $rc -eq 4 ]; then
	echo "SKIP entrypath-host: $out"
else
	echo "$out"; bad "entrypath-host (rc=$rc)"
fi
out=$(build/guest/entrypath -t 1 --expect fastpush 2>&1); rc=$?
if [ $rc -eq 1 ] && echo "$out" | grep -q '^\[FAIL\]'; then
	ok entrypath-detects-other-body
elif [ $rc -eq 4 ]; then
	echo "SKIP entrypath-detects-other-body"
else
	echo "$out"; bad "entrypath-detects-other-body (rc=$rc)"
fi
if build/guest/entrypath --expect slow >/dev/null 2>&1; then bad entrypath-bad-input
else ok entrypath-bad-input; fi

# 4b. variant-switch against a stand-in sysfs directory: a read-only file
#     whose CPUs agree passes; one CPU elsewhere, or "mixed", fails; the
#     writable (dual) case with every CPU following the writes passes, and
#     finishes its rounds (timeout: a loop that never ends fails).
vs() { VARIANT_SWITCH_SYSFS=$1 VARIANT_SWITCH_ROUNDS=2 VARIANT_SWITCH_STRESS=1 \
	timeout 60 sh build/guest/variant-switch; }
ncpu=$(grep -c '^processor' /proc/cpuinfo)
fake=$(mktemp -d)
cpus() { i=0; while [ $i -lt $ncpu ]; do echo "$i $1"; i=$((i + 1)); done; }
echo fast > $fake/entry_variant; chmod 444 $fake/entry_variant
cpus fast > $fake/entry_variant_cpus
if out=$(vs $fake 2>&1) && echo "$out" | grep -q 'variant-switch: PASS'; then
	ok variant-switch-readonly-agrees
else echo "$out"; bad variant-switch-readonly-agrees; fi
{ cpus fast | sed '$d'; echo "$((ncpu - 1)) full"; } > $fake/entry_variant_cpus
out=$(vs $fake 2>&1); rc=$?
if [ $rc = 1 ] && echo "$out" | grep -q "FAIL: want fast on every CPU, CPU $((ncpu - 1)) is full"; then
	ok variant-switch-detects-cpu
else echo "$out"; bad "variant-switch-detects-cpu (rc=$rc)"; fi
chmod 644 $fake/entry_variant; echo mixed > $fake/entry_variant
out=$(vs $fake 2>&1); rc=$?
if [ $rc = 1 ] && echo "$out" | grep -q 'FAIL: .* reads mixed'; then
	ok variant-switch-detects-mixed
else echo "$out"; bad "variant-switch-detects-mixed (rc=$rc)"; fi
# writable: a plain file reads back what was written; the per-CPU file
# cannot follow, so make it absent (nothing per CPU to check)
rm $fake/entry_variant_cpus; echo full > $fake/entry_variant
out=$(vs $fake 2>&1); rc=$?
if [ $rc = 0 ] && echo "$out" | grep -q '^variant-switch: 6 switches (2 each to fast fastpush full), back to full'; then
	ok variant-switch-switches-all-three
else echo "$out"; bad "variant-switch-switches-all-three (rc=$rc)"; fi
rm -f $fake/*
out=$(vs $fake 2>&1); rc=$?
if [ $rc = 4 ] && echo "$out" | grep -q '^\[SKIP\]'; then
	ok variant-switch-skips-without-the-file
else echo "$out"; bad "variant-switch-skips-without-the-file (rc=$rc)"; fi
rm -rf "$fake"

# 5. body-diff: two bodies differing in the six registers pass --six; one
#    with an instruction more (and a body that is not there) fails.
out=$(./body-diff --six build/body-diff.o fast build/body-diff.o fastpush 2>&1)
if [ $? -eq 0 ] && echo "$out" | grep -q 'only in fast: 2, only in fastpush: 18$'; then
	ok body-diff-six
else
	echo "$out"; bad body-diff-six
fi
out=$(./body-diff --six build/body-diff-extra.o fast build/body-diff-extra.o fastpush 2>&1)
if [ $? -eq 1 ] && echo "$out" | grep -q 'only in fastpush: 19$' &&
   echo "$out" | grep -q '^+ lfence'; then
	ok body-diff-detects-extra
else
	echo "$out"; bad body-diff-detects-extra
fi
if ./body-diff build/body-diff.o fast build/body-diff.o dual >/dev/null 2>&1; then
	bad body-diff-missing-body
else
	ok body-diff-missing-body
fi

# 6. Patches apply to pristine trees and are what they claim.
if sh tests/check-patches.sh; then ok patches; else bad patches; fi

# 7. One source: the shipped patches are exactly what gen-patches makes
#    from <series>/src/, and a patch edited by hand is caught.
if ./gen-patches --check; then ok patches-generated; else bad patches-generated; fi
tmp=$(mktemp -d)
cp -r gen-patches 6.1 "$tmp"/
sed -i 's/^+#define ENTRY_FAST_NR_LIMIT\t1024$/+#define ENTRY_FAST_NR_LIMIT\t2048/' "$tmp/6.1/dual.patch"
out=$("$tmp/gen-patches" --check 6.1 2>&1); rc=$?
if [ $rc -eq 1 ] && echo "$out" | grep -q '6.1/dual.patch is not what'; then
	ok patches-generated-detects-edit
else
	echo "$out" | head; bad "patches-generated-detects-edit (rc=$rc)"
fi
rm -rf "$tmp"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
