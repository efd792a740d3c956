// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of bench-stat's statistics against independent reference
 * values.  Each number says where it comes from.  "py-stdlib" means
 * recomputed here with Python's standard library only (statistics, math;
 * the t CDF by Simpson integration of the t density written out by hand):
 * the script is stats/tests/reference.py, its output is in its header.
 *
 * Prints one line per check and closes with "unit: N passed, N failed".
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bs.h"
#include "median-ci.h"
#include "check.h"


/* FreeBSD ministat's README and man page example data sets. */
static const double iguana[] = { 50, 200, 150, 400, 750, 400, 150 };
static const double chameleon[] = { 150, 400, 720, 500, 930 };

/* R's `sleep` data set (extra hours of sleep, group 1 and group 2). */
static const double sleep1[] = { 0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0 };
static const double sleep2[] = { 1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4 };

static void test_ministat(void)
{
	struct method_opts o = { .conf = 0.95, .seed = 1 };
	struct method_result r;

	/* ministat README: "No difference proven at 95.0% confidence" */
	CHECK(!method_student.run(iguana, 7, chameleon, 5, &o, &r), "student ran");
	CHECK(r.lo < 0 && r.hi > 0, "95%%: CI [%g, %g] must contain 0", r.lo, r.hi);
	CHECK(r.p >= 0.05, "95%%: p = %g must be >= 0.05", r.p);

	/*
	 * ministat -c 80: "Difference at 80.0% confidence / 240 +/- 212.215 /
	 * (Student's t, pooled s = 264.159)" (FreeBSD ministat prints B - A
	 * and the pooled SD; the Python port lebinh/ministat prints A - B,
	 * -240, and the standard error 154.676 as "pooled s").  ministat's
	 * +/- uses its 3-decimal t table (t = 1.372 for 10 df at 80%):
	 * 1.372 * 154.6757 = 212.215; GSL's exact t (1.3721836, py-stdlib)
	 * gives 212.2435, so the tolerance is 0.05.
	 */
	o.conf = 0.80;
	CHECK(!method_student.run(iguana, 7, chameleon, 5, &o, &r), "student ran");
	NEAR(r.diff, 240, 1e-9, "ministat 80% diff");
	NEAR((r.hi - r.lo) / 2, 212.215, 0.05, "ministat 80% +/-");
	NEAR((r.hi - r.lo) / 2, 212.2434619, 1e-4, "80% +/- with exact t (py-stdlib)");
	NEAR(r.pooled_s, 264.159, 5e-4, "ministat pooled s");
	NEAR(r.se, 154.676, 5e-4, "standard error (lebinh/ministat's 'pooled s')");
	CHECK(r.p < 0.20, "80%%: p = %g must be < 0.20", r.p);
	/* ministat's relative line: 80% +/- 70.7384% (212.215 / 300) */
	NEAR(r.diff / 300 * 100, 80, 1e-9, "relative diff %");
	NEAR((r.hi - r.lo) / 2 / 300 * 100, 70.7384, 0.02, "relative +/- %");
}

static void test_sleep(void)
{
	struct method_opts o = { .conf = 0.95, .seed = 1 };
	struct method_result r;

	/*
	 * R: t.test(extra ~ group, data = sleep) (R's documented example):
	 * t = -1.8608, df = 17.776, p-value = 0.07939, 95 percent CI
	 * -3.3654832 0.2054832 (group 1 - group 2; ours is B - A, so the
	 * signs flip).  py-stdlib: t 1.8608134675, df 17.7764735162,
	 * p 0.0793941, CI [-0.2054832307, 3.3654832307].
	 */
	CHECK(!method_welch.run(sleep1, 10, sleep2, 10, &o, &r), "welch ran");
	NEAR(r.stat, 1.8608134675, 1e-8, "welch t");
	NEAR(r.df, 17.7764735162, 1e-8, "welch df");
	NEAR(r.p, 0.07939, 5e-6, "welch p");
	NEAR(r.lo, -0.2054832, 1e-6, "welch CI low");
	NEAR(r.hi, 3.3654832, 1e-6, "welch CI high");

	/*
	 * R: t.test(extra ~ group, data = sleep, var.equal = TRUE):
	 * t = -1.8608, df = 18, p-value = 0.07919, CI -3.363874 0.203874.
	 */
	CHECK(!method_student.run(sleep1, 10, sleep2, 10, &o, &r), "student ran");
	NEAR(r.df, 18, 0, "student df");
	NEAR(r.p, 0.07919, 5e-6, "student p");
	NEAR(r.lo, -0.203874, 1e-6, "student CI low");
	NEAR(r.hi, 3.363874, 1e-6, "student CI high");

	/*
	 * R: wilcox.test(extra ~ group, data = sleep) ("cannot compute exact
	 * p-value with ties"): W = 25.5, p-value = 0.06933.  py-stdlib with
	 * average ranks, tie-corrected variance, continuity correction:
	 * U = 25.5, z = -1.81628, p = 0.0693276.
	 */
	CHECK(!method_mann_whitney.run(sleep1, 10, sleep2, 10, &o, &r), "mw ran");
	NEAR(r.stat, 25.5, 0, "Mann-Whitney U (R's W)");
	NEAR(r.p, 0.0693276, 1e-6, "Mann-Whitney p");
	/* symmetric: swapping the sides gives U' = na*nb - U, same p */
	CHECK(!method_mann_whitney.run(sleep2, 10, sleep1, 10, &o, &r), "mw ran");
	NEAR(r.stat, 100 - 25.5, 0, "Mann-Whitney U swapped");
	NEAR(r.p, 0.0693276, 1e-6, "Mann-Whitney p swapped");
}

