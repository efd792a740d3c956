// SPDX-License-Identifier: GPL-2.0
/*
 * The results writer (results/FORMAT.md, version 1).  The run goes to
 * PATH.tmp, flushed after every block and at least once a second, and is
 * renamed to PATH when the end line is written: a finished file is never
 * half-written and a stopped one keeps every whole sample.  "-" is stdout.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"

struct results {
	FILE *f;
	char *path, *tmp;
	unsigned long samples;
	uint64_t last_flush;
	pthread_mutex_t lock;
};

int mkdir_p(const char *dir)
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

struct results *results_open(const char *path, char *err, size_t len)
{
	struct results *r = calloc(1, sizeof(*r));
	char *slash;

	pthread_mutex_init(&r->lock, NULL);
	r->last_flush = ns_now();
	if (!strcmp(path, "-")) {
		r->f = stdout;
		return r;
	}
	r->path = strdup(path);
	if (asprintf(&r->tmp, "%s.tmp", path) < 0)
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
	r->f = fopen(r->tmp, "w");
	if (!r->f) {
		snprintf(err, len, "cannot write %s: %s", r->tmp,
			 strerror(errno));
		goto fail;
	}
	return r;
fail:
	free(r->path);
	free(r->tmp);
	free(r);
	return NULL;
}

FILE *results_file(struct results *r)
{
	return r->f;
}

void results_sample(struct results *r, const char *line)
{
	uint64_t now;

	pthread_mutex_lock(&r->lock);
	fputs(line, r->f);
	r->samples++;
	now = ns_now();
	if (now - r->last_flush > 1000000000ull) {
		fflush(r->f);
		r->last_flush = now;
	}
	pthread_mutex_unlock(&r->lock);
}

/* a "#%" line among the samples (not counted as one) */
void results_line(struct results *r, const char *line)
{
	pthread_mutex_lock(&r->lock);
	fputs(line, r->f);
	pthread_mutex_unlock(&r->lock);
}

void results_flush(struct results *r)
{
	pthread_mutex_lock(&r->lock);
	fflush(r->f);
	r->last_flush = ns_now();
	pthread_mutex_unlock(&r->lock);
}

unsigned long results_count(struct results *r)
{
	return r->samples;
}

int results_close(struct results *r, const char *reason, char *err,
		  size_t len)
{
	int ret = 0;

	if (reason)
		fprintf(r->f, "#%% end: incomplete reason=%s samples=%lu\n",
			reason, r->samples);
	else
		fprintf(r->f, "#%% end: complete samples=%lu\n", r->samples);
	if (r->f == stdout) {
		if (fflush(stdout))
			ret = -1;
	} else {
		if (fflush(r->f) || fsync(fileno(r->f)) || fclose(r->f)) {
			snprintf(err, len, "writing %s: %s", r->tmp,
				 strerror(errno));
			ret = -1;
		} else if (rename(r->tmp, r->path)) {
			snprintf(err, len, "rename %s -> %s: %s", r->tmp,
				 r->path, strerror(errno));
			ret = -1;
		}
	}
	free(r->path);
	free(r->tmp);
	free(r);
	return ret;
}
