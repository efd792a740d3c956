# Shared helpers for kernels/build and kernels/boot (sourced, bash).

prog=$(basename "$0")

# die STATUS MESSAGE: print "prog: MESSAGE" on stderr and exit with STATUS.
die() { local s=$1; shift; echo "$prog: $*" >&2; exit "$s"; }
progress() { echo "$prog: $*" >&2; }
# need_arg "$@": the option in $1 takes a value.
need_arg() { [ $# -ge 2 ] || die 2 "option $1 needs a value"; }
is_uint() { case "$1" in ''|*[!0-9]*) return 1 ;; esac; }
valid_variant() { [[ "$1" =~ ^[a-z0-9][a-z0-9_-]*$ ]]; }
cache_dir() { echo "${BENCH_CACHE:-/var/cache/bench-syscall}"; }

# info_get FILE KEY: the value of a "key: value" line.
info_get() { sed -n "s/^$2: //p" "$1" 2>/dev/null | tail -1; }
# info_set FILE KEY VALUE: replace or append a "key: value" line.
info_set() {
	local f=$1 k=$2 v=$3
	grep -v "^$k: " "$f" > "$f.tmp" 2>/dev/null || true
	echo "$k: $v" >> "$f.tmp"
	mv "$f.tmp" "$f"
}

# show_errors LOG: the compiler's error lines with a little context, not the
# whole log (kbuild's "Error N" trailer lines are noise once the cause shows).
show_errors() {
	local n
	n=$(grep -cE 'error:|Error [0-9]|undefined reference|\*\*\*|fatal:|No rule to make' "$1" || true)
	echo "---- $n error line(s) from $1:" >&2
	grep -nE -B3 -A3 'error:|undefined reference|\*\*\*|fatal:|No rule to make' "$1" |
		head -60 >&2 || true
	[ "$n" != 0 ] || tail -20 "$1" >&2
	echo "----" >&2
}

# check_fragment SRCTREE DOTCONFIG FRAGMENT: every CONFIG_X=v of the fragment
# that the tree's Kconfig knows must be in .config as asked.
check_fragment() {
	local tree=$1 cfg=$2 frag=$3 known bad=0 line sym got ign=""
	known=$(find "$tree" -name 'Kconfig*' -not -path '*/Documentation/*' -print0 |
		xargs -0 grep -hoE '^[[:space:]]*(menu)?config [A-Z0-9_]+' |
		awk '{print "CONFIG_" $2}' | sort -u)
	while IFS= read -r line; do
		case "$line" in CONFIG_*=*) ;; *) continue ;; esac
		sym=${line%%=*}
		if ! grep -qx "$sym" <<< "$known"; then
			ign="$ign ${sym#CONFIG_}"
			continue
		fi
		got=$(grep -E "^$sym=|^# $sym is not set" "$cfg" || true)
		if [ "$got" != "$line" ]; then
			echo "$prog: config: asked $line, got '${got:-unset}'" >&2
			bad=1
		fi
	done < "$frag"
	[ -z "$ign" ] || echo "$prog: config: not in this tree, ignored:$ign" >&2
	return $bad
}
