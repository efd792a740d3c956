#!/bin/sh
# SIGINT, SIGTERM and SIGHUP (a lost ssh session) end a long run cleanly:
# exit 130/143/129, every finished sample kept as a whole line, the end
# line marks the file incomplete.  The run's temporary file is PATH.XXXXXX.tmp.
. "$(dirname "$0")/lib.sh"

for sig in INT TERM HUP; do
	case $sig in INT) want=130;; TERM) want=143;; HUP) want=129;; esac
	"$B" -q -d 120 -k 16 -s getppid,null -o sig.txt >sig.out 2>sig.err &
	pid=$!
	wait_tmp sig.txt 10
	kill -$sig $pid
	wait $pid; rc=$?
	n=$(grep -vc '^#' sig.txt 2>/dev/null)
	check "SIG$sig: exit $want (got $rc)" test "$rc" = $want
	check "SIG$sig: renamed, no .tmp left" sh -c 'test -e sig.txt && ! ls sig.txt*.tmp 2>/dev/null'
	check "SIG$sig: end line incomplete reason=SIG$sig samples=$n" \
		grep -qx "#% end: incomplete reason=SIG$sig samples=$n" sig.txt
	check "SIG$sig: samples kept, whole lines ($n)" valid_file sig.txt SIG$sig
	check "SIG$sig: summary still printed" grep -q '^0*[0-9]* *syscall *getppid' sig.out
	rm -f sig.txt
done

# --resolve stopped by a signal: says so before the end line
BENCH_SYSCALL_VARIANT_FILE=$T/none "$B" -q -s getppid --variants pad=0,pad=0 \
	--resolve 0.0001% --max-seconds 120 -o rs.txt >rs.out 2>rs.err &
pid=$!
wait_tmp rs.txt 4 switches
kill -INT $pid
wait $pid; rc=$?
check "--resolve, SIGINT: exit 130 (got $rc)" test "$rc" = 130
check "... resolve.result: stopped, just before the end line" \
	sh -c "tail -2 rs.txt | head -1 | grep -q '^#% resolve.result: stopped rounds=[0-9]* seconds='"
check "... samples kept, marked incomplete" valid_file rs.txt SIGINT
check "... the summary says not resolved" grep -q '^resolve: NOT resolved, stopped' rs.out

# -o - into a reader that quits (SIGPIPE): the run stops at once, cleanly
# (exit 141, the summary still printed on stderr), not killed mid-write
{ "$B" -s getppid -d 120 -k 16 -o - 2>pipe.err; echo $? >pipe.rc; } |
	head -c 100 >/dev/null
check "SIGPIPE on -o -: exit 141 (got $(cat pipe.rc))" test "$(cat pipe.rc)" = 141
check "SIGPIPE on -o -: summary still printed on stderr" \
	grep -q '^0*[0-9]* *syscall *getppid' pipe.err
