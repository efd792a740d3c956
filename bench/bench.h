/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench-syscall: shared declarations.
 *
 * The runner is split along perf's tools/perf/bench lines: a table of
 * operations (ops.c), a registry of clocks (clock.c, one file per backend),
 * the noise counters (noise.c), the environment capture (env.c) and the
 * driver: the command line (cli.c), the plan of blocks and variants
 * (plan.c), the measurement loop (measure.c), the results header (header.c)
 * and the summary (summary.c), wired by main.c; their shared state is in
 * driver.h.  The results file is written by the results library
 * (results/writer.h), next to its reader.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define MAX_METRICS	16
#define MAX_EVENTS	6
#define NAME_LEN	64

/* Exit codes (bench/bench-syscall.1, interfaces.md). */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* ---- operations (ops.c) ---- */

/* One entry instruction: how a call reaches the kernel. */
struct entry {
	const char *name;	/* "syscall", "int80", "sysenter" */
	int compat;		/* uses the 32-bit syscall numbers */
	/* run k calls of nr(a1), each followed by pad units; returns the
	 * number of results that differed from expect */
	long (*batch)(long nr, long a1, long expect, unsigned k, unsigned pad);
	/* 0 if this kernel serves the entry, else -1 with why filled in */
	int (*probe)(char *why, size_t len);
};

/*
 * One operation of the table (ops.c): adding a syscall is adding an entry.
 * The table is the only list: --help, --list, --list-defaults and the
 * default --syscalls come from it.
 */
struct op {
	const char *name;
	long nr64, nr32;	/* syscall numbers; -1 for the null op */
	long arg1;
	long (*expect)(void);	/* result the call must return */
	int in_default;		/* measured when --syscalls is not given */
};

extern const struct op ops[];
extern const size_t nops;
extern const struct entry entries[];
extern const size_t nentries;
extern const char *const all_entry_names;	/* for --help */

const struct op *op_find(const char *name);
const struct entry *entry_find(const char *name);
long op_run(const struct op *op, const struct entry *e, long expect,
	    unsigned k, unsigned pad);

/* ---- clocks (clock.c, clock-*.c) ---- */

struct clock_cfg {
	char events[MAX_EVENTS][NAME_LEN];	/* -e names, perf clock only */
	int nevents;
};

/* Per-thread state of a clock; each backend uses what it needs. */
struct clock_thread {
	int fd[MAX_METRICS];
	int nfd;
	void *page;			/* rdpmc: mmapped perf page */
	uint64_t c0[MAX_METRICS];
	uint64_t t0;			/* ns or tsc at start */
};

struct results_writer;

/*
 * One clock of the registry (clock.c): adding a clock is one file and one
 * line of clocks[].  The driver names no clock: --help, --list, the
 * --clock errors and the header come from these fields.
 */
struct clock_backend {
	const char *name;
	const char *unit;		/* unit of the primary metric */
	const char *what;		/* one line for --help */
	int counts_events;		/* takes -e event names */
	/* may this machine use it?  0 yes; -1 no, with the reason in why */
	int (*probe)(const struct clock_cfg *cfg, char *why, size_t len);
	/* fill metric names/units (the ns metric included); returns count */
	int (*metrics)(const struct clock_cfg *cfg, char names[][NAME_LEN],
		       char units[][NAME_LEN]);
	int (*thread_init)(struct clock_thread *t, const struct clock_cfg *cfg,
			   char *err, size_t len);
	void (*start)(struct clock_thread *t);
	/* batch totals of every metric, in the order of metrics() */
	void (*stop)(struct clock_thread *t, double *val);
	void (*thread_fini)(struct clock_thread *t);
	/* its own header lines (tsc.hz, events), or NULL */
	void (*header)(const struct clock_cfg *cfg, struct results_writer *w);
};

/* the tsc clock's unit: reference cycles, not core cycles (17.7) */
#define TSC_UNIT	"ref-cycles"

extern const struct clock_backend clock_perf, clock_rdpmc, clock_tsc,
	clock_ns;
