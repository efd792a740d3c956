// SPDX-License-Identifier: GPL-2.0
/*
 * Paired t-test: a[i] and b[i] are one pair, e.g. the full and the fast
 * block of one round of bench-syscall --variants.  It tests the mean of
 * the differences b[i] - a[i] against zero, so whatever moves both blocks
 * of a round together (drift, another tenant, a frequency change) cancels;
 * with alternating blocks that is most of the run-to-run spread.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "bs.h"
#include "method-common.h"

static int paired(const double *a, size_t na, const double *b, size_t nb,
		  const struct method_opts *o, struct method_result *r)
{
	double *d, m, sd;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (na != nb)
		return method_fail(r, "paired test needs the same number of values on each side");
	if (na < 2)
		return method_fail(r, "need at least 2 pairs");
	d = malloc(na * sizeof(*d));
	if (!d)
		return method_fail(r, "out of memory");
	for (i = 0; i < na; i++)
		d[i] = b[i] - a[i];
	m = gsl_stats_mean(d, 1, na);
	sd = gsl_stats_sd_m(d, 1, na, m);
	free(d);
	r->diff = m;
	if (!(sd > 0))
		return method_zero_variance(r);
	r->se = sd / sqrt((double)na);
	r->df = (double)na - 1;
	return method_t_finish(r, o->conf);
}

const struct stat_method method_paired = {
	.name = "paired",
	.title = "paired t",
	.estimates = "the mean of the paired differences B - A",
	.design = METHOD_PAIRED,
	.run = paired,
};
