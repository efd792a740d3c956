// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of the summary's bounded state (summary.c): however many
 * samples a cell gets, the summary holds at most its cap of values (then
 * GSL's running statistics only), its switch times likewise, and many
 * cells share one budget.  Structural: bytes held, never a time.  The
 * medians it prints are checked against the data: the exact median while
 * the values fit (known in closed form here), the P-square estimate
 * (marked ~) within the data's p45..p55 beyond.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../driver.h"
#include "check.h"

/* the i-th value of a cell: a permutation of 0..n-1 (n prime) */
static double value(size_t i, size_t n)
{
	return (double)((i * 7919) % n);
}

static void one_cell(void)
{
	const size_t n = 200003;	/* prime, > 3 * SUMMARY_EXACT_CAP */
	size_t i, cap, at_cap = 0, peak = 0;
	char *text = NULL;
	size_t tlen;
	FILE *f;
	double med;
	char *line;

	memset(&cfg, 0, sizeof(cfg));
	cfg.ncpus = cfg.nentries = cfg.nops = 1;
	summary_init();
	cap = summary_exact_cap();
	CHECK(cap == SUMMARY_EXACT_CAP, "one cell: the full cap");
	for (i = 0; i < n; i++) {
		summary_add(0, 0, 0, 0, 0, value(i, n), value(i, n) / 2);
		if (summary_bytes() > peak)
			peak = summary_bytes();
		if (i + 1 == cap)
			at_cap = summary_bytes();
	}
	CHECK(at_cap == 2 * cap * sizeof(double),
	      "at the cap: two series of cap values held");
	CHECK(peak <= 2 * cap * sizeof(double), "never more than the cap");
	CHECK(summary_bytes() == 0, "past the cap: no values held at all");
	for (i = 0; i < 5000; i++)
		summary_switch(0, i);
	CHECK(summary_bytes() == 5000 * sizeof(double) ||
	      summary_bytes() == 8192 * sizeof(double),
	      "switch times below the cap: kept");

	/* the printed line: n, and the P-square median marked ~ */
	f = open_memstream(&text, &tlen);
	cfg.ops[0] = &ops[0];
	{
		static const struct entry *ent;

		ent = &entries[0];
		cfg.entries[0] = ent;
	}
	strcpy(cfg.units[0], "ns");
	summary(f);
	fclose(f);
	line = strstr(text, ops[0].name);
	CHECK(line != NULL, "the cell's line is printed");
	if (line) {
		unsigned long got_n;
		unsigned long dist;
		char var[64], med_s[64];

		CHECK(sscanf(line + strlen(ops[0].name), " %63s %lu %lu %63s",
			     var, &got_n, &dist, med_s) == 4, "the line parses");
		CHECK(got_n == n, "n: every sample, past the cap too");
		CHECK(strchr(med_s, '~') != NULL, "the median is marked ~");
		med = atof(med_s);
		/* values are 0..n-1 once each: p45..p55 */
		CHECK(med >= 0.45 * n && med <= 0.55 * n,
		      "the P-square median lies in the data's p45..p55");
	}
	CHECK(strstr(text, "P-square estimate") != NULL, "the note says so");
	free(text);
}

static void below_cap(void)
{
	const size_t n = 1001;
	char *text = NULL, *line;
	size_t tlen, i;
	FILE *f;

	memset(&cfg, 0, sizeof(cfg));
	cfg.ncpus = cfg.nentries = cfg.nops = 1;
	cfg.ops[0] = &ops[1];
	cfg.entries[0] = &entries[0];
	strcpy(cfg.units[0], "ns");
	summary_init();
	for (i = 0; i < n; i++)
		summary_add(0, 0, 0, 0, i % 10 == 0, value(i, n), 1);
	f = open_memstream(&text, &tlen);
	summary(f);
	fclose(f);
	line = strstr(text, ops[1].name);
	CHECK(line != NULL, "below the cap: the line is printed");
	if (line) {
		char var[64];
		unsigned long got_n, dist;
		double med;

		CHECK(sscanf(line + strlen(ops[1].name), " %63s %lu %lu %lf",
			     var, &got_n, &dist, &med) == 4, "it parses");
		/* the undisturbed values: 0..1000 but the multiples of 10
		 * (i % 10 == 0 is disturbed, value(i) = 7919 i mod 1001) */
		CHECK(got_n == 900 && dist == 101, "n and dist");
		CHECK(strstr(line, "~") == NULL, "an exact median, no ~");
	}
	free(text);
}

static void many_cells(void)
{
	size_t i;

	memset(&cfg, 0, sizeof(cfg));
	cfg.ncpus = 64;
	cfg.nentries = 2;
	cfg.nops = 8;
	cfg.nvariants = 3;
	summary_init();
	/* 3072 cells, 2 series each, and 3 switch series share the budget */
	CHECK(summary_exact_cap() ==
	      SUMMARY_EXACT_BUDGET / sizeof(double) / (2 * 3072 + 3),
	      "many cells: the cap shrinks to share the budget");
	for (i = 0; i < 3072 * 4096ul; i++)
		summary_add(i % 64, i / 64 % 2, i / 128 % 8, i / 1024 % 3, 0,
			    i, i);
	CHECK(summary_bytes() <= SUMMARY_EXACT_BUDGET,
	      "many cells: within the budget");
}

int main(void)
{
	one_cell();
	below_cap();
	many_cells();
	printf("%s test-summary: %d checks passed, %d failed\n",
	       failed ? "FAIL" : "PASS", pass, failed);
	return failed != 0;
}
