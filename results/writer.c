// SPDX-License-Identifier: GPL-2.0
/*
 * The results writer (FORMAT.md, version 1; the API and its promises:
 * writer.h).  The run goes to PATH.XXXXXX.tmp (its own, locked), flushed
 * after every block and at least once a second, and is renamed to PATH
 * when the end line is written: a finished file is never half-written and
 * a stopped one keeps every whole sample.  "-" is stdout.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "results.h"	/* RESULTS_MAX_WORD: what the reader takes */
#include "writer.h"

struct results_writer {
	FILE *f;
	char *path, *tmp;	/* tmp NULL: written in place (stdout, device, FIFO) */
	unsigned long samples;
	uint64_t last_flush;
	off_t good;		/* bytes known written whole (after a flush) */
	unsigned long good_samples;	/* samples in those bytes */
	int werr;		/* errno of the first failed write, else 0 */
	pthread_mutex_t lock;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static mode_t current_umask(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

static int mkdir_p(const char *dir)
{
	char buf[4096];
	char *p;

	if (snprintf(buf, sizeof(buf), "%s", dir) >= (int)sizeof(buf))
		return -1;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0777) && errno != EEXIST ? -1 : 0;
}

/*
 * Another run writing to the same PATH holds a lock on its temporary file:
 * refuse to start rather than rename over its result.  A temporary file
 * nobody locks is left over from a killed run and is not in the way.
 */
static int other_writer(const char *path, const char *own, char *who,
			size_t len)
{
	char *pat;
	glob_t g;
	size_t i;
	int busy = 0;

	if (asprintf(&pat, "%s.??????.tmp", path) < 0)
		abort();
	if (glob(pat, GLOB_NOSORT, NULL, &g)) {
		free(pat);
		return 0;
	}
	for (i = 0; i < g.gl_pathc && !busy; i++) {
		int fd;

		if (!strcmp(g.gl_pathv[i], own))
			continue;
		fd = open(g.gl_pathv[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_SH | LOCK_NB) && errno == EWOULDBLOCK) {
			snprintf(who, len, "%s", g.gl_pathv[i]);
			busy = 1;
		}
		close(fd);
	}
	globfree(&g);
	free(pat);
	return busy;
}

/*
 * PATH is checked before anything is measured: a directory or a dangling
 * symlink is refused; a device, FIFO or socket (or a symlink to one, like
 * /dev/stdout) is written in place, never replaced; a symlink to a regular
 * file is followed, so the file it names gets the result.  A regular file
 * is written to a temporary file of its own (PATH.XXXXXX.tmp, locked while
 * the run lasts) and renamed over PATH at the end.
 */
struct results_writer *results_writer_open(const char *path, char *err,
					   size_t len)
{
	struct results_writer *r = calloc(1, sizeof(*r));
	struct stat st;
	char *slash, who[4096];
	int fd;

	if (!r)
		abort();
	pthread_mutex_init(&r->lock, NULL);
	r->last_flush = now_ns();
	if (!strcmp(path, "-")) {
		r->f = stdout;
		return r;
	}
	if (!lstat(path, &st) && S_ISLNK(st.st_mode)) {
		if (stat(path, &st)) {
			snprintf(err, len, "%s: a symlink to nothing (%s): "
				 "refusing to replace it", path,
				 strerror(errno));
			goto fail;
		}
		if (S_ISREG(st.st_mode)) {
			r->path = realpath(path, NULL);
			if (!r->path) {
				snprintf(err, len, "%s: cannot resolve: %s",
					 path, strerror(errno));
				goto fail;
			}
		}
	} else if (stat(path, &st)) {
		st.st_mode = S_IFREG;	/* a new file */
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, len, "%s is a directory: -o names the results "
			 "file", path);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		r->path = strdup(path);
		r->f = fopen(path, "w");
		if (!r->f) {
			snprintf(err, len, "cannot write %s: %s", path,
				 strerror(errno));
			goto fail;
		}
		return r;
	}
	if (!r->path)
		r->path = strdup(path);
	if (asprintf(&r->tmp, "%s.XXXXXX.tmp", r->path) < 0)
		abort();
	slash = strrchr(r->path, '/');
	if (slash && slash != r->path) {
		*slash = '\0';
		if (mkdir_p(r->path)) {
			snprintf(err, len, "cannot create %s: %s", r->path,
				 strerror(errno));
			goto fail;
		}
		*slash = '/';
	}
	fd = mkostemps(r->tmp, 4, O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, len, "cannot write %s: %s", r->tmp,
			 strerror(errno));
		goto fail;
	}
	fchmod(fd, 0666 & ~current_umask());
	flock(fd, LOCK_EX);
	if (other_writer(r->path, r->tmp, who, sizeof(who))) {
		snprintf(err, len, "another run is writing %s (%s): refusing "
			 "to replace its result; give another -o", r->path,
			 who);
		close(fd);
		unlink(r->tmp);
		goto fail;
	}
	r->f = fdopen(fd, "w");
	if (!r->f)
		abort();
	return r;
