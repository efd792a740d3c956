// SPDX-License-Identifier: GPL-2.0
/*
 * bench-history judge, medians, predict: the nightly policy's commands.
 *
 *   judge   tonight's run against its baseline: bench-stat's JSON (--stat)
 *           and the night-level prediction (stats/prediction.c) -> each
 *           cell's judgement and the run's status (policy.c)
 *   medians the comparison files for a baseline whose raw files were pruned
 *   predict the night-level prediction alone (TSV)
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "history.h"
#include "policy.h"

#define EXIT_BAD 2

static int bad_id(const char *s)
{
	const char *p = s;

	if (!*p)
		return 1;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return 1;
	return strlen(s) > 18;
}

/* ---- the night-level prediction of every cell of a run --------------------- */

struct night {
	char cpu[16], sc[64], en[32], va[32], med[40];
	size_t nbase;
	int have;		/* prediction computed (>= 2 baseline nights) */
	struct prediction pr;
};

struct nights {
	struct night *c;
	size_t n, cap;
	int oom;
};

static int night_row(void *arg, int ncol, char **v)
{
	struct nights *ns = arg;
	struct night *c;

	if (ncol < 5 || !v[4])
		return 0;	/* a cell whose samples were all dropped */
	if (room((void **)&ns->c, &ns->cap, ns->n, sizeof(*ns->c))) {
		ns->oom = 1;
		return 1;
	}
	c = &ns->c[ns->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->cpu, sizeof(c->cpu), "%s", v[0]);
	snprintf(c->sc, sizeof(c->sc), "%s", v[1]);
	snprintf(c->en, sizeof(c->en), "%s", v[2]);
	snprintf(c->va, sizeof(c->va), "%s", v[3]);
	snprintf(c->med, sizeof(c->med), "%s", v[4]);
	return 0;
}

struct dvec {
	double *v;
	size_t n, cap;
	int oom;
};

static int dvec_row(void *arg, int ncol, char **v)
{
	struct dvec *d = arg;

	if (ncol < 1 || !v[0])
		return 0;
	if (room((void **)&d->v, &d->cap, d->n, sizeof(*d->v))) {
		d->oom = 1;
		return 1;
	}
	d->v[d->n++] = atof(v[0]);
	return 0;
}

/* "...run_id IN (b1,b2,...)" with checked ids; 0, or -1 for a bad id. */
static int id_list(char *sql, size_t len, size_t o, char **ids, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (bad_id(ids[i]) || o > len - 32) {
			fprintf(stderr, "bench-history: bad run id '%s'\n", ids[i]);
			return -1;
		}
		/* ids are checked numbers: safe to put in the statement */
		o += snprintf(sql + o, len - o, "%s%s", i ? "," : "", ids[i]);
	}
	snprintf(sql + o, len - o, ")");
	return 0;
}

/* Every cell of @run with the prediction from the baseline runs @base. */
static int nights_of(struct db *db, const char *run, char **base, int nb,
		     double conf, struct nights *ns)
{
	char sql[8192];
	size_t i, o;
	const char *p1[1] = { run };

	o = snprintf(sql, sizeof(sql), "SELECT median FROM cells WHERE cpu=$1 AND"
		     " syscall=$2 AND entry=$3 AND variant=$4 AND median IS NOT NULL"
		     " AND run_id IN (");
	if (bad_id(run) || id_list(sql, sizeof(sql), o, base, nb)) {
		db_seterr(db, "bad run id");
		return -1;
	}
	if (db_query(db, "SELECT cpu, syscall, entry, variant, median FROM cells"
		     " WHERE run_id=$1 ORDER BY cpu, syscall, entry, variant", 1,
		     p1, night_row, ns) || ns->oom) {
		if (ns->oom)
			db_seterr(db, "out of memory");
		return -1;
	}
	for (i = 0; i < ns->n; i++) {
		struct night *c = &ns->c[i];
		const char *p[4] = { c->cpu, c->sc, c->en, c->va };
		struct dvec d = { .n = 0 };

		if (nb && (db_query(db, sql, 4, p, dvec_row, &d) || d.oom)) {
			if (d.oom)
				db_seterr(db, "out of memory");
			free(d.v);
			return -1;
		}
		c->nbase = d.n;
		c->have = !prediction_upper(d.v, d.n, atof(c->med), conf, &c->pr);
		free(d.v);
	}
	return 0;
}

