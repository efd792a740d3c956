// SPDX-License-Identifier: GPL-2.0
/*
 * Build bench-stat's sides from results files (results/FORMAT.md) and plain
 * one-number-per-line files, read through the one results library
 * (results/results.h: the parser and every check of the format live there).
 * Streams sample by sample: memory is the kept samples of the chosen metric
 * (12 bytes each), time is linear.
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
#include "results.h"

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

/* ---- per-file state --------------------------------------------------- */
struct loader {
	const struct load_opts *o;
	const char *name;
	struct results_file *rf;
	struct side *fixed;		/* all samples go here, or */
	struct side *sides;		/* --by variant: one side per variant */
	size_t *nsides, max;
	size_t metric_col;		/* index among the file's metrics */
	const char *metric, *unit;	/* of that metric (owned by rf) */
	/* the side (and its file index) the last sample went to */
	struct side *cur;
	size_t cur_file;
	size_t fidx[BS_MAX_SIDES];	/* this file's index in each side */
	char *variant;			/* first variant seen in this file */
	struct strmap cells_seen;	/* every cell of the file, unfiltered */
};

static const char *cpu_model(struct results_file *rf, char *buf, size_t len)
{
	const char *name = results_get(rf, "cpu.model_name");
	const char *vendor = results_get(rf, "cpu.vendor");
	const char *family = results_get(rf, "cpu.family");
	const char *model = results_get(rf, "cpu.model");

	if (name)
		return name;
	if (!vendor && !family && !model)
		return "-";
	snprintf(buf, len, "%s family %s model %s", vendor ? vendor : "-",
		 family ? family : "-", model ? model : "-");
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
	const char *model = plain ? "-" : cpu_model(L->rf, buf, sizeof(buf));
	const char *clock = plain ? "-" : results_clock(L->rf);
	const char *unit = plain ? "-" : L->unit;
	const char *metric = plain ? "value" : L->metric;
	const char *label = results_label(L->rf);

	if (!s->nfiles) {
		s->clock = xstrdup(clock);
		s->unit = xstrdup(unit);
		s->cpu_model = xstrdup(model);
		s->metric = xstrdup(metric);
		s->kernel_release = xstrdup(plain ? NULL : results_get(L->rf, "kernel.release"));
		/* --by variant: the side is its variant, not the header's
		 * starting one */
		s->variant = xstrdup(plain ? NULL :
				     s->by_variant ? s->label :
				     results_get(L->rf, "kernel.entry_variant"));
		s->plain = plain;
		if (!s->label)
			s->label = xstrdup(plain || !label ? L->name : label);
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

/* A sample of a results file into its side and cell (filters applied). */
static int add_sample(struct loader *L, const struct results_sample *r)
{
	struct side *side;
	struct cell *c;
	char key[160];
	size_t dummy;

	snprintf(key, sizeof(key), "%ld %s %s", r->cpu, r->syscall, r->entry);
	if (!strmap_get(&L->cells_seen, key, &dummy) &&
	    strmap_put(&L->cells_seen, key, 0)) {
		fputs("bench-stat: out of memory\n", stderr);
		exit(2);
	}
	if (L->o->cpu >= 0 && r->cpu != L->o->cpu)
		return 0;
	if (L->o->syscall && strcmp(r->syscall, L->o->syscall))
		return 0;
	if (L->o->entry && strcmp(r->entry, L->o->entry))
		return 0;
	/* a dual-variant run pooled into one side would mix A and B */
	if (L->fixed && !L->o->force) {
		if (!L->variant)
			L->variant = xstrdup(r->variant);
		else if (strcmp(L->variant, r->variant))
			return fail(L->name, r->line, "variants '%s' and '%s' in one file: use --by variant (or --force to pool them)",
				    L->variant, r->variant);
	}
	side = side_for(L, r->variant, r->line, 0);
	if (!side)
		return -1;
	c = get_cell(side, L->o->pool_cpus ? -1 : (int)r->cpu, r->syscall, r->entry);
	if (results_disturbed(r)) {
		c->dropped++;
		return 0;
	}
	cell_add(c, r->value[L->metric_col], run_id(side, L->cur_file, r->block));
	return 0;
}

static int plain_sample(struct loader *L, const struct results_sample *r)
{
	struct side *side = side_for(L, "-", r->line, 1);

	if (!side)
		return -1;
	cell_add(get_cell(side, -1, "-", "-"), r->value[0], run_id(side, L->cur_file, 0));
	return 0;
}

static int keep_switch(void *arg, long block, const char *variant, double ns)
{
	struct switch_log *sw = arg;

	(void)block;
	if (sw->n == sw->cap) {
		sw->cap = sw->cap ? sw->cap * 2 : 64;
		sw->variant = xrealloc(sw->variant, sw->cap * sizeof(*sw->variant));
		sw->ns = xrealloc(sw->ns, sw->cap * sizeof(*sw->ns));
	}
	sw->variant[sw->n] = xstrdup(variant);
	sw->ns[sw->n++] = ns;
	return 0;
}

/* The file's design keys, copied to each side it feeds. */
static int file_info(struct loader *L, struct file_info *fi)
{
	struct results_design d;

	if (results_design(L->rf, &d)) {
		snprintf(bs_err, sizeof(bs_err), "%s", results_error(L->rf));
		return -1;
	}
	fi->block_ms = d.block_ms;
	fi->nvariants = results_nvariants(L->rf);
	free(fi->variants);
	fi->variants = fi->nvariants ? xstrdup(results_variants(L->rf)) : NULL;
	fi->round_seconds = d.round_seconds;
	fi->ncells = L->cells_seen.len;
	fi->resolve = d.resolve;
	fi->resolve_target = d.resolve_target;
	fi->resolve_target_pct = d.resolve_target_pct;
	fi->resolve_alpha = d.resolve_alpha;
	fi->resolve_n_opt = d.resolve_n_opt;
	fi->resolve_max_seconds = d.resolve_max_seconds;
	return 0;
}

static int load(struct loader *L, FILE *f)
{
	struct results_opts ro = {
		.allow_incomplete = L->o->allow_incomplete,
		.plain = 1,
		.on_switch = L->o->switches ? keep_switch : NULL,
		.arg = L->o->switches,
	};
	struct results_sample r;
	enum results_end end;
	int rc, plain;
	size_t i;

	for (i = 0; i < BS_MAX_SIDES; i++)
		L->fidx[i] = SIZE_MAX;
	L->rf = results_open_stream(f, L->name, &ro, bs_err, sizeof(bs_err));
	if (!L->rf)
		return -1;
	plain = results_is_plain(L->rf);
	if (!plain && L->o->metric) {
		int k = results_metric_index(L->rf, L->o->metric);

		if (k < 0)
			return fail(L->name, results_line(L->rf), "no metric '%s' in this file",
				    L->o->metric);
		L->metric_col = (size_t)k;
	}
	L->metric = results_metric(L->rf, L->metric_col);
	L->unit = results_metric_unit(L->rf, L->metric_col);

	while ((rc = results_next(L->rf, &r)) > 0)
		if (plain ? plain_sample(L, &r) : add_sample(L, &r))
			return -1;
	if (rc < 0) {
		snprintf(bs_err, sizeof(bs_err), "%s", results_error(L->rf));
		return -1;
	}
	end = results_end_state(L->rf);
	for (i = 0; i < BS_MAX_SIDES; i++) {
		struct side *s = L->fixed ? L->fixed : &L->sides[i];

		if (L->fidx[i] == SIZE_MAX)
			continue;
		s->partial_lines += results_partial_line(L->rf);
		s->incomplete += end == RESULTS_INCOMPLETE || end == RESULTS_TRUNCATED;
	}
	if (L->fixed && !L->fixed->nfiles) {
		/* a file with no (selected) samples still belongs to the side */
		if (!side_for(L, "-", 0, plain))
			return -1;
	}
	for (i = 0; i < BS_MAX_SIDES; i++) {
		struct side *s = L->fixed ? L->fixed : &L->sides[i];

		if (L->fidx[i] == SIZE_MAX || (L->fixed && i))
			continue;
		if (file_info(L, &s->finfo[L->fidx[i]]))
			return -1;
	}
	return 0;
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
	results_close(L.rf);
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

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_list(char **l, size_t n)
{
	while (n)
		free(l[--n]);
	free(l);
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
		int kind;

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
			if (stat(p, &st) || !S_ISREG(st.st_mode)) {
				free(p);
				continue;
			}
			/* a file that cannot be read is an error, not "no results" */
			kind = results_sniff(p);
			if (kind < 0) {
				fail(p, 0, "%s (in the side's directory %s)", strerror(errno), path);
				free(p);
				free_list(*out, *n);
				*out = NULL;
				*n = 0;
				closedir(d);
				return -1;
			}
			if (!kind) {
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
			if (results_sniff(files[i]) == 0)
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
	for (i = 0; s->finfo && i < s->nfiles; i++)
		free(s->finfo[i].variants);
	free_list(s->files, s->nfiles);
	free(s->finfo);
	free(s->label); free(s->clock); free(s->unit); free(s->cpu_model);
	free(s->metric); free(s->kernel_release); free(s->variant);
	free(s->runs);
	strmap_free(&s->cellmap);
	strmap_free(&s->runmap);
	memset(s, 0, sizeof(*s));
}
