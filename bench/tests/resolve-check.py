#!/usr/bin/env python3
"""resolve-check FILE SYSCALL: recompute what bench-syscall --resolve stopped on.

An independent implementation for the tests: block medians of the
undisturbed samples (primary metric), per-round differences of consecutive
variants, and the half-width of the Waudby-Smith et al. (2024) asymptotic
confidence sequence, eq. (2.8) with rho^2 = (-2 log a + log(-2 log a + 1)) / n_opt:
  sd * sqrt(2 (n rho^2 + 1) / (n^2 rho^2) * log(sqrt(n rho^2 + 1) / a)).
Prints one line per variant pair: "V-U n mean half level".
"""
import math
import statistics
import sys

path, syscall = sys.argv[1], sys.argv[2]
meta, cols, vals = {}, None, {}
for line in open(path):
	if line.startswith("#% "):
		k, _, v = line[3:].rstrip("\n").partition(": ")
		if k == "columns":
			cols = v.split()
		meta.setdefault(k, v)
		continue
	if line.startswith("#"):
		continue
	f = line.split()
	r = dict(zip(cols, f))
	if r["syscall"] != syscall or r["ctxsw"] != "0" or r["migr"] != "0":
		continue
	vals.setdefault((int(r["block"]), r["variant"]), []).append(float(f[8]))
variants = meta["variants"].split(",")
nv = len(variants)
alpha, n_opt = float(meta["resolve.alpha"]), float(meta["resolve.n_opt"])
rounds = int(meta["resolve.result"].split("rounds=")[1].split()[0])
med = {}
for (b, v), x in vals.items():
	if b // nv < rounds:
		med[(b // nv, v)] = statistics.median(x)
la = -2 * math.log(alpha)
rho2 = (la + math.log(la + 1)) / n_opt
level = statistics.median(med[(r, variants[0])] for r in range(rounds)
			  if (r, variants[0]) in med)
for i in range(1, nv):
	d = [med[(r, variants[i])] - med[(r, variants[i - 1])] for r in range(rounds)
	     if (r, variants[i]) in med and (r, variants[i - 1]) in med]
	n = len(d)
	sd = statistics.stdev(d)
	half = sd * math.sqrt(2 * (n * rho2 + 1) / (n * n * rho2) *
			      math.log(math.sqrt(n * rho2 + 1) / alpha))
	print("%s-%s %d %.6f %.6f %.6f" % (variants[i], variants[i - 1], n,
					 statistics.mean(d), half, level))
