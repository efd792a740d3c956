// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of record.c: a results file read through the results library
 * and summarised per cell (the reader's own checks are tested in
 * results/tests/test-reader.c; the refusals here are the record path's).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <gsl/gsl_errno.h>

#include "history.h"

static int failures;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);	\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		failures++;						\
	}								\
} while (0)

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static const char good[] =
	"#bench-syscall-results 1\n"
	"#% label: t\n#% clock: tsc\n#% unit: cycles\n"
	"#% host: h1\n#% kernel.cmdline: BOOT_IMAGE=/vmlinuz-6.1 quiet ro\n"
	"#% cpu.vuln.b: x\n#% cpu.vuln.a: y\n"
	"#% some.future.key: ignored\n"
	"#% columns: cpu syscall entry block variant seq ctxsw migr cycles ns\n";

static void test_reader(const char *dir)
{
	char path[512], path2[512], err[1024], body[8192];
	struct recorded r;
	struct env e, e2;
	size_t o, i;
	int rc;

	snprintf(path, sizeof(path), "%s/a.txt", dir);
	o = snprintf(body, sizeof(body), "%s", good);
	/* cell getpid/cpu0: values 1..100 in blocks 0 and 1, + 3 disturbed */
	for (i = 1; i <= 100; i++)
		o += snprintf(body + o, sizeof(body) - o,
			      "0 getpid syscall %zu - %zu 0 0 %zu.0 1.0\n",
			      i % 2, i, i);
	o += snprintf(body + o, sizeof(body) - o,
		      "0 getpid syscall 0 - 101 1 0 9999 1\n"
		      "0 getpid syscall 0 - 102 0 2 9999 1\n"
		      "1 getpid syscall 0 - 0 0 0 7 1\n"
		      "#%% end: complete samples=103\n");
	write_file(path, body);
	rc = record_read(path, &r, 0, err, sizeof(err));
	CHECK(rc == 0, "read: %s", err);
	if (rc)
		return;
	record_summarise(&r, 95);
	CHECK(r.ncells == 2, "cells %zu", r.ncells);
	CHECK(!strcmp(r.metric, "cycles"), "metric %s", r.metric);
	CHECK(r.cells[0].n == 100 && r.cells[0].dropped == 2,
	      "n %zu dropped %zu", r.cells[0].n, r.cells[0].dropped);
	/* median of 1..100 = 50.5; mean 50.5; CI = x(40), x(61) */
	CHECK(fabs(r.cells[0].median - 50.5) < 1e-9, "median %g", r.cells[0].median);
	CHECK(fabs(r.cells[0].mean - 50.5) < 1e-9, "mean %g", r.cells[0].mean);
	CHECK(r.cells[0].ci_lo == 40 && r.cells[0].ci_hi == 61, "ci %g %g",
	      r.cells[0].ci_lo, r.cells[0].ci_hi);
	/* block 0 = even 2..100 (median 51), block 1 = odd 1..99 (median 50) */
	CHECK(!strcmp(r.cells[0].block_medians, "51,50"), "blocks %s",
	      r.cells[0].block_medians);
	env_from_results(&r, &e);
	CHECK(!strcmp(e.cmdline, "quiet ro"), "cmdline '%s'", e.cmdline);
	CHECK(!strcmp(e.mitigations, "a=y; b=x"), "mitigations '%s'", e.mitigations);
	record_free(&r);

	/* another boot image, same command line: same environment */
	snprintf(path2, sizeof(path2), "%s/b.txt", dir);
	snprintf(body, sizeof(body), "%s0 getpid syscall 0 - 0 0 0 1 1\n#%% end: complete samples=1\n", good);
	*strstr(body, "6.1") = '7';
	write_file(path2, body);
	rc = record_read(path2, &r, 0, err, sizeof(err));
	CHECK(rc == 0, "read b: %s", err);
	env_from_results(&r, &e2);
	CHECK(!strcmp(e.cmdline_hash, e2.cmdline_hash), "cmdline hash differs");
	record_free(&r);
}

