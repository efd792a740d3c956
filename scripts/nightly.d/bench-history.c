// SPDX-License-Identifier: GPL-2.0
/*
 * bench-history: record nightly bench-syscall runs in a history database
 * (SQLite file or PostgreSQL) and answer the questions the nightly driver
 * asks: which runs form tonight's baseline, what did each cell measure,
 * what is the trend, which raw files may go.  See SCHEMA.md.
 *
 * Exit: 0 ok, 2 bad usage, bad input or a database error.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "history.h"

#define EXIT_BAD 2

/* ---- database front end --------------------------------------------- */

void db_seterr(struct db *db, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(db->err, sizeof(db->err), fmt, ap);
	va_end(ap);
	n = strlen(db->err);
	while (n && db->err[n - 1] == '\n')
		db->err[--n] = 0;
}

/*
 * URL forms: sqlite:PATH, postgresql://..., postgres://..., pg:CONNINFO.
 * Nothing else: a mistyped URL must not become a new SQLite file named
 * after it.  Only @create (migrate) makes a new SQLite file.
 */
int db_open(struct db *db, const char *url, int create)
{
	memset(db, 0, sizeof(*db));
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11)) {
		db->ops = &pg_ops;
	} else if (!strncmp(url, "pg:", 3)) {
		db->ops = &pg_ops;
		url += 3;
	} else if (!strncmp(url, "sqlite:", 7) && url[7]) {
		db->ops = &sqlite_ops;
		url += 7;
	} else {
		db_seterr(db, "database '%s': want sqlite:PATH, postgresql://... or "
			  "pg:CONNINFO (no such scheme)", url);
		return -1;
	}
	db->create = create;
	return db->ops->open(db, url);
}

void db_close(struct db *db)
{
	if (db->h)
		db->ops->close(db);
}

int db_query(struct db *db, const char *sql, int n, const char *const *p,
	     db_row_fn fn, void *arg)
{
	return db->ops->query(db, sql, n, p, fn, arg);
}

int db_exec(struct db *db, const char *sql)
{
	return db->ops->query(db, sql, 0, NULL, NULL, NULL);
}

static void rollback(struct db *db)
{
	char why[sizeof(db->err)];

	memcpy(why, db->err, sizeof(why));
	db_exec(db, "ROLLBACK");
	memcpy(db->err, why, sizeof(why));
}

static int die_db(struct db *db)
{
	fprintf(stderr, "bench-history: %s\n", db->err);
	return EXIT_BAD;
}

/* ---- helpers ----------------------------------------------------------- */

