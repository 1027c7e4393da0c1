// Matmul rung 4 (vec4, double-buffered): a 16x16 workgroup computes a 64x128 output tile (BM x BN), each
// invocation a 4x8 block in registers (rows 4*ly..4*ly+3; columns 4*lx..+3 and 64+4*lx..+3, so neighbouring
// invocations read neighbouring smem vec4s and store neighbouring global vec4s). What changed vs blocked.wgsl, why:
// - global loads are vec4 (one 16-byte load per invocation per operand per tile instead of 4 strided scalars):
//   operands are bound as array<vec4<f32>>; a vec4 runs along the operand's contiguous axis, which is k for A and
//   n for B, or m for A^T and k for B^T. So transposed operands are read in place, with no copied transpose: the
//   flags F_A_T and F_B_T pick the axis. F_A_VEC/F_B_VEC are off when that axis's length or the other strides are
//   not multiples of 4 (K or N not a multiple of 4): the scalar edge path then reads the same slots element by element,
//   element e being a[e / 4][e % 4]. F_OUT_VEC likewise picks vec4 or per-component stores for the output.
// - a larger register tile: 4x8 outputs per invocation (blocked: 4x4), so one smem vec4 of A and two of B feed
//   8 vec4 FMAs per k, which is 32 FMAs for 3 workgroup-memory loads (blocked: 16 for 2).
// - double-buffered workgroup tiles: WGSL has no async copy, so "double-buffered" means the global loads of tile t+1
//   go into registers (ra, rb) before the FMAs of tile t are issued, so their latency hides behind the arithmetic.
//   They are stored to the other half of tile_a/tile_b after the FMAs. Two halves need one barrier per tile, not two:
//   tile t's writes go to the half nobody reads during tile t, and the barrier that ended tile t-1 already
//   separated those reads of that half from these writes. (Per k the barrier count equals blocked's, whose tiles
//   are 16 deep with two barriers each: the 12 KiB budget of two halves holds 8-deep tiles; the gain is the overlap.)
// Memory: tile_a[buf][k][m/4] holds A[row0 + m, k0 + k] packed as vec4 along m (BK x BM/4 vec4s); tile_b[buf][k][n/4]
// holds B[k0 + k, col0 + n] packed along n (BK x BN/4): 2 x (128 + 256) vec4s = 12 KiB, within the 16 KiB default.
// out[b, i, j] = sum_k A[b, i, k] * B[b, k, j]; out is contiguous [batch, M, N]. Batch = workgroup_id.z.
// Twins: blocked.wgsl (previous rung), naive.wgsl, tiled.wgsl, backends/cpu/matmul.ts, backends/webgpu/matmul.ts.
const BM: u32 = 64u;
const BN: u32 = 128u;
const BK: u32 = 8u;
const A_HALF: u32 = 128u; // vec4s per buffer half of tile_a: BK * BM / 4
const B_HALF: u32 = 256u; // BK * BN / 4

// Layout flags, bits of p.flags (set by the glue from the strides). They are uniform values, not override
// constants: they steer only the once-per-tile loads and the final stores, never the FMA loop, so a uniform branch
// costs next to nothing, while 5 override flags would mean up to 32 pipelines at 5-12 s of compile each on the
// software adapter (measured), several per training step (forward NN, backward NT and TN).
const F_A_T: u32 = 1u;     // A stored [.., K, M] (A^T read in place, contiguous along m), not [.., M, K] (along k)
const F_B_T: u32 = 2u;     // B stored [.., N, K] (contiguous along k), not [.., K, N] (along n)
const F_A_VEC: u32 = 4u;   // vec4 loads of A: its contiguous axis's length and its other strides are multiples of 4
const F_B_VEC: u32 = 8u;   // same for B
const F_OUT_VEC: u32 = 16u; // vec4 stores of out: N is a multiple of 4

struct Params {
  M: u32, N: u32, K: u32, flags: u32,
  a_bs: u32, a_rs: u32, a_cs: u32, pad1: u32,
  b_bs: u32, b_rs: u32, b_cs: u32, pad2: u32,
}
@group(0) @binding(0) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> out: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> p: Params;

