// SPDX-License-Identifier: GPL-2.0
/*
 * bench-syscall's plan: the clock and entries checked against this
 * machine, the size of cells and the number of blocks and rounds, the
 * variant of every block (abab, abba, shuffle), switching to it, and
 * --resolve's stopping rule (when the run is over).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "driver.h"
#include "../stats/sequential.h"

#ifndef NO_GSL
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#else
#include "nogsl.h"
#endif

const char *variant_file = "/sys/kernel/entry_variant";
struct cellmed *meds;
struct resolve_state rsv;

/*
 * How big a cell is (N samples, MS ms, or --duration split over all cells)
 * and how many blocks there are (bench-syscall.1, "Blocks and rounds").
 */
void plan_size(void)
{
	unsigned long nv = cfg.nvariants ? cfg.nvariants : 1, rounds;
	double cells = (double)(cfg.concurrent ? 1 : cfg.ncpus) *
		       cfg.nentries * cfg.nops;

	if (cfg.blocks_given && cfg.rounds_given)
		die(EXIT_USAGE, "--blocks and --rounds: give one");
	if (cfg.block_ms > 0 && cfg.samples_given)
		die(EXIT_USAGE, "--block-ms and --samples: blocks are sized in "
		    "time or in samples, not both");
	if (cfg.block_ms > 0 && cfg.duration > 0 &&
	    (cfg.blocks_given || cfg.rounds_given))
		die(EXIT_USAGE, "--duration with --block-ms sets the number of "
		    "rounds: drop --blocks/--rounds");
	if (cfg.resolve) {
		if (cfg.nvariants < 2)
			die(EXIT_USAGE, "--resolve needs --variants with at "
			    "least two variants: it resolves their differences");
		if (cfg.samples_given || cfg.duration > 0 ||
		    cfg.blocks_given || cfg.rounds_given)
			die(EXIT_USAGE, "--resolve chooses the number of rounds "
			    "itself (within --max-seconds): drop --samples, "
			    "--duration, --blocks and --rounds");
	} else if (cfg.max_seconds_given || cfg.alpha_given) {
		die(EXIT_USAGE, "--max-seconds and --alpha go with --resolve");
	}
	/* --variants: many short rounds, unless sized the old way */
	if (cfg.nvariants && cfg.block_ms == 0 && !cfg.samples_given &&
	    !(cfg.duration > 0 && (cfg.blocks_given || cfg.rounds_given)))
		cfg.block_ms = DEFAULT_BLOCK_MS;
	/*
	 * Time-sized blocks warm up for a tenth of the block by default: a
	 * fixed batch count is a different share of the block for every
	 * syscall (30 ms for a 4.7 us int80 call, 1 ms for getppid).
	 */
	if (cfg.block_ms > 0 && !cfg.warmup_given) {
		cfg.warmup_ns = (uint64_t)(cfg.block_ms * 1e5);
		if (!cfg.warmup_ns)
			cfg.warmup_ns = 1;
		snprintf(cfg.warmup_buf, sizeof(cfg.warmup_buf), "%gus",
			 cfg.block_ms * 100);
		cfg.warmup_arg = cfg.warmup_buf;
	}
	if (cfg.resolve) {
		/* the budget's rounds: where the interval is tuned tightest */
		cfg.n_opt = floor(cfg.max_seconds * 1000 /
				  (cfg.block_ms * cells * nv));
		if (cfg.n_opt < 1)
			cfg.n_opt = 1;
		cfg.blocks = 0;		/* open-ended */
		return;
	}
	if (cfg.block_ms > 0 && cfg.duration > 0) {
		rounds = (unsigned long)floor(cfg.duration * 1000 /
					      (cfg.block_ms * cells * nv));
		cfg.blocks = (rounds ? rounds : 1) * nv;
	} else if (cfg.rounds_given) {
		cfg.blocks = cfg.rounds * nv;
	} else if (cfg.nvariants && !cfg.blocks_given) {
		cfg.blocks = (cfg.block_ms > 0 ? DEFAULT_ROUNDS : 2) * nv;
	}
}