static void iso_now(char *buf, size_t len, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int print_row(void *arg, int ncol, char **v)
{
	int i;

	(void)arg;
	for (i = 0; i < ncol; i++)
		printf("%s%s", i ? "\t" : "", v[i] ? v[i] : "-");
	putchar('\n');
	return 0;
}

static int str_row(void *arg, int ncol, char **v)
{
	char *out = arg;

	snprintf(out, 256, "%s", ncol > 0 && v[0] ? v[0] : "");
	return 1;
}

/* A whole decimal number, digits only (ids, counts, CPU numbers). */
static int is_number(const char *s)
{
	char *end;

	if (!s || !*s || !(*s >= '0' && *s <= '9'))
		return 0;
	errno = 0;
	strtol(s, &end, 10);
	return !*end && !errno;
}

/* A finite decimal number, all of @s (no "95abc", no "nan"). */
static int parse_real(const char *s, double *out)
{
	char *end;

	if (!s || !*s)
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	return *end || end == s || errno || !isfinite(*out) ? -1 : 0;
}

/*
 * Test hook for the crash-consistency test: after K cells of a run have been
 * inserted (inside the run's transaction) write our pid to FILE and wait to
 * be killed.
 */
static void test_pause(size_t done)
{
	const char *h = getenv("BENCH_HISTORY_TEST_PAUSE");
	FILE *f;

	if (!h || (size_t)atol(h) != done || !strchr(h, ':'))
		return;
	/* the file holds our pid: the test kills exactly this process */
	f = fopen(strchr(h, ':') + 1, "w");
	if (f) {
		fprintf(f, "%ld\n", (long)getpid());
		fclose(f);
	}
	sleep(60);
}

/* ---- record ------------------------------------------------------------- */

struct rec_opts {
	const char *host, *commit, *tree, *status, *path_as;
	double confidence;
	int allow_incomplete;
};

static const char *meta(const struct recorded *r, const char *k, const char *dflt)
{
	const char *v = record_get(r, k);

	return v && *v ? v : dflt;
}

static int insert_run(struct db *db, const struct recorded *r,
		      const struct rec_opts *o, char *id)
{
	static const char sql[] =
		"INSERT INTO runs (host, started, recorded, kernel_release,"
		" kernel_version, kernel_commit, variant, label, cmdline,"
		" cmdline_hash, clock, unit, metric, cpu, microcode, mitigations,"
		" mitigations_hash, suite_version, raw_path, status, kernel_tree)"
		" VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,"
		"$16,$17,$18,$19,$20,$21) RETURNING id";
	char now[32], abs[4096];
	struct env e;
	const char *p[21];

	env_from_results(r, &e);
	iso_now(now, sizeof(now), time(NULL));
	p[0] = o->host ? o->host : meta(r, "host", "unknown");
	p[1] = meta(r, "date", now);
	p[2] = now;
	p[3] = meta(r, "kernel.release", "unknown");
	p[4] = meta(r, "kernel.version", NULL);
	p[5] = o->commit;
	p[6] = meta(r, "kernel.entry_variant", "-");
	p[7] = meta(r, "label", "-");
	p[8] = e.cmdline;
	p[9] = e.cmdline_hash;
	p[10] = meta(r, "clock", "unknown");
	p[11] = meta(r, "unit", NULL);
	p[12] = r->metric;
	p[13] = e.cpu;
	p[14] = e.microcode;
	p[15] = e.mitigations;
	p[16] = e.mitigations_hash;
	p[17] = meta(r, "suite.version", NULL);
	/* absolute, so that the driver finds it from any directory */
	if (!o->path_as && !realpath(r->path, abs))
		snprintf(abs, sizeof(abs), "%s", r->path);
	p[18] = o->path_as ? o->path_as : abs;
	p[19] = o->status;
	p[20] = o->tree;	/* NULL: not known (not built from a git tree) */
	id[0] = 0;
	if (db_query(db, sql, 21, p, str_row, id))
		return -1;
	if (!id[0]) {
		db_seterr(db, "insert returned no run id");
		return -1;
	}
	return 0;
}

static int insert_cells(struct db *db, const struct recorded *r, const char *id,
			double confidence)
{
	static const char sql[] =
		"INSERT INTO cells (run_id, cpu, syscall, entry, variant, n,"
		" dropped, median, mean, ci_lo, ci_hi, confidence, blocks,"
		" block_medians) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,"
		"$13,$14)";
	char b[9][40];
	const char *p[14];
	size_t i;

	for (i = 0; i < r->ncells; i++) {
		const struct cell *c = &r->cells[i];
		int k;

		snprintf(b[0], 40, "%d", c->cpu);
		snprintf(b[1], 40, "%zu", c->n);
		snprintf(b[2], 40, "%zu", c->dropped);
		snprintf(b[3], 40, "%.9g", c->median);
		snprintf(b[4], 40, "%.9g", c->mean);
		snprintf(b[5], 40, "%.9g", c->ci_lo);
		snprintf(b[6], 40, "%.9g", c->ci_hi);
		snprintf(b[7], 40, "%g", confidence);
		snprintf(b[8], 40, "%d", c->nblocks);
		p[0] = id;
		p[1] = b[0];
		p[2] = c->syscall;
		p[3] = c->entry;
		p[4] = c->variant;
		p[5] = b[1];
		p[6] = b[2];
		for (k = 3; k <= 6; k++)	/* a cell with every sample dropped */
			p[k + 4] = c->n ? b[k] : NULL;
		/* too few samples for a median CI at this level: NULL, not "nan" */
		if (isnan(c->ci_lo) || isnan(c->ci_hi))
			p[9] = p[10] = NULL;
		p[11] = b[7];
		p[12] = b[8];
		p[13] = c->block_medians;
		if (db_query(db, sql, 14, p, NULL, NULL))
			return -1;
		test_pause(i + 1);
	}
	return 0;
}

/* One run = one transaction: a run killed half-way leaves no trace. */
static int cmd_record(struct db *db, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "host", 1, NULL, 'H' }, { "commit", 1, NULL, 'C' },
		{ "tree", 1, NULL, 'T' },
		{ "status", 1, NULL, 's' }, { "confidence", 1, NULL, 'c' },
		{ "allow-incomplete", 0, NULL, 'i' }, { "path-as", 1, NULL, 'P' },
		{ NULL, 0, NULL, 0 } };
	struct rec_opts o = { .status = "new", .confidence = 95 };
	char err[8192], id[256];
	struct recorded r;
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'H': o.host = optarg; break;
		case 'C': o.commit = optarg; break;
		case 'T': o.tree = *optarg && strcmp(optarg, "-") ? optarg : NULL; break;
		case 's': o.status = optarg; break;
		case 'P': o.path_as = optarg; break;
		case 'c':
			if (parse_real(optarg, &o.confidence) ||
			    !(o.confidence > 50 && o.confidence < 100)) {
				fprintf(stderr, "bench-history: --confidence %s: want 50 < c < 100\n", optarg);
				return EXIT_BAD;
			}
			break;
		case 'i': o.allow_incomplete = 1; break;
		default: return EXIT_BAD;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: bench-history record [options] RESULTS-FILE\n");
		return EXIT_BAD;
	}
	if (record_read(argv[optind], &r, o.allow_incomplete, err, sizeof(err))) {
		fprintf(stderr, "bench-history: %s\n", err);
		return EXIT_BAD;
	}
	record_summarise(&r, o.confidence);
	if (db_exec(db, "BEGIN"))
		goto fail;
	if (insert_run(db, &r, &o, id) || insert_cells(db, &r, id, o.confidence)) {
		rollback(db);
		goto fail;
	}
	if (db_exec(db, "COMMIT"))
		goto fail;
	printf("%s\n", id);
	record_free(&r);
	return 0;
