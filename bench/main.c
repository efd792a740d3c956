// SPDX-License-Identifier: GPL-2.0
/*
 * bench-syscall: hammer trivial system calls and record what every batch
 * of them cost, one results file per run (results/FORMAT.md).
 *
 * main() wires the parts (driver.h): the command line (cli.c), the plan
 * (plan.c), the header (header.c), the measurement loop (measure.c) and
 * the summary (summary.c).  From the moment the file is open a signal
 * ends the run cleanly: every finished sample kept, the file marked
 * incomplete.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "driver.h"
#include "../results/writer.h"

static void on_signal(int sig)
{
	stop_sig = sig;
}

int main(int argc, char **argv)
{
	char date[64], stamp[64], path[4096], err[1024], evbuf[512];
	const char *reason = NULL;
	struct sigaction sa;
	int rc = 0, closed;

	if (getenv("BENCH_SYSCALL_VARIANT_FILE"))
		variant_file = getenv("BENCH_SYSCALL_VARIANT_FILE");
	parse_args(argc, argv);
	plan_variants();
	plan_entries();
	plan_clock();
	if (!cfg.label) {
		read_line(variant_file, evbuf, sizeof(evbuf));
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
	res = results_writer_open(cfg.out, err, sizeof(err));
	if (!res)
		die(EXIT_RUNTIME, "%s", err);
	summary_init();
	cfg.progress = !cfg.quiet && isatty(2);

	if (cfg.resolve && cfg.n_opt < RESOLVE_MIN_ROUNDS)
		note("--resolve: --max-seconds %g allows about %.0f rounds of "
		     "%g ms blocks, fewer than the %d it never stops before: "
		     "it will stop on the budget, unresolved", cfg.max_seconds,
		     cfg.n_opt, cfg.block_ms, RESOLVE_MIN_ROUNDS);
	write_header(argc, argv, date);
	run();
	if (cfg.resolve)
		results_write_key(res, "resolve.result", "%s rounds=%lu "
				  "seconds=%.3f", rsv.why, rsv.rounds,
				  rsv.seconds);

	if (stop_sig) {
		reason = stop_sig == SIGINT ? "SIGINT" :
			 stop_sig == SIGTERM ? "SIGTERM" :
			 stop_sig == SIGHUP ? "SIGHUP" : "SIGPIPE";
		rc = 128 + stop_sig;
	} else if (stop_error) {
		reason = "error";
		rc = EXIT_RUNTIME;
	} else if (results_writer_error(res)) {
		reason = "write-error";	/* the writer says which */
		rc = EXIT_RUNTIME;
	}
	closed = !results_writer_close(res, reason, err, sizeof(err));
	if (!closed) {
		/* the error says where the run is (PATH, or beside it) */
		fprintf(stderr, "bench-syscall: %s\n", err);
		rc = rc ? rc : EXIT_RUNTIME;
	}
	if (stop_error)
		fprintf(stderr, "bench-syscall: %s\n", err_msg);
	if (strcmp(cfg.out, "-"))
		summary(stdout);
	else if (!cfg.quiet)
		summary(stderr);
	if (strcmp(cfg.out, "-") && closed)
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
