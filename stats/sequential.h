/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Anytime-valid intervals for measuring until resolved (--resolve).
 *
 * A run that keeps adding rounds until its interval is narrow enough looks
 * at its data after every round.  A fixed-n interval (t, Wilcoxon) checked
 * that often covers far less than its nominal level; a confidence sequence
 * covers the true value at every n at once, so stopping whenever it is
 * narrow enough keeps the error rate at alpha.
 *
 * Used by bench-syscall (to decide when to stop) and by bench-stat (to
 * report the interval of a run that stopped that way): one function, one
 * number.  Needs libm only (the static and 32-bit builds link it too).
 */
#ifndef SEQUENTIAL_H
#define SEQUENTIAL_H

#include <stddef.h>

struct seq_interval {
	size_t n;		/* differences used */
	double mean;		/* their mean: the estimate */
	double sd;		/* their sample standard deviation */
	double half;		/* half-width of the interval */
	double lo, hi;		/* mean -/+ half */
};

/*
 * The asymptotic confidence sequence of Waudby-Smith, Arbour, Sinha,
 * Kennedy and Ramdas ("Time-uniform central limit theory and asymptotic
 * confidence sequences", Ann. Statist. 2024, eq. (2.8) with the rho of
 * its Proposition 2.1) for the mean of d[0..n-1], at level 1 - alpha,
 * tuned to be narrowest at n_opt differences (the planned number of
 * rounds; any value >= 1 is valid, it only moves where the sequence is
 * tightest).  Returns 0, or -1 when n < 2 or the inputs are not finite.
 */
int seq_interval(const double *d, size_t n, double alpha, double n_opt,
		 struct seq_interval *out);

/* The boundary alone: half-width for n differences of sample sd. */
double seq_half_width(double sd, size_t n, double alpha, double n_opt);

#endif
