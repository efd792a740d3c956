// SPDX-License-Identifier: GPL-2.0
/*
 * The sign test on pairs, with the median difference and its
 * distribution-free interval: of the n pairs with B != A, how many have
 * B > A (exact binomial, R's binom.test(k, n)); the estimate is the median
 * of the differences B - A and its interval the order-statistic one of
 * median-ci.h (the inversion of the sign test).  It assumes neither
 * normality nor symmetry of the differences (the signed-rank test assumes
 * symmetry): only that pairs are independent.  Shown beside every paired
 * verdict.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MATHLIB_STANDALONE
#include <Rmath.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "bs.h"
#include "median-ci.h"
#include "method-common.h"

static int sign_test(const double *a, size_t na, const double *b, size_t nb,
		     const struct method_opts *o, struct method_result *r)
{
	double *d;
	size_t i, pos = 0, neg = 0;

	memset(r, 0, sizeof(*r));
	if (na != nb)
		return method_fail(r, "the sign test needs pairs (as many A as B)");
	if (na < 2)
		return method_fail(r, "need at least 2 pairs");
	d = malloc(na * sizeof(*d));
	if (!d)
		return method_fail(r, "out of memory");
	for (i = 0; i < na; i++) {
		d[i] = b[i] - a[i];
		pos += d[i] > 0;
		neg += d[i] < 0;
	}
	gsl_sort(d, 1, na);
	r->diff = gsl_stats_median_from_sorted_data(d, 1, na);
	median_ci(d, na, o->conf, &r->lo, &r->hi, &r->achieved_conf);
	free(d);
	r->stat = pos;
	r->n = pos + neg;
	/* two-sided exact p of a symmetric binomial: twice the smaller tail */
	r->p = r->n ? fmin(1, 2 * pbinom(fmin(pos, neg), r->n, 0.5, 1, 0)) : 1;
	r->valid = 1;
	return 0;
}

static void sign_text(FILE *f, const struct method_result *r,
		      const struct method_opts *o)
{
	char p[32];

	format_p(p, sizeof(p), r->p);
	fprintf(f, "sign test: %g of %zu pairs B > A, %s; median difference %+g ", r->stat,
		r->n, p, r->diff);
	if (isfinite(r->lo))
		fprintf(f, "[%g, %g] (%.3g%%, order statistics)", r->lo, r->hi,
			r->achieved_conf * 100);
	else
		fprintf(f, "(too few pairs for a %.3g%% interval)", o->conf * 100);
}

static void sign_json(FILE *f, const struct method_result *r,
		      const struct method_opts *o)
{
	(void)o;
	fprintf(f, "\"positive\": %g, \"nonzero\": %zu, ", r->stat, r->n);
	json_kv(f, "p", r->p, 1);
	json_kv(f, "median_diff", r->diff, 1);
	json_ci(f, "ci", r->lo, r->hi);
	json_kv(f, "achieved_confidence", r->achieved_conf * 100, 0);
}

const struct stat_method method_sign = {
	.name = "sign",
	.json_key = "sign_test",
	.title = "sign test",
	.estimates = "the median of the paired differences B - A (interval: order statistics)",
	.design = METHOD_PAIRED,
	.beside = 1,
	.run = sign_test,
	.text = sign_text,
	.json = sign_json,
};