void plan_clock(void)
{
	char why[1024];

	if (cfg.clock) {
		if (cfg.clock->probe(&cfg.ccfg, why, sizeof(why)))
			die(EXIT_USAGE, "--clock %s refused: %s",
			    cfg.clock->name, why);
		snprintf(cfg.choice, sizeof(cfg.choice), "%s: requested",
			 cfg.clock->name);
	} else {
		cfg.clock = clock_auto(&cfg.ccfg, cfg.choice,
				       sizeof(cfg.choice));
		if (!cfg.clock)
			die(EXIT_RUNTIME, "no usable clock: %s", cfg.choice);
		if (cfg.clock != clocks[0])
			note("clock %s (%s)", cfg.clock->name, cfg.choice);
	}
	/* a clock that counts no events would drop -e silently */
	if (cfg.events_given && !cfg.clock->counts_events) {
		char names[256];

		clock_event_names(names, sizeof(names), " or ");
		die(EXIT_USAGE, "-e %s: the clock is %s (%s), which counts no "
		    "events; only --clock %s does (leave out -e to measure "
		    "with %s)", cfg.events_arg, cfg.clock->name, cfg.choice,
		    names, cfg.clock->name);
	}
	cfg.nmetrics = cfg.clock->metrics(&cfg.ccfg, cfg.metrics, cfg.units);
}

void plan_entries(void)
{
	char why[512];
	int i;

	for (i = 0; i < cfg.nentries; i++)
		if (cfg.entries[i]->probe(why, sizeof(why)))
			die(EXIT_USAGE, "--entry %s refused: %s",
			    cfg.entries[i]->name, why);
}

/* Variant of every block: ABAB..., or shuffled within each group. */
static gsl_rng *order_rng;

/* Check that the variants can be switched; seed the shuffle. */
void plan_variants(void)
{
	if (!cfg.nvariants)
		return;
	if (cfg.pad_variants)
		;	/* no kernel support needed */
	else if (access(variant_file, F_OK))
		die(EXIT_USAGE, "--variants: %s does not exist: this kernel "
		    "has no switchable entry (boot an entry/ 'dual' kernel)",
		    variant_file);
	else if (access(variant_file, W_OK))
		die(EXIT_USAGE, "--variants: %s is not writable (%s): a "
		    "kernel with a fixed entry variant, or not root?",
		    variant_file, strerror(errno));
	if (cfg.order != ORDER_SHUFFLE)
		return;
	if (!cfg.seed_given)
		cfg.seed = (unsigned long)time(NULL) ^ getpid();
	gsl_rng_env_setup();
	order_rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(order_rng, cfg.seed);
}

/*
 * Variant index of block b, planned a round at a time (a --resolve run
 * does not know how many it will have): abab in turn, abba every other
 * round reversed, shuffle a random permutation per round.  A last,
 * partial round of a fixed --blocks count stays in turn.  Only the
 * current round is kept: b counts up, one block at a time.  Leader only.
 */
int block_vidx(unsigned long b)
{
	int nv = cfg.nvariants, i, *r;

	if (!nv)
		return 0;
	if (!cfg.block_variant) {
		cfg.block_variant = malloc(nv * sizeof(int));
		if (!cfg.block_variant)
			die(EXIT_RUNTIME, "out of memory");
	}
	r = cfg.block_variant;
	while (cfg.planned <= b) {
		for (i = 0; i < nv; i++)
			r[i] = i;
		if (cfg.blocks && cfg.planned + nv > cfg.blocks)
			;	/* partial last round */
		else if (cfg.order == ORDER_ABBA && cfg.planned / nv % 2)
			for (i = 0; i < nv; i++)
				r[i] = nv - 1 - i;
		else if (cfg.order == ORDER_SHUFFLE)
			gsl_ran_shuffle(order_rng, r, nv, sizeof(int));
		cfg.planned += nv;
	}
	return r[b - (cfg.planned - nv)];
}

int set_variant(int v)
{
	char buf[NAME_LEN];
	FILE *f;

	if (cfg.pad_variants) {
		cur_pad = cfg.variant_pad[v];
		return 0;
	}
	f = fopen(variant_file, "w");

	if (!f || fprintf(f, "%s\n", cfg.variant_set[v]) < 0 || fclose(f)) {
		fail("writing '%s' to %s: %s", cfg.variant_set[v],
		     variant_file, strerror(errno));
		return -1;
	}
	read_line(variant_file, buf, sizeof(buf));
	if (strcmp(buf, cfg.variant_set[v])) {
		fail("%s reads '%s' after writing '%s'", variant_file, buf,
		     cfg.variant_set[v]);
		return -1;
	}
	return 0;
}

