// SPDX-License-Identifier: GPL-2.0
/*
 * --plot: ministat's ASCII picture of a cell.  One line per side marks
 * where its samples fall, one line draws mean +/- stddev as |___A___|
 * with the median as M (A wins a shared column, as in ministat).
 */
#include <math.h>
#include <string.h>

#include "bs.h"

static const char sym[] = "x+*%#@O=&$abcdefg";

static int col(double v, double lo, double hi, int w)
{
	int c = hi > lo ? (int)((v - lo) / (hi - lo) * (w - 1) + 0.5) : w / 2;

	return c < 0 ? 0 : c >= w ? w - 1 : c;
}

void plot_row(FILE *f, const struct report *r, const struct row *row, int w)
{
	double lo = INFINITY, hi = -INFINITY;
	char line[256];
	size_t i, k;

	if (w > (int)sizeof(line) - 3)
		w = sizeof(line) - 3;
	for (i = 0; i < r->nsides; i++) {
		if (!row->have[i] || !row->sm[i].n)
			continue;
		lo = fmin(lo, row->sm[i].min);
		hi = fmax(hi, row->sm[i].max);
	}
	if (!isfinite(lo))
		return;
	memset(line, '-', w);
	line[w] = 0;
	fprintf(f, "+%s+\n", line);
	for (i = 0; i < r->nsides; i++) {
		const struct summary *s = &row->sm[i];
		int a, m, l, h;

		if (!row->have[i] || !s->n)
			continue;
		memset(line, ' ', w);
		for (k = 0; k < s->n; k++)
			line[col(s->sorted[k], lo, hi, w)] = sym[i % 17];
		fprintf(f, "|%s|\n", line);
		memset(line, ' ', w);
		l = col(s->mean - s->stddev, lo, hi, w);
		h = col(s->mean + s->stddev, lo, hi, w);
		for (k = l; (int)k <= h; k++)
			line[k] = '_';
		line[l] = line[h] = '|';
		m = col(s->median, lo, hi, w);
		a = col(s->mean, lo, hi, w);
		line[m] = 'M';
		line[a] = 'A';
		fprintf(f, "|%s|\n", line);
	}
	memset(line, '-', w);
	fprintf(f, "+%s+\n", line);
}
