// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the results parser (built with ASan + UBSan by
 * `make -C stats fuzz`, run for a bounded time by `make -C stats test`).
 * Feeds the input as a file to both readers (one side; --by variant),
 * with and without --allow-incomplete, then summarises every cell.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bs.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_opts o = { .cpu = -1 };
	struct side sides[BS_MAX_SIDES];
	size_t n, i;
	FILE *f;

	o.allow_incomplete = size && (data[0] & 1);
	o.pool_cpus = size && (data[0] & 2);
	o.metric = size && (data[0] & 4) ? "ns" : NULL;

	f = fmemopen((void *)data, size ? size : 1, "r");
	if (!f)
		return 0;
	if (!size)
		fgetc(f);	/* fmemopen refuses size 0: read the 1 byte away */
	memset(sides, 0, sizeof(sides));
	if (!side_load_stream(&sides[0], f, "fuzz", &o))
		summarize_all(&sides[0]);
	side_free(&sides[0]);

	rewind(f);
	if (!size)
		fgetc(f);
	n = 0;
	memset(sides, 0, sizeof(sides));
	if (!load_by_variant_stream(sides, &n, BS_MAX_SIDES, f, "fuzz", &o))
		for (i = 0; i < n; i++)
			summarize_all(&sides[i]);
	for (i = 0; i < n; i++)
		side_free(&sides[i]);
	fclose(f);
	return 0;
}
