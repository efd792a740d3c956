#!/bin/sh
# The results format, byte for byte, before and after the writer moved to
# results/writer.c (issue 15.1): golden/*.txt are files bench-syscall
# c01f668 wrote (the last build with the writer in bench/), masked by
# golden/mask.awk where a run or a machine differs (date, host, the
# environment block, measured values).  Each is run again with the command
# line it records and must mask to the same bytes: every key, its order,
# every line's shape, the switch and end lines.
. "$(dirname "$0")/lib.sh"
G=$here/golden
echo full >vf
for g in "$G"/*.txt; do
	name=$(basename "$g" .txt)
	args=$(sed -n 's/^#% command: \* //p' "$g")
	header=0
	case $name in *-header) header=1;; esac
	# a plain file to switch; none (variant "-") without --variants
	vf=$T/none
	case " $args " in *" --variants "*) vf=$T/vf;; esac
	# shellcheck disable=SC2086 # the recorded words, none quoted
	BENCH_SYSCALL_VARIANT_FILE=$vf "$B" $args >"$name.out" 2>"$name.err"; rc=$?
	if [ $rc = 2 ] && grep -q 'refused' "$name.err"; then
		skip "golden $name" "$(head -c 120 "$name.err")"
		continue
	fi
	awk -v header=$header -f "$G/mask.awk" "$name.txt" >"$name.masked" 2>/dev/null
	if [ $rc = 0 ] && cmp -s "$g" "$name.masked"; then
		pass "golden $name: the same bytes as c01f668 wrote (masked)"
	else
		fail "golden $name" "rc=$rc; $(diff "$g" "$name.masked" | head -5 | tr '\n' ' ')"
	fi
done
