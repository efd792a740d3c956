#!/bin/sh
# stats/ tests: unit tests against reference values, the synthetic A/A
# self-check, bench-stat on the fixtures in tests/data (results/FORMAT.md
# files: good, incomplete, truncated, malformed), a huge file, and a
# bounded fuzz run of the parser.  Closes with "stats: N passed, N failed".
# Run from stats/ by `make test`.  Never asserts a time.
set -u
cd "$(dirname "$0")/.."
BS=./bench-stat
D=tests/data
T=build/t
mkdir -p "$T"
pass=0
fail=0

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run NAME WANT_RC ARGS...: runs bench-stat, keeps stdout/stderr in $T/NAME.*
run() {
	name=$1 want=$2
	shift 2
	$BS "$@" >"$T/$name.out" 2>"$T/$name.err"
	rc=$?
	if [ "$rc" = "$want" ]; then ok; else
		ko "$name: exit $rc, want $want ($*)"; sed 's/^/    /' "$T/$name.err" | head -5
	fi
	# a crash is never an answer
	if [ "$rc" -gt 2 ]; then ko "$name: crashed (exit $rc)"; fi
}
# has NAME FILE(out|err) TEXT: the output contains TEXT (fixed string)
has() {
	if grep -qF -- "$3" "$T/$1.$2"; then ok; else
		ko "$1: $2 lacks '$3'"; sed 's/^/    /' "$T/$1.$2" | head -20
	fi
}
hasnt() {
	if grep -qF -- "$3" "$T/$1.$2"; then ko "$1: $2 has '$3'"; else ok; fi
}
# js NAME PYEXPR: a Python expression over the JSON j must be true
js() {
	if python3 -c "import json,sys; j=json.load(open('$T/$1.out')); sys.exit(0 if ($2) else 1)"; then ok; else
		ko "$1: JSON check failed: $2"
	fi
}
# sub-suites that print "NAME: N passed, N failed"
suite() {
	out=$("$@")
	rc=$?
	echo "$out" | grep -E '^(FAIL|ok  )' | grep FAIL
	line=$(echo "$out" | tail -1)
	p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed/\1/p')
	f=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed/\2/p')
	if [ -z "$p" ] || [ "$rc" != 0 ] && [ "${f:-1}" = 0 ]; then
		ko "$*: exit $rc: $line"; return
	fi
	echo "$line"
	pass=$((pass + p)); fail=$((fail + f))
}

suite ./build/unit
suite ./build/aa-check
suite ./build/test-changepoint
suite ./build/test-prediction

# --- FreeBSD ministat's README example (iguana, chameleon) ---------------
run ministat95 0 --student $D/iguana $D/chameleon
has ministat95 out "No difference proven at 95.0% confidence"
run ministat80 0 --student -c 80 $D/iguana $D/chameleon
# ministat: "240 +/- 212.215" with its rounded t table; exact t: 212.243
has ministat80 out "Difference at 80.0% confidence: +240 +/- 212.243 (+80% +/- 70.7%)"
has ministat80 out "(Student's t, pooled s = 264.159)"
hasnt ministat80 err "one run"
run ministat80w 0 -c 80 $D/iguana $D/chameleon
# R: t.test(chameleon, iguana, conf.level = .8) -> Welch df 7.4254; same
# interval from py-stdlib (tests/reference.py style): +/- 237.0 -> the
# Welch interval is wider, and it still says different at 80%
has ministat80w out "Welch's t"
$BS --student $D/iguana - <$D/chameleon >"$T/stdin.out" 2>&1 && ok || ko "stdin side"
has stdin out "No difference proven at 95.0% confidence"
run ministatjson 0 --json --student -c 80 $D/iguana $D/chameleon
js ministatjson "abs(j['cells'][0]['comparisons'][0]['pooled_s'] - 264.159) < 5e-4"
js ministatjson "j['cells'][0]['comparisons'][0]['significant'] and j['cells'][0]['comparisons'][0]['direction'] == 'slower'"
js ministatjson "j['cells'][0]['sides'][0]['stddev'] - 238.04761 < 1e-5"

# --- results files: several runs a side ----------------------------------
run dirs 0 $D/full $D/fast
has dirs out "x full: 3 files, 3 runs (a run is a file)"
has dirs out "judged on run medians: 3+3 runs"
# v1 tsc files say "cycles": read as reference cycles (issue 17.7)
has dirs out "clock tsc, unit ref-cycles"
[ "$(grep -c 'Difference at 95.0% confidence: -' "$T/dirs.out")" = 4 ] && ok || ko "dirs: want 4 cells faster"
run glob 0 "$D/full/run*.txt" "$D/fast/*.txt"
if cmp -s "$T/dirs.out" "$T/glob.out"; then ok; else ko "glob: differs from directory"; fi
run dirsjson 0 --json $D/full $D/fast
js dirsjson "j['version'] == 1 and j['clock'] == 'tsc' and j['unit'] == 'ref-cycles' and j['metric'] == 'cycles'"
# 17.7: a new tsc file (unit ref-cycles) pools with and compares against
# v1 ones (unit cycles) without --force; perf/rdpmc cycles stay core cycles
sed 's/^#% unit: cycles$/#% unit: ref-cycles/; s/^#% units: cycles ns$/#% units: ref-cycles ns/' \
	$D/fast/run0.txt >"$T/refcyc.txt"
