#!/bin/sh
# Smoke runs: every clock this machine has (and the refusal of the ones it
# lacks, decided here independently of bench-syscall), the entries, the
# 32-bit and static builds, --concurrent, --cpus, blocks, -o -, --duration,
# default paths, and the summary against an awk reading of the file.
. "$(dirname "$0")/lib.sh"
Q="-q -n 40 -w 5"

# runs NAME FILE: rc 0 and a whole, complete file
ran() {
	if [ $rc = 0 ] && valid_file "$2"; then pass "$1"; else
		fail "$1" "rc=$rc $(head -c 300 "${2%.txt}.err" 2>/dev/null)"; fi
}

# --- clocks
if grep -q ' constant_tsc' /proc/cpuinfo && grep -q ' nonstop_tsc' /proc/cpuinfo; then
	run_bench tsc $Q --clock tsc -s getpid,null -o tsc.txt
	ran "clock tsc runs" tsc.txt
	check "clock tsc: keys" test "$(key tsc.txt clock) $(key tsc.txt unit) $(key tsc.txt metrics)" = "tsc ref-cycles cycles ns"
	hz=$(key tsc.txt tsc.hz)
	check "clock tsc: tsc.hz plausible ($hz)" awk -v h="$hz" 'BEGIN{exit !(h > 1e8 && h < 1e10)}'
else
	run_bench tsc $Q --clock tsc -o tsc.txt
	check "clock tsc refused without constant_tsc" test $rc = 2
fi
run_bench ns $Q --clock ns -s getpid,null -o ns.txt
ran "clock ns runs" ns.txt
check "clock ns: keys" test "$(key ns.txt clock) $(key ns.txt unit) $(key ns.txt metrics)" = "ns ns ns"
check "columns: ctxsw migr are columns 7 and 8" test "$(col ns.txt ctxsw) $(col ns.txt migr)" = "7 8"
check "ctxsw, migr are counts" awk '!/^#/ && ($7 !~ /^[0-9]+$/ || $8 !~ /^[0-9]+$/) {exit 1}' ns.txt
check "samples: 40 per cell" test "$(grep -vc '^#' ns.txt)" = 80

par=$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo 2)
if have_pmu && { [ "$(id -u)" = 0 ] || [ "$par" -le 1 ]; }; then
	run_bench perf $Q --clock perf -e cycles,instructions -s getpid,null -o perf.txt
	ran "clock perf runs (PMU present)" perf.txt
	check "clock perf: metrics" test "$(key perf.txt metrics)" = \
		"cycles cycles:u cycles:k instructions:u instructions:k ns"
	k=$(median perf.txt getpid cycles:k)
	check "clock perf: getpid has kernel cycles ($k)" awk -v k="$k" 'BEGIN{exit !(k > 0)}'
	kn=$(median perf.txt null instructions:k)
	ku=$(median perf.txt getpid instructions:k)
	check "clock perf: getpid has more kernel instructions than null ($ku > $kn)" \
		awk -v a="$ku" -v b="$kn" 'BEGIN{exit !(a > b)}'
	rd=$(cat /sys/bus/event_source/devices/cpu/rdpmc \
		/sys/bus/event_source/devices/cpu_core/rdpmc 2>/dev/null | head -1)
	run_bench rdpmc $Q --clock rdpmc -s getpid,null -o rdpmc.txt
	if [ "${rd:-0}" != 0 ]; then
		ran "clock rdpmc runs (rdpmc allowed: $rd)" rdpmc.txt
		check "clock rdpmc: getpid costs more cycles than null" awk \
			-v g="$(median rdpmc.txt getpid cycles)" -v n="$(median rdpmc.txt null cycles)" \
			'BEGIN{exit !(g > n)}'
	else
		check "clock rdpmc refused (rdpmc=0)" grep -q "rdpmc refused" rdpmc.err
	fi
	run_bench auto -n 10 -w 1 -s null -o auto.txt
	check "clock auto takes perf when it works" test "$(key auto.txt clock.choice)" = "perf: chosen"
elif have_pmu; then
	run_bench perf $Q --clock perf -o perf.txt
	check "clock perf refused for perf_event_paranoid=$par (exit 2)" test $rc = 2
	check "... says why" grep -q "perf_event_paranoid=$par is too high" perf.err
