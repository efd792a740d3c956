# Shared by the bench tests (sourced).  Each check prints one line:
# "PASS name", "FAIL name: why" or "SKIP name: why"; run-tests.sh counts them.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
B=${BENCH:-$top/bench-syscall}
T=$(mktemp -d /tmp/bench-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; }
skip() { echo "SKIP $1${2:+: $2}"; }
# check NAME CMD...: PASS when CMD succeeds
check() { _c=$1; shift; if "$@"; then pass "$_c"; else fail "$_c"; fi; }

# run_bench OUT ARGS...: stdout in OUT.out, stderr in OUT.err, rc in $rc
run_bench() {
	o=$1; shift
	"$B" "$@" >"$o.out" 2>"$o.err"; rc=$?
}

# is a results file whole: version line, columns, every sample line has
# as many fields as columns, end line with the right count
valid_file() {
	awk -v want="${2:-complete}" '
	NR == 1 { if ($0 != "#bench-syscall-results 1") exit 1; next }
	/^#% columns: / { nc = NF - 2; next }
	/^#% end: / { end = $0; next }
	/^#/ { next }
	{ if (!nc || end != "" || NF != nc) exit 1; n++
	  for (i = 9; i <= NF; i++) if ($i !~ /^[0-9]+(\.[0-9]+)?$/) exit 1 }
	END { split(end, e, "samples="); if (e[2] != n || n == 0) exit 1
	      if (want == "complete" && end !~ /^#% end: complete /) exit 1
	      if (want != "complete" && end !~ "incomplete reason=" want) exit 1 }
	' "$1"
}

key() { sed -n "s/^#% $2: //p" "$1" | head -1; }

# wait_tmp PATH MIN [switches]: wait (at most 20 s) until the temporary
# file of a run writing PATH (PATH.XXXXXX.tmp) holds MIN sample lines (or
# MIN "#% switch:" lines); 1 if it never does
wait_tmp() {
	_i=0
	while [ $_i -lt 200 ]; do
		if [ "${3:-}" = switches ]; then
			_c=$(cat "$1".*.tmp 2>/dev/null | grep -c '^#% switch:')
		else
			_c=$(cat "$1".*.tmp 2>/dev/null | grep -vc '^#')
		fi
		[ "${_c:-0}" -ge "$2" ] && return 0
		sleep 0.1; _i=$((_i + 1))
	done
	return 1
}

# bad_usage NAME PATTERN ARGS...: bench-syscall ARGS exits 2, says PATTERN
# on stderr and writes no file
bad_usage() {
	name=$1; pat=$2; shift 2
	run_bench bu -q -o never.txt "$@"
	if [ $rc = 2 ] && grep -q -- "$pat" bu.err && [ ! -e never.txt ]; then
		pass "usage error: $name"
	else
		fail "usage error: $name" "rc=$rc: $(head -c 200 bu.err)"
	fi
}

# column index (1-based) of a named column
col() { awk -v c="$2" '/^#% columns: /{for(i=3;i<=NF;i++) if($i==c){print i-2; exit}}' "$1"; }

# median of column C over undisturbed samples of syscall S (awk, sorted)
median() {
	c=$(col "$1" "$3")
	awk -v s="$2" -v c="$c" '!/^#/ && $2 == s && $7 == 0 && $8 == 0 {print $c}' "$1" |
	sort -g | awk '{v[NR] = $1} END { if (NR == 0) print "nan";
		else if (NR % 2) print v[(NR + 1) / 2];
		else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# is there a hardware PMU?  asked of perf(1), not of bench-syscall
have_pmu() {
	if command -v perf >/dev/null 2>&1; then
		perf stat -x, -e cycles true 2>&1 | grep -q '^[0-9][0-9]*,'
	else
		[ -d /sys/bus/event_source/devices/cpu ] ||
			[ -d /sys/bus/event_source/devices/cpu_core ]
	fi
}

# bench-stat, the reader of the results format: the bench tests check that
# it reads what bench-syscall writes (built when missing)
S=${BENCH_STAT:-$top/../stats/bench-stat}
need_stat() {
	[ -x "$S" ] || make -s -C "$top/../stats" bench-stat >/dev/null 2>&1
	[ -x "$S" ]
}

# median of column C over undisturbed samples of syscall S and variant V
median_v() {
	c=$(col "$1" "$4")
	awk -v s="$2" -v v="$3" -v c="$c" '!/^#/ && $2 == s && $5 == v && $7 == 0 && $8 == 0 {print $c}' "$1" |
	sort -g | awk '{v[NR] = $1} END { if (NR == 0) print "nan";
		else if (NR % 2) print v[(NR + 1) / 2];
		else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