grep -q '^#% units: ref-cycles ns$' "$T/refcyc.txt" && ok || ko "refcyc: fixture not rewritten"
run refcycmix 0 --json $D/full "$T/refcyc.txt"
js refcycmix "j['unit'] == 'ref-cycles' and len(j['cells']) == 4"
rm -rf "$T/mixside" && mkdir "$T/mixside" && cp $D/fast/run1.txt "$T/refcyc.txt" "$T/mixside/"
run refcycpool 0 --json $D/full "$T/mixside"
js refcycpool "j['unit'] == 'ref-cycles' and j['sides'][1]['runs'] == 2"
sed 's/^#% clock: tsc$/#% clock: rdpmc/' $D/fast/run0.txt >"$T/rdpmc.txt"
run rdpmcunit 0 --json "$T/rdpmc.txt" "$T/rdpmc.txt"
js rdpmcunit "j['unit'] == 'cycles' and j['clock'] == 'rdpmc'"
run tscvsrdpmc 2 $D/full "$T/rdpmc.txt"
has tscvsrdpmc err "clock"
js dirsjson "len(j['sides']) == 2 and j['sides'][0]['runs'] == 3 and len(j['sides'][0]['files']) == 3"
js dirsjson "len(j['cells']) == 4 and all(c['comparisons'][0]['level'] == 'run' for c in j['cells'])"
js dirsjson "all(c['comparisons'][0]['direction'] == 'faster' for c in j['cells'])"
# ctxsw > 0 samples are dropped and counted: one per file per cell
js dirsjson "all(s['dropped'] == 3 and s['n'] == 117 and s['max'] < 4000 for c in j['cells'] for s in c['sides'])"
# every key of stats/JSON.md
js dirsjson "all(k in j for k in ['version','confidence','alpha','clock','unit','metric','sides','cells','regression'])"
js dirsjson "all(k in j['sides'][0] for k in ['index','label','files','runs','kernel_release','variant'])"
js dirsjson "all(k in j['cells'][0] for k in ['cpu','syscall','entry','metric','sides','comparisons'])"
js dirsjson "all(k in j['cells'][0]['sides'][0] for k in ['n','dropped','min','max','median','mean','stddev','trimmed_mean','p5','p25','p75','p95','p99','runs','run_medians','run_spread'])"
js dirsjson "all(k in j['cells'][0]['comparisons'][0] for k in ['a','b','level','test','diff','diff_ci','diff_pct','diff_pct_ci','p','p_holm','significant','direction','effect_size','effect_size_kind','power','mdd','sample_level','run_level','mann_whitney','bootstrap_median_diff','levels_disagree','verdict'])"
js dirsjson "all(k in j['regression'] for k in ['threshold_pct','flagged','cells'])"
js dirsjson "all(c['comparisons'][0]['p_holm'] >= c['comparisons'][0]['p'] for c in j['cells'])"
js dirsjson "j['cells'][0]['comparisons'][0]['diff'] == j['cells'][0]['comparisons'][0]['run_level']['diff']"

# A/A: a side against itself
run aa 0 $D/full $D/full
has aa out "No difference proven at 95.0% confidence"
hasnt aa out "Difference at"

# --- dual-variant kernel: --by variant, blocks are runs --------------------
run byvar 0 --by variant $D/dual.txt
has byvar out "x fast: 1 file, 4 runs (a run is a block, --by variant)"
has byvar out "judged on run medians: 4+4 runs"
[ "$(grep -c 'Difference at 95.0% confidence: +' "$T/byvar.out")" = 4 ] && ok || ko "byvar: want 4 cells slower"
run byvarbase 0 --json --by variant --baseline full $D/dual.txt
js byvarbase "j['sides'][0]['label'] == 'full' and all(c['comparisons'][0]['direction'] == 'faster' for c in j['cells'])"
# each side's variant is its own, not the file's starting one
js byvarbase "[s['variant'] for s in j['sides']] == ['full', 'fast']"
run byvarbasebad 2 --by variant --baseline nosuch $D/dual.txt
run byvaraa 0 --by variant $D/dual-aa.txt
[ "$(grep -c 'No difference proven' "$T/byvaraa.out")" -ge 3 ] && ok || ko "byvaraa: A/A should mostly say no difference"
run dualpooled 2 $D/dual.txt $D/fast
has dualpooled err "variants 'fast' and 'full' in one file: use --by variant"
run byvarone 2 --by variant $D/full/run0.txt
has byvarone err "need at least 2"
# rounds at levels 0..60 cycles apart, fast 3 cycles cheaper in every round
# (tests/mkfixtures.py): unpaired, the drift hides it; paired, it cancels
run drift 0 --by variant --baseline full $D/dual-drift.txt
[ "$(grep -c 'No difference proven' "$T/drift.out")" = 4 ] && ok || ko "drift: unpaired should not resolve 3 cycles under 60 of drift"
run driftpaired 0 --json --by variant --paired --baseline full $D/dual-drift.txt
js driftpaired "all(c['comparisons'][0]['test'] == 'paired' and c['comparisons'][0]['pairs'] == 8 and c['comparisons'][0]['direction'] == 'faster' and -3.5 < c['comparisons'][0]['diff'] < -2.5 and c['comparisons'][0]['diff_ci'][0] < -3 < c['comparisons'][0]['diff_ci'][1] for c in j['cells'])"
run driftpairedtxt 0 --by variant --paired --baseline full $D/dual-drift.txt
has driftpairedtxt out "run level: 8 pairs of blocks"
js driftpaired "all(c['comparisons'][0]['run_level']['test'] == 'paired' and c['comparisons'][0]['run_level']['df'] == 7 for c in j['cells'])"
js driftpaired "all(c['comparisons'][0]['need_more_unit'] == 'pairs' for c in j['cells'])"
# --student --paired: the verdict is the paired t; no pooled s anywhere
run driftpairedst 0 --student --by variant --paired --baseline full $D/dual-drift.txt
hasnt driftpairedst out "pooled s"
has driftpairedst out "paired t"
run driftpairedstjson 0 --json --student --by variant --paired --baseline full $D/dual-drift.txt
js driftpairedstjson "all('pooled_s' not in c['comparisons'][0] and c['comparisons'][0]['run_level']['test'] == 'paired' and c['comparisons'][0]['sample_level']['test'] == 'student' for c in j['cells'])"
run pairednoby 2 --paired $D/full $D/fast
has pairednoby err "--paired pairs the blocks of --by variant"
# unpaired comparisons report no pairs
js byvarbase "all(c['comparisons'][0]['pairs'] == 0 for c in j['cells'])"

# --- one file of 2 blocks a side: blocks are the runs; the per-sample
# test's "different" is not trusted and the disagreement is said plainly
run twoblocks 0 --cpu 0 --syscall getpid $D/full/run0.txt $D/fast/run0.txt
has twoblocks out "judged on run medians: 2+2 runs"
has twoblocks out "warning: full: runs are blocks of one boot"
has twoblocks out "NOTE: per-sample and per-run judgements disagree"
run twoblocksjson 0 --json --cpu 0 --syscall getpid $D/full/run0.txt $D/fast/run0.txt
js twoblocksjson "j['cells'][0]['comparisons'][0]['levels_disagree'] and j['cells'][0]['comparisons'][0]['sample_level']['significant'] != j['cells'][0]['comparisons'][0]['run_level']['significant']"

