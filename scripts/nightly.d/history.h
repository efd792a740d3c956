/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench-history: the nightly history database.
 *
 * One small backend interface (struct db_ops), one file per backend
 * (db-sqlite.c, db-pg.c).  Every statement is written once, in the SQL both
 * engines accept, with $1..$N placeholders bound as text; a backend only
 * knows how to open, run a statement and hand back rows as strings.
 */
#ifndef HISTORY_H
#define HISTORY_H

#include <stddef.h>

#include "prediction.h"	/* stats/: the night-level prediction */

struct db;

/* Called once per result row; vals[i] is NULL for SQL NULL.  Non-zero stops. */
typedef int (*db_row_fn)(void *arg, int ncol, char **vals);

struct db_ops {
	const char *name;
	/* DDL for an auto-increment primary key column. */
	const char *auto_id;
	/* Statement that starts the transaction which applies migrations. */
	const char *begin_migrate;
	/* Does @target (after the scheme prefix is stripped) belong here? */
	int (*open)(struct db *db, const char *target);
	void (*close)(struct db *db);
	/* Run @sql with @n text parameters; rows (if any) go to @fn. */
	int (*query)(struct db *db, const char *sql, int n,
		     const char *const *params, db_row_fn fn, void *arg);
	/* Backend-specific consistency check; 0 = fine. */
	int (*check)(struct db *db);
};

struct db {
	const struct db_ops *ops;
	void *h;
	int create;		/* may create a new database (migrate) */
	char err[1024];
};

extern const struct db_ops sqlite_ops;
extern const struct db_ops pg_ops;

int db_open(struct db *db, const char *url, int create);
void db_close(struct db *db);
int db_exec(struct db *db, const char *sql);
int db_query(struct db *db, const char *sql, int n, const char *const *p,
	     db_row_fn fn, void *arg);
/* bench-history.c: room for element @n of *@p (capacity doubles); 0 or -1 */
int room(void **p, size_t *cap, size_t n, size_t sz);

void db_seterr(struct db *db, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* schema.c */
int schema_migrate(struct db *db, int verbose);
int schema_version(struct db *db, int *version);
extern const int schema_latest;

/* results.c: a FORMAT.md v1 results file, summarised per cell. */
struct cell {
	int cpu;
	char syscall[64], entry[32], variant[32];
	size_t n, dropped, cap;
	double *v;		/* kept samples of the primary metric */
	int nblocks;
	int *blk;		/* block of each kept sample */
	/* filled by results_summarise() */
	double median, mean, ci_lo, ci_hi;
	char *block_medians;	/* every block's median, comma-separated */
};

struct kv {
	char *key, *val;
};

struct results {
	char path[4096];
	struct kv *meta;
	size_t nmeta, meta_cap;
	int complete, has_end;
	struct cell *cells;
	size_t ncells, cells_cap;
	size_t *hslot, hcap;	/* hash of the cells by name */
	size_t nsamples;	/* sample lines read (kept, dropped) */
	size_t partial_lines;	/* a cut last line (no newline): not data */
	char metric[64];
};

int results_read(const char *path, struct results *r, int allow_incomplete,
		 char *err, size_t errlen);
const char *results_get(const struct results *r, const char *key);
int results_summarise(struct results *r, double confidence);
void results_free(struct results *r);
void median_ci_ranks(size_t n, double confidence, size_t *lo, size_t *hi);

/* Identity of the measuring environment, compared between runs. */
struct env {
	char cpu[512], microcode[64], cmdline_hash[17], mitigations_hash[17];
	char mitigations[4096], cmdline[4096];
};
void env_from_results(const struct results *r, struct env *e);
void fnv1a_hex(const char *s, char out[17]);

/* judge.c: bench-history judge, medians, predict (the nightly policy) */
int cmd_judge(struct db *db, int argc, char **argv);
int cmd_medians(struct db *db, int argc, char **argv);
int cmd_predict(struct db *db, int argc, char **argv);

/* plotdata.c: bench-history plotdata (nightly's trend plots) */
int cmd_plotdata(struct db *db, int argc, char **argv);

/* changepoints.c: bench-history changepoints */
int cmd_changepoints(struct db *db, int argc, char **argv);

#endif
