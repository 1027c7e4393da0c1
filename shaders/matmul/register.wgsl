// Matmul rung 5 (register, for software adapters): no workgroup memory and no barriers. An 8x8 workgroup covers a
// 32x64 output tile; each invocation computes a 4x8 block in registers: rows r = row0 + 4*ly .. +3, columns
// c = col0 + 8*lx .. +7 (two vec4s), for the whole K, reading its operands as vec4s straight from global memory.
// Per 4-deep k step it loads a 4x4 block of A and two 4x4 blocks of B (12 vec4 loads) and issues 8
// matrix-vector products, i.e. 32 vec4 FMAs (128 scalar FMAs): acc_i_h += B_h * A_i, where A_i = A[r+i, k..k+3]
// and column j of B_h = B[k+j, c+4h .. +3].
// Why no workgroup memory: on SwiftShader (and other CPU implementations of WebGPU) invocations run as SIMD lanes of
// a CPU thread, workgroup memory is ordinary memory behind the same caches as the storage buffers, and each barrier
// suspends and resumes every invocation of the workgroup. Staging through workgroup memory then costs a copy and
// two barriers per tile and saves nothing; reading global memory directly, with the reuse kept in the 4x8 register
// tile (and the CPU's caches), is faster there. On a real GPU this rung re-reads each operand from global memory
// (L1/L2) once per invocation and is NOT the intended path: vec4.wgsl / blocked.wgsl (workgroup-memory tiling)
// are; 'auto' picks this rung only on software/fallback adapters (backends/webgpu/matmul.ts).
// Memory layout and bindings are vec4.wgsl's: operands bound as array<vec4<f32>>, strides in elements, the same
// Params with its layout flags (F_A_T, F_B_T: transposed operands read in place, no copied transpose; F_A_VEC,
// F_B_VEC: the vec4 loads are aligned and in range; F_OUT_VEC: vec4 stores). The vec4 path covers the k steps
// whose 4 k lie inside K; the last partial k step (K not a multiple of 4) and operands without their vec flag
// (the contiguous axis's length or another stride not a multiple of 4) take the scalar edge path, which reads
// element e as a[e / 4][e % 4] with every index bounds-checked. Rows and columns past M/N on the vec path are
// clamped to the last in-range vec4 (read, computed, never stored), so the vec path has no per-load branches.
// out[b, i, j] = sum_k A[b, i, k] * B[b, k, j]; out is contiguous [batch, M, N]. Batch = workgroup_id.z.
// Twins: vec4.wgsl (same layout flags), blocked.wgsl, naive.wgsl, tiled.wgsl, backends/cpu/matmul.ts,
// backends/webgpu/matmul.ts.
const TM: u32 = 4u; // rows per invocation
const TN: u32 = 8u; // columns per invocation

const F_A_T: u32 = 1u;     // A stored [.., K, M] (contiguous along m), not [.., M, K] (along k)
const F_B_T: u32 = 2u;     // B stored [.., N, K] (contiguous along k), not [.., K, N] (along n)
const F_A_VEC: u32 = 4u;   // vec4 loads of A are aligned and in range
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

fn a_at(e: u32) -> f32 { return a[e >> 2u][e & 3u]; }
fn b_at(e: u32) -> f32 { return b[e >> 2u][e & 3u]; }

