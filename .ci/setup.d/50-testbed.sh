#!/usr/bin/env bash
# The real Kubernetes control plane for the *IT tests (testbed/): installs Go and the tools the
# scripts use if missing, then builds the pinned binaries into the cache outside the repo (~25 min
# cold on 2 cores, seconds when cached). With SPARSESWEEP_REALNODE=true (.ci/run sets it; outside
# CI RealNodeIT is opt-in) also the real node (testbed/real-node.sh): Debian's containerd, runc, CNI
# plugins, iptables, and the kubelet. Idempotent. Under CI=true a failure fails CI setup; elsewhere
# the *IT tests then skip with a SKIPPED-TESTBED (or SKIPPED-REALNODE) line.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$(date +%s)
fail() { # message
  if [[ ${CI:-} == true ]]; then echo "testbed: $1 (CI=true: failing)" >&2; exit 1; fi
  echo "SKIPPED-TESTBED: $1; the *IT tests will skip" >&2
  exit 0
}

need=()
command -v openssl >/dev/null || need+=(openssl)
command -v curl >/dev/null || need+=(curl)
command -v setsid >/dev/null || need+=(util-linux)
real_node=false
[[ ${SPARSESWEEP_REALNODE:-} == true ]] && real_node=true
if $real_node; then
  # the real node: container runtime, CNI bridge, packet filter
  command -v containerd >/dev/null || need+=(containerd)
  command -v runc >/dev/null || need+=(runc)
  [[ -x /usr/lib/cni/bridge ]] || need+=(containernetworking-plugins)
  command -v iptables >/dev/null || need+=(iptables)
  command -v ip >/dev/null || need+=(iproute2)
fi
go_ok() {
  command -v go >/dev/null || return 1
  # the wrapper modules need Go >= 1.26 (kwok v0.8.0 says go 1.26.0)
  local v
  v=$(go env GOVERSION 2>/dev/null | sed 's/^go//')
  [[ $(printf '%s\n1.26\n' "$v" | sort -V | head -1) == 1.26 ]]
}
if ((${#need[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
if ! go_ok; then
  # Debian bookworm's golang-go (1.19) is too old for the wrapper modules. Use it only to fetch
  # a Go 1.26 toolchain from the Go module proxy (module golang.org/toolchain), then unpack it
  # into the cache. (CI machines normally come with Go 1.26 installed; this path is the fallback.)
  if ! command -v go >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go >/dev/null
  fi
  tc=v0.0.1-go1.26.8.linux-amd64
  goroot="${SPARSESWEEP_TESTBED_CACHE:-$HOME/.cache/sparsesweep-testbed}/go1.26.8"
  if [[ ! -x $goroot/bin/go ]]; then
    dir=$(cd /tmp && GOFLAGS=-mod=mod GO111MODULE=on go mod download -json "golang.org/toolchain@$tc" \
      | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
    rm -rf "$goroot" && mkdir -p "$goroot" && cp -r "$dir"/. "$goroot"/ && chmod -R u+w "$goroot"
    chmod +x "$goroot"/bin/* "$goroot"/pkg/tool/*/*
  fi
  export PATH="$goroot/bin:$PATH"
  echo "export PATH=\"$goroot/bin:\$PATH\"" >> .ci/env
  go_ok || fail "no Go >= 1.26 available"
fi

if $real_node; then
  testbed/build.sh --real-node || fail "testbed/build.sh --real-node failed (see the log above)"
  testbed/real-node.sh --check || fail "the real node cannot start here"
else
  testbed/build.sh || fail "testbed/build.sh failed (see the log above)"
fi
echo "testbed: binaries ready; setup took $(( $(date +%s) - start )) s"
