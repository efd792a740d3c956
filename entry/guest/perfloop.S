/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perfloop(long nr, long iters, void *frame): the hot loop of perfregs.
 *
 * First one getsid(0), which no fast path takes, with rbx, rbp, r12-r15
 * set to the PR_POISON_* values: the full entry stores them in this
 * thread's pt_regs slots, so on a fast path that leaves the slots
 * unwritten they are what a careless reader would find there.
 * Then sets rbx and r12-r15 to the PR_* constants and rbp to frame (a fake
 * user stack frame whose return address is PR_FRAME_RET), then executes
 * iters raw SYSCALLs of nr.  A perf sample taken in the kernel during one
 * of them must report, for the user registers, either these values or
 * "unknown" (-1), and a user callchain that is either [ip, PR_FRAME_RET]
 * or [ip]: anything else came from somewhere it should not have.
 * perfloop_after_syscall is the user ip of every such sample.
 * Returns the number of iterations in which a callee-saved register
 * changed across the SYSCALL (0 when the kernel behaves).
 */
#include "perfregs.h"

	.text
	.globl	perfloop
	.globl	perfloop_after_syscall
	.type	perfloop, @function
perfloop:
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rdi, %r8		/* nr: r8-r10, rdi, rsi, rdx survive SYSCALL */
	movq	%rsi, %r9		/* iterations left */
	xorl	%r10d, %r10d		/* iterations with a changed register */
	movq	%rdx, %rdi		/* frame, kept to check rbp against */

	movabsq	$PR_POISON, %rbx
	leaq	1(%rbx), %rbp
	leaq	2(%rbx), %r12
	leaq	3(%rbx), %r13
	leaq	4(%rbx), %r14
	leaq	5(%rbx), %r15
	movl	$PR_NR_GETSID, %eax
	pushq	%rdi
	xorl	%edi, %edi
	syscall
	popq	%rdi

	movq	%rdi, %rbp
	movabsq	$PR_RBX, %rbx
	movabsq	$PR_R12, %r12
	movabsq	$PR_R13, %r13
	movabsq	$PR_R14, %r14
	movabsq	$PR_R15, %r15
	testq	%r9, %r9
	jz	.Ldone
.Lloop:
	movq	%r8, %rax
	syscall
perfloop_after_syscall:
	xorl	%esi, %esi
	cmpq	%rdi, %rbp
	setne	%sil
	movabsq	$PR_RBX, %rax
	cmpq	%rax, %rbx
	setne	%al
	orb	%al, %sil
	movabsq	$PR_R12, %rax
	cmpq	%rax, %r12
	setne	%al
	orb	%al, %sil
	movabsq	$PR_R13, %rax
	cmpq	%rax, %r13
	setne	%al
	orb	%al, %sil
	movabsq	$PR_R14, %rax
	cmpq	%rax, %r14
	setne	%al
	orb	%al, %sil
	movabsq	$PR_R15, %rax
	cmpq	%rax, %r15
	setne	%al
	orb	%al, %sil
	addq	%rsi, %r10
	decq	%r9
	jnz	.Lloop
.Ldone:
	movq	%r10, %rax
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	ret
	.size	perfloop, .-perfloop
	.section .note.GNU-stack, "", @progbits