fail:
	free(r->path);
	free(r->tmp);
	free(r);
	return NULL;
}

/* the first failed write stops the run (results_error) */
static void check_write(struct results_writer *r, int flushed)
{
	if (r->werr)
		return;
	if (ferror(r->f)) {
		r->werr = errno ? errno : EIO;
		return;
	}
	if (flushed && r->f != stdout) {
		off_t pos = ftello(r->f);

		if (pos >= 0) {
			r->good = pos;
			r->good_samples = r->samples;
		}
	}
}

/* errno of the first failed write, or 0 */
int results_writer_error(struct results_writer *r)
{
	return __atomic_load_n(&r->werr, __ATOMIC_RELAXED);
}

FILE *results_writer_stream(struct results_writer *r)
{
	return r->f;
}

void results_write_version(struct results_writer *r)
{
	pthread_mutex_lock(&r->lock);
	if (!r->werr)
		fprintf(r->f, "#bench-syscall-results %d\n",
			RESULTS_WRITER_VERSION);
	check_write(r, 0);
	pthread_mutex_unlock(&r->lock);
}

/* Values are one line: newlines and tabs become spaces, empty is "-". */
void results_write_key_to(FILE *f, const char *key, const char *val)
{
	const char *p, *end;

	while (val && (*val == ' ' || *val == '\t'))
		val++;
	if (!val || !*val)
		val = "-";
	for (end = val + strlen(val); end > val && (end[-1] == ' ' ||
		     end[-1] == '\n' || end[-1] == '\t' || end[-1] == '\r');)
		end--;
	if (end == val) {
		val = "-";
		end = val + 1;
	}
	fprintf(f, "#%% %s: ", key);
	for (p = val; p < end; p++)
		fputc(*p == '\n' || *p == '\t' || *p == '\r' ? ' ' : *p, f);
	fputc('\n', f);
}

void results_write_key(struct results_writer *r, const char *key,
		       const char *fmt, ...)
{
	va_list ap;
	char *val;

	va_start(ap, fmt);
	if (vasprintf(&val, fmt, ap) < 0)
		abort();
	va_end(ap);
	pthread_mutex_lock(&r->lock);
	if (!r->werr)
		results_write_key_to(r->f, key, val);
	check_write(r, 0);
	pthread_mutex_unlock(&r->lock);
	free(val);
}

static void write_words(FILE *f, const char *key, const char *first,
			const char *const words[], int n)
{
	int i;

	fprintf(f, "#%% %s:", key);
	if (first)
		fprintf(f, " %s", first);
	for (i = 0; i < n; i++)
		fprintf(f, " %s", words[i]);
	fputc('\n', f);
}

