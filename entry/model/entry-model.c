// SPDX-License-Identifier: GPL-2.0
/*
 * entry-model: what the six extra registers cost on this CPU, measured in
 * user space.  Runs the differing code of the entry variants (seq.S,
 * copied from the patched entry code: the six registers, and the fast
 * path's decision for fast and fastpush) in a loop and times them with the
 * TSC (or clock_gettime when the TSC is not invariant, or on request).
 * Prints, per variant, the cost of one enter+exit pair net of the empty
 * loop, as the median over repeats: a prior for the kernel comparison.
 *
 *   entry-model [-n LOOPS] [-r REPEATS] [-c auto|tsc|ns]
 */
#include <cpuid.h>
#include <errno.h>
#include <getopt.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <x86intrin.h>

#include "seq.h"

struct variant {
	const char *name;
	void (*loop)(uint64_t n);
	const char *what;
};

static const struct variant variants[] = {
	{ "full",    model_loop_full,
	  "push six + xor six ... pop six (stock entry)" },
	{ "fast",    model_loop_fast,
	  "decide + subq $48 ... addq $48 (fast: slots left unwritten)" },
	{ "fastpush", model_loop_fastpush,
	  "decide + push six + xor six ... pop six (fastpush)" },
	{ "zeros",   model_loop_zeros,
	  "six pushq $0 ... addq $48 (an earlier fast.patch)" },
};
#define NVAR (sizeof(variants) / sizeof(variants[0]))
#define MAX_REPEATS 1001

enum clk { CLK_AUTO, CLK_TSC, CLK_NS };

static void delta(const char *what, double d, int use_tsc, double scale)
{
	printf("delta %-14s %.3f %s/call (%.3f ns)\n", what, d,
	       use_tsc ? "ticks" : "ns", d * scale);
}

static uint64_t ns_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static uint64_t tsc_now(void)
{
	unsigned int aux;

	_mm_lfence();
	return __rdtscp(&aux);
}

/* CPUID 0x80000007 EDX bit 8: invariant TSC. */
static int tsc_invariant(void)
{
	unsigned int a, b, c, d;

	if (!__get_cpuid(0x80000007, &a, &b, &c, &d))
		return 0;
	return (d >> 8) & 1;
}

/* TSC ticks per ns, against CLOCK_MONOTONIC_RAW over ~50 ms. */
static double tsc_per_ns(void)
{
	uint64_t n0 = ns_now(), t0 = tsc_now(), n1, t1;

	do
		n1 = ns_now();
	while (n1 - n0 < 50000000ULL);
	t1 = tsc_now();
	return (double)(t1 - t0) / (double)(n1 - n0);
}

static double time_loop(void (*loop)(uint64_t), uint64_t n, int use_tsc)
{
	uint64_t t0, t1;

	t0 = use_tsc ? tsc_now() : ns_now();
	loop(n);
	t1 = use_tsc ? tsc_now() : ns_now();
	return (double)(t1 - t0);
}

static void usage(void)
{
	fprintf(stderr, "usage: entry-model [-n LOOPS] [-r REPEATS] "
		"[-c auto|tsc|ns]\n");
	exit(2);
}

static long parse_long(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi) {
		fprintf(stderr, "entry-model: bad number '%s' (%ld..%ld)\n",
			s, lo, hi);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	static double per[NVAR][MAX_REPEATS];
	long loops = 1000000, repeats = 11;
	enum clk clk = CLK_AUTO;
	double scale = 1.0, med[NVAR];
	int opt, use_tsc;
	size_t v;
	long r;

	while ((opt = getopt(argc, argv, "n:r:c:h")) != -1) {
		switch (opt) {
		case 'n':
			loops = parse_long(optarg, 1, 1000000000L);
			break;
		case 'r':
			repeats = parse_long(optarg, 1, MAX_REPEATS);
			break;
		case 'c':
			if (!strcmp(optarg, "auto"))
				clk = CLK_AUTO;
			else if (!strcmp(optarg, "tsc"))
				clk = CLK_TSC;
			else if (!strcmp(optarg, "ns"))
				clk = CLK_NS;
			else
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();

	use_tsc = clk == CLK_TSC || (clk == CLK_AUTO && tsc_invariant());
	if (use_tsc)
		scale = 1.0 / tsc_per_ns();	/* ns per tick */

	model_loop_none(loops / 10 + 1);	/* warm up */
	for (r = 0; r < repeats; r++) {
		/* Interleave the variants so drift hits them alike. */
		for (v = 0; v < NVAR; v++) {
			double base = time_loop(model_loop_none, loops, use_tsc);
			double t = time_loop(variants[v].loop, loops, use_tsc);

			per[v][r] = (t - base) / ((double)loops * MODEL_UNROLL);
		}
	}

	printf("entry-model: clock %s", use_tsc ? "tsc" : "ns");
	if (use_tsc)
		printf(" (%.3f GHz)", 1.0 / scale);
	printf(", %ld loops x %d sequences, median of %ld repeats, net of "
	       "the empty loop\n", loops, MODEL_UNROLL, repeats);
	printf("%-8s %10s %10s  %s\n", "variant", use_tsc ? "ticks/call" :
	       "ns/call", "ns/call", "sequence");
	for (v = 0; v < NVAR; v++) {
		gsl_sort(per[v], 1, repeats);
		med[v] = gsl_stats_median_from_sorted_data(per[v], 1, repeats);
		printf("%-8s %10.3f %10.3f  %s\n", variants[v].name, med[v],
		       med[v] * scale, variants[v].what);
	}
	/* rows: 0 full, 1 fast, 2 fastpush, 3 zeros */
	delta("fastpush-fast", med[2] - med[1], use_tsc, scale);
	delta("full-fastpush", med[0] - med[2], use_tsc, scale);
	delta("full-fast", med[0] - med[1], use_tsc, scale);
	delta("full-zeros", med[0] - med[3], use_tsc, scale);
	return 0;
}
