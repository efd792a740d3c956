#!/bin/sh
# The fast-path environment (#% seccomp, tracer.pid, audit,
# syscall.tracepoints, fast.possible): a seccomp filter or a tracer must
# turn fast.possible to "no (why)"; the keys agree with /proc/self/status.
. "$(dirname "$0")/lib.sh"

# a filter that allows everything is still a filter: syscall work is set
"$top/build/seccomp-wrap" 9999 "$B" -q -n 5 -w 1 -s null,getpid -o sc.txt >sc.out 2>sc.err; rc=$?
check "under a seccomp filter: runs (rc=$rc)" valid_file sc.txt
check "... seccomp: 2" test "$(key sc.txt seccomp)" = 2
check "... fast.possible: no (seccomp filter) ($(key sc.txt fast.possible))" \
	sh -c "key() { sed -n \"s/^#% \$2: //p\" \"\$1\" | head -1; }; key sc.txt fast.possible | grep -q '^no (.*seccomp filter'"

run_bench pl -q -n 5 -w 1 -s null -o pl.txt
want=$(awk '/^Seccomp:/ {print $2}' /proc/self/status)
check "seccomp key = this shell's Seccomp ($want)" test "$(key pl.txt seccomp)" = "$want"
check "tracer.pid: 0 when not traced" test "$(key pl.txt tracer.pid)" = 0
check "audit key is enabled|disabled|unknown ($(key pl.txt audit))" \
	sh -c "echo '$(key pl.txt audit)' | grep -Eqx 'enabled|disabled|unknown'"
check "syscall.tracepoints key is on|off|unknown ($(key pl.txt syscall.tracepoints))" \
	sh -c "echo '$(key pl.txt syscall.tracepoints)' | grep -Eqx 'on|off|unknown'"
if [ "$(key pl.txt audit)" != enabled ] && [ "$(key pl.txt syscall.tracepoints)" != on ] &&
   [ "$want" = 0 ]; then
	check "nothing forces syscall work here: fast.possible yes ($(key pl.txt fast.possible))" \
		sh -c "echo '$(key pl.txt fast.possible)' | grep -q '^yes'"
else
	check "something forces syscall work here: fast.possible no" \
		sh -c "echo '$(key pl.txt fast.possible)' | grep -q '^no ('"
fi

if command -v strace >/dev/null 2>&1; then
	strace -o /dev/null "$B" -q -n 2 -w 1 -s null -o tr.txt >/dev/null 2>&1
	check "under strace: tracer.pid is not 0 ($(key tr.txt tracer.pid))" \
		test "$(key tr.txt tracer.pid)" != 0 -a -n "$(key tr.txt tracer.pid)"
	check "... fast.possible: no (traced by pid N)" \
		sh -c "echo '$(key tr.txt fast.possible)' | grep -q '^no (.*traced by pid [0-9]'"
else
	skip "under strace" "no strace"
fi
