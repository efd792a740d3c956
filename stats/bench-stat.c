// SPDX-License-Identifier: GPL-2.0
/*
 * bench-stat: is the difference between two kernels (or entry variants)
 * real, and how big?  Reads bench-syscall results files (results/FORMAT.md)
 * or plain one-number-per-line files, like FreeBSD's ministat.
 *
 * Exit: 0 whatever the verdict, 1 --fail-on-regression tripped, 2 bad input
 * or usage, or a comparison that could not be judged.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "bs.h"
#include "results.h"

static void usage(FILE *f)
{
	fputs("usage: bench-stat [options] A B [C...]\n"
	      "       bench-stat [options] --by variant FILE...\n"
	      "       bench-stat --rate K/N[,K/N...] [-c LEVEL] [--json]\n"
	      "       bench-stat --methods\n"
	      "       bench-stat --check [--allow-incomplete] [--json] FILE...\n"
	      "       bench-stat --dump samples|blocks|runs|cells [options] SIDE...\n"
	      "       bench-stat --dump pairs --by variant --paired [options] FILE...\n"
	      "       bench-stat --dump header [--json] FILE...\n"
	      "  A, B...: a results file, a directory or a quoted glob of runs of one\n"
	      "           side, or a plain file of one number per line\n"
	      "  -c LEVEL              confidence, % (80 90 95 98 99 99.5; default 95)\n"
	      "  --student             Student's pooled t (ministat) instead of Welch's t\n"
	      "  --metric NAME         metric column (default: the primary, first one)\n"
	      "  --cpu N, --syscall NAME, --entry NAME   only these cells\n"
	      "  --pool-cpus           one cell for all CPUs\n"
	      "  --by variant          sides are the values of the variant column, runs\n"
	      "                        are blocks\n"
	      "  --paired              with --by variant: judge the run level on pairs,\n"
	      "                        the blocks of A and B of one round of one file\n"
	      "                        (paired t), so drift between rounds cancels\n"
	      "  --baseline LABEL      the side labelled LABEL is A (default: the first)\n"
	      "  --compare A:B[,C:D]   the comparisons to make, B - A each, by label\n"
	      "                        (default: every side against the first)\n"
	      "  --equivalence D[%]    \"same\" when the difference is within +/- D (in\n"
	      "                        the unit, or % of A's mean; default 1%)\n"
	      "  --seed N              bootstrap seed (default 1)\n"
	      "  --resamples N         bootstrap resamples (default 2000)\n"
	      "  --resolve DELTA       size to plan for: \"need N more to resolve DELTA\" (1)\n"
	      "  --fail-on-regression[=PCT]  exit 1 if B is significantly slower than A\n"
	      "                        by more than PCT % (default 0)\n"
	      "  --force               compare even if clock, unit or CPU model differ\n"
	      "  --allow-incomplete    use incomplete and truncated results files\n"
	      "  --plot                ministat's ASCII distribution plot\n"
	      "  --json                JSON (stats/JSON.md) instead of text\n"
	      "  --rate K/N[,K/N...]   the Wilson score interval of each proportion K/N\n"
	      "                        (e.g. false positives of calibration trials)\n"
	      "  --methods             list the statistical methods (stats/methods.c)\n"
	      "  --check               is each FILE a valid results file? one line each\n"
	      "                        (exit 0: all valid, 2: not)\n"
	      "  --dump KIND           the kept samples, or per-block, per-run, per-cell\n"
	      "                        summaries with median CIs at -c: TSV (or --json)\n"
	      "                        on stdout, no verdict (stats/JSON.md); pairs: the\n"
	      "                        block pairs --paired judges; header: the #% keys\n", f);
}

enum { O_STUDENT = 256, O_METRIC, O_CPU, O_SYSCALL, O_ENTRY, O_POOL, O_BY,
	O_SEED, O_RESAMPLES, O_RESOLVE, O_FAIL, O_FORCE, O_INCOMPLETE, O_PLOT,
	O_JSON, O_BASELINE, O_PAIRED, O_RATE, O_COMPARE, O_EQUIV, O_CHECK, O_DUMP, O_METHODS };

static const struct option longopts[] = {
	{ "student", no_argument, NULL, O_STUDENT },
	{ "metric", required_argument, NULL, O_METRIC },
	{ "cpu", required_argument, NULL, O_CPU },
	{ "syscall", required_argument, NULL, O_SYSCALL },
	{ "entry", required_argument, NULL, O_ENTRY },
	{ "pool-cpus", no_argument, NULL, O_POOL },
	{ "by", required_argument, NULL, O_BY },
	{ "paired", no_argument, NULL, O_PAIRED },
	{ "baseline", required_argument, NULL, O_BASELINE },
	{ "seed", required_argument, NULL, O_SEED },
	{ "resamples", required_argument, NULL, O_RESAMPLES },
	{ "resolve", required_argument, NULL, O_RESOLVE },
	{ "fail-on-regression", optional_argument, NULL, O_FAIL },
	{ "force", no_argument, NULL, O_FORCE },
	{ "allow-incomplete", no_argument, NULL, O_INCOMPLETE },
	{ "plot", no_argument, NULL, O_PLOT },
	{ "json", no_argument, NULL, O_JSON },
	{ "rate", required_argument, NULL, O_RATE },
	{ "compare", required_argument, NULL, O_COMPARE },
	{ "equivalence", required_argument, NULL, O_EQUIV },
	{ "check", no_argument, NULL, O_CHECK },
	{ "methods", no_argument, NULL, O_METHODS },
	{ "dump", required_argument, NULL, O_DUMP },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void die_usage(const char *msg, const char *arg)
{
	fprintf(stderr, "bench-stat: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	usage(stderr);
	exit(2);
}

/*
 * What bench-stat is doing, for the GSL handler: the cell and sides being
 * summarised or judged and the files they came from.
 */
