// SPDX-License-Identifier: GPL-2.0
/*
 * regstress: register-integrity stress for the 64-bit syscall entry.
 *
 * Worker threads loop on raw SYSCALLs of cheap syscalls (the fast-path
 * kind: getpid, gettid, getppid, getuid, close(-1), read(-1), an unknown
 * number) with rbx, rbp, r12-r15, rdx, r8-r10 set to known patterns, and
 * check after every call that none changed (regloop.S).  Meanwhile:
 *   - a signal storm hits the workers; the handler checks, in its
 *     ucontext, the registers of a call interrupted at its exit;
 *   - a ptrace observer traces a child running the same loop and checks
 *     PTRACE_GETREGS at signal-delivery stops and at syscall stops;
 *   - a thread keeps forking (child exits or re-executes this program,
 *     which runs a short loop) and creating/joining threads.
 * Exit 0 on pass, 1 on any mismatch, 2 on usage or setup errors.
 *
 *   regstress [-t SECONDS] [-w WORKERS]
 *   REGSTRESS_CORRUPT=1 regstress   self-test: r13 is clobbered after the
 *                                   syscall, so the run must fail (exit 1)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include <stddef.h>

#include "regstress.h"

_Static_assert(offsetof(struct rs_job, i) == RS_I, "RS_I");
_Static_assert(offsetof(struct rs_job, end) == RS_END, "RS_END");
_Static_assert(offsetof(struct rs_job, nr) == RS_NR, "RS_NR");
_Static_assert(offsetof(struct rs_job, arg0) == RS_ARG0, "RS_ARG0");
_Static_assert(offsetof(struct rs_job, corrupt) == RS_CORRUPT, "RS_CORRUPT");
_Static_assert(offsetof(struct rs_job, got) == RS_GOT, "RS_GOT");

#define MAX_WORKERS	8
#define BATCH		256

static const char *const reg_names[RS_NREGS] = {
	"rbx", "rbp", "r12", "r13", "r14", "r15", "rdx", "r8", "r9", "r10",
};
static const uint64_t pat_m[RS_NREGS] = {
	RS_M0, RS_M1, RS_M2, RS_M3, RS_M4, RS_M5, RS_M6, RS_M7, RS_M8, RS_M9,
};
static const uint64_t pat_c[RS_NREGS] = {
	RS_C0, RS_C1, RS_C2, RS_C3, RS_C4, RS_C5, RS_C6, RS_C7, RS_C8, RS_C9,
};

/* Syscalls the workers rotate through: {nr, rdi} */
static const struct { long nr; long arg0; } calls[] = {
	{ SYS_getpid, 0 }, { SYS_gettid, 0 }, { SYS_getppid, 0 },
	{ SYS_getuid, 0 }, { SYS_close, -1 }, { SYS_read, -1 },
	{ 1000, 0 },	/* no such syscall: -ENOSYS */
	{ SYS_sched_yield, 0 },
};
#define NCALLS (sizeof(calls) / sizeof(calls[0]))

static double deadline;
static int corrupt;
static atomic_long n_syscalls, n_sigs, n_uc_checks, n_pt_checks, n_forks;
static atomic_int failed;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t pattern(int k, uint64_t i)
{
	return (i * pat_m[k]) ^ pat_c[k];
}

/* Check ten observed registers against the patterns; i comes from r15. */
static int regs_ok(const uint64_t got[RS_NREGS])
{
	uint64_t i = got[5] ^ RS_C5;
	int k;

	for (k = 0; k < RS_NREGS; k++)
		if (got[k] != pattern(k, i))
			return 0;
	return 1;
}

static void report(const char *who, const uint64_t got[RS_NREGS])
{
	uint64_t i = got[5] ^ RS_C5;
	int k;

	for (k = 0; k < RS_NREGS; k++)
		if (got[k] != pattern(k, i))
			fprintf(stderr, "regstress: FAIL %s: %s = %#lx, want %#lx "
				"(iteration %lu per r15)\n", who, reg_names[k],
				(unsigned long)got[k],
				(unsigned long)pattern(k, i), (unsigned long)i);
}

/* Run the loop until the deadline; returns 0 or 1 (mismatch). */
static int run_loop(uint64_t start)
{
	struct rs_job job = { .i = start, .corrupt = corrupt };
	unsigned int c = 0;

	while (now() < deadline && !atomic_load(&failed)) {
		job.nr = calls[c % NCALLS].nr;
		job.arg0 = calls[c % NCALLS].arg0;
		job.end = job.i + BATCH;
		c++;
		if (regloop(&job)) {
			char who[64];

			snprintf(who, sizeof(who), "after syscall %lu",
				 (unsigned long)job.nr);
			report(who, job.got);
			return 1;
		}
		atomic_fetch_add(&n_syscalls, BATCH);
	}
	return 0;
}

