// SPDX-License-Identifier: GPL-2.0
/*
 * bench-syscall's command line: the options, --help and --list (generated
 * from the operation and clock tables: no operation or clock is named
 * here), and the checks of every value.  A bad request exits 2 before
 * anything is measured.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "../results/writer.h"

struct config cfg = {
	.samples = 5000, .batch = 32, .warmup = 200, .blocks = 1,
	.max_seconds = DEFAULT_MAX_SECONDS, .alpha = DEFAULT_ALPHA,
};

const char *const order_names[NORDERS] = { "abab", "abba", "shuffle" };

void die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("bench-syscall: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

void note(const char *fmt, ...)
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

static void usage(FILE *f)
{
	char clocks_or[256], events_by[256];
	size_t i;

	clock_names(clocks_or, sizeof(clocks_or), " or ");
	clock_event_names(events_by, sizeof(events_by), " or ");

	fprintf(f,
"usage: bench-syscall [options]\n"
"Measure the cost of trivial system calls; write every sample to a results\n"
"file (results/FORMAT.md) and print a summary.\n"
"\n"
"What to measure:\n"
"  -s, --syscalls LIST  operations, comma list (default: those --list marks\n"
"                       default):\n"
"                       ");
	for (i = 0; i < nops; i++)
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
"      --clock NAME     auto (default), %s; auto takes\n"
"                       the best that works, in that order:\n",
		all_entry_names, entries[0].name, clocks_or);
	for (i = 0; clocks[i]; i++)
		fprintf(f, "                         %-6s %s\n", clocks[i]->name,
			clocks[i]->what);
	fprintf(f,
"  -e, --events LIST    events of the %s clock, libpfm4 names (default\n"
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
"      --list           list operations (numbers, default or not), entries\n"
"                       and clocks (usable or why not)\n"
"      --list-defaults  the default operations, one comma-separated line\n"
"  -V, --version        print the suite version\n"
"  -h, --help           this help\n"
"\n"
"Exit: 0 done, 1 measurement error, 2 bad usage or an unusable request on\n"
"this machine, 130/143 stopped by SIGINT/SIGTERM (file kept, marked\n"
"incomplete).  See bench-syscall(1).\n",
		events_by, cfg.batch, cfg.warmup, cfg.samples,
		DEFAULT_BLOCK_MS, DEFAULT_ROUNDS, RESOLVE_MIN_ROUNDS,
		DEFAULT_MAX_SECONDS, DEFAULT_ALPHA);
}

/* the nr column: the syscall number, "-" for none */
static const char *nr_text(long nr, char *buf, size_t len)
{
	if (nr < 0)
		return "-";
	snprintf(buf, len, "%ld", nr);
	return buf;
}

/* --list: the tables, as they are (labcheck reads the clocks part) */
static void list(void)
{
	char why[512], a[32], b[32];
	size_t i;

	printf("operations:\n  %-12s %6s %6s %s\n", "name", "nr", "nr32",
	       "default");
	for (i = 0; i < nops; i++)
		printf("  %-12s %6s %6s %s\n", ops[i].name,
		       nr_text(ops[i].nr64, a, sizeof(a)),
		       nr_text(ops[i].nr32, b, sizeof(b)),
		       ops[i].in_default ? "yes" : "no");
	printf("entries:");
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

/* the words of option OPT's comma list S (at most MAX_LIST), or exit 2 */
static int words_of(const char *opt, const char *s, char w[][NAME_LEN])
{
	int n = split_list(s, w, MAX_LIST);

	if (n < 0)
		die(EXIT_USAGE, "%s: bad list '%s'", opt, s);
	return n;
}

/* a number of OPT in MIN..MAX, or exit 2 saying "a number of WHAT" */
static double real(const char *opt, const char *s, double min, double max,
		   const char *what)
{
	double v;

	if (parse_double(s, min, max, &v))
		die(EXIT_USAGE, "%s: '%s' is not a number of %s", opt, s, what);
	return v;
}

static void parse_ops(const char *s)
{
	char w[MAX_LIST][NAME_LEN];
	int i, n = words_of("--syscalls", s, w);

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
	int i, n = words_of("--entry", s, w);

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

/* --list-defaults: the default operations, comma-separated (nightly) */
static void list_defaults(char *buf, size_t len)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < nops; i++)
		if (ops[i].in_default)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
				 buf[0] ? "," : "", ops[i].name);
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
	int i, j, n = words_of("--variants", s, w), npad = 0, copy;
	unsigned long v;

	for (i = 0; i < n; i++) {
		const char *why = results_word_invalid(w[i]);

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

	for (i = 0; i < NORDERS; i++)
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
	O_ORDER, O_RESOLVE, O_MAX_SECONDS, O_ALPHA, O_LIST_DEFAULTS };

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
	{ "list-defaults", no_argument, NULL, O_LIST_DEFAULTS },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

void parse_args(int argc, char **argv)
{
	const char *clock = "auto", *cpus = NULL, *sys = NULL, *ent = NULL;
	const char *events = NULL;
	char defaults[MAX_LIST * NAME_LEN], names[256];
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
			cfg.duration = real("--duration", optarg, 0.001, 1e7,
					    "seconds in 0.001..1e7");
			break;
		case O_BLOCKS: cfg.blocks = num("--blocks", optarg, 1, 1000000);
			cfg.blocks_given = 1;
			break;
		case O_VARIANTS: parse_variants(optarg); break;
		case O_SHUFFLE: cfg.shuffle = 1; break;
		case O_ORDER: parse_order(optarg); break;
		case O_BLOCK_MS:
			cfg.block_ms = real("--block-ms", optarg, 0.01, 3600e3,
					    "milliseconds in 0.01..3600000");
			break;
		case O_ROUNDS: cfg.rounds = num("--rounds", optarg, 1, 10000000);
			cfg.rounds_given = 1;
			break;
		case O_RESOLVE: parse_target(optarg); break;
		case O_MAX_SECONDS:
			cfg.max_seconds = real("--max-seconds", optarg, 0.01,
					       1e7, "seconds in 0.01..1e7");
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
			if (results_word_invalid(optarg))
				die(EXIT_USAGE, "--label: '%s': %s (the label "
				    "is one word of the results file)", optarg,
				    results_word_invalid(optarg));
			cfg.label = optarg;
			break;
		case 'o': cfg.out = optarg; break;
		case 'q': cfg.quiet = 1; break;
		case O_LIST: do_list = 1; break;
		case O_LIST_DEFAULTS:
			list_defaults(defaults, sizeof(defaults));
			printf("%s\n", defaults);
			exit(0);
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
	list_defaults(defaults, sizeof(defaults));
	parse_ops(sys ? sys : defaults);
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
	cfg.events_given = events != NULL;
	cfg.events_arg = events;
	if (do_list) {
		list();
		exit(0);
	}
	clock_names(names, sizeof(names), ", ");
	if (strcmp(clock, "auto") && !clock_find(clock))
		die(EXIT_USAGE, "--clock: unknown clock '%s' (auto, %s)", clock,
		    names);
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

