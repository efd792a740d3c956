// SPDX-License-Identifier: GPL-2.0
/*
 * bench-syscall: hammer trivial system calls and record what every batch
 * of them cost, one results file per run (results/FORMAT.md).
 *
 * The run is cut into blocks (with --variants the kernel's entry variant is
 * switched between blocks); a block visits every CPU (in turn, or all at
 * once with --concurrent), every entry instruction and every operation; a
 * cell (block, cpu, entry, op) is W warm-up batches then N samples, each
 * sample one batch of K back-to-back calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "../stats/sequential.h"

#ifndef NO_GSL
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_rstat.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#else
#include "nogsl.h"
#endif

#define MAX_CPUS	1024
#define MAX_LIST	64

/*
 * Defaults of the time-sized design (bench-syscall.1 says why): with
 * --variants each cell of a block runs DEFAULT_BLOCK_MS, DEFAULT_ROUNDS
 * rounds; --resolve never stops before RESOLVE_MIN_ROUNDS rounds: the
 * asymptotic confidence sequence covers as the rounds grow, and its
 * plug-in sd of a dozen rounds can be small by chance (an A/A here
 * stopped at 14 rounds with a minimum of 10).
 */
#define DEFAULT_BLOCK_MS	10.0
#define DEFAULT_ROUNDS		100
#define RESOLVE_MIN_ROUNDS	30
#define DEFAULT_MAX_SECONDS	60.0
#define DEFAULT_ALPHA		0.05

/* Order of the variants within each round (--order). */
enum { ORDER_ABAB, ORDER_ABBA, ORDER_SHUFFLE };
static const char *const order_names[] = { "abab", "abba", "shuffle" };
#ifdef NO_GSL
#define DEFAULT_ORDER	ORDER_ABBA	/* no RNG in the 32-bit build */
#else
#define DEFAULT_ORDER	ORDER_SHUFFLE
#endif
/* BENCH_SYSCALL_VARIANT_FILE replaces it: the tests drive --variants
 * through a plain file on kernels without a dual entry. */
static const char *variant_file = "/sys/kernel/entry_variant";
#define VARIANT_FILE	variant_file

static struct config {
	const struct op *ops[MAX_LIST];
	int nops;
	const struct entry *entries[MAX_LIST];
	int nentries;
	int cpus[MAX_CPUS];
	int ncpus;
	int concurrent;
	const struct clock_backend *clock;
	struct clock_cfg ccfg;
	char choice[2048];
	unsigned long samples, batch, warmup, blocks, pad, seed, rounds;
	double duration, block_ms;
	uint64_t warmup_ns;		/* -w TIME: warm-up by time, not batches */
	const char *warmup_arg;
	char warmup_buf[32];
	int warmup_given;
	int order, order_given, rounds_given, samples_given;
	/* --resolve: keep adding rounds until every interval is this narrow */
	int resolve, target_pct, max_seconds_given, alpha_given;
	double target, max_seconds, alpha, n_opt;
	char variants[MAX_LIST][NAME_LEN];	/* as written in the file */
	char variant_set[MAX_LIST][NAME_LEN];	/* written to VARIANT_FILE */
	long variant_pad[MAX_LIST];		/* pad=N items: N, else -1 */
	int nvariants, pad_variants, pad_given, shuffle, seed_given,
	    blocks_given;
	int *block_variant;		/* variant index of every block */
	unsigned long planned;		/* blocks in block_variant */
	const char *label, *out;
	int quiet, progress;
	int nmetrics;
	char metrics[MAX_METRICS][NAME_LEN], units[MAX_METRICS][NAME_LEN];
} cfg = {
	.samples = 5000, .batch = 32, .warmup = 200, .blocks = 1,
	.max_seconds = DEFAULT_MAX_SECONDS, .alpha = DEFAULT_ALPHA,
};

/*
 * Summary data of one (cpu, entry, op, variant): undisturbed per-call
 * values of the primary and ns metrics.  Memory stays bounded however long
 * the run (--resolve, --duration): running statistics (gsl_rstat: n, mean,
 * sd, min, and the P-square median estimate) always, the values themselves
 * only up to EXACT_CAP, for an exact median while they fit.
 */
#define EXACT_CAP	(1u << 18)
struct cellstat {
	double *prim, *ns;
	size_t n, cap;
	gsl_rstat_workspace *rs[2];
	unsigned long disturbed, total;
};
static struct cellstat *stats;

static struct results *res;
static int events_given;		/* -e on the command line */
static const char *events_arg;
static volatile sig_atomic_t stop_sig;
static int stop_error;			/* guarded by err_lock */
static char err_msg[512];
static pthread_mutex_t err_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t barrier;
static char cur_variant[NAME_LEN] = "-";
static unsigned long cur_pad;		/* pad of the running block */
static double cell_ns;			/* --duration: time per cell */
static int cur_vidx;			/* variant index of the running block */
static int run_done;			/* set by the leader between blocks */

/*
 * Block medians for --resolve: per (cpu, entry, op), the median of the
 * undisturbed primary values of every block, at [round * nv + variant]
 * (NAN when a block had none).  Each is written by the one worker that
 * measures that cell and read by the leader between rounds.
 */
struct cellmed {
	double *m;
	size_t cap;
};
static struct cellmed *meds;

/* Switching cost: wall ns of every switch, by variant. */
static double *switch_ns;
static int *switch_vidx;
static size_t nswitch, switch_cap;

/* How --resolve ended (summary and the file's last metadata). */
static struct {
	unsigned long rounds;
	double seconds, worst_half, worst_target;
	int resolved;
	const char *why;
} rsv;

static void die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
static void die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("bench-syscall: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
	va_list ap;

	if (cfg.quiet)
		return;
	fputs("bench-syscall: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A measurement error: stop every worker, keep what was measured. */
static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&err_lock);
	if (!stop_error) {
		va_start(ap, fmt);
		vsnprintf(err_msg, sizeof(err_msg), fmt, ap);
		va_end(ap);
		stop_error = 1;
	}
	pthread_mutex_unlock(&err_lock);
}

static int stopping(void)
{
	return stop_sig || __atomic_load_n(&stop_error, __ATOMIC_RELAXED) ||
	       (res && results_error(res));
}

