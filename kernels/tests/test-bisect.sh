#!/bin/bash
# kernels/tests/test-bisect.sh: scripts/bisect-kernels finds the commit in a
# real kernel history (make -C kernels bisect-real; part of make test, not of
# test-quick).  The history (kernels/tests/bisect-history.sh, cached in
# $BENCH_CACHE/bisect-test/) is Debian's 6.1 plus five commits; one adds 400
# dependent imuls to sys_getppid (about +450 ns, +100%, under TCG here).
# The threshold is 100% because TCG on a shared host is noisy: boot medians
# of one kernel were 346 and 525 ns (the host's speed changes), so a step
# needs the interval of the difference inside +/- 50% to call it good.
# With up to 8 pairs of boots a step, bisect-kernels must name that commit, judge
# every step by whether it contains it, and rebuild only what a step
# changed: each step's build log compiles at most 20 files (the one
# shared object directory), whereas a cold build compiles about 1000.
# Costs are printed, never asserted (measured here: see README.md,
# "Bisecting a regression").
# Environment: BISECT_OUT (report directory; default kernels/out/bisect-UTC).
# Exit 0 pass, 1 fail, 4 skip (no Debian 6.1 source or no qemu).
set -u
kdir=$(cd "$(dirname "$0")/.." && pwd)
top=$(cd "$kdir/.." && pwd)
fails=0
ok() { echo "[OK]	$*"; }
bad() { echo "[FAIL]	$*"; fails=$((fails + 1)); }

tarball=$("$kdir/lib/series" --tarball 6.1)
[ -f "$tarball" ] || { echo "[SKIP]	$tarball missing (make deps)"; exit 4; }
command -v qemu-system-x86_64 > /dev/null || { echo "[SKIP]	no qemu (make deps)"; exit 4; }
make -s -C "$top/stats" all > /dev/null || { bad "make -C stats"; exit 1; }

echo "[RUN]	the synthetic history"
t0=$(date +%s)
repo=$(nice "$kdir/tests/bisect-history.sh") || { bad "bisect-history.sh failed"; exit 1; }
culprit=$(git -C "$repo" rev-parse culprit)
echo "	history ready in $(( $(date +%s) - t0 ))s: $repo, culprit ${culprit:0:12}"

echo "[RUN]	bisect-kernels --threshold 100% good..bad"
out=${BISECT_OUT:-$kdir/out/bisect-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$(dirname "$out")"
t0=$(date +%s)
nice "$top/scripts/bisect-kernels" --src "$repo" --good good --bad bad --threshold 100% \
	--max-pairs 8 --accel tcg -o "$out" > "$out.stdout" 2> "$out.stderr"
rc=$?
secs=$(( $(date +%s) - t0 ))
echo "	bisect-kernels took ${secs}s (exit $rc); report $out/report.md"
[ $rc = 0 ] && ok "exit 0" || { bad "exit $rc"; tail -30 "$out.stderr"; }
if grep -q "^$culprit is the first bad commit" "$out.stdout"; then
	ok "names the culprit ${culprit:0:12}"
else
	bad "did not name the culprit ${culprit:0:12}: $(cat "$out.stdout")"
fi
grep -q "First bad commit: $culprit" "$out/report.md" 2> /dev/null &&
	ok "report.md names it" || bad "report.md does not name it"

# every step: bad exactly when the commit contains the culprit
n=0
while IFS=$'\t' read -r step commit verdict outcome diff lo hi unit pct plo phi pairs looks conf s bs why subject; do
	case "$step" in [0-9]*) ;; *) continue ;; esac
	n=$((n + 1))
	if git -C "$repo" merge-base --is-ancestor "$culprit" "$commit"; then want=bad; else want=good; fi
	echo "	step $step ${commit:0:12} '$subject': $verdict ($outcome, $diff [$lo, $hi] $unit, $pct% [$plo, $phi]), $pairs pairs, ${s}s (build ${bs}s)"
	[ "$verdict" = "$want" ] && ok "step $step judged $want" || bad "step $step: $verdict, want $want"
	img=$(cat "$out/steps/$(printf %02d "$step")-${commit:0:12}/image" 2> /dev/null)
	log=$(sed -n 's/^build.log: //p' "$img/info" 2> /dev/null)
	if [ -f "$log" ]; then
		# a relink recompiles ~10 (version, kallsyms, the boot stub) besides
		# what the commit touched; a cold build compiles ~1000
		cc=$(grep -cE '^  (CC|AS)  ' "$log")
		[ "$cc" -le 20 ] && ok "step $step rebuilt $cc object(s) (the shared object directory)" ||
			bad "step $step rebuilt $cc objects ($log)"
	elif [ -n "$img" ]; then
		bad "step $step: no build log for $img"
	fi
done < "$out/steps.tsv"
[ $n -ge 1 ] && ok "$n steps" || bad "no steps in $out/steps.tsv"

[ $fails = 0 ] && { echo "[OK]	test-bisect (${secs}s)"; exit 0; }
echo "[FAIL]	test-bisect: $fails failed"
exit 1