/*
 * The same data paired (each of the 10 patients took both drugs), R's
 * documented example: t.test(extra ~ group, data = sleep, paired = TRUE):
 * t = -4.0621, df = 9, p-value = 0.002833, 95 percent CI -2.4598858
 * -0.7001142, mean difference -1.58 (group 1 - group 2; ours is B - A).
 * By hand: d = 1.2 2.4 1.3 1.3 0 1 1.8 0.8 4.6 1.4, mean 1.58, sum of
 * squared deviations 13.616, sd 1.229995, se 0.388960, t 4.062127,
 * t(0.975, 9) = 2.262157, CI 1.58 -/+ 0.879882.
 */
static void test_paired_sleep(void)
{
	struct method_opts o = { .conf = 0.95, .seed = 1 };
	struct method_result r;
	const double shift[3] = { 100, 200, 300 }, up[3] = { 101, 203, 302 };

	CHECK(!method_paired.run(sleep1, 10, sleep2, 10, &o, &r), "paired ran");
	NEAR(r.diff, 1.58, 1e-12, "paired mean difference");
	NEAR(r.stat, 4.062127, 1e-6, "paired t");
	NEAR(r.df, 9, 0, "paired df");
	NEAR(r.p, 0.002833, 5e-7, "paired p");
	NEAR(r.lo, 0.7001142, 1e-7, "paired CI low");
	NEAR(r.hi, 2.4598858, 1e-7, "paired CI high");
	/* a common shift per pair cancels: differences 1, 3, 2 */
	CHECK(!method_paired.run(shift, 3, up, 3, &o, &r), "paired ran on drift");
	NEAR(r.diff, 2, 1e-12, "paired: drift cancels");
	NEAR(r.se, 1 / sqrt(3.0), 1e-12, "paired se = sd(d)/sqrt(n)");
	CHECK(method_paired.run(sleep1, 10, sleep2, 9, &o, &r) && !r.valid,
	      "paired refuses unequal lengths");
	CHECK(method_paired.run(sleep1, 1, sleep2, 1, &o, &r) && !r.valid,
	      "paired refuses one pair");
}

static void test_mw_exact(void)
{
	struct method_opts o = { .conf = 0.95 };
	struct method_result r;
	const double a[] = { 1, 2, 3 }, b[] = { 4, 5, 6 };
	const double c[] = { 1, 3, 5 }, d[] = { 2, 4, 6 };

	/* by hand: U = 0 is 1 of C(6,3) = 20 orderings; two-sided 2/20 */
	CHECK(!method_mann_whitney.run(a, 3, b, 3, &o, &r), "mw exact ran");
	NEAR(r.stat, 0, 0, "exact U");
	NEAR(r.p, 0.1, 1e-12, "exact p, complete separation, 3+3");
	/*
	 * by hand: the null counts of U for 3+3 are 1 1 2 3 3 3 3 2 1 1
	 * (U = 0..9); U = 3: P(U <= 3) = 7/20, two-sided 0.7.  R:
	 * wilcox.test(c(1,3,5), c(2,4,6)) -> W = 3, p-value = 0.7.
	 */
	CHECK(!method_mann_whitney.run(c, 3, d, 3, &o, &r), "mw exact ran");
	NEAR(r.stat, 3, 0, "exact U interleaved");
	NEAR(r.p, 0.7, 1e-12, "exact p interleaved");
}

static void test_edge(void)
{
	struct method_opts o = { .conf = 0.95, .seed = 1 };
	struct method_result r;
	const double c5[] = { 5, 5, 5, 5 }, c7[] = { 7, 7, 7, 7 }, one[] = { 1 };
	const double tied[] = { 3, 3, 3 };

	CHECK(method_welch.run(one, 1, c5, 4, &o, &r) && !r.valid && r.why,
	      "one sample: welch must refuse");
	CHECK(method_student.run(c5, 4, one, 1, &o, &r) && !r.valid,
	      "one sample: student must refuse");
	CHECK(method_welch.run(c5, 4, c7, 4, &o, &r) && !r.valid,
	      "constant, different: cannot judge");
	CHECK(!method_welch.run(c5, 4, c5, 4, &o, &r) && r.valid && r.p == 1,
	      "constant, equal: p = 1");
	CHECK(!method_mann_whitney.run(tied, 3, tied, 3, &o, &r) && r.p == 1,
	      "all tied: Mann-Whitney p = 1");
	/* one constant side, one varying: Welch still defined (df = nb - 1) */
	{
		const double v[] = { 6, 7, 8 };

		CHECK(!method_welch.run(c5, 4, v, 3, &o, &r), "welch one constant side");
		/* by hand: se = sqrt(1/3), t = 2/0.57735 = 3.4641, df = 2 */
		NEAR(r.stat, 3.4641016151, 1e-9, "welch t, one constant side");
		NEAR(r.df, 2, 1e-12, "welch df, one constant side");
	}
}