static char doing[1024];

/* "label (its files)", or the label alone when it is its one file */
static void side_desc(char *buf, size_t len, const struct side *s)
{
	if (!s->nfiles || (s->nfiles == 1 && !strcmp(s->label, s->files[0])))
		snprintf(buf, len, "%s", s->label);
	else if (s->nfiles == 1)
		snprintf(buf, len, "%s (%s)", s->label, s->files[0]);
	else
		snprintf(buf, len, "%s (%s and %zu more file%s)", s->label, s->files[0],
			 s->nfiles - 1, s->nfiles == 2 ? "" : "s");
}

static void cell_text(char *buf, size_t len, int cpu, const char *sc, const char *entry)
{
	if (!strcmp(sc, "-") && !strcmp(entry, "-"))
		snprintf(buf, len, "values");
	else if (cpu < 0)
		snprintf(buf, len, "cpu all %s %s", sc, entry);
	else
		snprintf(buf, len, "cpu %d %s %s", cpu, sc, entry);
}

static void set_doing(const char *what, const struct row *row, const struct side *a,
		      const struct side *b)
{
	char cell[256], fa[300], fb[300];

	cell_text(cell, sizeof(cell), row->cpu, row->syscall, row->entry);
	side_desc(fa, sizeof(fa), a);
	if (!b) {
		snprintf(doing, sizeof(doing), "%s %s of %s", what, cell, fa);
		return;
	}
	side_desc(fb, sizeof(fb), b);
	snprintf(doing, sizeof(doing), "%s %s, %s vs %s", what, cell, fb, fa);
}

/*
 * GSL's default handler aborts.  A numerical domain error is not a
 * verdict: say where, in GSL and in the data, and exit 2, never a core
 * dump or a silent NaN.
 */
static void gsl_fail(const char *reason, const char *file, int line, int err)
{
	const char *reading = results_current_file();

	if (reading)
		snprintf(doing, sizeof(doing), "reading %s", reading);
	fprintf(stderr, "bench-stat: GSL error %d at %s:%d: %s%s%s (no verdict)\n",
		err, file, line, reason, *doing ? ", while " : "", doing);
	exit(2);
}

