#!/bin/bash
# Builds both sparsesweep images as tarballs from the Debian base image of build-base-image.sh, with
# no Docker daemon and no registry, and the example Python trainer's image (build-tiny-trainer-image.sh):
#   operator/target/jib-operator-image.tar                   sparsesweep/operator:<version>
#   cli/target/jib-runner-image.tar                          sparsesweep/runner:<version>
#   examples/trainers/python/target/tiny-trainer-image.tar   sparsesweep/tiny-trainer:local
# testbed/start.sh --real-node imports them into the real node's containerd (REALNODE_IMAGES), and
# RealNodeIT runs the chart, the quickstart, trainer-check and a Python-trainer sweep from them. Needs root and debootstrap the first time
# (the base image is cached in ~/.cache/sparsesweep-images).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
"$repo/helm/images/build-base-image.sh"
cache="${SPARSESWEEP_IMAGE_CACHE:-$HOME/.cache/sparsesweep-images}"
base="$cache/debian-jre17.tar"
# Jib's layer cache outside the clone (Jib's default is target/jib-cache): a fresh clone reuses the
# unchanged layers (dependencies, TensorFlow's natives: most of the runner's 570 MB) instead of
# compressing them again. Content-addressed, so clones and versions can share it.
app_cache="$cache/jib-application"
cd "$repo"
rm -f operator/target/jib-operator-image.tar cli/target/jib-runner-image.tar
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
# Tests are not compiled and the format/style checks not run here: `./mvnw verify` does both.
if ! ./mvnw -B -ntp -Pimages "-Dimage.base=tar://$base" "-Djib.applicationCache=$app_cache" \
  -Dmaven.test.skip=true -Dcheckstyle.skip=true -Dspotless.check.skip=true \
  -pl operator,cli -am package >"$out" 2>&1; then
  tail -60 "$out" >&2
  echo "build-images: the Maven build failed" >&2
  exit 1
fi
for t in operator/target/jib-operator-image.tar cli/target/jib-runner-image.tar; do
  [[ -s $t ]] || { echo "build-images: $t was not built" >&2; exit 1; }
  echo "image: $t ($(du -h "$t" | cut -f1))"
done
"$repo/helm/images/build-tiny-trainer-image.sh"
