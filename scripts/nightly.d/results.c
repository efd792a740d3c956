// SPDX-License-Identifier: GPL-2.0
/*
 * Read one results file (results/FORMAT.md, version 1) and summarise the
 * primary metric per cell (cpu, syscall, entry, variant).  Disturbed samples
 * (ctxsw > 0 or migr > 0) are dropped and counted, as bench-stat does.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "history.h"

#define FORMAT_VERSION	1
#define MAXCOLS		64

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p) {
		perror("bench-history");
		exit(2);
	}
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		perror("bench-history");
		exit(2);
	}
	return p;
}

/* Grow *p (of *cap elements of size sz) to hold at least want: doubling. */
static void grow(void **p, size_t *cap, size_t want, size_t sz)
{
	size_t c = *cap ? *cap : 16;

	if (want <= *cap)
		return;
	while (c < want)
		c *= 2;
	*p = xrealloc(*p, c * sz);
	*cap = c;
}

const char *results_get(const struct results *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nmeta; i++)
		if (!strcmp(r->meta[i].key, key))
			return r->meta[i].val;
	return NULL;
}

static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = 0;
}

static int add_meta(struct results *r, char *line)
{
	char *colon = strstr(line, ": ");
	char *p;

	if (!colon) {
		colon = strchr(line, ':');
		if (!colon)
			return -1;
	}
	*colon = 0;
	if (!*line)
		return -1;
	for (p = line; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
		      *p == '.' || *p == '_' || *p == '-'))
			return -1;
	p = colon + 1;
	while (*p == ' ')
		p++;
	grow((void **)&r->meta, &r->meta_cap, r->nmeta + 1, sizeof(*r->meta));
	r->meta[r->nmeta].key = xstrdup(line);
	r->meta[r->nmeta].val = xstrdup(p);
	r->nmeta++;
	return 0;
}

/*
 * Cells by name: a small open-addressing hash of "cpu syscall entry
 * variant", so that a file with many cells is read in linear time.
 */
static size_t cell_hash(int cpu, const char *sc, const char *en, const char *va)
{
	size_t h = 1469598103934665603ULL ^ (size_t)(unsigned)cpu;
	const char *parts[3] = { sc, en, va };
	int k;

	for (k = 0; k < 3; k++) {
		const char *s = parts[k];

		for (; *s; s++)
			h = (h ^ (unsigned char)*s) * 1099511628211ULL;
		h = (h ^ 0xff) * 1099511628211ULL;
	}
	return h;
}

static void rehash(struct results *r)
{
	size_t cap = r->hcap ? 2 * r->hcap : 64, i;

	free(r->hslot);
	r->hslot = xrealloc(NULL, cap * sizeof(*r->hslot));
	for (i = 0; i < cap; i++)
		r->hslot[i] = (size_t)-1;
	r->hcap = cap;
	for (i = 0; i < r->ncells; i++) {
		const struct cell *c = &r->cells[i];
		size_t h = cell_hash(c->cpu, c->syscall, c->entry, c->variant) & (cap - 1);

		while (r->hslot[h] != (size_t)-1)
			h = (h + 1) & (cap - 1);
		r->hslot[h] = i;
	}
}

static struct cell *find_cell(struct results *r, int cpu, const char *sc,
			      const char *en, const char *va)
{
	struct cell *c;
	size_t h;

	if (2 * (r->ncells + 1) > r->hcap)
		rehash(r);
	h = cell_hash(cpu, sc, en, va) & (r->hcap - 1);
	while (r->hslot[h] != (size_t)-1) {
		c = &r->cells[r->hslot[h]];
		if (c->cpu == cpu && !strcmp(c->syscall, sc) &&
		    !strcmp(c->entry, en) && !strcmp(c->variant, va))
			return c;
		h = (h + 1) & (r->hcap - 1);
	}
	grow((void **)&r->cells, &r->cells_cap, r->ncells + 1, sizeof(*r->cells));
	r->hslot[h] = r->ncells;
	c = &r->cells[r->ncells++];
	memset(c, 0, sizeof(*c));
	c->cpu = cpu;
	snprintf(c->syscall, sizeof(c->syscall), "%s", sc);
	snprintf(c->entry, sizeof(c->entry), "%s", en);
	snprintf(c->variant, sizeof(c->variant), "%s", va);
	return c;
}

