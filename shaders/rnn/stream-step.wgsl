// Streaming inference: ONE timestep of ONE recurrent layer in ONE dispatch: the input projection x W_ih^T + b_ih,
// the recurrent product h W_hh^T + b_hh, the gate maths (LSTM i,f,g,o with optional projection; GRU r,z,n in
// PyTorch's reset-after form with its two biases; RNN tanh|relu) and the state update, into NEW state buffers
// (h_out/c_out are never the h/c read here, so no read/write hazard across workgroups and no ping-pong).
// Twins: backends/cpu/stream.ts (reference), backends/webgpu/stream.ts (glue), ops/stream.ts (packing, checks).
//
// Work split. The layer is a small GEMV per batch row n fused with the gate maths: z = [x_n ; h_n] (length
// K = I + R) times the packed weights w [K, C4] of vec4 (kernels/stream.ts: LSTM/GRU: the gates of unit q in one
// vec4; RNN: units 4q..4q+3). `step`: workgroup (bx, by) owns columns bx*64 .. bx*64+63 of rows by*ROWS ..
// by*ROWS+ROWS-1; invocation q accumulates its column over k for those rows, so at every k the 64 invocations
// read 64 consecutive vec4s of w (coalesced, 1 KiB per k) and each weight read serves ROWS rows (a small GEMM,
// not N GEMVs); z of the rows is staged through workgroup memory 256 values at a time, TILE = 256 / ROWS values
// of k per row (every invocation reads the same z_sh[t]: a broadcast). `step_proj` (LSTM with projSize P): the
// projection h' = W_hr m needs the whole m = o * tanh(c') of a row, so ONE workgroup per row loops over all column
// blocks, keeps m in workgroup memory (H <= 2048), then computes the P outputs from W_hr^T [H, P] (neighbouring
// invocations, neighbouring p).
// Input and recurrent parts are accumulated apart (ax, ah) because the GRU scales only the recurrent part by r.
// F16 = 1 (opt-in float16 weights): w holds the same layout as binary16 halves, two per word, so column i of the
// flattened [K, C4] is half of one vec4<u32> (the same 16 bytes serve invocations 2m and 2m+1: still coalesced,
// half the bytes); unpack2x16float widens them and the arithmetic stays f32 (no shader-f16 needed).
#include "common/numerics.wgsl"
#include "common/f16.wgsl"
#include "common/stream-step.wgsl"

override ROWS: u32 = 1u; // batch rows per workgroup in `step` (1, 2 or 4); 1 in `step_proj`

const WG: u32 = 64u;
// Workgroup memory is sized to what the pipeline uses: WGSL zero-fills it at the start of every workgroup, and on a
// software adapter (SwiftShader) that costs about 60 ns per float per workgroup, and compile time (see
// common/rnn-tiled.wgsl). z_sh is 256 floats whatever ROWS (a shallower k tile for more rows).
override TILE: u32 = 256u / ROWS; // k values staged per round (a multiple of WG)
override M_LEN: u32 = 2048u; // step_proj: m_sh length, a power of two >= H (<= STREAM_MAX_H_PROJ in kernels/stream.ts)
var<workgroup> z_sh: array<f32, ROWS * TILE>; // [ROWS, TILE]: z of the workgroup's rows, one tile of k at a time
var<workgroup> m_sh: array<f32, M_LEN>; // step_proj only: o * tanh(c') of the row

// Input and recurrent parts of one column for rows n0 .. n0+3 (only the first ROWS are computed). Named
// accumulators, not an array indexed by the row: with ROWS a pipeline constant the unused ones fold away and the
// rest stay in registers (a local array indexed by a loop variable may be kept in memory instead).
struct Acc { ax0: vec4<f32>, ax1: vec4<f32>, ax2: vec4<f32>, ax3: vec4<f32>, ah0: vec4<f32>, ah1: vec4<f32>, ah2: vec4<f32>, ah3: vec4<f32> }

// Column q of rows n0 .. n0+ROWS-1: each weight vec4 is read once and serves every row. Every invocation of the
// workgroup must call it (barriers); an invocation past the last column reads a clamped column and its result is
// dropped by the caller, as are rows past N (staged as zeros).
fn matvec(n0: u32, q: u32, lid: u32) -> Acc {
  var acc: Acc; // zero-initialised
  let qq = min(q, p.C4 - 1u);
  for (var k0 = 0u; k0 < p.K; k0 += TILE) {
    for (var r = 0u; r < ROWS; r++) {
      let n = n0 + r;
      for (var e = 0u; e < TILE / WG; e++) {
        let k = k0 + e * WG + lid; // consecutive invocations load consecutive z
        var v = 0.0;
        if (k < p.K && n < p.N) { v = z_at(n, k); }
        z_sh[r * TILE + e * WG + lid] = v;
      }
    }
    workgroupBarrier();
    let len = min(TILE, p.K - k0);
    let nx = select(0u, min(len, p.I - k0), p.I > k0); // how many of this tile are x entries
    var row = k0 * p.C4 + qq;
    for (var t = 0u; t < nx; t++) {
      let wv = weight(row);
      acc.ax0 += wv * z_sh[t];
      if (ROWS > 1u) { acc.ax1 += wv * z_sh[TILE + t]; }
      if (ROWS > 2u) { acc.ax2 += wv * z_sh[2u * TILE + t]; acc.ax3 += wv * z_sh[3u * TILE + t]; }
      row += p.C4;
    }
    for (var t = nx; t < len; t++) {
      let wv = weight(row);
      acc.ah0 += wv * z_sh[t];
      if (ROWS > 1u) { acc.ah1 += wv * z_sh[TILE + t]; }
      if (ROWS > 2u) { acc.ah2 += wv * z_sh[2u * TILE + t]; acc.ah3 += wv * z_sh[3u * TILE + t]; }
      row += p.C4;
    }
    workgroupBarrier(); // z_sh is refilled next tile
  }
  return acc;
}

@compute @workgroup_size(64)
fn step(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let n0 = wid.y * ROWS;
  let q = wid.x * WG + lid;
  let acc = matvec(n0, q, lid);
  if (q >= p.C4) { return; }
  if (n0 < p.N) { finish(n0, q, acc.ax0, acc.ah0); }
  if (ROWS > 1u && n0 + 1u < p.N) { finish(n0 + 1u, q, acc.ax1, acc.ah1); }
  if (ROWS > 2u && n0 + 2u < p.N) { finish(n0 + 2u, q, acc.ax2, acc.ah2); }
  if (ROWS > 2u && n0 + 3u < p.N) { finish(n0 + 3u, q, acc.ax3, acc.ah3); }
}

@compute @workgroup_size(64)
fn step_proj(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let n = wid.y;
  let H = p.H;
  for (var q0 = 0u; q0 < p.C4; q0 += WG) {
    let q = q0 + lid;
    let acc = matvec(n, q, lid); // ROWS = 1 for this entry point (set by the glue)
    if (q < p.C4) {
      let u = lstm_unit(acc.ax0 + b[q] + acc.ah0 + b[p.C4 + q], c[n * H + q]);
      c_out[n * H + q] = u.x;
      m_sh[q] = u.y;
    }
  }
  workgroupBarrier();
  // h' = W_hr m: output p reads column p of W_hr^T, so neighbouring invocations read neighbouring floats.
  for (var pp = lid; pp < p.P; pp += WG) {
    var s = 0.0;
    for (var j = 0u; j < H; j++) { s += m_sh[j] * w_hr(j * p.P + pp); }
    h_out[n * p.P + pp] = s;
  }
}
