#!/bin/sh
# Usage errors: exit 2 with a message naming the problem, no results file.
. "$(dirname "$0")/lib.sh"

# bad ARGS... -- PATTERN: exit 2, message matches, nothing written
bad() {
	name=$1; pat=$2; shift 2
	run_bench b -q -o "$T/never.txt" "$@"
	if [ $rc = 2 ] && grep -q -- "$pat" b.err && [ ! -e "$T/never.txt" ] &&
	   ! ls "$T"/never.txt*.tmp >/dev/null 2>&1; then
		pass "usage error: $name"
	else
		fail "usage error: $name" "rc=$rc, stderr: $(head -c 200 b.err)"
	fi
}

bad "samples 12x" "samples: '12x'" -n 12x
bad "samples negative" "samples: '-5'" --samples -5
bad "samples overflow" "samples: '99999999999999999999'" -n 99999999999999999999
bad "samples zero" "samples: '0'" -n 0
bad "batch zero" "batch: '0'" --batch 0
bad "batch empty" "batch: ''" --batch ""
bad "warmup 1.5" "warmup: '1.5'" -w 1.5
bad "pad -1" "pad: '-1'" --pad -1
bad "pad hex" "pad: '0x10'" --pad 0x10
bad "blocks 0" "blocks: '0'" --blocks 0
bad "duration abc" "duration: 'abc'" -d abc
bad "duration 0" "duration: '0'" --duration 0
bad "seed junk" "seed: '1e3'" --seed 1e3
bad "unknown syscall" "unknown operation 'fork'" -s getpid,fork
bad "empty syscall list" "bad list" -s getpid,,null
bad "unknown event" "unknown event 'no-such-event'" -e cycles,no-such-event
# -e with a clock that counts no events: refused, not silently dropped
bad "-e with --clock tsc" "the clock is tsc (tsc: requested), which counts no events" \
	--clock tsc -e cycles
bad "-e with --clock ns" "the clock is ns (ns: requested), which counts no events" \
	--clock ns -e instructions
if ! have_pmu; then
	bad "-e when the auto clock falls back (no PMU)" \
		"which counts no events; only --clock perf does" -e cycles
else
	skip "-e with the auto clock falling back" "this machine has a PMU"
fi
# a label or variant is one word of the results file
bad "label with a space" "--label: 'a b': it contains a space" --label "a b"
bad "label with a newline" "it contains a newline" --label "$(printf 'a\nb')"
bad "label with a tab" "control character 0x09" --label "$(printf 'a\tb')"
bad "label empty" "--label: '': it is empty" --label ""
bad "label not ASCII" "outside printable ASCII" --label "$(printf 'caf\303\251')"
bad "variant with a space" "--variants: 'fa st': it contains a space" \
	--variants "full,fa st"
bad "variant with a newline" "it contains a newline" \
	--variants "$(printf 'full,fa\nst')"
bad "unknown clock" "unknown clock 'hpet'" --clock hpet
bad "unknown entry" "unknown entry 'sysret'" --entry sysret
bad "sysenter in the 64-bit build" "32-bit build" --entry sysenter
bad "stray argument" "unexpected argument 'extra'" extra
bad "shuffle without variants" "needs --variants" --shuffle
bad "cpus junk" "bad CPU list" --cpus 0,x
nonexist=$(( $(getconf _NPROCESSORS_CONF) + 64 ))
bad "cpu that does not exist" "CPU $nonexist is offline or does not exist" \
	--cpus 0,$nonexist
off=$(sed 's/[,-].*//' /sys/devices/system/cpu/offline 2>/dev/null)
if [ -n "$off" ]; then
	bad "offline cpu $off" "CPU $off is offline" --cpus "$off"
else
	skip "offline cpu" "no CPU is offline here (nonexistent one tested)"
fi
if [ ! -e /sys/kernel/entry_variant ]; then
	bad "variants without /sys/kernel/entry_variant" \
		"entry_variant does not exist" --variants fast,full
elif [ ! -w /sys/kernel/entry_variant ]; then
	bad "variants, read-only entry_variant" "not writable" \
		--variants fast,full
else
	skip "variants refusal" "/sys/kernel/entry_variant is writable here"
fi

# --help names every option of the man page and the man page every one
# of --help: the two cannot drift apart.
"$B" --help >h.txt; rc=$?
opts_help=$(grep -o -- '--[a-z][a-z-]*' h.txt | sort -u)
opts_man=$(sed 's/\\-/-/g' "$top/bench-syscall.1" | grep -o -- '--[a-z][a-z-]*' | sort -u)
if [ $rc = 0 ] && [ -n "$opts_help" ] && [ "$opts_help" = "$opts_man" ]; then
	pass "--help and the man page list the same options"
else
	fail "--help and the man page list the same options" \
		"$(echo "$opts_help" > a; echo "$opts_man" > b; diff a b | tr '\n' ' ')"
fi
missing=""
for o in syscalls entry cpus concurrent clock events samples batch warmup \
	 duration blocks variants shuffle seed pad label quiet help block-ms \
	 rounds order resolve max-seconds alpha; do
	grep -q -- "--$o" h.txt || missing="$missing --$o"
done
check "--help documents every option of interfaces.md${missing:+ (missing$missing)}" \
	test -z "$missing"

# perf_event_paranoid too high for kernel counts: run unprivileged (root
# only can switch users; paranoid must be > 1 for the refusal to be due)
par=$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo -)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && [ "$par" != - ] &&
   [ "$par" -gt 1 ] && setpriv --reuid=65534 --regid=65534 --clear-groups "$B" -V >/dev/null 2>&1; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$B" -q --clock perf \
		-e cpu-clock -n 5 -s null -o - >par.out 2>par.err; rc=$?
	check "perf_event_paranoid=$par too high: exit 2 (got $rc)" test $rc = 2
	check "... says so" grep -q "perf_event_paranoid=$par is too high" par.err
else
	skip "perf_event_paranoid too high" "needs root, setpriv and paranoid > 1"
fi
