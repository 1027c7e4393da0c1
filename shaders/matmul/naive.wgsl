// Matmul rung 1 (naive): one invocation per output element, reading A's row and B's column
// straight from global memory. Slow for big shapes (each element of A and B is read N or M times)
// but the easiest to trust; it is kept, tested and benchmarked as the baseline of the ladder.
// out[b, i, j] = sum_k A[b, i, k] * B[b, k, j]; operands read through strides (transposes free).
// Twins: backends/cpu/matmul.ts (reference), tiled.wgsl, blocked.wgsl, backends/webgpu/matmul.ts.
struct Params {
  M: u32, N: u32, K: u32, pad0: u32,
  a_bs: u32, a_rs: u32, a_cs: u32, pad1: u32,
  b_bs: u32, b_rs: u32, b_cs: u32, pad2: u32,
}
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  let i = gid.y;
  let batch = gid.z;
  if (i >= p.M || j >= p.N) { return; }
  let a0 = batch * p.a_bs + i * p.a_rs;
  let b0 = batch * p.b_bs + j * p.b_cs;
  var acc = 0.0;
  for (var k = 0u; k < p.K; k++) {
    acc += a[a0 + k * p.a_cs] * b[b0 + k * p.b_rs];
  }
  out[(batch * p.M + i) * p.N + j] = acc;
}
