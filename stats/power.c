// SPDX-License-Identifier: GPL-2.0
/*
 * Effect size, achieved power, minimum detectable difference, sample size
 * and the Holm step-down correction.
 *
 * Power is the exact noncentral t of the design's own degrees of freedom
 * (libRmath's pnt, R's standalone maths library): with few runs, the
 * common case, a normal or shifted-central approximation is far off
 * (2 vs 2 runs: 0.057 against R's power.t.test(strict = TRUE) 0.215).
 * The formulas are those of power.t.test(strict = TRUE): power =
 * P(T' > tc) + P(T' < -tc), T' noncentral t with ncp = |diff| / se and
 * tc the central t quantile; a two-sample design of n per side has
 * df = 2n - 2, a paired one of n pairs df = n - 1.
 */
#include <math.h>
#include <stdlib.h>

#define MATHLIB_STANDALONE
#include <Rmath.h>

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

/* Power at noncentrality ncp >= 0 (two-sided test at alpha, df). */
static double power_ncp(double ncp, double df, double alpha)
{
	double tc = gsl_cdf_tdist_Qinv(alpha / 2, df);

	return pnt(tc, df, ncp, 0, 0) + pnt(-tc, df, ncp, 1, 0);
}

double achieved_power(double diff, double se, double df, double alpha)
{
	if (se <= 0 || df <= 0)
		return diff != 0 ? 1 : alpha;
	return power_ncp(fabs(diff) / se, df, alpha);
}

/*
 * Smallest true difference found with probability `power` at this se:
 * the ncp where the power reaches it (the power rises with ncp), by
 * bisection to 1e-10 relative, times se.
 */
double min_detectable_diff(double se, double df, double alpha, double power)
{
	double lo = 0, hi = 1;
	int i;

	if (se <= 0 || df <= 0)
		return 0;
	if (power <= alpha)
		return 0;
	while (power_ncp(hi, df, alpha) < power && hi < 1e6)
		hi *= 2;
	for (i = 0; i < 200 && hi - lo > 1e-10 * hi; i++) {
		double mid = (lo + hi) / 2;

		if (power_ncp(mid, df, alpha) < power)
			lo = mid;
		else
			hi = mid;
	}
	return hi * se;
}

/*
 * Smallest n (>= 2) whose power reaches `power` when the difference's
 * standard error is unit_sd / sqrt(n) on df(n) = n * df_per - df_less
 * degrees of freedom: doubling, then bisection over integers.
 */
static double n_needed(double unit_sd, double delta, double alpha,
		       double power, double df_per, double df_less)
{
	double lo = 1, hi = 2;

#define POWER_AT(n) power_ncp(delta / (unit_sd / sqrt(n)), (n) * df_per - df_less, alpha)
	if (delta <= 0 || !(unit_sd > 0))
		return delta > 0 ? 2 : 0;
	while (POWER_AT(hi) < power) {
		lo = hi;
		hi *= 2;
		if (hi > 1e12)
			return INFINITY;
	}
	while (hi - lo > 1) {
		double mid = floor((lo + hi) / 2);

		if (POWER_AT(mid) < power)
			lo = mid;
		else
			hi = mid;
	}
#undef POWER_AT
	return hi;
}

/*
 * Runs per side to detect delta with the given power, two independent
 * samples of per-run SDs sa and sb (df 2n - 2, as power.t.test).
 */
double runs_needed(double sa, double sb, double delta, double alpha,
		   double power)
{
	return n_needed(sqrt(sa * sa + sb * sb), delta, alpha, power, 2, 2);
}

/* Pairs to detect delta, differences of SD sd_d (df n - 1). */
double pairs_needed(double sd_d, double delta, double alpha, double power)
{
	return n_needed(sd_d, delta, alpha, power, 1, 1);
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
