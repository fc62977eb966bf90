"""Summarises a finished local sweep for docs/validation.md: the 2:4 pattern against unstructured 50% at
equal size and training length, and the optimal sparsity the fitted law gives at each training length.

    python3 bench/validation/summarize.py OUTPUT_DIR

Reads OUTPUT_DIR/results.csv and OUTPUT_DIR/fit.json (written by ./sparsesweep run); prints Markdown."""
import csv
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

out = Path(sys.argv[1])
rows = list(csv.DictReader(open(out / "results.csv")))
fit = json.load(open(out / "fit.json"))
repo = Path(__file__).resolve().parents[2]

# 2:4 against unstructured 50%: same grid point but the pattern. N is equal (half the prunable
# weights) and so is D, so the law predicts the same loss for both.
by = defaultdict(dict)
dense_n = {}
for r in rows:
    s, p, steps = float(r["sparsity"]), r["pattern"], int(r["steps"])
    n = int(r["nonzero_params"])
    if s == 0.5:
        by[(n, steps)][p] = float(r["val_loss"])
print("### 2:4 against unstructured 50% (same non-zeros, same steps)\n")
print("| non-zeros | steps | unstructured 50% | 2:4 | 2:4 / unstructured - 1 |")
print("|---|---|---|---|---|")
gaps = []
for (n, steps), d in sorted(by.items()):
    if "unstructured" in d and "2:4" in d:
        gap = d["2:4"] / d["unstructured"] - 1
        gaps.append(gap)
        print(f"| {n} | {steps} | {d['unstructured']:.4f} | {d['2:4']:.4f} | {100 * gap:+.2f}% |")
if gaps:
    print(f"\nmean {100 * sum(gaps) / len(gaps):+.2f}%, range {100 * min(gaps):+.2f}% .. {100 * max(gaps):+.2f}%\n")

# Optimal sparsity by training length: for each model size's dense non-zero count N and each
# training length D of the grid, the budget C = N * D (what the dense model trained for D costs).
law = fit["law"]
ds = sorted({int(r["data"]) for r in rows})
ns = sorted({int(r["nonzero_params"]) for r in rows if float(r["sparsity"]) == 0})
args = []
for n in ns:
    for d in ds:
        args += ["--optimal-sparsity", f"{n}:{n * d}"]
res = subprocess.run(
    [str(repo / "sparsesweep"), "fit", "--input", str(out / "results.csv"), "--json",
     *(["--log-space"] if fit["residualSpace"] == "log" else []), *args],
    capture_output=True, text=True, check=True)
opt = json.loads(res.stdout)["derived"]["optimalSparsity"]
print("### Optimal sparsity of the fitted law at the budget of each dense model and training length\n")
print("| N (dense non-zeros) | D (examples) | budget C = N·D | S_opt | predicted loss at S_opt | dense loss |")
print("|---|---|---|---|---|---|")
for o in opt:
    print(f"| {o['nonzeroParams']:.0f} | {o['budget'] / o['nonzeroParams']:.0f} | {o['budget']:.3g} | "
          f"{o['sparsity']:.3f} | {o['loss']:.4f} | {o['denseLoss']:.4f} |")

# The same question without the law: at (about) equal non-zeros and equal training length, which
# sparsity — i.e. which larger model pruned down to those non-zeros — has the lowest measured loss?
# Non-zero counts within 15% of each other are grouped (the grid's sizes rarely match exactly).
unstructured = [r for r in rows if r["pattern"] == "unstructured"]
groups = []  # [representative N, {(steps, S): loss}]
for r in sorted(unstructured, key=lambda r: int(r["nonzero_params"])):
    n = int(r["nonzero_params"])
    for g in groups:
        if abs(n / g[0] - 1) <= 0.15:
            break
    else:
        g = [n, {}]
        groups.append(g)
    g[1][(int(r["steps"]), float(r["sparsity"]))] = (float(r["val_loss"]), n)
print("\n### Measured: best sparsity at (about) equal non-zeros and equal steps\n")
print("| non-zeros (±15%) | steps | loss by sparsity | best S |")
print("|---|---|---|---|")
for n, cells in groups:
    for steps in sorted({k[0] for k in cells}):
        byS = {s: cells[(st, s)] for (st, s) in cells if st == steps}
        if len(byS) < 2:
            continue
        text = ", ".join(f"S={s:g}: {v[0]:.4f}" for s, v in sorted(byS.items()))
        best = min(byS.items(), key=lambda kv: kv[1][0])[0]
        print(f"| {n} | {steps} | {text} | {best:g} |")