static void usage(FILE *f)
{
	int i;

	fprintf(f,
"usage: bench-syscall [options]\n"
"Measure the cost of trivial system calls; write every sample to a results\n"
"file (results/FORMAT.md) and print a summary.\n"
"\n"
"What to measure:\n"
"  -s, --syscalls LIST  operations, comma list (default: all):\n"
"                       ");
	for (i = 0; i < (int)nops; i++)
		fprintf(f, "%s%s", i ? "," : "", ops[i].name);
	fprintf(f, "\n"
"                       null makes no syscall: the harness' own cost\n"
"      --entry LIST     entry instructions: %s\n"
"                       (default: %s)\n"
"  -c, --cpus all|LIST  CPUs to run pinned on, in turn (e.g. 0,2-3;\n"
"                       default: the CPU it starts on)\n"
"      --concurrent     one pinned thread per CPU, all at once\n"
"      --pad N          add N pad units after every call (null too): one\n"
"                       unit is one dependent imul, 3 core cycles, plus an\n"
"                       lfence per call when N > 0 (default 0)\n"
"\n"
"How to measure:\n"
"      --clock NAME     auto (default), perf, rdpmc, tsc or ns; auto takes\n"
"                       the best that works, in that order\n"
"  -e, --events LIST    perf clock events, libpfm4 names (default\n"
"                       cycles,instructions); each is counted as EVENT:u\n"
"                       and EVENT:k\n"
"  -k, --batch K        calls per sample (default %lu)\n"
"  -w, --warmup W       warm-up before every cell (so after every variant\n"
"                       switch), not recorded: W batches (default %lu; with\n"
"                       --block-ms a tenth of the block) or a time (2ms,\n"
"                       500us)\n"
"  -n, --samples N      samples per cell and block (default %lu without\n"
"                       --variants)\n"
"      --block-ms MS    size blocks in time: each cell of a block runs MS ms\n"
"                       (default %g with --variants)\n"
"  -d, --duration SEC   run about SEC seconds in all: with --block-ms (the\n"
"                       default with --variants) it sets the number of\n"
"                       rounds, else it replaces N samples\n"
"      --blocks N       cut the run into N blocks (default 1; with\n"
"                       --variants %d rounds of time-sized blocks, or 2\n"
"                       rounds with -n)\n"
"      --rounds N       N rounds: one block of every variant each\n"
"      --variants LIST  alternate blocks of these variants: entry variants\n"
"                       (full,fast,fastpush: written to\n"
"                       /sys/kernel/entry_variant before each block) or\n"
"                       pad=N items (pad=0,pad=12: the block's --pad; no\n"
"                       kernel support needed), not both; an item given\n"
"                       twice (A/A) is recorded as NAME~2\n"
"      --order ORDER    order of the variants within each round: abab (in\n"
"                       turn), abba (every other round reversed) or shuffle\n"
"                       (random; default, abba in the 32-bit build)\n"
"      --shuffle        the same as --order shuffle\n"
"      --seed S         seed for the shuffle (default: from the clock)\n"
"      --resolve T      measure until resolved: add rounds until the\n"
"                       anytime-valid interval of every difference of\n"
"                       consecutive variants (per-round differences of\n"
"                       block medians) has half-width <= T: 1%% (of the\n"
"                       first variant's level) or a number in the clock's\n"
"                       unit; at least %d rounds\n"
"      --max-seconds S  --resolve's time budget (default %g)\n"
"      --alpha A        --resolve's error rate (default %g)\n"
"\n"
"Output:\n"
"      --label NAME     run label (default: the kernel's entry variant, else\n"
"                       its release)\n"
"  -o, --output PATH    results file (default\n"
"                       results/HOST/LABEL/TIMESTAMP.txt; - for stdout)\n"
"  -q, --quiet          no progress or notes on stderr\n"
"      --list           list operations, entries and clocks\n"
"  -V, --version        print the suite version\n"
"  -h, --help           this help\n"
"\n"
"Exit: 0 done, 1 measurement error, 2 bad usage or an unusable request on\n"
"this machine, 130/143 stopped by SIGINT/SIGTERM (file kept, marked\n"
"incomplete).  See bench-syscall(1).\n",
		all_entry_names, entries[0].name, cfg.batch, cfg.warmup,
		cfg.samples,
		DEFAULT_BLOCK_MS, DEFAULT_ROUNDS, RESOLVE_MIN_ROUNDS,
		DEFAULT_MAX_SECONDS, DEFAULT_ALPHA);
}

static void list(void)
{
	char why[512];
	size_t i;

	printf("operations:");
	for (i = 0; i < nops; i++)
		printf(" %s", ops[i].name);
	printf("\nentries:");
	for (i = 0; i < nentries; i++)
		printf(" %s", entries[i].name);
	printf("\nclocks:\n");
	for (i = 0; clocks[i]; i++) {
		int ok = clocks[i]->probe(&cfg.ccfg, why, sizeof(why)) == 0;

		printf("  %-6s %s\n", clocks[i]->name, ok ? "usable" : why);
	}
}

static unsigned long num(const char *opt, const char *s, unsigned long min,
			 unsigned long max)
{
	unsigned long v;

	if (parse_ulong(s, min, max, &v))
		die(EXIT_USAGE, "%s: '%s' is not a whole number in %lu..%lu",
		    opt, s, min, max);
	return v;
}

static void parse_ops(const char *s)
{
	char w[MAX_LIST][NAME_LEN];
	int i, n = split_list(s, w, MAX_LIST);

	if (n < 0)
		die(EXIT_USAGE, "--syscalls: bad list '%s'", s);
	for (i = 0; i < n; i++) {
		cfg.ops[i] = op_find(w[i]);
		if (!cfg.ops[i])
			die(EXIT_USAGE, "--syscalls: unknown operation '%s' "
			    "(--list shows them)", w[i]);
	}
	cfg.nops = n;
}

static void parse_entries(const char *s)
{
	char w[MAX_LIST][NAME_LEN];
	int i, n = split_list(s, w, MAX_LIST);

	if (n < 0)
		die(EXIT_USAGE, "--entry: bad list '%s'", s);
	for (i = 0; i < n; i++) {
		cfg.entries[i] = entry_find(w[i]);
		if (cfg.entries[i])
			continue;
		if (!strcmp(w[i], "sysenter"))
			die(EXIT_USAGE, "--entry sysenter needs the 32-bit "
			    "build (bench/build/bench-syscall-32)");
		if (!strcmp(w[i], "syscall"))
			die(EXIT_USAGE, "--entry syscall: this 32-bit build "
			    "has int80 and sysenter only");
		die(EXIT_USAGE, "--entry: unknown entry '%s' (%s)", w[i],
		    all_entry_names);
	}
	cfg.nentries = n;
}

static void parse_cpus(const char *s)
{
	cpu_set_t allowed;
	int i, n;

	if (sched_getaffinity(0, sizeof(allowed), &allowed))
		die(EXIT_RUNTIME, "sched_getaffinity: %s", strerror(errno));
	if (!strcmp(s, "all")) {
		for (n = 0, i = 0; i < CPU_SETSIZE && n < MAX_CPUS; i++)
			if (CPU_ISSET(i, &allowed) && cpu_online(i))
				cfg.cpus[n++] = i;
		cfg.ncpus = n;
		return;
	}
	n = parse_cpulist(s, cfg.cpus, MAX_CPUS);
	if (n <= 0)
		die(EXIT_USAGE, "--cpus: bad CPU list '%s' (all, or e.g. "
		    "0,2-3)", s);
	for (i = 0; i < n; i++) {
		if (!cpu_online(cfg.cpus[i]))
			die(EXIT_USAGE, "--cpus: CPU %d is offline or does "
			    "not exist (online: see /sys/devices/system/cpu/"
			    "online)", cfg.cpus[i]);
		if (cfg.cpus[i] >= CPU_SETSIZE ||
		    !CPU_ISSET(cfg.cpus[i], &allowed))
			die(EXIT_USAGE, "--cpus: CPU %d is not in this "
			    "process' affinity mask", cfg.cpus[i]);
	}
	cfg.ncpus = n;
}

/* Names given with -e are checked now (exit 2); the default ones only
 * when the perf clock is probed (a bare guest may know no PMU at all). */
static void parse_events(const char *s, int check)
{
	struct perf_event_attr *attr = calloc(1, 256);
	char err[512];
	int i, n = split_list(s, cfg.ccfg.events, MAX_EVENTS);

	if (n < 0)
		die(EXIT_USAGE, "-e: bad event list '%s' (at most %d events)",
		    s, MAX_EVENTS);
	for (i = 0; i < n && check; i++)
		if (perf_encode(cfg.ccfg.events[i], attr, err, sizeof(err)))
			die(EXIT_USAGE, "-e: %s", err);
	cfg.ccfg.nevents = n;
	free(attr);
}

/*
 * --variants: entry variants (written to VARIANT_FILE before each block)
 * or pad=N items (the block's pad: a known delta inside one process, no
 * kernel support needed); never both.  An item given twice (an A/A:
 * pad=0,pad=0) is written as NAME~2, NAME~3... so each copy is a side of
 * its own for bench-stat --by variant.
 */
static void parse_variants(const char *s)
{
	char w[MAX_LIST][NAME_LEN];
	int i, j, n = split_list(s, w, MAX_LIST), npad = 0, copy;
	unsigned long v;

	if (n < 0)
		die(EXIT_USAGE, "--variants: bad list '%s'", s);
	for (i = 0; i < n; i++) {
		const char *why = bad_word(w[i]);

		if (why)
			die(EXIT_USAGE, "--variants: '%s': %s (a variant is "
			    "one word of the results file)", w[i], why);
		cfg.variant_pad[i] = -1;
		if (!strncmp(w[i], "pad=", 4)) {
			if (parse_ulong(w[i] + 4, 0, 1000000, &v))
				die(EXIT_USAGE, "--variants: '%s': pad=N "
				    "needs a whole number N in 0..1000000",
				    w[i]);
			cfg.variant_pad[i] = v;
			npad++;
		} else if (strchr(w[i], '~') || strchr(w[i], '=')) {
			die(EXIT_USAGE, "--variants: '%s' is neither an "
			    "entry variant name nor pad=N", w[i]);
		}
	}
	if (npad && npad != n)
		die(EXIT_USAGE, "--variants: '%s' mixes pad=N items and entry "
		    "variants: alternate pads (pad=0,pad=N) or entry variants "
		    "(full,fast), not both in one run", s);
	cfg.pad_variants = npad > 0;
	for (i = 0; i < n; i++) {
		strcpy(cfg.variant_set[i], w[i]);
		for (copy = 1, j = 0; j < i; j++)
			copy += !strcmp(w[j], w[i]);
		if (copy == 1)
			strcpy(cfg.variants[i], w[i]);
		else if (snprintf(cfg.variants[i], NAME_LEN, "%s~%d", w[i],
				  copy) >= NAME_LEN)
			die(EXIT_USAGE, "--variants: '%s' is too long", w[i]);
	}
	cfg.nvariants = n;
}

