# Outputs that are not what they should be: bench-syscall -o on a device,
# a FIFO, a symlink to a device (written in place, never replaced by a
# regular file); a history path that is a directory, a device or a FIFO;
# an -o that is a regular file where a directory goes.  Private device
# nodes (mknod in the case directory), never the machine's /dev/null.

begin targets "bench-syscall -o a private null device, full device, FIFO, symlink to a device"
if [ "$(id -u)" != 0 ]; then skip "mknod needs root"; else
	mknod "$C/null" c 1 3 && mknod "$C/full" c 1 7 && mkfifo "$C/fifo" && ln -s null "$C/link"
	runrc "$B" -q -s getppid -n 100 -o "$C/null"
	inv "-o null: exit 0" rc_is 0
	inv "null is still a device" test -c "$C/null"
	runrc "$B" -q -s getppid -n 100 -o "$C/full"
	inv "-o full: exit 1" rc_is 1
	inv "says the device is full" says "No space left"
	inv "full is still a device" test -c "$C/full"
	cat "$C/fifo" >"$C/fifo.out" &
	runrc "$B" -q -s getppid -n 100 -o "$C/fifo"
	wait
	inv "-o FIFO: exit 0" rc_is 0
	inv "the FIFO is still a FIFO" test -p "$C/fifo"
	inv "the reader got the whole file" sh -c "tail -n 1 '$C/fifo.out' | grep -q '^#% end: complete samples=100'"
	runrc "$B" -q -s getppid -n 100 -o "$C/link"
	inv "-o symlink to null: exit 0" rc_is 0
	inv "the symlink still points at the device" test -h "$C/link" -a -c "$C/null"
	inv "no .tmp left beside any of them" test -z "$(ls "$C" | grep '\.tmp$')"
fi

begin targets "bench-history with the SQLite history path a directory, a device, a FIFO, a text file"
mkdir -p "$C/dir"
echo "not a database" >"$C/text.db"
mkfifo "$C/fifo"
[ "$(id -u)" != 0 ] || mknod "$C/null" c 1 3
"$GEN" -o "$C/g.txt" --seed 1
for p in dir fifo text.db null; do
	[ -e "$C/$p" ] || continue
	runrc timeout 60 "$BH" --db "sqlite:$C/$p" migrate
	inv "$p: migrate exit 2" rc_is 2
	inv "$p: the error names it" says "$C/$p"
	runrc timeout 60 "$BH" --db "sqlite:$C/$p" record "$C/g.txt"
	inv "$p: record exit 2" rc_is 2
done
inv "the text file untouched" test "$(cat "$C/text.db")" = "not a database"
inv "the FIFO still a FIFO" test -p "$C/fifo"

begin targets "-o a regular file where a directory goes: calibrate, kernels/boot, nightly's RESULTS_DIR"
echo keep >"$C/file"
runrc "$CAL" -q -o "$C/file"
inv "calibrate: exit 2" rc_is 2
inv "calibrate: no traceback" no_traceback
mkdir -p "$C/img"
echo fake >"$C/img/bzImage"; echo fake >"$C/img/initramfs.cpio.gz"
printf 'series: 6.1\nvariant: stock\n' >"$C/img/info"
BENCH_CACHE="$C/cache" runrc "$KBOOT" "$C/img" -o "$C/file"
inv "kernels/boot: exit 2" rc_is 2
printf 'RESULTS_DIR=%s\nDB=sqlite:%s\nLOCK_FILE=%s\nBENCH=/bin/false\nBENCH_STAT=%s\nHOST=labhost\nPLOTS=no\n' \
	"$C/file" "$C/h.db" "$C/lock" "$BS" >"$C/conf"
runrc "$NIGHTLY" --config "$C/conf"
inv "nightly: exit 2" rc_is 2
inv "nightly: says it cannot create it" says "cannot create"
inv "the file untouched" test "$(cat "$C/file")" = keep

begin targets "labcheck --root a tree whose /proc/self/status is a FIFO, its cpuinfo garbage"
mkdir -p "$C/root/proc/self" "$C/root/sys/devices/system/cpu"
printf 'garbage\0\377\n' >"$C/root/proc/cpuinfo"
echo "x y z" >"$C/root/proc/cmdline"
mkfifo "$C/root/proc/self/status"
runrc timeout 120 "$top/scripts/labcheck" --root "$C/root" --no-boot -q
inv "it ends (a FIFO is not read; the hang guard is not hit)" test $rc != 124
inv "exit 2 (unusable)" rc_is 2
inv "no traceback" no_traceback
