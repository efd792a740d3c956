/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Change points in a series (e.g. one cell's per-run medians, night after
 * night): where did the level change, by how much, and how sure are we?
 *
 * E-divisive means (Matteson & James, "A nonparametric approach for
 * multiple change point analysis of multivariate data", JASA 109(505),
 * 2014; the R package ecp, James & Matteson, J. Stat. Softw. 62(7), 2014):
 * a divisive (bisection) search on the energy statistic
 *
 *   Q(X, Y) = m k / (m + k) * ( 2/(m k)       sum_ij  |X_i - Y_j|^a
 *                               - 1/C(m,2)    sum_i<j |X_i - X_j|^a
 *                               - 1/C(k,2)    sum_i<j |Y_i - Y_j|^a )
 *
 * with X = the segment's points [start, tau), Y = [tau, kappa), maximised
 * over tau and kappa (kappa up to the segment's end), 0 < a < 2.  Each new
 * change point is accepted only if a permutation test (the points of every
 * current segment shuffled within it, the best split searched again)
 * gives p <= sig_level; the search stops at the first one that does not.
 *
 * False alarms: on a series with no change (exchangeable points) the first
 * test is an exact permutation test, so P(any change point reported) <=
 * sig_level (5% by default); every later test is again at sig_level given
 * the segments found.  The seeded simulation in tests/test-changepoint.c
 * measures it, with the detection rate and the location error.
 *
 * Each change point also gets the size of the step: the Hodges-Lehmann
 * shift (median of all after - before differences) between the two
 * adjacent segments, and its distribution-free confidence interval from
 * the Mann-Whitney statistic (exact for m, n < 50 without ties, as R's
 * wilcox.test(after, before, conf.int = TRUE); else the normal
 * approximation of the order statistic's rank).  The interval is
 * conditional on the location found: the location was chosen to make the
 * two sides differ, so read it as the size of the step, not as a second
 * test of whether there is one (the permutation p does that).
 *
 * Needs GSL (random numbers for the permutations, sorting) and libm.
 */
#ifndef CHANGEPOINT_H
#define CHANGEPOINT_H

#include <stddef.h>

struct cp_opts {
	double sig_level;	/* accept a change point when p <= this (0.05) */
	unsigned permutations;	/* per test (199) */
	size_t min_size;	/* fewest points of a segment, >= 2 (3) */
	double exponent;	/* a of |x - y|^a, 0 < a < 2 (1) */
	double confidence;	/* of the shift's interval, 0..1 (0.95) */
	unsigned long seed;	/* of the permutations: same seed, same answer */
	size_t max_changes;	/* stop after this many; 0: no limit */
};

#define CP_OPTS_DEFAULT { 0.05, 199, 3, 1.0, 0.95, 1, 0 }

/*
 * Series longer than this are refused: memory grows as n^2 / 2 doubles
 * (100 MB here), time as permutations * n^2 a test (365 points, 499
 * permutations: about half a second on a 2020 laptop core).
 */
#define CP_MAX_POINTS 5000

struct cp_point {
	size_t index;		/* first point of the new level: the level
				   changed between points index-1 and index */
	size_t order;		/* 1: found first (the largest step) */
	double stat;		/* Q at the split */
	double p;		/* permutation p when it was accepted */
	size_t lo, hi;		/* adjacent segments [lo, index), [index, hi) */
	double before, after;	/* their medians */
	double shift;		/* Hodges-Lehmann estimate of after - before */
	double shift_lo, shift_hi;
	double shift_conf;	/* the interval's achieved confidence (0..1):
				   with few points it can be below the asked */
};

struct cp_result {
	struct cp_point *points;	/* sorted by index */
	size_t n;
	/*
	 * The candidate that stopped the search: its index and p (p > the
	 * level, possibly a lower bound: the test stops counting once the
	 * answer is certain).  index 0 and p NAN when no segment could be
	 * split (every segment shorter than 2 * min_size).
	 */
	size_t next_index;
	double next_p;
	unsigned long permutations_run;
};

/*
 * Find the change points of x[0..n-1].  Returns 0, or -1 with *why set
 * (bad options, a non-finite value, n > CP_MAX_POINTS, out of memory).
 * A series too short to split (n < 2 * min_size) is not an error: no
 * change points.  Free r with cp_result_free().
 */
int cp_edivisive(const double *x, size_t n, const struct cp_opts *o,
		 struct cp_result *r, const char **why);
void cp_result_free(struct cp_result *r);

/*
 * The best split of x[0..n-1] alone: tau (first point of Y), kappa (one
 * past Y's last point) and Q.  Returns -1 when n < 2 * min_size.
 */
int cp_best_split(const double *x, size_t n, size_t min_size, double exponent,
		  size_t *tau, size_t *kappa, double *q);

/* Q for X = x[0..tau-1], Y = x[tau..kappa-1] by its definition (O(n^2)). */
double cp_qstat(const double *x, size_t tau, size_t kappa, double exponent);

/*
 * Hodges-Lehmann shift b - a and its confidence interval (see above).
 * Returns 0, or -1 when a side is empty or out of memory.
 */
int cp_shift(const double *a, size_t na, const double *b, size_t nb,
	     double confidence, double *est, double *lo, double *hi,
	     double *achieved);

#endif
