// SPDX-License-Identifier: GPL-2.0
/*
 * Read one results file (results/FORMAT.md, version 1) and summarise the
 * primary metric per cell (cpu, syscall, entry, variant).  Disturbed samples
 * (ctxsw > 0 or migr > 0) are dropped and counted, as bench-stat does.
 */
#include <ctype.h>
#include <errno.h>
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
	for (p = line; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
		      *p == '.' || *p == '_' || *p == '-'))
			return -1;
	p = colon + 1;
	while (*p == ' ')
		p++;
	r->meta = xrealloc(r->meta, (r->nmeta + 1) * sizeof(*r->meta));
	r->meta[r->nmeta].key = xstrdup(line);
	r->meta[r->nmeta].val = xstrdup(p);
	r->nmeta++;
	return 0;
}

static struct cell *find_cell(struct results *r, int cpu, const char *sc,
			      const char *en, const char *va)
{
	struct cell *c;
	size_t i;

	for (i = 0; i < r->ncells; i++) {
		c = &r->cells[i];
		if (c->cpu == cpu && !strcmp(c->syscall, sc) &&
		    !strcmp(c->entry, en) && !strcmp(c->variant, va))
			return c;
	}
	r->cells = xrealloc(r->cells, (r->ncells + 1) * sizeof(*r->cells));
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
	int cpu, syscall, entry, block, variant, ctxsw, migr, metric, ncols;
};

static int map_columns(const char *spec, struct colmap *m, char *metric,
		       size_t mlen)
{
	char buf[16384], *tok, *save;
	int i = 0;

	snprintf(buf, sizeof(buf), "%s", spec);
	memset(m, -1, sizeof(*m));
	for (tok = strtok_r(buf, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save), i++) {
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
			;
		else if (m->metric < 0) {
			/* the first metric column is the primary metric */
			m->metric = i;
			snprintf(metric, mlen, "%s", tok);
		}
	}
	m->ncols = i;
	if (m->cpu < 0 || m->syscall < 0 || m->entry < 0 || m->block < 0 ||
	    m->variant < 0 || m->ctxsw < 0 || m->migr < 0 || m->metric < 0 ||
	    i > MAXCOLS)
		return -1;
	return 0;
}

