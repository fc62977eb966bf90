#!/usr/bin/env bash
# The real JobSet controller (sigs.k8s.io/jobset, a controller-runtime manager with its webhooks)
# for the test bed: multi-host TPU trials run as JobSets. Kept apart from build.sh/start.sh so the
# rest of the test bed does not depend on it.
#   testbed/jobset.sh build          build bin/jobset-controller (+ its CRD) into the testbed cache
#   testbed/jobset.sh check          exit 0 when built, 3 (reason on stderr) when not
#   testbed/jobset.sh start STATE    install the CRD, start the controller beside a running test bed
#                                    (testbed/start.sh STATE), register its webhooks; idempotent
# The controller runs with the test bed's admin kubeconfig, on loopback only: its webhook server
# serves a certificate signed by the test bed's CA (internal cert management off, so no Secret or
# Service is needed), and the API server calls it by URL. Metrics are off; readiness on a free port.
# testbed/stop.sh ends it by PID with the rest (STATE/pids/jobset-controller.pid);
# testbed/restart.sh STATE jobset-controller restarts it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.sh
source "$here/versions.sh"
JOBSET_VERSION=0.11.1 # the release built on Kubernetes 0.35 modules, like the rest of the test bed

bin="$(testbed_bin_dir)"
crd="$bin/jobset-crd-v$JOBSET_VERSION.yaml"
log() { printf '[testbed jobset %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

build() {
  if [[ -x $bin/jobset-controller && -f $crd ]]; then
    log "jobset-controller $JOBSET_VERSION already built"
    return 0
  fi
  mkdir -p "$bin"
  export GOTOOLCHAIN=local CGO_ENABLED=0
  case " ${GOFLAGS:-} " in *" -p="*) ;; *) GOFLAGS="${GOFLAGS:-} -p=2" ;; esac
  export GOFLAGS="$GOFLAGS -mod=mod"
  local work start
  work="$(mktemp -d "${TMPDIR:-/tmp}/sparsesweep-jobset-build.XXXXXX")"
  trap 'rm -rf "$work"' RETURN
  start=$(date +%s)
  cp -r "$here/go/jobset" "$work/jobset"
  log "building jobset-controller $JOBSET_VERSION"
  (cd "$work/jobset" && go build -trimpath -ldflags='-s -w' -o "$bin/jobset-controller.tmp" sigs.k8s.io/jobset)
  # the CRD ships in the same module version (config/components/crd/bases)
  local dir
  dir=$(cd "$work/jobset" && go list -m -f '{{.Dir}}' sigs.k8s.io/jobset)
  cp "$dir/config/components/crd/bases/jobset.x-k8s.io_jobsets.yaml" "$crd.tmp"
  chmod 644 "$crd.tmp"
  mv "$crd.tmp" "$crd"
  mv "$bin/jobset-controller.tmp" "$bin/jobset-controller"
  log "done in $(( $(date +%s) - start )) s"
}

check() {
  if [[ ! -x $bin/jobset-controller || ! -f $crd ]]; then
    echo "testbed: missing $bin/jobset-controller or its CRD (run testbed/jobset.sh build)" >&2
    exit 3
  fi
}

free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 40000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

