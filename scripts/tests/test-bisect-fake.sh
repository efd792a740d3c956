#!/bin/sh
# Tests of scripts/bisect-kernels' logic with a fake build and boot
# (scripts/tests/bisect-fake/: a commit's file `cost` is what it adds to
# getppid; `broken` fails the build) and the real stats/bench-stat:
#  - a 10% threshold names the commit that added the cost; every step's
#    verdict matches its commit's cost; steps.tsv, report.md, state, the
#    error bound and a reproduce command that gives the step's outcome;
#  - --threshold measured: the baseline row, then the same commit;
#  - a commit that does not build and one at exactly half the threshold
#    are skipped (build failed / unresolved): no single commit, exit 1;
#  - a candidate with another initramfs than the reference stops it;
#  - SIGTERM in the middle of a step: exit 143, state "interrupted";
#    --resume finishes with the same answer, finished steps are not built
#    or booted again, the whole pair of the interrupted step is kept;
#  - usage errors exit 2.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bk=$top/scripts/bisect-kernels
fake=$top/scripts/tests/bisect-fake
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fails=0
ok() { echo "[OK]	$*"; }
bad() { echo "[FAIL]	$*"; fails=$((fails + 1)); }
check() { d=$1; shift; if "$@" > /dev/null 2>&1; then ok "$d"; else bad "$d"; fi; }

[ -x "$top/stats/bench-stat" ] || make -s -C "$top/stats" all > /dev/null 2>&1
[ -x "$top/stats/bench-stat" ] || { bad "no stats/bench-stat (make -C stats)"; exit 1; }

export FAKE_DIR="$tmp/fake" BENCH_CACHE="$tmp/cache"
export BENCH_KBUILD="$fake/kbuild" BENCH_KBOOT="$fake/kboot"
mkdir -p "$FAKE_DIR"

# history DIR COST...: a git tree, one commit a cost (the first is good);
# a cost "broken" is a commit that does not build, "payload" one whose image
# has another initramfs (both cost 0).
history() {
	d=$1; shift
	git init -q -b main "$d"
	git -C "$d" config user.name t; git -C "$d" config user.email t@example.invalid
	i=0
	for c in "$@"; do
		rm -f "$d/broken" "$d/payload"
		if [ "$c" = broken ]; then touch "$d/broken"; c=0; fi
		if [ "$c" = payload ]; then echo p1 > "$d/payload"; c=0; fi
		echo "$c" > "$d/cost"; echo "$i" > "$d/n"
		git -C "$d" add -A
		GIT_AUTHOR_DATE="2026-01-01T00:0$i:00Z" GIT_COMMITTER_DATE="2026-01-01T00:0$i:00Z" \
			git -C "$d" commit -q -m "c$i cost $c"
		i=$((i + 1))
	done
}
sha() { git -C "$1" rev-parse "$2"; }
col() { awk -F'\t' -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } { print $k }' "$1"; }

echo "[RUN]	threshold 10%: eight commits, the cost (+20%) comes with c4"
history "$tmp/a" 0 0 0 0 100 100 100 100
"$bk" --src "$tmp/a" --good HEAD~7 --bad HEAD --threshold 10% --max-pairs 4 \
	-o "$tmp/out-a" > "$tmp/a.out" 2> "$tmp/a.err"
rc=$?
c4=$(sha "$tmp/a" HEAD~3)
[ $rc = 0 ] && ok "exit 0" || { bad "exit $rc"; tail -20 "$tmp/a.err"; }
check "stdout names c4 ($c4)" grep -q "^$c4 is the first bad commit: c4 cost 100" "$tmp/a.out"
check "state: done, first.bad c4" grep -qx "first.bad: $c4" "$tmp/out-a/state"
check "report.md names c4" grep -q "First bad commit: $c4" "$tmp/out-a/report.md"
check "report.md states the union bound" grep -q "union bound" "$tmp/out-a/report.md"
nsteps=$(col "$tmp/out-a/steps.tsv" step | grep -c '^[0-9]')
[ "$nsteps" -ge 2 ] && [ "$nsteps" -le 4 ] && ok "$nsteps steps (log2 of 7 candidates)" ||
	bad "$nsteps steps"
