#!/usr/bin/env bash
# Starts the sparsesweep test control plane on loopback:
#   etcd -> kube-apiserver -> kube-controller-manager, kube-scheduler, kwok -> fake nodes.
# Usage: testbed/start.sh [--check] [--real-node] [STATE_DIR]
#   --check     only report whether everything needed is present (exit 0) or not (exit 3, reason on stderr)
#   --real-node also start a real worker node (kubelet, containerd, runc; testbed/real-node.sh) beside
#               the kwok nodes, labelled sparsesweep.io/real-node=true, and import the images in
#               REALNODE_IMAGES (space-separated tarballs); the kwok CPU node is left out by default
#               (TESTBED_CPU_NODES=0), so pods without accelerators land on the real node. The control
#               plane then also runs the Deployment, ReplicaSet and PersistentVolume controllers, and
#               the API server reaches the kubelet (logs, exec) with a client certificate.
#   STATE_DIR   default ${SPARSESWEEP_TESTBED_STATE:-/dev/shm/sparsesweep-testbed}; must not be running.
# Env: TESTBED_LOG_DIR (component logs; default STATE_DIR/logs), TESTBED_GPU_NODES (8),
#      TESTBED_TPU_NODES (4), TESTBED_CPU_NODES (1, or 0 with --real-node), SPARSESWEEP_TESTBED_BIN
#      (binaries, see versions.sh).
# Writes STATE_DIR/kubeconfig (admin token, system:masters) and STATE_DIR/testbed.env.
# Stop with testbed/stop.sh STATE_DIR (by PID). Exit 3 when the binaries are missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"

check_only=false
real_node=false
while [[ ${1:-} == --* ]]; do
  case $1 in
    --check) check_only=true ;;
    --real-node) real_node=true ;;
    *) echo "testbed: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
state="${1:-${SPARSESWEEP_TESTBED_STATE:-/dev/shm/sparsesweep-testbed}}"
bin="$(testbed_bin_dir)"
logs="${TESTBED_LOG_DIR:-$state/logs}"
gpu_nodes=${TESTBED_GPU_NODES:-8}
tpu_nodes=${TESTBED_TPU_NODES:-4}
if $real_node; then cpu_nodes=${TESTBED_CPU_NODES:-0}; else cpu_nodes=${TESTBED_CPU_NODES:-1}; fi
t0=$(date +%s%N)
log() {
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  printf '[testbed %d.%03ds] %s\n' $(( ms / 1000 )) $(( ms % 1000 )) "$*"
}

for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok; do
  if [[ ! -x "$bin/$b" ]]; then
    echo "testbed: missing $bin/$b (run testbed/build.sh)" >&2
    exit 3
  fi
done
for t in openssl curl; do
  command -v "$t" >/dev/null || { echo "testbed: '$t' is required" >&2; exit 3; }
done
if $real_node; then
  "$here/real-node.sh" --check >/dev/null || exit 3
fi
if $check_only; then
  echo "testbed: binaries present in $bin$($real_node && echo "; real node ready to start")"
  exit 0
fi
if [[ -d "$state/pids" ]] && compgen -G "$state/pids/*.pid" >/dev/null; then
  echo "testbed: $state holds a running (or unclean) test bed; run testbed/stop.sh $state first" >&2
  exit 1
fi

rm -rf "$state"
mkdir -p "$state"/{pki,etcd,pids,run} "$logs"
chmod 700 "$state/etcd" "$state/pki"
state="$(cd "$state" && pwd)"
logs="$(cd "$logs" && pwd)"

