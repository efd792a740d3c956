/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The counting checks of stats' C tests: CHECK(cond, printf-args) and
 * NEAR(got, want, tolerance, what).  One per test program, which prints
 * "NAME: N passed, N failed" from passed and failed at its end.
 */
#ifndef STATS_TESTS_CHECK_H
#define STATS_TESTS_CHECK_H

#include <math.h>
#include <stdio.h>

static int passed, failed;

#define CHECK(cond, ...) do {						\
	if (cond) {							\
		passed++;						\
	} else {							\
		failed++;						\
		printf("FAIL %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

#define NEAR(got, want, tol, what)					\
	CHECK(fabs((got) - (want)) <= (tol), "%s = %.10g, want %.10g +/- %g", \
	      what, (double)(got), (double)(want), (double)(tol))

#endif
