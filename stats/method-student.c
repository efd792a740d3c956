// SPDX-License-Identifier: GPL-2.0
/*
 * Student's t-test with pooled variance (--student): what FreeBSD's
 * ministat does, with its wording and numbers ("pooled s" is the pooled
 * standard deviation).  Assumes equal variances; Welch's is the default.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "bs.h"
#include "method-common.h"

static int student(const double *a, size_t na, const double *b, size_t nb,
		   const struct method_opts *o, struct method_result *r)
{
	double ma, mb, va, vb, sp2;

	memset(r, 0, sizeof(*r));
	if (na < 2 || nb < 2)
		return method_fail(r, "need at least 2 values on each side");
	ma = gsl_stats_mean(a, 1, na);
	mb = gsl_stats_mean(b, 1, nb);
	va = gsl_stats_variance_m(a, 1, na, ma);
	vb = gsl_stats_variance_m(b, 1, nb, mb);
	sp2 = ((na - 1) * va + (nb - 1) * vb) / (na + nb - 2);
	r->diff = mb - ma;
	r->pooled_s = sqrt(sp2);
	if (sp2 <= 0)
		return method_zero_variance(r);
	r->se = r->pooled_s * sqrt(1.0 / na + 1.0 / nb);
	r->df = na + nb - 2;
	return method_t_finish(r, o->conf);
}

const struct stat_method method_student = {
	.name = "student",
	.title = "Student's t",
	.estimates = "the difference of means B - A (pooled variance)",
	.design = METHOD_TWO_SAMPLE,
	.run = student,
};