fail:
	record_free(&r);
	return die_db(db);
}

/* ---- status, show, cells --------------------------------------------------- */

static const char *const statuses[] = {
	"new", "first", "good", "regression", "changed-env", "failed", NULL };

/* Per-cell verdicts: "cpu syscall entry judgement" lines (TSV). */
static int mark_cells(struct db *db, const char *run, const char *path)
{
	char *line = NULL, *f[4], *save;
	size_t cap = 0;
	const char *p[5];
	FILE *in = fopen(path, "r");
	int n, ret = 0;

	if (!in) {
		db_seterr(db, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (!ret && getline(&line, &cap, in) >= 0) {
		line[strcspn(line, "\n")] = 0;
		n = 0;
		for (f[0] = strtok_r(line, "\t", &save); f[n] && n < 3;)
			f[++n] = strtok_r(NULL, "\t", &save);
		if (n < 3 || !f[3] || !is_number(f[0])) {
			db_seterr(db, "%s: want \"cpu syscall entry judgement\" lines", path);
			ret = -1;
			break;
		}
		p[0] = f[3];
		p[1] = run;
		p[2] = f[0];
		p[3] = f[1];
		p[4] = f[2];
		ret = db_query(db, "UPDATE cells SET judgement=$1 WHERE run_id=$2"
			       " AND cpu=$3 AND syscall=$4 AND entry=$5", 5, p,
			       NULL, NULL);
	}
	free(line);
	fclose(in);
	return ret;
}

/* The run's verdict and its cells' verdicts change together. */
static int cmd_status(struct db *db, int argc, char **argv)
{
	const char *p[3], *cells = NULL;
	char found[256] = "";
	int i;

	if (argc > 2 && !strcmp(argv[1], "--cells")) {
		cells = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 3 || argc > 4 || !is_number(argv[1])) {
		fprintf(stderr, "usage: bench-history status [--cells TSV] RUN-ID STATUS [NOTE]\n");
		return EXIT_BAD;
	}
	for (i = 0; statuses[i] && strcmp(statuses[i], argv[2]); i++)
		;
	if (!statuses[i]) {
		fprintf(stderr, "bench-history: unknown status '%s'\n", argv[2]);
		return EXIT_BAD;
	}
	p[0] = argv[2];
	p[1] = argc > 3 ? argv[3] : NULL;
	p[2] = argv[1];
	if (db_exec(db, "BEGIN"))
		return die_db(db);
	if (db_query(db, "UPDATE runs SET status=$1, note=$2 WHERE id=$3"
		     " RETURNING id", 3, p, str_row, found) ||
	    (found[0] && cells && mark_cells(db, argv[1], cells))) {
		rollback(db);
		return die_db(db);
	}
	if (!found[0]) {
		rollback(db);
		fprintf(stderr, "bench-history: no run %s\n", argv[1]);
		return EXIT_BAD;
	}
	if (db_exec(db, "COMMIT"))
		return die_db(db);
	return 0;
}

static const char run_cols[] =
	"id, host, started, recorded, kernel_release, kernel_version,"
	" kernel_commit, variant, label, cmdline, cmdline_hash, clock, unit,"
	" metric, cpu, microcode, mitigations, mitigations_hash, suite_version,"
	" raw_path, raw_pruned, status, note, kernel_tree";

static int show_row(void *arg, int ncol, char **v)
{
	char names[sizeof(run_cols)], *tok, *save;
	int i = 0;

	snprintf(names, sizeof(names), "%s", run_cols);
	for (tok = strtok_r(names, ", ", &save); tok && i < ncol;
	     tok = strtok_r(NULL, ", ", &save), i++)
		printf("%s\t%s\n", tok, v[i] ? v[i] : "-");
	*(int *)arg = 1;
	return 1;
}

static int cmd_show(struct db *db, int argc, char **argv)
{
	char sql[1024];
	int found = 0;

	if (argc != 2 || !is_number(argv[1])) {
		fprintf(stderr, "usage: bench-history show RUN-ID\n");
		return EXIT_BAD;
	}
	snprintf(sql, sizeof(sql), "SELECT %s FROM runs WHERE id=$1", run_cols);
	if (db_query(db, sql, 1, (const char *const *)&argv[1], show_row, &found))
		return die_db(db);
	if (!found) {
		fprintf(stderr, "bench-history: no run %s\n", argv[1]);
		return EXIT_BAD;
	}
	return 0;
}

static int cmd_cells(struct db *db, int argc, char **argv)
{
	if (argc != 2 || !is_number(argv[1])) {
		fprintf(stderr, "usage: bench-history cells RUN-ID\n");
		return EXIT_BAD;
	}
	if (db_query(db, "SELECT cpu, syscall, entry, variant, n, dropped, median,"
		     " mean, ci_lo, ci_hi, blocks, block_medians FROM cells"
		     " WHERE run_id=$1 ORDER BY cpu, syscall, entry, variant",
		     1, (const char *const *)&argv[1], print_row, NULL))
		return die_db(db);
	return 0;
}

/* ---- baseline ------------------------------------------------------------ */

struct cand {
	char id[24], path[4096], cpu[512], microcode[64], cmdh[24], mith[24];
	int pruned;
};

struct cands {
	struct cand *c;
	size_t n, cap;
	int oom;
};

/* Room for one more element: capacity doubles (linear in the rows). */
int room(void **p, size_t *cap, size_t n, size_t sz)
{
	void *q;
	size_t c;

	if (n < *cap)
		return 0;
	c = *cap ? 2 * *cap : 64;
	q = realloc(*p, c * sz);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

static int cand_row(void *arg, int ncol, char **v)
{
	struct cands *cs = arg;
	struct cand *c;

	if (ncol < 7)
		return 1;
	if (room((void **)&cs->c, &cs->cap, cs->n, sizeof(*cs->c))) {
		cs->oom = 1;
		return 1;
	}
	c = &cs->c[cs->n++];
	snprintf(c->id, sizeof(c->id), "%s", v[0]);
	snprintf(c->path, sizeof(c->path), "%s", v[1] ? v[1] : "-");
	c->pruned = v[2] && atoi(v[2]);
	snprintf(c->cpu, sizeof(c->cpu), "%s", v[3] ? v[3] : "");
	snprintf(c->microcode, sizeof(c->microcode), "%s", v[4] ? v[4] : "");
	snprintf(c->cmdh, sizeof(c->cmdh), "%s", v[5] ? v[5] : "");
	snprintf(c->mith, sizeof(c->mith), "%s", v[6] ? v[6] : "");
	return 0;
}

/* Which parts of the environment differ; "" when none. */
static void env_diff(const struct cand *a, const struct cand *b, char *out,
		     size_t len)
{
	size_t o = 0;

	out[0] = 0;
	if (strcmp(a->cpu, b->cpu))
		o += snprintf(out + o, len - o, "%scpu", o ? "," : "");
	if (strcmp(a->microcode, b->microcode))
		o += snprintf(out + o, len - o, "%smicrocode", o ? "," : "");
	if (strcmp(a->cmdh, b->cmdh))
		o += snprintf(out + o, len - o, "%scmdline", o ? "," : "");
	if (strcmp(a->mith, b->mith))
		o += snprintf(out + o, len - o, "%smitigations", o ? "," : "");
}

/*
 * Baseline of run R: the last N runs judged acceptable (first, good,
 * changed-env) on R's host, clock, metric and label, before R; with --kernel
 * only runs of that (pinned) kernel release.  Runs in R's environment are
 * preferred; when the most recent candidate's environment differs from R's,
 * the baseline is that environment's runs and the first output line says
 * "env changed KEYS".  Output: "env same|changed KEYS|none", then one line
 * "run ID PATH|-" per baseline run (- when its raw file was pruned).
 */
static int cmd_baseline(struct db *db, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "count", 1, NULL, 'n' }, { "kernel", 1, NULL, 'k' },
		{ NULL, 0, NULL, 0 } };
	static const char cols[] =
		"SELECT id, raw_path, raw_pruned, cpu, microcode, cmdline_hash,"
		" mitigations_hash FROM runs";
	struct cands me = { 0 }, cs = { 0 };
	const char *kernel = NULL, *p[2];
	char sql[1024], diff[128];
	long count = 5;
	size_t i, shown = 0;
	const struct cand *ref;
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c == 'n' && is_number(optarg) && atol(optarg) > 0)
			count = atol(optarg);
		else if (c == 'k')
			kernel = optarg;
		else
			return EXIT_BAD;
	}
	if (optind != argc - 1 || !is_number(argv[optind])) {
		fprintf(stderr, "usage: bench-history baseline [--count N] [--kernel RELEASE] RUN-ID\n");
		return EXIT_BAD;
	}
	p[0] = argv[optind];
	p[1] = kernel;
	snprintf(sql, sizeof(sql), "%s WHERE id=$1", cols);
	if (db_query(db, sql, 1, p, cand_row, &me) || me.oom) {
		if (me.oom)
			db_seterr(db, "out of memory");
		free(me.c);
		return die_db(db);
	}
	if (me.n != 1) {
		fprintf(stderr, "bench-history: no run %s\n", p[0]);
		return EXIT_BAD;
	}
	snprintf(sql, sizeof(sql), "%s r WHERE r.id <> $1 AND r.status IN"
		 " ('first','good','changed-env') AND EXISTS (SELECT 1 FROM runs t"
		 " WHERE t.id=$1 AND t.host=r.host AND t.clock=r.clock AND"
		 " t.metric=r.metric AND t.label=r.label AND r.started <= t.started)"
		 "%s ORDER BY r.started DESC, r.id DESC", cols,
		 kernel ? " AND r.kernel_release=$2" : "");
	if (db_query(db, sql, kernel ? 2 : 1, p, cand_row, &cs) || cs.oom) {
		if (cs.oom)
			db_seterr(db, "out of memory");
		free(me.c);
		free(cs.c);
		return die_db(db);
	}
	if (!cs.n) {
		printf("env none\n");
		goto out;
	}
	ref = &cs.c[0];
	env_diff(&me.c[0], ref, diff, sizeof(diff));
	if (diff[0])
		printf("env changed %s\n", diff);
	else
		printf("env same\n");
	/* the baseline is the most recent candidate's environment */
	for (i = 0; i < cs.n && (long)shown < count; i++) {
		env_diff(ref, &cs.c[i], diff, sizeof(diff));
		if (diff[0])
			continue;
		printf("run %s %s\n", cs.c[i].id,
		       cs.c[i].pruned ? "-" : cs.c[i].path);
		shown++;
	}
