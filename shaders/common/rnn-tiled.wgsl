// The small tiled GEMM at the heart of the 'tiled' recurrent kernels (shaders/rnn/tiled-*.wgsl): for this
// workgroup's tile of batch rows and column quads, acc[b] = sum_k src(row b, k) * w_t[w_base + k * C4 + c] (vec4).
// Work split: 64 invocations = WQ column quads x (64 / WQ) batch groups of BN rows; invocation (quad c, group gb)
// keeps BN vec4 accumulators (4 columns x BN rows) in registers and reuses each weight vec4 BN times. The operand
// rows are staged KC values of k at a time in workgroup memory (each read once from global memory, coalesced along
// k) and broadcast to the WQ invocations of a group; weight reads are vec4 and coalesced (neighbouring invocations
// read neighbouring quads of one packed row). The stage holds exactly rows x KC values, KC chosen by the host per
// tile shape (backends/webgpu/rnn-tiled.ts `tileShape`: at most 256 values, 1 KiB). Why not one fixed 2048-value
// array: WGSL zero-initialises workgroup memory at the start of every workgroup, and SwiftShader emits that as one
// unrolled store per value, so 2048 floats cost ~1.2 s of pipeline compile and ~0.13 ms per workgroup per dispatch
// there (measured: 8.6 ms vs 0.13 ms per 64-workgroup dispatch of an otherwise empty kernel).
// Contract: the including kernel declares `fn tile_weight(i: u32) -> vec4<f32>` (quad i of its packed weights:
// float32 vec4s, or unpacked halves) and `fn stage_src(r: u32, k: u32) -> f32` (operand value of workgroup row r,
// 0 outside), and calls tiled_product from uniform control flow (it holds barriers).
override BN: u32 = 4u;  // batch rows per invocation (1..4)
override WQ: u32 = 64u; // column quads per workgroup (a power of two, 4..64)
override KC: u32 = 32u; // k values staged per round (a power of two, 1..32)
const TILE_WG: u32 = 64u;
override STAGE_LEN: u32 = (TILE_WG / WQ) * BN * KC; // [rows, KC]
var<workgroup> stage: array<f32, STAGE_LEN>;

fn tile_rows() -> u32 { return (TILE_WG / WQ) * BN; }

fn tiled_product(lid: u32, K: u32, C4: u32, c: u32, w_base: u32) -> array<vec4<f32>, 4> {
  let rows = tile_rows();
  let gb = lid / WQ;
  var acc: array<vec4<f32>, 4>;
  for (var k0 = 0u; k0 < K; k0 += KC) {
    workgroupBarrier(); // the previous round's operand is consumed
    for (var i = lid; i < rows * KC; i += TILE_WG) {
      let k = k0 + i % KC;
      var v = 0.0;
      if (k < K) { v = stage_src(i / KC, k); }
      stage[i] = v;
    }
    workgroupBarrier();
    if (c < C4) {
      let kn = min(KC, K - k0);
      var wi = w_base + k0 * C4 + c;
      for (var kk = 0u; kk < kn; kk++) {
        let w = tile_weight(wi);
        wi += C4;
        for (var b = 0u; b < BN; b++) { acc[b] += w * stage[(gb * BN + b) * KC + kk]; }
      }
    }
  }
  return acc;
}
