// SPDX-License-Identifier: GPL-2.0
/*
 * A/A self-check on synthetic results (GSL RNG, fixed seed: deterministic).
 *
 * Each side has several runs; each run gets a random offset (drift, boot
 * state) and each sample its own noise with a latency-like right tail.
 * With no true difference:
 *   - the run-level verdict (what bench-stat reports) must say "different"
 *     about alpha of the time: the count must lie inside the 99.9% binomial
 *     interval around alpha;
 *   - the naive per-sample test must be far above alpha (it is why the
 *     run level exists);
 * and with an injected shift of known size:
 *   - the run level must detect it, in the right direction, and its
 *     confidence interval must cover the true shift about conf of the time;
 *   - the bootstrap interval of the median difference must cover the true
 *     shift about conf of the time.
 * And measuring until resolved (--resolve): a sequential A/A that looks
 * after every round and stops as soon as it is resolved must still call
 * "different" at most alpha of the time with the anytime-valid interval
 * (sequential.h), while the fixed-n t looked at the same way does not.
 * Closes with "aa-check: N passed, N failed".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "bs.h"
#include "sequential.h"

#define RUNS	5
#define SAMPLES	200
#define TRIALS	1000
#define RUN_SD	1.0
#define NOISE_SD 2.0

static int passed, failed;

static void check(int ok, const char *fmt, double a, double b, double c)
{
	printf("%s ", ok ? "ok  " : "FAIL");
	printf(fmt, a, b, c);
	printf("\n");
	ok ? passed++ : failed++;
}

/* Smallest lo and largest hi with P(X < lo), P(X > hi) <= tail each. */
static void binom_bounds(double p, unsigned n, double tail, unsigned *lo,
			 unsigned *hi)
{
	unsigned k;

	for (k = 0; k < n && gsl_cdf_binomial_P(k, p, n) <= tail; k++)
		;
	*lo = k;
	for (k = n; k > 0 && gsl_cdf_binomial_Q(k - 1, p, n) <= tail; k--)
		;
	*hi = k;
}

/* One side: RUNS runs of SAMPLES samples, summarised like bench-stat does. */
static void make_side(gsl_rng *rng, double shift, struct summary *sm)
{
	static double v[RUNS * SAMPLES];
	static uint32_t rid[RUNS * SAMPLES];
	struct runid runs[RUNS];
	struct side s = { 0 };
	struct cell c = { 0 };
	size_t r, i;

	for (r = 0; r < RUNS; r++) {
		double off = gsl_ran_gaussian(rng, RUN_SD);

		runs[r].file = 0;
		runs[r].block = r;
		for (i = 0; i < SAMPLES; i++) {
			size_t k = r * SAMPLES + i;

			v[k] = 80 + shift + off + gsl_ran_gaussian(rng, NOISE_SD) +
			       gsl_ran_exponential(rng, 1.0);
			rid[k] = r;
		}
	}
	s.runs = runs;
	s.nruns = RUNS;
	s.nfiles = 1;
	s.mode = RUN_BY_BLOCK;
	c.v = v;
	c.rid = rid;
	c.n = RUNS * SAMPLES;
	if (summarize(&s, &c, sm)) {
		fputs("aa-check: out of memory\n", stderr);
		exit(2);
	}
}

static void trials(gsl_rng *rng, double shift, const struct judge_opts *jo,
		   unsigned *sig, unsigned *sample_sig, unsigned *covered,
		   unsigned *right_dir)
{
	unsigned t;

	*sig = *sample_sig = *covered = *right_dir = 0;
	for (t = 0; t < TRIALS; t++) {
		struct summary a, b;
		struct judgement j;

		make_side(rng, 0, &a);
		make_side(rng, shift, &b);
		judge(&a, &b, jo, &j);
		if (!j.judged || !j.level_run) {
			printf("FAIL trial %u not judged at run level: %s\n", t,
			       j.why ? j.why : "-");
			failed++;
		}
		*sig += j.significant;
		*sample_sig += j.sample_significant;
		*covered += j.lo <= shift && shift <= j.hi;
		*right_dir += j.significant && (j.diff > 0) == (shift > 0);
		summary_free(&a);
		summary_free(&b);
	}
}

