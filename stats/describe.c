// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptive statistics of one cell of one side, and its run-level
 * summary: the median of each run.  Runs are what the verdict is judged on
 * when there are several, because samples within one run share drift,
 * frequency and cache state and are not independent.
 */
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "bs.h"

static double q(const double *sorted, size_t n, double p)
{
	return gsl_stats_quantile_from_sorted_data(sorted, 1, n, p);
}

/* Run key of sample i: the file, or the (file, block) pair. */
static size_t run_key(const struct side *s, const struct cell *c, size_t i)
{
	return s->mode == RUN_BY_FILE ? s->runs[c->rid[i]].file : c->rid[i];
}

struct kv {
	size_t k;
	double v;
	size_t rid;
};

static int kv_cmp(const void *x, const void *y)
{
	const struct kv *a = x, *b = y;

	if (a->k != b->k)
		return a->k < b->k ? -1 : 1;
	return a->v < b->v ? -1 : a->v > b->v;
}

/*
 * Median of each run: sort (run, value) pairs, O(n log n) in the cell's
 * samples whatever the number of runs or cells in the side.
 */
static int run_medians(const struct side *s, const struct cell *c,
		       struct summary *sm)
{
	struct kv *kv = malloc((c->n ? c->n : 1) * sizeof(*kv));
	double *v = malloc((c->n ? c->n : 1) * sizeof(*v));
	size_t i, j, r = 0;

	sm->run_medians = malloc((c->n ? c->n : 1) * sizeof(double));
	sm->run_file = malloc((c->n ? c->n : 1) * sizeof(*sm->run_file));
	sm->run_block = malloc((c->n ? c->n : 1) * sizeof(*sm->run_block));
	sm->run_fidx = malloc((c->n ? c->n : 1) * sizeof(*sm->run_fidx));
	if (!kv || !v || !sm->run_medians || !sm->run_file || !sm->run_block ||
	    !sm->run_fidx) {
		free(kv);
		free(v);
		return -1;
	}
	for (i = 0; i < c->n; i++) {
		kv[i].k = run_key(s, c, i);
		kv[i].v = c->v[i];
		kv[i].rid = c->rid[i];
	}
	qsort(kv, c->n, sizeof(*kv), kv_cmp);
	for (i = 0; i < c->n; i = j) {
		for (j = i; j < c->n && kv[j].k == kv[i].k; j++)
			v[j - i] = kv[j].v;
		sm->run_file[r] = s->files ? s->files[s->runs[kv[i].rid].file] : "";
		sm->run_fidx[r] = s->runs[kv[i].rid].file;
		sm->run_block[r] = s->mode == RUN_BY_FILE ? -1 : s->runs[kv[i].rid].block;
		sm->run_medians[r++] = gsl_stats_median_from_sorted_data(v, 1, j - i);
	}
	sm->runs = r;
	sm->run_spread = r > 1 ? gsl_stats_sd(sm->run_medians, 1, r) : 0;
	free(kv);
	free(v);
	return 0;
}

int summarize(const struct side *s, const struct cell *c, struct summary *sm)
{
	size_t n = c->n;
	double *x;

	memset(sm, 0, sizeof(*sm));
	sm->side = s;
	sm->n = n;
	sm->dropped = c->dropped;
	x = malloc((n ? n : 1) * sizeof(*x));
	if (!x)
		return -1;
	if (n)
		memcpy(x, c->v, n * sizeof(*x));
	sm->sorted = x;
	if (run_medians(s, c, sm))
		return -1;
	if (!n)
		return 0;
	gsl_sort(x, 1, n);
	sm->min = x[0];
	sm->max = x[n - 1];
	sm->median = gsl_stats_median_from_sorted_data(x, 1, n);
	sm->mean = gsl_stats_mean(x, 1, n);
	sm->stddev = n > 1 ? gsl_stats_sd_m(x, 1, n, sm->mean) : 0;
	/* top and bottom octiles removed */
	sm->trmean = gsl_stats_trmean_from_sorted_data(0.125, x, 1, n);
	sm->p5 = q(x, n, 0.05);
	sm->p25 = q(x, n, 0.25);
	sm->p75 = q(x, n, 0.75);
	sm->p95 = q(x, n, 0.95);
	sm->p99 = q(x, n, 0.99);
	return 0;
}

void summary_free(struct summary *sm)
{
	free(sm->sorted);
	free(sm->run_medians);
	free(sm->run_file);
	free(sm->run_block);
	free(sm->run_fidx);
	memset(sm, 0, sizeof(*sm));
}
