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

static void fmt_p(char *buf, size_t len, double p)
{
	if (p < 1e-15)
		snprintf(buf, len, "p<1e-15");
	else
		snprintf(buf, len, "p=%.2g", p);
}

static void verdict(char *buf, size_t len, const struct report *r,
		    const struct judgement *j)
{
	const char *u = unit_of(r);
	char p[32];
	int n;

	if (!j->judged) {
		snprintf(buf, len, "Cannot judge: %s", j->why);
		return;
	}
	fmt_p(p, sizeof(p), j->p);
	if (!j->significant) {
		n = snprintf(buf, len, "No difference proven at %.1f%% confidence",
			     r->jo.conf * 100);
		if (j->p < j->alpha && n > 0 && (size_t)n < len)
			snprintf(buf + n, len - n, " (%s, but Holm-adjusted p=%.2g over all comparisons)",
				 p, j->p_holm);
		return;
	}
	n = snprintf(buf, len, "Difference at %.1f%% confidence: %+g +/- %g%s%s",
		     r->jo.conf * 100, j->diff, (j->hi - j->lo) / 2, *u ? " " : "", u);
	if (n < 0 || (size_t)n >= len)
		return;
	if (isfinite(j->diff_pct))
		n += snprintf(buf + n, len - n, " (%+.3g%% +/- %.3g%%)", j->diff_pct,
			      (j->pct_hi - j->pct_lo) / 2);
	if (n < 0 || (size_t)n >= len)
		return;
	snprintf(buf + n, len - n, " (%s, %s, g=%.2g)",
		 j->pairs ? test_paired.title : j->test->title, p, j->g);
}

static void text_cmp(FILE *f, const struct report *r, const struct cmp *c)
{
	const struct judgement *j = &c->j;
	const char *u = unit_of(r), *per = j->level_run ? "runs" : "samples";
	char v[512], p[32];

	verdict(v, sizeof(v), r, j);
	fprintf(f, "%c vs %c: %s\n", sym[c->b % 17], sym[c->a % 17], v);
	if (!j->judged)
		return;
	if (j->test == &test_student && j->significant && !j->pairs)
		fprintf(f, "        (Student's t, pooled s = %g)\n",
			(j->level_run ? &j->run : &j->sample)->pooled_s);
	if (j->pairs)
		fprintf(f, "        run level: paired t on %zu pairs of blocks (one round of one file each): drift between rounds cancels\n",
			j->pairs);
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
		fmt_p(p, sizeof(p), j->sample.p);
		fprintf(f, "        per-sample %s: %+g +/- %g, %s%s\n", j->test->title,
			j->sample.diff, (j->sample.hi - j->sample.lo) / 2, p,
			j->sample_significant ? " (significant)" : "");
	}
	if (j->levels_disagree)
		fprintf(f, "        NOTE: per-sample and per-run judgements disagree: per-sample says %s, per-run says %s; trust the per-run one\n",
			j->sample_significant ? "different" : "no difference",
			j->run_significant ? "different" : "no difference");
	fmt_p(p, sizeof(p), j->mw.p);
	fprintf(f, "        Mann-Whitney U=%g %s%s; bootstrap median diff %+g [%g, %g] (%zu resamples)\n",
		j->mw.stat, p, j->mw.df < 0 ? " (exact)" : "", j->boot.diff, j->boot.lo, j->boot.hi, j->boot.resamples);
	fprintf(f, "        power %.2f, min detectable diff %g%s%s (exact noncentral t, %g df); need about %.0f more %s to resolve %g%s%s\n",
		j->power, j->mdd, *u ? " " : "", u,
		(j->level_run ? &j->run : &j->sample)->df, j->need_more,
		j->pairs ? "pairs (rounds)" : j->level_run ? "runs per side" :
		"samples per side", j->resolve, *u ? " " : "", u);
	if (c->regression)
		fprintf(f, "        REGRESSION: %c is slower than %c by more than %g%%\n",
			sym[c->b % 17], sym[c->a % 17], r->regress_pct);
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
	for (i = 0; i < r->ncmps; i++)
		if (&r->rows[r->cmps[i].row] == row)
			text_cmp(f, r, &r->cmps[i]);
}

void report_text(FILE *f, const struct report *r)
{
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
	for (i = 0; i < r->nwarnings; i++)
		fprintf(f, "warning: %s\n", r->warnings[i]);
	for (i = 0; i < r->nrows; i++)
		text_row(f, r, &r->rows[i]);
	if (r->regress_on)
		fprintf(f, "\nregression check (> %g%% slower): %s\n", r->regress_pct,
			r->regress_flagged ? "REGRESSION FOUND" : "none");
}

