// SPDX-License-Identifier: GPL-2.0
/*
 * bench-history bisect-hint: which change points can be bisected.  A change
 * point (bench-history changepoints --json) whose two runs are kernels built
 * from one source tree (runs.kernel_tree, SCHEMA.md) at two different
 * commits, and which made the cell slower, is one scripts/bisect-kernels
 * run: --src TREE --good BEFORE --bad AFTER.  One line per (tree, good, bad),
 * for the cell with the largest step (TSV):
 *	tree good bad syscall shift_pct before_run after_run
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "history.h"

#define EXIT_BAD 2

struct hint {
	char tree[4096], good[128], bad[128], syscall[64];
	double shift_pct;
	long before, after;
};

struct kv2 {
	char tree[4096], commit[128];
	int found;
};

static int tree_row(void *arg, int ncol, char **v)
{
	struct kv2 *k = arg;

	if (ncol < 2)
		return 1;
	k->found = 1;
	snprintf(k->tree, sizeof(k->tree), "%s", v[0] ? v[0] : "");
	snprintf(k->commit, sizeof(k->commit), "%s", v[1] ? v[1] : "-");
	return 0;
}

static int run_tree(struct db *db, long id, struct kv2 *k)
{
	char num[24];
	const char *p[1] = { num };

	snprintf(num, sizeof(num), "%ld", id);
	memset(k, 0, sizeof(*k));
	return db_query(db, "SELECT kernel_tree, kernel_commit FROM runs WHERE id=$1",
			1, p, tree_row, k);
}

int cmd_bisect_hint(struct db *db, int argc, char **argv)
{
	json_error_t je;
	json_t *root, *series, *s, *cps, *c;
	struct hint *h = NULL;
	size_t nh = 0, cap = 0, i, j, k;
	int ret = EXIT_BAD;

	if (argc != 2) {
		fprintf(stderr, "usage: bench-history bisect-hint CHANGEPOINTS-JSON\n");
		return EXIT_BAD;
	}
	root = json_load_file(argv[1], 0, &je);
	if (!root) {
		fprintf(stderr, "bench-history: bisect-hint: %s: line %d: %s\n", argv[1],
			je.line, je.text);
		return EXIT_BAD;
	}
	series = json_object_get(root, "series");
	if (!json_is_array(series)) {
		fprintf(stderr, "bench-history: bisect-hint: %s: no \"series\" "
			"(want bench-history changepoints --json)\n", argv[1]);
		goto out;
	}
	json_array_foreach(series, i, s) {
		cps = json_object_get(s, "changepoints");
		json_array_foreach(cps, j, c) {
			long b = (long)json_integer_value(json_object_get(json_object_get(c, "before"), "run"));
			long a = (long)json_integer_value(json_object_get(json_object_get(c, "after"), "run"));
			double pct = json_number_value(json_object_get(c, "shift_pct"));
			const char *sc = json_string_value(json_object_get(s, "syscall"));
			struct kv2 kb, ka;

			if (!json_is_true(json_object_get(c, "kernel_changed")) || !(pct > 0))
				continue;	/* the same kernel, or faster: nothing to bisect */
			if (run_tree(db, b, &kb) || run_tree(db, a, &ka)) {
				fprintf(stderr, "bench-history: bisect-hint: %s\n", db->err);
				goto out;
			}
			if (!kb.found || !ka.found || !kb.tree[0] || strcmp(kb.tree, ka.tree) ||
			    !strcmp(kb.commit, "-") || !strcmp(ka.commit, "-") ||
			    !strcmp(kb.commit, ka.commit))
				continue;	/* not two commits of one tree */
			for (k = 0; k < nh; k++)
				if (!strcmp(h[k].tree, kb.tree) && !strcmp(h[k].good, kb.commit) &&
				    !strcmp(h[k].bad, ka.commit))
					break;
			if (k == nh) {
				if (room((void **)&h, &cap, nh, sizeof(*h))) {
					fprintf(stderr, "bench-history: out of memory\n");
					goto out;
				}
				memset(&h[nh], 0, sizeof(h[nh]));
				h[nh].shift_pct = -1;
				nh++;
			}
			if (pct > h[k].shift_pct) {
				snprintf(h[k].tree, sizeof(h[k].tree), "%s", kb.tree);
				snprintf(h[k].good, sizeof(h[k].good), "%s", kb.commit);
				snprintf(h[k].bad, sizeof(h[k].bad), "%s", ka.commit);
				snprintf(h[k].syscall, sizeof(h[k].syscall), "%s", sc ? sc : "getppid");
				h[k].shift_pct = pct;
				h[k].before = b;
				h[k].after = a;
			}
		}
	}
	for (k = 0; k < nh; k++)
		printf("%s\t%s\t%s\t%s\t%.2f\t%ld\t%ld\n", h[k].tree, h[k].good, h[k].bad,
		       h[k].syscall, h[k].shift_pct, h[k].before, h[k].after);
	ret = 0;
out:
	free(h);
	json_decref(root);
	return ret;
}
