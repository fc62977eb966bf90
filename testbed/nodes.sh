#!/usr/bin/env bash
# Prints the fake nodes of the test bed as YAML (one document per node), for `kubectl create -f -`.
#   testbed/nodes.sh [GPU_NODES [TPU_NODES [CPU_NODES [PREFIX]]]]   defaults: 8 4 1 ""
# GPU nodes look like a GKE A100 pool (8 GPUs each, nvidia.com/gpu taint); TPU nodes like a
# v5e 2x2 single-host slice (4 chips each, google.com/tpu taint); CPU nodes carry no accelerator
# and no taint. All carry type=kwok so kwok manages them and nothing else.
# Capacity is set at creation; the kwok node stage keeps it.
set -euo pipefail
gpu=${1:-8}
tpu=${2:-4}
cpu=${3:-1}
prefix=${4:-}

node() { # name labels(yaml lines) taint-key capacity-extra
  local name=$1 labels=$2 taint=$3 extra=$4
  cat <<YAML
---
apiVersion: v1
kind: Node
metadata:
  name: $name
  labels:
    type: kwok
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: $name
$labels
  annotations:
    node.alpha.kubernetes.io/ttl: "0"
    kwok.x-k8s.io/node: fake
spec:
YAML
  if [[ -n $taint ]]; then
    cat <<YAML
  taints:
  - {key: $taint, value: present, effect: NoSchedule}
YAML
  else
    echo "  taints: []"
  fi
  cat <<YAML
status:
  capacity: {cpu: "32", memory: 256Gi, pods: "110"$extra}
  allocatable: {cpu: "32", memory: 256Gi, pods: "110"$extra}
YAML
}

for ((i = 0; i < gpu; i++)); do
  node "${prefix}gpu-node-$i" "    cloud.google.com/gke-accelerator: nvidia-tesla-a100
    cloud.google.com/gke-accelerator-count: \"8\"
    cloud.google.com/gke-nodepool: gpu-a100
    nvidia.com/gpu.present: \"true\"" nvidia.com/gpu ', nvidia.com/gpu: "8"'
done
for ((i = 0; i < tpu; i++)); do
  node "${prefix}tpu-node-$i" "    cloud.google.com/gke-tpu-accelerator: tpu-v5-lite-podslice
    cloud.google.com/gke-tpu-topology: 2x2
    cloud.google.com/gke-nodepool: tpu-v5e" google.com/tpu ', google.com/tpu: "4"'
done
for ((i = 0; i < cpu; i++)); do
  node "${prefix}cpu-node-$i" "    cloud.google.com/gke-nodepool: cpu" "" ""
done