static void bootstrap_coverage(gsl_rng *rng, double conf)
{
	enum { N = 40, T = 300 };
	struct method_opts o = { .conf = conf, .resamples = 1000 };
	double a[N], b[N];
	unsigned t, i, cover = 0, lo, hi;
	struct method_result r;

	for (t = 0; t < T; t++) {
		for (i = 0; i < N; i++) {
			a[i] = gsl_ran_gaussian(rng, 1);
			b[i] = 1 + gsl_ran_gaussian(rng, 1);
		}
		o.seed = t + 1;
		method_bootstrap_median.run(a, N, b, N, &o, &r);
		cover += r.lo <= 1 && 1 <= r.hi;
	}
	/*
	 * The percentile bootstrap of a median is only approximately exact at
	 * n = 40: allow 3 points of slack on each side of the binomial bounds.
	 */
	binom_bounds(conf, T, 0.0005, &lo, &hi);
	check(cover >= lo - 0.03 * T && cover <= hi + 0.03 * T && hi <= T,
	      "bootstrap median-diff CI covers the true shift %.0f/%.0f times (expect ~%.0f)",
	      cover, T, conf * T);
}

/*
 * End to end: write real results files (FORMAT.md v1) for RUNS runs a side,
 * read them back through the parser as bench-stat does, and judge.
 */
static void write_run(gsl_rng *rng, const char *path, double shift)
{
	FILE *f = fopen(path, "w");
	double off = gsl_ran_gaussian(rng, RUN_SD);
	int i;

	if (!f) {
		perror(path);
		exit(2);
	}
	fputs("#bench-syscall-results 1\n#% clock: tsc\n#% unit: cycles\n"
	      "#% metrics: cycles ns\n#% units: cycles ns\n"
	      "#% columns: cpu syscall entry block variant seq ctxsw migr cycles ns\n", f);
	for (i = 0; i < SAMPLES; i++)
		fprintf(f, "0 getpid syscall 0 - %d %d 0 %.4f 27.0\n", i, i == 3,
			80 + shift + off + gsl_ran_gaussian(rng, NOISE_SD) +
			gsl_ran_exponential(rng, 1.0));
	fprintf(f, "#%% end: complete samples=%d\n", SAMPLES);
	fclose(f);
}

static void end_to_end(gsl_rng *rng, const struct judge_opts *jo, double shift,
		       unsigned trials, unsigned *sig)
{
	struct load_opts lo = { .cpu = -1 };
	char dir[2][64], path[128];
	unsigned t, k, r;

	*sig = 0;
	for (t = 0; t < trials; t++) {
		struct side s[2];
		struct summary sm[2];
		struct judgement j;

		memset(s, 0, sizeof(s));
		for (k = 0; k < 2; k++) {
			snprintf(dir[k], sizeof(dir[k]), "build/aa/%c", "AB"[k]);
			for (r = 0; r < RUNS; r++) {
				snprintf(path, sizeof(path), "%s/run%u.txt", dir[k], r);
				write_run(rng, path, k ? shift : 0);
			}
			if (side_load_path(&s[k], dir[k], &lo)) {
				printf("FAIL end-to-end load: %s\n", bs_err);
				failed++;
				return;
			}
			side_finish(&s[k]);
			summarize(&s[k], &s[k].cells[0], &sm[k]);
		}
		judge(&sm[0], &sm[1], jo, &j);
		if (!j.level_run || sm[0].runs != RUNS || sm[0].dropped != RUNS ||
		    sm[0].n != RUNS * (SAMPLES - 1)) {
			printf("FAIL end-to-end: runs %zu, dropped %zu, n %zu\n",
			       sm[0].runs, sm[0].dropped, sm[0].n);
			failed++;
		}
		*sig += j.significant;
		for (k = 0; k < 2; k++) {
			summary_free(&sm[k]);
			side_free(&s[k]);
		}
	}
}

