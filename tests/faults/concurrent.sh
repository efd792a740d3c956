# Concurrent writers: two bench-syscall runs on one -o, two bench-history
# record into one SQLite history, two nightly runs at once.  Neither
# writer's data is mixed into or lost under the other's.

begin concurrent "two bench-syscall runs with the same -o, the second started after a random delay"
delay 400
"$B" -q -d 2 -k 64 -s getppid -o "$C/F.txt" >"$C/out1" 2>"$C/err1" &
p1=$!
track $p1
sleep "$d"
"$B" -q -d 2 -k 64 -s null -o "$C/F.txt" >"$C/out2" 2>"$C/err2" &
p2=$!
track $p2
wait $p1; rc1=$?
wait $p2; rc2=$?
cp "$C/err1" "$C/err"; cat "$C/err2" >>"$C/err"
tried="$tried (${d}s; exits $rc1, $rc2)"
inv "at least one run finished" sh -c "[ $rc1 = 0 ] || [ $rc2 = 0 ]"
inv "a run that did not finish says why" sh -c "[ $rc1 = 0 ] || [ -s '$C/err1' ]; [ $rc2 = 0 ] || [ -s '$C/err2' ]"
inv "F is one whole run (bench-stat --check)" valid_results "$C/F.txt"
ops=$(syscalls_of "$C/F.txt")
inv "F holds one run's samples only (one syscall: $(echo $ops))" test "$(echo "$ops" | wc -l)" = 1
inv "F is the run that said it wrote it" sh -c \
	"if [ '$ops' = getppid ]; then [ $rc1 = 0 ]; else [ '$ops' = null ] && [ $rc2 = 0 ]; fi"
inv "no .tmp left" no_tmp "$C/F.txt"

# two records at once into one SQLite history, three times
cw=$T/concurrent
mkdir -p "$cw"
i=1
while [ $i -le 6 ]; do "$GEN" -o "$cw/g$i.txt" --blocks 20 --samples 150 --cpus 4 --seed $((i + 100)) || exit 1; i=$((i + 1)); done
begin concurrent "two bench-history record at once into one SQLite history (three rounds)"
"$BH" --db "sqlite:$C/h.db" migrate 2>/dev/null
ok_recs=0
for pair in "1 2" "3 4" "5 6"; do
	set -- $pair
	"$BH" --db "sqlite:$C/h.db" record "$cw/g$1.txt" >"$C/r$1.out" 2>"$C/r$1.err" &
	pa=$!
	"$BH" --db "sqlite:$C/h.db" record "$cw/g$2.txt" >"$C/r$2.out" 2>"$C/r$2.err" &
	pb=$!
	wait $pa && ok_recs=$((ok_recs + 1))
	wait $pb && ok_recs=$((ok_recs + 1))
done
cat "$C"/r*.err >"$C/err"
inv "all 6 recorded (the second waits for the first)" test $ok_recs = 6
inv "6 runs in the history" test "$(sqlite3 "$C/h.db" 'SELECT count(*) FROM runs')" = 6
inv "the history is consistent" "$BH" --db "sqlite:$C/h.db" check
inv "every run has all its cells" test "$(sqlite3 "$C/h.db" 'SELECT count(DISTINCT run_id) FROM cells')" = 6

begin concurrent "two nightly runs at once on one history"
cat >"$C/fake-bench" <<EOS
#!/bin/sh
out=
while [ \$# -gt 0 ]; do case "\$1" in -o) out=\$2; shift 2 ;; *) shift ;; esac; done
sleep 1
exec "$GEN" -o "\$out" --blocks 6 --samples 150 --host labhost --seed \$\$
EOS
chmod +x "$C/fake-bench"
printf 'RESULTS_DIR=%s\nDB=sqlite:%s\nLOCK_FILE=%s\nBENCH=%s\nBENCH_STAT=%s\nHOST=labhost\nPLOTS=no\n' \
	"$C/results" "$C/h.db" "$C/lock" "$C/fake-bench" "$BS" >"$C/conf"
"$NIGHTLY" --config "$C/conf" >"$C/n1.out" 2>"$C/n1.err" &
pa=$!
track $pa
sleep 0.2
"$NIGHTLY" --config "$C/conf" >"$C/n2.out" 2>"$C/n2.err" &
pb=$!
track $pb
wait $pa; ra=$?
wait $pb; rb=$?
cat "$C/n1.err" "$C/n2.err" >"$C/err"
runs=$(sqlite3 "$C/h.db" 'SELECT count(*) FROM runs')
inv "the first ran (exit $ra)" test $ra = 0
inv "the second refused or waited its turn (exit $rb)" sh -c "[ $rb = 0 ] || grep -q 'holds' '$C/n2.err'"
inv "one run recorded per night that ran ($runs)" test "$runs" = $(( (ra == 0) + (rb == 0) ))
inv "the history is consistent" "$BH" --db "sqlite:$C/h.db" check

begin concurrent "two calibrate runs started at once on one (empty) -o"
mkdir -p "$C/cal"
for n in 1 2; do
	"$CAL" -q --trials 2 --delta-trials 1 --deltas 50% --seconds 0.2 --resolve-trials 0 \
		--budgets 0.2 --pad-seconds 0.2 --ref-seconds 0.2 -o "$C/cal" >"$C/c$n.out" 2>"$C/c$n.err" &
	eval "cp$n=\$!"
done
wait $cp1; ra=$?
wait $cp2; rb=$?
cat "$C/c1.err" "$C/c2.err" >"$C/err"
inv "one ran, one was refused (exits $ra, $rb)" sh -c "[ '$ra $rb' = '0 2' ] || [ '$ra $rb' = '2 0' ]"
inv "the refused one said why" grep -q 'not empty\|another calibrate run' "$C/err"
inv "no traceback" no_traceback
inv "trials.tsv holds one run's trials (one header)" test "$(grep -c '^series' "$C/cal/trials.tsv")" = 1