static void test_describe(void)
{
	static const double v[] = { 14, 3, 100, 7, 1, 9, 12, 5, 15, 2, 8, 4, 11, 6, 10, 13 };
	struct side s = { 0 };
	struct cell c = { 0 };
	struct summary sm;
	uint32_t rid[16] = { 0 };
	struct runid run = { 0, 0 };

	s.runs = &run;
	s.nruns = 1;
	s.nfiles = 1;
	s.mode = RUN_BY_BLOCK;
	c.v = (double *)v;
	c.rid = rid;
	c.n = 16;
	CHECK(!summarize(&s, &c, &sm), "summarize");
	/* by hand: 1..15 and 100 */
	NEAR(sm.min, 1, 0, "min");
	NEAR(sm.max, 100, 0, "max");
	NEAR(sm.median, 8.5, 0, "median");
	NEAR(sm.mean, 220.0 / 16, 1e-12, "mean (120 + 100) / 16");
	/* octiles off: floor(16 / 8) = 2 from each end -> mean of 3..14 */
	NEAR(sm.trmean, 8.5, 1e-12, "trimmed mean");
	/* R quantile type 7: h = 15 * 0.25 = 3.75 -> 4 + 0.75 * 1 */
	NEAR(sm.p25, 4.75, 1e-12, "p25");
	/* h = 15 * 0.95 = 14.25 -> 15 + 0.25 * 85 */
	NEAR(sm.p95, 36.25, 1e-12, "p95");
	CHECK(sm.runs == 1, "one run: %zu", sm.runs);
	summary_free(&sm);
}

static void test_power(void)
{
	double p[] = { 0.01, 0.04, 0.03, 0.005 }, adj[4];
	const double a[] = { 1, 2, 3 }, b[] = { 3, 4, 5 };

	/* R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02 */
	holm_adjust(p, 4, adj);
	NEAR(adj[0], 0.03, 1e-12, "holm 1");
	NEAR(adj[1], 0.06, 1e-12, "holm 2");
	NEAR(adj[2], 0.06, 1e-12, "holm 3");
	NEAR(adj[3], 0.02, 1e-12, "holm 4");

	/* by hand: d = (4 - 2) / 1 = 2, J = 1 - 3 / (4 * 4 - 1) = 0.8 */
	NEAR(hedges_g(a, 3, b, 3), 1.6, 1e-12, "Hedges' g");

	/*
	 * Exact noncentral t against R 4.2.2's power.t.test(strict = TRUE)
	 * (stats/tests/power.R prints these).  Two-sample, n per side:
	 * se = sd * sqrt(2 / n), df = 2n - 2; paired, n pairs: se = sd / sqrt(n),
	 * df = n - 1.
	 */
	/* power.t.test(n = 2, delta = 1, sd = 1, strict = TRUE)$power */
	NEAR(achieved_power(1, sqrt(2.0 / 2), 2, 0.05), 0.0952017555, 1e-9,
	     "power, 2 vs 2 runs");
	/* power.t.test(n = 3, delta = 1, sd = 1, strict = TRUE)$power */
	NEAR(achieved_power(1, sqrt(2.0 / 3), 4, 0.05), 0.15879087, 1e-8,
	     "power, 3 vs 3 runs");
	/* power.t.test(n = 20, delta = 1, sd = 1, strict = TRUE)$power */
	NEAR(achieved_power(1, sqrt(2.0 / 20), 38, 0.05), 0.8689530277, 1e-9,
	     "power, 20 vs 20 runs");
	/* power.t.test(n = 8, delta = 1, sd = 1, strict = TRUE, type = "paired")$power */
	NEAR(achieved_power(-1, 1 / sqrt(8.0), 7, 0.05), 0.6808339582, 1e-9,
	     "power, 8 pairs (sign of diff irrelevant)");
	/* power.t.test(n = 5, delta = 2, sd = 1.5, strict = TRUE, type = "paired")$power */
	NEAR(achieved_power(2, 1.5 / sqrt(5.0), 4, 0.05), 0.6141874432, 1e-9,
	     "power, 5 pairs");
	/* power.t.test(n = 2, delta = 0, sd = 1, strict = TRUE)$power = 0.05 */
	NEAR(achieved_power(0, 1, 2, 0.05), 0.05, 1e-12, "power of no effect = alpha");
	/*
	 * The deltas with tol = 1e-12 (power.t.test's default uniroot tol,
	 * 1.2e-4, leaves them about 1e-6 off):
	 * power.t.test(n = 4, sd = 1, power = 0.8, strict = TRUE, tol = 1e-12)$delta
	 */
	NEAR(min_detectable_diff(sqrt(2.0 / 4), 6, 0.05, 0.8), 2.380754213, 1e-8,
	     "mdd, 4 vs 4 runs");
	/* power.t.test(n = 10, sd = 2, power = 0.8, strict = TRUE, type = "paired", tol = 1e-12)$delta */
	NEAR(min_detectable_diff(2 / sqrt(10.0), 9, 0.05, 0.8), 1.992002743, 1e-8,
	     "mdd, 10 pairs");
	/* power.t.test(n = 6, sd = 1, power = 0.8, strict = TRUE, sig.level = 0.01, tol = 1e-12)$delta */
	NEAR(min_detectable_diff(sqrt(2.0 / 6), 10, 0.01, 0.8), 2.376167822, 1e-8,
	     "mdd, 6 vs 6 runs, alpha 0.01");
	/* power.t.test(delta = 1, sd = 1, power = 0.9, strict = TRUE)$n = 22.0210906 */
	NEAR(runs_needed(1, 1, 1, 0.05, 0.90), 23, 0, "n for 90% power, rounded up");
	/* power.t.test(delta = 1, sd = 2, power = 0.8, strict = TRUE)$n = 63.76561017 */
	NEAR(runs_needed(2, 2, 1, 0.05, 0.80), 64, 0, "n for 80% power, sd 2");
	/* power.t.test(delta = 0.5, sd = 1, power = 0.8, strict = TRUE, type = "paired")$n = 33.3671291 */
	NEAR(pairs_needed(1, 0.5, 0.05, 0.80), 34, 0, "pairs for 80% power");
	/* power at the minimum detectable difference is the asked power */
	NEAR(achieved_power(min_detectable_diff(0.5, 30, 0.05, 0.8), 0.5, 30, 0.05),
	     0.8, 1e-9, "power(mdd) = 0.8");
	CHECK(achieved_power(0, 1, 30, 0.05) < 0.06, "power of no effect ~ alpha");
}

