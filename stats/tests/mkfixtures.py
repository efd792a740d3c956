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