else
	run_bench perf $Q --clock perf -o perf.txt
	check "clock perf refused without a PMU (exit 2)" test $rc = 2
	check "clock perf refusal says why" grep -q "clock perf refused: perf_event_open(cycles:u)" perf.err
	check "clock perf refusal writes nothing" test ! -e perf.txt -a ! -e perf.txt.tmp
	run_bench rdpmc $Q --clock rdpmc -o rdpmc.txt
	check "clock rdpmc refused without a PMU (exit 2)" test $rc = 2
	check "clock rdpmc refusal says why" grep -q "clock rdpmc refused: needs a perf cycles counter" rdpmc.err
	run_bench auto -n 10 -w 1 -s null -o auto.txt
	check "clock auto falls back, says so on stderr" grep -qE "^bench-syscall: clock (tsc|ns) \(perf: refused" auto.err
	check "clock auto: clock.choice" grep -qE "^#% clock.choice: perf: refused \(.*\); rdpmc: refused \(.*\); (tsc: chosen|tsc: refused \(.*\); ns: chosen)$" auto.txt
	run_bench autoq -q -n 10 -w 1 -s null -o autoq.txt
	check "--quiet: nothing on stderr" test ! -s autoq.err
fi

# the perf clock's plumbing (group read, u/k pairs, primary = u + k) with
# software events, which need no PMU
run_bench psw $Q --clock perf -e cpu-clock,task-clock -s getpid,null -o psw.txt
ran "clock perf with software events runs" psw.txt
check "clock perf: metrics EVENT, EVENT:u, EVENT:k per event" test "$(key psw.txt metrics)" = \
	"cpu-clock cpu-clock:u cpu-clock:k task-clock:u task-clock:k ns"
check "clock perf: primary = EVENT:u + EVENT:k in every sample" awk '!/^#/ {
	d = $9 - ($10 + $11); if (d > 0.001 || d < -0.001) exit 1 }' psw.txt
check "clock perf: counts grow with the work (getpid > null)" awk -v g="$(median psw.txt getpid cpu-clock)" \
	-v n="$(median psw.txt null cpu-clock)" 'BEGIN{exit !(g > n)}'

# --- entries
if "$top/build/int80-probe" 2>/dev/null; then
	run_bench i80 $Q --entry syscall,int80 -s getpid,getppid,gettid,getuid,enosys,close_ebadf,null -o i80.txt
	ran "entry int80 runs (the kernel serves it)" i80.txt
	check "entry int80: samples for every op" test "$(awk '!/^#/ && $3 == "int80"' i80.txt | wc -l)" = 280
else
	run_bench i80 $Q --entry int80 -o i80.txt
	check "entry int80 refused where the kernel kills int \$0x80 (exit 2)" test $rc = 2
	check "entry int80 refusal says why" grep -q "entry int80 refused: int \$0x80 killed the probe" i80.err
fi

b32=$top/build/bench-syscall-32
if [ ! -x "$b32" ]; then
	skip "32-bit build" "not built (no gcc -m32)"
elif ! "$b32" --version >/dev/null 2>&1; then
	skip "32-bit build smoke" "this kernel cannot run 32-bit programs"
else
	"$b32" $Q -s getpid,getppid,gettid,getuid,enosys,close_ebadf,null \
		--entry int80,sysenter -o b32.txt >b32.out 2>b32.err; rc=$?
	ran "32-bit build: int80 and sysenter run" b32.txt
	check "32-bit build: both entries, every op" test \
		"$(awk '!/^#/{print $3, $2}' b32.txt | sort -u | wc -l)" = 14
fi

st=$top/build/bench-syscall-static
if [ -x "$st" ]; then
	"$st" $Q -s getpid -o static.txt >/dev/null 2>static.err; rc=$?
	ran "static build runs" static.txt
	check "static build: not dynamically linked" sh -c "! ldd '$st' >/dev/null 2>&1"
else
	fail "static build" "build/bench-syscall-static missing"
fi

# a guest initramfs may have an empty /proc and /sys: run the static build
# under empty ones (a private mount namespace; needs root)
if [ -x "$st" ] && unshare -m true 2>/dev/null; then
	unshare -m sh -c "mount -t tmpfs none /proc && mount -t tmpfs none /sys &&
		exec '$st' $Q --cpus all -s getpid,null -o bare.txt" >/dev/null 2>bare.err; rc=$?
	ran "static build with empty /proc and /sys" bare.txt
	check "... records what it cannot read as '-'" test \
		"$(key bare.txt kernel.cmdline) $(key bare.txt cpu.vendor) $(key bare.txt clocksource)" = "- - -"
	check "... label from uname" test "$(key bare.txt label)" = "$(uname -r)"
else
	skip "empty /proc and /sys" "needs root and unshare -m"
fi

# --- CPUs, threads, blocks
ncpu=$(awk -F, '{n=0; for(i=1;i<=NF;i++){split($i,r,"-"); n+= (r[2]==""?1:r[2]-r[1]+1)} print n}' /sys/devices/system/cpu/online)
run_bench conc -q -n 30 -w 5 --concurrent --cpus all -s getpid,gettid,null -o conc.txt
ran "--concurrent --cpus all runs" conc.txt
check "--concurrent: every CPU measured every op ($ncpu CPUs)" test \
	"$(awk '!/^#/{print $1, $2}' conc.txt | sort | uniq -c | awk '$1 == 30' | wc -l)" = $((ncpu * 3))
