// SPDX-License-Identifier: GPL-2.0
/*
 * Welch's unequal-variances t-test (the default): does not assume the two
 * kernels are equally noisy.  Degrees of freedom by Welch-Satterthwaite.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "bs.h"
#include "method-common.h"

static int welch(const double *a, size_t na, const double *b, size_t nb,
		 const struct method_opts *o, struct method_result *r)
{
	double ma, mb, va, vb, qa, qb, se2;

	memset(r, 0, sizeof(*r));
	if (na < 2 || nb < 2)
		return method_fail(r, "need at least 2 values on each side");
	ma = gsl_stats_mean(a, 1, na);
	mb = gsl_stats_mean(b, 1, nb);
	va = gsl_stats_variance_m(a, 1, na, ma);
	vb = gsl_stats_variance_m(b, 1, nb, mb);
	qa = va / na;
	qb = vb / nb;
	se2 = qa + qb;
	r->diff = mb - ma;
	if (se2 <= 0)
		return method_zero_variance(r);
	r->se = sqrt(se2);
	r->df = se2 * se2 / (qa * qa / (na - 1) + qb * qb / (nb - 1));
	return method_t_finish(r, o->conf);
}

const struct stat_method method_welch = {
	.name = "welch",
	.title = "Welch's t",
	.estimates = "the difference of means B - A (unequal variances)",
	.design = METHOD_TWO_SAMPLE,
	.run = welch,
};
