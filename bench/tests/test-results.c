// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of the results writer: write a run through results.c, read it
 * back with a parser written here from results/FORMAT.md alone, compare
 * every value; the temporary file must be gone, the end line right, and
 * nested result directories created.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../bench.h"
#include "check.h"

#define N 257

static double value(int i)
{
	return 1000.0 + i * 0.125;	/* it and half of it: exact in %.4f */
}

static void write_run(const char *path, const char *reason)
{
	char err[256], line[256];
	struct results *r = results_open(path, err, sizeof(err));
	int i;

	CHECK(r != NULL, "results_open");
	if (!r)
		exit(1);
	fprintf(results_file(r), "#bench-syscall-results 1\n#%% label: t\n"
		"#%% metrics: cycles ns\n#%% columns: cpu syscall entry block "
		"variant seq ctxsw migr cycles ns\n");
	for (i = 0; i < N; i++) {
		snprintf(line, sizeof(line), "%d getpid syscall 0 - %d %d 0 "
			 "%.4f %.4f\n", i % 2, i, i % 7 == 0, value(i),
			 value(i) / 2);
		results_sample(r, line);
	}
	CHECK(results_count(r) == N, "results_count");
	CHECK(results_close(r, reason, err, sizeof(err)) == 0,
	      "results_close");
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

int main(void)
{
	char dir[] = "/tmp/bench-results-XXXXXX", path[512], tmp[600];
	char end[128], expect[128];

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/a/b/c/run.txt", dir);
	snprintf(tmp, sizeof(tmp), "%s*.tmp", path);	/* PATH.XXXXXX.tmp */

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

	CHECK(mkdir_p("/proc/version/x") == -1, "mkdir_p under a file fails");
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	if (system(path))
		failed++;
	printf("%s test-results: %d checks passed, %d failed\n",
	       failed ? "FAIL" : "PASS", pass, failed);
	return failed != 0;
}