var<workgroup> tile_a: array<vec4<f32>, 256>; // 2 halves of A_HALF
var<workgroup> tile_b: array<vec4<f32>, 512>; // 2 halves of B_HALF

// Scalar element reads through the strides (the edge path); e indexes f32 elements of the vec4-bound buffer.
fn a_at(e: u32) -> f32 { return a[e >> 2u][e & 3u]; }
fn b_at(e: u32) -> f32 { return b[e >> 2u][e & 3u]; }

// The 4 elements of A this invocation loads for the tile at k0 (slot q of 128; only li < 128 loads A):
// !A_T: A[row0 + q/2, k0 + 4*(q%2) + 0..3]  (2 vec4s along k per row: neighbouring q read neighbouring addresses)
//  A_T: A[row0 + 4*(q%16) + 0..3, k0 + q/16] (16 vec4s along m per k)
// Out-of-range elements are 0 so the padded k steps add nothing.
fn fetch_a(batch: u32, row0: u32, k0: u32, q: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if ((p.flags & F_A_T) == 0u) {
    let m = row0 + q / 2u;
    let k = k0 + 4u * (q % 2u);
    if (m >= p.M) { return v; }
    let e = batch * p.a_bs + m * p.a_rs + k * p.a_cs;
    if ((p.flags & F_A_VEC) != 0u) {
      if (k < p.K) { v = a[e >> 2u]; }
    } else {
      for (var j = 0u; j < 4u; j++) { if (k + j < p.K) { v[j] = a_at(e + j * p.a_cs); } }
    }
  } else {
    let m = row0 + 4u * (q % 16u);
    let k = k0 + q / 16u;
    if (k >= p.K) { return v; }
    let e = batch * p.a_bs + m * p.a_rs + k * p.a_cs;
    if ((p.flags & F_A_VEC) != 0u) {
      if (m < p.M) { v = a[e >> 2u]; }
    } else {
      for (var j = 0u; j < 4u; j++) { if (m + j < p.M) { v[j] = a_at(e + j * p.a_rs); } }
    }
  }
  return v;
}

// Writes fetch_a's vec4 into tile_a half h, packed along m: a k-run (!A_T) scatters over 4 vec4s' components.
fn store_a(h: u32, q: u32, v: vec4<f32>) {
  if ((p.flags & F_A_T) == 0u) {
    let m = q / 2u;
    let k = 4u * (q % 2u);
    for (var j = 0u; j < 4u; j++) { tile_a[h + (k + j) * 16u + m / 4u][m % 4u] = v[j]; }
  } else {
    tile_a[h + (q / 16u) * 16u + q % 16u] = v;
  }
}

// The 4 elements of B this invocation loads (slot q of 256, one per invocation):
// !B_T: B[k0 + q/32, col0 + 4*(q%32) + 0..3] (32 vec4s along n per k)
//  B_T: B[k0 + 4*(q%2) + 0..3, col0 + q/2]   (2 vec4s along k per column)
fn fetch_b(batch: u32, col0: u32, k0: u32, q: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if ((p.flags & F_B_T) == 0u) {
    let k = k0 + q / 32u;
    let n = col0 + 4u * (q % 32u);
    if (k >= p.K) { return v; }
    let e = batch * p.b_bs + k * p.b_rs + n * p.b_cs;
    if ((p.flags & F_B_VEC) != 0u) {
      if (n < p.N) { v = b[e >> 2u]; }
    } else {
      for (var j = 0u; j < 4u; j++) { if (n + j < p.N) { v[j] = b_at(e + j * p.b_cs); } }
    }
  } else {
    let k = k0 + 4u * (q % 2u);
    let n = col0 + q / 2u;
    if (n >= p.N) { return v; }
    let e = batch * p.b_bs + k * p.b_rs + n * p.b_cs;
    if ((p.flags & F_B_VEC) != 0u) {
      if (k < p.K) { v = b[e >> 2u]; }
    } else {
      for (var j = 0u; j < 4u; j++) { if (k + j < p.K) { v[j] = b_at(e + j * p.b_rs); } }
    }
  }
  return v;
}