/* ---- JSON ---------------------------------------------------------------- */
static void jstr(FILE *f, const char *s)
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

static void jnum(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "%.15g", v);
	else
		fputs("null", f);
}

static void jkv(FILE *f, const char *k, double v, int comma)
{
	fprintf(f, "\"%s\": ", k);
	jnum(f, v);
	if (comma)
		fputs(", ", f);
}

static void jci(FILE *f, const char *k, double lo, double hi)
{
	fprintf(f, "\"%s\": [", k);
	jnum(f, lo);
	fputs(", ", f);
	jnum(f, hi);
	fputs("], ", f);
}

static void json_summary(FILE *f, const struct summary *s)
{
	size_t i;

	fprintf(f, "{ \"n\": %zu, \"dropped\": %zu, ", s->n, s->dropped);
	jkv(f, "min", s->min, 1);
	jkv(f, "max", s->max, 1);
	jkv(f, "median", s->median, 1);
	jkv(f, "mean", s->mean, 1);
	jkv(f, "stddev", s->stddev, 1);
	jkv(f, "trimmed_mean", s->trmean, 1);
	jkv(f, "p5", s->p5, 1);
	jkv(f, "p25", s->p25, 1);
	jkv(f, "p75", s->p75, 1);
	jkv(f, "p95", s->p95, 1);
	jkv(f, "p99", s->p99, 1);
	fprintf(f, "\"runs\": %zu, \"run_medians\": [", s->runs);
	for (i = 0; i < s->runs; i++) {
		jnum(f, s->run_medians[i]);
		if (i + 1 < s->runs)
			fputs(", ", f);
	}
	fputs("], ", f);
	jkv(f, "run_spread", s->run_spread, 0);
	fputs(" }", f);
}

static void json_level(FILE *f, const char *name, const struct stat_test *test,
		       const struct test_result *t, int ok, int sig,
		       size_t na, size_t nb)
{
	fprintf(f, ",\n          \"%s\": ", name);
	if (!ok) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{ \"test\": \"%s\", \"n_a\": %zu, \"n_b\": %zu, ",
		test->name, na, nb);
	jkv(f, "diff", t->diff, 1);
	jci(f, "diff_ci", t->lo, t->hi);
	jkv(f, "t", t->stat, 1);
	jkv(f, "df", t->df, 1);
	jkv(f, "p", t->p, 1);
	fprintf(f, "\"significant\": %s }", sig ? "true" : "false");
}

