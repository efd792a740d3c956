// SPDX-License-Identifier: GPL-2.0
/*
 * Output: one screen of plain ASCII (ministat's layout and wording), or
 * one JSON object (stats/JSON.md) with every number.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bs.h"
#include "median-ci.h"

static const char sym[] = "x+*%#@O=&$abcdefg";

void report_warn(struct report *r, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (r->nwarnings == sizeof(r->warnings) / sizeof(r->warnings[0]))
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) >= 0)
		r->warnings[r->nwarnings++] = s;
	va_end(ap);
}

static const char *mode_name(const struct side *s)
{
	if (s->plain)
		return "each number one observation";
	if (s->mode == RUN_BY_FILE)
		return "a run is a file";
	return s->by_variant ? "a run is a block, --by variant" :
	       "a run is a block of one boot";
}

static size_t side_runs(const struct side *s)
{
	return s->mode == RUN_BY_FILE ? s->nfiles : s->nruns;
}

static void cell_name(char *buf, size_t len, const struct row *row)
{
	if (!strcmp(row->syscall, "-") && !strcmp(row->entry, "-"))
		snprintf(buf, len, "values");
	else if (row->cpu < 0)
		snprintf(buf, len, "cpu all %s %s", row->syscall, row->entry);
	else
		snprintf(buf, len, "cpu %d %s %s", row->cpu, row->syscall, row->entry);
}

static const char *unit_of(const struct report *r)
{
	return strcmp(r->sides[0].unit, "-") ? r->sides[0].unit : "";
}

void format_p(char *buf, size_t len, double p)
{
	if (p < 1e-15)
		snprintf(buf, len, "p<1e-15");
	else
		snprintf(buf, len, "p=%.2g", p);
}

/* "+/- X unit (Y%)": how well the verdict's interval resolves the difference */
static int resolved_to(char *buf, size_t len, const struct report *r,
		       const struct judgement *j)
{
	const char *u = unit_of(r);
	int n = snprintf(buf, len, "resolved to +/- %.4g%s%s", j->half_width,
			 *u ? " " : "", u);

	if (n > 0 && (size_t)n < len && isfinite(j->half_width_pct))
		n += snprintf(buf + n, len - n, " (%.3g%%)", j->half_width_pct);
	return n;
}

static int margin(char *buf, size_t len, const struct report *r,
		  const struct judgement *j)
{
	const char *u = unit_of(r);

	if (!isfinite(j->equivalence))
		return snprintf(buf, len, "(no margin: A's mean is 0)");
	if (r->jo.equivalence_pct)
		return snprintf(buf, len, "+/- %.4g%s%s (%g%% of A)", j->equivalence,
				*u ? " " : "", u, r->jo.equivalence);
	return snprintf(buf, len, "+/- %.4g%s%s", j->equivalence, *u ? " " : "", u);
}

static void verdict(char *buf, size_t len, const struct report *r,
		    const struct judgement *j)
{
	const char *u = unit_of(r);
	char p[32], res[96], mg[96];
	int n;

	if (!j->judged) {
		snprintf(buf, len, "Cannot judge: %s", j->why);
		return;
	}
	format_p(p, sizeof(p), j->p);
	resolved_to(res, sizeof(res), r, j);
	margin(mg, sizeof(mg), r, j);
	if (j->outcome != OUTCOME_DIFFERENT) {
		n = snprintf(buf, len, "No difference proven at %.1f%% confidence",
			     (1 - j->alpha) * 100);
		if (j->p < j->alpha && n > 0 && (size_t)n < len)
			n += snprintf(buf + n, len - n, " (%s, but Holm-adjusted p=%.2g over all comparisons)",
				      p, j->p_holm);
		if (n < 0 || (size_t)n >= len)
			return;
		if (j->outcome == OUTCOME_SAME) {
			snprintf(buf + n, len - n, "; the same within %s (TOST): %s", mg, res);
			return;
		}
		n += snprintf(buf + n, len - n, "; unresolved (not the same within %s either): %s",
			      mg, res);
		if (n < 0 || (size_t)n >= len || !isfinite(j->more_units))
			return;
		n += snprintf(buf + n, len - n, "; about %.0f more %s%s", j->more_units,
			      j->more_unit, !strcmp(j->more_unit, "runs") ||
			      !strcmp(j->more_unit, "samples") ? " per side" : "");
		if (n > 0 && (size_t)n < len && isfinite(j->more_seconds))
			n += snprintf(buf + n, len - n, j->seconds_measured ? " (%.3g s)" :
				      " (%.3g s of blocks, more with warm-up and switches)",
				      j->more_seconds);
		if (n > 0 && (size_t)n < len)
			snprintf(buf + n, len - n, " would resolve it");
		return;
	}
	n = snprintf(buf, len, "Difference at %.1f%% confidence: %+g +/- %g%s%s",
		     (1 - j->alpha) * 100, j->diff, j->half_width, *u ? " " : "", u);
	if (n < 0 || (size_t)n >= len)
		return;
	if (isfinite(j->diff_pct))
		n += snprintf(buf + n, len - n, " (%+.3g%% +/- %.3g%%)", j->diff_pct,
			      (j->pct_hi - j->pct_lo) / 2);
	if (n < 0 || (size_t)n >= len)
		return;
	n += snprintf(buf + n, len - n, " (%s, %s, g=%.2g)", j->estimator_title, p, j->g);
	if (n < 0 || (size_t)n >= len)
		return;
	snprintf(buf + n, len - n, "; %s", res);
}

