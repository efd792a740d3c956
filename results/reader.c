// SPDX-License-Identifier: GPL-2.0
/*
 * The one reader of bench-syscall results files (FORMAT.md, version 1):
 * see results.h for the API.  One line in memory at a time, the header kept
 * (hashed by key: a file with many keys is read in linear time).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"

static const char *const fixed_cols[RESULTS_NFIXED] = {
	"cpu", "syscall", "entry", "block", "variant", "seq", "ctxsw", "migr",
};

struct kv {
	char *key, *val;
};

struct results_file {
	FILE *f;
	int own;			/* opened by results_open(): closed by close */
	char *name;
	struct results_opts o;
	char err[RESULTS_ERR_LEN];
	int failed, done;
	char *buf;			/* the current line */
	size_t cap, line;
	int version, plain, pending;	/* pending: a plain file's first line */
	struct kv *kv;
	size_t nkv, kvcap;
	size_t *slot, nslot;		/* open-addressing index of kv by key */
	/* the columns line */
	char *colbuf;
	char **metric;			/* points into colbuf */
	char **munit;			/* unit of each metric (owned) */
	size_t nmetrics, ncols;
	double *value;
	char *tok[RESULTS_MAX_COLS + 1];
	size_t nsamples;
	int end_seen;			/* 1 complete, 2 incomplete */
	int partial;
	enum results_end end;
	char *unit;			/* "#% unit:" as compared */
};

static const struct results_file *current;

static int fail(struct results_file *rf, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct results_file *rf, size_t line, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = line ? snprintf(rf->err, sizeof(rf->err), "%s:%zu: ", rf->name, line)
		 : snprintf(rf->err, sizeof(rf->err), "%s: ", rf->name);
	if (n < 0 || (size_t)n >= sizeof(rf->err))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(rf->err + n, sizeof(rf->err) - n, fmt, ap);
	va_end(ap);
	rf->failed = 1;
	return -1;
}

static int oom(struct results_file *rf)
{
	return fail(rf, 0, "out of memory");
}

/* ---- small parsers: whole tokens only ----------------------------------- */

