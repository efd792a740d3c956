// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of changepoint.c: the E-divisive statistic and split against
 * values by hand and from an independent R implementation of the paper's
 * definitions (tests/changepoint-reference.R, output quoted at each
 * number), the Hodges-Lehmann interval against R's wilcox.test(), ecp's
 * published example, and a seeded simulation of nightly histories with
 * known change points that bounds the false-alarm rate, the detection
 * rate and the location error (and prints them).
 *
 * Prints "changepoint: N passed, N failed".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "changepoint.h"
#include "changepoint-data.h"
#include "check.h"


static void test_statistic(void)
{
	static const double h[8] = { 0, 0, 0, 0, 10, 10, 10, 10 };
	static const double h2[12] = { 1, 2, 1, 2, 1, 9, 8, 9, 8, 1, 2, 1 };
	size_t tau, kappa;
	double q;

	/*
	 * By hand: tau=4: B = 16 * 10, no within distances:
	 * Q = 4*4/8 * 2*160/16 = 40.  tau=3: X = 0,0,0, Y = 0,10,10,10,10:
	 * B = 3 * 40 = 120, WY = 4 * 10 = 40: Q = 15/8 * (240/15 - 40/10)
	 * = 22.5.  R (changepoint-reference.R): "Q(4,8) = 40  Q(3,8) = 22.5".
	 */
	NEAR(cp_qstat(h, 4, 8, 1), 40, 1e-12, "Q(4,8)");
	NEAR(cp_qstat(h, 3, 8, 1), 22.5, 1e-12, "Q(3,8)");
	CHECK(cp_best_split(h, 8, 2, 1, &tau, &kappa, &q) == 0 && tau == 4 &&
	      kappa == 8 && fabs(q - 40) < 1e-12,
	      "best split of h: %zu %zu %g, want 4 8 40", tau, kappa, q);
	/* a middle segment: kappa stops before the end (R: tau=5 kappa=9 Q=28.74074074) */
	CHECK(cp_best_split(h2, 12, 2, 1, &tau, &kappa, &q) == 0 && tau == 5 &&
	      kappa == 9, "best split of h2: %zu %zu, want 5 9", tau, kappa);
	NEAR(q, 28.74074074, 1e-7, "h2 best Q");
	/* exponent 0.5 (R: best 5 9 9.013192925) */
	CHECK(cp_best_split(h2, 12, 2, 0.5, &tau, &kappa, &q) == 0 && tau == 5 &&
	      kappa == 9, "h2 a=0.5: %zu %zu", tau, kappa);
	NEAR(q, 9.013192925, 1e-8, "h2 a=0.5 best Q");
	/* the O(n^2) search agrees with the definition at its split */
	NEAR(cp_qstat(h2, tau, kappa, 0.5), q, 1e-9, "definition at the split");
	CHECK(cp_best_split(h, 8, 5, 1, &tau, &kappa, &q) != 0, "n < 2 min_size splits");
}

/*
 * ecp's e.divisive help page example: set.seed(100); x1 = c(rnorm(100),
 * rnorm(100, 3), rnorm(100, 0, 2)): the changes are at 101 and 201
 * (1-based, ecp's "estimates" 1 101 201 301), a mean and a variance
 * change.  R (changepoint-reference.R): "first split tau=100 kappa=200
 * Q=200.1396361", right segment "tau=200 kappa=297 Q=158.150103", the
 * left segment's best "Q=1.990943325" (noise: not significant).
 */