/*
 * Wilcoxon signed-rank with Hodges-Lehmann against R 4.2.2:
 * wilcox.test(B, A, paired = TRUE, conf.int = TRUE) (stats/tests/
 * wilcoxon-signed.R prints every number below).  In the normal
 * approximation R finds the estimate and the ends with uniroot(tol =
 * 1e-4), so R's numbers are within 1e-4 of the true crossings; those lie on
 * Walsh averages, which ours hits to 1e-9 where they are plain (sleep).
 */
static void check_wsr(const char *what, const double *a, const double *b,
		      size_t n, double conf, double v, double p, double est,
		      double lo, double hi, double tol, int exact)
{
	struct method_opts o = { .conf = conf };
	struct method_result r;
	char buf[128];

	CHECK(!method_wilcoxon_signed.run(a, n, b, n, &o, &r), "%s ran: %s", what,
	      r.why ? r.why : "");
	snprintf(buf, sizeof(buf), "%s V", what);
	NEAR(r.stat, v, 1e-12, buf);
	snprintf(buf, sizeof(buf), "%s p", what);
	NEAR(r.p, p, 1e-12, buf);
	snprintf(buf, sizeof(buf), "%s estimate", what);
	NEAR(r.diff, est, tol, buf);
	snprintf(buf, sizeof(buf), "%s CI low", what);
	NEAR(r.lo, lo, tol, buf);
	snprintf(buf, sizeof(buf), "%s CI high", what);
	NEAR(r.hi, hi, tol, buf);
	CHECK((r.df < 0) == exact, "%s: exact %d, want %d", what, r.df < 0, exact);
}

