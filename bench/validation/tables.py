"""The tables of docs/validation.md from a sweep's results CSV: the fit with its intervals and
identifiability, the largest-model hold-out and leave-one-size-out errors set against the seed noise,
the noise per configuration, achieved sparsity, and the measured comparisons at equal non-zeros
(seed means, with ties called where the difference is inside the noise).

    python3 bench/validation/tables.py RESULTS.csv FIT_FLAGS...
    e.g. python3 bench/validation/tables.py docs/validation/fashion-mnist-vit-rerun-results.csv \\
             --bootstrap 200 --cv sizes --holdout "dense_params == max"

Runs `./sparsesweep fit --input RESULTS.csv --json FIT_FLAGS...` (so every number in the fit, hold-out,
cross-validation and noise tables is what that one command prints, without --json, as text) and prints
Markdown. The rest comes straight from the CSV. `FIT_JSON=FILE` reads a saved --json output instead."""
import csv
import json
import math
import os
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

csv_path, flags = Path(sys.argv[1]), sys.argv[2:]
repo = Path(__file__).resolve().parents[2]
if os.environ.get("FIT_JSON"):
    fit = json.load(open(os.environ["FIT_JSON"]))
else:
    res = subprocess.run([str(repo / "sparsesweep"), "fit", "--input", str(csv_path), "--json", *flags],
                         capture_output=True, text=True, check=True)
    fit = json.loads(res.stdout)
rows = [r for r in csv.DictReader(open(csv_path)) if r.get("pattern", "unstructured") == "unstructured"]


def g(x):
    return f"{x:.3g}"


def pct(x, sign=False):
    return f"{100 * x:+.2f} %" if sign else f"{100 * x:.2f} %"


def dense(s, n):
    return round(n / (1 - s))


# ---- the fit
diag = fit["diagnostics"]
ni = set(diag["notIdentified"])
iv = fit.get("intervals", {})
print(f"### Fit ({fit['residualSpace']} residuals, Huber delta {fit['huberDelta']:g}, "
      f"{fit['points']} runs)\n")
print(f"| coefficient | estimate | 95 % interval ({iv.get('resamples', 0)} resamples) | identified |")
print("|---|---|---|---|")
for k, v in fit["law"].items():
    lo_hi = iv.get("coefficients", {}).get(k)
    interval = f"[{g(lo_hi[0])}, {g(lo_hi[1])}]" if lo_hi else ""
    print(f"| {k} | {g(v)} | {interval} | {'**no**: ' + diag['reasons'][k] if k in ni else 'yes'} |")
q = fit["quality"]
print(f"\nRMSE {g(q['rmse'])}, mean |rel err| {pct(q['meanAbsRelError'])}, max {pct(q['maxAbsRelError'])}; "
      f"starts {fit['starts']}, {fit['startsNearBest']} within 1 % of the best; Jacobian rank "
      f"{diag['numericalRank']} of 7, condition number {diag['conditionNumber'] if isinstance(diag['conditionNumber'], str) else g(diag['conditionNumber'])}.\n")
mi = {m["at"]: m["interval"] for m in iv.get("multipliers", [])}
affected = set(str(x) for x in diag.get("derivedAffected", {}).get("multipliers", []))
print("| dense-equivalent multiplier | estimate | 95 % interval |")
print("|---|---|---|")
for m in fit["derived"]["multipliers"]:
    i = mi.get(m["sparsity"])
    print(f"| S = {m['sparsity']:g} | x{m['multiplier']:.3f} | "
          f"{f'[{i[0]:.3g}, {i[1]:.3g}]' if i else ''} |")
if diag.get("derivedAffected", {}).get("multipliers"):
    print(f"\n(The multipliers depend on not-identified {', '.join(diag['derivedAffected']['multipliers'])}.)")

