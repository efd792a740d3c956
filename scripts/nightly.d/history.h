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

/*
 * record.c: a results file read through the one results library
 * (results/results.h), its primary metric summarised per cell.
 */
struct results_file;

struct cell {
	int cpu;
	/* words of at most RESULTS_MAX_WORD (64) bytes: the library checks */
	char syscall[65], entry[65], variant[65];
	size_t n, dropped, cap;
	double *v;		/* kept samples of the primary metric */
	int nblocks;
	int *blk;		/* block of each kept sample (<= INT_MAX) */
	/* filled by record_summarise() */
	double median, mean, ci_lo, ci_hi;
	char *block_medians;	/* every block's median, comma-separated */
};

struct recorded {
	char path[4096];
	struct results_file *rf;	/* open: its header, for record_get() */
	int end;		/* enum results_end */
	int partial_line;	/* a cut last line (no newline) was dropped */
	struct cell *cells;
	size_t ncells, cells_cap;
	size_t *hslot, hcap;	/* hash of the cells by name */
	char metric[256];
};

int record_read(const char *path, struct recorded *r, int allow_incomplete,
		char *err, size_t errlen);
const char *record_get(const struct recorded *r, const char *key);
int record_summarise(struct recorded *r, double confidence);
void record_free(struct recorded *r);

/* Identity of the measuring environment, compared between runs. */
struct env {
	char cpu[512], microcode[64], cmdline_hash[17], mitigations_hash[17];
	char mitigations[4096], cmdline[4096];
};
void env_from_results(const struct recorded *r, struct env *e);
void fnv1a_hex(const char *s, char out[17]);

/* judge.c: bench-history judge, medians, predict (the nightly policy) */
int cmd_judge(struct db *db, int argc, char **argv);
int cmd_medians(struct db *db, int argc, char **argv);
int cmd_predict(struct db *db, int argc, char **argv);

/* bisect-hint.c: bench-history bisect-hint (nightly, issue 16.4) */
int cmd_bisect_hint(struct db *db, int argc, char **argv);

/* plotdata.c: bench-history plotdata (nightly's trend plots) */
int cmd_plotdata(struct db *db, int argc, char **argv);

/* changepoints.c: bench-history changepoints */
int cmd_changepoints(struct db *db, int argc, char **argv);

#endif
