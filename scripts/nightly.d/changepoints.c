// SPDX-License-Identifier: GPL-2.0
/*
 * bench-history changepoints: per cell, the series of its run medians over
 * the stored runs (judged, not failed), searched for change points with
 * stats/changepoint.c (E-divisive means, permutation test).  Each change
 * point is put between the two runs it separates: their dates, kernels,
 * and what changed in the measuring environment between them; an
 * environment change at the same place is named as the likely cause.
 * Text for people, --json for the nightly summary and the trend plots
 * (SCHEMA.md documents both).
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "changepoint.h"
#include "history.h"

#define EXIT_BAD 2
/* an environment change this many runs from a change point is "nearby" */
#define NEARBY 2

struct run_env {
	long id;
	char *started, *release, *commit, *cpu, *microcode, *cmdline, *cmdh,
		*mitigations, *mith;
};

struct runs_tab {
	struct run_env *r;
	size_t n, cap;
	int oom;
};

struct point {
	char *key[9];		/* host label clock metric unit cpu syscall entry variant */
	long run;
	double median;
};

struct points {
	struct point *p;
	size_t n, cap;
	int oom;
	const struct runs_tab *runs;	/* read first: a run recorded since is left out */
};

static char *dup_or(const char *s, const char *dflt)
{
	return strdup(s ? s : dflt);
}

static int run_row(void *arg, int ncol, char **v)
{
	struct runs_tab *t = arg;
	struct run_env *e;

	if (ncol < 10)
		return 1;
	if (room((void **)&t->r, &t->cap, t->n, sizeof(*t->r))) {
		t->oom = 1;
		return 1;
	}
	e = &t->r[t->n++];
	e->id = atol(v[0]);
	e->started = dup_or(v[1], "-");
	e->release = dup_or(v[2], "-");
	e->commit = dup_or(v[3], "-");
	e->cpu = dup_or(v[4], "");
	e->microcode = dup_or(v[5], "");
	e->cmdline = dup_or(v[6], "");
	e->cmdh = dup_or(v[7], "");
	e->mitigations = dup_or(v[8], "");
	e->mith = dup_or(v[9], "");
	if (!e->started || !e->release || !e->commit || !e->cpu || !e->microcode ||
	    !e->cmdline || !e->cmdh || !e->mitigations || !e->mith) {
		t->oom = 1;
		return 1;
	}
	return 0;
}

static const struct run_env *find_run(const struct runs_tab *t, long id);

static int point_row(void *arg, int ncol, char **v)
{
	struct points *ps = arg;
	struct point *p;
	int i;

	if (ncol < 11 || !v[10] || !v[9] || !find_run(ps->runs, atol(v[9])))
		return 0;
	if (room((void **)&ps->p, &ps->cap, ps->n, sizeof(*ps->p))) {
		ps->oom = 1;
		return 1;
	}
	p = &ps->p[ps->n++];
	for (i = 0; i < 9; i++) {
		p->key[i] = dup_or(v[i], "-");
		if (!p->key[i]) {
			ps->oom = 1;
			return 1;
		}
	}
	p->run = atol(v[9]);
	p->median = atof(v[10]);
	return 0;
}

static int same_series(const struct point *a, const struct point *b)
{
	int i;

	for (i = 0; i < 9; i++)
		if (strcmp(a->key[i], b->key[i]))
			return 0;
	return 1;
}

static int env_cmp(const void *a, const void *b)
{
	long x = ((const struct run_env *)a)->id, y = ((const struct run_env *)b)->id;

	return x < y ? -1 : x > y;
}

static const struct run_env *find_run(const struct runs_tab *t, long id)
{
	struct run_env key = { .id = id };

	return bsearch(&key, t->r, t->n, sizeof(*t->r), env_cmp);
}

/* ---- output ---------------------------------------------------------------- */

