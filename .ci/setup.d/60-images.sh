#!/usr/bin/env bash
# The container images RealNodeIT runs on the real node (operator and runner, as Jib tarballs built
# from a Debian base image made with debootstrap, no Docker, no registry; and the example Python
# trainer's image, Debian + python3): ~2 min for the base image and ~2-4 min for the Python one
# (once each; cached in ~/.cache/sparsesweep-images), ~2 min for the images. testbed/start.sh
# --real-node imports them into the node's containerd. Only with SPARSESWEEP_REALNODE=true (.ci/run
# sets it; outside CI RealNodeIT is opt-in). Under CI=true a failure fails CI setup.
set -euo pipefail
if [[ ${SPARSESWEEP_REALNODE:-} != true ]]; then
  echo "images: not built (SPARSESWEEP_REALNODE is not true: RealNodeIT will not run)"
  exit 0
fi
cd "$(dirname "$0")/../.."
start=$(date +%s)
if ! command -v debootstrap >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi
if ! helm/images/build-images.sh; then
  if [[ ${CI:-} == true ]]; then echo "images: build failed (CI=true: failing)" >&2; exit 1; fi
  echo "SKIPPED-REALNODE: the images did not build; RealNodeIT will skip" >&2
  exit 0
fi
echo "images: built in $(( $(date +%s) - start )) s"