static void json_cmp(FILE *f, const struct report *r, const struct cmp *c,
		     const struct row *row)
{
	const struct judgement *j = &c->j;
	char v[512];

	verdict(v, sizeof(v), r, j);
	fprintf(f, "        { \"a\": %zu, \"b\": %zu, \"judged\": %s, ", c->a, c->b,
		j->judged ? "true" : "false");
	if (!j->judged) {
		fputs("\"why\": ", f);
		jstr(f, j->why);
		fputs(", ", f);
	}
	fprintf(f, "\"level\": \"%s\", \"test\": \"%s\", \"pairs\": %zu,\n          ",
		j->level_run ? "run" : "sample",
		j->pairs ? test_paired.name : j->test->name, j->pairs);
	jkv(f, "diff", j->judged ? j->diff : NAN, 1);
	jci(f, "diff_ci", j->judged ? j->lo : NAN, j->judged ? j->hi : NAN);
	jkv(f, "diff_pct", j->judged ? j->diff_pct : NAN, 1);
	jci(f, "diff_pct_ci", j->judged ? j->pct_lo : NAN, j->judged ? j->pct_hi : NAN);
	jkv(f, "p", j->judged ? j->p : NAN, 1);
	jkv(f, "p_holm", j->judged ? j->p_holm : NAN, 1);
	fprintf(f, "\"significant\": %s, \"direction\": \"%s\",\n          ",
		j->significant ? "true" : "false",
		!j->significant ? "none" : j->diff > 0 ? "slower" : "faster");
	jkv(f, "effect_size", j->judged ? j->g : NAN, 1);
	fputs("\"effect_size_kind\": \"hedges_g\", ", f);
	jkv(f, "power", j->judged ? j->power : NAN, 1);
	jkv(f, "mdd", j->judged ? j->mdd : NAN, 1);
	jkv(f, "resolve", j->resolve, 1);
	jkv(f, "need_more", j->judged ? j->need_more : NAN, 1);
	fprintf(f, "\"need_more_unit\": \"%s\"",
		j->pairs ? "pairs" : j->level_run ? "runs" : "samples");
	if (j->test == &test_student && !(j->level_run && j->pairs)) {
		fputs(", ", f);
		jkv(f, "pooled_s", (j->level_run ? &j->run : &j->sample)->pooled_s, 0);
	}
	json_level(f, "sample_level", j->test, &j->sample, j->sample_ok,
		   j->sample_significant, row->sm[c->a].n, row->sm[c->b].n);
	json_level(f, "run_level", j->pairs ? &test_paired : j->test, &j->run, j->run_ok, j->run_significant,
		   row->sm[c->a].runs, row->sm[c->b].runs);
	fputs(",\n          \"mann_whitney\": ", f);
	if (j->judged && j->mw.valid) {
		fputs("{ ", f);
		jkv(f, "u", j->mw.stat, 1);
		jkv(f, "p", j->mw.p, 1);
		fprintf(f, "\"exact\": %s", j->mw.df < 0 ? "true" : "false");
		fputs(" }", f);
	} else {
		fputs("null", f);
	}
	fputs(",\n          \"bootstrap_median_diff\": ", f);
	if (j->judged && j->boot.valid) {
		fputs("{ ", f);
		jkv(f, "estimate", j->boot.diff, 1);
		jci(f, "ci", j->boot.lo, j->boot.hi);
		jkv(f, "p", j->boot.p, 1);
		fprintf(f, "\"resamples\": %zu, \"seed\": %lu }", j->boot.resamples,
			r->jo.seed);
	} else {
		fputs("null", f);
	}
	fprintf(f, ",\n          \"levels_disagree\": %s, \"regression\": %s, \"verdict\": ",
		j->levels_disagree ? "true" : "false", c->regression ? "true" : "false");
	jstr(f, v);
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
	jstr(f, row->syscall);
	fputs(", \"entry\": ", f);
	jstr(f, row->entry);
	fputs(", \"metric\": ", f);
	jstr(f, r->sides[0].metric);
	fputs(",\n      \"sides\": [\n", f);
	for (i = 0; i < r->nsides; i++) {
		fputs("        ", f);
		if (row->have[i])
			json_summary(f, &row->sm[i]);
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
	size_t i, k;

	fprintf(f, "{\n  \"version\": 1,\n  ");
	jkv(f, "confidence", r->jo.conf * 100, 1);
	jkv(f, "alpha", 1 - r->jo.conf, 0);
	fputs(",\n  \"clock\": ", f);
	jstr(f, s0->clock);
	fputs(", \"unit\": ", f);
	jstr(f, s0->unit);
	fputs(", \"metric\": ", f);
	jstr(f, s0->metric);
	fprintf(f, ", \"test\": \"%s\", \"seed\": %lu,\n  \"sides\": [\n",
		r->jo.student ? "student" : "welch", r->jo.seed);
	for (i = 0; i < r->nsides; i++) {
		const struct side *s = &r->sides[i];

		fprintf(f, "    { \"index\": %zu, \"label\": ", i);
		jstr(f, s->label);
		fputs(", \"files\": [", f);
		for (k = 0; k < s->nfiles; k++) {
			jstr(f, s->files[k]);
			if (k + 1 < s->nfiles)
				fputs(", ", f);
		}
		fprintf(f, "], \"runs\": %zu, \"run_unit\": \"%s\", \"kernel_release\": ",
			side_runs(s),
			s->mode == RUN_BY_FILE || s->plain ? "file" : "block");
		jstr(f, s->kernel_release);
		fputs(", \"variant\": ", f);
		jstr(f, s->variant);
		fputs(", \"clock\": ", f);
		jstr(f, s->clock);
		fputs(", \"cpu_model\": ", f);
		jstr(f, s->cpu_model);
		fprintf(f, ", \"incomplete_files\": %zu }%s\n", s->incomplete,
			i + 1 < r->nsides ? "," : "");
	}
	fputs("  ],\n  \"warnings\": [", f);
	for (i = 0; i < r->nwarnings; i++) {
		jstr(f, r->warnings[i]);
		if (i + 1 < r->nwarnings)
			fputs(", ", f);
	}
	fputs("],\n  \"cells\": [\n", f);
	for (i = 0; i < r->nrows; i++) {
		json_row(f, r, &r->rows[i]);
		fputs(i + 1 < r->nrows ? ",\n" : "\n", f);
	}
	fputs("  ],\n  \"regression\": { \"threshold_pct\": ", f);
	jnum(f, r->regress_on ? r->regress_pct : NAN);
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
		jstr(f, row->syscall);
		fputs(", \"entry\": ", f);
		jstr(f, row->entry);
		fprintf(f, ", \"a\": %zu, \"b\": %zu, ", c->a, c->b);
		jkv(f, "diff_pct", c->j.diff_pct, 0);
		fputs(" }", f);
	}
	fputs("] }\n}\n", f);
}