# --- free loopback ports (a port nobody accepts on; the small race is fine for tests)
used_ports=" "
free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 40000 ))
    [[ $used_ports == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      used_ports+="$p "
      echo "$p"
      return
    fi
  done
}
etcd_port=$(free_port); used_ports+="$etcd_port "
peer_port=$(free_port); used_ports+="$peer_port "
api_port=$(free_port); used_ports+="$api_port "
# kwok's kubelet API (container logs) for every fake node: nodes report 127.0.0.1:$kwok_port.
kwok_port=$(free_port); used_ports+="$kwok_port "

# --- certificates: a CA, the apiserver's serving cert, the service-account signing key
pki="$state/pki"
(
  cd "$pki"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 \
    -subj "/CN=sparsesweep-testbed-ca" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr \
    -subj "/CN=kube-apiserver" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:10.96.0.1\nextendedKeyUsage=serverAuth\n' > san.ext
  openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
    -out apiserver.crt -days 2 -extfile san.ext 2>/dev/null
  openssl genrsa -out sa.key 2048 2>/dev/null
  openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  if $real_node; then
    # the API server's identity towards the kubelet (kubectl logs/exec)
    openssl req -newkey rsa:2048 -nodes -keyout kubelet-client.key -out kubelet-client.csr \
      -subj "/O=system:masters/CN=kube-apiserver-kubelet-client" 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' > client.ext
    openssl x509 -req -in kubelet-client.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
      -out kubelet-client.crt -days 2 -extfile client.ext 2>/dev/null
  fi
)
kubelet_flags=()
controllers=job-controller,garbage-collector-controller,namespace-controller,serviceaccount-controller,ttl-after-finished-controller,pod-garbage-collector-controller,root-ca-certificate-publisher-controller
if $real_node; then
  # with the client cert above (by InternalIP: the node name resolves nowhere)
  kubelet_flags=(--kubelet-client-certificate="$pki/kubelet-client.crt"
    --kubelet-client-key="$pki/kubelet-client.key")
  # what `helm install` and a sweep's volumes need once pods really run: Deployments, their
  # ReplicaSets, PersistentVolume binding and the PV/PVC protection finalizers
  controllers+=,deployment-controller,replicaset-controller,persistentvolume-binder-controller
  controllers+=,persistentvolume-protection-controller,persistentvolumeclaim-protection-controller
fi
token="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
echo "$token,sparsesweep-admin,sparsesweep-admin,system:masters" > "$pki/tokens.csv"

# Audit: one Metadata line per request made by a ServiceAccount (the operator and the fitting Job
# run as ServiceAccounts; the control plane's own components do not), so a test can count the
# operator's API requests. Everything else is not logged.
cat > "$pki/audit-policy.yaml" <<YAML
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Metadata
  userGroups: ["system:serviceaccounts"]
- level: None
YAML

kubeconfig="$state/kubeconfig"
cat > "$kubeconfig" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: testbed
  cluster:
    server: https://127.0.0.1:$api_port
    certificate-authority-data: $(base64 -w0 < "$pki/ca.crt")
users:
- name: admin
  user:
    token: $token
contexts:
- name: testbed
  context: {cluster: testbed, user: admin, namespace: default}
current-context: testbed
YAML
chmod 600 "$kubeconfig"

# --- each component's command line goes to run/<name>.sh so testbed/restart.sh can relaunch it
write_run() { # name args...
  local name=$1; shift
  {
    echo "#!/usr/bin/env bash"
    printf 'exec'
    printf ' %q' "$@"
    echo
  } > "$state/run/$name.sh"
  chmod +x "$state/run/$name.sh"
}
launch() { # name
  local name=$1
  # setsid: the component gets its own process group, so a Ctrl-C in the caller's terminal
  # or a dying test JVM does not kill it halfway; stop.sh ends it by PID.
  setsid "$state/run/$name.sh" >>"$logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$state/pids/$name.pid"
}
wait_for() { # what seconds command...
  local what=$1 secs=$2; shift 2
  local deadline=$(( $(date +%s) + secs ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) > deadline )); then
      echo "testbed: $what not ready after ${secs}s; see $logs" >&2
      exit 1
    fi
    sleep 0.2
  done
}

write_run etcd "$bin/etcd" --name=default --data-dir="$state/etcd" \
  --listen-client-urls="http://127.0.0.1:$etcd_port" --advertise-client-urls="http://127.0.0.1:$etcd_port" \
  --listen-peer-urls="http://127.0.0.1:$peer_port" --initial-advertise-peer-urls="http://127.0.0.1:$peer_port" \
  --initial-cluster="default=http://127.0.0.1:$peer_port" --unsafe-no-fsync \
  --quota-backend-bytes=2147483648 --log-level=warn
launch etcd
wait_for etcd 60 curl -sf "http://127.0.0.1:$etcd_port/health"
log "etcd up on :$etcd_port"

