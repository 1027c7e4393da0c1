// float32 -> binary16, two halves per 32-bit word (element 2i in the low 16 bits, the order of WGSL's
// unpack2x16float): the packing of streaming inference's float16 weights (kernels/stream.ts). Invocation i writes
// word i. The rounding is done on the bits, not by pack2x16float, whose rounding direction WGSL leaves to the
// implementation: round to nearest, ties to even; |x| >= 65520 -> +-Inf; NaN -> 0x7e00; |x| < 2^-14 -> +-0
// (flushed: GPUs may flush f16 subnormals when unpacking). Twin: backends/cpu/f16.ts (same steps, same bits).
#include "common/index.wgsl"

override WG: u32 = 256;

struct Params { n: u32, words: u32 }
@group(0) @binding(0) var<storage, read> src: array<u32>;         // [n] float32 bits
@group(0) @binding(1) var<storage, read_write> dst: array<u32>;   // [words]
@group(0) @binding(2) var<uniform> p: Params;

fn half_bits(u: u32) -> u32 {
  let sign = (u >> 16u) & 0x8000u;
  let exp = (u >> 23u) & 0xffu;
  let mant = u & 0x7fffffu;
  if (exp == 0xffu) { return sign | select(0x7c00u, 0x7e00u, mant != 0u); } // NaN, +-Inf
  if (exp <= 112u) { return sign; }              // biased binary16 exponent exp - 112 <= 0: flushed to +-0
  if (exp >= 143u) { return sign | 0x7c00u; }    // exponent >= 31: past 65504
  var half = ((exp - 112u) << 10u) | (mant >> 13u);
  let rest = mant & 0x1fffu;                     // the 13 bits dropped
  if (rest > 0x1000u || (rest == 0x1000u && (half & 1u) == 1u)) { half += 1u; } // a carry may reach Inf, no further
  return sign | half;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.words) { return; }
  var lo = 0u;
  var hi = 0u;
  if (2u * i < p.n) { lo = half_bits(src[2u * i]); }
  if (2u * i + 1u < p.n) { hi = half_bits(src[2u * i + 1u]); }
  dst[i] = lo | (hi << 16u);
}
