// SPDX-License-Identifier: GPL-2.0
/*
 * Independent probe for the tests: does this kernel serve int $0x80 from
 * 64-bit code?  Exits 0 if compat getpid (20) returns our pid; dies of a
 * signal (or exits 1) where the compat entry is off.
 */
#include <unistd.h>

int main(void)
{
	long r;

	asm volatile("int $0x80" : "=a"(r) : "0"(20L)
		     : "r8", "r9", "r10", "r11", "memory");
	return r == getpid() ? 0 : 1;
}
