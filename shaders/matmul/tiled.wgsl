// Matmul rung 2 (workgroup-tiled): a 16x16 workgroup computes a 16x16 output tile, staging
// 16x16 tiles of A and B in workgroup memory so each global element is read once per tile
// instead of once per output: global traffic drops 16x versus naive. One output per invocation.
// Twins: naive.wgsl (what changed: shared tiles), blocked.wgsl, backends/cpu/matmul.ts.
const TILE: u32 = 16u;

struct Params {
  M: u32, N: u32, K: u32, pad0: u32,
  a_bs: u32, a_rs: u32, a_cs: u32, pad1: u32,
  b_bs: u32, b_rs: u32, b_cs: u32, pad2: u32,
}
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

var<workgroup> tile_a: array<array<f32, 16>, 16>; // [row][k]
var<workgroup> tile_b: array<array<f32, 16>, 16>; // [k][col]

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = wid.y * TILE + lid.y;
  let j = wid.x * TILE + lid.x;
  let batch = wid.z;
  var acc = 0.0;
  for (var k0 = 0u; k0 < p.K; k0 += TILE) {
    // Each invocation loads one element of each tile; zeros pad the ragged edges.
    let ka = k0 + lid.x;
    var va = 0.0;
    if (i < p.M && ka < p.K) { va = a[batch * p.a_bs + i * p.a_rs + ka * p.a_cs]; }
    tile_a[lid.y][lid.x] = va;
    let kb = k0 + lid.y;
    var vb = 0.0;
    if (kb < p.K && j < p.N) { vb = b[batch * p.b_bs + kb * p.b_rs + j * p.b_cs]; }
    tile_b[lid.y][lid.x] = vb;
    workgroupBarrier();
    for (var k = 0u; k < TILE; k++) {
      acc += tile_a[lid.y][k] * tile_b[k][lid.x];
    }
    workgroupBarrier();
  }
  if (i < p.M && j < p.N) { out[(batch * p.M + i) * p.N + j] = acc; }
}