/* -w: a number of batches, or a time with a unit (2ms, 500us, 1s) */
static void parse_warmup(const char *s)
{
	static const struct { const char *suffix; double ns; } units[] = {
		{ "ms", 1e6 }, { "us", 1e3 }, { "ns", 1 }, { "s", 1e9 },
	};
	size_t n = strlen(s), i, k;
	char buf[64];
	double v;

	cfg.warmup_ns = 0;
	cfg.warmup_arg = NULL;
	cfg.warmup_given = 1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		k = strlen(units[i].suffix);
		if (n > k && n - k < sizeof(buf) &&
		    !strcmp(s + n - k, units[i].suffix))
			break;
	}
	if (i == sizeof(units) / sizeof(units[0])) {
		cfg.warmup = num("--warmup", s, 0, 1000000000);
		return;
	}
	memcpy(buf, s, n - k);
	buf[n - k] = '\0';
	if (parse_double(buf, 0, 3600e9 / units[i].ns, &v) ||
	    v * units[i].ns < 1)
		die(EXIT_USAGE, "--warmup: '%s' is neither a number of batches "
		    "nor a time up to an hour (e.g. 2ms, 500us)", s);
	cfg.warmup_ns = (uint64_t)(v * units[i].ns);
	cfg.warmup_arg = s;
}

static void parse_order(const char *s)
{
	int i;

	for (i = 0; i < 3; i++)
		if (!strcmp(s, order_names[i])) {
			cfg.order = i;
			cfg.order_given = 1;
			return;
		}
	die(EXIT_USAGE, "--order: '%s' is not abab, abba or shuffle", s);
}

/* --resolve 1% (of the first variant's level) or 4 (in the unit) */
static void parse_target(const char *s)
{
	char buf[64];
	size_t n = strlen(s);

	cfg.resolve = 1;
	cfg.target_pct = n > 1 && s[n - 1] == '%';
	snprintf(buf, sizeof(buf), "%.*s", (int)(n - cfg.target_pct), s);
	if (parse_double(buf, 1e-9, cfg.target_pct ? 100 : 1e12,
			 &cfg.target) || cfg.target <= 0)
		die(EXIT_USAGE, "--resolve: '%s' is neither a percentage (1%%) "
		    "nor a positive number in the clock's unit", s);
}

enum { O_ENTRY = 256, O_CONCURRENT, O_CLOCK, O_BLOCKS, O_VARIANTS,
	O_SHUFFLE, O_SEED, O_PAD, O_LABEL, O_LIST, O_BLOCK_MS, O_ROUNDS,
	O_ORDER, O_RESOLVE, O_MAX_SECONDS, O_ALPHA };

static const struct option longopts[] = {
	{ "syscalls", required_argument, NULL, 's' },
	{ "entry", required_argument, NULL, O_ENTRY },
	{ "cpus", required_argument, NULL, 'c' },
	{ "concurrent", no_argument, NULL, O_CONCURRENT },
	{ "clock", required_argument, NULL, O_CLOCK },
	{ "events", required_argument, NULL, 'e' },
	{ "samples", required_argument, NULL, 'n' },
	{ "batch", required_argument, NULL, 'k' },
	{ "warmup", required_argument, NULL, 'w' },
	{ "duration", required_argument, NULL, 'd' },
	{ "blocks", required_argument, NULL, O_BLOCKS },
	{ "variants", required_argument, NULL, O_VARIANTS },
	{ "shuffle", no_argument, NULL, O_SHUFFLE },
	{ "order", required_argument, NULL, O_ORDER },
	{ "block-ms", required_argument, NULL, O_BLOCK_MS },
	{ "rounds", required_argument, NULL, O_ROUNDS },
	{ "resolve", required_argument, NULL, O_RESOLVE },
	{ "max-seconds", required_argument, NULL, O_MAX_SECONDS },
	{ "alpha", required_argument, NULL, O_ALPHA },
	{ "seed", required_argument, NULL, O_SEED },
	{ "pad", required_argument, NULL, O_PAD },
	{ "label", required_argument, NULL, O_LABEL },
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "list", no_argument, NULL, O_LIST },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/*
 * How big a cell is (N samples, MS ms, or --duration split over all cells)
 * and how many blocks there are (bench-syscall.1, "Blocks and rounds").
 */
static void plan_size(void)
{
	unsigned long nv = cfg.nvariants ? cfg.nvariants : 1, rounds;
	double cells = (double)(cfg.concurrent ? 1 : cfg.ncpus) *
		       cfg.nentries * cfg.nops;

	if (cfg.blocks_given && cfg.rounds_given)
		die(EXIT_USAGE, "--blocks and --rounds: give one");
	if (cfg.block_ms > 0 && cfg.samples_given)
		die(EXIT_USAGE, "--block-ms and --samples: blocks are sized in "
		    "time or in samples, not both");
	if (cfg.block_ms > 0 && cfg.duration > 0 &&
	    (cfg.blocks_given || cfg.rounds_given))
		die(EXIT_USAGE, "--duration with --block-ms sets the number of "
		    "rounds: drop --blocks/--rounds");
	if (cfg.resolve) {
		if (cfg.nvariants < 2)
			die(EXIT_USAGE, "--resolve needs --variants with at "
			    "least two variants: it resolves their differences");
		if (cfg.samples_given || cfg.duration > 0 ||
		    cfg.blocks_given || cfg.rounds_given)
			die(EXIT_USAGE, "--resolve chooses the number of rounds "
			    "itself (within --max-seconds): drop --samples, "
			    "--duration, --blocks and --rounds");
	} else if (cfg.max_seconds_given || cfg.alpha_given) {
		die(EXIT_USAGE, "--max-seconds and --alpha go with --resolve");
	}
	/* --variants: many short rounds, unless sized the old way */
	if (cfg.nvariants && cfg.block_ms == 0 && !cfg.samples_given &&
	    !(cfg.duration > 0 && (cfg.blocks_given || cfg.rounds_given)))
		cfg.block_ms = DEFAULT_BLOCK_MS;
	/*
	 * Time-sized blocks warm up for a tenth of the block by default: a
	 * fixed batch count is a different share of the block for every
	 * syscall (30 ms for a 4.7 us int80 call, 1 ms for getppid).
	 */
	if (cfg.block_ms > 0 && !cfg.warmup_given) {
		cfg.warmup_ns = (uint64_t)(cfg.block_ms * 1e5);
		if (!cfg.warmup_ns)
			cfg.warmup_ns = 1;
		snprintf(cfg.warmup_buf, sizeof(cfg.warmup_buf), "%gus",
			 cfg.block_ms * 100);
		cfg.warmup_arg = cfg.warmup_buf;
	}
	if (cfg.resolve) {
		/* the budget's rounds: where the interval is tuned tightest */
		cfg.n_opt = floor(cfg.max_seconds * 1000 /
				  (cfg.block_ms * cells * nv));
		if (cfg.n_opt < 1)
			cfg.n_opt = 1;
		cfg.blocks = 0;		/* open-ended */
		return;
	}
	if (cfg.block_ms > 0 && cfg.duration > 0) {
		rounds = (unsigned long)floor(cfg.duration * 1000 /
					      (cfg.block_ms * cells * nv));
		cfg.blocks = (rounds ? rounds : 1) * nv;
	} else if (cfg.rounds_given) {
		cfg.blocks = cfg.rounds * nv;
	} else if (cfg.nvariants && !cfg.blocks_given) {
		cfg.blocks = (cfg.block_ms > 0 ? DEFAULT_ROUNDS : 2) * nv;
	}
}