/*
 * predict [--confidence C] RUN BASE-RUN...: per cell of RUN (TSV)
 * cpu syscall entry variant n mean sd tonight diff_pct bound_pct p
 */
int cmd_predict(struct db *db, int argc, char **argv)
{
	struct nights ns = { 0 };
	double conf = 95;
	char *end;
	size_t i;
	int a = 1;

	if (argc > 2 && !strcmp(argv[1], "--confidence")) {
		conf = strtod(argv[2], &end);
		if (*end || end == argv[2])
			conf = -1;	/* refused below */
		a = 3;
	}
	if (!(conf > 50 && conf < 100) || argc - a < 2) {
		fprintf(stderr, "usage: bench-history predict [--confidence C] RUN BASE-RUN...\n");
		return EXIT_BAD;
	}
	if (nights_of(db, argv[a], argv + a + 1, argc - a - 1, conf, &ns)) {
		fprintf(stderr, "bench-history: predict: %s\n", db->err);
		free(ns.c);
		return EXIT_BAD;
	}
	for (i = 0; i < ns.n; i++) {
		const struct night *c = &ns.c[i];

		printf("%s\t%s\t%s\t%s\t", c->cpu, c->sc, c->en, c->va);
		if (!c->have)
			printf("%zu\t-\t-\t%s\t-\t-\t-\n", c->nbase, c->med);
		else
			printf("%zu\t%.9g\t%.9g\t%s\t%.6g\t%.6g\t%.6g\n", c->pr.n,
			       c->pr.mean, c->pr.sd, c->med, c->pr.diff_pct,
			       c->pr.bound_pct, c->pr.p);
	}
	free(ns.c);
	return 0;
}

/* ---- judge ----------------------------------------------------------------- */

static const char *fmt_or(char *buf, size_t len, const char *fmt, double v,
			  const char *none)
{
	if (isnan(v))
		return none;
	snprintf(buf, len, fmt, v);
	return buf;
}

static void write_table(FILE *f, const struct policy *pol,
			const struct cell_cmp *c, size_t n)
{
	char b1[32], b2[32], b3[32], ci[64], cih[64];
	size_t i;

	snprintf(cih, sizeof(cih), "%g%% CI of diff%%", pol->confidence);
	fprintf(f, "  %-4s %-11s %-7s %5s %9s %9s %8s %19s %8s %7s %8s  %-20s %-10s %s\n",
		"cpu", "syscall", "entry", "level", "baseline", "tonight", "diff%",
		cih,
		"p_holm", "night%", "p_night", "judgement", "outcome", "+/-%");
	for (i = 0; i < n; i++) {
		if (isnan(c[i].ci_lo))
			snprintf(ci, sizeof(ci), "%19s", "-");
		else
			snprintf(ci, sizeof(ci), "[%+7.2f%%,%+7.2f%%]", c[i].ci_lo,
				 c[i].ci_hi);
		fprintf(f, "  %-4s %-11s %-7s %5s %9.2f %9.2f %+7.2f%% %s %8.2g %7s %8s  %-20s %-10s %s\n",
			c[i].cpu, c[i].syscall, c[i].entry, c[i].level,
			c[i].base_median, c[i].median, c[i].diff_pct, ci,
			c[i].p_holm,
			fmt_or(b1, sizeof(b1), "+%.2f", c[i].night_bound_pct, "-"),
			fmt_or(b2, sizeof(b2), "%.2g", c[i].night_p, "-"),
			judgement_name(c[i].judgement), c[i].outcome,
			fmt_or(b3, sizeof(b3), "%.2f%%", c[i].half_width_pct, "-"));
	}
	fprintf(f, "  (night%%: how much slower than the baseline nights' mean a night may be\n"
		"   by chance, one-sided %g%% prediction bound; p_night: its p;\n"
		"   outcome: bench-stat's different|same|unresolved, +/-%%: its interval's half-width)\n",
		pol->confidence);
}

static json_t *jnum(double v)
{
	return isnan(v) || isinf(v) ? json_null() : json_real(v);
}

