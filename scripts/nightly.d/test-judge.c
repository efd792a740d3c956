// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the nightly policy (policy.c): one [RUN] per rule, kernel
 * selftest style ([RUN]/[OK]/[FAIL], exit 1 on a failure).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

static int failures, test_failed;

#define EXPECT(cond, ...) do {						\
	if (!(cond)) {							\
		printf("[FAIL]\t%s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		test_failed = 1;					\
	}								\
} while (0)

static void run(const char *name, void (*fn)(void))
{
	printf("[RUN]\t%s\n", name);
	test_failed = 0;
	fn();
	if (test_failed)
		failures++;
	else
		printf("[OK]\t%s\n", name);
}

static const struct policy pol = { .confidence = 99, .threshold_pct = 2,
				   .holm = 1, .min_baseline = 3 };

/* A comparison that is a regression by every rule; tests take one away. */
static struct cell_cmp slower_cell(void)
{
	struct cell_cmp c;

	memset(&c, 0, sizeof(c));
	strcpy(c.cpu, "0");
	strcpy(c.syscall, "getppid");
	strcpy(c.entry, "syscall");
	strcpy(c.level, "run");
	strcpy(c.direction, "slower");
	strcpy(c.outcome, "different");
	c.base_median = 100;
	c.median = 105;
	c.diff_pct = 5;
	c.p = 0.0001;
	c.p_holm = 0.0005;
	c.significant = 1;
	c.night_p = 0.001;
	c.night_bound_pct = 1.5;
	return c;
}

static void regression_needs_all_four(void)
{
	struct cell_cmp c = slower_cell();

	EXPECT(judge_cell(&pol, &c) == JUDGE_REGRESSION, "got %s",
	       judgement_name(judge_cell(&pol, &c)));
}

static void not_significant_is_ok(void)
{
	struct cell_cmp c = slower_cell();

	c.significant = 0;
	EXPECT(judge_cell(&pol, &c) == JUDGE_OK, "got %s",
	       judgement_name(judge_cell(&pol, &c)));
}

static void holm_correction_applies(void)
{
	struct cell_cmp c = slower_cell();
	struct policy none = pol;

	c.p_holm = 0.02;	/* alpha 0.01: gone after Holm */
	EXPECT(judge_cell(&pol, &c) == JUDGE_OK, "holm: got %s",
	       judgement_name(judge_cell(&pol, &c)));
	none.holm = 0;
	EXPECT(judge_cell(&none, &c) == JUDGE_REGRESSION, "none: got %s",
	       judgement_name(judge_cell(&none, &c)));
}

static void inside_nightly_noise(void)
{
	struct cell_cmp c = slower_cell();

	c.night_p = 0.2;
	EXPECT(judge_cell(&pol, &c) == JUDGE_WITHIN_NIGHTLY_NOISE, "got %s",
	       judgement_name(judge_cell(&pol, &c)));
	c.night_p = NAN;	/* no prediction (one baseline night): not proven */
	EXPECT(judge_cell(&pol, &c) == JUDGE_WITHIN_NIGHTLY_NOISE, "NaN: got %s",
	       judgement_name(judge_cell(&pol, &c)));
}

static void below_threshold(void)
{
	struct cell_cmp c = slower_cell();

	c.diff_pct = 1.99;
	EXPECT(judge_cell(&pol, &c) == JUDGE_SLOWER_BELOW_THRESHOLD, "got %s",
	       judgement_name(judge_cell(&pol, &c)));
	c.diff_pct = 2;		/* at the threshold counts */
	EXPECT(judge_cell(&pol, &c) == JUDGE_REGRESSION, "at 2%%: got %s",
	       judgement_name(judge_cell(&pol, &c)));
	c.diff_pct = NAN;	/* a mean of 0: no percentage, no regression */
	EXPECT(judge_cell(&pol, &c) == JUDGE_SLOWER_BELOW_THRESHOLD, "NaN: got %s",
	       judgement_name(judge_cell(&pol, &c)));
}

static void faster_is_faster(void)
{
	struct cell_cmp c = slower_cell();

	strcpy(c.direction, "faster");
	c.diff_pct = -5;
	EXPECT(judge_cell(&pol, &c) == JUDGE_FASTER, "got %s",
	       judgement_name(judge_cell(&pol, &c)));
	strcpy(c.direction, "none");
	EXPECT(judge_cell(&pol, &c) == JUDGE_OK, "none: got %s",
	       judgement_name(judge_cell(&pol, &c)));
}

static void env_lines(void)
{
	enum env_state st;
	char keys[64];

	EXPECT(!parse_env_line("env none", &st, keys, sizeof(keys)) && st == ENV_NONE, "none");
	EXPECT(!parse_env_line("env same", &st, keys, sizeof(keys)) && st == ENV_SAME, "same");
	EXPECT(!parse_env_line("env changed cpu,microcode", &st, keys, sizeof(keys)) &&
	       st == ENV_CHANGED && !strcmp(keys, "cpu,microcode"), "changed: %s", keys);
	EXPECT(parse_env_line("env changed ", &st, keys, sizeof(keys)), "no keys accepted");
	EXPECT(parse_env_line("run 3 /x", &st, keys, sizeof(keys)), "a run line accepted");
}

static void run_first_and_building(void)
{
	char note[256];

	EXPECT(judge_precheck(&pol, ENV_NONE, 0, note, sizeof(note)) == RUN_FIRST, "first");
	EXPECT(judge_precheck(&pol, ENV_SAME, 2, note, sizeof(note)) == RUN_GOOD &&
	       strstr(note, "2 of 3"), "building: %s", note);
	EXPECT(judge_precheck(&pol, ENV_SAME, 3, note, sizeof(note)) == RUN_NEEDS_COMPARISON,
	       "3 of 3 compares");
	/* a changed environment is compared (and reported) whatever the count */
	EXPECT(judge_precheck(&pol, ENV_CHANGED, 1, note, sizeof(note)) == RUN_NEEDS_COMPARISON,
	       "changed env compares");
}

static void run_status_from_cells(void)
{
	struct cell_cmp c[2] = { slower_cell(), slower_cell() };
	char note[512];

	c[0].judgement = JUDGE_OK;
	c[1].judgement = JUDGE_REGRESSION;
	EXPECT(judge_run(&pol, ENV_SAME, "", "1 2 3", "raw files", c, 2, note,
			 sizeof(note)) == RUN_REGRESSION && strstr(note, "1 cell(s)"),
	       "regression: %s", note);
	EXPECT(judge_run(&pol, ENV_CHANGED, "cpu", "1 2 3", "raw files", c, 2, note,
			 sizeof(note)) == RUN_CHANGED_ENV &&
	       strstr(note, "changed environment (cpu) since run(s) 1 2 3") &&
	       strstr(note, "1 cell(s) would have been flagged"), "changed-env: %s", note);
	c[1].judgement = JUDGE_WITHIN_NIGHTLY_NOISE;
	EXPECT(judge_run(&pol, ENV_SAME, "", "1", "raw files", c, 2, note,
			 sizeof(note)) == RUN_GOOD, "good: %s", note);
	EXPECT(judge_run(&pol, ENV_SAME, "", "1", "raw files", c, 0, note,
			 sizeof(note)) == RUN_FAILED, "no cells: %s", note);
}

/* bench-stat --json, cut down to what the policy reads */
static const char stat_json[] =
	"{\"version\":1,\"cells\":[{\"cpu\":0,\"syscall\":\"getppid\",\"entry\":\"syscall\","
	"\"sides\":[{\"median\":100.5},{\"median\":104.25}],\"comparisons\":["
	"{\"a\":0,\"b\":1,\"judged\":true,\"level\":\"run\",\"diff_pct\":3.7,"
	"\"diff_pct_ci\":[2.1,5.3],\"p\":0.001,\"p_holm\":0.004,\"significant\":true,"
	"\"direction\":\"slower\",\"outcome\":\"different\",\"half_width_pct\":1.6}]},"
	"{\"cpu\":1,\"syscall\":\"getpid\",\"entry\":\"int80\",\"sides\":[{\"median\":90},"
	"{\"median\":90.1}],\"comparisons\":[{\"a\":0,\"b\":1,\"judged\":false,\"level\":\"run\","
	"\"diff_pct\":0.1,\"diff_pct_ci\":[null,null],\"p\":0.0001,\"p_holm\":null,"
	"\"significant\":true,\"direction\":\"slower\",\"half_width_pct\":null},"
	"{\"a\":0,\"b\":2,\"diff_pct\":9}]}]}";

static void reads_bench_stat_json(void)
{
	struct cell_cmp *c = NULL;
	size_t n = 0, cap = 0;
	char err[256];

	EXPECT(!cmp_from_json(stat_json, NULL, NULL, &c, &n, &cap, err, sizeof(err)), "%s", err);
	EXPECT(n == 2, "%zu comparisons of side 0 vs 1, want 2", n);
	if (n == 2) {
		EXPECT(!strcmp(c[0].cpu, "0") && !strcmp(c[0].syscall, "getppid") &&
		       !strcmp(c[0].entry, "syscall"), "cell 0 named %s %s %s",
		       c[0].cpu, c[0].syscall, c[0].entry);
		EXPECT(c[0].base_median == 100.5 && c[0].median == 104.25, "medians");
		EXPECT(c[0].ci_lo == 2.1 && c[0].ci_hi == 5.3 && c[0].p_holm == 0.004,
		       "ci/p_holm");
		EXPECT(c[0].significant && !strcmp(c[0].outcome, "different"), "sig");
		EXPECT(isnan(c[0].night_p), "night_p starts as none");
		/* judged:false is never significant; a null p_holm is p */
		EXPECT(!c[1].significant, "an unjudged comparison counts as significant");
		EXPECT(c[1].p_holm == 0.0001, "null p_holm: %g", c[1].p_holm);
		EXPECT(isnan(c[1].ci_lo) && isnan(c[1].half_width_pct) &&
		       !strcmp(c[1].outcome, "-"), "nulls");
	}
	free(c);
	c = NULL;
	n = cap = 0;
	EXPECT(!cmp_from_json(stat_json, NULL, "3:gettid:sysenter", &c, &n, &cap, err,
			      sizeof(err)) && n == 2 && !strcmp(c[0].cpu, "3") &&
	       !strcmp(c[1].syscall, "gettid"), "a named cell overrides");
	free(c);
	c = NULL;
	n = cap = 0;
	EXPECT(cmp_from_json("{\"cells\":", NULL, NULL, &c, &n, &cap, err, sizeof(err)) &&
	       strstr(err, "not bench-stat's JSON"), "truncated JSON accepted");
	EXPECT(cmp_from_json("{\"x\":1}", NULL, NULL, &c, &n, &cap, err, sizeof(err)) &&
	       strstr(err, "no \"cells\""), "JSON without cells accepted");
	free(c);
}

int main(void)
{
	run("regression: slower, significant, >= threshold, beyond the nights",
	    regression_needs_all_four);
	run("not significant: ok", not_significant_is_ok);
	run("Holm's correction decides with CORRECTION=holm", holm_correction_applies);
	run("inside the nights' prediction: within-nightly-noise", inside_nightly_noise);
	run("below the threshold: slower<threshold", below_threshold);
	run("significantly faster: faster", faster_is_faster);
	run("baseline env lines", env_lines);
	run("run status: first, building the baseline", run_first_and_building);
	run("run status from the cells: regression, changed-env, good, failed",
	    run_status_from_cells);
	run("bench-stat's JSON through jansson", reads_bench_stat_json);
	if (failures) {
		printf("test-judge: %d test(s) failed\n", failures);
		return 1;
	}
	printf("test-judge: all passed\n");
	return 0;
}