static void parse_args(int argc, char **argv)
{
	const char *clock = "auto", *cpus = NULL, *sys = NULL, *ent = NULL;
	const char *events = NULL;
	int c, do_list = 0;

	while ((c = getopt_long(argc, argv, "s:c:e:n:k:w:d:o:qVh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 's': sys = optarg; break;
		case O_ENTRY: ent = optarg; break;
		case 'c': cpus = optarg; break;
		case O_CONCURRENT: cfg.concurrent = 1; break;
		case O_CLOCK: clock = optarg; break;
		case 'e': events = optarg; break;
		case 'n': cfg.samples = num("--samples", optarg, 1, 1000000000);
			cfg.samples_given = 1;
			break;
		case 'k': cfg.batch = num("--batch", optarg, 1, 1000000); break;
		case 'w': parse_warmup(optarg); break;
		case 'd':
			if (parse_double(optarg, 0.001, 1e7, &cfg.duration))
				die(EXIT_USAGE, "--duration: '%s' is not a "
				    "number of seconds in 0.001..1e7", optarg);
			break;
		case O_BLOCKS: cfg.blocks = num("--blocks", optarg, 1, 1000000);
			cfg.blocks_given = 1;
			break;
		case O_VARIANTS: parse_variants(optarg); break;
		case O_SHUFFLE: cfg.shuffle = 1; break;
		case O_ORDER: parse_order(optarg); break;
		case O_BLOCK_MS:
			if (parse_double(optarg, 0.01, 3600e3, &cfg.block_ms))
				die(EXIT_USAGE, "--block-ms: '%s' is not a number "
				    "of milliseconds in 0.01..3600000", optarg);
			break;
		case O_ROUNDS: cfg.rounds = num("--rounds", optarg, 1, 10000000);
			cfg.rounds_given = 1;
			break;
		case O_RESOLVE: parse_target(optarg); break;
		case O_MAX_SECONDS:
			if (parse_double(optarg, 0.01, 1e7, &cfg.max_seconds))
				die(EXIT_USAGE, "--max-seconds: '%s' is not a "
				    "number of seconds in 0.01..1e7", optarg);
			cfg.max_seconds_given = 1;
			break;
		case O_ALPHA:
			if (parse_double(optarg, 1e-9, 0.5, &cfg.alpha) ||
			    cfg.alpha <= 0)
				die(EXIT_USAGE, "--alpha: '%s' is not a number "
				    "in (0, 0.5]", optarg);
			cfg.alpha_given = 1;
			break;
		case O_SEED: cfg.seed = num("--seed", optarg, 0, ULONG_MAX);
			cfg.seed_given = 1;
			break;
		case O_PAD: cfg.pad = num("--pad", optarg, 0, 1000000);
			cfg.pad_given = 1;
			break;
		case O_LABEL:
			if (bad_word(optarg))
				die(EXIT_USAGE, "--label: '%s': %s (the label "
				    "is one word of the results file)", optarg,
				    bad_word(optarg));
			cfg.label = optarg;
			break;
		case 'o': cfg.out = optarg; break;
		case 'q': cfg.quiet = 1; break;
		case O_LIST: do_list = 1; break;
		case 'V': printf("bench-syscall %s\n", SUITE_VERSION); exit(0);
		case 'h': usage(stdout); exit(0);
		default:
			usage(stderr);
			exit(EXIT_USAGE);
		}
	}
	if (optind < argc)
		die(EXIT_USAGE, "unexpected argument '%s' (see --help)",
		    argv[optind]);
	parse_ops(sys ? sys : "getpid,getppid,gettid,getuid,enosys,"
		  "close_ebadf,null");
	parse_entries(ent ? ent : entries[0].name);
	if (cpus) {
		parse_cpus(cpus);
	} else {
		cfg.cpus[0] = sched_getcpu();
		cfg.ncpus = 1;
	}
	if (cfg.ncpus == 0)
		die(EXIT_USAGE, "--cpus: no usable CPU");
	parse_events(events ? events : "cycles,instructions", events != NULL);
	events_given = events != NULL;
	events_arg = events;
	if (do_list) {
		list();
		exit(0);
	}
	if (strcmp(clock, "auto") && !clock_find(clock))
		die(EXIT_USAGE, "--clock: unknown clock '%s' (auto, perf, "
		    "rdpmc, tsc, ns)", clock);
	cfg.clock = strcmp(clock, "auto") ? clock_find(clock) : NULL;
	if (cfg.shuffle && !cfg.nvariants)
		die(EXIT_USAGE, "--shuffle needs --variants");
	if (cfg.order_given && !cfg.nvariants)
		die(EXIT_USAGE, "--order needs --variants");
	if (cfg.shuffle && cfg.order_given && cfg.order != ORDER_SHUFFLE)
		die(EXIT_USAGE, "--shuffle and --order %s: give one",
		    order_names[cfg.order]);
	if (cfg.shuffle)
		cfg.order = ORDER_SHUFFLE;
	else if (!cfg.order_given)
		cfg.order = DEFAULT_ORDER;
#ifdef NO_GSL
	if (cfg.order == ORDER_SHUFFLE)
		die(EXIT_USAGE, "--shuffle / --order shuffle: this build has no "
		    "GSL (32-bit build): use --order abba or abab");
#endif
	if (cfg.pad_variants && cfg.pad_given)
		die(EXIT_USAGE, "--pad and --variants pad=N: give every "
		    "block's pad in --variants");
	cur_pad = cfg.pad;
	plan_size();
}

/* ---- setup ---- */


static void choose_clock(void)
{
	char why[1024];

	if (cfg.clock) {
		if (cfg.clock->probe(&cfg.ccfg, why, sizeof(why)))
			die(EXIT_USAGE, "--clock %s refused: %s",
			    cfg.clock->name, why);
		snprintf(cfg.choice, sizeof(cfg.choice), "%s: requested",
			 cfg.clock->name);
	} else {
		cfg.clock = clock_auto(&cfg.ccfg, cfg.choice,
				       sizeof(cfg.choice));
		if (!cfg.clock)
			die(EXIT_RUNTIME, "no usable clock: %s", cfg.choice);
		if (cfg.clock != clocks[0])
			note("clock %s (%s)", cfg.clock->name, cfg.choice);
	}
	/* only the perf clock counts events: -e would be dropped silently */
	if (events_given && cfg.clock != &clock_perf)
		die(EXIT_USAGE, "-e %s: the clock is %s (%s), which counts no "
		    "events; only --clock perf does (leave out -e to measure "
		    "with %s)", events_arg, cfg.clock->name, cfg.choice,
		    cfg.clock->name);
	cfg.nmetrics = cfg.clock->metrics(&cfg.ccfg, cfg.metrics, cfg.units);
}

static void check_entries(void)
{
	char why[512];
	int i;

	for (i = 0; i < cfg.nentries; i++)
		if (cfg.entries[i]->probe(why, sizeof(why)))
			die(EXIT_USAGE, "--entry %s refused: %s",
			    cfg.entries[i]->name, why);
}

/* Variant of every block: ABAB..., or shuffled within each group. */
static gsl_rng *order_rng;

/* Check that the variants can be switched; seed the shuffle. */
static void plan_variants(void)
{
	if (!cfg.nvariants)
		return;
	if (cfg.pad_variants)
		;	/* no kernel support needed */
	else if (access(VARIANT_FILE, F_OK))
		die(EXIT_USAGE, "--variants: %s does not exist: this kernel "
		    "has no switchable entry (boot an entry/ 'dual' kernel)",
		    VARIANT_FILE);
	else if (access(VARIANT_FILE, W_OK))
		die(EXIT_USAGE, "--variants: %s is not writable (%s): a "
		    "kernel with a fixed entry variant, or not root?",
		    VARIANT_FILE, strerror(errno));
	if (cfg.order != ORDER_SHUFFLE)
		return;
	if (!cfg.seed_given)
		cfg.seed = (unsigned long)time(NULL) ^ getpid();
	gsl_rng_env_setup();
	order_rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(order_rng, cfg.seed);
}

/*
 * Variant index of block b, planned a round at a time (a --resolve run
 * does not know how many it will have): abab in turn, abba every other
 * round reversed, shuffle a random permutation per round.  A last,
 * partial round of a fixed --blocks count stays in turn.  Leader only.
 */
static int block_vidx(unsigned long b)
{
	int nv = cfg.nvariants, i, *r;

	if (!nv)
		return 0;
	while (cfg.planned <= b) {
		cfg.block_variant = realloc(cfg.block_variant,
					    (cfg.planned + nv) * sizeof(int));
		if (!cfg.block_variant)
			die(EXIT_RUNTIME, "out of memory");
		r = cfg.block_variant + cfg.planned;
		for (i = 0; i < nv; i++)
			r[i] = i;
		if (cfg.blocks && cfg.planned + nv > cfg.blocks)
			;	/* partial last round */
		else if (cfg.order == ORDER_ABBA && cfg.planned / nv % 2)
			for (i = 0; i < nv; i++)
				r[i] = nv - 1 - i;
		else if (cfg.order == ORDER_SHUFFLE)
			gsl_ran_shuffle(order_rng, r, nv, sizeof(int));
		cfg.planned += nv;
	}
	return cfg.block_variant[b];
}

static int set_variant(int v)
{
	char buf[NAME_LEN];
	FILE *f;

	if (cfg.pad_variants) {
		cur_pad = cfg.variant_pad[v];
		return 0;
	}
	f = fopen(VARIANT_FILE, "w");

	if (!f || fprintf(f, "%s\n", cfg.variant_set[v]) < 0 || fclose(f)) {
		fail("writing '%s' to %s: %s", cfg.variant_set[v],
		     VARIANT_FILE, strerror(errno));
		return -1;
	}
	read_line(VARIANT_FILE, buf, sizeof(buf));
	if (strcmp(buf, cfg.variant_set[v])) {
		fail("%s reads '%s' after writing '%s'", VARIANT_FILE, buf,
		     cfg.variant_set[v]);
		return -1;
	}
	return 0;
}

static void now_utc(char *iso, size_t ilen, char *stamp, size_t slen)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(iso, ilen, "%Y-%m-%dT%H:%M:%SZ", &tm);
	strftime(stamp, slen, "%Y%m%dT%H%M%SZ", &tm);
}