/* Async-signal-safe: only atomics and a direct check. */
static void on_sigusr1(int sig, siginfo_t *si, void *ctx)
{
	const greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
	uint64_t got[RS_NREGS] = {
		g[REG_RBX], g[REG_RBP], g[REG_R12], g[REG_R13], g[REG_R14],
		g[REG_R15], g[REG_RDX], g[REG_R8], g[REG_R9], g[REG_R10],
	};

	(void)sig; (void)si;
	atomic_fetch_add(&n_sigs, 1);
	/* Only at regloop_after_syscall is the pattern complete. */
	if (g[REG_RIP] != (greg_t)(uintptr_t)regloop_after_syscall)
		return;
	atomic_fetch_add(&n_uc_checks, 1);
	if (!corrupt && !regs_ok(got)) {
		static const char msg[] = "regstress: FAIL signal ucontext "
					  "registers differ from the pattern\n";
		if (write(2, msg, sizeof(msg) - 1) < 0)
			atomic_store(&failed, 1);
		atomic_store(&failed, 1);
	}
}

static void *worker(void *arg)
{
	if (run_loop((uintptr_t)arg << 40))
		atomic_store(&failed, 1);
	return NULL;
}

/*
 * Process-directed SIGUSR1: every thread but the workers blocks it, so
 * the kernel hands each one to a worker, most often in a syscall.
 */
static void *storm(void *p)
{
	int k = 0;

	while (now() < deadline && !atomic_load(&failed)) {
		kill(getpid(), SIGUSR1);
		if (++k % 4 == 0)
			sched_yield();
	}
	return p;
}

static void *nothing(void *p)
{
	return p;
}

/* fork+exit, fork+execve(self), and thread create/join, in a loop. */
static void *forker(void *exe)
{
	int k = 0;

	while (now() < deadline && !atomic_load(&failed)) {
		pid_t pid = fork();
		int st;

		if (pid < 0) {
			perror("regstress: fork");
			atomic_store(&failed, 1);
			break;
		}
		if (pid == 0) {
			if (k % 2)
				execl(exe, exe, "--exec-child", (char *)NULL);
			_exit(0);
		}
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0) {
			fprintf(stderr, "regstress: FAIL fork/exec child "
				"status %#x\n", st);
			atomic_store(&failed, 1);
		}
		pthread_t t;

		if (pthread_create(&t, NULL, nothing, NULL) == 0)
			pthread_join(t, NULL);
		atomic_fetch_add(&n_forks, 1);
		k++;
	}
	return NULL;
}

static int pt_check(pid_t pid, const char *who)
{
	struct user_regs_struct r;

	if (ptrace(PTRACE_GETREGS, pid, 0, &r) < 0)
		return 0;	/* not stopped any more (killed): nothing to check */
	if (r.rip != (uintptr_t)regloop_after_syscall)
		return 0;
	uint64_t got[RS_NREGS] = {
		r.rbx, r.rbp, r.r12, r.r13, r.r14, r.r15, r.rdx, r.r8, r.r9,
		r.r10,
	};
	atomic_fetch_add(&n_pt_checks, 1);
	if (!regs_ok(got)) {
		report(who, got);
		return -1;
	}
	return 0;
}

/* Wait for the next stop of the tracee; returns its signal, or -1 if gone. */
static int pt_wait(pid_t pid, int *status)
{
	if (waitpid(pid, status, __WALL) != pid)
		return -1;
	if (!WIFSTOPPED(*status))
		return -1;
	return WSTOPSIG(*status);
}

/*
 * The observer: a traced child runs the loop; alternately stop it with a
 * signal (check at the signal-delivery stop, then deliver the signal so
 * its handler checks the ucontext too) and single-step it through a few
 * syscall stops (check at syscall entry and exit).
 */
