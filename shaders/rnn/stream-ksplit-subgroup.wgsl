// Streaming step, k-split with subgroup shuffles (kernels/stream.ts variant 'subgroup', on adapters with the
// 'subgroups' feature): the work split of common/stream-ksplit.wgsl, the 4 partial sums of a column added with two
// subgroupShuffleXor steps (no workgroup memory, no barrier). Fallback: stream-ksplit.wgsl (same sums, same order).
// Assumption: the 4 invocations lid = 4c .. 4c+3 are subgroup lanes l, l^1, l^2, l^3 of one subgroup, i.e.
// subgroups are runs of consecutive local_invocation_index (what D3D12, Metal and Vulkan drivers do for a 1-D
// workgroup whose size is a multiple of the subgroup size; WGSL does not promise it). 'auto' checks it on the
// device against the fallback before it ever picks this variant (ops/stream-autotune.ts).
enable subgroups;
#include "common/numerics.wgsl"
#include "common/f16.wgsl"
#include "common/stream-step.wgsl"
#include "common/stream-ksplit.wgsl"

@compute @workgroup_size(KS_WG)
fn step_ksplit(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let n = wid.y;
  let q = wid.x * KS_COLS + lid / 4u;
  let s = ksplit_partial(n, q, lid % 4u);
  let ax2 = s.ax + subgroupShuffleXor(s.ax, 1u); // slices 0+1 (on lanes 0, 1) and 2+3 (on 2, 3)
  let ah2 = s.ah + subgroupShuffleXor(s.ah, 1u);
  let ax = ax2 + subgroupShuffleXor(ax2, 2u);
  let ah = ah2 + subgroupShuffleXor(ah2, 2u);
  if (lid % 4u != 0u || q >= p.C4) { return; }
  finish(n, q, ax, ah);
}
