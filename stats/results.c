// SPDX-License-Identifier: GPL-2.0
/*
 * Read bench-syscall results files (results/FORMAT.md, version 1) and plain
 * one-number-per-line files into sides.  Streams line by line: memory is
 * the kept samples of the chosen metric (12 bytes each), time is linear.
 *
 * Anything that does not follow the format is an error with file:line, never
 * a guess: a silently misread file is a wrong verdict.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bs.h"

static const char *const fixed_cols[] = {
	"cpu", "syscall", "entry", "block", "variant", "seq", "ctxsw", "migr",
};
#define NFIXED 8
#define MAXCOLS 256

static int fail(const char *name, size_t line, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = line ? snprintf(bs_err, sizeof(bs_err), "%s:%zu: ", name, line)
		 : snprintf(bs_err, sizeof(bs_err), "%s: ", name);
	if (n < 0 || (size_t)n >= sizeof(bs_err))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(bs_err + n, sizeof(bs_err) - n, fmt, ap);
	va_end(ap);
	return -1;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "-");

	if (!p) {
		fputs("bench-stat: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("bench-stat: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

/* Split on blanks in place; returns the count (at most max, +1 if more). */
static size_t split(char *s, char **tok, size_t max)
{
	size_t n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			return n;
		if (n == max)
			return max + 1;
		tok[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = 0;
	}
}

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' ||
		     s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = 0;
}

/* ---- per-file state --------------------------------------------------- */
struct file_meta {
	char *label, *clock, *unit, *cpu_model, *vendor, *family, *model;
	char *kernel_release, *variant, *metrics, *units;
	/* the design (issue 12): blocks sized in time, measured until resolved */
	char *variants, *block_ms, *resolve_target, *resolve_alpha, *resolve_n_opt,
	     *resolve_max_seconds, *order;
};

struct loader {
	const struct load_opts *o;
	const char *name;
	struct side *fixed;		/* all samples go here, or */
	struct side *sides;		/* --by variant: one side per variant */
	size_t *nsides, max;
	struct file_meta m;
	int have_columns;
	size_t ncols, metric_col;
	char *metric, *unit;
	/* the side (and its file index) the last sample went to */
	struct side *cur;
	size_t cur_file;
	size_t fidx[BS_MAX_SIDES];	/* this file's index in each side */
	int partial;			/* a cut last line was dropped */
	char *variant;			/* first variant seen in this file */
	struct strmap cells_seen;	/* every cell of the file, unfiltered */
};

static void meta_free(struct file_meta *m)
{
	free(m->label); free(m->clock); free(m->unit); free(m->cpu_model);
	free(m->vendor); free(m->family); free(m->model);
	free(m->kernel_release); free(m->variant); free(m->metrics);
	free(m->units); free(m->variants); free(m->block_ms);
	free(m->resolve_target); free(m->resolve_alpha); free(m->resolve_n_opt);
	free(m->resolve_max_seconds); free(m->order);
	memset(m, 0, sizeof(*m));
}

static void meta_set(struct file_meta *m, const char *key, const char *val)
{
	static const struct { const char *key; size_t off; } keys[] = {
		{ "label", offsetof(struct file_meta, label) },
		{ "clock", offsetof(struct file_meta, clock) },
		{ "unit", offsetof(struct file_meta, unit) },
		{ "cpu.model_name", offsetof(struct file_meta, cpu_model) },
		{ "cpu.vendor", offsetof(struct file_meta, vendor) },
		{ "cpu.family", offsetof(struct file_meta, family) },
		{ "cpu.model", offsetof(struct file_meta, model) },
		{ "kernel.release", offsetof(struct file_meta, kernel_release) },
		{ "kernel.entry_variant", offsetof(struct file_meta, variant) },
		{ "metrics", offsetof(struct file_meta, metrics) },
		{ "units", offsetof(struct file_meta, units) },
		{ "variants", offsetof(struct file_meta, variants) },
		{ "block.ms", offsetof(struct file_meta, block_ms) },
		{ "resolve.target", offsetof(struct file_meta, resolve_target) },
		{ "resolve.alpha", offsetof(struct file_meta, resolve_alpha) },
		{ "resolve.n_opt", offsetof(struct file_meta, resolve_n_opt) },
		{ "resolve.max_seconds", offsetof(struct file_meta, resolve_max_seconds) },
		{ "order", offsetof(struct file_meta, order) },
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char **p = (char **)((char *)m + keys[i].off);

		if (strcmp(key, keys[i].key))
			continue;
		free(*p);
		*p = xstrdup(val);
		return;
	}
	/* unknown keys are ignored, as FORMAT.md asks */
}

