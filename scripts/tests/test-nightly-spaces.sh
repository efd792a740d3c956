#!/bin/sh
# Spaces in RESULTS_DIR and HOST must not change which baseline is judged
# against (issue 14): the baseline is the same host's raw files (not the
# history-median fallback that a split path used to trigger), a slowdown
# is still a regression, another host's nights stay out, and --results
# takes a path with spaces.  (night() sets $conf: this test uses $spconf.)
. "$(dirname "$0")/../nightly.d/tests-lib.sh"

spconf=$T/sp.conf
write_conf "$spconf" "RESULTS_DIR=$T/my results" "HOST=lab host 1"
# a second host in the same history: its nights must never be the baseline
write_conf "$T/other.conf" "RESULTS_DIR=$T/my results" "HOST=lab host"
for day in 1 2 3 4; do
	night "$spconf" $day --run-sd 0.3 --block-sd 0.3 ||
		fail "night $day: exit $?: $(tail -n 3 "$T/night.err")"
	night "$T/other.conf" $((day + 10)) --shift 20 ||
		fail "other host night $day: $(tail -n 3 "$T/night.err")"
done
out="$T/my results/lab host 1/nightly"
[ -f "$out/summary.json" ] && ok "summary under '$out'" || fail "no summary in '$out'"
night "$spconf" 5 --run-sd 0.3 --block-sd 0.3
rc=$?
[ $rc = 0 ] && ok "unchanged night with spaces everywhere: exit 0" ||
	fail "night 5: exit $rc: $(cat "$T/night.out" "$T/night.err" | tail -n 8)"
j=$out/summary.json
mode=$(jq -r '.runs[0].note' "$j")
case "$mode" in
*"baseline: raw files"*) ok "judged against the raw files (not the pruned fallback)" ;;
*) fail "baseline mode: $mode" ;;
esac
# the baseline is this host's last good runs: ids 1 3 5 7 (runs alternate hosts)
base=$(jq -c '.runs[0].baseline_runs' "$j")
[ "$base" = "[7,5,3,1]" ] && ok "baseline runs $base are this host's" ||
	fail "baseline runs $base, want [7,5,3,1]"
night "$spconf" 6 --run-sd 0.3 --block-sd 0.3 --shift 6
rc=$?
[ $rc = 1 ] && [ "$(jq -r .verdict "$j")" = REGRESSION ] &&
	ok "6% slower with spaces: REGRESSION (exit 1)" ||
	fail "night 6: exit $rc: $(tail -n 8 "$T/night.out")"

# --results with a space in the path
mkdir -p "$T/in put"
"$GEN" -o "$T/in put/r 1.txt" --seed 7 --host "lab host 1" --date 2026-01-07T03:00:00Z \
	--run-sd 0.3 --block-sd 0.3 >/dev/null
"$top/scripts/nightly" --config "$spconf" --results "$T/in put/r 1.txt" >"$T/r.out" 2>"$T/r.err"
rc=$?
[ $rc = 0 ] || [ $rc = 1 ] && grep -q "results: $T/in put/r 1.txt" "$T/r.out" &&
	ok "--results with a space (exit $rc)" ||
	fail "--results '$T/in put/r 1.txt': exit $rc: $(cat "$T/r.err")"
finish