extern const struct clock_backend *const clocks[];	/* best first */

/* metrics() of the clocks that give one cycle count: "cycles ns" */
int clock_metrics_cycles_ns(const struct clock_cfg *cfg,
			    char names[][NAME_LEN], char units[][NAME_LEN]);
const struct clock_backend *clock_find(const char *name);
/* the names of the clocks, best first: "perf, rdpmc, tsc or ns" with
 * LAST "or" (or ", ") */
void clock_names(char *buf, size_t len, const char *last);
/* the names of the clocks that count events, the same way */
void clock_event_names(char *buf, size_t len, const char *last);
/* --clock auto: the best usable backend; choice describes the refusals */
const struct clock_backend *clock_auto(const struct clock_cfg *cfg,
				       char *choice, size_t len);
/* libpfm4 encoding of an event name into attr; 0 ok, -1 unknown */
struct perf_event_attr;
int perf_encode(const char *name, struct perf_event_attr *attr,
		char *err, size_t len);
int perf_open(struct perf_event_attr *attr, int group);
uint64_t ns_now(void);
double tsc_hz(void);		/* measured once, cached */
int tsc_measure(char *why, size_t len);

/*
 * The arithmetic of the hardware clocks, apart from the hardware so the
 * tests can feed it synthetic values (bench/tests/test-clocks.c).
 */
/* one read(2) of a perf group with PERF_FORMAT_GROUP |
 * PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING */
struct perf_group_read {
	uint64_t enabled, running;	/* ns the group was enabled, counting */
	uint64_t value[MAX_METRICS];
	int n;
};
/* parse such a read of bytes bytes, expecting n events; 0 ok, -1 bad */
int perf_group_parse(const uint64_t *buf, size_t bytes, int n,
		     struct perf_group_read *out);
/* event i's count between two reads, scaled by enabled/running for the
 * time the group was multiplexed out; -1 if it never ran in between */
double perf_group_delta(const struct perf_group_read *a,
			const struct perf_group_read *b, int i);
/* the read loop of a perf_event_mmap_page under its seqlock, with the
 * rdpmc instruction passed in; *ok 0 when rdpmc may not be used (no
 * cap_user_rdpmc, index 0, bad pmc_width): the count is then offset only */
struct perf_event_mmap_page;
uint64_t rdpmc_read_page(volatile struct perf_event_mmap_page *pc,
			 uint64_t (*read_pmc)(uint32_t counter, void *ctx),
			 void *ctx, int *ok);

/* ---- noise (noise.c) ---- */

struct noise {
	int fd;			/* perf group leader (ctxsw), -1: rusage */
	int fd_migr;		/* its member: migrations */
	int cpu0;
	uint64_t ctxsw0, migr0;
};
void noise_open(struct noise *n);
void noise_start(struct noise *n);
void noise_stop(struct noise *n, uint64_t *ctxsw, uint64_t *migr);
void noise_close(struct noise *n);
const char *noise_source(void);

/* ---- environment (env.c) ---- */

/* write every "#% key: value" environment line to f (through the results
 * writer's results_write_key_to) */
void env_write(FILE *f);
/* first line of a file, trailing newline cut; "-" (in buf) if unreadable */
char *read_line(const char *path, char *buf, size_t len);
void virt_name(char *buf, size_t len);
/* fast-path environment: see env.c */
long proc_status(const char *name);
int audit_state(char *why, size_t len);
int syscall_tracepoints(char *why, size_t len);
int cpu_online(int cpu);

/* ---- option parsing helpers (opts.c) ---- */

int parse_ulong(const char *s, unsigned long min, unsigned long max,
		unsigned long *out);
int parse_double(const char *s, double min, double max, double *out);
/* "all" or "0,2-5"; fills cpus, returns count or -1 */
int parse_cpulist(const char *s, int *cpus, int max);
/* split a comma list into words; returns count or -1 (empty/too many) */
int split_list(const char *s, char words[][NAME_LEN], int max);

#endif
