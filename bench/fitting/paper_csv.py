"""Writes the paper's published sweeps as results CSVs, normalised exactly as the authors' notebook
does (ViT: N/1e6 non-zeros, D = examples/1e9; T5: N/1e6, D = steps/1e5). Reads ../shared/paper-data;
writes to the folder given, never into the repository."""
import csv
import json
import sys
from pathlib import Path

src = Path(sys.argv[1])
out = Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)

vit = json.loads((src / "vit-data.json").read_text())
with open(out / "vit.csv", "w") as f:
    f.write("sparsity,nonzero_params,data,val_loss\n")
    for k in vit["scale"]:
        s, sc = vit["sparsity"][k], vit["scale"][k]
        n = 12 * (12 * 768**2) * sc * (1 - s) / 1e6
        f.write(f"{s!r},{n!r},{vit['total_examples'][k] / 1e9!r},{vit['val-loss'][k]!r}\n")

with open(src / "t5-data.csv") as fin, open(out / "t5.csv", "w") as f:
    f.write("sparsity,nonzero_params,data,val_loss\n")
    for row in csv.DictReader(fin):
        s, sc = float(row["sparsity"]), float(row["scale"])
        n = 24 * (12 * 768**2) * sc * (1 - s) / 1e6
        f.write(f"{s!r},{n!r},{float(row['steps']) / 1e5!r},{float(row['val-loss'])!r}\n")
