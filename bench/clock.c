// SPDX-License-Identifier: GPL-2.0
/*
 * The clock registry: one backend per file (clock-perf.c, clock-rdpmc.c,
 * clock-tsc.c, clock-ns.c).  Adding a clock is one file and one line in
 * clocks[] below, which is ordered best first for --clock auto:
 *
 *   perf   hardware counters, user and kernel shares apart (EVENT:u/EVENT:k)
 *   rdpmc  the same counter read from user space: lowest overhead, no split
 *   tsc    the time stamp counter, constant rate only
 *   ns     clock_gettime(CLOCK_MONOTONIC_RAW): always there
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef NO_LIBPFM
#include <perfmon/pfmlib_perf_event.h>
#endif

#include "bench.h"

/* BENCH_EXTRA_CLOCKS: more entries, for the test that a new clock is one
 * line (bench/tests/registry-extra.h, which defines its backend here) */
#ifdef BENCH_EXTRA_CLOCK_DEFINITION
BENCH_EXTRA_CLOCK_DEFINITION
#endif
const struct clock_backend *const clocks[] = {
	&clock_perf, &clock_rdpmc, &clock_tsc, &clock_ns,
#ifdef BENCH_EXTRA_CLOCKS
	BENCH_EXTRA_CLOCKS
#endif
	NULL,
};

/* "a, b, c LAST d" of the clocks that pass @want (NULL: all) */
static void names_of(char *buf, size_t len, const char *last,
		     int (*want)(const struct clock_backend *))
{
	int i, n = 0, k = 0;

	for (i = 0; clocks[i]; i++)
		n += !want || want(clocks[i]);
	buf[0] = '\0';
	for (i = 0; clocks[i]; i++) {
		if (want && !want(clocks[i]))
			continue;
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
			 !k ? "" : k == n - 1 ? last : ", ", clocks[i]->name);
		k++;
	}
}

static int counts_events(const struct clock_backend *c)
{
	return c->counts_events;
}

void clock_names(char *buf, size_t len, const char *last)
{
	names_of(buf, len, last, NULL);
}

void clock_event_names(char *buf, size_t len, const char *last)
{
	names_of(buf, len, last, counts_events);
}

const struct clock_backend *clock_find(const char *name)
{
	int i;

	for (i = 0; clocks[i]; i++)
		if (!strcmp(clocks[i]->name, name))
			return clocks[i];
	return NULL;
}

const struct clock_backend *clock_auto(const struct clock_cfg *cfg,
				       char *choice, size_t len)
{
	char why[256];
	size_t off = 0;
	int i;

	choice[0] = '\0';
	for (i = 0; clocks[i]; i++) {
		if (clocks[i]->probe(cfg, why, sizeof(why)) == 0) {
			snprintf(choice + off, len - off, "%s: chosen",
				 clocks[i]->name);
			return clocks[i];
		}
		off += snprintf(choice + off, len - off, "%s: refused (%s); ",
				clocks[i]->name, why);
		if (off >= len)
			off = len - 1;
	}
	return NULL;
}

uint64_t ns_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int perf_open(struct perf_event_attr *attr, int group)
{
	return syscall(SYS_perf_event_open, attr, 0, -1, group, 0);
}

#ifndef NO_LIBPFM
int perf_encode(const char *name, struct perf_event_attr *attr,
		char *err, size_t len)
{
	static int inited;
	pfm_perf_encode_arg_t arg;
	int ret;

	if (!inited) {
		ret = pfm_initialize();
		if (ret != PFM_SUCCESS) {
			snprintf(err, len, "libpfm4: %s", pfm_strerror(ret));
			return -1;
		}
		inited = 1;
	}
	memset(attr, 0, sizeof(*attr));
	memset(&arg, 0, sizeof(arg));
	arg.attr = attr;
	arg.size = sizeof(arg);
	ret = pfm_get_os_event_encoding(name, PFM_PLM0 | PFM_PLM3,
					PFM_OS_PERF_EVENT, &arg);
	if (ret != PFM_SUCCESS) {
		snprintf(err, len, "unknown event '%s' (libpfm4: %s; list "
			 "them with showevtinfo or perf list)", name,
			 pfm_strerror(ret));
		return -1;
	}
	attr->size = sizeof(*attr);
	return 0;
}
#else
/* Static build without libpfm4: perf's generic hardware event names only. */
int perf_encode(const char *name, struct perf_event_attr *attr,
		char *err, size_t len)
{
	static const struct { const char *name; int config; } generic[] = {
		{ "cycles", PERF_COUNT_HW_CPU_CYCLES },
		{ "cpu-cycles", PERF_COUNT_HW_CPU_CYCLES },
		{ "instructions", PERF_COUNT_HW_INSTRUCTIONS },
		{ "cache-references", PERF_COUNT_HW_CACHE_REFERENCES },
		{ "cache-misses", PERF_COUNT_HW_CACHE_MISSES },
		{ "branches", PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
		{ "branch-instructions", PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
		{ "branch-misses", PERF_COUNT_HW_BRANCH_MISSES },
		{ "ref-cycles", PERF_COUNT_HW_REF_CPU_CYCLES },
	};
	size_t i;

	memset(attr, 0, sizeof(*attr));
	for (i = 0; i < sizeof(generic) / sizeof(generic[0]); i++) {
		if (!strcmp(generic[i].name, name)) {
			attr->type = PERF_TYPE_HARDWARE;
			attr->config = generic[i].config;
			attr->size = sizeof(*attr);
			return 0;
		}
	}
	snprintf(err, len, "unknown event '%s' (this static build has no "
		 "libpfm4: generic perf names only, e.g. cycles, instructions)",
		 name);
	return -1;
}
#endif

int clock_metrics_cycles_ns(const struct clock_cfg *cfg,
			    char names[][NAME_LEN], char units[][NAME_LEN])
{
	(void)cfg;
	strcpy(names[0], "cycles");
	strcpy(units[0], "cycles");
	strcpy(names[1], "ns");
	strcpy(units[1], "ns");
	return 2;
}
