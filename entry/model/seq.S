/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The register sequences that differ between the two 64-bit syscall entry
 * variants, copied structurally from entry/6.1/fast.patch (entry_64.S,
 * entry_64_fast.S).  Everything else on both paths is the same code and is
 * left out of the model.
 *
 *   full:    SYSCALL_PUSH_SIX; the six xors of CLEAR_REGS; ... the first
 *            six pops of POP_REGS
 *   fast:    "subq $6*8, %rsp"; ... "addq $6*8, %rsp": the shipped fast
 *            path reserves the six slots and writes nothing in them
 *   zeros:   six "pushq $0"; ... "addq $6*8, %rsp": an earlier revision
 *            of fast.patch that zeroed the slots, kept for comparison
 *
 * model_loop_<v>(n): runs the enter/exit pair of variant v 4*n times
 * (unrolled by 4); model_loop_none(n) is the same loop with no sequence.
 * model_probe_<v>(in, out): loads rbx, rbp, r12-r15 from in[0..5], runs
 * the enter half, stores the six registers to out[0..5] and the six
 * stack slots (pt_regs order r15 first... stored in push order: rbx
 * first) to out[6..11], runs the exit half, stores the registers to
 * out[12..17] and the stack pointer drift (should be 0) to out[18].
 */

.macro FULL_ENTER
	pushq	%rbx		/* pt_regs->rbx */
	pushq	%rbp		/* pt_regs->rbp */
	pushq	%r12		/* pt_regs->r12 */
	pushq	%r13		/* pt_regs->r13 */
	pushq	%r14		/* pt_regs->r14 */
	pushq	%r15		/* pt_regs->r15 */
	xorl	%ebx,  %ebx	/* nospec rbx */
	xorl	%ebp,  %ebp	/* nospec rbp */
	xorl	%r12d, %r12d	/* nospec r12 */
	xorl	%r13d, %r13d	/* nospec r13 */
	xorl	%r14d, %r14d	/* nospec r14 */
	xorl	%r15d, %r15d	/* nospec r15 */
.endm

.macro FULL_EXIT
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
.endm

.macro ZEROS_ENTER
	pushq	$0		/* pt_regs->rbx */
	pushq	$0		/* pt_regs->rbp */
	pushq	$0		/* pt_regs->r12 */
	pushq	$0		/* pt_regs->r13 */
	pushq	$0		/* pt_regs->r14 */
	pushq	$0		/* pt_regs->r15 */
.endm

.macro ZEROS_EXIT
	addq	$6*8, %rsp	/* skip the six slots */
.endm

.macro FAST_ENTER
	subq	$6*8, %rsp
.endm

.macro FAST_EXIT
	addq	$6*8, %rsp
.endm

.macro NONE_ENTER
.endm

.macro NONE_EXIT
.endm

/* Save/restore the caller's callee-saved registers around a probe/loop. */
.macro SAVE_CALLER
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
.endm

.macro RESTORE_CALLER
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
.endm

.macro LOOP name
	.globl	model_loop_\name
	.type	model_loop_\name, @function
model_loop_\name:
	SAVE_CALLER
	testq	%rdi, %rdi
	jz	2f
	.p2align 4
1:
	.rept 4
	\name\()_ENTER_M
	\name\()_EXIT_M
	.endr
	decq	%rdi
	jnz	1b
2:
	RESTORE_CALLER
	ret
	.size	model_loop_\name, .-model_loop_\name
.endm

.macro PROBE name
	.globl	model_probe_\name
	.type	model_probe_\name, @function
model_probe_\name:
	SAVE_CALLER
	movq	%rsp, %rax		/* for the drift check */
	movq	0*8(%rdi), %rbx
	movq	1*8(%rdi), %rbp
	movq	2*8(%rdi), %r12
	movq	3*8(%rdi), %r13
	movq	4*8(%rdi), %r14
	movq	5*8(%rdi), %r15
	\name\()_ENTER_M
	movq	%rbx, 0*8(%rsi)
	movq	%rbp, 1*8(%rsi)
	movq	%r12, 2*8(%rsi)
	movq	%r13, 3*8(%rsi)
	movq	%r14, 4*8(%rsi)
	movq	%r15, 5*8(%rsi)
	/* The slots, whatever is there, in push order (rbx first). */
	movq	5*8(%rsp), %rcx
	movq	%rcx, 6*8(%rsi)
	movq	4*8(%rsp), %rcx
	movq	%rcx, 7*8(%rsi)
	movq	3*8(%rsp), %rcx
	movq	%rcx, 8*8(%rsi)
	movq	2*8(%rsp), %rcx
	movq	%rcx, 9*8(%rsi)
	movq	1*8(%rsp), %rcx
	movq	%rcx, 10*8(%rsi)
	movq	0*8(%rsp), %rcx
	movq	%rcx, 11*8(%rsi)
	\name\()_EXIT_M
	movq	%rbx, 12*8(%rsi)
	movq	%rbp, 13*8(%rsi)
	movq	%r12, 14*8(%rsi)
	movq	%r13, 15*8(%rsi)
	movq	%r14, 16*8(%rsi)
	movq	%r15, 17*8(%rsi)
	subq	%rsp, %rax
	movq	%rax, 18*8(%rsi)
	RESTORE_CALLER
	ret
	.size	model_probe_\name, .-model_probe_\name
.endm

/* Lower-case names for the LOOP/PROBE generators. */
.macro full_ENTER_M
	FULL_ENTER
.endm
.macro full_EXIT_M
	FULL_EXIT
.endm
.macro zeros_ENTER_M
	ZEROS_ENTER
.endm
.macro zeros_EXIT_M
	ZEROS_EXIT
.endm
.macro fast_ENTER_M
	FAST_ENTER
.endm
.macro fast_EXIT_M
	FAST_EXIT
.endm
.macro none_ENTER_M
	NONE_ENTER
.endm
.macro none_EXIT_M
	NONE_EXIT
.endm

	.text
	LOOP	none
	LOOP	full
	LOOP	fast
	LOOP	zeros
	PROBE	full
	PROBE	fast
	PROBE	zeros

	.section .note.GNU-stack, "", @progbits
