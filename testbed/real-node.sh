#!/usr/bin/env bash
# A real worker node (kubelet + containerd + runc + a CNI bridge) joined to a running test control
# plane, beside its kwok nodes. Pods on it run real containers from images imported with `ctr`.
#
#   testbed/real-node.sh --check              exit 0 when everything needed is here, 3 (reason on stderr) if not
#   testbed/real-node.sh up STATE_DIR [IMAGE.tar...]   start the node for the control plane in STATE_DIR
#   testbed/real-node.sh import STATE_DIR IMAGE.tar... import more images (docker-archive/Jib tarballs)
#   testbed/real-node.sh down [STATE_DIR]     remove everything `up` added (also after a crash)
#   testbed/real-node.sh leftovers            list what a real node left on this machine; exit 1 if anything
#
# `testbed/start.sh --real-node` calls `up` and `testbed/stop.sh` calls `down`. Needs root, and runs
# at most one real node per machine (the bridge, the iptables rules and the kubelet's host-wide
# settings are machine-wide); `up` refuses while another one is alive and cleans up after a dead one.
#
# NETWORK SAFETY (docs/testbed.md, "The real node"): pod traffic never leaves this machine. Before any
# pod can start: IPv4 forwarding stays off as it was (the bridge is no gateway, so the CNI plugin does
# not turn it on); FORWARD rejects anything from or to the pod range that is not pod-to-pod; INPUT
# rejects every new connection from a pod to the host except the API server's in-cluster address
# (10.96.0.1:443, DNATed to the loopback API server); OUTPUT rejects the rest of the service range;
# the kubelet's port accepts only this machine's own address. Nothing is ever tested by sending
# traffic outside. `down` removes every process, mount, link, cgroup, iptables rule and chain and
# every kernel setting the node added or changed (the kubelet's own chains and sysctls included),
# each step on its own so that one failure does not stop the rest.
#
# Env: REALNODE_NAME (real-node-0), REALNODE_KUBELET (default: the testbed's bin dir),
#      SPARSESWEEP_REALNODE_DATA (node disk: kubelet root, volumes; /var/lib/sparsesweep-realnode),
#      SPARSESWEEP_REALNODE_CACHE (containerd's image store, kept between runs; ~/.cache/sparsesweep-realnode).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"

node=${REALNODE_NAME:-real-node-0}
run=/run/sparsesweep-realnode                  # containerd state + socket, runc state, owner, saved settings
data=${SPARSESWEEP_REALNODE_DATA:-/var/lib/sparsesweep-realnode}
cache=${SPARSESWEEP_REALNODE_CACHE:-$HOME/.cache/sparsesweep-realnode}
sock=$run/containerd.sock
pod_cidr=10.88.0.0/16
pod_gateway=10.88.0.1
service_cidr=10.96.0.0/16                      # testbed/start.sh --service-cluster-ip-range
api_service_ip=10.96.0.1
bridge=cni0
tag=sparsesweep-realnode                       # comment on every iptables rule we add
label=sparsesweep.io/real-node                 # node label the tests select
pause_ref=registry.k8s.io/pause:3.10           # containerd's sandbox_image; built here, never pulled
# Kernel settings the kubelet changes at start (setupKernelTunables) or the node touches: saved by
# `up`, restored by `down`.
sysctls=(net.ipv4.ip_forward kernel.panic kernel.panic_on_oops vm.overcommit_memory vm.panic_on_oom
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
# Host paths containerd, the shims and the kubelet create outside their configured dirs; removed by
# `down` only if `up` found them absent.
host_dirs=(/run/containerd /run/netns /var/lib/cni /var/log/containers /var/log/pods)

t0=$(date +%s%N)
log() {
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  printf '[real-node %d.%03ds] %s\n' $(( ms / 1000 )) $(( ms % 1000 )) "$*"
}
die() { echo "real-node: $*" >&2; exit 1; }
kubelet_bin() { echo "${REALNODE_KUBELET:-$(testbed_bin_dir)/kubelet}"; }
ctr_() { ctr -a "$sock" -n k8s.io "$@"; }

missing() { # prints what is missing, one per line
  [[ $(id -u) == 0 ]] || echo "root (the node mounts, creates cgroups and a bridge)"
  [[ -x $(kubelet_bin) ]] || echo "$(kubelet_bin) (run testbed/build.sh --real-node)"
  local t
  for t in containerd containerd-shim-runc-v2 runc ctr iptables ip sysctl go tar; do
    command -v "$t" >/dev/null || echo "$t"
  done
  for t in bridge host-local loopback; do [[ -x /usr/lib/cni/$t ]] || echo "/usr/lib/cni/$t"; done
}

check() {
  local m
  m=$(missing)
  if [[ -n $m ]]; then
    echo "real-node: missing: $(echo "$m" | paste -sd, -) (apt-get install containerd runc containernetworking-plugins iptables; .ci/setup.d/50-testbed.sh)" >&2
    exit 3
  fi
  echo "real-node: everything needed is present"
}

# --- the pause image: a static Go binary in a one-layer docker-archive, rebuilt when pause.go changes
pause_image() {
  local src="$here/real-node/pause.go" sum out work
  sum=$(sha256sum "$src" | cut -c1-16)
  out="$cache/pause-$sum.tar"
  if [[ ! -s $out ]]; then
    work=$(mktemp -d)
    mkdir -p "$work/root" "$work/img" "$cache"
    (cd "$work" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS= go build -trimpath -ldflags='-s -w' -o root/pause "$src")
    tar --numeric-owner --owner=0 --group=0 --mtime=@0 -C "$work/root" -cf "$work/img/layer.tar" pause
    local diff_id
    diff_id="sha256:$(sha256sum "$work/img/layer.tar" | cut -d' ' -f1)"
    cat >"$work/img/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/pause"]},"rootfs":{"type":"layers","diff_ids":["$diff_id"]}}
