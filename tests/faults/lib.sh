# tests/faults/lib.sh: sourced by tests/faults/run (POSIX sh).  The case
# API of the fault-injection run, and the tools under attack.
#
#   begin CLASS "what is tried"      start a case: a fresh directory $C, cwd
#   inv "what survives" CMD...       one invariant; CMD must succeed
#   skip "why"                       the case cannot run here (not counted)
#   end                              print the case's verdict line
#   runrc CMD...                     run CMD, stdout $C/out, stderr $C/err,
#                                    exit status in $rc
#   rand N                           a seeded pseudo-random 0..N-1 in $r
#   delay MAX_MS                     a seeded random delay in $d (seconds)
#   alive PID / gone PID             PID running / gone within 10 s
#   track PID                        kill PID at exit if still running
#   mount_tmpfs DIR SIZE [ro]        a private tmpfs, unmounted at exit
#   nightly_conf RESULTS_DIR [LINE]  $C/conf for scripts/nightly (history
#                                    $C/h.db, a stand-in bench $C/fake-bench
#                                    running gen-results), LINE appended

B=$top/bench/bench-syscall
BS=$top/stats/bench-stat
BH=$top/scripts/nightly.d/bench-history
GEN=$top/scripts/nightly.d/gen-results
PLOT=$top/scripts/bench-plot
CK=$top/scripts/compare-kernels
CAL=$top/scripts/calibrate
NIGHTLY=$top/scripts/nightly
KBOOT=$top/kernels/boot
FAKEQ=$top/kernels/tests/fake-qemu

ncase=0 npass=0 nfail=0 nskip=0
incase=""

begin() {
	[ -z "$incase" ] || end
	ncase=$((ncase + 1))
	class=$1 tried=$2 survived="" lost="" skipped=""
	incase=yes
	case_start=$(date +%s)
	C=$T/c$ncase
	mkdir -p "$C" && cd "$C" || exit 1
	[ -z "$verbose" ] || echo "[RUN]	$class: $tried"
}

inv() {
	what=$1
	shift
	if "$@" >"$C/inv.out" 2>&1; then
		survived="${survived:+$survived; }$what"
	else
		lost="${lost:+$lost; }$what"
		{
			echo "	not survived: $what"
			echo "	  check: $*"
			[ -s "$C/err" ] && sed -n '1,6s/^/	  stderr: /p' "$C/err"
			[ -s "$C/inv.out" ] && sed -n '1,4s/^/	  check said: /p' "$C/inv.out"
		} >>"$C/detail"
	fi
}

skip() { skipped=$1; }

end() {
	[ -n "$incase" ] || return 0
	incase=""
	took="($(( $(date +%s) - case_start ))s)"
	cd "$T" || exit 1
	if [ -n "$skipped" ]; then
		nskip=$((nskip + 1))
		echo "[SKIP]	$class: $tried: $skipped"
	elif [ -n "$lost" ]; then
		nfail=$((nfail + 1))
		echo "[FAIL]	$class: $tried: LOST: $lost${survived:+; survived: $survived} $took"
		cat "$C/detail"
	elif [ -z "$survived" ]; then
		nfail=$((nfail + 1))
		echo "[FAIL]	$class: $tried: the case checked nothing"
	else
		npass=$((npass + 1))
		echo "[OK]	$class: $tried: survived: $survived $took"
	fi
}

runrc() {
	"$@" >"$C/out" 2>"$C/err" </dev/null
	rc=$?
}

# The usual invariants of a refused input, on the last runrc.
rc_is() { [ "$rc" = "$1" ] || { echo "exit $rc, want $1"; return 1; }; }
rc_fails() { [ "$rc" != 0 ] && [ "$rc" -lt 128 ] || { echo "exit $rc"; return 1; }; }
no_traceback() { ! grep -q 'Traceback (most recent call last)' "$C/err" "$C/out"; }
says() { grep -q -e "$1" "$C/err" || { echo "stderr lacks '$1'"; return 1; }; }

# Seeded pseudo-random numbers (the seed is printed by the driver), so
# that a failing run can be repeated with FAULTS_SEED.
rand() {
	seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
	r=$(( (seed / 65536) % $1 ))
}
delay() {
	rand "$1"
	d=$(printf '%d.%03d' $((r / 1000)) $((r % 1000)))
}

alive() { [ -e "/proc/$1" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]; }
gone() { i=0; while alive "$1" && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done; ! alive "$1"; }
track() { echo "$1" >>"$T/pids"; }

# wait_for TENTHS CMD...: poll CMD every 0.1 s, at most TENTHS times
wait_for() {
	_n=$1
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" 2>/dev/null && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

mount_tmpfs() {
	mkdir -p "$1" || return 1
	mount -t tmpfs -o "size=$2${3:+,$3}" faults-tmpfs "$1" 2>/dev/null || return 1
	echo "$1" >>"$T/mounts"
}

# valid_results FILE: the results library takes FILE (complete, or marked
# incomplete), its end line's sample count agreeing (bench-stat --check)
valid_results() {
	"$BS" --check --allow-incomplete "$1" >"$C/valid.out" 2>&1 || { cat "$C/valid.out"; return 1; }
}
# the syscalls of FILE's cells, one a line (bench-stat --dump cells)
syscalls_of() { "$BS" --dump cells --allow-incomplete "$1" "$1" | awk -F'\t' 'NR > 1 && $1 == 0 { print $4 }' | sort -u; }
no_tmp() { ! ls "$1".*.tmp "$1".tmp >/dev/null 2>&1; }
alive_not() { ! alive "$1"; }

nightly_conf() {
	cat >"$C/fake-bench" <<EOS
#!/bin/sh
out=
while [ \$# -gt 0 ]; do case "\$1" in -o) out=\$2; shift 2 ;; *) shift ;; esac; done
exec "$GEN" -o "\$out" --blocks 6 --samples 150 --host labhost --seed \$\$
EOS
	chmod +x "$C/fake-bench" || return 1
	{
		printf 'RESULTS_DIR=%s\nDB=sqlite:%s\nLOCK_FILE=%s\nBENCH=%s\nBENCH_STAT=%s\nHOST=labhost\nPLOTS=no\n' \
			"$1" "$C/h.db" "$C/lock" "$C/fake-bench" "$BS"
		[ $# -lt 2 ] || printf '%s\n' "$2"
	} >"$C/conf"
}
