#!/usr/bin/env bash
# Fetches the CUDA runtime libraries of the -Pgpu runner image (docs/helm.md, "GPU runner image"):
# NVIDIA's redistributable wheels from PyPI, pinned by version and sha256 in cuda-runtime.txt, their
# shared libraries unpacked flat into OUT/opt/cuda/lib and their licences into OUT/opt/cuda/licenses.
# The -Pimages -Pgpu build (cli/pom.xml, profile gpu) adds OUT as a layer of its own and sets
# LD_LIBRARY_PATH=/opt/cuda/lib; the build fails, naming OUT, when this has not been run.
#
#   cli/gpu/fetch-cuda-runtime.sh [OUT]        OUT defaults to cli/target/jib-cuda
#
# Wheels are cached in $SPARSESWEEP_CUDA_WHEELS (default ~/.cache/sparsesweep-images/cuda-wheels,
# 1.7 GB); pip checks every hash, so a changed file fails. Needs python3 with pip, no GPU.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../target/jib-cuda}"
cache="${SPARSESWEEP_CUDA_WHEELS:-$HOME/.cache/sparsesweep-images/cuda-wheels}"
mkdir -p "$cache"
# Any interpreter version works: the wheels are py3-none (no Python code is used), for Linux x86_64.
python3 -m pip download --quiet --no-deps --only-binary=:all: --require-hashes \
  --platform manylinux2014_x86_64 --python-version 3.11 \
  -r "$here/cuda-runtime.txt" -d "$cache"
rm -rf "$out/opt/cuda"
mkdir -p "$out/opt/cuda/lib" "$out/opt/cuda/licenses"
python3 - "$here/cuda-runtime.txt" "$cache" "$out/opt/cuda" <<'PY'
import os, re, stat, sys, zipfile
requirements, cache, root = sys.argv[1:]
for line in open(requirements):
    m = re.match(r"([A-Za-z0-9_.-]+)==([^ ]+)", line)
    if not m:
        continue
    name, version = m.group(1).replace("-", "_"), m.group(2)
    wheel = os.path.join(cache, f"{name}-{version}-py3-none-manylinux2014_x86_64.whl")
    count = 0
    with zipfile.ZipFile(wheel) as z:
        for info in z.infolist():
            path = info.filename
            base = os.path.basename(path)
            if re.fullmatch(r"nvidia/[^/]+/lib/[^/]+\.so(\.[0-9]+)*", path):
                dest = os.path.join(root, "lib", base)
            elif re.fullmatch(r"[^/]+\.dist-info/(LICENSE|License)[^/]*", path):
                dest = os.path.join(root, "licenses", f"{name}-{version}.txt")
            else:
                continue
            if os.path.exists(dest):
                sys.exit(f"{wheel}: {base} is in two wheels")
            with z.open(info) as src, open(dest, "wb") as dst:
                dst.write(src.read())
            library = dest.endswith(base)
            os.chmod(dest, 0o755 if library else 0o644)
            count += library
    print(f"{name} {version}: {count} libraries")
PY
du -sh "$out/opt/cuda/lib" | sed 's/^/total: /'
