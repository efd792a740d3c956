#!/usr/bin/env python3
# Write the results-file fixtures in tests/data/ (results/FORMAT.md v1).
# Run once; the outputs are committed, so `make test` needs no Python.
# Deterministic (random.seed), plain standard library.
import random, os

D = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
os.makedirs(D, exist_ok=True)

def header(label, variant, clock="tsc", model="Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz",
           metrics=("cycles", "ns"), units=("cycles", "ns"), blocks=2, variants="-"):
    unit = units[0]
    return [
        "#bench-syscall-results 1",
        f"#% label: {label}",
        f"#% clock: {clock}",
        f"#% unit: {unit}",
        "#% clock.choice: perf: refused (cycles not supported: ENOENT); rdpmc: refused (needs perf); tsc: chosen",
        "#% tsc.hz: 2995000000",
        "#% batch: 16",
        "#% warmup: 100",
        "#% samples: 20",
        f"#% blocks: {blocks}",
        "#% syscalls: getpid,gettid",
        "#% cpus: 0,1",
        "#% entries: syscall",
        f"#% variants: {variants}",
        "#% command: bench-syscall --syscalls getpid,gettid --cpus 0,1 --samples 20",
        "#% host: fixture",
        "#% date: 2026-11-23T12:00:00Z",
        "#% kernel.release: 6.1.0-bench",
        f"#% kernel.entry_variant: {variant}",
        "#% cpu.vendor: GenuineIntel",
        "#% cpu.family: 6",
        "#% cpu.model: 85",
        f"#% cpu.model_name: {model}",
        "#% some.future.key: readers must ignore this",
        "#% metrics: " + " ".join(metrics),
        "#% units: " + " ".join(units),
        "#% columns: cpu syscall entry block variant seq ctxsw migr " + " ".join(metrics),
    ]

BASE = {"getpid": 80.0, "gettid": 82.0}

def samples(rng, variants, shift, nper=20, disturb=True):
    """variants: the variant of each block; shift: {variant: cycles added}."""
    out = []
    for block, var in enumerate(variants):
        off = rng.gauss(0, 0.5)              # per-block drift
        for cpu in (0, 1):
            for sc in ("getpid", "gettid"):
                for seq in range(nper):
                    v = BASE[sc] + shift.get(var, 0) + off + rng.gauss(0, 1.5)
                    v = round(v * 16) / 16   # batch of 16: per-call sixteenths
                    ctx = 1 if disturb and seq == 7 and block == 0 else 0
                    if ctx:
                        v = 4000.0           # a context switch: must be dropped
                    ns = v / 2.995
                    out.append(f"{cpu} {sc} syscall {block} {var} {seq} {ctx} 0 {v:.4f} {ns:.2f}")
    return out

def write(name, lines, end="complete"):
    n = sum(1 for l in lines if l and not l.startswith("#"))
    if end == "complete":
        lines = lines + [f"#% end: complete samples={n}"]
    elif end == "incomplete":
        lines = lines + [f"#% end: incomplete reason=SIGINT samples={n}"]
    with open(os.path.join(D, name), "w") as f:
        f.write("\n".join(lines) + "\n")

rng = random.Random(20261123)
os.makedirs(os.path.join(D, "full"), exist_ok=True)
os.makedirs(os.path.join(D, "fast"), exist_ok=True)
for run in range(3):
    roff = rng.gauss(0, 0.3)                 # per-boot offset
    write(f"full/run{run}.txt", header("full", "full") +
          samples(rng, ["full", "full"], {"full": 5.0 + roff}))
    roff = rng.gauss(0, 0.3)
    write(f"fast/run{run}.txt", header("fast", "fast") +
          samples(rng, ["fast", "fast"], {"fast": roff}))
# a non-results file in a run directory (kernels/boot stores console.log)
with open(os.path.join(D, "full", "console.log"), "w") as f:
    f.write("[    0.000000] Linux version 6.1.0-bench\n")

# dual-variant kernel: blocks alternate A/B in one boot
write("dual.txt", header("dual", "full", blocks=8, variants="fast,full") +
      samples(rng, ["fast", "full"] * 4, {"full": 5.0}))
