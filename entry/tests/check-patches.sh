#!/bin/sh
# Each entry/<series>/<variant>.patch applies (git apply --check, -p1) to a
# pristine tree from /usr/src/linux-source-<series>.tar.xz, and has the
# shape its name says.  Only the files a patch touches are unpacked.
# A series whose tarball is missing is skipped, loudly.
set -u
cd "$(dirname "$0")/.." || exit 2
src=${ENTRY_SRC_DIR:-/usr/src}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0

has() { grep -q -- "$2" "$1"; }

for dir in 6.1 6.12; do
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
			if has "$p" 'entry_64.S'; then
				echo "FAIL $p: full must keep the stock entry code"; fail=1
			fi
			has "$p" '"full' || { echo "FAIL $p: does not say full"; fail=1; } ;;
		fast|dual)
			has "$p" 'entry_SYSCALL_64_fast' ||
				{ echo "FAIL $p: no fast entry"; fail=1; }
			# A changed shared header would make every variant
			# switch recompile most of the kernel: only the new
			# asm/entry_variant.h may appear.
			hdrs=$(sed -n 's|^+++ b/||p' "$p" | grep -E '^(include/|arch/x86/include/)' |
				grep -vx 'arch/x86/include/asm/entry_variant.h')
			[ -z "$hdrs" ] ||
				{ echo "FAIL $p: touches shared headers:" $hdrs; fail=1; }
			want=0; [ "$v" = dual ] && want=1
			has "$p" "^+#define ENTRY_VARIANT_DUAL $want" ||
				{ echo "FAIL $p: ENTRY_VARIANT_DUAL is not $want"; fail=1; } ;;
		*)	echo "FAIL $p: unknown variant $v"; fail=1 ;;
		esac
	done
done
exit $fail
