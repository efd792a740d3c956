// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of the results writer (writer.c): write a run, read it back
 * with a parser written here from FORMAT.md alone, compare every value; the
 * temporary file must be gone, the end line right, nested result
 * directories created.  Every line kind is also compared byte for byte
 * with what bench-syscall wrote before the writer moved here (the strings
 * below are lines of files written by bench-syscall c01f668).
 * Output: the kernel selftests' [RUN]/[OK]/[FAIL] lines.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../results.h"
#include "../writer.h"

static int pass, failed, failed_before;
static const char *current;

/* one [RUN] ... [OK]/[FAIL] group per part of the writer */
static void run(const char *name)
{
	if (current && failed == failed_before)
		printf("[OK]\t%s\n", current);
	current = name;
	failed_before = failed;
	if (name)
		printf("[RUN]\t%s\n", name);
}

#define CHECK(cond, what) do {						\
		if (cond) {						\
			pass++;						\
		} else {						\
			failed++;					\
			printf("[FAIL]\t%s: %s (%s:%d)\n", current, what,	\
			       __FILE__, __LINE__);			\
		}							\
	} while (0)

#define N 257

static double value(int i)
{
	return 1000.0 + i * 0.125;	/* it and half of it: exact in %.4f */
}

static void write_run(const char *path, const char *reason)
{
	static const char *const names[] = { "cycles", "ns" };
	static const char *const units[] = { "cycles", "ns" };
	char err[256];
	struct results_writer *r = results_writer_open(path, err, sizeof(err));
	double v[2];
	struct results_row row = {
		.syscall = "getpid", .entry = "syscall", .variant = "-",
		.value = v, .nvalue = 2,
	};
	int i;

	CHECK(r != NULL, "results_writer_open");
	if (!r)
		exit(1);
	results_write_version(r);
	results_write_key(r, "label", "%s", "t");
	results_write_metrics(r, names, units, 2);
	for (i = 0; i < N; i++) {
		row.cpu = i % 2;
		row.seq = i;
		row.ctxsw = i % 7 == 0;
		v[0] = value(i);
		v[1] = value(i) / 2;
		results_write_sample(r, &row);
	}
	CHECK(results_writer_samples(r) == N, "results_writer_samples");
	CHECK(results_writer_close(r, reason, err, sizeof(err)) == 0,
	      "results_writer_close");
}

/* Independent reader: returns samples read, -1 on a format error. */
static int read_run(const char *path, char *end, size_t elen)
{
	char line[1024], sys[32], ent[32], var[32];
	FILE *f = fopen(path, "r");
	int n = 0, cpu, block, seq, cs, mig, version = 0;
	double cyc, ns;

	if (!f)
		return -1;
	end[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "#bench-syscall-results ", 23)) {
			version = atoi(line + 23);
			continue;
		}
		if (!strncmp(line, "#% end: ", 8)) {
			snprintf(end, elen, "%.100s", line + 8);
			end[strcspn(end, "\n")] = '\0';
			continue;
		}
		if (line[0] == '#')
			continue;
		if (end[0] || version != 1 ||
		    sscanf(line, "%d %31s %31s %d %31s %d %d %d %lf %lf", &cpu,
			   sys, ent, &block, var, &seq, &cs, &mig, &cyc,
			   &ns) != 10 ||
		    seq != n || cpu != n % 2 || cs != (n % 7 == 0) ||
		    cyc != value(n) || ns != value(n) / 2 ||
		    strcmp(sys, "getpid")) {
			fclose(f);
			return -1;
		}
		n++;
	}
	fclose(f);
	return n;
}

/* how many files match PATTERN (the run's temporary files) */
static size_t tmp_files(const char *pattern)
{
	glob_t g;
	size_t n;

	if (glob(pattern, 0, NULL, &g))
		return 0;
	n = g.gl_pathc;
	globfree(&g);
	return n;
}