# the same with no difference at all (A/A through --by variant)
write("dual-aa.txt", header("dual", "full", blocks=8, variants="fast,full") +
      samples(rng, ["fast", "full"] * 4, {}))

one = header("fast", "fast") + samples(rng, ["fast", "fast"], {})
write("incomplete.txt", one[:60], end="incomplete")
write("truncated.txt", one[:60], end=None)
# the writer died mid-line: the last line is cut and has no newline
with open(os.path.join(D, "truncated.txt"), "a") as f:
    f.write(one[60][:-9])
write("perfclock.txt", header("fast", "fast", clock="perf") +
      samples(rng, ["fast", "fast"], {}))
write("othercpu.txt", header("fast", "fast", model="AMD EPYC 7763 64-Core Processor") +
      samples(rng, ["fast", "fast"], {}))
v2 = header("fast", "fast") + samples(rng, ["fast"], {})
v2[0] = "#bench-syscall-results 2"
write("v2.txt", v2)
bad = header("fast", "fast") + samples(rng, ["fast"], {})
bad[40] = "0 getpid syscall 0 fast 3 0 0 81.2500"          # a field missing
write("badcols.txt", bad)
nan = header("fast", "fast") + samples(rng, ["fast"], {})
nan[41] = nan[41].rsplit(" ", 2)[0] + " nan 27.00"
write("nan.txt", nan)
inf = header("fast", "fast") + samples(rng, ["fast"], {})
inf[41] = inf[41].rsplit(" ", 2)[0] + " 80.0 inf"
write("inf.txt", inf)
cnt = header("fast", "fast") + samples(rng, ["fast"], {}) + ["#% end: complete samples=999"]
write("count.txt", cnt, end=None)
after = header("fast", "fast") + samples(rng, ["fast"], {})
n = sum(1 for l in after if not l.startswith("#"))
write("after-end.txt", after + [f"#% end: complete samples={n}", after[-1]], end=None)
nover = samples(rng, ["fast"], {})
write("noversion.txt", header("fast", "fast")[1:] + nover)
nocols = [l for l in header("fast", "fast") if not l.startswith("#% columns")] + samples(rng, ["fast"], {})
write("nocolumns.txt", nocols)
wrongcols = header("fast", "fast") + samples(rng, ["fast"], {})
wrongcols[26] = "#% columns: cpu syscall entry variant block seq ctxsw migr cycles ns"
write("wrongcols.txt", wrongcols)

with open(os.path.join(D, "empty.txt"), "w"):
    pass
with open(os.path.join(D, "text.txt"), "w") as f:
    f.write("12\n13\nabc\n14\n")
with open(os.path.join(D, "one.txt"), "w") as f:
    f.write("42\n")
with open(os.path.join(D, "const-a.txt"), "w") as f:
    f.write("5\n5\n5\n5\n")
with open(os.path.join(D, "const-b.txt"), "w") as f:
    f.write("7\n7\n7\n7\n")
with open(os.path.join(D, "nan-plain.txt"), "w") as f:
    f.write("1\n2\nNaN\n3\n")

# one block each: one run a side, so the verdict is judged on samples
write("oneblock-full.txt", header("full", "full", blocks=1) +
      samples(rng, ["full"], {"full": 5.0}))
write("oneblock-fast.txt", header("fast", "fast", blocks=1) +
      samples(rng, ["fast"], {}))

# alternating blocks under heavy drift: each round (a full and a fast
# block) sits at its own level, 0..60 cycles apart, and fast is 3 cycles
# cheaper within every round.  Unpaired, the rounds' spread hides the 3;
# paired (--paired), it cancels.  Own generator: earlier fixtures unchanged.
drng = random.Random(7)
drift = []
for rnd in range(8):
    level = drng.choice([0, 10, 25, 40, 60]) + drng.gauss(0, 2)
    order = ["full", "fast"] if drng.random() < 0.5 else ["fast", "full"]
    for var in order:
        drift.append((var, level + (0.0 if var == "full" else -3.0)))
lines = []
for block, (var, lvl) in enumerate(drift):
    for cpu in (0, 1):
        for sc in ("getpid", "gettid"):
            for seq in range(20):
                v = round((BASE[sc] + lvl + drng.gauss(0, 1.0)) * 16) / 16
                lines.append(f"{cpu} {sc} syscall {block} {var} {seq} 0 0 {v:.4f} {v / 2.995:.2f}")