# --- one run a side: judged on samples, with a warning ---------------------
run onerun 0 --cpu 0 --syscall getpid $D/oneblock-full.txt $D/oneblock-fast.txt
has onerun out "warning: full has one run"
has onerun out "judged on samples"
run onerunjson 0 --json --cpu 0 --syscall getpid $D/oneblock-full.txt $D/oneblock-fast.txt
js onerunjson "j['cells'][0]['comparisons'][0]['level'] == 'sample' and j['cells'][0]['comparisons'][0]['run_level'] is None and len(j['warnings']) >= 2"
js onerunjson "len(j['cells']) == 1 and j['cells'][0]['cpu'] == 0 and j['cells'][0]['syscall'] == 'getpid'"

# --- regression gate -----------------------------------------------------
run regress 1 --fail-on-regression=2 $D/fast $D/full
has regress out "REGRESSION"
run regressbig 0 --fail-on-regression=20 $D/fast $D/full
run regressfaster 0 --fail-on-regression $D/full $D/fast
run regressjson 1 --json --fail-on-regression=2 $D/fast $D/full
js regressjson "j['regression']['flagged'] and j['regression']['threshold_pct'] == 2 and len(j['regression']['cells']) == 4"

# --- options --------------------------------------------------------------
run metricns 0 --json --metric ns $D/full $D/fast
js metricns "j['metric'] == 'ns' and j['unit'] == 'ns'"
run metricbad 2 --metric bogus $D/full $D/fast
has metricbad err "no metric 'bogus'"
run pool 0 --json --pool-cpus $D/full $D/fast
js pool "len(j['cells']) == 2 and j['cells'][0]['cpu'] is None and j['cells'][0]['sides'][0]['n'] == 234"
run plot 0 --plot --cpu 1 --syscall gettid $D/full $D/fast
has plot out "+------"
has plot out "A"
run seed1 0 --json --seed 7 --cpu 0 --syscall getpid $D/full/run0.txt $D/fast/run0.txt
run seed2 0 --json --seed 7 --cpu 0 --syscall getpid $D/full/run0.txt $D/fast/run0.txt
run seed3 0 --json --seed 8 --cpu 0 --syscall getpid $D/full/run0.txt $D/fast/run0.txt
if cmp -s "$T/seed1.out" "$T/seed2.out"; then ok; else ko "same seed, different output"; fi
if cmp -s "$T/seed1.out" "$T/seed3.out"; then ko "different seed, same bootstrap"; else ok; fi
run conf99 0 -c 99.5 $D/full $D/fast
has conf99 out "99.5% confidence"