/* Column positions we need, found by name in "#% columns:". */
struct colmap {
	int cpu, syscall, entry, block, variant, seq, ctxsw, migr, metric, ncols;
};

static int map_columns(const char *spec, struct colmap *m, char *metric,
		       size_t mlen, char *why, size_t whylen)
{
	char *buf = xstrdup(spec), *tok, *save, *names[MAXCOLS];
	int i = 0, j, ret = -1;

	memset(m, -1, sizeof(*m));
	for (tok = strtok_r(buf, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save), i++) {
		if (i >= MAXCOLS) {
			snprintf(why, whylen, "more than %d columns", MAXCOLS);
			goto out;
		}
		for (j = 0; j < i; j++)
			if (!strcmp(names[j], tok)) {
				snprintf(why, whylen, "column '%.64s' named twice", tok);
				goto out;
			}
		names[i] = tok;
		if (!strcmp(tok, "cpu"))
			m->cpu = i;
		else if (!strcmp(tok, "syscall"))
			m->syscall = i;
		else if (!strcmp(tok, "entry"))
			m->entry = i;
		else if (!strcmp(tok, "block"))
			m->block = i;
		else if (!strcmp(tok, "variant"))
			m->variant = i;
		else if (!strcmp(tok, "ctxsw"))
			m->ctxsw = i;
		else if (!strcmp(tok, "migr"))
			m->migr = i;
		else if (!strcmp(tok, "seq"))
			m->seq = i;
		else if (m->metric < 0) {
			/* the first metric column is the primary metric */
			if (strlen(tok) >= mlen) {
				snprintf(why, whylen, "metric name too long");
				goto out;
			}
			m->metric = i;
			snprintf(metric, mlen, "%s", tok);
		}
	}
	m->ncols = i;
	if (m->cpu < 0 || m->syscall < 0 || m->entry < 0 || m->block < 0 ||
	    m->variant < 0 || m->ctxsw < 0 || m->migr < 0 || m->metric < 0) {
		snprintf(why, whylen, "bad columns line (want cpu syscall entry block variant ctxsw migr and a metric)");
		goto out;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

/* A whole non-negative decimal integer no larger than max. */
static int parse_count(const char *s, long max, long *out)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

/* The most CPUs a cpu column may name (bench-stat's limit too). */
#define MAX_CPU (1L << 20)

static int parse_sample(struct results *r, const struct colmap *m, char *line,
			char *why, size_t whylen)
{
	char *f[MAXCOLS + 1], *save, *end;
	struct cell *c;
	long cpu, blk, seq, ctx, mig;
	double v;
	int n = 0;

	for (f[n] = strtok_r(line, " \t", &save); f[n] && n < MAXCOLS;)
		f[++n] = strtok_r(NULL, " \t", &save);
	if (n != m->ncols) {
		snprintf(why, whylen, "bad sample line: %d fields, the columns line names %d",
			 n, m->ncols);
		return -1;
	}
	if (parse_count(f[m->cpu], MAX_CPU, &cpu)) {
		snprintf(why, whylen, "bad sample line: cpu '%.32s' is not a CPU number (0..%ld)",
			 f[m->cpu], MAX_CPU);
		return -1;
	}
	if (parse_count(f[m->block], INT_MAX, &blk) ||
	    (m->seq >= 0 && parse_count(f[m->seq], LONG_MAX, &seq)) ||
	    parse_count(f[m->ctxsw], LONG_MAX, &ctx) ||
	    parse_count(f[m->migr], LONG_MAX, &mig)) {
		snprintf(why, whylen, "bad sample line: block/seq/ctxsw/migr must be non-negative integers");
		return -1;
	}
	errno = 0;
	v = strtod(f[m->metric], &end);
	if (*end || end == f[m->metric] || errno || !isfinite(v)) {
		snprintf(why, whylen, "bad sample line: '%.32s' is not a finite number",
			 f[m->metric]);
		return -1;
	}
	if (strlen(f[m->syscall]) >= sizeof(c->syscall) ||
	    strlen(f[m->entry]) >= sizeof(c->entry) ||
	    strlen(f[m->variant]) >= sizeof(c->variant)) {
		snprintf(why, whylen, "bad sample line: syscall, entry or variant name too long");
		return -1;
	}
	c = find_cell(r, (int)cpu, f[m->syscall], f[m->entry], f[m->variant]);
	r->nsamples++;
	if (ctx > 0 || mig > 0) {
		c->dropped++;
		return 0;
	}
	if (c->n == c->cap) {
		grow((void **)&c->v, &c->cap, c->n + 1, sizeof(*c->v));
		c->blk = xrealloc(c->blk, c->cap * sizeof(*c->blk));
	}
	c->v[c->n] = v;
	c->blk[c->n++] = (int)blk;
	return 0;
}

static int fail(char *err, size_t len, const char *path, long lineno,
		const char *why)
{
	if (lineno > 0)
		snprintf(err, len, "%s:%ld: %s", path, lineno, why);
	else
		snprintf(err, len, "%s: %s", path, why);
	return -1;
}

/* "complete samples=N" or "incomplete reason=R samples=N" */
static int end_line(struct results *r, const char *val, char *why, size_t whylen)
{
	char *buf = xstrdup(val), *tok, *save, *first = NULL;
	long n = -1;
	int ret = -1;

	for (tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		if (!first) {
			first = tok;
		} else if (!strncmp(tok, "samples=", 8)) {
			if (parse_count(tok + 8, LONG_MAX, &n)) {
				snprintf(why, whylen, "malformed samples= in the end line");
				goto out;
			}
		}
	}
	if (!first || (strcmp(first, "complete") && strcmp(first, "incomplete"))) {
		snprintf(why, whylen, "end line is neither complete nor incomplete");
		goto out;
	}
	if (n < 0) {
		snprintf(why, whylen, "end line without samples=N");
		goto out;
	}
	if ((size_t)n != r->nsamples) {
		snprintf(why, whylen, "end line says samples=%ld but the file has %zu sample lines",
			 n, r->nsamples);
		goto out;
	}
	r->has_end = 1;
	r->complete = !strcmp(first, "complete");
	ret = 0;
out:
	free(buf);
	return ret;
}

/* "#bench-syscall-results V", V a whole number 1..FORMAT_VERSION */
static int version_line(const char *line, char *why, size_t whylen)
{
	long v;

	if (strncmp(line, "#bench-syscall-results ", 23)) {
		snprintf(why, whylen, "not a bench-syscall results file");
		return -1;
	}
	if (parse_count(line + 23, LONG_MAX, &v) || v < 1) {
		snprintf(why, whylen, "bad version line");
		return -1;
	}
	if (v > FORMAT_VERSION) {
		snprintf(why, whylen, "results format version %ld not understood (want %d)",
			 v, FORMAT_VERSION);
		return -1;
	}
	return 0;
}

static int read_lines(FILE *f, struct results *r, char *err, size_t errlen)
{
	char *line = NULL, why[256];
	size_t cap = 0;
	ssize_t len;
	struct colmap m;
	int have_cols = 0, ret = 0;
	long ln = 0;

	while ((len = getline(&line, &cap, f)) >= 0) {
		int partial = len == 0 || line[len - 1] != '\n';

		ln++;
		why[0] = 0;
		if (memchr(line, 0, (size_t)len)) {
			ret = fail(err, errlen, r->path, ln, "NUL byte: not a text file");
			break;
		}
		chomp(line);
		if (ln == 1) {
			if (version_line(line, why, sizeof(why))) {
				ret = fail(err, errlen, r->path, ln, why);
				break;
			}
			continue;
		}
		if (r->has_end) {
			ret = fail(err, errlen, r->path, ln, "data after the end line");
			break;
		}
		if (!strncmp(line, "#% end:", 7)) {
			if (end_line(r, line + 7, why, sizeof(why))) {
				ret = fail(err, errlen, r->path, ln, why);
				break;
			}
			continue;
		}
		if (!strncmp(line, "#% columns:", 11)) {
			if (have_cols) {
				ret = fail(err, errlen, r->path, ln, "second columns line");
				break;
			}
			if (map_columns(line + 11, &m, r->metric, sizeof(r->metric),
					why, sizeof(why))) {
				ret = fail(err, errlen, r->path, ln, why);
				break;
			}
			have_cols = 1;
			continue;
		}
		if (!strncmp(line, "#%", 2)) {
			if (add_meta(r, line + 3 - (line[2] != ' '))) {
				ret = fail(err, errlen, r->path, ln, "bad metadata line");
				break;
			}
			continue;
		}
		if (line[0] == '#' || line[0] == 0)
			continue;
		if (!have_cols) {
			ret = fail(err, errlen, r->path, ln, "sample before the columns line");
			break;
		}
		if (partial) {
			/* the writer died mid-line: the cut last line is not data */
			r->partial_lines++;
			continue;
		}
		if (parse_sample(r, &m, line, why, sizeof(why))) {
			ret = fail(err, errlen, r->path, ln, why);
			break;
		}
	}
	if (!ret && ferror(f))
		ret = fail(err, errlen, r->path, 0, strerror(errno));
	else if (!ret && ln == 0)
		ret = fail(err, errlen, r->path, 0, "empty file");
	free(line);
	return ret;
}

int results_read(const char *path, struct results *r, int allow_incomplete,
		 char *err, size_t errlen)
{
	FILE *f;
	int ret;

	memset(r, 0, sizeof(*r));
	snprintf(r->path, sizeof(r->path), "%s", path);
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	ret = read_lines(f, r, err, errlen);
	fclose(f);
	if (!ret && !r->has_end && !allow_incomplete)
		ret = fail(err, errlen, path, 0,
			   "truncated (no end line: the writer died); refusing it");
	else if (!ret && r->has_end && !r->complete && !allow_incomplete)
		ret = fail(err, errlen, path, 0, "run marked incomplete; refusing it");
	else if (!ret && !r->ncells)
		ret = fail(err, errlen, path, 0, "no samples");
	if (ret)
		results_free(r);	/* nothing half-read is handed back */
	return ret;
}

/*
 * Ranks (1-based) of the order statistics bounding a distribution-free
 * confidence interval for the median, normal approximation to the binomial:
 * r = n/2 - z*sqrt(n)/2, s = 1 + n/2 + z*sqrt(n)/2, rounded to the nearest
 * integer (Campbell & Gardner, BMJ 296:1454, 1988; n=100, 95%: r=40, s=61).
 */
void median_ci_ranks(size_t n, double confidence, size_t *lo, size_t *hi)
{
	double z = gsl_cdf_ugaussian_Pinv(0.5 + confidence / 200.0);
	double h = z * sqrt((double)n) / 2.0;
	double r = floor((double)n / 2.0 - h + 0.5);
	double s = floor(1.0 + (double)n / 2.0 + h + 0.5);

	*lo = r < 1 ? 1 : (size_t)r;
	*hi = s > (double)n ? n : (size_t)s;
}

struct bv {
	int blk;
	double v;
};

static int bv_cmp(const void *a, const void *b)
{
	const struct bv *x = a, *y = b;

	if (x->blk != y->blk)
		return x->blk < y->blk ? -1 : 1;
	return x->v < y->v ? -1 : x->v > y->v;
}

/*
 * Block medians: the samples sorted by (block, value) once, then each
 * block's median from its sorted run.  O(n log n) whatever the number or
 * the numbering of the blocks.
 */
static void block_medians(struct cell *c, double *tmp)
{
	struct bv *s = xrealloc(NULL, c->n * sizeof(*s));
	size_t i, j, k, len = 0, cap = 0;

	for (i = 0; i < c->n; i++) {
		s[i].blk = c->blk[i];
		s[i].v = c->v[i];
	}
	qsort(s, c->n, sizeof(*s), bv_cmp);
	c->nblocks = 0;
	for (i = 0; i < c->n; i = j) {
		char num[40];
		int w;

		for (j = i; j < c->n && s[j].blk == s[i].blk; j++)
			tmp[j - i] = s[j].v;
		k = j - i;
		w = snprintf(num, sizeof(num), "%s%.6g", len ? "," : "",
			     gsl_stats_median_from_sorted_data(tmp, 1, k));
		grow((void **)&c->block_medians, &cap, len + (size_t)w + 1, 1);
		memcpy(c->block_medians + len, num, (size_t)w + 1);
		len += (size_t)w;
		c->nblocks++;
	}
	free(s);
}

static void summarise_cell(struct cell *c, double confidence)
{
	double *tmp;
	size_t lo, hi;

	free(c->block_medians);
	c->block_medians = NULL;
	if (!c->n) {
		c->block_medians = xstrdup("");
		c->median = c->mean = c->ci_lo = c->ci_hi = NAN;
		return;
	}
	tmp = xrealloc(NULL, c->n * sizeof(*tmp));
	block_medians(c, tmp);
	memcpy(tmp, c->v, c->n * sizeof(*tmp));
	gsl_sort(tmp, 1, c->n);
	c->median = gsl_stats_median_from_sorted_data(tmp, 1, c->n);
	c->mean = gsl_stats_mean(tmp, 1, c->n);
	median_ci_ranks(c->n, confidence, &lo, &hi);
	c->ci_lo = tmp[lo - 1];
	c->ci_hi = tmp[hi - 1];
	free(tmp);
}

int results_summarise(struct results *r, double confidence)
{
	size_t i;

	for (i = 0; i < r->ncells; i++)
		summarise_cell(&r->cells[i], confidence);
	return 0;
}

void results_free(struct results *r)
{
	size_t i;

	for (i = 0; i < r->nmeta; i++) {
		free(r->meta[i].key);
		free(r->meta[i].val);
	}
	for (i = 0; i < r->ncells; i++) {
		free(r->cells[i].v);
		free(r->cells[i].blk);
		free(r->cells[i].block_medians);
	}
	free(r->meta);
	free(r->cells);
	free(r->hslot);
	memset(r, 0, sizeof(*r));
}

/* FNV-1a, 64 bit: a stable short fingerprint, not a security hash. */
void fnv1a_hex(const char *s, char out[17])
{
	unsigned long long h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	snprintf(out, 17, "%016llx", h);
}

static const char *getd(const struct results *r, const char *k)
{
	const char *v = results_get(r, k);

	return v ? v : "-";
}

/*
 * The kernel command line without the tokens that name the boot image: a new
 * kernel every night must not read as a changed command line.  Returned
 * whole (malloc'd): the hash is over all of it, however long.
 */
static char *stable_cmdline(const char *in)
{
	char *buf = xstrdup(in), *out = xrealloc(NULL, strlen(in) + 1), *tok, *save;
	size_t o = 0;

	out[0] = 0;
	for (tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		if (!strncmp(tok, "BOOT_IMAGE=", 11) || !strncmp(tok, "initrd=", 7))
			continue;
		o += sprintf(out + o, "%s%s", o ? " " : "", tok);
	}
	free(buf);
	return out;
}

static int kvcmp(const void *a, const void *b)
{
	return strcmp(((const struct kv *)a)->key, ((const struct kv *)b)->key);
}

void env_from_results(const struct results *r, struct env *e)
{
	struct kv *v = xrealloc(NULL, (r->nmeta + 1) * sizeof(*v));
	size_t i, n = 0, o = 0, len = 1;
	char *cmd, *mit;

	snprintf(e->cpu, sizeof(e->cpu), "%s/%s/%s/%s %s", getd(r, "cpu.vendor"),
		 getd(r, "cpu.family"), getd(r, "cpu.model"),
		 getd(r, "cpu.stepping"), getd(r, "cpu.model_name"));
	snprintf(e->microcode, sizeof(e->microcode), "%s", getd(r, "cpu.microcode"));
	cmd = stable_cmdline(getd(r, "kernel.cmdline"));
	fnv1a_hex(cmd, e->cmdline_hash);
	snprintf(e->cmdline, sizeof(e->cmdline), "%s", cmd);
	free(cmd);
	for (i = 0; i < r->nmeta; i++)
		if (!strncmp(r->meta[i].key, "cpu.vuln.", 9)) {
			v[n++] = r->meta[i];
			len += strlen(r->meta[i].key) + strlen(r->meta[i].val) + 3;
		}
	qsort(v, n, sizeof(*v), kvcmp);
	mit = xrealloc(NULL, len);
	mit[0] = 0;
	for (i = 0; i < n; i++)
		o += sprintf(mit + o, "%s%s=%s", i ? "; " : "", v[i].key + 9, v[i].val);
	fnv1a_hex(mit, e->mitigations_hash);
	snprintf(e->mitigations, sizeof(e->mitigations), "%s", mit);
	free(mit);
	free(v);
}