write("dual-drift.txt", header("dual", "full", blocks=16, variants="fast,full") + lines)

# ---- the in-process design of issue 12: pad variants, blocks sized in
# time, switch lines, measured until resolved, several boots.  One cell
# (cpu 0 getppid), own generators: earlier fixtures unchanged.
def design_header(label, variants, blocks, extra=()):
    h = header(label, "-", blocks=blocks, variants=variants)
    h = [l.replace("#% syscalls: getpid,gettid", "#% syscalls: getppid")
          .replace("#% cpus: 0,1", "#% cpus: 0") for l in h]
    i = next(k for k, l in enumerate(h) if l.startswith("#% metrics:"))
    return h[:i] + ["#% order: abba", "#% block.ms: 50"] + list(extra) + h[i:]

def design(rng, rounds, names, delta, noise=2.0, round_sd=3.0, shift_at=None,
           shift=45.0, boot_delta=0.0, nper=15):
    """ABBA rounds of len(names) blocks; names[1] costs delta more (+
    boot_delta); shift_at: the round whose second block jumps by shift."""
    out, block = [], 0
    for rnd in range(rounds):
        level = 300 + rng.gauss(0, round_sd)
        order = names if rnd % 2 == 0 else names[::-1]
        for pos, var in enumerate(order):
            out.append(f"#% switch: block={block} variant={var} ns={rng.randint(20000, 40000)}")
            add = delta + boot_delta if var == names[1] else 0.0
            if shift_at == rnd and pos == 1:
                add += shift
            for seq in range(nper):
                v = round((level + add + rng.gauss(0, noise)) * 16) / 16
                out.append(f"0 getppid syscall {block} {var} {seq} 0 0 {v:.4f} {v / 2.995:.2f}")
            block += 1
    return out

prng = random.Random(12)
# +6 cycles (2%) over 40 rounds, one +15% level shift inside round 20
write("pad-shift.txt", design_header("pad", "pad=0,pad=12", 80) +
      design(prng, 40, ["pad=0", "pad=12"], 6.0, shift_at=20))
# A/A over 200 rounds: the same within 1%
write("pad-aa.txt", design_header("pad", "pad=0,pad=0~2", 400) +
      design(prng, 200, ["pad=0", "pad=0~2"], 0.0, noise=1.0))
# 6 noisy rounds, +1 cycle: neither different nor the same
write("pad-few.txt", design_header("pad", "pad=0,pad=12", 12) +
      design(prng, 6, ["pad=0", "pad=12"], 1.0, noise=6.0, round_sd=3.0))
# the same 60 rounds with and without the resolve header (+3 cycles, 1%)
rs = prng.getstate()
resolve_keys = ["#% resolve.target: 1%", "#% resolve.max_seconds: 30",
                "#% resolve.alpha: 0.05", "#% resolve.n_opt: 50"]
write("pad-resolve.txt", design_header("pad", "pad=0,pad=12", 120, resolve_keys) +
      design(prng, 60, ["pad=0", "pad=12"], 3.0, noise=4.0))
prng.setstate(rs)
write("pad-fixed.txt", design_header("pad", "pad=0,pad=12", 120) +
      design(prng, 60, ["pad=0", "pad=12"], 3.0, noise=4.0))
# 4 boots of 10 rounds; the difference itself moves from boot to boot
os.makedirs(os.path.join(D, "boots"), exist_ok=True)
for b, bd in enumerate([0.0, 4.0, -3.0, 2.0]):
    write(f"boots/boot{b}.txt", design_header("pad", "pad=0,pad=12", 20) +
          design(prng, 10, ["pad=0", "pad=12"], 3.0, noise=2.0, boot_delta=bd))
# A's mean is 0: no percentage for --fail-on-regression
with open(os.path.join(D, "zero-a.txt"), "w") as f:
    f.write("-2\n-1\n0\n1\n2\n-1.5\n1.5\n0\n")
with open(os.path.join(D, "zero-b.txt"), "w") as f:
    f.write("4\n5\n6\n5\n4.5\n5.5\n5\n5\n")
