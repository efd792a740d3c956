#!/bin/sh
# Tests of scripts/labcheck: on this machine (no hardware PMU here: it must say
# so and why, and exit 1), and on fake /proc and /sys trees (--root) for the
# branches this machine cannot show: a PMU with rdpmc disabled, seccomp, a
# tracer, audit, syscall tracepoints, powersave governor, turbo, SMT, isolated
# CPUs, irqbalance, deep C-states, THP always, a variable TSC, no usable clock,
# usage errors.  bench-syscall --list is faked through BENCH_SYSCALL there.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
lc=$top/scripts/labcheck
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 n=0
ok() { n=$((n + 1)); }
bad() { echo "FAIL $*"; fails=$((fails + 1)); n=$((n + 1)); }

# item FILE NAME FIELD: the field (state, value, why, fix) of an item of a
# labcheck --json output.
item() {
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
for it in d["items"]:
    if it["item"] == sys.argv[2]:
        print(it[sys.argv[3]] or ""); break
else:
    print("(no item)")' "$1" "$2" "$3"
}
# want FILE NAME STATE PATTERN: item NAME has STATE and its value+why+fix
# matches the extended regex PATTERN.
want() {
	s=$(item "$1" "$2" state)
	t="$(item "$1" "$2" value): $(item "$1" "$2" why) [$(item "$1" "$2" fix)]"
	if [ "$s" != "$3" ]; then
		bad "$1: $2 is '$s', want '$3' ($t)"
	elif ! printf '%s' "$t" | grep -Eq -- "$4"; then
		bad "$1: $2 lacks /$4/: $t"
	else
		ok
	fi
}
# status WANT CMD...: CMD exits WANT.
status() {
	w=$1; shift
	"$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	[ $rc = "$w" ] && ok || bad "$* -> exit $rc, want $w: $(head -c 300 "$tmp/err")"
}

# ---- usage -----------------------------------------------------------------
status 2 "$lc" --bogus
grep -q "^labcheck: unknown argument '--bogus'" "$tmp/err" && ok || bad "--bogus message: $(cat "$tmp/err")"
status 2 "$lc" --root
status 2 "$lc" --root /nonexistent
grep -q "not a directory" "$tmp/err" && ok || bad "--root /nonexistent message"
mkdir -p "$tmp/empty"
status 2 "$lc" --root "$tmp/empty"
grep -q "no proc/cpuinfo" "$tmp/err" && ok || bad "empty root message"
status 0 "$lc" --help
grep -q "Exit: 0 usable, 1 usable with warnings, 2 unusable" "$tmp/out" && ok || bad "--help documents the exit"

# ---- this machine -----------------------------------------------------------
[ -x "$top/bench/bench-syscall" ] || make -s -C "$top/bench" > /dev/null ||
	bad "bench-syscall cannot be built: the real-machine checks need it"
"$lc" --json --no-boot > "$tmp/real.json" 2> "$tmp/real.err"
rc=$?
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/real.json" && ok || bad "real: --json is not JSON"
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["exit"])' "$tmp/real.json")" = $rc ] &&
	ok || bad "real: exit $rc differs from the JSON's"
list=$("$top/bench/bench-syscall" --list 2>&1)
if [ ! -e /sys/bus/event_source/devices/cpu ] && ! printf '%s' "$list" | grep -q '^  perf *usable'; then
	# No PMU (these development VMs): said, with bench-syscall's reason.
	want "$tmp/real.json" pmu warn "^none: no hardware counters: perf_event_open.*no core PMU driver"
	[ $rc -ge 1 ] && ok || bad "real: no PMU, yet exit $rc"
	want "$tmp/real.json" rdpmc info "^no: .*no /sys/bus/event_source/devices/cpu/rdpmc"
	want "$tmp/real.json" clocks info "tsc|ns"
else
	want "$tmp/real.json" pmu ok "hardware cycles"