/* Did the sequential half-width reach the file's resolve.target? */
static int seq_reached(const struct judgement *j)
{
	return j->seq_target_pct ? j->half_width_pct <= j->seq_target :
	       j->half_width <= j->seq_target;
}

static const char *estimator_reason(const struct judgement *j)
{
	if (j->sequential)
		return "the file was measured until resolved (resolve.target): a fixed-n interval looked at after every round is too narrow";
	if (j->boot_level)
		return "pairs from 3 or more boots: one mean difference per boot, so the between-boot variance counts";
	if (!strcmp(j->estimator, "hodges-lehmann"))
		return "robust to a level shift inside a round: one outlying pair is one rank";
	if (!strcmp(j->estimator, "paired-t"))
		return j->few_pairs ? "too few pairs for the signed-rank test to reach p < alpha (its smallest p is 2/2^n; Holm over all comparisons): the paired t decides" :
		       "the signed-rank interval could not be computed";
	return NULL;
}

static void text_cmp(FILE *f, const struct report *r, const struct cmp *c)
{
	const struct judgement *j = &c->j;
	const char *u = unit_of(r), *per = j->level_run ? "runs" : "samples";
	const struct method_opts mo = { r->jo.conf, r->jo.seed, r->jo.resamples };
	const char *why;
	char v[768], p[32];
	size_t i;

	verdict(v, sizeof(v), r, j);
	fprintf(f, "%c vs %c: %s\n", sym[c->b % 17], sym[c->a % 17], v);
	if (!j->judged)
		return;
	if (j->method == &method_student && j->outcome == OUTCOME_DIFFERENT && !j->pairs)
		fprintf(f, "        (Student's t, pooled s = %g)\n",
			(j->level_run ? &j->run : &j->sample)->pooled_s);
	why = estimator_reason(j);
	fprintf(f, "        outcome %s, estimator %s%s%s\n", outcome_name(j->outcome),
		j->estimator, why ? ": " : "", why ? why : "");
	if (j->sequential)
		fprintf(f, "        anytime-valid interval (sequential.h) on %zu per-round differences, alpha %g, n_opt %g; target +/- %g%s%s: %s\n",
			j->pairs, j->seq_alpha, j->seq_n_opt, j->seq_target,
			j->seq_target_pct ? "%" : *u ? " " : "", j->seq_target_pct ? "" : u,
			seq_reached(j) ? "reached" : "not reached");
	if (j->pairs) {
		fprintf(f, "        run level: %zu pairs of blocks (one round of one file each): drift between rounds cancels\n",
			j->pairs);
		if (j->run_ok) {
			format_p(p, sizeof(p), j->run.p);
			fprintf(f, "        paired t: %+g +/- %g, %s",
				j->run.diff, (j->run.hi - j->run.lo) / 2, p);
		}
		if (j->wsr_ok) {
			format_p(p, sizeof(p), j->wsr.p);
			fprintf(f, "%sHodges-Lehmann %+g [%g, %g] (Wilcoxon signed-rank V=%g, %s%s)",
				j->run_ok ? "; " : "        ", j->wsr.diff, j->wsr.lo, j->wsr.hi,
				j->wsr.stat, p, j->wsr.df < 0 ? ", exact" : "");
		}
		if (j->run_ok || j->wsr_ok)
			fputc('\n', f);
	}
	if (j->boots > 1) {
		fprintf(f, "        boots: %zu%s\n", j->boots, j->boot_level ? "" :
			" (fewer than 3: the pairs are pooled, the between-boot variance is not in the interval)");
		if (j->have_components)
			fprintf(f, "        variance of the per-round differences (one-way ANOVA by boot): between boots %.4g, between rounds within a boot %.4g\n",
				j->var_boot, j->var_round);
	}
	fprintf(f, "        judged on %s: %zu+%zu %s%s", j->level_run ?
		"run medians" : "samples", j->na, j->nb, per,
		j->level_run ? "" : r->sides[c->a].plain && r->sides[c->b].plain ?
		" (each number one observation)" :
		" (one run a side: ignores run-to-run variation)");
	if (r->ncmps > 1)
		fprintf(f, "; Holm-adjusted p=%.2g over %zu comparisons", j->p_holm,
			r->ncmps);
	fputc('\n', f);
	if (j->level_run && j->sample_ok) {
		format_p(p, sizeof(p), j->sample.p);
		fprintf(f, "        per-sample %s: %+g +/- %g, %s%s\n", j->method->title,
			j->sample.diff, (j->sample.hi - j->sample.lo) / 2, p,
			j->sample_significant ? " (significant)" : "");
	}
	if (j->levels_disagree)
		fprintf(f, "        NOTE: per-sample and per-run judgements disagree: per-sample says %s, per-run says %s; trust the per-run one\n",
			j->sample_significant ? "different" : "no difference",
			j->run_significant ? "different" : "no difference");
	for (i = 0; stat_methods[i]; i++) {
		const struct stat_method *m = stat_methods[i];

		if (!m->beside || !j->beside_ok[i])
			continue;
		fputs("        ", f);
		m->text(f, &j->beside[i], &mo);
		fputc('\n', f);
	}
	fprintf(f, "        power %.2f, min detectable diff %g%s%s (exact noncentral t, %g df); need about %.0f more %s to resolve %g%s%s\n",
		j->power, j->mdd, *u ? " " : "", u,
		(j->level_run ? &j->run : &j->sample)->df, j->need_more,
		j->pairs ? "pairs (rounds)" : j->level_run ? "runs per side" :
		"samples per side", j->resolve, *u ? " " : "", u);
	if (c->regression)
		fprintf(f, "        REGRESSION: %c is slower than %c by more than %g%%%s\n",
			sym[c->b % 17], sym[c->a % 17], r->regress_pct,
			isfinite(j->diff_pct) ? "" : " (A's mean is 0: judged on the absolute difference)");
}

