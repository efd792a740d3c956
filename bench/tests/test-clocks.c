// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of the hardware clocks' logic on a machine without a PMU
 * (issue 17.4): the perf group read and its time_enabled/time_running
 * scaling on synthetic read_format values, the perf clock end to end on
 * software events, the rdpmc page reader on a synthetic
 * perf_event_mmap_page with a fake rdpmc, and the libpfm4 encoding of the
 * default events against perf's.
 */
#define _GNU_SOURCE
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../bench.h"
#include "check.h"

static void test_group_parse(void)
{
	/* nr=2, enabled, running, two values (perf_event_open(2), read_format
	 * with GROUP | TOTAL_TIME_ENABLED | TOTAL_TIME_RUNNING) */
	uint64_t buf[5] = { 2, 1000, 900, 7, 11 };
	struct perf_group_read g;

	CHECK(perf_group_parse(buf, sizeof(buf), 2, &g) == 0, "parse ok");
	CHECK(g.n == 2 && g.enabled == 1000 && g.running == 900 &&
	      g.value[0] == 7 && g.value[1] == 11, "parse fields");
	CHECK(perf_group_parse(buf, sizeof(buf), 3, &g) < 0,
	      "parse: nr 2 but 3 events expected");
	CHECK(perf_group_parse(buf, sizeof(buf) - 8, 2, &g) < 0,
	      "parse: short read");
	buf[0] = 3;
	CHECK(perf_group_parse(buf, sizeof(buf), 2, &g) < 0,
	      "parse: nr disagrees with the length");
}

static struct perf_group_read grp(uint64_t en, uint64_t run, uint64_t v0,
				  uint64_t v1)
{
	struct perf_group_read g = { .enabled = en, .running = run, .n = 2 };

	g.value[0] = v0;
	g.value[1] = v1;
	return g;
}

static void test_group_delta(void)
{
	struct perf_group_read a, b;

	/* ran all the time: the plain difference */
	a = grp(1000, 1000, 100, 5);
	b = grp(3000, 3000, 400, 9);
	CHECK(perf_group_delta(&a, &b, 0) == 300, "unscaled delta 0");
	CHECK(perf_group_delta(&a, &b, 1) == 4, "unscaled delta 1");
	/* multiplexed: counted 1000 of 2000 ns, 300 counted -> 600 */
	b = grp(3000, 2000, 400, 9);
	CHECK(perf_group_delta(&a, &b, 0) == 600, "scaled x2");
	/* counted 750 of 3000 ns: x4 */
	b = grp(4000, 1750, 400, 9);
	CHECK(perf_group_delta(&a, &b, 1) == 16, "scaled x4");
	/* multiplexed out all the interval: no estimate */
	b = grp(3000, 1000, 100, 5);
	CHECK(perf_group_delta(&a, &b, 0) == -1, "never ran: -1");
	/* a counter that wrapped its 64 bits still gives the difference */
	a = grp(10, 10, UINT64_MAX - 5, 0);
	b = grp(20, 20, 10, 0);
	CHECK(perf_group_delta(&a, &b, 0) == 16, "64-bit wrap");
	/* times going backwards or a bad index are refused */
	b = grp(5, 5, 10, 0);
	CHECK(perf_group_delta(&a, &b, 0) == -1, "time went back");
	b = grp(20, 20, 10, 0);
	CHECK(perf_group_delta(&a, &b, 2) == -1, "index out of range");
}

/* The perf clock end to end on software events (no PMU here): task-clock
 * counts ns of CPU time, so its u + k total is bounded by the wall ns the
 * clock measured around it, and a loop of syscalls puts time in :k. */