static void test_wilcoxon_signed_rank(void)
{
	/* ?wilcox.test's example (Hollander & Wolfe): x - y, x = B */
	static const double x[] = { 1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30 };
	static const double y[] = { 0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29 };
	/* one level shift inside one of 8 rounds (round 6: +46) */
	static const double a3[] = { 300.5, 301.25, 299.75, 302.125, 300.875, 301.5, 300.25, 301.875 };
	static const double b3[] = { 303.25, 303.625, 302.25, 304.75, 303.0, 348.0, 303.125, 304.125 };
	/* integer block medians, ties and zero differences, 20 rounds */
	static const double a5[] = { 290, 291, 290, 292, 291, 290, 293, 291, 290, 292,
				     291, 291, 290, 292, 290, 291, 293, 290, 291, 292 };
	static const double b5[] = { 293, 290, 292, 294, 291, 295, 294, 293, 292, 294,
				     292, 297, 291, 294, 293, 292, 299, 292, 291, 340 };
	static const double z3[] = { 0, 0, 0 }, t3[] = { 2, 5, 9 };
	double a4[60], b4[60], same[4] = { 1, 2, 3, 4 };
	struct method_opts o = { .conf = 0.95 };
	struct method_result r, t;
	int i;

	/* V 40 p 0.0390625 est 0.46 ci 0.01 0.786 (exact) */
	check_wsr("depression", y, x, 9, 0.95, 40, 0.0390625, 0.46, 0.01, 0.786, 1e-12, 1);
	/* conf.level = 0.9: ci 0.175 0.726 */
	check_wsr("depression 90%", y, x, 9, 0.90, 40, 0.0390625, 0.46, 0.175, 0.726, 1e-12, 1);
	/*
	 * sleep: V 45 p 0.00909069801592506 est 1.40002084226989 ci
	 * 1.05001799066454 2.94992079954078 (normal: a zero and ties); the
	 * crossings are the Walsh averages 1.4, 1.05 and 2.95
	 */
	check_wsr("sleep", sleep1, sleep2, 10, 0.95, 45, 0.00909069801592506,
		  1.40002084226989, 1.05001799066454, 2.94992079954078, 1e-4, 0);
	check_wsr("sleep, Walsh averages", sleep1, sleep2, 10, 0.95, 45,
		  0.00909069801592506, 1.4, 1.05, 2.95, 1e-9, 0);
	/* snapped to the Walsh averages themselves: (0.8 + 1.3) / 2 etc. */
	{
		struct method_result s;

		CHECK(!method_wilcoxon_signed.run(sleep1, 10, sleep2, 10, &o, &s), "sleep ran");
		CHECK(s.lo == (0.8 + 1.3) / 2 && s.diff == (1.4 + 1.4) / 2,
		      "sleep: ends on Walsh averages exactly: lo %.17g diff %.17g", s.lo, s.diff);
	}
	/*
	 * The level shift: V 36 p 0.0078125 est 2.5625 ci 2.25 24.5625
	 * (exact): the outlying pair is one rank.  The paired t of the same
	 * pairs, t.test(b3, a3, paired = TRUE)$conf.int: -5.00711269597388
	 * 21.00711269597388: it follows the outlier and includes 0.
	 */
	check_wsr("level shift", a3, b3, 8, 0.95, 36, 0.0078125, 2.5625, 2.25, 24.5625, 1e-12, 1);
	CHECK(!method_paired.run(a3, 8, b3, 8, &o, &t), "paired t on the shift");
	NEAR(t.lo, -5.00711269597388, 1e-9, "paired t CI low, level shift");
	NEAR(t.hi, 21.00711269597388, 1e-9, "paired t CI high, level shift");
	/*
	 * 60 pairs, no ties (normal, n >= 50): a4 = 300 + 20 cos(i),
	 * b4 = a4 + 10 sin(1.7 i) + 0.05 i, i = 1..60 (R's estimate: see below): V 1171 p
	 * 0.0599869427351742 est 1.6344230300412 ci -0.0835595606535821
	 * 3.51507522504454
	 */
	for (i = 1; i <= 60; i++) {
		a4[i - 1] = 300 + 20 * cos(i);
		b4[i - 1] = a4[i - 1] + 10 * sin(1.7 * i) + 0.05 * i;
	}
	check_wsr("sixty", a4, b4, 60, 0.95, 1171, 0.0599869427351742, 1.63452174398712,
		  -0.0835595606535821, 3.51507522504454, 1e-4, 0);
	/*
	 * n(n+1)/4 = 915 is whole: the uncorrected statistic is 0 between the
	 * Walsh averages 1.63395061429466 and 1.63509287367958 (R: x <- b4 -
	 * a4; d <- outer(x, x, "+"); d <- sort(d[!lower.tri(d)]) / 2;
	 * d[915], d[916]); R's uniroot stops anywhere in it, ours takes the
	 * middle, median(d) = 1.63452174398712.
	 */
	CHECK(!method_wilcoxon_signed.run(a4, 60, b4, 60, &o, &r), "sixty ran");
	NEAR(r.diff, 1.63452174398712, 1e-9, "sixty: estimate = median of the Walsh averages");
	/*
	 * integers: V 168 p 0.000312618104141293 est 2.00004820812302 ci
	 * 1.50003413640633 3.99998825168413 (Walsh averages 2, 1.5, 4)
	 */
	check_wsr("integers", a5, b5, 20, 0.95, 168, 0.000312618104141293,
		  2.00004820812302, 1.50003413640633, 3.99998825168413, 1e-4, 0);
	check_wsr("integers, Walsh averages", a5, b5, 20, 0.95, 168,
		  0.000312618104141293, 2, 1.5, 4, 1e-9, 0);
	/* three pairs: V 6 p 0.25 est 5.25 ci 2 9, conf.level reached 0.75 */
	check_wsr("three", z3, t3, 3, 0.95, 6, 0.25, 5.25, 2, 9, 1e-12, 1);
	CHECK(!method_wilcoxon_signed.run(z3, 3, t3, 3, &o, &r), "three ran");
	NEAR(r.achieved_conf, 0.75, 1e-12, "three: achieved confidence");
	/* equal pairs: no difference, p = 1; a constant shift: no interval */
	CHECK(!method_wilcoxon_signed.run(same, 4, same, 4, &o, &r) && r.p == 1 &&
	      r.diff == 0, "equal pairs: p = 1, estimate 0");
	for (i = 0; i < 4; i++)
		b4[i] = same[i] + 2;
	CHECK(method_wilcoxon_signed.run(same, 4, b4, 4, &o, &r) && !r.valid,
	      "constant difference: refused");
	CHECK(method_wilcoxon_signed.run(same, 4, b4, 3, &o, &r) && !r.valid,
	      "unequal lengths: refused");
}

/*
 * Variance components against R 4.2.2 (stats/tests/variance.R): the mean
 * squares of anova(lm(y ~ boot / block)) and, balanced, the components
 * (MS_boot - MS_block) / (r n), (MS_block - MS_within) / n, MS_within.
 */