/* "A (label): cell, cell, ..." for the nothing-to-compare message */
static void list_cells(const struct side *s)
{
	char cell[256];
	size_t i, max = 8;

	fprintf(stderr, "  %s has %zu cell%s:", s->label, s->ncells, s->ncells == 1 ? "" : "s");
	for (i = 0; i < s->ncells && i < max; i++) {
		cell_text(cell, sizeof(cell), s->cells[i].cpu, s->cells[i].syscall,
			  s->cells[i].entry);
		fprintf(stderr, "%s %s", i ? "," : "", cell);
	}
	if (s->ncells > max)
		fprintf(stderr, " and %zu more", s->ncells - max);
	fputc('\n', stderr);
}

/*
 * No cell (cpu + syscall + entry) is on both sides of any comparison: name
 * each side's cells and what would make them meet.
 */
static void nothing_to_compare(const struct report *r, size_t (*pairs)[2], size_t npairs)
{
	int cpu = 0, entry = 0;
	size_t k, i, m, shown = 0;
	unsigned long seen = 0;

	fputs("bench-stat: no cell (cpu, syscall, entry) is on both sides of a comparison: nothing to compare\n",
	      stderr);
	for (k = 0; k < npairs; k++) {
		const struct side *a = &r->sides[pairs[k][0]], *b = &r->sides[pairs[k][1]];

		for (m = 0; m < 2; m++)
			if (!(seen & 1UL << pairs[k][m]) && shown++ < 8) {
				seen |= 1UL << pairs[k][m];
				list_cells(&r->sides[pairs[k][m]]);
			}
		for (i = 0; i < a->ncells; i++)
			for (m = 0; m < b->ncells; m++) {
				const struct cell *x = &a->cells[i], *y = &b->cells[m];

				if (strcmp(x->syscall, y->syscall))
					continue;
				cpu |= !strcmp(x->entry, y->entry);
				entry |= x->cpu == y->cpu && strcmp(x->entry, y->entry);
			}
	}
	if (cpu)
		fputs("  the same syscall and entry were measured on different CPUs: --pool-cpus pools each side's CPUs into one cell (cpu all)\n",
		      stderr);
	if (entry)
		fputs("  the same syscall was measured through different entries: entries are never pooled (a cell is cpu + syscall + entry); measure the same entry on both sides (--entry NAME selects one)\n",
		      stderr);
	if (!cpu && !entry)
		fputs("  no syscall is on both sides: syscalls are never pooled; measure the same syscalls (--syscall NAME selects one)\n",
		      stderr);
}

static int row_cmp(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	int c;

	if (a->cpu != b->cpu)
		return a->cpu < b->cpu ? -1 : 1;
	c = strcmp(a->syscall, b->syscall);
	return c ? c : strcmp(a->entry, b->entry);
}

/* Rows: the cells of side A, sorted; other sides join where they have them. */
static void build_rows(struct report *r)
{
	const struct side *a = &r->sides[0];
	size_t i, k;

	r->rows = calloc(a->ncells ? a->ncells : 1, sizeof(*r->rows));
	if (!r->rows)
		exit(2);
	for (i = 0; i < a->ncells; i++) {
		r->rows[i].cpu = a->cells[i].cpu;
		r->rows[i].syscall = a->cells[i].syscall;
		r->rows[i].entry = a->cells[i].entry;
	}
	r->nrows = a->ncells;
	qsort(r->rows, r->nrows, sizeof(*r->rows), row_cmp);
	for (i = 0; i < r->nrows; i++) {
		struct row *row = &r->rows[i];

		for (k = 0; k < r->nsides; k++) {
			const struct cell *c = side_find_cell(&r->sides[k], row->cpu,
							      row->syscall, row->entry);

			if (!c) {
				report_warn(r, "%s has no cell cpu %d %s %s: not compared",
					    r->sides[k].label, row->cpu, row->syscall, row->entry);
				continue;
			}
			set_doing("summarising", row, &r->sides[k], NULL);
			if (summarize(&r->sides[k], c, &row->sm[k])) {
				fputs("bench-stat: out of memory\n", stderr);
				exit(2);
			}
			row->have[k] = 1;
		}
	}
	for (k = 1; k < r->nsides; k++)
		for (i = 0; i < r->sides[k].ncells; i++) {
			const struct cell *c = &r->sides[k].cells[i];

			if (!side_find_cell(a, c->cpu, c->syscall, c->entry))
				report_warn(r, "%s has cell cpu %d %s %s that %s lacks: not compared",
					    r->sides[k].label, c->cpu, c->syscall, c->entry, a->label);
		}
}