static json_t *cells_json(const struct cell_cmp *c, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		char *end;
		long cpu = strtol(c[i].cpu, &end, 10);

		json_array_append_new(a, json_pack("{s:o,s:s,s:s,s:s,s:o,s:o,s:o,s:[o,o],"
			"s:o,s:o,s:s,s:o,s:o,s:s,s:o,s:o}",
			"cpu", *end || end == c[i].cpu ? json_string(c[i].cpu) : json_integer(cpu),
			"syscall", c[i].syscall, "entry", c[i].entry,
			"level", c[i].level,
			"baseline_median", jnum(c[i].base_median),
			"median", jnum(c[i].median), "diff_pct", jnum(c[i].diff_pct),
			"diff_pct_ci", jnum(c[i].ci_lo), jnum(c[i].ci_hi),
			"p", jnum(c[i].p), "p_holm", jnum(c[i].p_holm),
			"direction", c[i].direction,
			"night_p", jnum(c[i].night_p),
			"night_bound_pct", jnum(c[i].night_bound_pct),
			"judgement", judgement_name(c[i].judgement),
			"outcome", strcmp(c[i].outcome, "-") ? json_string(c[i].outcome) : json_null(),
			"half_width_pct", jnum(c[i].half_width_pct)));
	}
	return a;
}

static void judge_usage(void)
{
	fprintf(stderr,
"usage: bench-history judge --env \"env none|same|changed KEYS\" [--confidence C]\n"
"         [--threshold PCT] [--correction holm|none] [--min-baseline M]\n"
"         [--mode TEXT] [--stat [CPU:SYSCALL:ENTRY=]JSON]... [--marks FILE]\n"
"         [--table FILE] [--json FILE] RUN [BASE-RUN...]\n");
}

static int write_outputs(const char *marks, const char *table, const char *jpath,
			 const struct policy *pol, enum run_status st,
			 const char *note, const struct cell_cmp *c, size_t n)
{
	FILE *f;
	size_t i;
	json_t *o;

	if (marks) {
		if (!(f = fopen(marks, "w")))
			goto fail_marks;
		for (i = 0; i < n; i++)
			fprintf(f, "%s\t%s\t%s\t%s\n", c[i].cpu, c[i].syscall,
				c[i].entry, judgement_name(c[i].judgement));
		if (fclose(f))
			goto fail_marks;
	}
	if (table) {
		if (!(f = fopen(table, "w")))
			goto fail_table;
		if (n)
			write_table(f, pol, c, n);
		if (fclose(f))
			goto fail_table;
	}
	if (jpath) {
		o = json_pack("{s:s,s:s,s:o}", "status", run_status_name(st),
			      "note", note, "cells", cells_json(c, n));
		if (json_dump_file(o, jpath, JSON_COMPACT)) {
			json_decref(o);
			fprintf(stderr, "bench-history: judge: cannot write %s\n", jpath);
			return -1;
		}
		json_decref(o);
	}
	return 0;
fail_marks:
	fprintf(stderr, "bench-history: judge: %s: %s\n", marks, strerror(errno));
	return -1;
fail_table:
	fprintf(stderr, "bench-history: judge: %s: %s\n", table, strerror(errno));
	return -1;
}