/* NaN and infinities are JSON null */
static json_t *jnum(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

/* The environment keys that can differ between two runs. */
struct env_change {
	const char *key, *before, *after;
};

static size_t env_changes(const struct run_env *a, const struct run_env *b,
			  struct env_change *out)
{
	size_t n = 0;

	if (strcmp(a->cpu, b->cpu))
		out[n++] = (struct env_change){ "cpu", a->cpu, b->cpu };
	if (strcmp(a->microcode, b->microcode))
		out[n++] = (struct env_change){ "microcode", a->microcode, b->microcode };
	if (strcmp(a->cmdh, b->cmdh))
		out[n++] = (struct env_change){ "cmdline", a->cmdline, b->cmdline };
	if (strcmp(a->mith, b->mith))
		out[n++] = (struct env_change){ "mitigations", a->mitigations, b->mitigations };
	return n;
}

struct cp_cli {
	struct cp_opts o;
	long last;
	int json;
};

struct series_out {
	const struct point *p;	/* the series' points, oldest first */
	size_t n;
	const struct runs_tab *runs;
	const struct cp_result *r;
};

/*
 * Where an environment change nearest a change point lies: the boundary
 * between runs k-1 and k with k within NEARBY of the change point's
 * index.  Returns the offset (0: the same boundary), or a large value.
 */
static long nearest_env_change(const struct series_out *s, size_t idx, size_t *at)
{
	struct env_change ch[4];
	long best = 1000000, d;
	size_t k;

	for (k = idx > NEARBY ? idx - NEARBY : 1; k <= idx + NEARBY && k < s->n; k++) {
		const struct run_env *a = find_run(s->runs, s->p[k - 1].run);
		const struct run_env *b = find_run(s->runs, s->p[k].run);

		if (!a || !b || !env_changes(a, b, ch))
			continue;
		d = (long)k - (long)idx;
		if (labs(d) < labs(best)) {
			best = d;
			*at = k;
		}
	}
	return best;
}

static void print_text(const struct series_out *s)
{
	const struct point *k = &s->p[0];
	size_t i, j;

	printf("%s %s %s %s cpu %s %s %s %s: %zu runs, %zu change point%s\n",
	       k->key[0], k->key[1], k->key[2], k->key[3], k->key[5], k->key[6],
	       k->key[7], k->key[8], s->n, s->r->n, s->r->n == 1 ? "" : "s");
	for (i = 0; i < s->r->n; i++) {
		const struct cp_point *c = &s->r->points[i];
		const struct run_env *a = find_run(s->runs, s->p[c->index - 1].run);
		const struct run_env *b = find_run(s->runs, s->p[c->index].run);
		struct env_change ch[4];
		size_t nch, at = 0;
		long off;

		if (!a || !b)
			continue;
		printf("  between run %ld (%s, %s) and run %ld (%s, %s):\n",
		       a->id, a->started, a->release, b->id, b->started, b->release);
		printf("    %+.6g %s (%+.3g%%), %.3g%% CI [%+.6g, %+.6g]; median %.6g -> %.6g"
		       " (%zu -> %zu runs); p = %.3g\n",
		       c->shift, k->key[4], c->shift / c->before * 100,
		       c->shift_conf * 100, c->shift_lo, c->shift_hi, c->before,
		       c->after, c->index - c->lo, c->hi - c->index, c->p);
		if (strcmp(a->release, b->release) || strcmp(a->commit, b->commit))
			printf("    kernel: %s (%s) -> %s (%s)\n", a->release, a->commit,
			       b->release, b->commit);
		nch = env_changes(a, b, ch);
		for (j = 0; j < nch; j++)
			printf("    likely cause: %s changed: %.60s -> %.60s\n", ch[j].key,
			       ch[j].before, ch[j].after);
		if (!nch) {
			off = nearest_env_change(s, c->index, &at);
			if (off != 1000000) {
				const struct run_env *x = find_run(s->runs, s->p[at - 1].run);
				const struct run_env *y = find_run(s->runs, s->p[at].run);

				nch = env_changes(x, y, ch);
				for (j = 0; j < nch; j++)
					printf("    nearby (%+ld run%s): %s changed between run %ld and run %ld\n",
					       off, labs(off) == 1 ? "" : "s", ch[j].key, x->id, y->id);
			}
		}
	}
}

static json_t *json_run(const struct run_env *e)
{
	return json_pack("{s:I,s:s,s:s,s:s}", "run", (json_int_t)e->id,
			 "started", e->started, "kernel_release", e->release,
			 "kernel_commit", e->commit);
}

/* "KEY,KEY" of the changes */
static void change_keys(const struct env_change *ch, size_t n, char *out,
			size_t len)
{
	size_t j, o = 0;

	out[0] = 0;
	for (j = 0; j < n && o < len; j++)
		o += snprintf(out + o, len - o, "%s%s", j ? "," : "", ch[j].key);
}

/* One series and its change points (SCHEMA.md), through jansson. */
static void print_json(const struct series_out *s, int first)
{
	static const char *const names[9] = { "host", "label", "clock", "metric",
		"unit", "cpu", "syscall", "entry", "variant" };
	const struct point *k = &s->p[0];
	json_t *o = json_object(), *pts = json_array(), *cps = json_array();
	size_t i, j;
	int f;

	for (f = 0; f < 9; f++)
		json_object_set_new(o, names[f], f == 5 ? json_integer(atol(k->key[f])) :
				    json_string(k->key[f]));
	json_object_set_new(o, "runs", json_integer((json_int_t)s->n));
	for (i = 0; i < s->n; i++)
		json_array_append_new(pts, json_pack("[I,o]", (json_int_t)s->p[i].run,
						     jnum(s->p[i].median)));
	json_object_set_new(o, "points", pts);
	json_object_set_new(o, "next_p", jnum(s->r->next_p));
	for (i = 0; i < s->r->n; i++) {
		const struct cp_point *c = &s->r->points[i];
		const struct run_env *a = find_run(s->runs, s->p[c->index - 1].run);
		const struct run_env *b = find_run(s->runs, s->p[c->index].run);
		struct env_change ch[4];
		json_t *chs = json_array(), *near = json_null();
		char keys[64];
		size_t nch, at = 0;
		long off;

		if (!a || !b) {
			json_decref(chs);
			continue;	/* cannot happen: points have their runs */
		}
		nch = env_changes(a, b, ch);
		for (j = 0; j < nch; j++)
			json_array_append_new(chs, json_pack("{s:s,s:s,s:s}", "key", ch[j].key,
							     "before", ch[j].before,
							     "after", ch[j].after));
		change_keys(ch, nch, keys, sizeof(keys));
		off = nch ? 1000000 : nearest_env_change(s, c->index, &at);
		if (off != 1000000) {
			const struct run_env *x = find_run(s->runs, s->p[at - 1].run);
			const struct run_env *y = find_run(s->runs, s->p[at].run);
			struct env_change xy[4];
			char nkeys[64];

			change_keys(xy, env_changes(x, y, xy), nkeys, sizeof(nkeys));
			near = json_pack("{s:I,s:I,s:I,s:s}", "offset", (json_int_t)off,
					 "before_run", (json_int_t)x->id,
					 "after_run", (json_int_t)y->id, "keys", nkeys);
		}
		json_array_append_new(cps, json_pack(
			"{s:I,s:I,s:o,s:o,s:o,s:o,s:I,s:I,s:o,s:[o,o],s:o,s:[o,o],"
			"s:o,s:o,s:o,s:b,s:o,s:o,s:o}",
			"index", (json_int_t)c->index, "order", (json_int_t)c->order,
			"before", json_run(a), "after", json_run(b),
			"level_before", jnum(c->before), "level_after", jnum(c->after),
			"runs_before", (json_int_t)(c->index - c->lo),
			"runs_after", (json_int_t)(c->hi - c->index),
			"shift", jnum(c->shift),
			"shift_ci", jnum(c->shift_lo), jnum(c->shift_hi),
			"shift_pct", jnum(c->shift / c->before * 100),
			"shift_pct_ci", jnum(c->shift_lo / c->before * 100),
			jnum(c->shift_hi / c->before * 100),
			"confidence", jnum(c->shift_conf), "p", jnum(c->p),
			"stat", jnum(c->stat),
			"kernel_changed", strcmp(a->release, b->release) ||
					  strcmp(a->commit, b->commit),
			"env_changes", chs,
			"likely_cause", nch ? json_string(keys) : json_null(),
			"nearby_env_change", near));
	}
	json_object_set_new(o, "changepoints", cps);
	printf("%s\n    ", first ? "" : ",");
	json_dumpf(o, stdout, JSON_COMPACT);
	json_decref(o);
}

/* ---- the command ------------------------------------------------------------- */

static int parse_num(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	if (!s || !*s)
		return -1;
	v = strtod(s, &end);
	if (*end || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

static void usage_cp(void)
{
	fprintf(stderr,
"usage: bench-history changepoints [--host H] [--label L] [--cpu N]\n"
"         [--syscall S] [--entry E] [--variant V] [--last N (365; 0: all)]\n"
"         [--level P]\n"
"         [--permutations R] [--min-size M] [--confidence C] [--seed S]\n"
"         [--json]\n");
}

int cmd_changepoints(struct db *db, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "host", 1, NULL, 'H' }, { "label", 1, NULL, 'l' },
		{ "cpu", 1, NULL, 'c' }, { "syscall", 1, NULL, 's' },
		{ "entry", 1, NULL, 'e' }, { "variant", 1, NULL, 'v' },
		{ "last", 1, NULL, 'n' }, { "level", 1, NULL, 'a' },
		{ "permutations", 1, NULL, 'R' }, { "min-size", 1, NULL, 'm' },
		{ "confidence", 1, NULL, 'C' }, { "seed", 1, NULL, 'S' },
		{ "json", 0, NULL, 'j' }, { NULL, 0, NULL, 0 } };
	static const char *const filter_sql[6] = { " AND r.host = ", " AND r.label = ",
		" AND c.cpu = ", " AND c.syscall = ", " AND c.entry = ", " AND c.variant = " };
	struct cp_cli cli = { .o = CP_OPTS_DEFAULT };
	const char *filt[6] = { NULL }, *p[6];
	struct runs_tab runs = { 0 };
	struct points pts = { 0 };
	char sql[2048];
	size_t i, j, o, np = 0, nseries = 0, nchanges = 0;
	int c, li = 0, ret = 0, first = 1;
	double v;

	/*
	 * A history has a series per cell (32 on 8 CPUs x 4 syscalls): at
	 * ecp's 5% a series, one night in a few would report a change that
	 * is not there.  The watch's default is 1% a series, with enough
	 * permutations (499) for p to get well below it.
	 */
	cli.o.sig_level = 0.01;
	cli.o.permutations = 499;
	/* a year of nights: the search costs n^2 a permutation */
	cli.last = 365;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", lo, &li)) != -1) {
		switch (c) {
		case 'H': filt[0] = optarg; break;
		case 'l': filt[1] = optarg; break;
		case 'c':
			if (parse_num(optarg, 0, 1 << 30, &v) || v != floor(v))
				goto bad;
			filt[2] = optarg;
			break;
		case 's': filt[3] = optarg; break;
		case 'e': filt[4] = optarg; break;
		case 'v': filt[5] = optarg; break;
		case 'n':
			if (parse_num(optarg, 0, CP_MAX_POINTS, &v) || v != floor(v) ||
			    v == 1)
				goto bad;
			cli.last = (long)v;	/* 0: every run */
			break;
		case 'a':
			if (parse_num(optarg, 1e-6, 0.5, &v))
				goto bad;
			cli.o.sig_level = v;
			break;
		case 'R':
			if (parse_num(optarg, 19, 1e6, &v) || v != floor(v))
				goto bad;
			cli.o.permutations = (unsigned)v;
			break;
		case 'm':
			if (parse_num(optarg, 2, 1e6, &v) || v != floor(v))
				goto bad;
			cli.o.min_size = (size_t)v;
			break;
		case 'C':
			if (parse_num(optarg, 50, 99.9999, &v) || v <= 50)
				goto bad;
			cli.o.confidence = v / 100;
			break;
		case 'S':
			if (parse_num(optarg, 0, 4294967295.0, &v) || v != floor(v))
				goto bad;
			cli.o.seed = (unsigned long)v;
			break;
		case 'j': cli.json = 1; break;
		default:
			usage_cp();
			return EXIT_BAD;
		}
	}
	if (optind != argc) {
		usage_cp();
		return EXIT_BAD;
	}
	if (db_query(db, "SELECT id, started, kernel_release, kernel_commit, cpu,"
		     " microcode, cmdline, cmdline_hash, mitigations, mitigations_hash"
		     " FROM runs ORDER BY id", 0, NULL, run_row, &runs) || runs.oom) {
		ret = runs.oom ? (fprintf(stderr, "bench-history: out of memory\n"), EXIT_BAD) :
			(fprintf(stderr, "bench-history: %s\n", db->err), EXIT_BAD);
		goto out;
	}
	qsort(runs.r, runs.n, sizeof(*runs.r), env_cmp);
	pts.runs = &runs;
	o = snprintf(sql, sizeof(sql),
		     "SELECT r.host, r.label, r.clock, r.metric, r.unit, c.cpu,"
		     " c.syscall, c.entry, c.variant, r.id, c.median FROM runs r JOIN"
		     " cells c ON c.run_id = r.id WHERE r.status <> 'new' AND"
		     " r.status <> 'failed' AND c.median IS NOT NULL");
	for (i = 0; i < 6; i++)
		if (filt[i]) {
			p[np] = filt[i];
			o += snprintf(sql + o, sizeof(sql) - o, "%s$%zu", filter_sql[i], ++np);
		}
	snprintf(sql + o, sizeof(sql) - o,
		 " ORDER BY r.host, r.label, r.clock, r.metric, r.unit, c.cpu,"
		 " c.syscall, c.entry, c.variant, r.started, r.id");
	if (db_query(db, sql, (int)np, p, point_row, &pts) || pts.oom) {
		if (pts.oom)
			fprintf(stderr, "bench-history: out of memory\n");
		else
			fprintf(stderr, "bench-history: %s\n", db->err);
		ret = EXIT_BAD;
		goto out;
	}
	if (cli.json)
		printf("{\"version\": 1, \"method\": \"e-divisive\", \"level\": %g,"
		       " \"permutations\": %u, \"min_size\": %zu, \"exponent\": %g,"
		       " \"confidence\": %g, \"seed\": %lu,\n  \"series\": [",
		       cli.o.sig_level, cli.o.permutations, cli.o.min_size,
		       cli.o.exponent, cli.o.confidence, cli.o.seed);
	for (i = 0; i < pts.n; i = j) {
		struct series_out s = { .runs = &runs };
		struct cp_result r;
		const char *why;
		double *x;
		size_t k;

		for (j = i + 1; j < pts.n && same_series(&pts.p[i], &pts.p[j]); j++)
			;
		s.p = &pts.p[i];
		s.n = j - i;
		if (cli.last && s.n > (size_t)cli.last) {
			s.p += s.n - (size_t)cli.last;
			s.n = (size_t)cli.last;
		}
		x = malloc(s.n * sizeof(*x));
		if (!x) {
			fprintf(stderr, "bench-history: out of memory\n");
			ret = EXIT_BAD;
			break;
		}
		for (k = 0; k < s.n; k++)
			x[k] = s.p[k].median;
		if (cp_edivisive(x, s.n, &cli.o, &r, &why)) {
			fprintf(stderr, "bench-history: changepoints: %s %s cpu %s %s: %zu runs: %s%s\n",
				s.p[0].key[0], s.p[0].key[1], s.p[0].key[5], s.p[0].key[6],
				s.n, why, s.n > CP_MAX_POINTS ? " (use --last N)" : "");
			free(x);
			ret = EXIT_BAD;
			break;
		}
		s.r = &r;
		nseries++;
		nchanges += r.n;
		if (cli.json)
			print_json(&s, first);
		else if (r.n)
			print_text(&s);
		first = 0;
		cp_result_free(&r);
		free(x);
	}
	if (cli.json)
		printf("%s]}\n", nseries ? "\n  " : "");
	else if (!ret)
		printf("%zu cell series, %zu change point%s (E-divisive, level %g, %u permutations, min %zu runs a segment)\n",
		       nseries, nchanges, nchanges == 1 ? "" : "s", cli.o.sig_level,
		       cli.o.permutations, cli.o.min_size);
out:
	for (i = 0; i < pts.n; i++)
		for (j = 0; j < 9; j++)
			free(pts.p[i].key[j]);
	free(pts.p);
	for (i = 0; i < runs.n; i++) {
		struct run_env *e = &runs.r[i];

		free(e->started); free(e->release); free(e->commit); free(e->cpu);
		free(e->microcode); free(e->cmdline); free(e->cmdh);
		free(e->mitigations); free(e->mith);
	}
	free(runs.r);
	return ret;
bad:
	fprintf(stderr, "bench-history: changepoints: bad value '%s' for --%s\n",
		optarg, lo[li].name);
	usage_cp();
	return EXIT_BAD;
}
