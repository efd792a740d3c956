// SPDX-License-Identifier: GPL-2.0
/*
 * Noise counters read around every sample: context switches and CPU
 * migrations of the measuring thread, from perf's software events (which
 * need no PMU).  Where perf is unavailable, getrusage(RUSAGE_THREAD)'s
 * voluntary + involuntary switches stand in, and a migration is a change
 * of getcpu() between the start and the end of the sample.
 */
#define _GNU_SOURCE
#include <linux/perf_event.h>
#include <sched.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench.h"

static const char *source = "perf software events";

const char *noise_source(void)
{
	return source;
}

static int open_sw(int config, int group)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = config;
	attr.read_format = PERF_FORMAT_GROUP;
	return perf_open(&attr, group);
}

void noise_open(struct noise *n)
{
	int m;

	n->fd = open_sw(PERF_COUNT_SW_CONTEXT_SWITCHES, -1);
	if (n->fd >= 0) {
		m = open_sw(PERF_COUNT_SW_CPU_MIGRATIONS, n->fd);
		if (m >= 0) {
			n->fd_migr = m;
			return;
		}
		close(n->fd);
		n->fd = -1;
	}
	source = "getrusage and getcpu (perf software events unavailable)";
}

static void read_now(struct noise *n, uint64_t *cs, uint64_t *mig)
{
	uint64_t buf[3];
	struct rusage ru;

	if (n->fd >= 0 && read(n->fd, buf, sizeof(buf)) == sizeof(buf)) {
		*cs = buf[1];
		*mig = buf[2];
		return;
	}
	getrusage(RUSAGE_THREAD, &ru);
	*cs = ru.ru_nvcsw + ru.ru_nivcsw;
	*mig = 0;
}

void noise_start(struct noise *n)
{
	n->cpu0 = sched_getcpu();
	read_now(n, &n->ctxsw0, &n->migr0);
}

void noise_stop(struct noise *n, uint64_t *ctxsw, uint64_t *migr)
{
	uint64_t cs, mig;

	read_now(n, &cs, &mig);
	*ctxsw = cs - n->ctxsw0;
	*migr = mig - n->migr0;
	if (!*migr && sched_getcpu() != n->cpu0)
		*migr = 1;
}

void noise_close(struct noise *n)
{
	if (n->fd >= 0) {
		close(n->fd_migr);
		close(n->fd);
	}
	n->fd = -1;
}
