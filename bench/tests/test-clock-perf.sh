#!/bin/sh
# The perf clock end to end through bench-syscall on software events (no
# PMU on the development machines, issue 17.4): the group of EVENT:u/EVENT:k
# counters, its header keys, and per sample the total = u + k and
# task-clock (ns of CPU time) within the wall ns.  The arithmetic beneath
# (time_enabled/time_running scaling, rdpmc page) is in test-clocks.c.
. "$(dirname "$0")/lib.sh"

run_bench p -q -n 50 -w 5 --clock perf -e task-clock,context-switches \
	-s getppid -o p.txt
if [ $rc != 0 ] && grep -q "perf_event_paranoid\|perf_event_open" p.err; then
	skip "perf clock on software events" "$(head -c 200 p.err)"
	exit 0
fi
whole() { [ $rc = 0 ] && valid_file p.txt; }
check "perf software events: runs, whole file" whole
check "perf software events: clock, unit" \
	test "$(key p.txt clock) $(key p.txt unit)" = "perf count"
check "perf software events: metrics" test "$(key p.txt metrics)" = \
	"task-clock task-clock:u task-clock:k context-switches:u context-switches:k ns"
check "perf software events: units" test "$(key p.txt units)" = \
	"count count count count count ns"
# columns 9..14: task-clock total, :u, :k, context-switches:u, :k, ns (a
# total for the first event only; per call, 4 decimals)
bad=$(awk '!/^#/ && NF == 14 { n++
	if ($9 - ($10 + $11) > 2e-4 || ($10 + $11) - $9 > 2e-4) { print "total " NR; exit }
	if ($10 > $14 + 1e-4 || $11 > $14 + 1e-4) { print "task-clock > wall " NR; exit }
	if ($12 != 0) { print "context-switches:u " NR; exit } }
	END { if (n != 50) print "samples " n }' p.txt)
check "perf software events: total = u + k, task-clock <= wall, no user switches${bad:+ ($bad)}" \
	test -z "$bad"