# ---- seed noise
sn = fit.get("seedNoise")
noise = {}
if sn:
    for c in sn["perConfiguration"]:
        noise[(c["sparsity"], round(c["nonzeroParams"]), round(c["data"]))] = c
    print(f"\n### Seed noise\n\n{sn['configurations']} configurations, {sn['repeated']} repeated "
          f"({sn['minRuns']}–{sn['maxRuns']} runs); pooled relative standard deviation "
          f"**{pct(sn['pooledRelativeStd'])}**; the law's misfit of the configuration means is "
          f"**{sn['misfitRatio']:.2f}×** the noise expected of a mean.\n")
    sizes = sorted({dense(c["sparsity"], c["nonzeroParams"]) for c in sn["perConfiguration"]})
    sps = sorted({c["sparsity"] for c in sn["perConfiguration"]})
    ds = sorted({round(c["data"]) for c in sn["perConfiguration"]})
    print("Mean loss over the seeds (relative standard deviation) per configuration:\n")
    print("| dense params | D | " + " | ".join(f"S = {s:g}" for s in sps) + " |")
    print("|---|---|" + "---|" * len(sps))
    for n in sizes:
        for d in ds:
            cells = []
            for s in sps:
                c = noise.get((s, round(n * (1 - s)), d))
                cells.append(f"{c['meanLoss']:.4f} ({100 * c['relativeStd']:.1f} %, {c['runs']})"
                             if c else "")
            print(f"| {n} | {d} | " + " | ".join(cells) + " |")
    rs = [c["relativeStd"] for c in sn["perConfiguration"] if c["runs"] > 1]
    print(f"\nPer-configuration relative standard deviation: median {pct(statistics.median(rs))}, "
          f"range {pct(min(rs))} – {pct(max(rs))}.")


def noise_of_mean(p):
    """The seed noise of a configuration mean: the pooled run-to-run noise over sqrt(runs) (a
    configuration's own three-seed spread is itself uncertain by about half)."""
    pooled = sn["pooledRelativeStd"] if sn else float("nan")
    return pooled / math.sqrt(p["runs"])


def judged(points, title):
    errs = [abs(p["relativeError"]) for p in points]
    expect = statistics.mean(math.sqrt(2 / math.pi) * noise_of_mean(p) for p in points)
    outside = sum(abs(p["relativeError"]) > 2 * noise_of_mean(p) for p in points)
    print(f"{title}: mean |rel err| **{pct(statistics.mean(errs))}**, max {pct(max(errs))} over "
          f"{len(points)} configurations; seed noise alone would give a mean |error| of about "
          f"{pct(expect)} (sqrt(2/pi) x pooled noise / sqrt(runs)); {outside} of {len(points)} errors "
          f"exceed twice the noise of their mean.\n")


def error_grid(points):
    sps = sorted({p["sparsity"] for p in points})
    ds = sorted({round(p["data"]) for p in points})
    at = {(p["sparsity"], round(p["data"])): p for p in points}
    print("| D | " + " | ".join(f"S = {s:g}" for s in sps) + " |")
    print("|---|" + "---|" * len(sps))
    for d in ds:
        cells = []
        for s in sps:
            p = at.get((s, d))
            cells.append(f"{pct(p['relativeError'], True)} ({p['loss']:.4f})" if p else "")
        print(f"| {d} | " + " | ".join(cells) + " |")
    print()


# ---- hold-out and cross-validation
ho = fit.get("holdout")
if ho:
    print(f"\n### Hold-out `{ho['expression']}` (fitted on {ho['fitted']} runs, "
          f"{ho['heldOut']} held out)\n")
    judged(ho["points"], "Held out")
    print("Error of each held-out configuration mean, predicted/measured − 1 (measured mean loss):\n")
    error_grid(ho["points"])
    hl = ho["law"]
    print("Law fitted without them: " + ", ".join(f"{k} {g(v)}" for k, v in hl.items()) + "\n")
cv = fit.get("crossValidation")
if cv:
    print(f"### Leave-one-size-out cross-validation\n\nOverall mean |rel err| "
          f"**{pct(cv['meanAbsRelError'])}**, max {pct(cv['maxAbsRelError'])}.\n")
    print("| size left out (dense params) | configurations | mean \\|rel err\\| | max | mean signed error |")
    print("|---|---|---|---|---|")
    for f in cv["folds"]:
        signed = statistics.mean(p["relativeError"] for p in f["points"])
        print(f"| {f['denseParams']:.0f} | {f['configurations']} | {pct(f['meanAbsRelError'])} | "
              f"{pct(f['maxAbsRelError'])} | {pct(signed, True)} |")
    print()
    for f in cv["folds"]:
        judged(f["points"], f"Size {f['denseParams']:.0f} left out")
    # Where the cross-validation error comes from: every held-out configuration of every fold,
    # grouped by sparsity and by training length.
    pts = [p for f in cv["folds"] for p in f["points"]]
    for key, label in (("sparsity", "S"), ("data", "D")):
        print(f"| {label} | configurations | mean \\|rel err\\| | mean signed error |")
        print("|---|---|---|---|")
        for v in sorted({p[key] for p in pts}):
            e = [p["relativeError"] for p in pts if p[key] == v]
            print(f"| {v:g} | {len(e)} | {pct(statistics.mean(abs(x) for x in e))} | "
                  f"{pct(statistics.mean(e), True)} |")
        print()