int results_parse_double(const char *s, double *out)
{
	char *end;
	double v;

	if (!*s)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (*end || errno == ERANGE || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

static int parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (!*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno)
		return -1;
	*out = v;
	return 0;
}

/* Split on blanks in place; returns the count (at most max, max + 1 if more). */
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

/* 0: a word; 1: not printable or empty; 2: too long */
static int word_problem(const char *s)
{
	size_t n = 0;

	if (!*s)
		return 1;
	for (; *s; s++, n++)
		if (!isgraph((unsigned char)*s))
			return 1;
	return n > RESULTS_MAX_WORD ? 2 : 0;
}

/* ---- the header, hashed by key ------------------------------------------ */

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static size_t *kv_slot(struct results_file *rf, const char *key)
{
	size_t h = hash(key) & (rf->nslot - 1);

	while (rf->slot[h] != SIZE_MAX && strcmp(rf->kv[rf->slot[h]].key, key))
		h = (h + 1) & (rf->nslot - 1);
	return &rf->slot[h];
}

static const char *kv_find(const struct results_file *rf, const char *key)
{
	size_t h;

	if (!rf->nslot)
		return NULL;
	h = hash(key) & (rf->nslot - 1);
	while (rf->slot[h] != SIZE_MAX) {
		if (!strcmp(rf->kv[rf->slot[h]].key, key))
			return rf->kv[rf->slot[h]].val;
		h = (h + 1) & (rf->nslot - 1);
	}
	return NULL;
}

static int kv_rehash(struct results_file *rf)
{
	size_t n = rf->nslot ? rf->nslot * 2 : 64, i;
	size_t *slot = malloc(n * sizeof(*slot));

	if (!slot)
		return -1;
	for (i = 0; i < n; i++)
		slot[i] = SIZE_MAX;
	free(rf->slot);
	rf->slot = slot;
	rf->nslot = n;
	for (i = 0; i < rf->nkv; i++)
		*kv_slot(rf, rf->kv[i].key) = i;
	return 0;
}

/* The last value of a key wins (its place in file order stays the first). */
static int kv_set(struct results_file *rf, const char *key, const char *val)
{
	size_t *slot;
	char *v;

	if (2 * (rf->nkv + 1) > rf->nslot && kv_rehash(rf))
		return oom(rf);
	slot = kv_slot(rf, key);
	v = strdup(val);
	if (!v)
		return oom(rf);
	if (*slot != SIZE_MAX) {
		free(rf->kv[*slot].val);
		rf->kv[*slot].val = v;
		return 0;
	}
	if (rf->nkv == rf->kvcap) {
		size_t cap = rf->kvcap ? rf->kvcap * 2 : 64;
		struct kv *p = realloc(rf->kv, cap * sizeof(*p));

		if (!p) {
			free(v);
			return oom(rf);
		}
		rf->kv = p;
		rf->kvcap = cap;
	}
	rf->kv[rf->nkv].key = strdup(key);
	if (!rf->kv[rf->nkv].key) {
		free(v);
		return oom(rf);
	}
	rf->kv[rf->nkv].val = v;
	*slot = rf->nkv++;
	return 0;
}

/* ---- lines --------------------------------------------------------------- */

/* 1: a line in rf->buf (chomped; *partial: it had no newline); 0: EOF; -1 */
static int read_line(struct results_file *rf, int *partial)
{
	ssize_t len = getline(&rf->buf, &rf->cap, rf->f);

	if (len < 0) {
		if (ferror(rf->f))
			return fail(rf, 0, "read error: %s", strerror(errno));
		return 0;
	}
	rf->line++;
	if (memchr(rf->buf, 0, (size_t)len))
		return fail(rf, rf->line, "NUL byte: not a text file");
	*partial = rf->buf[len - 1] != '\n';
	chomp(rf->buf);
	return 1;
}

/*
 * The n-th word of a list whose words are split by any of the characters
 * in seps, into buf; NULL if absent or longer than buf.
 */
static const char *nth_word_sep(const char *list, const char *seps, size_t n,
				char *buf, size_t len)
{
	size_t i = 0;
	const char *p = list;

	while (p && *p) {
		const char *w;

		while (*p && strchr(seps, *p))
			p++;
		if (!*p)
			break;
		w = p;
		while (*p && !strchr(seps, *p))
			p++;
		if (i++ == n) {
			if ((size_t)(p - w) >= len)
				return NULL;
			memcpy(buf, w, p - w);
			buf[p - w] = 0;
			return buf;
		}
	}
	return NULL;
}

/* The n-th word of a blank-separated list into buf; NULL if absent. */
static const char *nth_word(const char *list, size_t n, char *buf, size_t len)
{
	return nth_word_sep(list, " \t", n, buf, len);
}

static int parse_columns(struct results_file *rf, const char *val, size_t line)
{
	const char *metrics = kv_find(rf, "metrics");
	const char *units = kv_find(rf, "units");
	const char *unit = kv_find(rf, "unit");
	char **tok = rf->tok, w[256];
	size_t n, i, j;

	rf->colbuf = strdup(val);
	if (!rf->colbuf)
		return oom(rf);
	n = split(rf->colbuf, tok, RESULTS_MAX_COLS);
	if (n > RESULTS_MAX_COLS)
		return fail(rf, line, "more than %d columns", RESULTS_MAX_COLS);
	if (n <= RESULTS_NFIXED)
		return fail(rf, line, "columns: need the %d fixed columns and at least one metric",
			    RESULTS_NFIXED);
	for (i = 0; i < RESULTS_NFIXED; i++)
		if (strcmp(tok[i], fixed_cols[i]))
			return fail(rf, line, "columns: column %zu is '%s', FORMAT.md says '%s'",
				    i + 1, tok[i], fixed_cols[i]);
	for (i = RESULTS_NFIXED; i < n; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(tok[i], tok[j]))
				return fail(rf, line, "columns: column '%s' named twice", tok[i]);
	/* "#% metrics:" must name the same columns, and "#% units:" one each */
	for (i = RESULTS_NFIXED; metrics && i <= n; i++) {
		const char *m = nth_word(metrics, i - RESULTS_NFIXED, w, sizeof(w));
		int ok = i < n ? m && !strcmp(m, tok[i]) : !m;

		if (!ok)
			return fail(rf, line, "columns do not match '#%% metrics: %s'", metrics);
	}
	if (units && (!nth_word(units, n - RESULTS_NFIXED - 1, w, sizeof(w)) ||
		      nth_word(units, n - RESULTS_NFIXED, w, sizeof(w))))
		return fail(rf, line, "'#%% units: %s' does not give one unit per metric column",
			    units);
	rf->ncols = n;
	rf->nmetrics = n - RESULTS_NFIXED;
	rf->metric = calloc(rf->nmetrics, sizeof(*rf->metric));
	rf->munit = calloc(rf->nmetrics, sizeof(*rf->munit));
	rf->value = calloc(rf->nmetrics, sizeof(*rf->value));
	if (!rf->metric || !rf->munit || !rf->value)
		return oom(rf);
	for (i = 0; i < rf->nmetrics; i++) {
		const char *u = nth_word(units, i, w, sizeof(w));

		rf->metric[i] = tok[RESULTS_NFIXED + i];
		if (!u)
			u = !i && unit ? unit : !strcmp(rf->metric[i], "ns") ? "ns" : "-";
		rf->munit[i] = strdup(results_unit_of(kv_find(rf, "clock"), u));
		if (!rf->munit[i])
			return oom(rf);
	}
	return 0;
}

/* "#% key: value" (or "#% key:" with an empty value) into *key, *val */
static int split_meta(struct results_file *rf, char *s, char **key, char **val)
{
	char *colon = strstr(s, ": "), *k = s + 2, *p;

	if (!colon) {
		size_t n = strlen(s);

		if (n > 3 && s[n - 1] == ':')
			colon = s + n - 1;
		else
			return fail(rf, rf->line, "metadata line without 'key: value'");
	}
	*colon = 0;
	*val = colon[1] ? colon + 2 : colon + 1;
	while (*k == ' ')
		k++;
	if (!*k)
		return fail(rf, rf->line, "metadata line without a key");
	/*
	 * FORMAT.md's keys are dotted lower-case words; upper case is let
	 * through (a cpu.vuln.NAME comes from sysfs), blanks and other
	 * characters are not.
	 */
	for (p = k; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '.' || *p == '_' || *p == '-'))
			return fail(rf, rf->line, "metadata key '%.64s': a key is a dotted word (letters, digits, '.', '_', '-')",
				    k);
	*key = k;
	return 0;
}

