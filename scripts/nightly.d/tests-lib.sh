# Shared by scripts/tests/test-nightly*.sh (sourced, POSIX sh).
# Sets: top, nd (scripts/nightly.d), BH (bench-history), GEN (gen-results),
# T (a temp dir removed on exit); functions: ok, fail, expect_rc, night,
# write_conf, pg_start.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
nd=$top/scripts/nightly.d
BH=$nd/bench-history
GEN=$nd/gen-results
failures=0
name=$(basename "$0" .sh)

ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$name: $failures failure(s)" >&2
		exit 1
	fi
	echo "$name: all passed"
	exit 0
}

# expect_rc WANT DESCRIPTION COMMAND...: run, compare the exit status
expect_rc() {
	want=$1 what=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" = "$want" ]; then ok "$what (exit $got)"
	else fail "$what: exit $got, want $want; stderr: $(tail -n 5 "$T/err")"; fi
}

[ -x "$BH" ] && [ -x "$GEN" ] || make -s -C "$nd" all >/dev/null ||
	{ echo "$name: cannot build scripts/nightly.d" >&2; exit 1; }
if [ ! -x "$top/stats/bench-stat" ]; then
	make -s -C "$top/stats" all >/dev/null 2>&1 ||
		{ echo "$name: stats/bench-stat is not built" >&2; exit 1; }
fi
for p in jq gnuplot flock; do
	command -v $p >/dev/null || { echo "$name: needs $p (make deps)" >&2; exit 1; }
done

T=$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")
cleanup_extra=:
trap '$cleanup_extra; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM

# A private copy of bench-stat: a rebuild of stats/ while the test runs
# (other work in the same tree) must not pull it from under us.
mkdir -p "$T/bin" && cp "$top/stats/bench-stat" "$T/bin/bench-stat" ||
	{ echo "$name: cannot copy stats/bench-stat" >&2; exit 1; }

# A stand-in for bench-syscall: the synthetic generator, honouring -o.
# NIGHT_ARGS (gen-results options) says what tonight looks like.
cat >"$T/fake-bench" <<EOB
#!/bin/sh
# the op table's default operations, as bench-syscall --list-defaults
[ "\$1" != --list-defaults ] || { echo "\${FAKE_DEFAULTS-getpid,getppid}"; exit 0; }
out=
while [ \$# -gt 0 ]; do case "\$1" in -o) out=\$2; shift 2 ;; *) shift ;; esac; done
[ -n "\$out" ] || exit 2
[ -z "\${NIGHT_FAIL:-}" ] || { echo "fake bench: told to fail" >&2; exit 1; }
# shellcheck disable=SC2086
exec "$GEN" -o "\$out" --blocks 6 --samples 150 \$NIGHT_ARGS
EOB
chmod +x "$T/fake-bench"

# write_conf FILE [KEY=VALUE...]: a config for a test history under $T
write_conf() {
	f=$1
	shift
	{
		echo "# test config"
		echo "RESULTS_DIR=$T/results"
		echo "DB=sqlite:$T/history.db"
		echo "LOCK_FILE=$T/nightly.lock"
		echo "BENCH=$T/fake-bench"
		echo "BENCH_STAT=$T/bin/bench-stat"
		echo "HOST=labhost"
		echo "PLOTS=no"
		for kv in "$@"; do echo "$kv"; done
	} >"$f"
}

# night CONF DAY [gen-results options...]: one nightly run on synthetic
# day DAY (2026-01-DAY, seed DAY); prints nothing, returns the exit status.
night() {
	conf=$1 day=$2
	shift 2
	d=$(printf '2026-01-%02dT03:00:00Z' "$day")
	NIGHT_ARGS="--seed $day --date $d --host labhost $*" \
		"$top/scripts/nightly" --config "$conf" >"$T/night.out" 2>"$T/night.err"
}

pg_stop() {
	$run "$pgbin/pg_ctl" -D "$T/pg/data" -m immediate stop >/dev/null 2>&1
}

# pg_start: a throw-away PostgreSQL on a unix socket in $T/pg, run as a
# user that is not root (postgres refuses root).  Sets PGURL.
pg_start() {
	pgbin=/usr/lib/postgresql/15/bin
	[ -x "$pgbin/initdb" ] || { echo "$name: needs postgresql (make deps)" >&2; exit 1; }
	pguser=$(id -un)
	run=""
	if [ "$(id -u)" = 0 ]; then
		pguser=nobody
		run="runuser -u nobody --"
	fi
	mkdir -p "$T/pg" && chmod 755 "$T"
	[ "$(id -u)" != 0 ] || chown nobody "$T/pg"
	$run "$pgbin/initdb" -D "$T/pg/data" -A trust -U "$pguser" >"$T/pg-init.log" 2>&1 ||
		{ cat "$T/pg-init.log" >&2; echo "$name: initdb failed" >&2; exit 1; }
	$run "$pgbin/pg_ctl" -D "$T/pg/data" -l "$T/pg/log" -w -t 60 \
		-o "-k $T/pg -c listen_addresses= -c fsync=off" start >/dev/null ||
		{ cat "$T/pg/log" >&2; echo "$name: postgres did not start" >&2; exit 1; }
	cleanup_extra=pg_stop
	PGURL="pg:host=$T/pg dbname=postgres user=$pguser"
}
