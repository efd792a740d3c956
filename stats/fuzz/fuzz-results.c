// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the results library (results/results.h, the one
 * parser) and the sides bench-stat builds from it (built with ASan + UBSan
 * by `make -C stats fuzz`, run for a bounded time by `make -C stats test`).
 * Reads the input through the library's own API (every accessor, the
 * design keys, the end state), then feeds it as a file to both loaders
 * (one side; --by variant), with and without --allow-incomplete, then
 * summarises every cell and judges the first two variants paired (the
 * estimators, outcomes and variance components on whatever the parser
 * accepts).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "bs.h"
#include "results.h"

static void summarize_all(struct side *s)
{
	struct summary sm;
	size_t i;

	side_finish(s);
	for (i = 0; i < s->ncells; i++)
		if (!summarize(s, &s->cells[i], &sm))
			summary_free(&sm);
		else
			summary_free(&sm);
}

/* --by variant --paired: judge B against A on the first cell, as bench-stat. */
static void judge_pair(struct side *sides, size_t n)
{
	struct judge_opts jo = { .conf = 0.95, .seed = 1, .resamples = 100,
				 .resolve = 1, .paired = 1, .equivalence = 1,
				 .equivalence_pct = 1 };
	struct summary a, b;
	struct judgement j, *jp = &j;
	struct cell *cb;

	if (n < 2 || !sides[0].ncells)
		return;
	cb = side_find_cell(&sides[1], sides[0].cells[0].cpu,
			    sides[0].cells[0].syscall, sides[0].cells[0].entry);
	if (!cb)
		return;
	jo.round = n;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if (summarize(&sides[0], &sides[0].cells[0], &a) || summarize(&sides[1], cb, &b)) {
		summary_free(&a);
		summary_free(&b);
		return;
	}
	judge(&a, &b, &jo, &j);
	judge_apply_holm(&jp, 1);
	summary_free(&a);
	summary_free(&b);
}

/* The library alone: every accessor on whatever it accepts. */
static void read_raw(FILE *f, int flags)
{
	struct results_opts ro = { .allow_incomplete = flags & 1, .plain = !!(flags & 8) };
	struct results_sample s;
	struct results_design d;
	struct results_file *rf;
	char err[RESULTS_ERR_LEN], v[32];
	const char *key, *val;
	size_t i;
	volatile double sum = 0;

	rf = results_open_stream(f, "fuzz", &ro, err, sizeof(err));
	if (!rf)
		return;
	for (i = 0; (key = results_key(rf, i, &val)); i++)
		sum += strlen(key) + strlen(val);
	for (i = 0; i < results_nmetrics(rf); i++)
		sum += strlen(results_metric(rf, i)) + strlen(results_metric_unit(rf, i)) +
		       results_metric_index(rf, results_metric(rf, i));
	for (i = 0; results_variant(rf, i, v, sizeof(v)); i++)
		sum += strlen(v);
	sum += results_nvariants(rf) + (results_unit(rf) ? 1 : 0) + results_version(rf);
	while (results_next(rf, &s) > 0)
		for (i = 0; i < results_nmetrics(rf); i++)
			sum += s.value[i] + strlen(s.syscall) + s.cpu;
	if (!results_design(rf, &d))
		sum += d.block_ms;
	sum += results_end_state(rf) + results_samples(rf) + results_partial_line(rf);
	results_close(rf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_opts o = { .cpu = -1 };
	struct switch_log sw = { 0 };
	struct side sides[BS_MAX_SIDES];
	size_t n, i;
	FILE *f;

	o.allow_incomplete = size && (data[0] & 1);
	o.pool_cpus = size && (data[0] & 2);
	o.metric = size && (data[0] & 4) ? "ns" : NULL;
	o.switches = &sw;
	gsl_set_error_handler_off();

	f = fmemopen((void *)data, size ? size : 1, "r");
	if (!f)
		return 0;
	if (!size)
		fgetc(f);	/* fmemopen refuses size 0: read the 1 byte away */
	read_raw(f, size ? data[0] : 0);
	rewind(f);
	if (!size)
		fgetc(f);
	memset(sides, 0, sizeof(sides));
	if (!side_load_stream(&sides[0], f, "fuzz", &o))
		summarize_all(&sides[0]);
	side_free(&sides[0]);

	rewind(f);
	if (!size)
		fgetc(f);
	n = 0;
	memset(sides, 0, sizeof(sides));
	if (!load_by_variant_stream(sides, &n, BS_MAX_SIDES, f, "fuzz", &o)) {
		for (i = 0; i < n; i++)
			summarize_all(&sides[i]);
		judge_pair(sides, n);
	}
	for (i = 0; i < n; i++)
		side_free(&sides[i]);
	for (i = 0; i < sw.n; i++)
		free(sw.variant[i]);
	free(sw.variant);
	free(sw.ns);
	fclose(f);
	return 0;
}
