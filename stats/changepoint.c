// SPDX-License-Identifier: GPL-2.0
/*
 * E-divisive means change points and the size of each step: see
 * changepoint.h.
 *
 * The best split of a segment y[0..n-1] in O(n^2): with d(i,j) =
 * |y_i - y_j|^a and the row prefix sums P(j, t) = sum_{i<t} d(i,j), for
 * X = [0, tau) and Y = [tau, kappa)
 *
 *   within X  WX(tau)        = sum_{j<tau} P(j, j)
 *   between   B(tau, kappa)  = sum_{tau<=j<kappa} P(j, tau)
 *   within Y  WY(tau, kappa) = sum_{tau<=j<kappa} (P(j, j) - P(j, tau))
 *
 * so each (tau, kappa) costs O(1) once P is known.  The multiplier is the
 * paper's m k / (m + k); the ecp package computes it in integer
 * arithmetic (floor), which can move a split by a point or two when the
 * segments are short.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "changepoint.h"

static double dist(double x, double y, double a)
{
	double d = fabs(x - y);

	return a == 1.0 ? d : pow(d, a);
}

double cp_qstat(const double *x, size_t tau, size_t kappa, double a)
{
	double m = (double)tau, k = (double)(kappa - tau), b = 0, wx = 0, wy = 0;
	size_t i, j;

	if (tau < 2 || kappa < tau + 2)
		return NAN;
	for (i = 0; i < tau; i++)
		for (j = tau; j < kappa; j++)
			b += dist(x[i], x[j], a);
	for (i = 0; i < tau; i++)
		for (j = i + 1; j < tau; j++)
			wx += dist(x[i], x[j], a);
	for (i = tau; i < kappa; i++)
		for (j = i + 1; j < kappa; j++)
			wy += dist(x[i], x[j], a);
	return m * k / (m + k) *
	       (2 * b / (m * k) - 2 * wx / (m * (m - 1)) - 2 * wy / (k * (k - 1)));
}

/* Triangular store of P: row j holds P(j, 0..j), j + 1 values. */
static size_t tri(size_t j)
{
	return j * (j + 1) / 2;
}

/* Best split of y[0..n-1] using the scratch P (n (n + 1) / 2 doubles). */
static int best_split(const double *y, size_t n, size_t min_size, double a,
		      double *P, size_t *tau_out, size_t *kappa_out, double *q_out)
{
	double best = -INFINITY, wx = 0;
	size_t j, t, tau, kappa, bt = 0, bk = 0;

	if (n < 2 * min_size)
		return -1;
	for (j = 0; j < n; j++) {
		double acc = 0, *row = P + tri(j);

		for (t = 0; t <= j; t++) {
			row[t] = acc;
			if (t < j)
				acc += dist(y[t], y[j], a);
		}
	}
	for (j = 0; j < min_size; j++)
		wx += P[tri(j) + j];
	for (tau = min_size; tau + min_size <= n; tau++) {
		double m = (double)tau, b = 0, wy = 0;

		for (kappa = tau + 1; kappa <= n; kappa++) {
			const double *row = P + tri(kappa - 1);
			double k = (double)(kappa - tau), q;

			b += row[tau];
			wy += row[kappa - 1] - row[tau];
			if (kappa - tau < min_size)
				continue;
			q = m * k / (m + k) * (2 * b / (m * k) -
					       2 * wx / (m * (m - 1)) -
					       2 * wy / (k * (k - 1)));
			if (q > best) {
				best = q;
				bt = tau;
				bk = kappa;
			}
		}
		wx += P[tri(tau) + tau];
	}
	*tau_out = bt;
	*kappa_out = bk;
	*q_out = best;
	return 0;
}

