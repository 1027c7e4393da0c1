#!/usr/bin/env bash
# The one real-GPU benchmark command (issue 10 item 5). On a machine with an NVIDIA GPU, in the repo root:
#
#   bash bench/real-gpu/run.sh            # ~6-7 minutes: PyTorch (CUDA) then seqgpu + TF.js + jax-js on Dawn
#   bash bench/real-gpu/run.sh --quick    # tiny shapes: a smoke test (here: Dawn on SwiftShader, torch on CPU)
#
# It needs the kit that `bash bench/real-gpu/prepare.sh` builds here (machines without network can't npm install):
# dist-real-gpu/ = run.js (bench/real-gpu/run.ts with seqgpu, TF.js and jax-js bundled), the `webgpu` package
# (Dawn's Node binding, linux-x64 only), a Node binary (xz) in case the machine has none, and the Vulkan loader
# (.deb) in case it has none. With the device tool: carry ['dist-real-gpu'] and run `bash bench/real-gpu/run.sh`.
# Results: $OUT (or bench/results/real-gpu/ when OUT is unset): real-gpu-torch.json, real-gpu-node.json,
# real-gpu.json (both merged) and real-gpu.md (the table for BENCHMARKS.md), plus the logs.
set -uo pipefail
cd "$(dirname "$0")/../.."
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
OUTDIR="${OUT:-bench/results/real-gpu}"
mkdir -p "$OUTDIR"
KIT=dist-real-gpu
START=$(date +%s)
[ -f "$KIT/run.js" ] || { echo "no $KIT/run.js: run 'bash bench/real-gpu/prepare.sh' first (where npm works)"; exit 2; }

# Node: the machine's if it is >= 20, else the kit's.
NODE=$(command -v node || true)
if [ -z "$NODE" ] || ! "$NODE" -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; then
  [ -f "$KIT/node.xz" ] || { echo "no usable node and no $KIT/node.xz"; exit 2; }
  xz -dc "$KIT/node.xz" > /tmp/seqgpu-node && chmod +x /tmp/seqgpu-node && NODE=/tmp/seqgpu-node
fi
echo "node: $NODE $("$NODE" --version)"

# Vulkan: Dawn dlopens libvulkan.so.1. Unpack the kit's loader if the machine has none; point at NVIDIA's ICD.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1'; then
  mkdir -p /tmp/seqgpu-vk && for f in "$KIT"/gl/*.deb; do [ -f "$f" ] && dpkg -x "$f" /tmp/seqgpu-vk; done
  export LD_LIBRARY_PATH="/tmp/seqgpu-vk/usr/lib/x86_64-linux-gnu:${LD_LIBRARY_PATH:-}"
fi
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null | sed 's/^/gpu: /'

# 1. PyTorch (cuDNN / cuBLAS, FP32, TF32 off): about 1 minute on an H100.
TQ=""; [ $QUICK = 1 ] && TQ="--quick"
PYTHONUNBUFFERED=1 timeout 150 "${PYTHON:-python3}" bench/real-gpu/torch_bench.py $TQ --out "$OUTDIR/real-gpu-torch.json" > "$OUTDIR/torch.log" 2>&1
echo "torch: exit $? ($(( $(date +%s) - START )) s)"; tail -3 "$OUTDIR/torch.log"

# 2. seqgpu, TF.js-webgpu, jax-js-webgpu on Dawn: what is left of ~7 minutes, 330 s at most.
LEFT=$(( 420 - ($(date +%s) - START) )); [ $LEFT -gt 330 ] && LEFT=330
[ $QUICK = 1 ] && export SEQGPU_QUICK=1
SEQGPU_DAWN="$PWD/$KIT/webgpu/index.js" SEQGPU_BUDGET_S=$(( LEFT - 30 )) OUT="$OUTDIR" \
  timeout $LEFT "$NODE" "$KIT/run.js" > "$OUTDIR/node.log" 2>&1
echo "node: exit $? ($(( $(date +%s) - START )) s)"; grep -v '^[ {}\[\]"]' "$OUTDIR/node.log" | tail -20

# 3. Merge and render the table.
"$NODE" bench/real-gpu/merge.mjs "$OUTDIR"
echo "total $(( $(date +%s) - START )) s"