static void test_ecp_example(void)
{
	struct cp_opts o = CP_OPTS_DEFAULT;
	struct cp_result r;
	const char *why;
	size_t tau, kappa;
	double q;

	CHECK(cp_best_split(ecp_x1, 300, 30, 1, &tau, &kappa, &q) == 0 &&
	      tau == 100 && kappa == 200, "x1 first split %zu %zu", tau, kappa);
	NEAR(q, 200.1396361, 1e-6, "x1 first Q");
	CHECK(cp_best_split(ecp_x1 + 100, 200, 30, 1, &tau, &kappa, &q) == 0 &&
	      tau + 100 == 200 && kappa + 100 == 297, "x1 right split %zu %zu",
	      tau + 100, kappa + 100);
	NEAR(q, 158.150103, 1e-6, "x1 right Q");
	CHECK(cp_best_split(ecp_x1, 100, 30, 1, &tau, &kappa, &q) == 0,
	      "x1 left split");
	NEAR(q, 1.990943325, 1e-8, "x1 left Q");

	o.min_size = 30;
	CHECK(cp_edivisive(ecp_x1, 300, &o, &r, &why) == 0, "x1 e-divisive: %s", why);
	CHECK(r.n == 2 && r.points[0].index == 100 && r.points[1].index == 200,
	      "x1: %zu change points (%zu, %zu), want 100 and 200", r.n,
	      r.n > 0 ? r.points[0].index : 0, r.n > 1 ? r.points[1].index : 0);
	if (r.n == 2) {
		/* 199 permutations none beating a change this size: p = 1/200 */
		CHECK(r.points[0].p == 1.0 / 200 && r.points[1].p == 1.0 / 200,
		      "x1 p %g %g", r.points[0].p, r.points[1].p);
		CHECK(r.points[0].order == 1 && r.points[1].order == 2, "order");
		CHECK(r.points[0].lo == 0 && r.points[0].hi == 200 &&
		      r.points[1].lo == 100 && r.points[1].hi == 300, "segments");
		/* the mean step of +3 is inside its interval; the variance step's
		 * shift is about 3 back down */
		CHECK(r.points[0].shift_lo < 3 && 3 < r.points[0].shift_hi,
		      "step 1 shift %g [%g, %g]", r.points[0].shift,
		      r.points[0].shift_lo, r.points[0].shift_hi);
		CHECK(r.points[1].shift < -2 && r.points[1].shift_hi < 0,
		      "step 2 shift %g", r.points[1].shift);
	}
	CHECK(r.next_p > 0.05 && isfinite(r.next_p), "stopped at p %g", r.next_p);
	cp_result_free(&r);
}

static void test_shift(void)
{
	static const double b3[3] = { 1.1, 2.5, 0.3 };
	static const double a4[4] = { 10.2, 11.7, 10.9, 12.4 };
	static const double before[10] = { 100.1, 99.7, 100.4, 100.0, 99.2,
					   100.9, 99.5, 100.2, 99.9, 100.6 };
	static const double after[12] = { 103.2, 102.8, 103.9, 102.1, 103.4,
					  104.0, 102.6, 103.1, 102.9, 103.7,
					  103.3, 102.4 };
	double e, lo, hi, c;

	/* R: wilcox.test(a4, b3, conf.int = TRUE): est 9.9 ci 7.7 12.1; the
	 * achieved level 1 - 2 * pwilcox(0, 4, 3) = 1 - 2/35 */
	CHECK(cp_shift(b3, 3, a4, 4, 0.95, &e, &lo, &hi, &c) == 0, "shift 3v4");
	NEAR(e, 9.9, 1e-12, "3v4 estimate");
	NEAR(lo, 7.7, 1e-12, "3v4 lo");
	NEAR(hi, 12.1, 1e-12, "3v4 hi");
	NEAR(c, 1 - 2.0 / 35, 1e-12, "3v4 achieved confidence");
	/* R: est 3.1 ci 2.5 3.6 (95%); ci 2.6 3.5 (90%) */
	CHECK(cp_shift(before, 10, after, 12, 0.95, &e, &lo, &hi, &c) == 0, "10v12");
	NEAR(e, 3.1, 1e-9, "10v12 estimate");
	NEAR(lo, 2.5, 1e-9, "10v12 lo");
	NEAR(hi, 3.6, 1e-9, "10v12 hi");
	CHECK(c >= 0.95 && c < 0.96, "10v12 achieved %g", c);
	cp_shift(before, 10, after, 12, 0.90, &e, &lo, &hi, &c);
	NEAR(lo, 2.6, 1e-9, "10v12 90% lo");
	NEAR(hi, 3.5, 1e-9, "10v12 90% hi");
	/*
	 * 60 v 70, the normal approximation.  R's wilcox.test solves for its
	 * estimate and ends with uniroot (tol 1e-4): est 0.9774591727 ci
	 * 0.6239128392 1.314813394.  Ours are order statistics: the median of
	 * the 4200 differences and ranks C, mn - C + 1 with C = round(mn/2 -
	 * qnorm(0.975) sqrt(mn (m+n+1) / 12)) = 1680 (Hollander & Wolfe eq.
	 * 4.41); R: d <- sort(outer(aa, bb, "-")); median(d) = 0.977598,
	 * d[1680] = 0.623874, d[2521] = 1.314861.
	 */
	cp_shift(wl_before, 60, wl_after, 70, 0.95, &e, &lo, &hi, &c);
	NEAR(e, 0.977598, 1e-6, "60v70 estimate (median of differences)");
	NEAR(lo, 0.623874, 1e-6, "60v70 lo (order statistic)");
	NEAR(hi, 1.314861, 1e-6, "60v70 hi (order statistic)");
	NEAR(e, 0.9774591727, 2e-4, "60v70 estimate vs wilcox.test");
	NEAR(lo, 0.6239128392, 1e-3, "60v70 lo vs wilcox.test");
	NEAR(hi, 1.314813394, 1e-3, "60v70 hi vs wilcox.test");
	CHECK(cp_shift(b3, 0, a4, 4, 0.95, &e, &lo, &hi, &c) != 0, "empty side");
}

