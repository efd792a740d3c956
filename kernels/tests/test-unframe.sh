#!/bin/sh
# lib/unframe: byte-exact round trip of binary-ish files framed the way the
# guest init frames them, amid console noise and CRLF line ends; damaged and
# cut-short frames are detected and kept aside; bad names are refused.
. "$(dirname "$0")/lib.sh"
u=$kdir/lib/unframe

frame() {	# FILE [NAME]
	n=${2:-$(basename "$1")}
	echo "@@BENCH-FILE-BEGIN $n $(wc -c < "$1") $(sha256sum < "$1" | cut -d' ' -f1)"
	base64 "$1"
	echo "@@BENCH-FILE-END $n"
}
mkdir -p "$tmp/in"
head -c 4099 /dev/urandom > "$tmp/in/random.bin"
printf 'a\0b\r\n@@BENCH-FILE-END x\n\377\376 tail without newline' > "$tmp/in/tricky.bin"
: > "$tmp/in/empty.txt"
printf '#bench-syscall-results 1\n#%% end: complete samples=0\n' > "$tmp/in/bench-1.txt"
{
	echo "[    0.000000] Linux version noise"
	for f in "$tmp"/in/*; do frame "$f"; echo "console noise between frames"; done
	echo "@@BENCH-DONE"
} > "$tmp/stream"
expect 0 "" $u "$tmp/stream" "$tmp/o1"
for f in "$tmp"/in/*; do
	check "round trip $(basename "$f")" cmp -s "$f" "$tmp/o1/$(basename "$f")"
done
check "names printed" test "$(wc -l < "$tmp/out")" = 4

# CRLF line ends (a tty in cooked mode) must not matter.
sed 's/$/\r/' "$tmp/stream" > "$tmp/crlf"
expect 0 "" $u "$tmp/crlf" "$tmp/o2"
check "CRLF round trip" cmp -s "$tmp/in/random.bin" "$tmp/o2/random.bin"

# One damaged line in the first frame: that file is flagged, the others come.
awk 'BEGIN{d=0} /^@@BENCH-FILE-BEGIN/{in_f=1} /^@@/{print;next} in_f && !d && length($0)>8 {
	c=substr($0,5,1); r=(c=="A")?"B":"A"; $0=substr($0,1,4) r substr($0,6); d=1} {print}' \
	"$tmp/stream" > "$tmp/bad"
expect 1 "bench-1.txt: mismatch" $u "$tmp/bad" "$tmp/o3"
check "damaged file not passed as good" test ! -e "$tmp/o3/bench-1.txt"
check "damaged file kept aside" test -e "$tmp/o3/bench-1.txt.corrupt"
check "undamaged file still extracted" cmp -s "$tmp/in/random.bin" "$tmp/o3/random.bin"

# A character outside base64 inside a frame.
awk '/^@@BENCH-FILE-BEGIN/{in_f=1} /^@@/{print;next} in_f && !d {$0 = $0 "%"; d=1} {print}' \
	"$tmp/stream" > "$tmp/bad2"
expect 1 "corrupt frame" $u "$tmp/bad2" "$tmp/o4"

# Cut short: the guest died mid-frame.
head -n 20 "$tmp/stream" > "$tmp/short"
expect 1 "unterminated frame" $u "$tmp/short" "$tmp/o5"

# Names that could escape OUTDIR are refused.
{ frame "$tmp/in/empty.txt" ../evil; } > "$tmp/evil"
expect 1 "bad frame header" $u "$tmp/evil" "$tmp/o6"
check "nothing written outside OUTDIR" test ! -e "$tmp/evil.corrupt"
check "refused frame kept inside OUTDIR" test -e "$tmp/o6/frame-1.corrupt"

# A damaged header: the frame's end arrives without its beginning.
sed '0,/^@@BENCH-FILE-BEGIN/s/^@@BENCH-FILE-BEGIN/@@BENCH-FILE-BEG1N/' "$tmp/stream" > "$tmp/bad3"
expect 1 "stray frame end" $u "$tmp/bad3" "$tmp/o9"

expect 1 "no frames" $u /dev/null "$tmp/o7"
expect 2 "usage" $u "$tmp/stream"
expect 2 "cannot read" $u "$tmp/nonexistent" "$tmp/o8"
finish