void results_write_metrics(struct results_writer *r,
			   const char *const names[],
			   const char *const units[], int n)
{
	pthread_mutex_lock(&r->lock);
	if (!r->werr) {
		write_words(r->f, "metrics", NULL, names, n);
		write_words(r->f, "units", NULL, units, n);
		write_words(r->f, "columns", RESULTS_FIXED_COLUMNS, names, n);
	}
	check_write(r, 0);
	pthread_mutex_unlock(&r->lock);
}

void results_write_sample(struct results_writer *r,
			  const struct results_row *s)
{
	uint64_t now;
	int i;

	pthread_mutex_lock(&r->lock);
	if (r->werr) {
		pthread_mutex_unlock(&r->lock);
		return;
	}
	fprintf(r->f, "%d %s %s %lu %s %lu %lu %lu", s->cpu, s->syscall,
		s->entry, s->block, s->variant, s->seq, s->ctxsw, s->migr);
	for (i = 0; i < s->nvalue; i++)
		fprintf(r->f, " %.4f", s->value[i]);
	fputc('\n', r->f);
	r->samples++;
	now = now_ns();
	if (now - r->last_flush > 1000000000ull) {
		fflush(r->f);
		r->last_flush = now;
		check_write(r, 1);
	} else {
		check_write(r, 0);
	}
	pthread_mutex_unlock(&r->lock);
}

void results_write_switch(struct results_writer *r, unsigned long block,
			  const char *variant, unsigned long long ns)
{
	pthread_mutex_lock(&r->lock);
	if (!r->werr)
		fprintf(r->f, "#%% switch: block=%lu variant=%s ns=%llu\n",
			block, variant, ns);
	check_write(r, 0);
	pthread_mutex_unlock(&r->lock);
}

void results_writer_flush(struct results_writer *r)
{
	pthread_mutex_lock(&r->lock);
	if (!r->werr)
		fflush(r->f);
	r->last_flush = now_ns();
	check_write(r, 1);
	pthread_mutex_unlock(&r->lock);
}

unsigned long results_writer_samples(struct results_writer *r)
{
	return r->samples;
}

/*
 * After a failed write: keep what reached the file up to a whole line
 * (read back after the last good flush), count the samples in it, and cut
 * the rest, END_ROOM bytes at least: space the disk had given the file, so
 * the end line fits even on a full disk.  Returns the length kept.
 */
#define END_ROOM 128
static off_t cut_to_whole_lines(struct results_writer *r)
{
	int fd = fileno(r->f);
	struct stat st;
	off_t keep = r->good, n;
	unsigned long count = r->good_samples;
	char *buf, *p, *line;

	r->samples = r->good_samples;
	if (fstat(fd, &st) || st.st_size <= r->good)
		goto out;
	n = st.st_size - r->good;
	buf = malloc(n);
	if (!buf)
		goto out;
	if (pread(fd, buf, n, r->good) == n) {
		for (line = buf; (p = memchr(line, '\n', buf + n - line));
		     line = p + 1) {
			count += *line != '#';
			/* leave END_ROOM bytes the file already had */
			if (st.st_size - (r->good + (p + 1 - buf)) < END_ROOM)
				break;
			keep = r->good + (p + 1 - buf);
			r->samples = count;
		}
	}
	free(buf);
out:
	if (ftruncate(fd, keep) == 0)
		fseeko(r->f, keep, SEEK_SET);
	r->good = keep;
	return keep;
}

/*
 * A run whose write failed must not replace what PATH already holds (an
 * earlier complete run): it is kept beside PATH as PATH.XXXXXX.incomplete
 * (or, when even that rename fails, as its PATH.XXXXXX.tmp, which no
 * writer holds any more) and @err names where it is.  Returns 1 when it
 * was kept aside, 0 when PATH holds nothing and may take it.
 */
static int keep_aside(struct results_writer *r, const char *msg,
		      char *err, size_t len)
{
	struct stat st;
	char *kept;
	size_t n;

	if (stat(r->path, &st))
		return 0;
	n = strlen(r->tmp) - strlen(".tmp");
	if (asprintf(&kept, "%.*s.incomplete", (int)n, r->tmp) < 0)
		abort();
	if (rename(r->tmp, kept)) {
		free(kept);
		kept = strdup(r->tmp);
		if (!kept)
			abort();
	}
	snprintf(err, len, "%s; %s is left as it was (an earlier run), "
		 "what was measured is in %s", msg, r->path, kept);
	free(kept);
	return 1;
}

