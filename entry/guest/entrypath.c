// SPDX-License-Identifier: GPL-2.0
/*
 * entrypath: which 64-bit SYSCALL entry body a whitelisted syscall really
 * runs.  fast and fastpush take the same decisions and the same C
 * functions, and fastpush frames hold the real registers like full ones,
 * so neither perfregs nor the registers can tell fastpush from full.  The
 * return address of the call into C can: it lies in the body that made
 * the call.  Each body has a symbol of its own (entry_SYSCALL_64_fast_body,
 * entry_SYSCALL_64_fastpush_body; the stock call is in
 * entry_SYSCALL_64_after_hwframe), a label that adds no instruction to
 * the kernel that is measured.
 *
 * A worker loops on getppid (whitelisted) while a cpu-clock event samples
 * it in the kernel with a kernel callchain (ORC unwinder).  Each sample's
 * chain is looked up in /proc/kallsyms: it counts for the body whose
 * symbol's range (up to the next symbol) holds one of its return
 * addresses.  The body that /sys/kernel/entry_variant names (full when
 * the file is absent: a stock kernel) must hold at least MIN samples and
 * every other body none.
 *
 *   entrypath [-t SECONDS] [-n MIN_SAMPLES] [--expect auto|full|fast|fastpush]
 *
 * Prints kselftest-style lines ([RUN], [OK], [FAIL], [SKIP]).  Exit 0
 * pass; 1 another body was taken or too few samples; 2 usage; 4 (KSFT_SKIP)
 * nothing to test: no perf sampling or no readable kallsyms.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
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

#define KSFT_SKIP	4
#define RING_PAGES	64

enum body { BODY_FULL, BODY_FAST, BODY_FASTPUSH, NBODIES };

static const char *const body_name[NBODIES] = { "full", "fast", "fastpush" };
/* The symbol whose range holds each body's return address from C */
static const char *const body_sym[NBODIES] = {
	"entry_SYSCALL_64_after_hwframe",
	"entry_SYSCALL_64_fast_body",
	"entry_SYSCALL_64_fastpush_body",
};

struct range {
	uint64_t start, end;	/* [start, end); start 0: not in this kernel */
};

static struct range body_range[NBODIES];
static atomic_int worker_tid;
static atomic_int stop;

static void *worker(void *arg)
{
	(void)arg;
	atomic_store(&worker_tid, (int)syscall(SYS_gettid));
	while (!atomic_load_explicit(&stop, memory_order_relaxed))
		syscall(SYS_getppid);
	return NULL;
}

/*
 * Fill body_range[] from /proc/kallsyms: each body symbol's address and
 * the next higher address of any text symbol.  Returns 0, or -1 when
 * kallsyms is unreadable or hides addresses (all zero).
 */
static int read_kallsyms(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], name[256], type;
	uint64_t addr, nonzero = 0;
	int i;

	if (!f)
		return -1;
	for (i = 0; i < NBODIES; i++)
		body_range[i] = (struct range){ 0, UINT64_MAX };
	/* two passes: the starts, then the nearest symbol above each */
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNx64 " %c %255s", &addr, &type, name) != 3)
			continue;
		nonzero |= addr;
		for (i = 0; i < NBODIES; i++)
			if (!strcmp(name, body_sym[i]))
				body_range[i].start = addr;
	}
	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNx64 " %c %255s", &addr, &type, name) != 3)
			continue;
		for (i = 0; i < NBODIES; i++)
			if (body_range[i].start && addr > body_range[i].start &&
			    addr < body_range[i].end)
				body_range[i].end = addr;
	}
	fclose(f);
	return nonzero ? 0 : -1;
}

/* The body whose range holds one of the chain's kernel addresses, or -1 */
static int classify(const uint64_t *ips, uint64_t nr)
{
	uint64_t i;
	int b;

	for (i = 0; i < nr; i++) {
		if (ips[i] >= (uint64_t)PERF_CONTEXT_MAX)
			continue;	/* PERF_CONTEXT_KERNEL etc. */
		for (b = 0; b < NBODIES; b++)
			if (body_range[b].start && ips[i] >= body_range[b].start &&
			    ips[i] < body_range[b].end)
				return b;
	}
	return -1;
}

static void drain(struct perf_event_mmap_page *mp, int tid, long *count,
		  long *none, long *lost)
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
		if (h.size < sizeof(h))
			break;
		for (i = 0; i < h.size; i++)
			((char *)rec)[i] = data[(off + i) % size];
		tail += h.size;

		if (h.type == PERF_RECORD_LOST) {
			*lost += (long)rec[2];
		} else if (h.type == PERF_RECORD_SAMPLE) {
			/* pid|tid, nr, ips[nr] */
			uint32_t stid = (uint32_t)(rec[1] >> 32);
			uint64_t nr = rec[2];
			int b;

			if ((int)stid != tid || nr > 1000)
				continue;
			b = classify(rec + 3, nr);
			if (b < 0)
				(*none)++;
			else
				count[b]++;
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
	a.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_CALLCHAIN;
	a.exclude_user = 1;			/* samples in the kernel only */
	a.exclude_hv = 1;
	a.exclude_callchain_user = 1;
	a.disabled = 1;
	return (int)syscall(SYS_perf_event_open, &a, tid, -1, -1, 0);
}

