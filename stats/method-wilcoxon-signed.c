// SPDX-License-Identifier: GPL-2.0
/*
 * Wilcoxon signed-rank test of paired differences d[i] = b[i] - a[i], with
 * the Hodges-Lehmann estimate (the pseudo-median of d) and its confidence
 * interval: R's wilcox.test(b, a, paired = TRUE, conf.int = TRUE), number
 * for number.
 *
 * Why beside the paired t: the host shifts its speed by ~15% within
 * seconds.  A shift inside one round turns one pair into an outlier; the
 * paired t's mean and sd follow it (one pair of 8 can decide a verdict),
 * the signed ranks give it one rank, whatever its size.
 *
 * Exact (R's default): fewer than 50 nonzero differences, no ties and no
 * zero differences.  p from the signed-rank distribution (libRmath's
 * psignrank); estimate: the median of the n(n+1)/2 Walsh averages
 * (d[i] + d[j]) / 2, i <= j; interval: the Walsh averages of ranks qu and
 * n(n+1)/2 - qu + 1, qu = qsignrank(alpha / 2, n) (the confidence reached,
 * which steps with n, is in achieved_conf).
 *
 * Otherwise: the normal approximation with the tie correction of the
 * variance and a continuity correction, zero differences dropped; the
 * interval ends are where the standardised statistic of d - mu (nonzero
 * differences only, continuity-corrected) crosses -/+ z, the estimate where
 * the uncorrected one crosses 0 (the middle of where it is 0; R finds them with uniroot, tol 1e-4; here
 * bisection to 1e-12 of the range, so both agree to R's tolerance).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MATHLIB_STANDALONE
#include <Rmath.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>

#include "bs.h"
#include "method-common.h"

#define EXACT_MAX 50

struct wsr_work {
	double *x;		/* the differences */
	size_t n;
	double *xd, *ad;	/* x - mu without zeros, its absolute values */
	size_t *idx;
};

/*
 * Signed-rank statistic of x - mu: V (sum of the ranks of the positive
 * ones, zeros dropped, average ranks for ties), how many are left, and the
 * tie-corrected standard deviation of V.
 */
static double signed_rank(struct wsr_work *w, double mu, double *v, size_t *nx,
			  double *sigma)
{
	size_t i, j, m = 0;
	double ties = 0, nn;

	for (i = 0; i < w->n; i++) {
		double x = w->x[i] - mu;

		if (x != 0) {
			w->xd[m] = x;
			w->ad[m++] = fabs(x);
		}
	}
	*v = 0;
	gsl_sort_index(w->idx, w->ad, 1, m);
	for (i = 0; i < m; i = j) {
		double t, rank;

		for (j = i + 1; j < m && w->ad[w->idx[j]] == w->ad[w->idx[i]]; j++)
			;
		t = j - i;
		rank = (i + 1 + j) / 2.0;
		ties += t * t * t - t;
		for (size_t k = i; k < j; k++)
			if (w->xd[w->idx[k]] > 0)
				*v += rank;
	}
	nn = m;
	*nx = m;
	*sigma = sqrt(nn * (nn + 1) * (2 * nn + 1) / 24 - ties / 48);
	return ties;		/* sum of t^3 - t over groups of ties */
}

/* R's W(d): the z of x - mu (continuity-corrected: R's interval, not its
 * estimate); NAN if no spread is left. */
static double z_at(struct wsr_work *w, double mu, int correct)
{
	double v, sigma, z;
	size_t nx;

	signed_rank(w, mu, &v, &nx, &sigma);
	if (!(sigma > 0))
		return NAN;
	z = v - nx * (nx + 1) / 4.0;
	if (correct)
		z -= z > 0 ? 0.5 : z < 0 ? -0.5 : 0;
	return z / sigma;
}

/*
 * The mu in [lo, hi] where z_at(mu) crosses zq (z_at falls as mu grows),
 * as R's root(): an end when the crossing lies beyond it.
 */
