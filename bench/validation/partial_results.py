"""Writes the results CSV of a local sweep that is still running (or was stopped), from the trials
that have finished so far, so the fit can be tried before `./sparsesweep run` writes results.csv at
the end.

    python3 bench/validation/partial_results.py SWEEP.yaml OUTPUT_DIR > partial.csv

Rows are in plan order (`./sparsesweep run SWEEP.yaml --dry-run`, the order `run` writes them) and in
ResultsCsvWriter's format, so once every trial has finished the output is the same file `run` writes
(checked against the finished sweeps of docs/validation.md). A trial counts once its result.json
exists: the trainer writes it last, atomically."""
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

manifest, out = Path(sys.argv[1]), Path(sys.argv[2])
repo = Path(__file__).resolve().parents[2]
text = manifest.read_text()


def window_value(key, default):
    m = re.search(rf"^\s+{key}:\s*([0-9.]+)", text, re.M)
    return float(m.group(1)) if m else default


start, end = window_value("pruneStart", 0.25), window_value("pruneEnd", 0.75)
plan = subprocess.run([str(repo / "sparsesweep"), "run", str(manifest), "--dry-run"],
                      capture_output=True, text=True, check=True).stdout.splitlines()
ids = [line.split()[0] for line in plan if line.startswith(tuple("0123456789abcdef")) and "  " in line]


def plain(v):
    """BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() for a Python float."""
    if v is None:
        return ""
    d = Decimal(repr(float(v))).normalize()
    s = format(d, "f")
    return s


def sparsity(s):
    # GridPoint.formatSparsity: "0" for dense, else the plain decimal
    return "0" if float(s) == 0.0 else plain(s)


def achieved(v):
    return "" if v is None else plain(round(v * 1e6) / 1e6)


def loss(v):
    # BigDecimal.valueOf(double).toPlainString(): Java's Double.toString digits, never exponent form
    return format(Decimal(repr(v)), "f")


print("trial,sparsity,achieved_sparsity,pattern,seed,nonzero_params,data,val_loss,steps,"
      "prune_start,prune_end,train_flops_per_example,block_flops_per_example")
n = 0
for t in ids:
    f = out / "trials" / t / "result.json"
    if not f.exists():
        continue
    r = json.loads(f.read_text())
    n += 1
    print(",".join([t, sparsity(r["sparsity"]), achieved(r.get("achievedSparsity")), r["pattern"],
                    str(r["seed"]), str(r["nonzeroParams"]), str(r["examples"]), loss(r["valLoss"]),
                    str(r["steps"]), plain(start), plain(end),
                    plain(r.get("trainFlopsPerExample")), plain(r.get("blockFlopsPerExample"))]))
print(f"{n} of {len(ids)} trials finished", file=sys.stderr)
