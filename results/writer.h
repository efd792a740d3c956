/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The writer of the results format (FORMAT.md, version 1), next to its one
 * reader (results.h): the header lines, the sample lines, the end line, and
 * the check that a word (label, variant) fits a line.
 *
 * A run is written to PATH.XXXXXX.tmp (its own, locked), flushed when asked
 * and at least once a second, and renamed to PATH when the end line is
 * written: a finished file is never half-written and a stopped one keeps
 * every whole sample.  "-" is stdout; a device, FIFO or socket is written
 * in place.  Every write function may be called from several threads.
 */
#ifndef RESULTS_WRITER_H
#define RESULTS_WRITER_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* The format version this writer writes (the first line). */
#define RESULTS_WRITER_VERSION	1

/* The columns every sample line starts with, before the metrics. */
#define RESULTS_FIXED_COLUMNS	"cpu syscall entry block variant seq ctxsw migr"

struct results_writer;

/*
 * results_writer_open() - check PATH and open its temporary file
 * (nothing is written yet); NULL with the reason in @err.  Refused: a
 * directory, a dangling symlink, a PATH another live run is writing.
 */
struct results_writer *results_writer_open(const char *path, char *err,
					   size_t len);

/* "#bench-syscall-results 1" */
void results_write_version(struct results_writer *w);
/*
 * "#% KEY: VALUE" with VALUE printf-formatted and made one line: leading
 * blanks and trailing white space cut, newlines, tabs and CRs turned into
 * spaces, an empty value written as "-".
 */
void results_write_key(struct results_writer *w, const char *key,
		       const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* the same on a plain stream (the environment capture, its tests) */
void results_write_key_to(FILE *f, const char *key, const char *val);
/* the header's stream, for results_write_key_to() (single-threaded, before
 * the first sample); a failed write shows at the next write */
FILE *results_writer_stream(struct results_writer *w);
/*
 * The schema lines "#% metrics:", "#% units:" and "#% columns:" (the fixed
 * columns, then the metric names): the last header line.
 */
void results_write_metrics(struct results_writer *w,
			   const char *const names[],
			   const char *const units[], int n);

/* One sample: a sample line (not a "#" line). */
struct results_row {
	int cpu;
	const char *syscall, *entry, *variant;
	unsigned long block, seq, ctxsw, migr;
	const double *value;	/* one per metric, in metrics order */
	int nvalue;
};
void results_write_sample(struct results_writer *w,
			  const struct results_row *row);
/* "#% switch: block=B variant=V ns=NS", among the samples */
void results_write_switch(struct results_writer *w, unsigned long block,
			  const char *variant, unsigned long long ns);

/* write out what is buffered (after a block, after the header) */
void results_writer_flush(struct results_writer *w);
/* samples written so far */
unsigned long results_writer_samples(struct results_writer *w);
/* errno of the first failed write (the run should stop), or 0 */
int results_writer_error(struct results_writer *w);

/*
 * results_writer_close() - the end line ("#% end: complete samples=N", or
 * "incomplete reason=REASON" when @reason is not NULL; a failed write makes
 * it reason=write-error, after cutting the file back to whole lines), then
 * the rename to PATH.  A run whose write failed never replaces a file PATH
 * already holds: it is kept beside it as PATH.XXXXXX.incomplete and @err
 * names it.  Returns 0, or -1 with the reason in @err (what was written is
 * kept either way).  Frees @w.
 */
int results_writer_close(struct results_writer *w, const char *reason,
			 char *err, size_t len);

/*
 * results_word_invalid() - why @s cannot be a word of a results line (a
 * label, a variant): empty, longer than RESULTS_MAX_WORD (results.h), a
 * space, a control character, a byte outside printable ASCII.  NULL when
 * it is fine: the reader (results.h) takes it.
 */
const char *results_word_invalid(const char *s);

#endif
