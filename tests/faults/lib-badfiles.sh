# tests/faults/lib-badfiles.sh: the bad results files of the bad-file
# cases (sourced by badfiles.sh and cases-pending/badfiles-*.sh, once).
# Bad files: every reader refuses a malformed results file with an error
# naming the file (and the line, where there is one), a non-zero exit, no
# Python traceback, and records or plots nothing from it.  A good file is
# checked first with every tool (the control: a tool that refuses
# everything would pass the rest).

bf=$T/badfiles
mkdir -p "$bf"
"$B" -q -c 0 -s getppid -n 200 -k 8 --label a -o "$bf/good.txt" >/dev/null ||
	{ echo "faults: bench-syscall cannot make a good file" >&2; exit 1; }
"$B" -q -c 0 -s getppid -n 200 -k 8 --label b -o "$bf/good-b.txt" >/dev/null || exit 1
hdr() { grep '^#' "$bf/good.txt" | grep -v '^#% end'; }
body() { grep -v '^#' "$bf/good.txt"; }
nl=$(hdr | wc -l)	# header lines: the first sample is line nl+1

# mkbad KIND: write $bf/KIND.txt; sets bad_line (the line to name, or "")
mkbad() {
	f=$bf/$1.txt bad_line=""
	case $1 in
	cut)	# cut mid-line, no end line (a crash while writing): the
		# error names the file (truncated: no end line)
		{ hdr; body | head -n 50; body | sed -n 51p | cut -c1-12 | tr -d '\n'; } >"$f" ;;
	text)	# a word where a number goes
		{ hdr; body | head -n 10; echo "0 getppid syscall 0 - 10 0 0 abc 1.5"
		  echo "#% end: complete samples=11"; } >"$f"
		bad_line=$((nl + 11)) ;;
	nan)
		{ hdr; body | head -n 10; echo "0 getppid syscall 0 - 10 0 0 nan 1.5"
		  echo "#% end: complete samples=11"; } >"$f"
		bad_line=$((nl + 11)) ;;
	inf)
		{ hdr; body | head -n 10; echo "0 getppid syscall 0 - 10 0 0 inf 1.5"
		  echo "#% end: complete samples=11"; } >"$f"
		bad_line=$((nl + 11)) ;;
	count)	# the end line's sample count disagrees
		{ hdr; body | head -n 10; echo "#% end: complete samples=12"; } >"$f"
		bad_line=$((nl + 11)) ;;
	nul)	# a NUL byte inside a sample line
		{ hdr; body | head -n 10; printf '0 getppid syscall 0 - 10 0 0 3\0000 1.5\n'
		  echo "#% end: complete samples=11"; } >"$f"
		bad_line=$((nl + 11)) ;;
	cpu)	# a cpu of 2^32 (wrapped to 0 by a lenient reader)
		{ hdr; body | head -n 10; echo "4294967296 getppid syscall 0 - 10 0 0 380 150"
		  echo "#% end: complete samples=11"; } >"$f"
		bad_line=$((nl + 11)) ;;
	ctxsw)	# a negative context-switch count
		{ hdr; body | head -n 10; echo "0 getppid syscall 0 - 10 -1 0 380 150"
		  echo "#% end: complete samples=11"; } >"$f"
		bad_line=$((nl + 11)) ;;
	fields)	# a field missing
		{ hdr; body | head -n 10; echo "0 getppid syscall 0 - 10 0 0 380"
		  echo "#% end: complete samples=11"; } >"$f"
		bad_line=$((nl + 11)) ;;
	extra)	# fields beyond the columns line's
		{ hdr; body | head -n 10; echo "0 getppid syscall 0 - 10 0 0 380 150 1 2 3"
		  echo "#% end: complete samples=11"; } >"$f"
		bad_line=$((nl + 11)) ;;
	bigblock)	# valid: a block number of 2e9 (a quadratic or
		# dense-array reader hangs on it)
		{ hdr; body | head -n 10; echo "0 getppid syscall 2000000000 - 10 0 0 380 150"
		  echo "#% end: complete samples=11"; } >"$f" ;;
	hugeline)	# valid: a 2 MB header line
		{ hdr; printf '#%% note: '; head -c 2000000 /dev/zero | tr '\0' x; echo
		  body | head -n 10; echo "#% end: complete samples=10"; } >"$f" ;;
	dupcol)	# two metric columns of one name (the first would win)
		hdr | sed 's/^#% metrics: cycles ns$/#% metrics: cycles cycles/; s/^#% columns: \(.*\) cycles ns$/#% columns: \1 cycles cycles/' >"$f"
		{ body | head -n 10; echo "#% end: complete samples=10"; } >>"$f"
		bad_line=any ;;	# the metrics or the columns line
	longline)	# a 16 KB header line whose tail would become a sample:
		# valid, and read whole (else the sample count disagrees)
		{ hdr; printf '#%% note: '; head -c 16400 /dev/zero | tr '\0' x
		  echo " 0 getppid syscall 0 - 99 0 0 1 1"; body | head -n 10
		  echo "#% end: complete samples=10"; } >"$f"
		bad_line=$((nl + 1)) ;;
	noheader)	# samples with no header
		{ body | head -n 10; echo "#% end: complete samples=10"; } >"$f"
		bad_line=1 ;;
	empty)	: >"$f" ;;
	binary)	# not text at all
		i=0; while [ $i -lt 64 ]; do printf '\001\377\376PK\003\004'; i=$((i + 1)); done >"$f" ;;
	esac
}
# refused: a header, then something wrong; no header at all
refused="cut text nan inf count nul cpu ctxsw fields extra dupcol"
nomagic="noheader empty binary"
for k in $refused $nomagic longline bigblock hugeline; do mkbad $k; done

# names KIND: the error names the file, and the line where there is one
names() {
	if [ "$2" = any ]; then
		grep -q -E "$1\.txt:[0-9]+" "$C/err" || { echo "no '$1.txt:LINE' in the error"; return 1; }
	elif [ -n "$2" ]; then
		grep -q -F "$1.txt:$2" "$C/err" || { echo "no '$1.txt:$2' in the error"; return 1; }
	else
		grep -q -F "$1.txt" "$C/err" || { echo "no '$1.txt' in the error"; return 1; }
	fi
}

# one history for every bench-history case: one good run in it
hdb=$T/badfiles.db
"$BH" --db "sqlite:$hdb" migrate 2>/dev/null && "$BH" --db "sqlite:$hdb" record "$bf/good.txt" >/dev/null ||
	{ echo "faults: cannot make a history" >&2; exit 1; }
runs_in() { sqlite3 "$1" 'SELECT count(*) FROM runs'; }
# a fresh copy of the history for one case: $C/h.db
fresh_history() { cp "$hdb" "$C/h.db"; }
cells_in() { sqlite3 "$1" 'SELECT count(*) FROM cells'; }
runs0=$(runs_in "$hdb") cells0=$(cells_in "$hdb")
history_unchanged() {
	[ "$(runs_in "$C/h.db")" = "$runs0" ] && [ "$(cells_in "$C/h.db")" = "$cells0" ] ||
		{ echo "runs $(runs_in "$C/h.db") cells $(cells_in "$C/h.db"), want $runs0 $cells0"; return 1; }
	"$BH" --db "sqlite:$C/h.db" check
}
linedesc() { case $2 in "") echo "names $1.txt" ;; any) echo "names $1.txt:LINE" ;; *) echo "names $1.txt:$2" ;; esac; }
no_plots() { ! ls "$C"/plots/*.svg "$C"/plots/*.png >/dev/null 2>&1; }

