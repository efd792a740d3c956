#!/bin/sh
# nightly's failures are loud and exit 2: corrupt or unknown config, corrupt
# or too-new database, a benchmark that fails or dies half-way, a held lock.
. "$(dirname "$0")/../nightly.d/tests-lib.sh"

nightly=$top/scripts/nightly
conf=$T/c.conf

# expect_err WHAT PATTERN COMMAND...: exit 2 and PATTERN in stderr
expect_err() {
	what=$1 pat=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc = 2 ] && grep -q -- "$pat" "$T/err"; then ok "$what: exit 2, '$pat'"
	else fail "$what: exit $rc, stderr: $(head -n 3 "$T/err")"; fi
}

# --- config ---
write_conf "$conf" "TRESHOLD_PCT=2"
ln=$(grep -n '^TRESHOLD_PCT=' "$conf" | cut -d: -f1)
expect_err "misspelt key, with its line" "c.conf:$ln: unknown key 'TRESHOLD_PCT'" "$nightly" --config "$conf"
write_conf "$conf" "THRESHOLD_PCT=two"
expect_err "non-numeric threshold" "THRESHOLD_PCT=two: want a number" "$nightly" --config "$conf"
write_conf "$conf" "just some words"
expect_err "line without =" "not KEY=VALUE" "$nightly" --config "$conf"
write_conf "$conf" 'HOOK="mail -s x'
expect_err "unbalanced quote" "unbalanced quotes in HOOK" "$nightly" --config "$conf"
write_conf "$conf" "CONFIDENCE=97"
expect_err "confidence not offered" "CONFIDENCE=97" "$nightly" --config "$conf"
write_conf "$conf" "BASELINE=pinned"
expect_err "pinned without kernel" "needs BASELINE_KERNEL" "$nightly" --config "$conf"
printf 'RESULTS_DIR=%s\n\001\002\377garbage\n' "$T/r" >"$conf"
expect_err "binary junk" "not KEY=VALUE" "$nightly" --config "$conf"
expect_err "missing config" "cannot read" "$nightly" --config "$T/nope.conf"
expect_err "bad option" "unknown argument" "$nightly" --frobnicate
# a value with $(...) is data, never run
write_conf "$conf" 'LABEL=$(touch '"$T"'/pwned)' "BENCH=/bin/false"
"$nightly" --config "$conf" >/dev/null 2>&1
[ ! -e "$T/pwned" ] && ok "config values are not executed" || fail "config value was executed"

# --- database ---
write_conf "$conf" "DB=sqlite:$T/corrupt.db"
head -c 4096 /dev/urandom >"$T/corrupt.db"
expect_err "corrupt database" "file is not a database" "$nightly" --config "$conf"
write_conf "$conf"
NIGHT_ARGS="--seed 1" "$nightly" --config "$conf" >/dev/null 2>&1 || fail "first run failed"
sqlite3 "$T/history.db" "INSERT INTO schema_version VALUES (99, 'future')"
expect_err "newer schema" "schema version 99 is newer" "$nightly" --config "$conf"
sqlite3 "$T/history.db" "DELETE FROM schema_version WHERE version = 99"
write_conf "$conf" "DB=pg:host=$T/nosuchdir dbname=x"
expect_err "unreachable PostgreSQL" "cannot connect" "$nightly" --config "$conf"

# --- the benchmark ---
write_conf "$conf"
NIGHT_FAIL=1 NIGHT_ARGS="--seed 2" "$nightly" --config "$conf" >"$T/out" 2>"$T/err"
rc=$?
[ $rc = 2 ] && grep -q 'FAILED' "$T/out" && grep -q 'bench-syscall exited 1' "$T/out" &&
	ok "failing benchmark: exit 2, summary says FAILED" ||
	fail "failing benchmark: exit $rc: $(cat "$T/out" "$T/err" | head -n 5)"
# A failure's reason is the last lines of the log (stdout and stderr as a
# journal shows them), not lost above the summary table (issue 14): a
# judged run with its table, plus a kernel image that is missing, plus
# trend plots that fail after the summary is written.
rm -f "$T/history.db"
write_conf "$T/tail.conf" BASELINE_MIN=1
night "$T/tail.conf" 1 && night "$T/tail.conf" 2 ||
	fail "tail: the baseline nights failed: $(cat "$T/night.err")"
printf '#!/bin/sh\necho "gnuplot: cannot draw" >&2\nexit 1\n' >"$T/badplot"
chmod +x "$T/badplot"
write_conf "$T/tail.conf" BASELINE_MIN=1 "KERNELS=$T/no-such-image" PLOTS=yes \
	"GNUPLOT=$T/badplot"
NIGHT_ARGS="--seed 3 --date 2026-01-03T03:00:00Z --host labhost" \
	"$nightly" --config "$T/tail.conf" >"$T/log" 2>&1
rc=$?
grep -q 'judgement' "$T/log" || fail "tail: no summary table in the log: $(cat "$T/log")"
tail -n 2 "$T/log" >"$T/log.tail"
[ $rc = 2 ] && grep -q "kernel $T/no-such-image: no bzImage" "$T/log.tail" &&
	grep -q "trend plots failed" "$T/log.tail" &&
	ok "the failures' reasons are the log's last two lines" ||
	fail "log tail (exit $rc): $(cat "$T/log.tail")"
tail -n 2 "$T/results/labhost/nightly/summary.txt" | grep -q 'no bzImage' &&
	ok "and summary.txt ends with them" ||
	fail "summary.txt ends: $(tail -n 3 "$T/results/labhost/nightly/summary.txt")"
write_conf "$conf"

"$GEN" -o "$T/trunc.txt" --seed 3 --truncate
runs_before=$(sqlite3 "$T/history.db" "SELECT count(*) FROM runs")
expect_err "truncated results file" "truncated" "$nightly" --config "$conf" --results "$T/trunc.txt"
runs_after=$(sqlite3 "$T/history.db" "SELECT count(*) FROM runs")
[ "$runs_before" = "$runs_after" ] && ok "truncated file left no run behind" ||
	fail "runs $runs_before -> $runs_after after a refused file"

# --- the lock ---
# the holder is one process (sleep, exec'd) holding the lock on its fd 9
( exec 9>>"$T/nightly.lock"; flock 9; touch "$T/locked"; exec sleep 30 ) &
holder=$!
while [ ! -e "$T/locked" ]; do sleep 0.1; done
expect_err "overlapping run" "another nightly run holds" "$nightly" --config "$conf"
kill "$holder"
wait "$holder" 2>/dev/null
NIGHT_ARGS="--seed 4" "$nightly" --config "$conf" >"$T/out" 2>&1
rc=$?
[ $rc -le 1 ] && ok "runs again once the lock is free (exit $rc)" ||
	fail "run after the lock: exit $rc: $(head -n 5 "$T/out")"
finish
