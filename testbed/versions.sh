# Pinned versions of the test control plane (sourced by the testbed scripts).
# Change them together: the staging modules must match the Kubernetes patch release exactly.
K8S_VERSION=1.35.4
K8S_STAGING_VERSION=0.35.4
ETCD_VERSION=3.6.16
KWOK_VERSION=0.8.0

testbed_cache_dir() { echo "${SPARSESWEEP_TESTBED_CACHE:-$HOME/.cache/sparsesweep-testbed}"; }
testbed_bin_dir() { echo "${SPARSESWEEP_TESTBED_BIN:-$(testbed_cache_dir)/v$K8S_VERSION/bin}"; }
