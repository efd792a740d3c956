/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the statistical test files (tests.c). */
#ifndef TESTS_COMMON_H
#define TESTS_COMMON_H

#include "bs.h"

int test_fail(struct test_result *r, const char *why);
int test_zero_variance(struct test_result *r);
int test_t_finish(struct test_result *r, double conf);

#endif