/* "#% end: complete samples=N" / "#% end: incomplete reason=R samples=N" */
static int end_line(struct results_file *rf, char *val, int quiet)
{
	char *tok[4];
	long n = -1;
	size_t k = split(val, tok, 3), i;
	int state;

	if (k < 1 || k > 3)
		return quiet ? -1 : fail(rf, rf->line, "malformed end line");
	for (i = 1; i < k; i++)
		if (!strncmp(tok[i], "samples=", 8) &&
		    (parse_long(tok[i] + 8, &n) || n < 0))
			return quiet ? -1 : fail(rf, rf->line, "malformed samples= in end line");
	if (n < 0)
		return quiet ? -1 : fail(rf, rf->line, "end line without samples=N");
	if ((size_t)n != rf->nsamples)
		return quiet ? -1 : fail(rf, rf->line,
			"end line says samples=%ld but the file has %zu sample lines",
			n, rf->nsamples);
	if (!strcmp(tok[0], "complete"))
		state = 1;
	else if (!strcmp(tok[0], "incomplete"))
		state = 2;
	else
		return quiet ? -1 : fail(rf, rf->line,
			"end line: '%s' is neither complete nor incomplete", tok[0]);
	rf->end_seen = state;
	return 0;
}

/* "#% switch: block=B variant=V ns=T": the cost of one variant switch */
static int switch_line(struct results_file *rf, char *val)
{
	char *tok[4], *variant = NULL;
	long block = -1;
	double ns = NAN;
	size_t k = split(val, tok, 3), i;

	for (i = 0; i < k && k <= 3; i++) {
		if (!strncmp(tok[i], "block=", 6)) {
			if (parse_long(tok[i] + 6, &block) || block < 0)
				block = -2;
		} else if (!strncmp(tok[i], "variant=", 8) && !word_problem(tok[i] + 8)) {
			variant = tok[i] + 8;
		} else if (!strncmp(tok[i], "ns=", 3)) {
			if (results_parse_double(tok[i] + 3, &ns) || ns < 0)
				ns = NAN;
		}
	}
	if (k != 3 || block < 0 || !variant || isnan(ns))
		return fail(rf, rf->line, "malformed switch line (want 'block=B variant=V ns=T')");
	if (rf->o.on_switch && rf->o.on_switch(rf->o.arg, block, variant, ns))
		return fail(rf, rf->line, "switch line refused by the reader's caller");
	return 0;
}