# ---- achieved sparsity
miss = [abs(float(r["achieved_sparsity"]) - float(r["sparsity"])) for r in rows if r["achieved_sparsity"]]
print(f"### Achieved sparsity\n\n{len(miss)} of {len(rows)} runs report it; largest |achieved − target| "
      f"{max(miss):.2g}; the fit's sparsity mismatches (> 0.5 points): "
      f"{len(fit.get('sparsityMismatches') or [])}.\n")

# ---- measured: equal non-zeros, equal steps, different sizes (seed means)
runs = defaultdict(list)
for r in rows:
    runs[(float(r["sparsity"]), int(r["nonzero_params"]), int(r["data"]))].append(float(r["val_loss"]))
byn = defaultdict(dict)
for (s, n, d), ls in runs.items():
    byn[(n, d)][s] = ls
print("### Measured: equal non-zeros and equal training, different model sizes (means over seeds)\n")
print("| non-zeros | D | loss by sparsity (mean ± std over seeds) | lower-loss sparsity | difference | "
      "± 2 standard errors | verdict |")
print("|---|---|---|---|---|---|---|")
wins = ties = losses = 0
for (n, d), bys in sorted(byn.items()):
    if len(bys) < 2:
        continue
    (s1, a), (s2, b) = sorted(bys.items())[:2]
    ma, mb = statistics.mean(a), statistics.mean(b)
    se = math.sqrt(statistics.variance(a) / len(a) + statistics.variance(b) / len(b)) \
        if min(len(a), len(b)) > 1 else float("nan")
    diff = mb / ma - 1
    band = 2 * se / ma
    best = s2 if mb < ma else s1
    verdict = "one run: not judged" if math.isnan(band) else "tie" if abs(diff) <= band else (f"S = {s2:g} (larger model) lower" if mb < ma
                                               else f"S = {s1:g} (smaller model) lower")
    if math.isnan(band):
        pass
    elif verdict == "tie":
        ties += 1
    elif mb < ma:
        wins += 1
    else:
        losses += 1
    text = " — ".join(f"S={s:g}: {statistics.mean(v):.4f} ± {statistics.stdev(v) if len(v) > 1 else 0:.4f}"
                      for s, v in sorted(bys.items()))
    print(f"| {n} | {d} | {text} | {best:g} | {pct(diff, True)} | {'' if math.isnan(band) else '± ' + pct(band)} | {verdict} |")
print(f"\nThe larger, sparser model is lower beyond the noise in {wins}, the smaller one in {losses}, "
      f"a tie in {ties} (difference within 2 standard errors of the seed means).")

# ---- the law's separability: L = A(S) N^-bN + B(D) + c makes the gap between a sparse model and its
# dense original, at the same dense size, independent of D. Measured gaps (seed means) per size and D:
if sn:
    print("\n### Separability: loss of each sparsity minus the dense model's, same size (seed means)\n")
    print("The law predicts, within each size, the same gap in each column at every D (its sparsity and "
          "data terms add).\n")
    print("| dense params | D | " + " | ".join(f"S = {s:g}" for s in sps if s > 0) + " |")
    print("|---|---|" + "---|" * sum(1 for s in sps if s > 0))
    for n in sizes:
        for d in ds:
            base = noise.get((0.0, n, d))
            if not base:
                continue
            cells = []
            for s in sps:
                if s == 0:
                    continue
                c = noise.get((s, round(n * (1 - s)), d))
                cells.append(f"{c['meanLoss'] - base['meanLoss']:+.4f}" if c else "")
            print(f"| {n} | {d} | " + " | ".join(cells) + " |")
