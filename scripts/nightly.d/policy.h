/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The nightly regression policy (bench-history judge): which cells of
 * tonight's run are a regression and what the run's status is.  Pure
 * functions over bench-stat's JSON (read with jansson) and the night-level
 * prediction (stats/prediction.c); policy.c, tested by test-judge.c.
 */
#ifndef POLICY_H
#define POLICY_H

#include <stddef.h>

struct policy {
	double confidence;	/* %, alpha = 1 - confidence / 100 */
	double threshold_pct;	/* a regression is at least this much slower */
	int holm;		/* significance also needs p_holm < alpha */
	long min_baseline;	/* good runs before anything is judged */
};

enum judgement {
	JUDGE_OK,
	JUDGE_FASTER,
	JUDGE_SLOWER_BELOW_THRESHOLD,
	JUDGE_WITHIN_NIGHTLY_NOISE,
	JUDGE_REGRESSION,
};

/* One comparison of tonight (side 1) with the baseline (side 0). */
struct cell_cmp {
	char cpu[16], syscall[64], entry[32], level[16], direction[16];
	char outcome[16];	/* different|same|unresolved, "-" if absent */
	double base_median, median, diff_pct, ci_lo, ci_hi, p, p_holm;
	double half_width_pct;	/* NAN: none */
	int significant;	/* bench-stat's, and judged */
	/* the night-level prediction of this cell (NAN: none) */
	double night_p, night_bound_pct;
	enum judgement judgement;
};

/* The baseline query's first line (bench-history baseline). */
enum env_state { ENV_NONE, ENV_SAME, ENV_CHANGED };

enum run_status { RUN_FIRST, RUN_GOOD, RUN_REGRESSION, RUN_CHANGED_ENV,
		  RUN_FAILED, RUN_NEEDS_COMPARISON };

const char *judgement_name(enum judgement j);
const char *run_status_name(enum run_status s);

/* "env none" / "env same" / "env changed KEYS": 0, or -1 (not one of them). */
int parse_env_line(const char *line, enum env_state *st, char *keys, size_t len);

enum judgement judge_cell(const struct policy *pol, const struct cell_cmp *c);

/*
 * The run's status before any comparison: first (no baseline), good
 * (building the baseline: fewer than min_baseline runs, same environment)
 * or RUN_NEEDS_COMPARISON.  @note gets the human reason.
 */
enum run_status judge_precheck(const struct policy *pol, enum env_state env,
			       size_t nbase, char *note, size_t len);

/* The run's status from its judged cells; @mode: "raw files" or ... */
enum run_status judge_run(const struct policy *pol, enum env_state env,
			  const char *env_keys, const char *base_ids,
			  const char *mode, const struct cell_cmp *c, size_t n,
			  char *note, size_t len);

/*
 * Append the comparisons of side 0 vs side 1 in bench-stat's --json output
 * (the text @json, or the file @path when not NULL) to *@c (*@n of them,
 * *@cap allocated).  @cell, if not NULL, is "CPU:SYSCALL:ENTRY" and names
 * the cell (a comparison of plain files has none).  Returns 0, or -1 with
 * @err set.
 */
int cmp_from_json(const char *json, const char *path, const char *cell,
		  struct cell_cmp **c, size_t *n, size_t *cap, char *err,
		  size_t errlen);

#endif