static void test_variance_components(void)
{
	static const double y[36] = {
		10, 12, 11, 13, 14, 15, 13, 14, 11, 10, 12, 11,
		20, 19, 21, 22, 18, 17, 19, 18, 21, 23, 22, 20,
		15, 16, 14, 15, 13, 12, 14, 13, 16, 18, 17, 17 };
	static const double d[12] = { 3.1, 2.9, 3.4, 3.0, 5.2, 4.8, 5.1, 4.9,
				      1.0, 1.4, 0.8, 1.2 };
	size_t boot[36], block[36], g[12], i, k;
	double yu[36], msb, msw, vb, vw;
	size_t bu[36], ku[36];
	struct varcomp vc;

	for (i = 0; i < 36; i++) {
		boot[i] = i / 12;
		block[i] = i / 4;
	}
	CHECK(!nested_components(y, boot, block, 36, &vc), "nested ran");
	/* anova: boot 2 df MS 188.77777777778, boot:block 6 df 13.11111111111,
	 * residuals 27 df 1 */
	NEAR(vc.ms_boot, 188.777777777778, 1e-9, "MS boot");
	NEAR(vc.ms_block, 13.1111111111111, 1e-9, "MS block");
	NEAR(vc.ms_within, 1, 1e-12, "MS within");
	CHECK(vc.df_boot == 2 && vc.df_block == 6 && vc.df_within == 27,
	      "df %g %g %g", vc.df_boot, vc.df_block, vc.df_within);
	/* components: boot 14.6388888888889, block 3.02777777777778, within 1 */
	NEAR(vc.boot, 14.6388888888889, 1e-9, "component between boots");
	NEAR(vc.block, 3.02777777777778, 1e-9, "component between blocks");
	NEAR(vc.within, 1, 1e-12, "component within blocks");
	CHECK(vc.boots == 3 && vc.blocks == 9, "3 boots, 9 blocks");

	/* unbalanced: samples 4, 5, 6 and 33..36 (1-based) left out; anova:
	 * MS 199.785440613027, 8.74444444444444, 0.976190476190476 */
	for (i = 0, k = 0; i < 36; i++) {
		if (i == 3 || i == 4 || i == 5 || i >= 32)
			continue;
		yu[k] = y[i];
		bu[k] = boot[i];
		ku[k++] = block[i];
	}
	CHECK(!nested_components(yu, bu, ku, k, &vc), "nested unbalanced ran");
	NEAR(vc.ms_boot, 199.785440613027, 1e-9, "MS boot, unbalanced");
	NEAR(vc.ms_block, 8.74444444444444, 1e-9, "MS block, unbalanced");
	NEAR(vc.ms_within, 0.976190476190476, 1e-12, "MS within, unbalanced");
	CHECK(vc.df_boot == 2 && vc.df_block == 5 && vc.df_within == 21,
	      "unbalanced df %g %g %g", vc.df_boot, vc.df_block, vc.df_within);

	/* one file: no boot component */
	for (i = 0; i < 12; i++)
		boot[i] = 0;
	CHECK(!nested_components(y, boot, block, 12, &vc) && isnan(vc.boot) &&
	      vc.boots == 1, "one boot: the boot component is NAN");

	/* one-way on per-round differences: anova(lm(d ~ g)): MS 15.2133333333333
	 * and 0.0488888888888888; components 3.79111111111111 and MS within */
	for (i = 0; i < 12; i++)
		g[i] = i / 4;
	CHECK(!oneway_components(d, g, 12, &msb, &msw, &vb, &vw), "oneway ran");
	NEAR(msb, 15.2133333333333, 1e-9, "one-way MS between");
	NEAR(msw, 0.0488888888888888, 1e-12, "one-way MS within");
	NEAR(vb, 3.79111111111111, 1e-9, "one-way component between");
	NEAR(vw, 0.0488888888888888, 1e-12, "one-way component within");
}

/*
 * Wilson score intervals against R 4.2.2:
 * prop.test(k, n, correct = FALSE, conf.level = c)$conf.int
 */
static void test_wilson(void)
{
	static const struct { unsigned long k, n; double conf, lo, hi; } w[] = {
		{ 5, 100, 0.95, 0.0215436791544, 0.111750469232 },	/* prop.test(5, 100, correct = FALSE) */
		{ 0, 100, 0.95, 0, 0.036993498207 },			/* prop.test(0, 100, correct = FALSE) */
		{ 100, 100, 0.95, 0.963006501793, 1 },			/* prop.test(100, 100, correct = FALSE) */
		{ 7, 10, 0.999, 0.249641594329, 0.94241157056 },	/* prop.test(7, 10, correct = FALSE, conf.level = 0.999) */
		{ 1, 3, 0.90, 0.0782657263337, 0.746466131719 },	/* prop.test(1, 3, correct = FALSE, conf.level = 0.9) */
		{ 50, 1000, 0.99, 0.0350250757225, 0.0709069726905 },	/* prop.test(50, 1000, correct = FALSE, conf.level = 0.99) */
	};
	double lo, hi;
	size_t i;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		CHECK(!wilson_interval(w[i].k, w[i].n, w[i].conf, &lo, &hi),
		      "wilson %lu/%lu ran", w[i].k, w[i].n);
		NEAR(lo, w[i].lo, 1e-11, "wilson lower");
		NEAR(hi, w[i].hi, 1e-11, "wilson upper");
	}
	CHECK(wilson_interval(1, 0, 0.95, &lo, &hi), "wilson refuses n = 0");
	CHECK(wilson_interval(5, 4, 0.95, &lo, &hi), "wilson refuses k > n");
}

static void test_bootstrap(void)
{
	struct method_opts o = { .conf = 0.95, .seed = 42, .resamples = 2000 };
	struct method_result r1, r2, r3;

	CHECK(!method_bootstrap_median.run(sleep1, 10, sleep2, 10, &o, &r1), "boot ran");
	CHECK(!method_bootstrap_median.run(sleep1, 10, sleep2, 10, &o, &r2), "boot ran");
	CHECK(r1.lo == r2.lo && r1.hi == r2.hi && r1.p == r2.p,
	      "same seed, same interval: [%g, %g] vs [%g, %g]", r1.lo, r1.hi, r2.lo, r2.hi);
	o.seed = 43;
	CHECK(!method_bootstrap_median.run(sleep1, 10, sleep2, 10, &o, &r3), "boot ran");
	CHECK(r3.lo != r1.lo || r3.hi != r1.hi || r3.p != r1.p,
	      "another seed, another interval");
	/* median(sleep2) - median(sleep1) = 1.75 - 0.35 = 1.4, by hand */
	NEAR(r1.diff, 1.4, 1e-12, "bootstrap estimate = median difference");
	CHECK(r1.lo <= r1.diff && r1.diff <= r1.hi, "estimate inside its interval");
	CHECK(r1.resamples == 2000, "resamples used");
}

