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
expect_rc 0 "changepoints --last 0 (every run)" "$BH" --db "$db1" changepoints --json --last 0 --cpu 0 --syscall getpid
js "$T/out" "j['series'][0]['runs'] == 30" "--last 0: all 30 runs"
# runs not judged (new) or failed are not part of the series
"$GEN" -o "$T/new.txt" --seed 99 --date 2026-01-31T03:00:00Z --shift 20 --blocks 4 --samples 100 &&
	"$BH" --db "$db1" record "$T/new.txt" >/dev/null
expect_rc 0 "changepoints with an unjudged run" "$BH" --db "$db1" changepoints --json --cpu 0 --syscall getpid
js "$T/out" "j['series'][0]['runs'] == 30" "an unjudged run is left out"
for bad in "--level 0" "--level 0.9" "--permutations 5" "--min-size 1" "--last 1" "--last 5001" \
	"--confidence 40" "--cpu x" "--seed -1" "--bogus" "extra"; do
	# shellcheck disable=SC2086
	expect_rc 2 "changepoints $bad is refused" "$BH" --db "$db1" changepoints $bad
done

# --- the trend plots' data and their change point marks (issue 16.3) -------
expect_rc 0 "plotdata with the change points" "$BH" --db "$db1" plotdata \
	--changepoints "$T/step.json" "$T/pd" labhost
[ "$(wc -l <"$T/pd/series")" = 4 ] && ok "4 series" || fail "series: $(cat "$T/pd/series")"
dat=$T/pd/cpu0-getpid-syscall.dat
marks=$T/pd/cpu0-getpid-syscall.marks.gp
# the medians drawn are the history's (trend's column 7), run by run
"$BH" --db "$db1" trend labhost | grep -P '^labhost\t0\tgetpid\tsyscall\t' | cut -f 6,7 >"$T/tr"
cut -d ' ' -f 1,2 "$dat" | tr ' ' '\t' >"$T/pdm"
[ "$(wc -l <"$dat")" = 30 ] && cmp -s "$T/tr" "$T/pdm" &&
	ok "30 points, the history's medians" || fail "plot data differs from trend: $(diff "$T/tr" "$T/pdm" | head -3)"
# the step: a vertical line halfway between runs 18 and 19, labelled with
# the step and its CI as changepoints --json gives them
grep -q 'set arrow from "2026-01-18T15:00:00Z", graph 0 to "2026-01-18T15:00:00Z", graph 1 nohead' "$marks" &&
	ok "change point line between night 18 and 19" || fail "marks: $(cat "$marks")"
want=$(jq -r '.series[] | select(.cpu == 0 and .syscall == "getpid") | .changepoints[0] |
	[.shift_pct, .shift_pct_ci[0], .shift_pct_ci[1]] | @tsv' "$T/step.json" |
	{ read -r s lo hi; printf '%+.2f%% [%+.2f, %+.2f] microcode' "$s" "$lo" "$hi"; })
grep -qF "set label \"$want\" at \"2026-01-18T15:00:00Z\"" "$marks" &&
	ok "labelled '$want'" || fail "label: want '$want' in $(grep label "$marks")"
[ "$(grep -c '^set arrow' "$marks")" = 1 ] && ok "one line for one change point" ||
	fail "$(grep -c '^set arrow' "$marks") lines"
# gnuplot takes the marks and the data as they are
gnuplot -e "set terminal dumb; set xdata time; set timefmt '%Y-%m-%dT%H:%M:%SZ'; load '$marks'; plot '$dat' using 1:2:3:4 with yerrorlines" \
	>/dev/null 2>"$T/gp.err" && ok "gnuplot draws them" || fail "gnuplot: $(cat "$T/gp.err")"
expect_rc 2 "plotdata: a broken change point file is an error" "$BH" --db "$db1" plotdata \
	--changepoints "$T/pd/series" "$T/pd2" labhost

# --- a step between two commits of one kernel tree: a bisect (issue 16.4) ---
# tree_history DB TREE2: nights 1-12 commit c1 of /src/linux, nights 13-24
# commit c2 (+3%) of TREE2
tree_history() {
	"$BH" --db "$1" migrate 2>/dev/null
	for d in $(seq 1 24); do
		tree=/src/linux commit=c1 shift=0
		[ "$d" -le 12 ] || { tree=$2 commit=c2 shift=3; }
		"$GEN" -o "$T/tr-$d.txt" --seed "$d" --blocks 4 --samples 100 --shift $shift \
			--date "$(printf '2026-02-%02dT03:00:00Z' "$d")" ||
			{ fail "gen-results night $d"; return 1; }
		id=$("$BH" --db "$1" record --tree "$tree" --commit $commit "$T/tr-$d.txt") &&
			"$BH" --db "$1" status "$id" good || { fail "record night $d"; return 1; }
	done
	"$BH" --db "$1" changepoints --json >"$T/trcp.json" || fail "changepoints on $1"
}
db3="sqlite:$T/tree.db"
tree_history "$db3" /src/linux
expect_rc 0 "bisect-hint on a step between c1 and c2 of /src/linux" "$BH" --db "$db3" \
	bisect-hint "$T/trcp.json"