static char *slurp(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

/* Every kind of line, byte for byte: lines bench-syscall c01f668 wrote. */
static void lines_byte_exact(const char *dir)
{
	static const char *const names[] = { "task-clock", "task-clock:u",
					      "task-clock:k", "ns" };
	static const char *const units[] = { "count", "count", "count", "ns" };
	static const char expect[] =
		"#bench-syscall-results 1\n"
		"#% label: L\n"
		"#% blocks: 4\n"
		"#% kernel.cmdline: a b c\n"
		"#% isolcpus: -\n"
		"#% metrics: task-clock task-clock:u task-clock:k ns\n"
		"#% units: count count count ns\n"
		"#% columns: cpu syscall entry block variant seq ctxsw migr "
		"task-clock task-clock:u task-clock:k ns\n"
		"#% switch: block=1 variant=pad=2 ns=30\n"
		"0 getppid syscall 1 pad=2 0 0 0 187.7500\n"
		"0 getpid syscall 0 - 1 0 0 339.8600 -0.0000 326.0938 "
		"218.9200\n"
		"#% resolve.result: resolved rounds=30 seconds=0.101\n"
		"#% end: incomplete reason=SIGTERM samples=2\n";
	char path[512], err[256];
	struct results_writer *w;
	double one = 187.75, four[] = { 339.86, -0.00001, 326.09375,
					218.92 };
	struct results_row a = { 0, "getppid", "syscall", "pad=2", 1, 0, 0,
				 0, &one, 1 };
	struct results_row b = { 0, "getpid", "syscall", "-", 0, 1, 0, 0,
				 four, 4 };

	run("every line kind, byte for byte as bench-syscall wrote it");
	snprintf(path, sizeof(path), "%s/exact.txt", dir);
	w = results_writer_open(path, err, sizeof(err));
	CHECK(w != NULL, err);
	if (!w)
		return;
	results_write_version(w);
	results_write_key(w, "label", "%s", "L");
	results_write_key(w, "blocks", "%lu", 4ul);
	/* one line: leading blanks cut, newline and tab made spaces,
	 * trailing white space cut, empty written as "-" */
	results_write_key(w, "kernel.cmdline", "  a\nb\tc \n");
	results_write_key(w, "isolcpus", "%s", "");
	results_write_metrics(w, names, units, 4);
	results_write_switch(w, 1, "pad=2", 30);
	results_write_sample(w, &a);
	results_write_sample(w, &b);
	results_write_key(w, "resolve.result", "%s rounds=%lu seconds=%.3f",
			  "resolved", 30ul, 0.1014);
	CHECK(results_writer_samples(w) == 2, "two samples counted");
	CHECK(results_writer_close(w, "SIGTERM", err, sizeof(err)) == 0, err);
	CHECK(!strcmp(slurp(path), expect), "the bytes written");
	if (strcmp(slurp(path), expect))
		printf("got:\n%s\nexpected:\n%s", slurp(path), expect);
}

/* What the writer writes, the one reader reads: every value back. */
static void through_the_reader(const char *dir)
{
	static const char *const names[] = { "cycles", "ns" };
	static const char *const units[] = { "cycles", "ns" };
	char path[512], err[512], longest[RESULTS_MAX_WORD + 1];
	struct results_writer *w;
	struct results_file *rf;
	struct results_sample s;
	double v[2];
	struct results_row row = { .syscall = "getppid", .entry = "int80",
				   .value = v, .nvalue = 2 };
	int i, n = 0, ok = 1, r;

	run("written here, read back by the one reader (results.h)");
	memset(longest, 'v', RESULTS_MAX_WORD);
	longest[RESULTS_MAX_WORD] = '\0';
	CHECK(results_word_invalid(longest) == NULL,
	      "a word of RESULTS_MAX_WORD bytes is a word");
	snprintf(path, sizeof(path), "%s/reader.txt", dir);
	w = results_writer_open(path, err, sizeof(err));
	CHECK(w != NULL, err);
	if (!w)
		return;
	results_write_version(w);
	results_write_key(w, "label", "%s", "round-trip");
	results_write_key(w, "variants", "pad=0,%s", longest);
	results_write_metrics(w, names, units, 2);
	for (i = 0; i < 100; i++) {
		if (i % 50 == 0)
			results_write_switch(w, i / 50, i ? longest : "pad=0",
					     123);
		row.cpu = i % 3;
		row.block = i / 50;
		row.variant = i < 50 ? "pad=0" : longest;
		row.seq = i % 50;
		row.ctxsw = i % 11 == 0;
		row.migr = i % 13 == 0;
		v[0] = 100 + i * 0.0625;
		v[1] = i / 8.0;
		results_write_sample(w, &row);
	}
	CHECK(results_writer_close(w, NULL, err, sizeof(err)) == 0, err);
	rf = results_open(path, NULL, err, sizeof(err));
	CHECK(rf != NULL, err);
	if (!rf)
		return;
	while ((r = results_next(rf, &s)) == 1) {
		ok &= s.cpu == n % 3 && !strcmp(s.syscall, "getppid") &&
		      !strcmp(s.entry, "int80") && s.block == n / 50 &&
		      !strcmp(s.variant, n < 50 ? "pad=0" : longest) &&
		      s.seq == n % 50 && s.ctxsw == (n % 11 == 0) &&
		      s.migr == (n % 13 == 0) &&
		      s.value[0] == 100 + n * 0.0625 && s.value[1] == n / 8.0;
		n++;
	}
	CHECK(r == 0, results_error(rf));
	CHECK(n == 100, "every sample read");
	CHECK(ok, "every field as written");
	CHECK(results_end_state(rf) == RESULTS_COMPLETE, "complete");
	CHECK(results_nmetrics(rf) == 2, "two metrics");
	CHECK(results_label(rf) && !strcmp(results_label(rf), "round-trip"),
	      "the label");
	results_close(rf);
}

static void words(void)
{
	run("results_word_invalid: what a label or variant may be");
	CHECK(results_word_invalid("pad=0~2") == NULL, "pad=0~2 is a word");
	CHECK(results_word_invalid("6.1.0-full") == NULL, "a release is");
	CHECK(results_word_invalid("") != NULL, "empty is refused");
	CHECK(results_word_invalid(NULL) != NULL, "NULL is refused");
	CHECK(results_word_invalid("a b") != NULL &&
	      strstr(results_word_invalid("a b"), "space"), "a space");
	CHECK(results_word_invalid("a\nb") != NULL &&
	      strstr(results_word_invalid("a\nb"), "newline"), "a newline");
	CHECK(results_word_invalid("a\tb") != NULL &&
	      strstr(results_word_invalid("a\tb"), "0x09"), "a tab");
	CHECK(results_word_invalid("caf\xc3\xa9") != NULL, "UTF-8 é");
	CHECK(results_word_invalid("a\x7f") != NULL, "DEL");
	{
		char w65[RESULTS_MAX_WORD + 2];

		memset(w65, 'x', sizeof(w65) - 1);
		w65[sizeof(w65) - 1] = '\0';
		CHECK(results_word_invalid(w65) != NULL &&
		      strstr(results_word_invalid(w65), "longer"),
		      "longer than the reader takes");
	}
}

int main(void)
{
	char dir[] = "/tmp/bench-results-XXXXXX", path[512], tmp[600];
	char end[128], expect[128];

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/a/b/c/run.txt", dir);
	snprintf(tmp, sizeof(tmp), "%s*.tmp", path);	/* PATH.XXXXXX.tmp */

	run("a run written and read back");
	write_run(path, NULL);
	CHECK(read_run(path, end, sizeof(end)) == N, "complete: all samples");
	snprintf(expect, sizeof(expect), "complete samples=%d", N);
	CHECK(!strcmp(end, expect), "complete: end line");
	CHECK(tmp_files(tmp) == 0, "complete: no .tmp left");

	write_run(path, "SIGINT");
	CHECK(read_run(path, end, sizeof(end)) == N, "incomplete: samples");
	snprintf(expect, sizeof(expect), "incomplete reason=SIGINT samples=%d",
		 N);
	CHECK(!strcmp(end, expect), "incomplete: end line");
	CHECK(tmp_files(tmp) == 0, "incomplete: no .tmp left");

	run("refused paths");
	{
		char err2[256];

		CHECK(results_writer_open("/proc/version/x/r.txt", err2,
					  sizeof(err2)) == NULL &&
		      strstr(err2, "cannot create"),
		      "a directory under a file cannot be made");
		CHECK(results_writer_open(dir, err2, sizeof(err2)) == NULL &&
		      strstr(err2, "is a directory"), "a directory is refused");
	}
	lines_byte_exact(dir);
	through_the_reader(dir);
	words();
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	if (system(path))
		failed++;
	run(NULL);
	printf("%s\ttest-writer: %d checks passed, %d failed\n",
	       failed ? "[FAIL]" : "[OK]", pass, failed);
	return failed != 0;
}
