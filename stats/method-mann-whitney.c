// SPDX-License-Identifier: GPL-2.0
/*
 * Mann-Whitney U (Wilcoxon rank-sum) test: no normality assumed, robust to
 * the long right tail of latency samples.  Normal approximation with the
 * tie correction of the variance and a continuity correction (as R's
 * wilcox.test(exact = FALSE, correct = TRUE)).  U is the statistic of the
 * first side (A), R's W.  Without ties and with both sides under 50 values
 * the p value is exact (as R does): the null distribution of the rank sum
 * is counted by dynamic programming, a counting problem, not a special
 * function.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "bs.h"
#include "method-common.h"

#define EXACT_MAX 50

/*
 * Exact two-sided p of U for sizes na, nb: ways[k][s] counts the k-subsets
 * of ranks 1..N with rank sum s; U = s - k(k+1)/2.  Counts are doubles
 * (C(98, 49) ~ 2.5e28 fits with a relative error of 1e-16).
 */
static double exact_p(size_t na, size_t nb, double u)
{
	size_t n = na + nb, smax = n * (n + 1) / 2, k, s, i;
	double *w = calloc((na + 1) * (smax + 1), sizeof(*w)), le = 0, ge = 0, tot = 0;
	double p;

	if (!w)
		return -1;
#define W(k, s) w[(k) * (smax + 1) + (s)]
	W(0, 0) = 1;
	for (i = 1; i <= n; i++)
		for (k = i < na ? i : na; k >= 1; k--)
			for (s = smax; s >= i; s--)
				W(k, s) += W(k - 1, s - i);
	for (s = 0; s <= smax; s++) {
		double c = W(na, s), us = (double)s - na * (na + 1) / 2.0;

		if (c == 0)
			continue;
		tot += c;
		if (us <= u)
			le += c;
		if (us >= u)
			ge += c;
	}
#undef W
	free(w);
	p = 2 * (le < ge ? le : ge) / tot;
	return p > 1 ? 1 : p;
}

static int mann_whitney(const double *a, size_t na, const double *b, size_t nb,
			const struct method_opts *o, struct method_result *r)
{
	size_t n = na + nb, i, j, *idx;
	double *x, ranksum = 0, ties = 0, mu, var, z, u, cc;

	(void)o;
	memset(r, 0, sizeof(*r));
	if (!na || !nb)
		return method_fail(r, "need at least 1 value on each side");
	x = malloc(n * sizeof(*x));
	idx = malloc(n * sizeof(*idx));
	if (!x || !idx) {
		free(x);
		free(idx);
		return method_fail(r, "out of memory");
	}
	memcpy(x, a, na * sizeof(*x));
	memcpy(x + na, b, nb * sizeof(*x));
	gsl_sort_index(idx, x, 1, n);
	/* average ranks over runs of ties; ranks are 1-based */
	for (i = 0; i < n; i = j) {
		double t, rank;

		for (j = i + 1; j < n && x[idx[j]] == x[idx[i]]; j++)
			;
		t = j - i;
		rank = (i + 1 + j) / 2.0;
		ties += t * t * t - t;
		for (size_t k = i; k < j; k++)
			if (idx[k] < na)
				ranksum += rank;
	}
	u = ranksum - na * (na + 1) / 2.0;
	mu = na * (double)nb / 2;
	var = na * (double)nb / 12 * ((n + 1) - ties / ((double)n * (n - 1)));
	r->stat = u;
	/* estimate: difference of medians, B - A */
	gsl_sort(x, 1, na);
	gsl_sort(x + na, 1, nb);
	r->diff = gsl_stats_median_from_sorted_data(x + na, 1, nb) -
		  gsl_stats_median_from_sorted_data(x, 1, na);
	r->lo = r->hi = r->diff;
	free(x);
	free(idx);
	if (var <= 0) {		/* every value tied */
		r->p = 1;
		r->valid = 1;
		return 0;
	}
	if (ties == 0 && na < EXACT_MAX && nb < EXACT_MAX) {
		double p = exact_p(na, nb, u);

		if (p >= 0) {
			r->p = p;
			r->df = -1;	/* marks "exact" */
			r->valid = 1;
			return 0;
		}
	}
	cc = u > mu ? 0.5 : u < mu ? -0.5 : 0;
	z = (u - mu - cc) / sqrt(var);
	r->se = sqrt(var);
	r->p = 2 * gsl_cdf_ugaussian_Q(fabs(z));
	if (r->p > 1)
		r->p = 1;
	r->valid = 1;
	return 0;
}

static void mw_text(FILE *f, const struct method_result *r,
		    const struct method_opts *o)
{
	char p[32];

	(void)o;
	format_p(p, sizeof(p), r->p);
	fprintf(f, "Mann-Whitney U=%g %s%s", r->stat, p, r->df < 0 ? " (exact)" : "");
}

static void mw_json(FILE *f, const struct method_result *r,
		    const struct method_opts *o)
{
	(void)o;
	json_kv(f, "u", r->stat, 1);
	json_kv(f, "p", r->p, 1);
	fprintf(f, "\"exact\": %s", r->df < 0 ? "true" : "false");
}

const struct stat_method method_mann_whitney = {
	.name = "mann_whitney",
	.title = "Mann-Whitney U",
	.estimates = "no estimate: the p that B's values are shifted from A's (rank sum)",
	.design = METHOD_TWO_SAMPLE,
	.beside = 1,
	.run = mann_whitney,
	.text = mw_text,
	.json = mw_json,
};