int cp_best_split(const double *x, size_t n, size_t min_size, double a,
		  size_t *tau, size_t *kappa, double *q)
{
	double *P;
	int ret;

	if (min_size < 2 || n < 2 * min_size || n > CP_MAX_POINTS)
		return -1;
	P = malloc(tri(n) * sizeof(*P) + sizeof(*P));
	if (!P)
		return -1;
	ret = best_split(x, n, min_size, a, P, tau, kappa, q);
	free(P);
	return ret;
}

/* ---- Hodges-Lehmann shift and its interval ------------------------------ */

#define EXACT_MAX 50

/*
 * R's qwilcox(p, m, n): the smallest u with P(U <= u) >= p under the null,
 * U the Mann-Whitney statistic of sizes m and n (R nudges p down by
 * 10 DBL_EPSILON, so do we), raised to 1 as wilcox.test does; *below is
 * P(U <= u - 1), for the achieved level.  ways(k, s) counts the k-subsets
 * of ranks 1..m+n with rank sum s (U = s - k(k+1)/2): additions only.
 */
static long qwilcox_exact(double p, size_t m, size_t n, double *below)
{
	size_t N = m + n, smax = N * (N + 1) / 2, k, s, i, s0 = m * (m + 1) / 2;
	double *w = calloc((m + 1) * (smax + 1), sizeof(*w)), tot = 0, cum = 0;
	long u, umax = (long)(m * n), q = umax;

	if (!w)
		return -1;
#define W(k, s) w[(k) * (smax + 1) + (s)]
	W(0, 0) = 1;
	for (i = 1; i <= N; i++)
		for (k = i < m ? i : m; k >= 1; k--)
			for (s = smax; s >= i; s--)
				W(k, s) += W(k - 1, s - i);
	for (u = 0; u <= umax; u++)
		tot += W(m, s0 + (size_t)u);
	p -= 10 * 2.220446049250313e-16;
	for (u = 0; u <= umax; u++) {
		cum += W(m, s0 + (size_t)u);
		if (cum / tot >= p) {
			q = u;
			break;
		}
	}
	if (q < 1)
		q = 1;
	*below = 0;
	for (u = 0; u < q; u++)
		*below += W(m, s0 + (size_t)u) / tot;
#undef W
	free(w);
	return q;
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int cp_shift(const double *a, size_t na, const double *b, size_t nb,
	     double confidence, double *est, double *lo, double *hi,
	     double *achieved)
{
	size_t mn = na * nb, i, j, o = 0, ties = 0;
	double *d, alpha = 1 - confidence;
	long qu;

	*est = *lo = *hi = *achieved = NAN;
	if (!na || !nb || !(confidence > 0 && confidence < 1))
		return -1;
	d = malloc(mn * sizeof(*d));
	if (!d)
		return -1;
	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			d[o++] = b[j] - a[i];
	qsort(d, mn, sizeof(*d), dcmp);
	*est = gsl_stats_median_from_sorted_data(d, 1, mn);
	/* ties between the sides or within one: the exact table does not apply */
	{
		double *all = malloc((na + nb) * sizeof(*all));

		if (!all) {
			free(d);
			return -1;
		}
		memcpy(all, a, na * sizeof(*all));
		memcpy(all + na, b, nb * sizeof(*all));
		gsl_sort(all, 1, na + nb);
		for (i = 1; i < na + nb; i++)
			ties += all[i] == all[i - 1];
		free(all);
	}
	if (na < EXACT_MAX && nb < EXACT_MAX && !ties) {
		double below;

		/* R: qu <- qwilcox(alpha/2, n.x, n.y); if (qu == 0) qu <- 1 */
		qu = qwilcox_exact(alpha / 2, nb, na, &below);
		if (qu < 0) {
			free(d);
			return -1;
		}
		/* achieved: 1 - 2 P(U <= qu - 1) */
		*achieved = 1 - 2 * below;
	} else {
		/* Hollander & Wolfe (1999), eq. (4.41): C = mn/2 - z sqrt(mn(N+1)/12) */
		double z = gsl_cdf_ugaussian_Qinv(alpha / 2);
		double c = (double)mn / 2 - z * sqrt((double)mn * (double)(na + nb + 1) / 12);

		qu = (long)floor(c + 0.5);
		if (qu < 1)
			qu = 1;
		*achieved = confidence;
	}
	if ((size_t)qu > mn)
		qu = (long)mn;
	/* diffs[qu], diffs[mn - qu + 1] (1-based) */
	*lo = d[qu - 1];
	*hi = d[mn - (size_t)qu];
	free(d);
	return 0;
}

/* ---- the divisive search ------------------------------------------------- */

struct seg {
	size_t lo, hi;		/* [lo, hi) */
	int known;		/* best split computed */
	int splittable;
	size_t tau, kappa;	/* absolute */
	double q;
};

struct search {
	const double *x;
	size_t n;
	const struct cp_opts *o;
	double *P, *y;
	size_t *cuts;		/* sorted change points (absolute indices) */
	size_t ncuts;
};

static void seg_best(struct search *s, const double *y, size_t lo, size_t hi,
		     struct seg *g)
{
	size_t t, k;
	double q;

	g->lo = lo;
	g->hi = hi;
	g->known = 1;
	g->splittable = !best_split(y + lo, hi - lo, s->o->min_size,
				    s->o->exponent, s->P, &t, &k, &q);
	if (g->splittable) {
		g->tau = lo + t;
		g->kappa = lo + k;
		g->q = q;
	}
}

/* Best Q over every segment of y cut at s->cuts (permutation statistic). */
static double best_over_segments(struct search *s, const double *y)
{
	double best = -INFINITY;
	size_t i, lo = 0;
	struct seg g;

	for (i = 0; i <= s->ncuts; i++) {
		size_t hi = i < s->ncuts ? s->cuts[i] : s->n;

		seg_best(s, y, lo, hi, &g);
		if (g.splittable && g.q > best)
			best = g.q;
		lo = hi;
	}
	return best;
}

/*
 * Permutation p of the observed best q: shuffle within each segment,
 * search again.  Stops counting once p must exceed the level (the answer
 * is then certain; the p returned is a lower bound).
 */
static double perm_p(struct search *s, gsl_rng *rng, double observed,
		     unsigned long *runs)
{
	unsigned R = s->o->permutations, r, over = 0;
	double limit = s->o->sig_level * (R + 1);
	size_t i, lo;

	for (r = 0; r < R; r++) {
		memcpy(s->y, s->x, s->n * sizeof(*s->y));
		lo = 0;
		for (i = 0; i <= s->ncuts; i++) {
			size_t hi = i < s->ncuts ? s->cuts[i] : s->n;

			gsl_ran_shuffle(rng, s->y + lo, hi - lo, sizeof(*s->y));
			lo = hi;
		}
		(*runs)++;
		if (best_over_segments(s, s->y) >= observed)
			over++;
		if (over + 1 > limit)
			return (over + 1.0) / (r + 2.0);
	}
	return (over + 1.0) / (R + 1.0);
}

static int add_cut(struct search *s, size_t c)
{
	size_t i = s->ncuts;

	while (i > 0 && s->cuts[i - 1] > c) {
		s->cuts[i] = s->cuts[i - 1];
		i--;
	}
	s->cuts[i] = c;
	s->ncuts++;
	return 0;
}

static double median_of(const double *x, size_t lo, size_t hi, double *tmp)
{
	memcpy(tmp, x + lo, (hi - lo) * sizeof(*tmp));
	gsl_sort(tmp, 1, hi - lo);
	return gsl_stats_median_from_sorted_data(tmp, 1, hi - lo);
}

static int cmp_point(const void *a, const void *b)
{
	const struct cp_point *p = a, *q = b;

	return p->index < q->index ? -1 : p->index > q->index;
}

/* Medians and shifts of each point from its final neighbours. */
static int describe(struct search *s, struct cp_result *r)
{
	size_t i;

	qsort(r->points, r->n, sizeof(*r->points), cmp_point);
	for (i = 0; i < r->n; i++) {
		struct cp_point *p = &r->points[i];

		p->lo = i ? r->points[i - 1].index : 0;
		p->hi = i + 1 < r->n ? r->points[i + 1].index : s->n;
		p->before = median_of(s->x, p->lo, p->index, s->y);
		p->after = median_of(s->x, p->index, p->hi, s->y);
		if (cp_shift(s->x + p->lo, p->index - p->lo, s->x + p->index,
			     p->hi - p->index, s->o->confidence, &p->shift,
			     &p->shift_lo, &p->shift_hi, &p->shift_conf))
			return -1;
	}
	return 0;
}

int cp_edivisive(const double *x, size_t n, const struct cp_opts *o,
		 struct cp_result *r, const char **why)
{
	struct search s = { .x = x, .n = n, .o = o };
	struct seg *segs = NULL;
	size_t nsegs = 1, i, best;
	gsl_rng *rng = NULL;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	r->next_p = NAN;
	*why = NULL;
	if (!(o->sig_level > 0 && o->sig_level < 1) || o->permutations < 1 ||
	    o->min_size < 2 || !(o->exponent > 0 && o->exponent < 2) ||
	    !(o->confidence > 0 && o->confidence < 1)) {
		*why = "bad options (0 < level < 1, permutations >= 1, min size >= 2, 0 < exponent < 2, 0 < confidence < 1)";
		return -1;
	}
	if (n > CP_MAX_POINTS) {
		*why = "series too long for the change point search";
		return -1;
	}
	for (i = 0; i < n; i++)
		if (!isfinite(x[i])) {
			*why = "the series has a value that is not a finite number";
			return -1;
		}
	if (n < 2 * o->min_size)
		return 0;
	s.P = malloc((tri(n) + 1) * sizeof(*s.P));
	s.y = malloc(n * sizeof(*s.y));
	s.cuts = malloc(n * sizeof(*s.cuts));
	segs = malloc(n * sizeof(*segs));
	r->points = malloc(n * sizeof(*r->points));
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!s.P || !s.y || !s.cuts || !segs || !r->points || !rng) {
		*why = "out of memory";
		goto out;
	}
	gsl_rng_set(rng, o->seed);
	seg_best(&s, x, 0, n, &segs[0]);
	for (;;) {
		struct cp_point *p;
		double pv;

		best = nsegs;
		for (i = 0; i < nsegs; i++)
			if (segs[i].splittable &&
			    (best == nsegs || segs[i].q > segs[best].q))
				best = i;
		if (best == nsegs)
			break;		/* nothing left long enough to split */
		if (o->max_changes && r->n >= o->max_changes)
			break;
		pv = perm_p(&s, rng, segs[best].q, &r->permutations_run);
		if (pv > o->sig_level) {
			r->next_index = segs[best].tau;
			r->next_p = pv;
			break;
		}
		p = &r->points[r->n++];
		memset(p, 0, sizeof(*p));
		p->index = segs[best].tau;
		p->order = r->n;
		p->stat = segs[best].q;
		p->p = pv;
		add_cut(&s, p->index);
		/* the split segment becomes two; only they need a new search */
		{
			struct seg old = segs[best];

			seg_best(&s, x, old.lo, old.tau, &segs[best]);
			seg_best(&s, x, old.tau, old.hi, &segs[nsegs++]);
		}
	}
	if (describe(&s, r)) {
		*why = "out of memory";
		goto out;
	}
	ret = 0;
out:
	if (ret)
		cp_result_free(r);
	gsl_rng_free(rng);
	free(segs);
	free(s.cuts);
	free(s.y);
	free(s.P);
	return ret;
}

void cp_result_free(struct cp_result *r)
{
	free(r->points);
	r->points = NULL;
	r->n = 0;
}