start() {
  local state=$1
  check
  [[ -f $state/testbed.env ]] || { echo "testbed: no running test bed in $state" >&2; exit 1; }
  # shellcheck disable=SC1091
  source "$state/testbed.env"
  local kc=("$bin/kubectl" --kubeconfig="$TESTBED_KUBECONFIG")
  local pidf="$state/pids/jobset-controller.pid"
  if [[ -f $pidf ]] && kill -0 "$(cat "$pidf")" 2>/dev/null; then
    log "already running (pid $(cat "$pidf"))"
    return 0
  fi
  local dir="$state/jobset"
  mkdir -p "$dir/certs"
  local webhook_port health_port
  webhook_port=$(free_port)
  health_port=$(free_port)
  while [[ $health_port == "$webhook_port" ]]; do health_port=$(free_port); done

  # the webhook's serving certificate, from the test bed's CA
  (
    cd "$dir/certs"
    openssl req -newkey rsa:2048 -nodes -keyout tls.key -out tls.csr -subj "/CN=jobset-webhook" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > san.ext
    openssl x509 -req -in tls.csr -CA "$state/pki/ca.crt" -CAkey "$state/pki/ca.key" -CAcreateserial \
      -out tls.crt -days 2 -extfile san.ext 2>/dev/null
  )
  cat > "$dir/config.yaml" <<YAML
apiVersion: config.jobset.x-k8s.io/v1alpha1
kind: Configuration
webhook:
  port: $webhook_port
  host: 127.0.0.1
  certDir: $dir/certs
internalCertManagement:
  enable: false
leaderElection:
  leaderElect: false
metrics:
  bindAddress: "0"
health:
  healthProbeBindAddress: 127.0.0.1:$health_port
YAML

  # The CRD is ~800 kB: too large for client-side apply's last-applied annotation.
  "${kc[@]}" apply --server-side --force-conflicts -f "$crd" >/dev/null
  local until=$(( $(date +%s) + 60 ))
  # (kubectl wait fails outright while the new CRD has no status yet)
  until [[ $("${kc[@]}" get crd jobsets.jobset.x-k8s.io \
      -o jsonpath='{.status.conditions[?(@.type=="Established")].status}' 2>/dev/null) == True ]]; do
    (( $(date +%s) > until )) && { echo "testbed: the JobSet CRD is not Established after 60 s" >&2; exit 1; }
    sleep 0.2
  done

  {
    echo "#!/usr/bin/env bash"
    printf 'exec'
    printf ' %q' "$bin/jobset-controller" --kubeconfig="$TESTBED_KUBECONFIG" --config="$dir/config.yaml" \
      --zap-log-level=info --zap-devel=false
    echo
  } > "$state/run/jobset-controller.sh"
  chmod +x "$state/run/jobset-controller.sh"
  setsid "$state/run/jobset-controller.sh" >>"$TESTBED_LOGS/jobset-controller.log" 2>&1 < /dev/null &
  echo $! > "$pidf"

  local deadline=$(( $(date +%s) + 120 ))
  until curl -sf "http://127.0.0.1:$health_port/readyz" >/dev/null 2>&1; do
    kill -0 "$(cat "$pidf")" 2>/dev/null || { echo "testbed: jobset-controller died; see $TESTBED_LOGS/jobset-controller.log" >&2; exit 1; }
    (( $(date +%s) > deadline )) && { echo "testbed: jobset-controller not ready after 120 s; see $TESTBED_LOGS/jobset-controller.log" >&2; exit 1; }
    sleep 0.2
  done

  # Its webhooks, as upstream's config/components/webhook declares them, called by URL: defaulting
  # and validation of JobSets, and exclusive placement for the pods of JobSets (only those: the
  # object selector), so pods of plain Jobs never wait on it.
  local ca base
  ca=$(base64 -w0 < "$state/pki/ca.crt")
  base="https://127.0.0.1:$webhook_port"
  {
    webhooks Mutating jobset-mutating-webhook-configuration
    webhook mjobset.kb.io mutate-jobset-x-k8s-io-v1alpha2-jobset CREATE
    webhook mpod.kb.io mutate--v1-pod CREATE
    echo ---
    webhooks Validating jobset-validating-webhook-configuration
    webhook vjobset.kb.io validate-jobset-x-k8s-io-v1alpha2-jobset "CREATE, UPDATE"
    webhook vpod.kb.io validate--v1-pod CREATE
  } | "${kc[@]}" apply -f - >/dev/null
  echo "TESTBED_JOBSET_WEBHOOK=$base" >> "$state/testbed.env"
  log "jobset-controller $JOBSET_VERSION ready (webhooks on $base, pid $(cat "$pidf"))"
}

# The header of a webhook configuration: KIND (Mutating or Validating), NAME.
webhooks() {
  printf 'apiVersion: admissionregistration.k8s.io/v1\nkind: %sWebhookConfiguration\nmetadata:\n  name: %s\nwebhooks:\n' "$1" "$2"
}

# One webhook of the JobSet controller, called by URL at $base with the test bed's CA ($ca): NAME,
# PATH, OPERATIONS. A path ending in -pod is the pod webhook, which sees only the pods of JobSets
# (the object selector); the others see JobSets.
webhook() {
  local name=$1 path=$2 operations=$3
  printf -- '- name: %s\n  admissionReviewVersions: [v1]\n' "$name"
  printf '  clientConfig: {url: "%s", caBundle: "%s"}\n' "$base/$path" "$ca"
  printf '  failurePolicy: Fail\n  sideEffects: None\n'
  if [[ $path == *-pod ]]; then
    printf '  objectSelector:\n    matchExpressions: [{key: jobset.sigs.k8s.io/jobset-name, operator: Exists}]\n'
    printf '  rules:\n  - {apiGroups: [""], apiVersions: [v1], operations: [%s], resources: [pods]}\n' "$operations"
  else
    printf '  rules:\n  - {apiGroups: [jobset.x-k8s.io], apiVersions: [v1alpha2], operations: [%s], resources: [jobsets]}\n' "$operations"
  fi
}

case "${1:-}" in
  build) build ;;
  check) check ;;
  start) start "${2:?usage: testbed/jobset.sh start STATE}" ;;
  *) echo "usage: testbed/jobset.sh build | check | start STATE" >&2; exit 2 ;;
esac
