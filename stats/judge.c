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
 * the pairs: drift that moves a whole round cancels.  The verdict's
 * estimate on pairs is Hodges-Lehmann with the Wilcoxon signed-rank
 * interval, the paired t beside it: the host shifts its level by ~15%
 * within seconds, a shift inside one round makes one outlying pair, and
 * one outlying pair moves the paired t's mean and sd (it can decide the
 * verdict) but is only one rank to the signed-rank statistic.
 *
 * Two refinements of the pairs:
 *   - pairs from 3 or more files (boots) are judged on one mean difference
 *     per boot (paired t over boots): the between-boot variance is in the
 *     standard error, not averaged away as if every round were a boot;
 *   - else, a file measured until resolved (header resolve.target) looked
 *     at its data after every round: a fixed-n interval would be too
 *     narrow, so the verdict is the anytime-valid interval of sequential.h
 *     on the per-round differences (estimator "sequential"; with 2 such
 *     files, on their pooled differences at the smaller alpha).
 *
 * Then the outcome: different (Holm-adjusted p < alpha: the interval
 * excludes 0), same (TOST: the 1 - 2 alpha interval lies inside +/- the
 * equivalence margin), or unresolved, with how many more rounds (and
 * seconds, when the file gives block.ms) would resolve it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <stdio.h>

#include "bs.h"
#include "sequential.h"