[ "$(wc -l <"$T/out")" = 1 ] && [ "$(cut -f 1-3,6,7 "$T/out")" = "$(printf '/src/linux\tc1\tc2\t12\t13')" ] &&
	ok "one bisect: --src /src/linux --good c1 --bad c2 (runs 12 -> 13)" ||
	fail "bisect-hint: $(cat "$T/out")"
"$BH" --db "$db3" show 13 | grep -qxP 'kernel_tree\t/src/linux' && ok "the run's kernel_tree is recorded" ||
	fail "show 13: $(grep tree "$T/out")"
db4="sqlite:$T/tree2.db"
tree_history "$db4" /src/other
expect_rc 0 "bisect-hint, the two sides from different trees" "$BH" --db "$db4" \
	bisect-hint "$T/trcp.json"
[ ! -s "$T/out" ] && ok "no bisect across two trees" || fail "bisect-hint across trees: $(cat "$T/out")"
expect_rc 2 "bisect-hint on a file that is not change points" "$BH" --db "$db4" \
	bisect-hint "$T/tr-1.txt"

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

# --- issue 14: bench-history reads and records only what is right ----------
# Each check below failed on the reader before this change.
db4="sqlite:$T/bad.db"
expect_rc 0 "migrate a history for the bad inputs" "$BH" --db "$db4" migrate
hdr='#bench-syscall-results 1
#% clock: tsc
#% unit: cycles
#% date: 2026-02-01T03:00:00Z
#% columns: cpu syscall entry block variant seq ctxsw migr cycles ns'
# refused FILE MESSAGE DESCRIPTION: record exits 2 naming the reason, nothing stored
refused() {
	before=$(sqlite3 "$T/bad.db" "SELECT count(*) FROM runs")
	expect_rc 2 "$3 is refused" "$BH" --db "$db4" record "$1"
	grep -qF -- "$2" "$T/err" && ok "$3: says '$2'" || fail "$3: message: $(cat "$T/err")"
	[ "$(sqlite3 "$T/bad.db" "SELECT count(*) FROM runs")" = "$before" ] ||
		fail "$3: a run was stored"
}
printf '%s\n4294967296 getpid syscall 0 - 0 0 0 80 1\n#%% end: complete samples=1\n' "$hdr" >"$T/cpu.txt"
refused "$T/cpu.txt" "cpu '4294967296' is not a CPU number" "a cpu of 2^32 (it wrapped to 0)"
printf '%s\n0 getpid syscall 0 - 0 -1 0 80 1\n#%% end: complete samples=1\n' "$hdr" >"$T/ctxsw.txt"
refused "$T/ctxsw.txt" "must be non-negative integers" "a negative ctxsw"
printf '%s\n0 getpid syscall 0 - 0 0 0 80 1\n0 getpid syscall 0 - 1 0 0 81 1\n#%% end: complete samples=3\n' "$hdr" >"$T/count.txt"
refused "$T/count.txt" "samples=3 but the file has 2 sample lines" "a sample count that does not match the end line"
{ printf '%s\n0 getpid syscall 0 - 0 0 0 8' "$hdr"; printf '\000'; printf '0 1\n#%% end: complete samples=1\n'; } >"$T/nul.txt"
refused "$T/nul.txt" "NUL byte" "a NUL byte"
printf '%s\n0 getpid syscall 0 - 0 0 0 80 1\n#%% end: complete samples=1\n' \
	"$(echo "$hdr" | sed 's/ cycles ns$/ cycles cycles/')" >"$T/dupcol.txt"
refused "$T/dupcol.txt" "column 'cycles' named twice" "a metric column named twice"
printf '%s\n0 %s syscall 0 - 0 0 0 80 1\n#%% end: complete samples=1\n' "$hdr" \
	"$(printf 'x%.0s' $(seq 1 80))" >"$T/longname.txt"
refused "$T/longname.txt" "name too long" "a syscall name longer than the cell's field (it was cut)"
printf '%s\n0 getpid syscall 0 - 0 0 0 80 1\n#%% end: complete samples=1\n' "$hdr" |
	sed '1s/.*/#bench-syscall-results 1abc/' >"$T/version.txt"
