// SPDX-License-Identifier: GPL-2.0
/*
 * Judge one comparison (side B against side A in one cell) on two levels.
 *
 * Samples within one run share drift, frequency and cache state, so with
 * thousands of them a per-sample test calls a tiny run-to-run wobble
 * "significant".  When both sides have at least 2 runs the verdict is
 * therefore judged on the run medians (one number per run: independent
 * replicates), and the per-sample test is reported beside it; when they
 * disagree the report says so.  With one run a side, only the samples are
 * left and the report warns that run-to-run variation is ignored.
 *
 * With --paired (and --by variant), the block of B and the block of A of
 * the same round of one file are a pair, and the run level is judged on
 * the pairs (paired t): drift that moves a whole round cancels.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>
#include <stdio.h>

#include "bs.h"

/*
 * Pair each run of A with the run of B from the same file and round
 * (block / o->round).  Returns the number of pairs, in pa[i], pb[i].
 */
static size_t make_pairs(const struct summary *a, const struct summary *b,
			 size_t round, double *pa, double *pb)
{
	size_t i, k, n = 0;

	for (i = 0; i < a->runs; i++) {
		if (a->run_block[i] < 0)
			continue;
		for (k = 0; k < b->runs; k++) {
			if (b->run_block[k] < 0 ||
			    a->run_block[i] / (long)round != b->run_block[k] / (long)round ||
			    strcmp(a->run_file[i], b->run_file[k]))
				continue;
			pa[n] = a->run_medians[i];
			pb[n++] = b->run_medians[k];
			break;
		}
	}
	return n;
}

/* The run level on pairs; false (nothing changed) if fewer than 2. */
static int judge_paired(const struct summary *a, const struct summary *b,
			const struct judge_opts *o, const struct test_opts *to,
			struct judgement *j)
{
	size_t max = a->runs < b->runs ? a->runs : b->runs, n;
	double *pa = malloc((max ? max : 1) * sizeof(*pa));
	double *pb = malloc((max ? max : 1) * sizeof(*pb));

	if (!pa || !pb) {
		fputs("bench-stat: out of memory\n", stderr);
		exit(2);
	}
	n = make_pairs(a, b, o->round ? o->round : 2, pa, pb);
	if (n >= 2) {
		j->pairs = n;
		j->run_ok = !test_paired.run(pa, n, pb, n, to, &j->run);
	}
	free(pa);
	free(pb);
	return n >= 2;
}

static void pct(struct judgement *j, double base)
{
	if (base == 0) {
		j->diff_pct = j->pct_lo = j->pct_hi = NAN;
		return;
	}
	j->diff_pct = j->diff / fabs(base) * 100;
	j->pct_lo = j->lo / fabs(base) * 100;
	j->pct_hi = j->hi / fabs(base) * 100;
}

void judge(const struct summary *a, const struct summary *b,
	   const struct judge_opts *o, struct judgement *j)
{
	struct test_opts to = { o->conf, o->seed, o->resamples };
	const double *xa, *xb;
	const struct test_result *r;
	double sa, sb;

	memset(j, 0, sizeof(*j));
	j->alpha = 1 - o->conf;
	j->resolve = o->resolve;
	j->test = o->student ? &test_student : &test_welch;
	j->sample_ok = !j->test->run(a->sorted, a->n, b->sorted, b->n, &to,
				     &j->sample);
	j->level_run = a->runs >= 2 && b->runs >= 2;
	if (j->level_run && !(o->paired && judge_paired(a, b, o, &to, j)))
		j->run_ok = !j->test->run(a->run_medians, a->runs,
					  b->run_medians, b->runs, &to, &j->run);
	j->sample_significant = j->sample_ok && j->sample.p < j->alpha;
	j->run_significant = j->run_ok && j->run.p < j->alpha;
	j->levels_disagree = j->run_ok && j->sample_ok &&
			     j->run_significant != j->sample_significant;

	r = j->level_run ? &j->run : &j->sample;
	if (!(j->level_run ? j->run_ok : j->sample_ok)) {
		j->why = r->why ? r->why : "not enough data";
		return;
	}
	if (!isfinite(r->p) || !isfinite(r->lo) || !isfinite(r->hi)) {
		/* overflow on absurd inputs: no verdict rather than a wrong one */
		j->why = "the test's result is not finite (values too large?)";
		return;
	}
	j->judged = 1;
	xa = j->level_run ? a->run_medians : a->sorted;
	xb = j->level_run ? b->run_medians : b->sorted;
	j->na = j->level_run ? a->runs : a->n;
	j->nb = j->level_run ? b->runs : b->n;
	j->diff = r->diff;
	j->lo = r->lo;
	j->hi = r->hi;
	j->p = j->p_holm = r->p;
	j->significant = r->p < j->alpha;
	pct(j, gsl_stats_mean(xa, 1, j->na));

	test_mann_whitney.run(xa, j->na, xb, j->nb, &to, &j->mw);
	test_bootstrap_median.run(xa, j->na, xb, j->nb, &to, &j->boot);

	j->g = hedges_g(xa, j->na, xb, j->nb);
	j->power = achieved_power(j->diff, r->se, r->df, j->alpha);
	j->mdd = min_detectable_diff(r->se, r->df, j->alpha, 0.8);
	sa = gsl_stats_sd(xa, 1, j->na);
	sb = gsl_stats_sd(xb, 1, j->nb);
	if (j->pairs)	/* n pairs: se = sd_d / sqrt(n), df = n - 1 */
		j->need_more = pairs_needed(r->se * sqrt((double)j->pairs),
					    o->resolve, j->alpha, 0.8);
	else
		j->need_more = runs_needed(sa, sb, o->resolve, j->alpha, 0.8);
	j->need_more -= j->pairs ? j->pairs : j->na < j->nb ? j->na : j->nb;
	if (j->need_more < 0)
		j->need_more = 0;
}

/* Holm over every judged comparison: many cells judged at once. */
void judge_apply_holm(struct judgement **js, size_t n)
{
	double *p = calloc(n + 1, sizeof(*p)), *adj = calloc(n + 1, sizeof(*adj));
	size_t i, m = 0;

	if (!p || !adj) {
		fputs("bench-stat: out of memory\n", stderr);
		exit(2);
	}
	for (i = 0; i < n; i++)
		if (js[i]->judged)
			p[m++] = js[i]->p;
	holm_adjust(p, m, adj);
	for (i = 0, m = 0; i < n; i++) {
		if (!js[i]->judged)
			continue;
		js[i]->p_holm = adj[m++];
		js[i]->significant = js[i]->p_holm < js[i]->alpha;
	}
	free(p);
	free(adj);
}
