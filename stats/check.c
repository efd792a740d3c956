// SPDX-License-Identifier: GPL-2.0
/*
 * bench-stat --check FILE...: is each file a results file bench-stat
 * reads, and what is in it?  The one "is this a results file" test of the
 * suite: scripts ask this instead of looking at the file themselves.
 *
 * Each file is read on its own through libresults (results/results.h),
 * with every check bench-stat applies when it reads a side; an unfinished
 * run (incomplete or truncated) is read to its end and counts as valid
 * only with allow_incomplete.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bs.h"
#include "results.h"

struct check {
	int ok;			/* a valid results file (at this allow_incomplete) */
	int read;		/* read to its end: samples, cells, end are known */
	int results;		/* a results file (valid or broken), not a plain or empty one */
	size_t samples;		/* sample lines, disturbed ones included */
	size_t cells;		/* cpu x syscall x entry cells of the file */
	const char *end;	/* complete, incomplete, truncated */
	char error[RESULTS_ERR_LEN + 160];
};

/*
 * Not a results file at all: an empty file, or one the reader takes as a
 * plain list of numbers (no version line).  Anything else that failed to
 * open is a results file that is broken (or one that cannot be read).
 */
static int is_results_file(const char *path)
{
	struct results_opts o = { .allow_incomplete = 1, .plain = 1 };
	struct results_file *rf;
	struct stat st;
	char err[RESULTS_ERR_LEN];
	int plain;

	if (!stat(path, &st) && S_ISREG(st.st_mode) && !st.st_size)
		return 0;
	rf = results_open(path, &o, err, sizeof(err));
	if (!rf)
		return 1;
	plain = results_is_plain(rf);
	results_close(rf);
	return !plain;
}

static void check_one(const char *path, int allow_incomplete, struct check *c)
{
	struct results_opts o = { .allow_incomplete = 1 };
	struct results_sample s;
	struct results_file *rf;
	struct strmap cells = { 0 };
	char key[3 * RESULTS_MAX_WORD + 32];
	size_t dummy;
	enum results_end end;
	int rc;

	memset(c, 0, sizeof(*c));
	rf = results_open(path, &o, c->error, sizeof(c->error));
	if (!rf) {
		c->results = is_results_file(path);
		return;
	}
	c->results = 1;
	while ((rc = results_next(rf, &s)) > 0) {
		snprintf(key, sizeof(key), "%ld %s %s", (long)s.cpu, s.syscall, s.entry);
		if (!strmap_get(&cells, key, &dummy) && strmap_put(&cells, key, 0)) {
			snprintf(c->error, sizeof(c->error), "%s: out of memory", path);
			goto out;
		}
	}
	if (rc < 0) {
		snprintf(c->error, sizeof(c->error), "%s", results_error(rf));
		goto out;
	}
	end = results_end_state(rf);
	c->read = 1;
	c->samples = results_samples(rf);
	c->cells = cells.len;
	c->end = results_end_name(end);
	c->ok = end == RESULTS_COMPLETE || allow_incomplete;
	if (!c->ok)
		snprintf(c->error, sizeof(c->error), "%s: %s; use --allow-incomplete to use its samples",
			 path, end == RESULTS_INCOMPLETE ?
			 "incomplete run (end line says incomplete)" :
			 "truncated: no '#% end:' line (the writer died)");
out:
	strmap_free(&cells);
	results_close(rf);
}

int check_files(FILE *f, char *const *paths, size_t n, int allow_incomplete,
		int json)
{
	struct check c;
	size_t i;
	int bad = 0;

	if (json)
		fputs("{\"files\": [\n", f);
	for (i = 0; i < n; i++) {
		check_one(paths[i], allow_incomplete, &c);
		bad |= !c.ok;
		if (!json) {
			if (!c.ok)
				fprintf(f, "%s\n", c.error);
			else
				fprintf(f, "%s: ok, %zu samples, %zu cells%s%s\n", paths[i],
					c.samples, c.cells, strcmp(c.end, "complete") ? ", " : "",
					strcmp(c.end, "complete") ? c.end : "");
			continue;
		}
		fputs(i ? ",\n  {\"path\": " : "  {\"path\": ", f);
		json_str(f, paths[i]);
		fprintf(f, ", \"ok\": %s, \"results\": %s, ", c.ok ? "true" : "false",
			c.results ? "true" : "false");
		if (c.read)
			fprintf(f, "\"samples\": %zu, \"cells\": %zu, \"end\": \"%s\", ",
				c.samples, c.cells, c.end);
		else
			fputs("\"samples\": null, \"cells\": null, \"end\": null, ", f);
		fputs("\"error\": ", f);
		if (c.ok)
			fputs("null", f);
		else
			json_str(f, c.error);
		fputs("}", f);
	}
	if (json)
		fputs(n ? "\n]}\n" : "]}\n", f);
	return bad ? 2 : 0;
}