out:
	free(me.c);
	free(cs.c);
	return 0;
}

/* ---- trend, prune, check --------------------------------------------------- */

static int cmd_trend(struct db *db, int argc, char **argv)
{
	const char *p[1];
	char sql[1024];

	if (argc > 2) {
		fprintf(stderr, "usage: bench-history trend [HOST]\n");
		return EXIT_BAD;
	}
	p[0] = argc == 2 ? argv[1] : NULL;
	snprintf(sql, sizeof(sql),
		 "SELECT r.host, c.cpu, c.syscall, c.entry, c.variant, r.started,"
		 " c.median, c.ci_lo, c.ci_hi, r.status, r.kernel_release, r.id,"
		 " r.unit, c.judgement FROM runs r JOIN cells c ON c.run_id = r.id"
		 " WHERE r.status <> 'new' AND r.status <> 'failed'%s"
		 " ORDER BY r.host, c.cpu, c.syscall, c.entry, c.variant,"
		 " r.started, r.id", p[0] ? " AND r.host = $1" : "");
	if (db_query(db, sql, p[0] ? 1 : 0, p, print_row, NULL))
		return die_db(db);
	return 0;
}

struct prune_ctx {
	struct db *db;
	int dry_run, failed;
	long removed;
};

static int prune_row(void *arg, int ncol, char **v)
{
	struct prune_ctx *pc = arg;

	if (ncol < 2 || !v[0] || !v[1])
		return 0;
	if (pc->dry_run) {
		printf("would remove %s\n", v[1]);
		return 0;
	}
	if (unlink(v[1]) && errno != ENOENT) {
		fprintf(stderr, "bench-history: prune: %s: %s\n", v[1], strerror(errno));
		pc->failed = 1;
		return 0;
	}
	printf("removed %s\n", v[1]);
	pc->removed++;
	return 0;
}

