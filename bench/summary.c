// SPDX-License-Identifier: GPL-2.0
/*
 * bench-syscall's summary, printed at the end of a run: per cell and
 * variant the undisturbed samples' n, median, mean, sd and min (per call),
 * how long the variant switches took, and how --resolve ended.  It is a
 * first look; bench-stat is the authority on every number.
 *
 * Its memory is bounded whatever the number of samples (driver.h): a
 * tally keeps GSL's running statistics (gsl_rstat: n, mean, sd, min and
 * the P-square median estimate) always, and the values themselves only up
 * to a cap, for an exact median while they fit.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "../stats/sequential.h"

#ifndef NO_GSL
#include <gsl/gsl_rstat.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#else
#include "nogsl.h"
#endif

/* One series of values in bounded space. */
struct tally {
	gsl_rstat_workspace *rs;	/* every value */
	double *v;			/* the values, while n <= exact_cap */
	size_t n, cap;
	double max;
};

/* One cell and variant: the primary and the ns metric of its samples. */
struct cellstat {
	struct tally prim, ns;
	unsigned long disturbed, total;
};

static struct cellstat *stats;
static size_t nstats, exact_cap;
static struct tally *switches;		/* per variant switched to */
static size_t held;			/* bytes of values held */

static void tally_add(struct tally *t, double x)
{
	if (!t->rs) {
		t->rs = gsl_rstat_alloc();
		if (!t->rs)
			die(EXIT_RUNTIME, "out of memory");
		t->max = x;
	}
	gsl_rstat_add(x, t->rs);
	if (x > t->max)
		t->max = x;
	if (t->n == exact_cap) {	/* from here on: running statistics */
		free(t->v);
		held -= t->cap * sizeof(double);
		t->v = NULL;
		t->cap = 0;
		t->n++;
	}
	if (t->n > exact_cap)
		return;
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 1024;

		if (cap > exact_cap)
			cap = exact_cap;
		t->v = realloc(t->v, cap * sizeof(double));
		if (!t->v)
			die(EXIT_RUNTIME, "out of memory");
		held += (cap - t->cap) * sizeof(double);
		t->cap = cap;
	}
	t->v[t->n++] = x;
}

/* the exact median while the values are kept, else P-square's estimate */
static double tally_median(struct tally *t, int *exact)
{
	*exact = t->v != NULL || t->n == 0;
	if (!t->rs)
		return NAN;
	if (!t->v)
		return gsl_rstat_median(t->rs);
	gsl_sort(t->v, 1, t->n);
	return gsl_stats_median_from_sorted_data(t->v, 1, t->n);
}

static struct cellstat *cell_stat(int cpu_idx, int e, int o, int v)
{
	int nv = cfg.nvariants ? cfg.nvariants : 1;

	return &stats[cell_index(cpu_idx, e, o) * nv + v];
}

void summary_init(void)
{
	size_t nv = cfg.nvariants ? cfg.nvariants : 1;

	held = 0;
	nstats = (size_t)cfg.ncpus * cfg.nentries * cfg.nops * nv;
	stats = calloc(nstats, sizeof(*stats));
	switches = calloc(nv, sizeof(*switches));
	if (!stats || !switches)
		die(EXIT_RUNTIME, "out of memory");
	/* two series per cell, one per variant's switches */
	exact_cap = SUMMARY_EXACT_BUDGET / sizeof(double) / (2 * nstats + nv);
	if (exact_cap > SUMMARY_EXACT_CAP)
		exact_cap = SUMMARY_EXACT_CAP;
}

size_t summary_exact_cap(void)
{
	return exact_cap;
}

size_t summary_bytes(void)
{
	return held;
}

void summary_add(int cpu_idx, int e, int o, int v, int disturbed,
		 double prim, double ns)
{
	struct cellstat *s = cell_stat(cpu_idx, e, o, v);

	s->total++;
	if (disturbed) {
		s->disturbed++;
		return;
	}
	tally_add(&s->prim, prim);
	tally_add(&s->ns, ns);
}

void summary_switch(int v, double ns)
{
	tally_add(&switches[v], ns);
}

/* How long the switches took, per variant switched to. */
static void switch_summary(FILE *f)
{
	int k, exact, any = 0;
	double med;

	for (k = 0; k < cfg.nvariants; k++)
		any |= switches[k].rs != NULL;
	if (!any)
		return;
	fprintf(f, "switch to %-12s %8s %12s %12s   (wall ns of the %s)\n",
		"variant", "n", "median", "max", cfg.pad_variants ?
		"pad change" : "sysfs write and read-back");
	for (k = 0; k < cfg.nvariants; k++) {
		struct tally *t = &switches[k];

		if (!t->rs)
			continue;
		med = tally_median(t, &exact);
		fprintf(f, "switch to %-12s %8zu %12.0f%s%12.0f\n",
			cfg.variants[k], gsl_rstat_n(t->rs), med,
			exact ? " " : "~", t->max);
	}
}