/* The n-th word of a blank-separated list, copied; NULL if absent. */
static char *nth_word(const char *list, size_t n)
{
	char buf[4096], *tok[MAXCOLS];
	size_t k;

	if (!list || strlen(list) >= sizeof(buf))
		return NULL;
	strcpy(buf, list);
	k = split(buf, tok, MAXCOLS);
	return n < k && k <= MAXCOLS ? xstrdup(tok[n]) : NULL;
}

static int parse_columns(struct loader *L, char *val, size_t line)
{
	char *tok[MAXCOLS];
	size_t n, i;
	const char *want = L->o->metric;

	n = split(val, tok, MAXCOLS);
	if (n > MAXCOLS)
		return fail(L->name, line, "more than %d columns", MAXCOLS);
	if (n <= NFIXED)
		return fail(L->name, line, "columns: need the %d fixed columns and at least one metric",
			    NFIXED);
	for (i = 0; i < NFIXED; i++)
		if (strcmp(tok[i], fixed_cols[i]))
			return fail(L->name, line, "columns: column %zu is '%s', FORMAT.md says '%s'",
				    i + 1, tok[i], fixed_cols[i]);
	L->metric_col = 0;
	for (i = NFIXED; i < n; i++)
		if (!want || !strcmp(tok[i], want)) {
			L->metric_col = i;
			break;
		}
	if (!L->metric_col)
		return fail(L->name, line, "no metric '%s' in this file", want);
	/* "#% metrics:" must name the same columns, and "#% units:" one each */
	for (i = NFIXED; L->m.metrics && i <= n; i++) {
		char *m = nth_word(L->m.metrics, i - NFIXED);
		int ok = i < n ? m && !strcmp(m, tok[i]) : !m;

		free(m);
		if (!ok)
			return fail(L->name, line, "columns do not match '#%% metrics: %s'",
				    L->m.metrics);
	}
	if (L->m.units) {
		char *u = nth_word(L->m.units, n - NFIXED - 1);
		char *extra = nth_word(L->m.units, n - NFIXED);
		int ok = u && !extra;

		free(u);
		free(extra);
		if (!ok)
			return fail(L->name, line, "'#%% units: %s' does not give one unit per metric column",
				    L->m.units);
	}
	L->ncols = n;
	L->metric = xstrdup(tok[L->metric_col]);
	L->unit = nth_word(L->m.units, L->metric_col - NFIXED);
	if (!L->unit) {
		if (L->metric_col == NFIXED && L->m.unit)
			L->unit = xstrdup(L->m.unit);
		else
			L->unit = xstrdup(!strcmp(L->metric, "ns") ? "ns" : "-");
	}
	L->have_columns = 1;
	return 0;
}

static const char *cpu_model(const struct file_meta *m, char *buf, size_t len)
{
	if (m->cpu_model)
		return m->cpu_model;
	if (!m->vendor && !m->family && !m->model)
		return "-";
	snprintf(buf, len, "%s family %s model %s", m->vendor ? m->vendor : "-",
		 m->family ? m->family : "-", m->model ? m->model : "-");
	return buf;
}

static int same(const char *a, const char *b)
{
	return !strcmp(a ? a : "-", b ? b : "-");
}

/*
 * Attach the current file to side s (first sample of s from this file):
 * the first file sets the side's metadata, later ones must agree.
 */
