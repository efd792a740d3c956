// SPDX-License-Identifier: GPL-2.0
/*
 * clock perf: hardware counters through perf_event_open(2), read as one
 * group before and after every batch.  Each event (-e, libpfm4 names;
 * default cycles,instructions) is opened twice, once with exclude_kernel
 * (EVENT:u) and once with exclude_user (EVENT:k), so the kernel's share of
 * a syscall is visible next to the user side.  The primary metric is the
 * first event's total (EVENT = EVENT:u + EVENT:k).
 *
 * The group read is itself a syscall; its constant cost lands in every
 * sample and is what the null op measures.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "../results/writer.h"

#define GROUP_FORMAT	(PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED | \
			 PERF_FORMAT_TOTAL_TIME_RUNNING)


static int paranoid(void)
{
	char buf[32];

	if (!strcmp(read_line("/proc/sys/kernel/perf_event_paranoid", buf,
			      sizeof(buf)), "-"))
		return -100;
	return atoi(buf);
}

/* Open every event twice (u then k) into one group; returns fds opened. */
static int open_group(int *fd, const struct clock_cfg *cfg, char *err,
		      size_t len)
{
	struct perf_event_attr attr;
	int i, s, n = 0;

	for (i = 0; i < cfg->nevents; i++) {
		for (s = 0; s < 2; s++) {
			if (perf_encode(cfg->events[i], &attr, err, len))
				goto fail;
			attr.exclude_kernel = s == 0;
			attr.exclude_user = s == 1;
			attr.exclude_hv = 1;
			attr.read_format = GROUP_FORMAT;
			attr.pinned = n == 0;
			fd[n] = perf_open(&attr, n ? fd[0] : -1);
			if (fd[n] < 0) {
				snprintf(err, len, "perf_event_open(%s:%c): "
					 "%s%s", cfg->events[i], "uk"[s],
					 strerror(errno), errno == ENOENT ||
					 errno == EOPNOTSUPP ? ": no hardware "
					 "PMU for it (a VM without vPMU?)" : "");
				goto fail;
			}
			n++;
		}
	}
	return n;
fail:
	while (n--)
		close(fd[n]);
	return -1;
}

/* Layout of a group read (perf_event_open(2), read_format): nr,
 * time_enabled, time_running, then nr values. */
int perf_group_parse(const uint64_t *buf, size_t bytes, int n,
		     struct perf_group_read *out)
{
	if (n < 1 || n > MAX_METRICS ||
	    bytes != sizeof(uint64_t) * (3 + (size_t)n) || buf[0] != (uint64_t)n)
		return -1;
	out->enabled = buf[1];
	out->running = buf[2];
	memcpy(out->value, buf + 3, sizeof(uint64_t) * n);
	out->n = n;
	return 0;
}

/*
 * A group is scheduled as a whole, so one enabled/running pair serves all
 * its events.  Over the interval the group counted running_b - running_a
 * of the enabled_b - enabled_a ns; perf's estimate of the full count
 * scales the counted delta up by that ratio (exact, ratio 1, when it ran
 * all along: the pinned leader makes that the normal case).
 */
double perf_group_delta(const struct perf_group_read *a,
			const struct perf_group_read *b, int i)
{
	uint64_t en = b->enabled - a->enabled, run = b->running - a->running;
	uint64_t d = b->value[i] - a->value[i];

	if (i < 0 || i >= a->n || a->n != b->n || run == 0 ||
	    b->running < a->running || b->enabled < a->enabled)
		return -1;
	if (run == en)
		return (double)d;
	return (double)d * ((double)en / (double)run);
}

static int read_group(int fd, int n, struct perf_group_read *g)
{
	uint64_t buf[3 + MAX_METRICS];
	ssize_t r = read(fd, buf, sizeof(uint64_t) * (3 + n));

	return r < 0 ? -1 : perf_group_parse(buf, r, n, g);
}

