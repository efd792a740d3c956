#!/bin/sh
# -o PATH (issue 14): what is at PATH decides how the run is written.
# A device, FIFO or a symlink to one is written in place, never replaced by
# a regular file; a symlink to a file is followed; a directory or a dangling
# symlink is refused before anything is measured; two runs on one PATH do
# not mix; a full disk leaves PATH marked incomplete, never a stray .tmp,
# and never replaces an earlier run at PATH (the cut run goes beside it).
. "$(dirname "$0")/lib.sh"

Q="-q -s getppid -k 16"
no_tmp() { ! ls "$1".*.tmp >/dev/null 2>&1; }

# a FIFO stays a FIFO and its reader gets the whole run
mkfifo fifo
# (timeout: on a writer that replaces the FIFO the reader would wait forever)
timeout 30 cat fifo >fifo.got &
cat_pid=$!
run_bench fifo $Q -n 50 -o fifo
wait $cat_pid
check "FIFO: exit 0 (got $rc)" test $rc = 0
check "FIFO: still a FIFO, not replaced" test -p fifo
check "FIFO: the reader got the whole run" valid_file fifo.got
check "FIFO: no temporary file beside it" no_tmp fifo

# a symlink to a FIFO (what /dev/stdout is, through /proc/self/fd)
mkfifo fifo2
ln -s fifo2 link2fifo
timeout 30 cat fifo2 >fifo2.got &
cat_pid=$!
run_bench l2f $Q -n 50 -o link2fifo
wait $cat_pid
check "symlink to a FIFO: exit 0 (got $rc)" test $rc = 0
check "symlink to a FIFO: link and FIFO kept" test -L link2fifo -a -p fifo2
check "symlink to a FIFO: the reader got the run" valid_file fifo2.got

# a symlink to a regular file: the file it names gets the result
mkdir real
echo old >real/r.txt
ln -s real/r.txt link
run_bench link $Q -n 50 -o link
check "symlink to a file: exit 0 (got $rc)" test $rc = 0
check "symlink to a file: still a symlink" test -L link
check "symlink to a file: its target holds the run" valid_file real/r.txt
check "symlink to a file: no temporary file left" no_tmp real/r.txt

# a dangling symlink and a directory: refused up front, nothing measured
ln -s nowhere dangling
run_bench dang $Q -n 50 -o dangling
check "dangling symlink: refused (exit 1, got $rc)" test $rc = 1
check "dangling symlink: says why" grep -q "symlink to nothing" dang.err
check "dangling symlink: nothing created" test ! -e nowhere -a -L dangling
mkdir adir
run_bench dir $Q -n 50 -o adir
check "-o DIR: refused (exit 1, got $rc)" test $rc = 1
check "-o DIR: says it is a directory" grep -q "adir is a directory" dir.err
check "-o DIR: refused before measuring (no summary)" test ! -s dir.out
check "-o DIR: no temporary file left" no_tmp adir

# device nodes.  Private nodes of the same devices (root: mknod), never
# the machine's /dev/null and /dev/full: a writer that renames over its
# target (the defect) would replace those for everyone.
if [ "$(id -u)" = 0 ] && mknod null c 1 3 && mknod full c 1 7; then
	run_bench null $Q -n 50 -o null
	check "null device: exit 0 (got $rc)" test $rc = 0
	check "null device: still a character device" test -c null
	check "null device: no temporary file beside it" no_tmp null
	fulldev=full
else
	skip "null device" "not root: cannot make a private node"
	fulldev=/dev/full	# not root: cannot be replaced
fi
run_bench full $Q -n 50 -o $fulldev
check "full device: exit 1 (got $rc)" test $rc = 1
check "full device: says the disk is full" grep -q "No space left on device" full.err
check "full device: still a character device" test -c $fulldev

# two runs on one PATH: the second refuses; the first keeps its samples
"$B" $Q -d 120 -o two.txt >two1.out 2>two1.err &
pid=$!
wait_tmp two.txt 10
run_bench two2 $Q -n 20 -o two.txt
kill -INT $pid
wait $pid; rc1=$?
check "second run on one -o: refused (exit 1, got $rc)" test $rc = 1
check "second run on one -o: says another run writes it" \
	grep -q "another run is writing" two2.err
check "first run: exit 130 (got $rc1)" test $rc1 = 130
check "first run: its samples kept, marked incomplete" valid_file two.txt SIGINT
check "first run: one header (nothing of the second run)" \
	test "$(grep -c '^#bench-syscall-results' two.txt)" = 1
check "no temporary file left" no_tmp two.txt

# a full disk: a small tmpfs (root only)
if [ "$(id -u)" = 0 ] && mkdir small && mount -t tmpfs -o size=64k tmpfs small 2>/dev/null; then
	run_bench fill $Q -d 60 -o small/r.txt
	check "full disk: exit 1 (got $rc)" test $rc = 1
	check "full disk: says so" grep -q "small/r.txt: No space left on device" fill.err
	check "full disk: the file is at PATH, no temporary file" \
		sh -c 'test -s small/r.txt && ! ls small/r.txt.*.tmp 2>/dev/null'
	check "full disk: whole samples, marked reason=write-error" \
		valid_file small/r.txt write-error
	if need_stat; then
		check "full disk: bench-stat reads it (--allow-incomplete, as both sides)" \
			sh -c '"$1" --allow-incomplete small/r.txt small/r.txt >/dev/null 2>&1' - "$S"
	else
		skip "full disk: bench-stat reads it" "bench-stat does not build"
	fi
	# over an earlier complete run: that run stays, the cut one goes beside it
	rm -f small/r.txt small/r.txt.*
	run_bench first $Q -n 200 -o small/r.txt
	sum0=$(md5sum <small/r.txt)
	run_bench over $Q -d 60 -o small/r.txt
	check "full disk over a complete run: exit 1 (got $rc)" test $rc = 1
	check "full disk over a complete run: the earlier run is untouched" \
		test "$(md5sum <small/r.txt)" = "$sum0"
	kept=$(ls small/r.txt.*.incomplete 2>/dev/null)
	check "full disk over a complete run: the cut run kept as PATH.XXXXXX.incomplete" \
		test -n "$kept" -a "$(echo "$kept" | wc -l)" = 1
	check "... its whole samples, marked reason=write-error" \
		valid_file "$kept" write-error
	check "... the error names where it is" \
		sh -c 'test -n "$1" && grep -q -F "$1" "$2"' - "$kept" over.err
	check "... no temporary file left" no_tmp small/r.txt
	umount small
else
	skip "full disk on a small tmpfs" "needs root and mount -t tmpfs"
fi
