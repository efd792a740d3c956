[ -n "${bf:-}" ] || . "$here/lib-badfiles.sh"

begin bad-file "the control: one good file through bench-stat, bench-history, bench-plot, compare-kernels"
runrc "$BS" "$bf/good.txt" "$bf/good-b.txt"
inv "bench-stat exit 0" rc_is 0
runrc "$BH" --db "sqlite:$C/h.db" migrate
runrc "$BH" --db "sqlite:$C/h.db" record "$bf/good.txt"
inv "bench-history record exit 0" rc_is 0
runrc "$PLOT" -o "$C/plots" "$bf/good.txt" "$bf/good-b.txt"
inv "bench-plot exit 0" rc_is 0
mkdir -p "$C/a" "$C/b" && cp "$bf/good.txt" "$C/a/" && cp "$bf/good-b.txt" "$C/b/"
runrc "$CK" -q --no-codegen --results-a "$C/a" --results-b "$C/b" -o "$C/rep"
inv "compare-kernels exit 0" rc_is 0

# bench-stat and bench-history: every kind refused
for k in $refused $nomagic; do
	mkbad $k
	begin bad-file "bench-stat A $k.txt"
	runrc "$BS" "$bf/good.txt" "$bf/$k.txt"
	inv "exit 2" rc_is 2
	inv "$(linedesc $k "$bad_line")" names $k "$bad_line"
	inv "no verdict printed" sh -c "! grep -q 'getppid' '$C/out'"

	begin bad-file "bench-history record $k.txt"
	fresh_history
	runrc "$BH" --db "sqlite:$C/h.db" record "$bf/$k.txt"
	inv "non-zero exit" rc_fails
	inv "$(linedesc $k "$bad_line")" names $k "$bad_line"
	inv "nothing recorded, history consistent" history_unchanged
done

begin bad-file "bench-stat, bench-history, bench-plot: a 16 KB header line (valid: its tail is no sample)"
runrc "$BS" "$bf/good.txt" "$bf/longline.txt"
inv "bench-stat reads it whole (the end line's count agrees)" rc_is 0
fresh_history
runrc "$BH" --db "sqlite:$C/h.db" record "$bf/longline.txt"
inv "bench-history records it whole" rc_is 0
runrc "$PLOT" -o "$C/plots" "$bf/good.txt" "$bf/longline.txt"
inv "bench-plot plots it" rc_is 0

# extreme but valid: every reader gets through them (a hang, under the
# generous guard of `timeout`, fails the case; no time is asserted)
for k in bigblock hugeline; do
	begin bad-file "bench-stat, bench-history, bench-plot, compare-kernels: $k.txt (valid)"
	runrc timeout 300 "$BS" "$bf/good.txt" "$bf/$k.txt"
	inv "bench-stat reads it" rc_is 0
	fresh_history
	runrc timeout 300 "$BH" --db "sqlite:$C/h.db" record "$bf/$k.txt"
	inv "bench-history records it" rc_is 0
	runrc timeout 300 "$PLOT" -o "$C/plots" "$bf/good.txt" "$bf/$k.txt"
	inv "bench-plot plots it" rc_is 0
	mkdir -p "$C/a" "$C/b" && cp "$bf/good.txt" "$C/a/" && cp "$bf/$k.txt" "$C/b/"
	runrc timeout 300 "$CK" -q --no-codegen --results-a "$C/a" --results-b "$C/b" -o "$C/rep"
	inv "compare-kernels reports it" rc_is 0
done

begin bad-file "bench-stat --allow-incomplete A cut.txt (cut mid-line, no end line)"
runrc "$BS" --allow-incomplete "$bf/good.txt" "$bf/cut.txt"
inv "exit 0" rc_is 0
inv "its 50 whole samples used" grep -q '200+50 samples' "$C/out"

# bench-plot: the kinds it refuses today (the rest: cases-pending/badfiles-plot.sh)
for k in cut text nul fields extra $nomagic; do
	mkbad $k
	begin bad-file "bench-plot A $k.txt"
	runrc "$PLOT" -o "$C/plots" "$bf/good.txt" "$bf/$k.txt"
	inv "non-zero exit" rc_fails
	inv "no traceback" no_traceback
	inv "names $k.txt" names $k ""
	inv "no plot made" no_plots
done

# compare-kernels: a directory side skips files that are not results files
# (console.log, ...), so only those with a header are tried here; it reads
# through bench-stat, so a few kinds show that it passes the refusal on
for k in cut nan count cpu extra dupcol; do
	begin bad-file "compare-kernels --results-b DIR holding $k.txt"
	mkdir -p "$C/a" "$C/b" && cp "$bf/good.txt" "$C/a/" && cp "$bf/good-b.txt" "$bf/$k.txt" "$C/b/"
	runrc "$CK" -q --no-codegen --results-a "$C/a" --results-b "$C/b" -o "$C/rep"
	inv "exit 2" rc_is 2
	inv "no traceback" no_traceback
	inv "names $k.txt" names $k ""
	inv "no report pretends to be complete" test ! -e "$C/rep/report.md"