static void text_row(FILE *f, const struct report *r, const struct row *row)
{
	char name[256];
	size_t i;

	cell_name(name, sizeof(name), row);
	fprintf(f, "\n%s [%s]\n", name, r->sides[0].metric);
	if (r->plot)
		plot_row(f, r, row, 74);
	fprintf(f, "       N  drop         Min         Max      Median         Avg      Stddev\n");
	for (i = 0; i < r->nsides; i++) {
		const struct summary *s = &row->sm[i];

		if (!row->have[i])
			continue;
		fprintf(f, "%c %6zu %5zu %11.6g %11.6g %11.6g %11.6g %11.6g\n",
			sym[i % 17], s->n, s->dropped, s->min, s->max, s->median,
			s->mean, s->stddev);
	}
	fprintf(f, "    TrMean        p5       p25       p75       p95       p99  runs  run-sd\n");
	for (i = 0; i < r->nsides; i++) {
		const struct summary *s = &row->sm[i];

		if (!row->have[i])
			continue;
		fprintf(f, "%c %8.6g %9.6g %9.6g %9.6g %9.6g %9.6g %5zu %7.3g\n",
			sym[i % 17], s->trmean, s->p5, s->p25, s->p75, s->p95,
			s->p99, s->runs, s->run_spread);
	}
	for (i = 0; i < r->nsides; i++) {
		const struct varcomp *vc = &row->sm[i].vc;

		if (!row->have[i] || !vc->ok)
			continue;
		fprintf(f, "%c variance (nested ANOVA, method of moments): ", sym[i % 17]);
		if (vc->boots >= 2)
			fprintf(f, "between %zu boots %.4g, ", vc->boots, vc->boot);
		fprintf(f, "between %zu blocks %.4g, within blocks %.4g\n", vc->blocks,
			vc->block, vc->within);
	}
	for (i = 0; i < r->ncmps; i++)
		if (&r->rows[r->cmps[i].row] == row)
			text_cmp(f, r, &r->cmps[i]);
}

