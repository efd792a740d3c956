// SPDX-License-Identifier: GPL-2.0
/*
 * The operation table and the entry instructions.
 *
 * Every call goes through inline asm, never a libc wrapper, so what is
 * timed is the entry instruction and the kernel path behind it.  Every
 * result is compared with the expected one: a cached or broken path (a
 * getpid that never enters the kernel, a seccomp filter returning garbage)
 * cannot pass silently.
 *
 * Pad (--pad N): after every call, N iterations of a dependent chain of
 * "imul $3, r, r" (latency 3 cycles on every x86 core since Core 2 and
 * Zen; the loop's dec/jnz retire in its shadow), closed by an lfence
 * that waits for the chain to finish.  One pad unit therefore costs about
 * 3 core cycles, plus a constant (the exit branch and the lfence) per call
 * when N > 0: deltas between two non-zero pads are additive, pad=0 to
 * pad=N is not (pad=1 is the base of a small known delta).  It applies to the null op too: this is the calibration's known
 * delta (scripts/calibrate).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

static long expect_getpid(void)  { return getpid(); }
static long expect_getppid(void) { return getppid(); }
static long expect_gettid(void)  { return gettid(); }
static long expect_getuid(void)  { return getuid(); }
static long expect_enosys(void)  { return -ENOSYS; }
static long expect_ebadf(void)   { return -EBADF; }
static long expect_null(void)    { return 0; }

/*
 * nr32 are the i386 numbers (arch/x86/entry/syscalls/syscall_32.tbl);
 * getuid32 (199) rather than the 16-bit getuid (24).  1000 is far past
 * the end of both tables: the kernel's -ENOSYS path.
 * The last field: measured by default (when --syscalls is not given).
 * BENCH_EXTRA_OPS: more entries, for the test that a new operation is one
 * line (bench/tests/registry-extra.h).
 */
const struct op ops[] = {
	{ "getpid",      39,  20,  0, expect_getpid,  1 },
	{ "getppid",     110, 64,  0, expect_getppid, 1 },
	{ "gettid",      186, 224, 0, expect_gettid,  1 },
	{ "getuid",      102, 199, 0, expect_getuid,  1 },
	{ "enosys",      1000, 1000, 0, expect_enosys, 1 },
	{ "close_ebadf", 3,   6,   -1, expect_ebadf,  1 },
	{ "null",        -1,  -1,  0, expect_null,    1 },
#ifdef BENCH_EXTRA_OPS
	BENCH_EXTRA_OPS
#endif
};
const size_t nops = sizeof(ops) / sizeof(ops[0]);

#define PAD_IMUL(x) asm volatile("imul $3, %0, %0" : "+r"(x) : : "cc")

/*
 * n dependent imuls, unrolled: eight per loop turn, the rest through the
 * switch's jump table (one well-predicted indirect jump), so every unit
 * is one imul and nothing else; then an lfence, which waits for the chain
 * (without it the chain would run in the shadow of the next call, and a
 * small pad would cost nothing).
 */
static inline void pad_work(unsigned n)
{
	unsigned long x = 1;

	if (!n)
		return;
	for (; n >= 8; n -= 8) {
		PAD_IMUL(x); PAD_IMUL(x); PAD_IMUL(x); PAD_IMUL(x);
		PAD_IMUL(x); PAD_IMUL(x); PAD_IMUL(x); PAD_IMUL(x);
	}
	switch (n) {
	case 7: PAD_IMUL(x); /* fall through */
	case 6: PAD_IMUL(x); /* fall through */
	case 5: PAD_IMUL(x); /* fall through */
	case 4: PAD_IMUL(x); /* fall through */
	case 3: PAD_IMUL(x); /* fall through */
	case 2: PAD_IMUL(x); /* fall through */
	case 1: PAD_IMUL(x); /* fall through */
	default: break;
	}
	asm volatile("lfence" : : "r"(x) : "memory");
}

/* 8 calls back to back, then the remainder one by one. */
#define BATCH_BODY(CALL)						\
	do {								\
		long bad = 0;						\
		unsigned i;						\
		for (i = k / 8; i; i--) {				\
			CALL; CALL; CALL; CALL;				\
			CALL; CALL; CALL; CALL;				\
		}							\
		for (i = k % 8; i; i--)					\
			CALL;						\
		return bad;						\
	} while (0)

/* The null op: the same loop, compare and pad, but no kernel entry. */
static long batch_null(long nr, long a1, long expect, unsigned k,
		       unsigned pad)
{
	(void)nr; (void)a1;
#define NULL_CALL do {							\
		long r = expect;					\
		asm volatile("" : "+a"(r) : : "memory");		\
		bad += r != expect;					\
		pad_work(pad);						\
	} while (0)
	BATCH_BODY(NULL_CALL);
}