/* ---- --resolve: the stopping rule ---- */

/* the median of block b's undisturbed values of one cell, or NAN */
void med_set(int cidx, unsigned long b, int vidx, double *v, size_t n)
{
	struct cellmed *c = &meds[cidx];
	size_t i, want = (b / cfg.nvariants + 1) * cfg.nvariants;

	if (c->cap < want) {
		c->m = realloc(c->m, 2 * want * sizeof(double));
		if (!c->m)
			die(EXIT_RUNTIME, "out of memory");
		for (i = c->cap; i < 2 * want; i++)
			c->m[i] = NAN;
		c->cap = 2 * want;
	}
	if (n) {
		gsl_sort(v, 1, n);
		c->m[b / cfg.nvariants * cfg.nvariants + vidx] =
			gsl_stats_median_from_sorted_data(v, 1, n);
	}
}


/*
 * After every whole round: for every cell and every pair of consecutive
 * variants (v - (v-1)), the anytime-valid interval (stats/sequential.h) on
 * the per-round differences of block medians.  Resolved when every
 * half-width is <= the target (a % target: of variant 0's level, the
 * median of its block medians).  Fills rsv.worst_*: the pair that is
 * furthest from its target.  Returns 1 when resolved.
 */
static int resolve_check(unsigned long rounds)
{
	int nv = cfg.nvariants, ncells = cfg.ncpus * cfg.nentries * cfg.nops;
	double *d = malloc(rounds * sizeof(double)), *lv = malloc(rounds *
		sizeof(double)), worst = -1;
	int c, v, all = 1, ok;
	size_t n, nl, r;
	struct seq_interval si;
	double ratio;

	if (!d || !lv)
		die(EXIT_RUNTIME, "out of memory");
	for (c = 0; c < ncells; c++) {
		struct cellmed *cm = &meds[c];
		double target = cfg.target;

		if (cm->cap < rounds * nv) {	/* nothing measured yet */
			all = 0;
			continue;
		}
		if (cfg.target_pct) {
			for (nl = 0, r = 0; r < rounds; r++)
				if (!isnan(cm->m[r * nv]))
					lv[nl++] = cm->m[r * nv];
			if (!nl) {
				all = 0;
				continue;
			}
			gsl_sort(lv, 1, nl);
			target = cfg.target / 100 *
				 gsl_stats_median_from_sorted_data(lv, 1, nl);
		}
		for (v = 1; v < nv; v++) {
			for (n = 0, r = 0; r < rounds; r++) {
				double a = cm->m[r * nv + v - 1],
				       b = cm->m[r * nv + v];

				if (!isnan(a) && !isnan(b))
					d[n++] = b - a;
			}
			ok = !seq_interval(d, n, cfg.alpha, cfg.n_opt, &si);
			ratio = ok ? si.half / target : INFINITY;
			if (!(ok && si.half <= target))
				all = 0;
			if (ratio > worst) {
				worst = ratio;
				rsv.worst_half = ok ? si.half : NAN;
				rsv.worst_target = target;
			}
		}
	}
	free(d);
	free(lv);
	return all;
}

/*
 * Leader, before block b: is the run over?  A fixed plan ends after its
 * blocks; --resolve only at a round's end, once RESOLVE_MIN_ROUNDS rounds
 * are in, when resolved, or when one more round would overrun the budget.
 */
int run_over(unsigned long b, uint64_t t0)
{
	unsigned long rounds;
	double el;

	if (stopping())
		return 1;
	if (!cfg.resolve)
		return b >= cfg.blocks;
	if (b % cfg.nvariants)
		return 0;
	rounds = b / cfg.nvariants;
	el = (ns_now() - t0) / 1e9;
	rsv.rounds = rounds;
	rsv.seconds = el;
	if (!rounds)
		return 0;
	if (rounds >= RESOLVE_MIN_ROUNDS && resolve_check(rounds)) {
		rsv.resolved = 1;
		rsv.why = "resolved";
		return 1;
	}
	if (el + el / rounds > cfg.max_seconds) {
		if (rounds < RESOLVE_MIN_ROUNDS)
			resolve_check(rounds);
		rsv.why = "budget";
		return 1;
	}
	return 0;
}