/*
 * A "#%" line.  In the header (!rf->ncols) "#% columns:" ends it; among
 * the samples a second columns line, metrics and units are errors.
 */
static int meta_line(struct results_file *rf)
{
	char *key, *val;

	if (split_meta(rf, rf->buf, &key, &val))
		return -1;
	if (!strcmp(key, "end")) {
		if (!rf->ncols)
			return fail(rf, rf->line, "end line before '#%% columns:'");
		return end_line(rf, val, 0);
	}
	if (!strcmp(key, "columns")) {
		if (rf->ncols)
			return fail(rf, rf->line, "second '#%% columns:' line");
		return parse_columns(rf, val, rf->line) || kv_set(rf, key, val);
	}
	if (rf->ncols && (!strcmp(key, "metrics") || !strcmp(key, "units")))
		return fail(rf, rf->line, "'%s' after '#%% columns:'", key);
	if (!strcmp(key, "switch"))
		return switch_line(rf, val);
	return kv_set(rf, key, val);
}

static int sample_line(struct results_file *rf, struct results_sample *s)
{
	char **tok = rf->tok;
	size_t n = split(rf->buf, tok, RESULTS_MAX_COLS), i;
	int w;

	if (n != rf->ncols)
		return fail(rf, rf->line, "%zu fields, '#%% columns:' names %zu",
			    n > RESULTS_MAX_COLS ? n - 1 : n, rf->ncols);
	if (parse_long(tok[0], &s->cpu) || s->cpu < 0 || s->cpu > RESULTS_MAX_CPU)
		return fail(rf, rf->line, "cpu '%.32s' is not a CPU number (0..%ld)",
			    tok[0], RESULTS_MAX_CPU);
	for (i = 1; i <= 4; i++) {
		if (i == 3)
			continue;
		w = word_problem(tok[i]);
		if (w == 2)
			return fail(rf, rf->line, "syscall/entry/variant name too long (more than %d bytes)",
				    RESULTS_MAX_WORD);
		if (w)
			return fail(rf, rf->line, "syscall/entry/variant must be words");
	}
	if (parse_long(tok[3], &s->block) || parse_long(tok[5], &s->seq) ||
	    parse_long(tok[6], &s->ctxsw) || parse_long(tok[7], &s->migr) ||
	    s->block < 0 || s->seq < 0 || s->ctxsw < 0 || s->migr < 0)
		return fail(rf, rf->line, "block/seq/ctxsw/migr must be non-negative integers");
	for (i = 0; i < rf->nmetrics; i++)
		if (results_parse_double(tok[RESULTS_NFIXED + i], &rf->value[i]))
			return fail(rf, rf->line, "column '%s': '%.32s' is not a finite number",
				    rf->metric[i], tok[RESULTS_NFIXED + i]);
	s->syscall = tok[1];
	s->entry = tok[2];
	s->variant = tok[4];
	s->value = rf->value;
	s->line = rf->line;
	rf->nsamples++;
	return 0;
}

/* ---- open ------------------------------------------------------------- */

