/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench-stat: shared declarations.
 *
 * Data flows: results.c reads files (through ../results/libresults.a, the
 * one reader of the format) into sides (cells of samples tagged
 * with the run they came from) -> describe.c summarises a cell -> judge.c
 * runs the statistical methods (method-*.c, table in methods.c) -> report.c
 * prints text or JSON.
 */
#ifndef BS_H
#define BS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BS_FORMAT_VERSION 1
#define BS_MAX_SIDES 16

/* ---- a tiny string -> index hash map (cells, runs): no quadratic lookups */
struct strmap {
	char **keys;
	size_t *vals;
	size_t cap, len;
};
int strmap_get(const struct strmap *m, const char *key, size_t *val);
int strmap_put(struct strmap *m, const char *key, size_t val);
void strmap_free(struct strmap *m);

/* ---- samples ------------------------------------------------------------ */
struct cell {
	int cpu;		/* -1: CPUs pooled */
	char *syscall;
	char *entry;
	double *v;		/* kept samples of the chosen metric */
	uint32_t *rid;		/* run id of each sample (index into side->runs) */
	size_t n, cap;
	size_t dropped;		/* disturbed samples (ctxsw > 0 or migr > 0) */
};

struct runid {
	size_t file;		/* index into side->files */
	long block;
};

/* What identifies a run when a side is judged at run level. */
enum run_mode {
	RUN_BY_FILE,		/* each file is a run (several files or boots) */
	RUN_BY_BLOCK,		/* each (file, block) is a run */
};

/* What a results file says about its design (header keys of issue 12). */
struct file_info {
	double block_ms;	/* "#% block.ms:", NAN when absent or "-" */
	size_t ncells;		/* cells in the file (before filters) */
	size_t nvariants;	/* items of "#% variants:", 0 when absent */
	char *variants;		/* that list as written, NULL when absent */
	double round_seconds;	/* measured: resolve.result seconds / rounds, else NAN */
	int resolve;		/* "#% resolve.target:": measured until resolved */
	double resolve_target;	/* in the unit, or % when resolve_target_pct */
	int resolve_target_pct;
	double resolve_alpha, resolve_n_opt, resolve_max_seconds;
};

/* "#% switch:" lines of every file read: the cost of each switch. */
struct switch_log {
	char **variant;
	double *ns;
	size_t n, cap;
};

struct side {
	char *label;
	char **files;
	struct file_info *finfo;	/* one per file */
	size_t nfiles;
	/* metadata of the first file; later files must agree (or --force) */
	char *clock, *unit, *cpu_model, *metric, *kernel_release, *variant;
	int plain;		/* read from one-number-per-line files */
	int by_variant;		/* a side of --by variant */
	struct cell *cells;
	size_t ncells;
	struct strmap cellmap;
	struct runid *runs;
	size_t nruns;
	struct strmap runmap;
	enum run_mode mode;
	size_t incomplete;	/* files accepted with --allow-incomplete */
	size_t partial_lines;	/* cut last lines of truncated files, dropped */
};

struct load_opts {
	const char *metric;	/* NULL: the primary (first) metric */
	const char *syscall;	/* NULL: all */
	const char *entry;	/* NULL: all */
	int cpu;		/* -1: all */
	int pool_cpus;
	int allow_incomplete;
	int force;
	const char *by;		/* "variant" or NULL */
	struct switch_log *switches;	/* NULL: switch lines checked, not kept */
};

/* Error text of the last failing call (file:line: reason). */
extern char bs_err[512];

int side_load_path(struct side *s, const char *path, const struct load_opts *o);
int side_load_stream(struct side *s, FILE *f, const char *name,
		     const struct load_opts *o);
int load_by_variant(struct side *sides, size_t *nsides, size_t max,
		    char **paths, size_t npaths, const struct load_opts *o);
int load_by_variant_stream(struct side *sides, size_t *nsides, size_t max,
			   FILE *f, const char *name, const struct load_opts *o);
