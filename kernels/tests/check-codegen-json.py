#!/usr/bin/python3
"""Check a kernels/codegen JSON file: every documented field there, the
counts consistent with the path, and what the variants must show.

  check-codegen-json.py --recorded FILE   the recorded 6.1 traces in
                                         codegen-fixtures: the numbers noted
                                         when they were recorded
  check-codegen-json.py --real FILE      a live run on the 6.1 images
                                         (tests/codegen-real.sh)

--real asserts what holds on any build of the patches: variants whose
name or mode is fast/fastpush took the fast path (their entry was
entry_SYSCALL_64_<mode>, every entry_SYSCALL_64_<mode>* symbol of vmlinux
was executed, none of the other fast variant's, and do_syscall_64_fast
ran), full/stock ones did not;
every pair X fast -> X fastpush (either direction) differs by exactly 16
executed instructions, 18 added and 2 removed (6 push + 6 xor + 6 pop
against subq + addq), all of them in entry_SYSCALL_64; the traced calls
path reported is the one most traced calls took.  Exit 0 when all hold, 1 otherwise (each failure printed)."""

import json
import sys

VARIANT_KEYS = {
    "label": str, "image": str, "variant": str, "kernel_release": str,
    "entry_symbol": str, "calls_traced": int, "calls_identical": bool,
    "instructions": int, "unique_instructions": int, "icache_lines": int,
    "jcc_boundary_branches": int, "jcc_branches": list, "functions": list,
    "fast_path": bool, "patched_at_run_time": int, "path": list,
}
DIFF_KEYS = {
    "a": str, "b": str, "instructions_a": int, "instructions_b": int,
    "instructions_delta": int, "added": int, "removed": int,
    "icache_lines_delta": int, "jcc_boundary_branches_delta": int,
    "functions": list, "hunks": list,
}
# codegen-fixtures/trace-*.json: label -> (instructions, icache_lines,
# jcc_boundary_branches, fast_path).
# Recorded 2026-12-02 with kernels/codegen (5 calls each) on 6.1.192
# small-config images built by kernels/build from the entry engineer's
# patches (h/entry 5fdfde0: full, fast, fastpush, dual).
RECORDED = {
    "full": (234, 27, 14, False),
    "fast": (224, 26, 12, True),
    "fastpush": (240, 26, 12, True),
    "dual.full": (238, 27, 13, False),
    "dual.fastpush": (241, 26, 10, True),
    "dual.fast": (225, 25, 10, True),
}
# (a, b) -> (instructions_delta, added, removed), with test-codegen.sh's
# --diff full:fast,fast:fastpush,dual.full:dual.fastpush,dual.fastpush:dual.fast,fast:dual.fast
RECORDED_DIFFS = {
    ("full", "fast"): (-10, 81, 91),
    ("fast", "fastpush"): (16, 18, 2),
    ("dual.full", "dual.fastpush"): (3, 67, 64),
    ("dual.fastpush", "dual.fast"): (-16, 2, 18),
    ("fast", "dual.fast"): (1, 1, 0),
}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def kind(v):
    name = v.get("mode") or v["variant"]
    return name


def check_schema(doc):
    if doc.get("format") != "bench-syscall-codegen" or doc.get("version") != 1:
        fail("format/version: %r %r" % (doc.get("format"), doc.get("version")))
    for v in doc.get("variants", []):
        for k, t in VARIANT_KEYS.items():
            if not isinstance(v.get(k), t):
                fail("%s: field %s missing or not %s" % (v.get("label"), k, t.__name__))
        if failures:
            return
        path = v["path"]
        if v["instructions"] != len(path):
            fail("%s: instructions %d but %d in path" % (v["label"], v["instructions"], len(path)))
        if sum(f["instructions"] for f in v["functions"]) != len(path):
            fail("%s: function counts do not add up to the path" % v["label"])
        if v["jcc_boundary_branches"] != len(v["jcc_branches"]):
            fail("%s: jcc count vs list" % v["label"])
        last = path[-1]["asm"].split()[0] if path else ""
        if last not in ("sysretq", "sysretl", "iretq"):
            fail("%s: path ends with %s, not a return to user mode" % (v["label"], last))
        if 2 * v.get("calls_on_path", 0) <= v["calls_traced"]:
            fail("%s: no path taken by most traced calls" % v["label"])
    for d in doc.get("diffs", []):
        for k, t in DIFF_KEYS.items():
            if not isinstance(d.get(k), t):
                fail("diff %s->%s: field %s missing" % (d.get("a"), d.get("b"), k))


def belongs(label, variant):
    """entry_SYSCALL_64_fast and entry_SYSCALL_64_fast_body are fast's,
    entry_SYSCALL_64_fastpush(_body) fastpush's."""
    base = "entry_SYSCALL_64_" + variant
    return label == base or label.startswith(base + "_")


