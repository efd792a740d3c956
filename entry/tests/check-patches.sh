#!/bin/sh
# Each entry/<series>/<variant>.patch applies (git apply --check, -p1) to a
# pristine tree from /usr/src/linux-source-<series>.tar.xz, and has the
# shape its name says (full: stock entry code; fast, fastpush, dual: the
# entries and ENTRY_BUILD they carry).  Only the files a patch touches are unpacked.
# A series whose tarball is missing is skipped, loudly.
set -u
cd "$(dirname "$0")/.." || exit 2
src=${ENTRY_SRC_DIR:-/usr/src}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0

has() { grep -q -- "$2" "$1"; }

for dir in $(../kernels/lib/series); do	# kernels/lib/series: every series
	[ -d "$dir" ] || continue
	tarball=$src/linux-source-$dir.tar.xz
	if [ ! -r "$tarball" ]; then
		echo "SKIP $dir: $tarball missing (apt-get install linux-source-$dir)"
		continue
	fi
	top=linux-source-$dir
	files=$(cat "$dir"/*.patch | sed -n 's|^--- a/||p' | sort -u)
	# shellcheck disable=SC2086
	(cd "$tmp" && tar xJf "$tarball" $(for f in $files; do echo "$top/$f"; done)) ||
		{ echo "FAIL $dir: cannot unpack the files the patches touch"; fail=1; continue; }
	for p in "$dir"/*.patch; do
		v=$(basename "$p" .patch)
		if (cd "$tmp/$top" && git apply --check -p1 "$OLDPWD/$p"); then
			echo "ok $p applies to pristine $top"
		else
			echo "FAIL $p does not apply to pristine $top"; fail=1; continue
		fi
		has "$p" 'entry_variant' ||
			{ echo "FAIL $p: no /sys/kernel/entry_variant"; fail=1; }
		case $v in
		full)
			# stock entry code: the only change allowed in
			# entry_64.S is its alignment (same layout as fast)
			chg=$(awk '/^diff --git/ { f = ($3 == "a/arch/x86/entry/entry_64.S") }
				f && /^[-+]/ && !/^(---|\+\+\+) / && !/^\+\t\.p2align 6, 0xcc/' "$p")
			if [ -n "$chg" ]; then
				echo "FAIL $p: full must keep the stock entry code: $chg"; fail=1
			fi
			has "$p" '"full' || { echo "FAIL $p: does not say full"; fail=1; } ;;
		fast|fastpush|dual)
			has "$p" 'entry_SYSCALL_64_fast' ||
				{ echo "FAIL $p: no fast entry"; fail=1; }
			case $v in
			fast) ents="fast" ;; fastpush) ents="fastpush" ;; *) ents="fast fastpush" ;;
			esac
			for e in $ents; do
				has "$p" "SYSCALL_64_FAST_BODY $e push=" ||
					{ echo "FAIL $p: no $e body"; fail=1; }
			done
			# A changed shared header would make every variant
			# switch recompile most of the kernel: only the new
			# asm/entry_variant.h may appear.
			hdrs=$(sed -n 's|^+++ b/||p' "$p" | grep -E '^(include/|arch/x86/include/)' |
				grep -vx 'arch/x86/include/asm/entry_variant.h')
			[ -z "$hdrs" ] ||
				{ echo "FAIL $p: touches shared headers:" $hdrs; fail=1; }
			want=$(echo "$v" | tr a-z A-Z)
			[ "$(grep -c '^+#define ENTRY_BUILD[[:space:]]' "$p")" = 1 ] &&
			has "$p" "^+#define ENTRY_BUILD[[:space:]]*ENTRY_BUILD_$want\$" ||
				{ echo "FAIL $p: ENTRY_BUILD is not ENTRY_BUILD_$want"; fail=1; } ;;
		*)	echo "FAIL $p: unknown variant $v"; fail=1 ;;
		esac
	done
done
exit $fail