int cmd_judge(struct db *db, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "confidence", 1, NULL, 'c' }, { "threshold", 1, NULL, 't' },
		{ "correction", 1, NULL, 'r' }, { "min-baseline", 1, NULL, 'm' },
		{ "env", 1, NULL, 'e' }, { "mode", 1, NULL, 'M' },
		{ "stat", 1, NULL, 's' }, { "marks", 1, NULL, 'k' },
		{ "table", 1, NULL, 'T' }, { "json", 1, NULL, 'j' },
		{ NULL, 0, NULL, 0 } };
	struct policy pol = { .confidence = 99, .threshold_pct = 2, .holm = 1,
			      .min_baseline = 3 };
	const char *envline = NULL, *mode = "raw files";
	const char *marks = NULL, *table = NULL, *jpath = NULL;
	char **stats = NULL, *end, keys[256], note[1024], err[512], ids[1024];
	struct cell_cmp *c = NULL;
	struct nights ns = { 0 };
	size_t nstats = 0, scap = 0, n = 0, cap = 0, i, j, o;
	enum env_state env;
	enum run_status st;
	int opt, ret = EXIT_BAD, nb;

	while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (opt) {
		case 'c':
			pol.confidence = strtod(optarg, &end);
			if (*end || !(pol.confidence > 50 && pol.confidence < 100))
				goto usage;
			break;
		case 't':
			pol.threshold_pct = strtod(optarg, &end);
			if (*end || end == optarg || !(pol.threshold_pct >= 0))
				goto usage;
			break;
		case 'r':
			if (strcmp(optarg, "holm") && strcmp(optarg, "none"))
				goto usage;
			pol.holm = !strcmp(optarg, "holm");
			break;
		case 'm':
			pol.min_baseline = strtol(optarg, &end, 10);
			if (*end || end == optarg || pol.min_baseline < 0)
				goto usage;
			break;
		case 'e': envline = optarg; break;
		case 'M': mode = optarg; break;
		case 's':
			if (room((void **)&stats, &scap, nstats, sizeof(*stats)))
				goto oom;
			stats[nstats++] = optarg;
			break;
		case 'k': marks = optarg; break;
		case 'T': table = optarg; break;
		case 'j': jpath = optarg; break;
		default:
			goto usage;
		}
	}
	if (!envline || optind >= argc)
		goto usage;
	if (parse_env_line(envline, &env, keys, sizeof(keys))) {
		fprintf(stderr, "bench-history: judge: --env '%s': want \"env none\", "
			"\"env same\" or \"env changed KEYS\" (bench-history baseline's first line)\n",
			envline);
		goto out;
	}
	nb = argc - optind - 1;
	for (i = 0, o = 0; i < (size_t)nb && o < sizeof(ids) - 24; i++)
		o += snprintf(ids + o, sizeof(ids) - o, "%s%s", i ? " " : "",
			      argv[optind + 1 + i]);
	ids[o] = 0;
	st = judge_precheck(&pol, env, nb, note, sizeof(note));
	if (st == RUN_NEEDS_COMPARISON && !nstats) {
		/* the driver asks first, then brings the comparison */
		printf("compare\t%s\n", ids);
		ret = 0;
		goto out;
	}
	if (st == RUN_NEEDS_COMPARISON) {
		for (i = 0; i < nstats; i++) {
			char *eq = strchr(stats[i], '='), *path = stats[i];
			char cell[128] = "";

			if (eq && strchr(stats[i], ':') && strchr(stats[i], ':') < eq) {
				snprintf(cell, sizeof(cell), "%.*s",
					 (int)(eq - stats[i]), stats[i]);
				path = eq + 1;
			}
			if (cmp_from_json(NULL, path, cell[0] ? cell : NULL, &c, &n,
					  &cap, err, sizeof(err))) {
				fprintf(stderr, "bench-history: judge: %s: %s\n", path, err);
				goto out;
			}
		}
		if (nights_of(db, argv[optind], argv + optind + 1, nb,
			      pol.confidence, &ns)) {
			fprintf(stderr, "bench-history: judge: night-level prediction: %s\n",
				db->err);
			goto out;
		}
		/* a cell's prediction: its first variant's (cells are ordered) */
		for (i = 0; i < n; i++) {
			for (j = 0; j < ns.n; j++) {
				if (ns.c[j].have && !strcmp(ns.c[j].cpu, c[i].cpu) &&
				    !strcmp(ns.c[j].sc, c[i].syscall) &&
				    !strcmp(ns.c[j].en, c[i].entry)) {
					c[i].night_p = ns.c[j].pr.p;
					c[i].night_bound_pct = ns.c[j].pr.bound_pct;
					break;
				}
			}
			c[i].judgement = judge_cell(&pol, &c[i]);
		}
		st = judge_run(&pol, env, keys, ids, mode, c, n, note, sizeof(note));
	}
	if (write_outputs(marks, table, jpath, &pol, st, note, c, n))
		goto out;
	printf("%s\t%s\n", run_status_name(st), note);
	ret = 0;
	goto out;
oom:
	fprintf(stderr, "bench-history: judge: out of memory\n");
	goto out;
usage:
	judge_usage();
out:
	free(stats);
	free(c);
	free(ns.c);
	return ret;
}

/* ---- medians: the comparison when the baseline's raw files are gone -------- */

struct mcell {
	char cpu[16], sc[64], en[32], va[32], *blocks;
};

struct mcells {
	struct mcell *c;
	size_t n, cap;
	int oom;
};