# --- the in-process design (issue 12): outcomes, estimators, switch costs --
# fixtures from tests/mkfixtures.py: pad=12 costs +6 cycles (2%) in
# pad-shift.txt, with one +45-cycle level shift inside round 20
run padshift 0 --json --by variant --paired $D/pad-shift.txt
js padshift "j['cells'][0]['comparisons'][0]['outcome'] == 'different' and j['cells'][0]['comparisons'][0]['estimator'] == 'hodges-lehmann'"
js padshift "5 < j['cells'][0]['comparisons'][0]['diff'] < 7 and j['cells'][0]['comparisons'][0]['half_width'] < 1 and abs(j['cells'][0]['comparisons'][0]['half_width_pct'] - 100 * j['cells'][0]['comparisons'][0]['half_width'] / (sum(j['cells'][0]['sides'][0]['run_medians']) / 40)) < 1e-9"
# the paired t follows the shifted pair: its estimate is pulled up by 45/40
js padshift "j['cells'][0]['comparisons'][0]['paired_t']['diff'] > j['cells'][0]['comparisons'][0]['wilcoxon_signed_rank']['hodges_lehmann'] + 0.5"
js padshift "j['cells'][0]['comparisons'][0]['wilcoxon_signed_rank']['hodges_lehmann'] == j['cells'][0]['comparisons'][0]['diff'] and j['cells'][0]['comparisons'][0]['wilcoxon_signed_rank']['exact'] is False"
js padshift "j['cells'][0]['comparisons'][0]['equivalence_pct'] == 1 and abs(j['cells'][0]['comparisons'][0]['equivalence'] - 0.01 * sum(j['cells'][0]['sides'][0]['run_medians']) / 40) < 1e-9"
js padshift "abs(j['cells'][0]['comparisons'][0]['seconds_per_round'] - 0.1) < 1e-12 and j['cells'][0]['comparisons'][0]['more_rounds'] is None"
js padshift "j['switch']['n'] == 80 and [v['variant'] for v in j['switch']['variants']] == ['pad=0', 'pad=12'] and all(v['n'] == 40 and 20000 <= v['median_ns'] <= 40000 for v in j['switch']['variants'])"
run padshifttxt 0 --by variant --paired $D/pad-shift.txt
has padshifttxt out "(Hodges-Lehmann, Wilcoxon signed-rank, p="
has padshifttxt out "; resolved to +/- "
has padshifttxt out "outcome different, estimator hodges-lehmann"
has padshifttxt out "switch to pad=12: 40 switches, median"
# the sign test (method-sign.c, one file and one line of methods.c): beside
# every paired verdict, in the text and the JSON through the method table.
# R (tests/sign.R): 40 of 40 pairs positive, p 1.81898940355e-12, median
# 5.9375, interval [5.625, 6.3125], coverage 96.1522691716%
js padshift "j['cells'][0]['comparisons'][0]['sign_test']['positive'] == 40 and j['cells'][0]['comparisons'][0]['sign_test']['nonzero'] == 40 and abs(j['cells'][0]['comparisons'][0]['sign_test']['p'] - 1.81898940355e-12) < 1e-22"
js padshift "j['cells'][0]['comparisons'][0]['sign_test']['median_diff'] == 5.9375 and j['cells'][0]['comparisons'][0]['sign_test']['ci'] == [5.625, 6.3125] and abs(j['cells'][0]['comparisons'][0]['sign_test']['achieved_confidence'] - 96.1522691716) < 1e-8"
has padshifttxt out "        sign test: 40 of 40 pairs B > A, p=1.8e-12; median difference +5.9375 [5.625, 6.3125] (96.2%, order statistics)"
# unpaired: the sign test does not apply (null), Mann-Whitney does
js byvarbase "all(c['comparisons'][0]['sign_test'] is None and c['comparisons'][0]['mann_whitney'] is not None for c in j['cells'])"
run methods 0 --methods
has methods out "sign                   paired     beside   the median of the paired differences B - A"
has methods out "welch                  two-sample verdict  the difference of means B - A"
# A/A over 200 rounds: the same within the default 1%
run padaa 0 --json --by variant --paired $D/pad-aa.txt
js padaa "j['cells'][0]['comparisons'][0]['outcome'] == 'same' and -j['cells'][0]['comparisons'][0]['equivalence'] < j['cells'][0]['comparisons'][0]['tost_ci'][0] < j['cells'][0]['comparisons'][0]['tost_ci'][1] < j['cells'][0]['comparisons'][0]['equivalence']"
js padaa "j['cells'][0]['comparisons'][0]['diff_ci'][0] <= j['cells'][0]['comparisons'][0]['tost_ci'][0] and j['cells'][0]['comparisons'][0]['tost_ci'][1] <= j['cells'][0]['comparisons'][0]['diff_ci'][1]"
run padaatxt 0 --by variant --paired $D/pad-aa.txt
has padaatxt out "No difference proven at 95.0% confidence; the same within +/- "
# a margin too small to claim: unresolved; in the unit, not %
run padaatight 0 --json --by variant --paired --equivalence 0.01 $D/pad-aa.txt
js padaatight "j['cells'][0]['comparisons'][0]['outcome'] == 'unresolved' and j['cells'][0]['comparisons'][0]['equivalence'] == 0.01 and j['cells'][0]['comparisons'][0]['equivalence_pct'] is None and j['cells'][0]['comparisons'][0]['more_rounds'] > 200"
run equivbad 2 --equivalence -1 $D/iguana $D/chameleon
run equivbad2 2 --equivalence 1x% $D/iguana $D/chameleon
# 6 noisy rounds: unresolved, with more rounds and seconds (block.ms 50,
# 1 cell, 2 variants: 0.1 s a round)
run padfew 0 --json --by variant --paired $D/pad-few.txt
js padfew "j['cells'][0]['comparisons'][0]['outcome'] == 'unresolved' and j['cells'][0]['comparisons'][0]['more_unit'] == 'rounds' and j['cells'][0]['comparisons'][0]['more_rounds'] >= 1 and abs(j['cells'][0]['comparisons'][0]['more_seconds'] - 0.1 * j['cells'][0]['comparisons'][0]['more_rounds']) < 1e-9"
run padfewtxt 0 --by variant --paired $D/pad-few.txt
has padfewtxt out "; unresolved (not the same within +/- "
has padfewtxt out "would resolve it"
# measured until resolved: the anytime-valid interval, wider than the
# fixed-n one of the very same rounds (pad-fixed.txt lacks the header)
run padresolve 0 --json --by variant --paired $D/pad-resolve.txt
run padfixed 0 --json --by variant --paired $D/pad-fixed.txt
js padresolve "j['cells'][0]['comparisons'][0]['estimator'] == 'sequential' and j['cells'][0]['comparisons'][0]['sequential']['alpha'] == 0.05 and j['cells'][0]['comparisons'][0]['sequential']['n_opt'] == 50 and j['cells'][0]['comparisons'][0]['sequential']['n'] == 60 and j['cells'][0]['comparisons'][0]['sequential']['target'] == 1 and j['cells'][0]['comparisons'][0]['sequential']['target_unit'] == '%' and j['cells'][0]['comparisons'][0]['sequential']['reached']"
python3 -c "
import json, sys
s = json.load(open('$T/padresolve.out'))['cells'][0]['comparisons'][0]
f = json.load(open('$T/padfixed.out'))['cells'][0]['comparisons'][0]
sys.exit(0 if s['half_width'] > 1.2 * f['paired_t']['ci'][1] - 1.2 * f['paired_t']['diff'] and abs(s['diff'] - f['paired_t']['diff']) < 1e-12 and f['estimator'] == 'hodges-lehmann' else 1)" && ok || ko "sequential interval not wider than the fixed-n one"
js padresolve "abs(j['cells'][0]['comparisons'][0]['seconds_per_round'] - 0.05) < 1e-12 and j['cells'][0]['comparisons'][0]['seconds_source'] == 'resolve.result'"
js padfew "j['cells'][0]['comparisons'][0]['seconds_source'] == 'block.ms'"
# the header's variant order decides A, not the first block
run padshuffled 0 --json --by variant --paired $D/pad-shuffled.txt
js padshuffled "[s['label'] for s in j['sides']] == ['pad=0', 'pad=12'] and j['cells'][0]['comparisons'][0]['diff'] > 5"
run padresolvetxt 0 --by variant --paired $D/pad-resolve.txt
has padresolvetxt out "anytime-valid interval (sequential.h) on 60 per-round differences, alpha 0.05, n_opt 50; target +/- 1%: reached"
sed 's/^#% resolve.n_opt: 50$/#% resolve.n_opt: zero/' $D/pad-resolve.txt >"$T/resolvebad.txt"
run resolvebad 2 --by variant --paired "$T/resolvebad.txt"
has resolvebad err "resolve.n_opt: zero"
grep -v '^#% resolve.alpha' $D/pad-resolve.txt >"$T/resolvenoalpha.txt"
run resolvenoalpha 2 --by variant --paired "$T/resolvenoalpha.txt"
has resolvenoalpha err "needs both"
sed 's/^#% switch: block=3 variant=pad=0 .*/#% switch: block=3 variant=pad=0/' $D/pad-few.txt >"$T/switchbad.txt"
run switchbad 2 --by variant --paired "$T/switchbad.txt"
has switchbad err "malformed switch line"
sed 's/^#% block.ms: 50$/#% block.ms: soon/' $D/pad-few.txt >"$T/blockmsbad.txt"
run blockmsbad 2 --by variant --paired "$T/blockmsbad.txt"
# 4 boots: judged on one mean difference per boot
run boots 0 --json --by variant --paired $D/boots
js boots "j['cells'][0]['comparisons'][0]['estimator'] == 'boot-means' and j['cells'][0]['comparisons'][0]['boots'] == 4 and j['cells'][0]['comparisons'][0]['more_unit'] == 'boots'"
# the boot level is wider than the pooled pairs pretend
js boots "j['cells'][0]['comparisons'][0]['half_width'] > 2 * (j['cells'][0]['comparisons'][0]['paired_t']['ci'][1] - j['cells'][0]['comparisons'][0]['paired_t']['diff'])"
# variance components: 4 boots x 10 rounds; the difference moves by boot
# (0, +4, -3, +2 cycles: variance ~9.6), rounds within a boot add little
js boots "all(s['variance_components']['boots'] == 4 and s['variance_components']['blocks'] == 40 and s['variance_components']['method'] == 'nested-anova-moments' for s in j['cells'][0]['sides'])"
js boots "j['cells'][0]['comparisons'][0]['difference_components']['between_boots'] > 5 * j['cells'][0]['comparisons'][0]['difference_components']['between_rounds']"
run bootstxt 0 --by variant --paired $D/boots
has bootstxt out "variance (nested ANOVA, method of moments): between 4 boots"
has bootstxt out "variance of the per-round differences (one-way ANOVA by boot): between boots"
# 4 pairs: the signed-rank test's smallest p is 2/16 > alpha: the paired t decides
run fewpairs 0 --json --by variant --paired $D/dual.txt
js fewpairs "all(c['comparisons'][0]['estimator'] == 'paired-t' and c['comparisons'][0]['pairs'] == 4 and c['comparisons'][0]['wilcoxon_signed_rank'] is not None for c in j['cells'])"
run fewpairstxt 0 --by variant --paired $D/dual.txt
has fewpairstxt out "too few pairs for the signed-rank test to reach p < alpha"
run twoboots 0 --json --by variant --paired $D/boots/boot0.txt $D/boots/boot1.txt
js twoboots "j['cells'][0]['comparisons'][0]['estimator'] == 'hodges-lehmann' and j['cells'][0]['comparisons'][0]['boots'] == 2"
# unpaired comparisons name their estimator too
run dirsest 0 --json $D/full $D/fast
js dirsest "all(c['comparisons'][0]['estimator'] == 'welch' and c['comparisons'][0]['outcome'] == 'different' for c in j['cells']) and j['switch'] is None"
# 3 files of 2 blocks a side: boots and blocks as variance levels
js dirsest "all(s['variance_components']['boots'] == 3 and s['variance_components']['blocks'] == 6 for c in j['cells'] for s in c['sides'])"