/* What /sys/kernel/entry_variant says: -1 when it says something else */
static int expect_from_sysfs(void)
{
	char buf[32] = "";
	FILE *f = fopen("/sys/kernel/entry_variant", "r");
	int b;

	if (!f)
		return BODY_FULL;	/* a stock kernel */
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	for (b = 0; b < NBODIES; b++)
		if (!strcmp(buf, body_name[b]))
			return b;
	fprintf(stderr, "entrypath: /sys/kernel/entry_variant reads '%s'\n", buf);
	return -1;
}

static void usage(void)
{
	fprintf(stderr, "usage: entrypath [-t SECONDS] [-n MIN_SAMPLES] "
		"[--expect auto|full|fast|fastpush]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "expect", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	long count[NBODIES] = { 0 }, none = 0, lost = 0, others = 0;
	double seconds = 2;
	long min = 20;
	int want = -2, c, fd, tid, b, fail = 0;
	struct perf_event_mmap_page *mp;
	struct timespec t0, now;
	pthread_t th;
	char *end;

	while ((c = getopt_long(argc, argv, "t:n:", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			seconds = strtod(optarg, &end);
			if (*end || !(seconds > 0 && seconds <= 3600))
				usage();
			break;
		case 'n':
			min = strtol(optarg, &end, 10);
			if (*end || min < 1)
				usage();
			break;
		case 'e':
			if (!strcmp(optarg, "auto"))
				want = -2;
			else {
				for (b = 0; b < NBODIES; b++)
					if (!strcmp(optarg, body_name[b]))
						break;
				if (b == NBODIES)
					usage();
				want = b;
			}
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (want == -2)
		want = expect_from_sysfs();
	if (want < 0) {
		printf("[FAIL]\tentrypath: /sys/kernel/entry_variant names no single entry\n");
		return 1;
	}
	printf("[RUN]\tentrypath: getppid must run the %s body (%s)\n",
	       body_name[want], body_sym[want]);
	if (read_kallsyms()) {
		printf("[SKIP]\tentrypath: /proc/kallsyms unreadable or addresses hidden\n");
		return KSFT_SKIP;
	}
	for (b = 0; b < NBODIES; b++)
		if (body_range[b].start)
			printf("\t%s: %s [%#" PRIx64 ", %#" PRIx64 ")\n", body_name[b],
			       body_sym[b], body_range[b].start, body_range[b].end);
	if (!body_range[want].start) {
		printf("[FAIL]\tentrypath: this kernel has no %s\n", body_sym[want]);
		return 1;
	}

	if (pthread_create(&th, NULL, worker, NULL)) {
		perror("entrypath: pthread_create");
		return 2;
	}
	while (!(tid = atomic_load(&worker_tid)))
		sched_yield();
	fd = open_sampler(tid);
	if (fd < 0) {
		printf("[SKIP]\tentrypath: perf_event_open (cpu-clock, kernel "
		       "callchain): %s\n", strerror(errno));
		atomic_store(&stop, 1);
		pthread_join(th, NULL);
		return KSFT_SKIP;
	}
	mp = mmap(NULL, (RING_PAGES + 1) * sysconf(_SC_PAGESIZE),
		  PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mp == MAP_FAILED) {
		perror("entrypath: mmap");
		return 2;
	}
	ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		usleep(10000);
		drain(mp, tid, count, &none, &lost);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((now.tv_sec - t0.tv_sec) + (now.tv_nsec - t0.tv_nsec) / 1e9 < seconds);
	ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
	atomic_store(&stop, 1);
	pthread_join(th, NULL);
	drain(mp, tid, count, &none, &lost);

	printf("\tsamples: full %ld, fast %ld, fastpush %ld, in no body %ld, lost %ld\n",
	       count[BODY_FULL], count[BODY_FAST], count[BODY_FASTPUSH], none, lost);
	for (b = 0; b < NBODIES; b++)
		if (b != want)
			others += count[b];
	if (others) {
		printf("[FAIL]\tentrypath: %ld samples in another body than %s\n",
		       others, body_name[want]);
		fail = 1;
	}
	if (count[want] < min) {
		printf("[FAIL]\tentrypath: %ld samples in the %s body, want at least %ld\n",
		       count[want], body_name[want], min);
		fail = 1;
	}
	if (!fail)
		printf("[OK]\tentrypath: %ld samples, all in the %s body\n",
		       count[want], body_name[want]);
	return fail;
}
