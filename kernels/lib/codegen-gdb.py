# kernels/lib/codegen-gdb.py: run inside gdb (gdb -batch -nx -x THIS) by
# kernels/codegen.  Attaches to qemu's gdb stub, stops at the SYSCALL entry
# when the guest's getppid loop (kernels/lib/getppid-loop.c) enters it, and
# single-steps until the CPU is back in user mode, recording every kernel
# instruction executed: its address, length, the bytes in guest memory (as
# patched at run time: alternatives, static keys, IBT sealing) and gdb's
# disassembly of them.  qemu's single-step masks interrupts and timers, so
# the trace is the syscall's own path.
#
# Parameters from the environment: CODEGEN_PORT, CODEGEN_BREAKS (comma
# separated entry addresses), CODEGEN_MARKER (the loop's %rdi), CODEGEN_CALLS
# (how many calls to trace), CODEGEN_MAX_STEPS, CODEGEN_OUT (JSON written
# there on success only).
import json
import os
import time

import gdb

USER_TOP = 1 << 63


def run(cmd):
    return gdb.execute(cmd, to_string=True)


def trace_one(arch, inferior, max_steps):
    """The instructions from here to user mode.  A step that leaves the pc
    where it was (a rep-prefixed string instruction's next iteration, or
    a stop that TCG reports without executing) is one instruction, not
    two: counted in 'repeats', not recorded again."""
    path = []
    repeats = steps = 0
    while True:
        pc = int(gdb.parse_and_eval("$pc")) & 0xffffffffffffffff
        if pc < USER_TOP:
            return path, pc, repeats
        if steps >= max_steps:
            raise gdb.GdbError("no return to user mode after %d steps "
                               "(pc %#x)" % (max_steps, pc))
        steps += 1
        if path and path[-1]["addr"] == pc:
            repeats += 1
            run("stepi")
            continue
        insn = arch.disassemble(pc)[0]
        raw = bytes(inferior.read_memory(pc, insn["length"]))
        path.append({"addr": pc, "len": insn["length"], "bytes": raw.hex(),
                     "asm": insn["asm"]})
        run("stepi")


def main():
    port = int(os.environ["CODEGEN_PORT"])
    breaks = [int(a, 16) for a in os.environ["CODEGEN_BREAKS"].split(",")]
    marker = int(os.environ["CODEGEN_MARKER"], 16)
    calls = int(os.environ.get("CODEGEN_CALLS", "3"))
    max_steps = int(os.environ.get("CODEGEN_MAX_STEPS", "20000"))
    run("set pagination off")
    run("set confirm off")
    run("set architecture i386:x86-64")
    run("target remote 127.0.0.1:%d" % port)
    arch = gdb.selected_frame().architecture()
    inferior = gdb.selected_inferior()
    traced = []
    t0 = time.time()
    for _ in range(calls):
        for a in breaks:
            run("break *%#x if $rax == 110 && $rdi == %#x" % (a, marker))
        run("continue")
        run("delete")
        entry = int(gdb.parse_and_eval("$pc")) & 0xffffffffffffffff
        path, user_pc, repeats = trace_one(arch, inferior, max_steps)
        traced.append({"entry": entry, "return_to": user_pc, "path": path,
                       "repeats": repeats})
    seconds = time.time() - t0
    run("detach")
    with open(os.environ["CODEGEN_OUT"] + ".tmp", "w") as f:
        json.dump({"calls": traced, "trace_seconds": round(seconds, 3)}, f)
    os.rename(os.environ["CODEGEN_OUT"] + ".tmp", os.environ["CODEGEN_OUT"])


try:
    main()
except Exception as e:  # gdb -batch would carry on: make the failure visible
    print("codegen-gdb: error: %s" % e)
    gdb.execute("quit 1")
