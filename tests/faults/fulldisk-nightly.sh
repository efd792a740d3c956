# Was pending (scripts/nightly), fixed by the nightly work: a night on a full RESULTS_DIR truncates the
# previous night's summary.txt and summary.json to empty files and leaves
# empty dated summaries and an empty NIGHT.txt.tmp behind (the results file
# and the history are safe: fulldisk.sh).  Reproduce: RESULTS_DIR on a 1 MB
# tmpfs, one night, fill the tmpfs, a second night: exit 2 (right), but
# summary.txt and summary.json are 0 bytes.
# Cause: nightly writes summary.txt/.json in place (cp/echo into the
# file) instead of writing a temporary file and renaming it when complete.

begin full-disk "nightly with RESULTS_DIR on a full tmpfs: the last summary"
if ! mount_tmpfs "$C/m" 1m; then skip "cannot mount a tmpfs (needs root)"; else
	cat >"$C/fake-bench" <<EOS
#!/bin/sh
out=
while [ \$# -gt 0 ]; do case "\$1" in -o) out=\$2; shift 2 ;; *) shift ;; esac; done
exec "$GEN" -o "\$out" --blocks 6 --samples 150 --host labhost --seed \$\$
EOS
	chmod +x "$C/fake-bench"
	printf 'RESULTS_DIR=%s\nDB=sqlite:%s\nLOCK_FILE=%s\nBENCH=%s\nBENCH_STAT=%s\nHOST=labhost\nPLOTS=no\n' \
		"$C/m/results" "$C/h.db" "$C/lock" "$C/fake-bench" "$BS" >"$C/conf"
	"$NIGHTLY" --config "$C/conf" >/dev/null 2>&1
	nd=$C/m/results/labhost/nightly
	s0=$(cat "$nd/summary.txt" "$nd/summary.json" | md5sum)
	dd if=/dev/zero of="$C/m/fill" bs=4k >/dev/null 2>&1
	runrc "$NIGHTLY" --config "$C/conf"
	inv "exit 2" rc_is 2
	inv "the last summary.txt and summary.json intact" test "$(cat "$nd/summary.txt" "$nd/summary.json" | md5sum)" = "$s0"
	inv "no empty file left behind" test -z "$(find "$nd" -type f -empty)"
	inv "no .tmp left" sh -c "! find '$nd' -name '*.tmp' | grep -q ."
fi