static int mcell_row(void *arg, int ncol, char **v)
{
	struct mcells *m = arg;
	struct mcell *c;
	char *blocks;

	if (ncol < 5 || !v[4] || !*v[4])
		return 0;
	if (room((void **)&m->c, &m->cap, m->n, sizeof(*m->c)) ||
	    !(blocks = strdup(v[4]))) {
		m->oom = 1;
		return 1;
	}
	c = &m->c[m->n++];
	snprintf(c->cpu, sizeof(c->cpu), "%s", v[0]);
	snprintf(c->sc, sizeof(c->sc), "%s", v[1]);
	snprintf(c->en, sizeof(c->en), "%s", v[2]);
	snprintf(c->va, sizeof(c->va), "%s", v[3]);
	c->blocks = blocks;
	return 0;
}

static FILE *open_in(const char *dir, size_t k, const char *ext)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%zu.%s", dir, k, ext);
	return fopen(path, "w");
}

/*
 * medians DIR RUN BASE-RUN...: for each cell of RUN with at least two
 * baseline medians, DIR/K.a (the baseline runs' medians of the cell, one a
 * line), DIR/K.b (RUN's block medians) and DIR/K.cell ("CPU:SYSCALL:ENTRY",
 * what judge --stat wants before '=').  Prints the K written, one a line.
 */
int cmd_medians(struct db *db, int argc, char **argv)
{
	struct mcells m = { 0 };
	char sql[8192], *tok, *save;
	const char *p1[1];
	size_t i, j, o, k = 0;
	int ret = EXIT_BAD;

	if (argc < 4) {
		fprintf(stderr, "usage: bench-history medians DIR RUN BASE-RUN...\n");
		return EXIT_BAD;
	}
	if (mkdir(argv[1], 0777) && errno != EEXIST) {
		fprintf(stderr, "bench-history: medians: %s: %s\n", argv[1], strerror(errno));
		return EXIT_BAD;
	}
	o = snprintf(sql, sizeof(sql), "SELECT median FROM cells WHERE cpu=$1 AND"
		     " syscall=$2 AND entry=$3 AND variant=$4 AND median IS NOT NULL"
		     " AND run_id IN (");
	if (bad_id(argv[2]) || id_list(sql, sizeof(sql), o, argv + 3, argc - 3)) {
		fprintf(stderr, "bench-history: medians: bad run id\n");
		return EXIT_BAD;
	}
	p1[0] = argv[2];
	if (db_query(db, "SELECT cpu, syscall, entry, variant, block_medians FROM cells"
		     " WHERE run_id=$1 ORDER BY cpu, syscall, entry, variant", 1,
		     p1, mcell_row, &m) || m.oom) {
		fprintf(stderr, "bench-history: medians: %s\n", m.oom ? "out of memory" : db->err);
		goto out;
	}
	for (i = 0; i < m.n; i++) {
		const char *p[4] = { m.c[i].cpu, m.c[i].sc, m.c[i].en, m.c[i].va };
		struct dvec d = { .n = 0 };
		FILE *fa, *fb, *fc;
		int bad;

		if (db_query(db, sql, 4, p, dvec_row, &d) || d.oom) {
			fprintf(stderr, "bench-history: medians: %s\n",
				d.oom ? "out of memory" : db->err);
			free(d.v);
			goto out;
		}
		if (d.n < 2) {
			free(d.v);
			continue;
		}
		k++;
		fa = open_in(argv[1], k, "a");
		fb = open_in(argv[1], k, "b");
		fc = open_in(argv[1], k, "cell");
		bad = !fa || !fb || !fc;
		for (j = 0; !bad && j < d.n; j++)
			fprintf(fa, "%.17g\n", d.v[j]);
		for (tok = strtok_r(m.c[i].blocks, ",", &save); !bad && tok;
		     tok = strtok_r(NULL, ",", &save))
			fprintf(fb, "%s\n", tok);
		if (!bad)
			fprintf(fc, "%s:%s:%s\n", m.c[i].cpu, m.c[i].sc, m.c[i].en);
		bad |= (fa && fclose(fa)) | (fb && fclose(fb)) | (fc && fclose(fc));
		free(d.v);
		if (bad) {
			fprintf(stderr, "bench-history: medians: cannot write %s/%zu.*\n",
				argv[1], k);
			goto out;
		}
		printf("%zu\n", k);
	}
	ret = 0;
out:
	for (i = 0; i < m.n; i++)
		free(m.c[i].blocks);
	free(m.c);
	return ret;
}
