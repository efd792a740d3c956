# Words split on spaces: every path a user gives may hold a space (a
# results directory "lab runs/", an image under "my kernels/").  Each tool
# takes such paths whole.

sp="$T/with space"
mkdir -p "$sp/a side" "$sp/b side"

begin spaces "bench-syscall -o, bench-stat and bench-plot on paths with spaces"
runrc "$B" -q -c 0 -s getppid -n 200 -k 8 --label a -o "$sp/a side/run 1.txt"
inv "bench-syscall writes 'a side/run 1.txt'" rc_is 0
"$B" -q -c 0 -s getppid -n 200 -k 8 --label b -o "$sp/b side/run 1.txt" >/dev/null
inv "the file is whole" valid_results "$sp/a side/run 1.txt"
runrc "$BS" "$sp/a side" "$sp/b side"
inv "bench-stat reads both directory sides" rc_is 0
inv "one file a side" sh -c "grep -c ': 1 file' '$C/out' | grep -qx 2"
runrc "$PLOT" -o "$C/plots here" "$sp/a side/run 1.txt" "$sp/b side/run 1.txt"
inv "bench-plot plots them" rc_is 0
inv "into 'plots here'" sh -c "ls '$C/plots here/'*.svg >/dev/null"

begin spaces "bench-history: the history and the results file on paths with spaces"
runrc "$BH" --db "sqlite:$C/my history.db" migrate
inv "migrate" rc_is 0
runrc "$BH" --db "sqlite:$C/my history.db" record "$sp/a side/run 1.txt"
inv "record" rc_is 0
inv "the path stored whole" sh -c "sqlite3 '$C/my history.db' 'SELECT raw_path FROM runs' | grep -qF 'a side/run 1.txt'"

begin spaces "compare-kernels --results-a/--results-b/-o with spaces"
runrc "$CK" -q --no-codegen --results-a "$sp/a side" --results-b "$sp/b side" -o "$C/my report"
inv "exit 0" rc_is 0
inv "report.md written" test -s "$C/my report/report.md"
inv "no stray directory from a split word" test ! -e "$C/my" -a ! -e "$C/report"

begin spaces "calibrate -o with a space"
runrc "$CAL" -q --trials 2 --delta-trials 1 --deltas 50% --seconds 0.2 --resolve-trials 0 \
	--budgets 0.2 --pad-seconds 0.2 --ref-seconds 0.2 -o "$C/cal out"
inv "exit 0" rc_is 0
inv "calibrate.json written" test -s "$C/cal out/calibrate.json"

begin spaces "kernels/boot: an image and -o with spaces (fake qemu)"
mkdir -p "$C/bin" "$C/tmp d" "$C/my img"
ln -s "$FAKEQ" "$C/bin/qemu-system-x86_64"
: >"$C/kvm"
echo fake >"$C/my img/bzImage"; echo fake >"$C/my img/initramfs.cpio.gz"
printf 'series: 6.1\nvariant: stock\n' >"$C/my img/info"
PATH="$C/bin:$PATH" BENCH_CACHE="$C/cache" TMPDIR="$C/tmp d" BENCH_KVM_DEV="$C/kvm" FAKE_QEMU=pass \
	runrc "$KBOOT" "$C/my img" --accel tcg -o "$C/boot out" --timeout 30
inv "exit 0" rc_is 0
inv "boot.info in 'boot out'" test -s "$C/boot out/boot.info"
inv "the results brought back" test -n "$(ls "$C/boot out" | grep -v 'boot.info\|console.log\|data.log')"