static void test_perf_software(void)
{
	struct clock_cfg cfg = { .nevents = 2 };
	struct clock_thread t;
	char names[MAX_METRICS][NAME_LEN], units[MAX_METRICS][NAME_LEN];
	char why[256];
	double val[MAX_METRICS];
	int m, i;

	strcpy(cfg.events[0], "task-clock");
	strcpy(cfg.events[1], "context-switches");
	if (clock_perf.probe(&cfg, why, sizeof(why))) {
		printf("SKIP clocks: perf software events: %s\n", why);
		return;
	}
	m = clock_perf.metrics(&cfg, names, units);
	CHECK(m == 6, "perf metrics: total, 2 x (u, k), ns");
	CHECK(!strcmp(names[0], "task-clock") && !strcmp(units[0], "count") &&
	      !strcmp(names[1], "task-clock:u") &&
	      !strcmp(names[4], "context-switches:k") &&
	      !strcmp(names[5], "ns"), "perf metric names");
	memset(&t, 0, sizeof(t));
	CHECK(clock_perf.thread_init(&t, &cfg, why, sizeof(why)) == 0,
	      "perf thread_init");
	CHECK(t.nfd == 4, "four counters in the group");
	clock_perf.start(&t);
	for (i = 0; i < 20000; i++)
		syscall(SYS_getppid);
	for (i = 0; i < 10; i++)
		usleep(500);	/* context switches */
	clock_perf.stop(&t, val);
	clock_perf.thread_fini(&t);
	/*
	 * The kernel (6.18 on this VM) does not apply exclude_user /
	 * exclude_kernel to task-clock in counting mode: task-clock:u and :k
	 * both count all the task's time, so each is bounded by the wall time
	 * but their sum (the clock's total) is not.  context-switches does
	 * honour them: the switches are counted in :k, none in :u.
	 */
	CHECK(val[0] == val[1] + val[2], "total is u + k");
	CHECK(val[1] > val[5] * 0.01 && val[2] > val[5] * 0.01,
	      "task-clock:u and :k counted the loop");
	CHECK(val[1] <= val[5] && val[2] <= val[5],
	      "task-clock:u and :k ns <= wall ns");
	CHECK(val[3] == 0, "context-switches:u: none in user mode");
	CHECK(val[4] >= 1 && val[4] <= 1000,
	      "context-switches:k counted the sleeps");
	CHECK(t.nfd == 0, "thread_fini closed the group");
}

/* ---- rdpmc against a synthetic perf_event_mmap_page ---- */

struct fake_pmc {
	volatile struct perf_event_mmap_page *pc;
	uint64_t raw;		/* what rdpmc returns */
	uint32_t counter;	/* the ecx it was given */
	int calls;
	int bump;		/* kernel updates the page during the first read */
};

static uint64_t fake_rdpmc(uint32_t counter, void *ctx)
{
	struct fake_pmc *f = ctx;

	f->counter = counter;
	if (f->calls++ == 0 && f->bump) {
		f->pc->lock += 2;	/* a seqlock write completed */
		f->pc->offset += 1000;
		f->raw = 7;
	}
	return f->raw;
}

static void test_rdpmc_page(void)
{
	struct perf_event_mmap_page *pc = calloc(1, 4096);
	struct fake_pmc f = { .pc = pc };
	uint64_t c;
	int ok;

	pc->cap_user_rdpmc = 1;
	pc->index = 3;
	pc->pmc_width = 48;
	pc->offset = 1000;
	pc->lock = 4;

	f.raw = 0x10;
	c = rdpmc_read_page(pc, fake_rdpmc, &f, &ok);
	CHECK(ok && c == 0x10 + 1000, "offset + counter");
	CHECK(f.counter == 2, "rdpmc gets index - 1");
	CHECK(f.calls == 1, "no retry without a page update");

	/* 48-bit counter with bit 47 set is negative: -16 */
	f.raw = 0xfffffffffff0ull;
	CHECK(rdpmc_read_page(pc, fake_rdpmc, &f, &ok) == 1000 - 16 && ok,
	      "pmc_width sign extension");
	/* bits above pmc_width are not the counter's */
	f.raw = 0xdead000000000010ull;
	CHECK(rdpmc_read_page(pc, fake_rdpmc, &f, &ok) == 1000 + 16,
	      "bits above pmc_width dropped");
	pc->pmc_width = 64;
	f.raw = 0x8000000000000000ull;
	CHECK(rdpmc_read_page(pc, fake_rdpmc, &f, &ok) ==
	      1000 + 0x8000000000000000ull, "64-bit counter as is");
	pc->pmc_width = 0;
	f.calls = 0;
	c = rdpmc_read_page(pc, fake_rdpmc, &f, &ok);
	CHECK(!ok && f.calls == 0 && c == 1000, "pmc_width 0 refused");
	pc->pmc_width = 48;

	/* the kernel rewrote the page while we read: read again */
	f.calls = 0;
	f.bump = 1;
	f.raw = 5;
	c = rdpmc_read_page(pc, fake_rdpmc, &f, &ok);
	CHECK(f.calls == 2, "seqlock change: retried");
	CHECK(ok && c == 2000 + 7, "seqlock change: the second read's values");
	f.bump = 0;

	/* no cap_user_rdpmc: rdpmc must not run (it would fault) */
	pc->cap_user_rdpmc = 0;
	f.calls = 0;
	c = rdpmc_read_page(pc, fake_rdpmc, &f, &ok);
	CHECK(!ok && f.calls == 0 && c == 2000, "cap_user_rdpmc 0 refused");
	pc->cap_user_rdpmc = 1;
	pc->index = 0;		/* not on a hardware counter now */
	c = rdpmc_read_page(pc, fake_rdpmc, &f, &ok);
	CHECK(!ok && f.calls == 0, "index 0 refused");
	free(pc);
}