int side_check_compatible(const struct side *a, const struct side *b,
			  int force, char *why, size_t whylen);
void side_finish(struct side *s);
void side_free(struct side *s);
struct cell *side_find_cell(const struct side *s, int cpu,
			    const char *syscall, const char *entry);

/* ---- descriptive statistics --------------------------------------------- */
/*
 * Variance components of a cell's samples (Kalibera & Jones 2013): boots
 * (files) > blocks within a boot > samples within a block; nested ANOVA
 * mean squares, components by the method of moments (unequal sizes:
 * Sokal & Rohlf's coefficients), negative estimates set to 0.
 */
struct varcomp {
	int ok;			/* some file has >= 2 blocks */
	size_t boots, blocks;
	double df_boot, df_block, df_within;
	double ms_boot, ms_block, ms_within;
	double boot, block, within;	/* boot: NAN with one file */
};
int nested_components(const double *y, const size_t *boot, const size_t *block,
		      size_t n, struct varcomp *vc);
/* One-way: groups g[i] of y; between- and within-group components. */
int oneway_components(const double *y, const size_t *g, size_t n, double *ms_b,
		      double *ms_w, double *var_b, double *var_w);

struct summary {
	size_t n, dropped, runs;
	double min, max, median, mean, stddev, trmean;
	double p5, p25, p75, p95, p99;
	double *run_medians;	/* runs entries */
	const char **run_file;	/* file of each run (its name) */
	size_t *run_fidx;	/* file of each run (index into side->files) */
	const struct side *side;
	long *run_block;	/* block of each run, -1 when a run is a file */
	double run_spread;	/* stddev of the run medians (0 if one run) */
	double *sorted;		/* n sorted samples (owned) */
	struct varcomp vc;
};
int summarize(const struct side *s, const struct cell *c, struct summary *out);
void summary_free(struct summary *sm);

/* ---- the pairs of --paired (judge.c): the blocks of one file and round */
struct pairs {
	double *a, *b;		/* A's and B's block medians of each pair */
	size_t *fidx;		/* file (index into A's side) of each pair */
	long *round;		/* its round: block / blocks a round */
	size_t n;
};
void make_pairs(const struct summary *a, const struct summary *b,
		size_t round, struct pairs *p);
void pairs_free(struct pairs *p);

/* ---- statistical methods: one file each (method-*.c), listed in methods.c */
struct method_opts {
	double conf;		/* e.g. 0.95 */
	unsigned long seed;
	size_t resamples;
};

struct method_result {
	int valid;		/* 0: could not be computed; why says so */
	const char *why;
	double stat;		/* t, U, ... */
	double df;
	double p;		/* two-sided */
	double diff;		/* estimate of B - A */
	double lo, hi;		/* confidence interval of diff */
	double pooled_s;	/* Student: pooled standard deviation */
	double se;		/* standard error of diff */
	double achieved_conf;	/* rank tests: the level [lo, hi] reaches */
	size_t resamples;
	size_t n;		/* units the method counted (sign test: nonzero pairs) */
};

/* What a method takes (when it applies). */
enum method_design {
	METHOD_TWO_SAMPLE,	/* two independent samples: the judged level (runs or samples) */
	METHOD_PAIRED,		/* a[i], b[i] are pairs (na == nb): --paired only */
};

/*
 * One statistical method.  The verdict's estimators (welch, student,
 * paired, wilcoxon_signed_rank) are chosen by judge.c's rules; every
 * method with `beside` set is computed by judge() for each comparison its
 * design applies to and reported by report.c through its hooks, with no
 * other code naming it: a new one is its file and its line in methods.c.
 */
struct stat_method {
	const char *name;	/* the "test" value in JSON; --methods */
	const char *title;	/* for the verdict line */
	const char *estimates;	/* what its estimate (diff) is */
	enum method_design design;
	int beside;		/* computed and shown beside every verdict it applies to */
	int (*run)(const double *a, size_t na, const double *b, size_t nb,
		   const struct method_opts *o, struct method_result *r);
	/* beside methods: */
	const char *json_key;	/* its key in a comparison (default: name) */
	/* one line of text, without indent or newline */
	void (*text)(FILE *f, const struct method_result *r, const struct method_opts *o);
	/* the members of its JSON object, without braces */
	void (*json)(FILE *f, const struct method_result *r, const struct method_opts *o);
};

