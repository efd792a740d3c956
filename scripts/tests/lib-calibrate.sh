# Shared set-up of the calibrate tests (sourced, not run): $top, $cal, a
# temporary $tmp removed on exit, and the ok/bad/check counters.  Needs
# $name (the test's name, for the message when a tool is not built).
top=$(cd "$(dirname "$0")/../.." && pwd)
cal=$top/scripts/calibrate
for t in "$top/bench/bench-syscall:make -C bench" "$top/stats/bench-stat:make -C stats"; do
	if [ ! -x "${t%%:*}" ]; then
		echo "$name: FAIL: ${t%%:*} is missing (build it: ${t#*:})"
		exit 1
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
check() { # check DESCRIPTION COMMAND...
	d=$1; shift
	if "$@" >/dev/null 2>&1; then ok "$d"; else bad "$d"; fi
}
