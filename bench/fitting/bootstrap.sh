#!/usr/bin/env bash
# Bootstrap cost on the paper's ViT sweep: the fit alone, 200 resamples refitted from the warm start
# only (--bootstrap-starts 0, the old behaviour), and 200 resamples with the default fresh starts,
# interleaved in one run on the same machine. Prints a Markdown table of medians of REPS runs (wall
# time of the whole `./sparsesweep fit` process, JVM start included).
#   bash bench/fitting/bootstrap.sh            # REPS=3 by default
source "$(dirname "$0")/prelude.sh"

# label | fit args
cases=(
  "fit only, no bootstrap|--bootstrap 0"
  "200 resamples, warm start only (--bootstrap-starts 0)|--bootstrap 200 --bootstrap-starts 0"
  "200 resamples, warm start + 4 fresh starts (default)|--bootstrap 200"
)
for i in "${!cases[@]}"; do : >"$tmp/whole$i"; done
for _ in $(seq "$reps"); do
  for i in "${!cases[@]}"; do
    IFS='|' read -r label args <<<"${cases[$i]}"
    t0=$(now)
    "$repo/sparsesweep" fit --input "$tmp/vit.csv" $args --seed 0 --json >"$tmp/out$i"
    t1=$(now)
    echo "$t1 - $t0" | bc -l >>"$tmp/whole$i"
  done
done
echo "| paper ViT sweep (linear, delta 0.01, 25 starts) | whole process, median of $reps (s) | not identified |"
echo "|---|---|---|"
for i in "${!cases[@]}"; do
  IFS='|' read -r label args <<<"${cases[$i]}"
  open=$(python3 -c "import json,sys; d=json.load(sys.stdin).get('diagnostics') or {}; print(', '.join(d.get('notIdentified') or []) or 'none')" <"$tmp/out$i")
  printf '| %s | %.2f | %s |\n' "$label" "$(median <"$tmp/whole$i")" "$open"
done
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
