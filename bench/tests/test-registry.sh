#!/bin/sh
# The operation and clock tables are the only lists (issue 15.5): --help,
# --list, --list-defaults, the default --syscalls and the --clock errors
# come from them.  Checked on the normal build (the names it prints equal
# the tables' rows in ops.c and clock.c) and on build/extra/bench-syscall,
# built with one more table line each (tests/registry-extra.h: an
# operation getegid not in the default list, a clock "wall").
. "$(dirname "$0")/lib.sh"
X=$top/build/extra/bench-syscall

# the rows of the tables, read from the sources (what a newcomer edits)
table_ops=$(sed -n '/^const struct op ops\[\] = {/,/^};/s/^\t{ "\([a-z_0-9]*\)".*/\1/p' "$top/ops.c" | tr '\n' ' ')
table_defaults=$(sed -n '/^const struct op ops\[\] = {/,/^};/s/^\t{ "\([a-z_0-9]*\)".*, *1 },$/\1/p' "$top/ops.c" | paste -sd, -)
table_clocks=$(sed -n '/^const struct clock_backend \*const clocks\[\] = {/,/^};/p' "$top/clock.c" |
	grep -o '&clock_[a-z]*' | sed 's/&clock_//' | tr '\n' ' ')
check "the tables were read (ops: $table_ops; clocks: $table_clocks)" \
	test -n "$table_ops" -a -n "$table_clocks" -a -n "$table_defaults"

# --list: one row per operation, in table order, with its default flag
"$B" --list >list.out 2>&1
listed_ops=$(sed -n '/^operations:/,/^entries:/s/^  \([a-z_0-9]*\) .*/\1/p' list.out | grep -v '^name$' | tr '\n' ' ')
check "--list: the operations are the table's ($listed_ops)" test "$listed_ops" = "$table_ops"
listed_clocks=$(sed -n '/^clocks:/,$s/^  \([a-z]*\) .*/\1/p' list.out | tr '\n' ' ')
check "--list: the clocks are the table's ($listed_clocks)" test "$listed_clocks" = "$table_clocks"
check "--list: getppid is nr 110 (i386 64), default yes" \
	grep -q '^  getppid  *110  *64 yes$' list.out
check "--list: null has no number" grep -q '^  null  *-  *- yes$' list.out

# --list-defaults, and the default run measures exactly those
d=$("$B" --list-defaults)
check "--list-defaults: the table's default flags ($d)" test "$d" = "$table_defaults"
run_bench def -q --clock ns -n 2 -w 1 -k 1 -o def.txt
check "a run without -s measures the defaults ($(key def.txt syscalls))" \
	test "$(key def.txt syscalls)" = "$d"

# --help: the -s list and the clocks, from the tables
"$B" --help >help.out
help_ops=$(sed -n '/-s, --syscalls/,/null makes/p' help.out | sed -n 's/^ *\([a-z_0-9,]*,[a-z_0-9,]*\)$/\1/p' | tr ',' ' ')
check "--help: the operations are the table's ($help_ops)" test "$help_ops " = "$table_ops"
help_clocks=$(sed -n '/--clock NAME/,/-e, --events/p' help.out | sed -n 's/^ \{25\}\([a-z]*\) .*/\1/p' | tr '\n' ' ')
check "--help: one line per clock, the table's ($help_clocks)" test "$help_clocks" = "$table_clocks"
run_bench bad -q --clock sundial -o never.txt
want=$(echo "$table_clocks" | sed 's/ $//; s/ /, /g')
check "--clock unknown: exit 2, the table's names ($want)" \
	sh -c "[ $rc = 2 ] && grep -q \"unknown clock 'sundial' (auto, $want)\" bad.err"
run_bench ev -q --clock ns -e cycles -o never.txt
check "-e with a clock that counts none: names the ones that do" \
	sh -c "[ $rc = 2 ] && grep -q 'only --clock perf does' ev.err"

# the build with one more line in each table
if [ ! -x "$X" ]; then
	fail "extra build" "$X missing (make -C bench build/extra/bench-syscall)"
	exit 0
fi
"$X" --list >xlist.out 2>&1
check "one more op line: --list shows it, not a default" \
	grep -q '^  getegid  *108  *202 no$' xlist.out
check "one more clock line: --list shows it, usable" grep -q '^  wall   usable$' xlist.out
check "... --list-defaults unchanged" test "$("$X" --list-defaults)" = "$d"
"$X" --help >xhelp.out
check "... --help lists the op" grep -q 'null,getegid$' xhelp.out
check "... --help lists the clock" grep -q '^ *wall   CLOCK_MONOTONIC' xhelp.out
check "... --help: --clock names it" grep -q 'auto (default), .*, ns or wall;' xhelp.out
"$X" -q --clock sundial -o never.txt >bad2.out 2>bad2.err; rc=$?
check "... the --clock error names it" grep -q "(auto, $want, wall)" bad2.err
"$X" -q --clock wall -s getegid,getppid -n 3 -w 1 -o x.txt >x.out 2>&1; rc=$?
check "... a run with the new clock and op (rc=$rc)" valid_file x.txt
check "... recorded: clock wall, syscalls getegid,getppid" \
	test "$(key x.txt clock)/$(key x.txt syscalls)" = wall/getegid,getppid
check "... getegid samples in the file" \
	test "$(awk '!/^#/ && $2 == "getegid"' x.txt | wc -l)" = 3

# the driver names no clock: no backend symbol, no clock name in a string
# ("ns" is also the name of the ns metric and unit: only its symbol counts)
named=$(cd "$top" && for c in $table_clocks; do
	pat="&clock_$c\\b"
	[ "$c" = ns ] || pat="$pat\\|\"$c[\" :]\\|--clock $c"
	grep -n "$pat" main.c cli.c plan.c measure.c header.c summary.c
done)
check "the driver (main, cli, plan, measure, header, summary) names no clock${named:+: $named}" test -z "$named"
