// Float16 weight storage (streaming's packed weights, the 'tiled' forward's W_hh^T; ops weightDtype 'float16'):
// quad i of a flattened array of vec4 quads stored as binary16 halves, two quads per vec4<u32> (quad i in words
// 2i, 2i+1; element 2m in the low half of word m: the order of pack-f16.wgsl), widened to f32. v = words[i >> 1].
fn half_quad(v: vec4<u32>, i: u32) -> vec4<f32> {
  let pair = select(v.xy, v.zw, (i & 1u) == 1u);
  return vec4<f32>(unpack2x16float(pair.x), unpack2x16float(pair.y));
}
