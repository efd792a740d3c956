#!/usr/bin/python3
"""Unit tests of kernels/codegen's logic on small recorded inputs
(codegen-fixtures/): nm and objdump parsing, symbolization, I-cache line
and 32-byte-boundary counting, the fast-path verdict, the diff.  The
expected numbers are worked out by hand in the comments, not by the code
under test.  No kernel, qemu or gdb is needed."""

import importlib.machinery
import importlib.util
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "codegen-fixtures")
loader = importlib.machinery.SourceFileLoader(
    "codegen", os.path.join(HERE, "..", "codegen"))
spec = importlib.util.spec_from_loader("codegen", loader)
cg = importlib.util.module_from_spec(spec)
loader.exec_module(cg)


def fixture(name):
    with open(os.path.join(FIX, name)) as f:
        return f.read()


BASE = 0xffffffff81000000


def insn(off, length, asm, function="f"):
    return {"addr": BASE + off, "len": length, "bytes": "00" * length,
            "asm": asm, "function": function, "where": "%s+%#x" % (function, off)}


class Parsing(unittest.TestCase):
    def setUp(self):
        self.text = cg.Symbols(fixture("nm.txt"))
        self.all = cg.Symbols(fixture("nm.txt"), cg.ALL_TYPES)

    def test_nm_text_symbols_only(self):
        names = [r[2] for r in self.text.rows]
        self.assertEqual(names, ["func_a", "func_b", "entry_SYSCALL_64",
                                 "entry_SYSCALL_64_fast", "entry_SYSRETQ_end",
                                 "do_syscall_64_fast"])
        self.assertIn("jiffies", [r[2] for r in self.all.rows])
        self.assertNotIn("undefined_thing", [r[2] for r in self.all.rows])

    def test_where_and_function(self):
        self.assertEqual(self.text.where(BASE + 0x42), "func_b+0x2")
        self.assertEqual(self.text.where(BASE + 0x150), "entry_SYSCALL_64_fast")
        # An inner label: named by the label, counted in the sized symbol
        # around it (entry_SYSCALL_64 spans 0x100..0x300).
        self.assertEqual(self.text.where(BASE + 0x190), "entry_SYSRETQ_end+0x10")
        self.assertEqual(self.text.function(BASE + 0x190),
                         ("entry_SYSCALL_64", BASE + 0x100, BASE + 0x300))
        self.assertEqual(self.text.function(BASE + 0x305)[0], "do_syscall_64_fast")

    def test_objdump(self):
        ins = cg.parse_objdump(fixture("objdump.txt"))
        self.assertEqual(len(ins), 10)  # 8 in func_a, 2 in func_b
        self.assertEqual(ins[BASE + 0x0], ("f30f1efa", "endbr64"))
        # A long instruction continued on a bytes-only line is one.
        self.assertEqual(ins[BASE + 0x1e][0], "48b80000000000000000")
        self.assertEqual(ins[BASE + 0x42], ("c3", "ret"))

    def test_symbolize(self):
        ins = cg.parse_objdump(fixture("objdump.txt"))
        s = lambda off: cg.symbolize_asm(ins[BASE + off][1], self.all)
        self.assertEqual(s(0x04), "mov    jiffies(%rip),%eax")
        self.assertEqual(s(0x0a), "call   func_b")
        # -0x7e7fef60 sign-extends to 0xffffffff818010a0.
        self.assertEqual(s(0x0f), "mov    entry_fast_syscalls(,%rcx,8),%rcx")
        self.assertEqual(s(0x1c), "jmp    func_a+0x2c")
        # Not an address: -38 as an immediate stays a number.
        self.assertEqual(s(0x40), "push   $0xffffffffffffffda")
        # gdb's style: 0x-prefixed target and '# 0x...' comment.
        self.assertEqual(cg.symbolize_asm(
            "mov    0x5cbb44(%rip),%eax        # 0xffffffff81800004", self.all),
            "mov    jiffies+0x4(%rip),%eax")
        self.assertEqual(cg.symbolize_asm(
            "call   0xffffffff81000300", self.all), "call   do_syscall_64_fast")
        # For diffs: code named by its function (an inner label, even one
        # named after the variant, is not), data by its symbol.
        d = lambda asm: cg.symbolize_asm(asm, self.all, False, self.text)
        self.assertEqual(d("jne    0xffffffff81000190"), "jne    entry_SYSCALL_64")
        self.assertEqual(d("jmp    0xffffffff81000150"), "jmp    entry_SYSCALL_64")
        self.assertEqual(d("mov    0x10(%rip),%eax        # 0xffffffff81800004"),
                         "mov    jiffies(%rip),%eax")
        self.assertEqual(d("mov    -0x7e7fef50(,%rcx,8),%rcx"),
                         "mov    entry_fast_syscalls(,%rcx,8),%rcx")