static double crossing(struct wsr_work *w, double lo, double hi, double zlo,
		       double zhi, double zq, int correct, int strict)
{
	double span = hi - lo;
	int i;

	if (zlo - zq <= 0)
		return lo;
	if (zhi - zq >= 0)
		return hi;
	for (i = 0; i < 200 && hi - lo > 1e-12 * span; i++) {
		double mid = lo + (hi - lo) / 2, z = z_at(w, mid, correct);

		if (isnan(z))
			break;
		if (strict ? z - zq >= 0 : z - zq > 0)
			lo = mid;
		else
			hi = mid;
	}
	return lo + (hi - lo) / 2;
}

/*
 * The statistic only changes where mu passes a Walsh average, so every
 * crossing is one: snap the bisection's answer to the nearest (within
 * 1e-9 of the range), so that 0.5 prints as 0.5, not 0.5000000000001.
 * O(n^2); above SNAP_MAX pairs the bisection's answer stands.
 */
#define SNAP_MAX 4000

static double snap(const struct wsr_work *w, double c, double span)
{
	double best = c, dist = 1e-9 * span;
	size_t i, j;

	if (w->n > SNAP_MAX)
		return c;
	for (i = 0; i < w->n; i++)
		for (j = i; j < w->n; j++) {
			double v = (w->x[i] + w->x[j]) / 2;

			if (fabs(v - c) <= dist) {
				dist = fabs(v - c);
				best = v;
			}
		}
	return best;
}

/*
 * Where the uncorrected statistic is 0: when n(n+1)/4 is a whole number it
 * is 0 on a whole interval between two Walsh averages, and R's uniroot
 * returns some point of it; the midpoint is the usual Hodges-Lehmann
 * estimate (the median of the Walsh averages, without ties or zeros).
 */
