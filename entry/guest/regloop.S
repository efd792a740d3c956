/* SPDX-License-Identifier: GPL-2.0 */
/*
 * regloop(struct rs_job *job): the register-integrity hot loop of regstress.
 *
 * Each iteration i sets rbx, rbp, r12-r15 (and rdx, r8-r10) to patterns
 * that are a function of i (see RS_PAT in regstress.h: r15 carries i, so
 * an observer that sees only the registers can check them), executes a raw
 * SYSCALL with job->nr, and checks every register against the pattern.
 * Returns 0 after reaching job->end, or 1 with the registers seen stored
 * in job->got[] on the first mismatch.  job->corrupt != 0 deliberately
 * flips r13 inside the checked window (the self-test).
 *
 * regloop_after_syscall marks the instruction after SYSCALL: a signal
 * handler or ptrace stop that sees this RIP must see the patterns too.
 */
#include "regstress.h"

	.text
	.globl	regloop
	.globl	regloop_after_syscall
	.type	regloop, @function
regloop:
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rdi, %rsi			/* job: kept in rsi across SYSCALL */

.Lloop:
	movq	RS_I(%rsi), %rax
	cmpq	RS_END(%rsi), %rax
	jae	.Ldone

	/* Set the ten patterns from i (in %rax). */
	.irp reg, rbx, rbp, r12, r13, r14, rdx, r8, r9, r10
	movq	%rax, %\reg
	.endr
	imulq	$RS_M0, %rbx
	imulq	$RS_M1, %rbp
	imulq	$RS_M2, %r12
	imulq	$RS_M3, %r13
	imulq	$RS_M4, %r14
	imulq	$RS_M6, %rdx
	imulq	$RS_M7, %r8
	imulq	$RS_M8, %r9
	imulq	$RS_M9, %r10
	movabsq	$RS_C0, %rcx
	xorq	%rcx, %rbx
	movabsq	$RS_C1, %rcx
	xorq	%rcx, %rbp
	movabsq	$RS_C2, %rcx
	xorq	%rcx, %r12
	movabsq	$RS_C3, %rcx
	xorq	%rcx, %r13
	movabsq	$RS_C4, %rcx
	xorq	%rcx, %r14
	movabsq	$RS_C5, %r15
	xorq	%rax, %r15
	movabsq	$RS_C6, %rcx
	xorq	%rcx, %rdx
	movabsq	$RS_C7, %rcx
	xorq	%rcx, %r8
	movabsq	$RS_C8, %rcx
	xorq	%rcx, %r9
	movabsq	$RS_C9, %rcx
	xorq	%rcx, %r10

	movq	RS_ARG0(%rsi), %rdi
	movq	RS_NR(%rsi), %rax
	syscall
regloop_after_syscall:
	/* The deliberate failure: clobber r13 inside the checked window. */
	cmpq	$0, RS_CORRUPT(%rsi)
	je	1f
	notq	%r13
1:
	/* Expected values are rebuilt in %rcx from i (%rdi). */
	movq	RS_I(%rsi), %rdi
	.macro CHECK reg, m, c
	movq	%rdi, %rcx
	imulq	$\m, %rcx
	movabsq	$\c, %rax
	xorq	%rax, %rcx
	cmpq	%rcx, %\reg
	jne	.Lbad
	.endm
	CHECK	rbx, RS_M0, RS_C0
	CHECK	rbp, RS_M1, RS_C1
	CHECK	r12, RS_M2, RS_C2
	CHECK	r13, RS_M3, RS_C3
	CHECK	r14, RS_M4, RS_C4
	CHECK	r15, 1, RS_C5
	CHECK	rdx, RS_M6, RS_C6
	CHECK	r8, RS_M7, RS_C7
	CHECK	r9, RS_M8, RS_C8
	CHECK	r10, RS_M9, RS_C9
	incq	RS_I(%rsi)
	jmp	.Lloop

.Lbad:
	movq	%rbx, RS_GOT+0*8(%rsi)
	movq	%rbp, RS_GOT+1*8(%rsi)
	movq	%r12, RS_GOT+2*8(%rsi)
	movq	%r13, RS_GOT+3*8(%rsi)
	movq	%r14, RS_GOT+4*8(%rsi)
	movq	%r15, RS_GOT+5*8(%rsi)
	movq	%rdx, RS_GOT+6*8(%rsi)
	movq	%r8,  RS_GOT+7*8(%rsi)
	movq	%r9,  RS_GOT+8*8(%rsi)
	movq	%r10, RS_GOT+9*8(%rsi)
	movl	$1, %eax
	jmp	.Lout
.Ldone:
	xorl	%eax, %eax
.Lout:
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	ret
	.size	regloop, .-regloop

	.section .note.GNU-stack, "", @progbits
