#!/usr/bin/env bash
# Restarts one component of a running test bed (by PID; same command line, same ports, same data).
# Usage: testbed/restart.sh STATE_DIR COMPONENT [DOWN_SECONDS]
#   e.g. testbed/restart.sh /dev/shm/sparsesweep-testbed kube-apiserver 5
set -euo pipefail
state=$1
name=$2
down=${3:-0}
source "$state/testbed.env"
pidf="$state/pids/$name.pid"
[[ -f $pidf && -x $state/run/$name.sh ]] || { echo "testbed: no component $name in $state" >&2; exit 2; }
pid=$(cat "$pidf")
kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
sleep "$down"
setsid "$state/run/$name.sh" >>"$TESTBED_LOGS/$name.log" 2>&1 < /dev/null &
echo $! > "$pidf"
if [[ $name == kube-apiserver ]]; then
  token=$TESTBED_TOKEN
  for _ in $(seq 1 900); do
    curl -sf --cacert "$state/pki/ca.crt" -H "Authorization: Bearer $token" "$TESTBED_API_URL/readyz" >/dev/null 2>&1 && break
    sleep 0.2
  done
fi
echo "testbed: restarted $name (pid $(cat "$pidf"))"