static int parse_sample(struct results *r, const struct colmap *m, char *line)
{
	char *f[MAXCOLS], *save, *end;
	struct cell *c;
	long cpu, blk, ctx, mig;
	double v;
	int n = 0;

	for (f[n] = strtok_r(line, " \t", &save); f[n] && n < MAXCOLS - 1;)
		f[++n] = strtok_r(NULL, " \t", &save);
	if (n != m->ncols)
		return -1;
	errno = 0;
	cpu = strtol(f[m->cpu], &end, 10);
	if (*end || errno)
		return -1;
	blk = strtol(f[m->block], &end, 10);
	if (*end || blk < 0)
		return -1;
	ctx = strtol(f[m->ctxsw], &end, 10);
	if (*end)
		return -1;
	mig = strtol(f[m->migr], &end, 10);
	if (*end)
		return -1;
	v = strtod(f[m->metric], &end);
	if (*end || errno || !isfinite(v))
		return -1;
	c = find_cell(r, (int)cpu, f[m->syscall], f[m->entry], f[m->variant]);
	if (ctx > 0 || mig > 0) {
		c->dropped++;
		return 0;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 1024;
		c->v = xrealloc(c->v, c->cap * sizeof(*c->v));
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

static int read_lines(FILE *f, struct results *r, char *err, size_t errlen)
{
	char line[16384];
	struct colmap m;
	int have_cols = 0;
	long ln = 0;

	while (fgets(line, sizeof(line), f)) {
		ln++;
		chomp(line);
		if (ln == 1) {
			if (strncmp(line, "#bench-syscall-results ", 23))
				return fail(err, errlen, r->path, ln,
					    "not a bench-syscall results file");
			if (atoi(line + 23) > FORMAT_VERSION || atoi(line + 23) < 1)
				return fail(err, errlen, r->path, ln,
					    "results format version not understood (want 1)");
			continue;
		}
		if (r->has_end)
			return fail(err, errlen, r->path, ln, "data after the end line");
		if (!strncmp(line, "#% end:", 7)) {
			r->has_end = 1;
			r->complete = !strncmp(line + 7, " complete", 9);
			continue;
		}
		if (!strncmp(line, "#% columns:", 11)) {
			if (map_columns(line + 11, &m, r->metric, sizeof(r->metric)))
				return fail(err, errlen, r->path, ln, "bad columns line");
			have_cols = 1;
			continue;
		}
		if (!strncmp(line, "#%", 2)) {
			if (add_meta(r, line + 3 - (line[2] != ' ')))
				return fail(err, errlen, r->path, ln, "bad metadata line");
			continue;
		}
		if (line[0] == '#' || line[0] == 0)
			continue;
		if (!have_cols)
			return fail(err, errlen, r->path, ln, "sample before the columns line");
		if (parse_sample(r, &m, line))
			return fail(err, errlen, r->path, ln, "bad sample line");
	}
	if (ln == 0)
		return fail(err, errlen, r->path, 0, "empty file");
	return 0;
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
	if (ret)
		return ret;
	if (!r->has_end && !allow_incomplete)
		return fail(err, errlen, path, 0,
			    "truncated (no end line: the writer died); refusing it");
	if (r->has_end && !r->complete && !allow_incomplete)
		return fail(err, errlen, path, 0, "run marked incomplete; refusing it");
	if (!r->ncells)
		return fail(err, errlen, path, 0, "no samples");
	return 0;
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

/* Median of the samples of one block (copy, sort, GSL median). */
static double block_median(const struct cell *c, int b, double *tmp)
{
	size_t i, k = 0;

	for (i = 0; i < c->n; i++)
		if (c->blk[i] == b)
			tmp[k++] = c->v[i];
	if (!k)
		return NAN;
	gsl_sort(tmp, 1, k);
	return gsl_stats_median_from_sorted_data(tmp, 1, k);
}

static void summarise_cell(struct cell *c, double confidence)
{
	double *tmp;
	size_t lo, hi, len = 0;
	int b, maxb = -1;
	size_t i;

	c->block_medians[0] = 0;
	if (!c->n) {
		c->median = c->mean = c->ci_lo = c->ci_hi = NAN;
		return;
	}
	tmp = xrealloc(NULL, c->n * sizeof(*tmp));
	for (i = 0; i < c->n; i++)
		if (c->blk[i] > maxb)
			maxb = c->blk[i];
	c->nblocks = 0;
	for (b = 0; b <= maxb; b++) {
		double m = block_median(c, b, tmp);

		if (isnan(m))
			continue;
		c->nblocks++;
		if (len < sizeof(c->block_medians) - 32)
			len += snprintf(c->block_medians + len,
					sizeof(c->block_medians) - len,
					"%s%.6g", len ? "," : "", m);
	}
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
	}
	free(r->meta);
	free(r->cells);
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
 * kernel every night must not read as a changed command line.
 */
static void stable_cmdline(const char *in, char *out, size_t len)
{
	char buf[4096], *tok, *save;
	size_t o = 0;

	snprintf(buf, sizeof(buf), "%s", in);
	out[0] = 0;
	for (tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		if (!strncmp(tok, "BOOT_IMAGE=", 11) || !strncmp(tok, "initrd=", 7))
			continue;
		o += snprintf(out + o, o < len ? len - o : 0, "%s%s", o ? " " : "", tok);
	}
}

static int kvcmp(const void *a, const void *b)
{
	return strcmp(((const struct kv *)a)->key, ((const struct kv *)b)->key);
}

void env_from_results(const struct results *r, struct env *e)
{
	struct kv *v = xrealloc(NULL, (r->nmeta + 1) * sizeof(*v));
	size_t i, n = 0, o = 0;

	snprintf(e->cpu, sizeof(e->cpu), "%s/%s/%s/%s %s", getd(r, "cpu.vendor"),
		 getd(r, "cpu.family"), getd(r, "cpu.model"),
		 getd(r, "cpu.stepping"), getd(r, "cpu.model_name"));
	snprintf(e->microcode, sizeof(e->microcode), "%s", getd(r, "cpu.microcode"));
	stable_cmdline(getd(r, "kernel.cmdline"), e->cmdline, sizeof(e->cmdline));
	fnv1a_hex(e->cmdline, e->cmdline_hash);
	for (i = 0; i < r->nmeta; i++)
		if (!strncmp(r->meta[i].key, "cpu.vuln.", 9))
			v[n++] = r->meta[i];
	qsort(v, n, sizeof(*v), kvcmp);
	e->mitigations[0] = 0;
	for (i = 0; i < n; i++)
		o += snprintf(e->mitigations + o,
			      o < sizeof(e->mitigations) ? sizeof(e->mitigations) - o : 0,
			      "%s%s=%s", i ? "; " : "", v[i].key + 9, v[i].val);
	fnv1a_hex(e->mitigations, e->mitigations_hash);
	free(v);
}