JSON
    echo "[{\"Config\":\"config.json\",\"RepoTags\":[\"$pause_ref\"],\"Layers\":[\"layer.tar\"]}]" >"$work/img/manifest.json"
    tar -C "$work/img" -cf "$out.tmp" manifest.json config.json layer.tar && mv "$out.tmp" "$out"
    rm -rf "$work"
  fi
  echo "$out"
}

import_images() { # tar...
  local f
  for f in "$@"; do
    [[ -s $f ]] || die "no image tarball at $f"
    ctr_ images import --all-platforms "$f" >/dev/null || die "ctr could not import $f"
    log "imported $(basename "$f") ($(du -h "$f" | cut -f1))"
  done
}

node_ip() {
  ip -4 -o addr show scope global | awk '{split($4, a, "/"); print a[1]; exit}'
}

# --- network guard: every rule carries the comment $tag, so `down` finds exactly ours
guard() { # table chain rule...
  local table=$1 chain=$2; shift 2
  iptables -w -t "$table" -I "$chain" 1 "$@" -m comment --comment "$tag"
}

install_guard() { # api_port node_ip
  local api_port=$1 ip=$2
  # 1. forwarding: nothing routed from or to a pod unless both ends are pods (ip_forward stays off
  #    as well; these rules hold even if something turns it on)
  guard filter FORWARD -s "$pod_cidr" ! -d "$pod_cidr" -j REJECT
  guard filter FORWARD -d "$pod_cidr" ! -s "$pod_cidr" -j REJECT
  # 2. pods -> this host: only the API server's in-cluster address (DNATed below) and replies
  guard filter INPUT -s "$pod_cidr" -m conntrack ! --ctstate DNAT,ESTABLISHED,RELATED -j REJECT
  # 3. the kubelet API (10250): only this machine (the API server connects from the node address)
  guard filter INPUT -p tcp --dport 10250 ! -s "$ip" -j REJECT
  # 4. host processes and hostNetwork pods: no ClusterIP but the API server's
  guard filter OUTPUT -d "$service_cidr" -j REJECT
  # 5. the in-cluster API address, for pods (needs route_localnet on the bridge) and host processes
  guard nat PREROUTING -s "$pod_cidr" -d "$api_service_ip/32" -p tcp --dport 443 \
    -j DNAT --to-destination "127.0.0.1:$api_port"
  guard nat OUTPUT -d "$api_service_ip/32" -p tcp --dport 443 -j DNAT --to-destination "127.0.0.1:$api_port"
}