/*
 * Remove raw files of runs started more than DAYS ago.  The rows stay (their
 * cells keep the medians the trend and a pruned baseline need); raw_pruned
 * says the file is gone.  A file is unlinked before its row is marked, so a
 * row never claims a file that is still needed and missing is harmless.
 */
static int cmd_prune(struct db *db, int argc, char **argv)
{
	struct prune_ctx pc = { .db = db };
	char cutoff[32];
	const char *p[1] = { cutoff };
	double days;

	if (argc >= 2 && !strcmp(argv[1], "--dry-run")) {
		pc.dry_run = 1;
		argc--;
		argv++;
	}
	if (argc != 2 || parse_real(argv[1], &days) || days <= 0 || days > 1e6) {
		fprintf(stderr, "usage: bench-history prune [--dry-run] DAYS\n");
		return EXIT_BAD;
	}
	iso_now(cutoff, sizeof(cutoff), time(NULL) - (time_t)(days * 86400));
	if (db_query(db, "SELECT id, raw_path FROM runs WHERE raw_pruned = 0"
		     " AND raw_path IS NOT NULL AND started < $1", 1, p,
		     prune_row, &pc))
		return die_db(db);
	if (!pc.dry_run && db_query(db, "UPDATE runs SET raw_pruned = 1 WHERE"
				    " raw_pruned = 0 AND started < $1", 1, p,
				    NULL, NULL))
		return die_db(db);
	fprintf(stderr, "bench-history: pruned %ld raw file(s) older than %s\n",
		pc.removed, cutoff);
	return pc.failed ? EXIT_BAD : 0;
}

