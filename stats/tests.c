// SPDX-License-Identifier: GPL-2.0
/*
 * The table of statistical tests.  A new test is one file defining a
 * struct stat_test and one line here.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "bs.h"
#include "tests-common.h"

const struct stat_test *const stat_tests[] = {
	&test_welch,
	&test_student,
	&test_mann_whitney,
	&test_bootstrap_median,
	&test_paired,
	&test_wilcoxon_signed,
	NULL,
};

const struct stat_test *stat_test_find(const char *name)
{
	size_t i;

	for (i = 0; stat_tests[i]; i++)
		if (!strcmp(stat_tests[i]->name, name))
			return stat_tests[i];
	return NULL;
}

int test_fail(struct test_result *r, const char *why)
{
	r->valid = 0;
	r->why = why;
	return -1;
}

/*
 * Both sides constant.  Equal constants: certainly no difference.
 * Different constants: a t-test cannot say how sure it is, and guessing
 * would be a verdict without evidence.
 */
int test_zero_variance(struct test_result *r)
{
	if (r->diff != 0)
		return test_fail(r, "zero variance on both sides with different values (constant data?): no test applies");
	r->valid = 1;
	r->stat = 0;
	r->df = 0;
	r->p = 1;
	r->lo = r->hi = 0;
	return 0;
}

/* t statistic, two-sided p and the confidence interval from diff/se/df. */
int test_t_finish(struct test_result *r, double conf)
{
	double tc;

	r->stat = r->diff / r->se;
	r->p = 2 * gsl_cdf_tdist_Q(fabs(r->stat), r->df);
	if (r->p > 1)
		r->p = 1;
	tc = gsl_cdf_tdist_Qinv((1 - conf) / 2, r->df);
	r->lo = r->diff - tc * r->se;
	r->hi = r->diff + tc * r->se;
	r->valid = 1;
	return 0;
}