# --- --compare: which comparisons, B - A each -----------------------------
run cmp 0 --json --by variant --paired --compare pad=12:pad=0 $D/pad-shift.txt
js cmp "len(j['cells'][0]['comparisons']) == 1 and j['sides'][j['cells'][0]['comparisons'][0]['a']]['label'] == 'pad=12' and j['cells'][0]['comparisons'][0]['diff'] < -5"
run cmp2 0 --json --by variant --compare fast:full,full:fast $D/dual.txt
js cmp2 "all(len(c['comparisons']) == 2 and abs(c['comparisons'][0]['diff'] + c['comparisons'][1]['diff']) < 1e-9 for c in j['cells'])"
run cmpbad 2 --by variant --compare full:nosuch $D/dual.txt
has cmpbad err "no side is labelled 'nosuch'"
run cmpbad2 2 --by variant --compare full $D/dual.txt
has cmpbad2 err "'full' is not A:B"
run cmpself 2 --by variant --compare full:full $D/dual.txt

# --- --fail-on-regression when A's mean is 0: no percentage is not a pass
run zeroregress 1 --fail-on-regression $D/zero-a.txt $D/zero-b.txt
has zeroregress err "A's mean is 0"
run zeroregress5 1 --fail-on-regression=5 $D/zero-a.txt $D/zero-b.txt
has zeroregress5 err "counted as a regression"
run zeronoregress 0 --fail-on-regression=5 $D/zero-b.txt $D/zero-a.txt

# --- --rate: Wilson score intervals (values: tests/unit.c test_wilson, R) --
run rate 0 --rate 5/100,0/100
has rate out "5/100 = 0.05, 95.0% Wilson score interval [0.0215437, 0.11175]"
has rate out "0/100 = 0, 95.0% Wilson score interval [0, 0.0369935]"
run ratejson 0 --json -c 99.9 --rate 7/10
# R: prop.test(7, 10, correct = FALSE, conf.level = 0.999)$conf.int
js ratejson "j['method'] == 'wilson' and j['confidence'] == 99.9 and j['rates'][0]['k'] == 7 and j['rates'][0]['n'] == 10 and abs(j['rates'][0]['ci'][0] - 0.249641594329) < 1e-9 and abs(j['rates'][0]['ci'][1] - 0.94241157056) < 1e-9"
run ratebad 2 --rate 5/0
has ratebad err "'5/0' is not K/N"
run ratebad2 2 --rate 6/5
run ratebad3 2 --rate 1/2,x
hasnt ratebad3 out "1/2"
run ratebad4 2 --rate ,
run ratefiles 2 --rate 1/2 $D/iguana
has ratefiles err "--rate takes no files"

