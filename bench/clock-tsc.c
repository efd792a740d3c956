// SPDX-License-Identifier: GPL-2.0
/*
 * clock tsc: the time stamp counter, serialized so the batch cannot leak
 * out of the interval: lfence; rdtsc; lfence at the start, rdtscp; lfence
 * at the end (lfence; rdtsc; lfence where rdtscp is missing).
 *
 * Only a constant-rate, never-stopping TSC (constant_tsc and nonstop_tsc in
 * /proc/cpuinfo; CPUID 0x80000007 EDX bit 8 where /proc is bare) counts
 * time; its frequency is measured against CLOCK_MONOTONIC_RAW to give ns.
 *
 * Such a TSC ticks at a fixed reference rate, not with the core clock: under
 * turbo or a low governor a core cycle is shorter or longer than a TSC
 * tick.  So the unit is ref-cycles (issue 17.7; v1 files said cycles and
 * bench-stat reads those as ref-cycles).  The metric column keeps its v1
 * name, cycles, so --metric cycles and old files still line up.
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "../results/writer.h"

static int have_rdtscp;
static double hz;

static inline uint64_t tsc_begin(void)
{
	uint32_t lo, hi;

	asm volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi)
		     : : "memory");
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t tsc_end(void)
{
	uint32_t lo, hi, aux;

	if (have_rdtscp)
		asm volatile("rdtscp\n\tlfence" : "=a"(lo), "=d"(hi), "=c"(aux)
			     : : "memory");
	else
		asm volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi)
			     : : "memory");
	return (uint64_t)hi << 32 | lo;
}

/* 1 if both flags are in /proc/cpuinfo, 0 if not, -1 if no cpuinfo */
static int cpuinfo_flags(void)
{
	char line[8192];
	FILE *f = fopen("/proc/cpuinfo", "r");
	int ret = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "flags", 5))
			continue;
		ret = strstr(line, " constant_tsc") &&
		      strstr(line, " nonstop_tsc");
		break;
	}
	fclose(f);
	return ret;
}

/* One interval of about ms milliseconds, each end bracketed by the clock. */
static double measure_once(unsigned ms)
{
	uint64_t a0, a1, b0, b1, c0, c1;

	a0 = ns_now(); c0 = tsc_end(); a1 = ns_now();
	usleep(ms * 1000);
	b0 = ns_now(); c1 = tsc_end(); b1 = ns_now();
	return (double)(c1 - c0) * 1e9 / ((b0 + b1) / 2.0 - (a0 + a1) / 2.0);
}

int tsc_measure(char *why, size_t len)
{
	double f[3], t;
	int i, j;

	if (hz > 0)
		return 0;
	for (i = 0; i < 3; i++)
		f[i] = measure_once(40);
	for (i = 0; i < 3; i++)	/* median of three */
		for (j = i + 1; j < 3; j++)
			if (f[j] < f[i]) {
				t = f[i]; f[i] = f[j]; f[j] = t;
			}
	if (f[1] < 1e7 || f[2] - f[0] > f[1] * 0.01) {
		snprintf(why, len, "TSC frequency unstable: %.0f..%.0f Hz",
			 f[0], f[2]);
		return -1;
	}
	hz = f[1];
	return 0;
}

double tsc_hz(void)
{
	return hz;
}

static int tsc_probe(const struct clock_cfg *cfg, char *why, size_t len)
{
	unsigned a, b, c, d;
	int flags = cpuinfo_flags();

	(void)cfg;
	if (__get_cpuid(0x80000001, &a, &b, &c, &d))
		have_rdtscp = !!(d & (1u << 27));
	if (flags == 0) {
		snprintf(why, len, "no constant_tsc/nonstop_tsc in "
			 "/proc/cpuinfo: the TSC does not count time");
		return -1;
	}
	if (flags < 0 && !(__get_cpuid(0x80000007, &a, &b, &c, &d) &&
			   (d & (1u << 8)))) {
		snprintf(why, len, "no /proc/cpuinfo and CPUID reports no "
			 "invariant TSC");
		return -1;
	}
	return tsc_measure(why, len);
}

static int tsc_thread_init(struct clock_thread *t, const struct clock_cfg *cfg,
			   char *err, size_t len)
{
	(void)t; (void)cfg; (void)err; (void)len;
	return 0;
}

static void tsc_start(struct clock_thread *t)
{
	t->t0 = tsc_begin();
}

static void tsc_stop(struct clock_thread *t, double *val)
{
	uint64_t d = tsc_end() - t->t0;

	val[0] = d;
	val[1] = d * 1e9 / hz;
}

static void tsc_thread_fini(struct clock_thread *t)
{
	(void)t;
}

static int tsc_metrics(const struct clock_cfg *cfg, char names[][NAME_LEN],
		       char units[][NAME_LEN])
{
	(void)cfg;
	strcpy(names[0], "cycles");
	strcpy(units[0], TSC_UNIT);
	strcpy(names[1], "ns");
	strcpy(units[1], "ns");
	return 2;
}

/* the frequency the ref-cycles are converted with */
static void tsc_header(const struct clock_cfg *cfg, struct results_writer *w)
{
	(void)cfg;
	results_write_key(w, "tsc.hz", "%.0f", tsc_hz());
}

const struct clock_backend clock_tsc = {
	.name = "tsc", .unit = TSC_UNIT,
	.what = "the time stamp counter (lfence/rdtsc), constant rate only",
	.header = tsc_header,
	.probe = tsc_probe, .metrics = tsc_metrics,
	.thread_init = tsc_thread_init, .start = tsc_start, .stop = tsc_stop,
	.thread_fini = tsc_thread_fini,
};