refused "$T/version.txt" "bad version line" "a version line '1abc'"
# a 16 KB metadata line whose tail looks like a sample: one metadata value
pad=$(head -c 16374 /dev/zero | tr '\0' 'a')
printf '%s\n#%% note: %s 0 getpid syscall 0 - 9 0 0 999 1\n0 getpid syscall 0 - 0 0 0 80 1\n0 getpid syscall 0 - 1 0 0 82 1\n#%% end: complete samples=2\n' \
	"$hdr" "$pad" >"$T/longmeta.txt"
expect_rc 0 "a 16 KB metadata line is read whole" "$BH" --db "$db4" record "$T/longmeta.txt"
id=$(cat "$T/out")
[ "$(sqlite3 "$T/bad.db" "SELECT n || ' ' || median FROM cells WHERE run_id = '$id'")" = "2 81.0" ] &&
	ok "its tail did not become a sample (n 2, median 81)" ||
	fail "long line: $(sqlite3 "$T/bad.db" "SELECT n, median FROM cells WHERE run_id = '$id'")"
# a cut last line (the writer died): with --allow-incomplete, not data
printf '%s\n0 getpid syscall 0 - 0 0 0 80 1\n0 getpid syscall 0 - 1 0 0 82 1\n0 getpid syscall 0 - 2 0 0 8' "$hdr" >"$T/cut.txt"
expect_rc 0 "a truncated file with --allow-incomplete" "$BH" --db "$db4" record --allow-incomplete "$T/cut.txt"
id=$(cat "$T/out")
[ "$(sqlite3 "$T/bad.db" "SELECT n FROM cells WHERE run_id = '$id'")" = 2 ] &&
	ok "the cut last line ('8' of '80...') is not a sample" ||
	fail "cut line: n = $(sqlite3 "$T/bad.db" "SELECT n FROM cells WHERE run_id = '$id'")"
# block numbers far apart: two blocks, their medians; the old per-block
# scan ran 2e9 times over the samples (hours).  The timeout only catches a
# hang, 1000 times above what the recording takes; no time is asserted.
{
	echo "$hdr"
	i=0
	while [ $i -lt 500 ]; do echo "0 getpid syscall 0 - $i 0 0 $((80 + i % 3)) 1"; i=$((i + 1)); done
	echo "0 getpid syscall 2000000000 - 500 0 0 90 1"
	echo "#% end: complete samples=501"
} >"$T/farblocks.txt"
expect_rc 0 "blocks 0 and 2000000000" timeout 120 "$BH" --db "$db4" record "$T/farblocks.txt"
id=$(cat "$T/out")
[ "$(sqlite3 "$T/bad.db" "SELECT blocks || ' ' || block_medians FROM cells WHERE run_id = '$id'")" = "2 81,90" ] &&
	ok "two blocks, medians 81 and 90" ||
	fail "far blocks: $(sqlite3 "$T/bad.db" "SELECT blocks, block_medians FROM cells WHERE run_id = '$id'")"
# more blocks than the old 1 KB block_medians text held: every one kept
"$GEN" -o "$T/manyblocks.txt" --seed 5 --blocks 400 --samples 3 --cpus 1 --syscalls getpid --disturb 0
expect_rc 0 "a run of 400 blocks" "$BH" --db "$db4" record "$T/manyblocks.txt"
id=$(cat "$T/out")
[ "$(sqlite3 "$T/bad.db" "SELECT blocks FROM cells WHERE run_id = '$id'")" = 400 ] &&
	[ "$(sqlite3 "$T/bad.db" "SELECT block_medians FROM cells WHERE run_id = '$id'" | tr ',' '\n' | grep -c .)" = 400 ] &&
	ok "400 blocks, 400 block medians stored" ||
	fail "block medians: $(sqlite3 "$T/bad.db" "SELECT blocks, length(block_medians) FROM cells WHERE run_id = '$id'")"

# the switch lines bench-syscall writes before each block (common brief) are
# metadata, not samples; pad=N variants are cells like any other
printf '%s
#%% variants: pad=0,pad=12
#%% switch: block=0 variant=pad=0 ns=812
0 getpid syscall 0 pad=0 0 0 0 80 1
0 getpid syscall 0 pad=0 1 0 0 81 1
#%% switch: block=1 variant=pad=12 ns=640
0 getpid syscall 1 pad=12 0 0 0 90 1
0 getpid syscall 1 pad=12 1 0 0 92 1
#%% end: complete samples=4
' "$hdr" >"$T/switch.txt"
expect_rc 0 "a file with switch lines and pad=N variants" "$BH" --db "$db4" record "$T/switch.txt"
id=$(cat "$T/out")
[ "$(sqlite3 "$T/bad.db" "SELECT group_concat(variant || ':' || n || ':' || median, ' ') FROM (SELECT * FROM cells WHERE run_id = '$id' ORDER BY variant)")" = "pad=0:2:80.5 pad=12:2:91.0" ] &&
	ok "two cells, pad=0 and pad=12, switch lines not counted as samples" ||
	fail "switch file: $(sqlite3 "$T/bad.db" "SELECT variant, n, median FROM cells WHERE run_id = '$id'")"

