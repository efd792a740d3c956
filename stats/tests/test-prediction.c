// SPDX-License-Identifier: GPL-2.0
/*
 * stats/prediction.c against R.  Every reference number comes from
 *	pred <- function(b, x, conf) { n <- length(b); m <- mean(b);
 *	  se <- sd(b) * sqrt(1 + 1/n);
 *	  c(mean = m, sd = sd(b), bound = m + qt(conf/100, n-1) * se,
 *	    p = pt((x - m) / se, n-1, lower.tail = FALSE)) }
 * (R 4.2.2, Debian 12), the call written beside each number.
 */
#include <stdio.h>

#include "prediction.h"
#include "check.h"

static void test_against_r(void)
{
	static const double b5[5] = { 10, 12, 11, 13, 9 };
	static const double b7[7] = { 100.2, 101.1, 99.7, 100.9, 100.4, 100.0, 99.5 };
	double b10[10];
	struct prediction p;
	int i;

	/* pred(c(10,12,11,13,9), 11, 95) */
	CHECK(prediction_upper(b5, 5, 11, 95, &p) == 0, "n=5 refused");
	NEAR(p.mean, 11, 1e-12, "mean");
	NEAR(p.sd, 1.58113883008419, 1e-12, "sd");
	NEAR(p.bound, 14.6924669478702, 1e-9, "bound");
	NEAR(p.p, 0.5, 1e-12, "p at the mean");
	NEAR(p.bound_pct, 33.5678813442744, 1e-8, "bound_pct");
	/* pred(c(10,12,11,13,9), 14.5, 95): p = 0.0567019577999096 */
	prediction_upper(b5, 5, 14.5, 95, &p);
	NEAR(p.p, 0.0567019577999096, 1e-10, "p at 14.5");
	NEAR(p.diff_pct, 31.8181818181818, 1e-9, "diff_pct at 14.5");
	/* pred(1:10, 5.5, 99): bound = 14.4592687003351 */
	for (i = 0; i < 10; i++)
		b10[i] = i + 1;
	prediction_upper(b10, 10, 5.5, 99, &p);
	NEAR(p.sd, 3.02765035409749, 1e-12, "sd of 1:10");
	NEAR(p.bound, 14.4592687003351, 1e-9, "bound of 1:10 at 99%");
	/* pred(c(100.2,101.1,99.7,100.9,100.4,100.0,99.5), 102.3, 99):
	 * bound = 102.243388306443, p = 0.00893006431485177 */
	prediction_upper(b7, 7, 102.3, 99, &p);
	NEAR(p.mean, 100.257142857143, 1e-9, "mean of 7");
	NEAR(p.bound, 102.243388306443, 1e-9, "bound of 7 at 99%");
	NEAR(p.p, 0.00893006431485177, 1e-11, "p of 102.3");
	NEAR(p.bound_pct, 1.98115106085842, 1e-8, "bound_pct of 7");
}

static void test_edges(void)
{
	static const double flat[3] = { 5, 5, 5 };
	struct prediction p;

	/* at the bound the p is alpha by construction */
	prediction_upper(flat, 3, 5, 95, &p);
	NEAR(p.p, 1.0, 0, "no spread, at the mean");
	prediction_upper(flat, 3, 5.01, 95, &p);
	NEAR(p.p, 0.0, 0, "no spread, above: any excess is real");
	CHECK(prediction_upper(flat, 1, 5, 95, &p) != 0, "n=1 accepted");
	CHECK(prediction_upper(flat, 3, 5, 100, &p) != 0, "confidence 100 accepted");
	CHECK(prediction_upper(flat, 3, 5, 40, &p) != 0, "confidence 40 accepted");
}

int main(void)
{
	test_against_r();
	test_edges();
	printf("test-prediction: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