# every verdict agrees with its commit's cost (subject "cN cost X")
wrong=$(awk -F'\t' 'NR > 1 && $1 ~ /^[0-9]/ { want = ($NF ~ /cost 100$/) ? "bad" : "good"; if ($3 != want) print }' "$tmp/out-a/steps.tsv")
[ -z "$wrong" ] && ok "every step's verdict matches its cost" || bad "wrong verdicts: $wrong"
check "every step carries a CI and a bench-stat outcome" \
	sh -c "awk -F'\t' 'NR > 1 && (\$6 == \"-\" || \$7 == \"-\" || \$4 == \"-\") { exit 1 }' '$tmp/out-a/steps.tsv'"
# the report's reproduce command for step 1 gives steps.tsv's outcome
cmd=$(grep -A1 '# step 1,' "$tmp/out-a/report.md" | tail -1)
want=$(col "$tmp/out-a/steps.tsv" outcome | head -1)
eval "$cmd --json" > "$tmp/repro.json" 2> /dev/null
got=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['cells'][0]['comparisons'][0]['outcome'])" "$tmp/repro.json" 2> /dev/null)
[ -n "$got" ] && [ "$got" = "$want" ] && ok "report's reproduce command gives step 1's outcome ($got)" ||
	bad "reproduce command: '$got', steps.tsv '$want' ($cmd)"
check "the source tree was not touched" test "$(sha "$tmp/a" HEAD)" = "$(sha "$tmp/a" main)"
check "a second run into the same -o is refused (exit 2)" \
	sh -c "'$bk' --src '$tmp/a' --good HEAD~7 --bad HEAD -o '$tmp/out-a' 2>/dev/null; [ \$? = 2 ]"

echo "[RUN]	threshold measured"
"$bk" --src "$tmp/a" --good HEAD~7 --bad HEAD --threshold measured --max-pairs 4 \
	-o "$tmp/out-m" > "$tmp/m.out" 2> "$tmp/m.err"
rc=$?
[ $rc = 0 ] && ok "exit 0" || { bad "exit $rc"; tail -20 "$tmp/m.err"; }
check "measured: names c4" grep -q "^$c4 is the first bad commit" "$tmp/m.out"
check "measured: a baseline row" sh -c "awk -F'\t' '\$1 == \"base\" && \$3 == \"baseline\"' '$tmp/out-m/steps.tsv' | grep -q ."
tv=$(sed -n 's/^threshold.value: //p' "$tmp/out-m/state")
python3 -c "import sys; v = float(sys.argv[1]); sys.exit(0 if 80 < v < 120 else 1)" "${tv:-x}" 2> /dev/null &&
	ok "measured threshold $tv ns (the fake adds 100)" || bad "measured threshold '$tv'"

echo "[RUN]	skips: a commit that does not build, one at half the threshold"
history "$tmp/b" 0 broken 50 100
"$bk" --src "$tmp/b" --good HEAD~3 --bad HEAD --threshold 100 --max-pairs 3 \
	-o "$tmp/out-b" > "$tmp/b.out" 2> "$tmp/b.err"
rc=$?
[ $rc = 1 ] && ok "exit 1 (no single commit)" || { bad "exit $rc"; tail -20 "$tmp/b.err"; }
check "stdout: no single first bad commit" grep -q "^no single first bad commit" "$tmp/b.out"
check "a skip for the build failure" sh -c "awk -F'\t' '\$3 == \"skip\" && \$17 ~ /build failed/' '$tmp/out-b/steps.tsv' | grep -q ."
check "a skip for the unresolved step (3 pairs)" sh -c "awk -F'\t' '\$3 == \"skip\" && \$17 ~ /unresolved after 3 pairs/' '$tmp/out-b/steps.tsv' | grep -q ."
check "report.md lists the candidates" grep -q "No single first bad commit" "$tmp/out-b/report.md"

