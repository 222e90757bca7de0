/* switch_x86_64.S - stack switch for x86-64 System V.
 *
 * rt__ctx_switch(void **save_sp, void *load_sp) saves the callee-saved
 * registers (rbp, rbx, r12-r15), MXCSR and the x87 control word on the
 * current stack, stores the stack pointer in *save_sp, loads load_sp and
 * restores the same set from there. Everything else is caller-saved by the
 * ABI, so the C compiler has already spilled it. The CFI notes only cover
 * the pushes; a backtrace through the middle of a switch is not meaningful.
 *
 * A new context is laid out by rt__coro_init (coro.c) so that the first
 * switch "returns" into rt__ctx_trampoline with r12 = argument and
 * r13 = entry function. */
    .text
    .globl rt__ctx_switch
    .type rt__ctx_switch, @function
    .p2align 4
rt__ctx_switch:
    .cfi_startproc
    pushq %rbp
    .cfi_adjust_cfa_offset 8
    pushq %rbx
    .cfi_adjust_cfa_offset 8
    pushq %r12
    .cfi_adjust_cfa_offset 8
    pushq %r13
    .cfi_adjust_cfa_offset 8
    pushq %r14
    .cfi_adjust_cfa_offset 8
    pushq %r15
    .cfi_adjust_cfa_offset 8
    subq $8, %rsp
    .cfi_adjust_cfa_offset 8
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    /* pop + jmp instead of ret: ret would be mispredicted on every switch,
     * since it "returns" into another coroutine (as Boost.Context does). */
    popq %rcx
    jmpq *%rcx
    .cfi_endproc
    .size rt__ctx_switch, .-rt__ctx_switch

    .globl rt__ctx_trampoline
    .type rt__ctx_trampoline, @function
    .p2align 4
rt__ctx_trampoline:
    .cfi_startproc
    .cfi_undefined rip
    movq %r12, %rdi
    callq *%r13
    ud2
    .cfi_endproc
    .size rt__ctx_trampoline, .-rt__ctx_trampoline

    .section .note.GNU-stack,"",@progbits
