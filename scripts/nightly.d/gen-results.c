// SPDX-License-Identifier: GPL-2.0
/*
 * gen-results: write a synthetic results file (results/FORMAT.md v1) with
 * a seeded GSL RNG, for the nightly tests.  Not installed.
 *
 * Each sample = base * (1 + shift%) * (1 + run offset) * (1 + block offset)
 *               + gaussian noise + an occasional exponential outlier.
 * The run and block offsets model the night-to-night and block-to-block
 * variation real hosts show; a test that only modelled sample noise would
 * let a sample-level comparison pass and miss the false alarms it causes.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

struct gen {
	unsigned long seed;
	const char *out, *host, *date, *kernel, *syscalls, *microcode, *cmdline,
		*vuln, *label, *variant, *model;
	int ncpus, blocks, samples, truncate;
	double base, noise, shift, run_sd, block_sd, disturb;
};

static void header(FILE *f, const struct gen *g)
{
	fprintf(f, "#bench-syscall-results 1\n");
	fprintf(f, "#%% label: %s\n#%% clock: tsc\n#%% unit: cycles\n", g->label);
	fprintf(f, "#%% clock.choice: synthetic (gen-results seed %lu)\n", g->seed);
	fprintf(f, "#%% tsc.hz: 2400000000\n#%% batch: 16\n#%% warmup: 0\n");
	fprintf(f, "#%% samples: %d\n#%% blocks: %d\n", g->samples, g->blocks);
	fprintf(f, "#%% syscalls: %s\n#%% host: %s\n#%% date: %s\n", g->syscalls,
		g->host, g->date);
	fprintf(f, "#%% kernel.release: %s\n#%% kernel.version: #1 SMP synthetic\n",
		g->kernel);
	fprintf(f, "#%% kernel.cmdline: BOOT_IMAGE=/vmlinuz-%s %s\n", g->kernel,
		g->cmdline);
	fprintf(f, "#%% kernel.entry_variant: %s\n", g->variant);
	fprintf(f, "#%% cpu.vendor: GenuineIntel\n#%% cpu.family: 6\n");
	fprintf(f, "#%% cpu.model: 85\n#%% cpu.stepping: 7\n");
	fprintf(f, "#%% cpu.model_name: %s\n", g->model);
	fprintf(f, "#%% cpu.microcode: %s\n", g->microcode);
	fprintf(f, "#%% cpu.vuln.meltdown: Not affected\n");
	fprintf(f, "#%% cpu.vuln.spectre_v2: %s\n", g->vuln);
	fprintf(f, "#%% suite.version: synthetic\n#%% virt: none\n");
	fprintf(f, "#%% metrics: cycles ns\n#%% units: cycles ns\n");
	fprintf(f, "#%% columns: cpu syscall entry block variant seq ctxsw migr cycles ns\n");
}

static double syscall_scale(const char *name)
{
	/* distinct cells get distinct levels, like real syscalls do */
	double s = 1.0;

	for (; *name; name++)
		s += (*name % 7) * 0.01;
	return s;
}

