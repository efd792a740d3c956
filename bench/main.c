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

#ifndef NO_GSL
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#else
#include "nogsl.h"
#endif

#define MAX_CPUS	1024
#define MAX_LIST	64
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
	unsigned long samples, batch, warmup, blocks, pad, seed;
	double duration;
	char variants[MAX_LIST][NAME_LEN];	/* as written in the file */
	char variant_set[MAX_LIST][NAME_LEN];	/* written to VARIANT_FILE */
	long variant_pad[MAX_LIST];		/* pad=N items: N, else -1 */
	int nvariants, pad_variants, pad_given, shuffle, seed_given,
	    blocks_given;
	int *block_variant;		/* variant index of every block */
	const char *label, *out;
	int quiet, progress;
	int nmetrics;
	char metrics[MAX_METRICS][NAME_LEN], units[MAX_METRICS][NAME_LEN];
} cfg = {
	.samples = 5000, .batch = 32, .warmup = 200, .blocks = 1,
};

/* Summary data of one (cpu, entry, op, variant): undisturbed per-call
 * values of the primary and ns metrics. */
struct cellstat {
	double *prim, *ns;
	size_t n, cap;
	unsigned long disturbed, total;
};
static struct cellstat *stats;

static struct results *res;
static volatile sig_atomic_t stop_sig;
static int stop_error;			/* guarded by err_lock */
static char err_msg[512];
static pthread_mutex_t err_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t barrier;
static char cur_variant[NAME_LEN] = "-";
static unsigned long cur_pad;		/* pad of the running block */
static double cell_ns;			/* --duration: time per cell */

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
	return stop_sig || __atomic_load_n(&stop_error, __ATOMIC_RELAXED);
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
"                       unit is one dependent imul, about 3 cycles (default 0)\n"
"\n"
"How to measure:\n"
"      --clock NAME     auto (default), perf, rdpmc, tsc or ns; auto takes\n"
"                       the best that works, in that order\n"
"  -e, --events LIST    perf clock events, libpfm4 names (default\n"
"                       cycles,instructions); each is counted as EVENT:u\n"
"                       and EVENT:k\n"
"  -k, --batch K        calls per sample (default %lu)\n"
"  -w, --warmup W       warm-up batches per cell, not recorded (default %lu)\n"
"  -n, --samples N      samples per cell and block (default %lu)\n"
"  -d, --duration SEC   run about SEC seconds in all instead of N samples\n"
"      --blocks N       cut the run into N blocks (default 1; 2 per variant\n"
"                       with --variants)\n"
"      --variants LIST  alternate blocks of these variants: entry variants\n"
"                       (full,fast,fastpush: written to\n"
"                       /sys/kernel/entry_variant before each block) or\n"
"                       pad=N items (pad=0,pad=12: the block's --pad; no\n"
"                       kernel support needed), not both; an item given\n"
"                       twice (A/A) is recorded as NAME~2\n"
"      --shuffle        random variant order within each group of blocks\n"
"      --seed S         seed for --shuffle (default: from the clock)\n"
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
		cfg.samples);
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

enum { O_ENTRY = 256, O_CONCURRENT, O_CLOCK, O_BLOCKS, O_VARIANTS,
	O_SHUFFLE, O_SEED, O_PAD, O_LABEL, O_LIST };

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
			break;
		case 'k': cfg.batch = num("--batch", optarg, 1, 1000000); break;
		case 'w': cfg.warmup = num("--warmup", optarg, 0, 1000000000);
			break;
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
		case O_SEED: cfg.seed = num("--seed", optarg, 0, ULONG_MAX);
			cfg.seed_given = 1;
			break;
		case O_PAD: cfg.pad = num("--pad", optarg, 0, 1000000);
			cfg.pad_given = 1;
			break;
		case O_LABEL: cfg.label = optarg; break;
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
	if (cfg.pad_variants && cfg.pad_given)
		die(EXIT_USAGE, "--pad and --variants pad=N: give every "
		    "block's pad in --variants");
	cur_pad = cfg.pad;
	if (cfg.nvariants && !cfg.blocks_given)
		cfg.blocks = 2 * cfg.nvariants;
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
static void plan_variants(void)
{
	unsigned long b, g;
	int nv = cfg.nvariants;
	gsl_rng *rng;

	cfg.block_variant = calloc(cfg.blocks, sizeof(int));
	if (!nv)
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
	for (b = 0; b < cfg.blocks; b++)
		cfg.block_variant[b] = b % nv;
	if (!cfg.shuffle)
		return;
	if (!cfg.seed_given)
		cfg.seed = (unsigned long)time(NULL) ^ getpid();
#ifdef NO_GSL
	die(EXIT_USAGE, "--shuffle: this build has no GSL (32-bit build)");
#endif
	gsl_rng_env_setup();
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, cfg.seed);
	for (g = 0; g + nv <= cfg.blocks; g += nv)
		gsl_ran_shuffle(rng, cfg.block_variant + g, nv, sizeof(int));
	gsl_rng_free(rng);
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
	fprintf(f, "#%% warmup: %lu\n", cfg.warmup);
	if (cfg.duration > 0) {
		fprintf(f, "#%% samples: -\n");
		fprintf(f, "#%% duration: %g\n", cfg.duration);
	} else {
		fprintf(f, "#%% samples: %lu\n", cfg.samples);
		fprintf(f, "#%% duration: -\n");
	}
	fprintf(f, "#%% blocks: %lu\n", cfg.blocks);
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
	if (cfg.shuffle)
		fprintf(f, "#%% shuffle.seed: %lu\n", cfg.seed);
	if (cfg.pad_variants)
		fprintf(f, "#%% pad: -\n");	/* per block: variants */
	else
		fprintf(f, "#%% pad: %lu\n", cfg.pad);
	fprintf(f, "#%% pad.unit: one dependent imul (about 3 cycles) after "
		"every call\n");
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
};

