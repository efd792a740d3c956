// SPDX-License-Identifier: GPL-2.0
/*
 * The median's confidence interval by order statistics (median-ci.h),
 * with libRmath's pbinom/qbinom: the same numbers R computes.
 */
#include <math.h>

#define MATHLIB_STANDALONE
#include <Rmath.h>

#include "median-ci.h"

/* P(B <= k - 1), B ~ Binomial(n, 1/2): the chance x_(k) lies above the median */
static double below(size_t k, size_t n)
{
	return k ? pbinom((double)k - 1, (double)n, 0.5, 1, 0) : 0;
}

int median_ci_ranks(size_t n, double conf, size_t *lo, size_t *hi,
		    double *achieved)
{
	/* dyadic P never equals a decimal alpha / 2; the fuzz is for conf = 50% */
	double half = (1 - conf) / 2 * (1 + 1e-12);
	size_t r;

	*lo = *hi = 0;
	*achieved = n ? 1 - 2 * below(1, n) : 0;
	if (!n || !(conf > 0 && conf < 1) || below(1, n) > half)
		return -1;
	/* qbinom: the smallest x with P(B <= x) >= alpha / 2; lo is x or x + 1 */
	r = (size_t)qbinom((1 - conf) / 2, (double)n, 0.5, 1, 0) + 1;
	if (r > (n + 1) / 2)
		r = (n + 1) / 2;
	while (r > 1 && below(r, n) > half)
		r--;
	while (r < (n + 1) / 2 && below(r + 1, n) <= half)
		r++;
	*lo = r;
	*hi = n + 1 - r;
	*achieved = 1 - 2 * below(r, n);
	return 0;
}

int median_ci(const double *sorted, size_t n, double conf, double *lo,
	      double *hi, double *achieved)
{
	size_t rl, rh;

	if (median_ci_ranks(n, conf, &rl, &rh, achieved)) {
		*lo = *hi = NAN;
		return -1;
	}
	*lo = sorted[rl - 1];
	*hi = sorted[rh - 1];
	return 0;
}
