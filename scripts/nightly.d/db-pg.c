// SPDX-License-Identifier: GPL-2.0
/* PostgreSQL backend (libpq): one shared history for every host of a lab. */
#include <stdio.h>
#include <string.h>
#include <libpq-fe.h>

#include "history.h"

static void quiet_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;	/* "relation already exists, skipping" is not news */
}

static int pg_open(struct db *db, const char *conninfo)
{
	PGconn *c = PQconnectdb(conninfo);

	if (!c || PQstatus(c) != CONNECTION_OK) {
		db_seterr(db, "postgresql: cannot connect: %s",
			  c ? PQerrorMessage(c) : "out of memory");
		PQfinish(c);
		return -1;
	}
	PQsetNoticeProcessor(c, quiet_notice, NULL);
	db->h = c;
	return 0;
}

static void pg_close(struct db *db)
{
	PQfinish(db->h);
	db->h = NULL;
}

static int pg_rows(struct db *db, PGresult *res, db_row_fn fn, void *arg)
{
	int r, i, nc = PQnfields(res);
	char *vals[64];

	(void)db;
	if (nc > 64)
		nc = 64;	/* no statement here has more; never read past vals */
	for (r = 0; r < PQntuples(res); r++) {
		for (i = 0; i < nc; i++)
			vals[i] = PQgetisnull(res, r, i) ? NULL : PQgetvalue(res, r, i);
		if (fn && fn(arg, nc, vals))
			break;
	}
	return 0;
}

static int pg_query(struct db *db, const char *sql, int n,
		    const char *const *params, db_row_fn fn, void *arg)
{
	PGresult *res;
	int st, ret;

	/* PQexec runs several statements; parameters need PQexecParams. */
	if (n)
		res = PQexecParams(db->h, sql, n, NULL, params, NULL, NULL, 0);
	else
		res = PQexec(db->h, sql);
	st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		db_seterr(db, "postgresql: %s", PQerrorMessage(db->h));
		PQclear(res);
		return -1;
	}
	ret = pg_rows(db, res, fn, arg);
	PQclear(res);
	return ret;
}

static int pg_check(struct db *db)
{
	(void)db;	/* the server checks its own pages */
	return 0;
}

const struct db_ops pg_ops = {
	.name = "postgresql",
	.auto_id = "BIGSERIAL PRIMARY KEY",
	.begin_migrate = "BEGIN; LOCK TABLE schema_version IN EXCLUSIVE MODE",
	.open = pg_open,
	.close = pg_close,
	.query = pg_query,
	.check = pg_check,
};
