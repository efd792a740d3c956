#!/bin/bash
# lab/lava under a real LAVA dispatcher: lab/lava/make-job writes a job for
# the cached 6.1 dual image (selftests, guest tests, one bench run), lava-run
# runs it on the qemu device dictionary lab/lava/qemu-tcg.yaml (TCG), and
# lab/lava/collect takes the result files out of LAVA's log, checks them like
# kernels/boot does and records the bench file in a throw-away PostgreSQL
# history (bench-history, as the lab's shared one).  Then the same log,
# damaged or cut short, and a job whose plan the guest never got, must each
# be refused with the right exit status, and a boot that panics under LAVA
# must come out of collect as a failed boot.
#
#   make -C kernels test-lava      (several minutes: one TCG boot under LAVA)
#
# Installs the deps group "lava" (scripts/deps lava: lava-dispatcher, ~150
# packages); exit 4 (skip) only when that cannot be installed.
# Environment: LAVA_IMAGE (an image directory instead of kernels/build's
# cached 6.1 dual), LAVA_OUT (keep the run there).
set -u
kdir=$(cd "$(dirname "$0")/.." && pwd)
top=$(cd "$kdir/.." && pwd)
lab=$top/lab/lava
fails=0
T=$(mktemp -d "${TMPDIR:-/tmp}/test-lava.XXXXXX")
out=${LAVA_OUT:-$T/run}
pgbin=/usr/lib/postgresql/15/bin
pg_stop() {
	[ -f "$T/pg/data/postmaster.pid" ] &&
		$pgrun "$pgbin/pg_ctl" -D "$T/pg/data" -m immediate stop > /dev/null 2>&1
	return 0
}
pgrun=""
trap 'pg_stop; rm -rf "$T"' EXIT
run() { echo "[RUN] $*"; }
ok() { echo "[OK] $*"; }
fail() { echo "[FAIL] $*"; fails=$((fails + 1)); }

run "deps: scripts/deps lava"
if ! "$top/scripts/deps" lava > "$T/deps.log" 2>&1; then
	cat "$T/deps.log"
	echo "[SKIP] the lava deps group cannot be installed here"
	exit 4
fi
command -v lava-run > /dev/null || { echo "[SKIP] no lava-run after scripts/deps lava"; exit 4; }
ok "lava-dispatcher $(dpkg-query -W -f='${Version}' lava-dispatcher)"

make -s -C "$top/stats" > "$T/make.log" 2>&1 &&
	make -s -C "$top/scripts/nightly.d" >> "$T/make.log" 2>&1 ||
	{ cat "$T/make.log"; fail "cannot build bench-stat and bench-history"; exit 1; }

# The newest cached 6.1 dual image, as it is (no kernels/build run: that
# repacks the shared image's initramfs from this tree).
img=${LAVA_IMAGE:-$(ls -td "${BENCH_CACHE:-/var/cache/bench-syscall}"/images/6.1.*/dual 2> /dev/null | head -n 1)}
if [ -z "$img" ] || [ ! -f "$img/bzImage" ]; then
	fail "no cached 6.1 dual image: kernels/build --series 6.1 --variants dual (or set LAVA_IMAGE)"
	exit 1
fi

# ---- the job: made, validated by LAVA, run ---------------------------------
run "make-job $img"
mkdir -p "$out"
# --test-timeout 900: syscall_numbering_64 (ptrace-heavy) took over 300 s
# under TCG on this host while its 2 cores were shared with ~12 runnable jobs.
"$lab/make-job" "$img" -o "$out/job" --run selftests,guest,bench --test-timeout 900 \
	--bench-args "--syscalls getpid,getppid --samples 200 --quiet" > "$T/make-job.out" ||
	{ fail "make-job exited $?"; exit 1; }
job=$out/job/job.yaml
[ "$(cat "$T/make-job.out")" = "$job" ] && ok "make-job wrote $job" || fail "make-job printed '$(cat "$T/make-job.out")'"

run "lava-run --validate"
if lava-run --validate --job-id 1 --output-dir "$out/validate" --device "$lab/qemu-tcg.yaml" "$job" \
	> "$out/validate.log" 2>&1 && grep -q '"case": "validate".*"result": "pass"' "$out/validate.log"; then
	ok "LAVA accepts the job and the device dictionary"
else
	grep '"lvl": "error"\|error_msg' "$out/validate.log" | head -5
	fail "lava-run --validate"
fi

run "lava-run (one TCG boot: minutes on a loaded host)"
t0=$(date +%s)
# The job's own timeouts (30 min) bound it; this one only stops a wedged dispatcher.
# lava-run writes its log (the records collect reads) on stderr.
timeout -s TERM 2400 nice lava-run --job-id 2 --output-dir "$out/lava" --device "$lab/qemu-tcg.yaml" \
	"$job" > "$out/lava-run.out" 2> "$out/job.log"
