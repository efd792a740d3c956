// SPDX-License-Identifier: GPL-2.0
/*
 * The results file's header (results/FORMAT.md): every "#%" key of a run,
 * in the order the format lists them, written through the results writer
 * (results/writer.h); and the default path of the file.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "driver.h"
#include "../results/writer.h"

void now_utc(char *iso, size_t ilen, char *stamp, size_t slen)
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

void write_header(int argc, char **argv, const char *date)
{
	const char *w[MAX_CPUS], *names[MAX_METRICS], *units[MAX_METRICS];
	char buf[8192], host[256];
	int i;

	results_write_version(res);
	results_write_key(res, "label", "%s", cfg.label);
	results_write_key(res, "clock", "%s", cfg.clock->name);
	results_write_key(res, "unit", "%s", cfg.units[0]);
	results_write_key(res, "clock.choice", "%s", cfg.choice);
	if (cfg.clock->header)
		cfg.clock->header(&cfg.ccfg, res);
	results_write_key(res, "batch", "%lu", cfg.batch);
	if (cfg.warmup_ns)
		results_write_key(res, "warmup", "%s", cfg.warmup_arg);
	else
		results_write_key(res, "warmup", "%lu", cfg.warmup);
	if (cfg.duration > 0 || cfg.block_ms > 0)
		results_write_key(res, "samples", "-");
	else
		results_write_key(res, "samples", "%lu", cfg.samples);
	if (cfg.duration > 0)
		results_write_key(res, "duration", "%g", cfg.duration);
	else
		results_write_key(res, "duration", "-");
	if (cfg.block_ms > 0)
		results_write_key(res, "block.ms", "%g", cfg.block_ms);
	else
		results_write_key(res, "block.ms", "-");
	if (cfg.blocks)
		results_write_key(res, "blocks", "%lu", cfg.blocks);
	else
		results_write_key(res, "blocks", "-");	/* --resolve decides */
	for (i = 0; i < cfg.nops; i++)
		w[i] = cfg.ops[i]->name;
	join(buf, sizeof(buf), w, cfg.nops);
	results_write_key(res, "syscalls", "%s", buf);
	buf[0] = '\0';
	for (i = 0; i < cfg.ncpus; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%d",
			 i ? "," : "", cfg.cpus[i]);
	results_write_key(res, "cpus", "%s", buf);
	for (i = 0; i < cfg.nentries; i++)
		w[i] = cfg.entries[i]->name;
	join(buf, sizeof(buf), w, cfg.nentries);
	results_write_key(res, "entries", "%s", buf);
	results_write_key(res, "concurrent", "%s",
			  cfg.concurrent ? "yes" : "no");
	for (i = 0; i < cfg.nvariants; i++)
		w[i] = cfg.variants[i];
	join(buf, sizeof(buf), w, cfg.nvariants);
	results_write_key(res, "variants", "%s", cfg.nvariants ? buf : "-");
	results_write_key(res, "order", "%s", cfg.nvariants ?
			  order_names[cfg.order] : "-");
	if (cfg.nvariants && cfg.order == ORDER_SHUFFLE)
		results_write_key(res, "shuffle.seed", "%lu", cfg.seed);
	if (cfg.resolve) {
		results_write_key(res, "resolve.target", "%g%s", cfg.target,
				  cfg.target_pct ? "%" : "");
		results_write_key(res, "resolve.max_seconds", "%g",
				  cfg.max_seconds);
		results_write_key(res, "resolve.alpha", "%g", cfg.alpha);
		results_write_key(res, "resolve.n_opt", "%.0f", cfg.n_opt);
		results_write_key(res, "resolve.min_rounds", "%d",
				  RESOLVE_MIN_ROUNDS);
	}
	if (cfg.pad_variants)
		results_write_key(res, "pad", "-");	/* per block: variants */
	else
		results_write_key(res, "pad", "%lu", cfg.pad);
	results_write_key(res, "pad.unit", "one dependent imul (3 core cycles) "
			  "after every call, then an lfence when pad > 0");
	command_line(argc, argv, buf, sizeof(buf));
	results_write_key(res, "command", "%s", buf);
	if (gethostname(host, sizeof(host)))
		strcpy(host, "-");
	results_write_key(res, "host", "%s", host);
	results_write_key(res, "date", "%s", date);
	env_write(results_writer_stream(res));
	results_write_key(res, "noise", "%s", noise_source());
	for (i = 0; i < cfg.nmetrics; i++) {
		names[i] = cfg.metrics[i];
		units[i] = cfg.units[i];
	}
	results_write_metrics(res, names, units, cfg.nmetrics);
	results_writer_flush(res);
}

void default_path(char *buf, size_t len, const char *stamp)
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

