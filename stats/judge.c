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
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "bs.h"

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
	if (j->level_run)
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
	j->need_more = runs_needed(sa, sb, o->resolve, j->alpha, 0.8);
	j->need_more -= j->na < j->nb ? j->na : j->nb;
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
