// Top-k of x [n] (flattened) in ONE workgroup: k rounds, each a strided scan plus a workgroup tree-argmax over
// the elements that rank after the previous round's pick, so nothing chosen needs to be remembered but that pick.
// Order: value descending, ties to the lower index; NaN ranks below every number; -0 equals +0. The total order
// is the pair (key(v) descending, index ascending), key an order-preserving u32 map of the float.
// Twin: backends/cpu/topk.ts.
override WG: u32 = 256;

struct Params { n: u32, k: u32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> values: array<f32>;
@group(0) @binding(2) var<storage, read_write> indices: array<i32>;
@group(0) @binding(3) var<uniform> p: Params;

var<workgroup> keys: array<u32, WG>;
var<workgroup> idxs: array<u32, WG>;

const NONE: u32 = 0xffffffffu;

// Order-preserving map f32 -> u32: NaN -> 0 (below -inf's key), -0 and +0 -> the same key. Tested on the bits:
// compilers may fold `v != v` to false.
fn key_of(v: f32) -> u32 {
  let b = bitcast<u32>(v);
  let mag = b & 0x7fffffffu;
  if (mag > 0x7f800000u) { return 0u; }
  if (mag == 0u) { return 0x80000000u; }
  if ((b & 0x80000000u) != 0u) { return ~b; }
  return b | 0x80000000u;
}

// (ka, ia) ranks before (kb, ib); index NONE ranks last.
fn before(ka: u32, ia: u32, kb: u32, ib: u32) -> bool {
  if (ib == NONE) { return ia != NONE; }
  if (ia == NONE) { return false; }
  if (ka != kb) { return ka > kb; }
  return ia < ib;
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32) {
  var pk = 0u;
  var pi = NONE; // the previous pick; NONE: nothing picked yet
  for (var r = 0u; r < p.k; r++) {
    var bk = 0u;
    var bi = NONE;
    for (var i = lid; i < p.n; i += WG) {
      let kv = key_of(x[i]);
      if (pi != NONE && !before(pk, pi, kv, i)) { continue; }
      if (before(kv, i, bk, bi)) { bk = kv; bi = i; }
    }
    keys[lid] = bk;
    idxs[lid] = bi;
    workgroupBarrier();
    for (var s = WG / 2u; s > 0u; s >>= 1u) {
      if (lid < s && before(keys[lid + s], idxs[lid + s], keys[lid], idxs[lid])) {
        keys[lid] = keys[lid + s];
        idxs[lid] = idxs[lid + s];
      }
      workgroupBarrier();
    }
    pk = keys[0];
    pi = idxs[0];
    if (lid == 0u) {
      values[r] = x[pi];
      indices[r] = i32(pi);
    }
    workgroupBarrier(); // everyone has read the pick before the next round overwrites keys/idxs
  }
}