/* Shell-quoted command line, for the "command" key. */
static void command_line(int argc, char **argv, char *buf, size_t len)
{
	size_t off = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < argc && off < len; i++) {
		const char *a = argv[i];
		int plain = *a && strspn(a, "abcdefghijklmnopqrstuvwxyz"
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=.,/:+@%")
			== strlen(a);

		off += snprintf(buf + off, len - off, "%s%s%s%s", i ? " " : "",
				plain ? "" : "'", a, plain ? "" : "'");
	}
}

static void join(char *buf, size_t len, const char *const *w, int n)
{
	size_t off = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n && off < len; i++)
		off += snprintf(buf + off, len - off, "%s%s", i ? "," : "",
				w[i]);
}

static void write_header(int argc, char **argv, const char *date)
{
	FILE *f = results_file(res);
	const char *w[MAX_CPUS];
	char buf[8192], host[256];
	int i;

	fprintf(f, "#bench-syscall-results 1\n");
	fprintf(f, "#%% label: %s\n", cfg.label);
	fprintf(f, "#%% clock: %s\n", cfg.clock->name);
	fprintf(f, "#%% unit: %s\n", cfg.units[0]);
	fprintf(f, "#%% clock.choice: %s\n", cfg.choice);
	if (cfg.clock == &clock_tsc)
		fprintf(f, "#%% tsc.hz: %.0f\n", tsc_hz());
	if (cfg.clock == &clock_perf) {
		for (i = 0; i < cfg.ccfg.nevents; i++)
			w[i] = cfg.ccfg.events[i];
		join(buf, sizeof(buf), w, cfg.ccfg.nevents);
		fprintf(f, "#%% events: %s\n", buf);
	}
	fprintf(f, "#%% batch: %lu\n", cfg.batch);
	if (cfg.warmup_ns)
		fprintf(f, "#%% warmup: %s\n", cfg.warmup_arg);
	else
		fprintf(f, "#%% warmup: %lu\n", cfg.warmup);
	if (cfg.duration > 0 || cfg.block_ms > 0)
		fprintf(f, "#%% samples: -\n");
	else
		fprintf(f, "#%% samples: %lu\n", cfg.samples);
	if (cfg.duration > 0)
		fprintf(f, "#%% duration: %g\n", cfg.duration);
	else
		fprintf(f, "#%% duration: -\n");
	if (cfg.block_ms > 0)
		fprintf(f, "#%% block.ms: %g\n", cfg.block_ms);
	else
		fprintf(f, "#%% block.ms: -\n");
	if (cfg.blocks)
		fprintf(f, "#%% blocks: %lu\n", cfg.blocks);
	else
		fprintf(f, "#%% blocks: -\n");	/* --resolve decides */
	for (i = 0; i < cfg.nops; i++)
		w[i] = cfg.ops[i]->name;
	join(buf, sizeof(buf), w, cfg.nops);
	fprintf(f, "#%% syscalls: %s\n", buf);
	buf[0] = '\0';
	for (i = 0; i < cfg.ncpus; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%d",
			 i ? "," : "", cfg.cpus[i]);
	fprintf(f, "#%% cpus: %s\n", buf);
	for (i = 0; i < cfg.nentries; i++)
		w[i] = cfg.entries[i]->name;
	join(buf, sizeof(buf), w, cfg.nentries);
	fprintf(f, "#%% entries: %s\n", buf);
	fprintf(f, "#%% concurrent: %s\n", cfg.concurrent ? "yes" : "no");
	for (i = 0; i < cfg.nvariants; i++)
		w[i] = cfg.variants[i];
	join(buf, sizeof(buf), w, cfg.nvariants);
	fprintf(f, "#%% variants: %s\n", cfg.nvariants ? buf : "-");
	fprintf(f, "#%% order: %s\n", cfg.nvariants ?
		order_names[cfg.order] : "-");
	if (cfg.nvariants && cfg.order == ORDER_SHUFFLE)
		fprintf(f, "#%% shuffle.seed: %lu\n", cfg.seed);
	if (cfg.resolve) {
		if (cfg.target_pct)
			fprintf(f, "#%% resolve.target: %g%%\n", cfg.target);
		else
			fprintf(f, "#%% resolve.target: %g\n", cfg.target);
		fprintf(f, "#%% resolve.max_seconds: %g\n", cfg.max_seconds);
		fprintf(f, "#%% resolve.alpha: %g\n", cfg.alpha);
		fprintf(f, "#%% resolve.n_opt: %.0f\n", cfg.n_opt);
		fprintf(f, "#%% resolve.min_rounds: %d\n", RESOLVE_MIN_ROUNDS);
	}
	if (cfg.pad_variants)
		fprintf(f, "#%% pad: -\n");	/* per block: variants */
	else
		fprintf(f, "#%% pad: %lu\n", cfg.pad);
	fprintf(f, "#%% pad.unit: one dependent imul (3 core cycles) after "
		"every call, then an lfence when pad > 0\n");
	command_line(argc, argv, buf, sizeof(buf));
	fprintf(f, "#%% command: %s\n", buf);
	if (gethostname(host, sizeof(host)))
		strcpy(host, "-");
	fprintf(f, "#%% host: %s\n", host);
	fprintf(f, "#%% date: %s\n", date);
	env_write(f);
	fprintf(f, "#%% noise: %s\n", noise_source());
	fprintf(f, "#%% metrics:");
	for (i = 0; i < cfg.nmetrics; i++)
		fprintf(f, " %s", cfg.metrics[i]);
	fprintf(f, "\n#%% units:");
	for (i = 0; i < cfg.nmetrics; i++)
		fprintf(f, " %s", cfg.units[i]);
	fprintf(f, "\n#%% columns: cpu syscall entry block variant seq ctxsw "
		"migr");
	for (i = 0; i < cfg.nmetrics; i++)
		fprintf(f, " %s", cfg.metrics[i]);
	fprintf(f, "\n");
	results_flush(res);
}

static void default_path(char *buf, size_t len, const char *stamp)
{
	char host[256], label[NAME_LEN * 2];
	struct stat st;
	size_t i;
	int n;

	if (gethostname(host, sizeof(host)))
		strcpy(host, "unknown-host");
	snprintf(label, sizeof(label), "%s", cfg.label);
	for (i = 0; label[i]; i++)
		if (label[i] == '/' || label[i] == ' ')
			label[i] = '_';
	snprintf(buf, len, "results/%s/%s/%s.txt", host, label, stamp);
	for (n = 2; !stat(buf, &st) && n < 1000; n++)
		snprintf(buf, len, "results/%s/%s/%s-%d.txt", host, label,
			 stamp, n);
}

