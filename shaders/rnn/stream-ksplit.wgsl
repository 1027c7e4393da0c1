// Streaming step, k-split (kernels/stream.ts variant 'ksplit'): the work split of common/stream-ksplit.wgsl, the
// 4 partial sums of a column added through workgroup memory (one barrier). Runs on every adapter; the subgroup
// twin (stream-ksplit-subgroup.wgsl) adds them with shuffles instead. Glue: backends/webgpu/stream.ts.
#include "common/numerics.wgsl"
#include "common/f16.wgsl"
#include "common/stream-step.wgsl"
#include "common/stream-ksplit.wgsl"

var<workgroup> parts: array<Partial, KS_WG>;

@compute @workgroup_size(KS_WG)
fn step_ksplit(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let n = wid.y;
  let q = wid.x * KS_COLS + lid / 4u;
  parts[lid] = ksplit_partial(n, q, lid % 4u);
  workgroupBarrier();
  if (lid % 4u != 0u || q >= p.C4) { return; }
  let a = parts[lid];
  let b1 = parts[lid + 1u];
  let c2 = parts[lid + 2u];
  let d3 = parts[lid + 3u];
  finish(n, q, (a.ax + b1.ax) + (c2.ax + d3.ax), (a.ah + b1.ah) + (c2.ah + d3.ah));
}
