// SPDX-License-Identifier: GPL-2.0
/*
 * The nightly regression policy.  A cell is a REGRESSION when tonight is
 * slower than the baseline, significantly so at the run level (bench-stat;
 * with CORRECTION=holm also after Holm's correction), by at least the
 * threshold, and beyond the baseline nights' one-sided prediction bound
 * (the night as the unit: stats/prediction.c).  Slower and significant
 * but inside the nights' spread is within-nightly-noise; significant but
 * below the threshold is slower<threshold; significantly faster is faster;
 * anything else ok.  The run: first (no baseline), good while the baseline
 * builds up, changed-env when the environment changed (reported, not
 * judged), regression when a cell is one, else good.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "policy.h"

const char *judgement_name(enum judgement j)
{
	static const char *const names[] = {
		[JUDGE_OK] = "ok",
		[JUDGE_FASTER] = "faster",
		[JUDGE_SLOWER_BELOW_THRESHOLD] = "slower<threshold",
		[JUDGE_WITHIN_NIGHTLY_NOISE] = "within-nightly-noise",
		[JUDGE_REGRESSION] = "REGRESSION",
	};
	return names[j];
}

const char *run_status_name(enum run_status s)
{
	static const char *const names[] = {
		[RUN_FIRST] = "first", [RUN_GOOD] = "good",
		[RUN_REGRESSION] = "regression", [RUN_CHANGED_ENV] = "changed-env",
		[RUN_FAILED] = "failed", [RUN_NEEDS_COMPARISON] = "compare",
	};
	return names[s];
}

int parse_env_line(const char *line, enum env_state *st, char *keys, size_t len)
{
	keys[0] = 0;
	if (!strcmp(line, "env none")) {
		*st = ENV_NONE;
	} else if (!strcmp(line, "env same")) {
		*st = ENV_SAME;
	} else if (!strncmp(line, "env changed ", 12) && line[12]) {
		*st = ENV_CHANGED;
		snprintf(keys, len, "%s", line + 12);
	} else {
		return -1;
	}
	return 0;
}

enum judgement judge_cell(const struct policy *pol, const struct cell_cmp *c)
{
	double alpha = 1.0 - pol->confidence / 100.0;
	int sig = c->significant;
	int night = !isnan(c->night_p) && c->night_p < alpha;
	int slower = !strcmp(c->direction, "slower");

	if (pol->holm)
		sig = sig && c->p_holm < alpha;
	if (!sig)
		return JUDGE_OK;
	if (slower && c->diff_pct >= pol->threshold_pct)
		return night ? JUDGE_REGRESSION : JUDGE_WITHIN_NIGHTLY_NOISE;
	if (slower)
		return JUDGE_SLOWER_BELOW_THRESHOLD;
	if (!strcmp(c->direction, "faster"))
		return JUDGE_FASTER;
	return JUDGE_OK;
}

enum run_status judge_precheck(const struct policy *pol, enum env_state env,
			       size_t nbase, char *note, size_t len)
{
	if (env == ENV_NONE) {
		snprintf(note, len, "first run: no baseline yet");
		return RUN_FIRST;
	}
	if (env == ENV_SAME && (long)nbase < pol->min_baseline) {
		snprintf(note, len, "building the baseline (%zu of %ld good runs)",
			 nbase, pol->min_baseline);
		return RUN_GOOD;
	}
	note[0] = 0;
	return RUN_NEEDS_COMPARISON;
}

enum run_status judge_run(const struct policy *pol, enum env_state env,
			  const char *env_keys, const char *base_ids,
			  const char *mode, const struct cell_cmp *c, size_t n,
			  char *note, size_t len)
{
	size_t i, nreg = 0;

	if (!n) {
		snprintf(note, len, "no comparable cells");
		return RUN_FAILED;
	}
	for (i = 0; i < n; i++)
		nreg += c[i].judgement == JUDGE_REGRESSION;
	if (env == ENV_CHANGED) {
		snprintf(note, len, "changed environment (%s) since run(s) %s; "
			 "compared with %s; %zu cell(s) would have been flagged",
			 env_keys, base_ids, mode, nreg);
		return RUN_CHANGED_ENV;
	}
	if (nreg) {
		snprintf(note, len, "%zu cell(s) significantly slower by >= %g%% "
			 "(baseline: %s)", nreg, pol->threshold_pct, mode);
		return RUN_REGRESSION;
	}
	snprintf(note, len, "no significant slowdown >= %g%% (baseline: %s)",
		 pol->threshold_pct, mode);
	return RUN_GOOD;
}

/* ---- bench-stat's JSON ----------------------------------------------------- */

