#!/usr/bin/env bash
# Stops a test bed started by testbed/start.sh, by PID, in reverse start order, then deletes its
# state dir (certs, etcd data). Logs outside the state dir are kept.
# Usage: testbed/stop.sh [STATE_DIR] [--keep]   (--keep leaves the state dir for debugging)
set -uo pipefail
state="${1:-${SPARSESWEEP_TESTBED_STATE:-/dev/shm/sparsesweep-testbed}}"
keep=${2:-}
[[ -d "$state/pids" ]] || { echo "testbed: nothing to stop in $state"; exit 0; }

stop_one() { # name
  local f="$state/pids/$1.pid" pid
  [[ -f $f ]] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$f"
}
# A real node first, while the API server can still stop its pods (testbed/real-node.sh).
if [[ -d $state/realnode || $(cat /run/sparsesweep-realnode/owner 2>/dev/null) == "$(cd "$state" && pwd)" ]]; then
  "$(dirname "${BASH_SOURCE[0]}")/real-node.sh" down "$state"
fi
for c in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do stop_one "$c"; done
# anything else a test registered (e.g. an operator process), by PID as well
for f in "$state"/pids/*.pid; do [[ -e $f ]] && stop_one "$(basename "$f" .pid)"; done
if [[ $keep != --keep ]]; then
  logs_inside="$state/logs"
  rm -rf "$state/etcd" "$state/pki" "$state/run" "$state/pids" "$state/kubeconfig" "$state/testbed.env" \
    "$state/jobset"
  [[ -d $logs_inside ]] || rmdir "$state" 2>/dev/null || true
fi
echo "testbed: stopped ($state)"
