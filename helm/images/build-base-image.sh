#!/bin/bash
# Builds a Java 17 base image as a `docker save` tarball from Debian packages only (debootstrap +
# openjdk-17-jre-headless), for building the sparsesweep images with Jib where no container
# registry is reachable:
#   helm/images/build-base-image.sh            # -> ~/.cache/sparsesweep-images/debian-jre17.tar
#   ./mvnw -Pimages -Dimage.base=tar://$HOME/.cache/sparsesweep-images/debian-jre17.tar \
#       -pl operator,cli -am package -DskipTests
# Needs root and debootstrap (apt-get install debootstrap). Takes a few minutes; reuses its output.
# The mirror is the first Debian one this machine's apt is configured with.
set -euo pipefail

out_dir="${SPARSESWEEP_IMAGE_CACHE:-$HOME/.cache/sparsesweep-images}"
out="$out_dir/debian-jre17.tar"
suite="${DEBIAN_SUITE:-bookworm}"
if [ -s "$out" ]; then
  echo "base image exists: $out"
  exit 0
fi
mirror="$( (grep -rhoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null || true) | head -1 | tr -d ' ')"
[ -n "$mirror" ] || { echo "no Debian mirror found in the apt configuration" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
  "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -30 "$work/debootstrap.log" >&2; exit 1; }
# A runtime image: no apt caches, docs or man pages.
chroot "$rootfs" apt-get clean
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
  "$rootfs"/var/cache/debconf/*-old "$rootfs"/var/log/*
java_home="$(dirname "$(dirname "$(readlink -f "$rootfs/usr/bin/java" | sed "s#^$rootfs##")")")"

img="$work/image"
mkdir -p "$img"
tar --numeric-owner -C "$rootfs" -cf "$img/layer.tar" .
diff_id="sha256:$(sha256sum "$img/layer.tar" | cut -d' ' -f1)"
cat >"$img/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]}}
JSON
cat >"$img/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["sparsesweep/base-jre17:local"],"Layers":["layer.tar"]}]
JSON
mkdir -p "$out_dir"
tar -C "$img" -cf "$out.tmp" manifest.json config.json layer.tar
mv "$out.tmp" "$out"
echo "base image: $out ($(du -h "$out" | cut -f1))"