#ifdef __x86_64__
static long batch_syscall(long nr, long a1, long expect, unsigned k,
			  unsigned pad)
{
#define SYSCALL_CALL do {						\
		long r;							\
		asm volatile("syscall" : "=a"(r) : "0"(nr), "D"(a1)	\
			     : "rcx", "r11", "memory");			\
		bad += r != expect;					\
		pad_work(pad);						\
	} while (0)
	BATCH_BODY(SYSCALL_CALL);
}

/* int $0x80 from 64-bit code: the compat entry, i386 numbers, arg in ebx.
 * The kernel zeroes r8-r11 on the way out. */
static long batch_int80(long nr, long a1, long expect, unsigned k,
			unsigned pad)
{
#define INT80_CALL do {							\
		long r;							\
		asm volatile("int $0x80" : "=a"(r) : "0"(nr), "b"(a1)	\
			     : "r8", "r9", "r10", "r11", "memory");	\
		bad += (int)r != (int)expect;				\
		pad_work(pad);						\
	} while (0)
	BATCH_BODY(INT80_CALL);
}
#else
static long batch_int80(long nr, long a1, long expect, unsigned k,
			unsigned pad)
{
#define INT80_CALL do {							\
		long r;							\
		asm volatile("int $0x80" : "=a"(r) : "0"(nr), "b"(a1)	\
			     : "memory");				\
		bad += r != expect;					\
		pad_work(pad);						\
	} while (0)
	BATCH_BODY(INT80_CALL);
}

/* __kernel_vsyscall from the vDSO: sysenter on Intel, syscall on AMD;
 * it preserves every register but eax. */
static unsigned long vsyscall;

static long batch_sysenter(long nr, long a1, long expect, unsigned k,
			   unsigned pad)
{
	unsigned long vs = vsyscall;
#define SYSENTER_CALL do {						\
		long r;							\
		asm volatile("call *%[vs]" : "=a"(r)			\
			     : "0"(nr), "b"(a1), [vs] "r"(vs)		\
			     : "memory", "cc");				\
		bad += r != expect;					\
		pad_work(pad);						\
	} while (0)
	BATCH_BODY(SYSENTER_CALL);
}

static int probe_sysenter(char *why, size_t len)
{
	vsyscall = getauxval(AT_SYSINFO);
	if (!vsyscall) {
		snprintf(why, len, "no AT_SYSINFO: the kernel maps no vDSO "
			 "__kernel_vsyscall for 32-bit processes");
		return -1;
	}
	return 0;
}
#endif

#ifdef __x86_64__
static int probe_none(char *why, size_t len)
{
	(void)why; (void)len;
	return 0;
}
#endif

/*
 * A kernel without IA32 emulation (CONFIG_IA32_EMULATION=n,
 * ia32_emulation=0, some sandboxes) answers int $0x80 with SIGSEGV: try it
 * in a child so the refusal is a message, not a crash.
 */
static int probe_int80(char *why, size_t len)
{
	int st;
	pid_t pid = fork();

	if (pid < 0) {
		snprintf(why, len, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		long r = batch_int80(20, 0, getpid(), 1, 0);

		_exit(r ? 3 : 0);
	}
	if (waitpid(pid, &st, 0) < 0) {
		snprintf(why, len, "waitpid: %s", strerror(errno));
		return -1;
	}
	if (WIFSIGNALED(st)) {
		snprintf(why, len, "int $0x80 killed the probe with %s: this "
			 "kernel does not serve the compat entry (IA32 "
			 "emulation off: CONFIG_IA32_EMULATION=n, "
			 "ia32_emulation=0, or blocked by the platform)", strsignal(WTERMSIG(st)));
		return -1;
	}
	if (WEXITSTATUS(st)) {
		snprintf(why, len, "int $0x80 getpid returned a wrong value");
		return -1;
	}
	return 0;
}

const struct entry entries[] = {
#ifdef __x86_64__
	{ "syscall", 0, batch_syscall, probe_none },
	{ "int80",   1, batch_int80, probe_int80 },
#else
	{ "int80",    1, batch_int80, probe_int80 },
	{ "sysenter", 1, batch_sysenter, probe_sysenter },
#endif
};
const size_t nentries = sizeof(entries) / sizeof(entries[0]);
#ifdef __x86_64__
const char *const all_entry_names = "syscall, int80 (sysenter: 32-bit build)";
#else
const char *const all_entry_names = "int80, sysenter";
#endif

const struct op *op_find(const char *name)
{
	size_t i;

	for (i = 0; i < nops; i++)
		if (!strcmp(ops[i].name, name))
			return &ops[i];
	return NULL;
}

const struct entry *entry_find(const char *name)
{
	size_t i;

	for (i = 0; i < nentries; i++)
		if (!strcmp(entries[i].name, name))
			return &entries[i];
	return NULL;
}

long op_run(const struct op *op, const struct entry *e, long expect,
	    unsigned k, unsigned pad)
{
	if (op->nr64 < 0)
		return batch_null(0, 0, expect, k, pad);
	return e->batch(e->compat ? op->nr32 : op->nr64, op->arg1, expect,
			k, pad);
}
