#!/bin/sh
# nightly's measuring plan (issue 12.2): time-sized blocks in rounds by
# default (BLOCK_MS, ROUNDS), DURATION instead of ROUNDS, the older
# count-sized plan with BLOCK_MS=0, bad values refused; and bench-stat's
# outcome per cell (different|same|unresolved, with its half-width) in
# summary.txt and summary.json (issue 12.5).
. "$(dirname "$0")/../nightly.d/tests-lib.sh"

nightly=$top/scripts/nightly
conf=$T/c.conf

# A bench-syscall stand-in that logs its arguments, then writes results.
cat >"$T/log-bench" <<EOB
#!/bin/sh
echo "\$*" >>"$T/bench.args"
exec "$T/fake-bench" "\$@"
EOB
chmod +x "$T/log-bench"

# args CONF-LINES...: the bench-syscall arguments of one night
args() {
	rm -f "$T/bench.args" "$T/history.db"
	write_conf "$conf" "BENCH=$T/log-bench" "$@"
	night "$conf" 1
	cat "$T/bench.args" 2>/dev/null
}

a=$(args)
case "$a" in
*"--block-ms 10 --rounds 200 --label nightly"*) ok "default plan: --block-ms 10 --rounds 200" ;;
*) fail "default plan: bench-syscall got: $a" ;; esac
a=$(args BLOCK_MS=5 ROUNDS=400)
case "$a" in *"--block-ms 5 --rounds 400 "*) ok "BLOCK_MS=5 ROUNDS=400" ;; *) fail "BLOCK_MS/ROUNDS: got $a" ;; esac
a=$(args BLOCK_MS=50 DURATION=30)
case "$a" in
*"--block-ms 50 --duration 30 "*) ok "DURATION replaces ROUNDS" ;; *) fail "DURATION: got $a" ;; esac
case "$a" in *--rounds*) fail "DURATION and --rounds both given: $a" ;; esac
a=$(args BLOCK_MS=0 BLOCKS=8)
case "$a" in
*"--duration 6 --blocks 8 "*) ok "BLOCK_MS=0: the count-sized plan" ;; *) fail "BLOCK_MS=0: got $a" ;; esac
case "$a" in *--block-ms*) fail "BLOCK_MS=0 still passed --block-ms: $a" ;; esac

# the default operations are bench-syscall's (its op table, what
# --list-defaults prints), not a list typed into nightly (issue 15.5)
a=$(args)
case "$a" in
*--syscalls*) fail "default SYSCALLS: nightly typed a list: $a" ;;
*"--cpus 0 "*) ok "default SYSCALLS: bench-syscall's own defaults (no --syscalls)" ;;
*) fail "default SYSCALLS: bench-syscall got: $a" ;; esac
a=$(args SYSCALLS=getpid)
case "$a" in
*"--syscalls getpid "*) ok "SYSCALLS=getpid overrides the defaults" ;;
*) fail "SYSCALLS=getpid: bench-syscall got: $a" ;; esac
write_conf "$conf" "BENCH=$T/log-bench"
FAKE_DEFAULTS=gettid,null "$nightly" --config "$conf" --check-config >"$T/out" 2>"$T/err"
grep -qx "SYSCALLS=gettid,null" "$T/out" && ok "--check-config shows bench-syscall --list-defaults" ||
	fail "--check-config: $(cat "$T/out" "$T/err")"

# expect_err WHAT PATTERN CONF-LINES...: exit 2 and PATTERN in stderr
expect_err() {
	what=$1 pat=$2
	shift 2
	write_conf "$conf" "$@"
	"$nightly" --config "$conf" >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc = 2 ] && grep -q -- "$pat" "$T/err"; then ok "$what: exit 2, '$pat'"
	else fail "$what: exit $rc, stderr: $(head -n 3 "$T/err")"; fi
}
expect_err "BLOCK_MS not a number" "BLOCK_MS=fast: want a number" BLOCK_MS=fast
expect_err "ROUNDS not whole" "ROUNDS=1.5: want a whole number" ROUNDS=1.5
expect_err "ROUNDS=0" "ROUNDS must be >= 1" ROUNDS=0
expect_err "DURATION not a number" "DURATION=long: want a number of seconds" DURATION=long

# Outcome per cell: a bench-stat wrapper gives every comparison a known
# outcome and half-width; summary.txt and summary.json must carry them.
cat >"$T/stat-outcome" <<EOB
#!/bin/sh
case " \$* " in *" --json "*) ;; *) exec "$T/bin/bench-stat" "\$@" ;; esac
"$T/bin/bench-stat" "\$@" >"$T/real.json"; rc=\$?
jq '.cells |= map(.comparisons |= map(. + {outcome: "unresolved", half_width_pct: 0.75}))' "$T/real.json"
exit \$rc
EOB
chmod +x "$T/stat-outcome"
rm -f "$T/history.db"
write_conf "$conf" "BENCH_STAT=$T/stat-outcome" BASELINE_MIN=1
night "$conf" 1 && night "$conf" 2
rc=$?
[ $rc = 0 ] && ok "two nights, the second judged (exit 0)" || fail "nights: exit $rc: $(cat "$T/night.err")"
sj=$T/results/labhost/nightly/summary.json
n=$(jq '[.runs[0].cells[] | select(.outcome == "unresolved" and .half_width_pct == 0.75)] | length' "$sj")
all=$(jq '.runs[0].cells | length' "$sj")
[ "$all" -gt 0 ] && [ "$n" = "$all" ] && ok "summary.json: outcome and half_width_pct in all $all cells" ||
	fail "summary.json: $n of $all cells carry bench-stat's outcome"
grep -q '^  cpu .* judgement  *outcome  *+/-%$' "$T/results/labhost/nightly/summary.txt" &&
	ok "summary.txt: outcome and +/-% columns" || fail "summary.txt: no outcome column"
grep -q ' unresolved  *0.75%$' "$T/results/labhost/nightly/summary.txt" &&
	ok "summary.txt: a cell's outcome and half-width" || fail "summary.txt: outcome not shown"
# and with this tree's bench-stat: its own outcome, or none (null) if it has none
rm -rf "$T/history.db" "$T/results"
write_conf "$conf" BASELINE_MIN=1
night "$conf" 1 && night "$conf" 2 || fail "real bench-stat nights: $(cat "$T/night.err")"
bad=$(jq '[.runs[0].cells[].outcome | select(. != null and . != "different" and . != "same" and . != "unresolved")] | length' "$T/results/labhost/nightly/summary.json")
[ "$bad" = 0 ] && ok "summary.json: outcomes are different|same|unresolved (or null)" || fail "$bad cells with an unknown outcome"

finish
