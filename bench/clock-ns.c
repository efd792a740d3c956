// SPDX-License-Identifier: GPL-2.0
/* clock ns: clock_gettime(CLOCK_MONOTONIC_RAW), through the vDSO. */
#include <stdio.h>
#include <string.h>

#include "bench.h"

static int ns_probe(const struct clock_cfg *cfg, char *why, size_t len)
{
	struct timespec ts;

	(void)cfg;
	if (clock_gettime(CLOCK_MONOTONIC_RAW, &ts)) {
		snprintf(why, len, "clock_gettime(CLOCK_MONOTONIC_RAW) fails");
		return -1;
	}
	return 0;
}

static int ns_metrics(const struct clock_cfg *cfg, char names[][NAME_LEN],
		      char units[][NAME_LEN])
{
	(void)cfg;
	strcpy(names[0], "ns");
	strcpy(units[0], "ns");
	return 1;
}

static int ns_thread_init(struct clock_thread *t, const struct clock_cfg *cfg,
			  char *err, size_t len)
{
	(void)t; (void)cfg; (void)err; (void)len;
	return 0;
}

static void ns_start(struct clock_thread *t)
{
	t->t0 = ns_now();
}

static void ns_stop(struct clock_thread *t, double *val)
{
	val[0] = ns_now() - t->t0;
}

static void ns_thread_fini(struct clock_thread *t)
{
	(void)t;
}

const struct clock_backend clock_ns = {
	.name = "ns", .unit = "ns",
	.what = "clock_gettime(CLOCK_MONOTONIC_RAW): always there",
	.probe = ns_probe, .metrics = ns_metrics,
	.thread_init = ns_thread_init, .start = ns_start, .stop = ns_stop,
	.thread_fini = ns_thread_fini,
};
