#!/bin/sh
# --resolve TARGET / --max-seconds / --alpha: measure until every interval
# is narrow enough.  A large pad difference resolves at the minimum number
# of rounds; a tiny target stops on the budget; the header keys are there;
# the intervals bench-syscall printed are recomputed independently
# (resolve-check.py) and bench-stat still reads the file.
. "$(dirname "$0")/lib.sh"
export BENCH_SYSCALL_VARIANT_FILE=$T/no-such-file
rc_py() { python3 "$here/resolve-check.py" "$@"; }

# pad=400 adds >= 40 ns a call (about 270 ns here), with a spread of the
# block-median differences of a few ns: a 100 ns target is resolved at once
run_bench big --clock ns -s null --variants pad=0,pad=400 --block-ms 2 --resolve 100 --max-seconds 5 -o big.txt
check "--resolve 100 with a large pad difference: runs (rc=$rc)" valid_file big.txt
check "... resolved ($(key big.txt resolve.result))" \
	sh -c "sed -n 's/^#% resolve.result: //p' big.txt | grep -q '^resolved rounds=30 '"
check "... never before the minimum of 30 rounds" test "$(key big.txt resolve.min_rounds)" = 30
check "... header: resolve.target" test "$(key big.txt resolve.target)" = 100
check "... header: resolve.max_seconds" test "$(key big.txt resolve.max_seconds)" = 5
check "... header: resolve.alpha (default 0.05)" test "$(key big.txt resolve.alpha)" = 0.05
# n_opt = max_seconds * 1000 / (block_ms * cells * variants) = 5000 / 4
check "... header: resolve.n_opt = 1250" test "$(key big.txt resolve.n_opt)" = 1250
check "... blocks: - (open-ended)" test "$(key big.txt blocks)" = -
check "... 30 rounds of 2 blocks measured" \
	test "$(awk '!/^#/ {print $4}' big.txt | sort -un | wc -l)" = 60
check "... stderr says resolved" grep -q "resolved after 30 rounds" big.err
line=$(grep 'null pad=400 - pad=0:' big.out)
ref=$(rc_py big.txt null)
check "... summary interval = the independent recomputation ($line | $ref)" \
	awk -v l="$line" -v r="$ref" 'BEGIN { split(r, x, " "); n = split(l, y, " ")
		for (i = 1; i <= n; i++) if (y[i] == "+/-") { m = y[i - 1]; h = y[i + 1]; break }
		for (i = 2; i <= n; i++) if (y[i] ~ /^rounds/) k = y[i - 1]
		# 30 rounds measured; blocks disturbed (ctxsw, migr) drop their pair
		exit !(x[2] == k && k >= 20 && k <= 30 && (m - x[3])^2 < 1e-6 && (h - x[4])^2 < 1e-6 && h <= 100) }'
if need_stat; then
	"$S" --by variant --paired --compare pad=0:pad=400 --json big.txt >bs.json 2>bs.err
	# one source of the number: bench-stat reports the interval it stopped on
	check "bench-stat reports the same anytime-valid interval ($(head -c 300 bs.err))" python3 -c '
import json, sys
c = json.load(open("bs.json"))["cells"][0]["comparisons"][0]
l = sys.argv[1].split()
m, h = float(l[l.index("+/-") - 1]), float(l[l.index("+/-") + 1])
sys.exit(not (c["estimator"] == "sequential" and c["pairs"] == int(sys.argv[2].split()[1]) and
	      abs(c["diff"] - m) < 1e-3 and abs(c["half_width"] - h) < 1e-3))' "$line" "$ref"
else
	fail "bench-stat reads a --resolve file" "no stats/bench-stat"
fi

# a target no run can reach: stops on the budget, within it
run_bench tiny --clock ns -s getppid --variants pad=0,pad=0 --block-ms 2 --resolve 0.000001 --max-seconds 0.5 -o tiny.txt
check "--resolve with a tiny target: runs (rc=$rc)" valid_file tiny.txt
res=$(key tiny.txt resolve.result)
check "... stops on the budget ($res)" sh -c "echo '$res' | grep -q '^budget rounds=[0-9]* seconds='"
# n_opt = 500 / (2 x 1 x 2): the budget's rounds
check "... n_opt from the budget: 125" test "$(key tiny.txt resolve.n_opt)" = 125
check "... stderr says NOT resolved" grep -q "NOT resolved (budget)" tiny.err
run_bench short --clock ns -s null --variants pad=0,pad=0 --block-ms 10 --resolve 1 --max-seconds 0.2 -o short.txt
check "a budget under the minimum of rounds: said at the start" grep -q "allows about 10 rounds of 10 ms blocks, fewer than the 30" short.err
check "... and it stops on the budget" sh -c "grep -q '^#% resolve.result: budget' short.txt"
check "... summary says so" grep -q "^resolve: NOT resolved, budget spent" tiny.out

# percent target, three variants: every consecutive pair is judged
run_bench pct -q --clock ns -s getppid --variants pad=0,pad=100,pad=300 --block-ms 2 --resolve 50% --alpha 0.1 --max-seconds 20 -o pct.txt
check "--resolve 50% with three variants (rc=$rc)" valid_file pct.txt
check "... target recorded as 50%" test "$(key pct.txt resolve.target)" = 50%
check "... alpha recorded" test "$(key pct.txt resolve.alpha)" = 0.1
check "... both pairs in the summary" test "$(grep -c 'getppid pad=100 - pad=0:\|getppid pad=300 - pad=100:' pct.out)" = 2
ref=$(rc_py pct.txt getppid)
check "... resolved: every half-width <= 50% of pad=0's level ($ref)" \
	sh -c "grep -q '^#% resolve.result: resolved' pct.txt && echo '$ref' | awk '{ if (\$4 > 0.5 * \$5) exit 1 }'"

bad_usage "--resolve without variants" "needs --variants with at least two" --resolve 1%
bad_usage "--resolve with one variant" "needs --variants with at least two" --variants pad=0 --resolve 1%
bad_usage "--resolve with --samples" "chooses the number of rounds" --variants pad=0,pad=1 --resolve 1% -n 100
bad_usage "--resolve with --rounds" "chooses the number of rounds" --variants pad=0,pad=1 --resolve 1% --rounds 5
bad_usage "--resolve junk" "neither a percentage" --variants pad=0,pad=1 --resolve 1x
bad_usage "--resolve 0" "neither a percentage" --variants pad=0,pad=1 --resolve 0
bad_usage "--max-seconds without --resolve" "go with --resolve" --variants pad=0,pad=1 --max-seconds 5
bad_usage "--alpha 0.7" "alpha: '0.7'" --variants pad=0,pad=1 --resolve 1% --alpha 0.7
