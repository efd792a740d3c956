/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The 32-bit build only: Debian's multilib has no 32-bit GSL, so the
 * summary's sort, median, mean and standard deviation are done here (the
 * same definitions as GSL's: median of sorted data, sample sd with n-1).
 * --order shuffle is refused in this build, so no RNG is needed.
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

/*
 * Running statistics, as gsl_rstat: n, min, Welford mean and variance, and
 * the median by the P-square algorithm (Jain and Chlamtac, CACM 28(10),
 * 1985), the algorithm gsl_rstat_median uses.
 */
typedef struct {
	size_t n;
	double min, mean, m2;
	double q[5], np[5], dnp[5];
	int pos[5];
} gsl_rstat_workspace;

static inline gsl_rstat_workspace *gsl_rstat_alloc(void)
{
	gsl_rstat_workspace *w = calloc(1, sizeof(*w));
	static const double dnp[5] = { 0, 0.25, 0.5, 0.75, 1 };
	int i;

	for (i = 0; w && i < 5; i++) {
		w->pos[i] = i + 1;
		w->np[i] = 1 + 4 * dnp[i];
		w->dnp[i] = dnp[i];
	}
	return w;
}

static inline size_t gsl_rstat_n(const gsl_rstat_workspace *w)
{
	return w->n;
}

static inline double gsl_rstat_min(const gsl_rstat_workspace *w)
{
	return w->min;
}

static inline double gsl_rstat_mean(const gsl_rstat_workspace *w)
{
	return w->mean;
}

static inline double gsl_rstat_sd(const gsl_rstat_workspace *w)
{
	return w->n > 1 ? sqrt(w->m2 / (w->n - 1)) : 0;
}

static inline double nogsl_p2(const gsl_rstat_workspace *w, int i, int d)
{
	const double *q = w->q;
	const int *n = w->pos;

	return q[i] + (double)d / (n[i + 1] - n[i - 1]) *
	       ((n[i] - n[i - 1] + d) * (q[i + 1] - q[i]) / (n[i + 1] - n[i]) +
		(n[i + 1] - n[i] - d) * (q[i] - q[i - 1]) / (n[i] - n[i - 1]));
}

static inline int gsl_rstat_add(double x, gsl_rstat_workspace *w)
{
	double delta = x - w->mean, qp;
	int i, k, d;

	if (!w->n || x < w->min)
		w->min = x;
	w->n++;
	w->mean += delta / w->n;
	w->m2 += delta * (x - w->mean);
	if (w->n <= 5) {		/* the first five, kept sorted */
		for (i = w->n - 1; i > 0 && w->q[i - 1] > x; i--)
			w->q[i] = w->q[i - 1];
		w->q[i] = x;
		return 0;
	}
	if (x < w->q[0]) {
		w->q[0] = x;
		k = 0;
	} else if (x >= w->q[4]) {
		w->q[4] = x;
		k = 3;
	} else {
		for (k = 0; k < 3 && x >= w->q[k + 1]; k++)
			;
	}
	for (i = k + 1; i < 5; i++)
		w->pos[i]++;
	for (i = 0; i < 5; i++)
		w->np[i] += w->dnp[i];
	for (i = 1; i < 4; i++) {
		double dd = w->np[i] - w->pos[i];

		if ((dd >= 1 && w->pos[i + 1] - w->pos[i] > 1) ||
		    (dd <= -1 && w->pos[i - 1] - w->pos[i] < -1)) {
			d = dd > 0 ? 1 : -1;
			qp = nogsl_p2(w, i, d);
			if (!(w->q[i - 1] < qp && qp < w->q[i + 1]))
				qp = w->q[i] + d * (w->q[i + d] - w->q[i]) /
				     (w->pos[i + d] - w->pos[i]);
			w->q[i] = qp;
			w->pos[i] += d;
		}
	}
	return 0;
}

static inline double gsl_rstat_median(gsl_rstat_workspace *w)
{
	if (w->n > 5)
		return w->q[2];
	return w->n ? gsl_stats_median_from_sorted_data(w->q, 1, w->n) : 0;
}

typedef struct { int unused; } gsl_rng;
#define gsl_rng_env_setup()		do { } while (0)
#define gsl_rng_alloc(t)		NULL
#define gsl_rng_set(r, s)		do { (void)(s); } while (0)
#define gsl_ran_shuffle(r, b, n, s)	do { (void)(r); } while (0)
#define gsl_rng_free(r)			do { (void)(r); } while (0)

#endif