/* --resolve: how it ended, and every interval it stopped on. */
static void resolve_summary(FILE *f)
{
	int nv = cfg.nvariants, ci, e, o, v;
	size_t rounds = rsv.rounds, n, r, nl;
	double *d = malloc((rounds + 1) * sizeof(double));
	double *lv = malloc((rounds + 1) * sizeof(double));
	struct seq_interval si;

	if (!cfg.resolve || !d || !lv || !meds) {
		free(d);
		free(lv);
		return;
	}
	fprintf(f, "resolve: %s after %zu rounds, %.1f s (target %g%s, "
		"alpha %g, n_opt %.0f); anytime-valid intervals of the "
		"per-round differences of block medians:\n",
		rsv.resolved ? "resolved" : !strcmp(rsv.why, "budget") ?
		"NOT resolved, budget spent" : "NOT resolved, stopped",
		rounds, rsv.seconds, cfg.target, cfg.target_pct ? "%" :
		cfg.units[0], cfg.alpha, cfg.n_opt);
	for (ci = 0; ci < cfg.ncpus; ci++)
		for (e = 0; e < cfg.nentries; e++)
			for (o = 0; o < cfg.nops; o++) {
	struct cellmed *cm = &meds[cell_index(ci, e, o)];
	double level = NAN;

	if (cm->cap < rounds * nv)
		continue;
	for (nl = 0, r = 0; r < rounds; r++)
		if (!isnan(cm->m[r * nv]))
			lv[nl++] = cm->m[r * nv];
	if (nl) {
		gsl_sort(lv, 1, nl);
		level = gsl_stats_median_from_sorted_data(lv, 1, nl);
	}
	for (v = 1; v < nv; v++) {
		for (n = 0, r = 0; r < rounds; r++)
			if (!isnan(cm->m[r * nv + v - 1]) &&
			    !isnan(cm->m[r * nv + v]))
				d[n++] = cm->m[r * nv + v] - cm->m[r * nv + v - 1];
		if (seq_interval(d, n, cfg.alpha, cfg.n_opt, &si)) {
			fprintf(f, "  cpu %d %s %s %s - %s: %zu rounds, too few\n",
				cfg.cpus[ci], cfg.entries[e]->name,
				cfg.ops[o]->name, cfg.variants[v],
				cfg.variants[v - 1], n);
			continue;
		}
		fprintf(f, "  cpu %d %s %s %s - %s: %+.3f +/- %.3f %s "
			"(%+.2f%% +/- %.2f%%), %zu rounds\n", cfg.cpus[ci],
			cfg.entries[e]->name, cfg.ops[o]->name, cfg.variants[v],
			cfg.variants[v - 1], si.mean, si.half, cfg.units[0],
			100 * si.mean / level, 100 * si.half / level, n);
	}
			}
	free(d);
	free(lv);
}

void summary(FILE *f)
{
	int ci, e, o, v, nv = cfg.nvariants ? cfg.nvariants : 1, approx = 0;
	const char *unit = cfg.units[0];
	int two = strcmp(unit, "ns") != 0;

	fprintf(f, "%-4s %-8s %-12s %-8s %7s %5s %10s %10s %9s %10s", "cpu",
		"entry", "syscall", "variant", "n", "dist", "median", "mean",
		"stddev", "min");
	if (two)
		fprintf(f, " %9s %9s %8s %9s", "median", "mean", "stddev",
			"min");
	fprintf(f, "\n%-4s %-8s %-12s %-8s %7s %5s %43s", "", "", "", "", "",
		"", unit);
	if (two)
		fprintf(f, " %38s", "ns");
	fprintf(f, "\n");
	for (ci = 0; ci < cfg.ncpus; ci++)
		for (e = 0; e < cfg.nentries; e++)
			for (o = 0; o < cfg.nops; o++)
				for (v = 0; v < nv; v++) {
	struct cellstat *s = cell_stat(ci, e, o, v);
	struct tally *t[2] = { &s->prim, &s->ns };
	size_t n = t[0]->rs ? gsl_rstat_n(t[0]->rs) : 0;
	int k, exact;
	double med;

	if (!s->total)
		continue;
	fprintf(f, "%-4d %-8s %-12s %-8s %7zu %5lu", cfg.cpus[ci],
		cfg.entries[e]->name, cfg.ops[o]->name,
		cfg.nvariants ? cfg.variants[v] : cur_variant, n,
		s->disturbed);
	for (k = 0; k < 1 + two && n; k++) {
		med = tally_median(t[k], &exact);
		approx |= !exact;
		fprintf(f, k ? " %9.2f%s%9.2f %8.2f %9.2f" :
			" %10.2f%s%10.2f %9.2f %10.2f", med,
			exact ? " " : "~", gsl_rstat_mean(t[k]->rs),
			n > 1 ? gsl_rstat_sd(t[k]->rs) : 0.0,
			gsl_rstat_min(t[k]->rs));
	}
	fprintf(f, "\n");
				}
	fprintf(f, "(per call; n: undisturbed samples summarized, dist: "
		"samples with a context switch or migration, left out)\n");
	if (approx)
		fprintf(f, "(~: over %zu samples, the median is GSL's running "
			"P-square estimate; bench-stat gives the exact one)\n",
			exact_cap);
	switch_summary(f);
	resolve_summary(f);
}

