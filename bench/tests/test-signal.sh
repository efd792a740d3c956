#!/bin/sh
# SIGINT and SIGTERM end a long run cleanly: exit 130/143, every finished
# sample kept as a whole line, the end line marks the file incomplete.
. "$(dirname "$0")/lib.sh"

for sig in INT TERM; do
	want=$([ $sig = INT ] && echo 130 || echo 143)
	"$B" -q -d 120 -k 16 -s getppid,null -o sig.txt >sig.out 2>sig.err &
	pid=$!
	# wait (at most 20 s) until samples reach the temporary file
	i=0
	while [ $i -lt 200 ]; do
		c=$(grep -vc '^#' sig.txt.tmp 2>/dev/null)
		[ "${c:-0}" -ge 10 ] && break
		sleep 0.1; i=$((i + 1))
	done
	kill -$sig $pid
	wait $pid; rc=$?
	n=$(grep -vc '^#' sig.txt 2>/dev/null)
	check "SIG$sig: exit $want (got $rc)" test "$rc" = $want
	check "SIG$sig: renamed, no .tmp left" test -e sig.txt -a ! -e sig.txt.tmp
	check "SIG$sig: end line incomplete reason=SIG$sig samples=$n" \
		grep -qx "#% end: incomplete reason=SIG$sig samples=$n" sig.txt
	check "SIG$sig: samples kept, whole lines ($n)" valid_file sig.txt SIG$sig
	check "SIG$sig: summary still printed" grep -q '^0*[0-9]* *syscall *getppid' sig.out
	rm -f sig.txt
done
