// SPDX-License-Identifier: GPL-2.0
/*
 * Checks that the model's sequences do what the entry variants claim
 * (not their timing):
 *   full:    inside, the six registers are zero and the slots hold the
 *            user values; after, the registers are the user values again
 *   fast:    inside, the registers are untouched (the slots are only
 *            reserved)
 *   fastpush: as full (the same push, xor, pop), after the decision
 *   zeros:   inside, the registers are untouched and the slots are zero
 *   decide:  the fast entry's decision (whitelist, bound, work test)
 * and every variant leaves the stack pointer where it was.
 * Prints one "ok"/"not ok" line per check and "N passed, N failed".
 */
#include <inttypes.h>
#include <stdio.h>

#include "seq.h"

static int passed, failed;

static void check(int cond, const char *v, const char *what)
{
	printf("%s %s: %s\n", cond ? "ok" : "not ok", v, what);
	if (cond)
		passed++;
	else
		failed++;
}

static int all_eq(const uint64_t *a, const uint64_t *b, int n)
{
	for (int k = 0; k < n; k++)
		if (a[k] != b[k])
			return 0;
	return 1;
}

static int all_zero(const uint64_t *a, int n)
{
	for (int k = 0; k < n; k++)
		if (a[k])
			return 0;
	return 1;
}

int main(void)
{
	const uint64_t in[6] = {
		0x1111111111111111, 0x2222222222222222, 0x3333333333333333,
		0x4444444444444444, 0x5555555555555555, 0x6666666666666666,
	};
	uint64_t out[PROBE_WORDS];

	model_probe_full(in, out);
	check(all_zero(out, 6), "full", "registers cleared inside");
	check(all_eq(out + 6, in, 6), "full", "slots hold the user values");
	check(all_eq(out + 12, in, 6), "full", "registers restored after");
	check(out[18] == 0, "full", "stack pointer restored");

	model_probe_zeros(in, out);
	check(all_eq(out, in, 6), "zeros", "registers live inside");
	check(all_zero(out + 6, 6), "zeros", "slots zeroed, no stale data");
	check(all_eq(out + 12, in, 6), "zeros", "registers unchanged after");
	check(out[18] == 0, "zeros", "stack pointer restored");

	model_probe_fast(in, out);
	check(all_eq(out, in, 6), "fast", "registers live inside");
	check(all_eq(out + 12, in, 6), "fast", "registers unchanged after");
	check(out[18] == 0, "fast", "stack pointer restored");

	model_probe_fastpush(in, out);
	check(all_zero(out, 6), "fastpush", "registers cleared inside");
	check(all_eq(out + 6, in, 6), "fastpush", "slots hold the user values");
	check(all_eq(out + 12, in, 6), "fastpush", "registers restored after");
	check(out[18] == 0, "fastpush", "stack pointer restored");

	/*
	 * The decision: whitelisted numbers (getppid 110, read 0, getcpu
	 * 309, unused 1000 and 1023) without entry work take the fast path;
	 * others (clone 56, rt_sigreturn 15, execve 59, the first
	 * non-whitelisted number 1024, -1, a number whose low bits name a
	 * whitelisted one: 110 + 1024) and any SYSCALL_WORK_ENTER bit
	 * (0x01 SECCOMP ... 0x20 SYSCALL_EXIT_TRAP... the six) do not; exit
	 * work bits (0x40 and up) do not matter at entry.
	 */
	check(model_decide(110, 0) == 1, "decide", "getppid, no work: fast");
	check(model_decide(0, 0) == 1, "decide", "read: fast");
	check(model_decide(309, 0) == 1, "decide", "getcpu: fast");
	check(model_decide(1000, 0) == 1, "decide", "unused 1000 (ENOSYS): fast");
	check(model_decide(1023, 0) == 1, "decide", "unused 1023: fast");
	check(model_decide(56, 0) == 0, "decide", "clone: stock");
	check(model_decide(15, 0) == 0, "decide", "rt_sigreturn: stock");
	check(model_decide(59, 0) == 0, "decide", "execve: stock");
	check(model_decide(1024, 0) == 0, "decide", "1024: stock (bound)");
	check(model_decide(110 + 1024, 0) == 0, "decide", "1134: stock (bound, not masked into 110)");
	check(model_decide(UINT64_MAX, 0) == 0, "decide", "-1: stock");
	for (int bit = 0; bit < 6; bit++)
		check(model_decide(110, 1ULL << bit) == 0, "decide",
		      "getppid with a SYSCALL_WORK_ENTER bit: stock");
	check(model_decide(110, 0x40) == 1, "decide", "getppid with exit-only work: fast");
	model_task[1] = 0;

	/* The timed loops must run and return with the registers intact. */
	model_loop_none(3);
	model_loop_full(3);
	model_loop_zeros(3);
	model_loop_fast(3);
	model_loop_fastpush(3);
	check(1, "loops", "all five loops ran and returned");

	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