# a database URL without a scheme is an error, and creates nothing
( cd "$T" && "$BH" --db typo.db version >"$T/out" 2>"$T/err" ); rc=$?
[ $rc = 2 ] && ok "a URL without a scheme: exit 2" || fail "no scheme: exit $rc"
grep -q "want sqlite:PATH" "$T/err" && ok "says which URLs work" || fail "no-scheme message: $(cat "$T/err")"
[ ! -e "$T/typo.db" ] && ok "no SQLite file created for it" || fail "typo.db was created"
( cd "$T" && BENCH_HISTORY_DB=typo2.db "$BH" migrate >/dev/null 2>&1 ); rc=$?
[ $rc = 2 ] && [ ! -e "$T/typo2.db" ] && ok "BENCH_HISTORY_DB without a scheme: exit 2, no file" ||
	fail "env no scheme: exit $rc"
expect_rc 2 "a missing SQLite history (not migrate)" "$BH" --db "sqlite:$T/none.db" trend
[ ! -e "$T/none.db" ] && grep -q "no such history" "$T/err" && ok "not created; says migrate creates one" ||
	fail "missing history: $(cat "$T/err")"
# lenient numbers in options
expect_rc 2 "record --confidence 95abc" "$BH" --db "$db4" record --confidence 95abc "$T/manyblocks.txt"
expect_rc 2 "prune 1x" "$BH" --db "$db4" prune 1x
expect_rc 2 "show ' 1'" "$BH" --db "$db4" show " 1"
# output that cannot be written is an error, not exit 0
"$BH" --db "$db4" version >/dev/full 2>"$T/err"; rc=$?
[ $rc = 2 ] && ok "output to a full device: exit 2" || fail "/dev/full: exit $rc"

# --- the nightly driver writes changepoints.json and names them in the summary
write_conf "$T/n.conf" "DB=sqlite:$T/nightly.db"
nn=1	# (night() sets d)
while [ $nn -le 10 ]; do
	if [ $nn -ge 6 ]; then night "$T/n.conf" $nn --shift 5 --microcode 0xf1
	else night "$T/n.conf" $nn; fi
	[ $? -le 1 ] || fail "nightly night $nn: $(tail -n 3 "$T/night.err")"
	nn=$((nn + 1))
done
sum=$T/results/labhost/nightly/summary.txt
cpj=$T/results/labhost/nightly/changepoints.json
[ -s "$cpj" ] && jq -e '.series | length == 4' "$cpj" >/dev/null &&
	ok "nightly writes changepoints.json (4 series)" || fail "changepoints.json: $(head -c 300 "$cpj" 2>&1)"
[ "$(grep -c '^change point: cpu [01] getp*id syscall +[0-9.]*% between run 5 (2026-01-05T03:00:00Z, 6.1.0-test) and run 6 (2026-01-06T03:00:00Z, 6.1.0-test); likely cause: microcode$' "$sum")" = 4 ] &&
	ok "the summary names each cell's change point and its likely cause" ||
	fail "summary: $(grep 'change point' "$sum"; tail -n 3 "$T/night.err")"
jq -e '.changepoints.version == 1 and ([.changepoints.series[].changepoints[]] | length) == 4 and .verdict != null' \
	"$T/results/labhost/nightly/summary.json" >/dev/null &&
	ok "summary.json carries the change points" || fail "summary.json: no changepoints"

# --- changepoints on PostgreSQL: the same statements, the same answer ------
pg_start
unset_nights
for d in $(seq 7 12); do eval "NIGHT_OPTS_$d='--shift 5 --vuln \"Mitigation: IBRS\"'"; done
"$BH" --db "$PGURL" migrate 2>/dev/null || fail "migrate PostgreSQL"
history "$PGURL" 1 12
expect_rc 0 "changepoints on PostgreSQL" "$BH" --db "$PGURL" changepoints --json --cpu 0 --syscall getpid --entry syscall --variant - --host labhost --label nightly
js "$T/out" "len(j['series']) == 1 and len(j['series'][0]['changepoints']) == 1 and j['series'][0]['changepoints'][0]['index'] == 6 and j['series'][0]['changepoints'][0]['likely_cause'] == 'mitigations'" "PostgreSQL: the step at night 7, mitigations named"

finish
