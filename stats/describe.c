// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptive statistics of one cell of one side, and its run-level
 * summary: the median of each run.  Runs are what the verdict is judged on
 * when there are several, because samples within one run share drift,
 * frequency and cache state and are not independent.
 */
#include <math.h>
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

/*
 * Group sizes, sums and means for ids 0..max-1 (ids are dense small
 * integers: run ids, file indices).
 */
struct groups {
	size_t *n;
	double *sum, *mean;
	size_t max;
};

static int groups_make(struct groups *g, const size_t *id, const double *y,
		       size_t n)
{
	size_t i;

	g->max = 0;
	for (i = 0; i < n; i++)
		if (id[i] + 1 > g->max)
			g->max = id[i] + 1;
	g->n = calloc(g->max + 1, sizeof(*g->n));
	g->sum = calloc(g->max + 1, sizeof(*g->sum));
	g->mean = calloc(g->max + 1, sizeof(*g->mean));
	if (!g->n || !g->sum || !g->mean)
		return -1;
	for (i = 0; i < n; i++) {
		g->n[id[i]]++;
		g->sum[id[i]] += y[i];
	}
	for (i = 0; i < g->max; i++)
		if (g->n[i])
			g->mean[i] = g->sum[i] / g->n[i];
	return 0;
}

static void groups_free(struct groups *g)
{
	free(g->n);
	free(g->sum);
	free(g->mean);
}

int oneway_components(const double *y, const size_t *g, size_t n, double *ms_b,
		      double *ms_w, double *var_b, double *var_w)
{
	struct groups gr;
	double grand = 0, ssb = 0, ssw = 0, sn2 = 0, n0;
	size_t i, k = 0;

	*ms_b = *ms_w = *var_b = *var_w = NAN;
	if (n < 2 || groups_make(&gr, g, y, n)) {
		if (n >= 2)
			groups_free(&gr);
		return -1;
	}
	for (i = 0; i < n; i++)
		grand += y[i];
	grand /= n;
	for (i = 0; i < gr.max; i++)
		if (gr.n[i]) {
			k++;
			ssb += gr.n[i] * (gr.mean[i] - grand) * (gr.mean[i] - grand);
			sn2 += (double)gr.n[i] * gr.n[i];
		}
	for (i = 0; i < n; i++)
		ssw += (y[i] - gr.mean[g[i]]) * (y[i] - gr.mean[g[i]]);
	groups_free(&gr);
	if (k < 2 || n <= k)
		return -1;
	*ms_b = ssb / (k - 1);
	*ms_w = ssw / (n - k);
	n0 = (n - sn2 / n) / (k - 1);
	*var_w = *ms_w;
	*var_b = fmax(0, (*ms_b - *ms_w) / n0);
	return 0;
}

/*
 * Nested: boot[i] and block[i] (block ids unique across boots).  Sums of
 * squares as R's anova(lm(y ~ boot / block)); expected mean squares
 *   E MS_within = s2_w
 *   E MS_block  = s2_w + c1 s2_block
 *   E MS_boot   = s2_w + c2 s2_block + c3 s2_boot
 * c1 = (N - sum_ij n_ij^2 / n_i) / df_block,
 * c2 = (sum_ij n_ij^2 / n_i - sum_ij n_ij^2 / N) / df_boot,
 * c3 = (N - sum_i n_i^2 / N) / df_boot (all n in the balanced case).
 */
int nested_components(const double *y, const size_t *boot, const size_t *block,
		      size_t n, struct varcomp *vc)
{
	struct groups gb, gk;
	size_t *bk_boot, i, nb = 0, nk = 0;
	double grand = 0, ssb = 0, ssk = 0, ssw = 0, s_nij2_ni = 0, s_nij2 = 0,
	       s_ni2 = 0, c1, c2, c3;

	memset(vc, 0, sizeof(*vc));
	vc->boot = vc->block = vc->within = NAN;
	if (n < 2)
		return -1;
	if (groups_make(&gb, boot, y, n))
		return -1;
	if (groups_make(&gk, block, y, n)) {
		groups_free(&gb);
		return -1;
	}
	bk_boot = calloc(gk.max + 1, sizeof(*bk_boot));
	if (!bk_boot) {
		groups_free(&gb);
		groups_free(&gk);
		return -1;
	}
	for (i = 0; i < n; i++) {
		grand += y[i];
		bk_boot[block[i]] = boot[i];
	}
	grand /= n;
	for (i = 0; i < gb.max; i++)
		if (gb.n[i]) {
			nb++;
			ssb += gb.n[i] * (gb.mean[i] - grand) * (gb.mean[i] - grand);
			s_ni2 += (double)gb.n[i] * gb.n[i];
		}
	for (i = 0; i < gk.max; i++)
		if (gk.n[i]) {
			double d = gk.mean[i] - gb.mean[bk_boot[i]];

			nk++;
			ssk += gk.n[i] * d * d;
			s_nij2 += (double)gk.n[i] * gk.n[i];
			s_nij2_ni += (double)gk.n[i] * gk.n[i] / gb.n[bk_boot[i]];
		}
	for (i = 0; i < n; i++)
		ssw += (y[i] - gk.mean[block[i]]) * (y[i] - gk.mean[block[i]]);
	groups_free(&gb);
	groups_free(&gk);
	free(bk_boot);
	vc->boots = nb;
	vc->blocks = nk;
	vc->df_boot = nb - 1.0;
	vc->df_block = (double)nk - nb;
	vc->df_within = (double)n - nk;
	if (vc->df_block < 1 || vc->df_within < 1)
		return -1;
	vc->ms_block = ssk / vc->df_block;
	vc->ms_within = ssw / vc->df_within;
	c1 = (n - s_nij2_ni) / vc->df_block;
	vc->within = vc->ms_within;
	vc->block = fmax(0, (vc->ms_block - vc->ms_within) / c1);
	vc->ms_boot = NAN;
	if (nb >= 2) {
		vc->ms_boot = ssb / vc->df_boot;
		c2 = (s_nij2_ni - s_nij2 / n) / vc->df_boot;
		c3 = (n - s_ni2 / n) / vc->df_boot;
		vc->boot = fmax(0, (vc->ms_boot - vc->ms_within -
				    c2 * (vc->ms_block - vc->ms_within) / c1) / c3);
	}
	vc->ok = 1;
	return 0;
}

/* The cell's samples by (file, block): its variance components. */
static void cell_components(const struct side *s, const struct cell *c,
			    struct varcomp *vc)
{
	size_t *boot = malloc((c->n ? c->n : 1) * sizeof(*boot));
	size_t *block = malloc((c->n ? c->n : 1) * sizeof(*block));
	size_t i;

	memset(vc, 0, sizeof(*vc));
	if (boot && block && s->runs) {
		for (i = 0; i < c->n; i++) {
			boot[i] = s->runs[c->rid[i]].file;
			block[i] = c->rid[i];
		}
		nested_components(c->v, boot, block, c->n, vc);
	}
	free(boot);
	free(block);
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
	if (!s->plain)
		cell_components(s, c, &sm->vc);
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
