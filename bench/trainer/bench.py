#!/usr/bin/env python3
"""Trainer throughput benchmark: ours (./sparsesweep train) on both engines, TF-Java (graph mode)
and DJL/PyTorch (eager), against the Keras twin (keras_twin.py, TF-Python), back to back in one run
with the same threads, plus the machine's matmul peak and the pruning overhead. Prints a Markdown
table (for BENCHMARKS.md) and a JSON line.

Usage: bench/trainer/bench.py [--threads 2] [--repeats 2] [--python PATH] [--no-djl] [--djl-passive]
       [--xla] [--onednn-off]
(run from the repository root; needs tensorflow-cpu in the Python that runs keras_twin.py).
Ours runs on TensorFlow's oneDNN kernels (the trainer switches them on, as TensorFlow-Python does
by default); --onednn-off adds ours dense with TF_ENABLE_ONEDNN_OPTS=0 (Eigen kernels, the
trainer's default before 30 Nov), interleaved.
Ours runs with --xla off unless --xla, which adds ours with --xla on (dense and masked) and the twin
compiled with XLA (jit_compile=True), in the same interleaved order.
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
# Ours trains on the built-in synthetic data (16x16 images for vit); the twin gets the same shapes.
TWIN_EXTRA = {"vit": ["--image", "16"], "lm": []}
WINDOWS = 5


def flags(d):
    out = []
    for k, v in d.items():
        out += ["--" + k.replace("_", "-"), str(v)]
    return out


FAILURES = []


def ours(task, cfg, threads, steps, extra=(), engine="tensorflow", env=None):
    """Runs ./sparsesweep train (env: variables added to this process's environment); returns
    (dense-equivalent ex/s per window without mask-update time, FLOPs per example, mask-update ms
    list, command). A failed DJL run is recorded in FAILURES and returns NaN (the table says
    "failed"), so that one engine's failure does not hide the other figures; TF-Java's stops."""
    cmd = [os.path.join(ROOT, "sparsesweep"), "train", "--task", task, "--dataset", "synthetic",
           "--optimizer", "adamw", "--steps", str(steps), "--log-every", str(steps // WINDOWS),
           "--threads", str(threads), "--val-size", "16", "--engine", engine, *flags(cfg), *extra]
    p = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if p.returncode != 0:
        if engine == "tensorflow":
            sys.exit("ours failed: " + " ".join(cmd) + "\n" + p.stderr[-3000:])
        last = [l for l in p.stderr.splitlines() if l.startswith("failed")][-1:] or ["exit %d"
                                                                                      % p.returncode]
        FAILURES.append({"command": " ".join(cmd[1:]), "env": env or {}, "error": last[0]})
        print("failed: " + " ".join(cmd[1:]) + " " + str(env or {}) + ": " + last[0],
              file=sys.stderr)
        return float("nan"), float("nan"), [], " ".join(cmd[1:])
    flops = float(re.search(r"([0-9.]+) MFLOP per training example", p.stderr).group(1)) * 1e6
    per_window = steps // WINDOWS
    rates, masks, pending = [], [], 0.0
    for line in p.stderr.splitlines():
        m = re.search(r"masks updated .* took ([0-9.]+) ms", line)
        if m:
            masks.append(float(m.group(1)))
            pending += float(m.group(1))
        m = re.search(r"^step \d+/\d+ .* ([0-9.]+) ex/s", line)
        if m:
            window_ms = 1000 * per_window * cfg["batch_size"] / float(m.group(1))
            # Training throughput of the window with the mask recomputation time taken out.
            rates.append(1000 * per_window * cfg["batch_size"] / (window_ms - pending))
            pending = 0.0
    # Drop the first window (graph optimisation, JIT warm-up, first mask update).
    return statistics.median(rates[1:]), flops, masks[1:], " ".join(cmd[1:])


def finite_median(xs):
    """Median of the runs that finished (NaN when none did)."""
    ok = [x for x in xs if x == x]
    return statistics.median(ok) if ok else float("nan")


def rate(eps, mult, unit):
    return "failed" if eps != eps else f"{eps * mult:,.0f} {unit}"


def peak_gflops(py, threads):
    out = subprocess.run([py, os.path.join(HERE, "keras_twin.py"), "--matmul-peak", "--threads",
                          str(threads)], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])["matmulGflops"]


def twin(py, task, cfg, threads, steps, xla=False):
    cmd = [py, os.path.join(HERE, "keras_twin.py"), "--task", task, "--steps", str(steps),
           "--threads", str(threads), *flags(cfg), *TWIN_EXTRA[task], *(["--xla"] if xla else [])]
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
    ap.add_argument("--no-djl", action="store_true", help="skip the DJL engine")
    # libtorch's OpenMP pool (libgomp) spin-waits between ops by default; on a machine whose cores
    # are oversubscribed that burnt 3x the CPU of a passive wait (docs/trainer.md, Engines).
    ap.add_argument("--djl-passive", action="store_true",
                    help="also run DJL dense with OMP_WAIT_POLICY=PASSIVE")
    ap.add_argument("--xla", action="store_true",
                    help="also run ours with --xla on and the twin with jit_compile=True")
    ap.add_argument("--no-masked", action="store_true",
                    help="skip ours masked (the table's masked columns say 'not run')")
    ap.add_argument("--onednn-off", action="store_true",
                    help="also run ours dense with TF_ENABLE_ONEDNN_OPTS=0")
    a = ap.parse_args()
    peaks = []
    rows, xla_rows, onednn_rows = [], [], []
    results = {"threads": a.threads, "configs": {}}
    for name in a.configs.split(","):
        task, cfg = CONFIGS[name]
        steps = 60 if cfg["width"] <= 128 else 40
        o, t, pr, mk, pk, dj, djm, djp = [], [], [], [], [], [], [], []
        ox, tx, prx, od = [], [], [], []
        masked = ["--sparsity", "0.5", "--prune-start", "0", "--prune-end", "1",
                  "--prune-every", str(steps // WINDOWS)]
        for _ in range(a.repeats):
            # Interleave matmul peak / ours dense / twin / ours masked so that load from other
            # users of the machine hits all of them alike.
            pk.append(peak_gflops(a.python, a.threads))
            r, flops, _, cmd = ours(task, cfg, a.threads, steps, ["--xla", "off"])
            o.append(r)
            t.append(twin(a.python, task, cfg, a.threads, steps))
            if a.onednn_off:
                od.append(ours(task, cfg, a.threads, steps, ["--xla", "off"],
                               env={"TF_ENABLE_ONEDNN_OPTS": "0"})[0])
            if a.xla:
                ox.append(ours(task, cfg, a.threads, steps, ["--xla", "on"])[0])
                tx.append(twin(a.python, task, cfg, a.threads, steps, xla=True))
            if not a.no_djl:
                dj.append(ours(task, cfg, a.threads, steps, engine="djl")[0])
            if a.djl_passive:
                djp.append(ours(task, cfg, a.threads, steps, engine="djl",
                                env={"OMP_WAIT_POLICY": "PASSIVE"})[0])
            # Masked: 50% unstructured from step 0, masks in the forward pass and re-applied
            # after every step, recomputed once per progress window (its time is measured and
            # taken out of the window, so "masked" is the per-step cost of masking alone).
            if not a.no_masked:
                r2, _, masks, _ = ours(task, cfg, a.threads, steps, masked + ["--xla", "off"])
                pr.append(r2)
                mk += masks
            if a.xla:
                prx.append(ours(task, cfg, a.threads, steps, masked + ["--xla", "on"])[0])
            if not a.no_djl:
                djm.append(ours(task, cfg, a.threads, steps,
                                ["--sparsity", "0.5", "--prune-start", "0", "--prune-end", "1",
                                 "--prune-every", str(steps // WINDOWS)], engine="djl")[0])
        peaks += pk
        peak = max(pk)
        ours_eps, twin_eps = statistics.median(o), statistics.median(t)
        masked_eps = finite_median(pr)
        djl_eps, djl_masked, djl_passive = (finite_median(x) for x in (dj, djm, djp))
        step_ms = 1000 * cfg["batch_size"] / ours_eps
        mask_ms = statistics.median(mk) if mk else 0.0
        gflops = ours_eps * flops / 1e9
        unit = "tok/s" if task == "lm" else "img/s"
        mult = cfg.get("seq_len", 1) if task == "lm" else 1
        entry = {
            "oursExamplesPerSecond": ours_eps, "kerasExamplesPerSecond": twin_eps,
            "ratio": ours_eps / twin_eps, "gflops": gflops, "matmulPeakGflops": pk,
            "peakFraction": gflops / peak, "maskedExamplesPerSecond": masked_eps,
            "maskedStepCost": 1 - masked_eps / ours_eps, "maskUpdateMs": mask_ms,
            "stepMs": step_ms, "maskUpdateOverheadAtEvery100": mask_ms / (100 * step_ms),
            "djlExamplesPerSecond": djl_eps, "djlMaskedExamplesPerSecond": djl_masked,
            "djlOverTensorFlow": djl_eps / ours_eps, "djlOverKeras": djl_eps / twin_eps,
            "command": cmd, "runsOurs": o, "runsKeras": t, "runsMasked": pr, "maskUpdates": mk,
            "runsDjl": dj, "runsDjlMasked": djm, "djlPassiveExamplesPerSecond": djl_passive,
            "runsDjlPassive": djp,
        }
        if a.xla:
            xo, xt, xm = (statistics.median(x) for x in (ox, tx, prx))
            entry.update({
                "oursXlaExamplesPerSecond": xo, "kerasXlaExamplesPerSecond": xt,
                "maskedXlaExamplesPerSecond": xm, "runsOursXla": ox, "runsKerasXla": tx,
                "runsMaskedXla": prx, "oursXlaOverKeras": xo / twin_eps,
                "oursXlaOverKerasXla": xo / xt, "bestOursOverBestKeras":
                    max(ours_eps, xo) / max(twin_eps, xt)})
            xla_rows.append(
                f"| {name} | {ours_eps * mult:,.0f} {unit} | {xo * mult:,.0f} {unit} | "
                f"{xo / ours_eps:.2f}x | {twin_eps * mult:,.0f} {unit} | {xt * mult:,.0f} {unit} | "
                f"{ours_eps / twin_eps:.2f}x | {xo / twin_eps:.2f}x | "
                f"{max(ours_eps, xo) / max(twin_eps, xt):.2f}x | "
                f"{100 * (1 - xm / xo):+.1f}% |")
        if a.onednn_off:
            off = statistics.median(od)
            entry.update({"oursOneDnnOffExamplesPerSecond": off, "runsOursOneDnnOff": od,
                          "oneDnnOnOverOff": ours_eps / off, "oursOneDnnOffOverKeras":
                              off / twin_eps})
            onednn_rows.append(
                f"| {name} | {off * mult:,.0f} {unit} | {ours_eps * mult:,.0f} {unit} | "
                f"{ours_eps / off:.2f}x | {twin_eps * mult:,.0f} {unit} | {off / twin_eps:.2f}x | "
                f"**{ours_eps / twin_eps:.2f}x** | "
                + ", ".join(f"{x * mult:,.0f}" for x in od) + " / "
                + ", ".join(f"{x * mult:,.0f}" for x in o) + " / "
                + ", ".join(f"{x * mult:,.0f}" for x in t) + " |")
        results["configs"][name] = entry
        rows.append(
            f"| {name} | {ours_eps * mult:,.0f} {unit} | {twin_eps * mult:,.0f} {unit} | "
            f"{ours_eps / twin_eps:.2f}x | {rate(djl_eps, mult, unit)} | {djl_eps / ours_eps:.2f}x | "
            f"{djl_eps / twin_eps:.2f}x | {rate(djl_passive, mult, unit)} | "
            f"{'failed' if djl_masked != djl_masked else f'{100 * (1 - djl_masked / djl_eps):+.1f}%'} | "
            f"{gflops:.0f} / {peak:.0f} = {100 * gflops / peak:.0f}% | "
            + ("not run | not run |" if a.no_masked else
               f"{100 * (1 - masked_eps / ours_eps):+.1f}% | {mask_ms:.0f} ms / {step_ms:.0f} ms = "
               f"{100 * mask_ms / (100 * step_ms):.2f}% |"))
    print("| config | ours (TF-Java) | Keras (TF-Python) | TF-Java/Keras | ours (DJL/PyTorch) "
          "| DJL/TF-Java | DJL/Keras | DJL, OMP_WAIT_POLICY=PASSIVE | DJL masked step vs dense "
          "| TF-Java GFLOP/s / matmul peak "
          "| TF-Java masked step vs dense | mask update / step, amortised at --prune-every 100 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    if xla_rows:
        print()
        print("| config | ours, XLA off | ours, XLA on | XLA on/off | Keras | Keras, XLA "
              "| ours off / Keras | ours on / Keras | best ours / best Keras "
              "| ours XLA masked step vs dense |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        print("\n".join(xla_rows))
    if onednn_rows:
        print()
        print("| config | ours, oneDNN off | ours, oneDNN on | on / off | Keras | off / Keras "
              "| on / Keras | runs: off / on / Keras |")
        print("|---|---|---|---|---|---|---|---|")
        print("\n".join(onednn_rows))
    results["djlFailures"] = FAILURES
    print(json.dumps(results))


if __name__ == "__main__":
    main()