/* --compare A:B[,C:D]: side indices of each pair; -1 and a message if bad. */
static int parse_compare(const struct report *r, const char *list,
			 size_t (*pairs)[2], size_t max)
{
	char *copy = strdup(list), *item, *save = NULL, *colon;
	size_t n = 0, i, k, idx[2];

	if (!copy)
		exit(2);
	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		colon = strchr(item, ':');
		if (!colon || colon == item || !colon[1]) {
			fprintf(stderr, "bench-stat: --compare: '%s' is not A:B\n", item);
			goto bad;
		}
		*colon = 0;
		for (k = 0; k < 2; k++) {
			const char *want = k ? colon + 1 : item;

			for (i = 0; i < r->nsides; i++)
				if (!strcmp(r->sides[i].label, want))
					break;
			if (i == r->nsides) {
				fprintf(stderr, "bench-stat: --compare: no side is labelled '%s' (sides:",
					want);
				for (i = 0; i < r->nsides; i++)
					fprintf(stderr, " %s", r->sides[i].label);
				fputs(")\n", stderr);
				goto bad;
			}
			idx[k] = i;
		}
		if (idx[0] == idx[1]) {
			fprintf(stderr, "bench-stat: --compare: '%s' against itself\n", item);
			goto bad;
		}
		if (n == max) {
			fprintf(stderr, "bench-stat: --compare: more than %zu comparisons\n", max);
			goto bad;
		}
		pairs[n][0] = idx[0];
		pairs[n++][1] = idx[1];
	}
	free(copy);
	if (!n)
		fputs("bench-stat: --compare: no comparison given\n", stderr);
	return n ? (int)n : -1;
bad:
	free(copy);
	return -1;
}

