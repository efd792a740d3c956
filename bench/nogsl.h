/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The 32-bit build only: Debian's multilib has no 32-bit GSL, so the
 * summary's sort, median, mean and standard deviation are done here (the
 * same definitions as GSL's: median of sorted data, sample sd with n-1).
 * --shuffle is refused in this build, so no RNG is needed.
 */
#ifndef NOGSL_H
#define NOGSL_H

#include <math.h>
#include <stdlib.h>

static int nogsl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static inline void gsl_sort(double *a, size_t stride, size_t n)
{
	(void)stride;
	qsort(a, n, sizeof(double), nogsl_cmp);
}

static inline double gsl_stats_median_from_sorted_data(const double *a,
		size_t stride, size_t n)
{
	(void)stride;
	return n % 2 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
}

static inline double gsl_stats_mean(const double *a, size_t stride, size_t n)
{
	double m = 0;
	size_t i;

	(void)stride;
	for (i = 0; i < n; i++)		/* running mean, as GSL does */
		m += (a[i] - m) / (i + 1);
	return m;
}

static inline double gsl_stats_sd(const double *a, size_t stride, size_t n)
{
	double m = gsl_stats_mean(a, stride, n), s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += (a[i] - m) * (a[i] - m);
	return sqrt(s / (n - 1));
}

typedef struct { int unused; } gsl_rng;
#define gsl_rng_env_setup()		do { } while (0)
#define gsl_rng_alloc(t)		NULL
#define gsl_rng_set(r, s)		do { (void)(s); } while (0)
#define gsl_ran_shuffle(r, b, n, s)	do { (void)(r); } while (0)
#define gsl_rng_free(r)			do { (void)(r); } while (0)

#endif
