#!/usr/bin/env bash
# Builds the pinned control-plane binaries used by the *IT tests into a cache outside the repo:
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kwok
#   (and with --real-node the kubelet of testbed/real-node.sh, from the same Kubernetes module).
# Usage: testbed/build.sh [--real-node]
# Binaries that already exist are skipped, so a warm run takes a second.
# The wrapper modules in testbed/go/ pin the module graph (go.mod/go.sum are committed; binaries never).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"

real_node=false
[[ ${1:-} == --real-node ]] && real_node=true
bin="$(testbed_bin_dir)"
mkdir -p "$bin"
export GOTOOLCHAIN=local CGO_ENABLED=0
# -p=2: the CI machine has 2 cores; more parallel compiles only add memory pressure.
case " ${GOFLAGS:-} " in *" -p="*) ;; *) GOFLAGS="${GOFLAGS:-} -p=2" ;; esac
export GOFLAGS="$GOFLAGS -mod=mod"
work="$(mktemp -d "${TMPDIR:-/tmp}/sparsesweep-testbed-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT

log() { printf '[testbed build %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
have() { for f in "$@"; do [[ -x "$bin/$f" ]] || return 1; done; }

# Copy a committed wrapper module into a scratch dir (so the build never writes into the repo),
# then run go there.
wrapper() {
  local name="$1"
  rm -rf "${work:?}/$name"
  cp -r "$here/go/$name" "$work/$name"
  echo "$work/$name"
}

start=$(date +%s)

if ! have etcd; then
  log "building etcd $ETCD_VERSION"
  d=$(wrapper etcd)
  (cd "$d" && go build -trimpath -ldflags='-s -w' -o "$bin/etcd.tmp" go.etcd.io/etcd/server/v3 \
    && mv "$bin/etcd.tmp" "$bin/etcd")
fi

k8s_missing=()
k8s_wanted=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
$real_node && k8s_wanted+=(kubelet)
for c in "${k8s_wanted[@]}"; do
  have "$c" || k8s_missing+=("$c")
done
if ((${#k8s_missing[@]})); then
  log "building ${k8s_missing[*]} $K8S_VERSION"
  d=$(wrapper k8s)
  minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    ld="$ld -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  pkgs=()
  for c in "${k8s_missing[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  mkdir -p "$work/out"
  (cd "$d" && go build -trimpath -tags=notest,grpcnotrace -ldflags="$ld" -o "$work/out/" "${pkgs[@]}")
  for c in "${k8s_missing[@]}"; do mv "$work/out/$c" "$bin/$c"; done
fi

if ! have kwok; then
  log "building kwok $KWOK_VERSION"
  d=$(wrapper kwok)
  (cd "$d" && go build -trimpath -ldflags='-s -w' -o "$bin/kwok.tmp" sigs.k8s.io/kwok/cmd/kwok \
    && mv "$bin/kwok.tmp" "$bin/kwok")
fi

log "done in $(( $(date +%s) - start )) s; binaries in $bin"
ls -la "$bin"
