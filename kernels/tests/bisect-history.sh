#!/bin/bash
# kernels/tests/bisect-history.sh: make (once) the synthetic history that
# kernels/tests/test-bisect.sh bisects, and print its directory.
#
# $BENCH_CACHE/bisect-test/linux-6.1 is a git tree: the Debian 6.1 source
# (the commit tagged "good"), then five commits (the last tagged "bad"),
# each touching one file, with fixed authors and dates so that every machine
# gets the same commit ids:
#   1 Documentation: a note        (no object rebuilt)
#   2 kernel/sys.c: a comment      (sys.o rebuilt, no cost)
#   3 getppid: a dependent loop    (THE regression: 400 dependent imuls in
#                                   sys_getppid, thousands of cycles under TCG)
#   4 kernel/sys.c: another comment
#   5 tools: a README line
# The answer, commit 3, is tagged "culprit".  Building it (kernels/build
# --src) the first time is the cold cost; the tree and its object directory
# live in the cache, so a second run rebuilds sys.o and relinks only.
# Exit 0 ok (directory on stdout), 1 failed, 2 no Debian 6.1 source.
set -euo pipefail
kdir=$(cd "$(dirname "$0")/.." && pwd)
cache=${BENCH_CACHE:-/var/cache/bench-syscall}
dir=$cache/bisect-test/linux-6.1
say() { echo "bisect-history: $*" >&2; }

if [ -e "$dir/.git/bench-history-done" ]; then
	echo "$dir"
	exit 0
fi
tarball=$("$kdir/lib/series" --tarball 6.1)
[ -f "$tarball" ] || { say "$tarball missing (make deps)"; exit 2; }
say "creating $dir from $tarball (once; a few minutes)"
rm -rf "$dir" "$dir.tmp"
mkdir -p "$dir.tmp"
tar -xf "$tarball" -C "$dir.tmp" --strip-components=1
[ -f "$dir.tmp/arch/x86/entry/entry_64.S" ] || { say "$tarball: not a kernel tree"; exit 1; }

export GIT_AUTHOR_NAME="Bench Bisect" GIT_AUTHOR_EMAIL="bisect@bench-syscall.invalid"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
n=0
commit() {
	n=$((n + 1))
	export GIT_AUTHOR_DATE="2026-01-0${n}T12:00:00Z" GIT_COMMITTER_DATE="2026-01-0${n}T12:00:00Z"
	git -C "$dir.tmp" add -A -f .	# Debian's tarball ignores "/*"
	git -C "$dir.tmp" commit -q -m "$1"
}
git -C "$dir.tmp" init -q -b main
git -C "$dir.tmp" config gc.auto 0
git -C "$dir.tmp" config core.looseCompression 1
commit "Debian linux-source-6.1 as shipped"
git -C "$dir.tmp" tag good

echo "Bisect test history: nothing here is built." > "$dir.tmp/Documentation/bisect-note.txt"
commit "Documentation: a note"

sed -i 's|^SYSCALL_DEFINE0(getppid)$|/* bisect test: getppid follows. */\n&|' "$dir.tmp/kernel/sys.c"
commit "kernel/sys.c: a comment"

# The regression: a chain of dependent multiplies before the real work.
python3 - "$dir.tmp/kernel/sys.c" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
old = "SYSCALL_DEFINE0(getppid)\n{\n\tint pid;\n\n"
new = ("SYSCALL_DEFINE0(getppid)\n{\n\tint pid;\n\tunsigned long x = 1;\n\tint i;\n\n"
       "\tfor (i = 0; i < 400; i++)\t/* bisect test: a known cost */\n"
       "\t\tasm volatile(\"imul $3, %0, %0\" : \"+r\" (x));\n\n")
assert s.count(old) == 1, "sys_getppid not as expected"
open(p, "w").write(s.replace(old, new))
PY
commit "getppid: a dependent loop (the regression)"
git -C "$dir.tmp" tag culprit

sed -i 's|^/\* bisect test: getppid follows. \*/$|/* bisect test: getppid follows (2). */|' "$dir.tmp/kernel/sys.c"
commit "kernel/sys.c: another comment"

echo "bisect test line" >> "$dir.tmp/tools/testing/selftests/x86/bisect-note.txt"
commit "tools: a README line"
git -C "$dir.tmp" tag bad

touch "$dir.tmp/.git/bench-history-done"
mv "$dir.tmp" "$dir"
say "done: $(git -C "$dir" rev-parse --short=12 good)..$(git -C "$dir" rev-parse --short=12 bad), culprit $(git -C "$dir" rev-parse --short=12 culprit)"
echo "$dir"