// Column i = A[r+i, k..k+3] (a row of A along k). Vec path: all of k..k+3 < K, rows clamped below M.
fn a_block_vec(abase: u32, r: u32, k: u32) -> mat4x4<f32> {
  let last = p.M - 1u;
  if ((p.flags & F_A_T) == 0u) {
    // Rows along k: one aligned vec4 per row.
    let e = abase + k * p.a_cs;
    return mat4x4<f32>(a[(e + min(r, last) * p.a_rs) >> 2u], a[(e + min(r + 1u, last) * p.a_rs) >> 2u],
                       a[(e + min(r + 2u, last) * p.a_rs) >> 2u], a[(e + min(r + 3u, last) * p.a_rs) >> 2u]);
  }
  // A^T in place: one vec4 along m per k (M % 4 == 0, r % 4 == 0, so r..r+3 is wholly in range or clamped).
  let e = abase + min(r, p.M - 4u) * p.a_rs;
  return transpose(mat4x4<f32>(a[(e + k * p.a_cs) >> 2u], a[(e + (k + 1u) * p.a_cs) >> 2u],
                               a[(e + (k + 2u) * p.a_cs) >> 2u], a[(e + (k + 3u) * p.a_cs) >> 2u]));
}

// Column j = B[k+j, c..c+3]. Vec path: all of k..k+3 < K, columns clamped below N.
fn b_block_vec(bbase: u32, c: u32, k: u32) -> mat4x4<f32> {
  if ((p.flags & F_B_T) == 0u) {
    // Rows of B along n: N % 4 == 0 and c % 4 == 0, so c..c+3 is wholly in range or clamped.
    let e = bbase + min(c, p.N - 4u) * p.b_cs;
    return mat4x4<f32>(b[(e + k * p.b_rs) >> 2u], b[(e + (k + 1u) * p.b_rs) >> 2u],
                       b[(e + (k + 2u) * p.b_rs) >> 2u], b[(e + (k + 3u) * p.b_rs) >> 2u]);
  }
  // B^T in place: one vec4 along k per column.
  let last = p.N - 1u;
  let e = bbase + k * p.b_rs;
  return transpose(mat4x4<f32>(b[(e + min(c, last) * p.b_cs) >> 2u], b[(e + min(c + 1u, last) * p.b_cs) >> 2u],
                               b[(e + min(c + 2u, last) * p.b_cs) >> 2u], b[(e + min(c + 3u, last) * p.b_cs) >> 2u]));
}

// Scalar edge path, same blocks: every element bounds-checked, out-of-range elements 0.
fn a_block_scalar(abase: u32, r: u32, k: u32) -> mat4x4<f32> {
  var m = mat4x4<f32>();
  for (var i = 0u; i < 4u; i++) {
    if (r + i >= p.M) { break; }
    for (var j = 0u; j < 4u; j++) {
      if (k + j < p.K) { m[i][j] = a_at(abase + (r + i) * p.a_rs + (k + j) * p.a_cs); }
    }
  }
  return m;
}

fn b_block_scalar(bbase: u32, c: u32, k: u32) -> mat4x4<f32> {
  var m = mat4x4<f32>();
  for (var j = 0u; j < 4u; j++) {
    if (k + j >= p.K) { break; }
    for (var n = 0u; n < 4u; n++) {
      if (c + n < p.N) { m[j][n] = b_at(bbase + (k + j) * p.b_rs + (c + n) * p.b_cs); }
    }
  }
  return m;
}

