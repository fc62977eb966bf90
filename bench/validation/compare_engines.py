"""Puts two finished local sweeps of the same grid side by side (for docs/trainer.md, "Does the law
depend on the engine?"): the fitted coefficients with their bootstrap intervals, whether each
estimate lies inside the other sweep's interval, the dense-equivalent multipliers, and the trial
losses pairwise.

    python3 bench/validation/compare_engines.py DIR_A DIR_B [LABEL_A LABEL_B]

Reads DIR/results.csv and DIR/fit.json (written by ./sparsesweep run); prints Markdown."""
import csv
import json
import statistics
import sys
from pathlib import Path

a_dir, b_dir = Path(sys.argv[1]), Path(sys.argv[2])
la, lb = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else (a_dir.name, b_dir.name)
fa, fb = (json.load(open(d / "fit.json")) for d in (a_dir, b_dir))
ra, rb = ({r["trial"]: r for r in csv.DictReader(open(d / "results.csv"))} for d in (a_dir, b_dir))


def g(x):
    return f"{x:.3g}"


def inside(x, iv):
    return iv[0] <= x <= iv[1]


print(f"| coefficient | {la} | {la} 95% interval | {lb} | {lb} 95% interval "
      f"| {la} in {lb}'s interval | {lb} in {la}'s interval |")
print("|---|---|---|---|---|---|---|")
na, nb = (set(f["diagnostics"]["notIdentified"]) for f in (fa, fb))
for k in fa["law"]:
    xa, xb = fa["law"][k], fb["law"][k]
    ia, ib = fa["intervals"]["coefficients"][k], fb["intervals"]["coefficients"][k]
    mark_a = " (not identified)" if k in na else ""
    mark_b = " (not identified)" if k in nb else ""
    print(f"| {k} | {g(xa)}{mark_a} | [{g(ia[0])}, {g(ia[1])}] | {g(xb)}{mark_b} "
          f"| [{g(ib[0])}, {g(ib[1])}] | {'yes' if inside(xa, ib) else '**no**'} "
          f"| {'yes' if inside(xb, ia) else '**no**'} |")

print()
print(f"| fit | {la} | {lb} |")
print("|---|---|---|")
print(f"| points fitted | {fa['points']} | {fb['points']} |")
print(f"| RMSE | {g(fa['quality']['rmse'])} | {g(fb['quality']['rmse'])} |")
print(f"| mean abs rel error | {100 * fa['quality']['meanAbsRelError']:.2f}% "
      f"| {100 * fb['quality']['meanAbsRelError']:.2f}% |")
ma = {m["at"]: m for m in fa["intervals"]["multipliers"]}
mb = {m["at"]: m for m in fb["intervals"]["multipliers"]}
for m_a, m_b in zip(fa["derived"]["multipliers"], fb["derived"]["multipliers"]):
    s = m_a["sparsity"]
    print(f"| multiplier at S = {s} | x{m_a['multiplier']:.3f} [{g(ma[s]['interval'][0])}, "
          f"{g(ma[s]['interval'][1])}] | x{m_b['multiplier']:.3f} [{g(mb[s]['interval'][0])}, "
          f"{g(mb[s]['interval'][1])}] |")

print()
common = sorted(set(ra) & set(rb))
print(f"Trials in both: {len(common)} of {len(ra)} / {len(rb)}; {lb} against {la}, same trial "
      f"id (same grid point, seed and flags but --engine):\n")
print("| pattern | sparsity | steps | trials | largest relative loss difference | "
      "non-zeros equal |")
print("|---|---|---|---|---|---|")
groups = {}
for t in common:
    x, y = ra[t], rb[t]
    groups.setdefault((x["pattern"], x["sparsity"], int(x["steps"])), []).append((x, y))
all_rel = []
for key in sorted(groups):
    pairs = groups[key]
    rel = [float(y["val_loss"]) / float(x["val_loss"]) - 1 for x, y in pairs]
    all_rel += rel
    same_n = sum(x["nonzero_params"] == y["nonzero_params"] for x, y in pairs)
    print(f"| {key[0]} | {key[1]} | {key[2]} | {len(pairs)} "
          f"| {max(abs(r) for r in rel):.1e} | {same_n}/{len(pairs)} |")
print(f"\nAll {len(all_rel)}: median |relative difference| "
      f"{statistics.median(abs(r) for r in all_rel):.1e}, largest {max(abs(r) for r in all_rel):.1e}.")


def resumed(d, t):
    """The step a trial's last process resumed from (0: trained in one go)."""
    f = d / "trials" / t / "result.json"
    return json.loads(f.read_text())["resumedFromStep"] if f.exists() else "?"


far = [(t, float(rb[t]["val_loss"]) / float(ra[t]["val_loss"]) - 1) for t in common]
far = [(t, r) for t, r in far if abs(r) > 1e-6]
for t, r in far:
    print(f"Trial {t}: {r:+.1e} ({la} resumed from step {resumed(a_dir, t)}, "
          f"{lb} from step {resumed(b_dir, t)}).")
