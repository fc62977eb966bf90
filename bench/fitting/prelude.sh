# Sourced by the fitting benchmarks (run.sh, bootstrap.sh): strict mode, the paper's sweeps as CSVs
# in a temporary folder ($tmp, removed on exit), the CLI built once outside the timings, and the
# timing helpers. Sets repo, paper, reps, tmp.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[1]}")/../.." && pwd)"
paper="${PAPER_DATA:-$repo/../shared/paper-data}"
reps="${REPS:-3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 "$repo/bench/fitting/paper_csv.py" "$paper" "$tmp"
"$repo/sparsesweep" --version >/dev/null # build once, outside the timings
export SPARSESWEEP_SKIP_BUILD=1

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
