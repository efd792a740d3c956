// SPDX-License-Identifier: GPL-2.0
/*
 * Environment capture: everything that can change a syscall's cost, as
 * "#% key: value" lines (results/FORMAT.md).  Every source may be missing
 * (a guest initramfs with a bare /proc or no /sys): the value is then "-".
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <dirent.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench.h"
#include "../results/writer.h"

#ifndef SUITE_VERSION
#define SUITE_VERSION "unknown"
#endif

/* Values are one line: the writer makes them so (writer.h). */
static void kv(FILE *f, const char *key, const char *val)
{
	results_write_key_to(f, key, val);
}

char *read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f || !fgets(buf, len, f)) {
		if (f)
			fclose(f);
		snprintf(buf, len, "-");
		return buf;
	}
	fclose(f);
	n = strcspn(buf, "\n");
	buf[n] = '\0';
	if (!n)
		snprintf(buf, len, "-");
	return buf;
}

static void kv_file(FILE *f, const char *key, const char *path)
{
	char buf[4096];

	kv(f, key, read_line(path, buf, sizeof(buf)));
}

/* The first processor's "name : value" from /proc/cpuinfo. */
static void cpuinfo(FILE *f)
{
	static const char *const keys[][2] = {
		{ "vendor_id", "cpu.vendor" }, { "cpu family", "cpu.family" },
		{ "model", "cpu.model" }, { "stepping", "cpu.stepping" },
		{ "model name", "cpu.model_name" },
		{ "microcode", "cpu.microcode" },
	};
	char vals[6][256] = { "-", "-", "-", "-", "-", "-" };
	char line[8192];
	FILE *in = fopen("/proc/cpuinfo", "r");
	size_t i;

	while (in && fgets(line, sizeof(line), in)) {
		char *colon = strchr(line, ':');
		size_t klen;

		if (line[0] == '\n')
			break;		/* end of the first processor */
		if (!colon)
			continue;
		for (klen = colon - line; klen && (line[klen - 1] == ' ' ||
						   line[klen - 1] == '\t');)
			klen--;
		for (i = 0; i < 6; i++)
			if (strlen(keys[i][0]) == klen &&
			    !strncmp(line, keys[i][0], klen))
				snprintf(vals[i], sizeof(vals[i]), "%s",
					 colon + 1 + strspn(colon + 1, " "));
	}
	if (in)
		fclose(in);
	for (i = 0; i < 6; i++)
		kv(f, keys[i][1], vals[i]);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void vulnerabilities(FILE *f)
{
	const char *dir = "/sys/devices/system/cpu/vulnerabilities";
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[128], key[300], path[512];
	int n = 0, i;

	if (!d) {
		kv(f, "cpu.vuln", "-");
		return;
	}
	while ((e = readdir(d)) && n < 128)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "cpu.vuln.%s", names[i]);
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		kv_file(f, key, path);
		free(names[i]);
	}
}

/* CPUID.1:ECX[31] is the hypervisor bit; leaf 0x40000000 names it. */
void virt_name(char *buf, size_t len)
{
	static const char *const known[][2] = {
		{ "KVMKVMKVM", "KVM" }, { "TCGTCGTCGTCG", "TCG" },
		{ "Microsoft Hv", "Hyper-V" }, { "VMwareVMware", "VMware" },
		{ "XenVMMXenVMM", "Xen" }, { "ACRNACRNACRN", "ACRN" },
		{ " lrpepyh  vr", "Parallels" }, { "bhyve bhyve ", "bhyve" },
		{ "QNXQVMBSQG", "QNX" }, { "VBoxVBoxVBox", "VirtualBox" },
	};
	unsigned a, b, c, d;
	char sig[13];
	size_t i;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 31))) {
		snprintf(buf, len, "none");
		return;
	}
	__cpuid(0x40000000, a, b, c, d);
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	sig[12] = '\0';
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(sig, known[i][0])) {
			snprintf(buf, len, "%s", known[i][1]);
			return;
		}
	for (i = 0; i < 12; i++)	/* keep it one printable word */
		if (sig[i] <= ' ' || sig[i] > '~')
			sig[i] = '_';
	snprintf(buf, len, "unknown(%s)", sig);
}

