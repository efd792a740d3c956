#!/bin/sh
# nightly end to end on synthetic histories (SQLite): an unchanged but noisy
# history must not be flagged; a real injected slowdown must be; a changed
# environment is reported as such; pruned raw files fall back to the history
# medians; the hook, summaries and plots are produced.
. "$(dirname "$0")/../nightly.d/tests-lib.sh"

conf=$T/nightly.conf
write_conf "$conf" "HOOK=cat > $T/hook.out; echo \"\$1\" > $T/hook.args"
db="--db sqlite:$T/history.db"

# Night-to-night noise 1%, block noise 0.3%: a sample-level test, or one
# whose runs are tonight's blocks, calls many of these nights different;
# the nightly judgement (defaults: 99%, 2%, last 10 good nights) must not.
noisy="--run-sd 1 --block-sd 0.3"

# 1..12: unchanged, noisy.  Every night exit 0, no regression status.
alarms=0
for day in 1 2 3 4 5 6 7 8 9 10 11 12; do
	night "$conf" $day $noisy
	rc=$?
	[ $rc = 0 ] || { alarms=$((alarms + 1)); fail "noisy night $day: exit $rc: $(head -n 1 "$T/night.out") $(cat "$T/night.err")"; }
done
[ $alarms = 0 ] && ok "12 unchanged noisy nights: no alarm"
# how many cells bench-stat alone (tonight's blocks as runs) would have
# flagged: the night-level prediction is what kept these quiet
quiet=$(cat "$T/results/labhost/nightly/summary-"*.json |
	jq -s '[.[].runs[].cells[]? | select(.judgement == "within-nightly-noise")] | length')
echo "info: $quiet cell(s) significant and >= 2% at the block level, within night-to-night noise"
n=$($BH $db trend labhost | awk -F'\t' '$10 == "regression"' | wc -l)
[ "$n" = 0 ] || fail "noisy history has $n regression cells"
grep -q 'building the baseline' "$T/results/labhost/nightly/summary-"*.txt ||
	fail "no night said it was building the baseline"
first=$($BH $db show 1 | awk -F'\t' '$1 == "status" { print $2 }')
[ "$first" = first ] || fail "run 1 status '$first', want first"

# The same noisy nights do differ at the sample level: the judgement above
# is quiet because it is run-level, not because the data are calm.
base=$(ls "$T/results/labhost/nightly/"2*.txt | head -n 6 | head -n 5)
last=$(ls "$T/results/labhost/nightly/"2*.txt | sed -n 6p)
mkdir "$T/b5" && for f in $base; do ln -s "$f" "$T/b5/"; done
"$T/bin/bench-stat" --json "$T/b5" "$last" >"$T/sl.json" 2>/dev/null
sl=$(jq '[.cells[].comparisons[] | select(.sample_level.significant)] | length' "$T/sl.json")
[ "${sl:-0}" -gt 0 ] && ok "noisy nights differ at sample level in $sl cell(s)" ||
	echo "note: no sample-level difference in this draw"

# 13: a real 6% slowdown: exit 1, regression, hook called with the summary.
night "$conf" 13 $noisy --shift 6
rc=$?
[ $rc = 1 ] && ok "injected 6% slowdown flagged (exit 1)" ||
	fail "6% slowdown: exit $rc, want 1: $(cat "$T/night.out" "$T/night.err")"
grep -q 'REGRESSION' "$T/night.out" || fail "summary lacks REGRESSION"
grep -q '^bench-syscall nightly on labhost.*REGRESSION' "$T/hook.out" 2>/dev/null &&
	ok "hook got the summary on stdin" || fail "hook output: $(cat "$T/hook.out" 2>&1)"
grep -q 'summary-.*\.txt' "$T/hook.args" || fail "hook \$1 is not the summary file"
s=$(jq -r '.verdict' "$T/results/labhost/nightly/summary.json")
[ "$s" = REGRESSION ] || fail "summary.json verdict '$s'"
nreg=$(jq '[.runs[0].cells[] | select(.judgement == "REGRESSION")] | length' \
	"$T/results/labhost/nightly/summary.json")