static int attach_file(struct loader *L, struct side *s, int plain)
{
	char buf[256];
	const char *model = plain ? "-" : cpu_model(&L->m, buf, sizeof(buf));
	const char *clock = plain ? "-" : L->m.clock;
	const char *unit = plain ? "-" : L->unit;
	const char *metric = plain ? "value" : L->metric;

	if (!s->nfiles) {
		s->clock = xstrdup(clock);
		s->unit = xstrdup(unit);
		s->cpu_model = xstrdup(model);
		s->metric = xstrdup(metric);
		s->kernel_release = xstrdup(plain ? NULL : L->m.kernel_release);
		/* --by variant: the side is its variant, not the header's
		 * starting one */
		s->variant = xstrdup(plain ? NULL :
				     s->by_variant ? s->label : L->m.variant);
		s->plain = plain;
		if (!s->label)
			s->label = xstrdup(plain || !L->m.label ? L->name : L->m.label);
	} else if (!L->o->force) {
		if (!same(s->clock, clock))
			return fail(L->name, 0, "clock '%s' differs from '%s' (%s); use --force to pool anyway",
				    clock ? clock : "-", s->clock, s->files[0]);
		if (!same(s->unit, unit))
			return fail(L->name, 0, "unit '%s' differs from '%s' (%s); use --force to pool anyway",
				    unit, s->unit, s->files[0]);
		if (!same(s->cpu_model, model))
			return fail(L->name, 0, "CPU model '%s' differs from '%s' (%s); use --force to pool anyway",
				    model, s->cpu_model, s->files[0]);
	}
	if (!same(s->metric, metric))
		return fail(L->name, 0, "metric '%s' differs from '%s' (%s)",
			    metric, s->metric, s->files[0]);
	s->files = xrealloc(s->files, (s->nfiles + 1) * sizeof(*s->files));
	s->finfo = xrealloc(s->finfo, (s->nfiles + 1) * sizeof(*s->finfo));
	memset(&s->finfo[s->nfiles], 0, sizeof(*s->finfo));
	s->finfo[s->nfiles].block_ms = NAN;
	s->files[s->nfiles++] = xstrdup(L->name);
	return 0;
}

static struct side *side_for(struct loader *L, const char *variant, size_t line,
			     int plain)
{
	size_t i = 0;

	if (!L->fixed) {
		for (i = 0; i < *L->nsides; i++)
			if (!strcmp(L->sides[i].label, variant))
				break;
		if (i == *L->nsides) {
			if (i == L->max) {
				fail(L->name, line, "more than %zu variants", L->max);
				return NULL;
			}
			memset(&L->sides[i], 0, sizeof(L->sides[i]));
			L->sides[i].label = xstrdup(variant);
			L->sides[i].by_variant = 1;
			(*L->nsides)++;
		}
	}
	L->cur = L->fixed ? L->fixed : &L->sides[i];
	if (L->fidx[i] == SIZE_MAX) {
		if (attach_file(L, L->cur, plain))
			return NULL;
		L->fidx[i] = L->cur->nfiles - 1;
	}
	L->cur_file = L->fidx[i];
	return L->cur;
}

static size_t run_id(struct side *s, size_t file, long block)
{
	char key[64];
	size_t id;

	snprintf(key, sizeof(key), "%zu %ld", file, block);
	if (strmap_get(&s->runmap, key, &id))
		return id;
	s->runs = xrealloc(s->runs, (s->nruns + 1) * sizeof(*s->runs));
	s->runs[s->nruns].file = file;
	s->runs[s->nruns].block = block;
	if (strmap_put(&s->runmap, key, s->nruns)) {
		fputs("bench-stat: out of memory\n", stderr);
		exit(2);
	}
	return s->nruns++;
}

static struct cell *get_cell(struct side *s, int cpu, const char *sc,
			     const char *entry)
{
	char key[512];
	size_t i;
	struct cell *c;

	snprintf(key, sizeof(key), "%d %s %s", cpu, sc, entry);
	if (strmap_get(&s->cellmap, key, &i))
		return &s->cells[i];
	s->cells = xrealloc(s->cells, (s->ncells + 1) * sizeof(*s->cells));
	c = &s->cells[s->ncells];
	memset(c, 0, sizeof(*c));
	c->cpu = cpu;
	c->syscall = xstrdup(sc);
	c->entry = xstrdup(entry);
	if (strmap_put(&s->cellmap, key, s->ncells)) {
		fputs("bench-stat: out of memory\n", stderr);
		exit(2);
	}
	return &s->cells[s->ncells++];
}

