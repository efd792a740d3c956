// SPDX-License-Identifier: GPL-2.0
/*
 * Small helpers: strict number parsing and a string -> index hash map.
 * The map exists so that a file with many cells or blocks (or a fuzzer's
 * idea of one) costs O(n), not O(n^2).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bs.h"

char bs_err[512];

int parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (!*s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno)
		return -1;
	*out = v;
	return 0;
}

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

int strmap_get(const struct strmap *m, const char *key, size_t *val)
{
	size_t i;

	if (!m->cap)
		return 0;
	for (i = hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1)) {
		if (!strcmp(m->keys[i], key)) {
			*val = m->vals[i];
			return 1;
		}
	}
	return 0;
}

static int strmap_grow(struct strmap *m)
{
	struct strmap n = { 0 };
	size_t i, j;

	n.cap = m->cap ? m->cap * 2 : 64;
	n.keys = calloc(n.cap, sizeof(*n.keys));
	n.vals = calloc(n.cap, sizeof(*n.vals));
	if (!n.keys || !n.vals) {
		free(n.keys);
		free(n.vals);
		return -1;
	}
	for (i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		for (j = hash(m->keys[i]) & (n.cap - 1); n.keys[j]; j = (j + 1) & (n.cap - 1))
			;
		n.keys[j] = m->keys[i];
		n.vals[j] = m->vals[i];
	}
	n.len = m->len;
	free(m->keys);
	free(m->vals);
	*m = n;
	return 0;
}

int strmap_put(struct strmap *m, const char *key, size_t val)
{
	size_t i;

	if ((m->len + 1) * 2 > m->cap && strmap_grow(m))
		return -1;
	for (i = hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1)) {
		if (!strcmp(m->keys[i], key)) {
			m->vals[i] = val;
			return 0;
		}
	}
	m->keys[i] = strdup(key);
	if (!m->keys[i])
		return -1;
	m->vals[i] = val;
	m->len++;
	return 0;
}

void strmap_free(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}