static int read_header(struct results_file *rf)
{
	long version;
	int partial, rc;

	rc = read_line(rf, &partial);
	if (rc < 0)
		return -1;
	if (!rc)
		return fail(rf, 0, "empty file");
	if (strncmp(rf->buf, "#bench-syscall-results", 22)) {
		if (!rf->o.plain)
			return fail(rf, 1, "not a bench-syscall results file (no '#bench-syscall-results 1' first line)");
		rf->plain = 1;
		rf->pending = 1;
		rf->nmetrics = 1;
		rf->value = calloc(1, sizeof(*rf->value));
		return rf->value ? 0 : oom(rf);
	}
	if (rf->buf[22] != ' ' || parse_long(rf->buf + 23, &version) || version < 1)
		return fail(rf, 1, "bad version line '%.64s'", rf->buf);
	if (version > RESULTS_FORMAT_VERSION)
		return fail(rf, 1, "format version %ld is newer than this %s understands (%d)",
			    version, program_invocation_short_name, RESULTS_FORMAT_VERSION);
	rf->version = (int)version;
	while ((rc = read_line(rf, &partial)) > 0) {
		if (partial)
			return fail(rf, rf->line, "truncated in its header (no '#%% columns:' line): the writer died");
		if (!strncmp(rf->buf, "#%", 2)) {
			if (meta_line(rf))
				return -1;
			if (rf->ncols)
				return 0;
		} else if (rf->buf[0] != '#' && rf->buf[0]) {
			return fail(rf, rf->line, "sample line before '#%% columns:'");
		}
	}
	return rc < 0 ? -1 : fail(rf, 0, "no '#%% columns:' line");
}

static void rf_free(struct results_file *rf)
{
	size_t i;

	if (!rf)
		return;
	if (current == rf)
		current = NULL;
	if (rf->own && rf->f)
		fclose(rf->f);
	for (i = 0; i < rf->nkv; i++) {
		free(rf->kv[i].key);
		free(rf->kv[i].val);
	}
	for (i = 0; rf->munit && i < rf->nmetrics; i++)
		free(rf->munit[i]);
	free(rf->kv);
	free(rf->slot);
	free(rf->colbuf);
	free(rf->metric);
	free(rf->munit);
	free(rf->value);
	free(rf->buf);
	free(rf->unit);
	free(rf->name);
	free(rf);
}

static struct results_file *open_common(FILE *f, int own, const char *name,
					const struct results_opts *o,
					char *err, size_t errlen)
{
	struct results_file *rf = calloc(1, sizeof(*rf));

	if (!rf || !(rf->name = strdup(name))) {
		snprintf(err, errlen, "%s: out of memory", name);
		free(rf);
		if (own)
			fclose(f);
		return NULL;
	}
	rf->f = f;
	rf->own = own;
	if (o)
		rf->o = *o;
	current = rf;
	if (read_header(rf)) {
		snprintf(err, errlen, "%s", rf->err);
		rf_free(rf);
		return NULL;
	}
	if (!rf->plain && kv_find(rf, "unit")) {
		rf->unit = strdup(results_unit_of(kv_find(rf, "clock"), kv_find(rf, "unit")));
		if (!rf->unit) {
			snprintf(err, errlen, "%s: out of memory", name);
			rf_free(rf);
			return NULL;
		}
	}
	return rf;
}

struct results_file *results_open(const char *path, const struct results_opts *o,
				  char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	return open_common(f, 1, path, o, err, errlen);
}

struct results_file *results_open_stream(FILE *f, const char *name,
					 const struct results_opts *o,
					 char *err, size_t errlen)
{
	return open_common(f, 0, name, o, err, errlen);
}

void results_close(struct results_file *rf)
{
	rf_free(rf);
}

/* ---- next -------------------------------------------------------------- */

static int plain_next(struct results_file *rf, struct results_sample *s)
{
	char *tok[2];
	int partial, rc;
	size_t n;

	for (;;) {
		if (rf->pending) {
			rf->pending = 0;
		} else {
			rc = read_line(rf, &partial);
			if (rc <= 0) {
				rf->done = 1;
				rf->end = RESULTS_PLAIN;
				return rc;
			}
		}
		n = split(rf->buf, tok, 1);
		if (n == 0 || tok[0][0] == '#')
			continue;
		if (n > 1)
			return fail(rf, rf->line, "expected one number per line (a results file needs its '#bench-syscall-results 1' first line)");
		if (results_parse_double(tok[0], &rf->value[0]))
			return fail(rf, rf->line, "'%.32s' is not a finite number", tok[0]);
		memset(s, 0, sizeof(*s));
		s->cpu = -1;
		s->syscall = s->entry = s->variant = "-";
		s->value = rf->value;
		s->line = rf->line;
		rf->nsamples++;
		return 1;
	}
}

