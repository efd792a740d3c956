#!/bin/sh
# bench-history on SQLite: a kill -9 in the middle of recording a run leaves
# the history consistent with no half run; migrations upgrade an old schema;
# pinned baselines; prune keeps rows.
. "$(dirname "$0")/../nightly.d/tests-lib.sh"

export BENCH_HISTORY_DB="sqlite:$T/h.db"
expect_rc 0 "migrate a new database" "$BH" migrate
expect_rc 0 "migrate again is a no-op" "$BH" migrate
[ "$($BH version)" = 4 ] && ok "schema version 4" || fail "schema version $($BH version)"

for i in 1 2 3; do
	"$GEN" -o "$T/r$i.txt" --seed $i --date "2026-01-0${i}T03:00:00Z" \
		--kernel 6.1.0-$i --syscalls getpid,getppid,gettid,getuid --cpus 8
	id=$("$BH" record "$T/r$i.txt") && "$BH" status "$id" good ||
		fail "record r$i"
done
cells=$(sqlite3 "$T/h.db" "SELECT count(*) FROM cells")
[ "$cells" = 96 ] && ok "3 runs x 32 cells recorded" || fail "cells: $cells, want 96"

# kill -9 while the 4th run is half inserted (the hook holds it after 10 of
# its 32 cells, inside the transaction, and writes its pid for the kill)
"$GEN" -o "$T/r4.txt" --seed 4 --date 2026-01-04T03:00:00Z --syscalls getpid,getppid,gettid,getuid --cpus 8
BENCH_HISTORY_TEST_PAUSE="10:$T/paused" "$BH" record "$T/r4.txt" >/dev/null &
pid=$!
i=0
while [ ! -s "$T/paused" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$T/paused" ] || fail "record never reached the pause point"
[ "$(cat "$T/paused")" = "$pid" ] || fail "paused pid $(cat "$T/paused"), want $pid"
kill -9 "$pid"
wait "$pid" 2>/dev/null
expect_rc 0 "history consistent after kill -9 mid-insert" "$BH" check
runs=$(sqlite3 "$T/h.db" "SELECT count(*) FROM runs")
cells=$(sqlite3 "$T/h.db" "SELECT count(*) FROM cells")
[ "$runs" = 3 ] && [ "$cells" = 96 ] && ok "no half run left (3 runs, 96 cells)" ||
	fail "after kill: $runs runs, $cells cells"
expect_rc 0 "record works after the kill" "$BH" record "$T/r4.txt"
[ "$(sqlite3 "$T/h.db" "SELECT count(*) FROM cells WHERE run_id = 4")" = 32 ] &&
	ok "the re-recorded run has all 32 cells" || fail "re-recorded run incomplete"

# the same kill through the nightly driver: the run fails (exit 2), the
# history stays consistent, and the next night works
write_conf "$T/n.conf" "DB=sqlite:$T/h.db"
BENCH_HISTORY_TEST_PAUSE="1:$T/paused2" NIGHT_ARGS="--seed 5 --date 2026-01-05T03:00:00Z" \
	"$top/scripts/nightly" --config "$T/n.conf" >"$T/n.out" 2>&1 &
npid=$!
i=0
while [ ! -s "$T/paused2" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
hpid=$(cat "$T/paused2" 2>/dev/null)
[ -n "$hpid" ] && kill -9 "$hpid"
wait "$npid"
rc=$?
[ $rc = 2 ] && ok "nightly whose record was killed: exit 2" || fail "nightly after kill: exit $rc"
expect_rc 0 "history consistent after the driver's record was killed" "$BH" check
NIGHT_ARGS="--seed 6 --date 2026-01-06T03:00:00Z" "$top/scripts/nightly" --config "$T/n.conf" >/dev/null 2>&1
rc=$?
[ $rc -le 1 ] && ok "next night runs (exit $rc)" || fail "next night: exit $rc"

# migrations: make a version-2 history (undo what migration 3 added); the
# program refuses it until it is migrated, then the column is back and the
# rows are all there
sqlite3 "$T/h.db" "ALTER TABLE cells DROP COLUMN judgement;
	ALTER TABLE runs DROP COLUMN kernel_tree;
	DELETE FROM schema_version WHERE version >= 3"
expect_rc 2 "a version-2 history is refused until migrated" "$BH" trend
grep -q "schema version 2, this program wants 4" "$T/err" || fail "message: $(cat "$T/err")"
expect_rc 0 "migrate 2 -> 4" "$BH" migrate
grep -q "applied migration 3" "$T/err" && grep -q "applied migration 4" "$T/err" ||
	fail "migrate said: $(cat "$T/err")"
n=$(sqlite3 "$T/h.db" "SELECT count(*) FROM pragma_table_info('runs') WHERE name = 'kernel_tree'")
[ "$n" = 1 ] && ok "migration 4 added runs.kernel_tree" || fail "kernel_tree column: $n"
n=$(sqlite3 "$T/h.db" "SELECT count(*) FROM pragma_table_info('cells') WHERE name = 'judgement'")
[ "$n" = 1 ] && ok "migration 3 added cells.judgement" || fail "judgement column: $n"
[ "$(sqlite3 "$T/h.db" "SELECT count(*) FROM cells")" = 132 ] && ok "rows kept across the migration (4 x 32 + 4 cells)" ||
	fail "cells after migration: $(sqlite3 "$T/h.db" "SELECT count(*) FROM cells")"

# pinned baseline: only runs of that kernel release
expect_rc 0 "pinned baseline" "$BH" baseline --kernel 6.1.0-2 4
[ "$(grep -c '^run ' "$T/out")" = 1 ] && grep -q '^run 2 ' "$T/out" &&
	ok "pinned baseline = the runs of 6.1.0-2" || fail "pinned: $(cat "$T/out")"

# prune: files go, rows stay, the baseline then says "-" for the file
expect_rc 0 "prune raw files older than 1 day" "$BH" prune 1
[ ! -e "$T/r1.txt" ] && [ ! -e "$T/r2.txt" ] && ok "old raw files removed" || fail "raw files still there"
"$BH" baseline 4 >"$T/bl"
grep -q '^run 2 -$' "$T/bl" && ok "baseline marks pruned files" || fail "baseline: $(cat "$T/bl")"
[ "$(sqlite3 "$T/h.db" "SELECT count(*) FROM cells WHERE run_id <= 3")" = 96 ] &&
	ok "history rows of pruned runs stay" || fail "rows of pruned runs lost"
finish
