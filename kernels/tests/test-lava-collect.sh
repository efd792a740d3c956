#!/bin/sh
# lab/lava/collect on LAVA job logs made here (no LAVA needed: seconds):
# the guest's frames (as kernels/initramfs/init writes them) inside LAVA
# "target" records, LAVA's "results" records beside them.  A good log is
# extracted byte-exact, checked and recorded (SQLite history); a damaged
# frame, a log cut before @@BENCH-DONE, a FAIL verdict, a plan the guest did
# not get, a monitor that never saw the end, an invalid results file and
# usage errors are each refused with their exit status.  make-job's job for
# a fake image: the plan cpio in the initrd and the monitor pattern.
# The real thing (lava-run booting an image): tests/test-lava.sh.
. "$(dirname "$0")/lib.sh"
top=$(cd "$kdir/.." && pwd)
lab=$top/lab/lava
nd=$top/scripts/nightly.d
make -s -C "$top/stats" > /dev/null 2>&1 && make -s -C "$nd" > /dev/null 2>&1 ||
	{ echo "$(basename "$0"): cannot build bench-stat and bench-history" >&2; exit 1; }
# the python3 of lab/lava's scripts (#!/usr/bin/python3), which has python3-yaml
py=/usr/bin/python3
"$py" -c 'import yaml' 2> /dev/null || { echo "$(basename "$0"): needs python3-yaml (make deps)" >&2; exit 1; }

# ---- a guest's result files ---------------------------------------------------
g=$tmp/guest
mkdir -p "$g"
"$nd/gen-results" -o "$g/bench-1.txt" --host guest --seed 3 --cpus 2 --blocks 4 --samples 5
printf 'PASS sigreturn_64\nPASS syscall_nt_64\nKNOWN mov_ss_trap_64 rc=139 expected\n' > "$g/selftests.txt"
printf 'uname: Linux (none) 6.1.192\naccel: tcg\n' > "$g/env.txt"
echo "bench-1 rc=0 args=--syscalls getpid" > "$g/bench.status"