/* ---- libpfm4 encodings of the default events ---- */

/*
 * perf's encodings of the default events (cycles, instructions; the
 * clock opens each as EVENT:u and EVENT:k): without a PMU `perf list
 * --details` prints nothing, so the reference is what perf itself opens,
 * `perf stat -vv -e cycles:u true` and `-e instructions:k` on this VM
 * (perf 6.1): type 0 (PERF_TYPE_HARDWARE; perf prints only non-zero
 * fields), config 0x0 for cycles and 0x1 for instructions
 * (PERF_COUNT_HW_CPU_CYCLES, PERF_COUNT_HW_INSTRUCTIONS of the kernel ABI,
 * include/uapi/linux/perf_event.h), exclude_kernel 1 for :u, exclude_user 1
 * for :k.  libpfm4 finds these names in its generic 'perf' PMU when no
 * hardware PMU is there; on a host whose PMU model libpfm4 knows it may
 * give a raw encoding instead, which this test reports as a SKIP.
 */
static void test_pfm_encoding(void)
{
	static const struct {
		const char *name;
		uint64_t config;
		int excl_user, excl_kernel;
	} want[] = {
		{ "cycles", PERF_COUNT_HW_CPU_CYCLES, 0, 0 },
		{ "cycles:u", PERF_COUNT_HW_CPU_CYCLES, 0, 1 },
		{ "cycles:k", PERF_COUNT_HW_CPU_CYCLES, 1, 0 },
		{ "instructions", PERF_COUNT_HW_INSTRUCTIONS, 0, 0 },
		{ "instructions:u", PERF_COUNT_HW_INSTRUCTIONS, 0, 1 },
		{ "instructions:k", PERF_COUNT_HW_INSTRUCTIONS, 1, 0 },
	};
	struct perf_event_attr attr;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char what[128];

		snprintf(what, sizeof(what), "encoding of %s", want[i].name);
		if (perf_encode(want[i].name, &attr, err, sizeof(err))) {
			CHECK(0, err);
			continue;
		}
		if (attr.type == PERF_TYPE_RAW) {
			printf("SKIP clocks: %s: libpfm4 gives this host's raw "
			       "encoding 0x%llx\n", what,
			       (unsigned long long)attr.config);
			continue;
		}
		CHECK(attr.type == PERF_TYPE_HARDWARE &&
		      attr.config == want[i].config, what);
		CHECK(attr.exclude_user == want[i].excl_user &&
		      attr.exclude_kernel == want[i].excl_kernel, what);
		CHECK(attr.size == sizeof(attr), what);
	}
	CHECK(perf_encode("no-such-event", &attr, err, sizeof(err)) < 0 &&
	      strstr(err, "no-such-event"), "unknown event refused by name");
}

int main(void)
{
	test_group_parse();
	test_group_delta();
	test_perf_software();
	test_rdpmc_page();
	test_pfm_encoding();
	if (failed)
		printf("FAIL test-clocks: %d of %d checks failed\n", failed,
		       pass + failed);
	else
		printf("PASS test-clocks: %d checks passed, 0 failed\n", pass);
	return failed != 0;
}
