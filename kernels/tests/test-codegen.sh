#!/bin/sh
# kernels/codegen without a kernel: its logic on small recorded inputs
# (test_codegen.py: nm/objdump parsing, symbols, I-cache lines, 32-byte
# boundaries, fast-path verdict, diff), its option errors, and a render of
# traces recorded from the real 6.1 images (codegen-fixtures/trace-*.json,
# numbers below noted when they were recorded) in all three formats.
. "$(dirname "$0")/lib.sh"
c=$kdir/codegen
fx=$here/codegen-fixtures

if python3 "$here/test_codegen.py" > "$tmp/unit" 2>&1; then ok; else
	bad "test_codegen.py:"; cat "$tmp/unit" >&2
fi

expect 0 ""				$c --help
check "--help documents the JSON" grep -q '"jcc_boundary_branches"' "$tmp/out"
expect 2 "give 1 to 26 IMAGE"		$c
expect 2 "not an image directory"	$c "$tmp/img" "$tmp"
expect 2 "unrecognized arguments|unknown"	$c --bogus
expect 2 "not an image directory"	$c "$tmp"
mkdir -p "$tmp/img"
echo fake > "$tmp/img/bzImage"
printf 'series: 6.1\nvariant: fast\n' > "$tmp/img/info"
expect 2 "no vmlinux.xz"		$c "$tmp/img"
echo fake > "$tmp/img/vmlinux.xz"
expect 2 "--mode: no dual image"	$c "$tmp/img" --mode fast
expect 2 "--mode: bad mode name"	$c "$tmp/img" --mode 'Fast!'
expect 2 "--calls"			$c "$tmp/img" --calls 0
expect 2 "not both"			$c "$tmp/img" --from-trace "$fx/nm.txt"
expect 2 "not a trace file"		$c --from-trace "$fx/nm.txt"
echo '{"label": "x", "path": []}' > "$tmp/empty.json"
expect 2 "not a kernels/codegen trace"	$c --from-trace "$tmp/empty.json"

# Recorded traces of the real images.
set -- "$fx"/trace-*.json
if [ -f "$1" ]; then
	expect 0 "" $c --from-trace "$@" -o "$tmp/r" -q \
		--diff full:fast,fast:fastpush,dual.full:dual.fastpush,dual.fastpush:dual.fast,fast:dual.fast
	for f in codegen.txt codegen.md codegen.json; do
		check "$f written" test -s "$tmp/r/$f"
	done
	if python3 "$here/check-codegen-json.py" --recorded "$tmp/r/codegen.json" > "$tmp/chk" 2>&1
	then ok; else bad "recorded traces:"; cat "$tmp/chk" >&2; fi
	check "markdown has the summary table" grep -q '^| instructions |' "$tmp/r/codegen.md"
	check "markdown has a diff block" grep -q '^```diff' "$tmp/r/codegen.md"
	check "text lists the executed path" grep -q 'executed path' "$tmp/r/codegen.txt"
	expect 2 "no variant 'nosuch'" $c --from-trace "$@" --diff fast:nosuch
fi
finish