fn store_b(h: u32, q: u32, v: vec4<f32>) {
  if ((p.flags & F_B_T) == 0u) {
    tile_b[h + (q / 32u) * 32u + q % 32u] = v;
  } else {
    let n = q / 2u;
    let k = 4u * (q % 2u);
    for (var j = 0u; j < 4u; j++) { tile_b[h + (k + j) * 32u + n / 4u][n % 4u] = v[j]; }
  }
}

// One row of the register tile: out[r, c..c+3] for the two column groups, vec4 or per-component stores.
fn store_row(base: u32, r: u32, c: u32, v0: vec4<f32>, v1: vec4<f32>) {
  if (r >= p.M) { return; }
  let e = base + r * p.N + c;
  let e1 = e + BN / 2u;
  if ((p.flags & F_OUT_VEC) != 0u) {
    // N % 4 == 0: a vec4 starting at column c < N lies wholly inside the row.
    if (c < p.N) { out[e >> 2u] = v0; }
    if (c + BN / 2u < p.N) { out[e1 >> 2u] = v1; }
  } else {
    for (var j = 0u; j < 4u; j++) {
      if (c + j < p.N) { out[(e + j) >> 2u][(e + j) & 3u] = v0[j]; }
      if (c + BN / 2u + j < p.N) { out[(e1 + j) >> 2u][(e1 + j) & 3u] = v1[j]; }
    }
  }
}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let row0 = wid.y * BM;
  let col0 = wid.x * BN;
  let batch = wid.z;
  let loads_a = li < A_HALF; // tile_a has 128 vec4 slots per half for 256 invocations
  // acc_r_h: row 4*ly + r, column group h (columns 4*lx + 64*h .. +3).
  var acc00 = vec4<f32>(0.0); var acc01 = vec4<f32>(0.0);
  var acc10 = vec4<f32>(0.0); var acc11 = vec4<f32>(0.0);
  var acc20 = vec4<f32>(0.0); var acc21 = vec4<f32>(0.0);
  var acc30 = vec4<f32>(0.0); var acc31 = vec4<f32>(0.0);

  let tiles = (p.K + BK - 1u) / BK;
  // Prologue: tile 0 into half 0.
  var ra = vec4<f32>(0.0);
  if (loads_a) { ra = fetch_a(batch, row0, 0u, li); store_a(0u, li, ra); }
  var rb = fetch_b(batch, col0, 0u, li);
  store_b(0u, li, rb);
  workgroupBarrier();

  for (var t = 0u; t < tiles; t++) {
    let cur = t & 1u;
    let more = t + 1u < tiles;
    // Issue the next tile's global loads first: nothing below depends on them until store_a/store_b.
    if (more) {
      if (loads_a) { ra = fetch_a(batch, row0, (t + 1u) * BK, li); }
      rb = fetch_b(batch, col0, (t + 1u) * BK, li);
    }
    let ha = cur * A_HALF;
    let hb = cur * B_HALF;
    for (var k = 0u; k < BK; k++) {
      let av = tile_a[ha + k * 16u + lid.y];        // A[4*ly .. +3, k]
      let b0 = tile_b[hb + k * 32u + lid.x];        // B[k, 4*lx .. +3]
      let b1 = tile_b[hb + k * 32u + 16u + lid.x];  // B[k, 64 + 4*lx .. +3]
      acc00 += av.x * b0; acc01 += av.x * b1;
      acc10 += av.y * b0; acc11 += av.y * b1;
      acc20 += av.z * b0; acc21 += av.z * b1;
      acc30 += av.w * b0; acc31 += av.w * b1;
    }
    if (more) {
      let nxt = 1u - cur;
      if (loads_a) { store_a(nxt * A_HALF, li, ra); }
      store_b(nxt * B_HALF, li, rb);
    }
    workgroupBarrier();
  }

  let r = row0 + lid.y * 4u;
  let c = col0 + lid.x * 4u;
  let base = batch * p.M * p.N;
  store_row(base, r, c, acc00, acc01);
  store_row(base, r + 1u, c, acc10, acc11);
  store_row(base, r + 2u, c, acc20, acc21);
  store_row(base, r + 3u, c, acc30, acc31);
}