done

# bench-stat's JSON gone wrong (NaN, cut, a newer version, not an object):
# compare-kernels (through BENCH_STAT) and bench-plot --json exit 2, no
# traceback, name the JSON file
cat >"$bf/fake-bench-stat" <<EOS
#!/bin/sh
# only the judging --json goes wrong: --check and --dump answer truly
case " \$* " in *" --check "*|*" --dump "*) exec "$BS" "\$@" ;; esac
for a; do [ "\$a" = --json ] && { cat "\$FAKE_JSON"; exit 0; }; done
exec "$BS" "\$@"
EOS
chmod +x "$bf/fake-bench-stat"
mkdir -p "$bf/a" "$bf/b" && cp "$bf/good.txt" "$bf/a/" && cp "$bf/good-b.txt" "$bf/b/"
for j in nan cut newer array; do
	case $j in
	nan)	echo '{"version": 1, "cells": [{"median": NaN}]}' ;;
	cut)	echo '{"version": 1, "cells": [{"med' ;;
	newer)	echo '{"version": 999, "cells": []}' ;;
	array)	echo '[1, 2, 3]' ;;
	esac >"$bf/$j.json"
	begin bad-json "compare-kernels with bench-stat's JSON $j"
	FAKE_JSON=$bf/$j.json BENCH_STAT=$bf/fake-bench-stat \
		runrc "$CK" -q --no-codegen --results-a "$bf/a" --results-b "$bf/b" -o "$C/rep"
	inv "exit 2" rc_is 2
	inv "no traceback" no_traceback
	inv "names stat.json" says "stat.json"
	inv "the raw results kept" test -s "$C/rep/raw/b/good-b.txt" -o -n "$(find "$C/rep" -name good-b.txt)"

	begin bad-json "bench-plot --json $j.json"
	runrc "$PLOT" --json "$bf/$j.json" -o "$C/plots" "$bf/good.txt" "$bf/good-b.txt"
	inv "exit 2" rc_is 2
	inv "no traceback" no_traceback
	inv "names $j.json" says "$j.json"
done

# A results file the reader cannot open, in a directory side (as nobody:
# root reads a mode 000 file): an error naming it, never a silent skip.
begin bad-file "bench-stat, as nobody, a directory side holding an unreadable results file"
if ! command -v runuser >/dev/null || [ "$(id -u)" != 0 ]; then
	skip "needs root and runuser"
else
	chmod 755 "$T" "$C"
	mkdir -p "$C/side" && cp "$bf/good.txt" "$C/side/1.txt" && cp "$bf/good.txt" "$C/side/2.txt" &&
		cp "$bf/good-b.txt" "$C/b.txt" && chmod 644 "$C/side/1.txt" "$C/b.txt" && chmod 000 "$C/side/2.txt"
	runrc runuser -u nobody -- "$BS" "$C/b.txt" "$C/side"
	inv "non-zero exit" rc_fails
	inv "names 2.txt" says "2\.txt"
fi

# calibrate: a bench-syscall whose file is bad (here, a word in a sample
# line of its first run): calibrate stops with bench-stat's error naming
# the file and line, exit 1, no traceback, no calibrate.json
cat >"$bf/bad-bench" <<EOS
#!/bin/sh
out=""
prev=""
for a; do [ "\$prev" = -o ] && out=\$a; prev=\$a; done
"$B" "\$@" || exit
[ -n "\$out" ] && sed -i '/^[0-9]/{s/ [0-9.]*\$/ abc/;:a;n;ba}' "\$out"
EOS
chmod +x "$bf/bad-bench"
begin bad-file "calibrate, its bench-syscall writing a word where a number goes"
BENCH_SYSCALL=$bf/bad-bench runrc "$CAL" -q --trials 2 --delta-trials 1 --deltas 50% \
	--seconds 0.2 --resolve-trials 0 --budgets 0.2 --pad-seconds 0.2 --ref-seconds 0.2 -o "$C/cal"
inv "exit 1" rc_is 1
inv "no traceback" no_traceback
inv "bench-stat's error names FILE:LINE" sh -c "grep -E -q '\\.txt:[0-9]+: column .* is not a finite number' '$C/err'"
inv "no calibrate.json pretends to be complete" test ! -e "$C/cal/calibrate.json"

begin bad-json "calibrate with bench-stat's JSON cut short"
FAKE_JSON=$bf/cut.json BENCH_STAT=$bf/fake-bench-stat runrc "$CAL" -q --trials 2 --delta-trials 1 \
	--deltas 50% --seconds 0.2 --resolve-trials 0 --budgets 0.2 --pad-seconds 0.2 --ref-seconds 0.2 -o "$C/cal"
inv "non-zero exit" rc_fails
inv "no traceback" no_traceback
inv "no calibrate.json pretends to be complete" test ! -e "$C/cal/calibrate.json"