/*
 * The median's CI by order statistics (median-ci.h).  Expected ranks and
 * coverage from R 4.2 (conf in 0.95, 0.99, 0.80, 0.5; n as listed):
 *   r <- function(n, conf) { k <- 0:n; max(k[pbinom(k - 1, n, 0.5) <= (1 - conf) / 2]) }
 *   lo <- r(n, conf); hi <- n + 1 - lo; 1 - 2 * pbinom(lo - 1, n, 0.5)
 * lo = 0: no interval reaches conf (the coverage column is then that of
 * [x_(1), x_(n)], 1 - 2 * 0.5^n).  n = 100 at 95%: 40..61 (nightly's old
 * ranks, bench-plot's 41..61 was too narrow at the bottom); n = 25:
 * 8..18 (nightly's old 8..19 was one too wide at the top).
 */
static void test_median_ci(void)
{
	static const struct {
		double conf;
		size_t n, lo, hi;
		double achieved;
	} ref[] = {
		{ 0.95, 1, 0, 0, 0.000000000000 },
		{ 0.95, 2, 0, 0, 0.500000000000 },
		{ 0.95, 5, 0, 0, 0.937500000000 },
		{ 0.95, 6, 1, 6, 0.968750000000 },
		{ 0.95, 7, 1, 7, 0.984375000000 },
		{ 0.95, 8, 1, 8, 0.992187500000 },
		{ 0.95, 9, 2, 8, 0.960937500000 },
		{ 0.95, 12, 3, 10, 0.961425781250 },
		{ 0.95, 17, 5, 13, 0.950958251953 },
		{ 0.95, 25, 8, 18, 0.956714749336 },
		{ 0.95, 26, 8, 19, 0.971040725708 },
		{ 0.95, 99, 40, 60, 0.956124706413 },
		{ 0.95, 100, 40, 61, 0.964799799782 },
		{ 0.95, 101, 41, 61, 0.953955933071 },
		{ 0.95, 256, 112, 145, 0.961048165838 },
		{ 0.95, 999, 469, 531, 0.950244462718 },
		{ 0.95, 1000, 469, 532, 0.953708802640 },
		{ 0.95, 100000, 49690, 50311, 0.950444285330 },
		{ 0.99, 1, 0, 0, 0.000000000000 },
		{ 0.99, 2, 0, 0, 0.500000000000 },
		{ 0.99, 5, 0, 0, 0.937500000000 },
		{ 0.99, 6, 0, 0, 0.968750000000 },
		{ 0.99, 7, 0, 0, 0.984375000000 },
		{ 0.99, 8, 1, 8, 0.992187500000 },
		{ 0.99, 9, 1, 9, 0.996093750000 },
		{ 0.99, 12, 2, 11, 0.993652343750 },
		{ 0.99, 17, 3, 15, 0.997650146484 },
		{ 0.99, 25, 6, 20, 0.995922684669 },
		{ 0.99, 26, 7, 20, 0.990644693375 },
		{ 0.99, 99, 37, 63, 0.991366413057 },
		{ 0.99, 100, 37, 64, 0.993362879484 },
		{ 0.99, 101, 38, 64, 0.990664951879 },
		{ 0.99, 256, 107, 150, 0.992918725942 },
		{ 0.99, 999, 459, 541, 0.990557635201 },
		{ 0.99, 1000, 459, 542, 0.991360050998 },
		{ 0.99, 100000, 49593, 50408, 0.990041541199 },
		{ 0.80, 1, 0, 0, 0.000000000000 },
		{ 0.80, 2, 0, 0, 0.500000000000 },
		{ 0.80, 5, 1, 5, 0.937500000000 },
		{ 0.80, 6, 1, 6, 0.968750000000 },
		{ 0.80, 7, 2, 6, 0.875000000000 },
		{ 0.80, 8, 2, 7, 0.929687500000 },
		{ 0.80, 9, 3, 7, 0.820312500000 },
		{ 0.80, 12, 4, 9, 0.854003906250 },
		{ 0.80, 17, 6, 12, 0.856536865234 },
		{ 0.80, 25, 9, 17, 0.892247855663 },
		{ 0.80, 26, 10, 17, 0.831362456083 },
		{ 0.80, 99, 43, 57, 0.840930348119 },
		{ 0.80, 100, 44, 57, 0.806652095504 },
		{ 0.80, 101, 44, 58, 0.836720738149 },
		{ 0.80, 256, 118, 139, 0.810752167079 },
		{ 0.80, 999, 479, 521, 0.816121014615 },
		{ 0.80, 1000, 480, 521, 0.805233671538 },
		{ 0.80, 100000, 49797, 50204, 0.801922341257 },
		{ 0.50, 1, 0, 0, 0.000000000000 },
		{ 0.50, 2, 1, 2, 0.500000000000 },
		{ 0.50, 5, 2, 4, 0.625000000000 },
		{ 0.50, 6, 2, 5, 0.781250000000 },
		{ 0.50, 7, 3, 5, 0.546875000000 },
		{ 0.50, 8, 3, 6, 0.710937500000 },
		{ 0.50, 9, 3, 7, 0.820312500000 },
		{ 0.50, 12, 5, 8, 0.612304687500 },
		{ 0.50, 17, 7, 11, 0.667694091797 },
		{ 0.50, 25, 11, 15, 0.575643777847 },
		{ 0.50, 26, 11, 16, 0.673060417175 },
		{ 0.50, 99, 46, 54, 0.578476656384 },
		{ 0.50, 100, 47, 54, 0.515881586393 },
		{ 0.50, 101, 47, 55, 0.573839984533 },
		{ 0.50, 256, 123, 134, 0.508157150019 },
		{ 0.50, 999, 489, 511, 0.513583181992 },
		{ 0.50, 1000, 489, 512, 0.532954878347 },
		{ 0.50, 100000, 49893, 50108, 0.503425501202 },
	};
	double v[1000], lo, hi, ach;
	size_t i, rl, rh;

	for (i = 0; i < sizeof(ref) / sizeof(ref[0]); i++) {
		int rc = median_ci_ranks(ref[i].n, ref[i].conf, &rl, &rh, &ach);

		CHECK(rc == (ref[i].lo ? 0 : -1) && rl == ref[i].lo && rh == ref[i].hi,
		      "median CI ranks n=%zu conf=%g: rc %d, %zu..%zu, want %zu..%zu",
		      ref[i].n, ref[i].conf, rc, rl, rh, ref[i].lo, ref[i].hi);
		NEAR(ach, ref[i].achieved, 1e-11, "median CI coverage");
	}
	CHECK(median_ci_ranks(0, 0.95, &rl, &rh, &ach) == -1 && rl == 0 && ach == 0,
	      "n = 0 has no median CI");
	/* the values at those ranks: x = 1..n, so x_(k) = k */
	for (i = 0; i < 1000; i++)
		v[i] = i + 1;
	CHECK(!median_ci(v, 100, 0.95, &lo, &hi, &ach) && lo == 40 && hi == 61,
	      "median_ci of 1..100: [%g, %g], want [40, 61]", lo, hi);
	CHECK(!median_ci(v, 25, 0.95, &lo, &hi, &ach) && lo == 8 && hi == 18,
	      "median_ci of 1..25: [%g, %g], want [8, 18]", lo, hi);
	CHECK(median_ci(v, 5, 0.95, &lo, &hi, &ach) == -1 && isnan(lo) && isnan(hi),
	      "median_ci of 5 values at 95%%: none, got [%g, %g]", lo, hi);
}

