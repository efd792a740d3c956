// SPDX-License-Identifier: GPL-2.0
/*
 * The table of statistical methods: judge.c and report.c loop over it.
 * A new method is one file (method-NAME.c, defining a struct stat_method
 * method_NAME; the Makefile takes every method-*.c) and one line in
 * METHODS below: with `beside` set it is computed for every comparison
 * its design applies to and shown in the text and the JSON through its
 * own hooks, with no other edit (method-sign.c was added that way).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "bs.h"
#include "method-common.h"

#define METHODS(X)		\
	X(welch)		\
	X(student)		\
	X(paired)		\
	X(wilcoxon_signed)	\
	X(mann_whitney)		\
	X(bootstrap_median)	\
	X(sign)

#define DECLARE(name) extern const struct stat_method method_##name;
#define ENTRY(name) &method_##name,
METHODS(DECLARE)

const struct stat_method *const stat_methods[] = {
	METHODS(ENTRY)
	NULL,
};

_Static_assert(sizeof(stat_methods) / sizeof(stat_methods[0]) <= METHOD_MAX + 1,
	       "more methods than METHOD_MAX");

void methods_list(FILE *f)
{
	size_t i;

	fprintf(f, "%-22s %-10s %-8s %s\n", "method", "design", "role", "estimates");
	for (i = 0; stat_methods[i]; i++) {
		const struct stat_method *m = stat_methods[i];

		fprintf(f, "%-22s %-10s %-8s %s\n", m->name,
			m->design == METHOD_PAIRED ? "paired" : "two-sample",
			m->beside ? "beside" : "verdict", m->estimates);
	}
}

const struct stat_method *stat_method_find(const char *name)
{
	size_t i;

	for (i = 0; stat_methods[i]; i++)
		if (!strcmp(stat_methods[i]->name, name))
			return stat_methods[i];
	return NULL;
}

int method_fail(struct method_result *r, const char *why)
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
int method_zero_variance(struct method_result *r)
{
	if (r->diff != 0)
		return method_fail(r, "zero variance on both sides with different values (constant data?): no test applies");
	r->valid = 1;
	r->stat = 0;
	r->df = 0;
	r->p = 1;
	r->lo = r->hi = 0;
	return 0;
}

/* t statistic, two-sided p and the confidence interval from diff/se/df. */
int method_t_finish(struct method_result *r, double conf)
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
