// SPDX-License-Identifier: GPL-2.0
/*
 * perfregs: what perf reports as the user registers and the user callchain
 * of a task sampled while it is inside a 64-bit syscall.
 *
 * The fast entry leaves the pt_regs slots of rbx, rbp and r12-r15
 * unwritten, so they hold whatever an earlier kernel frame left there.
 * perf (PERF_SAMPLE_REGS_USER, and the frame-pointer walk of
 * PERF_SAMPLE_CALLCHAIN) reads exactly those slots for a sample taken in
 * the kernel.  A worker loops on raw getppid SYSCALLs with the six set to
 * known values (perfloop.S; rbp points to a fake user frame), after a
 * getsid that leaves poison values in the slots, while a cpu-clock event
 * samples it in the kernel.  Every sample at the syscall's
 * return address must report each of the six as its real value or as -1
 * ("not saved", what perf already reports for them from an NMI), and a
 * user callchain of [ip] or [ip, the fake frame's return]: any other value
 * is stale kernel stack that reached user space.
 *
 * --expect says which answer the kernel must give: real (a full frame:
 * stock, full, or dual never switched to fast), unknown (fast), or auto
 * (default): unknown when /sys/kernel/entry_variant reads "fast", else real
 * (fastpush included: its frames are complete).
 *
 *   perfregs [-t SECONDS] [-n MIN_SAMPLES] [--expect auto|real|unknown]
 *
 * Exit 0 pass; 1 a leak, a missed expectation, a changed register or too
 * few samples to judge; 2 usage or set-up error; 4 (KSFT_SKIP) no perf
 * sampling here.  kselftest-style [RUN]/[OK]/[FAIL]/[SKIP] lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "perfregs.h"

#define KSFT_SKIP	4	/* nothing to test: no perf sampling here */

/* The registers sampled, in the order perf writes them: bit order */
enum { R_AX, R_BX, R_BP, R_IP, R_R12, R_R13, R_R14, R_R15, R_NREGS };
#define PERF_REG_X86_AX		0
#define PERF_REG_X86_BX		1
#define PERF_REG_X86_BP		6
#define PERF_REG_X86_IP		8
#define PERF_REG_X86_R12	20
#define PERF_REG_X86_R13	21
#define PERF_REG_X86_R14	22
#define PERF_REG_X86_R15	23
#define REGS_MASK ((1ULL << PERF_REG_X86_AX) | (1ULL << PERF_REG_X86_BX) | (1ULL << PERF_REG_X86_BP) | \
		   (1ULL << PERF_REG_X86_IP) | (1ULL << PERF_REG_X86_R12) | \
		   (1ULL << PERF_REG_X86_R13) | (1ULL << PERF_REG_X86_R14) | \
		   (1ULL << PERF_REG_X86_R15))
static const int six[] = { R_BX, R_BP, R_R12, R_R13, R_R14, R_R15 };
static const char *const six_name[] = { "rbx", "rbp", "r12", "r13", "r14", "r15" };

#define RING_PAGES	64
#define UNKNOWN		UINT64_MAX

enum expect { EXPECT_AUTO, EXPECT_REAL, EXPECT_UNKNOWN };

/* The fake frame perfloop points rbp at: { next frame, return address } */
static uint64_t fake_frame[2] = { 0, PR_FRAME_RET };

static atomic_int worker_tid;
static atomic_int stop;
static atomic_long changed;

struct tally {
	long in_syscall, real, real_in_body, unknown, mixed, other, noregs, lost;
	long leaks, chain_walked, chain_ip_only;
};

static void *worker(void *arg)
{
	(void)arg;
	atomic_store(&worker_tid, (int)syscall(SYS_gettid));
	while (!atomic_load(&stop))
		atomic_fetch_add(&changed, perfloop(SYS_getppid, 1000, fake_frame));
	return NULL;
}

static enum expect expect_from_sysfs(void)
{
	char buf[16] = "";
	FILE *f = fopen("/sys/kernel/entry_variant", "r");

	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = 0;
		fclose(f);
	}
	/* only fast leaves the six unsaved; fastpush frames are complete */
	buf[strcspn(buf, "\n")] = 0;
	return strcmp(buf, "fast") == 0 ? EXPECT_UNKNOWN : EXPECT_REAL;
}

static uint64_t want_value(int r)
{
	switch (r) {
	case R_BX:  return PR_RBX;
	case R_BP:  return (uint64_t)(uintptr_t)fake_frame;
	case R_R12: return PR_R12;
	case R_R13: return PR_R13;
	case R_R14: return PR_R14;
	default:    return PR_R15;
	}
}

/*
 * The user part of a callchain: entries after PERF_CONTEXT_USER.  perf
 * walks it from the same frame it takes the registers from, so a sample
 * whose rbp is real must show the walk, one whose rbp is -1 must not.
 */