static double estimate(struct wsr_work *w, double lo, double hi)
{
	double zlo = z_at(w, lo, 0), zhi = z_at(w, hi, 0);

	return (snap(w, crossing(w, lo, hi, zlo, zhi, 0, 0, 0), hi - lo) +
		snap(w, crossing(w, lo, hi, zlo, zhi, 0, 0, 1), hi - lo)) / 2;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

/* Exact: p from psignrank, estimate and interval from the Walsh averages. */
static int exact(struct wsr_work *w, double v, double alpha,
		 struct method_result *r)
{
	double n = w->n, p, *walsh;
	size_t nw = w->n * (w->n + 1) / 2, i, j, k = 0;
	long qu, ql;

	if (v > n * (n + 1) / 4)
		p = psignrank(v - 1, n, 0, 0);
	else
		p = psignrank(v, n, 1, 0);
	r->p = fmin(2 * p, 1);
	walsh = malloc(nw * sizeof(*walsh));
	if (!walsh)
		return method_fail(r, "out of memory");
	for (i = 0; i < w->n; i++)
		for (j = i; j < w->n; j++)
			walsh[k++] = (w->x[i] + w->x[j]) / 2;
	qsort(walsh, nw, sizeof(*walsh), cmp_double);
	r->diff = nw % 2 ? walsh[nw / 2] : (walsh[nw / 2 - 1] + walsh[nw / 2]) / 2;
	qu = (long)qsignrank(alpha / 2, n, 1, 0);
	if (qu == 0)
		qu = 1;
	ql = (long)nw - qu;
	r->lo = walsh[qu - 1];
	r->hi = walsh[ql];
	r->achieved_conf = 1 - 2 * psignrank(qu - 1, n, 1, 0);
	r->df = -1;		/* marks "exact" */
	free(walsh);
	r->valid = 1;
	return 0;
}

/* Normal approximation, as R's wilcox.test(exact = FALSE, correct = TRUE). */
static int approx(struct wsr_work *w, double v, size_t nx, double sigma,
		  double alpha, struct method_result *r)
{
	double z = v - nx * (nx + 1) / 4.0, lo, hi, zlo, zhi, zc;
	size_t i, k;

	z = (z - (z > 0 ? 0.5 : z < 0 ? -0.5 : 0)) / sigma;
	r->p = fmin(2 * gsl_cdf_ugaussian_P(-fabs(z)), 1);
	/* R's interval and estimate are of the nonzero differences only */
	for (i = 0, k = 0; i < w->n; i++)
		if (w->x[i] != 0)
			w->x[k++] = w->x[i];
	w->n = k;
	lo = hi = w->x[0];
	for (i = 1; i < w->n; i++) {
		lo = fmin(lo, w->x[i]);
		hi = fmax(hi, w->x[i]);
	}
	zlo = z_at(w, lo, 1);
	zhi = z_at(w, hi, 1);
	if (isnan(zlo) || isnan(zhi))
		return method_fail(r, "Wilcoxon signed-rank: every difference tied: no interval");
	/* R widens alpha until the interval fits in [min, max] */
	for (;;) {
		zc = gsl_cdf_ugaussian_Qinv(alpha / 2);
		if (zlo - zc < 0 || zhi + zc > 0)
			alpha *= 2;
		else
			break;
		if (alpha >= 1)
			break;
	}
	if (alpha < 1) {
		r->lo = snap(w, crossing(w, lo, hi, zlo, zhi, zc, 1, 0), hi - lo);
		r->hi = snap(w, crossing(w, lo, hi, zlo, zhi, -zc, 1, 0), hi - lo);
	} else {
		r->lo = r->hi = NAN;	/* R: the median; no interval here */
		return method_fail(r, "Wilcoxon signed-rank: too few differences for any interval");
	}
	r->achieved_conf = 1 - alpha;
	/* R drops the continuity correction for the estimate */
	r->diff = estimate(w, lo, hi);
	r->stat = v;
	r->se = sigma;
	r->valid = 1;
	return 0;
}

static int wilcoxon_signed(const double *a, size_t na, const double *b,
			   size_t nb, const struct method_opts *o,
			   struct method_result *r)
{
	struct wsr_work w = { 0 };
	double v, sigma;
	size_t nx, i;
	int zeros = 0, ret;
	double ties;

	memset(r, 0, sizeof(*r));
	if (na != nb)
		return method_fail(r, "paired test needs the same number of values on each side");
	if (na < 2)
		return method_fail(r, "need at least 2 pairs");
	w.n = na;
	w.x = malloc(na * sizeof(*w.x));
	w.xd = malloc(na * sizeof(*w.xd));
	w.ad = malloc(na * sizeof(*w.ad));
	w.idx = malloc(na * sizeof(*w.idx));
	if (!w.x || !w.xd || !w.ad || !w.idx) {
		ret = method_fail(r, "out of memory");
		goto out;
	}
	for (i = 0; i < na; i++) {
		w.x[i] = b[i] - a[i];
		zeros |= w.x[i] == 0;
	}
	ties = signed_rank(&w, 0, &v, &nx, &sigma);
	r->stat = v;
	if (!nx) {		/* every pair equal: certainly no difference */
		r->valid = 1;
		r->p = 1;
		r->achieved_conf = o->conf;
		ret = 0;
		goto out;
	}
	if (nx < EXACT_MAX && !ties && !zeros)
		ret = exact(&w, v, 1 - o->conf, r);
	else
		ret = approx(&w, v, nx, sigma, 1 - o->conf, r);
	r->stat = v;
out:
	free(w.x);
	free(w.xd);
	free(w.ad);
	free(w.idx);
	return ret;
}

const struct stat_method method_wilcoxon_signed = {
	.name = "wilcoxon_signed_rank",
	.title = "Wilcoxon signed-rank, Hodges-Lehmann",
	.estimates = "the pseudo-median of the paired differences B - A (Hodges-Lehmann)",
	.design = METHOD_PAIRED,
	.run = wilcoxon_signed,
};