/*
 * A failed write (a full disk) cuts the file back to a whole line (a few
 * samples go to make room for the end line) and then marks it incomplete,
 * reason=write-error; if even that line does not fit the file ends at
 * whole samples with no end line (which readers treat as cut) and the
 * error says so.  It is renamed to PATH when PATH holds nothing, else kept
 * beside it (keep_aside()): never a stray .tmp, never an earlier run lost.
 */
int results_writer_close(struct results_writer *r, const char *reason,
			 char *err, size_t len)
{
	char end[128];
	int ret = 0, e = 0;

	fflush(r->f);
	check_write(r, 1);
	if (r->werr) {
		e = r->werr;
		reason = "write-error";
		if (r->tmp) {
			clearerr(r->f);
			cut_to_whole_lines(r);
		}
	}
	if (reason)
		snprintf(end, sizeof(end), "#%% end: incomplete reason=%s "
			 "samples=%lu\n", reason, r->samples);
	else
		snprintf(end, sizeof(end), "#%% end: complete samples=%lu\n",
			 r->samples);
	fputs(end, r->f);
	if (r->werr) {
		int marked = !fflush(r->f) && !ferror(r->f);

		if (!marked && r->tmp && ftruncate(fileno(r->f), r->good) == 0)
			clearerr(r->f);
		snprintf(err, len, "writing %s: %s: %s", r->path ? r->path :
			 "stdout", strerror(e), marked ?
			 "kept what was written, marked incomplete" :
			 "kept the whole samples written; no room for the end "
			 "line");
		ret = -1;
	}
	if (r->f == stdout) {
		if (fflush(stdout) && !ret) {
			snprintf(err, len, "writing stdout: %s",
				 strerror(errno));
			ret = -1;
		}
	} else if (r->tmp) {
		if ((fflush(r->f) || fsync(fileno(r->f))) && !ret) {
			snprintf(err, len, "writing %s: %s", r->tmp,
				 strerror(errno));
			ret = -1;
		}
		fclose(r->f);
		if (r->werr) {
			char msg[1024];

			snprintf(msg, sizeof(msg), "%s", err);
			if (keep_aside(r, msg, err, len))
				goto out;
		}
		if (rename(r->tmp, r->path)) {
			snprintf(err, len, "rename %s -> %s: %s", r->tmp,
				 r->path, strerror(errno));
			ret = -1;
		}
	} else {
		if ((fflush(r->f) || fclose(r->f)) && !ret) {
			snprintf(err, len, "writing %s: %s", r->path,
				 strerror(errno));
			ret = -1;
		}
	}
out:
	free(r->path);
	free(r->tmp);
	free(r);
	return ret;
}

/*
 * A label or variant is one word of a results line: a space, a control
 * character (newline, tab), a byte outside ASCII or an empty word would
 * split or cut the line it is written in.  Returns the reason the word is
 * refused, or NULL when it is fine.
 */
const char *results_word_invalid(const char *s)
{
	static __thread char why[64];
	const unsigned char *p;

	if (!s || !*s)
		return "it is empty";
	if (strlen(s) > RESULTS_MAX_WORD) {
		snprintf(why, sizeof(why), "it is longer than %d bytes",
			 RESULTS_MAX_WORD);
		return why;
	}
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == ' ')
			return "it contains a space";
		if (*p == '\n')
			return "it contains a newline";
		if (*p < 0x20 || *p == 0x7f) {
			snprintf(why, sizeof(why), "it contains the control "
				 "character 0x%02x", *p);
			return why;
		}
		if (*p > 0x7e)
			return "it contains a byte outside printable ASCII";
	}
	return NULL;
}
