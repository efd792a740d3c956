// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of the environment capture: env_write() must give every key
 * of results/FORMAT.md, one clean line each, and agree with the same facts
 * read here another way (procfs files, awk over /proc/cpuinfo, ls).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../bench.h"
#include "check.h"

static char env[65536];

/* value of key in env, or NULL */
static const char *get(const char *key, char *buf, size_t len)
{
	char pat[128];
	const char *p;

	snprintf(pat, sizeof(pat), "\n#%% %s: ", key);
	p = strstr(env, pat);
	if (!p)
		return NULL;
	p += strlen(pat);
	snprintf(buf, len, "%.*s", (int)strcspn(p, "\n"), p);
	return buf;
}

/* first line of a shell command's output */
static const char *sh(const char *cmd, char *buf, size_t len)
{
	FILE *p = popen(cmd, "r");

	buf[0] = '\0';
	if (p) {
		if (!fgets(buf, len, p))
			buf[0] = '\0';
		pclose(p);
	}
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

int main(void)
{
	static const char *const keys[] = {
		"suite.version", "kernel.release", "kernel.version",
		"kernel.cmdline", "kernel.entry_variant", "cpu.vendor",
		"cpu.family", "cpu.model", "cpu.stepping", "cpu.model_name",
		"cpu.microcode", "cpu.online", "cpu.smt", "cpufreq.governor",
		"cpufreq.boost", "clocksource", "perf_event_paranoid",
		"isolcpus", "nohz_full", "virt", "seccomp", "tracer.pid",
		"audit", "syscall.tracepoints", "fast.possible",
	};
	char a[4096], b[4096];
	FILE *f = tmpfile();
	size_t i, n;
	int lines = 0, clean = 1;
	const char *p;

	env[0] = '\n';
	env_write(f);
	rewind(f);
	n = fread(env + 1, 1, sizeof(env) - 2, f);
	env[n + 1] = '\0';
	fclose(f);

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		CHECK(get(keys[i], a, sizeof(a)) && a[0], keys[i]);
	for (p = env + 1; *p; p = strchr(p, '\n') + 1) {
		size_t l = strcspn(p, "\n");

		lines++;
		if (strncmp(p, "#% ", 3) || !memchr(p, ':', l) ||
		    p[l - 1] == ' ' || p[l - 2] == ':')
			clean = 0;
		if (!p[l])
			break;
	}
	CHECK(clean && lines > 20, "every line is '#% key: value'");

	CHECK(!strcmp(get("kernel.release", a, sizeof(a)),
		      sh("cat /proc/sys/kernel/osrelease", b, sizeof(b))),
	      "kernel.release = /proc/sys/kernel/osrelease");
	CHECK(!strcmp(get("kernel.cmdline", a, sizeof(a)),
		      sh("cat /proc/cmdline", b, sizeof(b))),
	      "kernel.cmdline = /proc/cmdline");
	sh("awk -F': *' '/^vendor_id/ {print $2; exit}' /proc/cpuinfo", b,
	   sizeof(b));
	CHECK(!strcmp(get("cpu.vendor", a, sizeof(a)), b[0] ? b : "-"),
	      "cpu.vendor = vendor_id");
	sh("awk -F': *' '/^model[ \\t]*:/ {print $2; exit}' /proc/cpuinfo", b,
	   sizeof(b));
	CHECK(!strcmp(get("cpu.model", a, sizeof(a)), b[0] ? b : "-"),
	      "cpu.model = model (not model name)");
	sh("ls /sys/devices/system/cpu/vulnerabilities 2>/dev/null | wc -l",
	   b, sizeof(b));
	for (n = 0, p = env; (p = strstr(p, "\n#% cpu.vuln.")); p++)
		n++;
	CHECK(n == strtoul(b, NULL, 10), "one cpu.vuln.* per file");
	sh("grep -qw hypervisor /proc/cpuinfo && echo yes || echo no", b,
	   sizeof(b));
	get("virt", a, sizeof(a));
	CHECK(!strcmp(b, "yes") ? strcmp(a, "none") != 0 : !strcmp(a, "none"),
	      "virt agrees with the hypervisor flag");

	/* the fast-path environment, against /proc/self/status read by awk */
	sh("awk '/^Seccomp:/ {print $2}' /proc/self/status", b, sizeof(b));
	CHECK(!strcmp(get("seccomp", a, sizeof(a)), b), "seccomp = Seccomp");
	CHECK(!strcmp(get("tracer.pid", a, sizeof(a)), "0") ==
	      (proc_status("TracerPid") == 0), "tracer.pid = TracerPid");
	CHECK(proc_status("NoSuchField") == -1, "absent status field: -1");
	get("audit", a, sizeof(a));
	CHECK(!strcmp(a, "enabled") || !strcmp(a, "disabled") ||
	      !strcmp(a, "unknown"), "audit is enabled|disabled|unknown");
	get("syscall.tracepoints", a, sizeof(a));
	CHECK(!strcmp(a, "on") || !strcmp(a, "off") || !strcmp(a, "unknown"),
	      "syscall.tracepoints is on|off|unknown");
	get("fast.possible", b, sizeof(b));
	CHECK(!strncmp(b, "yes", 3) || !strncmp(b, "no (", 4),
	      "fast.possible is yes... or no (why)");
	/* whatever forces syscall work says no */
	CHECK((strcmp(get("audit", a, sizeof(a)), "enabled") &&
	       strcmp(get("syscall.tracepoints", a, sizeof(a)), "on") &&
	       !strcmp(get("seccomp", a, sizeof(a)), "0") &&
	       !strcmp(get("tracer.pid", a, sizeof(a)), "0")) ==
	      !strncmp(b, "yes", 3), "fast.possible: no iff something forces syscall work");

	CHECK(!strcmp(read_line("/nonexistent/x", a, sizeof(a)), "-"),
	      "missing file reads '-'");
	CHECK(cpu_online(0) == 1, "cpu0 online");
	CHECK(cpu_online(99999) == 0, "cpu99999 does not exist");

	printf("%s test-env: %d checks passed, %d failed\n",
	       failed ? "FAIL" : "PASS", pass, failed);
	return failed != 0;
}
