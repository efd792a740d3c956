#!/bin/sh
# bench-history on generated histories in a temporary SQLite database:
# changepoints (where a cell's level changed, by how much, the likely
# cause) and the reader's and recorder's defences against bad input
# (issue 14).  Run by `make test` in scripts/nightly.d.  Asserts no time.
. "$(dirname "$0")/tests-lib.sh"

# history DB FROM TO [gen-results options...]: one run a night, judged good.
# NIGHT_OPTS_<day> (set by the caller) adds options for that night.
history() {
	db=$1 from=$2 to=$3
	shift 3
	d=$from
	while [ "$d" -le "$to" ]; do
		eval "extra=\${NIGHT_OPTS_$d:-}"
		# shellcheck disable=SC2086
		"$GEN" -o "$T/run-$d.txt" --seed "$d" --blocks 4 --samples 100 \
			--date "$(printf '2026-01-%02dT03:00:00Z' "$d")" "$@" $extra ||
			{ fail "gen-results night $d"; return 1; }
		id=$("$BH" --db "$db" record "$T/run-$d.txt") &&
			"$BH" --db "$db" status "$id" good ||
			{ fail "record night $d"; return 1; }
		d=$((d + 1))
	done
}

# js FILE PYTHON-EXPR DESCRIPTION: a check on the JSON in FILE (j)
js() {
	if python3 -c "import json,sys; j=json.load(open('$1')); sys.exit(0 if ($2) else 1)"; then
		ok "$3"
	else
		fail "$3 ($2)"
	fi
}

# --- a +3% step with a microcode update on night 19 ----------------------
db1="sqlite:$T/step.db"
"$BH" --db "$db1" migrate 2>/dev/null
for d in $(seq 19 30); do eval "NIGHT_OPTS_$d='--shift 3 --microcode 0xf1'"; done
history "$db1" 1 30
expect_rc 0 "changepoints on a 30-night history" "$BH" --db "$db1" changepoints
grep -q "^4 cell series, 4 change points" "$T/out" && ok "one change point in each of the 4 cells" ||
	fail "summary: $(tail -1 "$T/out")"
[ "$(grep -c 'between run 18 (2026-01-18T03:00:00Z, 6.1.0-test) and run 19 (2026-01-19T03:00:00Z' "$T/out")" = 4 ] &&
	ok "placed between runs 18 and 19 (the night the step came)" || fail "placement: $(cat "$T/out")"
[ "$(grep -c 'likely cause: microcode changed: 0xf0 -> 0xf1' "$T/out")" = 4 ] &&
	ok "the microcode update is named as the likely cause" || fail "cause: $(cat "$T/out")"
expect_rc 0 "changepoints --json" "$BH" --db "$db1" changepoints --json
cp "$T/out" "$T/step.json"
jq -e . "$T/step.json" >/dev/null && ok "valid JSON (jq)" || fail "jq refuses the JSON"
js "$T/step.json" "j['version'] == 1 and j['method'] == 'e-divisive' and j['level'] == 0.01 and j['permutations'] == 499 and len(j['series']) == 4" "JSON header"
js "$T/step.json" "all(s['runs'] == 30 and len(s['points']) == 30 and len(s['changepoints']) == 1 for s in j['series'])" "JSON: 30 points, 1 change point a series"
js "$T/step.json" "all(c['index'] == 18 and c['before']['run'] == 18 and c['after']['run'] == 19 and c['runs_before'] == 18 and c['runs_after'] == 12 for s in j['series'] for c in s['changepoints'])" "JSON: the runs on each side"
# the step is 3% of the level; the night-to-night sd is 0.5%: the estimate
# lands within 1.5% of it and its interval excludes 0
js "$T/step.json" "all(1.5 < c['shift_pct'] < 4.5 and 0 < c['shift_ci'][0] < c['shift'] < c['shift_ci'][1] and c['shift_pct_ci'][0] > 0 for s in j['series'] for c in s['changepoints'])" "JSON: the step's size and its interval"
js "$T/step.json" "all(c['likely_cause'] == 'microcode' and c['env_changes'] == [{'key': 'microcode', 'before': '0xf0', 'after': '0xf1'}] and not c['kernel_changed'] and c['p'] <= 0.05 for s in j['series'] for c in s['changepoints'])" "JSON: the cause and the p"
js "$T/step.json" "all(k in c for s in j['series'] for c in s['changepoints'] for k in ['index','order','before','after','level_before','level_after','runs_before','runs_after','shift','shift_ci','shift_pct','shift_pct_ci','confidence','p','stat','kernel_changed','env_changes','likely_cause','nearby_env_change'])" "JSON: every documented key"

