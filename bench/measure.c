// SPDX-License-Identifier: GPL-2.0
/*
 * bench-syscall's measurement loop.  The run is cut into blocks (with
 * --variants the variant is switched between blocks, plan.c); a block
 * visits every CPU (in turn, or all at once with --concurrent: one pinned
 * worker thread per CPU, released together by a barrier), every entry
 * instruction and every operation; a cell (block, cpu, entry, op) is W
 * warm-up batches then N samples (or MS ms of them), each sample one batch
 * of K back-to-back calls, written as one line and handed to the summary.
 * A measurement error stops every worker and keeps what was measured.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "../results/writer.h"

struct results_writer *res;
volatile sig_atomic_t stop_sig;
int stop_error;				/* guarded by err_lock */
char err_msg[512];
static pthread_mutex_t err_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t barrier;
char cur_variant[NAME_LEN] = "-";	/* variant of the running block */
unsigned long cur_pad;			/* pad of the running block */
static double cell_ns;			/* --duration: time per cell */
static int cur_vidx;			/* variant index of the running block */
static int run_done;			/* set by the leader between blocks */

/* A measurement error: stop every worker, keep what was measured. */
void fail(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&err_lock);
	if (!stop_error) {
		va_start(ap, fmt);
		vsnprintf(err_msg, sizeof(err_msg), fmt, ap);
		va_end(ap);
		stop_error = 1;
	}
	pthread_mutex_unlock(&err_lock);
}

int stopping(void)
{
	return stop_sig || __atomic_load_n(&stop_error, __ATOMIC_RELAXED) ||
	       (res && results_writer_error(res));
}

/* ---- measurement ---- */

struct worker {
	pthread_t tid;
	int leader;
	int *cpus, ncpus;
	struct clock_thread clk;
	struct noise noise;
	double *bbuf;			/* --resolve: this cell-block's values */
	size_t bcap;
};

int cell_index(int cpu_idx, int e, int o)
{
	return (cpu_idx * cfg.nentries + e) * cfg.nops + o;
}

static void progress(unsigned long b, int cpu, const struct op *op,
		     unsigned long seq)
{
	static uint64_t last;
	uint64_t now = ns_now();

	if (!cfg.progress || now - last < 100000000ull)
		return;
	last = now;
	if (cfg.blocks)
		fprintf(stderr, "\rblock %lu/%lu cpu %d %-12s %8lu samples ",
			b + 1, cfg.blocks, cpu, op->name, seq);
	else
		fprintf(stderr, "\rround %lu (resolving) cpu %d %-12s %8lu "
			"samples ", b / cfg.nvariants + 1, cpu, op->name, seq);
}

/* warm-up: W batches, or batches until -w's time has passed (one at least) */
static void warm_up(const struct op *op, const struct entry *ent, long expect)
{
	uint64_t t_end = ns_now() + cfg.warmup_ns;
	unsigned long i;

	for (i = 0; !stopping(); i++) {
		if (cfg.warmup_ns ? i > 0 && ns_now() >= t_end
				  : i >= cfg.warmup)
			break;
		if (op_run(op, ent, expect, cfg.batch, cur_pad))
			break;		/* the first sample reports it */
	}
}

static void cell(struct worker *w, unsigned long b, int ci, int e, int o)
{
	const struct entry *ent = cfg.entries[e];
	int cpu_idx = w->cpus == cfg.cpus ? ci : w->cpus - cfg.cpus;
	const struct op *op = cfg.ops[o];
	int cpu = w->cpus[ci], m;
	long expect = op->expect(), bad;
	double val[MAX_METRICS];
	uint64_t t_end = 0, ctxsw, migr;
	unsigned long seq;
	size_t bn = 0;
	struct results_row row = {
		.cpu = cpu, .syscall = op->name, .entry = ent->name,
		.block = b, .variant = cur_variant, .value = val,
		.nvalue = cfg.nmetrics,
	};

	warm_up(op, ent, expect);
	if (cfg.block_ms > 0)
		t_end = ns_now() + (uint64_t)(cfg.block_ms * 1e6);
	else if (cfg.duration > 0)
		t_end = ns_now() + (uint64_t)cell_ns;
	for (seq = 0; !stopping(); seq++) {
		if (t_end ? seq > 0 && ns_now() >= t_end : seq >= cfg.samples)
			break;
		noise_start(&w->noise);
		cfg.clock->start(&w->clk);
		bad = op_run(op, ent, expect, cfg.batch, cur_pad);
		cfg.clock->stop(&w->clk, val);
		noise_stop(&w->noise, &ctxsw, &migr);
		if (bad) {
			fail("%s via %s returned a value other than %ld in "
			     "%ld of %lu calls on CPU %d", op->name, ent->name,
			     expect, bad, cfg.batch, cpu);
			return;
		}
		if (val[0] < 0) {
			fail("clock %s: reading the counters failed on CPU %d",
			     cfg.clock->name, cpu);
			return;
		}
		if (w->noise.cpu0 != cpu || sched_getcpu() != cpu)
			migr = migr ? migr : 1;
		for (m = 0; m < cfg.nmetrics; m++)
			val[m] /= cfg.batch;	/* per call */
		row.seq = seq;
		row.ctxsw = ctxsw;
		row.migr = migr;
		results_write_sample(res, &row);
		summary_add(cpu_idx, e, o, cur_vidx, ctxsw || migr, val[0],
			    val[cfg.nmetrics - 1]);
		if (!ctxsw && !migr) {
			if (cfg.resolve) {
				if (bn == w->bcap) {
					w->bcap = w->bcap ? 2 * w->bcap : 4096;
					w->bbuf = realloc(w->bbuf, w->bcap *
							  sizeof(double));
					if (!w->bbuf)
						die(EXIT_RUNTIME,
						    "out of memory");
				}
				w->bbuf[bn++] = val[0];
			}
		}
		if (w->leader)
			progress(b, cpu, op, seq);
	}
	if (cfg.resolve && !stopping())
		med_set(cell_index(cpu_idx, e, o), b, cur_vidx, w->bbuf, bn);
}