const char *outcome_name(enum outcome o)
{
	switch (o) {
	case OUTCOME_DIFFERENT: return "different";
	case OUTCOME_SAME: return "same";
	case OUTCOME_UNRESOLVED: return "unresolved";
	default: return "none";
	}
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fputs("bench-stat: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

/*
 * Pair each run of A with the run of B from the same file and round
 * (block / o->round).  The one pairing: judge_paired() and --dump pairs.
 */
void make_pairs(const struct summary *a, const struct summary *b,
		       size_t round, struct pairs *p)
{
	size_t i, k, max = a->runs < b->runs ? a->runs : b->runs;

	p->a = xmalloc(max * sizeof(*p->a));
	p->b = xmalloc(max * sizeof(*p->b));
	p->fidx = xmalloc(max * sizeof(*p->fidx));
	p->round = xmalloc(max * sizeof(*p->round));
	p->n = 0;
	for (i = 0; i < a->runs && p->n < max; i++) {
		if (a->run_block[i] < 0)
			continue;
		for (k = 0; k < b->runs; k++) {
			if (b->run_block[k] < 0 ||
			    a->run_block[i] / (long)round != b->run_block[k] / (long)round ||
			    strcmp(a->run_file[i], b->run_file[k]))
				continue;
			p->a[p->n] = a->run_medians[i];
			p->b[p->n] = b->run_medians[k];
			p->round[p->n] = a->run_block[i] / (long)round;
			p->fidx[p->n++] = a->run_fidx[i];
			break;
		}
	}
}

void pairs_free(struct pairs *p)
{
	free(p->a);
	free(p->b);
	free(p->fidx);
	free(p->round);
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

/* The verdict's numbers from one test result at conf and at 1 - 2 alpha. */
static void use_result(struct judgement *j, const struct method_result *r,
		       const struct method_result *eq)
{
	j->diff = r->diff;
	j->lo = r->lo;
	j->hi = r->hi;
	j->p = j->p_holm = r->p;
	j->eq_ok = eq && eq->valid &&
		   (eq->achieved_conf == 0 || eq->achieved_conf >= 1 - 2 * j->alpha - 1e-9);
	if (j->eq_ok) {
		j->eq_lo = eq->lo;
		j->eq_hi = eq->hi;
	}
}

/* Rerun a test at the TOST level 1 - 2 alpha; 0 if that level is empty. */
static int at_tost_level(const struct stat_method *t, const double *a, size_t na,
			 const double *b, size_t nb, const struct method_opts *to,
			 struct method_result *eq)
{
	struct method_opts o = *to;

	o.conf = 1 - 2 * (1 - to->conf);
	if (!(o.conf > 0))
		return 0;
	return !t->run(a, na, b, nb, &o, eq);
}

/*
 * Seconds one round of file f takes: measured (resolve.result), or the
 * blocks' own time from block.ms (without warm-up and switches: a lower
 * bound); NAN if unknown.
 */
static double round_seconds(const struct file_info *fi, size_t nsides)
{
	size_t nv = fi->nvariants ? fi->nvariants : nsides;

	if (isfinite(fi->round_seconds))
		return fi->round_seconds;
	if (isnan(fi->block_ms) || !fi->ncells)
		return NAN;
	return fi->block_ms * (double)fi->ncells * (double)nv / 1000;
}

/*
 * The anytime-valid p of a confidence sequence: the smallest alpha whose
 * interval excludes 0 (the half-width falls as alpha grows), by bisection
 * on log alpha.
 */
static double seq_p(const struct seq_interval *si, double n_opt)
{
	double lo = -700, hi = 0;	/* log alpha */
	int i;

	if (!(si->sd > 0))
		return si->mean == 0 ? 1 : 0;
	if (seq_half_width(si->sd, si->n, 1 - 1e-12, n_opt) >= fabs(si->mean))
		return 1;
	for (i = 0; i < 100; i++) {
		double mid = (lo + hi) / 2;

		if (seq_half_width(si->sd, si->n, exp(mid), n_opt) < fabs(si->mean))
			hi = mid;
		else
			lo = mid;
	}
	return exp(hi);
}

/*
 * Pairs from a file measured until resolved: the sequential interval.
 * Returns 1 if it applies (every pair's file says resolve.target).
 */
static int judge_sequential(const struct summary *a, const struct pairs *p,
			    struct judgement *j)
{
	const struct side *s = a->side;
	double *d, alpha = 1, n_opt = 0;
	struct seq_interval si, eq;
	size_t i;
	int ok;

	if (!s || !s->finfo || p->n < 2)
		return 0;
	for (i = 0; i < p->n; i++) {
		const struct file_info *fi = &s->finfo[p->fidx[i]];

		if (!fi->resolve)
			return 0;
		if (fi->resolve_alpha < alpha)
			alpha = fi->resolve_alpha;
		if (fi->resolve_n_opt > n_opt)
			n_opt = fi->resolve_n_opt;
		j->seq_target = fi->resolve_target;
		j->seq_target_pct = fi->resolve_target_pct;
	}
	d = xmalloc(p->n * sizeof(*d));
	for (i = 0; i < p->n; i++)
		d[i] = p->b[i] - p->a[i];
	ok = !seq_interval(d, p->n, alpha, n_opt, &si) &&
	     !seq_interval(d, p->n, fmin(2 * alpha, 0.999), n_opt, &eq);
	free(d);
	if (!ok)
		return 0;
	j->sequential = 1;
	j->seq_alpha = alpha;
	j->seq_n_opt = n_opt;
	j->seq_sd = si.sd;
	j->alpha = alpha;	/* the verdict is at the file's level */
	j->estimator = "sequential";
	j->estimator_title = "anytime-valid confidence sequence";
	j->diff = si.mean;
	j->lo = si.lo;
	j->hi = si.hi;
	j->p = j->p_holm = seq_p(&si, n_opt);
	j->eq_ok = 1;
	j->eq_lo = eq.lo;
	j->eq_hi = eq.hi;
	return 1;
}

/*
 * Pairs from 3 or more boots: one mean difference per boot, a paired t
 * (one-sample t of the per-boot differences) on them.
 */
static int judge_boots(const struct pairs *p, const struct method_opts *to,
		       struct judgement *j, size_t *nboots)
{
	double *da, *db, *sum;
	size_t *cnt, i, k, nb = 0, nf = 0;
	struct method_result r, eq;
	int ok;

	for (i = 0; i < p->n; i++)
		if (p->fidx[i] + 1 > nf)
			nf = p->fidx[i] + 1;
	sum = calloc(nf + 1, sizeof(*sum));
	cnt = calloc(nf + 1, sizeof(*cnt));
	if (!sum || !cnt)
		exit(2);
	for (i = 0; i < p->n; i++) {
		sum[p->fidx[i]] += p->b[i] - p->a[i];
		cnt[p->fidx[i]]++;
	}
	for (k = 0; k < nf; k++)
		nb += cnt[k] > 0;
	*nboots = nb;
	if (nb < 3) {
		free(sum);
		free(cnt);
		return 0;
	}
	da = xmalloc(nb * sizeof(*da));
	db = xmalloc(nb * sizeof(*db));
	for (k = 0, i = 0; k < nf; k++)
		if (cnt[k]) {
			da[i] = 0;
			db[i++] = sum[k] / cnt[k];
		}
	ok = !method_paired.run(da, nb, db, nb, to, &r);
	if (ok) {
		j->boot_level = 1;
		j->estimator = "boot-means";
		j->estimator_title = "paired t over per-boot mean differences";
		use_result(j, &r, at_tost_level(&method_paired, da, nb, db, nb, to, &eq) ? &eq : NULL);
		j->n_units = nb;
		j->more_unit = "boots";
		j->seconds_per_unit = NAN;
	}
	free(da);
	free(db);
	free(sum);
	free(cnt);
	return ok;
}

/*
 * The methods shown beside the verdict (stat_methods[] with `beside`) whose
 * design takes these data: the judged level's two samples, or the pairs.
 */
static void run_beside(enum method_design design, const double *a, size_t na,
		       const double *b, size_t nb, const struct method_opts *to,
		       struct judgement *j)
{
	size_t i;

	for (i = 0; stat_methods[i]; i++) {
		const struct stat_method *m = stat_methods[i];

		if (m->beside && m->design == design)
			j->beside_ok[i] = !m->run(a, na, b, nb, to, &j->beside[i]);
	}
}

/* The run level on pairs; false (nothing changed) if fewer than 2. */
static int judge_paired(const struct summary *a, const struct summary *b,
			const struct judge_opts *o, const struct method_opts *to,
			struct judgement *j)
{
	struct pairs p;
	struct method_result eq;
	size_t nboots = 0, i;
	double secs = 0;
	int nsecs = 0;

	make_pairs(a, b, o->round ? o->round : 2, &p);
	if (p.n < 2) {
		pairs_free(&p);
		return 0;
	}
	j->pairs = p.n;
	j->run_ok = !method_paired.run(p.a, p.n, p.b, p.n, to, &j->run);
	j->wsr_ok = !method_wilcoxon_signed.run(p.a, p.n, p.b, p.n, to, &j->wsr);
	run_beside(METHOD_PAIRED, p.a, p.n, p.b, p.n, to, j);
	j->n_units = p.n;
	j->more_unit = "rounds";
	for (i = 0; a->side && a->side->finfo && i < p.n; i++) {
		double s = round_seconds(&a->side->finfo[p.fidx[i]], o->round);

		if (!isnan(s)) {
			secs += s;
			nsecs++;
		}
	}
	j->seconds_per_unit = nsecs == (int)p.n ? secs / nsecs : NAN;
	j->seconds_measured = a->side && a->side->finfo &&
			      isfinite(a->side->finfo[p.fidx[0]].round_seconds);
	if (j->run_ok) {
		j->ptd = j->run.diff;
		j->pt_lo = j->run.lo;
		j->pt_hi = j->run.hi;
		j->pt_p = j->run.p;
	}
	/*
	 * Boots first: with 3 or more, the between-boot variance is what
	 * limits the verdict, whether or not each boot stopped on its own
	 * interval (a stopping rule on the half-width leaves each boot's mean
	 * difference unbiased).  Then a file measured until resolved.
	 */
	if (judge_boots(&p, to, j, &nboots)) {
		/* one difference per boot */
	} else if (judge_sequential(a, &p, j)) {
		/* the sequential interval is the verdict */
	} else if (j->wsr_ok && !(j->few_pairs = ldexp(1, 1 - (int)fmin(p.n, 1000)) >=
				  (1 - to->conf) / (o->ncmps ? o->ncmps : 1))) {
		j->estimator = "hodges-lehmann";
		j->estimator_title = "Hodges-Lehmann, Wilcoxon signed-rank";
		use_result(j, &j->wsr, at_tost_level(&method_wilcoxon_signed, p.a, p.n, p.b,
						     p.n, to, &eq) ? &eq : NULL);
	} else if (j->run_ok) {
		j->estimator = "paired-t";
		j->estimator_title = method_paired.title;
		use_result(j, &j->run, at_tost_level(&method_paired, p.a, p.n, p.b, p.n,
						     to, &eq) ? &eq : NULL);
	}
	j->boots = nboots;
	if (nboots >= 2) {
		double *d = xmalloc(p.n * sizeof(*d));

		for (i = 0; i < p.n; i++)
			d[i] = p.b[i] - p.a[i];
		j->have_components = !oneway_components(d, p.fidx, p.n, &j->ms_boot,
							&j->ms_round, &j->var_boot,
							&j->var_round);
		free(d);
	}
	pairs_free(&p);
	return 1;
}

/* Units to reach half-width h from the observed h0 at n0 units. */
static double units_for(const struct judgement *j, double h0, double h)
{
	double n0 = j->n_units, lo, hi;

	if (!(h > 0) || !(h0 > 0))
		return NAN;
	if (!j->sequential)
		return ceil(n0 * (h0 / h) * (h0 / h));	/* se ~ 1 / sqrt(n) */
	/* the confidence sequence is not ~ 1 / sqrt(n): solve for n */
	lo = n0;
	hi = n0;
	while (seq_half_width(j->seq_sd, (size_t)hi, j->seq_alpha, j->seq_n_opt) > h) {
		lo = hi;
		hi *= 2;
		if (hi > 1e12)
			return INFINITY;
	}
	while (hi - lo > 1) {
		double mid = floor((lo + hi) / 2);

		if (seq_half_width(j->seq_sd, (size_t)mid, j->seq_alpha, j->seq_n_opt) > h)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

/* different / same / unresolved, once Holm has set `significant`. */
static void judge_outcome(struct judgement *j)
{
	double d = fabs(j->diff), eqh, need_diff, need_same, need;

	if (!j->judged) {
		j->outcome = OUTCOME_NONE;
		return;
	}
	if (j->significant && (j->lo > 0 || j->hi < 0)) {
		j->outcome = OUTCOME_DIFFERENT;
	} else if (j->eq_ok && isfinite(j->equivalence) &&
		   j->eq_lo > -j->equivalence && j->eq_hi < j->equivalence) {
		j->outcome = OUTCOME_SAME;
	} else {
		j->outcome = OUTCOME_UNRESOLVED;
	}
	j->more_units = j->more_seconds = NAN;
	if (j->outcome != OUTCOME_UNRESOLVED)
		return;
	/*
	 * Assume the estimate and the spread stay: "different" needs the
	 * half-width below |diff|, "same" the TOST half-width below
	 * margin - |diff|; whichever comes first.
	 */
	eqh = j->eq_ok ? (j->eq_hi - j->eq_lo) / 2 : j->half_width;
	need_diff = units_for(j, j->half_width, d);
	need_same = isfinite(j->equivalence) && j->equivalence > d ?
		    units_for(j, eqh, j->equivalence - d) : NAN;
	need = isnan(need_diff) ? need_same : isnan(need_same) ? need_diff :
	       fmin(need_diff, need_same);
	if (isnan(need) || !j->n_units)
		return;
	j->more_units = need > j->n_units ? need - j->n_units : 1;
	if (isfinite(j->seconds_per_unit))
		j->more_seconds = j->more_units * j->seconds_per_unit;
}

void judge(const struct summary *a, const struct summary *b,
	   const struct judge_opts *o, struct judgement *j)
{
	struct method_opts to = { o->conf, o->seed, o->resamples };
	struct method_result eq;
	const double *xa, *xb;
	const struct method_result *r;
	double sa, sb, base;

	memset(j, 0, sizeof(*j));
	j->alpha = 1 - o->conf;
	j->resolve = o->resolve;
	j->method = o->student ? &method_student : &method_welch;
	j->seconds_per_unit = NAN;
	j->sample_ok = !j->method->run(a->sorted, a->n, b->sorted, b->n, &to,
				     &j->sample);
	j->level_run = a->runs >= 2 && b->runs >= 2;
	if (j->level_run && !(o->paired && judge_paired(a, b, o, &to, j)))
		j->run_ok = !j->method->run(a->run_medians, a->runs,
					  b->run_medians, b->runs, &to, &j->run);
	j->sample_significant = j->sample_ok && j->sample.p < 1 - o->conf;
	j->run_significant = j->run_ok && j->run.p < 1 - o->conf;
	j->levels_disagree = j->run_ok && j->sample_ok &&
			     j->run_significant != j->sample_significant;

	r = j->level_run ? &j->run : &j->sample;
	if (!j->estimator && !(j->level_run ? j->run_ok : j->sample_ok)) {
		j->why = r->why ? r->why : "not enough data";
		return;
	}
	xa = j->level_run ? a->run_medians : a->sorted;
	xb = j->level_run ? b->run_medians : b->sorted;
	j->na = j->level_run ? a->runs : a->n;
	j->nb = j->level_run ? b->runs : b->n;
	if (!j->estimator) {
		/* unpaired: the t of the judged level */
		j->estimator = j->method->name;
		j->estimator_title = j->method->title;
		use_result(j, r, at_tost_level(j->method, xa, j->na, xb, j->nb, &to, &eq) ?
			   &eq : NULL);
		j->n_units = j->na < j->nb ? j->na : j->nb;
		j->more_unit = j->level_run ? "runs" : "samples";
		if (j->level_run && a->side && a->side->mode == RUN_BY_BLOCK &&
		    a->side->finfo && a->side->nfiles == 1)
		{
			j->seconds_per_unit = round_seconds(&a->side->finfo[0], o->round);
			j->seconds_measured = isfinite(a->side->finfo[0].round_seconds);
		}
	}
	if (!isfinite(j->p) || !isfinite(j->lo) || !isfinite(j->hi)) {
		/* overflow on absurd inputs: no verdict rather than a wrong one */
		j->why = "the test's result is not finite (values too large?)";
		return;
	}
	j->judged = 1;
	j->significant = j->p < j->alpha;
	base = gsl_stats_mean(xa, 1, j->na);
	pct(j, base);
	j->half_width = (j->hi - j->lo) / 2;
	j->half_width_pct = base != 0 ? j->half_width / fabs(base) * 100 : NAN;
	j->equivalence = !o->equivalence_pct ? o->equivalence :
			 base != 0 ? o->equivalence / 100 * fabs(base) : NAN;

	run_beside(METHOD_TWO_SAMPLE, xa, j->na, xb, j->nb, &to, j);

	j->g = hedges_g(xa, j->na, xb, j->nb);
	/* power and MDD of the t of the judged level (paired t on pairs) */
	if (r->valid) {
		j->power = achieved_power(j->diff, r->se, r->df, j->alpha);
		j->mdd = min_detectable_diff(r->se, r->df, j->alpha, 0.8);
	} else {
		j->power = j->mdd = NAN;
	}
	sa = gsl_stats_sd(xa, 1, j->na);
	sb = gsl_stats_sd(xb, 1, j->nb);
	if (j->pairs && j->run_ok)	/* n pairs: se = sd_d / sqrt(n), df = n - 1 */
		j->need_more = pairs_needed(r->se * sqrt((double)j->pairs),
					    o->resolve, j->alpha, 0.8);
	else
		j->need_more = runs_needed(sa, sb, o->resolve, j->alpha, 0.8);
	j->need_more -= j->pairs ? j->pairs : j->na < j->nb ? j->na : j->nb;
	if (j->need_more < 0)
		j->need_more = 0;
}

/* Holm over every judged comparison: many cells judged at once; then the
 * outcome of each. */
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
		if (js[i]->judged) {
			js[i]->p_holm = adj[m++];
			js[i]->significant = js[i]->p_holm < js[i]->alpha;
		}
		judge_outcome(js[i]);
	}
	free(p);
	free(adj);
}