static void expect_refused(const char *dir, const char *name, const char *text,
			   const char *why)
{
	char path[512], err[1024] = "";
	struct recorded r;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	write_file(path, text);
	rc = record_read(path, &r, 0, err, sizeof(err));
	CHECK(rc != 0, "%s accepted", name);
	CHECK(strstr(err, why) != NULL, "%s: error '%s' lacks '%s'", name, err, why);
	record_free(&r);
}

static void test_refusals(const char *dir)
{
	char body[4096], path[512], err[1024];
	struct recorded r;
	int rc;

	snprintf(body, sizeof(body), "%s0 getpid syscall 0 - 0 0 0 1 1\n", good);
	expect_refused(dir, "trunc", body, "truncated");
	snprintf(body, sizeof(body), "%s0 getpid syscall 0 - 0 0 0 1 1\n#%% end: incomplete reason=SIGINT samples=1\n", good);
	expect_refused(dir, "incomplete", body, "incomplete");
	/* the record path's own: a valid file with nothing to record */
	snprintf(body, sizeof(body), "%s#%% end: complete samples=0\n", good);
	expect_refused(dir, "nosamples", body, "no samples");
	/* the library's refusals reach record's caller with FILE:LINE */
	snprintf(body, sizeof(body), "%s0 getpid syscall 0 - 0 0 0 abc 1\n#%% end: complete samples=1\n", good);
	expect_refused(dir, "badnum", body, "badnum:11: column 'cycles': 'abc' is not a finite number");

	/* blocks are kept in an int: one beyond INT_MAX is refused, not wrapped */
	snprintf(body, sizeof(body), "%s0 getpid syscall 2147483648 - 0 0 0 1 1\n#%% end: complete samples=1\n", good);
	expect_refused(dir, "bigblock", body, "bigblock:11: block 2147483648: bench-history records blocks up to 2147483647");

	/* a cut last line with allow_incomplete: the whole lines, truncated */
	snprintf(path, sizeof(path), "%s/cut.txt", dir);
	snprintf(body, sizeof(body), "%s0 getpid syscall 0 - 0 0 0 1 1\n0 getpid syscall 0 - 1 0 0 3 1\n0 getpid sys", good);
	write_file(path, body);
	rc = record_read(path, &r, 1, err, sizeof(err));
	CHECK(rc == 0 && r.ncells == 1 && r.cells[0].n == 2 && r.partial_line,
	      "cut file: rc %d: %s", rc, err);
	if (!rc)
		record_free(&r);
}

/* A GSL error while a file is recorded names the file and exits 2. */
static void test_gsl_error(const char *dir)
{
	char path[512], err[1024], msg[1024] = "", body[2048];
	struct recorded r;
	int fd[2], status = 0;
	ssize_t n;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/gsl.txt", dir);
	snprintf(body, sizeof(body), "%s0 getpid syscall 0 - 0 0 0 1 1\n#%% end: complete samples=1\n", good);
	write_file(path, body);
	if (pipe(fd)) {
		perror("pipe");
		exit(1);
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		dup2(fd[1], 2);
		if (record_read(path, &r, 0, err, sizeof(err)) == 0)
			gsl_error("forced", "test-results.c", 1, GSL_EDOM);
		_exit(0);
	}
	close(fd[1]);
	n = read(fd[0], msg, sizeof(msg) - 1);
	msg[n > 0 ? n : 0] = 0;
	close(fd[0]);
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 2, "GSL error: status %d", status);
	CHECK(strstr(msg, path) && strstr(msg, "GSL error") && strstr(msg, "nothing recorded"),
	      "GSL error message '%s' does not name %s", msg, path);
}

int main(void)
{
	char dir[] = "/tmp/test-results.XXXXXX";
	char cmd[64];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_reader(dir);
	test_refusals(dir);
	test_gsl_error(dir);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		fprintf(stderr, "warning: could not remove %s\n", dir);
	if (failures) {
		fprintf(stderr, "test-results: %d failure(s)\n", failures);
		return 1;
	}
	printf("test-results: all passed\n");
	return 0;
}
