// SPDX-License-Identifier: GPL-2.0
/*
 * Effect size, achieved power, minimum detectable difference, sample size
 * and the Holm step-down correction.
 *
 * Power uses the usual shifted-central-t approximation of the noncentral t
 * (GSL has no noncentral t): P(T > tc - ncp) + P(T < -tc - ncp).
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "bs.h"

/* Hedges' g: Cohen's d with the pooled SD, times the small-sample factor. */
double hedges_g(const double *a, size_t na, const double *b, size_t nb)
{
	double ma, mb, va, vb, sp, j;

	if (na < 2 || nb < 2)
		return 0;
	ma = gsl_stats_mean(a, 1, na);
	mb = gsl_stats_mean(b, 1, nb);
	va = gsl_stats_variance_m(a, 1, na, ma);
	vb = gsl_stats_variance_m(b, 1, nb, mb);
	sp = sqrt(((na - 1) * va + (nb - 1) * vb) / (na + nb - 2));
	if (sp <= 0)
		return 0;
	j = 1 - 3 / (4.0 * (na + nb - 2) - 1);
	return (mb - ma) / sp * j;
}

double achieved_power(double diff, double se, double df, double alpha)
{
	double tc, ncp;

	if (se <= 0 || df <= 0)
		return diff != 0 ? 1 : alpha;
	tc = gsl_cdf_tdist_Qinv(alpha / 2, df);
	ncp = fabs(diff) / se;
	return gsl_cdf_tdist_Q(tc - ncp, df) + gsl_cdf_tdist_P(-tc - ncp, df);
}

/* Smallest true difference found with probability `power` at this se. */
double min_detectable_diff(double se, double df, double alpha, double power)
{
	if (se <= 0 || df <= 0)
		return 0;
	return (gsl_cdf_tdist_Qinv(alpha / 2, df) +
		gsl_cdf_tdist_Pinv(power, df)) * se;
}

/*
 * Units (runs or samples) needed per side to detect a difference of delta
 * with the given power, for per-unit SDs sa and sb; t quantiles, iterated
 * from the normal answer because the df depend on n.
 */
double runs_needed(double sa, double sb, double delta, double alpha,
		   double power)
{
	double var = sa * sa + sb * sb, n, k;
	int i;

	if (delta <= 0)
		return 0;
	k = gsl_cdf_ugaussian_Qinv(alpha / 2) + gsl_cdf_ugaussian_Pinv(power);
	n = k * k * var / (delta * delta);
	for (i = 0; i < 4; i++) {
		double df = 2 * (n < 2 ? 2 : n) - 2;

		k = gsl_cdf_tdist_Qinv(alpha / 2, df) +
		    gsl_cdf_tdist_Pinv(power, df);
		n = k * k * var / (delta * delta);
	}
	n = ceil(n);
	return n < 2 ? 2 : n;
}

/* Holm step-down: p_(i) * (m - i), made monotone, capped at 1. */
void holm_adjust(const double *p, size_t m, double *out)
{
	size_t *idx = malloc((m ? m : 1) * sizeof(*idx)), i;
	double run = 0;

	if (!idx) {
		for (i = 0; i < m; i++)
			out[i] = 1;	/* be conservative, never optimistic */
		return;
	}
	gsl_sort_index(idx, p, 1, m);
	for (i = 0; i < m; i++) {
		double v = p[idx[i]] * (m - i);

		if (v > 1)
			v = 1;
		if (v < run)
			v = run;
		run = v;
		out[idx[i]] = v;
	}
	free(idx);
}
