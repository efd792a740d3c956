#!/bin/sh
# From a regression to its cause (issue 16.4, 16.5): nights on commit c1
# of one kernel tree, then on c2 that is 3% slower.  nightly's summary
# gives the exact scripts/bisect-kernels command for the change point,
# runs it with BISECT=yes (a stand-in that logs its arguments) once, and
# every regression comes with a reproduction bundle from which bench-stat
# gives the same comparison again.
. "$(dirname "$0")/../nightly.d/tests-lib.sh"

cat >"$T/fake-bisect" <<EOB
#!/bin/sh
echo "\$*" >>"$T/bisect.args"
echo "first bad commit: c2"
EOB
chmod +x "$T/fake-bisect"
bconf=$T/b.conf
write_conf "$bconf" "KERNEL_TREE=$T/linux tree" KERNEL_COMMIT=c1 BISECT=yes \
	"BISECT_KERNELS=$T/fake-bisect" "BISECT_ARGS=--accel tcg"
for day in 1 2 3 4 5 6 7 8; do
	night "$bconf" $day || fail "night $day (c1): exit $?: $(tail -n 3 "$T/night.err")"
done
sed -i 's/^KERNEL_COMMIT=c1$/KERNEL_COMMIT=c2/' "$bconf"
for day in 9 10 11 12 13 14; do
	night "$bconf" $day --shift 3
	rc=$?
	[ $rc = 1 ] || fail "night $day (c2, 3% slower): exit $rc, want 1: $(tail -n 3 "$T/night.err")"
done
out=$T/results/labhost/nightly
grep -q "^change point: .* between run 8 .* and run 9 " "$out/summary.txt" &&
	ok "the change point lies between the c1 and c2 nights" ||
	fail "no change point 8 -> 9: $(grep 'change point' "$out/summary.txt")"
want="bisect (+3.*% between run 8 and run 9, one tree): '$T/fake-bisect' --src '$T/linux tree' --good c1 --bad c2 --threshold 2% --syscall get[a-z]* --accel tcg"
grep -q "^$want\$" "$out/summary.txt" && ok "the summary gives the bisect-kernels command" ||
	fail "bisect line: $(grep '^bisect' "$out/summary.txt")"
[ "$(jq -c '[.bisects[] | [.tree, .good, .bad, .before_run, .after_run]]' "$out/summary.json")" = \
	"[[\"$T/linux tree\",\"c1\",\"c2\",8,9]]" ] && ok "summary.json lists it" ||
	fail "summary.json bisects: $(jq -c .bisects "$out/summary.json")"
# BISECT=yes ran it, once over the nights that all show the change point
[ "$(wc -l <"$T/bisect.args" 2>/dev/null)" = 1 ] && ok "bisect-kernels ran once" ||
	fail "bisect-kernels ran $(wc -l <"$T/bisect.args" 2>/dev/null) times"
case "$(cat "$T/bisect.args")" in
"--src $T/linux tree --good c1 --bad c2 --threshold 2% --syscall get"*" -o $out/bisect-"*" --accel tcg")
	ok "with --src, --good, --bad, --threshold, --syscall, -o, BISECT_ARGS" ;;
*) fail "bisect-kernels args: $(cat "$T/bisect.args")" ;;
esac
grep -rq "bisect c1..c2: first bad commit: c2" "$out"/summary-*.txt &&
	ok "its answer is in that night's summary" || fail "no bisect answer in the summaries"

# the reproduction bundle of the last regression night
b=$(ls -d "$out"/bundle-* 2>/dev/null | grep -v 'tar.gz$' | tail -n 1)
[ -n "$b" ] && [ -f "$b.tar.gz" ] && ok "bundle directory and tarball" || { fail "no bundle in $out"; finish; }
grep -q "^reproduction bundle: $b " "$out/summary.txt" && ok "the summary names it" ||
	fail "summary does not name the bundle"
rid=$(jq '.runs[0].run' "$out/summary.json")
base=$(jq -r '.runs[0].baseline_runs | map(tostring) | join(" ")' "$out/summary.json")
[ -f "$b/results/tonight-run-$rid.txt" ] && ok "tonight's results file" || fail "no tonight's file"
n=0
for r in $base; do [ -f "$b/results/baseline-run-$r.txt" ] && n=$((n + 1)); done
[ $n -gt 0 ] && [ $n = "$(echo $base | wc -w)" ] && ok "all $n baseline results files" ||
	fail "$n baseline files for runs $base"
for f in summary.txt summary.json changepoints.json judge-run-$rid.json \
	bench-stat-run-$rid.json commits.txt reproduce.sh runs/run-$rid.tsv; do
	[ -s "$b/$f" ] || fail "bundle lacks $f"
done
grep -q "^run $rid: kernel .* commit c2 tree $T/linux tree$" "$b/commits.txt" &&
	grep -q "^baseline run [0-9]*: kernel .* commit c1 tree $T/linux tree$" "$b/commits.txt" &&
	ok "commit ids and tree of tonight and the baseline" || fail "commits.txt: $(cat "$b/commits.txt")"
grep -q "^$T/fake-bench --cpus 0 .* -o $out/" "$b/reproduce.sh" &&
	grep -q "bisect-kernels\|fake-bisect' --src" "$b/reproduce.sh" &&
	ok "reproduce.sh has the measuring and the bisect commands" || fail "reproduce.sh: $(cat "$b/reproduce.sh")"
grep -q "^cpu	" "$b/runs/run-$rid.tsv" && grep -q "^cmdline	" "$b/runs/run-$rid.tsv" &&
	ok "the environment as recorded" || fail "run-$rid.tsv: $(cat "$b/runs/run-$rid.tsv")"
"$T/bin/bench-stat" --check "$b"/results/*.txt >"$T/chk" 2>&1 && ok "bundled files are valid results" ||
	fail "bench-stat --check: $(cat "$T/chk")"
# the comparison again, from the bundle alone: the same numbers
mkdir -p "$T/rb" && cp "$b"/results/baseline-run-*.txt "$T/rb/"
"$T/bin/bench-stat" --json -c 99 --seed 1 "$T/rb" "$b/results/tonight-run-$rid.txt" >"$T/again.json"
[ "$(jq -c '[.cells[] | .comparisons[0].diff_pct]' "$T/again.json")" = \
	"$(jq -c '[.cells[] | .comparisons[0].diff_pct]' "$b/bench-stat-run-$rid.json")" ] &&
	ok "bench-stat on the bundle reproduces tonight's comparison" ||
	fail "bundle comparison differs"
# no regression, no bundle
ls -d "$out"/bundle-* | grep -v tar.gz | wc -l >"$T/nb"
[ "$(cat "$T/nb")" = 6 ] && ok "one bundle per regression night (6)" || fail "$(cat "$T/nb") bundles"
finish
