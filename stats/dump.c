// SPDX-License-Identifier: GPL-2.0
/*
 * bench-stat --dump KIND: what bench-stat kept, for others to draw.
 *
 * Plots, reports and calibration scripts never read the results format
 * and never compute a statistic: they take the kept samples and the
 * per-block, per-run and per-cell summaries from here, as TSV with a
 * header line or as a JSON array of objects with the same keys
 * (stats/JSON.md, "--dump").  A cell is always cpu + syscall + entry
 * (cpu "all" with --pool-cpus); a run is what the verdict calls a run
 * (a file, or a block), numbered as in --json's run_medians; every median
 * CI is median_ci() at -c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "bs.h"
#include "median-ci.h"
#include "results.h"

static const char *const kind_names[] = {
	[DUMP_SAMPLES] = "samples",
	[DUMP_BLOCKS] = "blocks",
	[DUMP_RUNS] = "runs",
	[DUMP_CELLS] = "cells",
	[DUMP_PAIRS] = "pairs",
	[DUMP_HEADER] = "header",
};

static const char *const columns[][16] = {
	[DUMP_SAMPLES] = { "side", "label", "file", "run", "cpu", "syscall", "entry",
			   "variant", "block", "round", "value" },
	[DUMP_BLOCKS] = { "side", "label", "file", "run", "cpu", "syscall", "entry",
			  "variant", "block", "round", "n", "median", "mean" },
	[DUMP_RUNS] = { "side", "label", "file", "run", "cpu", "syscall", "entry",
			"variant", "n", "median", "median_lo", "median_hi", "mean", "sd" },
	[DUMP_CELLS] = { "side", "label", "cpu", "syscall", "entry", "n_runs", "n",
			 "median", "median_lo", "median_hi", "mean", "sd" },
	[DUMP_PAIRS] = { "side_a", "side_b", "label_a", "label_b", "file", "cpu", "syscall",
			 "entry", "round", "a", "b", "diff" },
	[DUMP_HEADER] = { "file", "key", "value" },
};

int dump_kind_parse(const char *s, enum dump_kind *kind)
{
	size_t i;

	for (i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (!strcmp(s, kind_names[i])) {
			*kind = i;
			return 0;
		}
	return -1;
}

/* ---- one output row: TSV or a JSON object, the same keys ------------- */
struct out {
	FILE *f;
	int json;
	enum dump_kind kind;
	size_t col;		/* next column of the row */
	size_t rows;
};

static void col_begin(struct out *o)
{
	if (!o->col) {
		if (o->json)
			fputs(o->rows ? ",\n{" : "{", o->f);
	} else {
		fputs(o->json ? ", " : "\t", o->f);
	}
	if (o->json)
		fprintf(o->f, "\"%s\": ", columns[o->kind][o->col]);
	o->col++;
}

/* TSV fields are words: a tab, newline or other control byte becomes '?' */
static void put_str(struct out *o, const char *s)
{
	col_begin(o);
	if (o->json) {
		json_str(o->f, s ? s : "-");
		return;
	}
	for (s = s ? s : "-"; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, o->f);
}

/* "-" in TSV and null in JSON: nothing to say (no round, no CI, one value's sd) */
static void put_none(struct out *o)
{
	col_begin(o);
	fputs(o->json ? "null" : "-", o->f);
}

static void put_num(struct out *o, double v)
{
	if (!isfinite(v)) {
		put_none(o);
		return;
	}
	col_begin(o);
	fprintf(o->f, "%.15g", v);
}

static void put_size(struct out *o, size_t v)
{
	col_begin(o);
	fprintf(o->f, "%zu", v);
}

/* cpu: a number, "all" (pooled; null in JSON), "-" for plain values */
static void put_cpu(struct out *o, const struct side *s, int cpu)
{
	if (s->plain) {
		put_none(o);
	} else if (cpu >= 0) {
		col_begin(o);
		fprintf(o->f, "%d", cpu);
	} else if (o->json) {
		put_none(o);
	} else {
		put_str(o, "all");
	}
}

static void row_end(struct out *o)
{
	fputs(o->json ? "}" : "\n", o->f);
	o->col = 0;
	o->rows++;
}

/* ---- a cell's samples, in run, file, block, file order ------------------ */
struct smp {
	size_t run;		/* index into the summary's run_medians */
	size_t file;
	long block;
	size_t seq;		/* order in the file */
	double v;
};

static int smp_cmp(const void *x, const void *y)
{
	const struct smp *a = x, *b = y;

	if (a->run != b->run)
		return a->run < b->run ? -1 : 1;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	if (a->block != b->block)
		return a->block < b->block ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int size_cmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return a < b ? -1 : a > b;
}

/*
 * The run of sample i: summarize() numbers a cell's runs by ascending run
 * key (the file, or the run id of a (file, block)); the same here.
 */
static size_t run_key(const struct side *s, const struct cell *c, size_t i)
{
	return s->mode == RUN_BY_FILE ? s->runs[c->rid[i]].file : c->rid[i];
}

