// SPDX-License-Identifier: GPL-2.0
/*
 * bench-history plotdata: the data of nightly's trend plots, one series a
 * cell (cpu x syscall x entry x variant, and the label when it is not the
 * host's main one), and the change points to mark on them.
 *
 *   DIR/NAME.dat       started median ci_lo ci_hi regression run  (a run a line)
 *   DIR/NAME.marks.gp  gnuplot commands: a vertical line between the two
 *                      runs of each change point and a label with the step
 *                      and its CI (from bench-history changepoints --json)
 *   DIR/unit           the unit of the medians
 *   DIR/series         NAME, one a line
 *
 * gnuplot draws them (scripts/nightly); no number is computed here but the
 * midpoint in time where a change point's line goes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "history.h"

#define EXIT_BAD 2

struct pd {
	const char *dir, *label;
	char cur[512];		/* the series being written */
	FILE *dat, *names;
	char unit[64];
	int failed;
};

static void series_name(char *out, size_t len, const char *main_label,
			const char *label, const char *cpu, const char *sc,
			const char *en, const char *va)
{
	int own = !strcmp(label, main_label);

	snprintf(out, len, "%s%scpu%s-%s-%s%s%s", own ? "" : label, own ? "" : "-",
		 cpu, sc, en, strcmp(va, "-") ? "-" : "", strcmp(va, "-") ? va : "");
	/* a name is a file name: no '/' */
	for (; *out; out++)
		if (*out == '/' || *out == ' ')
			*out = '_';
}

static FILE *open_in(const char *dir, const char *name, const char *ext)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s%s", dir, name, ext);
	return fopen(path, "w");
}

/* r.label, c.cpu, c.syscall, c.entry, c.variant, r.started, c.median,
 * c.ci_lo, c.ci_hi, c.judgement, r.id, r.unit */
static int pd_row(void *arg, int ncol, char **v)
{
	struct pd *pd = arg;
	char name[512];
	int i;

	if (ncol < 12 || !v[6])
		return 0;	/* a cell without a median: nothing to draw */
	for (i = 0; i < 5; i++)
		if (!v[i])
			return 0;
	series_name(name, sizeof(name), pd->label, v[0], v[1], v[2], v[3], v[4]);
	if (strcmp(name, pd->cur)) {
		if (pd->dat && fclose(pd->dat))
			pd->failed = 1;
		pd->dat = open_in(pd->dir, name, ".dat");
		if (!pd->dat) {
			pd->failed = 1;
			return 1;
		}
		snprintf(pd->cur, sizeof(pd->cur), "%s", name);
		fprintf(pd->names, "%s\n", name);
	}
	fprintf(pd->dat, "%s %s %s %s %d %s\n", v[5], v[6], v[7] ? v[7] : v[6],
		v[8] ? v[8] : v[6], v[9] && !strcmp(v[9], "REGRESSION"), v[10]);
	if (v[11])
		snprintf(pd->unit, sizeof(pd->unit), "%s", v[11]);
	return 0;
}

static int parse_time(const char *s, time_t *t)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end)
		return -1;
	*t = timegm(&tm);
	return 0;
}

static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "-";
}

/* gnuplot string: no quote or backslash from the data breaks it */
static void gp_text(char *s)
{
	for (; *s; s++)
		if (*s == '"' || *s == '\\')
			*s = '\'';
}

