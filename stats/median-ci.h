/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The confidence interval of a median: distribution-free, by order
 * statistics with exact binomial ranks.  The one median CI of the suite:
 * bench-stat's --json and --dump, bench-plot's bars and nightly's history
 * all take it from here.
 */
#ifndef MEDIAN_CI_H
#define MEDIAN_CI_H

#include <stddef.h>

/**
 * median_ci_ranks() - the ranks of the median's confidence interval
 * @n:        number of observations
 * @conf:     confidence level, e.g. 0.95
 * @lo, @hi:  1-based ranks: the interval is [x_(lo), x_(hi)], hi = n + 1 - lo
 * @achieved: the coverage of [x_(lo), x_(hi)] for continuous data,
 *            1 - 2 P(B <= lo - 1), B ~ Binomial(n, 1/2)
 *
 * lo is the largest r with P(B <= r - 1) <= (1 - conf) / 2: the narrowest
 * symmetric interval whose coverage is at least conf (the inversion of the
 * sign test; Hollander, Wolfe & Chicken, "Nonparametric Statistical
 * Methods", 3rd ed., section 3.6).  In R:
 *   k <- 0:n; lo <- max(k[pbinom(k - 1, n, 0.5) <= (1 - conf) / 2])
 * (n = 100, 95%: ranks 40..61; n = 25: 8..18).
 *
 * Return: 0, or -1 when no such interval exists (n = 0, or even
 * [x_(1), x_(n)] covers less than conf: n < 6 at 95%); then *lo = *hi = 0
 * and *achieved is the coverage of [x_(1), x_(n)] (0 when n = 0).
 */
int median_ci_ranks(size_t n, double conf, size_t *lo, size_t *hi,
		    double *achieved);

/**
 * median_ci() - the median's confidence interval of sorted data
 * @sorted:   n values, ascending
 * Return: 0 with [*lo, *hi], or -1 (no interval at this level: both NAN).
 */
int median_ci(const double *sorted, size_t n, double conf, double *lo,
	      double *hi, double *achieved);

#endif