rc=$?
echo "  lava-run exit $rc after $(( $(date +%s) - t0 )) s"
[ $rc = 0 ] && ok "lava-run finished" || { tail -5 "$out/job.log"; fail "lava-run exit $rc"; }
grep -q '"case": "job", "definition": "lava", "result": "pass"' "$out/job.log" &&
	ok "LAVA's job result: pass" || fail "LAVA's job result is not pass: $(grep '"case": "job"' "$out/job.log")"

# ---- a throw-away PostgreSQL, as the lab's shared history ------------------
run "PostgreSQL history"
[ -x "$pgbin/initdb" ] || { fail "no $pgbin/initdb (make deps: postgresql)"; exit 1; }
pguser=$(id -un)
if [ "$(id -u)" = 0 ]; then pguser=nobody; pgrun="runuser -u nobody --"; fi
mkdir -p "$T/pg" && chmod 755 "$T" && { [ "$(id -u)" != 0 ] || chown nobody "$T/pg"; }
$pgrun "$pgbin/initdb" -D "$T/pg/data" -A trust -U "$pguser" > "$T/pg-init.log" 2>&1 &&
	$pgrun "$pgbin/pg_ctl" -D "$T/pg/data" -l "$T/pg/log" -w -t 60 \
		-o "-k $T/pg -c listen_addresses= -c fsync=off" start > /dev/null ||
	{ cat "$T/pg-init.log" "$T/pg/log" 2> /dev/null | tail -20; fail "postgres did not start"; exit 1; }
db="postgresql:///postgres?host=$T/pg&user=$pguser"
bh=$top/scripts/nightly.d/bench-history
"$bh" --db "$db" migrate > /dev/null 2> "$T/migrate.err" && ok "history migrated" ||
	{ cat "$T/migrate.err"; fail "bench-history migrate"; exit 1; }

# ---- collect: the results out of LAVA's log, checked, recorded -------------
run "collect"
"$lab/collect" "$out/job.log" --job "$job" -o "$out/results" --db "$db" --host lava-qemu \
	--job-id 2 > "$T/collect.out" 2> "$T/collect.err"
rc=$?
cat "$T/collect.err"
[ $rc = 0 ] && ok "collect: all good" || fail "collect exit $rc"
r=$out/results
[ -f "$r/collect.info" ] || { echo "test-lava: collect wrote nothing; the run is in ${LAVA_OUT:-$T}"; exit 1; }
[ "$(sed -n 's/^result: //p' "$r/collect.info")" = ok ] && ok "collect.info: result ok" ||
	fail "collect.info: $(grep ^result: "$r/collect.info")"
for t in sigreturn_64 ptrace_syscall_64 syscall_nt_64 syscall_numbering_64 sysret_rip_64 \
	single_step_syscall_64 check_initial_reg_state_64 syscall_arg_fault_64 fsgsbase_64 \
	sysret_ss_attrs_64 ptrace_syscall_32 syscall_nt_32; do
	grep -qx "PASS $t" "$r/selftests.txt" || fail "selftests.txt: no 'PASS $t'"
done
grep -q '^KNOWN mov_ss_trap_64 ' "$r/selftests.txt" && ok "selftests: the 64-bit entry tests PASS, mov_ss_trap_64 KNOWN" ||
	fail "selftests.txt: mov_ss_trap_64 not KNOWN"
if [ -s "$r/guest.txt" ] && ! grep -qv '^PASS ' "$r/guest.txt"; then
	ok "guest tests: $(wc -l < "$r/guest.txt") PASS"
else
	fail "guest.txt: $(tr '\n' ';' < "$r/guest.txt" 2> /dev/null)"
fi
# LAVA's test cases are the same verdicts: one pass per PASS line, and no
# case for the tests expected to fail (their verdict is KNOWN, collect's).
n_pass=$(cat "$r/selftests.txt" "$r/guest.txt" | grep -c '^PASS ')
n_lava=$(awk -F'\t' '$1 == "bench-syscall" && $3 == "pass" && $2 !~ /^bench_/' "$r/lava-results.tsv" | wc -l)
[ "$n_pass" -gt 0 ] && [ "$n_pass" = "$n_lava" ] && ok "LAVA: $n_lava passing test cases, as many as PASS verdicts" ||
	fail "LAVA: $n_lava passing test cases, verdict files: $n_pass PASS"
awk -F'\t' '$1 == "bench-syscall" && $2 == "bench_1" && $3 == "pass"' "$r/lava-results.tsv" | grep -q . &&
	ok "LAVA: bench_1 passed" || fail "LAVA: no passing bench_1 case"
awk -F'\t' '$1 == "bench-syscall" && $2 == "mov_ss_trap_64"' "$r/lava-results.tsv" | grep -q . &&
	fail "LAVA has a mov_ss_trap_64 case (a KNOWN failure)" || ok "LAVA: no case for the KNOWN mov_ss_trap_64"