fi
grep -q constant_tsc /proc/cpuinfo && want "$tmp/real.json" tsc ok "constant_tsc, nonstop_tsc"
want "$tmp/real.json" tsc.vs.core "$(item "$tmp/real.json" tsc.vs.core state)" "reference cycles"
seccomp=$(sed -n 's/^Seccomp:[[:space:]]*//p' /proc/self/status)
want "$tmp/real.json" seccomp "$([ "$seccomp" = 0 ] && echo ok || echo warn)" "^$seccomp: "
nv=$(ls /sys/devices/system/cpu/vulnerabilities | wc -l)
nm=$(python3 -c 'import json,sys; print(sum(1 for i in json.load(open(sys.argv[1]))["items"] if i["item"].startswith("mitigation.")))' "$tmp/real.json")
nmit=$(grep -l '^\(Mitigation\|Vulnerable\)' /sys/devices/system/cpu/vulnerabilities/* | wc -l)
[ "$nm" = "$nmit" ] && ok || bad "real: $nm mitigation items, $nmit vulnerabilities entries mitigated or vulnerable (of $nv)"
"$lc" --no-boot > "$tmp/real.txt" 2>&1
grep -Eq '^labcheck: usable|^labcheck: unusable' "$tmp/real.txt" && ok || bad "real: no verdict line"
grep -Eq '^(ok|warn|bad|info) +pmu +' "$tmp/real.txt" && ok || bad "real: no pmu line"

# The kvm item is kernels/lib/kvm-probe's answer (faked here: 0 yes, 1 no, 2
# unknown); --no-boot asks it for the cached answer only.
if [ -e /dev/kvm ]; then
	printf '#!/bin/sh\necho "$*" > %s/probe-args\necho "kvm: $FAKE_KVM"\necho "why: fake says $FAKE_KVM"\necho "source: cached"\ncase $FAKE_KVM in yes) exit 0 ;; no) exit 1 ;; esac\nexit 2\n' "$tmp" > "$tmp/probe"
	chmod +x "$tmp/probe"
	for a in yes:ok no:warn unknown:info; do
		FAKE_KVM=${a%:*} LABCHECK_KVM_PROBE=$tmp/probe "$lc" --json --no-boot > "$tmp/kvm.json" 2> /dev/null
		want "$tmp/kvm.json" kvm ${a#*:} "fake says ${a%:*}|^unknown"
	done
	grep -q -- --cached "$tmp/probe-args" && ok || bad "--no-boot did not ask for the cached answer: $(cat "$tmp/probe-args")"
	mkdir -p "$tmp/imgdir"; : > "$tmp/imgdir/bzImage"
	FAKE_KVM=yes LABCHECK_KVM_PROBE=$tmp/probe "$lc" --json --image "$tmp/imgdir" > /dev/null 2>&1
	grep -q -- "--image $tmp/imgdir" "$tmp/probe-args" && ok || bad "--image not passed to the probe: $(cat "$tmp/probe-args")"
fi

# ---- fake hosts -----------------------------------------------------------
# mkroot DIR: a lab host with everything a measurement would not want.
mkroot() {
	r=$1
	mkdir -p "$r/proc/self" "$r/proc/sys/kernel" "$r/proc/4711" "$r/var/log" "$r/dev" \
		"$r/sys/bus/event_source/devices/cpu" "$r/sys/devices/system/cpu/smt" \
		"$r/sys/devices/system/cpu/intel_pstate" "$r/sys/devices/system/cpu/cpuidle" \
		"$r/sys/devices/system/cpu/vulnerabilities" "$r/sys/devices/system/clocksource/clocksource0" \
		"$r/sys/kernel/mm/transparent_hugepage" "$r/sys/kernel/tracing/events/raw_syscalls/sys_enter" \
		"$r/sys/kernel/tracing/events/raw_syscalls/sys_exit"
	for c in 0 1 2 3; do
		mkdir -p "$r/sys/devices/system/cpu/cpu$c/cpufreq"
		echo powersave > "$r/sys/devices/system/cpu/cpu$c/cpufreq/scaling_governor"
		echo intel_pstate > "$r/sys/devices/system/cpu/cpu$c/cpufreq/scaling_driver"
		echo 3900000 > "$r/sys/devices/system/cpu/cpu$c/cpufreq/scaling_cur_freq"
		printf 'processor\t: %s\nmodel name\t: Intel(R) Xeon(R) Fake\nflags\t\t: fpu tsc rdtscp constant_tsc nonstop_tsc arch_perfmon\n\n' $c >> "$r/proc/cpuinfo"
	done
	for s in 0:POLL:0 1:C1:2 2:C6:170; do
		d=$r/sys/devices/system/cpu/cpu0/cpuidle/state${s%%:*}
		mkdir -p "$d"; t=${s#*:}; echo "${t%%:*}" > "$d/name"; echo "${s##*:}" > "$d/latency"; echo 0 > "$d/disable"
	done
	echo intel_idle > "$r/sys/devices/system/cpu/cpuidle/current_driver"
	printf 'Name:\tbash\nTracerPid:\t321\nSeccomp:\t2\nSeccomp_filters:\t1\n' > "$r/proc/self/status"
	echo "BOOT_IMAGE=/vmlinuz root=/dev/sda1 audit=1" > "$r/proc/cmdline"
	echo 3 > "$r/proc/sys/kernel/perf_event_paranoid"
	echo 0 > "$r/sys/bus/event_source/devices/cpu/rdpmc"
	echo irqbalance > "$r/proc/4711/comm"
	echo on > "$r/sys/devices/system/cpu/smt/control"; echo 1 > "$r/sys/devices/system/cpu/smt/active"
	echo 0 > "$r/sys/devices/system/cpu/intel_pstate/no_turbo"
	: > "$r/sys/devices/system/cpu/isolated"
	echo tsc > "$r/sys/devices/system/clocksource/clocksource0/current_clocksource"
	echo '[always] madvise never' > "$r/sys/kernel/mm/transparent_hugepage/enabled"
	echo 1 > "$r/sys/kernel/tracing/events/raw_syscalls/sys_enter/enable"
	echo 0 > "$r/sys/kernel/tracing/events/raw_syscalls/sys_exit/enable"
	echo "Mitigation: Enhanced / Automatic IBRS; IBPB: conditional; RSB filling" > "$r/sys/devices/system/cpu/vulnerabilities/spectre_v2"
	echo "Mitigation: PTI" > "$r/sys/devices/system/cpu/vulnerabilities/meltdown"
	echo "Vulnerable: Clear CPU buffers attempted, no microcode" > "$r/sys/devices/system/cpu/vulnerabilities/mds"
	echo "Not affected" > "$r/sys/devices/system/cpu/vulnerabilities/l1tf"
	echo "[    0.000000] tsc: Detected 2100.000 MHz processor" > "$r/var/log/dmesg"
	echo "[    1.200000] tsc: Refined TSC clocksource calibration: 2099.998 MHz" >> "$r/var/log/dmesg"
}
# fakebench FILE PERF RDPMC TSC [NS]: a bench-syscall whose --list says so.
fakebench() {
	cat > "$1" <<-EOF
	#!/bin/sh
	[ "\$1" = --list ] || exit 2
	echo "operations: getpid"
	echo "entries: syscall"
	echo "clocks:"
	echo "  perf   $2"
	echo "  rdpmc  $3"
	echo "  tsc    $4"
	echo "  ns     ${5:-usable}"
	EOF
	chmod +x "$1"
}
fakebench "$tmp/bench-pmu" usable "perf_event_open: rdpmc disabled (cap_user_rdpmc 0)" usable
mkroot "$tmp/bad"
BENCH_SYSCALL=$tmp/bench-pmu "$lc" --json --root "$tmp/bad" > "$tmp/bad.json" 2> "$tmp/err"
rc=$?
[ $rc = 1 ] && ok || bad "bad host: exit $rc, want 1: $(cat "$tmp/err")"
want "$tmp/bad.json" clocks ok "perf,tsc,ns"
want "$tmp/bad.json" pmu ok "hardware cycles"
want "$tmp/bad.json" rdpmc warn "perf_event_paranoid 3; cpu/rdpmc 0 \(disabled\).*echo 1 > /sys/bus/event_source/devices/cpu/rdpmc"
want "$tmp/bad.json" kvm warn "/dev/kvm missing"
want "$tmp/bad.json" tsc ok "2100 MHz: .*2099.998 MHz from dmesg \(refined"
want "$tmp/bad.json" tsc.vs.core warn "cores 3900-3900 MHz, TSC 2100 MHz.*reference cycles"
want "$tmp/bad.json" governor warn "^powersave: .*cpupower frequency-set -g performance"
want "$tmp/bad.json" boost warn "^on: intel_pstate/no_turbo 0"
want "$tmp/bad.json" smt warn "^on: control on"
want "$tmp/bad.json" isolcpus info "^none"
want "$tmp/bad.json" irqbalance info "^running: pid 4711"
want "$tmp/bad.json" cstates info "^1 deep: driver intel_idle: POLL 0us, C1 2us, C6 170us"
want "$tmp/bad.json" thp info "^always"
want "$tmp/bad.json" seccomp warn "^2: .*forces syscall work"
want "$tmp/bad.json" tracer warn "^321: .*ptrace"
want "$tmp/bad.json" audit warn "^enabled: audit=1 on the kernel command line"
want "$tmp/bad.json" tracepoints warn "^on: enabled in /sys/kernel/tracing: raw_syscalls/sys_enter$|^on: enabled in /sys/kernel/tracing: raw_syscalls/sys_enter "
want "$tmp/bad.json" fast.possible warn "^no: seccomp mode 2, traced by pid 321, audit enabled, syscall tracepoints on: .*stock slow path"
want "$tmp/bad.json" mitigations info "^2 in force, 1 vulnerable: mitigations=\(default auto\)"
want "$tmp/bad.json" mitigation.meltdown info "^mitigated: Mitigation: PTI"
want "$tmp/bad.json" mitigation.mds info "^vulnerable: "
[ "$(item "$tmp/bad.json" mitigation.l1tf state)" = "(no item)" ] && ok || bad "bad host: 'Not affected' listed as a mitigation"
BENCH_SYSCALL=$tmp/bench-pmu "$lc" -q --root "$tmp/bad" > "$tmp/bad.txt" 2>&1
grep -q '^warn  seccomp' "$tmp/bad.txt" && ! grep -q '^ok ' "$tmp/bad.txt" && ok || bad "-q: $(cat "$tmp/bad.txt")"
grep -q '^labcheck: usable with warnings (0 bad, ' "$tmp/bad.txt" && ok || bad "bad host: verdict line"

# The same host, put right: exit 0.
good=$tmp/good
cp -a "$tmp/bad" "$good"
for c in 0 1 2 3; do
	echo performance > "$good/sys/devices/system/cpu/cpu$c/cpufreq/scaling_governor"
	echo 2100000 > "$good/sys/devices/system/cpu/cpu$c/cpufreq/scaling_cur_freq"
done
printf 'Name:\tbash\nTracerPid:\t0\nSeccomp:\t0\n' > "$good/proc/self/status"
echo "BOOT_IMAGE=/vmlinuz isolcpus=2-3 nohz_full=2-3 mitigations=off" > "$good/proc/cmdline"
echo 2-3 > "$good/sys/devices/system/cpu/isolated"; echo 2-3 > "$good/sys/devices/system/cpu/nohz_full"
echo 2 > "$good/proc/sys/kernel/perf_event_paranoid"; echo 1 > "$good/sys/bus/event_source/devices/cpu/rdpmc"
echo 1 > "$good/sys/devices/system/cpu/intel_pstate/no_turbo"
echo off > "$good/sys/devices/system/cpu/smt/control"; echo 0 > "$good/sys/devices/system/cpu/smt/active"
echo 1 > "$good/sys/devices/system/cpu/cpu0/cpuidle/state2/disable"
echo 'always [madvise] never' > "$good/sys/kernel/mm/transparent_hugepage/enabled"
echo 0 > "$good/sys/kernel/tracing/events/raw_syscalls/sys_enter/enable"
rm -r "$good/proc/4711"
: > "$good/dev/kvm"
fakebench "$tmp/bench-all" usable usable usable
BENCH_SYSCALL=$tmp/bench-all "$lc" --json --root "$good" > "$tmp/good.json" 2> "$tmp/err"
rc=$?
[ $rc = 0 ] && ok || bad "good host: exit $rc, want 0: $(python3 -c 'import json,sys; print([i for i in json.load(open(sys.argv[1]))["items"] if i["state"] in ("warn","bad")])' "$tmp/good.json")"
want "$tmp/good.json" rdpmc ok "cpu/rdpmc 1 \(while a counter is mmapped\)"
want "$tmp/good.json" governor ok "^performance"
want "$tmp/good.json" boost ok "^off: intel_pstate/no_turbo 1"
want "$tmp/good.json" isolcpus ok "^2-3: .*nohz_full 2-3.*--cpus 2-3"
want "$tmp/good.json" cstates ok "C6 170us \(disabled\)"
want "$tmp/good.json" tracepoints ok "^off: none enabled"
want "$tmp/good.json" tsc.vs.core info "cores 2100-2100 MHz, TSC 2100 MHz"
want "$tmp/good.json" mitigations info "mitigations=off"
want "$tmp/good.json" kvm info "not probed"

# perf's view (LABCHECK_PERF: a fake perf): the kernel share does not count
# (user/kernel split lost), and perf's msr PMU gives APERF/MPERF 1.3: the
# cores run 30% faster than the TSC ticks.
ph=$tmp/perfhost
cp -a "$good" "$ph"
mkdir -p "$ph/sys/bus/event_source/devices/msr/events"
echo event=0x01 > "$ph/sys/bus/event_source/devices/msr/events/aperf"
echo event=0x02 > "$ph/sys/bus/event_source/devices/msr/events/mperf"
cat > "$tmp/perf" <<-'EOF2'
	#!/bin/sh
	echo "$*" >> "${0%/*}/perf.args"
	case "$*" in
	*msr/aperf/*) echo "2600000,,msr/aperf/,300000000,100.00,," >&2
		echo "2000000,,msr/mperf/,300000000,100.00,," >&2 ;;
	*cycles:u*) echo "1000,,cycles:u,1000,100.00,," >&2; echo "<not supported>,,cycles:k,0,100.00,," >&2
		echo "900,,instructions:u,1000,100.00,," >&2; echo "<not supported>,,instructions:k,0,100.00,," >&2 ;;
	esac
	EOF2
chmod +x "$tmp/perf"
LABCHECK_PERF=$tmp/perf BENCH_SYSCALL=$tmp/bench-all "$lc" --json --root "$ph" > "$tmp/perf.json" 2> "$tmp/err"
rc=$?
[ $rc = 1 ] && ok || bad "perf host: exit $rc, want 1"
want "$tmp/perf.json" pmu warn "^cycles \(user only\): .*cycles:k, instructions:k do not count.*perf_event_paranoid 2"
want "$tmp/perf.json" tsc.vs.core warn "^1.300 core cycles per TSC cycle: .*reference cycles.*perf msr PMU.*differ by 30.0%"
grep -q -- "-C 0 -e msr/aperf/,msr/mperf/ -- taskset -c 0" "$tmp/perf.args" && ok || bad "perf msr: not pinned to CPU 0: $(cat "$tmp/perf.args")"

# A TSC without constant_tsc; no usable clock at all (exit 2); no bench-syscall.
sed -i 's/ constant_tsc//' "$good/proc/cpuinfo"
fakebench "$tmp/bench-none" "no PMU" "needs perf" "unstable" "no clock_gettime"
BENCH_SYSCALL=$tmp/bench-none "$lc" --json --root "$good" > "$tmp/none.json" 2> "$tmp/err"
rc=$?
[ $rc = 2 ] && ok || bad "no usable clock: exit $rc, want 2"
want "$tmp/none.json" clocks bad "^none usable: bench-syscall --list: perf: no PMU; rdpmc: needs perf; tsc: unstable; ns: no clock_gettime"
want "$tmp/none.json" tsc warn "^variable: constant_tsc missing"
BENCH_SYSCALL=$tmp/nonexistent "$lc" --json --root "$good" > "$tmp/nob.json" 2> "$tmp/err"
rc=$?
[ $rc = 2 ] && ok || bad "bench-syscall missing: exit $rc, want 2"
want "$tmp/nob.json" clocks bad "failed|not found"

echo "test-labcheck: $((n - fails)) passed, $fails failed"
[ $fails = 0 ]
