// SPDX-License-Identifier: GPL-2.0
/*
 * Percentile bootstrap confidence interval of the difference of medians
 * (B - A), resampling each side with replacement (gsl_rng, mt19937, seeded
 * with --seed: the same seed gives the same interval).  The number of
 * resamples is capped so that the work stays about 5e7 draws on huge
 * inputs; the count used is reported.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "bs.h"
#include "method-common.h"

#define WORK_CAP 50000000.0

static double resampled_median(const double *x, size_t n, double *tmp,
			       gsl_rng *rng)
{
	size_t i;

	for (i = 0; i < n; i++)
		tmp[i] = x[gsl_rng_uniform_int(rng, n)];
	return gsl_stats_median(tmp, 1, n);	/* quickselect: O(n) */
}

static double median_of(const double *x, size_t n, double *tmp)
{
	memcpy(tmp, x, n * sizeof(*tmp));
	return gsl_stats_median(tmp, 1, n);
}

static int bootstrap(const double *a, size_t na, const double *b, size_t nb,
		     const struct method_opts *o, struct method_result *r)
{
	size_t nres = o->resamples ? o->resamples : 2000, k, le = 0, ge = 0;
	double *tmp, *d, alpha = 1 - o->conf;
	gsl_rng *rng;

	memset(r, 0, sizeof(*r));
	if (na < 2 || nb < 2)
		return method_fail(r, "need at least 2 values on each side");
	if (nres * (double)(na + nb) > WORK_CAP)
		nres = WORK_CAP / (na + nb) < 200 ? 200 : WORK_CAP / (na + nb);
	tmp = malloc((na > nb ? na : nb) * sizeof(*tmp));
	d = malloc(nres * sizeof(*d));
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!tmp || !d || !rng) {
		free(tmp);
		free(d);
		if (rng)
			gsl_rng_free(rng);
		return method_fail(r, "out of memory");
	}
	gsl_rng_set(rng, o->seed);
	r->diff = median_of(b, nb, tmp) - median_of(a, na, tmp);
	for (k = 0; k < nres; k++) {
		double ma = resampled_median(a, na, tmp, rng);

		d[k] = resampled_median(b, nb, tmp, rng) - ma;
		le += d[k] <= 0;
		ge += d[k] >= 0;
	}
	gsl_sort(d, 1, nres);
	r->lo = gsl_stats_quantile_from_sorted_data(d, 1, nres, alpha / 2);
	r->hi = gsl_stats_quantile_from_sorted_data(d, 1, nres, 1 - alpha / 2);
	r->se = gsl_stats_sd(d, 1, nres);
	/* two-sided bootstrap p: how often the resampled difference crosses 0 */
	r->p = 2.0 * (le < ge ? le : ge) / nres;
	if (r->p < 1.0 / nres)
		r->p = 1.0 / nres;
	if (r->p > 1)
		r->p = 1;
	r->resamples = nres;
	r->valid = 1;
	free(tmp);
	free(d);
	gsl_rng_free(rng);
	return 0;
}

static void boot_text(FILE *f, const struct method_result *r,
		      const struct method_opts *o)
{
	(void)o;
	fprintf(f, "bootstrap median diff %+g [%g, %g] (%zu resamples)", r->diff, r->lo,
		r->hi, r->resamples);
}

static void boot_json(FILE *f, const struct method_result *r,
		      const struct method_opts *o)
{
	json_kv(f, "estimate", r->diff, 1);
	json_ci(f, "ci", r->lo, r->hi);
	json_kv(f, "p", r->p, 1);
	fprintf(f, "\"resamples\": %zu, \"seed\": %lu", r->resamples, o->seed);
}

const struct stat_method method_bootstrap_median = {
	.name = "bootstrap_median",
	.json_key = "bootstrap_median_diff",
	.title = "bootstrap of the median difference",
	.estimates = "the difference of medians B - A (percentile bootstrap, seeded)",
	.design = METHOD_TWO_SAMPLE,
	.beside = 1,
	.run = bootstrap,
	.text = boot_text,
	.json = boot_json,
};
