// SPDX-License-Identifier: GPL-2.0
/*
 * getppid-loop: /init of the initramfs kernels/codegen boots.  It prints the
 * kernel's entry variant on the console, says "ready", then issues getppid
 * forever with the raw SYSCALL instruction and a marker in %rdi, so that the
 * tracer's breakpoint (rax == 110 && rdi == GETPPID_LOOP_MARKER) catches
 * this loop's calls and nothing else.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#define GETPPID_LOOP_MARKER 0xc0de0110c0de0110UL

static void read_variant(char *buf, size_t size)
{
	int fd = open("/sys/kernel/entry_variant", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, size - 1);

	if (n <= 0) {
		snprintf(buf, size, "-");
		n = 1;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	char variant[64];
	unsigned long i;
	long ret = 0;

	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	read_variant(variant, sizeof(variant));
	/*
	 * Warm up, and let the boot's deferred work (clocksource watchdog,
	 * TSC refinement, device probes) finish before the tracer attaches:
	 * a kworker waking up sets need_resched and sends a traced call
	 * through the exit work.
	 */
	for (i = 0; i < 100000; i++)
		ret = syscall(SYS_getppid);
	sleep(2);
	printf("getppid-loop: entry_variant=%s getppid=%ld ready\n", variant, ret);
	fflush(stdout);
	for (;;) {
		asm volatile("syscall"
			     : "=a"(ret)
			     : "0"((long)SYS_getppid), "D"(GETPPID_LOOP_MARKER)
			     : "rcx", "r11", "memory");
	}
	return 0;
}
