// SPDX-License-Identifier: GPL-2.0
/*
 * The 32-bit build's stand-ins for GSL (nogsl.h) must give GSL's numbers:
 * the running statistics (n, mean, sd, min, P-square median) against
 * values GSL 2.7.1 printed for the same data, from this program run with
 * <gsl/gsl_rstat.h> (gsl_rstat_add; gsl_rstat_median, _mean, _sd, _min;
 * printf "%.17g"), data x_i = frac(i * 0.618033988749895) * 100 +
 * (i % 7) * (i % 3).
 */
#include <math.h>
#include <stdio.h>

#include "../nogsl.h"
#include "check.h"

int main(void)
{
	static const struct { int n; double median, mean, sd, min; } ref[] = {
		{ 3, 27.606797749979002, 30.136732208322837, 31.478042407929291, 0 },
		{ 5, 51.213595499958004, 45.406797749979006, 32.845280613319808, 0 },
		{ 6, 51.213595499958004, 41.008497187473751, 31.290897300700433, 0 },
		{ 1000, 53.159242153712448, 52.990738057255882, 29.106661757767306, 0 },
		{ 100000, 52.994124538898447, 52.999940037573829, 29.085951518018181, 0 },
	};
	char what[128];
	size_t s;
	int i;

	for (s = 0; s < sizeof(ref) / sizeof(ref[0]); s++) {
		gsl_rstat_workspace *w = gsl_rstat_alloc();

		for (i = 0; i < ref[s].n; i++)
			gsl_rstat_add(fmod(i * 0.618033988749895, 1.0) * 100 +
				      (i % 7) * (i % 3), w);
		snprintf(what, sizeof(what), "n=%d: n, min", ref[s].n);
		CHECK(gsl_rstat_n(w) == (size_t)ref[s].n &&
		      gsl_rstat_min(w) == ref[s].min, what);
		snprintf(what, sizeof(what), "n=%d: mean %.12g, sd %.12g as GSL's",
			 ref[s].n, gsl_rstat_mean(w), gsl_rstat_sd(w));
		CHECK(fabs(gsl_rstat_mean(w) - ref[s].mean) < 1e-9 &&
		      fabs(gsl_rstat_sd(w) - ref[s].sd) < 1e-9, what);
		snprintf(what, sizeof(what), "n=%d: P-square median %.12g as GSL's %.12g",
			 ref[s].n, gsl_rstat_median(w), ref[s].median);
		CHECK(fabs(gsl_rstat_median(w) - ref[s].median) < 1e-9, what);
		free(w);
	}
	printf("%s test-nogsl: %d checks passed, %d failed\n",
	       failed ? "FAIL" : "PASS", pass, failed);
	return failed != 0;
}