echo "[RUN]	a step whose image boots another initramfs (bench-syscall rebuilt)"
history "$tmp/c" 0 payload payload payload 100
"$bk" --src "$tmp/c" --good HEAD~4 --bad HEAD --threshold 10% --max-pairs 3 \
	-o "$tmp/out-c" > /dev/null 2> "$tmp/c.err"
rc=$?
[ $rc = 1 ] && ok "exit 1" || bad "exit $rc"
check "says the initramfs changed" grep -q "boots another initramfs than the reference" "$tmp/c.err"

echo "[RUN]	SIGTERM in the middle of a step, then --resume"
rm -f "$FAKE_DIR/calls" "$FAKE_DIR/stalled"
# boots: reference build, then 4 a step; the 7th boot is in step 2's 2nd pair
FAKE_STALL=7 "$bk" --src "$tmp/a" --good HEAD~7 --bad HEAD --threshold 10% --max-pairs 4 \
	-o "$tmp/out-r" > "$tmp/r1.out" 2> "$tmp/r1.err" &
pid=$!
i=0
while [ ! -e "$FAKE_DIR/stalled" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
kill -TERM $pid
wait $pid
rc=$?
[ $rc = 143 ] && ok "SIGTERM: exit 143" || bad "SIGTERM: exit $rc"
check "state: interrupted" grep -qx "status: interrupted" "$tmp/out-r/state"
check "one step finished before the signal" test "$(col "$tmp/out-r/steps.tsv" step | grep -c '^[0-9]')" = 1
check "the stalled boot was stopped too" sh -c "! pgrep -f '$fake/kboo[t]' > /dev/null"
cp "$FAKE_DIR/calls" "$tmp/calls-before"
step1=$(col "$tmp/out-r/steps.tsv" commit | head -1)
"$bk" --resume "$tmp/out-r" > "$tmp/r2.out" 2> "$tmp/r2.err"
rc=$?
[ $rc = 0 ] && ok "--resume: exit 0" || { bad "--resume: exit $rc"; tail -20 "$tmp/r2.err"; }
check "--resume names c4" grep -q "^$c4 is the first bad commit" "$tmp/r2.out"
tail -n +$(($(wc -l < "$tmp/calls-before") + 1)) "$FAKE_DIR/calls" > "$tmp/calls-after"
check "--resume did not build step 1 again" sh -c "! grep -q 'build $step1' '$tmp/calls-after'"
check "--resume kept step 2's whole first pair" grep -q "1 pair(s) kept" "$tmp/r2.err"
check "steps.tsv: the same steps as a run without a stop" \
	test "$(col "$tmp/out-r/steps.tsv" commit | tr '\n' ' ')" = "$(col "$tmp/out-a/steps.tsv" commit | tr '\n' ' ')"

echo "[RUN]	usage errors"
u() { d=$1; shift; "$bk" "$@" > /dev/null 2>&1; [ $? = 2 ] && ok "exit 2: $d" || bad "not exit 2: $d"; }
u "no such revision" --src "$tmp/a" --good nosuch --bad HEAD -o "$tmp/u1"
u "good not an ancestor of bad" --src "$tmp/a" --good HEAD --bad HEAD~3 -o "$tmp/u2"
u "good = bad" --src "$tmp/a" --good HEAD --bad main -o "$tmp/u3"
u "bad threshold" --src "$tmp/a" --good HEAD~1 --bad HEAD --threshold 5x -o "$tmp/u4"
u "not a git tree" --src "$tmp" --good HEAD~1 --bad HEAD -o "$tmp/u5"
u "--resume without state" --resume "$tmp/nothing"
u "--max-pairs 2" --src "$tmp/a" --good HEAD~1 --bad HEAD --max-pairs 2 -o "$tmp/u6"

[ $fails = 0 ] && { echo "[OK]	test-bisect-fake"; exit 0; }
echo "[FAIL]	test-bisect-fake: $fails failed"
exit 1
