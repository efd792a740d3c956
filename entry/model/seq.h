/* SPDX-License-Identifier: GPL-2.0 */
/* The entry-variant register sequences of seq.S, callable from C. */
#ifndef ENTRY_MODEL_SEQ_H
#define ENTRY_MODEL_SEQ_H
#include <stdint.h>

#define MODEL_UNROLL	4	/* sequences per loop iteration in seq.S */
#define PROBE_WORDS	19

void model_loop_none(uint64_t n);
void model_loop_full(uint64_t n);
void model_loop_zeros(uint64_t n);
void model_loop_fast(uint64_t n);
void model_loop_fastpush(uint64_t n);
void model_probe_full(const uint64_t in[6], uint64_t out[PROBE_WORDS]);
void model_probe_zeros(const uint64_t in[6], uint64_t out[PROBE_WORDS]);
void model_probe_fast(const uint64_t in[6], uint64_t out[PROBE_WORDS]);
void model_probe_fastpush(const uint64_t in[6], uint64_t out[PROBE_WORDS]);
/* The fast entry's decision for syscall nr, syscall_work work: 1 fast */
int model_decide(uint64_t nr, uint64_t work);
/* The whitelist DECIDE reads (whitelist.c), as the kernel's table */
#define MODEL_NR_LIMIT	1024
extern const uint64_t model_fast_syscalls[MODEL_NR_LIMIT / 64];
extern uint64_t model_task[2];
#endif