static double num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

static void str(json_t *o, const char *key, char *out, size_t len,
		const char *dflt)
{
	json_t *v = json_object_get(o, key);

	if (json_is_string(v))
		snprintf(out, len, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(out, len, "%lld", (long long)json_integer_value(v));
	else
		snprintf(out, len, "%s", dflt);
}

static double side_median(json_t *cell, size_t side)
{
	return num(json_array_get(json_object_get(cell, "sides"), side), "median");
}

int cmp_from_json(const char *json, const char *path, const char *cell,
		  struct cell_cmp **c, size_t *n, size_t *cap, char *err,
		  size_t errlen)
{
	json_error_t je;
	json_t *root = path ? json_load_file(path, 0, &je) : json_loads(json, 0, &je);
	json_t *cells, *jc, *cmps, *k;
	size_t i, j;
	int ret = -1;

	if (!root) {
		snprintf(err, errlen, "not bench-stat's JSON: line %d: %s",
			 je.line, je.text);
		return -1;
	}
	cells = json_object_get(root, "cells");
	if (!json_is_array(cells)) {
		snprintf(err, errlen, "not bench-stat's JSON: no \"cells\" array");
		goto out;
	}
	json_array_foreach(cells, i, jc) {
		cmps = json_object_get(jc, "comparisons");
		json_array_foreach(cmps, j, k) {
			struct cell_cmp *x;
			json_t *ci = json_object_get(k, "diff_pct_ci");
			json_t *sig = json_object_get(k, "significant");
			json_t *judged = json_object_get(k, "judged");

			if (num(k, "a") != 0 || num(k, "b") != 1)
				continue;
			if (*n == *cap) {
				size_t nc = *cap ? 2 * *cap : 16;
				void *p = realloc(*c, nc * sizeof(**c));

				if (!p) {
					snprintf(err, errlen, "out of memory");
					goto out;
				}
				*c = p;
				*cap = nc;
			}
			x = &(*c)[(*n)++];
			memset(x, 0, sizeof(*x));
			if (cell && sscanf(cell, "%15[^:]:%63[^:]:%31s", x->cpu,
					   x->syscall, x->entry) != 3) {
				snprintf(err, errlen, "cell '%s': want CPU:SYSCALL:ENTRY", cell);
				goto out;
			} else if (!cell) {
				str(jc, "cpu", x->cpu, sizeof(x->cpu), "-");
				str(jc, "syscall", x->syscall, sizeof(x->syscall), "-");
				str(jc, "entry", x->entry, sizeof(x->entry), "-");
			}
			str(k, "level", x->level, sizeof(x->level), "-");
			str(k, "direction", x->direction, sizeof(x->direction), "none");
			str(k, "outcome", x->outcome, sizeof(x->outcome), "-");
			x->base_median = side_median(jc, 0);
			x->median = side_median(jc, 1);
			x->diff_pct = num(k, "diff_pct");
			x->ci_lo = json_is_array(ci) ? json_number_value(json_array_get(ci, 0)) : NAN;
			x->ci_hi = json_is_array(ci) ? json_number_value(json_array_get(ci, 1)) : NAN;
			if (json_is_array(ci) && !json_is_number(json_array_get(ci, 0)))
				x->ci_lo = x->ci_hi = NAN;
			x->p = num(k, "p");
			x->p_holm = num(k, "p_holm");
			if (isnan(x->p_holm))
				x->p_holm = x->p;	/* one comparison: nothing to correct */
			x->half_width_pct = num(k, "half_width_pct");
			/* a comparison bench-stat did not judge is not significant */
			x->significant = json_is_true(sig) &&
					 (!judged || json_is_true(judged));
			x->night_p = x->night_bound_pct = NAN;
		}
	}
	ret = 0;
out:
	json_decref(root);
	return ret;
}