static int judge_all(struct report *r, size_t (*pairs)[2], size_t npairs)
{
	struct judgement **js;
	size_t i, k, n = 0;
	int bad = 0;

	r->cmps = calloc(r->nrows * npairs + 1, sizeof(*r->cmps));
	js = calloc(r->nrows * npairs + 1, sizeof(*js));
	if (!r->cmps || !js)
		exit(2);
	for (i = 0; i < r->nrows; i++)
		for (k = 0; k < npairs; k++)
			r->jo.ncmps += r->rows[i].have[pairs[k][0]] && r->rows[i].have[pairs[k][1]];
	for (i = 0; i < r->nrows; i++)
		for (k = 0; k < npairs; k++) {
			struct cmp *c = &r->cmps[n];
			size_t a = pairs[k][0], b = pairs[k][1];

			if (!r->rows[i].have[a] || !r->rows[i].have[b])
				continue;
			c->row = i;
			c->a = a;
			c->b = b;
			set_doing("judging", &r->rows[i], &r->sides[a], &r->sides[b]);
			judge(&r->rows[i].sm[a], &r->rows[i].sm[b], &r->jo, &c->j);
			js[n++] = &c->j;
		}
	r->ncmps = n;
	snprintf(doing, sizeof(doing), "applying Holm over %zu comparisons", n);
	judge_apply_holm(js, n);
	free(js);
	for (i = 0; i < n; i++) {
		struct cmp *c = &r->cmps[i];
		const struct row *row = &r->rows[c->row];

		if (!c->j.judged) {
			if (!strcmp(row->syscall, "-"))
				fprintf(stderr, "bench-stat: %s vs %s: cannot judge: %s\n",
					r->sides[c->b].label, r->sides[c->a].label, c->j.why);
			else
				fprintf(stderr, "bench-stat: cpu %d %s %s, %s vs %s: cannot judge: %s\n",
					row->cpu, row->syscall, row->entry, r->sides[c->b].label,
					r->sides[c->a].label, c->j.why);
			bad = 1;
			continue;
		}
		if (!r->regress_on || c->j.outcome != OUTCOME_DIFFERENT || c->j.diff <= 0)
			continue;
		if (isfinite(c->j.diff_pct)) {
			c->regression = c->j.diff_pct > r->regress_pct;
		} else {
			/*
			 * A's mean is 0: no percentage.  Slower by a proven
			 * absolute amount is a regression at 0%; above 0% it
			 * cannot be judged, and that is not a pass either.
			 */
			char cell[160] = "";

			if (strcmp(row->syscall, "-"))
				snprintf(cell, sizeof(cell), "cpu %d %s %s, ", row->cpu,
					 row->syscall, row->entry);
			c->regression = 1;
			fprintf(stderr, "bench-stat: %s%s vs %s: A's mean is 0, so 'slower by more than %g%%' cannot be judged; %s\n",
				cell, r->sides[c->b].label, r->sides[c->a].label, r->regress_pct,
				r->regress_pct > 0 ? "counted as a regression" :
				"judged on the absolute difference: slower");
		}
		r->regress_flagged |= c->regression;
	}
	return bad;
}

static void warn_levels(struct report *r)
{
	size_t i, k;

	for (k = 0; k < r->nsides; k++) {
		const struct side *s = &r->sides[k];
		size_t maxruns = 0;

		for (i = 0; i < r->nrows; i++)
			if (r->rows[i].have[k] && r->rows[i].sm[k].runs > maxruns)
				maxruns = r->rows[i].sm[k].runs;
		if (s->incomplete)
			report_warn(r, "%s: %zu incomplete or truncated file(s) used (--allow-incomplete)%s",
				    s->label, s->incomplete, s->partial_lines ?
				    "; a cut last line was dropped" : "");
		if (maxruns < 2 && s->plain)
			continue;	/* ministat's input: each number one observation */
		if (maxruns < 2)
			report_warn(r, "%s has one run: verdicts judged on samples ignore run-to-run variation (give several runs: files, boots or blocks)",
				    s->label);
		else if (s->mode == RUN_BY_BLOCK && !s->by_variant)
			report_warn(r, "%s: runs are blocks of one boot: boot-to-boot variation is not covered",
				    s->label);
	}
}

/*
 * --by variant: sides in the order of the header's "#% variants:" list,
 * not of first appearance (with --order shuffle the first block may be
 * any variant).  Sides the list lacks keep their order, after it.
 */
static void order_by_header(struct side *sides, size_t n)
{
	struct side tmp;
	const char *list = sides[0].finfo ? sides[0].finfo[0].variants : NULL;
	char buf[1024], *tok, *save = NULL;
	size_t next = 0, i;

	if (!list || strlen(list) >= sizeof(buf))
		return;
	strcpy(buf, list);
	for (tok = strtok_r(buf, ", ", &save); tok && next < n;
	     tok = strtok_r(NULL, ", ", &save)) {
		for (i = next; i < n; i++)
			if (!strcmp(sides[i].label, tok))
				break;
		if (i == n)
			continue;
		tmp = sides[i];
		memmove(&sides[next + 1], &sides[next], (i - next) * sizeof(*sides));
		sides[next++] = tmp;
	}
}