int cpu_online(int cpu)
{
	char path[96], buf[16];

	/* no sysfs (a bare initramfs): the affinity mask has the last word */
	if (access("/sys/devices/system/cpu", F_OK))
		return 1;
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d", cpu);
	if (access(path, F_OK))
		return 0;
	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online",
		 cpu);
	/* no "online" file: a CPU that cannot go offline (often cpu0) */
	return strcmp(read_line(path, buf, sizeof(buf)), "0") != 0;
}

static void boost(FILE *f)
{
	char buf[64];

	read_line("/sys/devices/system/cpu/cpufreq/boost", buf, sizeof(buf));
	if (!strcmp(buf, "-")) {
		read_line("/sys/devices/system/cpu/intel_pstate/no_turbo", buf,
			  sizeof(buf));
		if (!strcmp(buf, "0") || !strcmp(buf, "1"))
			snprintf(buf, sizeof(buf), "%d", buf[0] == '0');
	}
	kv(f, "cpufreq.boost", buf);
}

/* "Name:\tvalue" of /proc/self/status; -1 when absent or unreadable */
long proc_status(const char *name)
{
	char line[256];
	size_t n = strlen(name);
	FILE *in = fopen("/proc/self/status", "r");
	long v = -1;

	while (in && fgets(line, sizeof(line), in))
		if (!strncmp(line, name, n) && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	if (in)
		fclose(in);
	return v;
}

/*
 * Is the audit subsystem enabled?  Asked of the kernel itself: AUDIT_GET
 * over NETLINK_AUDIT (what auditctl -s does).  A kernel without audit has
 * no such protocol: disabled.  No answer (no CAP_AUDIT_CONTROL, a user or
 * pid namespace): unknown.  Returns 1 enabled, 0 disabled, -1 unknown;
 * why says how it was told.
 */
int audit_state(char *why, size_t len)
{
	struct {
		struct nlmsghdr h;
		struct audit_status s;
	} req = { .h = { .nlmsg_len = NLMSG_SPACE(0),
			 .nlmsg_type = AUDIT_GET,
			 .nlmsg_flags = NLM_F_REQUEST, .nlmsg_seq = 1 } };
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	union {
		struct nlmsghdr h;
		char buf[8192];
	} ans;
	struct pollfd pfd;
	struct nlmsghdr *h;
	ssize_t n;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	int tries, ret = -1;

	if (fd < 0) {
		if (errno == EPROTONOSUPPORT) {
			snprintf(why, len, "no audit in this kernel");
			return 0;
		}
		snprintf(why, len, "netlink audit socket: %s",
			 strerror(errno));
		return -1;
	}
	snprintf(why, len, "no answer to AUDIT_GET");
	if (sendto(fd, &req, req.h.nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0) {
		snprintf(why, len, "AUDIT_GET: %s", strerror(errno));
		goto out;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (tries = 0; tries < 4 && poll(&pfd, 1, 500) == 1; tries++) {
		n = recv(fd, &ans, sizeof(ans), 0);
		if (n < 0)
			break;
		for (h = &ans.h; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				if (e->error) {
					snprintf(why, len, "AUDIT_GET: %s",
						 strerror(-e->error));
					goto out;
				}
				continue;	/* an ack */
			}
			if (h->nlmsg_type == AUDIT_GET &&
			    h->nlmsg_len >= NLMSG_LENGTH(sizeof(__u32))) {
				struct audit_status *st = NLMSG_DATA(h);

				snprintf(why, len, "AUDIT_GET: enabled=%u",
					 st->enabled);
				ret = st->enabled != 0;
				goto out;
			}
		}
	}
out:
	close(fd);
	return ret;
}

/*
 * Is any syscall tracepoint enabled through tracefs?  The subsystem
 * "enable" files of events/syscalls and events/raw_syscalls read 0 (all
 * off), 1 or X (some on).  1 on, 0 off, -1 unknown (tracefs not mounted or
 * unreadable).  Users of the tracepoints that do not go through tracefs
 * (perf trace, BPF) are not seen here.
 */
int syscall_tracepoints(char *why, size_t len)
{
	static const char *const dirs[] = { "/sys/kernel/tracing",
		"/sys/kernel/debug/tracing" };
	static const char *const subs[] = { "syscalls", "raw_syscalls" };
	char path[256], buf[16];
	size_t d, k;
	int seen = 0;

	for (d = 0; d < 2; d++) {
		snprintf(path, sizeof(path), "%s/events", dirs[d]);
		if (access(path, R_OK))
			continue;
		for (k = 0; k < 2; k++) {
			snprintf(path, sizeof(path), "%s/events/%s/enable",
				 dirs[d], subs[k]);
			read_line(path, buf, sizeof(buf));
			if (!strcmp(buf, "-"))
				continue;
			seen = 1;
			if (strcmp(buf, "0")) {
				snprintf(why, len, "%s reads %s", path, buf);
				return 1;
			}
		}
		if (seen) {
			snprintf(why, len, "%s/events/{syscalls,raw_syscalls}"
				 "/enable read 0", dirs[d]);
			return 0;
		}
	}
	snprintf(why, len, "tracefs not mounted or no syscall events");
	return -1;
}

/*
 * Can a whitelisted syscall from this process take the entry's fast path?
 * Not when anything sets syscall work on it: a seccomp filter (or strict
 * mode), a tracer, audit, a syscall tracepoint.
 */
static void fast_path(FILE *f)
{
	static const char *const seccomp_modes[] = { "disabled", "strict",
		"filter" };
	char why[512], tw[512], no[512] = "", unk[512] = "", buf[1100];
	long sc = proc_status("Seccomp"), tp = proc_status("TracerPid");
	int au = audit_state(why, sizeof(why));
	int tr = syscall_tracepoints(tw, sizeof(tw));

#define ADD(s, ...) snprintf(s + strlen(s), sizeof(s) - strlen(s), \
			     "%s", *s ? ", " : ""), \
		    snprintf(s + strlen(s), sizeof(s) - strlen(s), __VA_ARGS__)
	snprintf(buf, sizeof(buf), "%ld", sc);
	kv(f, "seccomp", sc < 0 ? "-" : buf);
	snprintf(buf, sizeof(buf), "%ld", tp);
	kv(f, "tracer.pid", tp < 0 ? "-" : buf);
	kv(f, "audit", au < 0 ? "unknown" : au ? "enabled" : "disabled");
	kv(f, "audit.source", why);
	kv(f, "syscall.tracepoints", tr < 0 ? "unknown" : tr ? "on" : "off");
	kv(f, "syscall.tracepoints.source", tw);
	if (sc > 0)
		ADD(no, "seccomp %s", sc <= 2 ? seccomp_modes[sc] : "mode");
	else if (sc < 0)
		ADD(unk, "seccomp unknown");
	if (tp > 0)
		ADD(no, "traced by pid %ld", tp);
	else if (tp < 0)
		ADD(unk, "tracer unknown");
	if (au > 0)
		ADD(no, "audit enabled");
	else if (au < 0)
		ADD(unk, "audit unknown");
	if (tr > 0)
		ADD(no, "syscall tracepoints on");
	else if (tr < 0)
		ADD(unk, "syscall tracepoints unknown");
#undef ADD
	if (*no)
		snprintf(buf, sizeof(buf), "no (%s)", no);
	else if (*unk)
		snprintf(buf, sizeof(buf), "yes (not ruled out: %s)", unk);
	else
		snprintf(buf, sizeof(buf), "yes");
	kv(f, "fast.possible", buf);
}

void env_write(FILE *f)
{
	struct utsname u;
	char buf[4096];
	int ok = uname(&u) == 0;

	kv(f, "suite.version", SUITE_VERSION);
	kv(f, "kernel.release", ok ? u.release : "-");
	kv(f, "kernel.version", ok ? u.version : "-");
	kv_file(f, "kernel.cmdline", "/proc/cmdline");
	kv_file(f, "kernel.entry_variant", "/sys/kernel/entry_variant");
	cpuinfo(f);
	kv_file(f, "cpu.online", "/sys/devices/system/cpu/online");
	kv_file(f, "cpu.smt", "/sys/devices/system/cpu/smt/control");
	vulnerabilities(f);
	kv_file(f, "cpufreq.governor",
		"/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
	boost(f);
	kv_file(f, "clocksource",
		"/sys/devices/system/clocksource/clocksource0/current_clocksource");
	kv_file(f, "perf_event_paranoid",
		"/proc/sys/kernel/perf_event_paranoid");
	kv_file(f, "isolcpus", "/sys/devices/system/cpu/isolated");
	kv_file(f, "nohz_full", "/sys/devices/system/cpu/nohz_full");
	virt_name(buf, sizeof(buf));
	kv(f, "virt", buf);
	fast_path(f);
}