static void cell_add(struct cell *c, double v, size_t rid)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->v = xrealloc(c->v, c->cap * sizeof(*c->v));
		c->rid = xrealloc(c->rid, c->cap * sizeof(*c->rid));
	}
	c->v[c->n] = v;
	c->rid[c->n++] = (uint32_t)rid;
}

static int is_word(const char *s)
{
	if (!*s || strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if (!isgraph((unsigned char)*s))
			return 0;
	return 1;
}

static int sample_line(struct loader *L, char *s, size_t line)
{
	char *tok[MAXCOLS];
	long cpu, block, seq, ctxsw, migr;
	double v, other;
	size_t n, i;
	struct side *side;
	struct cell *c;

	if (!L->have_columns)
		return fail(L->name, line, "sample line before '#%% columns:'");
	n = split(s, tok, MAXCOLS);
	if (n != L->ncols)
		return fail(L->name, line, "%zu fields, '#%% columns:' names %zu",
			    n > MAXCOLS ? n - 1 : n, L->ncols);
	if (parse_long(tok[0], &cpu) || cpu < 0 || cpu > 1 << 20)
		return fail(L->name, line, "cpu '%s' is not a CPU number", tok[0]);
	if (!is_word(tok[1]) || !is_word(tok[2]) || !is_word(tok[4]))
		return fail(L->name, line, "syscall/entry/variant must be words");
	if (parse_long(tok[3], &block) || parse_long(tok[5], &seq) ||
	    parse_long(tok[6], &ctxsw) || parse_long(tok[7], &migr) ||
	    block < 0 || seq < 0 || ctxsw < 0 || migr < 0)
		return fail(L->name, line, "block/seq/ctxsw/migr must be non-negative integers");
	for (i = NFIXED; i < n; i++)
		if (parse_double(tok[i], i == L->metric_col ? &v : &other))
			return fail(L->name, line, "column '%s': '%s' is not a finite number",
				    i == L->metric_col ? L->metric : "metric", tok[i]);
	{
		char key[160];
		size_t dummy;

		snprintf(key, sizeof(key), "%ld %s %s", cpu, tok[1], tok[2]);
		if (!strmap_get(&L->cells_seen, key, &dummy) &&
		    strmap_put(&L->cells_seen, key, 0)) {
			fputs("bench-stat: out of memory\n", stderr);
			exit(2);
		}
	}
	if (L->o->cpu >= 0 && cpu != L->o->cpu)
		return 0;
	if (L->o->syscall && strcmp(tok[1], L->o->syscall))
		return 0;
	if (L->o->entry && strcmp(tok[2], L->o->entry))
		return 0;
	/* a dual-variant run pooled into one side would mix A and B */
	if (L->fixed && !L->o->force) {
		if (!L->variant)
			L->variant = xstrdup(tok[4]);
		else if (strcmp(L->variant, tok[4]))
			return fail(L->name, line, "variants '%s' and '%s' in one file: use --by variant (or --force to pool them)",
				    L->variant, tok[4]);
	}
	side = side_for(L, tok[4], line, 0);
	if (!side)
		return -1;
	c = get_cell(side, L->o->pool_cpus ? -1 : (int)cpu, tok[1], tok[2]);
	if (ctxsw > 0 || migr > 0) {
		c->dropped++;
		return 0;
	}
	cell_add(c, v, run_id(side, L->cur_file, block));
	return 0;
}

static int plain_line(struct loader *L, char *s, size_t line)
{
	char *tok[2];
	double v;
	struct side *side;
	size_t n = split(s, tok, 1);

	if (n == 0 || tok[0][0] == '#')
		return 0;
	if (n > 1)
		return fail(L->name, line, "expected one number per line (a results file needs its '#bench-syscall-results 1' first line)");
	if (parse_double(tok[0], &v))
		return fail(L->name, line, "'%s' is not a finite number", tok[0]);
	side = side_for(L, "-", line, 1);
	if (!side)
		return -1;
	cell_add(get_cell(side, -1, "-", "-"), v, run_id(side, L->cur_file, 0));
	return 0;
}

/* "#% end: complete samples=N" / "#% end: incomplete reason=R samples=N" */
static int end_line(struct loader *L, char *val, size_t line, size_t nsamples,
		    int *state)
{
	char *tok[4], *p;
	long n = -1;
	size_t k = split(val, tok, 3), i;

	if (k < 1 || k > 3)
		return fail(L->name, line, "malformed end line");
	for (i = 1; i < k; i++) {
		p = tok[i];
		if (!strncmp(p, "samples=", 8) && parse_long(p + 8, &n))
			return fail(L->name, line, "malformed samples= in end line");
	}
	if (n < 0)
		return fail(L->name, line, "end line without samples=N");
	if ((size_t)n != nsamples)
		return fail(L->name, line, "end line says samples=%ld but the file has %zu sample lines",
			    n, nsamples);
	if (!strcmp(tok[0], "complete"))
		*state = 1;
	else if (!strcmp(tok[0], "incomplete"))
		*state = 2;
	else
		return fail(L->name, line, "end line: '%s' is neither complete nor incomplete", tok[0]);
	return 0;
}

/* "#% switch: block=B variant=V ns=T": the cost of one variant switch */
static int switch_line(struct loader *L, char *val, size_t line)
{
	char *tok[4], *variant = NULL;
	long block = -1;
	double ns = NAN;
	size_t k = split(val, tok, 3), i;
	struct switch_log *sw = L->o->switches;

	for (i = 0; i < k && k <= 3; i++) {
		if (!strncmp(tok[i], "block=", 6)) {
			if (parse_long(tok[i] + 6, &block) || block < 0)
				block = -2;
		} else if (!strncmp(tok[i], "variant=", 8) && is_word(tok[i] + 8)) {
			variant = tok[i] + 8;
		} else if (!strncmp(tok[i], "ns=", 3)) {
			if (parse_double(tok[i] + 3, &ns) || ns < 0)
				ns = NAN;
		}
	}
	if (k != 3 || block < 0 || !variant || isnan(ns))
		return fail(L->name, line, "malformed switch line (want 'block=B variant=V ns=T')");
	if (!sw)
		return 0;
	if (sw->n == sw->cap) {
		sw->cap = sw->cap ? sw->cap * 2 : 64;
		sw->variant = xrealloc(sw->variant, sw->cap * sizeof(*sw->variant));
		sw->ns = xrealloc(sw->ns, sw->cap * sizeof(*sw->ns));
	}
	sw->variant[sw->n] = xstrdup(variant);
	sw->ns[sw->n++] = ns;
	return 0;
}

/* A header number: "-" or absent is NAN; anything else must parse in [lo, hi]. */
static int header_number(struct loader *L, const char *key, const char *val,
			 double lo, double hi, int pct_ok, double *out)
{
	char buf[64];
	size_t n;

	*out = NAN;
	if (!val || !strcmp(val, "-"))
		return 0;
	n = strlen(val);
	if (n >= sizeof(buf))
		return fail(L->name, 0, "'#%% %s: %s' is not a number", key, val);
	strcpy(buf, val);
	if (pct_ok && n > 1 && buf[n - 1] == '%')
		buf[n - 1] = 0;
	if (parse_double(buf, out) || *out < lo || *out > hi)
		return fail(L->name, 0, "'#%% %s: %s' is not a number in [%g, %g]",
			    key, val, lo, hi);
	return 0;
}

static size_t count_words(const char *list)
{
	size_t n = 0;
	const char *p;

	if (!list || !strcmp(list, "-"))
		return 0;
	for (p = list; *p; ) {
		while (*p == ',' || *p == ' ')
			p++;
		if (!*p)
			break;
		n++;
		while (*p && *p != ',' && *p != ' ')
			p++;
	}
	return n;
}

/* The file's design keys, copied to each side it feeds. */
static int file_info(struct loader *L, struct file_info *fi)
{
	double v;

	if (header_number(L, "block.ms", L->m.block_ms, 1e-6, 1e9, 0, &fi->block_ms))
		return -1;
	fi->nvariants = count_words(L->m.variants);
	fi->ncells = L->cells_seen.len;
	fi->resolve = L->m.resolve_target && strcmp(L->m.resolve_target, "-");
	if (!fi->resolve)
		return 0;
	if (header_number(L, "resolve.target", L->m.resolve_target, 0, 1e18, 1, &v) || !(v > 0))
		return fail(L->name, 0, "'#%% resolve.target: %s' is not a positive number or percentage",
			    L->m.resolve_target);
	fi->resolve_target = v;
	fi->resolve_target_pct = L->m.resolve_target[strlen(L->m.resolve_target) - 1] == '%';
	if (header_number(L, "resolve.alpha", L->m.resolve_alpha, 1e-12, 0.5, 0, &fi->resolve_alpha) ||
	    header_number(L, "resolve.n_opt", L->m.resolve_n_opt, 1, 1e12, 0, &fi->resolve_n_opt) ||
	    header_number(L, "resolve.max_seconds", L->m.resolve_max_seconds, 0, 1e12, 0,
			  &fi->resolve_max_seconds))
		return -1;
	if (isnan(fi->resolve_alpha) || isnan(fi->resolve_n_opt))
		return fail(L->name, 0, "'#%% resolve.target:' without resolve.alpha and resolve.n_opt: the sequential interval needs both");
	return 0;
}

static int meta_line(struct loader *L, char *s, size_t line, size_t nsamples,
		     int *state)

{
	char *colon = strstr(s, ": "), *key = s + 2, *val;

	if (!colon) {
		/* "#% key:" with an empty value */
		size_t n = strlen(s);

		if (n > 3 && s[n - 1] == ':')
			colon = s + n - 1;
		else
			return fail(L->name, line, "metadata line without 'key: value'");
	}
	*colon = 0;
	val = colon[1] ? colon + 2 : colon + 1;
	while (*key == ' ')
		key++;
	if (!strcmp(key, "end"))
		return end_line(L, val, line, nsamples, state);
	if (L->have_columns && !strcmp(key, "columns"))
		return fail(L->name, line, "second '#%% columns:' line");
	if (!strcmp(key, "columns"))
		return parse_columns(L, val, line);
	if (L->have_columns && (!strcmp(key, "metrics") || !strcmp(key, "units")))
		return fail(L->name, line, "'%s' after '#%% columns:'", key);
	if (!strcmp(key, "switch"))
		return switch_line(L, val, line);
	meta_set(&L->m, key, val);
	return 0;
}

static int load(struct loader *L, FILE *f)
{
	char *buf = NULL;
	size_t cap = 0, line = 0, nsamples = 0;
	ssize_t len;
	int results = 0, state = 0, rc = 0, buf_partial;
	long version;
	size_t i;

	for (i = 0; i < BS_MAX_SIDES; i++)
		L->fidx[i] = SIZE_MAX;

	while ((len = getline(&buf, &cap, f)) >= 0) {
		line++;
		if (memchr(buf, 0, len)) {
			rc = fail(L->name, line, "NUL byte: not a text file");
			break;
		}
		buf_partial = buf[len - 1] != '\n';
		chomp(buf);
		if (line == 1 && !strncmp(buf, "#bench-syscall-results", 22)) {
			if (parse_long(buf + 22 + (buf[22] == ' '), &version) ||
			    buf[22] != ' ' || version < 1) {
				rc = fail(L->name, line, "bad version line '%s'", buf);
				break;
			}
			if (version > BS_FORMAT_VERSION) {
				rc = fail(L->name, line, "format version %ld is newer than this bench-stat understands (%d)",
					  version, BS_FORMAT_VERSION);
				break;
			}
			results = 1;
			continue;
		}
		if (!results) {
			rc = plain_line(L, buf, line);
		} else if (state) {
			rc = fail(L->name, line, "data after the end line");
		} else if (!strncmp(buf, "#%", 2)) {
			rc = meta_line(L, buf, line, nsamples, &state);
		} else if (buf[0] == '#' || !buf[0]) {
			continue;
		} else if (buf_partial) {
			/*
			 * The writer died mid-line: the last line has no
			 * newline and its last number may be cut short.
			 * Whatever --allow-incomplete says, it is not data.
			 */
			L->partial = 1;
		} else {
			rc = sample_line(L, buf, line);
			nsamples++;
		}
		if (rc)
			break;
	}
	free(buf);
	if (!rc && ferror(f))
		rc = fail(L->name, 0, "read error: %s", strerror(errno));
	if (!rc && line == 0)
		rc = fail(L->name, 0, "empty file");
	if (!rc && results && !L->have_columns)
		rc = fail(L->name, 0, "no '#%% columns:' line");
	if (!rc && results && state != 1 && !L->o->allow_incomplete)
		rc = fail(L->name, 0, state == 2 ?
			  "incomplete run (end line says incomplete); use --allow-incomplete to use its samples" :
			  "truncated: no '#%% end:' line (the writer died); use --allow-incomplete to use its samples");
	if (!rc && L->partial)
		for (i = 0; i < BS_MAX_SIDES; i++)
			if (L->fidx[i] != SIZE_MAX)
				(L->fixed ? L->fixed : &L->sides[i])->partial_lines++;
	if (!rc && results && state != 1)
		for (i = 0; i < BS_MAX_SIDES; i++)
			if (L->fidx[i] != SIZE_MAX)
				(L->fixed ? L->fixed : &L->sides[i])->incomplete++;
	if (!rc && L->fixed && !L->fixed->nfiles) {
		/* a file with no (selected) samples still belongs to the side */
		if (!side_for(L, "-", 0, !results))
			rc = -1;
	}
	for (i = 0; !rc && i < BS_MAX_SIDES; i++) {
		struct side *s = L->fixed ? L->fixed : &L->sides[i];

		if (L->fidx[i] == SIZE_MAX || (L->fixed && i))
			continue;
		rc = file_info(L, &s->finfo[L->fidx[i]]);
	}
	return rc;
}

static int load_one(struct side *fixed, struct side *sides, size_t *nsides,
		    size_t max, FILE *f, const char *name, const struct load_opts *o)
{
	struct loader L = { 0 };
	int rc;

	L.o = o;
	L.name = name;
	L.fixed = fixed;
	L.sides = sides;
	L.nsides = nsides;
	L.max = max;
	rc = load(&L, f);
	meta_free(&L.m);
	free(L.metric);
	free(L.unit);
	free(L.variant);
	strmap_free(&L.cells_seen);
	return rc;
}

int side_load_stream(struct side *s, FILE *f, const char *name,
		     const struct load_opts *o)
{
	return load_one(s, NULL, NULL, 0, f, name, o);
}

int load_by_variant_stream(struct side *sides, size_t *nsides, size_t max,
			   FILE *f, const char *name, const struct load_opts *o)
{
	return load_one(NULL, sides, nsides, max, f, name, o);
}

static int load_file(struct side *fixed, struct side *sides, size_t *nsides,
		     size_t max, const char *path, const struct load_opts *o)
{
	FILE *f = fopen(path, "r");
	int rc;

	if (!f)
		return fail(path, 0, "%s", strerror(errno));
	rc = load_one(fixed, sides, nsides, max, f, path, o);
	fclose(f);
	return rc;
}

static int is_results_file(const char *path)
{
	char buf[32] = "";
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	return !strncmp(buf, "#bench-syscall-results", 22);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Expand a side argument into files: a file, a directory (its results
 * files, sorted; other files such as console.log are skipped) or a glob.
 */
static int expand(const char *path, char ***out, size_t *n)
{
	struct stat st;
	glob_t g;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		char *p;

		if (!d)
			return fail(path, 0, "%s", strerror(errno));
		while ((e = readdir(d))) {
			size_t l = strlen(e->d_name);

			if (e->d_name[0] == '.')
				continue;
			if (l > 4 && !strcmp(e->d_name + l - 4, ".tmp")) {
				fprintf(stderr, "bench-stat: note: skipping %s/%s (a run in progress, or one that died: name it with --allow-incomplete to use it)\n",
					path, e->d_name);
				continue;
			}
			if (asprintf(&p, "%s/%s", path, e->d_name) < 0)
				exit(2);
			if (stat(p, &st) || !S_ISREG(st.st_mode) || !is_results_file(p)) {
				free(p);
				continue;
			}
			*out = xrealloc(*out, (*n + 1) * sizeof(**out));
			(*out)[(*n)++] = p;
		}
		closedir(d);
		if (!*n)
			return fail(path, 0, "directory holds no results files");
		qsort(*out, *n, sizeof(**out), name_cmp);
		return 0;
	}
	if (stat(path, &st) && strpbrk(path, "*?[")) {
		if (glob(path, 0, NULL, &g) || !g.gl_pathc)
			return fail(path, 0, "glob matches nothing");
		for (i = 0; i < g.gl_pathc; i++) {
			*out = xrealloc(*out, (*n + 1) * sizeof(**out));
			(*out)[(*n)++] = xstrdup(g.gl_pathv[i]);
		}
		globfree(&g);
		return 0;
	}
	*out = xrealloc(NULL, sizeof(**out));
	(*out)[(*n)++] = xstrdup(path);
	return 0;
}

static void free_list(char **l, size_t n)
{
	while (n)
		free(l[--n]);
	free(l);
}

int side_load_path(struct side *s, const char *path, const struct load_opts *o)
{
	char **files;
	size_t n, i;
	int rc;

	if (!strcmp(path, "-"))
		return side_load_stream(s, stdin, "<stdin>", o);
	rc = expand(path, &files, &n);

	for (i = 0; !rc && i < n; i++)
		rc = load_file(s, NULL, NULL, 0, files[i], o);
	free_list(files, n);
	return rc;
}

int load_by_variant(struct side *sides, size_t *nsides, size_t max,
		    char **paths, size_t npaths, const struct load_opts *o)
{
	char **files;
	size_t n, i, k;
	int rc = 0;

	for (k = 0; !rc && k < npaths; k++) {
		rc = expand(paths[k], &files, &n);
		for (i = 0; !rc && i < n; i++) {
			if (!is_results_file(files[i]))
				rc = fail(files[i], 0, "--by variant needs results files");
			else
				rc = load_file(NULL, sides, nsides, max, files[i], o);
		}
		if (!rc || files)
			free_list(files, n);
	}
	return rc;
}

/* Sides must measure the same thing the same way. */
int side_check_compatible(const struct side *a, const struct side *b,
			  int force, char *why, size_t len)
{
	if (strcmp(a->metric, b->metric)) {
		snprintf(why, len, "metric '%s' (%s) vs '%s' (%s)",
			 a->metric, a->label, b->metric, b->label);
		return -1;
	}
	if (force)
		return 0;
	if (strcmp(a->clock, b->clock))
		snprintf(why, len, "clock '%s' (%s) vs '%s' (%s)",
			 a->clock, a->label, b->clock, b->label);
	else if (strcmp(a->unit, b->unit))
		snprintf(why, len, "unit '%s' (%s) vs '%s' (%s)",
			 a->unit, a->label, b->unit, b->label);
	else if (strcmp(a->cpu_model, b->cpu_model))
		snprintf(why, len, "CPU model '%s' (%s) vs '%s' (%s)",
			 a->cpu_model, a->label, b->cpu_model, b->label);
	else
		return 0;
	return -1;
}

/* Decide what a run is, now that every file of the side is read. */
void side_finish(struct side *s)
{
	if (s->by_variant)
		s->mode = RUN_BY_BLOCK;	/* blocks alternate A/B in one boot */
	else
		s->mode = s->nfiles > 1 ? RUN_BY_FILE : RUN_BY_BLOCK;
}

struct cell *side_find_cell(const struct side *s, int cpu, const char *sc,
			    const char *entry)
{
	char key[512];
	size_t i;

	snprintf(key, sizeof(key), "%d %s %s", cpu, sc, entry);
	return strmap_get(&s->cellmap, key, &i) ? &s->cells[i] : NULL;
}

void side_free(struct side *s)
{
	size_t i;

	for (i = 0; i < s->ncells; i++) {
		free(s->cells[i].syscall);
		free(s->cells[i].entry);
		free(s->cells[i].v);
		free(s->cells[i].rid);
	}
	free(s->cells);
	free_list(s->files, s->nfiles);
	free(s->finfo);
	free(s->label); free(s->clock); free(s->unit); free(s->cpu_model);
	free(s->metric); free(s->kernel_release); free(s->variant);
	free(s->runs);
	strmap_free(&s->cellmap);
	strmap_free(&s->runmap);
	memset(s, 0, sizeof(*s));
}