up() {
  local state=$1; shift
  local m
  m=$(missing)
  [[ -z $m ]] || { echo "real-node: missing: $(echo "$m" | paste -sd, -)" >&2; exit 3; }
  [[ -f $state/testbed.env ]] || die "no running test bed in $state (testbed/start.sh first)"
  # shellcheck disable=SC1091
  source "$state/testbed.env"
  state=$TESTBED_STATE
  local logs=$TESTBED_LOGS rn=$state/realnode api_port=${TESTBED_API_URL##*:} ip
  ip=$(node_ip)
  [[ -n $ip ]] || die "no global IPv4 address for the node"

  # one real node per machine: refuse a live one, clean up after a dead one
  if [[ -f $run/owner ]]; then
    local owner pid alive=false
    owner=$(cat "$run/owner")
    for pid in "$run"/*.pid; do
      [[ -f $pid ]] && kill -0 "$(cat "$pid")" 2>/dev/null && alive=true
    done
    $alive && die "a real node of the test bed in $owner is running; testbed/stop.sh $owner first"
    log "cleaning up after a real node that died ($owner)"
    down "$owner" >/dev/null 2>&1 || true
  fi
  ip link show "$bridge" >/dev/null 2>&1 && die "a network link $bridge exists already and is not ours"

  mkdir -p "$run" "$rn" "$data" "$cache/containerd"
  echo "$state" > "$run/owner"
  local d s
  for d in "${host_dirs[@]}"; do [[ -e $d ]] || echo "$d"; done > "$run/created-dirs"
  for s in "${sysctls[@]}"; do echo "$s=$(sysctl -n "$s")"; done > "$run/sysctl.orig"
  # from here on, a failure (set -e or die) tears down what is there already
  up_state=$state
  trap 'rc=$?; if [[ $rc != 0 && -n ${up_state:-} ]]; then echo "real-node: up failed; tearing down" >&2; down "$up_state" >&2; fi' EXIT

  # bridge first, with the gateway address and route_localnet, so the guard is complete before any
  # pod exists; the CNI plugin then attaches pods to it (isGateway false: it leaves ip_forward alone)
  ip link add "$bridge" type bridge
  ip addr add "$pod_gateway/16" dev "$bridge"
  ip link set "$bridge" up
  sysctl -qw "net.ipv4.conf.$bridge.route_localnet=1"
  install_guard "$api_port" "$ip"
  log "network guard in place (bridge $bridge $pod_gateway/16, ip_forward=$(sysctl -n net.ipv4.ip_forward))"

  mkdir -p "$rn/cni" "$data/cni-ipam" "$data/kubelet" "$data/pod-logs" "$data/volumes"
  cat > "$rn/cni/10-realnode.conflist" <<JSON
{"cniVersion": "0.4.0", "name": "$tag", "plugins": [
  {"type": "bridge", "bridge": "$bridge", "isGateway": false, "ipMasq": false, "hairpinMode": true,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "$pod_cidr", "gateway": "$pod_gateway"}]],
            "routes": [{"dst": "0.0.0.0/0", "gw": "$pod_gateway"}], "dataDir": "$data/cni-ipam"}},
  {"type": "loopback"}]}
JSON
  # restrict_oom_score_adj: root here lacks CAP_SYS_RESOURCE, so runc may not lower oom_score_adj;
  # without it every sandbox fails ("can't get final child's PID from pipe").
  cat > "$rn/containerd.toml" <<TOML
version = 2
root = "$cache/containerd"
state = "$run/containerd"
[grpc]
  address = "$sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$pause_ref"
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$run/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$rn/cni"
[plugins."io.containerd.internal.v1.opt"]
  path = "$data/opt"
TOML
  setsid containerd --config "$rn/containerd.toml" >>"$logs/containerd.log" 2>&1 < /dev/null &
  echo $! > "$run/containerd.pid"
  for _ in $(seq 100); do [[ -S $sock ]] && ctr_ version >/dev/null 2>&1 && break; sleep 0.1; done
  ctr_ version >/dev/null 2>&1 || die "containerd did not start; see $logs/containerd.log"
  log "containerd up"
  import_images "$(pause_image)" "$@"

  # apiserver -> kubelet (logs, exec) authenticates with the client cert start.sh made; the
  # kubelet talks to the API server with the admin kubeconfig (system:masters: no Node authorizer)
  cat > "$rn/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
failSwapOn: false
containerRuntimeEndpoint: unix://$sock
authentication: {anonymous: {enabled: false}, webhook: {enabled: false}, x509: {clientCAFile: $state/pki/ca.crt}}
authorization: {mode: AlwaysAllow}
address: $ip
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 0
clusterDomain: cluster.local
resolvConf: ""
podLogsDir: $data/pod-logs
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {}
serializeImagePulls: false
makeIPTablesUtilChains: false
YAML
  setsid "$(kubelet_bin)" --config="$rn/kubelet.yaml" --kubeconfig="$TESTBED_KUBECONFIG" \
    --root-dir="$data/kubelet" --cert-dir="$data/kubelet-pki" --hostname-override="$node" \
    --node-ip="$ip" --node-labels="$label=true" --v=1 >>"$logs/kubelet.log" 2>&1 < /dev/null &
  echo $! > "$run/kubelet.pid"
  local kc=("$TESTBED_BIN/kubectl" --kubeconfig="$TESTBED_KUBECONFIG")
  local deadline=$(( $(date +%s) + 120 ))
  until [[ $("${kc[@]}" get node "$node" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null) == True ]]; do
    kill -0 "$(cat "$run/kubelet.pid")" 2>/dev/null || die "kubelet died; see $logs/kubelet.log"
    (( $(date +%s) < deadline )) || die "node $node not Ready after 120 s; see $logs/kubelet.log"
    sleep 0.5
  done
  up_state=
  cat > "$rn/realnode.env" <<ENV
REALNODE_NAME=$node
REALNODE_IP=$ip
REALNODE_LABEL=$label=true
REALNODE_VOLUMES=$data/volumes
REALNODE_CONTAINERD_SOCKET=$sock
ENV
  cat "$rn/realnode.env" >> "$state/testbed.env"
  log "node $node Ready ($ip, label $label=true)"
}

# --- teardown: every step on its own (set +e), in reverse order of up
down() {
  set +e
  local state=${1:-}
  [[ -z $state && -f $run/owner ]] && state=$(cat "$run/owner")
  local kc=()
  if [[ -n $state && -f $state/testbed.env ]]; then
    # shellcheck disable=SC1091
    source "$state/testbed.env"
    kc=("$TESTBED_BIN/kubectl" --kubeconfig="$TESTBED_KUBECONFIG" --request-timeout=10s)
  fi
  local kubelet_pid containerd_pid
  kubelet_pid=$(cat "$run/kubelet.pid" 2>/dev/null)
  containerd_pid=$(cat "$run/containerd.pid" 2>/dev/null)
  # 1. while the kubelet and API server live: no new pods here, running ones stopped by the
  #    kubelet (SIGTERM, volumes unmounted, CNI DEL); bounded, the forced steps below do the rest
  if ((${#kc[@]})) && [[ -n $kubelet_pid ]] && kill -0 "$kubelet_pid" 2>/dev/null \
      && "${kc[@]}" get node "$node" >/dev/null 2>&1; then
    "${kc[@]}" cordon "$node" >/dev/null 2>&1
    "${kc[@]}" delete pods -A --field-selector "spec.nodeName=$node" --grace-period=3 \
      --wait=true --timeout=45s >/dev/null 2>&1
  fi
  # 2. processes: kubelet, then every container, then containerd, then any shim of ours
  stop_pid "$kubelet_pid"
  if [[ -n $containerd_pid ]] && kill -0 "$containerd_pid" 2>/dev/null; then
    local t c
    for t in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks kill -s KILL "$t" >/dev/null 2>&1; done
    sleep 0.5
    for t in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks delete -f "$t" >/dev/null 2>&1; done
    for c in $(ctr_ containers ls -q 2>/dev/null); do ctr_ containers delete "$c" >/dev/null 2>&1; done
  fi
  stop_pid "$containerd_pid"
  local pid
  for pid in $(pgrep -f "containerd-shim-runc-v2 .*-address $sock" 2>/dev/null); do stop_pid "$pid"; done
  rm -f "$run/kubelet.pid" "$run/containerd.pid"
  # 3. mounts under our dirs and the sandboxes' network namespaces (deepest first)
  local mnt
  { grep -E " ($data|$run|$cache/containerd|/run/netns/cni-)" /proc/mounts | awk '{print $2}' | sort -r; } 2>/dev/null |
    while read -r mnt; do umount "$mnt" 2>/dev/null || umount -l "$mnt"; done
  rm -f /run/netns/cni-* 2>/dev/null
  # 4. links: pod veths still on the bridge, then the bridge
  local l
  for l in $(ip -o link show master "$bridge" 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
    ip link del "$l" 2>/dev/null
  done
  ip link del "$bridge" 2>/dev/null
  # 5. iptables: our rules (by comment), then whatever chains the kubelet made (KUBE-*)
  local table chain rule
  for table in filter nat mangle; do
    for chain in INPUT FORWARD OUTPUT PREROUTING POSTROUTING; do
      iptables -w -t "$table" -S "$chain" 2>/dev/null | grep -E -- "--comment \"?$tag\"?( |$)|-j KUBE-" |
        sed 's/^-A /-D /' | while read -r rule; do eval iptables -w -t "$table" "$rule"; done
    done
    for chain in $(iptables -w -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^KUBE-/ {print $2}'); do
      iptables -w -t "$table" -F "$chain" 2>/dev/null
    done
    for chain in $(iptables -w -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^KUBE-/ {print $2}'); do
      iptables -w -t "$table" -X "$chain" 2>/dev/null
    done
  done
  # 6. cgroups the kubelet made for pods (deepest first; empty once the containers are gone)
  local c
  for c in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods /sys/fs/cgroup/kubepods.slice; do
    [[ -d $c ]] && find "$c" -depth -type d -exec rmdir {} \; 2>/dev/null
  done
  # 7. kernel settings back to what they were
  local kv
  if [[ -f $run/sysctl.orig ]]; then
    while read -r kv; do sysctl -qw "$kv" 2>/dev/null; done < "$run/sysctl.orig"
  fi
  # 8. files: the node's disk (not the image store in the cache), host dirs we created, the lock
  rm -rf "$data"
  [[ -f $run/created-dirs ]] && while read -r d; do rm -rf "$d"; done < "$run/created-dirs"
  [[ -n $state ]] && rm -rf "$state/realnode"
  rm -rf "$run"
  set -e
  echo "real-node: removed"
}

stop_pid() { # pid: TERM, up to 10 s, then KILL
  local pid=$1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}

# What a real node could leave behind: each line names one thing; exit 1 if there is any.
leftovers() {
  local out=()
  local p
  for p in $(pgrep -x kubelet) $(pgrep -f "containerd --config .*realnode") $(pgrep -f "containerd-shim-runc-v2 .*-address $sock"); do
    out+=("process $p: $(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | cut -c1-120)")
  done
  ip link show "$bridge" >/dev/null 2>&1 && out+=("link $bridge")
  local n
  n=$(ip -o link show type veth 2>/dev/null | wc -l); (( n > 0 )) && out+=("$n veth links")
  local table
  for table in filter nat mangle; do
    while read -r l; do [[ -n $l ]] && out+=("iptables -t $table: $l"); done < <(iptables -w -t "$table" -S 2>/dev/null | grep -E -- "$tag|KUBE-")
  done
  while read -r l; do [[ -n $l ]] && out+=("mount $l"); done < <(grep -E " ($data|$run|$cache/containerd|/run/netns)" /proc/mounts | awk '{print $2}')
  local c
  for c in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do [[ -d $c ]] && out+=("cgroup $c"); done
  [[ -e $run ]] && out+=("dir $run")
  [[ -e $data ]] && out+=("dir $data")
  if ((${#out[@]})); then
    printf 'real-node leftover: %s\n' "${out[@]}"
    return 1
  fi
  echo "real-node: nothing left (no kubelet/containerd/shim, no $bridge, no veth, no $tag rule, no KUBE-* chain, no mount, no kubepods cgroup)"
}

case ${1:-} in
  --check) check ;;
  up) shift; [[ $# -ge 1 ]] || die "usage: $0 up STATE_DIR [IMAGE.tar...]"; up "$@" ;;
  import)
    shift; [[ $# -ge 2 ]] || die "usage: $0 import STATE_DIR IMAGE.tar..."
    shift; [[ -S $sock ]] || die "no real node running"; import_images "$@" ;;
  down) shift; down "${1:-}" ;;
  leftovers) leftovers ;;
  *) sed -n '2,9p' "$0" >&2; exit 2 ;;
esac