# --- refusals: clear message, exit 2 ---------------------------------------
run clock 2 $D/fast $D/perfclock.txt
has clock err "clock 'tsc' (fast) vs 'perf'"
run clockforce 0 --force $D/fast $D/perfclock.txt
run cpumodel 2 $D/fast $D/othercpu.txt
has cpumodel err "CPU model"
run pooldiff 2 "$D/fast/run0.txt" "$D/fa*/run1.txt" "$D/perfclock.txt"
run incomplete 2 $D/fast $D/incomplete.txt
has incomplete err "incomplete run"
run incompleteok 0 --allow-incomplete $D/fast $D/incomplete.txt
has incompleteok out "incomplete or truncated file(s) used"
run truncated 2 $D/fast $D/truncated.txt
has truncated err "truncated: no '#% end:' line"
run truncatedok 0 --json --allow-incomplete --cpu 0 --syscall gettid $D/fast $D/truncated.txt
# the cut last line ("80.5" of "80.5xxx") is not data: 13 whole samples
js truncatedok "j['cells'][0]['sides'][1]['n'] + j['cells'][0]['sides'][1]['dropped'] == 13"
# a file cut in its end line ("samples=160" cut to "samples=1") is truncated,
# readable with --allow-incomplete (issue 14: it was a count mismatch error)
head -c -3 $D/fast/run0.txt >"$T/cutend.txt"
run cutend 2 $D/full "$T/cutend.txt"
has cutend err "truncated: no '#% end:' line (the writer died, its last line is cut)"
run cutendok 0 --allow-incomplete $D/full "$T/cutend.txt"
has cutendok out "a cut last line was dropped"
run v2 2 $D/fast $D/v2.txt
has v2 err "newer than this bench-stat understands"
run badcols 2 $D/fast $D/badcols.txt
has badcols err "badcols.txt:41: 9 fields, '#% columns:' names 10"
run nan 2 $D/fast $D/nan.txt
has nan err "'nan' is not a finite number"
run inf 2 $D/fast $D/inf.txt
has inf err "'inf' is not a finite number"
run count 2 $D/fast $D/count.txt
has count err "samples=999 but the file has"
run afterend 2 $D/fast $D/after-end.txt
has afterend err "data after the end line"
run noversion 2 $D/fast $D/noversion.txt
has noversion err "expected one number per line"
run nocolumns 2 $D/fast $D/nocolumns.txt
has nocolumns err "sample line before '#% columns:'"
run wrongcols 2 $D/fast $D/wrongcols.txt
has wrongcols err "column 4 is 'variant'"
run empty 2 $D/iguana $D/empty.txt
has empty err "empty file"
run text 2 $D/iguana $D/text.txt
has text err "text.txt:3: 'abc' is not a finite number"
run nanplain 2 $D/iguana $D/nan-plain.txt
run one 2 $D/iguana $D/one.txt
has one err "cannot judge: need at least 2 values"
run const 2 $D/const-a.txt $D/const-b.txt
has const err "zero variance"
run constsame 0 $D/const-a.txt $D/const-a.txt
has constsame out "No difference proven"
run overflow 2 $D/overflow.txt $D/iguana
has overflow err "no verdict"
run missing 2 $D/iguana $D/does-not-exist
has missing err "No such file"
run oneside 2 $D/iguana
# an unreadable file in a directory side is an error naming it (issue 14:
# it was skipped without a word, "2 files, 2 runs"); as root, read as nobody
rm -rf "$T/unreadable"
mkdir -p "$T/unreadable"
cp $D/fast/run0.txt $D/fast/run1.txt "$T/unreadable/"
chmod 000 "$T/unreadable/run1.txt"
chmod 755 "$T/unreadable" "$T"
if [ "$(id -u)" = 0 ]; then
	asuser="setpriv --reuid=nobody --regid=nogroup --clear-groups"
else
	asuser=
fi
if $asuser cat "$T/unreadable/run1.txt" >/dev/null 2>&1; then
	echo "note: cannot make a file unreadable here: unreadable-dir not checked"
else
	$asuser $BS $D/full "$T/unreadable" >"$T/unreadable.out" 2>"$T/unreadable.err"
	rc=$?
	[ "$rc" = 2 ] && ok || ko "unreadable-dir: exit $rc, want 2"
	has unreadable err "unreadable/run1.txt: Permission denied"
fi
has oneside err "need at least two sides"
run badconf 2 -c 42 $D/iguana $D/chameleon
run badopt 2 --bogus $D/iguana $D/chameleon
run nomatch 2 --syscall nosuch $D/full $D/fast
has nomatch err "no samples match the filters"
printf '#bench-syscall-results 1\n#%% columns: cpu syscall entry block variant seq ctxsw migr cycles\n0 getpid syscall 0 - 0 1 0 80\n0 getpid syscall 0 - 1 0 2 81\n#%% end: complete samples=2\n' >"$T/alldisturbed.txt"
run alldisturbed 2 $D/fast "$T/alldisturbed.txt"
sed 's/^#% units: cycles ns$/#% units: cycles/' $D/fast/run0.txt >"$T/units.txt"
run units 2 $D/fast "$T/units.txt"
has units err "does not give one unit per metric column"
sed 's/^#% metrics: cycles ns$/#% metrics: ns cycles/' $D/fast/run0.txt >"$T/metrics.txt"
run metrics 2 $D/fast "$T/metrics.txt"
has metrics err "columns do not match '#% metrics: ns cycles'"
head -c 100000 /dev/urandom >"$T/binary.bin"
run binary 2 $D/iguana "$T/binary.bin"

# --- a huge file: streamed, linear (no time is asserted) -------------------
awk 'BEGIN {
	print "#bench-syscall-results 1"; print "#% clock: tsc"; print "#% unit: cycles"
	print "#% metrics: cycles ns"; print "#% units: cycles ns"
	print "#% columns: cpu syscall entry block variant seq ctxsw migr cycles ns"
	srand(1); n = 0
	for (b = 0; b < 4; b++) for (s = 0; s < 250000; s++) {
		printf "0 getpid syscall %d - %d 0 0 %.4f 27.0\n", b, s, 80 + b * 0.01 + rand(); n++
	}
	printf "#%% end: complete samples=%d\n", n }' >"$T/huge.txt"
run huge 0 --json "$T/huge.txt" "$T/huge.txt"
js huge "j['cells'][0]['sides'][0]['n'] == 1000000 and j['cells'][0]['sides'][0]['runs'] == 4 and not j['cells'][0]['comparisons'][0]['significant']"

