/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The code that differs between the 64-bit syscall entry variants, copied
 * structurally from entry/6.1/src/entry.diff (entry_64.S, entry_64_fast.S).
 * Everything else on the paths is the same code and is left out.
 *
 *   full:     SYSCALL_PUSH_SIX; the six xors of CLEAR_REGS; ... the first
 *             six pops of POP_REGS (the stock entry decides nothing)
 *   fast:     the fast path's decision (DECIDE: whitelist bound, masked
 *             table load, bit test; the task's syscall_work test), then
 *             "subq $6*8, %rsp"; ... "addq $6*8, %rsp": the slots are
 *             reserved, nothing is written in them
 *   fastpush: the same decision, then full's push six + xor six; ... pop
 *             six: the control variant (fastpush - fast: the six alone)
 *   zeros:    six "pushq $0"; ... "addq $6*8, %rsp": an earlier revision
 *             of fast.patch that zeroed the slots, kept for comparison
 *
 * model_loop_<v>(n): runs the enter/exit pair of variant v 4*n times
 * (unrolled by 4), each with %eax = getppid's number as the syscall;
 * model_loop_none(n) is the same loop with no sequence.
 * model_probe_<v>(in, out): loads rbx, rbp, r12-r15 from in[0..5], runs
 * the enter half, stores the six registers to out[0..5] and the six
 * stack slots (in push order: rbx first) to out[6..11], runs the exit
 * half, stores the registers to out[12..17] and the stack pointer drift
 * (should be 0) to out[18].
 * model_decide(nr, work): DECIDE for syscall nr with model_task's
 * syscall_work = work; 1: fast path, 0: stock path.
 */

#define MODEL_NR_GETPPID	110
#define MODEL_NR_LIMIT		1024	/* ENTRY_FAST_NR_LIMIT */
#define MODEL_WORK_ENTER	0x3f	/* ENTRY_FAST_WORK_ENTER */
#define MODEL_TASK_WORK		8	/* ENTRY_TASK_SYSCALL_WORK */

/*
 * The fast entry's decision, with %rax = the syscall number; clobbers
 * %rcx and %r11 (saved in pt_regs by then in the kernel).  The kernel
 * reads current from %gs; the model from model_current.
 */
.macro DECIDE slow:req
	movq	%rax, %rcx
	cmpq	$MODEL_NR_LIMIT, %rcx
	jae	\slow
	shrl	$6, %ecx
	andl	$(MODEL_NR_LIMIT / 64 - 1), %ecx
	movq	model_fast_syscalls(, %rcx, 8), %rcx
	btq	%rax, %rcx			/* bit (nr % 64) of word nr / 64 */
	jnc	\slow
	movq	model_current(%rip), %r11
	testq	$MODEL_WORK_ENTER, MODEL_TASK_WORK(%r11)
	jnz	\slow
.endm

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
	DECIDE	model_slow_path
	subq	$6*8, %rsp
.endm

.macro FASTPUSH_ENTER
	DECIDE	model_slow_path
	FULL_ENTER
.endm

.macro FASTPUSH_EXIT
	FULL_EXIT
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
	movl	$MODEL_NR_GETPPID, %eax
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
	movq	%rsp, %r9		/* for the drift check (DECIDE uses rax, rcx, r11) */
	movq	0*8(%rdi), %rbx
	movq	1*8(%rdi), %rbp
	movq	2*8(%rdi), %r12
	movq	3*8(%rdi), %r13
	movq	4*8(%rdi), %r14
	movq	5*8(%rdi), %r15
	movl	$MODEL_NR_GETPPID, %eax
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
	subq	%rsp, %r9
	movq	%r9, 18*8(%rsi)
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
.macro fastpush_ENTER_M
	FASTPUSH_ENTER
.endm
.macro fastpush_EXIT_M
	FASTPUSH_EXIT
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
	LOOP	fastpush
	LOOP	zeros
	PROBE	full
	PROBE	fast
	PROBE	fastpush
	PROBE	zeros

/* The loops and probes never take the stock path: their syscall is fast. */
model_slow_path:
	ud2

	.globl	model_decide
	.type	model_decide, @function
model_decide:
	movq	%rsi, model_task + MODEL_TASK_WORK(%rip)
	movq	%rdi, %rax
	DECIDE	1f
	movl	$1, %eax
	ret
1:
	xorl	%eax, %eax
	ret
	.size	model_decide, .-model_decide

	.data
	.p2align 3
/* A task_struct as far as DECIDE reads it: syscall_work at offset 8 */
	.globl	model_task
model_task:
	.quad	0, 0
model_current:
	.quad	model_task

	.section .note.GNU-stack, "", @progbits
