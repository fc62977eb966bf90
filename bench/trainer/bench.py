#!/usr/bin/env python3
"""Trainer throughput benchmark: ours (./sparsesweep train, TF-Java) against the Keras twin
(keras_twin.py, TF-Python), back to back in one run with the same threads, plus the machine's
matmul peak and the pruning overhead. Prints a Markdown table (for BENCHMARKS.md) and a JSON line.

Usage: bench/trainer/bench.py [--threads 2] [--repeats 2] [--python PATH]
(run from the repository root; needs tensorflow-cpu in the Python that runs keras_twin.py).
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

CONFIGS = {
    # name: (task, flags shared by ours and the twin)
    "lm-d128": ("lm", dict(width=128, depth=2, heads=4, seq_len=128, batch_size=16)),
    "lm-d256": ("lm", dict(width=256, depth=4, heads=8, seq_len=128, batch_size=16)),
    "vit-d256": ("vit", dict(width=256, depth=4, heads=8, patch_size=4, batch_size=64)),
}


def flags(d):
    out = []
    for k, v in d.items():
        out += ["--" + k.replace("_", "-"), str(v)]
    return out


def ours(task, cfg, threads, steps, extra=()):
    windows = 5
    cmd = [os.path.join(ROOT, "sparsesweep"), "train", "--task", task, "--dataset", "synthetic",
           "--optimizer", "adamw", "--steps", str(steps), "--log-every", str(steps // windows),
           "--threads", str(threads), "--val-size", "16", *flags(cfg), *extra]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("ours failed: " + " ".join(cmd) + "\n" + p.stderr[-3000:])
    rates = [float(m.group(1)) for m in re.finditer(r" ([0-9.]+) ex/s", p.stderr)]
    masks = [float(m.group(1)) for m in re.finditer(r"masks updated .* took ([0-9.]+) ms",
                                                     p.stderr)]
    flops = float(re.search(r"([0-9.]+) MFLOP per training example", p.stderr).group(1)) * 1e6
    # Drop the first window (graph optimisation, JIT warm-up).
    return statistics.median(rates[1:]), flops, masks, " ".join(cmd[1:])


def twin(py, task, cfg, threads, steps):
    cmd = [py, os.path.join(HERE, "keras_twin.py"), "--task", task, "--steps", str(steps),
           "--threads", str(threads), *flags(cfg)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("twin failed: " + " ".join(cmd) + "\n" + p.stderr[-3000:])
    return json.loads(p.stdout.strip().splitlines()[-1])["examplesPerSecond"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--python", default=os.path.expanduser(
        "~/.cache/sparsesweep/tf-venv/bin/python"))
    ap.add_argument("--configs", default=",".join(CONFIGS))
    a = ap.parse_args()
    peak = json.loads(subprocess.run(
        [a.python, os.path.join(HERE, "keras_twin.py"), "--matmul-peak", "--threads",
         str(a.threads)], capture_output=True, text=True, check=True).stdout.strip()
        .splitlines()[-1])["matmulGflops"]
    rows = []
    results = {"threads": a.threads, "matmulPeakGflops": peak, "configs": {}}
    for name in a.configs.split(","):
        task, cfg = CONFIGS[name]
        steps = 100 if task == "lm" and cfg["width"] <= 128 else 50
        o, t, pr, mk = [], [], [], []
        for _ in range(a.repeats):
            # Alternate ours / twin / ours-pruned so that load from other users hits all alike.
            r, flops, _, cmd = ours(task, cfg, a.threads, steps)
            o.append(r)
            t.append(twin(a.python, task, cfg, a.threads, steps))
            # Pruned: 50% unstructured, masks in the forward pass and re-applied after every
            # step, mask recomputation every 10 steps over the whole run (10x the default rate).
            r2, _, masks, _ = ours(task, cfg, a.threads, steps,
                                   ["--sparsity", "0.5", "--prune-start", "0", "--prune-end", "1",
                                    "--prune-every", "10"])
            pr.append(r2)
            mk += masks
        ours_eps, twin_eps, pruned_eps = (statistics.median(x) for x in (o, t, pr))
        step_ms = 1000 * cfg["batch_size"] / ours_eps
        mask_ms = statistics.median(mk) if mk else 0.0
        gflops = ours_eps * flops / 1e9
        entry = {
            "oursExamplesPerSecond": ours_eps, "kerasExamplesPerSecond": twin_eps,
            "ratio": ours_eps / twin_eps, "gflops": gflops, "peakFraction": gflops / peak,
            "prunedExamplesPerSecond": pruned_eps, "maskedStepCost": 1 - pruned_eps / ours_eps,
            "maskUpdateMs": mask_ms, "stepMs": step_ms,
            "maskUpdateOverheadAtEvery100": mask_ms / (100 * step_ms),
            "command": cmd, "runsOurs": o, "runsKeras": t, "runsPruned": pr,
        }
        results["configs"][name] = entry
        unit = "tok/s" if task == "lm" else "img/s"
        mult = cfg.get("seq_len", 1) if task == "lm" else 1
        rows.append(
            f"| {name} | {ours_eps * mult:,.0f} {unit} | {twin_eps * mult:,.0f} {unit} | "
            f"{ours_eps / twin_eps:.2f}x | {gflops:.0f} ({100 * gflops / peak:.0f}% of {peak:.0f}) | "
            f"{100 * (1 - pruned_eps / ours_eps):+.1f}% | {mask_ms:.1f} ms / {step_ms:.0f} ms step "
            f"= {100 * mask_ms / (100 * step_ms):.2f}% at every 100 |")
    print("| config | ours (TF-Java) | Keras (TF-Python) | ratio | ours GFLOP/s (% of matmul peak) "
          "| masked vs dense step | mask update cost |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