#define METHOD_MAX 32	/* entries of stat_methods[] */
extern const struct stat_method method_welch;
extern const struct stat_method method_student;
extern const struct stat_method method_paired;
extern const struct stat_method method_wilcoxon_signed;
extern const struct stat_method method_mann_whitney;	/* for the unit tests; */
extern const struct stat_method method_bootstrap_median; /* a method needs no extern */
extern const struct stat_method *const stat_methods[];
const struct stat_method *stat_method_find(const char *name);
/* --methods: the table, one line a method */
void methods_list(FILE *f);

/*
 * Effect size, power, minimum detectable difference (power.c): exact
 * noncentral t (libRmath), as R's power.t.test(strict = TRUE).
 */
double hedges_g(const double *a, size_t na, const double *b, size_t nb);
double achieved_power(double diff, double se, double df, double alpha);
double min_detectable_diff(double se, double df, double alpha, double power);
double runs_needed(double sa, double sb, double delta, double alpha,
		   double power);
double pairs_needed(double sd_d, double delta, double alpha, double power);
void holm_adjust(const double *p, size_t n, double *out);

/* Wilson score interval of k/n at confidence conf (proportion.c); -1: bad k, n */
int wilson_interval(unsigned long k, unsigned long n, double conf,
		    double *lo, double *hi);

/* ---- judgement of one comparison (judge.c) ------------------------------ */
enum outcome {
	OUTCOME_NONE,		/* not judged */
	OUTCOME_DIFFERENT,	/* the interval excludes 0 (Holm-adjusted p < alpha) */
	OUTCOME_SAME,		/* TOST: the 1 - 2 alpha interval inside +/- equivalence */
	OUTCOME_UNRESOLVED,	/* neither */
};
const char *outcome_name(enum outcome o);

struct judgement {
	int level_run;		/* judged on run medians */
	int judged;		/* 0: cannot judge (why) */
	const char *why;
	const struct stat_method *method;	/* the unpaired t: welch or student */
	struct method_result run, sample;
	/* the beside methods, by index in stat_methods[] (judged level or pairs) */
	struct method_result beside[METHOD_MAX];
	int beside_ok[METHOD_MAX];
	int run_ok, sample_ok;
	double alpha;
	double diff, lo, hi, p, p_holm;
	double diff_pct, pct_lo, pct_hi;
	int significant, sample_significant, run_significant;
	int levels_disagree;
	size_t pairs;		/* > 0: run level judged on this many pairs */
	double g, power, mdd, need_more, resolve;
	size_t na, nb;		/* units judged (runs or samples) */

	/* the verdict's estimate, and what it would take to resolve it */
	const char *estimator;	/* hodges-lehmann, paired-t, welch, student, sequential */
	const char *estimator_title;
	int few_pairs;		/* too few pairs for a rank test to reach alpha */
	struct method_result wsr;	/* Wilcoxon signed-rank + Hodges-Lehmann on the pairs */
	int wsr_ok;
	double ptd, pt_lo, pt_hi, pt_p;	/* paired t, shown beside Hodges-Lehmann */
	double eq_lo, eq_hi;	/* the 1 - 2 alpha interval (TOST) */
	int eq_ok;
	double equivalence;	/* margin in the unit (NAN: no base for a %) */
	enum outcome outcome;
	double half_width, half_width_pct;
	const char *more_unit;	/* rounds, runs, samples, boots */
	double n_units;		/* what the verdict has of them */
	double more_units, more_seconds;	/* NAN: not needed or unknown */
	double seconds_per_unit;		/* NAN: unknown */
	int seconds_measured;	/* from the file's resolve.result, not block.ms */
	int sequential;		/* the interval is anytime-valid (--resolve file) */
	double seq_alpha, seq_n_opt, seq_sd;
	double seq_target;	/* the file's resolve.target, in the unit or % */
	int seq_target_pct;
	/* --- boots (several files a side, pairs within each) */
	size_t boots;		/* files the pairs came from */
	int boot_level;		/* judged on per-boot mean differences */
	/* one-way ANOVA of the per-round differences by boot */
	double var_boot, var_round, ms_boot, ms_round;
	int have_components;
};

