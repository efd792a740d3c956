// SPDX-License-Identifier: GPL-2.0
/* Unit tests of opts.c: every number and list bench-syscall accepts. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "../bench.h"
#include "check.h"

static void ulong_cases(void)
{
	static const char *const bad[] = {
		"", "12x", "x12", "-1", "-0", "+5", " 5", "5 ", "1.5", "0x10",
		"99999999999999999999999", "18446744073709551616",
	};
	unsigned long v = 7;
	size_t i;

	CHECK(parse_ulong("12", 1, 100, &v) == 0 && v == 12, "12");
	CHECK(parse_ulong("0", 0, 100, &v) == 0 && v == 0, "0 with min 0");
	CHECK(parse_ulong("0", 1, 100, &v) == -1, "0 below min 1");
	CHECK(parse_ulong("101", 1, 100, &v) == -1, "101 above max 100");
	CHECK(parse_ulong("100", 1, 100, &v) == 0 && v == 100, "max itself");
	CHECK(parse_ulong("18446744073709551615", 0, ULONG_MAX, &v) == 0 &&
	      v == ULONG_MAX, "ULONG_MAX");
	CHECK(parse_ulong("007", 0, 10, &v) == 0 && v == 7, "leading zeros");
	CHECK(parse_ulong(NULL, 0, 10, &v) == -1, "NULL");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 42;
		CHECK(parse_ulong(bad[i], 0, ULONG_MAX, &v) == -1 && v == 42,
		      bad[i]);
	}
}

static void double_cases(void)
{
	double d = 0;

	CHECK(parse_double("2.5", 0.001, 10, &d) == 0 && d == 2.5, "2.5");
	CHECK(parse_double(".5", 0.001, 10, &d) == 0 && d == 0.5, ".5");
	CHECK(parse_double("3", 0.001, 10, &d) == 0 && d == 3, "3");
	CHECK(parse_double("0", 0.001, 10, &d) == -1, "0 s duration");
	CHECK(parse_double("-1", 0.001, 10, &d) == -1, "negative");
	CHECK(parse_double("1s", 0.001, 10, &d) == -1, "1s");
	CHECK(parse_double("nan", 0.001, 10, &d) == -1, "nan");
	CHECK(parse_double("inf", 0.001, 1e300, &d) == -1, "inf");
	CHECK(parse_double("1e400", 0.001, 1e300, &d) == -1, "overflow");
	CHECK(parse_double("", 0.001, 10, &d) == -1, "empty");
}

static void list_cases(void)
{
	char w[4][NAME_LEN];
	char longw[NAME_LEN + 8];
	int cpus[8], n;

	n = split_list("getpid,null", w, 4);
	CHECK(n == 2 && !strcmp(w[0], "getpid") && !strcmp(w[1], "null"),
	      "split two");
	CHECK(split_list("a,,b", w, 4) == -1, "empty word");
	CHECK(split_list("a,", w, 4) == -1, "trailing comma");
	CHECK(split_list("", w, 4) == -1, "empty list");
	CHECK(split_list("a,b,c,d,e", w, 4) == -1, "too many words");
	memset(longw, 'x', sizeof(longw) - 1);
	longw[sizeof(longw) - 1] = '\0';
	CHECK(split_list(longw, w, 4) == -1, "word too long");

	n = parse_cpulist("0,2-4", cpus, 8);
	CHECK(n == 4 && cpus[0] == 0 && cpus[1] == 2 && cpus[3] == 4,
	      "0,2-4");
	n = parse_cpulist("3,1-3", cpus, 8);
	CHECK(n == 3 && cpus[0] == 3 && cpus[1] == 1 && cpus[2] == 2,
	      "duplicates dropped, order kept");
	CHECK(parse_cpulist("4-2", cpus, 8) == -1, "reversed range");
	CHECK(parse_cpulist("1x", cpus, 8) == -1, "1x");
	CHECK(parse_cpulist("-1", cpus, 8) == -1, "-1");
	CHECK(parse_cpulist("0-20", cpus, 8) == -1, "more than max");
	CHECK(parse_cpulist("1-", cpus, 8) == -1, "open range");
}

int main(void)
{
	ulong_cases();
	double_cases();
	list_cases();
	printf("%s test-opts: %d checks passed, %d failed\n",
	       failed ? "FAIL" : "PASS", pass, failed);
	return failed != 0;
}
