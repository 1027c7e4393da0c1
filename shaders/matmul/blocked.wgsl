// Matmul rung 3 (register-blocked): a 16x16 workgroup computes a 64x64 output tile, each invocation
// a 4x4 block held in registers. Tiles of A (64 x 16) and B (16 x 64) are staged in workgroup
// memory packed as vec4 along M and N, so the inner loop does two vec4 loads and 16 FMAs per k:
// 4x the arithmetic per workgroup-memory load of tiled.wgsl. Global loads stay scalar and strided
// so transposed operands need no copy. Twins: naive.wgsl, tiled.wgsl, backends/cpu/matmul.ts.
const BM: u32 = 64u;
const BN: u32 = 64u;
const BK: u32 = 16u;

struct Params {
  M: u32, N: u32, K: u32, pad0: u32,
  a_bs: u32, a_rs: u32, a_cs: u32, pad1: u32,
  b_bs: u32, b_rs: u32, b_cs: u32, pad2: u32,
}
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

// tile_a[k * 16 + m / 4][m % 4] = A[row0 + m, k0 + k]; tile_b[k * 16 + n / 4][n % 4] = B[k0 + k, col0 + n]
var<workgroup> tile_a: array<vec4<f32>, 256>;
var<workgroup> tile_b: array<vec4<f32>, 256>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let row0 = wid.y * BM;
  let col0 = wid.x * BN;
  let batch = wid.z;
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  for (var k0 = 0u; k0 < p.K; k0 += BK) {
    // 256 invocations load the 1024 elements of each tile, 4 apiece; zeros pad the edges.
    for (var q = 0u; q < 4u; q++) {
      let e = li + q * 256u;
      let m = e / BK;
      let ka = e % BK;
      var va = 0.0;
      if (row0 + m < p.M && k0 + ka < p.K) { va = a[batch * p.a_bs + (row0 + m) * p.a_rs + (k0 + ka) * p.a_cs]; }
      tile_a[ka * 16u + m / 4u][m % 4u] = va;
      let kb = e / BN;
      let n = e % BN;
      var vb = 0.0;
      if (k0 + kb < p.K && col0 + n < p.N) { vb = b[batch * p.b_bs + (k0 + kb) * p.b_rs + (col0 + n) * p.b_cs]; }
      tile_b[kb * 16u + n / 4u][n % 4u] = vb;
    }
    workgroupBarrier();
    for (var k = 0u; k < BK; k++) {
      let av = tile_a[k * 16u + lid.y]; // rows 4*lid.y .. +3 at this k
      let bv = tile_b[k * 16u + lid.x]; // cols 4*lid.x .. +3 at this k
      acc0 += av.x * bv;
      acc1 += av.y * bv;
      acc2 += av.z * bv;
      acc3 += av.w * bv;
    }
    workgroupBarrier();
  }
  let r = row0 + lid.y * 4u;
  let c = col0 + lid.x * 4u;
  let base = batch * p.M * p.N;
  var rows = array<vec4<f32>, 4>(acc0, acc1, acc2, acc3);
  for (var dr = 0u; dr < 4u; dr++) {
    if (r + dr >= p.M) { break; }
    for (var dc = 0u; dc < 4u; dc++) {
      if (c + dc < p.N) { out[base + (r + dr) * p.N + c + dc] = rows[dr][dc]; }
    }
  }
}
