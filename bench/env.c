// SPDX-License-Identifier: GPL-2.0
/*
 * Environment capture: everything that can change a syscall's cost, as
 * "#% key: value" lines (results/FORMAT.md).  Every source may be missing
 * (a guest initramfs with a bare /proc or no /sys): the value is then "-".
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench.h"

#ifndef SUITE_VERSION
#define SUITE_VERSION "unknown"
#endif

/* Values are one line: newlines and tabs become spaces, empty is "-". */
static void kv(FILE *f, const char *key, const char *val)
{
	const char *p, *end;

	while (val && (*val == ' ' || *val == '\t'))
		val++;
	if (!val || !*val)
		val = "-";
	for (end = val + strlen(val); end > val && (end[-1] == ' ' ||
		     end[-1] == '\n' || end[-1] == '\t' || end[-1] == '\r');)
		end--;
	if (end == val) {
		val = "-";
		end = val + 1;
	}
	fprintf(f, "#%% %s: ", key);
	for (p = val; p < end; p++)
		fputc(*p == '\n' || *p == '\t' || *p == '\r' ? ' ' : *p, f);
	fputc('\n', f);
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
}