run_bench seq -q -n 20 -w 5 --cpus all -s getppid -o seq.txt
ran "--cpus all, in turn" seq.txt
check "--cpus all: one cell per CPU" test "$(awk '!/^#/{print $1}' seq.txt | sort -u | wc -l)" = "$ncpu"
run_bench blk -q -n 25 -w 2 --blocks 3 -s null -o blk.txt
ran "--blocks 3" blk.txt
check "--blocks 3: blocks 0..2, seq from 0 in each" test \
	"$(awk '!/^#/ && $6 == 0 {print $4}' blk.txt | tr '\n' ' ')" = "0 1 2 "

# --- output
"$B" -q -n 5 -w 1 -s null -o - >stdout.txt 2>stdout.err; rc=$?
ran "-o - writes the file to stdout" stdout.txt
check "-o - with --quiet: stderr empty" test ! -s stdout.err
run_bench dflt -q -n 5 -w 1 -s null --label smoke-label
f=$(ls results/*/smoke-label/*.txt 2>/dev/null | head -1)
check "default path results/HOST/LABEL/TIMESTAMP.txt" test -n "$f" -a "$(key "$f" label)" = smoke-label
check "default path: no .tmp left" test -z "$(ls results/*/smoke-label/*.tmp 2>/dev/null)"
run_bench dur -q -d 0.4 -s getpid,null -o dur.txt
ran "--duration 0.4" dur.txt
check "--duration: keys" test "$(key dur.txt duration) $(key dur.txt samples)" = "0.4 -"
check "command key is the command line" test "$(key dur.txt command)" = "$B -q -d 0.4 -s getpid,null -o dur.txt"
for k in label clock unit clock.choice batch warmup samples duration blocks \
	 syscalls cpus entries concurrent variants pad command suite.version \
	 host date kernel.release kernel.version kernel.cmdline \
	 kernel.entry_variant cpu.vendor cpu.family cpu.model cpu.stepping \
	 cpu.model_name cpu.microcode cpu.online cpu.smt cpufreq.governor \
	 cpufreq.boost clocksource perf_event_paranoid isolcpus nohz_full virt \
	 metrics units columns; do
	grep -q "^#% $k: ." dur.txt || miss="$miss $k"
done
check "every FORMAT.md key is written${miss:+ (missing:$miss)}" test -z "$miss"

# --- the summary agrees with an independent reading of the file
"$B" -q --clock ns -n 201 -w 10 -s getppid,null -o sum.txt >sum.out 2>&1; rc=$?
for s in getppid null; do
	m=$(median sum.txt $s ns)
	n=$(awk -v s=$s '!/^#/ && $2 == s && $7 == 0 && $8 == 0' sum.txt | wc -l)
	line=$(awk -v s=$s '$3 == s' sum.out)
	check "summary $s: n and median match awk ($n, $m | $line)" awk -v m="$m" -v n="$n" -v l="$line" \
		'BEGIN{split(l, f); d = f[7] - m; exit !(f[5] == n && d < 0.01 && d > -0.01)}'
done

# --- memory stays bounded: past 2^16 (SUMMARY_EXACT_CAP) samples a cell keeps running
# statistics only, and the summary marks its median as GSL's P-square
# estimate; it must still lie inside the data's middle (p40..p60)
"$B" -q --clock ns -n 80000 -k 1 -w 10 -s null -o big.txt >big.out 2>&1; rc=$?
line=$(awk '$3 == "null"' big.out)
check "over 2^16 samples: runs, summary median marked ~ ($line)" \
	sh -c "[ $rc = 0 ] && echo '$line' | grep -q '[0-9]~ *[0-9]'"
c=$(col big.txt ns)
awk -v c="$c" '!/^#/ && $7 == 0 && $8 == 0 {print $c}' big.txt | sort -g >big.sorted
n=$(wc -l <big.sorted)
p40=$(sed -n "$((n * 40 / 100))p" big.sorted); p60=$(sed -n "$((n * 60 / 100))p" big.sorted)
check "... n is every undisturbed sample ($n)" awk -v l="$line" -v n="$n" 'BEGIN { split(l, f); exit !(f[5] == n) }'
check "... the estimate lies in p40..p60 ($p40..$p60)" awk -v l="$line" -v a="$p40" -v b="$p60" \
	'BEGIN { split(l, f); sub("~.*", "", f[7]); exit !(f[7] + 0.01 >= a && f[7] - 0.01 <= b) }'
check "... the note says so" grep -q "P-square estimate" big.out