/* EOF: the end state, and whether it may be read */
static int finish(struct results_file *rf)
{
	rf->done = 1;
	rf->end = rf->end_seen == 1 ? RESULTS_COMPLETE :
		  rf->end_seen == 2 ? RESULTS_INCOMPLETE : RESULTS_TRUNCATED;
	if (rf->end == RESULTS_COMPLETE || rf->o.allow_incomplete)
		return 0;
	if (rf->end == RESULTS_INCOMPLETE)
		return fail(rf, 0, "incomplete run (end line says incomplete); use --allow-incomplete to use its samples");
	return fail(rf, 0, "truncated: no '#%% end:' line (the writer died%s); use --allow-incomplete to use its samples",
		    rf->partial ? ", its last line is cut" : "");
}

/*
 * A last line without its newline was cut by a writer that died, unless it
 * is a whole, valid end line (a file whose final newline alone is missing):
 * the digits of a cut samples=N are a prefix of N, never N.
 */
static int cut_line(struct results_file *rf)
{
	char *key, *val;

	if (!rf->end_seen && !strncmp(rf->buf, "#%", 2)) {
		char *copy = strdup(rf->buf);
		int whole = 0;

		if (!copy)
			return oom(rf);
		if (!split_meta(rf, copy, &key, &val) && !strcmp(key, "end"))
			whole = !end_line(rf, val, 1);
		rf->failed = 0;		/* split_meta's complaint is moot */
		free(copy);
		if (whole)
			return 0;
	}
	rf->partial = 1;
	return 0;
}

int results_next(struct results_file *rf, struct results_sample *s)
{
	int partial, rc;

	if (rf->failed)
		return -1;
	if (rf->done)
		return 0;
	current = rf;
	if (rf->plain)
		return plain_next(rf, s);
	for (;;) {
		rc = read_line(rf, &partial);
		if (rc < 0)
			return -1;
		if (!rc)
			return finish(rf);
		if (rf->end_seen)
			return fail(rf, rf->line, "data after the end line");
		if (partial) {
			if (cut_line(rf))
				return -1;
			continue;
		}
		if (!strncmp(rf->buf, "#%", 2)) {
			if (meta_line(rf))
				return -1;
			continue;
		}
		if (rf->buf[0] == '#' || !rf->buf[0])
			continue;
		if (sample_line(rf, s))
			return -1;
		return 1;
	}
}

const char *results_error(const struct results_file *rf)
{
	return rf->err;
}

/* ---- accessors ----------------------------------------------------------- */

const char *results_get(const struct results_file *rf, const char *key)
{
	return kv_find(rf, key);
}

size_t results_nkeys(const struct results_file *rf)
{
	return rf->nkv;
}

const char *results_key(const struct results_file *rf, size_t i,
			const char **value)
{
	if (i >= rf->nkv)
		return NULL;
	if (value)
		*value = rf->kv[i].val;
	return rf->kv[i].key;
}

const char *results_name(const struct results_file *rf)
{
	return rf->name;
}

int results_version(const struct results_file *rf)
{
	return rf->version;
}

int results_is_plain(const struct results_file *rf)
{
	return rf->plain;
}

size_t results_nmetrics(const struct results_file *rf)
{
	return rf->nmetrics;
}

const char *results_metric(const struct results_file *rf, size_t i)
{
	if (i >= rf->nmetrics)
		return NULL;
	return rf->plain ? "value" : rf->metric[i];
}

int results_metric_index(const struct results_file *rf, const char *name)
{
	size_t i;

	for (i = 0; i < rf->nmetrics; i++)
		if (!strcmp(results_metric(rf, i), name))
			return (int)i;
	return -1;
}

const char *results_metric_unit(const struct results_file *rf, size_t i)
{
	if (i >= rf->nmetrics)
		return NULL;
	return rf->plain ? "-" : rf->munit[i];
}

const char *results_unit_of(const char *clock, const char *unit)
{
	if (clock && unit && !strcmp(clock, "tsc") && !strcmp(unit, "cycles"))
		return "ref-cycles";
	return unit;
}

const char *results_clock(const struct results_file *rf)
{
	return kv_find(rf, "clock");
}

const char *results_label(const struct results_file *rf)
{
	return kv_find(rf, "label");
}

const char *results_unit(const struct results_file *rf)
{
	return rf->unit;
}

const char *results_variants(const struct results_file *rf)
{
	const char *v = kv_find(rf, "variants");

	return v && *v && strcmp(v, "-") ? v : NULL;
}

