/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench-syscall's driver: the state its parts share.
 *
 *   cli.c      the command line: options, --help, --list, their checks
 *   plan.c     the plan: clock and entries chosen, blocks and rounds sized,
 *              the variant of every block (order, shuffle), switching, and
 *              --resolve's stopping rule
 *   measure.c  the measurement loop: workers, cells, samples written
 *   header.c   the results file's header and default path
 *   summary.c  the summary printed at the end (bounded state, whatever the
 *              number of samples)
 *   main.c     wires them
 */
#ifndef BENCH_DRIVER_H
#define BENCH_DRIVER_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "bench.h"

#define MAX_CPUS	1024
#define MAX_LIST	64

/*
 * Defaults of the time-sized design (bench-syscall.1 says why): with
 * --variants each cell of a block runs DEFAULT_BLOCK_MS, DEFAULT_ROUNDS
 * rounds; --resolve never stops before RESOLVE_MIN_ROUNDS rounds: the
 * asymptotic confidence sequence covers as the rounds grow, and its
 * plug-in sd of a dozen rounds can be small by chance (an A/A here
 * stopped at 14 rounds with a minimum of 10).
 */
#define DEFAULT_BLOCK_MS	10.0
#define DEFAULT_ROUNDS		100
#define RESOLVE_MIN_ROUNDS	30
#define DEFAULT_MAX_SECONDS	60.0
#define DEFAULT_ALPHA		0.05

/* Order of the variants within each round (--order). */
enum { ORDER_ABAB, ORDER_ABBA, ORDER_SHUFFLE, NORDERS };
extern const char *const order_names[NORDERS];
#ifdef NO_GSL
#define DEFAULT_ORDER	ORDER_ABBA	/* no RNG in the 32-bit build */
#else
#define DEFAULT_ORDER	ORDER_SHUFFLE
#endif

/* What the command line asked for, completed by the plan. */
struct config {
	const struct op *ops[MAX_LIST];
	int nops;
	const struct entry *entries[MAX_LIST];
	int nentries;
	int cpus[MAX_CPUS];
	int ncpus;
	int concurrent;
	const struct clock_backend *clock;
	struct clock_cfg ccfg;
	char choice[2048];
	unsigned long samples, batch, warmup, blocks, pad, seed, rounds;
	double duration, block_ms;
	uint64_t warmup_ns;		/* -w TIME: warm-up by time, not batches */
	const char *warmup_arg;
	char warmup_buf[32];
	int warmup_given;
	int order, order_given, rounds_given, samples_given;
	/* --resolve: keep adding rounds until every interval is this narrow */
	int resolve, target_pct, max_seconds_given, alpha_given;
	double target, max_seconds, alpha, n_opt;
	char variants[MAX_LIST][NAME_LEN];	/* as written in the file */
	char variant_set[MAX_LIST][NAME_LEN];	/* written to variant_file */
	long variant_pad[MAX_LIST];		/* pad=N items: N, else -1 */
	int nvariants, pad_variants, pad_given, shuffle, seed_given,
	    blocks_given;
	int *block_variant;		/* variant of every block of a round */
	unsigned long planned;		/* blocks planned so far */
	const char *label, *out;
	int quiet, progress;
	int events_given;		/* -e on the command line */
	const char *events_arg;
	int nmetrics;
	char metrics[MAX_METRICS][NAME_LEN], units[MAX_METRICS][NAME_LEN];
};
extern struct config cfg;

/* ---- cli.c ---- */
void die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void parse_args(int argc, char **argv);

/* ---- plan.c ---- */
/*
 * BENCH_SYSCALL_VARIANT_FILE replaces it: the tests drive --variants
 * through a plain file on kernels without a dual entry.
 */
extern const char *variant_file;
void plan_size(void);
void plan_clock(void);
void plan_entries(void);
void plan_variants(void);
int block_vidx(unsigned long b);
int set_variant(int v);
/*
 * Block medians for --resolve: per (cpu, entry, op), the median of the
 * undisturbed primary values of every block, at [round * nv + variant]
 * (NAN when a block had none).  Each is written by the one worker that
 * measures that cell and read by the leader between rounds.
 */
struct cellmed {
	double *m;
	size_t cap;
};
extern struct cellmed *meds;
void med_set(int cidx, unsigned long b, int vidx, double *v, size_t n);
/* How --resolve ended (summary and the file's last metadata). */
struct resolve_state {
	unsigned long rounds;
	double seconds, worst_half, worst_target;
	int resolved;
	const char *why;
};
extern struct resolve_state rsv;
int run_over(unsigned long b, uint64_t t0);

/* ---- measure.c ---- */
extern struct results_writer *res;
extern volatile sig_atomic_t stop_sig;
extern int stop_error;
extern char err_msg[512];
extern unsigned long cur_pad;		/* pad of the running block */
extern char cur_variant[NAME_LEN];	/* its variant ("-": none) */
void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int stopping(void);
int cell_index(int cpu_idx, int e, int o);
void run(void);

/* ---- header.c ---- */
void now_utc(char *iso, size_t ilen, char *stamp, size_t slen);
void default_path(char *buf, size_t len, const char *stamp);
void write_header(int argc, char **argv, const char *date);

/* ---- summary.c ---- */
/*
 * The summary's state is bounded, however many samples the run writes:
 * per (cpu, entry, op, variant) running statistics (n, mean, sd, min, the
 * P-square median) and the values themselves only up to SUMMARY_EXACT_CAP
 * (an exact median while they fit), fewer when there are so many cells
 * that SUMMARY_EXACT_BUDGET bytes would not hold them; the switch times
 * the same way per variant.
 */
#define SUMMARY_EXACT_CAP	(1u << 16)
#define SUMMARY_EXACT_BUDGET	(64u << 20)
void summary_init(void);
/* one sample of cell (cpu index, entry, op, variant), per call */
void summary_add(int cpu_idx, int e, int o, int v, int disturbed,
		 double prim, double ns);
void summary_switch(int v, double ns);
/* bytes the summary holds now (its tests, bench/memory-bench) */
size_t summary_bytes(void);
/* the values one cell keeps exactly before it keeps running statistics */
size_t summary_exact_cap(void);
void summary(FILE *f);

#endif
