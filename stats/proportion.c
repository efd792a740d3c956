// SPDX-License-Identifier: GPL-2.0
/*
 * The Wilson score interval of a proportion k/n (Wilson 1927): what R's
 * prop.test(k, n, correct = FALSE)$conf.int gives.  Unlike the Wald
 * interval p -/+ z sqrt(p(1-p)/n) it stays inside [0, 1] and covers well
 * at k = 0 or k = n, the usual case for a false-positive count.
 * bench-stat --rate prints it (calibration's false-positive rate, power
 * and coverage).
 */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "bs.h"

int wilson_interval(unsigned long k, unsigned long n, double conf,
		    double *lo, double *hi)
{
	double z, z2, p, centre, half, den;

	if (!n || k > n || !(conf > 0 && conf < 1))
		return -1;
	z = gsl_cdf_ugaussian_Qinv((1 - conf) / 2);
	z2 = z * z;
	p = (double)k / n;
	den = 1 + z2 / n;
	centre = (p + z2 / (2.0 * n)) / den;
	half = z / den * sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
	*lo = k == 0 ? 0 : fmax(0, centre - half);
	*hi = k == n ? 1 : fmin(1, centre + half);
	return 0;
}