static int count_row(void *arg, int ncol, char **v)
{
	*(long *)arg = ncol > 0 && v[0] ? atol(v[0]) : 0;
	return 1;
}

/* A consistent history: engine says so, and no run without its cells. */
static int cmd_check(struct db *db)
{
	long bad = 0, orphans = 0;

	if (db->ops->check(db))
		return db->err[0] ? die_db(db) : EXIT_BAD;
	if (db_query(db, "SELECT count(*) FROM runs r WHERE NOT EXISTS"
		     " (SELECT 1 FROM cells c WHERE c.run_id = r.id)", 0, NULL,
		     count_row, &bad) ||
	    db_query(db, "SELECT count(*) FROM cells c WHERE NOT EXISTS"
		     " (SELECT 1 FROM runs r WHERE r.id = c.run_id)", 0, NULL,
		     count_row, &orphans))
		return die_db(db);
	if (bad || orphans) {
		fprintf(stderr, "bench-history: inconsistent: %ld run(s) without "
			"cells, %ld orphan cell(s)\n", bad, orphans);
		return EXIT_BAD;
	}
	printf("ok\n");
	return 0;
}

/* ---- main ------------------------------------------------------------------ */

static void usage(FILE *f)
{
	fprintf(f,
"usage: bench-history [--db URL] COMMAND [ARGS]\n"
"  URL: sqlite:PATH (default $BENCH_HISTORY_DB; only migrate creates it),\n"
"       or\n"
"       postgresql://... / pg:CONNINFO (libpq connection string)\n"
"commands:\n"
"  migrate                      create or upgrade the schema\n"
"  version                      print the schema version\n"
"  record [--host H] [--commit C] [--tree DIR] [--status S] [--confidence P]\n"
"         [--path-as PATH] [--allow-incomplete] FILE\n"
"                               store one run and its cells; print its id\n"
"  status [--cells TSV] RUN STATUS [NOTE]\n"
"                               judge a run (new first good regression\n"
"                               changed-env failed) and, from TSV lines\n"
"                               \"cpu syscall entry judgement\", its cells\n"
"  show RUN                     the run's row, one \"key<TAB>value\" a line\n"
"  cells RUN                    cpu syscall entry variant n dropped median\n"
"                               mean ci_lo ci_hi blocks block_medians\n"
"  baseline [--count N] [--kernel REL] RUN\n"
"                               tonight's baseline runs (see SCHEMA.md)\n"
"  judge --env LINE [--confidence C] [--threshold PCT] [--correction holm|none]\n"
"         [--min-baseline M] [--mode TEXT] [--stat [CPU:SYSCALL:ENTRY=]JSON]...\n"
"         [--marks FILE] [--table FILE] [--json FILE] RUN [BASE-RUN...]\n"
"                               the nightly policy (policy.c): each cell's\n"
"                               judgement from bench-stat's JSON and the\n"
"                               night-level prediction, the run's status;\n"
"                               prints \"STATUS<TAB>NOTE\" (\"compare\" when\n"
"                               it needs --stat)\n"
"  medians DIR RUN BASE-RUN...  comparison files for pruned baselines\n"
"  predict [--confidence C] RUN BASE-RUN...\n"
"                               tonight vs the baseline nights\n"
"                               (stats/prediction.c)\n"
"  trend [HOST]                 every judged cell over time (TSV)\n"
"  bisect-hint CHANGEPOINTS-JSON\n"
"                               slowdowns between two commits of one kernel\n"
"                               tree: tree good bad syscall shift_pct runs\n"
"  plotdata [--changepoints JSON] [--label L] DIR HOST\n"
"                               the trend plots' data: a .dat file a cell,\n"
"                               gnuplot marks of its change points\n"
"  changepoints [--host H] [--label L] [--cpu N] [--syscall S] [--entry E]\n"
"         [--variant V] [--last N] [--level P] [--permutations R]\n"
"         [--min-size M] [--confidence C] [--seed S] [--json]\n"
"                               where each cell's level changed over the\n"
"                               judged runs (E-divisive, permutation test at\n"
"                               P=0.01, R=499, M=3 runs), between which two\n"
"                               runs, by how much (Hodges-Lehmann, C=95%% CI)\n"
"                               and what in the environment changed there;\n"
"                               the newest N=365 runs of each cell (0: all)\n"
"  prune [--dry-run] DAYS       remove raw files older than DAYS\n"
"  check                        consistency check\n");
}

