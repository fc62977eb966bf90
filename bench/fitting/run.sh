#!/usr/bin/env bash
# Side-by-side benchmark of the Java fitter and the authors' notebook procedure (scipy BFGS) on the
# paper's published sweeps, in one run on the same machine. Prints a Markdown table (medians of
# REPS runs). Needs python3 with numpy and scipy (pip install numpy scipy).
#   bash bench/fitting/run.sh            # REPS=3 by default
source "$(dirname "$0")/prelude.sh"
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

# label | csv | python args | java args
cases=(
  "ViT, linear, delta 0.01, 25 starts|vit.csv|--seed 0|"
  "T5, log, delta 0.001, 25 starts|t5.csv|--log --seed 1|--log-space"
  "T5, log, delta 0.001: converged optimum (scipy 200 tight starts)|t5.csv|--log --seed 1 --starts 200 --tight|--log-space"
)

cp="$repo/cli/target/classes:$(cat "$repo/cli/target/classpath.txt")"

echo "| data and setting | tool | objective | fit in-process, first call (s) | fit in-process, warm JIT (s) | whole process (s) |"
echo "|---|---|---|---|---|---|"
for c in "${cases[@]}"; do
  IFS='|' read -r label csv pyargs jargs <<<"$c"
  for tool in scipy java; do
    : >"$tmp/obj"; : >"$tmp/fit"; : >"$tmp/whole"
    for _ in $(seq "$reps"); do
      t0=$(now)
      if [ "$tool" = scipy ]; then
        python3 "$repo/bench/fitting/notebook_fit.py" "$tmp/$csv" $pyargs >"$tmp/out"
      else
        "$repo/sparsesweep" fit --input "$tmp/$csv" $jargs --json >"$tmp/out"
      fi
      t1=$(now)
      echo "$t1 - $t0" | bc -l >>"$tmp/whole"
      field objective <"$tmp/out" >>"$tmp/obj"
      field fitSeconds <"$tmp/out" >>"$tmp/fit"
    done
    warm="n/a (no JIT)"
    if [ "$tool" = java ]; then
      java -XX:+UseSerialGC -cp "$cp" "$repo/bench/fitting/FitBench.java" "$tmp/$csv" $jargs 21 >"$tmp/warm"
      warm=$(printf '%.4f' "$(field warmSeconds <"$tmp/warm")")
    fi
    printf '| %s | %s | %.7e | %.3f | %s | %.3f |\n' "$label" "$tool" \
      "$(median <"$tmp/obj")" "$(median <"$tmp/fit")" "$warm" "$(median <"$tmp/whole")"
  done
done
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "java $(java -version 2>&1 | head -1 | cut -d'"' -f2); python $(python3 -c 'import sys,numpy,scipy; print(sys.version.split()[0], "numpy", numpy.__version__, "scipy", scipy.__version__)')"
