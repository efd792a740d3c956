# pending-cases: 1
# PENDING (stats/results.c, being rebuilt on the results library): a
# directory side skips an unreadable results file without a word (issue 14,
# "wrong verdict").  Reproduce: as nobody, bench-stat B.txt DIR with DIR
# holding a readable 1.txt and a mode-000 2.txt: exit 0, "1 file".
# Cause: expand() in stats/results.c drops any file is_results_file() cannot
# open, as it drops console.log.
[ -n "${bf:-}" ] || . "$here/lib-badfiles.sh"

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

