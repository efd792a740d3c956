// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the results reader (results.h): what a valid file gives,
 * how each end is told, and one refusal per check of the format, each with
 * the reason it must name.  Kernel selftest output: [RUN] / [OK] / [FAIL],
 * then "test-reader: N passed, N failed"; exit 1 on any failure.
 */
#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "results.h"

static int passed, failed, test_failed;
static char dir[] = "/tmp/test-reader.XXXXXX";

static void run(const char *name)
{
	printf("[RUN]\t%s\n", name);
	test_failed = 0;
}

static void done(const char *name)
{
	if (test_failed) {
		printf("[FAIL]\t%s\n", name);
		failed++;
	} else {
		printf("[OK]\t%s\n", name);
		passed++;
	}
}

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		printf("\t%s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		test_failed = 1;					\
	}								\
} while (0)

static const char *path_of(const char *name)
{
	static char p[4][512];
	static int k;

	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static const char *write_file(const char *name, const char *text, size_t len)
{
	const char *p = path_of(name);
	FILE *f = fopen(p, "w");

	if (!f || fwrite(text, 1, len, f) != len || fclose(f)) {
		perror(p);
		exit(1);
	}
	return p;
}

/* a file holding a string literal (NULs included) */
#define write_lit(name, lit) write_file(name, lit, sizeof(lit) - 1)

static const char hdr[] =
	"#bench-syscall-results 1\n"
	"#% label: fast\n"
	"#% clock: tsc\n"
	"#% unit: cycles\n"
	"#% variants: full,fast\n"
	"#% block.ms: 10\n"
	"#% cpu.vuln.b: x\n"
	"#% some.future.key: readers ignore it\n"
	"#% metrics: cycles ns\n"
	"#% units: cycles ns\n"
	"#% columns: cpu syscall entry block variant seq ctxsw migr cycles ns\n";

/* A file: the header, then body (printf format). */
static const char *file(const char *name, const char *fmt, ...)
{
	static char buf[1 << 16];
	size_t n = snprintf(buf, sizeof(buf), "%s", hdr);
	va_list ap;

	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	return write_file(name, buf, n);
}

/*
 * Read a whole file: the samples' count and the sum of their first metric;
 * returns results_next()'s last value (0 valid, -1 refused), or -2 when
 * results_open() failed; err gets the reason.
 */
struct got {
	size_t n;
	double sum;
	enum results_end end;
	int partial;
	char err[RESULTS_ERR_LEN];
};

static int read_all(const char *path, int allow_incomplete, struct got *g)
{
	struct results_opts o = { .allow_incomplete = allow_incomplete };
	struct results_sample s;
	struct results_file *rf;
	int rc;

	memset(g, 0, sizeof(*g));
	rf = results_open(path, &o, g->err, sizeof(g->err));
	if (!rf)
		return -2;
	while ((rc = results_next(rf, &s)) > 0) {
		g->n++;
		g->sum += s.value[0];
	}
	if (rc < 0)
		snprintf(g->err, sizeof(g->err), "%s", results_error(rf));
	g->end = results_end_state(rf);
	g->partial = results_partial_line(rf);
	/* the same answer again, not a crash or a new sample */
	CHECK(results_next(rf, &s) == rc, "results_next() after the end changed its answer");
	results_close(rf);
	return rc;
}

/* The file is refused (at open or on reading) with a reason naming WHY. */
static void refused(const char *name, const char *path, int allow, const char *why)
{
	struct got g;
	int rc;

	run(name);
	rc = read_all(path, allow, &g);
	CHECK(rc < 0, "accepted (%zu samples)", g.n);
	CHECK(strstr(g.err, why), "error '%s' lacks '%s'", g.err, why);
	CHECK(!strncmp(g.err, path, strlen(path)), "error '%s' does not start with the file's name", g.err);
	done(name);
}

static void test_good(void)
{
	struct results_opts o = { 0 };
	struct results_sample s;
	struct results_design d;
	struct results_file *rf;
	const char *p, *key, *val;
	char err[RESULTS_ERR_LEN], v[16];
	size_t i, n = 0;
	int rc;

	run("a valid file: header, typed accessors, samples, end");
	p = file("good", "0 getpid syscall 0 full 0 0 0 81.25 27.13\n"
		 "#%% switch: block=1 variant=fast ns=1200\n"
		 "3 getppid int80 1 fast 7 2 1 80.5 26.5\n"
		 "#%% resolve.result: resolved rounds=4 seconds=2\n"
		 "#%% end: complete samples=2\n");
	rf = results_open(p, &o, err, sizeof(err));
	CHECK(rf, "open: %s", err);
	if (!rf) {
		done("valid file");
		return;
	}
	CHECK(results_version(rf) == 1, "version %d", results_version(rf));
	CHECK(!results_is_plain(rf), "plain");
	CHECK(!strcmp(results_clock(rf), "tsc"), "clock");
	CHECK(!strcmp(results_label(rf), "fast"), "label");
	/* a v1 tsc file's "cycles" is read as ref-cycles (FORMAT.md) */
	CHECK(!strcmp(results_unit(rf), "ref-cycles"), "unit %s", results_unit(rf));
	CHECK(results_nmetrics(rf) == 2, "nmetrics %zu", results_nmetrics(rf));
	CHECK(!strcmp(results_metric(rf, 0), "cycles") && !strcmp(results_metric(rf, 1), "ns"),
	      "metric names");
	CHECK(results_metric_index(rf, "ns") == 1 && results_metric_index(rf, "bogus") == -1,
	      "metric index");
	CHECK(!strcmp(results_metric_unit(rf, 0), "ref-cycles") &&
	      !strcmp(results_metric_unit(rf, 1), "ns"), "metric units");
	CHECK(results_nvariants(rf) == 2, "nvariants %zu", results_nvariants(rf));
	CHECK(!strcmp(results_variants(rf), "full,fast"), "variants");
	CHECK(results_variant(rf, 1, v, sizeof(v)) && !strcmp(v, "fast"), "variant 1");
	CHECK(!results_variant(rf, 2, v, sizeof(v)), "variant 2 exists");
	CHECK(!strcmp(results_get(rf, "some.future.key"), "readers ignore it"), "unknown key kept");
	CHECK(!results_get(rf, "nosuch"), "absent key found");
	CHECK(!strcmp(results_get(rf, "columns"), "cpu syscall entry block variant seq ctxsw migr cycles ns"),
	      "columns by key");
	CHECK(results_current_file() && !strcmp(results_current_file(), p), "current file");
	for (i = 0; (key = results_key(rf, i, &val)); i++)
		n += !strcmp(key, "cpu.vuln.b") && !strcmp(val, "x");
	CHECK(n == 1 && i == results_nkeys(rf), "key iteration: %zu of %zu", n, i);

	rc = results_next(rf, &s);
	CHECK(rc == 1 && s.cpu == 0 && !strcmp(s.syscall, "getpid") &&
	      !strcmp(s.entry, "syscall") && !strcmp(s.variant, "full") &&
	      s.block == 0 && s.seq == 0 && s.value[0] == 81.25 &&
	      s.value[1] == 27.13 && s.line == 12 && !results_disturbed(&s),
	      "first sample");
	CHECK(results_end_state(rf) == RESULTS_READING, "ended early");
	rc = results_next(rf, &s);
	CHECK(rc == 1 && s.cpu == 3 && !strcmp(s.entry, "int80") && s.block == 1 &&
	      s.seq == 7 && s.ctxsw == 2 && s.migr == 1 && results_disturbed(&s) &&
	      s.value[0] == 80.5, "second sample");
	rc = results_next(rf, &s);
	CHECK(rc == 0, "end: %d %s", rc, results_error(rf));
	CHECK(results_end_state(rf) == RESULTS_COMPLETE, "end state %s",
	      results_end_name(results_end_state(rf)));
	CHECK(results_samples(rf) == 2, "samples %zu", results_samples(rf));
	CHECK(!results_design(rf, &d), "design: %s", results_error(rf));
	CHECK(d.block_ms == 10 && !d.resolve && d.round_seconds == 0.5,
	      "design: block.ms %g resolve %d round %g", d.block_ms, d.resolve, d.round_seconds);
	results_close(rf);
	CHECK(!results_current_file(), "current file after close");
	done("a valid file: header, typed accessors, samples, end");
}

static int nswitch;
static int count_switch(void *arg, long block, const char *variant, double ns)
{
	(void)arg;
	nswitch += block == 1 && !strcmp(variant, "fast") && ns == 1200;
	return 0;
}

static void test_switch(void)
{
	struct results_opts o = { .on_switch = count_switch };
	struct results_sample s;
	struct results_file *rf;
	char err[RESULTS_ERR_LEN];

	run("switch lines go to the caller");
	rf = results_open(path_of("good"), &o, err, sizeof(err));
	CHECK(rf, "open: %s", err);
	while (rf && results_next(rf, &s) > 0)
		;
	results_close(rf);
	CHECK(nswitch == 1, "switches seen %d", nswitch);
	done("switch lines go to the caller");
}

static void test_ends(void)
{
	struct got g;
	const char *p;
	int rc;

	p = file("incomplete", "0 getpid syscall 0 full 0 0 0 80 1\n"
		 "#%% end: incomplete reason=SIGINT samples=1\n");
	refused("an incomplete run without allow_incomplete", p, 0, "incomplete run");
	run("an incomplete run with allow_incomplete");
	rc = read_all(p, 1, &g);
	CHECK(rc == 0 && g.n == 1 && g.end == RESULTS_INCOMPLETE, "rc %d n %zu end %s: %s",
	      rc, g.n, results_end_name(g.end), g.err);
	done("an incomplete run with allow_incomplete");

	p = file("cut-sample", "0 getpid syscall 0 full 0 0 0 80 1\n"
		 "0 getpid syscall 0 full 1 0 0 82 1\n0 getpid syscall 0 full 2 0 0 8");
	refused("a file cut mid-line without allow_incomplete", p, 0, "truncated");
	run("a file cut mid-sample: its whole lines, truncated (issue 14)");
	rc = read_all(p, 1, &g);
	CHECK(rc == 0 && g.n == 2 && g.sum == 162 && g.end == RESULTS_TRUNCATED && g.partial,
	      "rc %d n %zu sum %g end %s partial %d: %s", rc, g.n, g.sum,
	      results_end_name(g.end), g.partial, g.err);
	done("a file cut mid-sample: its whole lines, truncated (issue 14)");

	/* was "malformed switch line" / "end line without samples=N" */
	p = file("cut-switch", "0 getpid syscall 0 full 0 0 0 80 1\n#%% switch: block=1 vari");
	run("a file cut in a '#%' line is truncated, not malformed (issue 14)");
	rc = read_all(p, 1, &g);
	CHECK(rc == 0 && g.n == 1 && g.end == RESULTS_TRUNCATED && g.partial,
	      "rc %d n %zu end %s: %s", rc, g.n, results_end_name(g.end), g.err);
	p = file("cut-end", "0 getpid syscall 0 full 0 0 0 80 1\n"
		 "0 getpid syscall 0 full 1 0 0 80 1\n" "#%% end: complete samples=");
	rc = read_all(p, 1, &g);
	CHECK(rc == 0 && g.n == 2 && g.end == RESULTS_TRUNCATED, "cut end line: rc %d end %s: %s",
	      rc, results_end_name(g.end), g.err);
	done("a file cut in a '#%' line is truncated, not malformed (issue 14)");

	run("a whole end line without its final newline is complete");
	p = file("no-newline", "0 getpid syscall 0 full 0 0 0 80 1\n#%% end: complete samples=1");
	rc = read_all(p, 0, &g);
	CHECK(rc == 0 && g.end == RESULTS_COMPLETE && !g.partial, "rc %d end %s: %s", rc,
	      results_end_name(g.end), g.err);
	/* a cut "samples=12" reads "samples=1": never equal to the count */
	p = file("cut-count", "%s#%% end: complete samples=1",
		 "0 getpid syscall 0 full 0 0 0 80 1\n0 getpid syscall 0 full 1 0 0 80 1\n"
		 "0 getpid syscall 0 full 2 0 0 80 1\n0 getpid syscall 0 full 3 0 0 80 1\n"
		 "0 getpid syscall 0 full 4 0 0 80 1\n0 getpid syscall 0 full 5 0 0 80 1\n"
		 "0 getpid syscall 0 full 6 0 0 80 1\n0 getpid syscall 0 full 7 0 0 80 1\n"
		 "0 getpid syscall 0 full 8 0 0 80 1\n0 getpid syscall 0 full 9 0 0 80 1\n"
		 "0 getpid syscall 0 full 10 0 0 80 1\n0 getpid syscall 0 full 11 0 0 80 1\n");
	rc = read_all(p, 0, &g);
	CHECK(rc < 0 && strstr(g.err, "truncated"), "a cut samples=12: rc %d: %s", rc, g.err);
	done("a whole end line without its final newline is complete");

	p = file("noend", "0 getpid syscall 0 full 0 0 0 80 1\n");
	refused("no end line (the writer died at a line's end)", p, 0,
		"truncated: no '#% end:' line");
	run("no end line, allow_incomplete");
	rc = read_all(p, 1, &g);
	CHECK(rc == 0 && g.n == 1 && g.end == RESULTS_TRUNCATED && !g.partial,
	      "rc %d end %s partial %d", rc, results_end_name(g.end), g.partial);
	done("no end line, allow_incomplete");
}

static void test_refusals(void)
{
	char big[20000], *q;
	const char *p;
	size_t i, o;

	refused("a missing file", path_of("nosuch"), 1, "No such file");
	refused("an empty file", write_lit("empty", ""), 1, "empty file");
	refused("not a results file", write_lit("text", "hello\n"), 1,
		"not a bench-syscall results file");
	refused("a newer version", write_lit("v2", "#bench-syscall-results 2\n"), 1,
		"format version 2 is newer");
	/* nightly's reader took "1abc" as version 1 (atoi) */
	refused("version '1abc'", write_lit("1abc", "#bench-syscall-results 1abc\n"), 1,
		"bad version line");
	refused("version ' 1' (two blanks)", write_lit("sp1", "#bench-syscall-results  1\n"), 1,
		"bad version line");
	p = file("count", "0 getpid syscall 0 full 0 0 0 80 1\n#%% end: complete samples=3\n");
	refused("an end line whose samples=N is wrong", p, 1,
		"end line says samples=3 but the file has 1 sample lines");
	p = file("nosamples", "0 getpid syscall 0 full 0 0 0 80 1\n#%% end: complete\n");
	refused("an end line without samples=", p, 1, "end line without samples=N");
	p = file("endword", "#%% end: finished samples=0\n");
	refused("an end line neither complete nor incomplete", p, 1, "neither complete nor incomplete");
	p = file("after", "#%% end: complete samples=0\n0 getpid syscall 0 full 0 0 0 80 1\n");
	refused("data after the end line", p, 1, "data after the end line");
	p = file("cpu32", "4294967296 getpid syscall 0 full 0 0 0 80 1\n#%% end: complete samples=1\n");
	refused("a cpu of 2^32 (nightly's reader wrapped it to 0)", p, 1,
		"cpu '4294967296' is not a CPU number");
	p = file("cpuneg", "-1 getpid syscall 0 full 0 0 0 80 1\n#%% end: complete samples=1\n");
	refused("a negative cpu", p, 1, "is not a CPU number");
	p = file("ctxsw", "0 getpid syscall 0 full 0 -1 0 80 1\n#%% end: complete samples=1\n");
	refused("a negative ctxsw", p, 1, "must be non-negative integers");
	p = file("block", "0 getpid syscall 1.5 full 0 0 0 80 1\n#%% end: complete samples=1\n");
	refused("a block that is not an integer", p, 1, "must be non-negative integers");
	p = file("nan", "0 getpid syscall 0 full 0 0 0 nan 1\n#%% end: complete samples=1\n");
	refused("a NaN value", p, 1, "column 'cycles': 'nan' is not a finite number");
	p = file("inf2", "0 getpid syscall 0 full 0 0 0 80 inf\n#%% end: complete samples=1\n");
	refused("an infinite second metric", p, 1, "column 'ns': 'inf' is not a finite number");
	p = file("fields", "0 getpid syscall 0 full 0 0 0 80\n#%% end: complete samples=1\n");
	refused("a short sample line", p, 1, ":12: 9 fields, '#% columns:' names 10");
	memset(big, 'x', 80);
	big[80] = 0;
	p = file("longname", "0 %s syscall 0 full 0 0 0 80 1\n#%% end: complete samples=1\n", big);
	refused("a syscall name over 64 bytes", p, 1, "name too long");

	{
		static const char nul[] = "#bench-syscall-results 1\n#% columns: cpu syscall entry block variant seq ctxsw migr ns\n0 getpid syscall 0 - 0 0 0 8\0" "0\n";

		refused("a NUL byte", write_file("nul", nul, sizeof(nul) - 1), 1,
			"nul:3: NUL byte");
	}
	p = write_lit("dup", "#bench-syscall-results 1\n"
		       "#% columns: cpu syscall entry block variant seq ctxsw migr cycles cycles\n");
	refused("a metric column named twice (the first won)", p, 1, "column 'cycles' named twice");
	p = write_lit("fixed", "#bench-syscall-results 1\n"
		       "#% columns: cpu syscall entry variant block seq ctxsw migr ns\n");
	refused("fixed columns out of order", p, 1, "column 4 is 'variant', FORMAT.md says 'block'");
	p = write_lit("nometric", "#bench-syscall-results 1\n"
		       "#% columns: cpu syscall entry block variant seq ctxsw migr\n");
	refused("no metric column", p, 1, "at least one metric");
	p = write_lit("nocols", "#bench-syscall-results 1\n#% label: x\n");
	refused("no columns line", p, 1, "no '#% columns:' line");
	p = write_lit("early", "#bench-syscall-results 1\n0 getpid syscall 0 - 0 0 0 1\n");
	refused("a sample before the columns line", p, 1, "sample line before '#% columns:'");
	p = file("cols2", "#%% columns: cpu syscall entry block variant seq ctxsw migr ns\n");
	refused("a second columns line", p, 1, "second '#% columns:' line");
	p = file("units2", "#%% units: ns\n");
	refused("units after the columns line", p, 1, "'units' after '#% columns:'");
	p = write_lit("metrics", "#bench-syscall-results 1\n#% metrics: ns cycles\n"
		       "#% columns: cpu syscall entry block variant seq ctxsw migr cycles ns\n");
	refused("metrics that disagree with the columns", p, 1,
		"columns do not match '#% metrics: ns cycles'");
	p = write_lit("units", "#bench-syscall-results 1\n#% units: ns\n"
		       "#% columns: cpu syscall entry block variant seq ctxsw migr cycles ns\n");
	refused("one unit for two metrics", p, 1, "does not give one unit per metric column");
	p = file("badkey", "#%% Bad Key: 1\n");
	refused("a metadata key that is not a dotted word", p, 1, "metadata key 'Bad Key'");
	p = file("nokv", "#%% novalue\n");
	refused("a metadata line without 'key: value'", p, 1, "metadata line without 'key: value'");
	p = file("switch", "#%% switch: block=x variant=fast ns=1\n");
	refused("a malformed switch line", p, 1, "malformed switch line");
	{
		static const char h[] = "#bench-syscall-results 1\n#% label: x\n#% colu";

		refused("a file cut in its header", write_file("cuthdr", h, sizeof(h) - 1), 1,
			"truncated in its header");
	}

	/* the most columns: 256 read (nightly's reader stopped at 64), 257 refused */
	for (int ncols = 256; ncols <= 257; ncols++) {
		o = snprintf(big, sizeof(big), "#bench-syscall-results 1\n#%% columns: cpu syscall entry block variant seq ctxsw migr");
		for (i = 8; i < (size_t)ncols; i++)
			o += snprintf(big + o, sizeof(big) - o, " m%zu", i);
		o += snprintf(big + o, sizeof(big) - o, "\n0 getpid syscall 0 - 0 0 0");
		for (i = 8; i < (size_t)ncols; i++)
			o += snprintf(big + o, sizeof(big) - o, " %zu", i);
		o += snprintf(big + o, sizeof(big) - o, "\n#%% end: complete samples=1\n");
		p = write_file(ncols == 256 ? "cols256" : "cols257", big, o);
		if (ncols == 257) {
			refused("257 columns", p, 1, "more than 256 columns");
		} else {
			struct got g;

			run("256 columns (nightly's reader refused more than 64)");
			CHECK(read_all(p, 0, &g) == 0 && g.n == 1 && g.sum == 8, "rc: %s", g.err);
			done("256 columns (nightly's reader refused more than 64)");
		}
	}

	/* a 16 KB metadata line whose tail looks like a sample: one value */
	run("a 16 KB metadata line is one value, its tail no sample");
	o = snprintf(big, sizeof(big), "%s", "#bench-syscall-results 1\n#% note: ");
	memset(big + o, 'a', 16374);
	o += 16374;
	o += snprintf(big + o, sizeof(big) - o, " 0 getpid syscall 0 - 9 0 0 999 1\n"
		      "#%% columns: cpu syscall entry block variant seq ctxsw migr cycles ns\n"
		      "0 getpid syscall 0 - 0 0 0 80 1\n#%% end: complete samples=1\n");
	p = write_file("longmeta", big, o);
	{
		struct results_file *rf;
		struct results_opts opt = { 0 };
		struct results_sample s;
		char err[RESULTS_ERR_LEN];
		size_t n = 0;

		rf = results_open(p, &opt, err, sizeof(err));
		CHECK(rf, "open: %s", err);
		if (rf) {
			q = (char *)results_get(rf, "note");
			CHECK(q && strlen(q) == 16374 + 33 && strstr(q, "999 1"), "note: %zu bytes",
			      q ? strlen(q) : 0);
			while (results_next(rf, &s) > 0)
				n++;
			CHECK(n == 1 && results_end_state(rf) == RESULTS_COMPLETE, "samples %zu: %s",
			      n, results_error(rf));
			results_close(rf);
		}
	}
	done("a 16 KB metadata line is one value, its tail no sample");
}

static void test_design(void)
{
	struct results_opts o = { 0 };
	struct results_sample s;
	struct results_design d;
	struct results_file *rf;
	char err[RESULTS_ERR_LEN];
	const char *p;

	run("resolve keys: read when set, refused when malformed");
	p = write_lit("resolve", "#bench-syscall-results 1\n#% resolve.target: 1%\n"
		       "#% resolve.alpha: 0.05\n#% resolve.n_opt: 300\n"
		       "#% columns: cpu syscall entry block variant seq ctxsw migr ns\n"
		       "#% end: complete samples=0\n");
	rf = results_open(p, &o, err, sizeof(err));
	CHECK(rf, "open: %s", err);
	if (rf) {
		CHECK(results_next(rf, &s) == 0, "%s", results_error(rf));
		CHECK(!results_design(rf, &d), "%s", results_error(rf));
		CHECK(d.resolve && d.resolve_target == 1 && d.resolve_target_pct &&
		      d.resolve_alpha == 0.05 && d.resolve_n_opt == 300 &&
		      isnan(d.resolve_max_seconds) && isnan(d.block_ms), "design values");
		results_close(rf);
	}
	p = write_lit("resolvebad", "#bench-syscall-results 1\n#% resolve.target: 1%\n"
		       "#% resolve.alpha: 0.05\n"
		       "#% columns: cpu syscall entry block variant seq ctxsw migr ns\n");
	rf = results_open(p, &o, err, sizeof(err));
	CHECK(rf && results_design(rf, &d) < 0 && strstr(results_error(rf), "needs both"),
	      "resolve.target without n_opt: %s", rf ? results_error(rf) : err);
	results_close(rf);
	done("resolve keys: read when set, refused when malformed");
}

static void test_plain(void)
{
	struct results_opts o = { .plain = 1 };
	struct results_sample s;
	struct results_file *rf;
	char err[RESULTS_ERR_LEN];
	double sum = 0;
	int rc;

	run("a plain file (opts.plain): one number per line");
	rf = results_open(write_lit("plain", "# comment\n1.5\n\n2.5"), &o, err, sizeof(err));
	CHECK(rf, "open: %s", err);
	while (rf && (rc = results_next(rf, &s)) > 0) {
		CHECK(s.cpu == -1 && !strcmp(s.syscall, "-") && s.block == 0, "plain sample fields");
		sum += s.value[0];
	}
	CHECK(rf && sum == 4 && results_end_state(rf) == RESULTS_PLAIN &&
	      !strcmp(results_metric(rf, 0), "value"), "sum %g", sum);
	results_close(rf);
	rf = results_open(write_lit("plainbad", "1\nabc\n"), &o, err, sizeof(err));
	CHECK(rf && results_next(rf, &s) == 1 && results_next(rf, &s) < 0 &&
	      strstr(results_error(rf), "plainbad:2: 'abc' is not a finite number"),
	      "plain refusal: %s", rf ? results_error(rf) : err);
	results_close(rf);
	done("a plain file (opts.plain): one number per line");
}

static void test_sniff(void)
{
	run("results_sniff: results, other, unreadable");
	CHECK(results_sniff(path_of("good")) == 1, "good");
	CHECK(results_sniff(path_of("text")) == 0, "text");
	CHECK(results_sniff(path_of("empty")) == 0, "empty");
	errno = 0;
	CHECK(results_sniff(path_of("nosuch")) == -1 && errno == ENOENT, "missing");
	/* a directory opens but cannot be read: an error, not "no results" */
	errno = 0;
	CHECK(results_sniff(dir) == -1 && errno == EISDIR, "a directory: errno %d", errno);
	done("results_sniff: results, other, unreadable");
}

/*
 * Streaming: 400000 samples (about 13 MB of text) read through a pipe
 * while the heap in use stays under 1 MB: the reader never holds the file.
 */
static void test_streaming(void)
{
	struct results_opts o = { 0 };
	struct results_sample s;
	struct results_file *rf;
	char err[RESULTS_ERR_LEN];
	size_t n = 0, peak = 0, base;
	FILE *f;
	int rc;

	run("a large file is streamed (heap bounded, not the file's size)");
	f = popen("{ printf '#bench-syscall-results 1\\n#%% columns: cpu syscall entry block variant seq ctxsw migr cycles ns\\n';"
		  " seq 0 399999 | sed 's/.*/0 getpid syscall 0 full & 0 0 80.25 27.00/';"
		  " echo '#% end: complete samples=400000'; }", "r");
	CHECK(f, "popen");
	if (!f) {
		done("streaming");
		return;
	}
	base = mallinfo2().uordblks;
	rf = results_open_stream(f, "<pipe>", &o, err, sizeof(err));
	CHECK(rf, "open: %s", err);
	while (rf && (rc = results_next(rf, &s)) > 0) {
		if (!(n++ % 10000)) {
			size_t used = mallinfo2().uordblks;

			if (used > peak)
				peak = used;
		}
	}
	CHECK(rf && rc == 0 && n == 400000, "n %zu: %s", n, rf ? results_error(rf) : err);
	CHECK(peak - base < (1 << 20), "heap grew by %zu bytes while reading", peak - base);
	results_close(rf);
	pclose(f);
	done("a large file is streamed (heap bounded, not the file's size)");
}

int main(void)
{
	char cmd[64];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_good();
	test_switch();
	test_ends();
	test_refusals();
	test_design();
	test_plain();
	test_sniff();
	test_streaming();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		fprintf(stderr, "warning: could not remove %s\n", dir);
	printf("test-reader: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