/* ---- measurement ---- */

struct worker {
	pthread_t tid;
	int leader;
	int *cpus, ncpus;
	struct clock_thread clk;
	struct noise noise;
	double *bbuf;			/* --resolve: this cell-block's values */
	size_t bcap;
};

static int cell_index(int cpu_idx, int e, int o)
{
	return (cpu_idx * cfg.nentries + e) * cfg.nops + o;
}

static struct cellstat *cell_stat(int cpu_idx, int e, int o, int v)
{
	int nv = cfg.nvariants ? cfg.nvariants : 1;

	return &stats[cell_index(cpu_idx, e, o) * nv + v];
}

static void stat_add(struct cellstat *s, double prim, double ns)
{
	if (!s->rs[0]) {
		s->rs[0] = gsl_rstat_alloc();
		s->rs[1] = gsl_rstat_alloc();
		if (!s->rs[0] || !s->rs[1])
			die(EXIT_RUNTIME, "out of memory");
	}
	gsl_rstat_add(prim, s->rs[0]);
	gsl_rstat_add(ns, s->rs[1]);
	if (s->n == EXACT_CAP) {	/* from here on: running statistics */
		free(s->prim);
		free(s->ns);
		s->prim = s->ns = NULL;
		s->n++;
	}
	if (s->n > EXACT_CAP)
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 1024;
		s->prim = realloc(s->prim, s->cap * sizeof(double));
		s->ns = realloc(s->ns, s->cap * sizeof(double));
		if (!s->prim || !s->ns)
			die(EXIT_RUNTIME, "out of memory");
	}
	s->prim[s->n] = prim;
	s->ns[s->n++] = ns;
}

/* the median of block b's undisturbed values of one cell, or NAN */
static void med_set(int cidx, unsigned long b, double *v, size_t n)
{
	struct cellmed *c = &meds[cidx];
	size_t i, want = (b / cfg.nvariants + 1) * cfg.nvariants;

	if (c->cap < want) {
		c->m = realloc(c->m, 2 * want * sizeof(double));
		if (!c->m)
			die(EXIT_RUNTIME, "out of memory");
		for (i = c->cap; i < 2 * want; i++)
			c->m[i] = NAN;
		c->cap = 2 * want;
	}
	if (n) {
		gsl_sort(v, 1, n);
		c->m[b / cfg.nvariants * cfg.nvariants + cur_vidx] =
			gsl_stats_median_from_sorted_data(v, 1, n);
	}
}

static void progress(unsigned long b, int cpu, const struct op *op,
		     unsigned long seq)
{
	static uint64_t last;
	uint64_t now = ns_now();

	if (!cfg.progress || now - last < 100000000ull)
		return;
	last = now;
	if (cfg.blocks)
		fprintf(stderr, "\rblock %lu/%lu cpu %d %-12s %8lu samples ",
			b + 1, cfg.blocks, cpu, op->name, seq);
	else
		fprintf(stderr, "\rround %lu (resolving) cpu %d %-12s %8lu "
			"samples ", b / cfg.nvariants + 1, cpu, op->name, seq);
}

/* warm-up: W batches, or batches until -w's time has passed (one at least) */
static void warm_up(const struct op *op, const struct entry *ent, long expect)
{
	uint64_t t_end = ns_now() + cfg.warmup_ns;
	unsigned long i;

	for (i = 0; !stopping(); i++) {
		if (cfg.warmup_ns ? i > 0 && ns_now() >= t_end
				  : i >= cfg.warmup)
			break;
		if (op_run(op, ent, expect, cfg.batch, cur_pad))
			break;		/* the first sample reports it */
	}
}

static void cell(struct worker *w, unsigned long b, int ci, int e, int o)
{
	const struct entry *ent = cfg.entries[e];
	int cpu_idx = w->cpus == cfg.cpus ? ci : w->cpus - cfg.cpus;
	const struct op *op = cfg.ops[o];
	struct cellstat *st = cell_stat(cpu_idx, e, o, cur_vidx);
	int cpu = w->cpus[ci], m;
	long expect = op->expect(), bad;
	double val[MAX_METRICS];
	uint64_t t_end = 0, ctxsw, migr;
	unsigned long seq;
	size_t bn = 0;
	char line[1024];
	size_t off;

	warm_up(op, ent, expect);
	if (cfg.block_ms > 0)
		t_end = ns_now() + (uint64_t)(cfg.block_ms * 1e6);
	else if (cfg.duration > 0)
		t_end = ns_now() + (uint64_t)cell_ns;
	for (seq = 0; !stopping(); seq++) {
		if (t_end ? seq > 0 && ns_now() >= t_end : seq >= cfg.samples)
			break;
		noise_start(&w->noise);
		cfg.clock->start(&w->clk);
		bad = op_run(op, ent, expect, cfg.batch, cur_pad);
		cfg.clock->stop(&w->clk, val);
		noise_stop(&w->noise, &ctxsw, &migr);
		if (bad) {
			fail("%s via %s returned a value other than %ld in "
			     "%ld of %lu calls on CPU %d", op->name, ent->name,
			     expect, bad, cfg.batch, cpu);
			return;
		}
		if (val[0] < 0) {
			fail("clock %s: reading the counters failed on CPU %d",
			     cfg.clock->name, cpu);
			return;
		}
		if (w->noise.cpu0 != cpu || sched_getcpu() != cpu)
			migr = migr ? migr : 1;
		off = snprintf(line, sizeof(line), "%d %s %s %lu %s %lu %lu %lu",
			       cpu, op->name, ent->name, b, cur_variant, seq,
			       (unsigned long)ctxsw, (unsigned long)migr);
		for (m = 0; m < cfg.nmetrics; m++)
			off += snprintf(line + off, sizeof(line) - off, " %.4f",
					val[m] / cfg.batch);
		snprintf(line + off, sizeof(line) - off, "\n");
		results_sample(res, line);
		st->total++;
		if (ctxsw || migr) {
			st->disturbed++;
		} else {
			stat_add(st, val[0] / cfg.batch,
				 val[cfg.nmetrics - 1] / cfg.batch);
			if (cfg.resolve) {
				if (bn == w->bcap) {
					w->bcap = w->bcap ? 2 * w->bcap : 4096;
					w->bbuf = realloc(w->bbuf, w->bcap *
							  sizeof(double));
					if (!w->bbuf)
						die(EXIT_RUNTIME,
						    "out of memory");
				}
				w->bbuf[bn++] = val[0] / cfg.batch;
			}
		}
		if (w->leader)
			progress(b, cpu, op, seq);
	}
	if (cfg.resolve && !stopping())
		med_set(cell_index(cpu_idx, e, o), b, w->bbuf, bn);
}

/* ---- --resolve: the stopping rule ---- */

/*
 * After every whole round: for every cell and every pair of consecutive
 * variants (v - (v-1)), the anytime-valid interval (stats/sequential.h) on
 * the per-round differences of block medians.  Resolved when every
 * half-width is <= the target (a % target: of variant 0's level, the
 * median of its block medians).  Fills rsv.worst_*: the pair that is
 * furthest from its target.  Returns 1 when resolved.
 */
static int resolve_check(unsigned long rounds)
{
	int nv = cfg.nvariants, ncells = cfg.ncpus * cfg.nentries * cfg.nops;
	double *d = malloc(rounds * sizeof(double)), *lv = malloc(rounds *
		sizeof(double)), worst = -1;
	int c, v, all = 1, ok;
	size_t n, nl, r;
	struct seq_interval si;
	double ratio;

	if (!d || !lv)
		die(EXIT_RUNTIME, "out of memory");
	for (c = 0; c < ncells; c++) {
		struct cellmed *cm = &meds[c];
		double target = cfg.target;

		if (cm->cap < rounds * nv) {	/* nothing measured yet */
			all = 0;
			continue;
		}
		if (cfg.target_pct) {
			for (nl = 0, r = 0; r < rounds; r++)
				if (!isnan(cm->m[r * nv]))
					lv[nl++] = cm->m[r * nv];
			if (!nl) {
				all = 0;
				continue;
			}
			gsl_sort(lv, 1, nl);
			target = cfg.target / 100 *
				 gsl_stats_median_from_sorted_data(lv, 1, nl);
		}
		for (v = 1; v < nv; v++) {
			for (n = 0, r = 0; r < rounds; r++) {
				double a = cm->m[r * nv + v - 1],
				       b = cm->m[r * nv + v];

				if (!isnan(a) && !isnan(b))
					d[n++] = b - a;
			}
			ok = !seq_interval(d, n, cfg.alpha, cfg.n_opt, &si);
			ratio = ok ? si.half / target : INFINITY;
			if (!(ok && si.half <= target))
				all = 0;
			if (ratio > worst) {
				worst = ratio;
				rsv.worst_half = ok ? si.half : NAN;
				rsv.worst_target = target;
			}
		}
	}
	free(d);
	free(lv);
	return all;
}

