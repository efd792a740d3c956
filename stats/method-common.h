/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the statistical method files (method-*.c, methods.c). */
#ifndef METHOD_COMMON_H
#define METHOD_COMMON_H

#include "bs.h"

int method_fail(struct method_result *r, const char *why);
int method_zero_variance(struct method_result *r);
int method_t_finish(struct method_result *r, double conf);

#endif