def check_real(doc):
    vs = {v["label"]: v for v in doc["variants"]}
    for v in vs.values():
        k = kind(v)
        want = k in ("fast", "fastpush")
        if k in ("fast", "fastpush", "full", "stock") and v["fast_path"] != want:
            fail("%s: fast_path %s, want %s (entry %s)" % (
                v["label"], v["fast_path"], want, v["entry_symbol"]))
        if want and v["entry_symbol"] != "entry_SYSCALL_64_" + k:
            fail("%s: entry %s, want entry_SYSCALL_64_%s" % (v["label"], v["entry_symbol"], k))
        # The other fast variant's entry code must not have run.
        other = {"fast": "fastpush", "fastpush": "fast"}.get(k)
        if other and any(belongs(l, other) for l in v.get("entry_labels", [])):
            fail("%s: ran %s's entry code: %s" % (v["label"], other, v["entry_labels"]))
        # Every symbol of this variant's own entry code (entry_SYSCALL_64_K,
        # entry_SYSCALL_64_K_body...) that vmlinux has was executed.
        mine = [l for l in v.get("entry_symbols_present", []) if want and belongs(l, k)]
        missed = [l for l in mine if l not in v.get("entry_labels", [])]
        if want and (missed or not mine and "entry_symbols_present" in v):
            fail("%s: fast entry code not executed: %s (executed %s)" % (
                v["label"], missed or "no entry_SYSCALL_64_%s symbol" % k, v["entry_labels"]))
        if not want and any("fast" in l for l in v.get("entry_labels", [])):
            fail("%s: ran fast entry code: %s" % (v["label"], v["entry_labels"]))
        fns = [f["name"] for f in v["functions"]]
        if want and "do_syscall_64_fast" not in fns:
            fail("%s: do_syscall_64_fast did not run" % v["label"])
        if not want and "do_syscall_64" not in fns:
            fail("%s: do_syscall_64 did not run" % v["label"])
    pushes = 0
    for d in doc["diffs"]:
        ka, kb = kind(vs[d["a"]]), kind(vs[d["b"]])
        if {ka, kb} != {"fast", "fastpush"}:
            continue
        pushes += 1
        sign = 1 if kb == "fastpush" else -1
        want = (16 * sign, 18 if sign > 0 else 2, 2 if sign > 0 else 18)
        got = (d["instructions_delta"], d["added"], d["removed"])
        if got != want:
            fail("%s -> %s: delta/added/removed %s, want %s" % (d["a"], d["b"], got, want))
        changed = [f["name"] for f in d["functions"] if f["a"] != f["b"]]
        if changed != ["entry_SYSCALL_64"]:
            fail("%s -> %s: functions changed %s, want only entry_SYSCALL_64" % (
                d["a"], d["b"], changed))
        body = [x.split(": ", 1)[1] for h in d["hunks"]
                for x in (h["added"] if sign > 0 else h["removed"])]
        six = ["%rbx", "%rbp", "%r12", "%r13", "%r14", "%r15"]
        for op in ("push", "pop"):
            regs = sorted(x.split()[1] for x in body if x.split()[0] == op)
            if regs != sorted(six):
                fail("%s -> %s: %s of %s, want the six" % (d["a"], d["b"], op, regs))
    return pushes


def check_recorded(doc):
    vs = {v["label"]: v for v in doc["variants"]}
    if set(vs) != set(RECORDED):
        fail("labels %s, recorded %s" % (sorted(vs), sorted(RECORDED)))
    for label, want in RECORDED.items():
        v = vs.get(label)
        if v is None:
            continue
        got = (v["instructions"], v["icache_lines"], v["jcc_boundary_branches"], v["fast_path"])
        if got != want:
            fail("%s: (instructions, lines, boundary branches, fast) %s, recorded %s" % (
                label, got, want))
    for d in doc["diffs"]:
        want = RECORDED_DIFFS.get((d["a"], d["b"]))
        got = (d["instructions_delta"], d["added"], d["removed"])
        if want is None:
            fail("diff %s -> %s not recorded" % (d["a"], d["b"]))
        elif got != want:
            fail("diff %s -> %s: (delta, added, removed) %s, recorded %s" % (
                d["a"], d["b"], got, want))


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("--recorded", "--real"):
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[2]) as f:
        doc = json.load(f)
    check_schema(doc)
    if not failures:
        if sys.argv[1] == "--real":
            n = check_real(doc)
            print("checked %d variants, %d fast/fastpush diffs" % (len(doc["variants"]), n))
        else:
            check_recorded(doc)
            n = check_real(doc)
            if n != 2:
                fail("%d fast/fastpush diffs checked, want 2 (fast:fastpush, "
                     "dual.fastpush:dual.fast)" % n)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