# frame FILE: as kernels/initramfs/init frames it
frame() {
	echo "@@BENCH-FILE-BEGIN ${1##*/} $(wc -c < "$1") $(sha256sum "$1" | cut -d' ' -f1)"
	base64 "$1"
	echo "@@BENCH-FILE-END ${1##*/}"
}
# console DIR: the guest's console, frames included
console() {
	echo "Linux version 6.1.192 (root@build) #1-dual SMP"
	echo "bench-init: plan: selftests,bench"
	echo "bench-init: selftests sigreturn_64: rc=0"
	echo "bench-init: selftests syscall_nt_64: rc=0"
	echo "bench-init: selftests mov_ss_trap_64: rc=139"
	echo "bench-init: bench 1: rc=0"
	for f in "$1"/*; do frame "$f"; done
	echo "@@BENCH-DONE"
	echo "bench-init: done"
}
# lavalog CONSOLE MONITOR-RESULT: lava-run's standard output around it
lavalog() {
	"$py" - "$1" "$2" << 'EOF'
import json, sys
def rec(lvl, msg):
    print(json.dumps({"dt": "2026-12-02T04:00:00.000000", "lvl": lvl, "msg": msg}))
rec("info", "start: 0 validate")
rec("results", {"case": "validate", "definition": "lava", "result": "pass"})
for line in open(sys.argv[1]).read().splitlines():
    rec("target", line)
    if line.startswith("bench-init: selftests sigreturn_64") or line.startswith("bench-init: selftests syscall_nt"):
        rec("results", {"case": line.split()[2].rstrip(":"), "definition": "bench-syscall", "result": "pass"})
rec("results", {"case": "bench_1", "definition": "bench-syscall", "result": "pass"})
rec("results", {"case": "lava-test-monitor", "definition": "lava", "result": sys.argv[2],
                "extra": {"status": "passed" if sys.argv[2] == "pass" else "failed"}})
rec("results", {"case": "job", "definition": "lava", "result": "pass"})
EOF
}
console "$g" > "$tmp/console.txt"
lavalog "$tmp/console.txt" pass > "$tmp/good.log"
cat > "$tmp/job.yaml" << 'EOF'
device_type: qemu
job_name: test
metadata:
  bench.run: selftests,bench
  bench.accel: tcg
  bench.commit: abc123
EOF
db="sqlite:$tmp/h.db"
"$nd/bench-history" --db "$db" migrate > /dev/null 2>&1 || bad "bench-history migrate"

# ---- a good log ---------------------------------------------------------------------
expect 0 'recorded as run' "$lab/collect" "$tmp/good.log" --job "$tmp/job.yaml" -o "$tmp/r" \
	--db "$db" --host labhost --job-id 7
for f in bench-1.txt selftests.txt env.txt bench.status; do
	check "$f came back byte-exact" cmp -s "$g/$f" "$tmp/r/$f"
done
check "collect.info says ok" grep -qx 'result: ok' "$tmp/r/collect.info"
check "LAVA's cases listed" grep -qx "bench-syscall	sigreturn_64	pass" "$tmp/r/lava-results.tsv"
id=$(awk -F'\t' '$1 == "bench-1.txt" { print $2 }' "$tmp/r/recorded.tsv")
"$nd/bench-history" --db "$db" show "$id" > "$tmp/show" 2>&1
check "recorded: host labhost" grep -qx 'host	labhost' "$tmp/show"
check "recorded: status new" grep -qx 'status	new' "$tmp/show"
check "recorded: the job's commit" grep -qx 'kernel_commit	abc123' "$tmp/show"
# the server's log form: the same records as a YAML list
sed 's/^/- /' "$tmp/good.log" > "$tmp/server.log"
expect 0 '' "$lab/collect" "$tmp/server.log" --job "$tmp/job.yaml" -o "$tmp/r-server"
expect 2 'already holds' "$lab/collect" "$tmp/good.log" --job "$tmp/job.yaml" -o "$tmp/r"

# ---- what must be refused ------------------------------------------------------------
# one base64 character of bench-1.txt's frame changed
awk '/^@@BENCH-FILE-BEGIN bench-1.txt/ { f = 1; print; next }
	f && !done { $0 = (substr($0, 1, 1) == "A" ? "B" : "A") substr($0, 2); done = 1 } { print }' \
	"$tmp/console.txt" > "$tmp/damaged.txt"
lavalog "$tmp/damaged.txt" pass > "$tmp/damaged.log"
expect 1 'damaged' "$lab/collect" "$tmp/damaged.log" --job "$tmp/job.yaml" -o "$tmp/r1"
check "a damaged frame is kept as .corrupt" test -f "$tmp/r1/bench-1.txt.corrupt"
grep -v '@@BENCH-DONE' "$tmp/console.txt" | head -n 20 > "$tmp/cut.txt"
lavalog "$tmp/cut.txt" fail > "$tmp/cut.log"
expect 3 'no @@BENCH-DONE' "$lab/collect" "$tmp/cut.log" --job "$tmp/job.yaml" -o "$tmp/r2"
# a selftest FAIL: refused, and the bench file still recorded, as failed
cp -r "$g" "$tmp/g3"
echo "FAIL syscall_nt_64 rc=1" >> "$tmp/g3/selftests.txt"
console "$tmp/g3" > "$tmp/c3.txt"; lavalog "$tmp/c3.txt" pass > "$tmp/fail.log"
expect 1 'FAIL syscall_nt_64' "$lab/collect" "$tmp/fail.log" --job "$tmp/job.yaml" -o "$tmp/r3" \
	--db "$db" --host labhost
check "a failed boot's bench file is recorded as failed" grep -q "	failed$" "$tmp/r3/recorded.tsv"
sed 's/bench.accel: tcg/bench.accel: kvm/' "$tmp/job.yaml" > "$tmp/kvm.yaml"
expect 1 'did not get the plan' "$lab/collect" "$tmp/good.log" --job "$tmp/kvm.yaml" -o "$tmp/r4"
lavalog "$tmp/console.txt" fail > "$tmp/nomon.log"
expect 1 "monitor did not see the plan end" "$lab/collect" "$tmp/nomon.log" --job "$tmp/job.yaml" -o "$tmp/r5"
# a results file whose frame is whole but whose content is not a results file
cp -r "$g" "$tmp/g6"
head -n 5 "$g/bench-1.txt" > "$tmp/g6/bench-1.txt"
console "$tmp/g6" > "$tmp/c6.txt"; lavalog "$tmp/c6.txt" pass > "$tmp/invalid.log"
expect 1 'bench-1.txt: not a valid results file' "$lab/collect" "$tmp/invalid.log" --job "$tmp/job.yaml" -o "$tmp/r6"
sed 's/bench.run: selftests,bench/bench.run: selftests,guest,bench/' "$tmp/job.yaml" > "$tmp/guest.yaml"
expect 1 'guest: no verdicts' "$lab/collect" "$tmp/good.log" --job "$tmp/guest.yaml" -o "$tmp/r7"
echo "not a log" > "$tmp/junk.log"
expect 2 'not a LAVA log record' "$lab/collect" "$tmp/junk.log" --job "$tmp/job.yaml" -o "$tmp/r8"
expect 2 'needs --host' "$lab/collect" "$tmp/good.log" --job "$tmp/job.yaml" -o "$tmp/r9" --db "$db"
expect 2 'not a make-job job' "$lab/collect" "$tmp/good.log" --job "$tmp/junk.log" -o "$tmp/r10"

# ---- make-job on a fake image -----------------------------------------------------------
im=$tmp/img
mkdir -p "$im/root/etc"
printf 'sigreturn_64 pass\nmov_ss_trap_64 known why\nsigreturn_32 known-tcg why\n' > "$im/root/etc/selftests.list"
(cd "$im/root" && find . | cpio -o -H newc --quiet | gzip) > "$im/initramfs.cpio.gz"
echo kernel > "$im/bzImage"
printf 'series: 6.1\nvariant: dual\nkernel.release: 6.1.192\npatch.sha256: 0123456789abcdef\n' > "$im/info"
expect 0 '' "$lab/make-job" "$im" -o "$tmp/j" --run selftests,guest --bench-args "-s getpid" --accel tcg
check "make-job prints the job's path" grep -qx "$tmp/j/job.yaml" "$tmp/out"
# the initrd: the image's initramfs, then the plan (cpio reads both archives)
size=$(stat -c %s "$im/initramfs.cpio.gz")
pad=$(( (4 - size % 4) % 4 ))
tail -c +$((size + pad + 1)) "$tmp/j/initrd" > "$tmp/plan.cpio"
check "the initrd starts with the image's initramfs" cmp -s -n "$size" "$im/initramfs.cpio.gz" "$tmp/j/initrd"
mkdir "$tmp/p" && (cd "$tmp/p" && cpio -i --quiet -d < "$tmp/plan.cpio")
check "plan/run" grep -qx 'selftests,guest' "$tmp/p/plan/run"
check "plan/bench-args" grep -qx -- '-s getpid' "$tmp/p/plan/bench-args"
check "plan/accel" grep -qx tcg "$tmp/p/plan/accel"
"$py" - "$tmp/j/job.yaml" > "$tmp/pat" << 'EOF'
import re, sys, yaml
job = yaml.safe_load(open(sys.argv[1]))
mon = [a["test"] for a in job["actions"] if "test" in a][0]["monitors"][0]
pat = re.compile(mon["pattern"])
for line in ("bench-init: selftests sigreturn_64: rc=0", "bench-init: selftests mov_ss_trap_64: rc=139",
             "bench-init: selftests sigreturn_32: rc=1", "bench-init: guest regstress: rc=1",
             "bench-init: bench 2: rc=0", "bench-init: plan: selftests"):
    m = pat.search(line)
    print(line, "->", (m.group("test_case_id"), mon["fixupdict"][m.group("result")]) if m else None)
print("metadata", job["metadata"]["bench.commit"], job["metadata"]["bench.run"])
EOF
check "monitor: a pass" grep -qx "bench-init: selftests sigreturn_64: rc=0 -> ('sigreturn_64', 'pass')" "$tmp/pat"
check "monitor: no case for a known failure" grep -qx "bench-init: selftests mov_ss_trap_64: rc=139 -> None" "$tmp/pat"
check "monitor: no case for known-tcg under tcg" grep -qx "bench-init: selftests sigreturn_32: rc=1 -> None" "$tmp/pat"
check "monitor: a guest test failure" grep -qx "bench-init: guest regstress: rc=1 -> ('regstress', 'fail')" "$tmp/pat"
check "monitor: a bench run" grep -qx "bench-init: bench 2: rc=0 -> ('bench 2', 'pass')" "$tmp/pat"
check "monitor: not the plan line" grep -qx "bench-init: plan: selftests -> None" "$tmp/pat"
check "metadata: commit from patch.sha256" grep -qx "metadata 0123456789ab selftests,guest" "$tmp/pat"
expect 0 '' "$lab/make-job" "$im" -o "$tmp/j2" --accel kvm
check "known-tcg is a verdict under kvm" "$py" -c '
import re, sys, yaml
job = yaml.safe_load(open(sys.argv[1]))
mon = [a["test"] for a in job["actions"] if "test" in a][0]["monitors"][0]
sys.exit(not re.search(mon["pattern"], "bench-init: selftests sigreturn_32: rc=1"))' "$tmp/j2/job.yaml"
expect 2 'unknown step' "$lab/make-job" "$im" -o "$tmp/j3" --run selftests,boot
expect 2 'not an image directory' "$lab/make-job" "$tmp" -o "$tmp/j4"
finish
