// SPDX-License-Identifier: GPL-2.0
/*
 * Schema and its migrations (documented in SCHEMA.md).  A migration is
 * appended, never edited: a history created by any version is brought up
 * to date by applying the missing ones in order, each in its transaction.
 * "%ID%" stands for the backend's auto-increment primary key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"

static const char *const migrations[] = {
	/* 1: runs and their cells */
	"CREATE TABLE runs ("
	" id %ID%,"
	" host TEXT NOT NULL,"
	" started TEXT NOT NULL,"		/* ISO 8601 UTC, from the file */
	" recorded TEXT NOT NULL,"
	" kernel_release TEXT NOT NULL,"
	" kernel_version TEXT,"
	" kernel_commit TEXT,"
	" variant TEXT,"			/* kernel.entry_variant */
	" label TEXT,"
	" cmdline TEXT,"
	" cmdline_hash TEXT,"
	" clock TEXT NOT NULL,"
	" unit TEXT,"
	" metric TEXT NOT NULL,"
	" cpu TEXT,"
	" microcode TEXT,"
	" mitigations TEXT,"
	" mitigations_hash TEXT,"
	" suite_version TEXT,"
	" raw_path TEXT,"
	" raw_pruned INTEGER NOT NULL DEFAULT 0,"
	" status TEXT NOT NULL DEFAULT 'new',"
	" note TEXT);"
	"CREATE TABLE cells ("
	" run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	" cpu INTEGER NOT NULL,"
	" syscall TEXT NOT NULL,"
	" entry TEXT NOT NULL,"
	" variant TEXT NOT NULL,"
	" n BIGINT NOT NULL,"
	" dropped BIGINT NOT NULL,"
	" median DOUBLE PRECISION,"
	" mean DOUBLE PRECISION,"
	" ci_lo DOUBLE PRECISION,"
	" ci_hi DOUBLE PRECISION,"
	" confidence DOUBLE PRECISION NOT NULL,"
	" blocks INTEGER NOT NULL,"
	" block_medians TEXT,"
	" PRIMARY KEY (run_id, cpu, syscall, entry, variant));",
	/* 2: the baseline and trend queries walk one host's runs by time */
	"CREATE INDEX runs_host_started ON runs(host, started);"
	"CREATE INDEX runs_status ON runs(status);",
	/* 3: each cell's own verdict, so a plot marks the cells that regressed */
	"ALTER TABLE cells ADD COLUMN judgement TEXT;",
	/* 4: the kernel's source tree, so a change point between two commits
	 * of one tree becomes a bisect command (nightly, issue 16.4) */
	"ALTER TABLE runs ADD COLUMN kernel_tree TEXT;",
};

const int schema_latest = sizeof(migrations) / sizeof(migrations[0]);

static int int_row(void *arg, int ncol, char **v)
{
	*(int *)arg = (ncol > 0 && v[0]) ? atoi(v[0]) : 0;
	return 0;
}

int schema_version(struct db *db, int *version)
{
	*version = 0;
	return db_query(db, "SELECT max(version) FROM schema_version", 0, NULL,
			int_row, version);
}

/* Replace every %ID% with the backend's auto-id DDL. */
static char *expand(const char *sql, const char *id)
{
	size_t len = strlen(sql) + 8 * strlen(id) + 1, o = 0;
	char *out = malloc(len);
	const char *p;

	if (!out)
		return NULL;
	for (p = sql; *p;) {
		if (!strncmp(p, "%ID%", 4)) {
			o += snprintf(out + o, len - o, "%s", id);
			p += 4;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = 0;
	return out;
}

static int apply(struct db *db, int v, int verbose)
{
	char num[16], *sql = expand(migrations[v - 1], db->ops->auto_id);
	const char *p[1] = { num };
	int ret;

	if (!sql)
		return -1;
	snprintf(num, sizeof(num), "%d", v);
	ret = db_exec(db, sql);
	free(sql);
	if (!ret)
		ret = db_query(db, "INSERT INTO schema_version (version, applied)"
			       " VALUES ($1, CURRENT_TIMESTAMP)", 1, p, NULL, NULL);
	if (!ret && verbose)
		fprintf(stderr, "bench-history: applied migration %d\n", v);
	return ret;
}

int schema_migrate(struct db *db, int verbose)
{
	int v, ret = 0;

	if (db_exec(db, "CREATE TABLE IF NOT EXISTS schema_version"
		    " (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)"))
		return -1;
	if (db_exec(db, db->ops->begin_migrate))
		return -1;
	if (schema_version(db, &v))
		goto rollback;
	if (v > schema_latest) {
		db_seterr(db, "history schema version %d is newer than this "
			  "bench-history understands (%d): upgrade bench-history",
			  v, schema_latest);
		goto rollback;
	}
	for (v = v + 1; v <= schema_latest && !ret; v++)
		ret = apply(db, v, verbose);
	if (ret)
		goto rollback;
	return db_exec(db, "COMMIT");
rollback:
	{
		char why[sizeof(db->err)];

		/* keep the first error, not the rollback's */
		memcpy(why, db->err, sizeof(why));
		db_exec(db, "ROLLBACK");
		memcpy(db->err, why, sizeof(why));
	}
	return -1;
}
