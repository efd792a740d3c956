/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One more operation and one more clock, each added the way the tables
 * say (one line of ops[] in ops.c, one of clocks[] in clock.c): the
 * registries' test (test-registry.sh) builds bench-syscall with this
 * header forced in (make build/extra/bench-syscall) and checks that
 * --help, --list, --list-defaults, the errors and the results show them
 * with nothing else changed.
 */
#ifndef BENCH_REGISTRY_EXTRA_H
#define BENCH_REGISTRY_EXTRA_H

#define _GNU_SOURCE
#include <stdint.h>
#include <time.h>
#include <unistd.h>

/* getegid: x86-64 108, i386 getegid32 202; not in the default list */
static inline long expect_getegid(void)
{
	return getegid();
}
#define BENCH_EXTRA_OPS \
	{ "getegid", 108, 202, 0, expect_getegid, 0 },

/* "wall": CLOCK_MONOTONIC in ns, one metric */
struct clock_cfg;
struct clock_thread;
struct results_writer;
static inline uint64_t wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}
#define BENCH_EXTRA_CLOCKS	&clock_wall,
#define BENCH_EXTRA_CLOCK_DEFINITION					\
static int wall_probe(const struct clock_cfg *c, char *why, size_t len)	\
{									\
	(void)c; (void)why; (void)len;					\
	return 0;							\
}									\
static int wall_metrics(const struct clock_cfg *c, char n[][NAME_LEN],	\
			char u[][NAME_LEN])				\
{									\
	(void)c;							\
	strcpy(n[0], "ns");						\
	strcpy(u[0], "ns");						\
	return 1;							\
}									\
static int wall_init(struct clock_thread *t, const struct clock_cfg *c,	\
		     char *err, size_t len)				\
{									\
	(void)t; (void)c; (void)err; (void)len;				\
	return 0;							\
}									\
static void wall_start(struct clock_thread *t)				\
{									\
	t->t0 = wall_now();						\
}									\
static void wall_stop(struct clock_thread *t, double *val)		\
{									\
	val[0] = (double)(wall_now() - t->t0);				\
}									\
static void wall_fini(struct clock_thread *t)				\
{									\
	(void)t;							\
}									\
static const struct clock_backend clock_wall = {			\
	.name = "wall", .unit = "ns",					\
	.what = "CLOCK_MONOTONIC (a test clock)",			\
	.probe = wall_probe, .metrics = wall_metrics,			\
	.thread_init = wall_init, .start = wall_start, .stop = wall_stop, \
	.thread_fini = wall_fini,					\
};

#endif
