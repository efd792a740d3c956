// SPDX-License-Identifier: GPL-2.0
/*
 * clock rdpmc: perf's self-monitoring.  One cycles counter (user + kernel)
 * is opened and its control page mmapped; where the kernel grants
 * cap_user_rdpmc (/sys/bus/event_source/devices/cpu/rdpmc) the counter is
 * read with rdpmc under the page's seqlock: no syscall around the batch,
 * the lowest overhead of all clocks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench.h"

static int open_cycles(char *err, size_t len)
{
	struct perf_event_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_HARDWARE;
	attr.config = PERF_COUNT_HW_CPU_CYCLES;
	attr.exclude_hv = 1;
	attr.pinned = 1;
	fd = perf_open(&attr, -1);
	if (fd < 0)
		snprintf(err, len, "needs a perf cycles counter: "
			 "perf_event_open(cycles): %s", strerror(errno));
	return fd;
}

static inline uint64_t rdpmc(uint32_t c)
{
	uint32_t lo, hi;

	asm volatile("rdpmc" : "=a"(lo), "=d"(hi) : "c"(c));
	return (uint64_t)hi << 32 | lo;
}

static uint64_t rdpmc_insn(uint32_t counter, void *ctx)
{
	(void)ctx;
	return rdpmc(counter);
}

/*
 * The read loop of include/uapi/linux/perf_event.h's comment: retry while
 * the kernel's seqlock (lock) moved under us; index is the hardware
 * counter + 1 (0: not on a counter now), the counter is pmc_width bits
 * wide and is sign-extended before it is added to offset.
 */
uint64_t rdpmc_read_page(volatile struct perf_event_mmap_page *pc,
			 uint64_t (*read_pmc)(uint32_t counter, void *ctx),
			 void *ctx, int *ok)
{
	uint32_t seq, idx;
	uint64_t count;
	int64_t pmc;

	do {
		seq = pc->lock;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		idx = pc->index;
		count = pc->offset;
		*ok = pc->cap_user_rdpmc && idx && pc->pmc_width >= 1 &&
		      pc->pmc_width <= 64;
		if (*ok) {
			int w = pc->pmc_width;

			pmc = (int64_t)(read_pmc(idx - 1, ctx) << (64 - w));
			pmc >>= 64 - w;
			count += pmc;
		}
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while (pc->lock != seq);
	return count;
}

static uint64_t read_page(volatile struct perf_event_mmap_page *pc, int *ok)
{
	return rdpmc_read_page(pc, rdpmc_insn, NULL, ok);
}

static int rdpmc_probe(const struct clock_cfg *cfg, char *why, size_t len)
{
	struct perf_event_mmap_page *pc;
	int fd = open_cycles(why, len), ok;
	long psz = sysconf(_SC_PAGESIZE);

	(void)cfg;
	if (fd < 0)
		return -1;
	pc = mmap(NULL, psz, PROT_READ, MAP_SHARED, fd, 0);
	if (pc == MAP_FAILED) {
		snprintf(why, len, "mmap of the perf page: %s",
			 strerror(errno));
		close(fd);
		return -1;
	}
	read_page(pc, &ok);
	if (!pc->cap_user_rdpmc)
		snprintf(why, len, "the kernel does not allow rdpmc "
			 "(cap_user_rdpmc=0; see /sys/bus/event_source/"
			 "devices/cpu/rdpmc)");
	else if (!ok)
		snprintf(why, len, "the counter is not scheduled on a PMU "
			 "counter (index 0)");
	munmap(pc, psz);
	close(fd);
	return ok ? 0 : -1;
}

static int rdpmc_thread_init(struct clock_thread *t,
			     const struct clock_cfg *cfg, char *err, size_t len)
{
	(void)cfg;
	t->fd[0] = open_cycles(err, len);
	if (t->fd[0] < 0)
		return -1;
	t->nfd = 1;
	t->page = mmap(NULL, sysconf(_SC_PAGESIZE), PROT_READ, MAP_SHARED,
		       t->fd[0], 0);
	if (t->page == MAP_FAILED) {
		snprintf(err, len, "mmap of the perf page: %s",
			 strerror(errno));
		t->page = NULL;
		return -1;
	}
	return 0;
}

static void rdpmc_start(struct clock_thread *t)
{
	int ok;

	t->t0 = ns_now();
	t->c0[0] = read_page(t->page, &ok);
	t->c0[1] = ok;
}

static void rdpmc_stop(struct clock_thread *t, double *val)
{
	int ok;
	uint64_t c = read_page(t->page, &ok);

	val[1] = ns_now() - t->t0;
	val[0] = ok && t->c0[1] ? (double)(c - t->c0[0]) : -1;
}

static void rdpmc_thread_fini(struct clock_thread *t)
{
	if (t->page)
		munmap(t->page, sysconf(_SC_PAGESIZE));
	if (t->nfd)
		close(t->fd[0]);
	t->page = NULL;
	t->nfd = 0;
}

const struct clock_backend clock_rdpmc = {
	.name = "rdpmc", .unit = "cycles",
	.what = "the cycle counter read from user space (no user/kernel split)",
	.probe = rdpmc_probe, .metrics = clock_metrics_cycles_ns,
	.thread_init = rdpmc_thread_init, .start = rdpmc_start,
	.stop = rdpmc_stop, .thread_fini = rdpmc_thread_fini,
};