// One row of the register tile: out[r, c..c+7], vec4 or per-component stores.
fn store_row(base: u32, r: u32, c: u32, v0: vec4<f32>, v1: vec4<f32>) {
  if (r >= p.M) { return; }
  let e = base + r * p.N + c;
  if ((p.flags & F_OUT_VEC) != 0u) {
    // N % 4 == 0: a vec4 starting at column c < N lies wholly inside the row.
    if (c < p.N) { out[e >> 2u] = v0; }
    if (c + 4u < p.N) { out[(e + 4u) >> 2u] = v1; }
  } else {
    for (var j = 0u; j < 4u; j++) {
      if (c + j < p.N) { out[(e + j) >> 2u][(e + j) & 3u] = v0[j]; }
      if (c + 4u + j < p.N) { out[(e + 4u + j) >> 2u][(e + 4u + j) & 3u] = v1[j]; }
    }
  }
}

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let r = gid.y * TM;
  let c = gid.x * TN;
  let batch = gid.z;
  let abase = batch * p.a_bs;
  let bbase = batch * p.b_bs;
  // acc_i_h: out[r + i, c + 4h .. +3].
  var acc00 = vec4<f32>(0.0); var acc01 = vec4<f32>(0.0);
  var acc10 = vec4<f32>(0.0); var acc11 = vec4<f32>(0.0);
  var acc20 = vec4<f32>(0.0); var acc21 = vec4<f32>(0.0);
  var acc30 = vec4<f32>(0.0); var acc31 = vec4<f32>(0.0);
  let vec_a = (p.flags & F_A_VEC) != 0u;
  let vec_b = (p.flags & F_B_VEC) != 0u;
  let k_full = p.K & ~3u; // k steps wholly inside K
  var k = 0u;
  // The common layout (neither operand transposed, both on the vec path: K % 4 == 0 and N % 4 == 0) gets its own
  // loop with the row and column offsets hoisted and no layout branches; every other layout takes the loop below.
  if ((p.flags & (F_A_T | F_B_T | F_A_VEC | F_B_VEC)) == (F_A_VEC | F_B_VEC)) {
    let last = p.M - 1u;
    let ea0 = abase + min(r, last) * p.a_rs;
    let ea1 = abase + min(r + 1u, last) * p.a_rs;
    let ea2 = abase + min(r + 2u, last) * p.a_rs;
    let ea3 = abase + min(r + 3u, last) * p.a_rs;
    let eb0 = bbase + min(c, p.N - 4u);
    let eb1 = bbase + min(c + 4u, p.N - 4u);
    let brs = p.b_rs;
    for (; k < k_full; k += 4u) {
      let a0 = a[(ea0 + k) >> 2u]; let a1 = a[(ea1 + k) >> 2u];
      let a2 = a[(ea2 + k) >> 2u]; let a3 = a[(ea3 + k) >> 2u];
      let kb = k * brs;
      let b0 = mat4x4<f32>(b[(eb0 + kb) >> 2u], b[(eb0 + kb + brs) >> 2u],
                           b[(eb0 + kb + 2u * brs) >> 2u], b[(eb0 + kb + 3u * brs) >> 2u]);
      let b1 = mat4x4<f32>(b[(eb1 + kb) >> 2u], b[(eb1 + kb + brs) >> 2u],
                           b[(eb1 + kb + 2u * brs) >> 2u], b[(eb1 + kb + 3u * brs) >> 2u]);
      acc00 += b0 * a0; acc01 += b1 * a0;
      acc10 += b0 * a1; acc11 += b1 * a1;
      acc20 += b0 * a2; acc21 += b1 * a2;
      acc30 += b0 * a3; acc31 += b1 * a3;
    }
  }
  for (; k < p.K; k += 4u) {
    let full = k < k_full;
    var av: mat4x4<f32>;
    var b0: mat4x4<f32>;
    var b1: mat4x4<f32>;
    if (vec_a && full) { av = a_block_vec(abase, r, k); } else { av = a_block_scalar(abase, r, k); }
    if (vec_b && full) {
      b0 = b_block_vec(bbase, c, k);
      b1 = b_block_vec(bbase, c + 4u, k);
    } else {
      b0 = b_block_scalar(bbase, c, k);
      b1 = b_block_scalar(bbase, c + 4u, k);
    }
    acc00 += b0 * av[0]; acc01 += b1 * av[0];
    acc10 += b0 * av[1]; acc11 += b1 * av[1];
    acc20 += b0 * av[2]; acc21 += b1 * av[2];
    acc30 += b0 * av[3]; acc31 += b1 * av[3];
  }
  let base = batch * p.M * p.N;
  store_row(base, r, c, acc00, acc01);
  store_row(base, r + 1u, c, acc10, acc11);
  store_row(base, r + 2u, c, acc20, acc21);
  store_row(base, r + 3u, c, acc30, acc31);
}