write_run kube-apiserver "$bin/kube-apiserver" \
  --etcd-servers="http://127.0.0.1:$etcd_port" --bind-address=127.0.0.1 --advertise-address=127.0.0.1 \
  --secure-port="$api_port" --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
  --client-ca-file="$pki/ca.crt" --token-auth-file="$pki/tokens.csv" \
  --service-cluster-ip-range=10.96.0.0/16 \
  --service-account-issuer=https://kubernetes.default.svc \
  --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
  --authorization-mode=RBAC --enable-admission-plugins=ExtendedResourceToleration \
  --disable-admission-plugins=TaintNodesByCondition \
  --allow-privileged=true --endpoint-reconciler-type=none \
  --max-requests-inflight=800 --max-mutating-requests-inflight=400 \
  --audit-policy-file="$pki/audit-policy.yaml" --audit-log-path="$logs/audit.log" \
  --audit-log-maxsize=500 --audit-log-maxbackup=1 \
  --kubelet-preferred-address-types=InternalIP \
  --event-ttl=30m --profiling=false --v=1 ${kubelet_flags[@]+"${kubelet_flags[@]}"}
launch kube-apiserver
wait_for kube-apiserver 180 curl -sf --cacert "$pki/ca.crt" -H "Authorization: Bearer $token" \
  "https://127.0.0.1:$api_port/readyz"
log "kube-apiserver ready on :$api_port"
# kwok serves pod logs named by Logs objects (kwok/logs-crd.yaml); the kind must exist first.
"$bin/kubectl" --kubeconfig="$kubeconfig" apply -f "$here/kwok/logs-crd.yaml" >/dev/null

write_run kube-controller-manager "$bin/kube-controller-manager" --kubeconfig="$kubeconfig" \
  --leader-elect=false --secure-port=0 --use-service-account-credentials=false \
  --controllers="$controllers" \
  --root-ca-file="$pki/ca.crt" --kube-api-qps=200 --kube-api-burst=400 \
  --concurrent-job-syncs=10 --v=1
launch kube-controller-manager
write_run kube-scheduler "$bin/kube-scheduler" --kubeconfig="$kubeconfig" \
  --leader-elect=false --secure-port=0 --kube-api-qps=200 --kube-api-burst=400 --v=1
launch kube-scheduler
write_run kwok "$bin/kwok" --kubeconfig="$kubeconfig" --config="$here/kwok/stages.yaml" \
  --manage-all-nodes=false --manage-nodes-with-label-selector=type=kwok \
  --node-lease-duration-seconds=40 --cidr=10.244.0.0/16 \
  --node-ip=127.0.0.1 --node-port="$kwok_port" --server-address="127.0.0.1:$kwok_port" \
  --enable-crds=Logs -v=WARN
launch kwok
log "kube-controller-manager, kube-scheduler, kwok started"

kc() { "$bin/kubectl" --kubeconfig="$kubeconfig" "$@"; }
# The serviceaccount controller creates "default" SAs; pods cannot be created before it runs.
wait_for "service account default/default" 60 kc get serviceaccount default -n default
nodes=$(( gpu_nodes + tpu_nodes + cpu_nodes ))
if (( nodes > 0 )); then
  "$here/nodes.sh" "$gpu_nodes" "$tpu_nodes" "$cpu_nodes" | kc create -f - >/dev/null
  wait_for "$nodes fake nodes" 120 kc wait --for=condition=Ready node -l type=kwok --timeout=5s
fi
log "$nodes fake nodes Ready"

for c in etcd kube-apiserver kube-controller-manager kube-scheduler kwok; do
  kill -0 "$(cat "$state/pids/$c.pid")" 2>/dev/null || { echo "testbed: $c died; see $logs/$c.log" >&2; exit 1; }
done

cat > "$state/testbed.env" <<ENV
TESTBED_STATE=$state
TESTBED_KUBECONFIG=$kubeconfig
TESTBED_API_URL=https://127.0.0.1:$api_port
TESTBED_TOKEN=$token
TESTBED_ETCD_URL=http://127.0.0.1:$etcd_port
TESTBED_BIN=$bin
TESTBED_LOGS=$logs
ENV
if $real_node; then
  # shellcheck disable=SC2086
  "$here/real-node.sh" up "$state" ${REALNODE_IMAGES:-} || exit 1
fi
log "ready: KUBECONFIG=$kubeconfig"
