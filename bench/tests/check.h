/* SPDX-License-Identifier: GPL-2.0 */
/* The counting check of bench's C unit tests: one per test program. */
#ifndef BENCH_TESTS_CHECK_H
#define BENCH_TESTS_CHECK_H

#include <stdio.h>

static int pass, failed;

#define CHECK(cond, what) do {						\
		if (cond) {						\
			pass++;						\
		} else {						\
			failed++;					\
			printf("  check failed: %s (%s:%d)\n", what,	\
			       __FILE__, __LINE__);			\
		}							\
	} while (0)

#endif