/*
 * Leader, before block b: is the run over?  A fixed plan ends after its
 * blocks; --resolve only at a round's end, once RESOLVE_MIN_ROUNDS rounds
 * are in, when resolved, or when one more round would overrun the budget.
 */
static int run_over(unsigned long b, uint64_t t0)
{
	unsigned long rounds;
	double el;

	if (stopping())
		return 1;
	if (!cfg.resolve)
		return b >= cfg.blocks;
	if (b % cfg.nvariants)
		return 0;
	rounds = b / cfg.nvariants;
	el = (ns_now() - t0) / 1e9;
	rsv.rounds = rounds;
	rsv.seconds = el;
	if (!rounds)
		return 0;
	if (rounds >= RESOLVE_MIN_ROUNDS && resolve_check(rounds)) {
		rsv.resolved = 1;
		rsv.why = "resolved";
		return 1;
	}
	if (el + el / rounds > cfg.max_seconds) {
		if (rounds < RESOLVE_MIN_ROUNDS)
			resolve_check(rounds);
		rsv.why = "budget";
		return 1;
	}
	return 0;
}

/* Leader: switch to block b's variant, timed, and record it. */
static void switch_block(unsigned long b)
{
	uint64_t t0, t1;
	char line[256];
	int v = block_vidx(b);

	t0 = ns_now();
	if (set_variant(v))
		return;
	t1 = ns_now();
	cur_vidx = v;
	snprintf(cur_variant, sizeof(cur_variant), "%s", cfg.variants[v]);
	snprintf(line, sizeof(line), "#%% switch: block=%lu variant=%s ns=%llu\n",
		 b, cur_variant, (unsigned long long)(t1 - t0));
	results_line(res, line);
	if (nswitch == switch_cap) {
		switch_cap = switch_cap ? 2 * switch_cap : 256;
		switch_ns = realloc(switch_ns, switch_cap * sizeof(double));
		switch_vidx = realloc(switch_vidx, switch_cap * sizeof(int));
		if (!switch_ns || !switch_vidx)
			die(EXIT_RUNTIME, "out of memory");
	}
	switch_ns[nswitch] = t1 - t0;
	switch_vidx[nswitch++] = v;
}

static int pin(int cpu)
{
	cpu_set_t set;
	int err;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	err = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (err) {
		fail("cannot pin to CPU %d: %s", cpu, strerror(err));
		return -1;
	}
	if (sched_getcpu() != cpu) {
		sched_yield();
		if (sched_getcpu() != cpu) {
			fail("pinned to CPU %d but running on %d", cpu,
			     sched_getcpu());
			return -1;
		}
	}
	return 0;
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	char err[512];
	unsigned long b;
	uint64_t t0 = ns_now();
	int ci, e, o, ready;

	ready = pin(w->cpus[0]) == 0;
	if (ready && cfg.clock->thread_init(&w->clk, &cfg.ccfg, err,
					    sizeof(err))) {
		fail("clock %s: %s", cfg.clock->name, err);
		ready = 0;
	}
	noise_open(&w->noise);
	/* every thread goes through every barrier, stopping or not */
	for (b = 0;; b++) {
		pthread_barrier_wait(&barrier);
		if (w->leader) {
			run_done = run_over(b, t0);
			if (!run_done && cfg.nvariants)
				switch_block(b);
			else if (!run_done)
				read_line(VARIANT_FILE, cur_variant,
					  sizeof(cur_variant));
			results_flush(res);
		}
		pthread_barrier_wait(&barrier);
		if (run_done)
			break;
		for (ci = 0; ci < w->ncpus; ci++) {
			if (ready && !stopping() && w->ncpus > 1 &&
			    pin(w->cpus[ci]))
				ready = 0;
			for (e = 0; e < cfg.nentries; e++)
				for (o = 0; o < cfg.nops; o++) {
					if (cfg.concurrent)
						pthread_barrier_wait(&barrier);
					if (ready && !stopping())
						cell(w, b, ci, e, o);
				}
		}
	}
	if (w->leader && cfg.resolve && !rsv.why) {
		rsv.why = "stopped";
		rsv.seconds = (ns_now() - t0) / 1e9;
	}
	noise_close(&w->noise);
	if (ready)
		cfg.clock->thread_fini(&w->clk);
	free(w->bbuf);
	return NULL;
}

static void run(void)
{
	int nw = cfg.concurrent ? cfg.ncpus : 1, i, err;
	struct worker *w = calloc(nw, sizeof(*w));
	double cells;

	cells = (double)cfg.blocks * cfg.nentries * cfg.nops *
		(cfg.concurrent ? 1 : cfg.ncpus);
	cell_ns = cfg.duration * 1e9 / cells;
	if (cfg.resolve) {
		meds = calloc((size_t)cfg.ncpus * cfg.nentries * cfg.nops,
			      sizeof(*meds));
		if (!meds)
			die(EXIT_RUNTIME, "out of memory");
	}
	pthread_barrier_init(&barrier, NULL, nw);
	for (i = 0; i < nw; i++) {
		w[i].leader = i == 0;
		w[i].cpus = cfg.concurrent ? &cfg.cpus[i] : cfg.cpus;
		w[i].ncpus = cfg.concurrent ? 1 : cfg.ncpus;
	}
	if (!cfg.concurrent) {
		worker_run(&w[0]);
	} else {
		for (i = 0; i < nw; i++) {
			err = pthread_create(&w[i].tid, NULL, worker_run,
					     &w[i]);
			if (err)	/* before any barrier: nobody waits */
				die(EXIT_RUNTIME, "pthread_create: %s",
				    strerror(err));
		}
		for (i = 0; i < nw; i++)
			pthread_join(w[i].tid, NULL);
	}
	free(w);
	if (cfg.progress)
		fprintf(stderr, "\r%60s\r", "");
}

/* ---- summary ---- */

/* How long the switches took, per variant switched to (GSL medians). */
static void switch_summary(FILE *f)
{
	double *v = malloc((nswitch + 1) * sizeof(double));
	size_t i, n;
	int k;

	if (!nswitch || !v) {
		free(v);
		return;
	}
	fprintf(f, "switch to %-12s %8s %12s %12s   (wall ns of the %s)\n",
		"variant", "n", "median", "max", cfg.pad_variants ?
		"pad change" : "sysfs write and read-back");
	for (k = 0; k < cfg.nvariants; k++) {
		for (n = 0, i = 0; i < nswitch; i++)
			if (switch_vidx[i] == k)
				v[n++] = switch_ns[i];
		if (!n)
			continue;
		gsl_sort(v, 1, n);
		fprintf(f, "switch to %-12s %8zu %12.0f %12.0f\n",
			cfg.variants[k], n,
			gsl_stats_median_from_sorted_data(v, 1, n), v[n - 1]);
	}
	free(v);
}

