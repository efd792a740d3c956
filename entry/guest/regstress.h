/* SPDX-License-Identifier: GPL-2.0 */
/*
 * regstress: shared between regloop.S and regstress.c.  Register k of
 * iteration i holds RS_PAT(k, i) = (i * M_k) ^ C_k; r15 (k = 5) holds
 * i ^ C5, so any observer can recover i from r15 alone and check the rest.
 */
#ifndef REGSTRESS_H
#define REGSTRESS_H

#define RS_M0	0x1e3779b1
#define RS_M1	0x05ebca6b
#define RS_M2	0x27d4eb2f
#define RS_M3	0x165667b1
#define RS_M4	0x61c88647
#define RS_M5	1
#define RS_M6	0x7feb352d
#define RS_M7	0x2c1b3c6d
#define RS_M8	0x297a2d39
#define RS_M9	0x5bd1e995
#define RS_C0	0xb0b0000000000b0b
#define RS_C1	0xbbbb1111deadbeef
#define RS_C2	0x1212121212121212
#define RS_C3	0x1313131313131313
#define RS_C4	0x1414141414141414
#define RS_C5	0x1515151500000000
#define RS_C6	0xd0d0d0d0d0d0d0d0
#define RS_C7	0x0808080808080808
#define RS_C8	0x0909090909090909
#define RS_C9	0x1010101010101010

/* struct rs_job field offsets, checked by static_assert in regstress.c */
#define RS_I		0
#define RS_END		8
#define RS_NR		16
#define RS_ARG0		24
#define RS_CORRUPT	32
#define RS_GOT		40
#define RS_NREGS	10

#ifndef __ASSEMBLER__
#include <stdint.h>

struct rs_job {
	uint64_t i;		/* current iteration */
	uint64_t end;		/* stop when i reaches it */
	uint64_t nr;		/* syscall number */
	uint64_t arg0;		/* rdi */
	uint64_t corrupt;	/* self-test: clobber r13 after SYSCALL */
	uint64_t got[RS_NREGS];	/* registers seen at the first mismatch */
};

int regloop(struct rs_job *job);
extern char regloop_after_syscall[];
#endif

#endif