static struct smp *cell_samples(const struct side *s, const struct cell *c)
{
	struct smp *sm = malloc((c->n ? c->n : 1) * sizeof(*sm));
	size_t *keys = malloc((c->n ? c->n : 1) * sizeof(*keys));
	size_t i, nk = 0, *hit;

	if (!sm || !keys) {
		free(sm);
		free(keys);
		return NULL;
	}
	for (i = 0; i < c->n; i++)
		keys[i] = run_key(s, c, i);
	qsort(keys, c->n, sizeof(*keys), size_cmp);
	for (i = 0; i < c->n; i++)
		if (!nk || keys[nk - 1] != keys[i])
			keys[nk++] = keys[i];
	for (i = 0; i < c->n; i++) {
		size_t k = run_key(s, c, i);

		hit = bsearch(&k, keys, nk, sizeof(*keys), size_cmp);
		sm[i].run = hit - keys;
		sm[i].file = s->runs[c->rid[i]].file;
		sm[i].block = s->runs[c->rid[i]].block;
		sm[i].seq = i;
		sm[i].v = c->v[i];
	}
	free(keys);
	qsort(sm, c->n, sizeof(*sm), smp_cmp);
	return sm;
}

struct ctx {
	struct out *o;
	const struct side *s;
	size_t side;
	size_t round;		/* blocks a round when the file does not say */
	double conf;
};

static const char *variant_of(const struct side *s)
{
	return s->variant ? s->variant : "-";
}

/* "round": block / the file's number of variants, "-" when there are none */
static void put_round(struct out *o, const struct ctx *x, size_t file, long block)
{
	const struct file_info *fi = x->s->finfo ? &x->s->finfo[file] : NULL;
	size_t nv = fi && fi->nvariants ? fi->nvariants : x->s->by_variant ? x->round : 0;

	if (nv && !x->s->plain)
		put_size(o, (size_t)block / nv);
	else
		put_none(o);
}

static void put_head(struct out *o, const struct ctx *x, size_t file, size_t run,
		     const struct cell *c)
{
	put_size(o, x->side);
	put_str(o, x->s->label);
	put_str(o, x->s->files[file]);
	put_size(o, run);
	put_cpu(o, x->s, c->cpu);
	put_str(o, c->syscall);
	put_str(o, c->entry);
	put_str(o, variant_of(x->s));
}

/* median, CI, mean, sd of n values v (sorted in place) */
static void put_spread(struct out *o, const struct ctx *x, double *v, size_t n,
		       int with_ci)
{
	double lo, hi, ach;

	gsl_sort(v, 1, n);
	put_num(o, gsl_stats_median_from_sorted_data(v, 1, n));
	if (with_ci) {
		median_ci(v, n, x->conf, &lo, &hi, &ach);
		put_num(o, lo);
		put_num(o, hi);
	}
	put_num(o, gsl_stats_mean(v, 1, n));
	if (with_ci)
		put_num(o, n > 1 ? gsl_stats_sd(v, 1, n) : NAN);
}

static int dump_cell(const struct ctx *x, const struct cell *c)
{
	struct out *o = x->o;
	struct summary sum;
	struct smp *sm;
	double *v, lo, hi, ach;
	size_t i, j, k;

	if (o->kind == DUMP_CELLS) {
		if (summarize(x->s, c, &sum))
			return -1;
		put_size(o, x->side);
		put_str(o, x->s->label);
		put_cpu(o, x->s, c->cpu);
		put_str(o, c->syscall);
		put_str(o, c->entry);
		put_size(o, sum.runs);
		put_size(o, sum.n);
		put_num(o, sum.median);
		median_ci(sum.sorted, sum.n, x->conf, &lo, &hi, &ach);
		put_num(o, lo);
		put_num(o, hi);
		put_num(o, sum.mean);
		put_num(o, sum.n > 1 ? sum.stddev : NAN);
		row_end(o);
		summary_free(&sum);
		return 0;
	}
	sm = cell_samples(x->s, c);
	v = malloc((c->n ? c->n : 1) * sizeof(*v));
	if (!sm || !v) {
		free(sm);
		free(v);
		return -1;
	}
	for (i = 0; i < c->n; i = j) {
		/* a group: one sample, one block, or one run */
		for (j = i + 1; j < c->n; j++)
			if (sm[j].run != sm[i].run ||
			    (o->kind != DUMP_RUNS && (sm[j].file != sm[i].file ||
						      sm[j].block != sm[i].block)) ||
			    o->kind == DUMP_SAMPLES)
				break;
		for (k = i; k < j; k++)
			v[k - i] = sm[k].v;
		put_head(o, x, sm[i].file, sm[i].run, c);
		if (o->kind != DUMP_RUNS) {
			put_num(o, sm[i].block);
			put_round(o, x, sm[i].file, sm[i].block);
		}
		if (o->kind == DUMP_SAMPLES) {
			put_num(o, sm[i].v);
		} else {
			put_size(o, j - i);
			put_spread(o, x, v, j - i, o->kind == DUMP_RUNS);
		}
		row_end(o);
	}
	free(sm);
	free(v);
	return 0;
}