/*
 * The sign test (method-sign.c), found through the method table as any
 * caller would.  Reference values: Rscript tests/sign.R (binom.test and
 * the order statistics of the differences).
 */
static void test_sign(void)
{
	const struct stat_method *m = stat_method_find("sign");
	struct method_opts o = { .conf = 0.95, .seed = 1 };
	struct method_result r;
	const double z[7] = { 0 }, d7[7] = { -3, -1, 2, 5, 7, 8, 9 };
	const double d5[5] = { 1, 2, -1, 4, 5 };

	CHECK(m && m->beside && m->design == METHOD_PAIRED && m->text && m->json,
	      "the sign test is in the table, paired, shown beside");
	if (!m)
		return;
	CHECK(!m->run(sleep1, 10, sleep2, 10, &o, &r), "sign test ran");
	/* R: positive 9 nonzero 9 p 0.00390625 median 1.3 ci [0.8, 2.4] coverage 0.978515625 */
	CHECK(r.stat == 9 && r.n == 9, "sign: %g of %zu positive, want 9 of 9", r.stat, r.n);
	NEAR(r.p, 0.00390625, 1e-15, "sign p");
	NEAR(r.diff, 1.3, 1e-12, "sign median difference");
	NEAR(r.lo, 0.8, 1e-12, "sign CI low");
	NEAR(r.hi, 2.4, 1e-12, "sign CI high");
	NEAR(r.achieved_conf, 0.978515625, 1e-12, "sign CI coverage");
	/* R: positive 0 nonzero 9 p 0.00390625 median -1.3 ci [-2.4, -0.8] */
	CHECK(!m->run(sleep2, 10, sleep1, 10, &o, &r) && r.stat == 0 && r.n == 9,
	      "sign reversed: %g of %zu", r.stat, r.n);
	NEAR(r.p, 0.00390625, 1e-15, "sign reversed p");
	NEAR(r.lo, -2.4, 1e-12, "sign reversed CI low");
	NEAR(r.hi, -0.8, 1e-12, "sign reversed CI high");
	/* R: positive 5 nonzero 7 p 0.453125 median 5 ci [-3, 9] coverage 0.984375 */
	CHECK(!m->run(z, 7, d7, 7, &o, &r) && r.stat == 5 && r.n == 7, "sign 5 of 7");
	NEAR(r.p, 0.453125, 1e-15, "sign 5 of 7 p");
	NEAR(r.diff, 5, 0, "sign 5 of 7 median");
	NEAR(r.lo, -3, 0, "sign 5 of 7 CI low");
	NEAR(r.hi, 9, 0, "sign 5 of 7 CI high");
	/* R: positive 4 nonzero 5 p 0.375 median 2, no 95% interval of 5 */
	CHECK(!m->run(z, 5, d5, 5, &o, &r) && r.stat == 4 && isnan(r.lo) && isnan(r.hi),
	      "sign 4 of 5: no interval");
	NEAR(r.p, 0.375, 1e-15, "sign 4 of 5 p");
	CHECK(m->run(sleep1, 10, sleep2, 9, &o, &r) && !r.valid, "sign refuses unequal lengths");
}

int main(void)
{
	test_ministat();
	test_sleep();
	test_paired_sleep();
	test_mw_exact();
	test_edge();
	test_describe();
	test_power();
	test_bootstrap();
	test_wilson();
	test_wilcoxon_signed_rank();
	test_variance_components();
	test_median_ci();
	test_sign();
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