/*
 * Sequential A/A (issue 12.4).  One run = up to SEQ_MAX rounds; each round
 * gives the two block medians of A and B (the same variant twice, so the
 * true difference is 0).  After every round from SEQ_MIN on (bench-syscall
 * never stops before 10) it looks: stop when "resolved", i.e. the interval
 * excludes 0 (the most aggressive optional stopping: stop as soon as it
 * says different) or its half-width is <= the target; else go on to
 * SEQ_MAX.  The final interval of the anytime-valid sequence is the one
 * bench-stat reports for such a file (seq_interval on the per-round
 * differences); a false positive is a final interval that excludes 0.
 *
 * Noise models of the host:
 *   gauss: block medians = level + N(0, 1);
 *   shift: the whole machine steps by +/-15% of a 300-cycle level now and
 *          then (p = 0.02 a block): a step between the two blocks of a
 *          round makes one outlying pair of +/-45;
 *   heavy: Student t with 3 df noise (heavy tails).
 */
#define SEQ_RUNS 2000
#define SEQ_MIN 10
#define SEQ_MAX 200
#define SEQ_NOPT 100

enum seq_model { SEQ_GAUSS, SEQ_SHIFT, SEQ_HEAVY };

static double seq_noise(gsl_rng *rng, enum seq_model m)
{
	return m == SEQ_HEAVY ? gsl_ran_tdist(rng, 3) : gsl_ran_gaussian(rng, 1);
}

/* One run: stops as said; returns 1 if the final interval excludes 0. */
static int seq_run(gsl_rng *rng, enum seq_model m, double target, int naive,
		   size_t *stopped_at)
{
	static double d[SEQ_MAX], tq[SEQ_MAX + 1];
	double level = 300, mean = 0, m2 = 0, half = 0;
	size_t n;
	struct seq_interval si;

	if (!tq[2])
		for (n = 2; n <= SEQ_MAX; n++)
			tq[n] = gsl_cdf_tdist_Qinv(0.025, n - 1);
	for (n = 0; n < SEQ_MAX; ) {
		double a, b, delta;

		if (m == SEQ_SHIFT && gsl_rng_uniform(rng) < 0.02)
			level = level == 300 ? 345 : 300;
		a = level + seq_noise(rng, m);
		if (m == SEQ_SHIFT && gsl_rng_uniform(rng) < 0.02)
			level = level == 300 ? 345 : 300;
		b = level + seq_noise(rng, m);
		d[n] = b - a;
		delta = d[n] - mean;
		mean += delta / (double)(n + 1);
		m2 += delta * (d[n] - mean);
		n++;
		if (n < SEQ_MIN)
			continue;
		half = naive ? tq[n] * sqrt(m2 / (n - 1) / n) :
		       seq_half_width(sqrt(m2 / (n - 1)), n, 0.05, SEQ_NOPT);
		if (fabs(mean) > half || half <= target)
			break;
	}
	*stopped_at = n;
	if (naive)
		return fabs(mean) > half;
	/* the final verdict: bench-stat's own call on the differences */
	if (seq_interval(d, n, 0.05, SEQ_NOPT, &si))
		return 1;
	return si.lo > 0 || si.hi < 0;
}