static int perf_probe(const struct clock_cfg *cfg, char *why, size_t len)
{
	int fd[MAX_METRICS], n, p = paranoid();
	struct perf_group_read v;

	if (geteuid() != 0 && p > 1) {
		snprintf(why, len, "perf_event_paranoid=%d is too high for "
			 "kernel counts (EVENT:k): needs <= 1 or "
			 "CAP_PERFMON (sysctl kernel.perf_event_paranoid=1)", p);
		return -1;
	}
	n = open_group(fd, cfg, why, len);
	if (n < 0)
		return -1;
	if (read_group(fd[0], n, &v) || v.running == 0) {
		snprintf(why, len, "the counter group cannot be scheduled "
			 "(too many events for the PMU?)");
		n = -n;
	}
	for (int i = 0; i < (n < 0 ? -n : n); i++)
		close(fd[i]);
	return n < 0 ? -1 : 0;
}

static int perf_metrics(const struct clock_cfg *cfg, char names[][NAME_LEN],
			char units[][NAME_LEN])
{
	int i, m = 0;

	snprintf(names[m], NAME_LEN, "%s", cfg->events[0]);
	snprintf(units[m++], NAME_LEN, "%s", "cycles");
	for (i = 0; i < cfg->nevents; i++) {
		snprintf(names[m], NAME_LEN, "%.60s:u", cfg->events[i]);
		snprintf(units[m++], NAME_LEN, "count");
		snprintf(names[m], NAME_LEN, "%.60s:k", cfg->events[i]);
		snprintf(units[m++], NAME_LEN, "count");
	}
	/* cycles events count cycles; anything else is a count */
	if (strstr(cfg->events[0], "cycles") == NULL)
		snprintf(units[0], NAME_LEN, "count");
	else
		for (i = 1; i < m; i++)
			if (strstr(names[i], "cycles"))
				snprintf(units[i], NAME_LEN, "cycles");
	strcpy(names[m], "ns");
	strcpy(units[m++], "ns");
	return m;
}

static int perf_thread_init(struct clock_thread *t, const struct clock_cfg *cfg,
			    char *err, size_t len)
{
	t->nfd = open_group(t->fd, cfg, err, len);
	return t->nfd < 0 ? -1 : 0;
}

/*
 * t->c0 keeps the start read: c0[0] 1 when it failed, c0[1] enabled,
 * c0[2] running, then the nfd values (3 + 2 * MAX_EVENTS <= MAX_METRICS).
 */
_Static_assert(3 + 2 * MAX_EVENTS <= MAX_METRICS, "c0 holds a group read");

static void perf_start(struct clock_thread *t)
{
	struct perf_group_read g;

	t->t0 = ns_now();
	t->c0[0] = read_group(t->fd[0], t->nfd, &g) != 0;
	t->c0[1] = g.enabled;
	t->c0[2] = g.running;
	memcpy(t->c0 + 3, g.value, sizeof(uint64_t) * t->nfd);
}

static void perf_stop(struct clock_thread *t, double *val)
{
	struct perf_group_read c0, c1;
	int i, bad;

	bad = read_group(t->fd[0], t->nfd, &c1) || t->c0[0];
	val[1 + t->nfd] = ns_now() - t->t0;
	c0.n = t->nfd;
	c0.enabled = t->c0[1];
	c0.running = t->c0[2];
	memcpy(c0.value, t->c0 + 3, sizeof(uint64_t) * t->nfd);
	for (i = 0; i < t->nfd; i++)
		val[1 + i] = bad ? -1 : perf_group_delta(&c0, &c1, i);
	val[0] = bad || val[1] < 0 || val[2] < 0 ? -1 : val[1] + val[2];
}

static void perf_thread_fini(struct clock_thread *t)
{
	while (t->nfd > 0)
		close(t->fd[--t->nfd]);
}

/* the -e names, as given */
static void perf_header(const struct clock_cfg *cfg, struct results_writer *w)
{
	char buf[MAX_EVENTS * (NAME_LEN + 1) + 1] = "";
	int i;

	for (i = 0; i < cfg->nevents; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
			 i ? "," : "", cfg->events[i]);
	results_write_key(w, "events", "%s", buf);
}

const struct clock_backend clock_perf = {
	.name = "perf", .unit = "cycles",
	.what = "hardware counters through perf_event_open, user and kernel "
		"apart",
	.counts_events = 1,
	.header = perf_header,
	.probe = perf_probe, .metrics = perf_metrics,
	.thread_init = perf_thread_init, .start = perf_start,
	.stop = perf_stop, .thread_fini = perf_thread_fini,
};