struct judge_opts {
	double conf;
	int student;
	unsigned long seed;
	size_t resamples;
	double resolve;		/* "need N more to resolve RESOLVE units" */
	int paired;		/* --paired: pair the blocks of one round */
	size_t round;		/* blocks in a round (the number of variants) */
	size_t ncmps;		/* comparisons judged together (Holm) */
	double equivalence;	/* --equivalence D: the margin of "same" */
	int equivalence_pct;	/* D is a % of A's mean */
};

void judge(const struct summary *a, const struct summary *b,
	   const struct judge_opts *o, struct judgement *j);
void judge_apply_holm(struct judgement **js, size_t n);	/* and the outcomes */

/* ---- the whole report (bench-stat.c builds it, report.c prints it) ---- */
struct row {			/* one cell across the sides */
	int cpu;
	const char *syscall, *entry;
	struct summary sm[BS_MAX_SIDES];
	int have[BS_MAX_SIDES];
};

struct cmp {
	size_t row, a, b;
	struct judgement j;
	int regression;
};

struct report {
	struct side *sides;
	size_t nsides;
	struct row *rows;
	size_t nrows;
	struct cmp *cmps;
	size_t ncmps;
	struct judge_opts jo;
	int regress_on;
	double regress_pct;
	int regress_flagged;
	int plot;
	const struct switch_log *switches;
	char *warnings[64];
	size_t nwarnings;
};

void report_text(FILE *f, const struct report *r);
void report_json(FILE *f, const struct report *r);
void report_warn(struct report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void plot_row(FILE *f, const struct report *r, const struct row *row, int width);
/* JSON as report_json writes it: escaped ASCII string, %.15g or null;
 * "k": v followed by ", " when comma; "k": [lo, hi], */
void json_str(FILE *f, const char *s);
void json_num(FILE *f, double v);
void json_kv(FILE *f, const char *k, double v, int comma);
void json_ci(FILE *f, const char *k, double lo, double hi);
/* "p=0.012" or "p<1e-15" */
void format_p(char *buf, size_t len, double p);

/* ---- --dump KIND (dump.c; stats/JSON.md "--dump") ------------------------ */
enum dump_kind { DUMP_SAMPLES, DUMP_BLOCKS, DUMP_RUNS, DUMP_CELLS, DUMP_PAIRS,
		 DUMP_HEADER };
int dump_kind_parse(const char *s, enum dump_kind *kind);
/*
 * Every side's cells (sorted by cpu, syscall, entry) as TSV with a header
 * line, or a JSON array of objects with the same keys; median CIs at conf.
 * round: blocks a round when a file has no "#% variants:" line (--by variant).
 */
int dump_sides(FILE *f, const struct side *sides, size_t nsides,
	       enum dump_kind kind, double conf, size_t round, int json);
/*
 * --dump header: every "#%" key of each file's header (through
 * results/results.h), "file key value".  Return: 0, or 2 after printing
 * the reason of the first file that is not a results file.
 */
int dump_header(FILE *f, char *const *paths, size_t n, int json);

/* ---- --check FILE... (check.c) ------------------------------------------- */
/*
 * Read each file as a results file; one line (or JSON object) per file.
 * Return: 0 when every file is valid (incomplete and truncated ones only
 * with allow_incomplete), 2 otherwise.
 */
int check_files(FILE *f, char *const *paths, size_t n, int allow_incomplete,
		int json);

/* ---- misc ----------------------------------------------------------------- */
int parse_long(const char *s, long *out);

#endif
