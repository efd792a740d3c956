// SPDX-License-Identifier: GPL-2.0
/* SQLite backend: the embedded default, one real file per history. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sqlite3.h>

#include "history.h"

/* 0 if a file can be created in PATH's directory, else the errno why not */
static int dir_unwritable(const char *path)
{
	char *copy = strdup(path);
	int e = 0;

	if (!copy)
		return ENOMEM;
	if (access(dirname(copy), W_OK | X_OK))
		e = errno;
	free(copy);
	return e;
}

static int sq_open(struct db *db, const char *path)
{
	sqlite3 *h = NULL;
	struct stat st;
	int e;

	/*
	 * A directory, a device or a FIFO where the history should be: SQLite
	 * says "unable to open database file" or "disk I/O error" (no name).
	 */
	if (!stat(path, &st) && !S_ISREG(st.st_mode)) {
		db_seterr(db, "sqlite: %s: not a regular file (a %s): give the path of a history file",
			  path, S_ISDIR(st.st_mode) ? "directory" :
			  S_ISFIFO(st.st_mode) ? "FIFO" : "device or socket");
		return -1;
	}

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE |
			    (db->create ? SQLITE_OPEN_CREATE : 0), NULL) != SQLITE_OK) {
		if (!db->create && access(path, F_OK))
			db_seterr(db, "sqlite: %s: no such history (bench-history "
				  "migrate creates one)", path);
		else if (db->create && access(path, F_OK) && (e = dir_unwritable(path)))
			/* SQLite says only "unable to open database file" */
			db_seterr(db, "sqlite: %s: cannot create it: %s", path, strerror(e));
		else
			db_seterr(db, "sqlite: %s: %s", path,
				  h ? sqlite3_errmsg(h) : "out of memory");
		sqlite3_close(h);
		return -1;
	}
	/* Another host process may hold the write lock for a moment. */
	sqlite3_busy_timeout(h, 30000);
	db->h = h;
	/*
	 * Touch the file now so that a file that is not a database fails here,
	 * with the name in the message, not on some later statement.
	 */
	if (sqlite3_exec(h, "PRAGMA foreign_keys=ON; SELECT count(*) FROM sqlite_master",
			 NULL, NULL, NULL) != SQLITE_OK) {
		db_seterr(db, "sqlite: %s: %s", path, sqlite3_errmsg(h));
		sqlite3_close(h);
		db->h = NULL;
		return -1;
	}
	return 0;
}

static void sq_close(struct db *db)
{
	sqlite3_close(db->h);
	db->h = NULL;
}

static int sq_step_rows(struct db *db, sqlite3_stmt *st, db_row_fn fn, void *arg)
{
	int rc, i, nc = sqlite3_column_count(st);
	char *vals[64];

	if (nc > 64)
		nc = 64;	/* no statement here has more; never read past vals */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < nc; i++)
			vals[i] = (char *)sqlite3_column_text(st, i);
		if (fn && fn(arg, nc, vals))
			return 0;
	}
	if (rc != SQLITE_DONE) {
		db_seterr(db, "sqlite: %s", sqlite3_errmsg(db->h));
		return -1;
	}
	return 0;
}

static int sq_query(struct db *db, const char *sql, int n,
		    const char *const *params, db_row_fn fn, void *arg)
{
	const char *tail = sql;
	sqlite3_stmt *st;
	int i, ret = 0;

	/* Several statements (migrations) run one after the other. */
	while (tail && *tail && !ret) {
		if (sqlite3_prepare_v2(db->h, tail, -1, &st, &tail) != SQLITE_OK) {
			db_seterr(db, "sqlite: %s", sqlite3_errmsg(db->h));
			return -1;
		}
		if (!st)
			break;	/* trailing whitespace or comment */
		/* "$k" is a named parameter to SQLite: bind it by its number */
		for (i = 1; i <= sqlite3_bind_parameter_count(st); i++) {
			const char *nm = sqlite3_bind_parameter_name(st, i);
			int k = nm ? atoi(nm + 1) : 0;

			if (k >= 1 && k <= n)
				sqlite3_bind_text(st, i, params[k - 1], -1,
						  SQLITE_STATIC);
		}
		ret = sq_step_rows(db, st, fn, arg);
		sqlite3_finalize(st);
	}
	return ret;
}

static int check_row(void *arg, int ncol, char **v)
{
	int *bad = arg;

	if (ncol < 1 || !v[0] || strcmp(v[0], "ok")) {
		fprintf(stderr, "bench-history: sqlite integrity: %s\n",
			v[0] ? v[0] : "?");
		*bad = 1;
	}
	return 0;
}

static int sq_check(struct db *db)
{
	int bad = 0;

	if (sq_query(db, "PRAGMA integrity_check", 0, NULL, check_row, &bad))
		return -1;
	return bad ? -1 : 0;
}

const struct db_ops sqlite_ops = {
	.name = "sqlite",
	.auto_id = "INTEGER PRIMARY KEY AUTOINCREMENT",
	/* take the write lock at once: no second migrator can interleave */
	.begin_migrate = "BEGIN IMMEDIATE",
	.open = sq_open,
	.close = sq_close,
	.query = sq_query,
	.check = sq_check,
};
