#!/bin/sh
# scripts/calibrate when things go wrong: bench-syscall failing in the
# middle gives exit 1 with the failing command, and every run finished
# before it stays, judged, in trials.tsv; SIGINT and SIGTERM stop it with
# 130 and 143, the finished runs kept and the interrupted one closed.
set -u
name=test-calibrate-fault
. "$(dirname "$0")/lib-calibrate.sh"

# A bench-syscall that fails on its 5th call (pad cost, the reference of
# the one delta, then 2 trials).
cat >"$tmp/flaky" <<EOS
#!/bin/sh
n=\$((\$(cat "$tmp/count" 2>/dev/null || echo 0) + 1))
echo \$n >"$tmp/count"
if [ \$n = 5 ]; then echo "flaky: injected failure" >&2; exit 1; fi
exec "$top/bench/bench-syscall" "\$@"
EOS
chmod +x "$tmp/flaky"
out=$tmp/f1
BENCH_SYSCALL=$tmp/flaky "$cal" -q --trials 5 --delta-trials 5 --deltas 50% \
	--seconds 0.2 --resolve-trials 0 --budgets 0.2 --pad-seconds 0.2 \
	-o "$out" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
[ $rc = 1 ] && ok "bench-syscall failing: exit 1" || bad "bench-syscall failing: exit $rc"
check "says which command failed" grep -q 'bench-syscall failed (exit 1): ' "$tmp/stderr"
check "shows bench-syscall's message" grep -q 'flaky: injected failure' "$tmp/stderr"
check "says where the runs are" grep -q "finished runs are kept in $out/raw" "$tmp/stderr"
n=$(find "$out/raw" -name '*.txt' | wc -l)
[ "$n" = 4 ] && ok "the 4 finished runs are kept" || bad "kept $n runs, want 4"
check "the 2 finished trials are judged in trials.tsv" test "$(($(wc -l <"$out/trials.tsv") - 1))" = 2
check "no summary pretends to be complete" test ! -e "$out/calibrate.json"

# interrupt: SIGINT (as Ctrl-C) and SIGTERM while a run is measuring
for sig in INT TERM; do
	out=$tmp/s$sig
	# a background job of sh ignores SIGINT; start calibrate with it restored
	python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$cal" -q --trials 50 --delta-trials 1 \
		--deltas 50% --seconds 0.3 --resolve-trials 0 --budgets 0.3 \
		--pad-seconds 0.2 --ref-seconds 0.2 -o "$out" >"$tmp/stdout" 2>"$tmp/stderr" &
	pid=$!
	i=0
	while [ ! -e "$out/raw/aa/t002.txt" ] && [ $i -lt 600 ]; do
		sleep 0.1; i=$((i + 1))
	done
	sleep 0.1
	kill -$sig $pid
	wait $pid
	rc=$?
	want=130; [ $sig = TERM ] && want=143
	[ $rc = $want ] && ok "SIG$sig: exit $want" || bad "SIG$sig: exit $rc, want $want"
	check "SIG$sig: says the runs are kept" grep -q 'finished runs are kept' "$tmp/stderr"
	check "SIG$sig: finished runs kept, complete" sh -c "tail -n 1 '$out/raw/aa/t001.txt' | grep -q '^#% end: complete'"
	check "SIG$sig: their verdicts kept" sh -c "awk -F '\t' '\$1 == \"aa\" && \$2 == 1' '$out/trials.tsv' | grep -q ."
	check "SIG$sig: no run left open (.tmp)" sh -c "! find '$out' -name '*.tmp' | grep -q ."
done

[ $fails = 0 ] && echo "test-calibrate-fault: all passed" ||
	echo "test-calibrate-fault: $fails failed"
[ $fails = 0 ]
