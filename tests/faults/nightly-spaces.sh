# Was pending (scripts/nightly), fixed by the nightly work: a RESULTS_DIR (or a HOST) with a space makes every
# judged night fail with "no comparable cells" (issue 14: "a space in
# RESULTS_DIR or HOST changes which baseline nightly judges against").
# Reproduce: RESULTS_DIR="/tmp/n sp/results", BASELINE_MIN=1, two nights
# with a stand-in bench: the second exits 2, summary.json status "failed";
# the same config without the space: exit 0, status "good".
# Cause: judge() in scripts/nightly splits the baseline's raw paths on
# blanks (paths=$(awk ...); for p in $paths), so each half-path is "not
# a file" and it falls back to history medians.

begin spaces "nightly, RESULTS_DIR with a space, the second night judged"
cat >"$C/fake-bench" <<EOS
#!/bin/sh
out=
while [ \$# -gt 0 ]; do case "\$1" in -o) out=\$2; shift 2 ;; *) shift ;; esac; done
exec "$GEN" -o "\$out" --blocks 6 --samples 150 --host labhost --seed \$\$
EOS
chmod +x "$C/fake-bench"
printf 'RESULTS_DIR=%s\nDB=sqlite:%s\nLOCK_FILE=%s\nBENCH=%s\nBENCH_STAT=%s\nHOST=labhost\nPLOTS=no\nBASELINE_MIN=1\n' \
	"$C/night results" "$C/h.db" "$C/lock" "$C/fake-bench" "$BS" >"$C/conf"
"$NIGHTLY" --config "$C/conf" >/dev/null 2>&1
runrc "$NIGHTLY" --config "$C/conf"
inv "the second night is judged (exit 0 or 1, got $rc)" sh -c "[ $rc = 0 ] || [ $rc = 1 ]"
inv "against the first night's raw file" \
	sh -c "jq -e '.runs[0].status != \"failed\"' '$C/night results/labhost/nightly/summary.json' >/dev/null"

begin spaces "nightly, HOST with a space, the second night judged"
printf 'RESULTS_DIR=%s\nDB=sqlite:%s\nLOCK_FILE=%s\nBENCH=%s\nBENCH_STAT=%s\nHOST=lab host\nPLOTS=no\nBASELINE_MIN=1\n' \
	"$C/results" "$C/h.db" "$C/lock" "$T/c$((ncase - 1))/fake-bench" "$BS" >"$C/conf"
"$NIGHTLY" --config "$C/conf" >/dev/null 2>&1
runrc "$NIGHTLY" --config "$C/conf"
inv "the second night is judged (exit 0 or 1, got $rc)" sh -c "[ $rc = 0 ] || [ $rc = 1 ]"
inv "not failed in the history" test "$(sqlite3 "$C/h.db" 'SELECT status FROM runs ORDER BY id DESC LIMIT 1')" != failed
