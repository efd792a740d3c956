/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perfregs: shared between perfloop.S and perfregs.c.  Distinctive values
 * that neither a kernel pointer nor a small number on a kernel stack will
 * ever equal by accident.
 */
#ifndef PERFREGS_H
#define PERFREGS_H

#define PR_RBX		0x0bb0bb0bb0bb0bb0
#define PR_R12		0x1212c0de1212c0de
#define PR_R13		0x1313c0de1313c0de
#define PR_R14		0x1414c0de1414c0de
#define PR_R15		0x1515c0de1515c0de
#define PR_FRAME_RET	0x0000012345678ab0	/* "return address" in the fake frame */
#define PR_POISON	0x5a1e000000000000	/* + 0..5: rbx, rbp, r12..r15 of getsid */
#define PR_NR_GETSID	124	/* __NR_getsid on x86-64: not on any fast path */

#ifndef __ASSEMBLER__
long perfloop(long nr, long iters, void *frame);
extern char perfloop_after_syscall[];
#endif

#endif