const char *results_variant(const struct results_file *rf, size_t i,
			    char *buf, size_t len)
{
	return nth_word_sep(results_variants(rf), ", ", i, buf, len);
}

size_t results_nvariants(const struct results_file *rf)
{
	const char *p = results_variants(rf);
	size_t n = 0;

	while (p && *p) {
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

/* A header number: "-" or absent is NAN; anything else must parse in [lo, hi]. */
static int header_number(struct results_file *rf, const char *key, double lo,
			 double hi, int pct_ok, double *out)
{
	const char *val = kv_find(rf, key);
	char buf[64];
	size_t n;

	*out = NAN;
	if (!val || !strcmp(val, "-"))
		return 0;
	n = strlen(val);
	if (n >= sizeof(buf))
		return fail(rf, 0, "'#%% %s: %.64s' is not a number", key, val);
	strcpy(buf, val);
	if (pct_ok && n > 1 && buf[n - 1] == '%')
		buf[n - 1] = 0;
	if (results_parse_double(buf, out) || *out < lo || *out > hi)
		return fail(rf, 0, "'#%% %s: %s' is not a number in [%g, %g]", key, val, lo, hi);
	return 0;
}

int results_design(struct results_file *rf, struct results_design *d)
{
	const char *target = kv_find(rf, "resolve.target");
	const char *result = kv_find(rf, "resolve.result");
	double v;

	memset(d, 0, sizeof(*d));
	d->resolve_target = d->resolve_alpha = d->resolve_n_opt = NAN;
	d->resolve_max_seconds = d->round_seconds = NAN;
	if (header_number(rf, "block.ms", 1e-6, 1e9, 0, &d->block_ms))
		return -1;
	if (result) {
		/* "#% resolve.result: resolved|budget|stopped rounds=R seconds=S" */
		const char *r = strstr(result, "rounds=");
		const char *t = strstr(result, "seconds=");
		double rounds = r ? strtod(r + 7, NULL) : NAN;
		double secs = t ? strtod(t + 8, NULL) : NAN;

		if (rounds >= 1 && secs > 0 && isfinite(secs) && isfinite(rounds))
			d->round_seconds = secs / rounds;
	}
	d->resolve = target && strcmp(target, "-");
	if (!d->resolve)
		return 0;
	if (header_number(rf, "resolve.target", 0, 1e18, 1, &v) || !(v > 0))
		return fail(rf, 0, "'#%% resolve.target: %s' is not a positive number or percentage",
			    target);
	d->resolve_target = v;
	d->resolve_target_pct = target[strlen(target) - 1] == '%';
	if (header_number(rf, "resolve.alpha", 1e-12, 0.5, 0, &d->resolve_alpha) ||
	    header_number(rf, "resolve.n_opt", 1, 1e12, 0, &d->resolve_n_opt) ||
	    header_number(rf, "resolve.max_seconds", 0, 1e12, 0, &d->resolve_max_seconds))
		return -1;
	if (isnan(d->resolve_alpha) || isnan(d->resolve_n_opt))
		return fail(rf, 0, "'#%% resolve.target:' without resolve.alpha and resolve.n_opt: the sequential interval needs both");
	return 0;
}

enum results_end results_end_state(const struct results_file *rf)
{
	return rf->end;
}

const char *results_end_name(enum results_end e)
{
	switch (e) {
	case RESULTS_COMPLETE: return "complete";
	case RESULTS_INCOMPLETE: return "incomplete";
	case RESULTS_TRUNCATED: return "truncated";
	case RESULTS_PLAIN: return "plain";
	default: return "reading";
	}
}

size_t results_samples(const struct results_file *rf)
{
	return rf->nsamples;
}

int results_partial_line(const struct results_file *rf)
{
	return rf->partial;
}

size_t results_line(const struct results_file *rf)
{
	return rf->line;
}

const char *results_current_file(void)
{
	return current ? current->name : NULL;
}

int results_sniff(const char *path)
{
	char buf[32] = "";
	FILE *f = fopen(path, "r");
	int e;

	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f)) {
		e = ferror(f) ? errno : 0;
		fclose(f);
		if (e) {
			errno = e;
			return -1;
		}
		return 0;
	}
	fclose(f);
	return !strncmp(buf, "#bench-syscall-results", 22);
}