static struct cellstat *cell_stat(int cpu_idx, int e, int o, int v)
{
	int nv = cfg.nvariants ? cfg.nvariants : 1;

	return &stats[((cpu_idx * cfg.nentries + e) * cfg.nops + o) * nv + v];
}

static void stat_add(struct cellstat *s, double prim, double ns)
{
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

static void progress(unsigned long b, int cpu, const struct op *op,
		     unsigned long seq)
{
	static uint64_t last;
	uint64_t now = ns_now();

	if (!cfg.progress || now - last < 100000000ull)
		return;
	last = now;
	fprintf(stderr, "\rblock %lu/%lu cpu %d %-12s %8lu samples ", b + 1,
		cfg.blocks, cpu, op->name, seq);
}

static void cell(struct worker *w, unsigned long b, int ci, int e, int o)
{
	const struct entry *ent = cfg.entries[e];
	const struct op *op = cfg.ops[o];
	struct cellstat *st = cell_stat(w->cpus == cfg.cpus ? ci :
					w->cpus - cfg.cpus, e, o,
					cfg.block_variant[b]);
	int cpu = w->cpus[ci], m;
	long expect = op->expect(), bad;
	double val[MAX_METRICS];
	uint64_t t_end = 0, ctxsw, migr;
	unsigned long i, seq;
	char line[1024];
	size_t off;

	for (i = 0; i < cfg.warmup && !stopping(); i++)
		if (op_run(op, ent, expect, cfg.batch, cur_pad))
			break;		/* the sample below reports it */
	if (cfg.duration > 0)
		t_end = ns_now() + (uint64_t)cell_ns;
	for (seq = 0; !stopping(); seq++) {
		if (cfg.duration > 0 ? seq > 0 && ns_now() >= t_end
				     : seq >= cfg.samples)
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
		if (ctxsw || migr)
			st->disturbed++;
		else
			stat_add(st, val[0] / cfg.batch,
				 val[cfg.nmetrics - 1] / cfg.batch);
		if (w->leader)
			progress(b, cpu, op, seq);
	}
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
	int ci, e, o, ready;

	ready = pin(w->cpus[0]) == 0;
	if (ready && cfg.clock->thread_init(&w->clk, &cfg.ccfg, err,
					    sizeof(err))) {
		fail("clock %s: %s", cfg.clock->name, err);
		ready = 0;
	}
	noise_open(&w->noise);
	/* every thread goes through every barrier, stopping or not */
	for (b = 0; b < cfg.blocks; b++) {
		pthread_barrier_wait(&barrier);
		if (w->leader && !stopping()) {
			if (cfg.nvariants &&
			    !set_variant(cfg.block_variant[b]))
				snprintf(cur_variant, sizeof(cur_variant), "%s",
					 cfg.variants[cfg.block_variant[b]]);
			else if (!cfg.nvariants)
				read_line(VARIANT_FILE, cur_variant,
					  sizeof(cur_variant));
			results_flush(res);
		}
		pthread_barrier_wait(&barrier);
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
	noise_close(&w->noise);
	if (ready)
		cfg.clock->thread_fini(&w->clk);
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

static void summary(FILE *f)
{
	int ci, e, o, v, nv = cfg.nvariants ? cfg.nvariants : 1;
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
	double *a[2] = { s->prim, s->ns };
	int k;

	if (!s->total)
		continue;
	fprintf(f, "%-4d %-8s %-12s %-8s %7zu %5lu", cfg.cpus[ci],
		cfg.entries[e]->name, cfg.ops[o]->name,
		cfg.nvariants ? cfg.variants[v] : cur_variant, s->n,
		s->disturbed);
	for (k = 0; k < 1 + two && s->n; k++) {
		gsl_sort(a[k], 1, s->n);
		fprintf(f, k ? " %9.2f %9.2f %8.2f %9.2f" :
			" %10.2f %10.2f %9.2f %10.2f",
			gsl_stats_median_from_sorted_data(a[k], 1, s->n),
			gsl_stats_mean(a[k], 1, s->n),
			s->n > 1 ? gsl_stats_sd(a[k], 1, s->n) : 0.0,
			a[k][0]);
	}
	fprintf(f, "\n");
				}
	fprintf(f, "(per call; n: undisturbed samples summarized, dist: "
		"samples with a context switch or migration, left out)\n");
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
	res = results_open(cfg.out, err, sizeof(err));
	if (!res)
		die(EXIT_RUNTIME, "%s", err);
	nv = cfg.nvariants ? cfg.nvariants : 1;
	stats = calloc((size_t)cfg.ncpus * cfg.nentries * cfg.nops * nv,
		       sizeof(*stats));
	cfg.progress = !cfg.quiet && isatty(2);

	write_header(argc, argv, date);
	run();

	if (stop_sig) {
		reason = stop_sig == SIGINT ? "SIGINT" : "SIGTERM";
		rc = 128 + stop_sig;
	} else if (stop_error) {
		reason = "error";
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
	return rc;
}