static void test_refusals(void)
{
	struct cp_opts o = CP_OPTS_DEFAULT;
	double x[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	struct cp_result r;
	const char *why = NULL;

	x[3] = NAN;
	CHECK(cp_edivisive(x, 10, &o, &r, &why) != 0 && why && strstr(why, "finite"),
	      "NaN accepted (%s)", why ? why : "-");
	x[3] = 4;
	o.exponent = 2;
	CHECK(cp_edivisive(x, 10, &o, &r, &why) != 0, "exponent 2 accepted");
	o = (struct cp_opts)CP_OPTS_DEFAULT;
	o.min_size = 1;
	CHECK(cp_edivisive(x, 10, &o, &r, &why) != 0, "min_size 1 accepted");
	o = (struct cp_opts)CP_OPTS_DEFAULT;
	/* too short to split: no change points, not an error */
	CHECK(cp_edivisive(x, 5, &o, &r, &why) == 0 && r.n == 0 && isnan(r.next_p),
	      "short series");
	cp_result_free(&r);
	/* a constant series: Q = 0 everywhere, every permutation ties: p = 1 */
	for (int i = 0; i < 10; i++)
		x[i] = 5;
	CHECK(cp_edivisive(x, 10, &o, &r, &why) == 0 && r.n == 0 && r.next_p > 0.5,
	      "constant series: %zu points, p %g", r.n, r.next_p);
	cp_result_free(&r);
	/* the same seed gives the same answer; max_changes caps the count */
	{
		static const double s[12] = { 1, 1.1, 0.9, 1, 5, 5.1, 4.9, 5, 9, 9.1, 8.9, 9 };
		struct cp_result r2;

		o.min_size = 2;
		o.max_changes = 1;
		CHECK(cp_edivisive(s, 12, &o, &r, &why) == 0 && r.n == 1, "max_changes");
		cp_result_free(&r);
		o.max_changes = 0;
		cp_edivisive(s, 12, &o, &r, &why);
		cp_edivisive(s, 12, &o, &r2, &why);
		CHECK(r.n == 2 && r2.n == 2 && r.points[0].p == r2.points[0].p &&
		      r.points[0].index == 4 && r.points[1].index == 8,
		      "two steps: %zu points", r.n);
		cp_result_free(&r);
		cp_result_free(&r2);
	}
}

/* ---- generated histories with known change points ---------------------- */

struct scenario {
	const char *name;
	size_t n;		/* nights */
	size_t nsteps;
	double step_sd;		/* size of each step, in night-to-night sds */
	double outliers;	/* fraction of nights with a +5 sd outlier */
	double level;		/* 0: ecp's 5% and 199 permutations; else
				   this level with 499 (bench-history's 1%) */
};

struct tally {
	size_t series, truths, detected, false_points, series_with_false;
	double loc_error;	/* summed |found - true| of the detected */
};

#define TOL 2	/* a change point found within 2 nights of the truth counts */

static void simulate(const struct scenario *sc, size_t nseries, gsl_rng *g,
		     struct tally *t)
{
	struct cp_opts o = CP_OPTS_DEFAULT;
	double x[200];

	if (sc->level > 0) {
		o.sig_level = sc->level;
		o.permutations = 499;
	}
	size_t truth[4], s, i, j;

	memset(t, 0, sizeof(*t));
	for (s = 0; s < nseries; s++) {
		struct cp_result r;
		const char *why;
		double level = 100;
		size_t k = 0, nfalse = 0;

		/* steps at random nights, at least 2 * min_size apart and
		 * from the ends; alternate up and down */
		for (i = 0; i < sc->nsteps; i++) {
			size_t span = sc->n / sc->nsteps;
			size_t lo = i * span + 6, hi = (i + 1) * span - 6;

			truth[i] = lo + gsl_rng_uniform_int(g, hi - lo + 1);
		}
		for (i = 0; i < sc->n; i++) {
			if (k < sc->nsteps && i == truth[k]) {
				level += (k % 2 ? -1 : 1) * sc->step_sd * 0.5;
				k++;
			}
			/* night-to-night sd 0.5 on a level of 100 (0.5%) */
			x[i] = level + gsl_ran_gaussian(g, 0.5);
			if (gsl_rng_uniform(g) < sc->outliers)
				x[i] += 5 * 0.5;
		}
		o.seed = s + 1;
		if (cp_edivisive(x, sc->n, &o, &r, &why)) {
			CHECK(0, "%s: %s", sc->name, why);
			return;
		}
		t->series++;
		t->truths += sc->nsteps;
		for (i = 0; i < sc->nsteps; i++) {
			size_t best = (size_t)-1;

			for (j = 0; j < r.n; j++) {
				size_t d = r.points[j].index > truth[i] ?
					r.points[j].index - truth[i] :
					truth[i] - r.points[j].index;
				if (d < best)
					best = d;
			}
			if (best <= TOL) {
				t->detected++;
				t->loc_error += (double)best;
			}
		}
		for (j = 0; j < r.n; j++) {
			int near = 0;

			for (i = 0; i < sc->nsteps; i++)
				near |= (r.points[j].index > truth[i] ?
					 r.points[j].index - truth[i] :
					 truth[i] - r.points[j].index) <= TOL;
			nfalse += !near;
		}
		t->false_points += nfalse;
		t->series_with_false += nfalse > 0;
		cp_result_free(&r);
	}
}

static void test_simulation(void)
{
	static const struct scenario sc[] = {
		{ "no change, 40 nights", 40, 0, 0, 0, 0 },
		{ "no change, 40 nights, 3% outliers", 40, 0, 0, 0.03, 0 },
		{ "one step of 1 sd", 40, 1, 1, 0, 0 },
		{ "one step of 2 sd", 40, 1, 2, 0, 0 },
		{ "one step of 4 sd", 40, 1, 4, 0, 0 },
		{ "one step of 4 sd, 3% outliers", 40, 1, 4, 0.03, 0 },
		{ "two steps of 4 sd, 60 nights", 60, 2, 4, 0, 0 },
		/* bench-history's defaults: 1% a series, 499 permutations */
		{ "1%: no change, 40 nights", 40, 0, 0, 0, 0.01 },
		{ "1%: one step of 2 sd", 40, 1, 2, 0, 0.01 },
		{ "1%: one step of 4 sd", 40, 1, 4, 0, 0.01 },
	};
	const size_t nseries = 200;
	struct tally t[sizeof(sc) / sizeof(sc[0])];
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	size_t i;

	gsl_rng_set(g, 20260101);
	printf("generated histories (%zu series each, night sd 0.5%%, seeded):\n", nseries);
	printf("  %-36s %9s %9s %12s %9s\n", "scenario", "detected", "loc.err",
	       "false/series", "any false");
	/* detected: true steps found within 2 nights; loc.err: their mean
	 * distance; false/series: points not near a true step, per series;
	 * any false: series with at least one such point */
	for (i = 0; i < sizeof(sc) / sizeof(sc[0]); i++) {
		simulate(&sc[i], nseries, g, &t[i]);
		if (t[i].truths)
			printf("  %-36s %9.3f %9.3f", sc[i].name,
			       (double)t[i].detected / t[i].truths,
			       t[i].detected ? t[i].loc_error / t[i].detected : 0);
		else
			printf("  %-36s %9s %9s", sc[i].name, "-", "-");
		printf(" %12.3f %9.3f\n", (double)t[i].false_points / t[i].series,
		       (double)t[i].series_with_false / t[i].series);
	}
	gsl_rng_free(g);
	/*
	 * Bounds.  No change: the level is 5%; 200 series give 10 +/- 3.1
	 * false series, so 10% is 3 sd above it.  The steps' bounds sit
	 * below what the seeded run measures (printed above) with room for
	 * a change of the generator's draws, not of the method.
	 */
	CHECK((double)t[0].series_with_false / t[0].series <= 0.10,
	      "false alarms %zu/%zu", t[0].series_with_false, t[0].series);
	CHECK((double)t[1].series_with_false / t[1].series <= 0.10,
	      "false alarms with outliers %zu/%zu", t[1].series_with_false, t[1].series);
	CHECK((double)t[3].detected / t[3].truths >= 0.70, "2 sd detection %zu/%zu",
	      t[3].detected, t[3].truths);
	CHECK((double)t[4].detected / t[4].truths >= 0.97, "4 sd detection %zu/%zu",
	      t[4].detected, t[4].truths);
	CHECK(t[4].loc_error / t[4].detected <= 0.3, "4 sd location error %g",
	      t[4].loc_error / t[4].detected);
	CHECK((double)t[4].false_points / t[4].series <= 0.10, "4 sd extra points %zu",
	      t[4].false_points);
	CHECK((double)t[5].detected / t[5].truths >= 0.95, "4 sd + outliers detection %zu/%zu",
	      t[5].detected, t[5].truths);
	CHECK((double)t[6].detected / t[6].truths >= 0.95, "two steps detection %zu/%zu",
	      t[6].detected, t[6].truths);
	CHECK(t[6].loc_error / t[6].detected <= 0.5, "two steps location error %g",
	      t[6].loc_error / t[6].detected);
	CHECK((double)t[6].false_points / t[6].series <= 0.10, "two steps extra points %zu",
	      t[6].false_points);
	/* at 1%: 200 series give 2 +/- 1.4 false series; 5% is 2 sd above it */
	CHECK((double)t[7].series_with_false / t[7].series <= 0.05,
	      "1%% false alarms %zu/%zu", t[7].series_with_false, t[7].series);
	CHECK(t[7].series_with_false <= t[0].series_with_false,
	      "1%% has no more false alarms than 5%%: %zu %zu",
	      t[7].series_with_false, t[0].series_with_false);
	CHECK((double)t[9].detected / t[9].truths >= 0.95, "1%% 4 sd detection %zu/%zu",
	      t[9].detected, t[9].truths);
	CHECK((double)t[8].detected / t[8].truths >= 0.5, "1%% 2 sd detection %zu/%zu",
	      t[8].detected, t[8].truths);
	/* a small step is found less often than a large one */
	CHECK(t[2].detected < t[3].detected && t[3].detected <= t[4].detected,
	      "detection grows with the step: %zu %zu %zu", t[2].detected,
	      t[3].detected, t[4].detected);
}

int main(void)
{
	test_statistic();
	test_ecp_example();
	test_shift();
	test_refusals();
	test_simulation();
	printf("changepoint: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
