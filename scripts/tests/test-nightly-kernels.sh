#!/bin/sh
# nightly with KERNELS: each configured image is booted through the
# kernels/boot interface (here a stand-in that writes what kernels/boot
# writes: bench-N.txt results files in -o OUTDIR), recorded with the
# image's commit, and judged as its own series (label LABEL-IMAGE).
. "$(dirname "$0")/../nightly.d/tests-lib.sh"

mkdir -p "$T/img/6.1-fast" "$T/img/6.1-full"
for v in fast full; do
	: >"$T/img/6.1-$v/bzImage"
	printf 'kernel.version: 6.1.192\nseries: 6.1\nvariant: %s\npatch.sha256: %s\n' \
		"$v" "$(echo $v | sha256sum | cut -c1-64)" >"$T/img/6.1-$v/info"
done
# stand-in for kernels/boot: checks its arguments, writes bench-1.txt
cat >"$T/fake-boot" <<EOB
#!/bin/sh
img=\$1; shift
out= args= run=
while [ \$# -gt 0 ]; do
	case "\$1" in
	-o) out=\$2; shift 2 ;;
	--bench-args) args=\$2; shift 2 ;;
	--run) run=\$2; shift 2 ;;
	*) shift ;;
	esac
done
[ "\$run" = bench ] && [ -n "\$out" ] || { echo "fake boot: bad call" >&2; exit 2; }
label=\$(echo "\$args" | sed 's/.*--label \([^ ]*\).*/\1/')
mkdir -p "\$out"
echo "PASS fake" >"\$out/selftests.txt"
shift=0
[ "\$(basename "\$img")" = 6.1-full ] && shift=\${FULL_SHIFT:-0}
"$GEN" -o "\$out/bench-1.txt" --label "\$label" --kernel 6.1.192-\$(basename "\$img") \\
	--shift \$shift --blocks 6 --samples 150 \$NIGHT_ARGS
EOB
chmod +x "$T/fake-boot"
write_conf "$T/k.conf" RUN_LOCAL=no "KERNELS=$T/img/6.1-fast $T/img/6.1-full" \
	"KERNELS_BOOT=$T/fake-boot" "BOOT_ARGS=--accel tcg"
for day in 1 2 3 4 5; do
	night "$T/k.conf" $day --run-sd 1 --block-sd 0.3 ||
		fail "kernels night $day: exit $?: $(cat "$T/night.err")"
done
FULL_SHIFT=7 night "$T/k.conf" 6 --run-sd 1 --block-sd 0.3
rc=$?
[ $rc = 1 ] && ok "slowdown in one test kernel flagged (exit 1)" || fail "exit $rc: $(cat "$T/night.out")"
j=$T/results/labhost/nightly/summary.json
[ "$(jq '.runs | length' "$j")" = 2 ] && ok "two kernels, two runs tonight" || fail "runs: $(jq '.runs | length' "$j")"
st=$(jq -r '[.runs[] | .kernel_release + "=" + .status] | join(" ")' "$j")
[ "$st" = "6.1.192-6.1-fast=good 6.1.192-6.1-full=regression" ] &&
	ok "only the slower kernel regressed ($st)" || fail "statuses: $st"
c=$(jq -r '.runs[1].kernel_commit' "$j")
[ "$c" = "$(echo full | sha256sum | cut -c1-12)" ] && ok "commit from the image's info ($c)" ||
	fail "commit '$c'"
# each image is its own series: the full kernel's baseline holds only its runs
"$BH" --db "sqlite:$T/history.db" show "$(jq '.runs[1].run' "$j")" | grep -q '^label	nightly-6.1-full$' &&
	ok "label nightly-6.1-full" || fail "label of the full run"
for b in $(jq -r '.runs[1].baseline_runs[]' "$j"); do
	"$BH" --db "sqlite:$T/history.db" show "$b" | grep -q '^label	nightly-6.1-full$' ||
		fail "baseline run $b is not a 6.1-full run"
done

# an image built from a git tree (kernels/build --src): its tree and commit
# are recorded, what a bisect between two nights needs (issue 16.4)
printf 'source: %s\nsource.commit: %s\n' "$T/linux tree" 0123456789abcdef0123 \
	>>"$T/img/6.1-fast/info"
night "$T/k.conf" 7 --run-sd 1 --block-sd 0.3
fast=$(jq '.runs[0].run' "$j")
"$BH" --db "sqlite:$T/history.db" show "$fast" >"$T/show"
grep -qxF "kernel_tree	$T/linux tree" "$T/show" && grep -qx 'kernel_commit	0123456789abcdef0123' "$T/show" &&
	ok "tree and source.commit of a git-built image recorded" ||
	fail "run $fast: $(grep kernel_ "$T/show")"
finish