# --- --check and --dump (stats/JSON.md): what other tools read -----------
# one file, one CPU, getppid by syscall and by int80: two cells, never one.
# syscall: 25 samples 25..1 (one block); int80: 100 samples 100..1 in 2
# blocks of 50 (plus one disturbed sample, dropped). Median CI ranks at 95%
# (tests/unit.c test_median_ci, R): n = 25 -> 8..18, n = 100 -> 40..61, so
# with values 1..n the interval is [8, 18] and [40, 61]; n = 50 -> 18..33.
{
	echo '#bench-syscall-results 1'
	echo '#% clock: tsc'
	echo '#% unit: cycles'
	echo '#% kernel.entry_variant: full'
	echo '#% columns: cpu syscall entry block variant seq ctxsw migr cycles'
	i=25; while [ $i -ge 1 ]; do echo "0 getppid syscall 0 full $i 0 0 $i"; i=$((i - 1)); done
	i=100; while [ $i -ge 1 ]; do echo "0 getppid int80 $(( (i - 1) / 50 )) full $i 0 0 $i"; i=$((i - 1)); done
	echo '0 getppid int80 1 full 101 1 0 5000'
	echo '#% end: complete samples=126'
} >"$T/entries.txt"
run dumpcells 0 --dump cells "$T/entries.txt"
[ "$(wc -l <"$T/dumpcells.out")" = 3 ] && ok || ko "dumpcells: want a header and 2 cells"
has dumpcells out "side	label	cpu	syscall	entry	n_runs	n	median	median_lo	median_hi	mean	sd"
has dumpcells out "	0	getppid	int80	2	100	50.5	40	61	50.5	"
has dumpcells out "	0	getppid	syscall	1	25	13	8	18	13	"
run dumpcellsint80 0 --dump cells --entry int80 "$T/entries.txt"
[ "$(wc -l <"$T/dumpcellsint80.out")" = 2 ] && ok || ko "dumpcellsint80: want 1 cell"
run dumpsamples 0 --dump samples "$T/entries.txt"
# 125 kept samples (the disturbed one is not), each cell's blocks in order
[ "$(wc -l <"$T/dumpsamples.out")" = 126 ] && ok || ko "dumpsamples: want 125 samples"
has dumpsamples out "side	label	file	run	cpu	syscall	entry	variant	block	round	value"
hasnt dumpsamples out "	5000"
run dumpruns 0 --dump runs "$T/entries.txt"
# one file: a run is a block; int80's blocks 0 and 1 hold 1..50 and 51..100
has dumpruns out "	0	0	getppid	int80	full	50	25.5	18	33	25.5	"
has dumpruns out "	1	0	getppid	int80	full	50	75.5	68	83	75.5	"
run dumpblocks 0 --dump blocks "$T/entries.txt"
has dumpblocks out "	0	getppid	syscall	full	0	-	25	13	13"
run dumpbad 2 --dump everything "$T/entries.txt"
has dumpbad err "--dump takes samples, blocks, runs, cells, pairs or header"
run dumpnone 2 --dump cells
# --json's median CI per side and cell is the dump's (the same function)
run entriesjson 0 --json "$T/entries.txt" "$T/entries.txt"
js entriesjson "[(c['entry'], c['sides'][0]['median_ci'], c['sides'][0]['median_ci_ranks']) for c in j['cells']] == [('int80', [40, 61], [40, 61]), ('syscall', [8, 18], [8, 18])]"
js entriesjson "abs(j['cells'][0]['sides'][0]['median_ci_confidence'] - 96.4799799782) < 1e-8"
# TSV and JSON agree, every kind, --by variant with shuffled rounds: the
# same rows and values ("-" and "all" are null in JSON)
for kind in samples blocks runs cells; do
	run "dump$kind" 0 --dump $kind --by variant $D/pad-shuffled.txt
	run "dump${kind}json" 0 --json --dump $kind --by variant $D/pad-shuffled.txt
	python3 - "$T/dump$kind.out" "$T/dump${kind}json.out" <<'PY' && ok || ko "dump $kind: TSV and JSON differ"
import json, sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])]
head, rows = rows[0], rows[1:]
def val(s):
    if s in ('-', 'all'):
        return None
    try:
        return float(s)
    except ValueError:
        return s
objs = json.load(open(sys.argv[2]))
def norm(o):
    return [float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v for v in o.values()]
ok = len(rows) == len(objs) > 0 and all(list(o.keys()) == head for o in objs) and \
    all([val(x) for x in r] == norm(o) for r, o in zip(rows, objs))
sys.exit(0 if ok else 1)
PY
done
# the first pad=0 block of the shuffled file is block 1, round 0
has dumpblocks out "0	pad=0	$D/pad-shuffled.txt	0	0	getppid	syscall	pad=0	1	0	15	"
# runs of the dump are --json's runs: the same medians, in the same order
run padjson 0 --json --by variant $D/pad-shuffled.txt
python3 - "$T/dumprunsjson.out" "$T/padjson.out" <<'PY' && ok || ko "dump runs: medians differ from --json run_medians"
import json, sys
runs = json.load(open(sys.argv[1]))
j = json.load(open(sys.argv[2]))
for k, side in enumerate(j['sides']):
    want = j['cells'][0]['sides'][k]['run_medians']
    got = [r['median'] for r in runs if r['side'] == k]
    assert got == want and [r['run'] for r in runs if r['side'] == k] == list(range(len(want))), (got, want)
    assert all(r['label'] == side['label'] == r['variant'] for r in runs if r['side'] == k)
PY
# rounds: block / the header's number of variants
python3 -c "
import json, sys
b = json.load(open('$T/dumpblocksjson.out'))
sys.exit(0 if b and all(r['round'] == r['block'] // 2 for r in b) else 1)" && ok || ko "dump blocks: round is not block / 2"
run dumppool 0 --dump cells --pool-cpus $D/full
has dumppool out "0	full	all	getpid	syscall	3	"
run dumpplain 0 --dump cells $D/iguana
has dumpplain out "	-	-	-	1	7	200	50	750	300	"
# --dump pairs: the block pairs --paired judges.  Rebuilt here from --dump
# blocks (another path through dump.c) by joining the two variants' blocks
# of one file and round; every ordered pair of sides, B - A exactly
run dumppairs 0 --dump pairs --by variant --paired $D/pad-shuffled.txt
run dumppairsjson 0 --json --dump pairs --by variant --paired $D/pad-shuffled.txt
has dumppairs out "side_a	side_b	label_a	label_b	file	cpu	syscall	entry	round	a	b	diff"
run padpaired 0 --json --by variant --paired $D/pad-shuffled.txt
python3 - "$T/dumppairsjson.out" "$T/dumpblocksjson.out" "$T/padpaired.out" <<'PY' && ok || ko "dump pairs: not the blocks of one round, or not the verdict's pairs"
import json, sys
pairs = json.load(open(sys.argv[1]))
blocks = json.load(open(sys.argv[2]))
med = {(b['variant'], b['file'], b['round']): b['median'] for b in blocks}
want = {}
for (v, f, r), m in med.items():
    for (w, g, q), n in med.items():
        if v != w and (f, r) == (g, q):
            want[(v, w, f, r)] = (m, n, n - m)
got = {(p['label_a'], p['label_b'], p['file'], p['round']): (p['a'], p['b'], p['diff']) for p in pairs}
assert len(got) == len(pairs) == len(want) == 40, (len(got), len(pairs), len(want))
assert got == want
j = json.load(open(sys.argv[3]))
c = j['cells'][0]['comparisons'][0]
assert c['pairs'] == sum(1 for p in pairs if (p['side_a'], p['side_b']) == (c['a'], c['b'])) == 20
PY
run dumppairsunpaired 2 --dump pairs --by variant $D/pad-shuffled.txt
has dumppairsunpaired err "give --by variant --paired"
# --dump header: every "#% " line of the header (up to "#% columns:"), in order
run dumphead 0 --dump header $D/pad-shuffled.txt "$T/entries.txt"
run dumpheadjson 0 --json --dump header $D/pad-shuffled.txt "$T/entries.txt"
python3 - "$T/dumphead.out" "$T/dumpheadjson.out" $D/pad-shuffled.txt "$T/entries.txt" <<'PY' && ok || ko "dump header: not the files' #% header lines"
import json, sys
want = []
for path in sys.argv[3:]:
    for line in open(path):
        if line.startswith('#% '):
            k, _, v = line[3:].rstrip('\n').partition(': ')
            want.append([path, k, v])
            if k == 'columns':
                break
tsv = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])]
assert tsv[0] == ['file', 'key', 'value'] and tsv[1:] == want, (tsv[:3], want[:3])
assert [[o['file'], o['key'], o['value']] for o in json.load(open(sys.argv[2]))] == want
assert len(want) > 10
PY
run dumpheadbad 2 --dump header $D/pad-shuffled.txt $D/noversion.txt
has dumpheadbad err "noversion.txt:1: not a bench-syscall results file"
[ ! -s "$T/dumpheadbad.out" ] && ok || ko "dumpheadbad: printed half a dump"
# --check --json "results": false for a plain or empty file, true for a
# broken results file (ok false) and a valid one
run checkresults 2 --check --json $D/pad-shuffled.txt $D/badcols.txt $D/noversion.txt $D/empty.txt $D/iguana
js checkresults "[(f['ok'], f['results']) for f in j['files']] == [(True, True), (False, True), (False, False), (False, False), (False, False)]"

