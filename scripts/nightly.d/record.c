// SPDX-License-Identifier: GPL-2.0
/*
 * The record path's reading: one results file, read through the one results
 * library (results/results.h: every check of the format lives there), its
 * primary metric summarised per cell (cpu, syscall, entry, variant).
 * Disturbed samples (ctxsw > 0 or migr > 0) are dropped and counted, as
 * bench-stat does.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "history.h"
#include "median-ci.h"
#include "results.h"

_Static_assert(sizeof(((struct cell *)0)->syscall) == RESULTS_MAX_WORD + 1,
	       "a cell's names hold the library's longest word");

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

static void rehash(struct recorded *r)
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

static struct cell *find_cell(struct recorded *r, int cpu, const char *sc,
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

/*
 * A sample into its cell; disturbed samples are counted, not kept.  Blocks
 * are kept in an int (4 bytes a sample: 20 MB less at 5M samples): a block
 * number beyond INT_MAX, which no writer comes near, is refused.
 */
static int add_sample(struct recorded *r, const struct results_sample *s,
		      char *err, size_t errlen)
{
	struct cell *c;

	if (s->block > INT_MAX) {
		snprintf(err, errlen, "%s:%zu: block %ld: bench-history records blocks up to %d",
			 r->path, s->line, s->block, INT_MAX);
		return -1;
	}
	c = find_cell(r, (int)s->cpu, s->syscall, s->entry, s->variant);
	if (results_disturbed(s)) {
		c->dropped++;
		return 0;
	}
	if (c->n == c->cap) {
		grow((void **)&c->v, &c->cap, c->n + 1, sizeof(*c->v));
		c->blk = xrealloc(c->blk, c->cap * sizeof(*c->blk));
	}
	c->v[c->n] = s->value[0];
	c->blk[c->n++] = (int)s->block;
	return 0;
}

/*
 * A GSL error while a file is read or summarised names the file (GSL's
 * default handler aborts with a core dump and no file): exit 2 before
 * anything is stored.
 */
static void gsl_fail(const char *reason, const char *file, int line, int gsl_errno)
{
	const char *name = results_current_file();

	fprintf(stderr, "bench-history: %s: GSL error %d at %s:%d: %s (nothing recorded)\n",
		name ? name : "(no file)", gsl_errno, file, line, reason);
	exit(2);
}

int record_read(const char *path, struct recorded *r, int allow_incomplete,
		char *err, size_t errlen)
{
	struct results_opts o = { .allow_incomplete = allow_incomplete };
	struct results_sample s;
	int rc;

	memset(r, 0, sizeof(*r));
	snprintf(r->path, sizeof(r->path), "%s", path);
	gsl_set_error_handler(gsl_fail);
	r->rf = results_open(path, &o, err, errlen);
	if (!r->rf)
		return -1;
	/* the primary metric: the first metric column */
	snprintf(r->metric, sizeof(r->metric), "%s", results_metric(r->rf, 0));
	while ((rc = results_next(r->rf, &s)) > 0)
		if (add_sample(r, &s, err, errlen)) {
			rc = -2;
			break;
		}
	if (rc == -1)
		snprintf(err, errlen, "%s", results_error(r->rf));
	else if (!rc && !r->ncells) {
		snprintf(err, errlen, "%s: no samples", path);
		rc = -1;
	}
	r->end = results_end_state(r->rf);
	r->partial_line = results_partial_line(r->rf);
	if (rc)
		record_free(r);	/* nothing half-read is handed back */
	return rc;
}

const char *record_get(const struct recorded *r, const char *key)
{
	return results_get(r->rf, key);
}

void record_free(struct recorded *r)
{
	size_t i;

	for (i = 0; i < r->ncells; i++) {
		free(r->cells[i].v);
		free(r->cells[i].blk);
		free(r->cells[i].block_medians);
	}
	free(r->cells);
	free(r->hslot);
	results_close(r->rf);
	memset(r, 0, sizeof(*r));
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
	double *tmp, achieved;

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
	/* stats/median-ci.c, bench-stat's own: NAN when n is too small */
	median_ci(tmp, c->n, confidence / 100.0, &c->ci_lo, &c->ci_hi, &achieved);
	free(tmp);
}

int record_summarise(struct recorded *r, double confidence)
{
	size_t i;

	for (i = 0; i < r->ncells; i++)
		summarise_cell(&r->cells[i], confidence);
	return 0;
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

static const char *getd(const struct recorded *r, const char *k)
{
	const char *v = record_get(r, k);

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

struct kv {
	const char *key, *val;
};

static int kvcmp(const void *a, const void *b)
{
	return strcmp(((const struct kv *)a)->key, ((const struct kv *)b)->key);
}

void env_from_results(const struct recorded *r, struct env *e)
{
	size_t nkeys = results_nkeys(r->rf);
	struct kv *v = xrealloc(NULL, (nkeys + 1) * sizeof(*v));
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
	for (i = 0; i < nkeys; i++) {
		const char *val, *key = results_key(r->rf, i, &val);

		if (!strncmp(key, "cpu.vuln.", 9)) {
			v[n].key = key;
			v[n++].val = val;
			len += strlen(key) + strlen(val) + 3;
		}
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