static int check_chain(const uint64_t *ips, uint64_t nr, int bp_real,
		       struct tally *t)
{
	uint64_t i, n = 0, user[4];

	for (i = 0; i < nr && ips[i] != PERF_CONTEXT_USER; i++)
		;
	for (i++; i < nr && n < 4; i++)
		user[n++] = ips[i];
	if (n == 0)
		return 0;		/* no user part: nothing to judge */
	if (user[0] != (uintptr_t)perfloop_after_syscall)
		return -1;
	if (n == 1) {
		t->chain_ip_only++;
		if (!bp_real)
			return 0;
		fprintf(stderr, "FAIL: real rbp but no walk of its frame\n");
		return -1;
	}
	if (n == 2 && user[1] == PR_FRAME_RET) {
		t->chain_walked++;
		if (bp_real)
			return 0;
		fprintf(stderr, "FAIL: rbp reported unknown, yet the callchain "
			"walked the frame it points to\n");
		return -1;
	}
	fprintf(stderr, "LEAK: user callchain [%#llx, %#llx%s] did not come "
		"from the fake frame\n", (unsigned long long)user[0],
		(unsigned long long)user[1], n > 2 ? ", ..." : "");
	return -1;
}

static void judge(const uint64_t *regs, const uint64_t *ips, uint64_t nr,
		  struct tally *t)
{
	int k, real = 0, unknown = 0, bad = 0;

	if (regs[R_IP] != (uintptr_t)perfloop_after_syscall) {
		t->other++;		/* not inside our syscall */
		return;
	}
	t->in_syscall++;
	for (k = 0; k < 6; k++) {
		uint64_t v = regs[six[k]];

		if (v == want_value(six[k])) {
			real++;
		} else if (v == UNKNOWN) {
			unknown++;
		} else {
			if (t->leaks < 10)
				fprintf(stderr, "LEAK: %s = %#llx, neither its "
					"value %#llx nor -1%s\n", six_name[k],
					(unsigned long long)v,
					(unsigned long long)want_value(six[k]),
					v == PR_POISON + (uint64_t)k ? " (stale: "
					"the earlier getsid frame's)" : "");
			bad = 1;
		}
	}
	if (!bad && check_chain(ips, nr, regs[R_BP] == want_value(R_BP), t))
		bad = 1;
	if (bad)
		t->leaks++;
	else if (real == 6) {
		t->real++;
		/*
		 * pt_regs->ax is -ENOSYS from entry until the syscall stores
		 * its result: this sample is inside the syscall proper.
		 */
		if (regs[R_AX] == (uint64_t)-ENOSYS)
			t->real_in_body++;
	}
	else if (unknown == 6)
		t->unknown++;
	else
		t->mixed++;
}

/* Walk the new records in the ring; records that wrap are copied out. */
static void drain(struct perf_event_mmap_page *mp, int tid, struct tally *t)
{
	char *data = (char *)mp + mp->data_offset;
	uint64_t size = mp->data_size;
	uint64_t head = __atomic_load_n(&mp->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = mp->data_tail;
	static uint64_t rec[8192];

	while (tail < head) {
		struct perf_event_header h;
		uint64_t off = tail % size, i;

		for (i = 0; i < sizeof(h); i++)
			((char *)&h)[i] = data[(off + i) % size];
		if (h.size < sizeof(h))	/* rec holds the largest (u16) size */
			break;
		for (i = 0; i < h.size; i++)
			((char *)rec)[i] = data[(off + i) % size];
		tail += h.size;

		if (h.type == PERF_RECORD_LOST) {
			t->lost += (long)rec[2];
		} else if (h.type == PERF_RECORD_SAMPLE) {
			/* ip, pid|tid, nr, ips[nr], abi, regs[] */
			uint64_t *p = rec + 1, nr, abi;
			uint32_t stid;

			p++;				/* ip */
			stid = (uint32_t)(*p++ >> 32);	/* pid, tid */
			nr = *p++;
			if (nr > 1024)
				continue;
			const uint64_t *ips = p;
			p += nr;
			abi = *p++;
			if ((int)stid != tid)
				continue;
			if (abi == PERF_SAMPLE_REGS_ABI_NONE) {
				t->noregs++;
				continue;
			}
			judge(p, ips, nr, t);
		}
	}
	__atomic_store_n(&mp->data_tail, tail, __ATOMIC_RELEASE);
}

static int open_sampler(int tid)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_SOFTWARE;
	a.config = PERF_COUNT_SW_CPU_CLOCK;
	a.sample_period = 20000;		/* ns of task time */
	a.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID |
			PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_REGS_USER;
	a.sample_regs_user = REGS_MASK;
	a.exclude_user = 1;			/* samples in the kernel only */
	a.exclude_hv = 1;
	a.exclude_callchain_kernel = 1;
	a.disabled = 1;
	return (int)syscall(SYS_perf_event_open, &a, tid, -1, -1, 0);
}