[ "$(tail -1 "$r/bench-1.txt")" = "#% end: complete samples=$(grep -vc '^#' "$r/bench-1.txt")" ] &&
	ok "bench-1.txt came back whole ($(grep -vc '^#' "$r/bench-1.txt") samples)" || fail "bench-1.txt: $(tail -1 "$r/bench-1.txt")"
id=$(awk -F'\t' '$1 == "bench-1.txt" { print $2 }' "$r/recorded.tsv")
if [ -n "$id" ] && "$bh" --db "$db" show "$id" > "$T/show" 2>&1; then
	grep -q "^host	lava-qemu$" "$T/show" && grep -q "^status	new$" "$T/show" &&
		ok "history: run $id, host lava-qemu, status new" || fail "history run $id: $(tr '\n' ' ' < "$T/show")"
	cells=$("$bh" --db "$db" cells "$id" | cut -f2 | sort | tr '\n' ' ')
	[ "$cells" = "getpid getppid " ] && ok "history: run $id has the cells getpid and getppid" ||
		fail "history: run $id has the cells '$cells', want getpid getppid"
else
	fail "bench-1.txt was not recorded: $(cat "$r/recorded.tsv" "$T/show" 2> /dev/null)"
fi

# ---- the same log, wrong: each must be refused ------------------------------
# expect WANT PATTERN DESCRIPTION LOG [JOB]
expect() {
	local want=$1 pat=$2 what=$3 log=$4 j=${5:-$job} d rc
	d=$(mktemp -d "$T/neg.XXXXXX")
	"$lab/collect" "$log" --job "$j" -o "$d/r" > /dev/null 2> "$d/err"
	rc=$?
	if [ $rc = "$want" ] && grep -Eq -- "$pat" "$d/err"; then ok "$what: exit $rc"
	else fail "$what: exit $rc (want $want, /$pat/): $(head -c 300 "$d/err")"; fi
}
run "collect refuses what is wrong"
# one base64 character of bench-1.txt's frame changed
awk '/@@BENCH-FILE-BEGIN bench-1.txt/ { f = 1 } f && /"lvl": "target"/ && !/@@BENCH/ && !done {
	sub(/"msg": "./, "\"msg\": \"" (index($0, "\"msg\": \"A") ? "B" : "A")); done = 1 } { print }' \
	"$out/job.log" > "$T/damaged.log"
cmp -s "$out/job.log" "$T/damaged.log" && fail "the damaged log is not damaged"
expect 1 'bench-1.txt|damaged' "a damaged frame" "$T/damaged.log"
# the log cut short before the guest finished
n=$(grep -n '@@BENCH-DONE' "$out/job.log" | head -1 | cut -d: -f1)
head -n $((n - 1)) "$out/job.log" > "$T/cut.log"
expect 3 'no @@BENCH-DONE' "a log cut before @@BENCH-DONE" "$T/cut.log"
# a job that told the guest kvm: the guest says tcg, so it did not get this plan
sed 's/^  bench.accel: tcg$/  bench.accel: kvm/' "$job" > "$T/kvm.yaml"
expect 1 "did not get the plan" "a plan the guest never got" "$out/job.log" "$T/kvm.yaml"
# the server's form of the log (a YAML list) reads the same
sed 's/^/- /' "$out/job.log" > "$T/server.log"
expect 0 'ok:' "the server's YAML log" "$T/server.log"
echo "not a log" > "$T/junk.log"
expect 2 'not a LAVA log record' "not a log" "$T/junk.log"

# A boot that panics, under LAVA for real (rdinit= names no init: seconds):
# LAVA fails the job, collect says boot failed (exit 3) and why.
run "a boot that panics (lava-run)"
"$lab/make-job" "$img" -o "$out/panic-job" --append rdinit=/nonexistent > /dev/null ||
	fail "make-job --append"
timeout -s TERM 600 nice lava-run --job-id 3 --output-dir "$out/panic-lava" --device "$lab/qemu-tcg.yaml" \
	"$out/panic-job/job.yaml" > /dev/null 2> "$out/panic.log"
grep -q '"case": "job", "definition": "lava",.*"result": "fail"' "$out/panic.log" &&
	ok "LAVA's job result: fail" || fail "LAVA's job result for a panic: $(grep '"case": "job"' "$out/panic.log")"
expect 3 'kernel panicked' "a boot that panicked" "$out/panic.log" "$out/panic-job/job.yaml"

if [ $fails = 0 ]; then
	echo "test-lava: all passed"
	exit 0
fi
echo "test-lava: $fails failure(s); the run is in ${LAVA_OUT:-$T (removed: set LAVA_OUT to keep it)}"
exit 1