static int body(FILE *f, const struct gen *g, gsl_rng *r)
{
	double run_off = gsl_ran_gaussian(r, g->run_sd / 100.0);
	char list[1024], *sc, *save;
	long total = 0;
	int b, cpu, i;

	for (b = 0; b < g->blocks; b++) {
		double blk_off = gsl_ran_gaussian(r, g->block_sd / 100.0);

		snprintf(list, sizeof(list), "%s", g->syscalls);
		for (sc = strtok_r(list, ",", &save); sc; sc = strtok_r(NULL, ",", &save))
			for (cpu = 0; cpu < g->ncpus; cpu++)
				for (i = 0; i < g->samples; i++) {
					double v = g->base * syscall_scale(sc) *
						(1 + g->shift / 100.0) *
						(1 + run_off) * (1 + blk_off) +
						gsl_ran_gaussian(r, g->noise);
					int dist = gsl_rng_uniform(r) < g->disturb;

					if (gsl_rng_uniform(r) < 0.01)
						v += gsl_ran_exponential(r, 5 * g->noise);
					fprintf(f, "%d %s syscall %d %s %d %d 0 %.4f %.2f\n",
						cpu, sc, b, g->variant, i, dist, v,
						v / 2.4);
					total++;
				}
	}
	return (int)total;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "seed", 1, NULL, 'S' }, { "output", 1, NULL, 'o' },
		{ "host", 1, NULL, 'H' }, { "date", 1, NULL, 'd' },
		{ "kernel", 1, NULL, 'k' }, { "syscalls", 1, NULL, 's' },
		{ "cpus", 1, NULL, 'c' }, { "blocks", 1, NULL, 'b' },
		{ "samples", 1, NULL, 'n' }, { "base", 1, NULL, 'B' },
		{ "noise", 1, NULL, 'N' }, { "shift", 1, NULL, 'x' },
		{ "run-sd", 1, NULL, 'R' }, { "block-sd", 1, NULL, 'K' },
		{ "disturb", 1, NULL, 'D' }, { "microcode", 1, NULL, 'M' },
		{ "cmdline", 1, NULL, 'C' }, { "vuln", 1, NULL, 'V' },
		{ "label", 1, NULL, 'l' }, { "variant", 1, NULL, 'v' },
		{ "cpu-model", 1, NULL, 'm' },
		{ "truncate", 0, NULL, 'T' }, { NULL, 0, NULL, 0 } };
	struct gen g = { 1, NULL, "labhost", "2026-01-01T03:00:00Z", "6.1.0-test",
		"getpid,getppid", "0xf0", "quiet", "Mitigation: Retpolines",
		"nightly", "-", "Synthetic CPU @ 2.40GHz", 2, 4, 200, 0, 100, 3, 0,
		0.5, 0.3, 0.002 };
	char tmp[4200];
	gsl_rng *r;
	FILE *f;
	int c, n;

	while ((c = getopt_long(argc, argv, "o:", lo, NULL)) != -1) {
		switch (c) {
		case 'S': g.seed = strtoul(optarg, NULL, 10); break;
		case 'o': g.out = optarg; break;
		case 'H': g.host = optarg; break;
		case 'd': g.date = optarg; break;
		case 'k': g.kernel = optarg; break;
		case 's': g.syscalls = optarg; break;
		case 'c': g.ncpus = atoi(optarg); break;
		case 'b': g.blocks = atoi(optarg); break;
		case 'n': g.samples = atoi(optarg); break;
		case 'B': g.base = atof(optarg); break;
		case 'N': g.noise = atof(optarg); break;
		case 'x': g.shift = atof(optarg); break;
		case 'R': g.run_sd = atof(optarg); break;
		case 'K': g.block_sd = atof(optarg); break;
		case 'D': g.disturb = atof(optarg); break;
		case 'M': g.microcode = optarg; break;
		case 'C': g.cmdline = optarg; break;
		case 'V': g.vuln = optarg; break;
		case 'l': g.label = optarg; break;
		case 'v': g.variant = optarg; break;
		case 'm': g.model = optarg; break;
		case 'T': g.truncate = 1; break;
		default:
			fprintf(stderr, "gen-results: bad option\n");
			return 2;
		}
	}
	if (!g.out || g.ncpus < 1 || g.blocks < 1 || g.samples < 1) {
		fprintf(stderr, "usage: gen-results -o FILE [options]\n");
		return 2;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", g.out);
	f = fopen(tmp, "w");
	if (!f) {
		perror(tmp);
		return 2;
	}
	r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, g.seed);
	header(f, &g);
	n = body(f, &g, r);
	if (!g.truncate)
		fprintf(f, "#%% end: complete samples=%d\n", n);
	gsl_rng_free(r);
	if (fclose(f) || rename(tmp, g.out)) {
		perror(g.out);
		unlink(tmp);	/* a full disk leaves nothing half-written */
		return 2;
	}
	return 0;
}