static void sequential_aa(gsl_rng *rng)
{
	static const char *const name[] = { "gauss", "shift", "heavy" };
	unsigned m, k, fp;
	size_t at, sum_at;
	double lo, hi;
	char fmt[256];
	/*
	 * Targets about the half-width the sequence reaches near SEQ_MAX for
	 * the base noise: many looks (the hard case for optional stopping);
	 * a run stops early only when it looks resolved.
	 */
	const double target[] = { 0.3, 0.3, 0.5 };

	for (m = 0; m < 3; m++) {
		for (int naive = 0; naive < 2; naive++) {
			fp = 0;
			sum_at = 0;
			for (k = 0; k < SEQ_RUNS; k++) {
				fp += seq_run(rng, m, target[m], naive, &at);
				sum_at += at;
			}
			wilson_interval(fp, SEQ_RUNS, 0.999, &lo, &hi);
			snprintf(fmt, sizeof(fmt), naive ?
				 "sequential A/A, %s: the fixed-n t looked at after every round called different %%.0f of 2000 (99.9%%%% Wilson interval [%%.4f, %%.4f] above 0.05: it fails)" :
				 "sequential A/A, %s: the anytime-valid interval called different %%.0f of 2000 (99.9%%%% Wilson interval [%%.4f, %%.4f] holds rates <= 0.05)",
				 name[m]);
			check(naive ? lo > 0.05 : lo <= 0.05, fmt, fp, lo, hi);
			printf("      (%s, %s: mean stop after %.1f rounds)\n", name[m],
			       naive ? "fixed-n t" : "sequential", (double)sum_at / SEQ_RUNS);
		}
	}
}

/*
 * The paired verdict's estimator (Hodges-Lehmann with the signed-rank
 * interval) on pairs of block medians: A/A false positives at alpha and
 * coverage of a known shift, with gaussian pairs and with the +/-15% level
 * steps that make outlying pairs; and beside it the paired t, which an
 * outlying pair costs more power.
 */
/* The lower 99.9% binomial bound of T trials at 95% coverage. */
static double lo_cover(unsigned T)
{
	unsigned lo, hi;

	binom_bounds(0.95, T, 0.0005, &lo, &hi);
	return lo;
}

static void paired_estimators(gsl_rng *rng)
{
	enum { NP = 20, T = 1000 };
	struct method_opts o = { .conf = 0.95 };
	double a[NP], b[NP];
	unsigned m, t, i, fp, cover, hl_det, t_det, lo, hi;
	struct method_result r, pt;
	char fmt[256];

	binom_bounds(0.05, T, 0.0005, &lo, &hi);
	for (m = 0; m < 2; m++) {
		for (int shifted = 0; shifted < 2; shifted++) {
			double delta = shifted ? 3 : 0;

			fp = cover = hl_det = t_det = 0;
			for (t = 0; t < T; t++) {
				double level = 300;

				for (i = 0; i < NP; i++) {
					if (m && gsl_rng_uniform(rng) < 0.05)
						level = level == 300 ? 345 : 300;
					a[i] = level + gsl_ran_gaussian(rng, 2);
					if (m && gsl_rng_uniform(rng) < 0.05)
						level = level == 300 ? 345 : 300;
					b[i] = level + delta + gsl_ran_gaussian(rng, 2);
				}
				method_wilcoxon_signed.run(a, NP, b, NP, &o, &r);
				method_paired.run(a, NP, b, NP, &o, &pt);
				fp += r.p < 0.05;
				hl_det += r.lo > 0 || r.hi < 0;
				t_det += pt.lo > 0 || pt.hi < 0;
				cover += r.lo <= delta && delta <= r.hi;
			}
			if (!shifted) {
				snprintf(fmt, sizeof(fmt), "paired A/A, %s: Wilcoxon signed-rank called different %%.0f of 1000 (99.9%%%% binomial bounds [%%.0f, %%.0f])",
					 m ? "level steps" : "gauss");
				check(fp >= lo && fp <= hi, fmt, fp, lo, hi);
				continue;
			}
			snprintf(fmt, sizeof(fmt), "paired, +3 under %s: Hodges-Lehmann interval covers it %%.0f of 1000 (>= %%.0f)%%.0s",
				 m ? "level steps" : "gauss");
			check(cover >= lo_cover(T), fmt, cover, lo_cover(T), 0);
			snprintf(fmt, sizeof(fmt), "paired, +3 under %s: Hodges-Lehmann detects it %%.0f of 1000, the paired t %%.0f%%s",
				 m ? "level steps (Hodges-Lehmann must detect more)" : "gauss (both nearly always)");
			check(m ? hl_det > t_det + 50 : hl_det > 950 && t_det > 950,
			      fmt, hl_det, t_det, 0);
		}
	}
}