# filters and --last
expect_rc 0 "changepoints --cpu 1 --syscall getppid --json" "$BH" --db "$db1" changepoints --json --cpu 1 --syscall getppid
js "$T/out" "len(j['series']) == 1 and j['series'][0]['cpu'] == 1 and j['series'][0]['syscall'] == 'getppid'" "filters pick one cell"
expect_rc 0 "changepoints --last 10" "$BH" --db "$db1" changepoints --json --last 10 --cpu 0 --syscall getpid
js "$T/out" "j['series'][0]['runs'] == 10 and j['series'][0]['points'][0][0] == 21 and j['series'][0]['changepoints'] == []" "--last 10: only nights 21-30, no step in them"
# runs not judged (new) or failed are not part of the series
"$GEN" -o "$T/new.txt" --seed 99 --date 2026-01-31T03:00:00Z --shift 20 --blocks 4 --samples 100 &&
	"$BH" --db "$db1" record "$T/new.txt" >/dev/null
expect_rc 0 "changepoints with an unjudged run" "$BH" --db "$db1" changepoints --json --cpu 0 --syscall getpid
js "$T/out" "j['series'][0]['runs'] == 30" "an unjudged run is left out"
for bad in "--level 0" "--level 0.9" "--permutations 5" "--min-size 1" "--last 1" \
	"--confidence 40" "--cpu x" "--seed -1" "--bogus" "extra"; do
	# shellcheck disable=SC2086
	expect_rc 2 "changepoints $bad is refused" "$BH" --db "$db1" changepoints $bad
done

# --- no change: no change point; a kernel change with no step: none ---------
# (the false-alarm rate is the level, 1% a series by default; at ecp's 5%
# these 30 nights give a false change point in 3 of the 4 cells, at p =
# 0.015..0.04: the cells share each night's offset, so they err together)
db2="sqlite:$T/flat.db"
"$BH" --db "$db2" migrate 2>/dev/null
unset_nights() { for d in $(seq 1 40); do eval "unset NIGHT_OPTS_$d"; done; }
unset_nights
for d in $(seq 16 30); do eval "NIGHT_OPTS_$d='--kernel 6.1.0-new'"; done
history "$db2" 1 30
expect_rc 0 "changepoints on a flat history" "$BH" --db "$db2" changepoints --json
js "$T/out" "len(j['series']) == 4 and all(s['changepoints'] == [] and s['next_p'] > 0.01 for s in j['series'])" "no change point where the level did not change (a new kernel alone is not one)"

# --- a step on a kernel change, with a cmdline change a night later ---------
db3="sqlite:$T/kernel.db"
"$BH" --db "$db3" migrate 2>/dev/null
unset_nights
for d in $(seq 13 24); do eval "NIGHT_OPTS_$d='--kernel 6.1.0-slow --shift -4'"; done
for d in $(seq 14 24); do eval "NIGHT_OPTS_$d='--kernel 6.1.0-slow --shift -4 --cmdline \"quiet nosmt\"'"; done
history "$db3" 1 24
expect_rc 0 "changepoints: a step on a new kernel" "$BH" --db "$db3" changepoints
grep -q "kernel: 6.1.0-test (-) -> 6.1.0-slow (-)" "$T/out" && ok "the kernel change is shown" ||
	fail "kernel line: $(cat "$T/out")"
grep -q "nearby (+1 run): cmdline changed between run 13 and run 14" "$T/out" &&
	ok "a cmdline change one night later is shown as nearby, not as the cause" ||
	fail "nearby: $(cat "$T/out")"
grep -q "likely cause" "$T/out" && fail "a cause named where none coincides" || ok "no likely cause claimed"
expect_rc 0 "changepoints --json: kernel" "$BH" --db "$db3" changepoints --json
js "$T/out" "all(len(s['changepoints']) == 1 and s['changepoints'][0]['kernel_changed'] and s['changepoints'][0]['after']['kernel_release'] == '6.1.0-slow' and s['changepoints'][0]['likely_cause'] is None and s['changepoints'][0]['nearby_env_change']['offset'] == 1 and s['changepoints'][0]['nearby_env_change']['keys'] == 'cmdline' and s['changepoints'][0]['shift'] < 0 for s in j['series'])" "JSON: kernel changed, a nearby cmdline change, a step down"

finish
