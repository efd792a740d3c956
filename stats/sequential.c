// SPDX-License-Identifier: GPL-2.0
/*
 * Anytime-valid (time-uniform) intervals: see sequential.h.
 *
 * With rho^2 = (-2 log alpha + log(-2 log alpha + 1)) / n_opt, the
 * two-sided asymptotic confidence sequence for a mean is
 *
 *   mean_n +/- sd_n * sqrt( 2 (n rho^2 + 1) / (n^2 rho^2)
 *                           * log( sqrt(n rho^2 + 1) / alpha ) )
 *
 * (Waudby-Smith et al. 2024, eq. (2.8); the normal-mixture boundary of
 * Robbins 1970 with the sample variance plugged in).  At n = n_opt it is
 * about 1.55 times the fixed-n normal interval (alpha 0.05): the price of looking
 * after every round.
 */
#include <math.h>

#include "sequential.h"

double seq_half_width(double sd, size_t n, double alpha, double n_opt)
{
	double la = -2 * log(alpha), rho2, t = (double)n;

	if (n < 1 || !(alpha > 0 && alpha < 1) || !(n_opt >= 1))
		return NAN;
	rho2 = (la + log(la + 1)) / n_opt;
	return sd * sqrt(2 * (t * rho2 + 1) / (t * t * rho2) *
			 log(sqrt(t * rho2 + 1) / alpha));
}

int seq_interval(const double *d, size_t n, double alpha, double n_opt,
		 struct seq_interval *out)
{
	double mean = 0, m2 = 0, delta;
	size_t i;

	out->n = n;
	out->mean = out->sd = out->half = out->lo = out->hi = NAN;
	if (n < 2)
		return -1;
	/* Welford: stable for the large offsets of cycle counts */
	for (i = 0; i < n; i++) {
		if (!isfinite(d[i]))
			return -1;
		delta = d[i] - mean;
		mean += delta / (double)(i + 1);
		m2 += delta * (d[i] - mean);
	}
	out->mean = mean;
	out->sd = sqrt(m2 / (double)(n - 1));
	out->half = seq_half_width(out->sd, n, alpha, n_opt);
	if (!isfinite(out->half))
		return -1;
	out->lo = mean - out->half;
	out->hi = mean + out->half;
	return 0;
}