static int observer(void)
{
	int st, sig, round = 0, bad = 0;
	pid_t pid = fork();

	if (pid < 0) {
		perror("regstress: fork");
		return 2;
	}
	if (pid == 0) {
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
		_exit(run_loop(1ULL << 48) || atomic_load(&failed));
	}

	if (ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACESYSGOOD) < 0) {
		int err = errno;

		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		/* Gone already: it failed its own check before we attached. */
		if (WIFEXITED(st) && WEXITSTATUS(st) != 0) {
			fprintf(stderr, "regstress: FAIL traced child status "
				"%#x\n", st);
			return 1;
		}
		fprintf(stderr, "regstress: PTRACE_SEIZE: %s\n", strerror(err));
		return 2;
	}
	while (!bad) {
		if (kill(pid, SIGUSR1) < 0)
			break;
		sig = pt_wait(pid, &st);
		if (sig < 0)
			break;
		if (sig == SIGUSR1 && pt_check(pid, "ptrace signal-stop"))
			bad = 1;
		if (sig != SIGUSR1 && sig != (SIGTRAP | 0x80))
			sig = 0;	/* group-stop and the like */
		if (round++ % 2 == 0) {
			ptrace(PTRACE_CONT, pid, 0,
			       sig == SIGUSR1 ? SIGUSR1 : 0);
			continue;
		}
		/* Deliver the signal and follow a few syscall stops. */
		int k, inject = sig == SIGUSR1 ? SIGUSR1 : 0;

		for (k = 0; k < 8 && !bad; k++) {
			if (ptrace(PTRACE_SYSCALL, pid, 0, inject) < 0)
				break;
			inject = 0;
			sig = pt_wait(pid, &st);
			if (sig < 0)
				break;
			if (sig == (SIGTRAP | 0x80) &&
			    pt_check(pid, "ptrace syscall-stop"))
				bad = 1;
			if (sig != (SIGTRAP | 0x80))
				inject = sig == SIGUSR1 ? SIGUSR1 : 0;
		}
		if (ptrace(PTRACE_CONT, pid, 0, inject) < 0)
			break;
	}
	/* Let the child finish (or kill it on failure), resuming any stop. */
	if (bad)
		kill(pid, SIGKILL);
	while (waitpid(pid, &st, __WALL) == pid) {
		if (WIFEXITED(st) || WIFSIGNALED(st))
			break;
		sig = WSTOPSIG(st);
		ptrace(PTRACE_CONT, pid, 0,
		       sig == SIGUSR1 ? SIGUSR1 : 0);
	}
	if (bad)
		return 1;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "regstress: FAIL traced child status %#x\n", st);
		return 1;
	}
	return 0;
}

static int exec_child(void)
{
	deadline = now() + 0.05;
	return run_loop(1ULL << 52);
}

static void usage(void)
{
	fprintf(stderr, "usage: regstress [-t SECONDS] [-w WORKERS]\n"
		"  REGSTRESS_CORRUPT=1: self-test, must fail\n");
	exit(2);
}

int main(int argc, char **argv)
{
	double secs = 3;
	int nworkers = 2, opt, k, rc = 0;
	pthread_t wt[MAX_WORKERS], st_thr, fk_thr;
	sigset_t usr1;
	struct sigaction act = { .sa_sigaction = on_sigusr1,
				 .sa_flags = SA_SIGINFO | SA_RESTART };
	const char *e = getenv("REGSTRESS_CORRUPT");
	char exe[4096];
	ssize_t len;

	corrupt = e && *e && strcmp(e, "0");
	sigaction(SIGUSR1, &act, NULL);
	if (argc == 2 && !strcmp(argv[1], "--exec-child"))
		return exec_child() ? 1 : 0;
	while ((opt = getopt(argc, argv, "t:w:")) != -1) {
		char *end;

		switch (opt) {
		case 't':
			secs = strtod(optarg, &end);
			if (*end || secs <= 0 || secs > 3600)
				usage();
			break;
		case 'w':
			nworkers = strtol(optarg, &end, 10);
			if (*end || nworkers < 1 || nworkers > MAX_WORKERS)
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	/* The forker re-executes this program; without /proc, use argv[0]. */
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len < 0) {
		snprintf(exe, sizeof(exe), "%s", argv[0]);
		len = strlen(exe);
	}
	exe[len] = 0;

	deadline = now() + secs;
	printf("[RUN]\tregstress: registers across raw SYSCALLs, signals, ptrace, fork/exec\n");
	printf("regstress: %d workers, %.1f s%s\n", nworkers, secs,
	       corrupt ? ", SELF-TEST: r13 clobbered on purpose" : "");
	fflush(stdout);

	for (k = 0; k < nworkers; k++)
		pthread_create(&wt[k], NULL, worker, (void *)(uintptr_t)(k + 1));
	/* From here on only the workers take SIGUSR1 (see storm()). */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &usr1, NULL);
	pthread_create(&st_thr, NULL, storm, NULL);
	pthread_create(&fk_thr, NULL, forker, exe);

	rc = observer();
	for (k = 0; k < nworkers; k++)
		pthread_join(wt[k], NULL);
	pthread_join(st_thr, NULL);
	pthread_join(fk_thr, NULL);
	if (atomic_load(&failed) && rc != 2)
		rc = 1;

	printf("regstress: syscalls=%ld signals=%ld ucontext_checks=%ld "
	       "ptrace_checks=%ld forks=%ld\n", (long)n_syscalls,
	       (long)n_sigs, (long)n_uc_checks, (long)n_pt_checks,
	       (long)n_forks);
	if (rc == 0 && (n_syscalls == 0 || n_pt_checks == 0)) {
		printf("regstress: FAIL nothing was checked\n");
		rc = 1;
	}
	printf("regstress: %s\n", rc ? "FAIL" : "PASS");
	printf("%s\tregstress\n", rc ? "[FAIL]" : "[OK]");
	return rc;
}
