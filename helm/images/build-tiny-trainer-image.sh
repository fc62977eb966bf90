#!/bin/bash
# Builds the example Python trainer (examples/trainers/python/tiny_trainer.py) as a container image,
# a `docker save` tarball from Debian packages only (no Docker, no registry, no Java):
#   helm/images/build-tiny-trainer-image.sh
#   # -> examples/trainers/python/target/tiny-trainer-image.tar   sparsesweep/tiny-trainer:local
# Two layers: Debian 12 minbase + python3 (debootstrap, cached in ~/.cache/sparsesweep-images as
# debian-python3-rootfs.tar, ~1-2 min the first time), then the trainer at /opt/sparsesweep/. User
# 65532:65532 like the project's images. RealNodeIT runs a sweep with it on the real node
# (spec.trainer.command: [python3, /opt/sparsesweep/tiny_trainer.py]); testbed/start.sh --real-node
# imports it with the other two (REALNODE_IMAGES). Needs root and debootstrap the first time.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${SPARSESWEEP_IMAGE_CACHE:-$HOME/.cache/sparsesweep-images}"
rootfs_tar="$cache/debian-python3-rootfs.tar"
trainer="$repo/examples/trainers/python/tiny_trainer.py"
out_dir="$repo/examples/trainers/python/target"
out="$out_dir/tiny-trainer-image.tar"
tag="sparsesweep/tiny-trainer:local"
suite="${DEBIAN_SUITE:-bookworm}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ ! -s "$rootfs_tar" ]; then
  mirror="$( (grep -rhoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null || true) | head -1 | tr -d ' ')"
  [ -n "$mirror" ] || { echo "no Debian mirror found in the apt configuration" >&2; exit 1; }
  rootfs="$work/rootfs"
  # python3 (not python3-minimal): the trainer imports json and random from the full stdlib
  debootstrap --variant=minbase --include=python3 "$suite" "$rootfs" "$mirror" \
    >"$work/debootstrap.log" 2>&1 || { tail -30 "$work/debootstrap.log" >&2; exit 1; }
  chroot "$rootfs" apt-get clean
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
    "$rootfs"/var/cache/debconf/*-old "$rootfs"/var/log/*
  mkdir -p "$cache"
  tar --numeric-owner -C "$rootfs" -cf "$rootfs_tar.tmp" .
  mv "$rootfs_tar.tmp" "$rootfs_tar"
  rm -rf "$rootfs"
fi

img="$work/image"
mkdir -p "$img/app/opt/sparsesweep"
cp "$trainer" "$img/app/opt/sparsesweep/tiny_trainer.py"
chmod 0755 "$img/app/opt/sparsesweep/tiny_trainer.py"
# fixed times and owners: the same trainer gives the same layer
tar --numeric-owner --owner=0 --group=0 --mtime=@0 --sort=name -C "$img/app" -cf "$img/app.tar" opt
cp "$rootfs_tar" "$img/base.tar"
base_id="sha256:$(sha256sum "$img/base.tar" | cut -d' ' -f1)"
app_id="sha256:$(sha256sum "$img/app.tar" | cut -d' ' -f1)"
cat >"$img/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8","PYTHONDONTWRITEBYTECODE=1"],
  "Entrypoint":["python3","/opt/sparsesweep/tiny_trainer.py"],"User":"65532:65532","WorkingDir":"/tmp"},
 "rootfs":{"type":"layers","diff_ids":["$base_id","$app_id"]}}
JSON
cat >"$img/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["$tag"],"Layers":["base.tar","app.tar"]}]
JSON
mkdir -p "$out_dir"
tar -C "$img" -cf "$out.tmp" manifest.json config.json base.tar app.tar
mv "$out.tmp" "$out"
echo "image: $out $tag ($(du -h "$out" | cut -f1))"