/* ---- "#% switch:" lines: what switching variants costs ----------------- */
struct switch_stat {
	const char *variant;
	size_t n;
	double median, mean, max;
};

static int dcmp(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

/* Per variant, in order of first appearance; returns how many. */
static size_t switch_stats(const struct switch_log *sw, struct switch_stat *out,
			   size_t max)
{
	size_t n = 0, i, k, m;
	double *v;

	if (!sw || !sw->n)
		return 0;
	v = malloc(sw->n * sizeof(*v));
	if (!v)
		exit(2);
	for (i = 0; i < sw->n && n < max; i++) {
		for (k = 0; k < n; k++)
			if (!strcmp(out[k].variant, sw->variant[i]))
				break;
		if (k < n)
			continue;
		out[n].variant = sw->variant[i];
		out[n].mean = out[n].max = 0;
		for (k = i, m = 0; k < sw->n; k++)
			if (!strcmp(sw->variant[k], sw->variant[i])) {
				v[m++] = sw->ns[k];
				out[n].mean += sw->ns[k];
				if (sw->ns[k] > out[n].max)
					out[n].max = sw->ns[k];
			}
		qsort(v, m, sizeof(*v), dcmp);
		out[n].n = m;
		out[n].mean /= m;
		out[n].median = m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
		n++;
	}
	free(v);
	return n;
}

void report_text(FILE *f, const struct report *r)
{
	struct switch_stat sw[BS_MAX_SIDES * 4];
	size_t nsw = switch_stats(r->switches, sw, sizeof(sw) / sizeof(sw[0]));
	const struct side *s0 = &r->sides[0];
	size_t i;

	fprintf(f, "metric %s, clock %s, unit %s; %.1f%% confidence, %s\n",
		s0->metric, s0->clock, s0->unit, r->jo.conf * 100,
		r->jo.student ? "Student's t" : "Welch's t");
	for (i = 0; i < r->nsides; i++) {
		const struct side *s = &r->sides[i];

		fprintf(f, "%c %s: %zu file%s, %zu run%s (%s)\n", sym[i % 17],
			s->label, s->nfiles, s->nfiles == 1 ? "" : "s",
			side_runs(s), side_runs(s) == 1 ? "" : "s", mode_name(s));
	}
	for (i = 0; i < nsw; i++)
		fprintf(f, "switch to %s: %zu switches, median %.6g ns, mean %.6g ns, max %.6g ns\n",
			sw[i].variant, sw[i].n, sw[i].median, sw[i].mean, sw[i].max);
	for (i = 0; i < r->nwarnings; i++)
		fprintf(f, "warning: %s\n", r->warnings[i]);
	for (i = 0; i < r->nrows; i++)
		text_row(f, r, &r->rows[i]);
	if (r->regress_on)
		fprintf(f, "\nregression check (> %g%% slower): %s\n", r->regress_pct,
			r->regress_flagged ? "REGRESSION FOUND" : "none");
}

/* ---- JSON ---------------------------------------------------------------- */
void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void json_num(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.15g", v);
	else
		fputs("null", f);
}

void json_kv(FILE *f, const char *k, double v, int comma)
{
	fprintf(f, "\"%s\": ", k);
	json_num(f, v);
	if (comma)
		fputs(", ", f);
}

void json_ci(FILE *f, const char *k, double lo, double hi)
{
	fprintf(f, "\"%s\": [", k);
	json_num(f, lo);
	fputs(", ", f);
	json_num(f, hi);
	fputs("], ", f);
}

static void json_summary(FILE *f, const struct summary *s, double conf)
{
	double lo, hi, ach;
	size_t i, rl, rh;

	fprintf(f, "{ \"n\": %zu, \"dropped\": %zu, ", s->n, s->dropped);
	json_kv(f, "min", s->min, 1);
	json_kv(f, "max", s->max, 1);
	json_kv(f, "median", s->median, 1);
	/* the median's CI (median-ci.h): the bars a plot draws */
	median_ci(s->sorted, s->n, conf, &lo, &hi, &ach);
	json_ci(f, "median_ci", lo, hi);
	if (median_ci_ranks(s->n, conf, &rl, &rh, &ach))
		fputs("\"median_ci_ranks\": null, ", f);
	else
		fprintf(f, "\"median_ci_ranks\": [%zu, %zu], ", rl, rh);
	json_kv(f, "median_ci_confidence", ach * 100, 1);
	json_kv(f, "mean", s->mean, 1);
	json_kv(f, "stddev", s->stddev, 1);
	json_kv(f, "trimmed_mean", s->trmean, 1);
	json_kv(f, "p5", s->p5, 1);
	json_kv(f, "p25", s->p25, 1);
	json_kv(f, "p75", s->p75, 1);
	json_kv(f, "p95", s->p95, 1);
	json_kv(f, "p99", s->p99, 1);
	fprintf(f, "\"runs\": %zu, \"run_medians\": [", s->runs);
	for (i = 0; i < s->runs; i++) {
		json_num(f, s->run_medians[i]);
		if (i + 1 < s->runs)
			fputs(", ", f);
	}
	fputs("], ", f);
	json_kv(f, "run_spread", s->run_spread, 1);
	fputs("\"variance_components\": ", f);
	if (!s->vc.ok) {
		fputs("null", f);
	} else {
		fprintf(f, "{ \"method\": \"nested-anova-moments\", \"boots\": %zu, \"blocks\": %zu, ",
			s->vc.boots, s->vc.blocks);
		json_kv(f, "between_boots", s->vc.boot, 1);
		json_kv(f, "between_blocks", s->vc.block, 1);
		json_kv(f, "within_blocks", s->vc.within, 1);
		json_kv(f, "ms_boot", s->vc.ms_boot, 1);
		json_kv(f, "ms_block", s->vc.ms_block, 1);
		json_kv(f, "ms_within", s->vc.ms_within, 1);
		json_kv(f, "df_boot", s->vc.df_boot, 1);
		json_kv(f, "df_block", s->vc.df_block, 1);
		json_kv(f, "df_within", s->vc.df_within, 0);
		fputs(" }", f);
	}
	fputs(" }", f);
}

static void json_level(FILE *f, const char *name, const struct stat_method *test,
		       const struct method_result *t, int ok, int sig,
		       size_t na, size_t nb)
{
	fprintf(f, ",\n          \"%s\": ", name);
	if (!ok) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{ \"test\": \"%s\", \"n_a\": %zu, \"n_b\": %zu, ",
		test->name, na, nb);
	json_kv(f, "diff", t->diff, 1);
	json_ci(f, "diff_ci", t->lo, t->hi);
	json_kv(f, "t", t->stat, 1);
	json_kv(f, "df", t->df, 1);
	json_kv(f, "p", t->p, 1);
	fprintf(f, "\"significant\": %s }", sig ? "true" : "false");
}

static void json_str_or_null(FILE *f, const char *s)
{
	if (s)
		json_str(f, s);
	else
		fputs("null", f);
}

/* outcome, resolution, estimator and the estimates beside it */
static void json_outcome(FILE *f, const struct report *r, const struct judgement *j)
{
	int ok = j->judged;

	fputs(",\n          \"outcome\": ", f);
	json_str_or_null(f, ok ? outcome_name(j->outcome) : NULL);
	fputs(", \"estimator\": ", f);
	json_str_or_null(f, ok ? j->estimator : NULL);
	fputs(", ", f);
	json_kv(f, "half_width", ok ? j->half_width : NAN, 1);
	json_kv(f, "half_width_pct", ok ? j->half_width_pct : NAN, 1);
	json_kv(f, "equivalence", ok ? j->equivalence : NAN, 1);
	json_kv(f, "equivalence_pct", r->jo.equivalence_pct ? r->jo.equivalence : NAN, 1);
	json_ci(f, "tost_ci", ok && j->eq_ok ? j->eq_lo : NAN, ok && j->eq_ok ? j->eq_hi : NAN);
	json_kv(f, "more_rounds", ok ? j->more_units : NAN, 1);
	fputs("\"more_unit\": ", f);
	json_str_or_null(f, ok ? j->more_unit : NULL);
	fputs(", ", f);
	json_kv(f, "more_seconds", ok ? j->more_seconds : NAN, 1);
	json_kv(f, "seconds_per_round", ok ? j->seconds_per_unit : NAN, 1);
	fputs("\"seconds_source\": ", f);
	json_str_or_null(f, ok && isfinite(j->seconds_per_unit) ?
			 j->seconds_measured ? "resolve.result" : "block.ms" : NULL);
	fputs(",\n          \"paired_t\": ", f);
	if (ok && j->pairs && j->run_ok) {
		fputs("{ ", f);
		json_kv(f, "diff", j->run.diff, 1);
		json_ci(f, "ci", j->run.lo, j->run.hi);
		json_kv(f, "t", j->run.stat, 1);
		json_kv(f, "df", j->run.df, 1);
		json_kv(f, "p", j->run.p, 0);
		fputs(" }", f);
	} else {
		fputs("null", f);
	}
	fputs(",\n          \"wilcoxon_signed_rank\": ", f);
	if (ok && j->pairs && j->wsr_ok) {
		fputs("{ ", f);
		json_kv(f, "v", j->wsr.stat, 1);
		json_kv(f, "p", j->wsr.p, 1);
		fprintf(f, "\"exact\": %s, ", j->wsr.df < 0 ? "true" : "false");
		json_kv(f, "hodges_lehmann", j->wsr.diff, 1);
		json_ci(f, "ci", j->wsr.lo, j->wsr.hi);
		json_kv(f, "achieved_confidence", j->wsr.achieved_conf * 100, 0);
		fputs(" }", f);
	} else {
		fputs("null", f);
	}
	fputs(",\n          \"sequential\": ", f);
	if (ok && j->sequential) {
		fputs("{ ", f);
		json_kv(f, "alpha", j->seq_alpha, 1);
		json_kv(f, "n_opt", j->seq_n_opt, 1);
		json_kv(f, "sd", j->seq_sd, 1);
		json_kv(f, "target", j->seq_target, 1);
		fprintf(f, "\"target_unit\": \"%s\", \"reached\": %s, \"n\": %zu }",
			j->seq_target_pct ? "%" : "unit", seq_reached(j) ? "true" : "false", j->pairs);
	} else {
		fputs("null", f);
	}
	fprintf(f, ", \"boots\": %zu, \"boot_level\": %s", j->boots,
		j->boot_level ? "true" : "false");
	fputs(",\n          \"difference_components\": ", f);
	if (ok && j->have_components) {
		fputs("{ \"method\": \"oneway-anova-moments\", ", f);
		json_kv(f, "between_boots", j->var_boot, 1);
		json_kv(f, "between_rounds", j->var_round, 1);
		json_kv(f, "ms_boot", j->ms_boot, 1);
		json_kv(f, "ms_round", j->ms_round, 0);
		fputs(" }", f);
	} else {
		fputs("null", f);
	}
}

static void json_cmp(FILE *f, const struct report *r, const struct cmp *c,
		     const struct row *row)
{
	const struct judgement *j = &c->j;
	const struct method_opts mo = { r->jo.conf, r->jo.seed, r->jo.resamples };
	char v[768];
	size_t i;

	verdict(v, sizeof(v), r, j);
	fprintf(f, "        { \"a\": %zu, \"b\": %zu, \"judged\": %s, ", c->a, c->b,
		j->judged ? "true" : "false");
	if (!j->judged) {
		fputs("\"why\": ", f);
		json_str(f, j->why);
		fputs(", ", f);
	}
	fprintf(f, "\"level\": \"%s\", \"test\": \"%s\", \"pairs\": %zu,\n          ",
		j->level_run ? "run" : "sample",
		j->pairs ? method_paired.name : j->method->name, j->pairs);
	json_kv(f, "diff", j->judged ? j->diff : NAN, 1);
	json_ci(f, "diff_ci", j->judged ? j->lo : NAN, j->judged ? j->hi : NAN);
	json_kv(f, "diff_pct", j->judged ? j->diff_pct : NAN, 1);
	json_ci(f, "diff_pct_ci", j->judged ? j->pct_lo : NAN, j->judged ? j->pct_hi : NAN);
	json_kv(f, "p", j->judged ? j->p : NAN, 1);
	json_kv(f, "p_holm", j->judged ? j->p_holm : NAN, 1);
	fprintf(f, "\"significant\": %s, \"direction\": \"%s\",\n          ",
		j->significant ? "true" : "false",
		!j->significant ? "none" : j->diff > 0 ? "slower" : "faster");
	json_kv(f, "effect_size", j->judged ? j->g : NAN, 1);
	fputs("\"effect_size_kind\": \"hedges_g\", ", f);
	json_kv(f, "power", j->judged ? j->power : NAN, 1);
	json_kv(f, "mdd", j->judged ? j->mdd : NAN, 1);
	json_kv(f, "resolve", j->resolve, 1);
	json_kv(f, "need_more", j->judged ? j->need_more : NAN, 1);
	fprintf(f, "\"need_more_unit\": \"%s\"",
		j->pairs ? "pairs" : j->level_run ? "runs" : "samples");
	if (j->method == &method_student && !(j->level_run && j->pairs)) {
		fputs(", ", f);
		json_kv(f, "pooled_s", (j->level_run ? &j->run : &j->sample)->pooled_s, 0);
	}
	json_level(f, "sample_level", j->method, &j->sample, j->sample_ok,
		   j->sample_significant, row->sm[c->a].n, row->sm[c->b].n);
	json_level(f, "run_level", j->pairs ? &method_paired : j->method, &j->run, j->run_ok, j->run_significant,
		   row->sm[c->a].runs, row->sm[c->b].runs);
	for (i = 0; stat_methods[i]; i++) {
		const struct stat_method *m = stat_methods[i];

		if (!m->beside)
			continue;
		fprintf(f, ",\n          \"%s\": ", m->json_key ? m->json_key : m->name);
		if (j->judged && j->beside_ok[i] && j->beside[i].valid) {
			fputs("{ ", f);
			m->json(f, &j->beside[i], &mo);
			fputs(" }", f);
		} else {
			fputs("null", f);
		}
	}
	json_outcome(f, r, j);
	fprintf(f, ",\n          \"levels_disagree\": %s, \"regression\": %s, \"verdict\": ",
		j->levels_disagree ? "true" : "false", c->regression ? "true" : "false");
	json_str(f, v);
	fputs(" }", f);
}

static void json_row(FILE *f, const struct report *r, const struct row *row)
{
	size_t i, k = 0;

	fputs("    { \"cpu\": ", f);
	if (row->cpu < 0)
		fputs("null", f);
	else
		fprintf(f, "%d", row->cpu);
	fputs(", \"syscall\": ", f);
	json_str(f, row->syscall);
	fputs(", \"entry\": ", f);
	json_str(f, row->entry);
	fputs(", \"metric\": ", f);
	json_str(f, r->sides[0].metric);
	fputs(",\n      \"sides\": [\n", f);
	for (i = 0; i < r->nsides; i++) {
		fputs("        ", f);
		if (row->have[i])
			json_summary(f, &row->sm[i], r->jo.conf);
		else
			fputs("null", f);
		fputs(i + 1 < r->nsides ? ",\n" : "\n", f);
	}
	fputs("      ],\n      \"comparisons\": [\n", f);
	for (i = 0; i < r->ncmps; i++) {
		if (&r->rows[r->cmps[i].row] != row)
			continue;
		if (k++)
			fputs(",\n", f);
		json_cmp(f, r, &r->cmps[i], row);
	}
	fputs("\n      ] }", f);
}

void report_json(FILE *f, const struct report *r)
{
	const struct side *s0 = &r->sides[0];
	struct switch_stat sw[BS_MAX_SIDES * 4];
	size_t nsw = switch_stats(r->switches, sw, sizeof(sw) / sizeof(sw[0]));
	size_t i, k;

	fprintf(f, "{\n  \"version\": 1,\n  ");
	json_kv(f, "confidence", r->jo.conf * 100, 1);
	json_kv(f, "alpha", 1 - r->jo.conf, 0);
	fputs(",\n  \"clock\": ", f);
	json_str(f, s0->clock);
	fputs(", \"unit\": ", f);
	json_str(f, s0->unit);
	fputs(", \"metric\": ", f);
	json_str(f, s0->metric);
	fprintf(f, ", \"test\": \"%s\", \"seed\": %lu,\n  \"sides\": [\n",
		r->jo.student ? "student" : "welch", r->jo.seed);
	for (i = 0; i < r->nsides; i++) {
		const struct side *s = &r->sides[i];

		fprintf(f, "    { \"index\": %zu, \"label\": ", i);
		json_str(f, s->label);
		fputs(", \"files\": [", f);
		for (k = 0; k < s->nfiles; k++) {
			json_str(f, s->files[k]);
			if (k + 1 < s->nfiles)
				fputs(", ", f);
		}
		fprintf(f, "], \"runs\": %zu, \"run_unit\": \"%s\", \"kernel_release\": ",
			side_runs(s),
			s->mode == RUN_BY_FILE || s->plain ? "file" : "block");
		json_str(f, s->kernel_release);
		fputs(", \"variant\": ", f);
		json_str(f, s->variant);
		fputs(", \"clock\": ", f);
		json_str(f, s->clock);
		fputs(", \"cpu_model\": ", f);
		json_str(f, s->cpu_model);
		fprintf(f, ", \"incomplete_files\": %zu }%s\n", s->incomplete,
			i + 1 < r->nsides ? "," : "");
	}
	fputs("  ],\n  \"warnings\": [", f);
	for (i = 0; i < r->nwarnings; i++) {
		json_str(f, r->warnings[i]);
		if (i + 1 < r->nwarnings)
			fputs(", ", f);
	}
	fputs("],\n  \"switch\": ", f);
	if (!nsw) {
		fputs("null", f);
	} else {
		fprintf(f, "{ \"n\": %zu, \"variants\": [", r->switches->n);
		for (i = 0; i < nsw; i++) {
			fputs(i ? ", { \"variant\": " : "{ \"variant\": ", f);
			json_str(f, sw[i].variant);
			fprintf(f, ", \"n\": %zu, ", sw[i].n);
			json_kv(f, "median_ns", sw[i].median, 1);
			json_kv(f, "mean_ns", sw[i].mean, 1);
			json_kv(f, "max_ns", sw[i].max, 0);
			fputs(" }", f);
		}
		fputs("] }", f);
	}
	fputs(",\n  \"cells\": [\n", f);
	for (i = 0; i < r->nrows; i++) {
		json_row(f, r, &r->rows[i]);
		fputs(i + 1 < r->nrows ? ",\n" : "\n", f);
	}
	fputs("  ],\n  \"regression\": { \"threshold_pct\": ", f);
	json_num(f, r->regress_on ? r->regress_pct : NAN);
	fprintf(f, ", \"flagged\": %s, \"cells\": [", r->regress_flagged ? "true" : "false");
	for (i = 0, k = 0; i < r->ncmps; i++) {
		const struct cmp *c = &r->cmps[i];
		const struct row *row = &r->rows[c->row];

		if (!c->regression)
			continue;
		fprintf(f, "%s{ \"cpu\": ", k++ ? ", " : "");
		if (row->cpu < 0)
			fputs("null", f);
		else
			fprintf(f, "%d", row->cpu);
		fputs(", \"syscall\": ", f);
		json_str(f, row->syscall);
		fputs(", \"entry\": ", f);
		json_str(f, row->entry);
		fprintf(f, ", \"a\": %zu, \"b\": %zu, ", c->a, c->b);
		json_kv(f, "diff_pct", c->j.diff_pct, 0);
		fputs(" }", f);
	}
	fputs("] }\n}\n", f);
}