int main(int argc, char **argv)
{
	const char *url = getenv("BENCH_HISTORY_DB");
	const char *cmd;
	struct db db;
	int ret, v;

	while (argc > 2 && !strcmp(argv[1], "--db")) {
		url = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_BAD : 0;
	}
	if (!url || !*url) {
		fprintf(stderr, "bench-history: no database: give --db URL or set BENCH_HISTORY_DB\n");
		return EXIT_BAD;
	}
	cmd = argv[1];
	argc--;
	argv++;
	if (db_open(&db, url, !strcmp(cmd, "migrate")))
		return die_db(&db);
	/* every command but migrate wants a schema it understands */
	if (strcmp(cmd, "migrate")) {
		if (schema_version(&db, &v)) {
			fprintf(stderr, "bench-history: %s: not a history database "
				"(run 'bench-history migrate'): %s\n", url, db.err);
			db_close(&db);
			return EXIT_BAD;
		}
		if (v != schema_latest) {
			fprintf(stderr, "bench-history: %s: schema version %d, this "
				"program wants %d (run 'bench-history migrate')\n",
				url, v, schema_latest);
			db_close(&db);
			return EXIT_BAD;
		}
	}
	if (!strcmp(cmd, "migrate"))
		ret = schema_migrate(&db, 1) ? die_db(&db) : 0;
	else if (!strcmp(cmd, "version"))
		ret = printf("%d\n", v) < 0;
	else if (!strcmp(cmd, "record"))
		ret = cmd_record(&db, argc, argv);
	else if (!strcmp(cmd, "status"))
		ret = cmd_status(&db, argc, argv);
	else if (!strcmp(cmd, "show"))
		ret = cmd_show(&db, argc, argv);
	else if (!strcmp(cmd, "cells"))
		ret = cmd_cells(&db, argc, argv);
	else if (!strcmp(cmd, "baseline"))
		ret = cmd_baseline(&db, argc, argv);
	else if (!strcmp(cmd, "judge"))
		ret = cmd_judge(&db, argc, argv);
	else if (!strcmp(cmd, "bisect-hint"))
		ret = cmd_bisect_hint(&db, argc, argv);
	else if (!strcmp(cmd, "plotdata"))
		ret = cmd_plotdata(&db, argc, argv);
	else if (!strcmp(cmd, "medians"))
		ret = cmd_medians(&db, argc, argv);
	else if (!strcmp(cmd, "predict"))
		ret = cmd_predict(&db, argc, argv);
	else if (!strcmp(cmd, "trend"))
		ret = cmd_trend(&db, argc, argv);
	else if (!strcmp(cmd, "changepoints"))
		ret = cmd_changepoints(&db, argc, argv);
	else if (!strcmp(cmd, "prune"))
		ret = cmd_prune(&db, argc, argv);
	else if (!strcmp(cmd, "check"))
		ret = cmd_check(&db);
	else {
		fprintf(stderr, "bench-history: unknown command '%s'\n", cmd);
		usage(stderr);
		ret = EXIT_BAD;
	}
	db_close(&db);
	/* an answer that could not be written (full disk, closed pipe) is not an answer */
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "bench-history: %s: writing the output failed\n", cmd);
		return EXIT_BAD;
	}
	return ret;
}
