/**
 * CPU reference of float16 weight storage (streaming inference's weightDtype 'float16', kernels/stream.ts): float32
 * values rounded to IEEE binary16, two halves per 32-bit word (element 2i in the low 16 bits, as WGSL's
 * pack2x16float/unpack2x16float order them). The rounding is written out on the bits so that the GPU kernel
 * (shaders/elementwise/pack-f16.wgsl, the same steps in u32 arithmetic) gives the same bits:
 *   - round to nearest, ties to even (as PyTorch's .half());
 *   - |x| >= 65520 becomes +-Inf (as .half()); NaN stays NaN (0x7e00 with the sign);
 *   - |x| < 2^-14 (the binary16 subnormal range) becomes +-0: flushed, because GPUs may flush f16 subnormals when
 *     unpacking, and a flushed weight is below 6.1e-5 anyway.
 * Twins: shaders/elementwise/pack-f16.wgsl, backends/webgpu/stream.ts, ops/stream.ts.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The binary16 bits (0 .. 0xffff) of a float32 value, by the rules above. */
export function float32ToHalfBits(x: number): number {
  f32[0] = x;
  const u = u32[0];
  const sign = (u >>> 16) & 0x8000;
  const exp = (u >>> 23) & 0xff;
  const mant = u & 0x7fffff;
  if (exp === 0xff) return sign | (mant !== 0 ? 0x7e00 : 0x7c00); // NaN, +-Inf
  const e = exp - 127 + 15; // the binary16 biased exponent
  if (e <= 0) return sign; // below 2^-14: flushed to +-0
  if (e >= 31) return sign | 0x7c00; // past 65504 even before rounding
  let half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff; // the 13 bits dropped
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half += 1; // a carry may bump the exponent, to Inf at most
  return sign | half;
}

/** The float32 value of binary16 bits (exact: every half is a float32), subnormals included. */
export function halfBitsToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0x1f) return m !== 0 ? NaN : sign * Infinity;
  if (e === 0) return sign * m * 2 ** -24; // subnormal
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

/** Packs src (float32) into dst (int32 words): word i holds halves of src[2i] (low) and src[2i+1] (high), 0 past n. */
export function packFloat16(src: ArrayLike<number>, dst: Int32Array): void {
  for (let i = 0; i < dst.length; i++) {
    const lo = 2 * i < src.length ? float32ToHalfBits(src[2 * i]) : 0;
    const hi = 2 * i + 1 < src.length ? float32ToHalfBits(src[2 * i + 1]) : 0;
    dst[i] = lo | (hi << 16);
  }
}

/** Element k of packed halves, as float32. */
export const unpackHalf = (words: ArrayLike<number>, k: number): number => halfBitsToFloat32((words[k >> 1] >>> ((k & 1) * 16)) & 0xffff);
