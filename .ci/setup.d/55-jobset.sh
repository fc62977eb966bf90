#!/usr/bin/env bash
# The real JobSet controller for TpuSliceIT (testbed/jobset.sh): built from its Go module
# (sigs.k8s.io/jobset, pinned in testbed/go/jobset) into the test bed's cache, after 50-testbed.sh
# has made Go available (~3 min cold on 2 cores, seconds when cached). Idempotent.
# Under CI=true a failure fails CI setup; elsewhere TpuSliceIT then skips with a SKIPPED-TESTBED line.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f .ci/env ] && . .ci/env
start=$(date +%s)
if ! command -v go >/dev/null || ! testbed/jobset.sh build; then
  if [[ ${CI:-} == true ]]; then echo "jobset: build failed (CI=true: failing)" >&2; exit 1; fi
  echo "SKIPPED-TESTBED: the JobSet controller did not build; TpuSliceIT will skip" >&2
  exit 0
fi
echo "jobset: controller ready; setup took $(( $(date +%s) - start )) s"
