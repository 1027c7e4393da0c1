// Index helpers shared by kernels: flat invocation index over a 2-D grid of workgroups (grids
// wider than 65535 groups spill into y), and reads of vec4-packed shape/stride arrays.
fn flat_index(gid: vec3<u32>, nwg: vec3<u32>, wg_size: u32) -> u32 {
  return gid.x + gid.y * nwg.x * wg_size;
}

fn at8(v: array<vec4<u32>, 2>, i: u32) -> u32 {
  var a = v; // a function-local copy may be indexed at runtime
  return a[i / 4u][i % 4u];
}

// Offset of the element at row-major position `flat` of `shape`, read through `strides`.
fn strided_offset(flat: u32, rank: u32, shape: array<vec4<u32>, 2>, strides: array<vec4<u32>, 2>, base: u32) -> u32 {
  var rem = flat;
  var off = base;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let n = at8(shape, u32(d));
    off += (rem % n) * at8(strides, u32(d));
    rem /= n;
  }
  return off;
}
