/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One-sided prediction interval for one new observation from the
 * baseline's population (normal theory): is tonight's night-level median
 * above what the baseline nights predict?  Used by bench-history (nightly).
 */
#ifndef STATS_PREDICTION_H
#define STATS_PREDICTION_H

#include <stddef.h>

struct prediction {
	size_t n;		/* baseline nights */
	double mean, sd;	/* of the baseline nights' medians */
	double bound;		/* upper one-sided bound at the confidence */
	double p;		/* P(a night from the baseline is >= x) */
	double diff_pct;	/* (x - mean) / mean, in % */
	double bound_pct;	/* (bound - mean) / mean, in % */
};

/*
 * Fill @p for the @n baseline values @base and the new value @x at
 * @confidence percent (50 < confidence < 100).  Returns -1 when n < 2 or
 * the confidence is out of range (nothing to predict from).
 */
int prediction_upper(const double *base, size_t n, double x, double confidence,
		     struct prediction *p);

#endif