[ "$nreg" -ge 1 ] && ok "summary.json lists $nreg regressed cell(s)" || fail "no regressed cell in summary.json"
st=$($BH $db show 13 | awk -F'\t' '$1 == "status" { print $2 }')
[ "$st" = regression ] || fail "run 13 status '$st'"
marked=$($BH $db trend labhost | awk -F'\t' '$12 == 13 && $14 == "REGRESSION"' | wc -l)
[ "$marked" = "$nreg" ] && ok "history marks the $nreg regressed cells of run 13" ||
	fail "$marked cells of run 13 marked, want $nreg"

# 14: back to normal: exit 0, and the regressed run is not in the baseline.
night "$conf" 14 $noisy
rc=$?
[ $rc = 0 ] && ok "night after the regression is ok" || fail "night 14 exit $rc: $(cat "$T/night.out")"
bl=$(jq -c '.runs[0].baseline_runs' "$T/results/labhost/nightly/summary.json")
case "$bl" in *13*) fail "baseline $bl includes the regressed run 13" ;;
"[12,11,10,9,8,7,6,5,4,3]") ok "rolling baseline = last 10 good runs $bl" ;;
*) fail "baseline $bl, want [12,11,10,9,8,7,6,5,4,3]" ;; esac

# A smaller slowdown than the threshold is not a regression.
night "$conf" 15 $noisy --shift 0.5
rc=$?
[ $rc = 0 ] && ok "0.5% shift under the 2% threshold: not flagged" || fail "night 15 exit $rc"

# Prune: raw files older than a day go (all synthetic dates are old), rows stay.
rows=$($BH $db trend labhost | wc -l)
write_conf "$T/prune.conf" PRUNE_DAYS=1
night "$T/prune.conf" 16 $noisy
left=$(ls "$T/results/labhost/nightly/"2*.txt 2>/dev/null | wc -l)
[ "$left" = 0 ] && ok "prune removed the old raw files" || fail "$left raw files left after prune"
rows2=$($BH $db trend labhost | wc -l)
[ "$rows2" -gt "$rows" ] && ok "history rows stay after prune ($rows2 cells)" ||
	fail "history rows $rows -> $rows2 after prune"

# 17: slowdown judged from the history medians (raw baseline pruned).
night "$conf" 17 $noisy --shift 6
rc=$?
[ $rc = 1 ] && ok "slowdown flagged from history medians (exit 1)" ||
	fail "pruned baseline, 6% slowdown: exit $rc: $(cat "$T/night.out" "$T/night.err")"
grep -q 'history medians' "$T/night.out" || fail "summary does not say it used history medians"
night "$conf" 18 $noisy
[ $? = 0 ] && ok "pruned baseline, unchanged night: exit 0" || fail "night 18: $(cat "$T/night.out")"

# 19: new microcode and slower: "changed environment", not a regression.
write_conf "$T/plots.conf" PLOTS=yes
night "$T/plots.conf" 19 $noisy --shift 6 --microcode 0xf2
rc=$?
[ $rc = 0 ] && grep -q 'changed environment (microcode)' "$T/night.out" &&
	ok "microcode change reported as changed environment" ||
	fail "microcode change: exit $rc: $(cat "$T/night.out")"
night "$T/plots.conf" 20 $noisy --shift 6 --microcode 0xf2 --cmdline mitigations=off \
	--vuln Vulnerable
grep -q 'changed environment (cmdline,mitigations)' "$T/night.out" &&
	ok "cmdline + mitigations change named" || fail "cmdline change: $(head -n 5 "$T/night.out")"

# Plots: PNG and SVG per host x cpu x syscall, regressions marked.
for ext in png svg; do
	n=$(ls "$T/results/labhost/nightly/plots/"*.$ext 2>/dev/null | wc -l)
	[ "$n" = 4 ] && ok "4 $ext trend plots" || fail "$n $ext plots, want 4"
done
head -c 8 "$T/results/labhost/nightly/plots/labhost-cpu0-getpid-syscall.png" | grep -q PNG ||
	fail "not a PNG"
grep -q 'regression' "$T/results/labhost/nightly/plots/labhost-cpu0-getpid-syscall.svg" ||
	fail "SVG lacks the regression marks"

$BH $db check >/dev/null && ok "history consistent" || fail "history check failed"
finish
