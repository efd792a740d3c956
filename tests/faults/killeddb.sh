# A killed database writer: bench-history record SIGKILLed in the middle of
# its run's transaction (after a random number of cells, seeded) on SQLite;
# on PostgreSQL (a throw-away server, as in scripts/tests/test-nightly-pg.sh)
# the record's backend killed under it.  The history stays consistent and
# holds no half run; the next record works.

kd=$T/killeddb
mkdir -p "$kd"
"$GEN" -o "$kd/g1.txt" --host hostb --seed 51 --date 2026-01-01T03:00:00Z --cpus 8 &&
	"$GEN" -o "$kd/g2.txt" --host hostb --seed 52 --date 2026-01-02T03:00:00Z --cpus 8 &&
	"$GEN" -o "$kd/g3.txt" --host hostb --seed 53 --date 2026-01-03T03:00:00Z --cpus 8 || exit 1

# killed_record DBURL COUNT_RUNS COUNT_CELLS KILL: record g2 paused after a
# random number of cells, run KILL (a command; $pid is the record), then
# check; sets the case's invariants
killed_record() {
	url=$1 kill_cmd=$4
	rand 15
	k=$((r + 1))
	tried="$tried (after $k cells)"
	rm -f "$C/paused"
	BENCH_HISTORY_TEST_PAUSE="$k:$C/paused" "$BH" --db "$url" record "$kd/g2.txt" >"$C/out" 2>"$C/err" &
	pid=$!
	track $pid
	wait_for 300 test -s "$C/paused"
	inv "record paused mid-transaction" test "$(cat "$C/paused" 2>/dev/null)" = "$pid"
	eval "$kill_cmd"
	wait $pid
	rc=$?
	inv "the killed record did not claim success (exit $rc)" test $rc != 0
	inv "the history is consistent" "$BH" --db "$url" check
	inv "no half run: 1 run, 16 cells" test "$(eval "$2") $(eval "$3")" = "1 16"
	"$BH" --db "$url" record "$kd/g3.txt" >/dev/null 2>"$C/err3"
	inv "the next record works" test "$(eval "$2") $(eval "$3")" = "2 32"
}

begin killed-db "SIGKILL to bench-history record in its SQLite transaction"
"$BH" --db "sqlite:$C/h.db" migrate 2>/dev/null && "$BH" --db "sqlite:$C/h.db" record "$kd/g1.txt" >/dev/null || exit 1
db=$C/h.db
killed_record "sqlite:$C/h.db" "sqlite3 $db 'SELECT count(*) FROM runs'" "sqlite3 $db 'SELECT count(*) FROM cells'" \
	'kill -KILL $pid'

begin killed-db "PostgreSQL: the backend of bench-history record killed in its transaction"
pgbin=/usr/lib/postgresql/15/bin
if [ ! -x "$pgbin/initdb" ] || [ "$(id -u)" != 0 ]; then
	skip "no PostgreSQL 15 server binaries (make deps), or not root"
else
	chmod 755 "$T" "$C"
	mkdir -p "$C/pg" && chown nobody "$C/pg"
	if ! runuser -u nobody -- "$pgbin/initdb" -D "$C/pg/data" -A trust -U nobody >"$C/pg-init.log" 2>&1 ||
		! runuser -u nobody -- "$pgbin/pg_ctl" -D "$C/pg/data" -l "$C/pg/log" -w -t 60 \
			-o "-k $C/pg -c listen_addresses= -c fsync=off" start >/dev/null 2>&1; then
		skip "PostgreSQL did not start: $(tail -n 1 "$C/pg-init.log" "$C/pg/log" 2>/dev/null | tail -n 1)"
	else
		echo "$C/pg/data" >>"$T/pgdata"
		url="pg:host=$C/pg dbname=postgres user=nobody"
		psql_c() { "$pgbin/psql" -h "$C/pg" -U nobody -d postgres -Atc "$1"; }
		"$BH" --db "$url" migrate 2>/dev/null && "$BH" --db "$url" record "$kd/g1.txt" >/dev/null ||
			skip "bench-history cannot use the server"
		if [ -z "$skipped" ]; then
			# the backend serving the paused record: the one in a transaction
			# the backend serving the paused record (idle in its
			# transaction) SIGKILLed: the server restarts, rolls the
			# transaction back; then the record (asleep in the test
			# hook, it would notice only in 60 s) is killed too
			killed_record "$url" "psql_c 'SELECT count(*) FROM runs'" "psql_c 'SELECT count(*) FROM cells'" \
				'bp=$(psql_c "SELECT pid FROM pg_stat_activity WHERE state LIKE '"'"'idle in transaction%'"'"' LIMIT 1"); inv "found the backend ($bp)" test -n "$bp"; kill -KILL "$bp"; wait_for 100 psql_c "SELECT 1" >/dev/null; kill -KILL $pid'
			inv "the server recovered" psql_c 'SELECT 1'
			# the server gone: a record says so at once, records nothing
			runuser -u nobody -- "$pgbin/pg_ctl" -D "$C/pg/data" -m immediate stop >/dev/null 2>&1
			"$GEN" -o "$C/g4.txt" --host hostb --seed 54 --date 2026-01-04T03:00:00Z --cpus 8
			runrc "$BH" --db "$url" record "$C/g4.txt"
			inv "the server down: record exits non-zero" rc_fails
			inv "and says it cannot connect" says "postgresql"
			runuser -u nobody -- "$pgbin/pg_ctl" -D "$C/pg/data" -l "$C/pg/log" -w -t 60 \
				-o "-k $C/pg -c listen_addresses= -c fsync=off" start >/dev/null 2>&1
			inv "after a restart the history is consistent, 2 runs" \
				sh -c "'$BH' --db '$url' check >/dev/null && [ \"\$('$pgbin/psql' -h '$C/pg' -U nobody -d postgres -Atc 'SELECT count(*) FROM runs')\" = 2 ]"
		fi
	fi
fi