# --check: one line per file; exit 0 only when all are valid
run check 0 --check "$T/entries.txt" $D/dual.txt
has check out "$T/entries.txt: ok, 126 samples, 2 cells"
has check out "$D/dual.txt: ok, 640 samples, 4 cells"
run checkbad 2 --check $D/dual.txt $D/incomplete.txt $D/truncated.txt $D/nan.txt $D/iguana $D/does-not-exist
has checkbad out "$D/dual.txt: ok, 640 samples, 4 cells"
has checkbad out "$D/incomplete.txt: incomplete run (end line says incomplete)"
has checkbad out "$D/nan.txt:42: column 'cycles': 'nan' is not a finite number"
has checkbad out "$D/iguana:1: not a bench-syscall results file"
has checkbad out "$D/does-not-exist: No such file or directory"
[ "$(wc -l <"$T/checkbad.out")" = 6 ] && ok || ko "checkbad: want one line per file"
run checkinc 0 --check --allow-incomplete $D/incomplete.txt $D/truncated.txt
has checkinc out "$D/incomplete.txt: ok, 33 samples, 2 cells, incomplete"
has checkinc out "$D/truncated.txt: ok, 33 samples, 2 cells, truncated"
run checkjson 2 --check --json $D/dual.txt $D/truncated.txt $D/nan.txt
js checkjson "[(f['path'].split('/')[-1], f['ok'], f['samples'], f['cells'], f['end']) for f in j['files']] == [('dual.txt', True, 640, 4, 'complete'), ('truncated.txt', False, 33, 2, 'truncated'), ('nan.txt', False, None, None, None)]"
js checkjson "j['files'][0]['error'] is None and 'use --allow-incomplete' in j['files'][1]['error'] and j['files'][2]['error'].endswith(\"'nan' is not a finite number\")"
run checkjsoninc 0 --check --json --allow-incomplete $D/truncated.txt
js checkjsoninc "j['files'][0]['ok'] and j['files'][0]['end'] == 'truncated' and j['files'][0]['error'] is None"
run checknone 2 --check

# --- issue 14: messages that say where and what would help ----------------
# nothing to compare: each side's cells, and the option that would pool them
sed 's/^0 /1 /' "$T/entries.txt" >"$T/entries-cpu1.txt"
run nothingcpu 2 "$T/entries.txt" "$T/entries-cpu1.txt"
has nothingcpu err "nothing to compare"
has nothingcpu err "$T/entries.txt has 2 cells: cpu 0 getppid syscall, cpu 0 getppid int80"
has nothingcpu err "$T/entries-cpu1.txt has 2 cells: cpu 1 getppid syscall, cpu 1 getppid int80"
has nothingcpu err "--pool-cpus pools each side's CPUs"
run nothingcpupooled 0 --pool-cpus "$T/entries.txt" "$T/entries-cpu1.txt"
grep -v '^0 getppid int80 ' "$T/entries.txt" | sed 's/samples=126/samples=25/' >"$T/entries-sys.txt"
grep -v '^0 getppid syscall ' "$T/entries.txt" | sed 's/samples=126/samples=101/' >"$T/entries-int80.txt"
run nothingentry 2 "$T/entries-sys.txt" "$T/entries-int80.txt"
has nothingentry err "entries are never pooled"
hasnt nothingentry err "--pool-cpus"
sed 's/ getppid / getpid /' "$T/entries-sys.txt" >"$T/entries-getpid.txt"
run nothingsyscall 2 "$T/entries-sys.txt" "$T/entries-getpid.txt"
has nothingsyscall err "no syscall is on both sides"
# a GSL error names the cell, the sides and their files
has overflow err ", while judging values, $D/iguana vs $D/overflow.txt (no verdict)"
{
	sed -n '1,5p' "$T/entries-sys.txt"
	i=0; while [ $i -lt 20 ]; do echo "0 getppid syscall 0 full $i 0 0 1e308"; echo "0 getppid syscall 0 full $((i + 1)) 0 0 -1e308"; i=$((i + 2)); done
	echo '#% end: complete samples=20'
} >"$T/overflow-results.txt"
run gslcell 2 "$T/overflow-results.txt" "$T/entries-sys.txt"
has gslcell err "GSL error"
has gslcell err ", while judging cpu 0 getppid syscall, $T/entries-sys.txt vs $T/overflow-results.txt (no verdict)"

# --- fuzzing the parser (ASan + UBSan, bounded time) -----------------------
if make --no-print-directory fuzz >"$T/fuzz.log" 2>&1; then ok; echo "fuzz: clean"; else
	ko "fuzz: the parser crashed or leaked (see build/fuzz.log, build/crash-*)"; tail -20 "$T/fuzz.log"
fi

echo "stats: $pass passed, $fail failed"
[ "$fail" = 0 ]
