/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libresults: the one reader of bench-syscall results files (FORMAT.md,
 * version 1).  Every tool that reads the format links this library; nothing
 * else parses it (tools in other languages ask bench-stat: --check, --dump).
 *
 * The reader streams: results_open() reads the header up to and including
 * the "#% columns:" line, results_next() hands out one sample at a time,
 * and after it returned 0 the end state says how the run ended.  Memory is
 * one line and the header, whatever the size of the file.
 *
 * Anything that does not follow the format is an error with FILE:LINE:
 * reason (FILE: reason when no line is to blame), never a guess: a
 * silently misread file is a wrong verdict.  A consumer must drop what it
 * collected from a file whose results_next() returned -1.
 *
 *	struct results_opts o = { .allow_incomplete = 1 };
 *	struct results_sample s;
 *	char err[RESULTS_ERR_LEN];
 *	struct results_file *rf = results_open(path, &o, err, sizeof(err));
 *	int rc;
 *
 *	if (!rf)
 *		die("%s", err);
 *	while ((rc = results_next(rf, &s)) > 0)
 *		use(s.cpu, s.syscall, s.entry, s.variant, s.block, s.value[0]);
 *	if (rc < 0)
 *		die("%s", results_error(rf));
 *	results_close(rf);
 */
#ifndef RESULTS_H
#define RESULTS_H

#include <stddef.h>
#include <stdio.h>

/* The newest format version this reader understands. */
#define RESULTS_FORMAT_VERSION	1
/* The most columns a "#% columns:" line may name (fixed + metrics). */
#define RESULTS_MAX_COLS	256
/* The fixed columns: cpu syscall entry block variant seq ctxsw migr. */
#define RESULTS_NFIXED		8
/* The largest CPU number a cpu field may hold. */
#define RESULTS_MAX_CPU		(1L << 20)
/* Longest syscall, entry or variant word. */
#define RESULTS_MAX_WORD	64
/* Enough for any error text of the library. */
#define RESULTS_ERR_LEN		512

/**
 * struct results_opts - how to read a file
 * @allow_incomplete: an incomplete run (end line "incomplete") and a
 *	truncated one (no end line; its cut last line dropped) are read to
 *	their last whole line; otherwise results_next() fails at the end
 * @plain: a file without the "#bench-syscall-results" first line is read
 *	as one finite number per line ('#' lines and blank lines skipped):
 *	each number a sample with cpu -1, syscall/entry/variant "-", block 0
 *	and one metric, "value"; otherwise such a file is an error
 * @on_switch: called for each "#% switch: block=B variant=V ns=T" line
 *	(checked whether or not it is set); non-zero stops with an error
 * @arg: handed to @on_switch
 */
struct results_opts {
	int allow_incomplete;
	int plain;
	int (*on_switch)(void *arg, long block, const char *variant, double ns);
	void *arg;
};

/**
 * struct results_sample - one sample line, valid until the next call
 * @cpu: 0..RESULTS_MAX_CPU (-1 in a plain file)
 * @syscall, @entry, @variant: words (printable, no blanks, at most
 *	RESULTS_MAX_WORD bytes)
 * @block, @seq, @ctxsw, @migr: non-negative
 * @value: one finite number per metric column (results_nmetrics())
 * @line: its line number
 *
 * A sample is disturbed when ctxsw > 0 or migr > 0; the reader hands it out
 * all the same (results_disturbed()): dropping it is the consumer's rule.
 */
struct results_sample {
	long cpu;
	const char *syscall, *entry, *variant;
	long block, seq, ctxsw, migr;
	const double *value;
	size_t line;
};

static inline int results_disturbed(const struct results_sample *s)
{
	return s->ctxsw > 0 || s->migr > 0;
}

/**
 * enum results_end - how the run ended, known once results_next() returned 0
 * @RESULTS_READING: not at the end yet
 * @RESULTS_COMPLETE: "#% end: complete samples=N"
 * @RESULTS_INCOMPLETE: "#% end: incomplete reason=R samples=N"
 * @RESULTS_TRUNCATED: no end line: the writer died (its cut last line, if
 *	any, is not data: results_partial_line())
 * @RESULTS_PLAIN: a plain file (opts.plain), which has no end line
 */
enum results_end {
	RESULTS_READING,
	RESULTS_COMPLETE,
	RESULTS_INCOMPLETE,
	RESULTS_TRUNCATED,
	RESULTS_PLAIN,
};

struct results_file;

/**
 * results_open() - open a file and read its header
 * @path: the file
 * @o: options (NULL: defaults, all off)
 * @err, @errlen: the reason on failure ("PATH:LINE: reason")
 *
 * Reads the version line and every header line up to and including
 * "#% columns:" (checked: the fixed columns in order, one metric at least,
 * no metric named twice, "#% metrics:"/"#% units:" agreeing with it).
 *
 * Return: the open file, or NULL with @err set.
 */
struct results_file *results_open(const char *path,
				  const struct results_opts *o,
				  char *err, size_t errlen);

/**
 * results_open_stream() - results_open() on a stream already open
 * @f: read from its current position; not closed by results_close()
 * @name: the name errors give it ("<stdin>")
 */
struct results_file *results_open_stream(FILE *f, const char *name,
					 const struct results_opts *o,
					 char *err, size_t errlen);

/**
 * results_next() - the next sample
 * @rf: the file
 * @s: filled with the sample (its strings and values live in @rf until
 *	the next call)
 *
 * Return: 1 with a sample in @s; 0 at the end of a valid file (the end
 * line's samples=N matched, and with allow_incomplete unset the run was
 * complete); -1 on any error (results_error()); after 0 or -1 it returns
 * the same again.
 */