static const struct side *sort_cells_side;

static int cell_cmp(const void *x, const void *y)
{
	const struct cell *a = &sort_cells_side->cells[*(const size_t *)x];
	const struct cell *b = &sort_cells_side->cells[*(const size_t *)y];
	int c;

	if (a->cpu != b->cpu)
		return a->cpu < b->cpu ? -1 : 1;
	c = strcmp(a->syscall, b->syscall);
	return c ? c : strcmp(a->entry, b->entry);
}

/*
 * The pairs of one cell of sides a and b: make_pairs() on the summaries
 * the verdict judges, so these are exactly the pairs of --paired.
 */
static int dump_cell_pairs(struct out *o, const struct side *sides, size_t ia,
			   size_t ib, const struct cell *ca, size_t round)
{
	const struct side *a = &sides[ia], *b = &sides[ib];
	const struct cell *cb = side_find_cell(b, ca->cpu, ca->syscall, ca->entry);
	struct summary sa, sb;
	struct pairs p;
	size_t i;

	if (!cb || !cb->n)
		return 0;
	if (summarize(a, ca, &sa))
		return -1;
	if (summarize(b, cb, &sb)) {
		summary_free(&sa);
		return -1;
	}
	make_pairs(&sa, &sb, round ? round : 2, &p);
	for (i = 0; i < p.n; i++) {
		put_size(o, ia);
		put_size(o, ib);
		put_str(o, a->label);
		put_str(o, b->label);
		put_str(o, a->files[p.fidx[i]]);
		put_cpu(o, a, ca->cpu);
		put_str(o, ca->syscall);
		put_str(o, ca->entry);
		put_size(o, (size_t)p.round[i]);
		put_num(o, p.a[i]);
		put_num(o, p.b[i]);
		put_num(o, p.b[i] - p.a[i]);
		row_end(o);
	}
	pairs_free(&p);
	summary_free(&sa);
	summary_free(&sb);
	return 0;
}

int dump_header(FILE *f, char *const *paths, size_t n, int json)
{
	struct results_opts ro = { .allow_incomplete = 1 };
	struct out o = { .f = f, .json = json, .kind = DUMP_HEADER };
	struct results_file *rf;
	char err[RESULTS_ERR_LEN];
	const char *key, *value;
	size_t i, k;

	/* every file opens before anything is printed: no half a dump */
	for (i = 0; i < n; i++) {
		rf = results_open(paths[i], &ro, err, sizeof(err));
		if (!rf) {
			fprintf(stderr, "bench-stat: %s\n", err);
			return 2;
		}
		results_close(rf);
	}
	fputs(json ? "[\n" : "file\tkey\tvalue\n", f);
	for (i = 0; i < n; i++) {
		rf = results_open(paths[i], &ro, err, sizeof(err));
		if (!rf) {
			fprintf(stderr, "bench-stat: %s\n", err);
			return 2;
		}
		for (k = 0; k < results_nkeys(rf); k++) {
			key = results_key(rf, k, &value);
			put_str(&o, paths[i]);
			put_str(&o, key);
			put_str(&o, value);
			row_end(&o);
		}
		results_close(rf);
	}
	if (json)
		fputs(o.rows ? "\n]\n" : "]\n", f);
	return 0;
}

int dump_sides(FILE *f, const struct side *sides, size_t nsides,
	       enum dump_kind kind, double conf, size_t round, int json)
{
	struct out o = { .f = f, .json = json, .kind = kind };
	struct ctx x = { .o = &o, .conf = conf, .round = round };
	size_t k, i, *order;

	if (json) {
		fputs("[\n", f);
	} else {
		for (i = 0; columns[kind][i]; i++)
			fprintf(f, "%s%s", i ? "\t" : "", columns[kind][i]);
		fputc('\n', f);
	}
	for (k = 0; k < nsides; k++) {
		const struct side *s = &sides[k];

		order = malloc((s->ncells ? s->ncells : 1) * sizeof(*order));
		if (!order)
			return -1;
		for (i = 0; i < s->ncells; i++)
			order[i] = i;
		sort_cells_side = s;
		qsort(order, s->ncells, sizeof(*order), cell_cmp);
		x.s = s;
		x.side = k;
		for (i = 0; kind == DUMP_PAIRS && i < s->ncells; i++) {
			size_t b;

			for (b = 0; b < nsides; b++)
				if (b != k && s->cells[order[i]].n &&
				    dump_cell_pairs(&o, sides, k, b, &s->cells[order[i]], round)) {
					free(order);
					return -1;
				}
		}
		for (i = 0; kind != DUMP_PAIRS && i < s->ncells; i++)
			if (s->cells[order[i]].n && dump_cell(&x, &s->cells[order[i]])) {
				free(order);
				return -1;
			}
		free(order);
	}
	if (json)
		fputs(o.rows ? "\n]\n" : "]\n", f);
	return 0;
}
