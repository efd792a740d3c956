// SPDX-License-Identifier: GPL-2.0
/*
 * Night-level check: is tonight's median outside what the baseline nights
 * predict?  Blocks of one boot share that boot's offset (code layout, cache
 * colouring, ASLR), so a test whose runs are tonight's blocks sees a
 * too-tight tonight and calls ordinary night-to-night noise a difference.
 * The unit here is the night: with the baseline nights' medians m_1..m_n
 * (mean M, sd S), a new night's median from the same population lies below
 *	M + t(1 - alpha, n - 1) * S * sqrt(1 + 1/n)
 * with probability 1 - alpha (one-sided prediction interval for one new
 * observation; NIST/SEMATECH e-Handbook of Statistical Methods, sec. 7.2.2;
 * Hahn & Meeker, Statistical Intervals, 1991, ch. 4).
 */
#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "prediction.h"

int prediction_upper(const double *base, size_t n, double x, double confidence,
		     struct prediction *p)
{
	double se;

	if (n < 2 || !(confidence > 50 && confidence < 100))
		return -1;
	p->n = n;
	p->mean = gsl_stats_mean(base, 1, n);
	p->sd = gsl_stats_sd_m(base, 1, n, p->mean);
	se = p->sd * sqrt(1.0 + 1.0 / (double)n);
	p->bound = p->mean + gsl_cdf_tdist_Qinv(1.0 - confidence / 100.0,
						 (double)(n - 1)) * se;
	if (se > 0)
		p->p = gsl_cdf_tdist_Q((x - p->mean) / se, (double)(n - 1));
	else
		p->p = x > p->mean ? 0.0 : 1.0;	/* no spread: any excess is real */
	p->diff_pct = (x - p->mean) / p->mean * 100.0;
	p->bound_pct = (p->bound - p->mean) / p->mean * 100.0;
	return 0;
}
