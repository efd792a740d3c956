#!/bin/sh
# The shared history on a real PostgreSQL server (started here, on a unix
# socket in a temp dir, as a non-root user): schema, two hosts in one
# history, kill -9 mid-insert, and nightly end to end with a slowdown.
. "$(dirname "$0")/../nightly.d/tests-lib.sh"

pg_start
export BENCH_HISTORY_DB="$PGURL"
expect_rc 0 "migrate on PostgreSQL" "$BH" migrate
expect_rc 0 "migrate again" "$BH" migrate
[ "$($BH version)" = 4 ] && ok "schema version 4" || fail "version $($BH version)"

for i in 1 2; do
	"$GEN" -o "$T/b$i.txt" --host hostb --seed $((i + 50)) --date "2026-01-0${i}T03:00:00Z" --cpus 8
	id=$("$BH" record "$T/b$i.txt") && "$BH" status "$id" good || fail "record hostb $i"
done
psql() { "$pgbin/psql" -h "$T/pg" -U "$pguser" -d postgres -Atc "$1"; }

# kill -9 in the middle of a run's transaction
"$GEN" -o "$T/k.txt" --host hostb --seed 9 --date 2026-01-03T03:00:00Z --cpus 8
BENCH_HISTORY_TEST_PAUSE="5:$T/paused" "$BH" record "$T/k.txt" >/dev/null &
pid=$!
i=0
while [ ! -e "$T/paused" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(cat "$T/paused" 2>/dev/null)" = "$pid" ] || fail "record did not pause"
kill -9 "$pid"
wait "$pid" 2>/dev/null
expect_rc 0 "PostgreSQL history consistent after kill -9" "$BH" check
runs=$(psql "SELECT count(*) FROM runs")
cells=$(psql "SELECT count(*) FROM cells")
[ "$runs" = 2 ] && [ "$cells" = 32 ] && ok "no half run left (2 runs, 32 cells)" ||
	fail "after kill -9: $runs runs, $cells cells, want 2 and 32"

# nightly end to end against the shared history
write_conf "$T/n.conf" "DB=$PGURL" PLOTS=yes
noisy="--run-sd 1 --block-sd 0.3"
for day in 1 2 3 4 5 6; do
	night "$T/n.conf" $day $noisy || fail "pg night $day: exit $?: $(cat "$T/night.err")"
done
night "$T/n.conf" 7 $noisy --shift 8
rc=$?
[ $rc = 1 ] && ok "PostgreSQL history: 8% slowdown flagged" ||
	fail "pg slowdown: exit $rc: $(cat "$T/night.out" "$T/night.err")"
"$BH" trend labhost >"$T/tl"
"$BH" trend hostb >"$T/tb"
[ "$(cut -f1 "$T/tl" | sort -u)" = labhost ] && [ "$(cut -f1 "$T/tb" | sort -u)" = hostb ] &&
	ok "one history, per-host trends" || fail "trend hosts: $(cut -f1 "$T/tl" "$T/tb" | sort -u)"
bl=$(jq -c '.runs[0].baseline_runs' "$T/results/labhost/nightly/summary.json")
hb=$(psql "SELECT count(*) FROM runs WHERE host = 'hostb' AND id IN ($(echo "$bl" | tr -d '[]'))")
[ "$hb" = 0 ] && [ "$bl" != "[]" ] && ok "baseline $bl holds only labhost runs" ||
	fail "baseline $bl has $hb hostb run(s)"
ls "$T/results/labhost/nightly/plots/"*.svg >/dev/null 2>&1 && ok "plots from PostgreSQL" ||
	fail "no plots"
expect_rc 0 "PostgreSQL history consistent at the end" "$BH" check
finish
