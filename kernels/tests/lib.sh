# Tiny assertion helpers for the kernels/ unit tests (sourced by sh).
here=$(cd "$(dirname "$0")" && pwd)
kdir=$(cd "$here/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npass=0 nfail=0

ok() { npass=$((npass + 1)); }
bad() { nfail=$((nfail + 1)); echo "FAIL: $*" >&2; }

# expect STATUS PATTERN CMD...: CMD exits STATUS and its stderr matches PATTERN
# (an extended regex).
expect() {
	want=$1 pat=$2; shift 2
	"$@" > "$tmp/out" 2> "$tmp/err"
	got=$?
	if [ "$got" != "$want" ]; then
		bad "$* -> exit $got, want $want; stderr: $(head -c 400 "$tmp/err")"
	elif [ -n "$pat" ] && ! grep -Eq -- "$pat" "$tmp/err"; then
		bad "$* -> stderr lacks /$pat/: $(head -c 400 "$tmp/err")"
	else
		ok
	fi
}

# check DESCRIPTION CMD...: CMD succeeds.
check() {
	d=$1; shift
	if "$@"; then ok; else bad "$d"; fi
}

finish() {
	echo "$(basename "$0"): $npass passed, $nfail failed"
	[ $nfail = 0 ]
}
