// Reduction over the middle axis of x viewed as [outer, axis, inner]: one workgroup per output
// element; its WG invocations stride over the axis, then a tree reduction in workgroup memory
// combines their partials (no atomics, so sums are deterministic). OP: 0 sum, 1 max, 2 min.
// Twin: backends/cpu/reduce.ts.
override OP: u32;
override WG: u32 = 256;

struct Params { outer: u32, axis: u32, inner: u32, groups_x: u32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;

var<workgroup> partial: array<f32, WG>;

fn identity() -> f32 {
  switch OP {
    case 1u: { return -3.4028234e38; }
    case 2u: { return 3.4028234e38; }
    default: { return 0.0; }
  }
}

fn combine(a: f32, b: f32) -> f32 {
  switch OP {
    // NaN propagates through max/min, as in the reference.
    case 1u: { if (a != a || b != b) { return a + b; } return max(a, b); }
    case 2u: { if (a != a || b != b) { return a + b; } return min(a, b); }
    default: { return a + b; }
  }
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let o = wid.x + wid.y * p.groups_x; // output element: (outer index, inner index)
  let valid = o < p.outer * p.inner;
  let a = o / max(p.inner, 1u);
  let c = o % max(p.inner, 1u);
  var acc = identity();
  if (valid) {
    for (var k = lid; k < p.axis; k += WG) {
      acc = combine(acc, x[(a * p.axis + k) * p.inner + c]);
    }
  }
  partial[lid] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { partial[lid] = combine(partial[lid], partial[lid + s]); }
    workgroupBarrier();
  }
  if (valid && lid == 0u) { out[o] = partial[0]; }
}
