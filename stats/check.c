// SPDX-License-Identifier: GPL-2.0
/*
 * bench-stat --check FILE...: is each file a results file bench-stat
 * reads, and what is in it?  The one "is this a results file" test of the
 * suite: scripts ask this instead of looking at the file themselves.
 *
 * Each file is read on its own through the reader (results.c), every
 * variant a side of its own so that a dual-kernel file is valid as it is.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bs.h"

struct check {
	int ok;			/* a valid results file (at this allow_incomplete) */
	size_t samples;		/* sample lines, disturbed ones included */
	size_t cells;		/* cpu x syscall x entry cells of the file */
	const char *end;	/* complete, incomplete, truncated */
	char error[sizeof(bs_err)];
};

/* 0: read; -1: the reader's error in bs_err */
static int read_file(const char *path, int allow_incomplete, struct check *c)
{
	static struct side sides[BS_MAX_SIDES];
	struct load_opts lo = { .cpu = -1, .allow_incomplete = allow_incomplete };
	size_t n = 0, i, k;
	FILE *f = fopen(path, "r");
	int rc;

	if (!f) {
		snprintf(bs_err, sizeof(bs_err), "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = load_by_variant_stream(sides, &n, BS_MAX_SIDES, f, path, &lo);
	fclose(f);
	if (!rc && n && sides[0].plain) {
		snprintf(bs_err, sizeof(bs_err),
			 "%s:1: not a results file (no '#bench-syscall-results' first line)",
			 path);
		rc = -1;
	}
	c->samples = c->cells = 0;
	c->end = rc ? NULL : "complete";
	for (i = 0; !rc && i < n; i++) {
		for (k = 0; k < sides[i].ncells; k++)
			c->samples += sides[i].cells[k].n + sides[i].cells[k].dropped;
		if (sides[i].finfo)
			c->cells = sides[i].finfo[0].ncells;
	}
	for (i = 0; i < n; i++)
		side_free(&sides[i]);
	return rc;
}

/*
 * The reader refuses an unfinished file with its reason unless told to
 * use it: read strictly, and again with allow_incomplete to learn what
 * is in a file refused for being unfinished only.
 */
static void check_one(const char *path, int allow_incomplete, struct check *c)
{
	int unfinished;

	memset(c, 0, sizeof(*c));
	if (!read_file(path, 0, c)) {
		c->ok = 1;
		return;
	}
	snprintf(c->error, sizeof(c->error), "%s", bs_err);
	unfinished = strstr(bs_err, ": incomplete run (") ? 1 :
		     strstr(bs_err, ": truncated: ") ? 2 : 0;
	if (!unfinished || read_file(path, 1, c))
		return;
	c->end = unfinished == 1 ? "incomplete" : "truncated";
	c->ok = allow_incomplete;
	if (c->ok)
		c->error[0] = 0;
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
		fprintf(f, ", \"ok\": %s, ", c.ok ? "true" : "false");
		if (c.end) {
			fprintf(f, "\"samples\": %zu, \"cells\": %zu, \"end\": \"%s\", ",
				c.samples, c.cells, c.end);
		} else {
			fputs("\"samples\": null, \"cells\": null, \"end\": null, ", f);
		}
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
