// Unary elementwise kernel: out[i] = f(x[i]); f chosen by the OP override constant so each op gets
// its own specialised pipeline with the switch folded away. One invocation per element.
// Twins: backends/cpu/elementwise.ts (unaryFn), src/ops/elementwise.ts. Op codes: webgpu/elementwise.ts.
#include "common/numerics.wgsl"
#include "common/index.wgsl"

override OP: u32;
override WG: u32 = 256;

struct Params { n: u32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

const INV_SQRT2: f32 = 0.7071067811865476;
const INV_SQRT_2PI: f32 = 0.3989422804014327;

fn apply(v: f32) -> f32 {
  switch OP {
    case 0u: { return -v; }
    case 1u: { return exp(v); }
    case 2u: { return log(v); }
    case 3u: { return sqrt(v); }
    case 4u: { return abs(v); }
    case 5u: { return stable_tanh(v); }
    case 6u: { return sigmoid(v); }
    case 7u: { return max(v, 0.0); }
    case 8u: { return 0.5 * v * (1.0 + erf_approx(v * INV_SQRT2)); }
    case 9u: { return sign(v); }
    case 10u: { return select(0.0, 1.0, v > 0.0); }
    case 11u: { return 0.5 * (1.0 + erf_approx(v * INV_SQRT2)) + v * exp(-0.5 * v * v) * INV_SQRT_2PI; }
    case 12u: { return v * v; }
    case 13u: { return 1.0 / v; }
    default: { return v; }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flat_index(gid, nwg, WG);
  if (i >= p.n) { return; }
  out[i] = apply(x[i]);
}
