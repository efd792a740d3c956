// SPDX-License-Identifier: GPL-2.0
/*
 * scale-gen: write a large synthetic results file (results/FORMAT.md v1)
 * through the results library's writer, for bench/scale-bench: many cells
 * (CPUS x OPS, each block of one variant, rounds of every variant) and up
 * to tens of millions of samples.  Not installed; not a test fixture.
 *
 *   scale-gen [--cpus N] [--ops a,b,..] [--variants v1,v2,..]
 *             [--rounds R] [--samples TOTAL] [--seed S] -o PATH
 *
 * Each block holds ceil(TOTAL / (CPUS x OPS x VARIANTS x ROUNDS)) samples
 * per cpu and op; a value is a per-op level, shifted 1% per variant, plus
 * gaussian noise (GSL).  The end line's samples=N is the count written.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "../results/writer.h"

#define MAX_NAMES	64

struct scale_plan {
	const char *out;
	unsigned long seed;
	int cpus, rounds;
	long total;
	char *ops[MAX_NAMES], *variants[MAX_NAMES];
	int nops, nvariants;
	const char *ops_list, *variants_list;	/* as given, for the header */
	char ops_buf[1024], variants_buf[1024];	/* the names point here */
};

static void die_usage(const char *msg)
{
	fprintf(stderr, "scale-gen: %s\n", msg);
	fprintf(stderr, "usage: scale-gen [--cpus N] [--ops a,b] [--variants v1,v2] "
		"[--rounds R] [--samples TOTAL] [--seed S] -o PATH\n");
	exit(2);
}

static long whole(const char *name, const char *s, long max)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1 || v > max) {
		fprintf(stderr, "scale-gen: %s must be a whole number 1..%ld\n",
			name, max);
		exit(2);
	}
	return v;
}

/* split @list (copied into @buf) into words checked by the writer */
static int split(const char *what, const char *list, char *buf, size_t len,
		 char **names)
{
	char *save, *w;
	int n = 0;

	if (strlen(list) >= len)
		die_usage("list too long");
	strcpy(buf, list);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		const char *why = results_word_invalid(w);

		if (why) {
			fprintf(stderr, "scale-gen: %s '%s': %s\n", what, w, why);
			exit(2);
		}
		if (n == MAX_NAMES)
			die_usage("too many names");
		names[n++] = w;
	}
	if (!n)
		die_usage("empty list");
	return n;
}

static double op_level(const char *name)
{
	double level = 100.0;

	for (; *name; name++)
		level += (*name % 11) * 3;
	return level;
}

static void write_header(struct results_writer *w, const struct scale_plan *p,
			 long per_block)
{
	static const char *const metrics[] = { "ns" }, *const units[] = { "ns" };

	results_write_version(w);
	results_write_key(w, "label", "scale-gen");
	results_write_key(w, "clock", "ns");
	results_write_key(w, "unit", "ns");
	results_write_key(w, "clock.choice", "synthetic (scale-gen seed %lu)", p->seed);
	results_write_key(w, "batch", "1");
	results_write_key(w, "warmup", "0");
	results_write_key(w, "samples", "%ld", per_block);
	results_write_key(w, "duration", "-");
	results_write_key(w, "blocks", "%d", p->rounds * p->nvariants);
	results_write_key(w, "block.ms", "-");
	results_write_key(w, "order", "abab");
	results_write_key(w, "syscalls", "%s", p->ops_list);
	results_write_key(w, "cpus", "0-%d", p->cpus - 1);
	results_write_key(w, "entries", "syscall");
	results_write_key(w, "concurrent", "yes");
	results_write_key(w, "variants", "%s", p->variants_list);
	results_write_key(w, "pad", "-");
	results_write_key(w, "host", "scale-gen");
	results_write_key(w, "date", "2026-01-01T00:00:00Z");
	results_write_key(w, "kernel.release", "6.1.0-scale");
	results_write_key(w, "kernel.version", "#1 SMP synthetic");
	results_write_key(w, "kernel.cmdline", "-");
	results_write_key(w, "kernel.entry_variant", "-");
	results_write_key(w, "virt", "none");
	results_write_key(w, "suite.version", "synthetic");
	results_write_metrics(w, metrics, units, 1);
}

static void write_body(struct results_writer *w, const struct scale_plan *p,
		       long per_block, gsl_rng *rng)
{
	unsigned long seq = 0;
	int block, cpu, op;
	long i;

	for (block = 0; block < p->rounds * p->nvariants; block++) {
		int v = block % p->nvariants;

		for (cpu = 0; cpu < p->cpus; cpu++)
			for (op = 0; op < p->nops; op++) {
				double level = op_level(p->ops[op]) * (1 + 0.01 * v);

				for (i = 0; i < per_block; i++) {
					double value = level + gsl_ran_gaussian(rng, 2.0);
					struct results_row row = {
						.cpu = cpu, .syscall = p->ops[op],
						.entry = "syscall",
						.variant = p->variants[v],
						.block = block, .seq = seq++,
						.value = &value, .nvalue = 1,
					};

					results_write_sample(w, &row);
				}
			}
		results_writer_flush(w);
		if (results_writer_error(w))
			return;
	}
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "cpus", required_argument, NULL, 'c' },
		{ "ops", required_argument, NULL, 's' },
		{ "variants", required_argument, NULL, 'v' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "samples", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'S' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct scale_plan p = { .seed = 1, .cpus = 16, .rounds = 10, .total = 1000000 };
	const char *ops = "getppid,getpid,gettid,getuid,geteuid,getgid,null";
	const char *variants = "full,fast,fastpush";
	struct results_writer *w;
	char err[512];
	long per_block, cells;
	gsl_rng *rng;
	int c;

	while ((c = getopt_long(argc, argv, "c:s:v:r:n:S:o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': p.cpus = whole("--cpus", optarg, 4096); break;
		case 's': ops = optarg; break;
		case 'v': variants = optarg; break;
		case 'r': p.rounds = whole("--rounds", optarg, 1000000); break;
		case 'n': p.total = whole("--samples", optarg, 2000000000L); break;
		case 'S': p.seed = whole("--seed", optarg, 1L << 30); break;
		case 'o': p.out = optarg; break;
		default: die_usage("bad option");
		}
	}
	if (optind != argc || !p.out)
		die_usage("-o PATH is needed, and no other argument");
	p.ops_list = ops;
	p.variants_list = variants;
	p.nops = split("op", ops, p.ops_buf, sizeof(p.ops_buf), p.ops);
	p.nvariants = split("variant", variants, p.variants_buf,
			    sizeof(p.variants_buf), p.variants);

	cells = (long)p.cpus * p.nops * p.nvariants * p.rounds;
	per_block = (p.total + cells - 1) / cells;

	w = results_writer_open(p.out, err, sizeof(err));
	if (!w) {
		fprintf(stderr, "scale-gen: %s\n", err);
		return 1;
	}
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, p.seed);
	write_header(w, &p, per_block);
	write_body(w, &p, per_block, rng);
	gsl_rng_free(rng);
	if (results_writer_close(w, results_writer_error(w) ? "write-error" : NULL,
				 err, sizeof(err))) {
		fprintf(stderr, "scale-gen: %s\n", err);
		return 1;
	}
	return 0;
}