/* One marks file per series with change points (the others get none). */
static int write_marks(const struct pd *pd, const char *host, const char *path)
{
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je), *series, *s, *cps, *c;
	size_t i, j;
	int ret = 0;

	if (!root) {
		fprintf(stderr, "bench-history: plotdata: %s: line %d: %s\n", path,
			je.line, je.text);
		return -1;
	}
	series = json_object_get(root, "series");
	json_array_foreach(series, i, s) {
		char name[512], cpu[24];
		FILE *f;

		if (strcmp(jstr(s, "host"), host))
			continue;
		cps = json_object_get(s, "changepoints");
		if (!json_array_size(cps))
			continue;
		snprintf(cpu, sizeof(cpu), "%lld",
			 (long long)json_integer_value(json_object_get(s, "cpu")));
		series_name(name, sizeof(name), pd->label, jstr(s, "label"), cpu,
			    jstr(s, "syscall"), jstr(s, "entry"), jstr(s, "variant"));
		f = open_in(pd->dir, name, ".marks.gp");
		if (!f) {
			fprintf(stderr, "bench-history: plotdata: %s/%s.marks.gp: %s\n",
				pd->dir, name, strerror(errno));
			ret = -1;
			break;
		}
		fprintf(f, "# change points of %s (bench-history changepoints)\n", name);
		json_array_foreach(cps, j, c) {
			json_t *b = json_object_get(c, "before"), *a = json_object_get(c, "after");
			json_t *ci = json_object_get(c, "shift_pct_ci");
			const char *cause = json_string_value(json_object_get(c, "likely_cause"));
			char mid[32], text[256];
			time_t tb, ta, tm;

			if (parse_time(jstr(b, "started"), &tb) ||
			    parse_time(jstr(a, "started"), &ta))
				continue;	/* a run without a time cannot be placed */
			tm = tb + (ta - tb) / 2;
			strftime(mid, sizeof(mid), "%Y-%m-%dT%H:%M:%SZ", gmtime(&tm));
			snprintf(text, sizeof(text), "%+.2f%% [%+.2f, %+.2f]%s%s",
				 json_number_value(json_object_get(c, "shift_pct")),
				 json_number_value(json_array_get(ci, 0)),
				 json_number_value(json_array_get(ci, 1)),
				 cause ? " " : "", cause ? cause : "");
			gp_text(text);
			fprintf(f, "set arrow from \"%s\", graph 0 to \"%s\", graph 1 nohead"
				" dashtype 2 lc rgb \"#d62728\"\n", mid, mid);
			fprintf(f, "set label \"%s\" at \"%s\", graph %.2f offset 0.5,0"
				" tc rgb \"#d62728\"\n", text, mid, 0.95 - 0.06 * (double)(j % 4));
		}
		if (fclose(f))
			ret = -1;
	}
	json_decref(root);
	return ret;
}

int cmd_plotdata(struct db *db, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "changepoints", 1, NULL, 'c' }, { "label", 1, NULL, 'l' },
		{ NULL, 0, NULL, 0 } };
	struct pd pd = { .label = "nightly" };
	const char *cpjson = NULL, *p[1];
	FILE *u;
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (c == 'c')
			cpjson = optarg;
		else if (c == 'l')
			pd.label = optarg;
		else
			goto usage;
	}
	if (argc - optind != 2)
		goto usage;
	pd.dir = argv[optind];
	p[0] = argv[optind + 1];
	if (mkdir(pd.dir, 0777) && errno != EEXIST) {
		fprintf(stderr, "bench-history: plotdata: %s: %s\n", pd.dir, strerror(errno));
		return EXIT_BAD;
	}
	pd.names = open_in(pd.dir, "series", "");
	if (!pd.names) {
		fprintf(stderr, "bench-history: plotdata: %s/series: %s\n", pd.dir,
			strerror(errno));
		return EXIT_BAD;
	}
	if (db_query(db, "SELECT r.label, c.cpu, c.syscall, c.entry, c.variant,"
		     " r.started, c.median, c.ci_lo, c.ci_hi, c.judgement, r.id, r.unit"
		     " FROM runs r JOIN cells c ON c.run_id = r.id"
		     " WHERE r.status <> 'new' AND r.status <> 'failed' AND r.host = $1"
		     " ORDER BY r.label, c.cpu, c.syscall, c.entry, c.variant,"
		     " r.started, r.id", 1, p, pd_row, &pd)) {
		fprintf(stderr, "bench-history: plotdata: %s\n", db->err);
		pd.failed = 1;
	}
	if (pd.dat && fclose(pd.dat))
		pd.failed = 1;
	if (fclose(pd.names))
		pd.failed = 1;
	u = open_in(pd.dir, "unit", "");
	if (!u || fprintf(u, "%s\n", pd.unit[0] ? pd.unit : "cycles") < 0 || fclose(u))
		pd.failed = 1;
	if (pd.failed) {
		fprintf(stderr, "bench-history: plotdata: cannot write the series in %s\n",
			pd.dir);
		return EXIT_BAD;
	}
	if (cpjson && write_marks(&pd, p[0], cpjson))
		return EXIT_BAD;
	return 0;
usage:
	fprintf(stderr, "usage: bench-history plotdata [--changepoints JSON] [--label L] DIR HOST\n");
	return EXIT_BAD;
}
