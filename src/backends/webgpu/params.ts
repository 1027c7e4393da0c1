// Packs a kernel's uniform block. WGSL param structs in shaders/ use u32/i32/f32 scalars and
// array<vec4<u32>, N> for shapes and strides; arrays start on a 16-byte boundary, as WGSL's layout
// rules require, so `vec4s` pads before writing.
export class Params {
  private words: number[] = [];
  private view = new DataView(new ArrayBuffer(4));

  u32(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`kernel parameter ${v} does not fit in u32`);
    this.words.push(v >>> 0);
    return this;
  }
  i32(v: number): this {
    this.words.push(v >>> 0);
    return this;
  }
  f32(v: number): this {
    this.view.setFloat32(0, v, true);
    this.words.push(this.view.getUint32(0, true));
    return this;
  }
  /** Pads to a 16-byte boundary, then writes `values` as `count` vec4<u32> (zero-filled). */
  vec4s(values: readonly number[], count: number): this {
    if (values.length > count * 4) throw new Error(`kernel parameter array of ${values.length} exceeds ${count * 4} (tensor rank too high)`);
    while (this.words.length % 4) this.words.push(0);
    for (let i = 0; i < count * 4; i++) this.u32(values[i] ?? 0);
    return this;
  }
  build(): Uint32Array {
    while (this.words.length % 4) this.words.push(0);
    return Uint32Array.from(this.words);
  }
}
