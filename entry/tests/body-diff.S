/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Two bodies shaped like entry_64_fast.S's, for tests/run.sh to check that
 * body-diff finds exactly what differs on the straight line and stops at
 * the jmp into the SYSRET exit: the slow-path code after it differs too
 * (six movs in fast only), and must not be counted.
 */
	.text
syscall_return_via_sysret:
	nop
	ret
slow:
	ud2

.macro BODY name push
	.globl	entry_SYSCALL_64_\name\()_body
entry_SYSCALL_64_\name\()_body:
	pushq	%rdi
	cmpq	$1024, %rax
	jae	slow
.if \push
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
.else
	subq	$6*8, %rsp
.endif
	xorl	%esi, %esi
	movq	slow(%rip), %rdx	/* rip-relative: the displacement differs */
.if \push
	xorl	%ebx, %ebx
	xorl	%ebp, %ebp
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
#ifdef EXTRA
	/* the self-test: one instruction more on fastpush's straight line */
	lfence
#endif
.endif
	call	slow
	testb	%al, %al
	jz	1f
.if \push
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
.else
	addq	$6*8, %rsp
.endif
	popq	%rdi
	jmp	syscall_return_via_sysret
1:
.if !\push
	movq	%rbx, 0x28(%rsp)
	movq	%rbp, 0x20(%rsp)
	movq	%r12, 0x18(%rsp)
	movq	%r13, 0x10(%rsp)
	movq	%r14, 0x8(%rsp)
	movq	%r15, (%rsp)
.endif
	jmp	slow
.endm

	BODY	fast 0
	BODY	fastpush 1
	.section .note.GNU-stack, "", @progbits