int results_next(struct results_file *rf, struct results_sample *s);

/** results_error() - the reason of the last failure, "FILE:LINE: reason" */
const char *results_error(const struct results_file *rf);

/** results_close() - free @rf (NULL is fine); closes what results_open() opened */
void results_close(struct results_file *rf);

/* ---- the header ------------------------------------------------------- */

/**
 * results_get() - a metadata value by key
 *
 * The value of the last "#% KEY: VALUE" line read so far (header lines,
 * and after the end also those among and after the samples, such as
 * resolve.result), or NULL when there is none.  Keys the reader does not
 * know are kept and returned like the others.
 */
const char *results_get(const struct results_file *rf, const char *key);

/** results_nkeys(), results_key() - every key read so far, in file order */
size_t results_nkeys(const struct results_file *rf);
const char *results_key(const struct results_file *rf, size_t i,
			const char **value);

/** results_name() - the file's name as given to results_open() */
const char *results_name(const struct results_file *rf);
/** results_version() - the format version of the first line (0: plain) */
int results_version(const struct results_file *rf);
/** results_is_plain() - read as one number per line (opts.plain) */
int results_is_plain(const struct results_file *rf);

/** results_nmetrics() - the metric columns (after the fixed ones); 1 plain */
size_t results_nmetrics(const struct results_file *rf);
/** results_metric() - the name of metric @i ("value" in a plain file) */
const char *results_metric(const struct results_file *rf, size_t i);
/** results_metric_index() - the index of metric @name, -1 when absent */
int results_metric_index(const struct results_file *rf, const char *name);
/**
 * results_metric_unit() - the unit of metric @i: its word of "#% units:",
 * else "#% unit:" for the primary (first) metric, else "ns" for a metric
 * named ns, else "-".  v1 tsc files that say "cycles" read as
 * "ref-cycles" (results_unit_of()).
 */
const char *results_metric_unit(const struct results_file *rf, size_t i);

/**
 * results_unit_of() - the unit of a metric as compared: the tsc clock counts
 * reference cycles; v1 files written before that said "cycles" for it, and
 * are read as "ref-cycles" so that old and new files pool and compare.
 */
const char *results_unit_of(const char *clock, const char *unit);

/**
 * results_parse_double() - the whole of s as a finite number (the format's
 * one number parser; bench-stat's options use it too).
 * Return: 0 and *out set, -1 when s is empty, has anything after the
 * number, overflows, or is NaN or infinite.
 */
int results_parse_double(const char *s, double *out);

/** results_clock(), results_label() - "#% clock:", "#% label:" (NULL: absent) */
const char *results_clock(const struct results_file *rf);
const char *results_label(const struct results_file *rf);
/** results_unit() - "#% unit:" as compared (results_unit_of()), NULL absent */
const char *results_unit(const struct results_file *rf);

/**
 * results_nvariants() - the names in "#% variants:" (comma or blank
 * separated), 0 when absent or "-"; results_variants() the list as written
 * (NULL when absent or "-"); results_variant() the @i-th name (NULL past
 * the end).
 */
size_t results_nvariants(const struct results_file *rf);
const char *results_variants(const struct results_file *rf);
const char *results_variant(const struct results_file *rf, size_t i,
			    char *buf, size_t len);

/**
 * struct results_design - the numbers of the design keys, checked
 * @block_ms: "#% block.ms:" (NAN when absent or "-"), in [1e-6, 1e9]
 * @resolve: the file has "#% resolve.target:" (not "-"): it was measured
 *	until resolved, and then the next four are set
 * @resolve_target: > 0, in the unit or a percentage (@resolve_target_pct)
 * @resolve_alpha: in [1e-12, 0.5]; @resolve_n_opt: >= 1
 * @resolve_max_seconds: NAN when absent
 * @round_seconds: measured seconds per round ("#% resolve.result: R
 *	rounds=N seconds=S": S / N), NAN when absent
 */
struct results_design {
	double block_ms;
	int resolve;
	double resolve_target;
	int resolve_target_pct;
	double resolve_alpha, resolve_n_opt, resolve_max_seconds;
	double round_seconds;
};

/**
 * results_design() - read the design keys
 *
 * As of the lines read so far: call it after results_next() returned 0
 * for round_seconds (resolve.result comes last).
 * Return: 0, or -1 when a key's value is malformed (results_error()).
 */
int results_design(struct results_file *rf, struct results_design *d);

/* ---- the end ---------------------------------------------------------- */

/** results_end_state() - how the run ended (RESULTS_READING before the end) */
enum results_end results_end_state(const struct results_file *rf);
/** results_end_name() - "complete", "incomplete", "truncated", "plain", "reading" */
const char *results_end_name(enum results_end e);
/** results_samples() - sample lines read so far (disturbed ones included) */
size_t results_samples(const struct results_file *rf);
/** results_partial_line() - a cut last line (no newline) was dropped */
int results_partial_line(const struct results_file *rf);
/** results_line() - the number of the line read last */
size_t results_line(const struct results_file *rf);

/**
 * results_current_file() - the name of the file being read: the one most
 * recently opened and not yet closed (NULL when none), for error handlers
 * that must name it (a GSL error while a file is read).
 */
const char *results_current_file(void);

/**
 * results_sniff() - does @path start with "#bench-syscall-results"?
 * Return: 1 yes, 0 no (another kind of file), -1 it cannot be read (errno
 * set): a directory listing must say so, not skip it.
 */
int results_sniff(const char *path);

#endif
