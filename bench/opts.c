// SPDX-License-Identifier: GPL-2.0
/*
 * Number and list parsing with full checking: "12x", "", "-3", overflow and
 * out-of-range values are all refused, never silently truncated.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

int parse_ulong(const char *s, unsigned long min, unsigned long max,
		unsigned long *out)
{
	char *end;
	unsigned long v;

	/* strtoul accepts "-1" (and wraps it): refuse any sign or space */
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int parse_double(const char *s, double min, double max, double *out)
{
	char *end;
	double v;

	if (!s || !(isdigit((unsigned char)*s) || *s == '.'))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int split_list(const char *s, char words[][NAME_LEN], int max)
{
	int n = 0;
	const char *p = s;

	if (!s || !*s)
		return -1;
	for (;;) {
		size_t len = strcspn(p, ",");

		if (len == 0 || len >= NAME_LEN || n == max)
			return -1;
		memcpy(words[n], p, len);
		words[n][len] = '\0';
		n++;
		if (!p[len])
			return n;
		p += len + 1;
	}
}

/* "0,2-5": each CPU once, in the order given; "all" is the caller's job */
int parse_cpulist(const char *s, int *cpus, int max)
{
	char words[256][NAME_LEN];
	int nw = split_list(s, words, 256), n = 0, i;

	if (nw < 0)
		return -1;
	for (i = 0; i < nw; i++) {
		unsigned long a, b;
		char *dash = strchr(words[i], '-');

		if (dash) {
			*dash = '\0';
			if (parse_ulong(words[i], 0, 65535, &a) ||
			    parse_ulong(dash + 1, 0, 65535, &b) || b < a)
				return -1;
		} else {
			if (parse_ulong(words[i], 0, 65535, &a))
				return -1;
			b = a;
		}
		for (; a <= b; a++) {
			int j, dup = 0;

			for (j = 0; j < n; j++)
				dup |= cpus[j] == (int)a;
			if (dup)
				continue;
			if (n == max)
				return -1;
			cpus[n++] = a;
		}
	}
	return n;
}