static void usage(void)
{
	fprintf(stderr, "usage: perfregs [-t SECONDS] [-n MIN_SAMPLES] "
		"[--expect auto|real|unknown]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "expect", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	double seconds = 3;
	long min_samples = 20;
	enum expect expect = EXPECT_AUTO;
	struct tally t = { 0 };
	struct timespec t0, now;
	pthread_t th;
	long page = sysconf(_SC_PAGESIZE);
	void *ring;
	int c, fd, tid, ok = 1;
	char *end;

	while ((c = getopt_long(argc, argv, "t:n:", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			seconds = strtod(optarg, &end);
			if (*end || !(seconds > 0 && seconds <= 600))
				usage();
			break;
		case 'n':
			min_samples = strtol(optarg, &end, 10);
			if (*end || min_samples < 1)
				usage();
			break;
		case 'e':
			if (!strcmp(optarg, "auto"))
				expect = EXPECT_AUTO;
			else if (!strcmp(optarg, "real"))
				expect = EXPECT_REAL;
			else if (!strcmp(optarg, "unknown"))
				expect = EXPECT_UNKNOWN;
			else
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (expect == EXPECT_AUTO)
		expect = expect_from_sysfs();
	printf("[RUN]\tperfregs: sampled six must read %s\n",
	       expect == EXPECT_REAL ? "real" : "unknown (-1)");
	fflush(stdout);

	if (pthread_create(&th, NULL, worker, NULL)) {
		fprintf(stderr, "perfregs: pthread_create failed\n");
		return 2;
	}
	while (!(tid = atomic_load(&worker_tid)))
		sched_yield();
	fd = open_sampler(tid);
	if (fd < 0) {
		printf("[SKIP]\tperfregs: perf_event_open(cpu-clock, regs_user, "
		       "callchain): %s\n", strerror(errno));
		atomic_store(&stop, 1);
		pthread_join(th, NULL);
		return KSFT_SKIP;
	}
	ring = mmap(NULL, (RING_PAGES + 1) * page, PROT_READ | PROT_WRITE,
		    MAP_SHARED, fd, 0);
	if (ring == MAP_FAILED) {
		fprintf(stderr, "perfregs: mmap: %s\n", strerror(errno));
		return 2;
	}
	ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		usleep(10000);
		drain(ring, tid, &t);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((now.tv_sec - t0.tv_sec) + (now.tv_nsec - t0.tv_nsec) / 1e9 < seconds &&
		 t.in_syscall < 10 * min_samples);
	ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
	atomic_store(&stop, 1);
	pthread_join(th, NULL);
	drain(ring, tid, &t);

	printf("perfregs: expect %s: %ld samples in the syscall (real %ld, "
	       "%ld of them before its result; unknown %ld, mixed %ld), "
	       "chains walked %ld, ip-only %ld; "
	       "other %ld, no regs %ld, lost %ld; leaks %ld; changed %ld\n",
	       expect == EXPECT_REAL ? "real" : "unknown", t.in_syscall,
	       t.real, t.real_in_body, t.unknown, t.mixed, t.chain_walked,
	       t.chain_ip_only,
	       t.other, t.noregs, t.lost, t.leaks, atomic_load(&changed));

	if (t.leaks) {
		printf("FAIL: %ld samples showed values that are not the "
		       "task's registers, or a callchain that disagrees with "
		       "rbp\n", t.leaks);
		ok = 0;
	}
	if (atomic_load(&changed)) {
		printf("FAIL: a callee-saved register changed across SYSCALL\n");
		ok = 0;
	}
	if (t.in_syscall < min_samples) {
		printf("FAIL: %ld samples inside the syscall, want at least %ld "
		       "to judge\n", t.in_syscall, min_samples);
		ok = 0;
	}
	/*
	 * A full frame (stock, full, dual before fast was ever selected)
	 * must always give the real registers.  On the fast entry samples
	 * must say unknown; some real ones are fine: a sample taken
	 * while an interrupt that hit user mode at that same ip is handled
	 * reads the interrupt's own, complete, frame (TCG delivers most
	 * interrupts right there, on the instruction after SYSRET).  But a
	 * real sample from before the syscall stored its result means that
	 * syscall did not take the fast path.
	 */
	if (expect == EXPECT_REAL && (t.unknown || t.mixed)) {
		printf("FAIL: a full frame must give the real registers\n");
		ok = 0;
	}
	if (expect == EXPECT_UNKNOWN && (t.mixed || !t.unknown)) {
		printf("FAIL: the fast entry's frames must give -1 for the six\n");
		ok = 0;
	}
	if (expect == EXPECT_UNKNOWN && t.real_in_body) {
		printf("FAIL: %ld samples from before the syscall's result "
		       "read its frame as complete\n", t.real_in_body);
		ok = 0;
	}
	printf("%s\tperfregs\n", ok ? "[OK]" : "[FAIL]");
	return ok ? 0 : 1;
}