int main(void)
{
	struct judge_opts jo = { .conf = 0.95, .seed = 1, .resamples = 200, .resolve = 1 };
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	unsigned sig, ssig, cov, dir, lo, hi;
	double alpha = 1 - jo.conf;

	gsl_rng_set(rng, 20261123);
	binom_bounds(alpha, TRIALS, 0.0005, &lo, &hi);

	/* A/A */
	trials(rng, 0, &jo, &sig, &ssig, &cov, &dir);
	check(sig >= lo && sig <= hi,
	      "A/A run level: %.0f of 1000 called different (99.9%% binomial bounds [%.0f, %.0f])",
	      sig, lo, hi);
	check(ssig > 10 * alpha * TRIALS,
	      "A/A naive per-sample test: %.0f of 1000 called different (must be > %.0f: samples are not independent)",
	      ssig, 10 * alpha * TRIALS, 0);
	check(cov == TRIALS - sig, "A/A: CI excludes 0 exactly when significant (%.0f vs %.0f)%.0s",
	      cov, TRIALS - sig, 0);

	/* Student's t at run level, same property */
	jo.student = 1;
	trials(rng, 0, &jo, &sig, &ssig, &cov, &dir);
	check(sig >= lo && sig <= hi,
	      "A/A run level, Student's t: %.0f of 1000 (bounds [%.0f, %.0f])", sig, lo, hi);
	jo.student = 0;

	/* 99% confidence */
	jo.conf = 0.99;
	binom_bounds(0.01, TRIALS, 0.0005, &lo, &hi);
	trials(rng, 0, &jo, &sig, &ssig, &cov, &dir);
	check(sig >= lo && sig <= hi,
	      "A/A run level at 99%%: %.0f of 1000 (bounds [%.0f, %.0f])", sig, lo, hi);
	jo.conf = 0.95;

	/* injected shift of 3 units: 3 x the run-to-run SD */
	trials(rng, 3.0, &jo, &sig, &ssig, &cov, &dir);
	check(sig >= 0.85 * TRIALS, "shift +3: detected %.0f of 1000 (must be >= %.0f)%.0s",
	      sig, 0.85 * TRIALS, 0);
	check(dir == sig, "shift +3: direction right in %.0f of %.0f detections%.0s",
	      dir, sig, 0);
	binom_bounds(jo.conf, TRIALS, 0.0005, &lo, &hi);
	check(cov >= lo && cov <= hi,
	      "shift +3: CI covers the true shift %.0f of 1000 (bounds [%.0f, %.0f])",
	      cov, lo, hi);
	trials(rng, -3.0, &jo, &sig, &ssig, &cov, &dir);
	check(sig >= 0.85 * TRIALS && dir == sig,
	      "shift -3: detected %.0f of 1000, direction right in %.0f%.0s", sig, dir, 0);

	bootstrap_coverage(rng, 0.95);
	sequential_aa(rng);
	paired_estimators(rng);

	/* through real files and the parser: 200 A/A, 100 with a shift */
	if (system("mkdir -p build/aa/A build/aa/B")) {
		printf("FAIL mkdir build/aa\n");
		failed++;
	} else {
		binom_bounds(alpha, 200, 0.0005, &lo, &hi);
		end_to_end(rng, &jo, 0, 200, &sig);
		check(sig >= lo && sig <= hi,
		      "end to end (files, parser) A/A: %.0f of 200 called different (bounds [%.0f, %.0f])",
		      sig, lo, hi);
		end_to_end(rng, &jo, 3.0, 100, &sig);
		check(sig >= 85, "end to end, shift +3: detected %.0f of 100 (must be >= %.0f)%.0s",
		      sig, 85, 0);
	}
	gsl_rng_free(rng);
	printf("aa-check: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