/* Leader: switch to block b's variant, timed, and record it. */
static void switch_block(unsigned long b)
{
	uint64_t t0, t1;
	int v = block_vidx(b);

	t0 = ns_now();
	if (set_variant(v))
		return;
	t1 = ns_now();
	cur_vidx = v;
	snprintf(cur_variant, sizeof(cur_variant), "%s", cfg.variants[v]);
	results_write_switch(res, b, cur_variant, t1 - t0);
	summary_switch(v, t1 - t0);
}

static int pin(int cpu)
{
	cpu_set_t set;
	int err;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	err = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (err) {
		fail("cannot pin to CPU %d: %s", cpu, strerror(err));
		return -1;
	}
	if (sched_getcpu() != cpu) {
		sched_yield();
		if (sched_getcpu() != cpu) {
			fail("pinned to CPU %d but running on %d", cpu,
			     sched_getcpu());
			return -1;
		}
	}
	return 0;
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	char err[512];
	unsigned long b;
	uint64_t t0 = ns_now();
	int ci, e, o, ready;

	ready = pin(w->cpus[0]) == 0;
	if (ready && cfg.clock->thread_init(&w->clk, &cfg.ccfg, err,
					    sizeof(err))) {
		fail("clock %s: %s", cfg.clock->name, err);
		ready = 0;
	}
	noise_open(&w->noise);
	/* every thread goes through every barrier, stopping or not */
	for (b = 0;; b++) {
		pthread_barrier_wait(&barrier);
		if (w->leader) {
			run_done = run_over(b, t0);
			if (!run_done && cfg.nvariants)
				switch_block(b);
			else if (!run_done)
				read_line(variant_file, cur_variant,
					  sizeof(cur_variant));
			results_writer_flush(res);
		}
		pthread_barrier_wait(&barrier);
		if (run_done)
			break;
		for (ci = 0; ci < w->ncpus; ci++) {
			if (ready && !stopping() && w->ncpus > 1 &&
			    pin(w->cpus[ci]))
				ready = 0;
			for (e = 0; e < cfg.nentries; e++)
				for (o = 0; o < cfg.nops; o++) {
					if (cfg.concurrent)
						pthread_barrier_wait(&barrier);
					if (ready && !stopping())
						cell(w, b, ci, e, o);
				}
		}
	}
	if (w->leader && cfg.resolve && !rsv.why) {
		rsv.why = "stopped";
		rsv.seconds = (ns_now() - t0) / 1e9;
	}
	noise_close(&w->noise);
	if (ready)
		cfg.clock->thread_fini(&w->clk);
	free(w->bbuf);
	return NULL;
}

void run(void)
{
	int nw = cfg.concurrent ? cfg.ncpus : 1, i, err;
	struct worker *w = calloc(nw, sizeof(*w));
	double cells;

	cells = (double)cfg.blocks * cfg.nentries * cfg.nops *
		(cfg.concurrent ? 1 : cfg.ncpus);
	cell_ns = cfg.duration * 1e9 / cells;
	if (cfg.resolve) {
		meds = calloc((size_t)cfg.ncpus * cfg.nentries * cfg.nops,
			      sizeof(*meds));
		if (!meds)
			die(EXIT_RUNTIME, "out of memory");
	}
	pthread_barrier_init(&barrier, NULL, nw);
	for (i = 0; i < nw; i++) {
		w[i].leader = i == 0;
		w[i].cpus = cfg.concurrent ? &cfg.cpus[i] : cfg.cpus;
		w[i].ncpus = cfg.concurrent ? 1 : cfg.ncpus;
	}
	if (!cfg.concurrent) {
		worker_run(&w[0]);
	} else {
		for (i = 0; i < nw; i++) {
			err = pthread_create(&w[i].tid, NULL, worker_run,
					     &w[i]);
			if (err)	/* before any barrier: nobody waits */
				die(EXIT_RUNTIME, "pthread_create: %s",
				    strerror(err));
		}
		for (i = 0; i < nw; i++)
			pthread_join(w[i].tid, NULL);
	}
	free(w);
	if (cfg.progress)
		fprintf(stderr, "\r%60s\r", "");
}