/* --resolve: how it ended, and every interval it stopped on. */
static void resolve_summary(FILE *f)
{
	int nv = cfg.nvariants, ci, e, o, v;
	size_t rounds = rsv.rounds, n, r, nl;
	double *d = malloc((rounds + 1) * sizeof(double));
	double *lv = malloc((rounds + 1) * sizeof(double));
	struct seq_interval si;

	if (!cfg.resolve || !d || !lv || !meds) {
		free(d);
		free(lv);
		return;
	}
	fprintf(f, "resolve: %s after %zu rounds, %.1f s (target %g%s, "
		"alpha %g, n_opt %.0f); anytime-valid intervals of the "
		"per-round differences of block medians:\n",
		rsv.resolved ? "resolved" : !strcmp(rsv.why, "budget") ?
		"NOT resolved, budget spent" : "NOT resolved, stopped",
		rounds, rsv.seconds, cfg.target, cfg.target_pct ? "%" :
		cfg.units[0], cfg.alpha, cfg.n_opt);
	for (ci = 0; ci < cfg.ncpus; ci++)
		for (e = 0; e < cfg.nentries; e++)
			for (o = 0; o < cfg.nops; o++) {
	struct cellmed *cm = &meds[cell_index(ci, e, o)];
	double level = NAN;

	if (cm->cap < rounds * nv)
		continue;
	for (nl = 0, r = 0; r < rounds; r++)
		if (!isnan(cm->m[r * nv]))
			lv[nl++] = cm->m[r * nv];
	if (nl) {
		gsl_sort(lv, 1, nl);
		level = gsl_stats_median_from_sorted_data(lv, 1, nl);
	}
	for (v = 1; v < nv; v++) {
		for (n = 0, r = 0; r < rounds; r++)
			if (!isnan(cm->m[r * nv + v - 1]) &&
			    !isnan(cm->m[r * nv + v]))
				d[n++] = cm->m[r * nv + v] - cm->m[r * nv + v - 1];
		if (seq_interval(d, n, cfg.alpha, cfg.n_opt, &si)) {
			fprintf(f, "  cpu %d %s %s %s - %s: %zu rounds, too few\n",
				cfg.cpus[ci], cfg.entries[e]->name,
				cfg.ops[o]->name, cfg.variants[v],
				cfg.variants[v - 1], n);
			continue;
		}
		fprintf(f, "  cpu %d %s %s %s - %s: %+.3f +/- %.3f %s "
			"(%+.2f%% +/- %.2f%%), %zu rounds\n", cfg.cpus[ci],
			cfg.entries[e]->name, cfg.ops[o]->name, cfg.variants[v],
			cfg.variants[v - 1], si.mean, si.half, cfg.units[0],
			100 * si.mean / level, 100 * si.half / level, n);
	}
			}
	free(d);
	free(lv);
}

static void summary(FILE *f)
{
	int ci, e, o, v, nv = cfg.nvariants ? cfg.nvariants : 1, approx = 0;
	const char *unit = cfg.units[0];
	int two = strcmp(unit, "ns") != 0;

	fprintf(f, "%-4s %-8s %-12s %-8s %7s %5s %10s %10s %9s %10s", "cpu",
		"entry", "syscall", "variant", "n", "dist", "median", "mean",
		"stddev", "min");
	if (two)
		fprintf(f, " %9s %9s %8s %9s", "median", "mean", "stddev",
			"min");
	fprintf(f, "\n%-4s %-8s %-12s %-8s %7s %5s %43s", "", "", "", "", "",
		"", unit);
	if (two)
		fprintf(f, " %38s", "ns");
	fprintf(f, "\n");
	for (ci = 0; ci < cfg.ncpus; ci++)
		for (e = 0; e < cfg.nentries; e++)
			for (o = 0; o < cfg.nops; o++)
				for (v = 0; v < nv; v++) {
	struct cellstat *s = cell_stat(ci, e, o, v);
	double *a[2] = { s->prim, s->ns }, med;
	size_t n = s->rs[0] ? gsl_rstat_n(s->rs[0]) : 0;
	int k;

	if (!s->total)
		continue;
	fprintf(f, "%-4d %-8s %-12s %-8s %7zu %5lu", cfg.cpus[ci],
		cfg.entries[e]->name, cfg.ops[o]->name,
		cfg.nvariants ? cfg.variants[v] : cur_variant, n,
		s->disturbed);
	for (k = 0; k < 1 + two && n; k++) {
		if (a[k]) {
			gsl_sort(a[k], 1, n);
			med = gsl_stats_median_from_sorted_data(a[k], 1, n);
		} else {
			med = gsl_rstat_median(s->rs[k]);
			approx = 1;
		}
		fprintf(f, k ? " %9.2f%s%9.2f %8.2f %9.2f" :
			" %10.2f%s%10.2f %9.2f %10.2f", med,
			a[k] ? " " : "~", gsl_rstat_mean(s->rs[k]),
			n > 1 ? gsl_rstat_sd(s->rs[k]) : 0.0,
			gsl_rstat_min(s->rs[k]));
	}
	fprintf(f, "\n");
				}
	fprintf(f, "(per call; n: undisturbed samples summarized, dist: "
		"samples with a context switch or migration, left out)\n");
	if (approx)
		fprintf(f, "(~: over %u samples, the median is GSL's running "
			"P-square estimate; bench-stat gives the exact one)\n",
			EXACT_CAP);
	switch_summary(f);
	resolve_summary(f);
}

static void on_signal(int sig)
{
	stop_sig = sig;
}

int main(int argc, char **argv)
{
	char date[64], stamp[64], path[4096], err[512], evbuf[512];
	const char *reason = NULL;
	struct sigaction sa;
	int nv, rc = 0;

	if (getenv("BENCH_SYSCALL_VARIANT_FILE"))
		variant_file = getenv("BENCH_SYSCALL_VARIANT_FILE");
	parse_args(argc, argv);
	plan_variants();
	check_entries();
	choose_clock();
	if (!cfg.label) {
		read_line(VARIANT_FILE, evbuf, sizeof(evbuf));
		if (!strcmp(evbuf, "-")) {
			struct utsname u;

			snprintf(evbuf, sizeof(evbuf), "%s",
				 uname(&u) ? "unknown" : u.release);
		}
		cfg.label = strdup(evbuf);
	}
	now_utc(date, sizeof(date), stamp, sizeof(stamp));
	if (!cfg.out) {
		default_path(path, sizeof(path), stamp);
		cfg.out = path;
	}
	/* from here on a signal ends the run cleanly, file and all */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);	/* a lost ssh session */
	sigaction(SIGPIPE, &sa, NULL);	/* -o - into a reader that quit */
	res = results_open(cfg.out, err, sizeof(err));
	if (!res)
		die(EXIT_RUNTIME, "%s", err);
	nv = cfg.nvariants ? cfg.nvariants : 1;
	stats = calloc((size_t)cfg.ncpus * cfg.nentries * cfg.nops * nv,
		       sizeof(*stats));
	cfg.progress = !cfg.quiet && isatty(2);

	if (cfg.resolve && cfg.n_opt < RESOLVE_MIN_ROUNDS)
		note("--resolve: --max-seconds %g allows about %.0f rounds of "
		     "%g ms blocks, fewer than the %d it never stops before: "
		     "it will stop on the budget, unresolved", cfg.max_seconds,
		     cfg.n_opt, cfg.block_ms, RESOLVE_MIN_ROUNDS);
	write_header(argc, argv, date);
	run();
	if (cfg.resolve) {
		snprintf(evbuf, sizeof(evbuf), "#%% resolve.result: %s "
			 "rounds=%lu seconds=%.3f\n", rsv.why, rsv.rounds,
			 rsv.seconds);
		results_line(res, evbuf);
	}

	if (stop_sig) {
		reason = stop_sig == SIGINT ? "SIGINT" :
			 stop_sig == SIGTERM ? "SIGTERM" :
			 stop_sig == SIGHUP ? "SIGHUP" : "SIGPIPE";
		rc = 128 + stop_sig;
	} else if (stop_error) {
		reason = "error";
		rc = EXIT_RUNTIME;
	} else if (results_error(res)) {
		reason = "write-error";	/* results_close says which */
		rc = EXIT_RUNTIME;
	}
	if (results_close(res, reason, err, sizeof(err))) {
		fprintf(stderr, "bench-syscall: %s\n", err);
		rc = rc ? rc : EXIT_RUNTIME;
	}
	if (stop_error)
		fprintf(stderr, "bench-syscall: %s\n", err_msg);
	if (strcmp(cfg.out, "-"))
		summary(stdout);
	else if (!cfg.quiet)
		summary(stderr);
	if (strcmp(cfg.out, "-"))
		note("%s: %s%s", reason ? "stopped" : "wrote", cfg.out,
		     reason ? " (marked incomplete)" : "");
	if (cfg.resolve && rsv.resolved)
		note("resolved after %lu rounds, %.1f s: every interval "
		     "within the target", rsv.rounds, rsv.seconds);
	else if (cfg.resolve)
		note("NOT resolved (%s) after %lu rounds, %.1f s: the widest "
		     "half-width is %.3g %s against a target of %.3g",
		     rsv.why, rsv.rounds, rsv.seconds, rsv.worst_half,
		     cfg.units[0], rsv.worst_target);
	return rc;
}
