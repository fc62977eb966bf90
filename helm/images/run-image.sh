#!/bin/bash
# Runs a command inside an image tarball (docker-save format, e.g. a Jib buildTar output) without a
# container runtime: unpacks the layers, then runs the command as 65532:65532 with a read-only root
# file system, a tmpfs at /tmp and /proc, as the chart's securityContext runs pods, with the image's
# environment (its config's Env, e.g. the GPU image's LD_LIBRARY_PATH) as a runtime sets it. Needs root.
#   helm/images/run-image.sh cli/target/jib-runner-image.tar sparsesweep train --steps 3 ...
# The unpacked root fs is cached next to the tarball (<image>.rootfs) and reused while newer.
# RUN_IMAGE_COPY="HOST_FILE:/tmp/NAME ..." copies files into the container's /tmp first; NAME=VALUE
# words before the command add to or override the image's environment (env -i semantics), e.g.
#   RUN_IMAGE_COPY="cfg.yaml:/tmp/config.yaml" helm/images/run-image.sh operator.tar \
#     SPARSESWEEP_CONFIG=/tmp/config.yaml java -cp @/app/jib-classpath-file io.sparsesweep.operator.OperatorMain
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 IMAGE.tar COMMAND [ARGS...]" >&2; exit 2; }
img="$(readlink -f "$1")"; shift
dir="${img%.tar}.rootfs"
if [ ! -d "$dir/rootfs" ] || [ ! -f "$dir/env" ] || [ "$img" -nt "$dir/rootfs" ]; then
  rm -rf "$dir"; mkdir -p "$dir/x" "$dir/rootfs"
  tar --warning=no-unknown-keyword -C "$dir/x" -xf "$img"
  python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))[0]["Layers"]))' \
    "$dir/x/manifest.json" | while read -r layer; do tar --warning=no-unknown-keyword -C "$dir/rootfs" -xf "$dir/x/$layer"; done
  # The image's environment, one NAME=VALUE a line (Jib's tarball: manifest -> config -> Env).
  python3 -c 'import json,os,sys; d=sys.argv[1]; c=json.load(open(os.path.join(d, json.load(open(os.path.join(d, "manifest.json")))[0]["Config"]))); print("\n".join(c.get("config", {}).get("Env") or []))' \
    "$dir/x" >"$dir/env"
  rm -rf "$dir/x"
  mkdir -p "$dir/rootfs/proc" "$dir/rootfs/tmp" "$dir/rootfs/dev"
fi
env_file="$dir/env" exec unshare -m --propagation private /bin/bash -c '
  set -e; root="$1"; shift
  mount --bind "$root" "$root"; mount -o remount,bind,ro "$root"
  mount -t proc proc "$root/proc"
  mount -t tmpfs -o size=1g,mode=1777 tmpfs "$root/tmp"
  mount -t tmpfs tmpfs "$root/dev"
  for d in null zero random urandom; do touch "$root/dev/$d"; mount --bind "/dev/$d" "$root/dev/$d"; done
  for pair in ${RUN_IMAGE_COPY:-}; do
    cp "${pair%%:*}" "$root/${pair#*:}"; chmod a+r "$root/${pair#*:}"
  done
  mapfile -t image_env <"$env_file"
  exec chroot --userspec=65532:65532 "$root" /usr/bin/env -i \
    PATH=/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin HOME=/tmp "${image_env[@]}" "$@"
' bash "$dir/rootfs" "$@"