/* Move the side labelled `label` to the front, keeping the others' order. */
static int set_baseline(struct side *sides, size_t n, const char *label)
{
	struct side tmp;
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(sides[i].label, label))
			break;
	if (i == n) {
		fprintf(stderr, "bench-stat: --baseline: no side is labelled '%s'\n", label);
		return -1;
	}
	tmp = sides[i];
	memmove(&sides[1], &sides[0], i * sizeof(*sides));
	sides[0] = tmp;
	return 0;
}

static double parse_conf(const char *s)
{
	double v;

	if (results_parse_double(s, &v) || v < 50 || v >= 100)
		die_usage("bad confidence level (80 90 95 98 99 99.5, or any in [50, 100))", s);
	return v / 100;
}

/* One "K/N": whole non-negative numbers, N > 0, K <= N. */
static int parse_rate(const char *s, unsigned long *k, unsigned long *n)
{
	char buf[64], *slash;
	long kk, nn;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (!slash)
		return -1;
	*slash = 0;
	if (parse_long(buf, &kk) || parse_long(slash + 1, &nn) ||
	    kk < 0 || nn <= 0 || kk > nn)
		return -1;
	*k = kk;
	*n = nn;
	return 0;
}

/* bench-stat --rate K/N[,K/N...]: Wilson intervals, text or JSON. */
static int rate_main(const char *list, double conf, int json)
{
	char *copy = strdup(list), *item, *save = NULL;
	unsigned long k, n;
	double lo, hi;
	int first = 1, items = 0;

	if (!copy)
		exit(2);
	/* check everything before printing anything */
	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save), items++)
		if (parse_rate(item, &k, &n)) {
			fprintf(stderr, "bench-stat: --rate: '%s' is not K/N with 0 <= K <= N, N > 0 (whole numbers)\n",
				item);
			free(copy);
			return 2;
		}
	strcpy(copy, list);
	if (!items) {
		fputs("bench-stat: --rate: empty list\n", stderr);
		free(copy);
		return 2;
	}
	if (json)
		printf("{\n  \"version\": 1,\n  \"confidence\": %.15g, \"method\": \"wilson\",\n  \"rates\": [\n",
		       conf * 100);
	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		parse_rate(item, &k, &n);
		wilson_interval(k, n, conf, &lo, &hi);
		if (json)
			printf("%s    { \"k\": %lu, \"n\": %lu, \"rate\": %.15g, \"ci\": [%.15g, %.15g] }",
			       first ? "" : ",\n", k, n, (double)k / n, lo, hi);
		else
			printf("%lu/%lu = %.6g, %.1f%% Wilson score interval [%.6g, %.6g]\n",
			       k, n, (double)k / n, conf * 100, lo, hi);
		first = 0;
	}
	if (json)
		printf("\n  ]\n}\n");
	free(copy);
	if (fflush(stdout) || ferror(stdout)) {
		perror("bench-stat: stdout");
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct load_opts lo = { .cpu = -1 };
	static struct side sides[BS_MAX_SIDES];
	struct report r = { .sides = sides };
	int json = 0, opt, bad, check = 0, dump = 0;
	enum dump_kind dump_kind = DUMP_SAMPLES;
	const char *baseline = NULL, *rate = NULL, *compare = NULL;
	static size_t pairs[BS_MAX_SIDES * BS_MAX_SIDES][2];
	static struct switch_log switches;
	size_t i, npairs = 0;
	int np;
	long l;
	double d;
	char why[512];

	gsl_set_error_handler(gsl_fail);
	r.jo.conf = 0.95;
	r.jo.seed = 1;
	r.jo.resamples = 2000;
	r.jo.resolve = 1;
	r.jo.equivalence = 1;		/* "same" within 1% of A by default */
	r.jo.equivalence_pct = 1;
	lo.switches = &switches;
	r.switches = &switches;
	while ((opt = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': r.jo.conf = parse_conf(optarg); break;
		case O_STUDENT: r.jo.student = 1; break;
		case O_METRIC: lo.metric = optarg; break;
		case O_CPU:
			if (parse_long(optarg, &l) || l < 0 || l > 1 << 20)
				die_usage("bad --cpu", optarg);
			lo.cpu = l;
			break;
		case O_SYSCALL: lo.syscall = optarg; break;
		case O_ENTRY: lo.entry = optarg; break;
		case O_POOL: lo.pool_cpus = 1; break;
		case O_BY:
			if (strcmp(optarg, "variant"))
				die_usage("--by takes 'variant'", optarg);
			lo.by = optarg;
			break;
		case O_BASELINE: baseline = optarg; break;
		case O_PAIRED: r.jo.paired = 1; break;
		case O_SEED:
			if (parse_long(optarg, &l) || l < 0)
				die_usage("bad --seed", optarg);
			r.jo.seed = l;
			break;
		case O_RESAMPLES:
			if (parse_long(optarg, &l) || l < 100 || l > 1000000)
				die_usage("bad --resamples (100..1000000)", optarg);
			r.jo.resamples = l;
			break;
		case O_RESOLVE:
			if (results_parse_double(optarg, &d) || d <= 0)
				die_usage("bad --resolve", optarg);
			r.jo.resolve = d;
			break;
		case O_FAIL:
			r.regress_on = 1;
			if (optarg && (results_parse_double(optarg, &r.regress_pct) || r.regress_pct < 0))
				die_usage("bad --fail-on-regression percentage", optarg);
			break;
		case O_FORCE: lo.force = 1; break;
		case O_INCOMPLETE: lo.allow_incomplete = 1; break;
		case O_PLOT: r.plot = 1; break;
		case O_JSON: json = 1; break;
		case O_RATE: rate = optarg; break;
		case O_COMPARE: compare = optarg; break;
		case O_CHECK: check = 1; break;
		case O_METHODS: methods_list(stdout); return 0;
		case O_DUMP:
			if (dump_kind_parse(optarg, &dump_kind))
				die_usage("--dump takes samples, blocks, runs, cells, pairs or header", optarg);
			dump = 1;
			break;
		case O_EQUIV: {
			char buf[64];
			size_t l = strlen(optarg);

			if (l >= sizeof(buf))
				die_usage("bad --equivalence", optarg);
			strcpy(buf, optarg);
			r.jo.equivalence_pct = l > 1 && buf[l - 1] == '%';
			if (r.jo.equivalence_pct)
				buf[l - 1] = 0;
			if (results_parse_double(buf, &r.jo.equivalence) || r.jo.equivalence <= 0)
				die_usage("bad --equivalence (a positive number, or a percentage like 1%)",
					  optarg);
			break;
		}
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (rate) {
		if (argc)
			die_usage("--rate takes no files", argv[0]);
		return rate_main(rate, r.jo.conf, json);
	}
	if (check) {
		if (argc < 1)
			die_usage("--check needs at least one file", NULL);
		if (lo.by || dump || compare || baseline)
			die_usage("--check takes files and --allow-incomplete, --json only", NULL);
		bad = check_files(stdout, argv, argc, lo.allow_incomplete, json);
		if (fflush(stdout) || ferror(stdout)) {
			perror("bench-stat: stdout");
			return 2;
		}
		return bad;
	}
	if (dump && dump_kind == DUMP_HEADER) {
		if (argc < 1)
			die_usage("--dump header needs at least one file", NULL);
		if (lo.by || compare || baseline)
			die_usage("--dump header takes files and --json only", NULL);
		bad = dump_header(stdout, argv, argc, json);
		if (fflush(stdout) || ferror(stdout)) {
			perror("bench-stat: stdout");
			return 2;
		}
		return bad;
	}
	if (dump && dump_kind == DUMP_PAIRS && !r.jo.paired)
		die_usage("--dump pairs dumps the pairs of --paired: give --by variant --paired", NULL);
	if (r.jo.paired && !lo.by)
		die_usage("--paired pairs the blocks of --by variant: give --by variant too", NULL);
	if (lo.by) {
		if (argc < 1)
			die_usage("--by variant needs at least one results file", NULL);
		if (load_by_variant(sides, &r.nsides, BS_MAX_SIDES, argv, argc, &lo)) {
			fprintf(stderr, "bench-stat: %s\n", bs_err);
			return 2;
		}
		if (r.nsides < 2 && !dump) {
			fprintf(stderr, "bench-stat: --by variant: found %zu variant(s) (%s); need at least 2\n",
				r.nsides, r.nsides ? sides[0].label : "no samples");
			return 2;
		}
		r.jo.round = r.nsides;	/* one block of each variant a round */
		order_by_header(sides, r.nsides);
	} else {
		if (argc < (dump ? 1 : 2))
			die_usage(dump ? "--dump needs a side" : "need at least two sides to compare", NULL);
		if (argc > BS_MAX_SIDES)
			die_usage("too many sides", NULL);
		for (i = 0; i < (size_t)argc; i++) {
			r.nsides++;
			if (side_load_path(&sides[i], argv[i], &lo)) {
				fprintf(stderr, "bench-stat: %s\n", bs_err);
				return 2;
			}
		}
	}
	if (baseline && set_baseline(sides, r.nsides, baseline))
		return 2;
	for (i = 0; i < r.nsides; i++) {
		side_finish(&sides[i]);
		if (!sides[i].ncells) {
			fprintf(stderr, "bench-stat: %s: no samples%s\n", sides[i].label,
				lo.cpu >= 0 || lo.syscall || lo.entry ? " match the filters" : "");
			return 2;
		}
		if (i && side_check_compatible(&sides[0], &sides[i], lo.force, why, sizeof(why))) {
			fprintf(stderr, "bench-stat: refusing to compare: %s differ%s\n", why,
				lo.force ? "" : "; use --force to compare anyway");
			return 2;
		}
	}
	if (lo.by && sides[0].finfo && sides[0].finfo[0].nvariants >= 2)
		r.jo.round = sides[0].finfo[0].nvariants;	/* "#% variants:" */
	if (dump) {
		snprintf(doing, sizeof(doing), "dumping %zu side(s)", r.nsides);
		if (dump_sides(stdout, sides, r.nsides, dump_kind, r.jo.conf, r.jo.round, json)) {
			fputs("bench-stat: out of memory\n", stderr);
			return 2;
		}
		if (fflush(stdout) || ferror(stdout)) {
			perror("bench-stat: stdout");
			return 2;
		}
		for (i = 0; i < r.nsides; i++)
			side_free(&sides[i]);
		return 0;
	}
	if (compare) {
		np = parse_compare(&r, compare, pairs, sizeof(pairs) / sizeof(pairs[0]));
		if (np < 0)
			return 2;
		npairs = np;
	} else {
		for (i = 1; i < r.nsides; i++) {
			pairs[npairs][0] = 0;
			pairs[npairs++][1] = i;
		}
	}
	build_rows(&r);
	warn_levels(&r);
	bad = judge_all(&r, pairs, npairs);
	if (!r.ncmps) {
		nothing_to_compare(&r, pairs, npairs);
		return 2;
	}
	if (json)
		report_json(stdout, &r);
	else
		report_text(stdout, &r);
	if (fflush(stdout) || ferror(stdout)) {
		perror("bench-stat: stdout");
		return 2;
	}
	for (i = 0; i < r.nrows; i++)
		for (size_t k = 0; k < r.nsides; k++)
			summary_free(&r.rows[i].sm[k]);
	free(r.rows);
	free(r.cmps);
	for (i = 0; i < r.nsides; i++)
		side_free(&sides[i]);
	for (i = 0; i < r.nwarnings; i++)
		free(r.warnings[i]);
	return bad ? 2 : r.regress_flagged ? 1 : 0;
}
