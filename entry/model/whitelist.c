// SPDX-License-Identifier: GPL-2.0
/*
 * The fast entry's whitelist as the model's DECIDE reads it: the same
 * construction as entry_fast_syscalls[] in arch/x86/entry/entry_variant.c
 * (entry/6.1/src/entry.diff), with the host's x86-64 syscall numbers.
 * tests/run.sh checks that the FAST_BIT list here is the patch's.
 */
#include <stdint.h>
#include <sys/syscall.h>

#include "seq.h"

/* NR_syscalls of Debian's 6.1 (the last is set_mempolicy_home_node, 450) */
#define NR_syscalls	451

#define FAST_BIT(w, nr)	| (((nr) / 64 == (w)) ? 1UL << ((nr) % 64) : 0UL)
/* Unused numbers up to the limit return -ENOSYS: harmless too. */
#define FAST_NOSYS(w)							\
	| ((w) * 64 >= NR_syscalls ? ~0UL :				\
	   ((w) * 64 + 64 > NR_syscalls ? ~0UL << (NR_syscalls % 64) : 0UL))
#define FAST_WORD(w) (0UL						\
	FAST_BIT(w, __NR_read) FAST_BIT(w, __NR_write)			\
	FAST_BIT(w, __NR_close) FAST_BIT(w, __NR_lseek)			\
	FAST_BIT(w, __NR_pread64) FAST_BIT(w, __NR_pwrite64)		\
	FAST_BIT(w, __NR_sched_yield) FAST_BIT(w, __NR_getpid)		\
	FAST_BIT(w, __NR_gettimeofday) FAST_BIT(w, __NR_getuid)		\
	FAST_BIT(w, __NR_getgid) FAST_BIT(w, __NR_geteuid)		\
	FAST_BIT(w, __NR_getegid) FAST_BIT(w, __NR_getppid)		\
	FAST_BIT(w, __NR_getpgrp) FAST_BIT(w, __NR_gettid)		\
	FAST_BIT(w, __NR_time) FAST_BIT(w, __NR_clock_gettime)		\
	FAST_BIT(w, __NR_getcpu)					\
	FAST_NOSYS(w))

const uint64_t model_fast_syscalls[MODEL_NR_LIMIT / 64] = {
	FAST_WORD(0),  FAST_WORD(1),  FAST_WORD(2),  FAST_WORD(3),
	FAST_WORD(4),  FAST_WORD(5),  FAST_WORD(6),  FAST_WORD(7),
	FAST_WORD(8),  FAST_WORD(9),  FAST_WORD(10), FAST_WORD(11),
	FAST_WORD(12), FAST_WORD(13), FAST_WORD(14), FAST_WORD(15),
};
_Static_assert(MODEL_NR_LIMIT / 64 == 16, "16 words");
_Static_assert(__NR_getppid == 110, "seq.S's MODEL_NR_GETPPID");