class Counting(unittest.TestCase):
    # Offsets from a 64-byte aligned base.  Lines are base/64:
    #   0x00 endbr (0x00-0x04)          line 0
    #   0x1c test  (0x1c-0x1e)          line 0
    #   0x1e jne   (0x1e-0x20)  ends on 0x20; fused with the test: 0x1c-0x20
    #   0x3e call  (0x3e-0x43)  crosses 0x40; lines 0 and 1
    #   0x80 ret   (0x80-0x81)          line 2
    #   0x9f jmp   (0x9f-0xa1)  crosses 0xa0
    #   0xb8 cmp, 0xbc jb (fused 0xb8-0xbe): inside 0xa0..0xc0: no
    #   0xdc cmp (0xdc-0xe2), 0xe2 je (0xe2-0xe4): the je alone is clean,
    #        the fused pair 0xdc-0xe4 crosses 0xe0: counted, fused
    #   0xfc mov  (0xfc-0x104): not a branch; lines 3 and 4
    #   0x11c mov (0x11c-0x122) crosses 0x120, 0x122 je (0x122-0x124):
    #        mov does not fuse: the je is clean
    #   0x1e jne again: counted once
    # Lines {0, 1, 2, 3, 4} = 5; boundary branches 0x1e, 0x3e, 0x9f, 0xe2 = 4.
    PATH = [insn(0x00, 4, "endbr64"), insn(0x1c, 2, "test   %eax,%eax"),
            insn(0x1e, 2, "jne    0x0"), insn(0x3e, 5, "call   0x0"),
            insn(0x80, 1, "ret"), insn(0x9f, 2, "jmp    0x0"),
            insn(0xb8, 4, "cmp    $0x1,%eax"), insn(0xbc, 2, "jb     0x0"),
            insn(0xdc, 6, "cmpl   $0x1,0x8(%rdi)"), insn(0xe2, 2, "je     0x0"),
            insn(0xfc, 8, "mov    0x8(%rdi),%rax"),
            insn(0x11c, 6, "mov    0x8(%rdi),%eax"), insn(0x122, 2, "je     0x0"),
            insn(0x1c, 2, "test   %eax,%eax"), insn(0x1e, 2, "jne    0x0")]

    def test_boundary_rule(self):
        self.assertEqual(cg.crosses_or_ends(0x1e, 0x20), "ends on")
        self.assertEqual(cg.crosses_or_ends(0x1f, 0x21), "crosses")
        self.assertIsNone(cg.crosses_or_ends(0x20, 0x22))
        self.assertIsNone(cg.crosses_or_ends(0x00, 0x1f))

    def test_lines(self):
        self.assertEqual(sorted(x - BASE // 64 for x in cg.cache_lines(self.PATH)),
                         [0, 1, 2, 3, 4])

    def test_jcc(self):
        jb = cg.jcc_branches(self.PATH)
        self.assertEqual([b["addr"] - BASE for b in jb], [0x1e, 0x3e, 0x9f, 0xe2])
        self.assertEqual([b["fused"] for b in jb], [True, False, False, True])
        self.assertEqual([b["why"] for b in jb],
                         ["ends on", "crosses", "crosses", "crosses"])
        self.assertEqual(jb[3]["start"] - BASE, 0xdc)

    def test_summary(self):
        v = cg.summarize({"label": "x", "path": [dict(i) for i in self.PATH],
                          "entry_symbol": "entry_SYSCALL_64"})
        self.assertEqual(v["instructions"], 15)
        self.assertEqual(v["unique_instructions"], 13)
        self.assertEqual(v["icache_lines"], 5)
        self.assertEqual(v["jcc_boundary_branches"], 4)
        self.assertEqual(v["functions"], [{"name": "f", "instructions": 15}])
        self.assertFalse(v["fast_path"])
        # One function, so the entry counts are the whole path's.
        self.assertEqual((v["entry_instructions"], v["entry_icache_lines"],
                          v["entry_jcc_boundary_branches"]), (15, 5, 4))


class FastPathAndDiff(unittest.TestCase):
    def variant(self, label, items, entry="entry_SYSCALL_64"):
        path = [insn(4 * k, 4, asm, fn) for k, (fn, asm) in enumerate(items)]
        return cg.summarize({"label": label, "path": path, "entry_symbol": entry})

    FAST = [("entry_SYSCALL_64", "swapgs"),
            ("entry_SYSCALL_64", "sub    $0x30,%rsp"),
            ("entry_SYSCALL_64", "call   do_syscall_64_fast+0x0"),
            ("do_syscall_64_fast", "push   %rbp"),
            ("do_syscall_64_fast", "pop    %rbp"),
            ("do_syscall_64_fast", "ret"),
            ("entry_SYSCALL_64", "add    $0x30,%rsp"),
            ("entry_SYSCALL_64", "sysretq")]
    SIX = ["%rbx", "%rbp", "%r12", "%r13", "%r14", "%r15"]
    PUSH = ([("entry_SYSCALL_64", "push   " + r) for r in SIX] +
            [("entry_SYSCALL_64", "xor    %s,%s" % (r, r)) for r in SIX])
    POP = [("entry_SYSCALL_64", "pop    " + r) for r in reversed(SIX)]

    def test_fast_path(self):
        self.assertTrue(self.variant("f", self.FAST, "entry_SYSCALL_64_fast")["fast_path"])
        # The fast C function without the fast entry (or the reverse) is
        # not the fast path.
        self.assertFalse(self.variant("f", self.FAST)["fast_path"])
        self.assertFalse(self.variant("f", self.FAST[:2], "entry_SYSCALL_64_fast")["fast_path"])

    def test_fastpush_diff(self):
        # fastpush: the fast path with 6 push + 6 xor for the sub and
        # 6 pop for the add: 18 added, 2 removed, +16.
        fp = self.FAST[:1] + self.PUSH + self.FAST[2:6] + self.POP + self.FAST[7:]
        a = self.variant("fast", self.FAST, "entry_SYSCALL_64_fast")
        b = self.variant("fastpush", fp, "entry_SYSCALL_64_fast")
        d = cg.diff(a, b)
        self.assertEqual((d["instructions_a"], d["instructions_b"]), (8, 24))
        self.assertEqual(d["instructions_delta"], 16)
        self.assertEqual((d["added"], d["removed"]), (18, 2))
        self.assertEqual(len(d["hunks"]), 2)
        self.assertEqual(d["hunks"][0]["removed"], ["entry_SYSCALL_64: sub $0x30,%rsp"])
        self.assertEqual(d["hunks"][0]["added"][0], "entry_SYSCALL_64: push %rbx")
        self.assertEqual(d["hunks"][1]["removed"], ["entry_SYSCALL_64: add $0x30,%rsp"])
        self.assertEqual(d["hunks"][1]["added"][-1], "entry_SYSCALL_64: pop %rbx")
        # The entry asm: 5 of fast's 8, 21 of fastpush's 24.
        self.assertEqual((a["entry_instructions"], b["entry_instructions"]), (5, 21))
        self.assertEqual(d["functions"], [
            {"name": "entry_SYSCALL_64", "a": 5, "b": 21},
            {"name": "do_syscall_64_fast", "a": 3, "b": 3}])

    def test_offsets_do_not_make_a_diff(self):
        a = self.variant("a", [("f", "jmp    f+0x10"), ("f", "ret")])
        b = self.variant("b", [("f", "jmp    f+0x30"), ("f", "ret")])
        self.assertEqual(cg.diff(a, b)["hunks"], [])
        c = self.variant("c", [("g", "jmp    g+0x10"), ("g", "ret")])
        self.assertEqual(cg.diff(a, c)["added"], 2)

    def test_pairs(self):
        vs = [{"label": l, "image_index": i} for l, i in
              (("dual.full", 0), ("dual.fastpush", 0), ("dual.fast", 0))]
        self.assertEqual(cg.default_pairs(vs, 1),
                         [("dual.full", "dual.fastpush"), ("dual.fastpush", "dual.fast")])
        vs = [{"label": "a-fast", "image_index": 0}, {"label": "b-fast", "image_index": 1}]
        self.assertEqual(cg.default_pairs(vs, 2), [("a-fast", "b-fast")])
        self.assertEqual(cg.parse_pairs("a:x,x:a", ["a", "x"]), [("a", "x"), ("x", "a")])
        with self.assertRaises(cg.Fail):
            cg.parse_pairs("a", ["a"])
        with self.assertRaises(cg.Fail):
            cg.parse_pairs("a:zz", ["a"])


if __name__ == "__main__":
    unittest.main(verbosity=1)
