#!/usr/bin/env bash
# Builds the kit that bench/real-gpu/run.sh needs, here, where npm and apt work (the GPU machine has no network):
#   dist-real-gpu/run.js      bench/real-gpu/run.ts with seqgpu, TF.js and jax-js bundled (vite, ssr, noExternal)
#   dist-real-gpu/webgpu/     Dawn's Node binding (the `webgpu` npm package, 0.6.2), linux-x64 binary only
#   dist-real-gpu/node.xz     this machine's Node binary, for a GPU machine without node >= 20
#   dist-real-gpu/gl/*.deb    the Vulkan loader (libvulkan1), for a GPU machine without one
# About 50 MB in all: under the device tool's 64 MiB carry limit. Run in the repo root or anywhere in it.
set -euo pipefail
cd "$(dirname "$0")/../.."
KIT=dist-real-gpu
npx vite build -c bench/real-gpu/vite.config.ts --logLevel warn   # empties $KIT first
TMP=$(mktemp -d)
(cd "$TMP" && npm pack --silent webgpu@0.6.2 >/dev/null && tar xzf webgpu-*.tgz)
mkdir -p "$KIT/webgpu/dist"
cp "$TMP/package/index.js" "$TMP/package/package.json" "$KIT/webgpu/"
cp -r "$TMP/package/dist/linux-x64" "$KIT/webgpu/dist/"
xz -T2 -6 -c "$(readlink -f "$(command -v node)")" > "$KIT/node.xz"
mkdir -p "$KIT/gl" /tmp/seqgpu-apt-lists/partial
(cd "$KIT/gl" && apt-get -oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/seqgpu-apt-lists update -qq >/dev/null 2>&1 \
  && apt-get -oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/seqgpu-apt-lists download libvulkan1 >/dev/null 2>&1) \
  || echo "prepare: could not download libvulkan1 (the GPU machine must then have a Vulkan loader)"
rm -rf "$TMP"
du -sh "$KIT"; ls -la "$KIT" "$KIT/gl"
